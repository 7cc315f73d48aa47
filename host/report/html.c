// SPDX-License-Identifier: MIT
/*
 * html.c - one self-contained HTML page (inline CSS, no scripts) summarizing the inputs: an
 * overview, the comparison of the runs (counters side by side with ratios, time breakdown
 * bars drawn in CSS), each input's tables and its plots (SVG files next to the page, with
 * links to the PNGs).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static const char *const css =
	"body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;"
	"max-width:1100px;padding:0 1em;color:#222;line-height:1.4}\n"
	"h1{font-size:1.6em;border-bottom:2px solid #444;padding-bottom:.2em}\n"
	"h2{font-size:1.3em;margin-top:2em;border-bottom:1px solid #aaa}\n"
	"h3{font-size:1.05em;margin:1.2em 0 .4em}\n"
	"table{border-collapse:collapse;margin:.3em 0 1em;font-size:.9em}\n"
	"th,td{border:1px solid #ccc;padding:.15em .6em;text-align:left;vertical-align:top}\n"
	"th{background:#f0f0f0}\n"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;"
	"font-family:ui-monospace,monospace}\n"
	"tr.diff td{background:#fff6d6}\n"
	".meta{color:#555;font-size:.9em}\n"
	".note{background:#fff3cd;border:1px solid #e0c36a;padding:.5em .8em}\n"
	".cols{display:flex;flex-wrap:wrap;gap:2em}\n"
	".bar{display:flex;height:1.3em;border:1px solid #888;margin:.2em 0}\n"
	".bar span{display:block;height:100%}\n"
	".legend span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;"
	"vertical-align:middle;border:1px solid #888}\n"
	"figure{margin:1em 0}\nfigure img{max-width:100%;border:1px solid #ddd}\n"
	"figcaption{font-size:.85em;color:#555}\ncode{font-size:.95em}\n";

static const char *const colors[] = { "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
				      "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac" };
#define NCOLORS (sizeof(colors) / sizeof(colors[0]))

static void he(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

/* a JSON number as written: integers exactly, others with 15 significant digits */
static void jnum(FILE *f, const json_t *v)
{
	if (jis_u64(v))
		fprintf(f, "%" PRIu64, (uint64_t)json_integer_value(v));
	else
		fprintf(f, "%.15g", json_number_value(v));
}

static void kv_rows(FILE *f, const struct section *s, bool skip_zero)
{
	size_t zero = 0;

	for (size_t i = 0; i < s->n; i++) {
		char b[40];

		if (skip_zero && s->kv[i].v == 0) {
			zero++;
			continue;
		}
		fprintf(f, "<tr><td>");
		he(f, s->kv[i].name);
		fprintf(f, "</td><td class=\"num\">%s</td></tr>\n", kv_str(&s->kv[i], b, sizeof(b)));
	}
	if (zero)
		fprintf(f, "<tr><td colspan=\"2\" class=\"meta\">%zu more counters are zero</td></tr>\n",
			zero);
}

/* a ratio for a table cell: empty when absent, "-" when it has no value */
static void ratio_cell(const struct kv *k, char *buf, size_t n)
{
	if (!k)
		buf[0] = 0;
	else if (k->is_null)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.3f", k->v);
}

static void kv_table(FILE *f, const struct section *s, bool skip_zero)
{
	if (!s->present || !s->n)
		return;
	fprintf(f, "<table><tr><th colspan=\"2\">");
	he(f, s->title);
	fprintf(f, "</th></tr>\n");
	kv_rows(f, s, skip_zero);
	fprintf(f, "</table>\n");
}

static void vmstat_table(FILE *f, const struct section *s)
{
	struct section rest = *s;
	struct kv first[32];
	size_t nf = 0;

	fprintf(f, "<table><tr><th colspan=\"2\">vmstat</th></tr>\n");
	for (size_t i = 0; i < vmstat_first_n && nf < 32; i++) {
		const struct kv *k = sec_find(s, vmstat_first[i]);

		if (k)
			first[nf++] = *k;
	}
	rest.kv = first;
	rest.n = nf;
	kv_rows(f, &rest, false);
	fprintf(f, "<tr><th colspan=\"2\">other counters</th></tr>\n");
	rest.kv = xcalloc(s->n ? s->n : 1, sizeof(struct kv));
	rest.n = 0;
	for (size_t i = 0; i < s->n; i++) {
		bool is_first = false;

		for (size_t j = 0; j < vmstat_first_n; j++)
			is_first |= !strcmp(s->kv[i].name, vmstat_first[j]);
		if (!is_first)
			rest.kv[rest.n++] = s->kv[i];
	}
	kv_rows(f, &rest, true);
	free(rest.kv);
	fprintf(f, "</table>\n");
}

