/* SPDX-License-Identifier: MIT */
/*
 * ra_rtl - drive ra_top through a simulator binding (Verilator or Icarus/VPI): reset, one
 * clock cycle at a time, CSR accesses through an AXI4-Lite bus functional model, and the AXI4
 * memory model on the master port.
 */
#ifndef RA_RTL_H
#define RA_RTL_H

#include <stdint.h>

#include "axi_mem.h"
#include "ra_pins.h"

struct ra_rtl {
	struct ra_pins pins;
	const struct ra_sim_ops *ops;
	void *sim;
	struct axi_mem *bus;
	uint64_t cycle;
	uint64_t csr_timeouts;
};

struct ra_rtl *ra_rtl_create(const struct ra_sim_ops *ops, void *sim, struct axi_mem *bus);
void ra_rtl_destroy(struct ra_rtl *r);
void ra_rtl_step(struct ra_rtl *r);
void ra_rtl_reset(struct ra_rtl *r, unsigned cycles);
uint32_t ra_rtl_read32(struct ra_rtl *r, uint32_t off);
void ra_rtl_write32(struct ra_rtl *r, uint32_t off, uint32_t val);

/*
 * Verilator binding (sim/verilator/ra_vl.cpp). @variant names a parameter set: "w64" (64-bit
 * bus, 16 reads in flight, 16-entry walk cache), "w128" (128-bit bus), "nowc" (w64 without walk
 * cache); @fst NULL or an FST wave file. NULL for an unknown variant.
 */
void *ra_vl_create(const char *variant, const char *fst);
extern const char *const ra_vl_variants[];
extern const struct ra_sim_ops ra_vl_ops;

#endif
