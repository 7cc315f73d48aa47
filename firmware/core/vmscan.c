// SPDX-License-Identifier: MIT
/*
 * Page reclaim (Linux's mm/vmscan.c, 6.1 without MGLRU or memcg): kswapd's balance_pgdat,
 * direct reclaim, shrink_node = shrink_lruvec + shrink_slab, the active/inactive aging with
 * the second chance of folio_check_references, anon/file balance from reclaim costs, and
 * the shrinker protocol. Page-table young bits are harvested in bulk (accel.c) at the start
 * of each reclaim invocation: by the device's SCAN, or by a software walk.
 */
#include "internal.h"

static struct list_head shrinker_list = { &shrinker_list, &shrinker_list };
u64 reclaim_state_reclaimed;

void vmscan_init(void)
{
	INIT_LIST_HEAD(&shrinker_list);
	reclaim_state_reclaimed = 0;
}

/* ---- shrinkers --------------------------------------------------------------------------- */

void register_shrinker(struct shrinker *s)
{
	s->nr_deferred = 0;
	list_add_tail(&s->list, &shrinker_list);
}

void unregister_shrinker(struct shrinker *s)
{
	list_del(&s->list);
}

/*
 * One shrinker's share of a round: freeable >> priority, scaled by 4/seeks, plus the deferred
 * work >> priority, capped at twice the freeable objects; scanned in batches until less than a
 * batch remains. Work not done is deferred to the next call.
 */
static u64 do_shrink_slab(struct shrink_control *sc, struct shrinker *s, int priority)
{
	u64 freeable = s->count_objects(s, sc), nr, delta, total_scan, batch, freed = 0;
	u64 scanned = 0;
	s64 next_deferred;

	if (!freeable || freeable == SHRINK_EMPTY)
		return 0;
	nr = s->nr_deferred;
	s->nr_deferred = 0;
	if (s->seeks) {
		delta = (freeable >> priority) * 4 / (u64)s->seeks;
	} else {
		delta = freeable / 2;
	}
	total_scan = (nr >> priority) + delta;
	if (total_scan > 2 * freeable)
		total_scan = 2 * freeable;
	batch = s->batch ? s->batch : SHRINK_BATCH;
	while (total_scan >= batch || total_scan >= freeable) {
		u64 ret;

		sc->nr_to_scan = min_t(u64, batch, total_scan);
		sc->nr_scanned = sc->nr_to_scan;
		ret = s->scan_objects(s, sc);
		if (ret == SHRINK_STOP) {
			count_vm_event(VM_shrink_stop);
			break;
		}
		freed += ret;
		if (!sc->nr_scanned)
			break;	/* the cache ran dry: nothing more to do this round */
		count_vm_events(VM_slabs_scanned, sc->nr_scanned);
		total_scan -= min_t(u64, sc->nr_scanned, total_scan);
		scanned += sc->nr_scanned;
		if (!total_scan)
			break;
	}
	next_deferred = (s64)(nr + delta) - (s64)scanned;
	if (next_deferred < 0)
		next_deferred = 0;
	if ((u64)next_deferred > 2 * freeable)
		next_deferred = (s64)(2 * freeable);
	s->nr_deferred += (u64)next_deferred;
	count_vm_events(VM_slabs_freed, freed);
	return freed;
}

/** shrink_slab() - ask every registered shrinker for its share at @priority. */
u64 shrink_slab(u32 gfp_mask, int priority)
{
	struct shrink_control sc = { .gfp_mask = gfp_mask };
	u64 freed = 0;

	for (struct list_head *l = shrinker_list.next; l != &shrinker_list; l = l->next)
		freed += do_shrink_slab(&sc, list_entry(l, struct shrinker, list), priority);
	return freed;
}

/* ---- LRU scanning ------------------------------------------------------------------------ */

static bool inactive_is_low(struct lruvec *lv, enum lru_list inactive_lru)
{
	u64 inactive = lv->nr_pages[inactive_lru], active = lv->nr_pages[inactive_lru + 1];
	u64 gb = (inactive + active) >> (30 - PAGE_SHIFT);
	u64 ratio = gb ? int_sqrt(10 * gb) : 1;

	return inactive * ratio < active;
}

