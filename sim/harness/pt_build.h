/* SPDX-License-Identifier: MIT */
/*
 * pt_build - build AArch64 stage-1 4 KiB-granule, 48-bit page tables in simulated memory,
 * for tests, benchmarks and the demo image. Tables are allocated from a region by a bump
 * allocator.
 */
#ifndef PT_BUILD_H
#define PT_BUILD_H

#include <stdint.h>

#include "ra_mem.h"

#define PTE_VALID (1ull << 0)
#define PTE_TABLE (1ull << 1)	/* bits[1:0] = 11 at levels 0..2; page at level 3 */
#define PTE_AP2 (1ull << 7)	/* read-only; with DBM: writable-clean */
#define PTE_AF (1ull << 10)
#define PTE_NG (1ull << 11)
#define PTE_DBM (1ull << 51)
#define PTE_ADDR_MASK 0x0000fffffffff000ull

struct pt_build {
	struct ra_mem *mem;
	uint64_t base, size, next;	/* table region and allocation pointer */
	uint64_t ttbr;			/* the level-0 table */
};

/* Use [base, base+size) for tables; allocates the level-0 table. 0 or -1. */
int pt_init(struct pt_build *b, struct ra_mem *mem, uint64_t base, uint64_t size);
/* A zeroed 4 KiB table, or 0 when the region is full. */
uint64_t pt_alloc_table(struct pt_build *b);
/* Address of the level-@level entry for @va, creating tables above it; 0 if it cannot
 * (region full, or a non-table entry is in the way). */
uint64_t pt_entry_addr(struct pt_build *b, uint64_t va, unsigned level);
/* Map a leaf: level 3 page, level 2 (2 MiB) or level 1 (1 GiB) block, with @attrs ORed in. */
int pt_map(struct pt_build *b, uint64_t va, uint64_t pa, unsigned level, uint64_t attrs);
/* Write a raw descriptor at level @level for @va. */
int pt_set(struct pt_build *b, uint64_t va, unsigned level, uint64_t desc);

static inline uint64_t pt_span(unsigned level)
{
	return 1ull << (12 + 9 * (3 - level));
}

static inline unsigned pt_index(uint64_t va, unsigned level)
{
	return (unsigned)(va >> (12 + 9 * (3 - level))) & 511;
}

#endif
