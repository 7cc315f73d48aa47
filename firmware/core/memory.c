// SPDX-License-Identifier: MIT
/*
 * Processes, page tables, the reverse map and page faults (Linux's mm/memory.c, rmap.c,
 * mmap.c in miniature). Page tables are real AArch64 tables in simulated physical memory,
 * allocated from the buddy allocator; the device and the CPU model walk them.
 */
#include "internal.h"

struct mm_struct mm_table[MAX_PROCS];

/* ---- reverse map ------------------------------------------------------------------------- */

static struct rmap_item *rmap_pool;
static u32 rmap_free_head, rmap_cap;

void rmap_init(u64 nr_items)
{
	rmap_cap = (u32)nr_items;
	rmap_pool = plat_kmalloc((nr_items + 1) * sizeof(*rmap_pool));
	rmap_free_head = 0;
	if (!rmap_pool)
		return;
	for (u32 i = rmap_cap; i >= 1; i--) {
		rmap_pool[i].next = rmap_free_head;
		rmap_free_head = i;
	}
}

struct rmap_item *rmap_item(u32 idx)
{
	return &rmap_pool[idx];
}

void page_add_rmap(struct page *p, struct mm_struct *mm, u64 va)
{
	u32 idx = rmap_free_head;

	BUG_ON(!idx);	/* sized at boot for every page mapped by every process */
	rmap_free_head = rmap_pool[idx].next;
	rmap_pool[idx].next = p->rmap;
	rmap_pool[idx].mm = mm->id;
	rmap_pool[idx].va = va;
	p->rmap = idx;
	p->mapcount++;
	SetPageMapped(p);
}

void page_remove_rmap(struct page *p, struct mm_struct *mm, u64 va)
{
	for (u32 *link = &p->rmap; *link; link = &rmap_pool[*link].next) {
		u32 idx = *link;

		if (rmap_pool[idx].mm == mm->id && rmap_pool[idx].va == va) {
			*link = rmap_pool[idx].next;
			rmap_pool[idx].next = rmap_free_head;
			rmap_free_head = idx;
			if (!--p->mapcount)
				ClearPageMapped(p);
			return;
		}
	}
	BUG_ON(1);
}

/* ---- page tables ------------------------------------------------------------------------- */

static u64 *table_at(u64 pa)
{
	return plat_phys_page(pa >> PAGE_SHIFT);
}

struct vm_area_struct *find_vma(struct mm_struct *mm, u64 va)
{
	for (int i = 0; i < mm->nr_vmas; i++)
		if (va >= mm->vmas[i].vm_start && va < mm->vmas[i].vm_end)
			return &mm->vmas[i];
	return NULL;
}

/**
 * walk_pte() - the level-3 entry for @va in @mm's tables
 * @alloc: create missing tables (may reclaim; fails with -EIO if @mm is killed meanwhile)
 * @err:   set when NULL is returned with @alloc
 */
u64 *walk_pte(struct mm_struct *mm, u64 va, bool alloc, int *err)
{
	u64 table = mm->pgd;

	for (int level = 0; level < 3; level++) {
		u64 *t = table_at(table), d = t[pt_index(va, level)];

		if (!(d & PTE_VALID)) {
			struct page *pt;

			if (!alloc)
				return NULL;
			pt = alloc_page(GFP_KERNEL | __GFP_ZERO);
			if (mm->state != MM_LIVE) {
				if (pt)
					free_page_(pt);
				*err = -EIO;
				return NULL;
			}
			if (!pt) {
				*err = -ENOMEM;
				return NULL;
			}
			SetPagePgtable(pt);
			mm->nr_pgtables++;
			d = page_to_pfn(pt) << PAGE_SHIFT | PTE_TABLE_BIT | PTE_VALID;
			t[pt_index(va, level)] = d;
		}
		table = d & PTE_ADDR_MASK;
	}
	return &table_at(table)[pt_index(va, 3)];
}

/* The walk reclaim does to reach a PTE through the rmap: four descriptor reads. */
u64 *lookup_pte_cpu(struct mm_struct *mm, u64 va)
{
	count_vm_events(VM_rmap_desc_reads, 4);
	fw_account(T_RECLAIM, 4ull * fw_cfg.costs.walk_desc);
	return walk_pte(mm, va, false, NULL);
}

