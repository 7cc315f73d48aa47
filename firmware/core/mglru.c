// SPDX-License-Identifier: MIT
/*
 * The multi-generational LRU (--lru mglru), after Linux 6.1's CONFIG_LRU_GEN (mm/vmscan.c,
 * include/linux/mm_inline.h, Documentation/mm/multigen_lru.rst), written for this firmware.
 *
 * Generations. Evictable pages sit on lists[gen][type] (type 0 anon, 1 file), gen = seq %
 * MAX_NR_GENS, with seq from min_seq[type] (oldest) to max_seq (youngest, shared by both
 * types). page->lru_gen is gen + 1 while the page is on one of these lists; PG_active stays
 * clear there (lru.c counts nr_pages[] by page_lru()), and is set on a page leaving a young
 * generation other than by eviction, so that migration puts it back young. A new page joins
 * the youngest generation if it is hot (PG_active, or mapped by a young PTE: just faulted in);
 * otherwise an anon page not in the swap cache joins min_seq + 1, anything else min_seq.
 *
 * Aging (try_to_inc_max_seq): one pass over every process's page tables, harvest_filtered()
 * (the device's SCAN with CLEAR_AF, or the software walk), moves each page found young into
 * generation max_seq, then inc_max_seq() opens a new empty youngest generation (the oldest is
 * folded into the next one first if MAX_NR_GENS are in use). Reclaim ages synchronously when
 * it runs out of generations (should_run_aging). The periodic pass (--aging-interval) ages
 * when should_run_aging() says so, as kswapd's lru_gen_age_node() does, with the device's
 * SCANs overlapping the workload; otherwise it walks without a new generation, moving the
 * pages used since into the youngest one.
 *
 * Bloom filter. A walk puts the 2 MiB ranges (one leaf table each, keyed by process and
 * address) where at least one PTE in 8 was young into the filter of the next generation;
 * the next walk harvests only the ranges in its filter (a process not walked before is walked
 * whole). Look-around feeds the filter too.
 *
 * Eviction (evict_folios): the oldest generation of the type chosen by the refault feedback
 * is sorted from its tail: pages promoted since (another generation) are moved to their list;
 * pages of a tier above the controller's limit are protected (moved to min_seq + 1);
 * the rest are isolated, EVICT_BATCH at a time. Each isolated mapped page's PTEs are checked
 * through the rmap (live AF); a young one is kept (moved to the youngest generation) and its
 * neighbourhood looked around: the 64-entry-aligned block of the leaf table around it, whose
 * young pages are promoted too. The rest are unmapped, written and freed as shrink_page_list
 * does, each leaving a shadow entry with the eviction min_seq and its tier's refs.
 *
 * Tiers. Uses through file descriptors (read(2): mark_page_accessed -> lru_gen_accessed)
 * count as folio_inc_refs does: PG_referenced, then PG_workingset, then page->lru_refs up to
 * 3; refs = lru_refs + PG_workingset (lru_refs only counts while PG_workingset is set, since
 * freeing a page clears flags but not lru_refs), tier = order_base_2(refs + 1).
 *
 * Refault feedback (a PI controller, as Linux): per type and tier, refaults and evictions
 * (+ protections) since min_seq last moved, plus moving averages halved each time it moves.
 * Three parts follow Linux's rework of 2024 (6.14) instead of 6.1, because 6.1's made mglru
 * read more pages than classic on `mixed` (47,167 against 45,013; now 45,452): 6.1 compared
 * anon's tier 0 with file's tier 0 only, so file pages that refault from higher tiers (read(2)
 * pages) never moved eviction to anon; get_type_to_scan() now compares the refault rates of
 * all tiers of each type, weighted by swappiness and 200 - swappiness. get_tier_idx()
 * protects the tiers whose refault rate is above 3/2 of tier 0's (gains 2:3; 6.1: 1:2), and a
 * page whose refs saturated is promoted to min_seq + 1 whatever the controller says, without
 * counting as protected (6.14's lazy promotion of the workingset).
 *
 * min_ttl (fw_cfg.min_ttl_ticks): while the oldest generation is younger than that, reclaim
 * evicts nothing, so an allocation that cannot be satisfied goes on to the OOM killer.
 *
 * Simplified from Linux: one node, no memcgs, no zones in the lists (reclaim here does not
 * target zones), no PID-controller history beyond one generation (NR_HIST_GENS 1), the walk
 * moves pages between lists at once instead of batching gen updates, dirty file pages are
 * written by eviction itself (synchronous writeback, no flusher to wait for), the MGLRU
 * clock counts CPU accesses (tlb_hit + tlb_miss; 32 per tick, the machine's default --tick),
 * and a read(2) refault is taken as outside a page fault (the firmware cannot tell a file
 * fault's from read(2)'s). Tuned for memories of 1-16 MiB (measured, see the constants):
 * eviction batches of 16 pages instead of 64, a controller sample minimum of 16 refaults
 * instead of 64, and look-around over the aligned 64-entry block instead of 64 entries
 * centred on the young PTE.
 */
#include "internal.h"

#define LRU_GEN_ANON 0
#define LRU_GEN_FILE 1
#define MIN_LRU_BATCH 64u			/* BITS_PER_LONG */
#define MAX_LRU_BATCH (MIN_LRU_BATCH * 64)
/*
 * Pages isolated per eviction batch. Linux takes MIN_LRU_BATCH; with 1-16 MiB of memory here
 * that is 1.5-6% of it per batch and kswapd overshoots its target by as much (measured: 1-4%
 * more page reads on the hash-join trace), so batches are SWAP_CLUSTER_MAX / 2.
 */
