// SPDX-License-Identifier: MIT
/*
 * plot.c - plots through gnuplot, run as a program on a script written next to its outputs
 * (so that the plots can be redrawn or restyled by hand: `cd DIR && gnuplot STEM.gp`).
 *
 * Per run with samples (STEM.dat, STEM.gp):
 *   STEM-free     free pages over simulated time, against the min/low/high watermarks
 *   STEM-reclaim  kswapd and direct reclaim: pages scanned and stolen per million cycles
 *   STEM-scan     aging and KSM: young PTEs found, pages hashed and compared (and the
 *                 device's PTEs scanned, right axis) per million cycles
 *   STEM-faults   page faults, major faults, swap-ins and swap-outs per million cycles
 * Comparing runs (PREFIX-time.dat, PREFIX.gp):
 *   PREFIX-time      the time breakdown of each run as stacked bars
 *   PREFIX-free      free pages of every run over its simulated time
 *   PREFIX-progress  operations completed over simulated time: the faster run climbs faster
 * The aging curve, for runs of one workload at several aging intervals (curve.dat, curve.gp):
 *   curve-reads      page reads against the CPU cycles spent aging (log), a line per policy
 *                    and aging engine (software walk or device)
 *   curve-time       total simulated time against the same
 * Each is written as SVG and PNG.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report.h"

struct series {
	const char *col, *title;
	bool y2;
};

static const struct series reclaim_series[] = {
	{ "pgscan_kswapd", "scanned by kswapd", false },
	{ "pgsteal_kswapd", "reclaimed by kswapd", false },
	{ "pgscan_direct", "scanned by direct reclaim", false },
	{ "pgsteal_direct", "reclaimed by direct reclaim", false },
};
static const struct series scan_series[] = {
	{ "dev_pte_scanned", "PTEs scanned by the device (right axis)", true },
	{ "aging_young", "young PTEs found (aging)", false },
	{ "pages_hashed", "pages hashed (KSM)", false },
	{ "pages_compared", "pages compared (KSM)", false },
	{ "pgmigrate_success", "pages migrated", false },
};
static const struct series fault_series[] = {
	{ "pgfault", "page faults", false },
	{ "pgmajfault", "major faults", false },
	{ "pswpin", "swap-ins", false },
	{ "pswpout", "swap-outs", false },
};

#define NSER(a) (sizeof(a) / sizeof(a[0]))

static const char *const term_setup =
	"set terminal svg size 960,420 dynamic noenhanced font 'sans,11' background '#ffffff'\n";
static const char *const png_setup =
	"if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
	"    set terminal pngcairo size 960,420 noenhanced font 'sans,10' background '#ffffff'\n"
	"} else {\n"
	"    set terminal png size 960,420 noenhanced\n"
	"}\n";

const char *gnuplot_find(void)
{
	static char buf[4096];
	const char *want = getenv("RA_GNUPLOT"), *path = getenv("PATH");

	if (!want || !*want)
		want = "gnuplot";
	if (strchr(want, '/'))
		return access(want, X_OK) ? NULL : want;
	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		const char *c = strchr(path, ':');
		size_t n = c ? (size_t)(c - path) : strlen(path);

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)(n ? n : 1), n ? path : ".", want);
		if (!access(buf, X_OK))
			return buf;
		path += n + (c ? 1 : 0);
	}
	return NULL;
}

/* a title for gnuplot's double-quoted strings: printable ASCII without quotes or backslashes */
static void gp_title(char *dst, size_t n, const char *src)
{
	size_t i = 0;

	for (; *src && i + 1 < n; src++)
		dst[i++] = (*src >= 0x20 && *src < 0x7f && *src != '"' && *src != '\\') ? *src : '_';
	dst[i] = 0;
}

static FILE *open_out(const char *dir, const char *name, char **path)
{
	FILE *f;

	*path = path_join(dir, name);
	f = fopen(*path, "w");
	if (!f)
		fprintf(stderr, "ra-report: %s: %s\n", *path, strerror(errno));
	return f;
}