static u64 mk_pte(u64 pfn, const struct vm_area_struct *vma, bool dirty)
{
	u64 pte = pfn << PAGE_SHIFT | PTE_TYPE_PAGE | PTE_USER | PTE_SHARED | PTE_AF | PTE_NG |
		  PTE_PXN;

	if (!(vma->vm_flags & VM_EXEC))
		pte |= PTE_UXN;
	if (!(vma->vm_flags & VM_WRITE))
		return pte | PTE_RDONLY;
	if (dirty)
		return pte | PTE_DBM;
	if (vma->vm_file)
		return pte | PTE_RDONLY;	/* write-notify: the first write faults */
	return pte | PTE_DBM | PTE_RDONLY;	/* writable-clean: hardware makes it dirty */
}

/* ---- processes ----------------------------------------------------------------------------- */

struct mm_struct *fw_mm(int pid)
{
	return pid >= 0 && pid < MAX_PROCS && mm_table[pid].state != MM_FREE ? &mm_table[pid]
									   : NULL;
}

bool fw_proc_alive(int pid)
{
	struct mm_struct *mm = fw_mm(pid);

	return mm && mm->state == MM_LIVE;
}

int fw_proc_create(const char *comm)
{
	for (int i = 0; i < MAX_PROCS; i++) {
		struct mm_struct *mm = &mm_table[i];
		struct page *pgd;

		if (mm->state != MM_FREE)
			continue;
		pgd = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!pgd)
			return -ENOMEM;
		memset(mm, 0, sizeof(*mm));
		SetPagePgtable(pgd);
		mm->id = (u16)i;
		mm->asid = (u16)(i + 1);
		mm->state = MM_LIVE;
		mm->pgd = page_to_pfn(pgd) << PAGE_SHIFT;
		mm->nr_pgtables = 1;
		for (int j = 0; j < TASK_COMM_LEN - 1 && comm[j]; j++)
			mm->comm[j] = comm[j];
		return i;
	}
	return -ENOSPC;
}

/**
 * fw_mmap() - map [@start, @start+@len) in process @pid
 * @vm_flags: VM_READ/WRITE/EXEC/SHARED/LOCKED/MERGEABLE
 * @file:     file id, or -1 for anonymous memory
 * @pgoff:    file page mapped at @start
 *
 * Return: 0, or -EINVAL (alignment, range beyond 48 bits or the file, overlap), -ENOSPC
 * (too many ranges), -ENOMEM.
 */
int fw_mmap(int pid, u64 start, u64 len, u32 vm_flags, int file, u64 pgoff)
{
	struct mm_struct *mm = fw_mm(pid);
	struct vm_area_struct *v;
	u64 end = start + len, npages = len >> PAGE_SHIFT;
	int i;

	if (!mm || mm->state != MM_LIVE || (start | len) & ~PAGE_MASK || !len ||
	    end > (1ull << 48) || end < start)
		return -EINVAL;
	if (file >= nr_files || (file >= 0 && pgoff + npages > file_table[file].nr_blocks))
		return -EINVAL;
	if ((vm_flags & VM_SHARED) && file < 0)
		return -EINVAL;
	for (i = 0; i < mm->nr_vmas; i++)
		if (start < mm->vmas[i].vm_end && mm->vmas[i].vm_start < end)
			return -EINVAL;
	if (mm->nr_vmas == MAX_VMAS)
		return -ENOSPC;
	for (i = mm->nr_vmas; i > 0 && mm->vmas[i - 1].vm_start > start; i--)
		mm->vmas[i] = mm->vmas[i - 1];
	v = &mm->vmas[i];
	memset(v, 0, sizeof(*v));
	v->young = plat_kmalloc(((npages + 63) / 64) * 8);
	if (vm_flags & VM_MERGEABLE) {
		v->ksm_sum = plat_kmalloc(npages * sizeof(u32));
		v->ksm_seen = plat_kmalloc(((npages + 63) / 64) * 8);
		if (!v->ksm_sum || !v->ksm_seen) {
			plat_kfree(v->young);
			v->young = NULL;
		}
	}
	if (!v->young) {
		for (; i < mm->nr_vmas; i++)
			mm->vmas[i] = mm->vmas[i + 1];
		return -ENOMEM;
	}
	v->vm_start = start;
	v->vm_end = end;
	v->vm_flags = vm_flags | VM_READ;
	v->vm_file = file >= 0 ? &file_table[file] : NULL;
	v->vm_pgoff = pgoff;
	mm->nr_vmas++;
	return 0;
}