/* one stacked bar per run, lengths relative to the longest total */
static void time_bars(FILE *f, const struct input *in, size_t n)
{
	const struct section *t0 = &in[0].sec[S_TIME];
	uint64_t max = 1;

	for (size_t i = 0; i < n; i++) {
		uint64_t t = sec_u(&in[i].sec[S_TIME], "total_cycles", 0);

		if (t > max)
			max = t;
	}
	fprintf(f, "<p class=\"legend\">");
	for (size_t b = 0, c = 0; b < t0->n; b++) {
		if (!strcmp(t0->kv[b].name, "total_cycles"))
			continue;
		fprintf(f, "<span style=\"background:%s\"></span>", colors[c++ % NCOLORS]);
		he(f, t0->kv[b].name);
	}
	fprintf(f, "</p>\n<table style=\"width:100%%\">\n");
	for (size_t i = 0; i < n; i++) {
		const struct section *t = &in[i].sec[S_TIME];
		uint64_t total = sec_u(t, "total_cycles", 0);

		fprintf(f, "<tr><td>%c: ", (int)('A' + i));
		he(f, in[i].stem);
		fprintf(f, "</td><td class=\"num\">%.3f M</td><td style=\"width:70%%\">"
			"<div class=\"bar\" style=\"width:%.1f%%\">", (double)total / 1e6,
			100.0 * (double)total / (double)max);
		for (size_t b = 0, c = 0; b < t0->n; b++) {
			uint64_t v;

			if (!strcmp(t0->kv[b].name, "total_cycles"))
				continue;
			v = sec_u(t, t0->kv[b].name, 0);
			fprintf(f, "<span title=\"%s: %" PRIu64 " cycles (%.1f%%)\" style=\"width:%.3f%%;"
				"background:%s\"></span>", t0->kv[b].name, v,
				total ? 100.0 * (double)v / (double)total : 0.0,
				total ? 100.0 * (double)v / (double)total : 0.0, colors[c++ % NCOLORS]);
		}
		fprintf(f, "</div></td></tr>\n");
	}
	fprintf(f, "</table>\n");
}

static void time_table(FILE *f, const struct section *t)
{
	uint64_t total = sec_u(t, "total_cycles", 0);

	fprintf(f, "<table><tr><th>time</th><th class=\"num\">cycles</th><th class=\"num\">share"
		"</th></tr>\n");
	for (size_t i = 0; i < t->n; i++) {
		if (!strcmp(t->kv[i].name, "total_cycles"))
			continue;
		fprintf(f, "<tr><td>");
		he(f, t->kv[i].name);
		fprintf(f, "</td><td class=\"num\">%" PRIu64 "</td><td class=\"num\">%.1f%%</td></tr>\n",
			t->kv[i].u, total ? 100.0 * (double)t->kv[i].u / (double)total : 0.0);
	}
	fprintf(f, "<tr><th>total</th><th class=\"num\">%" PRIu64 "</th><th></th></tr></table>\n",
		total);
}

static void figures(FILE *f, const struct plot_set *ps, const struct html_opts *o)
{
	if (!ps || !ps->n)
		return;
	if (!o->plots) {
		fprintf(f, "<p class=\"note\">Plots not drawn: ");
		he(f, o->no_plots_reason ? o->no_plots_reason : "disabled");
		fprintf(f, ".</p>\n");
		return;
	}
	for (unsigned i = 0; i < ps->n; i++) {
		fprintf(f, "<figure><img src=\"%s.svg\" alt=\"", ps->names[i]);
		he(f, ps->titles[i]);
		fprintf(f, "\"><figcaption>");
		he(f, ps->titles[i]);
		fprintf(f, " &mdash; <a href=\"%s.svg\">SVG</a>, <a href=\"%s.png\">PNG</a>"
			"</figcaption></figure>\n", ps->names[i], ps->names[i]);
	}
}

