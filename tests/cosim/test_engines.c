// SPDX-License-Identifier: MIT
/*
 * test_engines - HASH, CMP and COPY (docs/device.md) against independent oracles: libxxhash's
 * XXH64 for the checksum, byte loops for the compare, the source bytes for the copy. Pages:
 * random, zero, all-ones, single bytes set, pairs differing at chosen offsets; every fault
 * kind in every position; argument and DMA checks; counters and bus beats from the spec's
 * formulas. Runs on the C model and on each Verilated build given on the command line, and
 * requires the RTL's results, memory and counters (but cycles) to equal those of a model with
 * the same bus width (a line is 8 beats on the 64-bit bus, 4 on the 128-bit one).
 *
 *   test_engines [--seed N] [model|w64|w128|nowc]...   (default: model)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "ra_host.h"
#include "ra_model.h"
#include "ra_regs.h"

#define TEST_NAME "test_engines"
#include "../test_util.h"

#define DATA 0x40000000ull
#define DATA_PAGES 256
#define FAR 0x48000000ull	/* backed, but outside every window */
#define SCRATCH 0x7f0000000000ull
#define SCRATCH_SIZE (1ull << 20)

static uint64_t page_pa(unsigned i)
{
	return DATA + 4096ull * i;
}

/* The same data for every engine: seeded, so the RTL and the model see identical memory. */
static void fill(struct ra_mem *mem, uint64_t seed)
{
	uint8_t buf[4096];

	rng = seed * 0x9e3779b97f4a7c15ull + 1;
	for (unsigned i = 0; i < DATA_PAGES; i++) {
		switch (i % 8) {
		case 0: memset(buf, 0, sizeof(buf)); break;		/* zero page */
		case 1: memset(buf, 0xff, sizeof(buf)); break;		/* all ones */
		case 2:						/* one byte set */
			memset(buf, 0, sizeof(buf));
			buf[rnd() % 4096] = (uint8_t)(1 + rnd() % 255);
			break;
		default:
			for (unsigned k = 0; k < 4096; k += 8) {
				uint64_t v = rnd();

				memcpy(buf + k, &v, 8);
			}
		}
		ra_mem_write(mem, page_pa(i), buf, sizeof(buf));
	}
}

static void read_page(struct ra_mem *mem, uint64_t pa, uint8_t *buf)
{
	ra_mem_read(mem, pa, buf, 4096);
}

/* @model_bytes: the model's data width (8, or 16 as the w128 build) */
static struct ra_dev *make(const char *engine, struct ra_mem *mem, unsigned model_bytes)
{
	struct axi_mem_cfg bus = ra_bus_cfg(engine, 30);

	if (!strcmp(engine, "model"))
		return ra_dev_model(mem, model_bytes, 16, 16, 30);
	return ra_dev_rtl(mem, engine, &bus, NULL);
}

struct outcome {
	uint64_t digest;			/* memory after the run */
	uint64_t cnt[RA_NUM_COUNTERS];
	uint64_t res_digest;			/* every result and completion */
};

static uint64_t fnv(uint64_t h, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		h = (h ^ ((v >> (8 * i)) & 0xff)) * 0x100000001b3ull;
	return h;
}

static uint64_t cpl_digest(uint64_t h, const struct ra_cpl *c)
{
	h = fnv(h, c->tag | (uint64_t)c->status << 32 | (uint64_t)c->fault_kind << 40 |
		       (uint64_t)c->fault_level << 48);
	h = fnv(h, c->fault_va);
	for (int i = 0; i < 4; i++)
		h = fnv(h, c->count[i]);
	return h;
}

