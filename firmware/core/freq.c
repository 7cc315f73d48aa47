// SPDX-License-Identifier: MIT
/*
 * The sampled-frequency policy (--lru freq): what a page-table scanner that costs the CPU
 * almost nothing makes affordable. Access bits are harvested on a period of their own
 * (fw_age(), every fw_cfg.aging_interval workload operations; the device's SCAN with
 * CLEAR_AF runs while the workload goes on), and each harvest adds one to the access count
 * of every page found young. Reclaim evicts from the lowest count up, the oldest arrival
 * within a count first. So under independent references the pages kept are those referenced
 * most often, which is the offline frequency bound's choice, and a loop or a one-time scan
 * cannot push out pages with a history: its pages arrive with a count of 1.
 *
 * Per page: an 8-bit count and the 8-bit epoch it is counted in (struct page: freq,
 * freq_epoch). Counts decay: after as many increments as fw_cfg.freq_decay times the
 * evictable pages (--freq-decay, default 32), every count halves. The halving is one epoch
 * step: list 2k+1 and list 2k are spliced into list k (O(FREQ_LEVELS), no page is touched),
 * and a page's count is brought up to date lazily
 * (count >> (epoch - freq_epoch)) when it is next looked at. The count survives eviction in
 * the page's shadow entry (count and epoch in the 30-bit age field), so a refaulting page
 * resumes its history: a ghost list without extra memory.
 *
 * Each use is counted once. The use that brings a page in (the fault or read(2) that
 * allocated it, or the refault that read it back) is counted when the page is made; the PTE
 * the fault installs is young and a read(2) calls mark_page_accessed(), so the next report of
 * a use would count that same use again. PG_fresh marks a page whose next report is that
 * repeat: the harvest or freq_accessed() that finds it clears the flag and counts nothing
 * but freq_repeats.
 * (Counting the use twice gave every page brought in an extra count until the next decay:
 * on zipf 13,561 page reads against 13,487, and a page not yet harvested sat a count below
 * the pages harvested once, so on the hash-join trace at 7 MiB kswapd's first batch took
 * the join's newest pages, 36 page reads against 12.)
 *
 * Costs charged (aging_cpu): per young page, the leaf descriptor read to find its page and
 * the list move (fw_costs.freq_update); the harvest itself as for any aging pass.
 */
#include "internal.h"

#define FREQ_MAX (FREQ_LEVELS - 1)
#define FREQ_NEW 1		/* a new page has been used once */

static u64 evictable_pages(const struct lruvec *lv)
{
	u64 n = 0;

	for (int i = 0; i < NR_EVICTABLE_LRU; i++)
		n += lv->nr_pages[i];
	return n;
}

/* @p's count in the current epoch (counts halve once per epoch). */
static unsigned freq_now(const struct freq_lists *fl, u8 count, u8 epoch)
{
	u8 age = (u8)(fl->epoch - epoch);

	return age >= 8 ? 0 : (unsigned)count >> age;
}

static void freq_sync(struct freq_lists *fl, struct page *p)
{
	p->freq = (u8)freq_now(fl, p->freq, p->freq_epoch);
	p->freq_epoch = fl->epoch;
}

void freq_init(struct lruvec *lv)
{
	struct freq_lists *fl = &lv->freq;

	for (int i = 0; i < FREQ_LEVELS; i++)
		INIT_LIST_HEAD(&fl->lists[i]);
	fl->epoch = 0;
	fl->samples = 0;
	fl->lowest = 0;
}

/* Onto the head of the list of its count (PG_active has no meaning here: cleared). */
void freq_add(struct page *p, struct lruvec *lv)
{
	struct freq_lists *fl = &lv->freq;

	ClearPageActive(p);
	freq_sync(fl, p);
	list_add(&p->lru, &fl->lists[p->freq]);
	if (p->freq < fl->lowest)
		fl->lowest = p->freq;
}

void freq_del(struct page *p, struct lruvec *lv)
{
	(void)lv;
	list_del(&p->lru);
}

/* splice the whole of @from onto the tail (@tail) or the head of @to */
static void splice(struct list_head *from, struct list_head *to, bool tail)
{
	struct list_head *first = from->next, *last = from->prev;

	if (list_empty(from))
		return;
	if (tail) {
		first->prev = to->prev;
		to->prev->next = first;
		last->next = to;
		to->prev = last;
	} else {
		last->next = to->next;
		to->next->prev = last;
		first->prev = to;
		to->next = first;
	}
	INIT_LIST_HEAD(from);
}

/*
 * Halve every count: list k takes list 2k+1 (nearer the head) and list 2k (nearer the tail,
 * evicted first: it had the lower count). Every 128 epochs the pages' stored counts are
 * brought up to date, so that the 8-bit epoch difference never wraps.
 */