#define EVICT_BATCH (SWAP_CLUSTER_MAX / 2)
#define LOOK_AROUND_PTES 64u			/* the aligned block look-around scans */
/*
 * The controller's minimum sample: fewer refaults than this say nothing. Linux uses
 * MIN_LRU_BATCH (64) on machines of gigabytes; a generation of a 16 MiB machine sees a few
 * to tens of refaults in its higher tiers (file on mixed: tier 1 8-42, tier 2 1-36), so a
 * larger minimum rarely lets a tier be protected. Measured page reads on mixed: 64: +4%;
 * 16: 46,207; 8: 45,589; 4: 45,524; 2: 45,452; 1: 45,426.
 */
#define CTRL_MIN_REFAULTS 2
#define ACCESSES_PER_TICK 32			/* the MGLRU clock: CPU accesses per tick */
#define YOUNG_PER_LINE 8			/* suitable_to_scan: PTEs per 64-byte line */
#define PMD_SIZE (1ull << 21)

/* declared in accel.c too (see there) */

static bool lru_gen_reclaiming;	/* del_page_from_lru_list() called by eviction */

/* processes that had a walk: a new one is walked whole (Linux's force_scan for new mms) */
static struct {
	u64 pgd;
	bool walked;
} mm_walked[MAX_PROCS];

/* the walk in progress (the harvest consumers take no context) */
static struct {
	int gen;		/* generation young pages move to: max_seq's */
	int filter;		/* the Bloom filter it tests */
	int next_filter;	/* the one it fills for the next walk */
} walk;

static struct lru_gen_struct *lrugen(void)
{
	return &node_data.lruvec.lrugen;
}

static int lru_gen_from_seq(u64 seq)
{
	return (int)(seq % MAX_NR_GENS);
}

static int page_lru_gen(const struct page *p)
{
	return (int)p->lru_gen - 1;
}

static u64 get_nr_gens(const struct lru_gen_struct *g, int type)
{
	return g->max_seq - g->min_seq[type] + 1;
}

static bool lru_gen_is_active(const struct lru_gen_struct *g, int gen)
{
	return gen == lru_gen_from_seq(g->max_seq) || gen == lru_gen_from_seq(g->max_seq - 1);
}

/* The MGLRU clock: CPU accesses so far (identical with and without the device). */
static u64 lru_gen_clock(void)
{
	return vm_events[VM_tlb_hit] + vm_events[VM_tlb_miss];
}

/* ---- tiers ------------------------------------------------------------------------------- */

/* uses through file descriptors beyond the first (Linux's folio_lru_refs) */
static int page_lru_refs(const struct page *p)
{
	return PageWorkingset(p) ? p->lru_refs + 1 : 0;
}

/* order_base_2(refs + 1): refs 0 -> 0, 1 -> 1, 2..3 -> 2, 4 -> 3 */
static int lru_tier_from_refs(int refs)
{
	int tier = 0;

	while ((1 << tier) < refs + 1)
		tier++;
	return tier;
}

static void set_workingset(struct page *p)
{
	SetPageWorkingset(p);
	p->lru_refs = 0;
}

/* clear PG_referenced, PG_workingset and the refs (LRU_REFS_MASK | LRU_REFS_FLAGS) */
static void clear_refs(struct page *p)
{
	ClearPageReferenced(p);
	ClearPageWorkingset(p);
	p->lru_refs = 0;
}

/** lru_gen_accessed() - a use through a file descriptor: Linux's folio_inc_refs(). */
void lru_gen_accessed(struct page *p)
{
	if (PageUnevictable(p))
		return;
	if (!PageReferenced(p)) {
		SetPageReferenced(p);
		return;
	}
	if (!PageWorkingset(p)) {
		set_workingset(p);
		return;
	}
	if (p->lru_refs < LRU_REFS_MAX)
		p->lru_refs++;
}

/* ---- lists ------------------------------------------------------------------------------- */

void lru_gen_init(struct lruvec *lv)
{
	struct lru_gen_struct *g = &lv->lrugen;
	u64 now = lru_gen_clock();

	memset(g, 0, sizeof(*g));
	g->max_seq = MIN_NR_GENS + 1;
	for (int gen = 0; gen < MAX_NR_GENS; gen++) {
		g->timestamps[gen] = now;
		for (int type = 0; type < ANON_AND_FILE; type++)
			INIT_LIST_HEAD(&g->lists[gen][type]);
	}
	memset(mm_walked, 0, sizeof(mm_walked));
	memset(&walk, 0, sizeof(walk));
	lru_gen_reclaiming = false;
}

/* @p is mapped by a young PTE (the fault that brought it in just set AF) */
static bool page_young_mapped(const struct page *p)
{
	for (u32 i = p->rmap; i; i = rmap_item(i)->next) {
		const struct rmap_item *it = rmap_item(i);
		u64 *pte = walk_pte(&mm_table[it->mm], it->va, false, NULL);

		if (pte && pte_present(*pte) && pte_young(*pte))
			return true;
	}
	return false;
}

static void list_add_gen(struct lru_gen_struct *g, struct page *p, int gen, bool tail)
{
	int type = page_is_file_lru(p);

	p->lru_gen = (u8)(gen + 1);
	if (tail)
		list_add_tail(&p->lru, &g->lists[gen][type]);
	else
		list_add(&p->lru, &g->lists[gen][type]);
	g->nr_pages[gen][type]++;
}