static u64 isolate_lru_pages(u64 nr_to_scan, struct lruvec *lv, enum lru_list lru,
			     struct list_head *dst)
{
	u64 n = 0;

	while (n < nr_to_scan && !list_empty(&lv->lists[lru])) {
		isolate_lru_page(list_last_entry(&lv->lists[lru], struct page, lru), lv, dst);
		n++;
	}
	fw_account(T_RECLAIM, n * fw_cfg.costs.reclaim_page);
	return n;
}

/* Put pages back on the lists their flags name; returns how many went to an active list. */
static u64 move_pages_to_lru(struct lruvec *lv, struct list_head *list)
{
	u64 nr_active = 0;

	while (!list_empty(list)) {
		struct page *p = list_first_entry(list, struct page, lru);

		list_del(&p->lru);
		ClearPageIsolated(p);
		if (PageActive(p) && !PageUnevictable(p))
			nr_active++;
		add_page_to_lru_list(p, lv);
	}
	return nr_active;
}

/*
 * The second chance: a page with young PTEs is marked referenced and kept for another trip
 * around the inactive list; a second reference (PTE or PG_referenced) activates it, as does
 * one use of executable file text. Unmapped page cache referenced once is reclaimed if clean.
 */
static enum page_references page_check_references(struct page *p)
{
	u32 vm_flags;
	int referenced_ptes = page_referenced(p, &vm_flags);
	bool referenced_page = TestClearPageReferenced(p);

	if (referenced_ptes) {
		SetPageReferenced(p);
		if (referenced_page || referenced_ptes > 1)
			return PAGEREF_ACTIVATE;
		if ((vm_flags & VM_EXEC) && page_is_file_lru(p))
			return PAGEREF_ACTIVATE;
		return PAGEREF_KEEP;
	}
	if (referenced_page && page_is_file_lru(p))
		return PAGEREF_RECLAIM_CLEAN;
	return PAGEREF_RECLAIM;
}

/* An isolated page found mlocked: marked for the unevictable list (putback puts it there). */
static bool cull_unevictable(struct page *p)
{
	if (page_evictable(p))
		return false;
	ClearPageActive(p);
	SetPageUnevictable(p);
	count_vm_event(VM_unevictable_pgs_culled);
	return true;
}

static int pageout(struct page *p)
{
	return PageSwapBacked(p) ? swap_writepage(p) : filemap_writepage(p);
}

/**
 * shrink_page_list() - try to free each isolated page of @list
 * @ret:  survivors, with PG_active set on those to activate
 * @refs: the policy's reference check (page_check_references for the two-list LRU)
 *
 * Anonymous pages get a swap slot (or stay, counting swap_full), are unmapped through the
 * rmap, written to swap if dirty and freed with a shadow entry; file pages are unmapped,
 * written back if dirty, and dropped. A failed write keeps the page resident and dirty.
 * Pages are taken from the head of @list; survivors are added to the head of @ret.
 */
u64 shrink_page_list(struct list_head *list, struct scan_control *sc, struct reclaim_stat *st,
		     struct list_head *ret, enum page_references (*refs)(struct page *p))
{
	u64 nr_reclaimed = 0;

