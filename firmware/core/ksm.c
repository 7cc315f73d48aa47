// SPDX-License-Identifier: MIT
/*
 * Kernel samepage merging (Linux's mm/ksm.c, simplified): ksmd visits pages_to_scan pages of
 * the mergeable ranges per run, every sleep_ticks scheduler ticks. A candidate is first looked
 * up in the stable tree (merged KSM pages); if absent, its checksum is compared with the one
 * recorded at the previous visit and a page that changed is skipped as volatile; a page that
 * kept its checksum is looked up in the unstable tree (candidates of this pass, ordered by
 * content) and, when an equal page is there, the two are merged into a new KSM page. Merging
 * maps the KSM page write-protected and frees the duplicate; a write fault copies it again.
 *
 * The checksum is the device's HASH (XXH64, seed 0, low 32 bits, as calc_checksum()) of all
 * candidates of a run in one command, and every content comparison is one CMP command; with
 * --accel off the CPU does both. The trees are arrays searched by bisection (Linux uses
 * rbtrees) and ordered by (checksum, content): pages with different checksums differ, so
 * contents are compared (CMP) only between pages whose checksums are equal.
 *
 * Simplifications: KSM pages are not reclaimed or migrated (Linux can swap them out); no
 * zero-page merging; max_page_sharing refuses further merges into a full KSM page instead of
 * chaining duplicates.
 */
#include "internal.h"

struct unstable_item {
	u16 mm;
	u64 va;
	struct page *page;
	u32 sum;
};

struct stable_item {
	struct page *page;
	u32 sum;			/* fixed: a KSM page is write-protected */
};

static struct {
	struct stable_item *stable;	/* KSM pages, sorted by (checksum, content) */
	u64 nr_stable, cap;
	struct unstable_item *unstable;	/* this pass's candidates, sorted by content */
	u64 nr_unstable;
	int cur_mm, cur_vma;		/* the scan cursor */
	u64 cur_va;
	u64 full_scans;
	u64 pass_visited;		/* pages visited in the current pass */
	unsigned ticks;
} ksm;

int ksm_init(void)
{
	memset(&ksm, 0, sizeof(ksm));
	ksm.cap = max_pfn;
	ksm.stable = plat_kmalloc(ksm.cap * sizeof(*ksm.stable));
	ksm.unstable = plat_kmalloc(ksm.cap * sizeof(*ksm.unstable));
	return ksm.stable && ksm.unstable ? 0 : -ENOMEM;
}

/* The trees' order: checksum first, then content (only equal checksums need a CMP). */
static int key_compare(u32 sa, struct page *a, u32 sb, struct page *b)
{
	if (sa != sb)
		return sa < sb ? -1 : 1;
	return pages_compare(a, b);
}

/* One bisection step on the comparison @c with the item at @mid: true when it is equal. */
static bool bisect_step(int c, s64 mid, s64 *lo, s64 *hi)
{
	if (c < 0)
		*hi = mid - 1;
	else if (c > 0)
		*lo = mid + 1;
	return !c;
}

/* Bisection: the index of an equal page, or -(insertion point) - 1. */
static s64 stable_search(struct page *p, u32 sum)
{
	s64 lo = 0, hi = (s64)ksm.nr_stable - 1;

	while (lo <= hi) {
		s64 mid = (lo + hi) / 2;

		if (bisect_step(key_compare(sum, p, ksm.stable[mid].sum, ksm.stable[mid].page),
				mid, &lo, &hi))
			return mid;
	}
	return -lo - 1;
}

/* Is the unstable item still the anonymous page it was (mapped there, not merged since)? */
static bool unstable_valid(const struct unstable_item *it)
{
	struct mm_struct *mm = &mm_table[it->mm];
	u64 *pte;

	if (mm->state != MM_LIVE || PageKsm(it->page))
		return false;
	pte = walk_pte(mm, it->va, false, NULL);
	return pte && pte_present(*pte) && pfn_to_page(pte_pfn(*pte)) == it->page;
}

static void unstable_remove(u64 i)
{
	memmove(&ksm.unstable[i], &ksm.unstable[i + 1],
		(ksm.nr_unstable - i - 1) * sizeof(*ksm.unstable));
	ksm.nr_unstable--;
}

static s64 unstable_search(struct page *p, u32 sum)
{
	s64 lo = 0, hi;

restart:
	lo = 0;
	hi = (s64)ksm.nr_unstable - 1;
	while (lo <= hi) {
		s64 mid = (lo + hi) / 2;

		if (!unstable_valid(&ksm.unstable[mid])) {
			/* the page went away or changed hands: forget it, search again */
			unstable_remove((u64)mid);
			goto restart;
		}
		if (bisect_step(key_compare(sum, p, ksm.unstable[mid].sum,
					    ksm.unstable[mid].page), mid, &lo, &hi))
			return mid;
	}
	return -lo - 1;
}