static void list_del_gen(struct lru_gen_struct *g, struct page *p)
{
	int gen = page_lru_gen(p);

	BUG_ON(gen < 0 || gen >= MAX_NR_GENS);
	list_del(&p->lru);
	g->nr_pages[gen][page_is_file_lru(p)]--;
	p->lru_gen = 0;
}

/**
 * lru_gen_add_page() - onto a generation: the youngest if hot (PG_active, or just faulted in
 * and mapped young), else min_seq + 1 for anon not in the swap cache, else min_seq.
 */
void lru_gen_add_page(struct page *p, struct lruvec *lv)
{
	struct lru_gen_struct *g = &lv->lrugen;
	int type = page_is_file_lru(p);
	u64 seq;

	if (PageActive(p) || page_young_mapped(p))
		seq = g->max_seq;
	else if (type == LRU_GEN_ANON && !PageSwapCache(p))
		seq = g->min_seq[type] + 1;
	else
		seq = g->min_seq[type];
	ClearPageActive(p);
	list_add_gen(g, p, lru_gen_from_seq(seq), false);
}

/*
 * Off its generation. Unless eviction takes it, a page leaving one of the two youngest
 * generations gets PG_active, so that where it goes next (migration) it is young again.
 */
void lru_gen_del_page(struct page *p, struct lruvec *lv)
{
	struct lru_gen_struct *g = &lv->lrugen;
	int gen = page_lru_gen(p);

	list_del_gen(g, p);
	if (!lru_gen_reclaiming && lru_gen_is_active(g, gen))
		SetPageActive(p);
}

/* Move @p (on a generation) to @gen, clearing its refs (Linux's folio_update_gen). */
static bool page_update_gen(struct lru_gen_struct *g, struct page *p, int gen)
{
	clear_refs(p);
	if (page_lru_gen(p) == gen)
		return false;
	list_del_gen(g, p);
	list_add_gen(g, p, gen, false);
	return true;
}

/* One generation older than the oldest (Linux's folio_inc_gen): to the tail of min_seq + 1. */
static void page_inc_gen(struct lru_gen_struct *g, struct page *p)
{
	int type = page_is_file_lru(p);
	int old_gen = lru_gen_from_seq(g->min_seq[type]), gen = page_lru_gen(p);

	clear_refs(p);
	if (gen != old_gen)
		return;		/* already promoted */
	list_del_gen(g, p);
	list_add_gen(g, p, (old_gen + 1) % MAX_NR_GENS, true);
}

/* ---- the refault feedback controller ------------------------------------------------------ */

struct ctrl_pos {
	u64 refaulted;
	u64 total;
	u64 gain;
};

/* @type's refaults and evictions in @tier, or in all tiers together if @tier is MAX_NR_TIERS */
static void read_ctrl_pos(const struct lru_gen_struct *g, int type, int tier, u64 gain,
			  struct ctrl_pos *pos)
{
	int lo = tier == MAX_NR_TIERS ? 0 : tier, hi = tier == MAX_NR_TIERS ? MAX_NR_TIERS : tier + 1;

	pos->refaulted = pos->total = 0;
	for (int t = lo; t < hi; t++) {
		pos->refaulted += g->avg_refaulted[type][t] + g->refaulted[type][t];
		pos->total += g->avg_total[type][t] + g->evicted[type][t];
		if (t)
			pos->total += g->protected[type][t - 1];
	}
	pos->gain = gain;
}

/* min_seq[@type] moves on: fold the counts into the averages (halved) and restart them */
static void reset_ctrl_pos(struct lru_gen_struct *g, int type)
{
	for (int tier = 0; tier < MAX_NR_TIERS; tier++) {
		u64 total = g->avg_total[type][tier] + g->evicted[type][tier];

		if (tier)
			total += g->protected[type][tier - 1];
		g->avg_refaulted[type][tier] = (g->avg_refaulted[type][tier] +
						g->refaulted[type][tier]) / 2;
		g->avg_total[type][tier] = total / 2;
		g->refaulted[type][tier] = 0;
		g->evicted[type][tier] = 0;
		if (tier)
			g->protected[type][tier - 1] = 0;
	}
}

/*
 * The set point's refault rate is not below the process variable's (weighted by the gains):
 * pv may be evicted before sp. Too few refaults to tell also counts as yes.
 */
static bool positive_ctrl_err(const struct ctrl_pos *sp, const struct ctrl_pos *pv)
{
	return pv->refaulted < CTRL_MIN_REFAULTS ||
	       pv->refaulted * (sp->total + CTRL_MIN_REFAULTS) * sp->gain <=
		       (sp->refaulted + 1) * pv->total * pv->gain;
}

/*
 * The highest tier of @type to evict: the tiers above it refault more than tier 0, with a
 * margin (gains 2:3; any higher tier has at least twice tier 0's accesses).
 */
static int get_tier_idx(const struct lru_gen_struct *g, int type)
{
	struct ctrl_pos sp, pv;
	int tier;

	read_ctrl_pos(g, type, 0, 2, &sp);
	for (tier = 1; tier < MAX_NR_TIERS; tier++) {
		read_ctrl_pos(g, type, tier, 3, &pv);
		if (!positive_ctrl_err(&sp, &pv))
			break;
	}
	return tier - 1;
}

