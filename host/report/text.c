// SPDX-License-Identifier: MIT
/*
 * text.c - `ra-report table` (text tables) and `ra-report csv` (samples and counters).
 */
#include <inttypes.h>
#include <string.h>

#include "report.h"

const char *const vmstat_first[] = {
	"pgscan_kswapd", "pgscan_direct", "pgsteal_kswapd", "pgsteal_direct", "pgrefill",
	"pgactivate", "pgdeactivate", "pswpin", "pswpout", "pgmajfault", "pgfault",
	"workingset_refault", "workingset_activate", "allocstall", "kswapd_wake", "oom_kill",
	"slabs_scanned",
};
const size_t vmstat_first_n = sizeof(vmstat_first) / sizeof(vmstat_first[0]);

const char *kv_str(const struct kv *k, char *buf, size_t n)
{
	if (k->is_null)
		snprintf(buf, n, "-");
	else if (k->is_int)
		snprintf(buf, n, "%" PRIu64, k->u);
	else
		snprintf(buf, n, "%.4f", k->v);
	return buf;
}

const char *ratio_str(const struct kv *a, const struct kv *b, char *buf, size_t n)
{
	double x = a ? a->v : 0, y = b ? b->v : 0;

	if (!a || !b || a->is_null || b->is_null)
		snprintf(buf, n, "-");
	else if (x == 0)
		snprintf(buf, n, "%s", y == 0 ? "=" : "new");
	else
		snprintf(buf, n, "%.3f", y / x);
	return buf;
}

static bool is_first(const char *name)
{
	for (size_t i = 0; i < vmstat_first_n; i++)
		if (!strcmp(name, vmstat_first[i]))
			return true;
	return false;
}

static void kv_line(FILE *f, const struct kv *k)
{
	char b[40];

	fprintf(f, "  %-30s %16s\n", k->name, kv_str(k, b, sizeof(b)));
}

static void section_plain(FILE *f, const struct section *s)
{
	if (!s->present || !s->n)
		return;
	fprintf(f, "\n%s\n", s->title);
	for (size_t i = 0; i < s->n; i++)
		kv_line(f, &s->kv[i]);
}

static void vmstat_table(FILE *f, const struct section *s)
{
	size_t zero = 0;

	fprintf(f, "\nvmstat (the 17 main counters, then every other non-zero one)\n");
	for (size_t i = 0; i < vmstat_first_n; i++) {
		const struct kv *k = sec_find(s, vmstat_first[i]);

		if (k)
			kv_line(f, k);
	}
	for (size_t i = 0; i < s->n; i++) {
		if (is_first(s->kv[i].name))
			continue;
		if (s->kv[i].v == 0)
			zero++;
		else
			kv_line(f, &s->kv[i]);
	}
	if (zero)
		fprintf(f, "  (%zu more counters are zero)\n", zero);
}

static void time_table(FILE *f, const struct section *s)
{
	uint64_t total = sec_u(s, "total_cycles", 0);

	fprintf(f, "\ntime breakdown (simulated cycles)\n");
	for (size_t i = 0; i < s->n; i++) {
		const struct kv *k = &s->kv[i];
		double share = total ? (double)k->u / (double)total : 0;
		char bar[41];
		int w = (int)(share * 40 + 0.5);

		if (!strcmp(k->name, "total_cycles"))
			continue;
		memset(bar, '#', sizeof(bar));
		bar[w > 40 ? 40 : w] = 0;
		fprintf(f, "  %-30s %16" PRIu64 " %6.1f%%%s%s\n", k->name, k->u, 100 * share,
			w ? "  " : "", bar);
	}
	fprintf(f, "  %-30s %16" PRIu64 " %6.1f%%\n", "total", total, total ? 100.0 : 0.0);
}

static void samples_table(FILE *f, const struct input *in)
{
	static const char *const want[] = { "ops", "cycles", "free_pages", "pgscan_kswapd",
					    "pgscan_direct", "pswpout", "pgmajfault",
					    "dev_pte_scanned" };
	int col[8];
	size_t nc = 0, shown = in->nrows < 11 ? in->nrows : 11;

	fprintf(f, "\nsamples: %zu, every %" PRIu64 " operations; %zu counters each (%zu rows "
		"shown; all with 'ra-report csv')\n", in->nrows, in->sample_interval, in->ncols,
		shown);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if ((col[nc] = sample_col(in, want[i])) >= 0)
			nc++;
	fprintf(f, " ");
	for (size_t c = 0; c < nc; c++)
		fprintf(f, " %15s", in->cols[col[c]]);
	fprintf(f, "\n");
	for (size_t i = 0; i < shown; i++) {
		size_t r = shown > 1 ? i * (in->nrows - 1) / (shown - 1) : 0;

		fprintf(f, " ");
		for (size_t c = 0; c < nc; c++)
			fprintf(f, " %15" PRIu64, sample_at(in, r, col[c]));
		fprintf(f, "\n");
	}
}

