// SPDX-License-Identifier: MIT
/*
 * LRU list maintenance (Linux's mm/swap.c): batched insertion and activation through
 * folio batches of LRU_BATCH pages, mark_page_accessed()'s PG_referenced/PG_active second
 * chance, and the anon/file reclaim cost that balances scanning between the two.
 */
#include "internal.h"

struct folio_batch {
	unsigned nr;
	struct page *pages[LRU_BATCH];
};

static struct folio_batch lru_add_fbatch, lru_activate_fbatch;

void lru_init(void)
{
	struct lruvec *lv = &node_data.lruvec;

	lru_add_fbatch.nr = 0;
	lru_activate_fbatch.nr = 0;
	memset(lv, 0, sizeof(*lv));
	for (int i = 0; i < NR_LRU_LISTS; i++)
		INIT_LIST_HEAD(&lv->lists[i]);
	freq_init(lv);
	lru_gen_init(lv);
	lru_ops = fw_cfg.lru == FW_LRU_FREQ ? &lru_freq_ops :
		  fw_cfg.lru == FW_LRU_MGLRU ? &lru_gen_ops : &lru_classic_ops;
}

enum lru_list page_lru(const struct page *p)
{
	enum lru_list lru;

	if (PageUnevictable(p))
		return LRU_UNEVICTABLE;
	lru = PageSwapBacked(p) ? LRU_INACTIVE_ANON : LRU_INACTIVE_FILE;
	if (PageActive(p))
		lru += LRU_ACTIVE;
	return lru;
}

/*
 * Onto the list the policy keeps it on. nr_pages[] counts by page_lru() under every policy;
 * the MGLRU and frequency policies keep PG_active clear while a page is on their lists.
 */
void add_page_to_lru_list(struct page *p, struct lruvec *lv)
{
	BUG_ON(PageLRU(p));
	if (PageUnevictable(p))
		list_add(&p->lru, &lv->lists[LRU_UNEVICTABLE]);
	else
		lru_ops->add(p, lv);
	lv->nr_pages[page_lru(p)]++;
	SetPageLRU(p);
}

void del_page_from_lru_list(struct page *p, struct lruvec *lv)
{
	BUG_ON(!PageLRU(p));
	lv->nr_pages[page_lru(p)]--;
	if (PageUnevictable(p))
		list_del(&p->lru);
	else
		lru_ops->del(p, lv);
	ClearPageLRU(p);
}

/** isolate_lru_page() - take @p off its list for reclaim or migration, onto @dst. */
void isolate_lru_page(struct page *p, struct lruvec *lv, struct list_head *dst)
{
	del_page_from_lru_list(p, lv);
	SetPageIsolated(p);
	list_add(&p->lru, dst);
}

static void lru_add_fn(struct page *p)
{
	if (!page_evictable(p)) {
		ClearPageActive(p);
		SetPageUnevictable(p);
	}
	add_page_to_lru_list(p, &node_data.lruvec);
}

static void lru_activate_fn(struct page *p)
{
	struct lruvec *lv = &node_data.lruvec;

	if (!PageLRU(p) || PageActive(p) || PageUnevictable(p))
		return;
	del_page_from_lru_list(p, lv);
	SetPageActive(p);
	add_page_to_lru_list(p, lv);
	count_vm_event(VM_pgactivate);
}

static void fbatch_drain(struct folio_batch *fb, void (*fn)(struct page *))
{
	for (unsigned i = 0; i < fb->nr; i++)
		fn(fb->pages[i]);
	fb->nr = 0;
}

/** lru_add_drain() - move the pages waiting in the batches onto their lists. */
void lru_add_drain(void)
{
	fbatch_drain(&lru_add_fbatch, lru_add_fn);
	fbatch_drain(&lru_activate_fbatch, lru_activate_fn);
}

/** lru_cache_add() - queue a new page for the LRU (it joins at the next batch drain). */
void lru_cache_add(struct page *p)
{
	BUG_ON(PageLRU(p));
	lru_add_fbatch.pages[lru_add_fbatch.nr++] = p;
	if (lru_add_fbatch.nr == LRU_BATCH)
		fbatch_drain(&lru_add_fbatch, lru_add_fn);
}

static bool fbatch_remove(struct folio_batch *fb, struct page *p)
{
	for (unsigned i = 0; i < fb->nr; i++) {
		if (fb->pages[i] == p) {
			fb->pages[i] = fb->pages[--fb->nr];
			return true;
		}
	}
	return false;
}