/*
 * Which type to evict: the refault rates of all tiers of anon and of file, weighted by
 * swappiness and 200 - swappiness (the type selection Linux reworked after 6.1, see above).
 */
static int get_type_to_scan(const struct lru_gen_struct *g, int swappiness)
{
	struct ctrl_pos sp, pv;

	read_ctrl_pos(g, LRU_GEN_ANON, MAX_NR_TIERS, (u64)swappiness, &sp);
	read_ctrl_pos(g, LRU_GEN_FILE, MAX_NR_TIERS, 200 - (u64)swappiness, &pv);
	return positive_ctrl_err(&sp, &pv);
}

/* ---- generations: min_seq and max_seq ----------------------------------------------------- */

/* Fold the oldest generation of @type into the next one (Linux's inc_min_seq). */
static void inc_min_seq(struct lru_gen_struct *g, int type, bool can_swap)
{
	int old_gen = lru_gen_from_seq(g->min_seq[type]);
	struct list_head *head = &g->lists[old_gen][type];

	if (type == LRU_GEN_FILE || can_swap) {
		while (!list_empty(head))
			page_inc_gen(g, list_last_entry(head, struct page, lru));
	}
	reset_ctrl_pos(g, type);
	g->min_seq[type]++;
}

/* Advance min_seq past empty generations; anon's never passes file's. Return: moved. */
static bool try_to_inc_min_seq(struct lru_gen_struct *g, bool can_swap)
{
	u64 min_seq[ANON_AND_FILE] = { g->min_seq[0], g->min_seq[1] };
	bool success = false;

	for (int type = !can_swap; type < ANON_AND_FILE; type++) {
		while (min_seq[type] + MIN_NR_GENS <= g->max_seq &&
		       list_empty(&g->lists[lru_gen_from_seq(min_seq[type])][type]))
			min_seq[type]++;
	}
	if (can_swap) {
		min_seq[LRU_GEN_ANON] = min_t(u64, min_seq[LRU_GEN_ANON], min_seq[LRU_GEN_FILE]);
		min_seq[LRU_GEN_FILE] = max_t(u64, min_seq[LRU_GEN_ANON], g->min_seq[LRU_GEN_FILE]);
	}
	for (int type = !can_swap; type < ANON_AND_FILE; type++) {
		if (min_seq[type] == g->min_seq[type])
			continue;
		reset_ctrl_pos(g, type);
		g->min_seq[type] = min_seq[type];
		success = true;
	}
	return success;
}

/* A new youngest generation (Linux's inc_max_seq); the oldest is folded if all are in use. */
static void inc_max_seq(struct lru_gen_struct *g, bool can_swap)
{
	for (int type = ANON_AND_FILE - 1; type >= 0; type--) {
		if (get_nr_gens(g, type) == MAX_NR_GENS)
			inc_min_seq(g, type, can_swap);
	}
	g->timestamps[lru_gen_from_seq(g->max_seq + 1)] = lru_gen_clock();
	g->max_seq++;
	count_vm_event(VM_mglru_aging);
}

/* ---- the Bloom filter of leaf tables -------------------------------------------------------- */

static int filter_gen_from_seq(u64 seq)
{
	return (int)(seq % NR_BLOOM_FILTERS);
}

/* two keys of BLOOM_FILTER_SHIFT bits from (process, 2 MiB range): one leaf table */
static void get_item_key(const struct mm_struct *mm, u64 va, u32 key[2])
{
	u64 h = ((u64)mm->id << 40 ^ va >> 21) * 0x9e3779b97f4a7c15ull;

	h >>= 64 - 2 * BLOOM_FILTER_SHIFT;
	key[0] = (u32)h & ((1u << BLOOM_FILTER_SHIFT) - 1);
	key[1] = (u32)(h >> BLOOM_FILTER_SHIFT);
}

static bool test_bloom_filter(const struct lru_gen_struct *g, int f, const struct mm_struct *mm,
			      u64 va)
{
	u32 key[2];

	if (!g->filter_set[f])
		return true;
	get_item_key(mm, va, key);
	return (g->filters[f][key[0] / 64] >> (key[0] % 64) & 1) &&
	       (g->filters[f][key[1] / 64] >> (key[1] % 64) & 1);
}

static void update_bloom_filter(struct lru_gen_struct *g, int f, const struct mm_struct *mm,
				u64 va)
{
	u32 key[2];

	if (!g->filter_set[f])
		return;
	get_item_key(mm, va, key);
	g->filters[f][key[0] / 64] |= 1ull << (key[0] % 64);
	g->filters[f][key[1] / 64] |= 1ull << (key[1] % 64);
	count_vm_event(VM_mglru_bloom_added);
}

static void reset_bloom_filter(struct lru_gen_struct *g, int f)
{
	memset(g->filters[f], 0, sizeof(g->filters[f]));
	g->filter_set[f] = true;
}

/* a leaf table is worth walking again when at least one PTE in YOUNG_PER_LINE was young */
static bool suitable_to_scan(u64 total, u64 young)
{
	return young * YOUNG_PER_LINE >= total;
}

/* ---- aging: the page-table walk ------------------------------------------------------------ */

static bool mm_was_walked(const struct mm_struct *mm)
{
	return mm_walked[mm->id].walked && mm_walked[mm->id].pgd == mm->pgd;
}

