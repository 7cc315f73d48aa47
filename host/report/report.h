/* SPDX-License-Identifier: MIT */
/*
 * report.h - ra-report's view of its inputs and the pieces that render them.
 *
 * An input is one file: the JSON `ra-sim run --json` writes (a run, with or without samples,
 * or the short one of `--policy opt`), the text `ractl stat` prints in a guest, or a synthesis
 * report (JSON: an object or an array of objects with "target", "cells", "luts", "ffs",
 * "fmax_mhz"). Counters are kept as named sections in file order, so the tool shows counters
 * it has never heard of.
 */
#ifndef RA_REPORT_H
#define RA_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

/* exit codes */
#define EXIT_IO 1
#define EXIT_BAD 2

struct kv {
	const char *name;
	double v;
	bool is_int;	/* a non-negative integer: @u holds it exactly */
	uint64_t u;
	bool is_null;	/* JSON null: no value (a ratio whose denominator is 0), shown as "-" */
};

struct section {
	const char *key;	/* JSON key ("vmstat", ...) or "counter"/"driver" for ractl */
	const char *title;
	struct kv *kv;
	size_t n;
	bool present;
};

enum in_kind { IN_RUN, IN_OPT, IN_RACTL, IN_SYNTH };

/* the sections of a run, in the order they are shown */
enum { S_MACHINE, S_WORKLOAD, S_VMSTAT, S_DEVICE, S_TIME, S_AGING, S_KSM, S_COMPACTION, S_FINAL,
       S_OPT, S_BOUNDS, S_INTEGRITY, S_HOST, NR_RUN_SECTIONS };
/* ractl stat: device counters and driver statistics */
enum { S_COUNTER, S_DRIVER, NR_RACTL_SECTIONS };
#define MAX_SECTIONS NR_RUN_SECTIONS

struct proc_state {
	int pid;
	const char *comm, *state;
};

#define SYNTH_FIELDS 4
extern const char *const synth_fields[SYNTH_FIELDS];	/* cells, luts, ffs, fmax_mhz */

struct synth_row {
	const char *target;
	double v[SYNTH_FIELDS];
	bool has[SYNTH_FIELDS];
};

struct input {
	char *path;		/* as given */
	char *stem;		/* file name without directory and extension, made of [A-Za-z0-9._-]
				 * and unique among the inputs: names the files written for it */
	enum in_kind kind;
	char *text;		/* the file */
	size_t len;
	json_t *root;		/* JSON inputs (jansson) */

	/* run (IN_RUN; IN_OPT fills workload, policy, mem_bytes and S_OPT) */
	const char *workload, *trace, *accel, *policy;
	uint64_t mem_bytes, swap_bytes, seed, tick, tlb, swappiness, latency, sample_interval;
	double scale;
	const json_t *config;	/* every config member, for "what differs" */
	struct section sec[MAX_SECTIONS];
	size_t nsec;
	struct proc_state *procs;
	size_t nprocs;

	/* samples: nrows rows of ncols counters, column 0 "ops", column 1 "cycles" */
	const char **cols;
	size_t ncols, nrows;
	uint64_t *rows;

	/* synthesis report */
	struct synth_row *synth;
	size_t nsynth;
};

/* input.c */
/* Read and check @path. Returns 0, or EXIT_IO / EXIT_BAD after printing one message. */
int input_load(struct input *in, const char *path);
void input_free(struct input *in);
/* make the stems of @n inputs unique (adds -2, -3, ... to repeated ones) */
void inputs_unique_stems(struct input *in, size_t n);
const struct kv *sec_find(const struct section *s, const char *name);
/* value of @name in @s, or @def when absent */
uint64_t sec_u(const struct section *s, const char *name, uint64_t def);
/* column index of @name in the samples, or -1 */
int sample_col(const struct input *in, const char *name);
uint64_t sample_at(const struct input *in, size_t row, int col);
/* "zipf, accel rtl" etc. */
void input_describe(const struct input *in, char *buf, size_t n);
const char *kind_name(enum in_kind k);
/* "an object", "a string", "a number", "null", ... for messages */
const char *jtype_name(const json_t *v);
/* @v is an integer >= 0 (written without fraction or exponent) */
bool jis_u64(const json_t *v);

/* text.c: `table` and `csv` */
void text_tables(FILE *f, const struct input *in);
void text_compare(FILE *f, const struct input *in, size_t n);
int csv_samples(FILE *f, const struct input *in);
void csv_counters(FILE *f, const struct input *in, size_t n);
void csv_synth(FILE *f, const struct input *in);
/* the 17 vmstat counters ra-sim run lists first */
extern const char *const vmstat_first[];
extern const size_t vmstat_first_n;
/* format @k's value (integer, or a real number with 4 decimals) */
const char *kv_str(const struct kv *k, char *buf, size_t n);
/* "1.234" for b / a; "=" for 0 / 0; "new" for b / 0; "-" when either is missing */
const char *ratio_str(const struct kv *a, const struct kv *b, char *buf, size_t n);

/* plot.c: gnuplot */
struct plot_set {
	char names[8][96];	/* files written in the output directory, without extension */
	char titles[8][128];
	unsigned n;
};
/* The gnuplot program (RA_GNUPLOT, else "gnuplot" in PATH); NULL when there is none. */
const char *gnuplot_find(void);
/* Write STEM.dat and STEM.gp for run @in into @dir and, if @gnuplot is not NULL, run it: SVG
 * and PNG of each plot named in @out. Returns 0, EXIT_IO or EXIT_BAD (no samples). */
int plot_run(const struct input *in, const char *dir, const char *gnuplot, struct plot_set *out);
/* Plots comparing runs (time breakdown bars; free pages and progress when all have samples),
 * named PREFIX-*. */
int plot_compare(const struct input *in, size_t n, const char *dir, const char *prefix,
		 const char *gnuplot, struct plot_set *out);

/* Whether the runs among @in can make the aging curve: at least two, all with an "aging"
 * section. */
bool curve_possible(const struct input *in, size_t n);
/* The aging curve (curve-reads, curve-time; see plot.c), appended to @out. */
int plot_curve(const struct input *in, size_t n, const char *dir, const char *gnuplot,
	       struct plot_set *out);

/* html.c */
struct html_opts {
	const char *title;
	bool compare_only;	/* the `ab` page: the comparison and its plots */
	bool plots;		/* plots were drawn (else a note says why not) */
	const char *no_plots_reason;
	const struct plot_set *run_plots;	/* one per input (NULL: none) */
	const struct plot_set *cmp_plots;
	char **notes;	/* shown at the top (skipped synthesis reports, ...) */
	size_t nnotes;
};
int html_write(const char *path, const struct input *in, size_t n, const struct html_opts *o);

/* util (ra_report.c) */
void *xcalloc(size_t n, size_t size);
char *xstrdup(const char *s);
int ensure_dir(const char *dir);
/* "DIR/NAME" */
char *path_join(const char *dir, const char *name);

#endif