static void run(const char *engine, uint64_t seed, struct outcome *out, unsigned model_bytes)
{
	struct ra_mem *mem = ra_mem_create();
	struct ra_window w[2] = { { DATA, DATA + DATA_PAGES * 4096ull }, { 0, 0 } };
	uint64_t list[2 * DATA_PAGES], res[DATA_PAGES], before[RA_NUM_COUNTERS], h = 0;
	uint8_t a[4096], b[4096];
	struct ra_cpl cpl;
	struct ra_host host;
	struct ra_dev *d;
	unsigned n, lb, zeros;

	test_ctx = engine;
	ra_mem_add_region(mem, DATA, DATA_PAGES * 4096ull);
	ra_mem_add_region(mem, FAR, 1 << 20);
	ra_mem_add_region(mem, SCRATCH, SCRATCH_SIZE);
	fill(mem, seed);
	d = make(engine, mem, model_bytes);
	if (!d) {
		CHECK(0, "cannot create the device");
		return;
	}
	/* beats per 64-byte line on this bus */
	lb = 64 / ((d->rd(d, RA_REG_CAP) & RA_CAP_DATA_BYTES_MASK) >> RA_CAP_DATA_BYTES_SHIFT);
	CHECK(!ra_host_init(&host, d, SCRATCH, SCRATCH_SIZE, w, 1), "init");
	CHECK(((d->rd(d, RA_REG_CAP) & RA_CAP_ENGINES_MASK) >> RA_CAP_ENGINES_SHIFT) == 0x1f,
	      "CAP.ENGINES = 0x%x", (d->rd(d, RA_REG_CAP) & RA_CAP_ENGINES_MASK) >> RA_CAP_ENGINES_SHIFT);

	/* HASH: every page, against libxxhash */
	for (unsigned i = 0; i < DATA_PAGES; i++)
		list[i] = page_pa(i);
	for (unsigned i = 0; i < RA_NUM_COUNTERS; i++)
		before[i] = ra_dev_counter(d, i);
	CHECK(!ra_host_hash(&host, list, DATA_PAGES, res, &cpl) && cpl.status == RA_ST_OK,
	      "HASH status %u", cpl.status);
	h = cpl_digest(h, &cpl);
	zeros = 0;
	for (unsigned i = 0; i < DATA_PAGES; i++) {
		bool zero;

		read_page(mem, page_pa(i), a);
		zero = !a[0] && !memcmp(a, a + 1, 4095);
		zeros += zero;
		CHECK(RA_PRES_SUM(res[i]) == (uint32_t)XXH64(a, 4096, 0) &&
		      RA_PRES_FLAG(res[i]) == zero && !RA_PRES_FAULT(res[i]),
		      "HASH page %u: result 0x%016" PRIx64 ", libxxhash 0x%08x zero %d", i, res[i],
		      (uint32_t)XXH64(a, 4096, 0), zero);
		h = fnv(h, res[i]);
		if (i == DATA_PAGES - 1)
			CHECK(cpl.count[0] == DATA_PAGES && cpl.count[1] == 0 && cpl.count[2] == zeros,
			      "HASH counts %u %u %u (zeros %u)", cpl.count[0], cpl.count[1],
			      cpl.count[2], zeros);
	}
	CHECK(ra_dev_counter(d, RA_CNT_PAGES_HASHED) - before[RA_CNT_PAGES_HASHED] == DATA_PAGES &&
	      ra_dev_counter(d, RA_CNT_BYTES_HASHED) - before[RA_CNT_BYTES_HASHED] == 4096ull * DATA_PAGES &&
	      ra_dev_counter(d, RA_CNT_ZERO_PAGES) - before[RA_CNT_ZERO_PAGES] == zeros && zeros,
	      "HASH counters (zero pages %" PRIu64 ", oracle %u)",
	      ra_dev_counter(d, RA_CNT_ZERO_PAGES) - before[RA_CNT_ZERO_PAGES], zeros);
	/* beats (64-bit bus): command 8, list lines 8 each, pages 512 each; writes 1 per result + 4 */
	CHECK(ra_dev_counter(d, RA_CNT_MEM_READ_BEATS) - before[RA_CNT_MEM_READ_BEATS] ==
	      lb + lb * (DATA_PAGES / 8) + 64ull * lb * DATA_PAGES, "HASH read beats %" PRIu64,
	      ra_dev_counter(d, RA_CNT_MEM_READ_BEATS) - before[RA_CNT_MEM_READ_BEATS]);
	CHECK(ra_dev_counter(d, RA_CNT_MEM_WRITE_BEATS) - before[RA_CNT_MEM_WRITE_BEATS] ==
	      DATA_PAGES + 4, "HASH write beats");

	/* CMP: equal pairs, pairs differing at chosen offsets, and random pairs */
	for (unsigned i = 0; i < 64; i++) {
		unsigned x = 3 + (unsigned)(rnd() % (DATA_PAGES / 2 - 3)), y = x;

		if (i % 3 == 1) {
			/* make page y a copy of x with one byte changed at a chosen offset */
			unsigned off = i < 6 ? (unsigned[]){ 0, 1, 4095, 63, 64 }[i % 5] : (unsigned)(rnd() % 4096);

			y = DATA_PAGES / 2 + i;
			read_page(mem, page_pa(x), a);
			a[off] ^= (uint8_t)(1 + rnd() % 255);
			ra_mem_write(mem, page_pa(y), a, 4096);
		} else if (i % 3 == 2) {
			y = 3 + (unsigned)(rnd() % (DATA_PAGES / 2 - 3));
		}
		list[2 * i] = page_pa(x);
		list[2 * i + 1] = page_pa(y);
	}
	for (unsigned i = 0; i < RA_NUM_COUNTERS; i++)
		before[i] = ra_dev_counter(d, i);
	CHECK(!ra_host_cmp(&host, list, 64, res, &cpl) && cpl.status == RA_ST_OK, "CMP status");
	h = cpl_digest(h, &cpl);
	n = 0;
	for (unsigned i = 0; i < 64; i++) {
		unsigned off = 4096;

		read_page(mem, list[2 * i], a);
		read_page(mem, list[2 * i + 1], b);
		for (unsigned k = 0; k < 4096; k++)
			if (a[k] != b[k]) {
				off = k;
				break;
			}
		n += off == 4096;
		CHECK(off == 4096 ? res[i] == (1ull << 32) : res[i] == off,
		      "CMP pair %u: result 0x%" PRIx64 ", first difference %u", i, res[i], off);
		h = fnv(h, res[i]);
	}
	CHECK(cpl.count[0] == 64 && cpl.count[2] == n, "CMP counts %u/%u equal %u", cpl.count[0],
	      cpl.count[2], n);
	CHECK(ra_dev_counter(d, RA_CNT_COMPARES) - before[RA_CNT_COMPARES] == 64, "compares");
	CHECK(ra_dev_counter(d, RA_CNT_MEM_READ_BEATS) - before[RA_CNT_MEM_READ_BEATS] ==
	      lb + lb * 16 + 128ull * lb * 64, "CMP read beats");

	/* COPY: random pages onto others; then the destinations hold the sources' bytes */
	for (unsigned i = 0; i < 32; i++) {
		list[2 * i] = page_pa(i);
		list[2 * i + 1] = page_pa(DATA_PAGES - 1 - i);
	}
	list[2 * 31 + 1] = list[2 * 31];	/* source == destination */
	for (unsigned i = 0; i < RA_NUM_COUNTERS; i++)
		before[i] = ra_dev_counter(d, i);
	{
		static uint8_t src[32][4096];

		for (unsigned i = 0; i < 32; i++)
			read_page(mem, list[2 * i], src[i]);
		CHECK(!ra_host_copy(&host, list, 32, res, &cpl) && cpl.status == RA_ST_OK &&
		      cpl.count[0] == 32, "COPY status");
		h = cpl_digest(h, &cpl);
		for (unsigned i = 0; i < 32; i++) {
			read_page(mem, list[2 * i + 1], a);
			CHECK(res[i] == 1 && !memcmp(a, src[i], 4096), "COPY pair %u", i);
		}
	}
	CHECK(ra_dev_counter(d, RA_CNT_COPIES) - before[RA_CNT_COPIES] == 32 &&
	      ra_dev_counter(d, RA_CNT_MEM_WRITE_BEATS) - before[RA_CNT_MEM_WRITE_BEATS] ==
		      512ull * 32 + 32 + 4, "COPY counters");

	/* faults: misaligned, beyond PA_BITS, outside the windows; first or second of a pair */
	ra_host_set_pa_bits(&host, 40);
	{
		uint64_t bad[6] = { page_pa(5) + 8, 1ull << 40, (1ull << 40) - 4096 + 4096, FAR,
				    page_pa(7), DATA + DATA_PAGES * 4096ull };
		unsigned kinds[6] = { RA_FAULT_ADDRESS_SIZE, RA_FAULT_ADDRESS_SIZE,
				      RA_FAULT_ADDRESS_SIZE, RA_FAULT_BUS, RA_FAULT_NONE,
				      RA_FAULT_BUS };
		uint64_t dst_before[4];

		CHECK(!ra_host_hash(&host, bad, 6, res, &cpl) && cpl.status == RA_ST_OK, "HASH faults");
		h = cpl_digest(h, &cpl);
		for (unsigned i = 0; i < 6; i++) {
			CHECK(RA_PRES_FAULT(res[i]) == kinds[i] &&
			      (kinds[i] ? (res[i] & 0x1ffffffffull) == 0 : 1),
			      "HASH fault entry %u: 0x%" PRIx64, i, res[i]);
			h = fnv(h, res[i]);
		}
		CHECK(cpl.count[0] == 1 && cpl.count[1] == 5 && cpl.fault_kind == RA_FAULT_ADDRESS_SIZE &&
		      cpl.fault_level == 0 && cpl.fault_va == bad[0], "HASH fault completion");
		/* COPY with a bad destination: nothing written */
		list[0] = page_pa(10);
		list[1] = FAR;
		list[2] = page_pa(11);
		list[3] = page_pa(12) + 1;
		list[4] = FAR;
		list[5] = page_pa(13);
		list[6] = page_pa(14);
		list[7] = page_pa(15);
		for (unsigned i = 0; i < 4; i++)
			dst_before[i] = ra_mem_rd64(mem, list[2 * i + 1] & ~0xfffull);
		CHECK(!ra_host_copy(&host, list, 4, res, &cpl) && cpl.status == RA_ST_OK, "COPY faults");
		h = cpl_digest(h, &cpl);
		CHECK(RA_PRES_FAULT(res[0]) == RA_FAULT_BUS && RA_PRES_SECOND(res[0]) &&
		      RA_PRES_FAULT(res[1]) == RA_FAULT_ADDRESS_SIZE && RA_PRES_SECOND(res[1]) &&
		      RA_PRES_FAULT(res[2]) == RA_FAULT_BUS && !RA_PRES_SECOND(res[2]) &&
		      res[3] == 1, "COPY fault results %" PRIx64 " %" PRIx64 " %" PRIx64 " %" PRIx64,
		      res[0], res[1], res[2], res[3]);
		CHECK(cpl.count[0] == 1 && cpl.count[1] == 3 && cpl.fault_kind == RA_FAULT_BUS &&
		      cpl.fault_level == 1 && cpl.fault_va == FAR, "COPY fault completion");
		for (unsigned i = 0; i < 3; i++)
			CHECK(ra_mem_rd64(mem, list[2 * i + 1] & ~0xfffull) == dst_before[i],
			      "COPY fault %u wrote its destination", i);
		for (unsigned i = 0; i < 4; i++)
			h = fnv(h, res[i]);
	}
	ra_host_set_pa_bits(&host, 48);

	/* argument and DMA checks: error completion, nothing written */
	{
		uint8_t desc[64];
		struct { unsigned op, flags, field; uint64_t val; unsigned st; } bad[] = {
			{ RA_OP_HASH, 1, 0, 0, RA_ST_BAD_ARGS },		/* flags */
			{ RA_OP_HASH, 0, 0x08, 0x1000, RA_ST_BAD_ARGS },	/* ttbr */
			{ RA_OP_CMP, 0, 0x10, SCRATCH + 0x2008, RA_ST_BAD_ARGS },	/* pair list alignment */
			{ RA_OP_COPY, 0, 0x18, SCRATCH + 0x3004, RA_ST_BAD_ARGS },	/* result alignment */
			{ RA_OP_HASH, 0, 0x20, 0, RA_ST_BAD_ARGS },		/* count 0 */
			{ RA_OP_HASH, 0, 0x20, (1u << 20) + 1, RA_ST_BAD_ARGS },	/* count too big */
			{ RA_OP_CMP, 0, 0x28, 1, RA_ST_BAD_ARGS },		/* arg3 */
			{ RA_OP_COPY, 0, 0x38, 1, RA_ST_BAD_ARGS },		/* arg5 */
			{ RA_OP_HASH, 0, 0x18, FAR, RA_ST_DMA },		/* results outside */
			{ RA_OP_COPY, 0, 0x20, 65536, RA_ST_DMA },		/* list runs out */
			{ 6, 0, 0, 0, RA_ST_BAD_OPCODE },
		};

		for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			memset(desc, 0, sizeof(desc));
			desc[0] = (uint8_t)bad[i].op;
			desc[1] = (uint8_t)bad[i].flags;
			desc[4] = (uint8_t)(100 + i);
			{
				uint64_t f[4] = { SCRATCH + 0x2000, SCRATCH + 0x3000, 1, 0 };

				for (unsigned k = 0; k < 3; k++)
					for (int j = 0; j < 8; j++)
						desc[0x10 + 8 * k + j] = (uint8_t)(f[k] >> (8 * j));
			}
			if (bad[i].field)
				for (int j = 0; j < (bad[i].field == 0x38 ? 4 : 8); j++)
					desc[bad[i].field + j] = (uint8_t)(bad[i].val >> (8 * j));
			ra_mem_wr64(mem, SCRATCH + 0x3000, 0x5a5a5a5a5a5a5a5aull);
			CHECK(!ra_host_exec(&host, desc, &cpl) && cpl.status == bad[i].st &&
			      cpl.tag == 100 + i && !cpl.count[0] && !cpl.count[1] && !cpl.fault_kind,
			      "check %u: status %u (expected %u)", i, cpl.status, bad[i].st);
			CHECK(ra_mem_rd64(mem, SCRATCH + 0x3000) == 0x5a5a5a5a5a5a5a5aull,
			      "check %u wrote a result", i);
			h = cpl_digest(h, &cpl);
		}
	}
	out->digest = ra_mem_digest(mem);
	out->res_digest = h;
	for (unsigned i = 0; i < RA_NUM_COUNTERS; i++)
		out->cnt[i] = ra_dev_counter(d, i);
	d->destroy(d);
	ra_mem_destroy(mem);
}