static void compare(FILE *f, const struct input *in, size_t n, const struct plot_set *ps,
		    const struct html_opts *o)
{
	fprintf(f, "<h2 id=\"compare\">Comparison</h2>\n<p>Ratios are to A. Highlighted rows "
		"differ from A. vmstat rows that are zero in every run are left out.</p>\n<ul>\n");
	for (size_t i = 0; i < n; i++) {
		char d[256];

		input_describe(&in[i], d, sizeof(d));
		fprintf(f, "<li><b>%c</b>: <code>", (int)('A' + i));
		he(f, in[i].path);
		fprintf(f, "</code> &mdash; ");
		he(f, d);
		fprintf(f, "</li>\n");
	}
	fprintf(f, "</ul>\n");
	/* configuration members that differ */
	if (in[0].kind == IN_RUN && in[0].config) {
		bool any = false;

		const char *key;
		const json_t *a;

		json_object_foreach((json_t *)in[0].config, key, a) {
			bool differs = false;

			for (size_t i = 1; i < n; i++) {
				const json_t *b = json_object_get(in[i].config, key);

				differs |= !b || (json_is_number(a) ? !json_is_number(b) ||
						  json_number_value(a) != json_number_value(b) :
						  json_typeof(b) != json_typeof(a) ||
						  (json_is_string(a) && strcmp(json_string_value(a),
									       json_string_value(b))));
			}
			if (!differs || !strcmp(key, "sample_interval"))
				continue;
			if (!any)
				fprintf(f, "<table><tr><th>configuration that differs</th>");
			if (!any)
				for (size_t i = 0; i < n; i++)
					fprintf(f, "<th>%c</th>", (int)('A' + i));
			if (!any)
				fprintf(f, "</tr>\n");
			any = true;
			fprintf(f, "<tr><td>");
			he(f, key);
			fprintf(f, "</td>");
			for (size_t i = 0; i < n; i++) {
				const json_t *b = json_object_get(in[i].config, key);

				fprintf(f, "<td>");
				if (json_is_string(b))
					he(f, json_string_value(b));
				else if (json_is_number(b))
					jnum(f, b);
				fprintf(f, "</td>");
			}
			fprintf(f, "</tr>\n");
		}
		if (any)
			fprintf(f, "</table>\n");
	}
	if (in[0].kind == IN_RUN) {
		fprintf(f, "<h3>Time breakdown</h3>\n");
		time_bars(f, in, n);
	}
	figures(f, ps, o);
	for (size_t s = 0; s < in[0].nsec; s++) {
		bool header = false;

		if (in[0].sec[s].key && !strcmp(in[0].sec[s].key, "host"))
			continue;
		for (size_t j = 0; j < n; j++) {
			const struct section *sj = &in[j].sec[s];

			for (size_t r = 0; r < sj->n; r++) {
				const char *name = sj->kv[r].name;
				const struct kv *a = sec_find(&in[0].sec[s], name);
				bool seen = false, nonzero = false, differs = false;

				for (size_t k = 0; k < j && !seen; k++)
					seen = sec_find(&in[k].sec[s], name) != NULL;
				if (seen)
					continue;
				for (size_t k = 0; k < n; k++) {
					const struct kv *v = sec_find(&in[k].sec[s], name);

					nonzero |= v && v->v != 0;
					differs |= !v || !a || v->v != a->v;
				}
				if (!nonzero && s == S_VMSTAT)
					continue;
				if (!header) {
					fprintf(f, "<h3>");
					he(f, sj->title);
					fprintf(f, "</h3>\n<table><tr><th>counter</th>");
					for (size_t k = 0; k < n; k++)
						fprintf(f, "<th class=\"num\">%c</th>%s", (int)('A' + k),
							k ? "<th class=\"num\">ratio</th>" : "");
					fprintf(f, "</tr>\n");
					header = true;
				}
				fprintf(f, "<tr%s><td>", differs ? " class=\"diff\"" : "");
				he(f, name);
				fprintf(f, "</td>");
				for (size_t k = 0; k < n; k++) {
					const struct kv *v = sec_find(&in[k].sec[s], name);
					char b[40], q[24];

					fprintf(f, "<td class=\"num\">%s</td>", v ? kv_str(v, b, sizeof(b)) : "-");
					if (k)
						fprintf(f, "<td class=\"num\">%s</td>",
							ratio_str(a, v, q, sizeof(q)));
				}
				fprintf(f, "</tr>\n");
			}
		}
		if (header)
			fprintf(f, "</table>\n");
	}
}