static void freq_decay(struct lruvec *lv)
{
	struct freq_lists *fl = &lv->freq;

	fl->epoch++;
	fl->samples = 0;
	for (unsigned k = 0; k < FREQ_LEVELS / 2; k++) {
		struct list_head tmp = { &tmp, &tmp };

		splice(&fl->lists[2 * k], &tmp, true);
		splice(&fl->lists[2 * k + 1], &tmp, false);
		splice(&tmp, &fl->lists[k], true);
	}
	fl->lowest /= 2;
	count_vm_event(VM_freq_decays);
	if (!(fl->epoch & 127)) {
		for (unsigned k = 0; k < FREQ_LEVELS; k++)
			for (struct list_head *l = fl->lists[k].next; l != &fl->lists[k]; l = l->next)
				freq_sync(fl, list_entry(l, struct page, lru));
	}
}

/* One observed use of @p: count + 1, to the head of its new list; decay when due. */
static void freq_bump(struct page *p)
{
	struct lruvec *lv = &node_data.lruvec;
	struct freq_lists *fl = &lv->freq;
	bool on_list = PageLRU(p) && !PageUnevictable(p);

	if (on_list)
		list_del(&p->lru);
	freq_sync(fl, p);
	if (p->freq < FREQ_MAX)
		p->freq++;
	if (on_list)
		list_add(&p->lru, &fl->lists[p->freq]);
	count_vm_event(VM_freq_samples);
	if (++fl->samples >= (u64)fw_cfg.freq_decay * (evictable_pages(lv) + 1) &&
	    fw_cfg.freq_decay)
		freq_decay(lv);
}

/* read(2) and other uses the page tables do not see count as one sample. */
void freq_accessed(struct page *p)
{
	if (PageUnevictable(p))
		return;
	if (TestClearPageFresh(p))
		count_vm_event(VM_freq_repeats);
	else
		freq_bump(p);
}

/* harvest consumer: every young PTE's page gets one more sample */
static void young_to_freq(struct mm_struct *mm, struct vm_area_struct *v, u64 start,
			  const u64 *bits, u64 words)
{
	u64 n = 0;

	(void)v;
	for (u64 w = 0; w < words; w++) {
		for (u64 b = bits[w]; b; b &= b - 1) {
			u64 va = start + ((w * 64 + (u64)__builtin_ctzll(b)) << PAGE_SHIFT);
			u64 *pte = walk_pte(mm, va, false, NULL);
			struct page *p;

			n++;
			if (!pte || !pte_present(*pte))
				continue;
			p = pfn_to_page(pte_pfn(*pte));
			if (TestClearPageFresh(p))
				count_vm_event(VM_freq_repeats);
			else
				freq_bump(p);
		}
	}
	fw_account(T_AGING_CPU, n * fw_cfg.costs.freq_update);
}

/**
 * freq_age() - one harvest of every process's access bits into the counts
 * @overlap: a periodic pass (the device works while the workload goes on)
 *
 * The pass invalidates no TLB entries: like Linux's MGLRU page-table walk
 * (ptep_test_and_clear_young() without a flush) it accepts that a translation still in the TLB
 * hides the page's uses until it leaves the TLB (on zipf, 71% of accesses miss the 64-entry
 * TLB, so an entry lasts about 90 accesses; a pass comes every 1024 operations), and saves the
 * invalidations (on zipf 141,842, 6% of the simulated time that is not I/O).
 */
void freq_age(bool overlap)
{
	harvest(young_to_freq, (overlap ? HARVEST_OVERLAP : 0) | HARVEST_KEEP_TLB);
}

/**
 * freq_isolate() - take up to @nr pages from the tails of the lowest lists into @dst
 * @anon: anonymous pages may be taken (else they are passed over)
 *
 * Return: pages taken.
 */
u64 freq_isolate(struct lruvec *lv, u64 nr, bool anon, struct list_head *dst)
{
	struct freq_lists *fl = &lv->freq;
	u64 n = 0;

	while (fl->lowest < FREQ_LEVELS - 1 && list_empty(&fl->lists[fl->lowest]))
		fl->lowest++;
	for (unsigned k = fl->lowest; k < FREQ_LEVELS && n < nr; k++) {
		struct list_head *l = fl->lists[k].prev;

		while (l != &fl->lists[k] && n < nr) {
			struct page *p = list_entry(l, struct page, lru);

			l = l->prev;
			if (!anon && PageSwapBacked(p))
				continue;
			isolate_lru_page(p, lv, dst);
			n++;
		}
	}
	fw_account(T_RECLAIM, n * fw_cfg.costs.reclaim_page);
	return n;
}

/** freq_eviction() - the shadow entry of an evicted page: its count and epoch. */
u32 freq_eviction(struct page *p)
{
	struct freq_lists *fl = &node_data.lruvec.freq;

	workingset_age_nonresident(&node_data.lruvec, 1);
	freq_sync(fl, p);
	return XA_SHADOW | (u32)p->freq_epoch << 8 | p->freq;
}

/** freq_refault() - a page comes back: its count resumes from the shadow, plus this use. */
void freq_refault(struct page *p, u32 shadow)
{
	struct freq_lists *fl = &node_data.lruvec.freq;

	p->freq = (u8)freq_now(fl, (u8)shadow, (u8)(shadow >> 8));
	p->freq_epoch = fl->epoch;
	if (p->freq < FREQ_MAX)
		p->freq++;
	SetPageFresh(p);
	if (p->freq > FREQ_NEW)
		count_vm_event(VM_freq_refault_restored);
}
