// SPDX-License-Identifier: MIT
/*
 * The CPU model: the workload's loads and stores go through a set-associative TLB tagged with
 * ASIDs and, on a miss, through a hardware walk of the process's AArch64 tables that behaves
 * as FEAT_HAFDBS: it sets AF in the descriptor when it loads a translation and turns a
 * writable-clean entry (DBM=1, AP[2]=1) dirty (AP[2]=0) on the first write, both as atomic
 * updates of the descriptor in memory. A translation cached in the TLB is used without
 * touching the descriptor, so AF cleared without a TLB invalidation stays clear while the
 * page is being used: the firmware must invalidate after clearing.
 */
#include "../core/internal.h"

#define TLB_WAYS 4

struct tlb_entry {
	u64 tag;	/* (asid << 36 | vpn) + 1; 0 = invalid */
	u64 pte;	/* the descriptor as cached */
	u64 stamp;	/* last use, for LRU replacement */
};

static struct {
	struct tlb_entry *e;
	unsigned sets;
	u64 clock;
} tlb;

int cpu_init(unsigned tlb_entries)
{
	if (tlb_entries < TLB_WAYS || (tlb_entries & (tlb_entries - 1))) {
		fw_printk("boot: tlb_entries %u: expected a power of two >= %u", tlb_entries,
			  TLB_WAYS);
		return -EINVAL;
	}
	/*
	 * A previous boot's array is not freed here: like every boot-time allocation it belongs
	 * to the platform heap, which may have been torn down and rebuilt since (plat_host_fini).
	 */
	tlb.e = plat_kmalloc(tlb_entries * sizeof(*tlb.e));
	if (!tlb.e)
		return -ENOMEM;
	tlb.sets = tlb_entries / TLB_WAYS;
	tlb.clock = 0;
	return 0;
}

static u64 tlb_tag(const struct mm_struct *mm, u64 va)
{
	return ((u64)mm->asid << 36 | (va >> PAGE_SHIFT)) + 1;
}

static struct tlb_entry *tlb_set(u64 tag)
{
	u64 h = tag * 0x9e3779b97f4a7c15ull;

	return &tlb.e[(h >> 32) % tlb.sets * TLB_WAYS];
}

static struct tlb_entry *tlb_lookup(u64 tag)
{
	struct tlb_entry *s = tlb_set(tag);

	for (int w = 0; w < TLB_WAYS; w++)
		if (s[w].tag == tag)
			return &s[w];
	return NULL;
}

static void tlb_fill(u64 tag, u64 pte)
{
	struct tlb_entry *s = tlb_set(tag), *victim = &s[0];

	for (int w = 0; w < TLB_WAYS; w++) {
		if (s[w].tag == tag || !s[w].tag) {
			victim = &s[w];
			break;
		}
		if (s[w].stamp < victim->stamp)
			victim = &s[w];
	}
	victim->tag = tag;
	victim->pte = pte;
	victim->stamp = ++tlb.clock;
}

/** flush_tlb_page() - TLBI VAE1: drop @mm's translation of @va. */
void flush_tlb_page(struct mm_struct *mm, u64 va)
{
	struct tlb_entry *e = tlb_lookup(tlb_tag(mm, va & PAGE_MASK));

	if (e)
		e->tag = 0;
	count_vm_event(VM_tlbi_page);
	fw_account(T_TLBI, fw_cfg.costs.tlbi);
}

/** flush_tlb_mm() - TLBI ASIDE1: drop every translation of @mm's ASID. */
void flush_tlb_mm(struct mm_struct *mm)
{
	u64 n = (u64)tlb.sets * TLB_WAYS;

	for (u64 i = 0; i < n; i++)
		if (tlb.e[i].tag && ((tlb.e[i].tag - 1) >> 36) == mm->asid)
			tlb.e[i].tag = 0;
	count_vm_event(VM_tlbi_asid);
	fw_account(T_TLBI, fw_cfg.costs.tlbi);
}

/*
 * The hardware walk: Return the level-3 descriptor's address, or NULL on a translation
 * fault (invalid descriptor at any level).
 */
static u64 *hw_walk(struct mm_struct *mm, u64 va)
{
	u64 table = mm->pgd;

	fw_account(T_USER, 4ull * fw_cfg.costs.walk_desc);
	for (int level = 0; level < 3; level++) {
		u64 d = ((u64 *)plat_phys_page(table >> PAGE_SHIFT))[pt_index(va, level)];

		if ((d & 3) != 3)
			return NULL;
		table = d & PTE_ADDR_MASK;
	}
	return &((u64 *)plat_phys_page(table >> PAGE_SHIFT))[pt_index(va, 3)];
}