	while (!list_empty(list)) {
		struct page *p = list_first_entry(list, struct page, lru);
		enum page_references ref;
		bool file = page_is_file_lru(p);
		u32 shadow;

		list_del(&p->lru);
		if (cull_unevictable(p))
			goto keep;
		if (PageKsm(p))
			goto activate;	/* KSM pages stay in memory (see ksm.c) */
		ref = refs(p);
		if (ref == PAGEREF_ACTIVATE)
			goto activate;
		if (ref == PAGEREF_KEEP) {
			count_vm_event(VM_pgrotated);
			goto keep;
		}
		if (!file && !PageSwapCache(p)) {
			if (!sc->may_swap || !(sc->gfp_mask & __GFP_IO))
				goto keep;
			if (!add_to_swap(p)) {
				count_vm_event(VM_swap_full);
				goto activate;
			}
		}
		if (p->mapcount) {
			if (!sc->may_unmap)
				goto keep;
			if (!try_to_unmap(p))
				goto activate;
		}
		if (PageDirty(p)) {
			if (ref == PAGEREF_RECLAIM_CLEAN || !sc->may_writepage ||
			    !(sc->gfp_mask & __GFP_IO))
				goto keep;
			SetPageWriteback(p);
			if (pageout(p)) {
				ClearPageWriteback(p);
				goto activate;	/* stays resident, still dirty */
			}
			ClearPageWriteback(p);
			ClearPageDirty(p);
			st->nr_pageout++;
		}
		shadow = lru_ops->eviction(p);
		if (file) {
			if (p->mapping->exec)
				count_vm_event(VM_pgdrop_exec);
			filemap_remove_page(p, shadow);
			count_vm_event(VM_pgsteal_file);
		} else {
			delete_from_swap_cache(p, shadow);
			count_vm_event(VM_pgsteal_anon);
		}
		ClearPageIsolated(p);
		ClearPageActive(p);
		free_page_(p);
		nr_reclaimed++;
		continue;
activate:
		if (PageSwapCache(p) && vm_swap_full())
			try_to_free_swap(p);
		if (!PageUnevictable(p)) {
			SetPageActive(p);
			st->nr_activate++;
		}
keep:
		list_add(&p->lru, ret);
	}
	return nr_reclaimed;
}

static u64 shrink_inactive_list(u64 nr_to_scan, struct lruvec *lv, struct scan_control *sc,
				enum lru_list lru)
{
	struct list_head hold = { &hold, &hold }, keep = { &keep, &keep };
	struct reclaim_stat st = { 0 };
	bool file = lru >= LRU_INACTIVE_FILE;
	u64 nr_taken, nr_reclaimed;

	lru_add_drain();
	nr_taken = isolate_lru_pages(nr_to_scan, lv, lru, &hold);
	sc->nr_scanned += nr_taken;
	count_vm_events(sc->kswapd ? VM_pgscan_kswapd : VM_pgscan_direct, nr_taken);
	count_vm_events(file ? VM_pgscan_file : VM_pgscan_anon, nr_taken);
	if (!nr_taken)
		return 0;
	nr_reclaimed = shrink_page_list(&hold, sc, &st, &keep, page_check_references);
	count_vm_events(VM_pgactivate, move_pages_to_lru(lv, &keep));
	lru_note_cost(lv, file, st.nr_pageout);
	count_vm_events(sc->kswapd ? VM_pgsteal_kswapd : VM_pgsteal_direct, nr_reclaimed);
	return nr_reclaimed;
}

/*
 * Age an active list: every page taken off its tail goes to the inactive list, except
 * executable file text that was referenced, which rotates (the young bit is consumed).
 */
static void shrink_active_list(u64 nr_to_scan, struct lruvec *lv, struct scan_control *sc,
			       enum lru_list lru)
{
	struct list_head hold = { &hold, &hold }, l_active = { &l_active, &l_active };
	struct list_head l_inactive = { &l_inactive, &l_inactive };
	u64 nr_taken, nr_rotated = 0, nr_deactivate = 0;
	bool file = lru >= LRU_INACTIVE_FILE;

	(void)sc;
	lru_add_drain();
	nr_taken = isolate_lru_pages(nr_to_scan, lv, lru, &hold);
	count_vm_events(VM_pgrefill, nr_taken);
	while (!list_empty(&hold)) {
		struct page *p = list_last_entry(&hold, struct page, lru);
		u32 vm_flags;

		list_del(&p->lru);
		if (cull_unevictable(p)) {
			list_add(&p->lru, &l_active);
			continue;
		}
		if (page_referenced(p, &vm_flags) && (vm_flags & VM_EXEC) && file) {
			nr_rotated++;
			list_add(&p->lru, &l_active);
			continue;
		}
		ClearPageActive(p);
		SetPageWorkingset(p);
		list_add(&p->lru, &l_inactive);
		nr_deactivate++;
	}
	move_pages_to_lru(lv, &l_active);
	move_pages_to_lru(lv, &l_inactive);
	count_vm_events(VM_pgdeactivate, nr_deactivate);
	lru_note_cost(lv, file, nr_rotated);
}

