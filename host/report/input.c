// SPDX-License-Identifier: MIT
/*
 * input.c - read ra-report's inputs and check them: which kind of file, and that every
 * member the tool uses has the type it needs. Every complaint names the file, the line and
 * column, and what was expected there.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report.h"

#define MAX_FILE (256u << 20)

const char *const synth_fields[SYNTH_FIELDS] = { "cells", "luts", "ffs", "fmax_mhz" };

static const struct {
	const char *key, *title;
	bool required, reals;	/* reals: numbers need not be integers */
} run_sections[NR_RUN_SECTIONS] = {
	[S_MACHINE] = { "machine", "machine", true, false },
	[S_WORKLOAD] = { "workload", "workload", false, false },
	[S_VMSTAT] = { "vmstat", "vmstat", true, false },
	[S_DEVICE] = { "device", "device counters", false, false },
	[S_TIME] = { "time", "time breakdown", true, false },
	[S_KSM] = { "ksm", "KSM", false, false },
	[S_COMPACTION] = { "compaction", "compaction", false, false },
	[S_FINAL] = { "final", "at the end", false, false },
	[S_AGING] = { "aging", "aging", false, false },
	[S_OPT] = { "opt", "OPT (Belady) against this run", false, true },
	[S_BOUNDS] = { "bounds", "bounds: OPT, exact LRU and the frequency bound against this run",
		       false, true },
	[S_INTEGRITY] = { "integrity", "integrity", false, false },
	[S_HOST] = { "host", "host", false, true },
};

const char *kind_name(enum in_kind k)
{
	switch (k) {
	case IN_RUN: return "ra-sim run report";
	case IN_OPT: return "ra-sim run --policy opt report";
	case IN_RACTL: return "ractl stat output";
	case IN_SYNTH: return "synthesis report";
	}
	return "?";
}

static int bad(const struct input *in, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int bad(const struct input *in, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ra-report: %s:%u:%u: ", in->path, line, col);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_BAD;
}

/* "a string", "-3", "1.5", ... : what a value that should have been a count is */
static const char *what_is(const struct json *v, char *buf, size_t n)
{
	if (v->type == JSON_NUMBER) {
		snprintf(buf, n, "%.17g", v->num);
		return buf;
	}
	return json_type_name(v->type);
}

static int read_file(struct input *in)
{
	FILE *f = fopen(in->path, "rb");
	struct stat st;
	size_t cap = 1 << 16;

	if (!f || fstat(fileno(f), &st)) {
		fprintf(stderr, "ra-report: %s: %s\n", in->path, strerror(errno));
		if (f)
			fclose(f);
		return EXIT_IO;
	}
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "ra-report: %s: is a directory: expected a file\n", in->path);
		fclose(f);
		return EXIT_IO;
	}
	in->text = malloc(cap + 1);
	for (;;) {
		size_t got;

		if (!in->text) {
			fprintf(stderr, "ra-report: %s: out of memory\n", in->path);
			fclose(f);
			return EXIT_IO;
		}
		got = fread(in->text + in->len, 1, cap - in->len, f);
		in->len += got;
		if (in->len < cap)
			break;
		if (cap >= MAX_FILE) {
			fprintf(stderr, "ra-report: %s: larger than %u MiB\n", in->path, MAX_FILE >> 20);
			fclose(f);
			return EXIT_BAD;
		}
		cap *= 2;
		in->text = realloc(in->text, cap + 1);
	}
	if (ferror(f)) {
		fprintf(stderr, "ra-report: %s: read error: %s\n", in->path, strerror(errno));
		fclose(f);
		return EXIT_IO;
	}
	fclose(f);
	in->text[in->len] = 0;
	return 0;
}

static void make_stem(struct input *in)
{
	const char *b = strrchr(in->path, '/');
	char *dot;

	b = b ? b + 1 : in->path;
	in->stem = xstrdup(*b ? b : "input");
	dot = strrchr(in->stem, '.');
	if (dot && dot != in->stem)
		*dot = 0;
	for (char *c = in->stem; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      *c == '.' || *c == '_' || *c == '-'))
			*c = '_';
}

