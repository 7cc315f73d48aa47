// SPDX-License-Identifier: MIT
/*
 * ra-report - tables, CSV, plots and HTML pages from what the project's tools record:
 * the JSON `ra-sim run --json` writes (counters, simulated time, samples), the counters
 * `ractl stat` prints in a guest, and synthesis reports. See `ra-report --help` and
 * docs/flows.md ("Reports").
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: ra-report table FILE... [-o OUT] [--synth FILE]\n"
"       ra-report csv FILE... [--counters] [-o OUT.csv]\n"
"       ra-report plot FILE... -o DIR\n"
"       ra-report ab A B -o DIR [--title TEXT] [--no-plots]\n"
"       ra-report html FILE... -o DIR/index.html [--title TEXT] [--synth FILE] [--no-plots]\n"
"\n"
"Reports on what the reclaim-accel tools record. Each FILE is one of:\n"
"  - the JSON of `ra-sim run --json FILE` (counters, simulated time, OPT, integrity, and the\n"
"    \"samples\" time series that --interval N records; also `--policy opt` runs);\n"
"  - the output of `ractl stat` in a guest (lines 'counter.NAME VALUE', 'driver.NAME VALUE');\n"
"  - a synthesis report: JSON, an object or an array of objects\n"
"    {\"target\": NAME, \"cells\": N, \"luts\": N, \"ffs\": N, \"fmax_mhz\": X}.\n"
"The kind is recognized from the content. JSON is read with libjansson (RFC 8259, duplicate\n"
"keys refused): a malformed or truncated file, or a member of the wrong type, is refused with\n"
"its name, the line and column, and what was found or expected there.\n"
"\n"
"Commands:\n"
"  table   text tables of each input: configuration, watermarks, vmstat (the main 17\n"
"          counters, then every non-zero one), device counters, time breakdown (cycles,\n"
"          share, bar), KSM, compaction, OPT, integrity, and a summary of the samples.\n"
"          With two or more runs, also their counters side by side with ratios to the\n"
"          first. To stdout, or to -o OUT.\n"
"  csv     the samples of one run, one row per sample and one column per counter (ops,\n"
"          cycles, free_pages, the vmstat and device counters). With --counters: every\n"
"          counter of every input, one row per counter (section,counter,value; with several\n"
"          inputs one value column per input). A synthesis report gives one row per target.\n"
"  plot    for each run with samples, in DIR: STEM-free (free pages against the min/low/high\n"
"          watermarks), STEM-reclaim (kswapd and direct reclaim: pages scanned and reclaimed\n"
"          per million cycles), STEM-scan (young PTEs found, pages hashed, compared and\n"
"          migrated, and the device's PTEs scanned), STEM-faults (faults, major faults,\n"
"          swap-ins, swap-outs), each as .svg and .png, with the data (STEM.dat) and the\n"
"          gnuplot script (STEM.gp) that drew them. STEM is the file name without extension.\n"
"          Given two or more runs that all have an \"aging\" section (e.g. a sweep of\n"
"          --aging-interval for each --lru and --accel), also curve-reads (page reads against\n"
"          the CPU cycles spent aging, log scale, a line per policy and aging engine) and\n"
"          curve-time (end-to-end simulated time against the same); runs need no samples\n"
"          then. html shows the curve too.\n"
"  ab      an A/B page, DIR/index.html, e.g. the same workload with --accel rtl and with\n"
"          --accel off: the configuration that differs, the time breakdown as bars, every\n"
"          counter side by side with the ratio B/A, and plots (ab-time: stacked time bars;\n"
"          with samples, ab-free and ab-progress: free pages and operations completed over\n"
"          simulated time). The same comparison as text on stdout.\n"
"  html    one HTML page (-o PATH; a directory gets index.html) summarizing every input: an\n"
"          overview, the comparison of the runs when there are several, each run's tables\n"
"          and plots. The plots are SVG files next to the page (PNG too); open the page in a\n"
"          browser.\n"
"\n"
"Options:\n"
"  -o, --output PATH  where to write (see each command)\n"
"  --counters         csv: counters instead of samples\n"
"  --title TEXT       ab, html: the page title\n"
"  --synth FILE       table, html: also show this synthesis report; when FILE does not\n"
"                     exist it is skipped with a note\n"
"  --no-plots         ab, html: do not run gnuplot (the page says so)\n"
"  -h, --help         this text\n"
"\n"
"plot, ab and html run gnuplot (Debian: gnuplot-nox) as a program; RA_GNUPLOT names another\n"
"one. Without it, plot writes the data and scripts only, and ab and html write their page\n"
"without plots; all three say so and exit 1. table and csv do not need it.\n"
"\n"
"Examples:\n"
"  ra-sim run --workload zipf --accel rtl --json rtl.json\n"
"  ra-sim run --workload zipf --accel off --json off.json\n"
"  ra-report table rtl.json\n"
"  ra-report csv rtl.json -o rtl-samples.csv\n"
"  ra-report ab rtl.json off.json -o ab/\n"
"  ra-report html rtl.json off.json guest-stat.txt -o report/index.html\n"
"\n"
"Exit codes: 0 ok; 1 I/O error (a file that cannot be read or written, gnuplot missing or\n"
"failing); 2 bad usage or bad input (one message naming the file, line and column).\n");
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p) {
		fprintf(stderr, "ra-report: out of memory\n");
		exit(EXIT_IO);
	}
	return p;
}

char *xstrdup(const char *s)
{
	char *d = xcalloc(strlen(s) + 1, 1);

	memcpy(d, s, strlen(s) + 1);
	return d;
}

char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = xcalloc(n, 1);

	snprintf(p, n, "%s%s%s", dir, *dir && dir[strlen(dir) - 1] != '/' ? "/" : "", name);
	return p;
}

/* mkdir -p */
int ensure_dir(const char *dir)
{
	char *p = xstrdup(dir);
	struct stat st;

	for (char *c = p + 1; ; c++) {
		char save = *c;

		if (*c && *c != '/')
			continue;
		*c = 0;
		if (mkdir(p, 0777) && errno != EEXIST) {
			fprintf(stderr, "ra-report: cannot create %s: %s\n", p, strerror(errno));
			free(p);
			return EXIT_IO;
		}
		*c = save;
		if (!save)
			break;
	}
	if (stat(p, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "ra-report: %s: not a directory\n", p);
		free(p);
		return EXIT_IO;
	}
	free(p);
	return 0;
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "ra-report: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'ra-report --help'.\n");
	return EXIT_BAD;
}