int main(int argc, char **argv)
{
	const char *engines[8] = { "model" };
	unsigned ne = 0;
	uint64_t seed = 1;
	struct outcome ref, ref16, o;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (ne < 8)
			engines[ne++] = argv[i];
	}
	if (!ne)
		ne = 1;
	/* ra_xxh64 itself against libxxhash, every length 0..300 and some page sizes */
	rng = seed;
	for (unsigned len = 0; len < 5000; len += len < 300 ? 1 : 97) {
		static uint8_t buf[5000];

		for (unsigned k = 0; k < len; k++)
			buf[k] = (uint8_t)rnd();
		CHECK(ra_xxh64(buf, len, len * 7) == XXH64(buf, len, len * 7), "ra_xxh64 len %u", len);
	}
	printf("test_engines: seed %" PRIu64 "\n", seed);
	run("model", seed, &ref, 8);
	for (unsigned e = 0; e < ne; e++) {
		const struct outcome *r = &ref;

		if (!strcmp(engines[e], "model"))
			continue;
		if (!strcmp(engines[e], "w128")) {
			run("model", seed, &ref16, 16);	/* beats of a 128-bit bus */
			r = &ref16;
		}
		run(engines[e], seed, &o, 8);
		CHECK(o.digest == r->digest, "memory differs from the model's");
		CHECK(o.res_digest == r->res_digest, "results or completions differ from the model's");
		for (unsigned i = 2; i < RA_NUM_COUNTERS; i++)
			CHECK(o.cnt[i] == r->cnt[i], "counter %s: %" PRIu64 ", model %" PRIu64,
			      ra_counter_names[i], o.cnt[i], r->cnt[i]);
	}
	return test_summary();
}