/* mlocked mappings make their pages unevictable */
bool page_evictable(struct page *p)
{
	for (u32 i = p->rmap; i; i = rmap_pool[i].next) {
		struct vm_area_struct *v = find_vma(&mm_table[rmap_pool[i].mm], rmap_pool[i].va);

		if (v && (v->vm_flags & VM_LOCKED))
			return false;
	}
	return true;
}

/** fw_mlock() - lock the whole range that starts at @start (@len must match it). */
int fw_mlock(int pid, u64 start, u64 len)
{
	struct mm_struct *mm = fw_mm(pid);
	struct vm_area_struct *v = mm ? find_vma(mm, start) : NULL;

	if (!v || v->vm_start != start || v->vm_end != start + len)
		return -EINVAL;
	v->vm_flags |= VM_LOCKED;
	lru_add_drain();
	for (u64 va = v->vm_start; va < v->vm_end; va += PAGE_SIZE) {
		u64 *pte = walk_pte(mm, va, false, NULL);
		struct page *p;

		if (!pte || !pte_present(*pte))
			continue;
		p = pfn_to_page(pte_pfn(*pte));
		if (PageLRU(p) && !PageUnevictable(p)) {
			del_page_from_lru_list(p, &node_data.lruvec);
			ClearPageActive(p);
			SetPageUnevictable(p);
			add_page_to_lru_list(p, &node_data.lruvec);
		}
	}
	return 0;
}

/* ---- page faults ---------------------------------------------------------------------------- */

static int fault_kill(struct mm_struct *mm, int err)
{
	if (mm->state == MM_LIVE)
		kill_process(mm, err == -EIO ? MM_SIGBUS : MM_OOM_KILLED);
	return -EIO;
}

/*
 * After allocating @p for a fault of @mm: 0 to go on; else the fault's error, @p freed (the
 * allocation's reclaim may have killed @mm) or, when there was no page, @mm killed.
 */
static int fault_page_check(struct mm_struct *mm, struct page *p)
{
	if (mm->state != MM_LIVE) {
		if (p)
			free_page_(p);
		return -EIO;
	}
	return p ? 0 : fault_kill(mm, -ENOMEM);
}

static int do_anonymous_page(struct mm_struct *mm, struct vm_area_struct *vma, u64 va,
			     bool write)
{
	struct page *p = alloc_page(GFP_HIGHUSER_MOVABLE | __GFP_ZERO);
	int err = fault_page_check(mm, p);
	u64 *pte;

	if (err)
		return err;
	pte = walk_pte(mm, va, true, &err);
	if (!pte) {
		free_page_(p);
		return mm->state == MM_LIVE ? fault_kill(mm, err) : -EIO;
	}
	SetPageSwapBacked(p);
	page_add_rmap(p, mm, va);
	*pte = mk_pte(page_to_pfn(p), vma, write);
	mm->rss_anon++;
	vma->nr_present++;
	lru_cache_add(p);
	return 0;
}

static int do_file_page(struct mm_struct *mm, struct vm_area_struct *vma, u64 va, bool write)
{
	u64 index = vma->vm_pgoff + ((va - vma->vm_start) >> PAGE_SHIFT);
	struct page *p;
	bool major;
	int err = 0;
	u64 *pte;

	pte = walk_pte(mm, va, true, &err);
	if (!pte)
		return mm->state == MM_LIVE ? fault_kill(mm, err) : -EIO;
	p = filemap_get_page(vma->vm_file, index, GFP_HIGHUSER_MOVABLE, &major, &err);
	if (mm->state != MM_LIVE)
		return -EIO;
	if (!p)
		return fault_kill(mm, err);
	if (major)
		count_vm_event(VM_pgmajfault);
	if (write)
		SetPageDirty(p);
	page_add_rmap(p, mm, va);
	*pte = mk_pte(page_to_pfn(p), vma, write);
	mm->rss_file++;
	vma->nr_present++;
	return 0;
}