struct opts {
	const char *cmd, *out, *title, *synth;
	bool counters, no_plots;
	char **files;
	int nfiles;
};

static FILE *open_text_out(const char *path)
{
	FILE *f;

	if (!path)
		return stdout;
	f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "ra-report: %s: %s\n", path, strerror(errno));
	return f;
}

static int close_text_out(FILE *f, const char *path)
{
	int bad = ferror(f);

	if (f == stdout)
		bad |= fflush(f);
	else
		bad |= fclose(f);
	if (bad) {
		fprintf(stderr, "ra-report: %s: write error\n", path ? path : "standard output");
		return EXIT_IO;
	}
	return 0;
}

/* --synth: load it when it exists; else a note */
static int load_synth_opt(const struct opts *o, struct input *in, size_t *n, char ***notes,
			  size_t *nnotes)
{
	struct stat st;
	char buf[1100];
	int r;

	if (!o->synth)
		return 0;
	if (stat(o->synth, &st) && errno == ENOENT) {
		snprintf(buf, sizeof(buf), "Synthesis report %s not found: skipped.", o->synth);
		fprintf(stderr, "ra-report: note: %s\n", buf);
		*notes = realloc(*notes, (*nnotes + 1) * sizeof(**notes));
		(*notes)[(*nnotes)++] = xstrdup(buf);
		return 0;
	}
	if ((r = input_load(&in[*n], o->synth)))
		return r;
	if (in[*n].kind != IN_SYNTH) {
		fprintf(stderr, "ra-report: %s: --synth: expected a synthesis report, found a %s\n",
			o->synth, kind_name(in[*n].kind));
		return EXIT_BAD;
	}
	(*n)++;
	return 0;
}

