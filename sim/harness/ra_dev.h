/* SPDX-License-Identifier: MIT */
/*
 * ra_dev - one interface to the device whichever engine implements it: the RTL under a
 * simulator (cycle accurate) or the C model (functional, estimated cycles).
 */
#ifndef RA_DEV_H
#define RA_DEV_H

#include <stdint.h>

#include "axi_mem.h"
#include "ra_mem.h"
#include "ra_pins.h"

struct ra_dev {
	const char *engine;	/* "rtl" or "model" */
	struct ra_mem *mem;
	uint32_t (*rd)(struct ra_dev *d, uint32_t off);
	void (*wr)(struct ra_dev *d, uint32_t off, uint32_t val);
	/* Let the device work until it has no command left (or stopped on a ring fault).
	 * Returns 0, or -1 if max_cycles passed first (RTL only). */
	int (*run)(struct ra_dev *d, uint64_t max_cycles);
	/* Cycles simulated so far (the model's estimate for the model). */
	uint64_t (*cycles)(struct ra_dev *d);
	void (*destroy)(struct ra_dev *d);
	void *priv;
};

/* A device's functions (the members of struct ra_dev of those names). */
struct ra_dev_ops {
	uint32_t (*rd)(struct ra_dev *d, uint32_t off);
	void (*wr)(struct ra_dev *d, uint32_t off, uint32_t val);
	int (*run)(struct ra_dev *d, uint64_t max_cycles);
	uint64_t (*cycles)(struct ra_dev *d);
	void (*destroy)(struct ra_dev *d);
};

/* Fill @d: @engine's name, its memory, functions and private state. Returns @d. */
struct ra_dev *ra_dev_init(struct ra_dev *d, const char *engine, struct ra_mem *mem,
			   const struct ra_dev_ops *ops, void *priv);

/* C model with @walk_cache entries, a @data_bytes port and @latency for its cycle estimate. */
struct ra_dev *ra_dev_model(struct ra_mem *mem, unsigned data_bytes, unsigned walk_cache,
			    unsigned rd_inflight, unsigned latency);
/* The same with CAP.ENGINES = @engines (bit opcode-1 per engine; 0: all five). */
struct ra_dev *ra_dev_model_cfg(struct ra_mem *mem, unsigned data_bytes, unsigned walk_cache,
				unsigned rd_inflight, unsigned latency, unsigned engines);
/* Memory timing for @variant's bus width: @latency cycles for reads and write responses,
 * one beat per cycle, 64 reads accepted. */
struct axi_mem_cfg ra_bus_cfg(const char *variant, unsigned latency);
/* RTL (Verilator, sim/verilator/ra_dev_vl.c; link ra_cosim) in build @variant, memory timing @bus, waves to @fst (NULL: none). */
struct ra_dev *ra_dev_rtl(struct ra_mem *mem, const char *variant, const struct axi_mem_cfg *bus,
			  const char *fst);
/* RTL under any simulator binding (takes ownership of @sim, destroyed on failure too). */
struct ra_dev *ra_dev_rtl_sim(struct ra_mem *mem, const struct ra_sim_ops *ops, void *sim,
			      const struct axi_mem_cfg *bus);
/* The RTL device's bus model and cycle driver (NULL for the model). */
struct axi_mem *ra_dev_bus(struct ra_dev *d);

uint64_t ra_dev_counter(struct ra_dev *d, unsigned idx);
/* A C model configured like @d (same CAP: data width, walk cache, reads in flight, engines). */
struct ra_dev *ra_dev_model_like(struct ra_dev *d, struct ra_mem *mem, unsigned latency);

#endif
