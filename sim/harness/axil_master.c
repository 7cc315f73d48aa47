// SPDX-License-Identifier: MIT
/* The AXI4-Lite master bus functional model; see axil_master.h. */
#include "axil_master.h"

#include <stdbool.h>

unsigned axil_write(struct ra_pins *p, axil_step_fn step, void *ctx, unsigned timeout,
		    uint32_t off, uint32_t val)
{
	bool aw_done = false, w_done = false;
	unsigned t, resp = AXIL_TIMEOUT;

	p->s_awaddr = off;
	p->s_wdata = val;
	p->s_wstrb = 0xf;
	p->s_bready = true;
	for (t = 0; t < timeout && !(aw_done && w_done); t++) {
		p->s_awvalid = !aw_done;
		p->s_wvalid = !w_done;
		step(ctx);
		aw_done |= p->s_awvalid && p->s_awready;
		w_done |= p->s_wvalid && p->s_wready;
	}
	p->s_awvalid = p->s_wvalid = false;
	for (; t < timeout; t++) {
		step(ctx);
		if (p->s_bvalid) {
			resp = p->s_bresp;
			break;
		}
	}
	p->s_bready = false;
	return resp;
}

unsigned axil_read(struct ra_pins *p, axil_step_fn step, void *ctx, unsigned timeout,
		   uint32_t off, uint32_t *val)
{
	unsigned t, resp = AXIL_TIMEOUT;

	*val = 0;
	p->s_araddr = off;
	p->s_arvalid = true;
	p->s_rready = true;
	for (t = 0; t < timeout; t++) {
		step(ctx);
		if (p->s_arready)
			break;
	}
	p->s_arvalid = false;
	for (; t < timeout; t++) {
		step(ctx);
		if (p->s_rvalid) {
			*val = p->s_rdata;
			resp = p->s_rresp;
			break;
		}
	}
	p->s_rready = false;
	return resp;
}
