/* SPDX-License-Identifier: MIT */
/*
 * The directed test set: page tables with every descriptor kind and fault at every level,
 * blocks, and scans over them, each with expected results worked out by hand. It runs on any
 * struct ra_dev (C model, Verilator, Icarus) and writes a transcript of everything the device
 * produced so two simulators can be compared line for line.
 */
#ifndef DIRECTED_H
#define DIRECTED_H

#include <stdio.h>

#include "ra_dev.h"

/* Makes a fresh device on @mem (called once per case). */
typedef struct ra_dev *(*directed_make_fn)(struct ra_mem *mem, void *ctx);

/* Returns the number of failed checks; counts checks in *@checks; transcript to @tr (or NULL). */
unsigned directed_run(directed_make_fn make, void *ctx, FILE *tr, unsigned *checks);

#endif