static u64 shrink_list(enum lru_list lru, u64 nr_to_scan, struct lruvec *lv,
		       struct scan_control *sc)
{
	bool file = lru >= LRU_INACTIVE_FILE;

	if (lru & LRU_ACTIVE) {
		if (sc->may_deactivate & (file ? DEACTIVATE_FILE : DEACTIVATE_ANON))
			shrink_active_list(nr_to_scan, lv, sc, lru);
		else
			sc->skipped_deactivate = true;
		return 0;
	}
	return shrink_inactive_list(nr_to_scan, lv, sc, lru);
}

enum scan_balance { SCAN_EQUAL, SCAN_FRACT, SCAN_ANON, SCAN_FILE };

/* Which active lists may be aged, and whether to trim only page cache or only anon. */
static void prepare_scan_count(struct lruvec *lv, struct scan_control *sc)
{
	u64 file, free, total_high = 0;

	sc->may_deactivate = 0;
	if (sc->force_deactivate ||
	    vm_events[VM_workingset_activate_anon] != lv->refaults[0] ||
	    inactive_is_low(lv, LRU_INACTIVE_ANON))
		sc->may_deactivate |= DEACTIVATE_ANON;
	if (sc->force_deactivate ||
	    vm_events[VM_workingset_activate_file] != lv->refaults[1] ||
	    inactive_is_low(lv, LRU_INACTIVE_FILE))
		sc->may_deactivate |= DEACTIVATE_FILE;
	file = lv->nr_pages[LRU_INACTIVE_FILE];
	sc->cache_trim_mode = (file >> sc->priority) && !(sc->may_deactivate & DEACTIVATE_FILE);
	free = node_free_pages();
	for (int i = 0; i < node_data.nr_zones; i++)
		total_high += node_data.node_zones[i].watermark[WMARK_HIGH];
	file = lv->nr_pages[LRU_ACTIVE_FILE] + lv->nr_pages[LRU_INACTIVE_FILE];
	sc->file_is_tiny = file + free <= total_high && !(sc->may_deactivate & DEACTIVATE_ANON) &&
			   (lv->nr_pages[LRU_INACTIVE_ANON] >> sc->priority);
}

/* How many pages of each evictable list to scan this round (Linux's get_scan_count). */
static void get_scan_count(struct lruvec *lv, struct scan_control *sc, u64 *nr)
{
	u64 swappiness = (u64)fw_cfg.swappiness, fraction[2] = { 0, 0 }, denominator = 1;
	enum scan_balance balance;

	if (!sc->may_swap || !nr_swap_pages()) {
		balance = SCAN_FILE;
	} else if (!sc->priority && swappiness) {
		balance = SCAN_EQUAL;
	} else if (sc->file_is_tiny) {
		balance = SCAN_ANON;
	} else if (sc->cache_trim_mode) {
		balance = SCAN_FILE;
	} else {
		u64 total_cost = lv->anon_cost + lv->file_cost;
		u64 anon_cost = total_cost + lv->anon_cost, file_cost = total_cost + lv->file_cost;
		u64 ap, fp;

		total_cost = anon_cost + file_cost;
		ap = swappiness * (total_cost + 1) / (anon_cost + 1);
		fp = (200 - swappiness) * (total_cost + 1) / (file_cost + 1);
		fraction[0] = ap;
		fraction[1] = fp;
		denominator = ap + fp;
		balance = SCAN_FRACT;
	}
	for (int lru = 0; lru < NR_EVICTABLE_LRU; lru++) {
		bool file = lru >= LRU_INACTIVE_FILE;
		u64 scan = lv->nr_pages[lru] >> sc->priority;

		switch (balance) {
		case SCAN_EQUAL:
			break;
		case SCAN_FRACT:
			scan = (scan * fraction[file] + denominator - 1) / denominator;
			break;
		case SCAN_FILE:
		case SCAN_ANON:
			if ((balance == SCAN_FILE) != file)
				scan = 0;
			break;
		}
		nr[lru] = scan;
	}
}