static int close_out(FILE *f, char *path)
{
	int bad = ferror(f);

	if (fclose(f) || bad) {
		fprintf(stderr, "ra-report: %s: write error\n", path);
		free(path);
		return EXIT_IO;
	}
	free(path);
	return 0;
}

static int run_gnuplot(const char *gnuplot, const char *dir, const char *script)
{
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "ra-report: cannot start gnuplot: %s\n", strerror(errno));
		return EXIT_IO;
	}
	if (!pid) {
		if (chdir(dir))
			_exit(126);
		execl(gnuplot, gnuplot, script, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "ra-report: gnuplot (%s) failed on %s/%s (%s %d)\n", gnuplot, dir,
			script, WIFEXITED(st) ? "exit" : "signal",
			WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
		return EXIT_IO;
	}
	return 0;
}

/* every plot of @ps exists as a non-empty SVG and PNG */
static int check_outputs(const char *dir, const struct plot_set *ps)
{
	for (unsigned i = 0; i < ps->n; i++)
		for (int k = 0; k < 2; k++) {
			char name[128];
			char *p;
			struct stat st;
			int bad;

			snprintf(name, sizeof(name), "%s.%s", ps->names[i], k ? "png" : "svg");
			p = path_join(dir, name);
			bad = stat(p, &st) || st.st_size == 0;
			if (bad)
				fprintf(stderr, "ra-report: gnuplot did not write %s\n", p);
			free(p);
			if (bad)
				return EXIT_IO;
		}
	return 0;
}

static void add_plot(struct plot_set *ps, const char *prefix, const char *what, const char *title)
{
	if (ps->n >= sizeof(ps->names) / sizeof(ps->names[0]))
		return;
	snprintf(ps->names[ps->n], sizeof(ps->names[0]), "%s-%s", prefix, what);
	snprintf(ps->titles[ps->n], sizeof(ps->titles[0]), "%s", title);
	ps->n++;
}

/*
 * STEM.dat, two data blocks. Index 0, one row per sample: Mcycles, ops, free pages.
 * Index 1, rates: at most RATE_POINTS intervals of consecutive samples (so that bursts of
 * reclaim between two close samples do not make the curves unreadable); per interval its
 * middle (Mcycles) and, per series, the counter's increase per million cycles ('?' where the
 * run has no such counter).
 */
#define RATE_POINTS 120

static const struct series *all_series[3] = { reclaim_series, scan_series, fault_series };
static const size_t all_n[3] = { NSER(reclaim_series), NSER(scan_series), NSER(fault_series) };

static int series_column(unsigned group, size_t idx)
{
	int c = 2;

	for (unsigned g = 0; g < group; g++)
		c += (int)all_n[g];
	return c + (int)idx;
}

static int write_dat(const struct input *in, const char *dir)
{
	char name[128], *path;
	FILE *f;
	int free_col = sample_col(in, "free_pages");
	size_t stride = (in->nrows - 1 + RATE_POINTS - 1) / RATE_POINTS, prev = 0;

	snprintf(name, sizeof(name), "%s.dat", in->stem);
	f = open_out(dir, name, &path);
	if (!f)
		return EXIT_IO;
	fprintf(f, "# ra-report: samples of %s\n# index 0: Mcycles ops free_pages\n", in->path);
	for (size_t r = 0; r < in->nrows; r++) {
		fprintf(f, "%.6f %" PRIu64 " ", (double)sample_at(in, r, 1) / 1e6, sample_at(in, r, 0));
		if (free_col >= 0)
			fprintf(f, "%" PRIu64 "\n", sample_at(in, r, free_col));
		else
			fprintf(f, "?\n");
	}
	fprintf(f, "\n\n# index 1: intervals of %zu samples: mid_Mcycles", stride ? stride : 1);
	for (unsigned g = 0; g < 3; g++)
		for (size_t s = 0; s < all_n[g]; s++)
			fprintf(f, " %s_per_Mcycle", all_series[g][s].col);
	fprintf(f, "\n");
	for (size_t r = 1; r < in->nrows; r++) {
		uint64_t t, t0;

		if (r % (stride ? stride : 1) && r != in->nrows - 1)
			continue;
		t = sample_at(in, r, 1);
		t0 = sample_at(in, prev, 1);
		if (t == t0)
			continue;
		fprintf(f, "%.6f", ((double)t + (double)t0) / 2e6);
		for (unsigned g = 0; g < 3; g++)
			for (size_t s = 0; s < all_n[g]; s++) {
				int c = sample_col(in, all_series[g][s].col);

				if (c < 0)
					fprintf(f, " ?");
				else
					fprintf(f, " %.3f", (double)(sample_at(in, r, c) -
								     sample_at(in, prev, c)) *
								    1e6 / (double)(t - t0));
			}
		fprintf(f, "\n");
		prev = r;
	}
	return close_out(f, path);
}