/* which 2 MiB ranges this walk harvests: not mlocked; all, or those in the filter */
static bool walk_want(struct mm_struct *mm, struct vm_area_struct *v, u64 va)
{
	if (v->vm_flags & VM_LOCKED)
		return false;
	if (!mm_was_walked(mm) || test_bloom_filter(lrugen(), walk.filter, mm, va))
		return true;
	count_vm_event(VM_mglru_bloom_skips);
	return false;
}

/* a 2 MiB range of @v (from @seg) had @young young PTEs: into the next filter if enough */
static void walk_range_done(struct mm_struct *mm, struct vm_area_struct *v, u64 seg, u64 young)
{
	u64 start = max_t(u64, seg, v->vm_start), end = min_t(u64, seg + PMD_SIZE, v->vm_end);

	if (young && suitable_to_scan((end - start) >> PAGE_SHIFT, young))
		update_bloom_filter(lrugen(), walk.next_filter, mm, seg);
}

/* harvest consumer: every young PTE's page moves to max_seq (walk_pte_range) */
static void walk_young(struct mm_struct *mm, struct vm_area_struct *v, u64 start,
		       const u64 *bits, u64 words)
{
	struct lru_gen_struct *g = lrugen();
	u64 n = 0, seg = ~0ull, seg_young = 0;

	for (u64 w = 0; w < words; w++) {
		for (u64 b = bits[w]; b; b &= b - 1) {
			u64 va = start + ((w * 64 + (u64)__builtin_ctzll(b)) << PAGE_SHIFT);
			u64 *pte = walk_pte(mm, va, false, NULL);
			struct page *p;

			if ((va & ~(PMD_SIZE - 1)) != seg) {
				if (seg_young)
					walk_range_done(mm, v, seg, seg_young);
				seg = va & ~(PMD_SIZE - 1);
				seg_young = 0;
			}
			seg_young++;
			n++;
			if (!pte || !pte_present(*pte))
				continue;
			p = pfn_to_page(pte_pfn(*pte));
			if (PageUnevictable(p))
				continue;
			if (PageLRU(p) && p->lru_gen) {
				if (page_update_gen(g, p, walk.gen))
					count_vm_event(VM_mglru_walk_promoted);
			} else {
				SetPageReferenced(p);	/* isolated, or not on a list yet */
			}
		}
	}
	if (seg_young)
		walk_range_done(mm, v, seg, seg_young);
	fw_account(T_AGING_CPU, n * fw_cfg.costs.freq_update);
}

/*
 * The walk: harvest every process's young PTEs (those of the filter's leaf tables) into
 * generation max_seq; ranges dense in young PTEs go into filter @next_filter.
 */
static void walk_mm_list(struct lru_gen_struct *g, int next_filter, bool overlap)
{
	walk.gen = lru_gen_from_seq(g->max_seq);
	walk.filter = filter_gen_from_seq(g->max_seq);
	walk.next_filter = next_filter;
	lru_add_drain();
	harvest_filtered(walk_young, walk_want, overlap ? HARVEST_OVERLAP : 0);
	for (int i = 0; i < MAX_PROCS; i++) {
		mm_walked[i].walked = mm_table[i].state == MM_LIVE;
		mm_walked[i].pgd = mm_table[i].pgd;
	}
}

/* Aging (Linux's try_to_inc_max_seq with an mm walk): the walk, then a new generation. */
static void try_to_inc_max_seq(struct lru_gen_struct *g, bool can_swap, bool overlap)
{
	int next = filter_gen_from_seq(g->max_seq + 1);

	reset_bloom_filter(g, next);
	walk_mm_list(g, next, overlap);
	inc_max_seq(g, can_swap);
}

static int get_swappiness(void)
{
	return nr_swap_pages() < MIN_LRU_BATCH ? 0 : fw_cfg.swappiness;
}

static bool should_run_aging(const struct lru_gen_struct *g, int priority, bool can_swap,
			     u64 *nr_to_scan);

/**
 * lru_gen_age() - the periodic pass (--aging-interval): age as kswapd's lru_gen_age_node()
 * would, when should_run_aging() says eviction will need a generation; otherwise a walk
 * that only moves the pages used since into the youngest generation (recency kept fresh
 * without shortening the window the generations span). The device's SCANs overlap the
 * workload (@overlap).
 */
void lru_gen_age(bool overlap)
{
	struct lru_gen_struct *g = lrugen();
	bool can_swap = get_swappiness() != 0;
	u64 nr_to_scan;

	if (should_run_aging(g, DEF_PRIORITY, can_swap, &nr_to_scan))
		try_to_inc_max_seq(g, can_swap, overlap);
	else
		walk_mm_list(g, filter_gen_from_seq(g->max_seq), overlap);
}

/**
 * lru_gen_run_aging() - age now, whatever should_run_aging() says (Linux's debugfs '+'
 * command without force_scan): the walk (Bloom filter applies) and a new generation.
 * Not in internal.h: the unit tests declare it.
 */
void lru_gen_run_aging(bool overlap)
{
	try_to_inc_max_seq(lrugen(), get_swappiness() != 0, overlap);
}

/* ---- look-around ------------------------------------------------------------------------- */

/*
 * Eviction found the PTE at @va young: clear AF on it and on the other young PTEs of its
 * 64-entry-aligned block of the leaf table (within @v), promoting their pages to max_seq
 * (Linux centres its 64 entries on @va; the aligned block reads fewer lines and measured
 * slightly better here); pages off the lists (isolated) get PG_referenced. A table dense enough in young
 * PTEs goes into the filter the next walk uses. Return: young PTEs found.
 */