static int cmd_table(const struct opts *o, struct input *in, size_t n)
{
	FILE *f = open_text_out(o->out);
	size_t runs = 0;

	if (!f)
		return EXIT_IO;
	for (size_t i = 0; i < n; i++) {
		if (i)
			fprintf(f, "\n");
		text_tables(f, &in[i]);
		runs += in[i].kind == IN_RUN;
	}
	if (runs >= 2) {
		struct input *r = xcalloc(n, sizeof(*r));
		size_t nr = 0;

		for (size_t i = 0; i < n; i++)
			if (in[i].kind == IN_RUN)
				r[nr++] = in[i];
		fprintf(f, "\n");
		text_compare(f, r, nr);
		free(r);
	}
	return close_text_out(f, o->out);
}

static int cmd_csv(const struct opts *o, struct input *in, size_t n)
{
	FILE *f;
	int r = 0;

	if (!o->counters) {
		if (n != 1)
			return usage_error("csv: %sexpected one FILE for samples (or --counters)", "");
		if (in[0].kind == IN_RUN && !in[0].nrows) {
			fprintf(stderr, "ra-report: %s: no samples (record them with ra-sim run --json "
				"FILE --interval N); --counters writes the counters\n", in[0].path);
			return EXIT_BAD;
		}
		if (in[0].kind == IN_OPT) {
			fprintf(stderr, "ra-report: %s: a --policy opt report has no samples; "
				"--counters writes its figures\n", in[0].path);
			return EXIT_BAD;
		}
	}
	f = open_text_out(o->out);
	if (!f)
		return EXIT_IO;
	if (o->counters || in[0].kind == IN_RACTL)
		csv_counters(f, in, n);
	else if (in[0].kind == IN_SYNTH)
		csv_synth(f, &in[0]);
	else
		r = csv_samples(f, &in[0]);
	return close_text_out(f, o->out) ? EXIT_IO : r;
}

static const char *gnuplot_or_complain(void)
{
	const char *g = gnuplot_find();
	const char *want = getenv("RA_GNUPLOT");

	if (!g)
		fprintf(stderr, "ra-report: gnuplot not found (%s%s%s): no plots drawn. Install it "
			"(Debian: apt-get install gnuplot-nox, or scripts/setup) or set RA_GNUPLOT; "
			"'ra-report table' and 'ra-report csv' work without it.\n",
			want && *want ? "RA_GNUPLOT=" : "looked for 'gnuplot' in PATH",
			want && *want ? want : "", "");
	return g;
}

static int cmd_plot(const struct opts *o, struct input *in, size_t n)
{
	bool curve = curve_possible(in, n);
	const char *g;
	int r;

	for (size_t i = 0; i < n; i++)
		if (in[i].kind != IN_RUN || (in[i].nrows < 2 && !curve)) {
			fprintf(stderr, "ra-report: %s: %s: expected a run report with at least two "
				"samples (ra-sim run --json FILE --interval N)\n", in[i].path,
				in[i].kind != IN_RUN ? kind_name(in[i].kind) : "too few samples to plot");
			return EXIT_BAD;
		}
	if ((r = ensure_dir(o->out)))
		return r;
	g = gnuplot_or_complain();
	for (size_t i = 0; i <= n; i++) {
		struct plot_set ps = { 0 };

		if (i < n && in[i].nrows >= 2 && (r = plot_run(&in[i], o->out, g, &ps)))
			return r;
		if (i == n && curve && (r = plot_curve(in, n, o->out, g, &ps)))
			return r;
		for (unsigned k = 0; g && k < ps.n; k++)
			printf("%s/%s.svg %s/%s.png\n", o->out, ps.names[k], o->out, ps.names[k]);
	}
	if (!g) {
		fprintf(stderr, "ra-report: wrote the data and gnuplot scripts (*.dat, *.gp) to %s\n",
			o->out);
		return EXIT_IO;
	}
	return 0;
}