void inputs_unique_stems(struct input *in, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		unsigned k = 2;
		bool clash;

		do {
			clash = false;
			for (size_t j = 0; j < i; j++)
				clash |= !strcmp(in[i].stem, in[j].stem);
			if (clash) {
				size_t len = strlen(in[i].stem);
				char *s = xcalloc(len + 16, 1);
				char *dash = strrchr(in[i].stem, '-');

				/* strip a suffix added in an earlier round */
				if (k > 2 && dash)
					*dash = 0;
				snprintf(s, len + 16, "%s-%u", in[i].stem, k++);
				free(in[i].stem);
				in[i].stem = s;
			}
		} while (clash);
	}
}

/* ---- JSON helpers ---------------------------------------------------------------------------- */

static int need(const struct input *in, const struct json *obj, const char *path, const char *key,
		enum json_type t, const struct json **out)
{
	const struct json *v = json_get(obj, key);

	if (!v)
		return bad(in, obj->line, obj->col, "%s: expected a member \"%s\" (%s)", path, key,
			   json_type_name(t));
	if (v->type != t)
		return bad(in, v->line, v->col, "%s.%s: expected %s, found %s", path, key,
			   json_type_name(t), json_type_name(v->type));
	*out = v;
	return 0;
}

static int get_u64(const struct input *in, const struct json *obj, const char *path,
		   const char *key, bool required, uint64_t *out)
{
	const struct json *v = json_get(obj, key);
	char buf[40];

	if (!v) {
		if (required)
			return bad(in, obj->line, obj->col,
				   "%s: expected a member \"%s\" (a non-negative integer)", path, key);
		return 0;
	}
	if (v->type != JSON_NUMBER || !v->is_u64)
		return bad(in, v->line, v->col, "%s.%s: expected a non-negative integer, found %s",
			   path, key, what_is(v, buf, sizeof(buf)));
	*out = v->u64;
	return 0;
}

static int get_str(const struct input *in, const struct json *obj, const char *path,
		   const char *key, bool required, const char **out)
{
	const struct json *v = json_get(obj, key);

	if (!v) {
		if (required)
			return bad(in, obj->line, obj->col, "%s: expected a member \"%s\" (a string)",
				   path, key);
		return 0;
	}
	if (v->type != JSON_STRING)
		return bad(in, v->line, v->col, "%s.%s: expected a string, found %s", path, key,
			   json_type_name(v->type));
	*out = v->str;
	return 0;
}

/* An object of numbers as a section; @skip names one member that is not a number. */
static int load_section(struct input *in, struct section *s, const struct json *v,
			const char *key, const char *title, bool reals, const char *skip)
{
	char buf[40];

	s->key = key;
	s->title = title;
	s->present = true;
	if (v->type != JSON_OBJECT)
		return bad(in, v->line, v->col, "%s: expected an object of counters, found %s", key,
			   json_type_name(v->type));
	s->kv = xcalloc(v->n ? v->n : 1, sizeof(*s->kv));
	for (size_t i = 0; i < v->n; i++) {
		const struct json *c = &v->kids[i];
		struct kv *k;

		if (skip && !strcmp(v->keys[i], skip))
			continue;
		if (reals && c->type == JSON_NULL) {
			k = &s->kv[s->n++];
			k->name = v->keys[i];
			k->is_null = true;
			continue;
		}
		if (c->type != JSON_NUMBER || (!reals && !c->is_u64))
			return bad(in, c->line, c->col, "%s.%s: expected %s, found %s", key,
				   v->keys[i], reals ? "a number or null" : "a non-negative integer",
				   what_is(c, buf, sizeof(buf)));
		k = &s->kv[s->n++];
		k->name = v->keys[i];
		k->v = c->num;
		k->is_int = c->is_u64;
		k->u = c->u64;
	}
	return 0;
}

static int load_procs(struct input *in, const struct json *arr)
{
	if (arr->type != JSON_ARRAY)
		return bad(in, arr->line, arr->col, "workload.processes: expected an array, found %s",
			   json_type_name(arr->type));
	in->procs = xcalloc(arr->n ? arr->n : 1, sizeof(*in->procs));
	for (size_t i = 0; i < arr->n; i++) {
		const struct json *p = &arr->kids[i];
		char path[64];
		uint64_t pid = 0;
		int r;

		snprintf(path, sizeof(path), "workload.processes[%zu]", i);
		if (p->type != JSON_OBJECT)
			return bad(in, p->line, p->col, "%s: expected an object, found %s", path,
				   json_type_name(p->type));
		if ((r = get_u64(in, p, path, "pid", true, &pid)) ||
		    (r = get_str(in, p, path, "comm", true, &in->procs[i].comm)) ||
		    (r = get_str(in, p, path, "state", true, &in->procs[i].state)))
			return r;
		in->procs[i].pid = (int)pid;
		in->nprocs++;
	}
	return 0;
}