static u64 lru_gen_look_around(struct mm_struct *mm, struct vm_area_struct *v, u64 va, u64 *pte)
{
	struct lru_gen_struct *g = lrugen();
	const struct fw_costs *c = &fw_cfg.costs;
	u64 block = (u64)LOOK_AROUND_PTES << PAGE_SHIFT, young = 0, total, *first;
	u64 start = max_t(u64, va & ~(block - 1), v->vm_start);
	u64 end = min_t(u64, (va & ~(block - 1)) + block, v->vm_end);
	int new_gen = lru_gen_from_seq(g->max_seq);

	first = pte - ((va - start) >> PAGE_SHIFT);
	total = (end - start) >> PAGE_SHIFT;
	count_vm_event(VM_mglru_lookaround);
	for (u64 i = 0; i < total; i++) {
		u64 e = first[i], addr = start + (i << PAGE_SHIFT);
		struct page *p;

		if (!pte_present(e) || !pte_young(e))
			continue;
		first[i] = e & ~PTE_AF;		/* atomic against the hardware walker */
		flush_tlb_page(mm, addr);
		young++;
		p = pfn_to_page(pte_pfn(e));
		if (PageUnevictable(p))
			continue;
		if (PageLRU(p) && p->lru_gen) {
			if (page_update_gen(g, p, new_gen))
				count_vm_event(VM_mglru_lookaround_young);
		} else {
			SetPageReferenced(p);
		}
	}
	fw_account(T_RECLAIM, (total + YOUNG_PER_LINE - 1) / YOUNG_PER_LINE * c->sw_line +
				      total * c->sw_desc + young * c->sw_atomic);
	if (suitable_to_scan(total, young))
		update_bloom_filter(g, filter_gen_from_seq(g->max_seq), mm, va & ~(PMD_SIZE - 1));
	return young;
}

/* Linux's folio_referenced() under MGLRU: the live AF of each mapping, looked around. */
static u64 page_referenced_live(struct page *p)
{
	u64 referenced = 0;

	for (u32 i = p->rmap; i; i = rmap_item(i)->next) {
		const struct rmap_item *it = rmap_item(i);
		struct mm_struct *mm = &mm_table[it->mm];
		u64 *pte = lookup_pte_cpu(mm, it->va);
		struct vm_area_struct *v;

		if (!pte || !pte_present(*pte) || !pte_young(*pte))
			continue;
		v = find_vma(mm, it->va);
		if (!v)
			continue;
		lru_gen_look_around(mm, v, it->va, pte);
		referenced++;
	}
	return referenced;
}

/* ---- eviction ---------------------------------------------------------------------------- */

/*
 * Sort a page of the oldest generation instead of isolating it: culled (unevictable),
 * already promoted (to its list), or protected by its tier (to min_seq + 1). Return: sorted.
 */
static bool sort_folio(struct lruvec *lv, struct page *p, int tier_idx)
{
	struct lru_gen_struct *g = &lv->lrugen;
	int gen = page_lru_gen(p), type = page_is_file_lru(p);
	int refs = page_lru_refs(p), tier = lru_tier_from_refs(refs);

	if (!page_evictable(p)) {
		lru_gen_reclaiming = true;
		del_page_from_lru_list(p, lv);
		lru_gen_reclaiming = false;
		ClearPageActive(p);
		SetPageUnevictable(p);
		add_page_to_lru_list(p, lv);
		count_vm_event(VM_unevictable_pgs_culled);
		return true;
	}
	if (gen != lru_gen_from_seq(g->min_seq[type])) {
		list_move(&p->lru, &g->lists[gen][type]);
		return true;
	}
	/* protected by its tier, or lazily promoted once its refs saturate (not counted) */
	if (tier > tier_idx || refs == LRU_REFS_MAX + 1) {
		if (refs != LRU_REFS_MAX + 1)
			g->protected[type][tier - 1]++;
		page_inc_gen(g, p);
		count_vm_event(VM_workingset_activate);
		count_vm_event(type ? VM_workingset_activate_file : VM_workingset_activate_anon);
		return true;
	}
	return false;
}

/* Take @p off its generation for eviction, if eviction could do anything with it. */
static bool isolate_folio(struct lruvec *lv, struct page *p, struct scan_control *sc)
{
	bool anon_new = PageSwapBacked(p) && !PageSwapCache(p);

	if (!sc->may_unmap && p->mapcount)
		return false;
	if (!(sc->may_writepage && (sc->gfp_mask & __GFP_IO)) && (PageDirty(p) || anon_new))
		return false;
	if (!sc->may_swap && anon_new)
		return false;
	if (!PageReferenced(p))
		clear_refs(p);		/* refs only count with a recent use (see MAX_NR_TIERS) */
	ClearPageReferenced(p);
	lru_gen_reclaiming = true;
	del_page_from_lru_list(p, lv);
	lru_gen_reclaiming = false;
	SetPageIsolated(p);
	return true;
}

/* Scan the tail of the oldest generation of @type: sort, isolate into @list, or skip. */
static u64 scan_folios(struct lruvec *lv, struct scan_control *sc, int type, int tier,
		       struct list_head *list, u64 batch)
{
	struct lru_gen_struct *g = &lv->lrugen;
	struct list_head moved = { &moved, &moved }, *head;
	u64 scanned = 0, sorted = 0, isolated = 0, skipped = 0, remaining = MAX_LRU_BATCH;

