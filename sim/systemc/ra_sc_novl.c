// SPDX-License-Identifier: MIT
/*
 * The SystemC programs link the C harness (for ra_dev_model, ra_host, ...) but not the plain
 * Verilator builds of ra_top (sim/verilator/ra_vl.cpp, a second copy of the Verilator runtime
 * without SystemC): ra_dev_rtl() finds no variant there.
 */
#include <stddef.h>

#include "ra_rtl.h"

const char *const ra_vl_variants[] = { NULL };

void *ra_vl_create(const char *variant, const char *fst)
{
	(void)variant;
	(void)fst;
	return NULL;
}

static void vl_none(void *sim)
{
	(void)sim;
}

const struct ra_sim_ops ra_vl_ops = { .cycle = NULL, .destroy = vl_none };
