/* SPDX-License-Identifier: MIT */
/*
 * rb_dev - driving the device (docs/device.md) on a target that is either the board, over
 * rb_link, or the C model over a local memory: CSR and memory access, DMA windows, the
 * submission and completion rings, command descriptors and completion entries, and their
 * decoding. ra-board's walk and scan commands use the board alone; selftest runs every step on
 * both and compares.
 */
#ifndef RB_DEV_H
#define RB_DEV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ra_ring.h"
#include "rb_link.h"

struct ra_model;
struct ra_mem;

struct rb_target {
	const char *name;		/* "board" or "model" */
	struct rb_link *link;		/* the board, or NULL */
	struct ra_model *model;		/* the C model, or NULL */
	struct ra_mem *mem;		/* the model's memory */
	unsigned timeout_ms;		/* longest wait for a completion */
};

int rb_rd32(struct rb_target *t, uint32_t off, uint32_t *v);
int rb_wr32(struct rb_target *t, uint32_t off, uint32_t v);
/* @pa and @len multiples of 8 (else RB_EUSAGE) */
int rb_read(struct rb_target *t, uint64_t pa, void *buf, size_t len);
int rb_write(struct rb_target *t, uint64_t pa, const void *buf, size_t len);
/* A counter, LO then HI (reading LO latches HI). */
int rb_counter(struct rb_target *t, unsigned idx, uint64_t *v);

/* What the device reports about itself. */
struct rb_caps {
	uint32_t id, version, cap, perf_cap;
	unsigned data_bytes, walk_cache, rd_inflight, engines;
	unsigned num_counters, cnt_width;
	unsigned windows;		/* probed: windows whose LIMIT register holds a value */
};

/* Read ID, VERSION, CAP, PERF_CAP and probe the windows (each WINn_LIMIT_LO is written and
 * restored). RB_EDEV when the ID is wrong. */
int rb_get_caps(struct rb_target *t, struct rb_caps *c);
/* Engine names of CAP.ENGINES into @buf ("WALK SCAN ..."). */
const char *rb_engines_str(unsigned engines, char *buf, size_t len);
const char *rb_status_name(unsigned st);
const char *rb_fault_name(unsigned kind);
const char *rb_op_name(unsigned op);
extern const char *const rb_counter_names[];

/* CTRL.ENABLE=0, wait for STATUS.BUSY=0, then CTRL.SOFT_RESET. */
int rb_dev_reset(struct rb_target *t);
int rb_set_window(struct rb_target *t, unsigned i, uint64_t base, uint64_t limit);

/* The rings on a target: set sq, cq and the sizes, then rb_ring_start(). */
struct rb_ring {
	uint64_t sq, cq;
	unsigned sq_log2, cq_log2;
	struct ra_ring ring;	/* the ring client (include/ra_ring.h) ... */
	struct ra_ring_io io;	/* ... on the target's registers and memory */
};

/* Program both rings (indexes from 0) and set CTRL.ENABLE. */
int rb_ring_start(struct rb_target *t, struct rb_ring *r);
/* Submit @cmd, ring the doorbell, wait for the completion and unpack it into @cpl, then
 * advance CQ_HEAD. A ring fault or a missing completion is RB_EDEV. */
int rb_exec(struct rb_target *t, struct rb_ring *r, const struct ra_command *cmd,
	    struct ra_cpl *cpl);
bool rb_cpl_equal(const struct ra_cpl *a, const struct ra_cpl *b);
/* One line: "tag .. status .. <op's counts> [first fault ...]" (no newline). */
void rb_cpl_format(const struct ra_cpl *c, unsigned op, char *buf, size_t len);

uint64_t rb_get64(const uint8_t *p);
uint32_t rb_get32(const uint8_t *p);
void rb_put64(uint8_t *p, uint64_t v);

/* WALK result (16 bytes) as text: "pa 0x.. level L desc 0x.." or "fault KIND level L ...". */
void rb_walk_format(const uint8_t r[16], char *buf, size_t len);
/* SCAN record (16 bytes) as text. */
void rb_record_format(const uint8_t r[16], char *buf, size_t len);

#endif