/** lru_cache_remove() - take a page off its LRU list or out of the batches. */
void lru_cache_remove(struct page *p)
{
	fbatch_remove(&lru_activate_fbatch, p);
	if (PageLRU(p))
		del_page_from_lru_list(p, &node_data.lruvec);
	else
		fbatch_remove(&lru_add_fbatch, p);
}

static bool in_fbatch(const struct folio_batch *fb, const struct page *p)
{
	for (unsigned i = 0; i < fb->nr; i++)
		if (fb->pages[i] == p)
			return true;
	return false;
}

/**
 * mark_page_accessed() - note a use that the page tables do not see (read(2), lookups)
 *
 * First use: set PG_referenced. Second use while referenced: activate (through the
 * activation batch, or directly if the page still waits in the add batch) and clear it.
 */
void mark_page_accessed(struct page *p)
{
	lru_ops->accessed(p);
}

/* The two-list LRU's use of a page: PG_referenced, then activation (see above). */
static void classic_accessed(struct page *p)
{
	if (!PageReferenced(p)) {
		SetPageReferenced(p);
	} else if (PageUnevictable(p)) {
		/* stays where it is */
	} else if (!PageActive(p)) {
		if (PageLRU(p)) {
			if (!in_fbatch(&lru_activate_fbatch, p)) {
				lru_activate_fbatch.pages[lru_activate_fbatch.nr++] = p;
				if (lru_activate_fbatch.nr == LRU_BATCH)
					fbatch_drain(&lru_activate_fbatch, lru_activate_fn);
			}
		} else {
			/* still in the add batch: it will join the active list */
			SetPageActive(p);
		}
		ClearPageReferenced(p);
		workingset_activation(p);
	}
}

/**
 * lru_note_cost() - charge @nr pages of reclaim cost (I/O, rotations, refaults) to anon or
 * file; both costs halve once they exceed a quarter of the LRU so recent history dominates.
 */
void lru_note_cost(struct lruvec *lv, bool file, u64 nr)
{
	u64 lrusize = 0;

	if (file)
		lv->file_cost += nr;
	else
		lv->anon_cost += nr;
	for (int i = 0; i < NR_EVICTABLE_LRU; i++)
		lrusize += lv->nr_pages[i];
	if (lv->anon_cost + lv->file_cost > lrusize / 4) {
		lv->anon_cost /= 2;
		lv->file_cost /= 2;
	}
}

/* ---- the policies' tables ---------------------------------------------------------------- */

static void classic_add(struct page *p, struct lruvec *lv)
{
	list_add(&p->lru, &lv->lists[page_lru(p)]);
}

static void classic_del(struct page *p, struct lruvec *lv)
{
	(void)lv;
	list_del(&p->lru);
}

/* the periodic pass and reclaim's: young bits into the ranges' bitmaps */
static void classic_age(bool overlap)
{
	harvest(NULL, overlap ? HARVEST_OVERLAP : 0);
}

const struct lru_policy_ops lru_classic_ops = {
	.add = classic_add,
	.del = classic_del,
	.accessed = classic_accessed,
	.shrink = classic_shrink_lruvec,
	.eviction = workingset_eviction,
	.refault = classic_refault,
	.age = classic_age,
	.reclaim_age = harvest_young,
};

/* the frequency policy ages at reclaim only when it has no period of its own */
static void freq_reclaim_age(void)
{
	if (!fw_cfg.aging_interval)
		freq_age(false);
}

const struct lru_policy_ops lru_freq_ops = {
	.add = freq_add,
	.del = freq_del,
	.accessed = freq_accessed,
	.shrink = freq_shrink_lruvec,
	.eviction = freq_eviction,
	.refault = freq_refault,
	.age = freq_age,
	.reclaim_age = freq_reclaim_age,
};

/* MGLRU ages when eviction needs a new generation (inside lru_gen_shrink_lruvec) */
const struct lru_policy_ops lru_gen_ops = {
	.add = lru_gen_add_page,
	.del = lru_gen_del_page,
	.accessed = lru_gen_accessed,
	.shrink = lru_gen_shrink_lruvec,
	.eviction = lru_gen_eviction,
	.refault = lru_gen_refault,
	.age = lru_gen_age,
	.reclaim_age = NULL,
};

const struct lru_policy_ops *lru_ops = &lru_classic_ops;