static void run_tables(FILE *f, const struct input *in)
{
	const struct section *m = &in->sec[S_MACHINE];

	fprintf(f, "config: mem %" PRIu64 " MiB, swap %" PRIu64 " MiB, seed %" PRIu64
		", scale %g, tick %" PRIu64 ", TLB %" PRIu64 ", swappiness %" PRIu64
		", device latency %" PRIu64 "\n",
		in->mem_bytes >> 20, in->swap_bytes >> 20, in->seed, in->scale, in->tick, in->tlb,
		in->swappiness, in->latency);
	fprintf(f, "machine: %" PRIu64 " pages managed; watermarks (pages, all zones): min %" PRIu64
		", low %" PRIu64 ", high %" PRIu64 "; %" PRIu64 " swap slots\n",
		sec_u(m, "managed_pages", 0), sec_u(m, "wmark_min", 0), sec_u(m, "wmark_low", 0),
		sec_u(m, "wmark_high", 0), sec_u(m, "swap_slots", 0));
	for (size_t i = 0; i < in->nprocs; i++)
		if (strcmp(in->procs[i].state, "live"))
			fprintf(f, "process %d (%s): %s\n", in->procs[i].pid, in->procs[i].comm,
				in->procs[i].state);
	section_plain(f, &in->sec[S_WORKLOAD]);
	vmstat_table(f, &in->sec[S_VMSTAT]);
	if (in->sec[S_DEVICE].n) {
		fprintf(f, "\ndevice counters (accel %s)\n", in->accel);
		for (size_t i = 0; i < in->sec[S_DEVICE].n; i++)
			kv_line(f, &in->sec[S_DEVICE].kv[i]);
	} else {
		fprintf(f, "\ndevice counters: none (accel %s)\n", in->accel);
	}
	time_table(f, &in->sec[S_TIME]);
	section_plain(f, &in->sec[S_KSM]);
	section_plain(f, &in->sec[S_COMPACTION]);
	section_plain(f, &in->sec[S_AGING]);
	section_plain(f, &in->sec[S_OPT]);
	section_plain(f, &in->sec[S_BOUNDS]);
	section_plain(f, &in->sec[S_INTEGRITY]);
	section_plain(f, &in->sec[S_FINAL]);
	if (in->nrows)
		samples_table(f, in);
	else
		fprintf(f, "\nsamples: none (ra-sim run --interval N records them)\n");
}

static void synth_table(FILE *f, const struct input *in)
{
	fprintf(f, "  %-24s %10s %10s %10s %10s\n", "target", synth_fields[0], synth_fields[1],
		synth_fields[2], synth_fields[3]);
	for (size_t i = 0; i < in->nsynth; i++) {
		fprintf(f, "  %-24s", in->synth[i].target);
		for (int k = 0; k < SYNTH_FIELDS; k++) {
			if (!in->synth[i].has[k])
				fprintf(f, " %10s", "-");
			else if (k == 3)
				fprintf(f, " %10.1f", in->synth[i].v[k]);
			else
				fprintf(f, " %10.0f", in->synth[i].v[k]);
		}
		fprintf(f, "\n");
	}
}

void text_tables(FILE *f, const struct input *in)
{
	char d[256];

	input_describe(in, d, sizeof(d));
	fprintf(f, "== %s: %s, %s\n", in->path, kind_name(in->kind), d);
	switch (in->kind) {
	case IN_RUN:
		run_tables(f, in);
		break;
	case IN_OPT:
		section_plain(f, &in->sec[S_OPT]);
		break;
	case IN_RACTL:
		section_plain(f, &in->sec[S_COUNTER]);
		section_plain(f, &in->sec[S_DRIVER]);
		break;
	case IN_SYNTH:
		synth_table(f, in);
		break;
	}
}

/*
 * Counters of @n inputs side by side, with each one's ratio to the first. Rows: the union of
 * the inputs' counters, in the first input's order; vmstat rows that are zero everywhere are
 * left out.
 */
