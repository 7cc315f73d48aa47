// SPDX-License-Identifier: MIT
/*
 * Zones, watermarks and the buddy allocator (Linux's mm/page_alloc.c): orders 0..10 with
 * split and merge, the allocation fast path at the low watermark, the slow path that wakes
 * kswapd, retries at the min watermark, enters direct reclaim and finally the OOM killer.
 */
#include "internal.h"

struct page *mem_map;
u64 max_pfn;
struct pglist_data node_data;
u64 min_free_kbytes;

/* Reclaim runs with PF_MEMALLOC: its own allocations may use the reserves. */
static int in_reclaim;

void *page_address(const struct page *p)
{
	return plat_phys_page(page_to_pfn(p));
}

static struct zone *page_zone(const struct page *p)
{
	return &node_data.node_zones[p->zone];
}

u64 node_free_pages(void)
{
	u64 n = 0;

	for (int i = 0; i < node_data.nr_zones; i++)
		n += node_data.node_zones[i].nr_free;
	return n;
}

u64 fw_free_pages(void)
{
	return node_free_pages();
}

/* ---- buddy ------------------------------------------------------------------------------ */

static void add_to_free_list(struct page *p, struct zone *z, unsigned order)
{
	SetPageBuddy(p);
	p->order = (u8)order;
	list_add(&p->lru, &z->free_area[order].free_list);
	z->free_area[order].nr_free++;
}

static void del_from_free_list(struct page *p, struct zone *z, unsigned order)
{
	list_del(&p->lru);
	ClearPageBuddy(p);
	z->free_area[order].nr_free--;
}

/*
 * Merge a freed block with its buddy (pfn ^ 2^order) for as long as the buddy is free, of
 * the same order and in the same zone.
 */
static void __free_one_page(u64 pfn, struct zone *z, unsigned order)
{
	u64 zend = z->zone_start_pfn + z->spanned_pages;

	z->nr_free += 1ull << order;
	while (order < MAX_ORDER - 1) {
		u64 buddy_pfn = pfn ^ (1ull << order);
		struct page *buddy;

		if (buddy_pfn < z->zone_start_pfn || buddy_pfn + (1ull << order) > zend)
			break;
		buddy = pfn_to_page(buddy_pfn);
		if (!PageBuddy(buddy) || buddy->order != order)
			break;
		del_from_free_list(buddy, z, order);
		pfn &= buddy_pfn;
		order++;
	}
	add_to_free_list(pfn_to_page(pfn), z, order);
}

void __free_pages(struct page *p, unsigned order)
{
	BUG_ON(PageBuddy(p) || PageLRU(p) || PageReserved(p));
	BUG_ON(p->mapcount || p->rmap || PageSwapCache(p));
	for (u64 i = 0; i < (1ull << order); i++) {
		struct page *q = p + i;

		q->flags = 0;
		q->mapping = NULL;
		q->index = 0;
		q->private = 0;
	}
	count_vm_events(VM_pgfree, 1ull << order);
	__free_one_page(page_to_pfn(p), page_zone(p), order);
}

/* Take a block of @order from the smallest free list that has one, splitting it down. */
static struct page *rmqueue(struct zone *z, unsigned order)
{
	for (unsigned o = order; o < MAX_ORDER; o++) {
		struct page *p;

		if (list_empty(&z->free_area[o].free_list))
			continue;
		p = list_first_entry(&z->free_area[o].free_list, struct page, lru);
		del_from_free_list(p, z, o);
		while (o > order) {
			o--;
			add_to_free_list(p + (1ull << o), z, o);
		}
		z->nr_free -= 1ull << order;
		return p;
	}
	return NULL;
}

/* For compaction: take the free block at @pfn (a PageBuddy head) out of the buddy lists. */
unsigned isolate_free_block(u64 pfn)
{
	struct page *p = pfn_to_page(pfn);
	struct zone *z = page_zone(p);
	unsigned order = p->order;

	del_from_free_list(p, z, order);
	z->nr_free -= 1ull << order;
	for (u64 i = 0; i < (1ull << order); i++)
		p[i].flags = 0;
	return order;
}

/* For compaction: give back a page it took and did not use (no pgfree: it was never allocated). */
void release_free_page(struct page *p)
{
	p->flags = 0;
	__free_one_page(page_to_pfn(p), page_zone(p), 0);
}

/* ---- watermarks ------------------------------------------------------------------------- */

/**
 * zone_watermark_ok() - whether @z can give a block of @order and stay above @mark
 * @highest_zoneidx: highest zone the allocation could use (selects the lowmem reserve)
 */
bool zone_watermark_ok(const struct zone *z, unsigned order, u64 mark, int highest_zoneidx)
{
	s64 free = (s64)z->nr_free - (1 << order) + 1;

	if (free <= (s64)(mark + z->lowmem_reserve[highest_zoneidx]))
		return false;
	for (unsigned o = order; o < MAX_ORDER; o++)
		if (z->free_area[o].nr_free)
			return true;
	return false;
}