/* the directory a page goes in, and the page's path: "DIR/" or an existing directory gets
 * index.html */
static char *page_path(const char *out, char **dir)
{
	struct stat st;
	size_t n = strlen(out);
	char *page, *slash;

	if (out[n - 1] == '/' || (!stat(out, &st) && S_ISDIR(st.st_mode)))
		page = path_join(out, "index.html");
	else
		page = xstrdup(out);
	*dir = xstrdup(page);
	slash = strrchr(*dir, '/');
	if (slash == *dir)
		slash[1] = 0;
	else if (slash)
		*slash = 0;
	else
		strcpy(*dir, ".");
	return page;
}

static int cmd_page(const struct opts *o, struct input *in, size_t n, bool ab, char **notes,
		    size_t nnotes)
{
	struct html_opts ho = { 0 };
	struct plot_set *rp = xcalloc(n, sizeof(*rp)), cp = { 0 };
	char *dir, *page, title[512];
	const char *g = NULL;
	size_t runs = 0;
	int r, rc = 0;

	if (ab) {
		char *o2 = path_join(o->out, "");

		page = page_path(o2, &dir);
		free(o2);
	} else {
		page = page_path(o->out, &dir);
	}
	if ((r = ensure_dir(dir)))
		goto out;
	for (size_t i = 0; i < n; i++)
		runs += in[i].kind == IN_RUN;
	if (ab)
		snprintf(title, sizeof(title), "A/B: %s against %s", in[0].stem, in[1].stem);
	else
		snprintf(title, sizeof(title), "ra-report: %zu input%s", n, n == 1 ? "" : "s");
	ho.title = o->title ? o->title : title;
	ho.compare_only = ab;
	ho.notes = notes;
	ho.nnotes = nnotes;
	ho.plots = false;
	if (o->no_plots) {
		ho.no_plots_reason = "ra-report ran with --no-plots";
	} else if (!(g = gnuplot_or_complain())) {
		ho.no_plots_reason = "gnuplot was not found when the page was made";
		rc = EXIT_IO;
	}
	if (!ab)
		for (size_t i = 0; i < n; i++)
			if (in[i].kind == IN_RUN && in[i].nrows >= 2 &&
			    (r = plot_run(&in[i], dir, g, &rp[i])))
				goto out;
	if ((ab && in[0].kind == IN_RUN) || runs >= 2) {
		struct input *rr = xcalloc(n, sizeof(*rr));
		size_t nr = 0;

		for (size_t i = 0; i < n; i++)
			if (in[i].kind == IN_RUN)
				rr[nr++] = in[i];
		r = plot_compare(rr, nr, dir, ab ? "ab" : "compare", g, &cp);
		if (!r && !ab && curve_possible(rr, nr))
			r = plot_curve(rr, nr, dir, g, &cp);
		free(rr);
		if (r)
			goto out;
	}
	ho.plots = g != NULL;
	ho.run_plots = rp;
	ho.cmp_plots = &cp;
	if ((r = html_write(page, in, n, &ho)))
		goto out;
	if (ab)
		text_compare(stdout, in, n);
	printf("%s%s\n", ab ? "\n" : "", page);
	r = rc;
out:
	free(rp);
	free(page);
	free(dir);
	return r;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "counters", no_argument, NULL, 'c' },
		{ "title", required_argument, NULL, 't' },
		{ "synth", required_argument, NULL, 's' },
		{ "no-plots", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { 0 };
	struct input *in;
	char **notes = NULL;
	size_t n = 0, nnotes = 0;
	int c, r = 0;

	if (argc < 2)
		return usage_error("%sexpected a command: table, csv, plot, ab or html", "");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	o.cmd = argv[1];
	if (strcmp(o.cmd, "table") && strcmp(o.cmd, "csv") && strcmp(o.cmd, "plot") &&
	    strcmp(o.cmd, "ab") && strcmp(o.cmd, "html"))
		return usage_error("unknown command '%s': expected table, csv, plot, ab or html",
				   o.cmd);
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "o:h", lo, NULL)) != -1) {
		switch (c) {
		case 'o': o.out = optarg; break;
		case 'c': o.counters = true; break;
		case 't': o.title = optarg; break;
		case 's': o.synth = optarg; break;
		case 'n': o.no_plots = true; break;
		case 'h': usage(stdout); return 0;
		default: fprintf(stderr, "Try 'ra-report --help'.\n"); return EXIT_BAD;
		}
	}
	o.files = argv + 1 + optind;
	o.nfiles = argc - 1 - optind;
	if (o.nfiles < 1)
		return usage_error("%s: expected at least one FILE", o.cmd);
	if (o.out && !*o.out)
		return usage_error("%s-o: expected a path", "");
	if (!o.out && (!strcmp(o.cmd, "plot") || !strcmp(o.cmd, "ab") || !strcmp(o.cmd, "html")))
		return usage_error("%s: expected -o (where to write)", o.cmd);
	if (o.counters && strcmp(o.cmd, "csv"))
		return usage_error("--counters goes with csv, not %s", o.cmd);
	if (o.title && strcmp(o.cmd, "ab") && strcmp(o.cmd, "html"))
		return usage_error("--title goes with ab and html, not %s", o.cmd);
	if (o.no_plots && strcmp(o.cmd, "ab") && strcmp(o.cmd, "html"))
		return usage_error("--no-plots goes with ab and html, not %s", o.cmd);
	if (o.synth && strcmp(o.cmd, "table") && strcmp(o.cmd, "html"))
		return usage_error("--synth goes with table and html, not %s", o.cmd);
	if (!strcmp(o.cmd, "ab") && o.nfiles != 2)
		return usage_error("%sab: expected two FILEs, A and B", "");

	in = xcalloc((size_t)o.nfiles + 2, sizeof(*in));	/* + --synth, + a failed load */
	for (int i = 0; i < o.nfiles && !r; i++)
		if (!(r = input_load(&in[n], o.files[i])))
			n++;
	if (!r)
		r = load_synth_opt(&o, in, &n, &notes, &nnotes);
	if (r)
		goto out;
	inputs_unique_stems(in, n);
	if (!strcmp(o.cmd, "ab") && (in[0].kind != in[1].kind ||
				      (in[0].kind != IN_RUN && in[0].kind != IN_RACTL))) {
		fprintf(stderr, "ra-report: ab: expected two run reports or two ractl stat outputs, "
			"found a %s and a %s\n", kind_name(in[0].kind), kind_name(in[1].kind));
		r = EXIT_BAD;
		goto out;
	}
	if (!strcmp(o.cmd, "table"))
		r = cmd_table(&o, in, n);
	else if (!strcmp(o.cmd, "csv"))
		r = cmd_csv(&o, in, n);
	else if (!strcmp(o.cmd, "plot"))
		r = cmd_plot(&o, in, n);
	else
		r = cmd_page(&o, in, n, !strcmp(o.cmd, "ab"), notes, nnotes);
out:
	for (size_t i = 0; i < n + 1; i++)
		input_free(&in[i]);
	free(in);
	for (size_t i = 0; i < nnotes; i++)
		free(notes[i]);
	free(notes);
	return r;
}
