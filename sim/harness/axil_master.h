/* SPDX-License-Identifier: MIT */
/*
 * axil_master - the AXI4-Lite master bus functional model on ra_top's CSR pins (struct
 * ra_pins), for any way of clocking the design: the Verilator and Icarus harness (ra_rtl) and
 * ra-serve (the RTL behind QEMU).
 */
#ifndef AXIL_MASTER_H
#define AXIL_MASTER_H

#include <stdint.h>

#include "ra_pins.h"

#define AXIL_TIMEOUT 4u	/* the response code of an access that got no response in time */

/* One clock cycle of whatever drives @p. */
typedef void (*axil_step_fn)(void *ctx);

/**
 * axil_write() - write @val at CSR offset @off (all four byte lanes), AW and W offered
 * together, stepping the clock with @step(@ctx) until B (at most @timeout cycles).
 * Return: BRESP (0 OKAY), or AXIL_TIMEOUT.
 */
unsigned axil_write(struct ra_pins *p, axil_step_fn step, void *ctx, unsigned timeout,
		    uint32_t off, uint32_t val);

/**
 * axil_read() - read CSR offset @off into *@val (0 on a timeout), as axil_write() does.
 * Return: RRESP (0 OKAY), or AXIL_TIMEOUT.
 */
unsigned axil_read(struct ra_pins *p, axil_step_fn step, void *ctx, unsigned timeout,
		   uint32_t off, uint32_t *val);

#endif