static int load_samples(struct input *in, const struct json *arr)
{
	const struct json *first;
	char buf[40];

	if (arr->type != JSON_ARRAY)
		return bad(in, arr->line, arr->col, "samples: expected an array of objects, found %s",
			   json_type_name(arr->type));
	if (!arr->n)
		return 0;
	first = &arr->kids[0];
	if (first->type != JSON_OBJECT)
		return bad(in, first->line, first->col, "samples[0]: expected an object, found %s",
			   json_type_name(first->type));
	if (first->n < 2 || strcmp(first->keys[0], "ops") || strcmp(first->keys[1], "cycles"))
		return bad(in, first->line, first->col,
			   "samples[0]: expected \"ops\" and \"cycles\" as the first two members");
	in->ncols = first->n;
	in->cols = xcalloc(in->ncols, sizeof(*in->cols));
	for (size_t c = 0; c < in->ncols; c++)
		in->cols[c] = first->keys[c];
	in->rows = xcalloc(arr->n * in->ncols, sizeof(*in->rows));
	for (size_t r = 0; r < arr->n; r++) {
		const struct json *o = &arr->kids[r];

		if (o->type != JSON_OBJECT)
			return bad(in, o->line, o->col, "samples[%zu]: expected an object, found %s", r,
				   json_type_name(o->type));
		for (size_t c = 0; c < in->ncols; c++) {
			const struct json *v;

			if (c >= o->n || strcmp(o->keys[c], in->cols[c]))
				return bad(in, c < o->n ? o->kids[c].line : o->line,
					   c < o->n ? o->kids[c].col : o->col,
					   "samples[%zu]: expected member %zu to be \"%s\" as in samples[0], "
					   "found %s%s%s", r, c + 1, in->cols[c], c < o->n ? "\"" : "",
					   c < o->n ? o->keys[c] : "the end of the object",
					   c < o->n ? "\"" : "");
			v = &o->kids[c];
			if (v->type != JSON_NUMBER || !v->is_u64)
				return bad(in, v->line, v->col,
					   "samples[%zu].%s: expected a non-negative integer, found %s", r,
					   in->cols[c], what_is(v, buf, sizeof(buf)));
			in->rows[r * in->ncols + c] = v->u64;
		}
		if (o->n > in->ncols)
			return bad(in, o->kids[in->ncols].line, o->kids[in->ncols].col,
				   "samples[%zu]: expected '}' after %zu members as in samples[0], found "
				   "\"%s\"", r, in->ncols, o->keys[in->ncols]);
		if (r && (in->rows[r * in->ncols] < in->rows[(r - 1) * in->ncols] ||
			  in->rows[r * in->ncols + 1] < in->rows[(r - 1) * in->ncols + 1]))
			return bad(in, o->line, o->col,
				   "samples[%zu]: ops or cycles smaller than in samples[%zu]: expected "
				   "samples in order", r, r - 1);
		in->nrows++;
	}
	return 0;
}

