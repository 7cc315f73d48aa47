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

const char *jtype_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: case JSON_REAL: return "a number";
	case JSON_TRUE: return "true";
	case JSON_FALSE: return "false";
	case JSON_NULL: return "null";
	}
	return "?";
}

bool jis_u64(const json_t *v)
{
	return json_is_integer(v) && json_integer_value(v) >= 0;
}

/* "a string", "-3", "1.5", ... : what a value that should have been a count is */
static const char *what_is(const json_t *v, char *buf, size_t n)
{
	if (json_is_number(v)) {
		snprintf(buf, n, "%.17g", json_number_value(v));
		return buf;
	}
	return jtype_name(v);
}

/*
 * Where a value is in the text, for messages. jansson keeps no positions, so the text (which
 * it has accepted, without duplicate keys, so that its objects iterate in document order) is
 * walked beside the tree until the container @want; the position is that of its member
 * number @idx's value, or of the container itself when @idx is NO_MEMBER.
 */
#define NO_MEMBER ((size_t)-1)

struct cursor {
	const char *s;
	size_t len, pos;
};

static void skip_ws(struct cursor *c)
{
	while (c->pos < c->len && (c->s[c->pos] == ' ' || c->s[c->pos] == '\t' ||
				   c->s[c->pos] == '\n' || c->s[c->pos] == '\r'))
		c->pos++;
}

static void skip_scalar(struct cursor *c)
{
	if (c->pos < c->len && c->s[c->pos] == '"') {
		for (c->pos++; c->pos < c->len && c->s[c->pos] != '"'; c->pos++)
			c->pos += c->s[c->pos] == '\\';
		c->pos++;
		return;
	}
	while (c->pos < c->len && !strchr(",]} \t\r\n", c->s[c->pos]))
		c->pos++;
}

/* Walks value @v at the cursor; true when @want was met (the cursor is then at the answer). */
static bool find(struct cursor *c, const json_t *v, const json_t *want, size_t idx)
{
	bool obj = json_is_object(v), here = v == want;
	size_t n = obj ? json_object_size(v) : json_array_size(v);
	void *it = obj ? json_object_iter((json_t *)v) : NULL;

	skip_ws(c);
	if (here && idx == NO_MEMBER)
		return true;
	if (!obj && !json_is_array(v)) {
		skip_scalar(c);
		return false;
	}
	c->pos++;	/* '{' or '[' */
	for (size_t i = 0; i < n; i++) {
		const json_t *m = obj ? json_object_iter_value(it) : json_array_get(v, i);

		if (obj) {
			skip_ws(c);
			skip_scalar(c);	/* the key */
			skip_ws(c);
			c->pos++;	/* ':' */
			it = json_object_iter_next((json_t *)v, it);
		}
		if (here && i == idx) {
			skip_ws(c);
			return true;
		}
		if (find(c, m, want, idx))
			return true;
		skip_ws(c);
		c->pos++;	/* ',' or the closing bracket */
	}
	if (!n) {
		skip_ws(c);
		c->pos++;
	}
	return false;
}

static void where(const struct input *in, const json_t *want, size_t idx, unsigned *line,
		  unsigned *col)
{
	struct cursor c = { in->text, in->len, 0 };
	size_t bol = 0;

	*line = 1;
	if (!find(&c, in->root, want, idx))
		c.pos = 0;
	for (size_t i = 0; i < c.pos && i < in->len; i++)
		if (in->text[i] == '\n') {
			++*line;
			bol = i + 1;
		}
	*col = (unsigned)(c.pos - bol) + 1;
}

static size_t member_index(const json_t *obj, const char *key)
{
	size_t i = 0;

	for (void *it = json_object_iter((json_t *)obj); it;
	     it = json_object_iter_next((json_t *)obj, it), i++)
		if (!strcmp(json_object_iter_key(it), key))
			return i;
	return NO_MEMBER;
}

static int vbad(const struct input *in, unsigned line, unsigned col, const char *fmt, va_list ap)
{
	fprintf(stderr, "ra-report: %s:%u:%u: ", in->path, line, col);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	return EXIT_BAD;
}