/*
 * As Linux's __setup_per_zone_wmarks(): min_free_kbytes is split between the zones in
 * proportion to their size; low and high sit one and two steps above min, the step being
 * the larger of min/4 and 0.1% of the zone (watermark_scale_factor 10).
 */
void setup_per_zone_wmarks(void)
{
	u64 pages_min = min_free_kbytes >> (PAGE_SHIFT - 10), total = 0;

	for (int i = 0; i < node_data.nr_zones; i++)
		total += node_data.node_zones[i].managed_pages;
	for (int i = 0; i < node_data.nr_zones; i++) {
		struct zone *z = &node_data.node_zones[i];
		u64 tmp = pages_min * z->managed_pages / total;

		z->watermark[WMARK_MIN] = tmp;
		tmp = max_t(u64, tmp >> 2, z->managed_pages * 10 / 10000);
		z->watermark[WMARK_LOW] = z->watermark[WMARK_MIN] + tmp;
		z->watermark[WMARK_HIGH] = z->watermark[WMARK_LOW] + tmp;
	}
	/* lowmem_reserve_ratio 256: DMA32 keeps 1/256 of Normal's size from Normal allocations */
	for (int i = 0; i < node_data.nr_zones; i++) {
		u64 higher = 0;

		for (int j = 0; j < MAX_NR_ZONES; j++)
			node_data.node_zones[i].lowmem_reserve[j] = 0;
		for (int j = i + 1; j < node_data.nr_zones; j++) {
			higher += node_data.node_zones[j].managed_pages;
			node_data.node_zones[i].lowmem_reserve[j] = higher / 256;
		}
	}
}

int page_alloc_init(u64 nr_pages)
{
	u64 dma_pages = (nr_pages / 8) & ~255ull, lowmem_kb;

	if (dma_pages < 256)
		dma_pages = 256;
	if (nr_pages < dma_pages + 256)
		return -EINVAL;
	mem_map = plat_kmalloc(nr_pages * sizeof(struct page));
	if (!mem_map)
		return -ENOMEM;
	max_pfn = nr_pages;
	node_data.nr_zones = 2;
	node_data.node_zones[ZONE_DMA32].name = "DMA32";
	node_data.node_zones[ZONE_DMA32].zone_start_pfn = 0;
	node_data.node_zones[ZONE_DMA32].spanned_pages = dma_pages;
	node_data.node_zones[ZONE_NORMAL].name = "Normal";
	node_data.node_zones[ZONE_NORMAL].zone_start_pfn = dma_pages;
	node_data.node_zones[ZONE_NORMAL].spanned_pages = nr_pages - dma_pages;
	for (int i = 0; i < 2; i++) {
		struct zone *z = &node_data.node_zones[i];

		for (unsigned o = 0; o < MAX_ORDER; o++) {
			INIT_LIST_HEAD(&z->free_area[o].free_list);
			z->free_area[o].nr_free = 0;
		}
		z->nr_free = 0;
		for (u64 pfn = z->zone_start_pfn; pfn < z->zone_start_pfn + z->spanned_pages; pfn++) {
			INIT_LIST_HEAD(&mem_map[pfn].lru);
			mem_map[pfn].zone = (u8)i;
		}
	}
	/* pfn 0 stays reserved, as a null frame */
	SetPageReserved(&mem_map[0]);
	for (int i = 0; i < 2; i++) {
		struct zone *z = &node_data.node_zones[i];
		u64 pfn = z->zone_start_pfn + (i == 0), end = z->zone_start_pfn + z->spanned_pages;

		z->managed_pages = end - pfn;
		while (pfn < end) {
			unsigned o = 0;

			while (o + 1 < MAX_ORDER && !(pfn & ((2ull << o) - 1)) && pfn + (2ull << o) <= end)
				o++;
			__free_one_page(pfn, z, o);
			pfn += 1ull << o;
		}
	}
	lowmem_kb = (nr_pages - 1) << (PAGE_SHIFT - 10);
	if (!min_free_kbytes) {
		min_free_kbytes = int_sqrt(lowmem_kb * 16);
		if (min_free_kbytes < 128)
			min_free_kbytes = 128;
		if (min_free_kbytes > 262144)
			min_free_kbytes = 262144;
	}
	setup_per_zone_wmarks();
	return 0;
}

/* ---- allocation -------------------------------------------------------------------------- */

#define ALLOC_NO_WATERMARKS (-1)

/*
 * Movable allocations try the highest zone first; unmovable ones (page tables, slab) the
 * lowest, a crude stand-in for Linux's pageblock migrate types that keeps the Normal zone's
 * pageblocks movable, so compaction can empty them.
 */