static int load_run(struct input *in)
{
	const struct json *root = in->root, *cfg = NULL, *v;
	uint64_t version = 0;
	int r;

	if ((r = get_u64(in, root, "the top-level object", "version", true, &version)))
		return r;
	if (version != 1) {
		v = json_get(root, "version");
		return bad(in, v->line, v->col, "version %llu: expected 1 (this ra-report reads version 1)",
			   (unsigned long long)version);
	}
	if (json_get(root, "policy")) {	/* ra-sim run --policy opt */
		const char *pol = NULL;

		if ((r = get_str(in, root, "the top-level object", "policy", true, &pol)))
			return r;
		if (strcmp(pol, "opt")) {
			v = json_get(root, "policy");
			return bad(in, v->line, v->col, "policy \"%s\": expected \"opt\" at the top level "
				   "(a run has its policy in \"config\")", pol);
		}
		in->kind = IN_OPT;
		in->policy = pol;
		if ((r = get_str(in, root, "the top-level object", "workload", true, &in->workload)) ||
		    (r = get_u64(in, root, "the top-level object", "mem_bytes", true, &in->mem_bytes)) ||
		    (r = get_u64(in, root, "the top-level object", "page_reads", true, &version)))
			return r;
		in->sec[S_OPT].key = "opt";
		in->sec[S_OPT].title = "Belady's OPT on the workload's references (no reclaim run)";
		in->sec[S_OPT].present = true;
		in->sec[S_OPT].kv = xcalloc(root->n, sizeof(struct kv));
		for (size_t i = 0; i < root->n; i++) {
			const struct json *c = &root->kids[i];
			struct kv *k;

			if (c->type != JSON_NUMBER || !strcmp(root->keys[i], "version"))
				continue;
			if (!c->is_u64)
				return bad(in, c->line, c->col, "%s: expected a non-negative integer",
					   root->keys[i]);
			k = &in->sec[S_OPT].kv[in->sec[S_OPT].n++];
			k->name = root->keys[i];
			k->v = c->num;
			k->is_int = true;
			k->u = c->u64;
		}
		in->nsec = NR_RUN_SECTIONS;
		return 0;
	}
	in->kind = IN_RUN;
	if ((r = need(in, root, "the top-level object", "config", JSON_OBJECT, &cfg)))
		return r;
	in->config = cfg;
	if ((r = get_str(in, cfg, "config", "workload", true, &in->workload)) ||
	    (r = get_str(in, cfg, "config", "accel", true, &in->accel)) ||
	    (r = get_str(in, cfg, "config", "trace", false, &in->trace)) ||
	    (r = get_str(in, cfg, "config", "policy", false, &in->policy)) ||
	    (r = get_u64(in, cfg, "config", "mem_bytes", true, &in->mem_bytes)) ||
	    (r = get_u64(in, cfg, "config", "swap_bytes", false, &in->swap_bytes)) ||
	    (r = get_u64(in, cfg, "config", "seed", false, &in->seed)) ||
	    (r = get_u64(in, cfg, "config", "tick", false, &in->tick)) ||
	    (r = get_u64(in, cfg, "config", "tlb_entries", false, &in->tlb)) ||
	    (r = get_u64(in, cfg, "config", "swappiness", false, &in->swappiness)) ||
	    (r = get_u64(in, cfg, "config", "latency", false, &in->latency)) ||
	    (r = get_u64(in, cfg, "config", "sample_interval", false, &in->sample_interval)))
		return r;
	in->scale = 1;
	v = json_get(cfg, "scale");
	if (v) {
		if (v->type != JSON_NUMBER)
			return bad(in, v->line, v->col, "config.scale: expected a number, found %s",
				   json_type_name(v->type));
		in->scale = v->num;
	}
	in->nsec = NR_RUN_SECTIONS;
	for (int s = 0; s < NR_RUN_SECTIONS; s++) {
		v = json_get(root, run_sections[s].key);
		in->sec[s].key = run_sections[s].key;
		in->sec[s].title = run_sections[s].title;
		if (!v) {
			if (run_sections[s].required)
				return bad(in, root->line, root->col,
					   "the top-level object: expected a member \"%s\" (an object of counters)",
					   run_sections[s].key);
			continue;
		}
		r = load_section(in, &in->sec[s], v, run_sections[s].key, run_sections[s].title,
				 run_sections[s].reals, s == S_WORKLOAD ? "processes" : NULL);
		if (r)
			return r;
	}
	if (!sec_find(&in->sec[S_TIME], "total_cycles")) {
		v = json_get(root, "time");
		return bad(in, v->line, v->col, "time: expected a member \"total_cycles\"");
	}
	v = json_get(json_get(root, "workload"), "processes");
	if (v && (r = load_procs(in, v)))
		return r;
	v = json_get(root, "samples");
	if (v && (r = load_samples(in, v)))
		return r;
	return 0;
}