static void shrink_lruvec(struct lruvec *lv, struct scan_control *sc)
{
	u64 nr[NR_EVICTABLE_LRU], nr_reclaimed = 0;

	get_scan_count(lv, sc, nr);
	while (nr[LRU_INACTIVE_ANON] || nr[LRU_ACTIVE_FILE] || nr[LRU_INACTIVE_FILE]) {
		for (int lru = 0; lru < NR_EVICTABLE_LRU; lru++) {
			u64 n;

			if (!nr[lru])
				continue;
			n = min_t(u64, nr[lru], SWAP_CLUSTER_MAX);
			nr[lru] -= n;
			nr_reclaimed += shrink_list((enum lru_list)lru, n, lv, sc);
		}
		if (nr_reclaimed >= sc->nr_to_reclaim)
			break;
	}
	sc->nr_reclaimed += nr_reclaimed;
	/* keep the anon inactive list populated even when nothing was scanned */
	if (sc->may_swap && nr_swap_pages() && inactive_is_low(lv, LRU_INACTIVE_ANON))
		shrink_active_list(SWAP_CLUSTER_MAX, lv, sc, LRU_ACTIVE_ANON);
}

/*
 * The frequency policy's shrink_lruvec: take pages from the lowest counts up, in batches of
 * SWAP_CLUSTER_MAX, until the target is met or (evictable pages >> priority) were scanned.
 * Anon pages are passed over when they cannot be swapped.
 */
void freq_shrink_lruvec(struct lruvec *lv, struct scan_control *sc)
{
	u64 total = 0, nr_to_scan, nr_reclaimed = 0;
	bool anon = sc->may_swap && nr_swap_pages() && (sc->gfp_mask & __GFP_IO);

	for (int i = 0; i < NR_EVICTABLE_LRU; i++)
		total += lv->nr_pages[i];
	nr_to_scan = total >> sc->priority;
	lru_add_drain();
	while (nr_to_scan && nr_reclaimed < sc->nr_to_reclaim) {
		struct list_head hold = { &hold, &hold }, keep = { &keep, &keep };
		struct reclaim_stat st = { 0 };
		u64 n = min_t(u64, nr_to_scan, SWAP_CLUSTER_MAX), taken, freed;

		taken = freq_isolate(lv, n, anon, &hold);
		nr_to_scan -= n;
		if (!taken)
			break;
		sc->nr_scanned += taken;
		count_vm_events(sc->kswapd ? VM_pgscan_kswapd : VM_pgscan_direct, taken);
		freed = shrink_page_list(&hold, sc, &st, &keep, page_check_references);
		move_pages_to_lru(lv, &keep);
		count_vm_events(sc->kswapd ? VM_pgsteal_kswapd : VM_pgsteal_direct, freed);
		nr_reclaimed += freed;
	}
	sc->nr_reclaimed += nr_reclaimed;
}

/* The two-list LRU's shrink: which active lists may be aged, then Linux's shrink_lruvec. */
void classic_shrink_lruvec(struct lruvec *lv, struct scan_control *sc)
{
	prepare_scan_count(lv, sc);
	shrink_lruvec(lv, sc);
}

static void shrink_node(struct scan_control *sc)
{
	struct lruvec *lv = &node_data.lruvec;
	u64 before = sc->nr_reclaimed;

	lru_ops->shrink(lv, sc);
	reclaim_state_reclaimed = 0;
	shrink_slab(sc->gfp_mask, sc->priority);
	sc->nr_reclaimed += reclaim_state_reclaimed;
	reclaim_state_reclaimed = 0;
	if (sc->nr_reclaimed > before)
		node_data.kswapd_failures = 0;
}

/* Aging at the start of a reclaim invocation, as the policy does it (lru_policy_ops). */
static void reclaim_aging(void)
{
	if (lru_ops->reclaim_age)
		lru_ops->reclaim_age();
}

static void snapshot_refaults(void)
{
	node_data.lruvec.refaults[0] = vm_events[VM_workingset_activate_anon];
	node_data.lruvec.refaults[1] = vm_events[VM_workingset_activate_file];
}