static int do_swap_page(struct mm_struct *mm, struct vm_area_struct *vma, u64 va, bool write)
{
	u64 slot = pte_swp_slot(*walk_pte(mm, va, false, NULL));
	struct page *p;
	u32 shadow;
	int err;
	u64 *pte;

	p = lookup_swap_cache(slot, &shadow);
	if (!p) {
		p = alloc_page(GFP_HIGHUSER_MOVABLE);
		err = fault_page_check(mm, p);
		if (err)
			return err;
		SetPageSwapBacked(p);
		swap_info.swap_map[slot] |= SWAP_HAS_CACHE;
		swap_info.cache[slot] = xa_mk_page(p);
		SetPageSwapCache(p);
		p->private = (u32)slot;
		if (swap_readpage(p, slot)) {
			/* the data is unreachable: the process is told, the slot stays */
			swap_info.cache[slot] = 0;
			swap_info.swap_map[slot] &= (u16)~SWAP_HAS_CACHE;
			ClearPageSwapCache(p);
			p->private = 0;
			free_page_(p);
			return fault_kill(mm, -EIO);
		}
		count_vm_event(VM_pgmajfault);
		if (shadow)
			workingset_refault(p, shadow);
		lru_cache_add(p);
	}
	pte = walk_pte(mm, va, false, NULL);
	page_add_rmap(p, mm, va);
	*pte = mk_pte(page_to_pfn(p), vma, write);
	mm->swapents--;
	mm->rss_anon++;
	vma->nr_present++;
	swap_free(slot);
	/* a written page's swap copy is stale; a full swap area wants its slots back */
	if (write || vm_swap_full())
		try_to_free_swap(p);
	if (write)
		SetPageDirty(p);
	return 0;
}

/**
 * handle_mm_fault() - resolve a translation or permission fault of @mm at @va
 *
 * First touch of anonymous memory (zero page), a file page (page cache or disk read),
 * swap-in (swap cache or swap read), or the first write to a clean shared file page.
 *
 * Return: 0 (retry the access), -EFAULT (no mapping or permission: SIGSEGV), or -EIO (the
 * process was killed: SIGBUS after an I/O error, or the OOM killer).
 */
int handle_mm_fault(struct mm_struct *mm, u64 va, bool write)
{
	struct vm_area_struct *vma = find_vma(mm, va);
	u64 *pte, v;

	count_vm_event(VM_pgfault);
	fw_account(T_FAULT, fw_cfg.costs.fault);
	if (!vma || (write && !(vma->vm_flags & VM_WRITE)))
		return -EFAULT;
	va &= PAGE_MASK;
	pte = walk_pte(mm, va, false, NULL);
	v = pte ? *pte : 0;
	if (pte_present(v)) {
		if (write && !pte_write(v) && PageKsm(pfn_to_page(pte_pfn(v))))
			return ksm_cow_fault(mm, vma, va, pte);
		if (write && !pte_write(v)) {
			/* write-notify on a shared file mapping: the page becomes dirty */
			if (vma->vm_file)
				SetPageDirty(pfn_to_page(pte_pfn(v)));
			*pte = (v & ~PTE_RDONLY) | PTE_DBM | PTE_AF;
			flush_tlb_page(mm, va);
		}
		return 0;
	}
	if (pte_is_swap(v))
		return do_swap_page(mm, vma, va, write);
	if (vma->vm_file)
		return do_file_page(mm, vma, va, write);
	return do_anonymous_page(mm, vma, va, write);
}

/* ---- reclaim's view: referenced and unmap ------------------------------------------------ */

static void clear_young_bit(struct vm_area_struct *v, u64 va)
{
	u64 bit = (va - v->vm_start) >> PAGE_SHIFT;

	v->young[bit / 64] &= ~(1ull << (bit % 64));
}

/**
 * page_referenced() - young PTE references to @p harvested since reclaim last looked
 * (consumed by the call), and the union of the flags of the ranges mapping it
 */
int page_referenced(struct page *p, u32 *vm_flags)
{
	int referenced = 0;

	*vm_flags = 0;
	for (u32 i = p->rmap; i; i = rmap_pool[i].next) {
		struct vm_area_struct *v = find_vma(&mm_table[rmap_pool[i].mm], rmap_pool[i].va);
		u64 bit;

		if (!v)
			continue;
		*vm_flags |= v->vm_flags;
		bit = (rmap_pool[i].va - v->vm_start) >> PAGE_SHIFT;
		if (v->young[bit / 64] & (1ull << (bit % 64))) {
			referenced++;
			v->young[bit / 64] &= ~(1ull << (bit % 64));
		}
	}
	return referenced;
}

