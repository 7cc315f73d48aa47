/* SPDX-License-Identifier: MIT */
/*
 * rb_selftest - ra-board selftest: the device on the board against the C model, command for
 * command, byte for byte of memory and counter for counter.
 */
#ifndef RB_SELFTEST_H
#define RB_SELFTEST_H

#include <stdint.h>

#include "rb_link.h"

struct rb_selftest_opts {
	uint64_t seed;
	uint64_t mem_bytes;	/* 0: all of the board memory */
	int inject_mismatch;	/* flip a bit in the model's copy of the image */
	int verbose;
};

/* Returns RB_OK when every check passed, RB_EDEV on a mismatch, RB_ECOMM on a serial failure
 * (the message is in rb_errmsg), RB_EUSAGE when the board memory cannot hold the test. */
int rb_selftest(struct rb_link *l, const struct rb_selftest_opts *o);

#endif
