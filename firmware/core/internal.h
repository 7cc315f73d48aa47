/* SPDX-License-Identifier: MIT */
/* Interfaces between the firmware core's files (not for the machine or the platform). */
#ifndef FW_INTERNAL_H
#define FW_INTERNAL_H

#include "fw/fw.h"
#include "fw/mm.h"
#include "fw/platform.h"

void fw_printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define BUG_ON(c)                                                                           \
	do {                                                                                \
		if (unlikely(c))                                                            \
			fw_bug(__FILE__, __LINE__, #c);                                     \
	} while (0)
void fw_bug(const char *file, int line, const char *cond) __attribute__((noreturn));

/* page_alloc.c */
int page_alloc_init(u64 nr_pages);
struct page *alloc_pages(u32 gfp, unsigned order);
static inline struct page *alloc_page(u32 gfp)
{
	return alloc_pages(gfp, 0);
}
void __free_pages(struct page *p, unsigned order);
static inline void free_page_(struct page *p)
{
	__free_pages(p, 0);
}
bool zone_watermark_ok(const struct zone *z, unsigned order, u64 mark, int highest_zoneidx);
void wakeup_kswapd(int order);
bool pgdat_balanced(int order);
u64 node_free_pages(void);
void setup_per_zone_wmarks(void);
unsigned isolate_free_block(u64 pfn);
void release_free_page(struct page *p);

/* lru.c (Linux's mm/swap.c) */
void lru_init(void);
void lru_cache_add(struct page *p);
void lru_add_drain(void);
void mark_page_accessed(struct page *p);
void add_page_to_lru_list(struct page *p, struct lruvec *lv);
void del_page_from_lru_list(struct page *p, struct lruvec *lv);
void isolate_lru_page(struct page *p, struct lruvec *lv, struct list_head *dst);
enum lru_list page_lru(const struct page *p);
static inline bool page_is_file_lru(const struct page *p)
{
	return !PageSwapBacked(p);
}
void lru_note_cost(struct lruvec *lv, bool file, u64 nr);
void lru_cache_remove(struct page *p);	/* take off the LRU or the batches before freeing */

/*
 * A reclaim policy (fw_cfg.lru): how it keeps evictable pages, what a use outside the page
 * tables does, how it reclaims, what an evicted page's shadow holds and how a refault reads
 * it, and how it ages (the periodic pass, and at the start of a reclaim invocation: NULL,
 * nothing). Unevictable pages stay on the common LRU_UNEVICTABLE list under every policy.
 */
struct lru_policy_ops {
	void (*add)(struct page *p, struct lruvec *lv);
	void (*del)(struct page *p, struct lruvec *lv);
	void (*accessed)(struct page *p);
	void (*shrink)(struct lruvec *lv, struct scan_control *sc);
	u32 (*eviction)(struct page *p);
	void (*refault)(struct page *p, u32 shadow);
	void (*age)(bool overlap);
	void (*reclaim_age)(void);
};
extern const struct lru_policy_ops lru_classic_ops, lru_freq_ops, lru_gen_ops;
extern const struct lru_policy_ops *lru_ops;	/* fw_cfg.lru's, set by lru_init() */

/* the two-list LRU's parts of lru_classic_ops (lru.c, vmscan.c, workingset.c) */
void classic_shrink_lruvec(struct lruvec *lv, struct scan_control *sc);
void classic_refault(struct page *p, u32 shadow);
void freq_shrink_lruvec(struct lruvec *lv, struct scan_control *sc);

/* freq.c: the sampled-frequency policy */
void freq_init(struct lruvec *lv);
void freq_add(struct page *p, struct lruvec *lv);
void freq_del(struct page *p, struct lruvec *lv);
void freq_accessed(struct page *p);
u64 freq_isolate(struct lruvec *lv, u64 nr, bool anon, struct list_head *dst);
u32 freq_eviction(struct page *p);
void freq_refault(struct page *p, u32 shadow);
void freq_age(bool overlap);

/* mglru.c: the multi-generational LRU (Linux 6.1's CONFIG_LRU_GEN) */
void lru_gen_init(struct lruvec *lv);
void lru_gen_add_page(struct page *p, struct lruvec *lv);
void lru_gen_del_page(struct page *p, struct lruvec *lv);
void lru_gen_accessed(struct page *p);
void lru_gen_shrink_lruvec(struct lruvec *lv, struct scan_control *sc);
u32 lru_gen_eviction(struct page *p);
void lru_gen_refault(struct page *p, u32 shadow);
void lru_gen_age(bool overlap);

/* workingset.c */
u32 workingset_eviction(struct page *p);
void workingset_refault(struct page *p, u32 shadow);
void workingset_activation(struct page *p);
void workingset_age_nonresident(struct lruvec *lv, u64 nr);

/* swapfile.c */
int swap_init(void);
bool add_to_swap(struct page *p);
void delete_from_swap_cache(struct page *p, u32 shadow);
void swap_duplicate(u64 slot);
void swap_free(u64 slot);
struct page *lookup_swap_cache(u64 slot, u32 *shadow);
u64 nr_swap_pages(void);
bool vm_swap_full(void);
bool try_to_free_swap(struct page *p);
int swap_readpage(struct page *p, u64 slot);
int swap_writepage(struct page *p);

/* filemap.c */
struct page *filemap_get_page(struct file *f, u64 index, u32 gfp, bool *major, int *err);
void filemap_remove_page(struct page *p, u32 shadow);
int filemap_writepage(struct page *p);

/* memory.c */
u64 *walk_pte(struct mm_struct *mm, u64 va, bool alloc, int *err);
u64 *lookup_pte_cpu(struct mm_struct *mm, u64 va);	/* counts rmap descriptor reads */
struct vm_area_struct *find_vma(struct mm_struct *mm, u64 va);
int handle_mm_fault(struct mm_struct *mm, u64 va, bool write);
void page_add_rmap(struct page *p, struct mm_struct *mm, u64 va);
void page_remove_rmap(struct page *p, struct mm_struct *mm, u64 va);
struct rmap_item *rmap_item(u32 idx);
bool try_to_unmap(struct page *p);
int page_referenced(struct page *p, u32 *vm_flags);
void zap_process(struct mm_struct *mm);
bool page_evictable(struct page *p);
void rmap_init(u64 nr_items);

/* vmscan.c */
void vmscan_init(void);
u64 try_to_free_pages(int order, u32 gfp);
void kswapd_run(void);

enum page_references {
	PAGEREF_RECLAIM,
	PAGEREF_RECLAIM_CLEAN,
	PAGEREF_KEEP,
	PAGEREF_ACTIVATE,
};
struct reclaim_stat {
	u64 nr_pageout;		/* pages written */
	u64 nr_activate;	/* pages sent back to an active list */
};
u64 shrink_page_list(struct list_head *list, struct scan_control *sc, struct reclaim_stat *st,
		     struct list_head *ret, enum page_references (*refs)(struct page *p));

/* oom_kill.c */
bool out_of_memory(int order);
void kill_process(struct mm_struct *mm, enum mm_state why);

/* accel.c */
int accel_init(void);
/* a harvest's consumer: @bits (@words words, bit 0 = @start) are the young PTEs of @v */
typedef void (*harvest_fn)(struct mm_struct *mm, struct vm_area_struct *v, u64 start,
			   const u64 *bits, u64 words);
/*
 * A harvest's flags: HARVEST_OVERLAP, a periodic pass whose device work overlaps the workload
 * (see dev_submit); HARVEST_KEEP_TLB, leave the TLB entries of the cleared PTEs in place (as
 * ptep_test_and_clear_young() does) instead of invalidating them (ptep_clear_flush_young()).
 */
#define HARVEST_OVERLAP (1u << 0)
#define HARVEST_KEEP_TLB (1u << 1)
void harvest(harvest_fn young, unsigned flags);
/* which 2 MiB ranges a filtered harvest walks (@va: the range's first byte) */
typedef bool (*harvest_want_fn)(struct mm_struct *mm, struct vm_area_struct *v, u64 va);
void harvest_filtered(harvest_fn young, harvest_want_fn want, unsigned flags);
void harvest_young(void);
void pages_checksum(struct page *const *pages, unsigned n, u32 *sum, bool *zero);
int pages_compare(struct page *a, struct page *b);
void pages_copy(struct page *const *pairs, unsigned n);

/* xxh64.c */
u64 fw_xxh64(const void *buf, size_t len, u64 seed);

/* ksm.c */
int ksm_init(void);
void ksmd_run(void);
int ksm_cow_fault(struct mm_struct *mm, struct vm_area_struct *vma, u64 va, u64 *pte);
void ksm_page_gone(struct page *p);

/* compaction.c */
int compact_init(void);
bool try_to_compact_pages(unsigned order, int highest);
void kcompactd_run(void);
void huge_init(void);

/* dcache.c */
int dcache_init(void);

/* machine/cpu.c */
int cpu_init(unsigned tlb_entries);
void flush_tlb_page(struct mm_struct *mm, u64 va);
void flush_tlb_mm(struct mm_struct *mm);

#endif