static int load_synth_obj(struct input *in, const struct json *o, size_t i)
{
	struct synth_row *row = &in->synth[in->nsynth];
	char path[48];
	int r;

	snprintf(path, sizeof(path), "synthesis[%zu]", i);
	if (o->type != JSON_OBJECT)
		return bad(in, o->line, o->col, "%s: expected an object with \"target\", found %s", path,
			   json_type_name(o->type));
	if ((r = get_str(in, o, path, "target", true, &row->target)))
		return r;
	for (int f = 0; f < SYNTH_FIELDS; f++) {
		const struct json *v = json_get(o, synth_fields[f]);

		if (!v || v->type == JSON_NULL)
			continue;
		if (v->type != JSON_NUMBER || v->num < 0)
			return bad(in, v->line, v->col, "%s.%s: expected a non-negative number or null, "
				   "found %s", path, synth_fields[f], json_type_name(v->type));
		row->v[f] = v->num;
		row->has[f] = true;
	}
	in->nsynth++;
	return 0;
}

static int load_synth(struct input *in)
{
	const struct json *root = in->root, *list = root;
	int r;

	in->kind = IN_SYNTH;
	if (root->type == JSON_OBJECT && json_get(root, "synthesis")) {
		list = json_get(root, "synthesis");
		if (list->type != JSON_ARRAY)
			return bad(in, list->line, list->col,
				   "synthesis: expected an array of objects, found %s",
				   json_type_name(list->type));
	}
	if (list->type == JSON_OBJECT) {
		in->synth = xcalloc(1, sizeof(*in->synth));
		return load_synth_obj(in, list, 0);
	}
	in->synth = xcalloc(list->n ? list->n : 1, sizeof(*in->synth));
	for (size_t i = 0; i < list->n; i++)
		if ((r = load_synth_obj(in, &list->kids[i], i)))
			return r;
	return 0;
}

/* ractl stat: "counter.NAME VALUE" and "driver.NAME VALUE" lines (driver/tools/ractl.c) */
static int load_ractl(struct input *in)
{
	char *p = in->text, *end = in->text + in->len;
	unsigned line = 1;

	in->kind = IN_RACTL;
	in->nsec = NR_RACTL_SECTIONS;
	in->sec[S_COUNTER] = (struct section){ "counter", "device counters (sysfs counters/)", NULL,
					       0, true };
	in->sec[S_DRIVER] = (struct section){ "driver", "driver statistics (sysfs stats/)", NULL, 0,
					      true };
	for (int s = 0; s < NR_RACTL_SECTIONS; s++)
		in->sec[s].kv = xcalloc(in->len / 8 + 1, sizeof(struct kv));
	while (p < end) {
		char *eol = memchr(p, '\n', (size_t)(end - p)), *q = p, *name;
		struct section *s;
		uint64_t v = 0;

		if (!eol)
			eol = end;
		*eol = 0;
		if (eol > p && eol[-1] == '\r')
			eol[-1] = 0;
		if (!*p) {
			p = eol + 1;
			line++;
			continue;
		}
		if (!strncmp(q, "counter.", 8)) {
			s = &in->sec[S_COUNTER];
			q += 8;
		} else if (!strncmp(q, "driver.", 7)) {
			s = &in->sec[S_DRIVER];
			q += 7;
		} else {
			return bad(in, line, 1, "expected 'counter.NAME VALUE' or 'driver.NAME VALUE' "
				   "(ractl stat output)");
		}
		name = q;
		while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
		       *q == '_')
			q++;
		if (q == name || *q != ' ')
			return bad(in, line, (unsigned)(q - p) + 1,
				   "expected a counter name ([A-Za-z0-9_]) and one space");
		*q++ = 0;
		if (*q < '0' || *q > '9')
			return bad(in, line, (unsigned)(q - p) + 1,
				   "expected the value of %s.%s (a non-negative decimal integer)", s->key,
				   name);
		while (*q >= '0' && *q <= '9') {
			unsigned d = (unsigned)(*q - '0');

			if (v > (UINT64_MAX - d) / 10)
				return bad(in, line, (unsigned)(q - p) + 1, "value of %s.%s out of range",
					   s->key, name);
			v = v * 10 + d;
			q++;
		}
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q)
			return bad(in, line, (unsigned)(q - p) + 1,
				   "expected the end of the line after the value of %s.%s", s->key, name);
		if (sec_find(s, name))
			return bad(in, line, 1, "%s.%s appears twice", s->key, name);
		s->kv[s->n++] = (struct kv){ name, (double)v, true, v, false };
		p = eol + 1;
		line++;
	}
	if (!in->sec[S_COUNTER].n && !in->sec[S_DRIVER].n)
		return bad(in, 1, 1, "no counters: expected 'counter.NAME VALUE' lines (ractl stat "
			   "output)");
	return 0;
}