static void run_section(FILE *f, const struct input *in, const struct plot_set *ps,
			const struct html_opts *o)
{
	const struct section *m = &in->sec[S_MACHINE];
	const char *key;
	const json_t *v;

	fprintf(f, "<table><tr><th colspan=\"2\">configuration</th></tr>\n");

	json_object_foreach((json_t *)in->config, key, v) {
		fprintf(f, "<tr><td>");
		he(f, key);
		fprintf(f, "</td><td class=\"num\">");
		if (json_is_string(v))
			he(f, json_string_value(v));
		else if (json_is_number(v))
			jnum(f, v);
		else
			fprintf(f, "%s", jtype_name(v));
		fprintf(f, "</td></tr>\n");
	}
	fprintf(f, "</table>\n<p>%" PRIu64 " pages managed; watermarks (pages, all zones): min %"
		PRIu64 ", low %" PRIu64 ", high %" PRIu64 ".", sec_u(m, "managed_pages", 0),
		sec_u(m, "wmark_min", 0), sec_u(m, "wmark_low", 0), sec_u(m, "wmark_high", 0));
	for (size_t i = 0; i < in->nprocs; i++) {
		fprintf(f, " Process %d (", in->procs[i].pid);
		he(f, in->procs[i].comm);
		fprintf(f, "): ");
		he(f, in->procs[i].state);
		fprintf(f, ".");
	}
	fprintf(f, "</p>\n");
	if (in->nrows)
		figures(f, ps, o);
	else
		fprintf(f, "<p class=\"meta\">No samples, so no plots (record them with "
			"<code>ra-sim run --json FILE --interval N</code>).</p>\n");
	fprintf(f, "<div class=\"cols\"><div>\n");
	vmstat_table(f, &in->sec[S_VMSTAT]);
	fprintf(f, "</div><div>\n");
	if (in->sec[S_DEVICE].n)
		kv_table(f, &in->sec[S_DEVICE], false);
	else
		fprintf(f, "<p>No device (accel %s).</p>\n", in->accel);
	time_table(f, &in->sec[S_TIME]);
	kv_table(f, &in->sec[S_AGING], false);
	kv_table(f, &in->sec[S_OPT], false);
	kv_table(f, &in->sec[S_BOUNDS], false);
	kv_table(f, &in->sec[S_KSM], false);
	kv_table(f, &in->sec[S_COMPACTION], false);
	kv_table(f, &in->sec[S_INTEGRITY], false);
	kv_table(f, &in->sec[S_WORKLOAD], false);
	kv_table(f, &in->sec[S_FINAL], false);
	fprintf(f, "</div></div>\n");
}

static void synth_section(FILE *f, const struct input *in)
{
	fprintf(f, "<table><tr><th>target</th>");
	for (int k = 0; k < SYNTH_FIELDS; k++)
		fprintf(f, "<th class=\"num\">%s</th>", synth_fields[k]);
	fprintf(f, "</tr>\n");
	for (size_t i = 0; i < in->nsynth; i++) {
		fprintf(f, "<tr><td>");
		he(f, in->synth[i].target);
		fprintf(f, "</td>");
		for (int k = 0; k < SYNTH_FIELDS; k++) {
			if (!in->synth[i].has[k])
				fprintf(f, "<td class=\"num\">-</td>");
			else
				fprintf(f, "<td class=\"num\">%.*f</td>", k == 3 ? 1 : 0, in->synth[i].v[k]);
		}
		fprintf(f, "</tr>\n");
	}
	fprintf(f, "</table>\n");
}