/* before a plot command: draw it as SVG; after: again as PNG */
static void svg_first(FILE *f, const char *name)
{
	fprintf(f, "%sset output '%s.svg'\n", term_setup, name);
}

static void png_too(FILE *f, const char *name)
{
	fprintf(f, "unset output\n%sset output '%s.png'\nreplot\nunset output\n", png_setup, name);
}

static void rate_plot(FILE *f, const struct input *in, unsigned group, const char *name,
		      const char *title, const char *desc)
{
	bool y2 = false, first = true;

	fprintf(f, "\n# %s\nreset\nset grid\nset key top right\nset datafile missing '?'\n"
		"set title \"%s: %s\" noenhanced\nset xlabel 'simulated time (million cycles)'\n"
		"set ylabel 'per million cycles'\nset yrange [0:*]\n", name, title, desc);
	for (size_t s = 0; s < all_n[group]; s++)
		if (all_series[group][s].y2 && sample_col(in, all_series[group][s].col) >= 0)
			y2 = true;
	if (y2)
		fprintf(f, "set y2label 'per million cycles'\nset y2tics\nset y2range [0:*]\n"
			"set ytics nomirror\n");
	svg_first(f, name);
	fprintf(f, "plot");
	for (size_t s = 0; s < all_n[group]; s++) {
		const struct series *se = &all_series[group][s];

		if (sample_col(in, se->col) < 0)
			continue;
		fprintf(f, "%s '%s.dat' index 1 using 1:%d with lines lw %d axes x1%s title '%s'",
			first ? "" : ",", in->stem, series_column(group, s), se->y2 ? 1 : 2,
			se->y2 ? "y2" : "y1", se->title);
		first = false;
	}
	if (first)
		fprintf(f, " 0 notitle");
	fprintf(f, "\n");
	png_too(f, name);
}

