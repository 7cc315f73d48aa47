// SPDX-License-Identifier: MIT
/*
 * ra_dev_rtl() - the RTL device on the Verilator builds of ra_top. Kept apart from
 * sim/harness/ra_dev.c so that other simulator bindings (Icarus VPI, SystemC) link the
 * harness without the Verilator runtime.
 */
#include "ra_dev.h"
#include "ra_rtl.h"

struct ra_dev *ra_dev_rtl(struct ra_mem *mem, const char *variant, const struct axi_mem_cfg *bus,
			  const char *fst)
{
	void *sim = ra_vl_create(variant, fst);

	return sim ? ra_dev_rtl_sim(mem, &ra_vl_ops, sim, bus) : NULL;
}