/* Map @mm's @va (now @p) write-protected to KSM page @k instead, and free @p. */
static void replace_page(struct mm_struct *mm, u64 va, struct page *p, struct page *k)
{
	u64 *pte = walk_pte(mm, va, false, NULL);

	BUG_ON(!pte || pfn_to_page(pte_pfn(*pte)) != p || p->mapcount != 1);
	*pte = (page_to_pfn(k) << PAGE_SHIFT) | ((*pte & ~PTE_ADDR_MASK & ~PTE_DBM) | PTE_RDONLY);
	flush_tlb_page(mm, va);
	page_remove_rmap(p, mm, va);
	page_add_rmap(k, mm, va);
	if (PageSwapCache(p))
		delete_from_swap_cache(p, 0);
	lru_cache_remove(p);
	ClearPageActive(p);
	ClearPageDirty(p);
	free_page_(p);
	count_vm_event(VM_ksm_merged);
}

/* Turn @p, mapped once at (@mm, @va), into a KSM page and put it in the stable tree. */
static void make_ksm_page(struct page *p, u32 sum, struct mm_struct *mm, u64 va, s64 pos)
{
	u64 *pte = walk_pte(mm, va, false, NULL);

	if (PageSwapCache(p))
		try_to_free_swap(p);	/* a KSM page lives only in memory here */
	*pte = (*pte & ~PTE_DBM) | PTE_RDONLY;
	flush_tlb_page(mm, va);
	SetPageKsm(p);
	memmove(&ksm.stable[pos + 1], &ksm.stable[pos], (ksm.nr_stable - (u64)pos) * sizeof(*ksm.stable));
	ksm.stable[pos].page = p;
	ksm.stable[pos].sum = sum;
	ksm.nr_stable++;
}

/** ksm_page_gone() - @p, a KSM page, lost its last mapping: leave the stable tree. */
void ksm_page_gone(struct page *p)
{
	for (u64 i = 0; i < ksm.nr_stable; i++) {
		if (ksm.stable[i].page == p) {
			memmove(&ksm.stable[i], &ksm.stable[i + 1],
				(ksm.nr_stable - i - 1) * sizeof(*ksm.stable));
			ksm.nr_stable--;
			break;
		}
	}
	ClearPageKsm(p);
}

/**
 * ksm_cow_fault() - a write to a KSM page: give the writer its own copy
 * Return: 0, or -EIO (killed while allocating).
 */
int ksm_cow_fault(struct mm_struct *mm, struct vm_area_struct *vma, u64 va, u64 *pte)
{
	struct page *k = pfn_to_page(pte_pfn(*pte)), *p = alloc_page(GFP_HIGHUSER_MOVABLE);

	if (mm->state != MM_LIVE) {
		if (p)
			free_page_(p);
		return -EIO;
	}
	if (!p) {
		kill_process(mm, MM_OOM_KILLED);
		return -EIO;
	}
	memcpy(page_address(p), page_address(k), PAGE_SIZE);
	fw_account(T_FAULT, fw_cfg.costs.cpu_copy);
	SetPageSwapBacked(p);
	pte = walk_pte(mm, va, false, NULL);
	*pte = (page_to_pfn(p) << PAGE_SHIFT) |
	       ((*pte & ~PTE_ADDR_MASK & ~PTE_RDONLY) | PTE_DBM | PTE_AF);
	flush_tlb_page(mm, va);
	page_remove_rmap(k, mm, va);
	page_add_rmap(p, mm, va);
	lru_cache_add(p);
	count_vm_event(VM_ksm_cow);
	if (!k->mapcount) {
		ksm_page_gone(k);
		lru_cache_remove(k);
		ClearPageActive(k);
		free_page_(k);
	}
	(void)vma;
	return 0;
}

struct candidate {
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	u64 va;
	struct page *page;
};

/* Advance the cursor over every live process's mergeable ranges; false at the end of a pass. */
static bool next_va(struct mm_struct **mmp, struct vm_area_struct **vp, u64 *va)
{
	while (ksm.cur_mm < MAX_PROCS) {
		struct mm_struct *mm = &mm_table[ksm.cur_mm];

		if (mm->state == MM_LIVE) {
			while (ksm.cur_vma < mm->nr_vmas) {
				struct vm_area_struct *v = &mm->vmas[ksm.cur_vma];

				if ((v->vm_flags & VM_MERGEABLE) && v->ksm_sum) {
					if (ksm.cur_va < v->vm_start)
						ksm.cur_va = v->vm_start;
					if (ksm.cur_va < v->vm_end) {
						*mmp = mm;
						*vp = v;
						*va = ksm.cur_va;
						ksm.cur_va += PAGE_SIZE;
						return true;
					}
				}
				ksm.cur_vma++;
				ksm.cur_va = 0;
			}
		}
		ksm.cur_mm++;
		ksm.cur_vma = 0;
		ksm.cur_va = 0;
	}
	ksm.cur_mm = 0;
	return false;
}