int plot_run(const struct input *in, const char *dir, const char *gnuplot, struct plot_set *out)
{
	const struct section *m = &in->sec[S_MACHINE];
	char name[128], title[256], d[200], *path;
	FILE *f;
	int r;

	memset(out, 0, sizeof(*out));
	if (in->kind != IN_RUN || in->nrows < 2) {
		fprintf(stderr, "ra-report: %s: %s: expected a run report with at least two samples "
			"(record them with ra-sim run --json FILE --interval N)\n", in->path,
			in->kind != IN_RUN ? kind_name(in->kind) : "no samples to plot");
		return EXIT_BAD;
	}
	if ((r = write_dat(in, dir)))
		return r;
	input_describe(in, d, sizeof(d));
	snprintf(title, sizeof(title), "%s (%s)", in->stem, d);
	gp_title(d, sizeof(d), title);
	snprintf(name, sizeof(name), "%s.gp", in->stem);
	f = open_out(dir, name, &path);
	if (!f)
		return EXIT_IO;
	fprintf(f, "# ra-report: plots of %s; redraw with: gnuplot %s (in this directory)\n",
		in->path, name);
	add_plot(out, in->stem, "free", "free pages against the watermarks");
	add_plot(out, in->stem, "reclaim", "kswapd and direct reclaim");
	add_plot(out, in->stem, "scan", "aging scans, hashing and migration");
	add_plot(out, in->stem, "faults", "faults and swap traffic");
	fprintf(f, "\n# %s\nreset\nset grid\nset key top right\nset datafile missing '?'\n"
		"set title \"%s: free pages against the watermarks\" noenhanced\n"
		"set xlabel 'simulated time (million cycles)'\nset ylabel 'pages'\nset yrange [0:*]\n"
		"%sset output '%s.svg'\n"
		"plot '%s.dat' index 0 using 1:3 with steps lw 2 title 'free pages', "
		"%" PRIu64 " with lines dt 2 lw 2 lc rgb '#d62728' title 'min (%" PRIu64 ")', "
		"%" PRIu64 " with lines dt 3 lw 2 lc rgb '#ff7f0e' title 'low (%" PRIu64 ")', "
		"%" PRIu64 " with lines dt 4 lw 2 lc rgb '#2ca02c' title 'high (%" PRIu64 ")'\n",
		out->names[0], d, term_setup, out->names[0], in->stem, sec_u(m, "wmark_min", 0),
		sec_u(m, "wmark_min", 0), sec_u(m, "wmark_low", 0), sec_u(m, "wmark_low", 0), sec_u(m, "wmark_high", 0),
		sec_u(m, "wmark_high", 0));
	png_too(f, out->names[0]);
	rate_plot(f, in, 0, out->names[1], d, "kswapd and direct reclaim");
	rate_plot(f, in, 1, out->names[2], d, "aging scans, hashing, migration");
	rate_plot(f, in, 2, out->names[3], d, "faults and swap traffic");
	if ((r = close_out(f, path)))
		return r;
	if (!gnuplot)
		return 0;
	if ((r = run_gnuplot(gnuplot, dir, name)))
		return r;
	return check_outputs(dir, out);
}