/**
 * try_to_unmap() - remove every PTE mapping @p, through the rmap
 *
 * Anonymous pages (already in the swap cache) leave swap entries; file pages leave empty
 * PTEs. Hardware dirty state moves to PG_dirty; each PTE's TLB entry is invalidated.
 * Return: false if a mapping is mlocked (the page is left mapped).
 */
bool try_to_unmap(struct page *p)
{
	for (u32 i = p->rmap; i; i = rmap_pool[i].next) {
		struct vm_area_struct *v = find_vma(&mm_table[rmap_pool[i].mm], rmap_pool[i].va);

		if (v && (v->vm_flags & VM_LOCKED))
			return false;
	}
	while (p->rmap) {
		struct rmap_item *it = &rmap_pool[p->rmap];
		struct mm_struct *mm = &mm_table[it->mm];
		u64 va = it->va, *pte = lookup_pte_cpu(mm, va);
		struct vm_area_struct *v = find_vma(mm, va);

		BUG_ON(!pte || !pte_present(*pte) || pte_pfn(*pte) != page_to_pfn(p) || !v);
		if (pte_dirty(*pte))
			SetPageDirty(p);
		if (PageSwapBacked(p)) {
			BUG_ON(!PageSwapCache(p));
			*pte = swp_pte(p->private);
			swap_duplicate(p->private);
			mm->swapents++;
			mm->rss_anon--;
		} else {
			*pte = 0;
			mm->rss_file--;
		}
		v->nr_present--;
		clear_young_bit(v, va);
		flush_tlb_page(mm, va);
		page_remove_rmap(p, mm, va);
	}
	return true;
}

/* ---- process teardown ---------------------------------------------------------------------- */

static void zap_pte(struct mm_struct *mm, struct vm_area_struct *v, u64 va, u64 *pte)
{
	u64 e = *pte;

	if (pte_is_swap(e)) {
		swap_free(pte_swp_slot(e));
		mm->swapents--;
	} else if (pte_present(e)) {
		struct page *p = pfn_to_page(pte_pfn(e));

		BUG_ON(PageIsolated(p));
		page_remove_rmap(p, mm, va);
		v->nr_present--;
		if (PageSwapBacked(p)) {
			mm->rss_anon--;
			if (!p->mapcount) {
				if (PageKsm(p))
					ksm_page_gone(p);
				if (PageSwapCache(p))
					delete_from_swap_cache(p, 0);
				lru_cache_remove(p);
				free_page_(p);
			}
		} else {
			mm->rss_file--;
			if (pte_dirty(e))
				SetPageDirty(p);
		}
	}
	*pte = 0;
}

static void zap_table(struct mm_struct *mm, u64 table, int level, u64 base)
{
	u64 *t = table_at(table);

	for (unsigned i = 0; i < 512; i++) {
		u64 va = base | (u64)i << (39 - 9 * level), d = t[i];

		if (level < 3) {
			if (!(d & PTE_VALID))
				continue;
			zap_table(mm, d & PTE_ADDR_MASK, level + 1, va);
			t[i] = 0;
			free_page_(pfn_to_page((d & PTE_ADDR_MASK) >> PAGE_SHIFT));
			mm->nr_pgtables--;
		} else if (d) {
			zap_pte(mm, find_vma(mm, va), va, &t[i]);
		}
	}
}

/** zap_process() - unmap everything @mm maps, free its swap entries and page tables. */
void zap_process(struct mm_struct *mm)
{
	lru_add_drain();
	zap_table(mm, mm->pgd, 0, 0);
	free_page_(pfn_to_page(mm->pgd >> PAGE_SHIFT));
	mm->nr_pgtables = 0;
	mm->pgd = 0;
	flush_tlb_mm(mm);
	for (int i = 0; i < mm->nr_vmas; i++) {
		plat_kfree(mm->vmas[i].young);
		plat_kfree(mm->vmas[i].ksm_sum);
		plat_kfree(mm->vmas[i].ksm_seen);
		mm->vmas[i].young = NULL;
		mm->vmas[i].ksm_sum = NULL;
		mm->vmas[i].ksm_seen = NULL;
	}
	mm->nr_vmas = 0;
}

/** fw_proc_exit() - the process exits: its memory and swap are released. */
void fw_proc_exit(int pid)
{
	struct mm_struct *mm = fw_mm(pid);

	if (!mm || mm->state != MM_LIVE)
		return;
	zap_process(mm);
	mm->state = MM_EXITED;
}
