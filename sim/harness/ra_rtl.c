// SPDX-License-Identifier: MIT
/* Cycle stepping and the AXI4-Lite master bus functional model; see ra_rtl.h. */
#include "ra_rtl.h"

#include "axil_master.h"

#include <stdio.h>
#include <stdlib.h>

#define CSR_TIMEOUT 1000	/* cycles a CSR access may take before it is abandoned */

struct ra_rtl *ra_rtl_create(const struct ra_sim_ops *ops, void *sim, struct axi_mem *bus)
{
	struct ra_rtl *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->ops = ops;
	r->sim = sim;
	r->bus = bus;
	r->pins.rst_n = true;
	return r;
}

void ra_rtl_destroy(struct ra_rtl *r)
{
	if (!r)
		return;
	r->ops->destroy(r->sim);
	free(r);
}

void ra_rtl_step(struct ra_rtl *r)
{
	axi_mem_drive(r->bus, &r->pins);
	r->ops->cycle(r->sim, &r->pins);
	axi_mem_sample(r->bus, &r->pins);
	r->cycle++;
}

void ra_rtl_reset(struct ra_rtl *r, unsigned cycles)
{
	r->pins.rst_n = false;
	for (unsigned i = 0; i < cycles; i++)
		ra_rtl_step(r);
	r->pins.rst_n = true;
	axi_mem_reset(r->bus);
	ra_rtl_step(r);
}

static void csr_fail(struct ra_rtl *r, const char *what, uint32_t off)
{
	if (r->csr_timeouts++ < 4)
		fprintf(stderr, "ra_rtl: CSR %s at 0x%03x timed out\n", what, off);
}

static void rtl_step(void *r)
{
	ra_rtl_step(r);
}

void ra_rtl_write32(struct ra_rtl *r, uint32_t off, uint32_t val)
{
	if (axil_write(&r->pins, rtl_step, r, CSR_TIMEOUT, off, val) == AXIL_TIMEOUT)
		csr_fail(r, "write", off);
}

uint32_t ra_rtl_read32(struct ra_rtl *r, uint32_t off)
{
	uint32_t v;

	if (axil_read(&r->pins, rtl_step, r, CSR_TIMEOUT, off, &v) == AXIL_TIMEOUT)
		csr_fail(r, "read", off);
	return v;
}