int plot_compare(const struct input *in, size_t n, const char *dir, const char *prefix,
		 const char *gnuplot, struct plot_set *out)
{
	char name[128], *path, t[200];
	const struct section *t0 = &in[0].sec[S_TIME];
	bool samples = true;
	FILE *f;
	int r;

	memset(out, 0, sizeof(*out));
	/* time breakdown: a row per run, a column per bucket (Mcycles) */
	snprintf(name, sizeof(name), "%s-time.dat", prefix);
	f = open_out(dir, name, &path);
	if (!f)
		return EXIT_IO;
	fprintf(f, "run");
	for (size_t b = 0; b < t0->n; b++)
		if (strcmp(t0->kv[b].name, "total_cycles"))
			fprintf(f, " %s", t0->kv[b].name);
	fprintf(f, "\n");
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%c:%s", (int)('A' + i), in[i].accel ? in[i].accel : in[i].stem);
		for (size_t b = 0; b < t0->n; b++)
			if (strcmp(t0->kv[b].name, "total_cycles"))
				fprintf(f, " %.6f", (double)sec_u(&in[i].sec[S_TIME], t0->kv[b].name,
								   0) / 1e6);
		fprintf(f, "\n");
	}
	if ((r = close_out(f, path)))
		return r;
	for (size_t i = 0; i < n; i++) {
		if (in[i].nrows < 2)
			samples = false;
		else if ((r = write_dat(&in[i], dir)))
			return r;
	}
	snprintf(name, sizeof(name), "%s.gp", prefix);
	f = open_out(dir, name, &path);
	if (!f)
		return EXIT_IO;
	fprintf(f, "# ra-report: comparison of");
	for (size_t i = 0; i < n; i++)
		fprintf(f, " %c=%s", (int)('A' + i), in[i].path);
	fprintf(f, "\n# redraw with: gnuplot %s (in this directory)\n", name);
	add_plot(out, prefix, "time", "time breakdown");
	fprintf(f, "\n# %s\nreset\nset grid ytics\nset key outside right top\n"
		"set title 'simulated time by bucket'\nset ylabel 'million cycles'\n"
		"set style data histograms\nset style histogram rowstacked\n"
		"set style fill solid 0.85 border -1\nset boxwidth 0.6\nset yrange [0:*]\n"
		"%sset output '%s.svg'\n"
		"colors = '#4e79a7 #f28e2b #e15759 #76b7b2 #59a14f #edc948 #b07aa1 #ff9da7 #9c755f "
		"#bab0ac'\n"
		"plot for [i=2:%zu] '%s-time.dat' using i:xtic(1) lc rgb word(colors, (i - 2) %% 10 + 1) "
		"title columnheader(i)\n",
		out->names[0], term_setup, out->names[0], t0->n, prefix);
	png_too(f, out->names[0]);
	if (samples) {
		const struct section *m = &in[0].sec[S_MACHINE];

		add_plot(out, prefix, "free", "free pages of each run");
		add_plot(out, prefix, "progress", "operations completed over simulated time");
		fprintf(f, "\n# %s\nreset\nset grid\nset key top right\nset datafile missing '?'\n"
			"set title 'free pages over simulated time'\n"
			"set xlabel 'simulated time (million cycles)'\nset ylabel 'pages'\n"
			"set yrange [0:*]\n%sset output '%s.svg'\nplot", out->names[1], term_setup,
			out->names[1]);
		for (size_t i = 0; i < n; i++) {
			gp_title(t, sizeof(t), in[i].stem);
			fprintf(f, "%s '%s.dat' index 0 using 1:3 with steps lw 2 title \"%c: %s\"",
				i ? "," : "", in[i].stem, (int)('A' + i), t);
		}
		fprintf(f, ", %" PRIu64 " with lines dt 2 lc rgb '#d62728' title 'min', %" PRIu64
			" with lines dt 3 lc rgb '#ff7f0e' title 'low', %" PRIu64
			" with lines dt 4 lc rgb '#2ca02c' title 'high'\n",
			sec_u(m, "wmark_min", 0), sec_u(m, "wmark_low", 0), sec_u(m, "wmark_high", 0));
		png_too(f, out->names[1]);
		fprintf(f, "\n# %s\nreset\nset grid\nset key bottom right\nset datafile missing '?'\n"
			"set title 'workload operations completed over simulated time'\n"
			"set xlabel 'simulated time (million cycles)'\nset ylabel 'operations'\n"
			"set yrange [0:*]\n%sset output '%s.svg'\nplot", out->names[2], term_setup,
			out->names[2]);
		for (size_t i = 0; i < n; i++) {
			gp_title(t, sizeof(t), in[i].stem);
			fprintf(f, "%s '%s.dat' index 0 using 1:2 with lines lw 2 title \"%c: %s\"",
				i ? "," : "", in[i].stem, (int)('A' + i), t);
		}
		fprintf(f, "\n");
		png_too(f, out->names[2]);
	}
	if ((r = close_out(f, path)))
		return r;
	if (!gnuplot)
		return 0;
	if ((r = run_gnuplot(gnuplot, dir, name)))
		return r;
	return check_outputs(dir, out);
}

/* ---- the aging curve ------------------------------------------------------------------ */

static const char *cfg_str(const struct input *in, const char *key, const char *def)
{
	const json_t *v = json_object_get(in->config, key);

	return json_is_string(v) ? json_string_value(v) : def;
}

static uint64_t aging_cycles(const struct input *in)
{
	return sec_u(&in->sec[S_AGING], "cpu_cycles", 0) +
	       sec_u(&in->sec[S_AGING], "dev_wait_cycles", 0);
}

bool curve_possible(const struct input *in, size_t n)
{
	size_t runs = 0;

	for (size_t i = 0; i < n; i++) {
		if (in[i].kind != IN_RUN)
			continue;
		if (!in[i].sec[S_AGING].present)
			return false;
		runs++;
	}
	return runs >= 2;
}

int plot_curve(const struct input *in, size_t n, const char *dir, const char *gnuplot,
	       struct plot_set *out)
{
	/* series: distinct (lru, accel) pairs, in the order first seen */
	const char *lru[16], *acc[16];
	size_t ns = 0, first = out->n;
	char *path, t[200];
	FILE *f;
	int r;