	if (get_nr_gens(g, type) == MIN_NR_GENS)
		return 0;
	head = &g->lists[lru_gen_from_seq(g->min_seq[type])][type];
	while (!list_empty(head)) {
		struct page *p = list_last_entry(head, struct page, lru);

		scanned++;
		if (sort_folio(lv, p, tier)) {
			sorted++;
		} else if (isolate_folio(lv, p, sc)) {
			list_add(&p->lru, list);
			isolated++;
		} else {
			list_move(&p->lru, &moved);
			skipped++;
		}
		if (!--remaining || max_t(u64, isolated, skipped) >= batch)
			break;
	}
	if (skipped) {
		/* back at the head of their generation (they stay on it) */
		struct list_head *f = moved.next, *l = moved.prev;

		f->prev = head;
		l->next = head->next;
		head->next->prev = l;
		head->next = f;
	}
	fw_account(T_RECLAIM, isolated * fw_cfg.costs.reclaim_page);
	count_vm_events(sc->kswapd ? VM_pgscan_kswapd : VM_pgscan_direct, isolated);
	count_vm_events(type ? VM_pgscan_file : VM_pgscan_anon, isolated);
	count_vm_events(VM_pgrefill, sorted);
	return isolated || !remaining ? scanned : 0;
}

static u64 isolate_folios(struct lruvec *lv, struct scan_control *sc, int swappiness,
			  int *type_scanned, struct list_head *list, u64 batch)
{
	const struct lru_gen_struct *g = &lv->lrugen;
	int type;
	u64 scanned = 0;

	if (!swappiness)
		type = LRU_GEN_FILE;
	else if (g->min_seq[LRU_GEN_ANON] < g->min_seq[LRU_GEN_FILE])
		type = LRU_GEN_ANON;
	else if (swappiness == 1)
		type = LRU_GEN_FILE;
	else if (swappiness == 200)
		type = LRU_GEN_ANON;
	else
		type = get_type_to_scan(g, swappiness);
	for (int i = !swappiness; i < ANON_AND_FILE; i++) {
		scanned = scan_folios(lv, sc, type, get_tier_idx(g, type), list, batch);
		if (scanned)
			break;
		type = !type;
	}
	*type_scanned = type;
	return scanned;
}

/*
 * MGLRU's reference check at eviction (in Linux's shrink_folio_list): a page mapped by a young
 * PTE (looked around), or found young while isolated (PG_referenced), is kept young; anything
 * else goes.
 */
static enum page_references lru_gen_page_references(struct page *p)
{
	if (p->mapcount && page_referenced_live(p)) {
		ClearPageReferenced(p);
		return PAGEREF_ACTIVATE;
	}
	return TestClearPageReferenced(p) ? PAGEREF_ACTIVATE : PAGEREF_RECLAIM;
}

/* Reverse @h in place (MGLRU frees from the tail of its isolated list: see evict_folios). */
static void list_reverse(struct list_head *h)
{
	struct list_head *l = h;

	do {
		struct list_head *t = l->next;

		l->next = l->prev;
		l->prev = t;
		l = t;
	} while (l != h);
}

/* One batch: isolate from the oldest generation, free what can be freed. Return: scanned. */
static u64 evict_folios(struct lruvec *lv, struct scan_control *sc, int swappiness,
			u64 *reclaimed)
{
	struct lru_gen_struct *g = &lv->lrugen;
	struct list_head list = { &list, &list }, keep = { &keep, &keep };
	struct reclaim_stat st = { 0 };
	u64 scanned, freed, nr_activate;
	int type;

	u64 batch = EVICT_BATCH;

	if (sc->nr_to_reclaim > *reclaimed)
		batch = min_t(u64, batch, sc->nr_to_reclaim - *reclaimed);
	scanned = isolate_folios(lv, sc, swappiness, &type, &list, batch);
	scanned += try_to_inc_min_seq(g, swappiness != 0);
	if (get_nr_gens(g, !swappiness) == MIN_NR_GENS)
		scanned = 0;
	if (list_empty(&list))
		return scanned;
	/* free from the tail of the isolated list; survivors keep the order they were taken in */
	list_reverse(&list);
	freed = shrink_page_list(&list, sc, &st, &keep, lru_gen_page_references);
	list_reverse(&keep);
	nr_activate = st.nr_activate;
	while (!list_empty(&keep)) {
		struct page *p = list_first_entry(&keep, struct page, lru);

		list_del(&p->lru);
		ClearPageIsolated(p);
		if (PageWorkingset(p))
			SetPageReferenced(p);	/* restore what isolate_folio() cleared */
		if (!PageUnevictable(p))
			SetPageActive(p);	/* rejected pages do not go back to the oldest */
		add_page_to_lru_list(p, lv);
	}
	count_vm_events(VM_pgactivate, nr_activate);
	count_vm_events(sc->kswapd ? VM_pgsteal_kswapd : VM_pgsteal_direct, freed);
	sc->nr_scanned += scanned;
	*reclaimed += freed;
	return scanned;
}

/*
 * Whether to age before evicting, and how much to scan: age when only MIN_NR_GENS
 * generations are left, or, with MIN_NR_GENS + 1, when the youngest holds more than half
 * or the oldest less than a quarter of the pages (Linux's should_run_aging).
 */
