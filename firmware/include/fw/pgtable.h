/* SPDX-License-Identifier: MIT */
/*
 * AArch64 VMSAv8-64 stage-1 descriptors, 4 KiB granule, 48-bit VA, 4 levels (as the device
 * reads them; see docs/device.md). Bit names follow arch/arm64's pgtable-hwdef.h.
 */
#ifndef FW_PGTABLE_H
#define FW_PGTABLE_H

#include "types.h"

#define PTE_VALID (1ull << 0)
#define PTE_TABLE_BIT (1ull << 1)	/* table at L0-L2, page at L3 */
#define PTE_TYPE_PAGE (3ull)
#define PTE_ATTRINDX_NORMAL (0ull << 2)
#define PTE_USER (1ull << 6)		/* AP[1]: EL0 access */
#define PTE_RDONLY (1ull << 7)		/* AP[2]: read-only (writable-clean with DBM) */
#define PTE_SHARED (3ull << 8)		/* SH: inner shareable */
#define PTE_AF (1ull << 10)		/* access flag */
#define PTE_NG (1ull << 11)		/* not global: tagged with the ASID */
#define PTE_DBM (1ull << 51)		/* dirty bit modifier (FEAT_HAFDBS) */
#define PTE_PXN (1ull << 53)
#define PTE_UXN (1ull << 54)
#define PTE_ADDR_MASK 0x0000fffffffff000ull

/*
 * Swap entries live in invalid descriptors (bit 0 clear), so the hardware walker and the
 * device skip them: bit 1 marks a swap entry, bits [47:12] hold the swap slot.
 */
#define PTE_SWP_MARK (1ull << 1)

static inline bool pte_present(u64 pte)
{
	return (pte & 3) == PTE_TYPE_PAGE;
}

static inline bool pte_is_swap(u64 pte)
{
	return !(pte & PTE_VALID) && (pte & PTE_SWP_MARK);
}

static inline u64 swp_pte(u64 slot)
{
	return slot << PAGE_SHIFT | PTE_SWP_MARK;
}

static inline u64 pte_swp_slot(u64 pte)
{
	return (pte & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

static inline u64 pte_pfn(u64 pte)
{
	return (pte & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

static inline bool pte_young(u64 pte)
{
	return pte & PTE_AF;
}

/* Hardware dirty state: writable (AP[2] clear) means written since it was made clean. */
static inline bool pte_dirty(u64 pte)
{
	return pte_present(pte) && !(pte & PTE_RDONLY) && (pte & PTE_DBM);
}

static inline bool pte_write(u64 pte)
{
	return !(pte & PTE_RDONLY);
}

static inline unsigned pt_index(u64 va, int level)
{
	return (unsigned)(va >> (39 - 9 * level)) & 511;
}

#endif