static struct page *get_page_from_freelist(unsigned order, int wmark, int highest, bool movable)
{
	for (int k = 0; k <= highest; k++) {
		int i = movable ? highest - k : k;
		struct zone *z = &node_data.node_zones[i];
		struct page *p;

		if (wmark != ALLOC_NO_WATERMARKS &&
		    !zone_watermark_ok(z, order, z->watermark[wmark], highest))
			continue;
		p = rmqueue(z, order);
		if (p)
			return p;
	}
	return NULL;
}

/**
 * wakeup_kswapd() - ask kswapd to balance the node for an allocation of @order
 *
 * kswapd runs at the next fw_tick(). A node on which kswapd failed MAX_RECLAIM_RETRIES
 * times in a row is left to direct reclaim until some reclaim succeeds.
 */
void wakeup_kswapd(int order)
{
	struct pglist_data *pgdat = &node_data;

	if (pgdat->kswapd_order < order)
		pgdat->kswapd_order = order;
	if (pgdat->kswapd_woken)
		return;
	if (pgdat->kswapd_failures >= MAX_RECLAIM_RETRIES || pgdat_balanced(order))
		return;
	pgdat->kswapd_woken = true;
	count_vm_event(VM_kswapd_wake);
}

static struct page *prep_new_page(struct page *p, unsigned order, u32 gfp)
{
	for (u64 i = 0; i < (1ull << order); i++) {
		p[i].flags = 1u << PG_fresh;	/* see freq.c */
		p[i].lru_gen = 0;
		p[i].lru_refs = 0;
		p[i].freq = 1;	/* a new page has been used once */
		p[i].freq_epoch = node_data.lruvec.freq.epoch;
	}
	if (gfp & __GFP_ZERO) {
		for (u64 i = 0; i < (1ull << order); i++)
			memset(page_address(p + i), 0, PAGE_SIZE);
		fw_account(T_FAULT, (u64)fw_cfg.costs.page_zero << order);
	}
	count_vm_events(VM_pgalloc, 1ull << order);
	return p;
}

/**
 * alloc_pages() - allocate 2^@order contiguous pages
 * @gfp: __GFP_* context: whether reclaim, I/O, file-system calls are allowed
 *
 * Fast path at the low watermark; then wake kswapd and retry at min; then direct reclaim
 * (allocstall) with retries while it makes progress; then the OOM killer when reclaim at
 * priority 0 freed nothing.
 *
 * Return: the first page, or NULL.
 */
struct page *alloc_pages(u32 gfp, unsigned order)
{
	int highest = (gfp & __GFP_DMA32) ? ZONE_DMA32 : node_data.nr_zones - 1;
	bool movable = gfp & __GFP_MOVABLE;
	struct page *p;
	int retries = 0;

	if (order >= MAX_ORDER)
		return NULL;
	p = get_page_from_freelist(order, WMARK_LOW, highest, movable);
	if (p)
		return prep_new_page(p, order, gfp);

	/* slow path */
	if (in_reclaim) {
		p = get_page_from_freelist(order, ALLOC_NO_WATERMARKS, highest, movable);
		return p ? prep_new_page(p, order, gfp) : NULL;
	}
	/* costly orders are compaction's job: kswapd only restores order-0 free memory */
	wakeup_kswapd(order > PAGE_ALLOC_COSTLY_ORDER ? 0 : (int)order);
	if (order) {
		p = get_page_from_freelist(order, WMARK_MIN, highest, movable);
		if (p)
			return prep_new_page(p, order, gfp);
		if (fw_cfg.compaction && (gfp & __GFP_RECLAIM)) {
			count_vm_event(VM_compact_stall);
			try_to_compact_pages(order, highest);
			p = get_page_from_freelist(order, WMARK_MIN, highest, movable);
			count_vm_event(p ? VM_compact_success : VM_compact_fail);
			if (p)
				return prep_new_page(p, order, gfp);
		}
		if (order > PAGE_ALLOC_COSTLY_ORDER && (gfp & __GFP_NORETRY)) {
			count_vm_event(VM_alloc_fail);
			return NULL;
		}
	}
	for (;;) {
		u64 progress;

		p = get_page_from_freelist(order, WMARK_MIN, highest, movable);
		if (p)
			return prep_new_page(p, order, gfp);
		if (!(gfp & __GFP_RECLAIM))
			break;
		count_vm_event(VM_allocstall);
		in_reclaim++;
		progress = try_to_free_pages((int)order, gfp);
		in_reclaim--;
		p = get_page_from_freelist(order, WMARK_MIN, highest, movable);
		if (p)
			return prep_new_page(p, order, gfp);
		if (progress && ++retries < MAX_RECLAIM_RETRIES)
			continue;
		if ((gfp & __GFP_NORETRY) || !out_of_memory((int)order))
			break;
		retries = 0;
	}
	count_vm_event(VM_alloc_fail);
	return NULL;
}