static bool should_run_aging(const struct lru_gen_struct *g, int priority, bool can_swap,
			     u64 *nr_to_scan)
{
	u64 old = 0, young = 0, total = 0;

	for (int type = !can_swap; type < ANON_AND_FILE; type++) {
		for (u64 seq = g->min_seq[type]; seq <= g->max_seq; seq++) {
			u64 size = g->nr_pages[lru_gen_from_seq(seq)][type];

			total += size;
			if (seq == g->max_seq)
				young += size;
			else if (seq + MIN_NR_GENS == g->max_seq)
				old += size;
		}
	}
	*nr_to_scan = total >> priority;
	if (g->min_seq[!can_swap] + MIN_NR_GENS > g->max_seq)
		return true;
	if (g->min_seq[!can_swap] + MIN_NR_GENS < g->max_seq)
		return false;
	if (young * MIN_NR_GENS > total)
		return true;
	if (old * (MIN_NR_GENS + 2) < total)
		return true;
	return false;
}

/*
 * Pages to scan at this priority, after aging if eviction needs it (Linux's get_nr_to_scan;
 * direct reclaim does not age at DEF_PRIORITY, kswapd ages at any priority as its
 * lru_gen_age_node() would).
 */
static u64 get_nr_to_scan(struct lruvec *lv, struct scan_control *sc, int swappiness,
			  bool *may_age)
{
	struct lru_gen_struct *g = &lv->lrugen;
	u64 nr_to_scan;

	if (!should_run_aging(g, sc->priority, swappiness != 0, &nr_to_scan))
		return nr_to_scan;
	if (*may_age && (sc->kswapd || sc->priority != DEF_PRIORITY)) {
		*may_age = false;
		count_vm_event(VM_mglru_aging_sync);
		try_to_inc_max_seq(g, swappiness != 0, false);
		return nr_to_scan;
	}
	return g->min_seq[!swappiness] + MIN_NR_GENS <= g->max_seq ? nr_to_scan : 0;
}

/* min_ttl: the oldest generation is younger than fw_cfg.min_ttl_ticks */
static bool lru_gen_min_ttl_protected(const struct lru_gen_struct *g)
{
	u64 birth = g->timestamps[lru_gen_from_seq(g->min_seq[LRU_GEN_FILE])];

	return fw_cfg.min_ttl_ticks &&
	       lru_gen_clock() - birth < (u64)fw_cfg.min_ttl_ticks * ACCESSES_PER_TICK;
}

/**
 * lru_gen_shrink_lruvec() - MGLRU's shrink_lruvec: evict batches from the oldest generations
 * until the target is reclaimed or (evictable pages >> priority) were scanned, making at most
 * one new generation per call (Linux: kswapd ages once per round, direct reclaim aborts after
 * one generation).
 */
void lru_gen_shrink_lruvec(struct lruvec *lv, struct scan_control *sc)
{
	struct lru_gen_struct *g = &lv->lrugen;
	u64 scanned = 0, reclaimed = 0;
	bool may_age = true;

	lru_add_drain();
	if (lru_gen_min_ttl_protected(g)) {
		count_vm_event(VM_mglru_min_ttl_protect);
		return;
	}
	for (;;) {
		int swappiness;
		u64 nr_to_scan, delta;

		if (sc->may_swap)
			swappiness = get_swappiness();
		else
			swappiness = get_swappiness() ? 1 : 0;
		nr_to_scan = get_nr_to_scan(lv, sc, swappiness, &may_age);
		if (!nr_to_scan)
			break;
		delta = evict_folios(lv, sc, swappiness, &reclaimed);
		if (!delta)
			break;
		scanned += delta;
		if (scanned >= nr_to_scan || reclaimed >= sc->nr_to_reclaim)
			break;
	}
	sc->nr_reclaimed += reclaimed;
}

/* ---- shadow entries and refaults --------------------------------------------------------- */

/*
 * The shadow of an evicted page (Linux's lru_gen_eviction): the token min_seq << 2 | (refs -
 * 1) in the 30-bit age field, refs > 0 in XA_SHADOW_WORKINGSET; counts the eviction for the
 * controller.
 */
u32 lru_gen_eviction(struct page *p)
{
	struct lru_gen_struct *g = lrugen();
	int type = page_is_file_lru(p), refs = page_lru_refs(p);
	int tier = lru_tier_from_refs(refs);
	u64 token = g->min_seq[type] << 2 | (u64)(refs > 0 ? refs - 1 : 0);
	u32 shadow = XA_SHADOW | (u32)(token & XA_SHADOW_AGE_MASK);

	g->evicted[type][tier]++;
	if (refs)
		shadow |= XA_SHADOW_WORKINGSET;
	return shadow;
}

/*
 * A page comes back (Linux's lru_gen_refault): if it was evicted from the current oldest
 * generation, count the refault for its tier; an anon refault (always in a fault) or one that
 * saturated the refs is marked as workingset (workingset_restore).
 */
void lru_gen_refault(struct page *p, u32 shadow)
{
	struct lru_gen_struct *g = lrugen();
	int type = page_is_file_lru(p), refs, tier;
	u64 token = shadow & XA_SHADOW_AGE_MASK;

	if (token >> 2 != (g->min_seq[type] & (XA_SHADOW_AGE_MASK >> 2)))
		return;
	refs = (int)(token & 3) + !!(shadow & XA_SHADOW_WORKINGSET);
	tier = lru_tier_from_refs(refs);
	g->refaulted[type][tier]++;
	if (type == LRU_GEN_ANON || refs == LRU_REFS_MAX + 1) {
		set_workingset(p);
		count_vm_event(VM_workingset_restore);
	}
}
