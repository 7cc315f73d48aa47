/* SPDX-License-Identifier: MIT */
/*
 * axi_mem - AXI4 slave memory model (with AXI5 AtomicStore-CLR and AtomicLoad-CLR) on struct
 * ra_pins.
 *
 * Timing: a read burst's first beat is ready rd_latency cycles after its AR handshake, then one
 * beat every beat_cycles cycles (the bandwidth limit); write responses come wr_latency cycles
 * after the last W beat. Responses return in acceptance order. Every access is checked against
 * the memory regions (ra_mem) and the AXI rules this device relies on; violations are counted.
 */
#ifndef AXI_MEM_H
#define AXI_MEM_H

#include <stdbool.h>
#include <stdint.h>

#include "ra_mem.h"
#include "ra_pins.h"

struct axi_mem_cfg {
	unsigned data_bytes;	/* 8 or 16 */
	unsigned rd_latency;	/* cycles from AR to the first R beat (>= 1) */
	unsigned wr_latency;	/* cycles from the last W beat to B (>= 1) */
	unsigned beat_cycles;	/* cycles per R beat (>= 1): 1 = full bandwidth */
	unsigned max_reads;	/* read bursts accepted and not yet returned */
	bool atomic_split;	/* fault injection: do the atomic as a read now and a write at
				 * B time, which loses concurrent updates (negative control) */
	unsigned stall_pct;	/* random stalls: each cycle ARREADY, AWREADY, WREADY are low,
				 * and a pending R beat or B is held back (not yet valid), with
				 * this probability in percent; 0: none. Timing only. */
	uint64_t stall_seed;	/* seed of the stall generator */
};

enum axi_access { AXI_READ, AXI_WRITE, AXI_ATOMIC };

struct axi_mem_stats {
	uint64_t rd_bursts, rd_beats, wr_bursts, wr_beats, atomics;
	uint64_t protocol_errors;
	/* error responses given (poisoned lines, see ra_mem_poison(), or no memory) */
	uint64_t rd_err_beats, wr_errs, at_errs;
	uint64_t stalls;	/* cycles a ready or valid was held low by stall_pct */
};

struct axi_mem;

struct axi_mem *axi_mem_create(const struct axi_mem_cfg *cfg, struct ra_mem *mem);
void axi_mem_destroy(struct axi_mem *a);
/** axi_mem_drive() - set the slave-driven inputs of @p for this cycle. */
void axi_mem_drive(struct axi_mem *a, struct ra_pins *p);
/** axi_mem_sample() - take this cycle's handshakes from @p and advance one cycle. */
void axi_mem_sample(struct axi_mem *a, const struct ra_pins *p);
const struct axi_mem_stats *axi_mem_stats(const struct axi_mem *a);
bool axi_mem_idle(const struct axi_mem *a);
void axi_mem_reset(struct axi_mem *a);

/* Called for every accepted AR (addr, bytes) and completed write or atomic. */
void axi_mem_set_access_hook(struct axi_mem *a,
			     void (*fn)(void *ctx, enum axi_access k, uint64_t addr, unsigned bytes),
			     void *ctx);
/* Called once per cycle before the slave drives the bus: a stand-in for a CPU. */
void axi_mem_set_cycle_hook(struct axi_mem *a, void (*fn)(void *ctx, uint64_t cycle), void *ctx);

#endif
