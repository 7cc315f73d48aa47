// SPDX-License-Identifier: MIT
/*
 * ra-mkimage - write a raw physical-memory image holding AArch64 page tables, for ra-sim.
 *
 * Layouts:
 *   demo   a small process: 16 read-only code pages (even ones young), a 64-page heap
 *          (every 3rd young, every 5th hardware-dirty, the rest writable-clean), a malformed
 *          level-3 descriptor after the heap, a young dirty 2 MiB block (THP), an old 1 GiB
 *          block, and a young dirty stack page.
 *   dense  --pages N young writable-clean pages from VA 0x40000000 (for throughput).
 * Prints {"image":FILE,"base":"0x..","ttbr":"0x..","size":BYTES} on success.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pt_build.h"
#include "ra_num.h"

#define BASE ((uint64_t)0x40000000)

static void usage(FILE *f)
{
	fprintf(f, "usage: ra-mkimage --layout demo|dense [--pages N] --out FILE\n"
		   "  demo   a small process address space with pages, blocks and a bad descriptor\n"
		   "  dense  N young pages mapped from VA 0x40000000 (default N = 262144, 1 GiB)\n"
		   "The image starts at physical address 0x40000000; the level-0 table is first.\n");
}

static int build_demo(struct pt_build *b)
{
	int err = 0;

	for (unsigned i = 0; i < 16; i++)
		err |= pt_map(b, 0x400000 + 4096ull * i, 0x100000000ull + 4096ull * i, 3,
			      PTE_AP2 | (i % 2 == 0 ? PTE_AF : 0));
	for (unsigned i = 0; i < 64; i++)
		err |= pt_map(b, 0x10000000 + 4096ull * i, 0x110000000ull + 4096ull * i, 3,
			      PTE_DBM | (i % 3 == 0 ? PTE_AF : 0) | (i % 5 == 0 ? 0 : PTE_AP2));
	err |= pt_set(b, 0x10040000, 3, 0x120000000ull | PTE_AF | PTE_VALID);	/* '01' at L3 */
	err |= pt_map(b, 0x20000000, 0x130000000ull, 2, PTE_AF | PTE_DBM);
	err |= pt_map(b, 0x40000000, 0x140000000ull, 1, PTE_DBM | PTE_AP2);
	err |= pt_map(b, 0xbffff000ull, 0x180000000ull, 3, PTE_AF | PTE_DBM);
	return err;
}

static int build_dense(struct pt_build *b, uint64_t pages)
{
	for (uint64_t i = 0; i < pages; i++)
		if (pt_map(b, 0x40000000ull + 4096 * i, 0x200000000ull + 4096 * i, 3,
			   PTE_AF | PTE_DBM | PTE_AP2))
			return -1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *layout = NULL, *out = NULL;
	uint64_t pages = 262144, size;
	struct ra_mem *mem = ra_mem_create();
	struct pt_build b;
	uint8_t *buf;
	FILE *f;
	int err;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--layout") && i + 1 < argc) {
			layout = argv[++i];
		} else if (!strcmp(argv[i], "--out") && i + 1 < argc) {
			out = argv[++i];
		} else if (!strcmp(argv[i], "--pages") && i + 1 < argc) {
			pages = ra_opt_u64("ra-mkimage", "--pages", argv[++i], RA_NUM_DEC, 1,
					   1u << 22);
		} else {
			fprintf(stderr, "ra-mkimage: unexpected argument '%s' (see --help)\n", argv[i]);
			return 2;
		}
	}
	if (!layout || !out) {
		usage(stderr);
		return 2;
	}
	if (strcmp(layout, "demo") && strcmp(layout, "dense")) {
		fprintf(stderr, "ra-mkimage: --layout '%s': expected demo or dense\n", layout);
		return 2;
	}
	size = !strcmp(layout, "demo") ? 64ull << 10 : ((pages + 511) / 512 + 8) * 4096;
	ra_mem_add_region(mem, BASE, size);
	pt_init(&b, mem, BASE, size);
	err = !strcmp(layout, "demo") ? build_demo(&b) : build_dense(&b, pages);
	if (err) {
		fprintf(stderr, "ra-mkimage: the tables do not fit in %" PRIu64 " bytes\n", size);
		return 3;
	}
	size = b.next - BASE;
	buf = malloc(size);
	f = fopen(out, "wb");
	if (!buf || !f || ra_mem_read(mem, BASE, buf, size) || fwrite(buf, 1, size, f) != size ||
	    fclose(f)) {
		fprintf(stderr, "ra-mkimage: --out %s: %s\n", out, strerror(errno));
		return 3;
	}
	printf("{\"image\":\"%s\",\"base\":\"0x%" PRIx64 "\",\"ttbr\":\"0x%" PRIx64
	       "\",\"size\":%" PRIu64 "}\n", out, (uint64_t)BASE, b.ttbr, size);
	free(buf);
	ra_mem_destroy(mem);
	return 0;
}