void text_compare(FILE *f, const struct input *in, size_t n)
{
	fprintf(f, "== comparison (ratio: to %s)\n", in[0].stem);
	for (size_t i = 0; i < n; i++) {
		char d[256];

		input_describe(&in[i], d, sizeof(d));
		fprintf(f, "  %c: %s (%s)\n", (int)('A' + i), in[i].stem, d);
	}
	for (size_t s = 0; s < in[0].nsec; s++) {
		bool header = false;

		for (size_t j = 0; j < n; j++) {
			const struct section *sj = &in[j].sec[s];

			for (size_t r = 0; r < sj->n; r++) {
				const char *name = sj->kv[r].name;
				bool seen = false, nonzero = false;

				for (size_t k = 0; k < j && !seen; k++)
					seen = sec_find(&in[k].sec[s], name) != NULL;
				if (seen || in[0].sec[s].key == NULL || !strcmp(in[0].sec[s].key, "host"))
					continue;
				for (size_t k = 0; k < n; k++) {
					const struct kv *v = sec_find(&in[k].sec[s], name);

					nonzero |= v && v->v != 0;
				}
				if (!nonzero)
					continue;
				if (!header) {
					fprintf(f, "\n%-32s", sj->title);
					for (size_t k = 0; k < n; k++)
						fprintf(f, " %16c%s", (int)('A' + k), k ? "   ratio" : "");
					fprintf(f, "\n");
					header = true;
				}
				fprintf(f, "  %-30s", name);
				for (size_t k = 0; k < n; k++) {
					const struct kv *v = sec_find(&in[k].sec[s], name);
					char b[40], q[24];

					fprintf(f, " %16s", v ? kv_str(v, b, sizeof(b)) : "-");
					if (k)
						fprintf(f, " %7s", ratio_str(sec_find(&in[0].sec[s], name), v,
									q, sizeof(q)));
				}
				fprintf(f, "\n");
			}
		}
	}
}

int csv_samples(FILE *f, const struct input *in)
{
	for (size_t c = 0; c < in->ncols; c++)
		fprintf(f, "%s%s", c ? "," : "", in->cols[c]);
	fprintf(f, "\n");
	for (size_t r = 0; r < in->nrows; r++) {
		for (size_t c = 0; c < in->ncols; c++)
			fprintf(f, "%s%" PRIu64, c ? "," : "", in->rows[r * in->ncols + c]);
		fprintf(f, "\n");
	}
	return 0;
}

/* RFC 4180: quote a field that holds a comma, a quote or a line break */
static void csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void csv_counters(FILE *f, const struct input *in, size_t n)
{
	fprintf(f, "section,counter");
	for (size_t k = 0; k < n; k++) {
		fputc(',', f);
		csv_field(f, n == 1 ? "value" : in[k].stem);
	}
	fprintf(f, "\n");
	for (size_t s = 0; s < MAX_SECTIONS; s++)
		for (size_t j = 0; j < n; j++) {
			const struct section *sj = &in[j].sec[s];

			for (size_t r = 0; r < sj->n; r++) {
				const char *name = sj->kv[r].name;
				bool seen = false;

				for (size_t k = 0; k < j && !seen; k++)
					seen = in[k].kind == in[j].kind &&
					       sec_find(&in[k].sec[s], name) != NULL;
				if (seen)
					continue;
				fprintf(f, "%s,%s", sj->key, name);
				for (size_t k = 0; k < n; k++) {
					const struct kv *v = in[k].kind == in[j].kind ?
							     sec_find(&in[k].sec[s], name) : NULL;
					char b[40];

					fprintf(f, ",%s", v ? kv_str(v, b, sizeof(b)) : "");
				}
				fprintf(f, "\n");
			}
		}
}

void csv_synth(FILE *f, const struct input *in)
{
	fprintf(f, "target,%s,%s,%s,%s\n", synth_fields[0], synth_fields[1], synth_fields[2],
		synth_fields[3]);
	for (size_t i = 0; i < in->nsynth; i++) {
		csv_field(f, in->synth[i].target);
		for (int k = 0; k < SYNTH_FIELDS; k++) {
			if (in->synth[i].has[k])
				fprintf(f, ",%.15g", in->synth[i].v[k]);
			else
				fprintf(f, ",");
		}
		fprintf(f, "\n");
	}
}
