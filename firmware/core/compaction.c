// SPDX-License-Identifier: MIT
/*
 * Memory compaction (Linux's mm/compaction.c and migrate.c, simplified). In each zone a
 * migrate scanner walks up from the zone start isolating movable pages (anonymous and page
 * cache on the LRU; not KSM, not mlocked), a free scanner walks down from the zone end taking
 * free buddy blocks, and the isolated pages are migrated into the free ones: their contents
 * copied (the device's COPY for the whole batch, or the CPU), every mapping found through the
 * rmap repointed with its TLB entry invalidated, the swap-cache or page-cache slot and the LRU
 * position carried over. Compaction stops when the scanners meet or when a block of the
 * requested order is free.
 *
 * Triggers: a high-order allocation that finds no block after waking kswapd (direct
 * compaction: compact_stall, then compact_success or compact_fail), and kcompactd's proactive
 * compaction when the node's fragmentation score exceeds 10 points above the low mark
 * 100 - vm.compaction_proactiveness, run until it is back below that mark.
 */
#include "internal.h"

#define COMPACT_CLUSTER_MAX 32u
#define PAGEBLOCK_PAGES (1ull << PAGEBLOCK_ORDER)

struct compact_control {
	struct zone *zone;
	int order;			/* -1: compact the whole zone (proactive) */
	u64 migrate_pfn, free_pfn;	/* the two scanners */
	struct page *migrate[COMPACT_CLUSTER_MAX];
	unsigned nr_migrate;
	struct page *freepages[COMPACT_CLUSTER_MAX + (1u << (MAX_ORDER - 1))];
	unsigned nr_free;
};

static struct {
	unsigned ticks;
	unsigned defer;	/* checks left to skip after a run that made no progress */
	bool woken;
} kcompactd;

int compact_init(void)
{
	memset(&kcompactd, 0, sizeof(kcompactd));
	return 0;
}

static bool order_available(const struct zone *z, int order)
{
	if (order < 0)
		return false;
	for (unsigned o = (unsigned)order; o < MAX_ORDER; o++)
		if (z->free_area[o].nr_free)
			return true;
	return false;
}

static bool movable_page(const struct page *p)
{
	return PageLRU(p) && !PageUnevictable(p) && !PageKsm(p) && !PageIsolated(p) &&
	       (PageSwapBacked(p) || p->mapping);
}

/* The migrate scanner: isolate up to COMPACT_CLUSTER_MAX movable pages of one pageblock. */
static void isolate_migratepages(struct compact_control *cc)
{
	u64 end = (cc->migrate_pfn | (PAGEBLOCK_PAGES - 1)) + 1;

	lru_add_drain();
	if (end > cc->free_pfn)
		end = cc->free_pfn;
	while (cc->migrate_pfn < end && cc->nr_migrate < COMPACT_CLUSTER_MAX) {
		struct page *p = pfn_to_page(cc->migrate_pfn);

		count_vm_event(VM_compact_migrate_scanned);
		if (PageBuddy(p)) {
			cc->migrate_pfn += 1ull << p->order;
			continue;
		}
		cc->migrate_pfn++;
		if (!movable_page(p))
			continue;
		del_page_from_lru_list(p, &node_data.lruvec);
		SetPageIsolated(p);
		cc->migrate[cc->nr_migrate++] = p;
		count_vm_event(VM_compact_isolated);
	}
}