/* One ksmd run: pages_to_scan pages of the mergeable ranges. */
static void ksm_do_scan(unsigned budget)
{
	static struct candidate cand[1024];
	static struct page *pages[1024];
	static u32 sums[1024];
	unsigned n = 0, visited = 0;
	bool wrapped = false;

	if (budget > 1024)
		budget = 1024;
	while (visited < budget) {
		struct mm_struct *mm;
		struct vm_area_struct *v;
		u64 va, *pte;
		struct page *p;

		if (!next_va(&mm, &v, &va)) {
			/* the pass is over: finish this batch, then start the next pass */
			wrapped = ksm.pass_visited != 0;
			break;
		}
		visited++;
		ksm.pass_visited++;
		pte = walk_pte(mm, va, false, NULL);
		fw_account(T_PAGES_CPU, 4ull * fw_cfg.costs.walk_desc);
		if (!pte || !pte_present(*pte))
			continue;
		p = pfn_to_page(pte_pfn(*pte));
		if (PageKsm(p) || !PageSwapBacked(p) || p->mapcount != 1 || !PageLRU(p))
			continue;
		cand[n].mm = mm;
		cand[n].vma = v;
		cand[n].va = va;
		cand[n].page = p;
		pages[n++] = p;
	}
	if (n)
		pages_checksum(pages, n, sums, NULL);
	for (unsigned i = 0; i < n; i++) {
		struct candidate *c = &cand[i];
		struct vm_area_struct *v = c->vma;
		u64 idx = (c->va - v->vm_start) >> PAGE_SHIFT;
		struct page *p = c->page;
		s64 pos;

		/* an earlier candidate of this run may have merged with this one */
		if (PageKsm(p) || p->mapcount != 1 || c->mm->state != MM_LIVE)
			continue;
		pos = stable_search(p, sums[i]);
		if (pos >= 0) {
			if (ksm.stable[pos].page->mapcount < fw_cfg.ksm.max_page_sharing)
				replace_page(c->mm, c->va, p, ksm.stable[pos].page);
			continue;
		}
		if (!(v->ksm_seen[idx / 64] & (1ull << (idx % 64))) || v->ksm_sum[idx] != sums[i]) {
			v->ksm_seen[idx / 64] |= 1ull << (idx % 64);
			v->ksm_sum[idx] = sums[i];
			count_vm_event(VM_ksm_volatile_skips);
			continue;
		}
		pos = unstable_search(p, sums[i]);
		if (pos >= 0) {
			struct unstable_item it = ksm.unstable[pos];
			s64 spos;

			unstable_remove((u64)pos);
			spos = stable_search(it.page, sums[i]);
			if (spos >= 0)	/* cannot be: it would have merged already */
				continue;
			make_ksm_page(it.page, sums[i], &mm_table[it.mm], it.va, -spos - 1);
			replace_page(c->mm, c->va, p, it.page);
			continue;
		}
		pos = -pos - 1;
		memmove(&ksm.unstable[pos + 1], &ksm.unstable[pos],
			(ksm.nr_unstable - (u64)pos) * sizeof(*ksm.unstable));
		ksm.unstable[pos].mm = c->mm->id;
		ksm.unstable[pos].va = c->va;
		ksm.unstable[pos].page = p;
		ksm.unstable[pos].sum = sums[i];
		ksm.nr_unstable++;
	}
	if (wrapped) {
		/* a new pass starts with an empty unstable tree */
		ksm.full_scans++;
		count_vm_event(VM_full_scans);
		ksm.nr_unstable = 0;
		ksm.pass_visited = 0;
	}
}

/** ksmd_run() - at a scheduler tick: one ksmd run every sleep_ticks ticks. */
void ksmd_run(void)
{
	if (!fw_cfg.ksm.run || ++ksm.ticks < fw_cfg.ksm.sleep_ticks)
		return;
	ksm.ticks = 0;
	ksm_do_scan(fw_cfg.ksm.pages_to_scan);
}

void fw_ksm_stats(struct fw_ksm_stats *st)
{
	u64 tracked = 0;

	memset(st, 0, sizeof(*st));
	st->pages_shared = ksm.nr_stable;
	for (u64 i = 0; i < ksm.nr_stable; i++)
		st->pages_sharing += ksm.stable[i].page->mapcount - 1u;
	st->pages_unshared = ksm.nr_unstable;
	for (int i = 0; i < MAX_PROCS; i++) {
		struct mm_struct *mm = &mm_table[i];

		if (mm->state != MM_LIVE)
			continue;
		for (int j = 0; j < mm->nr_vmas; j++) {
			struct vm_area_struct *v = &mm->vmas[j];
			u64 words = ((v->vm_end - v->vm_start) >> PAGE_SHIFT) / 64 + 1;

			for (u64 w = 0; v->ksm_seen && w < words; w++)
				tracked += (u64)__builtin_popcountll(v->ksm_seen[w]);
		}
	}
	/* as Linux: the tracked pages that are neither shared, sharing nor unshared */
	tracked -= min_t(u64, tracked, st->pages_shared + st->pages_sharing + st->pages_unshared);
	st->pages_volatile = tracked;
	st->full_scans = ksm.full_scans;
}