static int bad(const struct input *in, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int bad(const struct input *in, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vbad(in, line, col, fmt, ap);
	va_end(ap);
	return r;
}

/* A complaint about member @key of object @obj (@key NULL: about @obj itself). */
static int bad_at(const struct input *in, const json_t *obj, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int bad_at(const struct input *in, const json_t *obj, const char *key, const char *fmt, ...)
{
	unsigned line, col;
	va_list ap;
	int r;

	where(in, obj, key ? member_index(obj, key) : NO_MEMBER, &line, &col);
	va_start(ap, fmt);
	r = vbad(in, line, col, fmt, ap);
	va_end(ap);
	return r;
}

/* A complaint about element (or member) number @i of container @c. */
static int bad_nth(const struct input *in, const json_t *c, size_t i, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int bad_nth(const struct input *in, const json_t *c, size_t i, const char *fmt, ...)
{
	unsigned line, col;
	va_list ap;
	int r;

	where(in, c, i, &line, &col);
	va_start(ap, fmt);
	r = vbad(in, line, col, fmt, ap);
	va_end(ap);
	return r;
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

static int need(const struct input *in, const json_t *obj, const char *path, const char *key,
		json_type t, const char *tname, const json_t **out)
{
	const json_t *v = json_object_get(obj, key);

	if (!v)
		return bad_at(in, obj, NULL, "%s: expected a member \"%s\" (%s)", path, key, tname);
	if (json_typeof(v) != t)
		return bad_at(in, obj, key, "%s.%s: expected %s, found %s", path, key, tname,
			      jtype_name(v));
	*out = v;
	return 0;
}

static int get_u64(const struct input *in, const json_t *obj, const char *path,
		   const char *key, bool required, uint64_t *out)
{
	const json_t *v = json_object_get(obj, key);
	char buf[40];

	if (!v) {
		if (required)
			return bad_at(in, obj, NULL,
				      "%s: expected a member \"%s\" (a non-negative integer)", path, key);
		return 0;
	}
	if (!jis_u64(v))
		return bad_at(in, obj, key, "%s.%s: expected a non-negative integer, found %s",
			      path, key, what_is(v, buf, sizeof(buf)));
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

static int get_str(const struct input *in, const json_t *obj, const char *path,
		   const char *key, bool required, const char **out)
{
	const json_t *v = json_object_get(obj, key);

	if (!v) {
		if (required)
			return bad_at(in, obj, NULL, "%s: expected a member \"%s\" (a string)", path,
				      key);
		return 0;
	}
	if (!json_is_string(v))
		return bad_at(in, obj, key, "%s.%s: expected a string, found %s", path, key,
			      jtype_name(v));
	*out = json_string_value(v);
	return 0;
}

/* An object of numbers as a section; @skip names one member that is not a number. */
static int load_section(struct input *in, struct section *s, const json_t *v,
			const char *key, const char *title, bool reals, const char *skip)
{
	const char *name;
	json_t *c;
	char buf[40];

	s->key = key;
	s->title = title;
	s->present = true;
	if (!json_is_object(v))
		return bad_at(in, v, NULL, "%s: expected an object of counters, found %s", key,
			      jtype_name(v));
	s->kv = xcalloc(json_object_size(v) ? json_object_size(v) : 1, sizeof(*s->kv));
	json_object_foreach((json_t *)v, name, c) {
		struct kv *k;

		if (skip && !strcmp(name, skip))
			continue;
		if (reals && json_is_null(c)) {
			k = &s->kv[s->n++];
			k->name = name;
			k->is_null = true;
			continue;
		}
		if (!json_is_number(c) || (!reals && !jis_u64(c)))
			return bad_at(in, v, name, "%s.%s: expected %s, found %s", key, name,
				      reals ? "a number or null" : "a non-negative integer",
				      what_is(c, buf, sizeof(buf)));
		k = &s->kv[s->n++];
		k->name = name;
		k->v = json_number_value(c);
		k->is_int = jis_u64(c);
		k->u = k->is_int ? (uint64_t)json_integer_value(c) : 0;
	}
	return 0;
}

static int load_procs(struct input *in, const json_t *wl, const json_t *arr)
{
	size_t n = json_array_size(arr);

	if (!json_is_array(arr))
		return bad_at(in, wl, "processes", "workload.processes: expected an array, found %s",
			      jtype_name(arr));
	in->procs = xcalloc(n ? n : 1, sizeof(*in->procs));
	for (size_t i = 0; i < n; i++) {
		const json_t *p = json_array_get(arr, i);
		char path[64];
		uint64_t pid = 0;
		int r;

		snprintf(path, sizeof(path), "workload.processes[%zu]", i);
		if (!json_is_object(p))
			return bad_nth(in, arr, i, "%s: expected an object, found %s", path,
				       jtype_name(p));
		if ((r = get_u64(in, p, path, "pid", true, &pid)) ||
		    (r = get_str(in, p, path, "comm", true, &in->procs[i].comm)) ||
		    (r = get_str(in, p, path, "state", true, &in->procs[i].state)))
			return r;
		in->procs[i].pid = (int)pid;
		in->nprocs++;
	}
	return 0;
}

static int load_samples(struct input *in, const json_t *arr)
{
	size_t n = json_array_size(arr);
	const json_t *first;
	void *it;
	char buf[40];

	if (!json_is_array(arr))
		return bad_at(in, in->root, "samples",
			      "samples: expected an array of objects, found %s", jtype_name(arr));
	if (!n)
		return 0;
	first = json_array_get(arr, 0);
	if (!json_is_object(first))
		return bad_nth(in, arr, 0, "samples[0]: expected an object, found %s",
			       jtype_name(first));
	in->ncols = json_object_size(first);
	it = json_object_iter((json_t *)first);
	if (in->ncols < 2 || strcmp(json_object_iter_key(it), "ops") ||
	    strcmp(json_object_iter_key(json_object_iter_next((json_t *)first, it)), "cycles"))
		return bad_nth(in, arr, 0,
			       "samples[0]: expected \"ops\" and \"cycles\" as the first two members");
	in->cols = xcalloc(in->ncols, sizeof(*in->cols));
	for (size_t c = 0; c < in->ncols; c++, it = json_object_iter_next((json_t *)first, it))
		in->cols[c] = json_object_iter_key(it);
	in->rows = xcalloc(n * in->ncols, sizeof(*in->rows));
	for (size_t r = 0; r < n; r++) {
		const json_t *o = json_array_get(arr, r);
		size_t on = json_object_size(o), c;

		if (!json_is_object(o))
			return bad_nth(in, arr, r, "samples[%zu]: expected an object, found %s", r,
				       jtype_name(o));
		it = json_object_iter((json_t *)o);
		for (c = 0; c < in->ncols; c++, it = json_object_iter_next((json_t *)o, it)) {
			const char *key = it ? json_object_iter_key(it) : NULL;
			const json_t *v;

			if (!key || strcmp(key, in->cols[c]))
				return bad_nth(in, key ? o : arr, key ? c : r,
					       "samples[%zu]: expected member %zu to be \"%s\" as in "
					       "samples[0], found %s%s%s", r, c + 1, in->cols[c],
					       key ? "\"" : "", key ? key : "the end of the object",
					       key ? "\"" : "");
			v = json_object_iter_value(it);
			if (!jis_u64(v))
				return bad_nth(in, o, c,
					       "samples[%zu].%s: expected a non-negative integer, found %s",
					       r, in->cols[c], what_is(v, buf, sizeof(buf)));
			in->rows[r * in->ncols + c] = (uint64_t)json_integer_value(v);
		}
		if (on > in->ncols)
			return bad_nth(in, o, in->ncols,
				       "samples[%zu]: expected '}' after %zu members as in samples[0], "
				       "found \"%s\"", r, in->ncols, json_object_iter_key(it));
		if (r && (in->rows[r * in->ncols] < in->rows[(r - 1) * in->ncols] ||
			  in->rows[r * in->ncols + 1] < in->rows[(r - 1) * in->ncols + 1]))
			return bad_nth(in, arr, r,
				       "samples[%zu]: ops or cycles smaller than in samples[%zu]: "
				       "expected samples in order", r, r - 1);
		in->nrows++;
	}
	return 0;
}

static int load_opt(struct input *in)
{
	const json_t *root = in->root, *c;
	const char *pol = NULL, *key;
	uint64_t reads;
	int r;

	if ((r = get_str(in, root, "the top-level object", "policy", true, &pol)))
		return r;
	if (strcmp(pol, "opt"))
		return bad_at(in, root, "policy", "policy \"%s\": expected \"opt\" at the top level "
			      "(a run has its policy in \"config\")", pol);
	in->kind = IN_OPT;
	in->policy = pol;
	if ((r = get_str(in, root, "the top-level object", "workload", true, &in->workload)) ||
	    (r = get_u64(in, root, "the top-level object", "mem_bytes", true, &in->mem_bytes)) ||
	    (r = get_u64(in, root, "the top-level object", "page_reads", true, &reads)))
		return r;
	in->sec[S_OPT].key = "opt";
	in->sec[S_OPT].title = "Belady's OPT on the workload's references (no reclaim run)";
	in->sec[S_OPT].present = true;
	in->sec[S_OPT].kv = xcalloc(json_object_size(root), sizeof(struct kv));
	json_object_foreach((json_t *)root, key, c) {
		struct kv *k;

		if (!json_is_number(c) || !strcmp(key, "version"))
			continue;
		if (!jis_u64(c))
			return bad_at(in, root, key, "%s: expected a non-negative integer", key);
		k = &in->sec[S_OPT].kv[in->sec[S_OPT].n++];
		k->name = key;
		k->v = json_number_value(c);
		k->is_int = true;
		k->u = (uint64_t)json_integer_value(c);
	}
	in->nsec = NR_RUN_SECTIONS;
	return 0;
}

static int load_run(struct input *in)
{
	const json_t *root = in->root, *cfg = NULL, *v;
	uint64_t version = 0;
	int r;

	if ((r = get_u64(in, root, "the top-level object", "version", true, &version)))
		return r;
	if (version != 1)
		return bad_at(in, root, "version",
			      "version %llu: expected 1 (this ra-report reads version 1)",
			      (unsigned long long)version);
	if (json_object_get(root, "policy"))	/* ra-sim run --policy opt */
		return load_opt(in);
	in->kind = IN_RUN;
	if ((r = need(in, root, "the top-level object", "config", JSON_OBJECT, "an object", &cfg)))
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
	v = json_object_get(cfg, "scale");
	if (v) {
		if (!json_is_number(v))
			return bad_at(in, cfg, "scale", "config.scale: expected a number, found %s",
				      jtype_name(v));
		in->scale = json_number_value(v);
	}
	in->nsec = NR_RUN_SECTIONS;
	for (int s = 0; s < NR_RUN_SECTIONS; s++) {
		v = json_object_get(root, run_sections[s].key);
		in->sec[s].key = run_sections[s].key;
		in->sec[s].title = run_sections[s].title;
		if (!v) {
			if (run_sections[s].required)
				return bad_at(in, root, NULL, "the top-level object: expected a member "
					      "\"%s\" (an object of counters)", run_sections[s].key);
			continue;
		}
		r = load_section(in, &in->sec[s], v, run_sections[s].key, run_sections[s].title,
				 run_sections[s].reals, s == S_WORKLOAD ? "processes" : NULL);
		if (r)
			return r;
	}
	if (!sec_find(&in->sec[S_TIME], "total_cycles"))
		return bad_at(in, root, "time", "time: expected a member \"total_cycles\"");
	v = json_object_get(json_object_get(root, "workload"), "processes");
	if (v && (r = load_procs(in, json_object_get(root, "workload"), v)))
		return r;
	v = json_object_get(root, "samples");
	if (v && (r = load_samples(in, v)))
		return r;
	return 0;
}

static int load_synth_obj(struct input *in, const json_t *list, size_t i)
{
	const json_t *o = json_is_array(list) ? json_array_get(list, i) : list;
	struct synth_row *row = &in->synth[in->nsynth];
	char path[48];
	int r;

	snprintf(path, sizeof(path), "synthesis[%zu]", i);
	if (!json_is_object(o))
		return bad_nth(in, list, i, "%s: expected an object with \"target\", found %s", path,
			       jtype_name(o));
	if ((r = get_str(in, o, path, "target", true, &row->target)))
		return r;
	for (int f = 0; f < SYNTH_FIELDS; f++) {
		const json_t *v = json_object_get(o, synth_fields[f]);

		if (!v || json_is_null(v))
			continue;
		if (!json_is_number(v) || json_number_value(v) < 0)
			return bad_at(in, o, synth_fields[f], "%s.%s: expected a non-negative number "
				      "or null, found %s", path, synth_fields[f], jtype_name(v));
		row->v[f] = json_number_value(v);
		row->has[f] = true;
	}
	in->nsynth++;
	return 0;
}

static int load_synth(struct input *in)
{
	const json_t *root = in->root, *list = root;
	size_t n;
	int r;

	in->kind = IN_SYNTH;
	if (json_is_object(root) && json_object_get(root, "synthesis")) {
		list = json_object_get(root, "synthesis");
		if (!json_is_array(list))
			return bad_at(in, root, "synthesis",
				      "synthesis: expected an array of objects, found %s",
				      jtype_name(list));
	}
	if (json_is_object(list)) {
		in->synth = xcalloc(1, sizeof(*in->synth));
		return load_synth_obj(in, list, 0);
	}
	n = json_array_size(list);
	in->synth = xcalloc(n ? n : 1, sizeof(*in->synth));
	for (size_t i = 0; i < n; i++)
		if ((r = load_synth_obj(in, list, i)))
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

/* Parse the text with jansson: strict RFC 8259, no duplicate keys; errors name line and column. */
static int parse_json(struct input *in)
{
	json_error_t e;

	/* a UTF-8 byte order mark is not JSON text (RFC 8259 8.1): say so */
	if (in->len >= 3 && !memcmp(in->text, "\xef\xbb\xbf", 3))
		return bad(in, 1, 1, "byte order mark at the start: expected a value");
	in->root = json_loadb(in->text, in->len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
	if (in->root)
		return 0;
	if (json_error_code(&e) == json_error_premature_end_of_input) {
		unsigned line = 1, col = 1;

		for (size_t i = 0; i < in->len; i++, col++)
			if (in->text[i] == '\n') {
				line++;
				col = 0;
			}
		return bad(in, line, col, "unexpected end of file (truncated?): %s", e.text);
	}
	/* jansson's column is that of the last character of the token it names ("near ...") */
	return bad(in, (unsigned)(e.line > 0 ? e.line : 1), (unsigned)(e.column > 0 ? e.column : 1),
		   "invalid JSON: %s", e.text);
}

int input_load(struct input *in, const char *path)
{
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
	if ((r = parse_json(in)))
		return r;
	if (json_is_object(in->root)) {
		const json_t *tool = json_object_get(in->root, "tool");

		if (tool) {
			if (!json_is_string(tool) || strcmp(json_string_value(tool), "ra-sim run"))
				return bad_at(in, in->root, "tool",
					      "tool: expected \"ra-sim run\", found %s%s%s",
					      json_is_string(tool) ? "\"" : "",
					      json_is_string(tool) ? json_string_value(tool)
								   : jtype_name(tool),
					      json_is_string(tool) ? "\"" : "");
			return load_run(in);
		}
		if (json_object_get(in->root, "target") || json_object_get(in->root, "synthesis"))
			return load_synth(in);
	}
	if (json_is_array(in->root))
		return load_synth(in);
	return bad_at(in, in->root, NULL,
		      "expected an ra-sim run report (an object with \"tool\": \"ra-sim run\") or a "
		      "synthesis report (objects with \"target\"), found %s without either",
		      jtype_name(in->root));
}

void input_free(struct input *in)
{
	for (size_t s = 0; s < MAX_SECTIONS; s++)
		free(in->sec[s].kv);
	free(in->procs);
	free(in->cols);
	free(in->rows);
	free(in->synth);
	json_decref(in->root);
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