/* The free scanner: from the zone end down, take free blocks until there is one per page. */
static void isolate_freepages(struct compact_control *cc)
{
	/* free blocks already as large as the goal are left alone */
	unsigned keep = cc->order >= 0 ? (unsigned)cc->order : PAGEBLOCK_ORDER;

	while (cc->nr_free < cc->nr_migrate) {
		u64 block = (cc->free_pfn - 1) & ~(PAGEBLOCK_PAGES - 1), pfn;

		if (cc->free_pfn <= cc->migrate_pfn || block < cc->migrate_pfn)
			return;
		for (pfn = block; pfn < cc->free_pfn && cc->nr_free < cc->nr_migrate;) {
			struct page *p = pfn_to_page(pfn);

			count_vm_event(VM_compact_free_scanned);
			if (PageBuddy(p) && p->order >= keep) {
				pfn += 1ull << p->order;
			} else if (PageBuddy(p)) {
				unsigned order = isolate_free_block(pfn);

				for (u64 i = 0; i < (1ull << order); i++)
					cc->freepages[cc->nr_free++] = p + i;
				count_vm_events(VM_compact_isolated, 1ull << order);
				pfn += 1ull << order;
			} else {
				pfn++;
			}
		}
		if (pfn >= cc->free_pfn)
			cc->free_pfn = block;	/* this pageblock is done */
	}
}

/* Repoint every mapping of @old to @new and hand over its caches and LRU place. */
static void move_page(struct page *old, struct page *new)
{
	u64 npfn = page_to_pfn(new);

	new->flags = old->flags & ~(1u << PG_isolated);
	new->lru_gen = old->lru_gen;
	new->lru_refs = old->lru_refs;
	new->freq = old->freq;
	new->freq_epoch = old->freq_epoch;
	new->mapping = old->mapping;
	new->index = old->index;
	new->private = old->private;
	new->rmap = old->rmap;
	new->mapcount = old->mapcount;
	for (u32 i = new->rmap; i; i = rmap_item(i)->next) {
		struct rmap_item *it = rmap_item(i);
		struct mm_struct *mm = &mm_table[it->mm];
		u64 *pte = lookup_pte_cpu(mm, it->va);

		BUG_ON(!pte || pte_pfn(*pte) != page_to_pfn(old));
		*pte = (*pte & ~PTE_ADDR_MASK) | npfn << PAGE_SHIFT;
		flush_tlb_page(mm, it->va);
	}
	if (PageSwapCache(old))
		swap_info.cache[old->private] = xa_mk_page(new);
	else if (old->mapping)
		old->mapping->cache[old->index] = xa_mk_page(new);
	old->rmap = 0;
	old->mapcount = 0;
	old->mapping = NULL;
	old->private = 0;
	old->flags = 0;
	add_page_to_lru_list(new, &node_data.lruvec);
	free_page_(old);
}

static void migrate_pages(struct compact_control *cc)
{
	struct page *pairs[2 * COMPACT_CLUSTER_MAX];
	unsigned n = cc->nr_migrate < cc->nr_free ? cc->nr_migrate : cc->nr_free;

	for (unsigned i = 0; i < n; i++) {
		pairs[2 * i] = cc->migrate[i];
		pairs[2 * i + 1] = cc->freepages[--cc->nr_free];
	}
	if (n)
		pages_copy(pairs, n);
	for (unsigned i = 0; i < n; i++)
		move_page(pairs[2 * i], pairs[2 * i + 1]);
	count_vm_events(VM_pgmigrate_success, n);
	/* pages without a free target go back where they were */
	for (unsigned i = n; i < cc->nr_migrate; i++) {
		ClearPageIsolated(cc->migrate[i]);
		add_page_to_lru_list(cc->migrate[i], &node_data.lruvec);
		count_vm_event(VM_pgmigrate_fail);
	}
	cc->nr_migrate = 0;
}

/* Compact @z until a block of @order is free (order >= 0) or the scanners meet. */
static bool compact_zone(struct zone *z, int order)
{
	struct compact_control cc = { .zone = z, .order = order };
	bool ok;

	cc.migrate_pfn = z->zone_start_pfn + (z->zone_start_pfn == 0);
	cc.free_pfn = z->zone_start_pfn + z->spanned_pages;
	for (;;) {
		if (order_available(z, order))
			break;
		if (cc.migrate_pfn >= cc.free_pfn)
			break;
		isolate_migratepages(&cc);
		if (!cc.nr_migrate)
			continue;
		isolate_freepages(&cc);
		migrate_pages(&cc);
	}
	ok = order_available(z, order);
	while (cc.nr_free)
		release_free_page(cc.freepages[--cc.nr_free]);
	return ok;
}

