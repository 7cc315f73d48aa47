// SPDX-License-Identifier: MIT
/*
 * test_directed - the directed set (directed.c) on the C model and on the RTL builds.
 *
 * usage: test_directed [--engine model|rtl] [--variant w64|w128|nowc] [--latency N]
 *                      [--transcript FILE]
 * Without --engine it runs the model and every RTL variant at a few latencies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "directed.h"

struct mk {
	const char *engine, *variant;
	unsigned latency;
};

static struct ra_dev *make(struct ra_mem *mem, void *ctx)
{
	struct mk *m = ctx;

	if (!strcmp(m->engine, "model"))
		return ra_dev_model(mem, 8, 16, 16, m->latency);
	struct axi_mem_cfg bus = ra_bus_cfg(m->variant, m->latency);

	return ra_dev_rtl(mem, m->variant, &bus, NULL);
}

static unsigned run(struct mk *m, const char *tfile, unsigned *total)
{
	FILE *tr = tfile ? fopen(tfile, "w") : NULL;
	unsigned checks, failed;

	if (tfile && !tr) {
		perror(tfile);
		exit(2);
	}
	failed = directed_run(make, m, tr, &checks);
	if (tr)
		fclose(tr);
	printf("test_directed: engine %s variant %s latency %u: %u checks, %u failed\n", m->engine,
	       m->variant, m->latency, checks, failed);
	*total += checks;
	return failed;
}

int main(int argc, char **argv)
{
	struct mk m = { NULL, "w64", 100 };
	const char *tfile = NULL;
	unsigned failed = 0, total = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--engine") && i + 1 < argc)
			m.engine = argv[++i];
		else if (!strcmp(argv[i], "--variant") && i + 1 < argc)
			m.variant = argv[++i];
		else if (!strcmp(argv[i], "--latency") && i + 1 < argc)
			m.latency = (unsigned)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--transcript") && i + 1 < argc)
			tfile = argv[++i];
		else {
			fprintf(stderr, "usage: %s [--engine model|rtl] [--variant V] [--latency N] "
				"[--transcript FILE]\n", argv[0]);
			return 2;
		}
	}
	if (m.engine) {
		failed = run(&m, tfile, &total);
	} else {
		static const char *const variants[] = { "w64", "w128", "nowc" };
		static const unsigned lat[] = { 1, 7, 100 };

		m.engine = "model";
		failed += run(&m, NULL, &total);
		m.engine = "rtl";
		for (unsigned v = 0; v < 3; v++)
			for (unsigned l = 0; l < 3; l++) {
				m.variant = variants[v];
				m.latency = lat[l];
				failed += run(&m, NULL, &total);
			}
	}
	printf("test_directed: %u passed, %u failed\n", total - failed, failed);
	return failed ? 1 : 0;
}
