/* SPDX-License-Identifier: MIT */
/* Built-in workloads and trace replay for `ra-sim run`. */
#ifndef RA_WORKLOADS_H
#define RA_WORKLOADS_H

#include <stdint.h>

#include "machine.h"

struct ra_trace;

struct wl_params {
	uint64_t mem_pages;	/* managed memory */
	uint64_t swap_pages;
	double scale;		/* multiplies the number of operations */
	const struct ra_trace *trace;
};

struct workload {
	const char *name;
	const char *help;
	/* disk pages the workload's files need (before the run, to size the disk) */
	uint64_t (*disk_pages)(const struct wl_params *p);
	void (*run)(struct machine *m, const struct wl_params *p);
};

extern const struct workload workloads[];
const struct workload *workload_find(const char *name);

#endif