int html_write(const char *path, const struct input *in, size_t n, const struct html_opts *o)
{
	FILE *f = fopen(path, "w");
	size_t runs = 0;
	int bad;

	if (!f) {
		fprintf(stderr, "ra-report: %s: %s\n", path, strerror(errno));
		return EXIT_IO;
	}
	for (size_t i = 0; i < n; i++)
		runs += in[i].kind == IN_RUN;
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	he(f, o->title);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", css);
	he(f, o->title);
	fprintf(f, "</h1>\n<p class=\"meta\">Generated by <code>ra-report</code> from");
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s <code>", i ? "," : "");
		he(f, in[i].path);
		fprintf(f, "</code>");
	}
	fprintf(f, ". Times are simulated CPU cycles (2 GHz core, docs/firmware.md); counters are "
		"named as in <code>/proc/vmstat</code> and docs/registers.md.</p>\n");
	for (size_t i = 0; i < o->nnotes; i++) {
		fprintf(f, "<p class=\"note\">");
		he(f, o->notes[i]);
		fprintf(f, "</p>\n");
	}
	if (!o->compare_only) {
		fprintf(f, "<h2 id=\"overview\">Overview</h2>\n<table><tr><th>input</th><th>kind</th>"
			"<th>what</th><th class=\"num\">simulated Mcycles</th>"
			"<th class=\"num\">pgmajfault</th><th class=\"num\">pswpout</th>"
			"<th class=\"num\">page reads / OPT's</th>"
			"<th class=\"num\">/ exact LRU's</th><th class=\"num\">/ frequency bound's</th>"
			"</tr>\n");
		for (size_t i = 0; i < n; i++) {
			char d[256];
			const struct kv *ratio = sec_find(&in[i].sec[S_OPT], "ratio");
			const struct kv *rl = sec_find(&in[i].sec[S_BOUNDS], "run_over_lru");
			const struct kv *rf = sec_find(&in[i].sec[S_BOUNDS], "run_over_freq");

			input_describe(&in[i], d, sizeof(d));
			fprintf(f, "<tr><td><a href=\"#in-%s\">", in[i].stem);
			he(f, in[i].stem);
			fprintf(f, "</a></td><td>%s</td><td>", kind_name(in[i].kind));
			he(f, d);
			fprintf(f, "</td>");
			if (in[i].kind == IN_RUN) {
				char q[32] = "", ql[32] = "", qf[32] = "";

				ratio_cell(ratio, q, sizeof(q));
				ratio_cell(rl, ql, sizeof(ql));
				ratio_cell(rf, qf, sizeof(qf));
				fprintf(f, "<td class=\"num\">%.3f</td><td class=\"num\">%" PRIu64 "</td>"
					"<td class=\"num\">%" PRIu64 "</td><td class=\"num\">%s</td>"
					"<td class=\"num\">%s</td><td class=\"num\">%s</td>",
					(double)sec_u(&in[i].sec[S_TIME], "total_cycles", 0) / 1e6,
					sec_u(&in[i].sec[S_VMSTAT], "pgmajfault", 0),
					sec_u(&in[i].sec[S_VMSTAT], "pswpout", 0), q, ql, qf);
			} else {
				fprintf(f, "<td></td><td></td><td></td><td></td><td></td><td></td>");
			}
			fprintf(f, "</tr>\n");
		}
		fprintf(f, "</table>\n");
	}
	if (runs >= 2 || o->compare_only) {
		struct input *r = xcalloc(n, sizeof(*r));
		size_t nr = 0;

		for (size_t i = 0; i < n; i++)
			if (in[i].kind == (o->compare_only ? in[0].kind : IN_RUN))
				r[nr++] = in[i];
		compare(f, r, nr, o->cmp_plots, o);
		free(r);
	}
	if (!o->compare_only)
		for (size_t i = 0; i < n; i++) {
			char d[256];

			input_describe(&in[i], d, sizeof(d));
			fprintf(f, "<h2 id=\"in-%s\">", in[i].stem);
			he(f, in[i].stem);
			fprintf(f, ": ");
			he(f, d);
			fprintf(f, "</h2>\n<p class=\"meta\">%s <code>", kind_name(in[i].kind));
			he(f, in[i].path);
			fprintf(f, "</code></p>\n");
			switch (in[i].kind) {
			case IN_RUN:
				run_section(f, &in[i], o->run_plots ? &o->run_plots[i] : NULL, o);
				break;
			case IN_OPT:
				kv_table(f, &in[i].sec[S_OPT], false);
				kv_table(f, &in[i].sec[S_BOUNDS], false);
				break;
			case IN_RACTL:
				fprintf(f, "<div class=\"cols\"><div>\n");
				kv_table(f, &in[i].sec[S_COUNTER], false);
				fprintf(f, "</div><div>\n");
				kv_table(f, &in[i].sec[S_DRIVER], false);
				fprintf(f, "</div></div>\n");
				break;
			case IN_SYNTH:
				synth_section(f, &in[i]);
				break;
			}
		}
	fprintf(f, "</body>\n</html>\n");
	bad = ferror(f);
	if (fclose(f) || bad) {
		fprintf(stderr, "ra-report: %s: write error\n", path);
		return EXIT_IO;
	}
	return 0;
}
