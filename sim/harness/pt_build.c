// SPDX-License-Identifier: MIT
#include "pt_build.h"

int pt_init(struct pt_build *b, struct ra_mem *mem, uint64_t base, uint64_t size)
{
	b->mem = mem;
	b->base = base;
	b->size = size;
	b->next = base;
	b->ttbr = pt_alloc_table(b);
	return b->ttbr ? 0 : -1;
}

uint64_t pt_alloc_table(struct pt_build *b)
{
	static const uint8_t zero[4096];
	uint64_t t = b->next;

	if (t + 4096 > b->base + b->size)
		return 0;
	b->next += 4096;
	ra_mem_write(b->mem, t, zero, sizeof(zero));
	return t;
}

uint64_t pt_entry_addr(struct pt_build *b, uint64_t va, unsigned level)
{
	uint64_t table = b->ttbr;

	for (unsigned l = 0;; l++) {
		uint64_t ea = table + 8ull * pt_index(va, l), d;

		if (l == level)
			return ea;
		d = ra_mem_rd64(b->mem, ea);
		if (!(d & PTE_VALID)) {
			uint64_t t = pt_alloc_table(b);

			if (!t)
				return 0;
			ra_mem_wr64(b->mem, ea, t | PTE_VALID | PTE_TABLE);
			table = t;
		} else if (d & PTE_TABLE) {
			table = d & PTE_ADDR_MASK;
		} else {
			return 0;
		}
	}
}

int pt_set(struct pt_build *b, uint64_t va, unsigned level, uint64_t desc)
{
	uint64_t ea = pt_entry_addr(b, va, level);

	if (!ea)
		return -1;
	ra_mem_wr64(b->mem, ea, desc);
	return 0;
}

int pt_map(struct pt_build *b, uint64_t va, uint64_t pa, unsigned level, uint64_t attrs)
{
	uint64_t type = level == 3 ? (PTE_VALID | PTE_TABLE) : PTE_VALID;

	if (level < 1 || level > 3 || (pa & (pt_span(level) - 1)))
		return -1;
	return pt_set(b, va, level, (pa & PTE_ADDR_MASK) | attrs | type);
}