/**
 * try_to_free_pages() - direct reclaim for an allocation of @order in context @gfp
 *
 * Priority from DEF_PRIORITY down to 0 until SWAP_CLUSTER_MAX pages are freed; if nothing
 * was freed because active lists were never aged, once more with forced deactivation.
 * Return: pages reclaimed (0 means no progress: the caller may invoke the OOM killer).
 */
u64 try_to_free_pages(int order, u32 gfp)
{
	struct scan_control sc = {
		.nr_to_reclaim = SWAP_CLUSTER_MAX,
		.gfp_mask = gfp,
		.order = order,
		.may_writepage = true,
		.may_unmap = true,
		.may_swap = true,
	};

	reclaim_aging();
retry:
	sc.priority = DEF_PRIORITY;
	do {
		sc.nr_scanned = 0;
		shrink_node(&sc);
		if (sc.nr_reclaimed >= sc.nr_to_reclaim)
			break;
	} while (--sc.priority >= 0);
	snapshot_refaults();
	if (sc.nr_reclaimed)
		return sc.nr_reclaimed;
	if (sc.skipped_deactivate && !sc.force_deactivate) {
		sc.force_deactivate = true;
		sc.skipped_deactivate = false;
		goto retry;
	}
	return 0;
}

/** pgdat_balanced() - some zone meets its high watermark for an allocation of @order */
bool pgdat_balanced(int order)
{
	for (int i = 0; i < node_data.nr_zones; i++) {
		struct zone *z = &node_data.node_zones[i];

		if (zone_watermark_ok(z, (unsigned)order, z->watermark[WMARK_HIGH],
				      node_data.nr_zones - 1))
			return true;
	}
	return false;
}

/*
 * kswapd's goal per round: every zone's high watermark (at least SWAP_CLUSTER_MAX). Returns
 * whether the round scanned enough to keep the priority where it is.
 */
static bool kswapd_shrink_node(struct scan_control *sc)
{
	sc->nr_to_reclaim = 0;
	for (int i = 0; i < node_data.nr_zones; i++)
		sc->nr_to_reclaim += max_t(u64, node_data.node_zones[i].watermark[WMARK_HIGH],
					   SWAP_CLUSTER_MAX);
	shrink_node(sc);
	if (sc->order && sc->nr_reclaimed >= 2ull << sc->order)
		sc->order = 0;
	return sc->nr_scanned >= sc->nr_to_reclaim;
}

/*
 * balance_pgdat() - reclaim until some zone is above its high watermark for @order, from
 * DEF_PRIORITY down; a run that frees nothing counts as a kswapd failure.
 */
static void balance_pgdat(int order)
{
	struct lruvec *lv = &node_data.lruvec;
	struct scan_control sc = {
		.gfp_mask = GFP_KERNEL,
		.order = order,
		.priority = DEF_PRIORITY,
		.may_writepage = true,
		.may_unmap = true,
		.may_swap = true,
		.kswapd = true,
	};

	count_vm_event(VM_pageoutrun);
	reclaim_aging();
	do {
		u64 before = sc.nr_reclaimed;
		bool raise_priority;

		if (pgdat_balanced(sc.order))
			break;
		/* age_active_anon */
		if (nr_swap_pages() && inactive_is_low(lv, LRU_INACTIVE_ANON))
			shrink_active_list(SWAP_CLUSTER_MAX, lv, &sc, LRU_ACTIVE_ANON);
		sc.nr_scanned = 0;
		raise_priority = !kswapd_shrink_node(&sc);
		if (raise_priority || sc.nr_reclaimed == before)
			sc.priority--;
	} while (sc.priority >= 1);
	if (!sc.nr_reclaimed) {
		node_data.kswapd_failures++;
		count_vm_event(VM_kswapd_failures);
	}
	snapshot_refaults();
}

/** kswapd_run() - if kswapd was woken, let it balance the node, then sleep again. */
void kswapd_run(void)
{
	int order;

	if (!node_data.kswapd_woken)
		return;
	order = node_data.kswapd_order;
	node_data.kswapd_order = 0;
	balance_pgdat(order);
	node_data.kswapd_woken = false;
}