/*
 * Translate @va for a load or store, taking faults as needed. Return: a pointer to the
 * data, or NULL with *err set (-EFAULT or -EIO).
 */
static u64 *translate(struct mm_struct *mm, u64 va, bool write, int *err)
{
	u64 tag = tlb_tag(mm, va);

	for (int attempt = 0; attempt < 8; attempt++) {
		struct tlb_entry *e = tlb_lookup(tag);
		u64 *ptep, pte;

		if (e && (!write || pte_write(e->pte))) {
			count_vm_event(VM_tlb_hit);
			fw_account(T_USER, fw_cfg.costs.access);
			e->stamp = ++tlb.clock;
			return (u64 *)((u8 *)plat_phys_page(pte_pfn(e->pte)) + (va & ~PAGE_MASK));
		}
		if (!e)
			count_vm_event(VM_tlb_miss);
		ptep = hw_walk(mm, va);
		pte = ptep ? *ptep : 0;
		if (pte_present(pte) && (!write || pte_write(pte) || (pte & PTE_DBM))) {
			if (!pte_young(pte)) {
				pte |= PTE_AF;
				count_vm_event(VM_hw_af_update);
			}
			if (write && !pte_write(pte)) {
				pte &= ~PTE_RDONLY;
				count_vm_event(VM_hw_dirty_update);
			}
			*ptep = pte;
			tlb_fill(tag, pte);
			continue;
		}
		*err = handle_mm_fault(mm, va, write);
		if (*err)
			return NULL;
	}
	fw_printk("cpu: %s of 0x%llx by process %u does not make progress",
		  write ? "store" : "load", (unsigned long long)va, (unsigned)mm->id);
	*err = -EFAULT;
	return NULL;
}

/* The word at @va of process @pid for a load or a store (faulting it in); NULL and *@err. */
static u64 *cpu_word(int pid, u64 va, bool write, int *err)
{
	struct mm_struct *mm = fw_mm(pid);

	*err = 0;
	if (!mm || mm->state != MM_LIVE) {
		*err = -EIO;
		return NULL;
	}
	if (va & 7) {
		*err = -EFAULT;
		return NULL;
	}
	return translate(mm, va, write, err);
}

int fw_load(int pid, u64 va, u64 *val)
{
	int err;
	u64 *p = cpu_word(pid, va, false, &err);

	if (!p)
		return err;
	*val = *p;
	return 0;
}

int fw_store(int pid, u64 va, u64 val)
{
	int err;
	u64 *p = cpu_word(pid, va, true, &err);

	if (!p)
		return err;
	*p = val;
	return 0;
}

/**
 * fw_peek_page() - what process @pid holds at page @va, without side effects (the oracle's
 * view: resident page, swap cache, swap slot, page cache, disk block, or zero-fill).
 */
int fw_peek_page(int pid, u64 va, void *buf)
{
	struct mm_struct *mm = fw_mm(pid);
	struct vm_area_struct *v = mm && mm->state == MM_LIVE ? find_vma(mm, va) : NULL;
	u64 *pte, e;

	if (!v)
		return -EFAULT;
	va &= PAGE_MASK;
	pte = walk_pte(mm, va, false, NULL);
	e = pte ? *pte : 0;
	if (pte_present(e)) {
		memcpy(buf, plat_phys_page(pte_pfn(e)), PAGE_SIZE);
		return 0;
	}
	if (pte_is_swap(e)) {
		u32 shadow;
		struct page *p = lookup_swap_cache(pte_swp_slot(e), &shadow);

		if (p) {
			memcpy(buf, page_address(p), PAGE_SIZE);
			return 0;
		}
		return plat_blk_read(BLK_SWAP, pte_swp_slot(e), buf) ? -EIO : 0;
	}
	if (v->vm_file) {
		u64 idx = v->vm_pgoff + ((va - v->vm_start) >> PAGE_SHIFT);
		struct page *p = xa_page(v->vm_file->cache[idx]);

		if (p) {
			memcpy(buf, page_address(p), PAGE_SIZE);
			return 0;
		}
		return plat_blk_read(BLK_DISK, v->vm_file->disk_block + idx, buf) ? -EIO : 0;
	}
	memset(buf, 0, PAGE_SIZE);
	return 0;
}