	for (size_t i = 0; i < n; i++) {
		const char *l = cfg_str(&in[i], "lru", "classic");
		const char *a = in[i].accel ? in[i].accel : "?";
		size_t k;

		if (in[i].kind != IN_RUN)
			continue;
		for (k = 0; k < ns && (strcmp(lru[k], l) || strcmp(acc[k], a)); k++)
			;
		if (k == ns && ns < 16) {
			lru[ns] = l;
			acc[ns++] = a;
		}
	}
	f = open_out(dir, "curve.dat", &path);
	if (!f)
		return EXIT_IO;
	fprintf(f, "# one block per policy and aging engine; points in order of aging CPU cycles\n"
		"# aging_cpu_cycles page_reads total_Mcycles aging_interval\n");
	for (size_t k = 0; k < ns; k++) {
		bool used[256] = { false };

		fprintf(f, "%s# %s, %s\n", k ? "\n\n" : "", lru[k], acc[k]);
		for (;;) {	/* selection by aging cycles: at most a few dozen points */
			size_t best = n;

			for (size_t i = 0; i < n && i < 256; i++)
				if (in[i].kind == IN_RUN && !used[i] &&
				    !strcmp(cfg_str(&in[i], "lru", "classic"), lru[k]) &&
				    !strcmp(in[i].accel ? in[i].accel : "?", acc[k]) &&
				    (best == n || aging_cycles(&in[i]) < aging_cycles(&in[best])))
					best = i;
			if (best == n)
				break;
			used[best] = true;
			fprintf(f, "%" PRIu64 " %" PRIu64 " %.3f %" PRIu64 "\n",
				aging_cycles(&in[best]) ? aging_cycles(&in[best]) : 1,
				sec_u(&in[best].sec[S_VMSTAT], "pgpgin", 0),
				(double)sec_u(&in[best].sec[S_TIME], "total_cycles", 0) / 1e6,
				sec_u(&in[best].sec[S_AGING], "periodic_passes", 0) ?
					(uint64_t)(jis_u64(json_object_get(in[best].config,
								   "aging_interval")) ?
						   json_integer_value(json_object_get(in[best].config,
								   "aging_interval")) : 0) : 0);
		}
	}
	if ((r = close_out(f, path)))
		return r;
	f = open_out(dir, "curve.gp", &path);
	if (!f)
		return EXIT_IO;
	fprintf(f, "# ra-report: the aging curve of %zu runs\n# redraw with: gnuplot curve.gp "
		"(in this directory)\n", n);
	add_plot(out, "curve", "reads", "page reads against the CPU cycles spent aging");
	add_plot(out, "curve", "time", "simulated time against the CPU cycles spent aging");
	for (int p = 0; p < 2; p++) {
		fprintf(f, "\n# %s\nreset\nset grid\nset key outside right top\nset logscale x\n"
			"set title '%s'\nset xlabel 'CPU cycles spent aging (log)'\n"
			"set ylabel '%s'\n%sset output '%s.svg'\nplot",
			out->names[first + p], p ? "end-to-end simulated time" : "page reads",
			p ? "million cycles" : "pages read (swap-ins and file reads)", term_setup,
			out->names[first + p]);
		for (size_t k = 0; k < ns; k++) {
			char what[128];

			snprintf(what, sizeof(what), "%s, %s", lru[k],
				 !strcmp(acc[k], "off") ? "software aging" : !strcmp(acc[k], "rtl") ?
				 "device (RTL)" : "device (model)");
			gp_title(t, sizeof(t), what);
			fprintf(f, "%s 'curve.dat' index %zu using 1:%d with linespoints lw 2 "
				"title \"%s\"", k ? "," : "", k, p ? 3 : 2, t);
		}
		fprintf(f, "\n");
		png_too(f, out->names[first + p]);
	}
	if ((r = close_out(f, path)))
		return r;
	if (!gnuplot)
		return 0;
	if ((r = run_gnuplot(gnuplot, dir, "curve.gp")))
		return r;
	return check_outputs(dir, out);
}