int input_load(struct input *in, const char *path)
{
	char err[512];
	size_t i = 0;
	int r;

	memset(in, 0, sizeof(*in));
	in->path = xstrdup(path);
	make_stem(in);
	if ((r = read_file(in)))
		return r;
	while (i < in->len && (in->text[i] == ' ' || in->text[i] == '\t' || in->text[i] == '\n' ||
			       in->text[i] == '\r'))
		i++;
	if (i == in->len)
		return bad(in, 1, 1, "empty file: expected an ra-sim run report (JSON), a synthesis "
			   "report (JSON) or ractl stat output");
	if (!strncmp(in->text + i, "counter.", 8) || !strncmp(in->text + i, "driver.", 7))
		return load_ractl(in);
	in->root = json_parse(in->text, in->len, err, sizeof(err));
	if (!in->root) {
		fprintf(stderr, "ra-report: %s:%s\n", in->path, err);
		return EXIT_BAD;
	}
	if (in->root->type == JSON_OBJECT) {
		const struct json *tool = json_get(in->root, "tool");

		if (tool) {
			if (tool->type != JSON_STRING || strcmp(tool->str, "ra-sim run"))
				return bad(in, tool->line, tool->col,
					   "tool: expected \"ra-sim run\", found %s%s%s",
					   tool->type == JSON_STRING ? "\"" : "",
					   tool->type == JSON_STRING ? tool->str : json_type_name(tool->type),
					   tool->type == JSON_STRING ? "\"" : "");
			return load_run(in);
		}
		if (json_get(in->root, "target") || json_get(in->root, "synthesis"))
			return load_synth(in);
	}
	if (in->root->type == JSON_ARRAY)
		return load_synth(in);
	return bad(in, in->root->line, in->root->col,
		   "expected an ra-sim run report (an object with \"tool\": \"ra-sim run\") or a "
		   "synthesis report (objects with \"target\"), found %s without either",
		   json_type_name(in->root->type));
}

void input_free(struct input *in)
{
	for (size_t s = 0; s < MAX_SECTIONS; s++)
		free(in->sec[s].kv);
	free(in->procs);
	free(in->cols);
	free(in->rows);
	free(in->synth);
	json_free(in->root);
	free(in->text);
	free(in->path);
	free(in->stem);
	memset(in, 0, sizeof(*in));
}

const struct kv *sec_find(const struct section *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->kv[i].name, name))
			return &s->kv[i];
	return NULL;
}

uint64_t sec_u(const struct section *s, const char *name, uint64_t def)
{
	const struct kv *k = sec_find(s, name);

	return k && k->is_int ? k->u : def;
}

int sample_col(const struct input *in, const char *name)
{
	for (size_t c = 0; c < in->ncols; c++)
		if (!strcmp(in->cols[c], name))
			return (int)c;
	return -1;
}

uint64_t sample_at(const struct input *in, size_t row, int col)
{
	return col < 0 ? 0 : in->rows[row * in->ncols + (size_t)col];
}

void input_describe(const struct input *in, char *buf, size_t n)
{
	switch (in->kind) {
	case IN_RUN:
		snprintf(buf, n, "workload %s%s%s, accel %s, mem %llu MiB", in->workload,
			 in->trace ? " " : "", in->trace ? in->trace : "", in->accel,
			 (unsigned long long)(in->mem_bytes >> 20));
		break;
	case IN_OPT:
		snprintf(buf, n, "workload %s, policy opt, mem %llu MiB", in->workload,
			 (unsigned long long)(in->mem_bytes >> 20));
		break;
	case IN_RACTL:
		snprintf(buf, n, "%zu device counters, %zu driver statistics",
			 in->sec[S_COUNTER].n, in->sec[S_DRIVER].n);
		break;
	case IN_SYNTH:
		snprintf(buf, n, "%zu target%s", in->nsynth,
			 in->nsynth == 1 ? "" : "s");
		break;
	}
}