/** try_to_compact_pages() - direct compaction of every eligible zone for @order. */
bool try_to_compact_pages(unsigned order, int highest)
{
	for (int i = highest; i >= 0; i--)
		if (compact_zone(&node_data.node_zones[i], (int)order))
			return true;
	return false;
}

/* Linux's extfrag_for_order(): the share of free memory not in blocks of @order or larger. */
static u64 extfrag(const struct zone *z, unsigned order)
{
	u64 suitable = 0;

	if (!z->nr_free)
		return 0;
	for (unsigned o = order; o < MAX_ORDER; o++)
		suitable += z->free_area[o].nr_free << o;
	return (z->nr_free - suitable) * 100 / z->nr_free;
}

/** fw_fragmentation_score() - the node's order-9 fragmentation score (0..100). */
unsigned fw_fragmentation_score(void)
{
	u64 total = 0, score = 0;

	for (int i = 0; i < node_data.nr_zones; i++)
		total += node_data.node_zones[i].spanned_pages;
	for (int i = 0; i < node_data.nr_zones; i++) {
		const struct zone *z = &node_data.node_zones[i];

		score += extfrag(z, PAGEBLOCK_ORDER) * z->spanned_pages / (total + 1);
	}
	return (unsigned)score;
}

#define COMPACT_MAX_DEFER_SHIFT 6

/**
 * kcompactd_run() - at a scheduler tick: proactive compaction every kcompactd_ticks ticks.
 *
 * As Linux's kcompactd: a run that did not lower the fragmentation score defers the next
 * 2^COMPACT_MAX_DEFER_SHIFT checks (proactive_defer), so compaction that cannot make
 * progress (every movable page already where it can be) does not migrate pages in vain.
 */
void kcompactd_run(void)
{
	unsigned low, high, prev;

	if (!fw_cfg.compaction || !fw_cfg.proactiveness ||
	    ++kcompactd.ticks < fw_cfg.kcompactd_ticks)
		return;
	kcompactd.ticks = 0;
	low = fw_cfg.proactiveness >= 95 ? 5 : 100 - fw_cfg.proactiveness;
	high = low + 10 > 100 ? 100 : low + 10;
	prev = fw_fragmentation_score();
	if (prev <= high)
		return;
	if (kcompactd.defer) {
		kcompactd.defer--;
		count_vm_event(VM_compact_daemon_defer);
		return;
	}
	count_vm_event(VM_compact_daemon_wake);
	for (int i = node_data.nr_zones - 1; i >= 0; i--) {
		compact_zone(&node_data.node_zones[i], -1);
		if (fw_fragmentation_score() <= low)
			break;
	}
	kcompactd.defer = fw_fragmentation_score() < prev ? 0 : 1u << COMPACT_MAX_DEFER_SHIFT;
}

/* ---- huge pages for the workloads ------------------------------------------------------- */

#define MAX_HUGE 256
static struct page *huge[MAX_HUGE];

int fw_alloc_huge(void)
{
	struct page *p;
	int h;

	for (h = 0; h < MAX_HUGE && huge[h]; h++)
		;
	if (h == MAX_HUGE)
		return -ENOMEM;
	p = alloc_pages(GFP_HIGHUSER_MOVABLE | __GFP_NORETRY | __GFP_NOWARN, PAGEBLOCK_ORDER);
	if (!p) {
		count_vm_event(VM_thp_alloc_fail);
		return -ENOMEM;
	}
	count_vm_event(VM_thp_alloc);
	huge[h] = p;
	return h;
}

void fw_free_huge(int h)
{
	if (h < 0 || h >= MAX_HUGE || !huge[h])
		return;
	__free_pages(huge[h], PAGEBLOCK_ORDER);
	huge[h] = NULL;
}

void huge_init(void)
{
	memset(huge, 0, sizeof(huge));
}
