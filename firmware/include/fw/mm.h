/* SPDX-License-Identifier: MIT */
/*
 * The firmware's memory manager: pages, zones, LRU lists, processes, files, swap. Shapes and
 * names follow Linux (mm_types.h, mmzone.h, swap.h) so that kernel engineers can read it.
 */
#ifndef FW_MM_H
#define FW_MM_H

#include "pgtable.h"
#include "types.h"
#include "vmstat.h"

/* ---- pages ---------------------------------------------------------------------------- */

enum pageflags {
	PG_lru,		/* on an LRU list */
	PG_active,	/* on (or bound for) an active list */
	PG_referenced,	/* accessed once since the last aging (second chance) */
	PG_dirty,	/* newer than its backing store */
	PG_writeback,	/* being written to its backing store */
	PG_swapcache,	/* in the swap cache: page->private is its swap slot */
	PG_swapbacked,	/* anonymous: backed by swap, not by a file */
	PG_mapped,	/* mapped by at least one PTE (mapcount > 0) */
	PG_unevictable,	/* mlocked: kept off the evictable lists */
	PG_workingset,	/* was active when it was deactivated or evicted */
	PG_buddy,	/* free, heading a buddy block of page->order */
	PG_slab,	/* holds object-cache objects */
	PG_pgtable,	/* a page-table page */
	PG_reserved,	/* never given to the allocator */
	PG_isolated,	/* taken off its LRU by reclaim or compaction */
	PG_ksm,		/* a KSM page: write-protected, shared by its rmap's mappings */
	PG_fresh,	/* freq: the use that brought it in is counted; the next report repeats it */
	NR_PAGEFLAGS
};

/**
 * struct page - descriptor of one physical page frame
 * @flags:    PG_* bits
 * @order:    buddy order while PG_buddy
 * @zone:     zone index
 * @mapcount: PTEs mapping the page (the rmap chain length)
 * @lru:      LRU list or buddy free list linkage
 * @mapping:  the file of a page-cache page; NULL for anonymous pages
 * @index:    page offset in @mapping; for slab pages, the bitmap of used objects
 * @private:  swap slot while PG_swapcache
 * @rmap:     first rmap item (0: none), see struct rmap_item
 * @lru_gen:  MGLRU: generation + 1 while on an MGLRU list (0: not), as Linux's LRU_GEN bits
 * @lru_refs: MGLRU: uses through file descriptors, for the tiers (Linux's LRU_REFS bits)
 * @freq:     sampled-frequency policy: access count, in units of @freq_epoch (see freq.c)
 * @freq_epoch: the decay epoch @freq is counted in
 */
struct page {
	u32 flags;
	u8 order;
	u8 zone;
	u16 mapcount;
	u8 lru_gen, lru_refs;
	u8 freq, freq_epoch;
	struct list_head lru;
	struct file *mapping;
	u64 index;
	u32 private;
	u32 rmap;
};

#define PAGEFLAG_FNS(name, lname)                                                                 \
	static inline bool Page##name(const struct page *p)                                \
	{                                                                                  \
		return p->flags & (1u << PG_##lname);                                       \
	}                                                                                  \
	static inline void SetPage##name(struct page *p)                                   \
	{                                                                                  \
		p->flags |= 1u << PG_##lname;                                               \
	}                                                                                  \
	static inline void ClearPage##name(struct page *p)                                 \
	{                                                                                  \
		p->flags &= ~(1u << PG_##lname);                                            \
	}                                                                                  \
	static inline bool TestClearPage##name(struct page *p)                             \
	{                                                                                  \
		bool was = Page##name(p);                                                  \
		ClearPage##name(p);                                                        \
		return was;                                                                \
	}

PAGEFLAG_FNS(LRU, lru)
PAGEFLAG_FNS(Active, active)
PAGEFLAG_FNS(Referenced, referenced)
PAGEFLAG_FNS(Dirty, dirty)
PAGEFLAG_FNS(Writeback, writeback)
PAGEFLAG_FNS(SwapCache, swapcache)
PAGEFLAG_FNS(SwapBacked, swapbacked)
PAGEFLAG_FNS(Mapped, mapped)
PAGEFLAG_FNS(Unevictable, unevictable)
PAGEFLAG_FNS(Workingset, workingset)
PAGEFLAG_FNS(Buddy, buddy)
PAGEFLAG_FNS(Slab, slab)
PAGEFLAG_FNS(Pgtable, pgtable)
PAGEFLAG_FNS(Reserved, reserved)
PAGEFLAG_FNS(Isolated, isolated)
PAGEFLAG_FNS(Ksm, ksm)
PAGEFLAG_FNS(Fresh, fresh)

extern struct page *mem_map;
extern u64 max_pfn;

static inline struct page *pfn_to_page(u64 pfn)
{
	return &mem_map[pfn];
}

static inline u64 page_to_pfn(const struct page *p)
{
	return (u64)(p - mem_map);
}

void *page_address(const struct page *p);

/* ---- zones, buddy allocator, watermarks ------------------------------------------------ */

#define MAX_ORDER 11		/* orders 0..10 */
#define MAX_NR_ZONES 2
#define DEF_PRIORITY 12
#define SWAP_CLUSTER_MAX 32u
#define MAX_RECLAIM_RETRIES 16
#define LRU_BATCH 15		/* pages per folio batch (PAGEVEC_SIZE) */

enum zone_type { ZONE_DMA32, ZONE_NORMAL };
enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };

/* allocation context (gfp) bits */
#define __GFP_IO (1u << 0)	/* may start I/O (swap, writeback) */
#define __GFP_FS (1u << 1)	/* may call into the file system (and its shrinkers) */
#define __GFP_RECLAIM (1u << 2)	/* may enter direct reclaim */
#define __GFP_ZERO (1u << 3)	/* return zeroed memory */
#define __GFP_DMA32 (1u << 4)	/* only from ZONE_DMA32 */
#define __GFP_NOWARN (1u << 5)
#define __GFP_NORETRY (1u << 6)	/* no OOM kill: fail instead */
#define __GFP_MOVABLE (1u << 7)	/* the page can be migrated (user memory, page cache) */
#define GFP_KERNEL (__GFP_IO | __GFP_FS | __GFP_RECLAIM)
#define GFP_NOFS (__GFP_IO | __GFP_RECLAIM)
#define GFP_HIGHUSER_MOVABLE (GFP_KERNEL | __GFP_MOVABLE)
#define PAGEBLOCK_ORDER 9	/* 2 MiB: compaction's unit and a huge page */
#define PAGE_ALLOC_COSTLY_ORDER 3
#define GFP_NOWAIT 0u

struct free_area {
	struct list_head free_list;
	u64 nr_free;
};

/**
 * struct zone - a range of physical pages with its own free lists and watermarks
 * @name:           "DMA32" or "Normal"
 * @zone_start_pfn: first page frame
 * @spanned_pages:  pages spanned, including reserved ones
 * @managed_pages:  pages given to the buddy allocator
 * @watermark:      min/low/high free-page thresholds
 * @lowmem_reserve: pages kept back from allocations that could use a higher zone
 * @free_area:      buddy free lists per order
 * @nr_free:        free pages in the zone
 */
struct zone {
	const char *name;
	u64 zone_start_pfn;
	u64 spanned_pages;
	u64 managed_pages;
	u64 watermark[NR_WMARK];
	u64 lowmem_reserve[MAX_NR_ZONES];
	struct free_area free_area[MAX_ORDER];
	u64 nr_free;
};

/* ---- LRU ------------------------------------------------------------------------------- */

#define LRU_BASE 0
#define LRU_ACTIVE 1
#define LRU_FILE 2
enum lru_list {
	LRU_INACTIVE_ANON = LRU_BASE,
	LRU_ACTIVE_ANON = LRU_BASE + LRU_ACTIVE,
	LRU_INACTIVE_FILE = LRU_BASE + LRU_FILE,
	LRU_ACTIVE_FILE = LRU_BASE + LRU_FILE + LRU_ACTIVE,
	LRU_UNEVICTABLE,
	NR_LRU_LISTS
};
#define NR_EVICTABLE_LRU 4

/* sampled-frequency policy (freq.c): one list per access count */
#define FREQ_LEVELS 256

/**
 * struct freq_lists - the sampled-frequency policy's lists
 * @lists:     evictable pages by access count; a page enters at the head, eviction takes the
 *             tail of the lowest non-empty list
 * @epoch:     decay epoch: every count halves when it advances
 * @samples:   count increments since the last decay
 * @lowest:    no list below this one holds a page
 */
struct freq_lists {
	struct list_head lists[FREQ_LEVELS];
	u8 epoch;
	u64 samples;
	unsigned lowest;
};

/* multi-generational LRU (mglru.c; Linux's CONFIG_LRU_GEN) */
#define MAX_NR_GENS 4		/* generations per type: min_seq..max_seq */
#define MIN_NR_GENS 2		/* eviction stops at this many; aging makes more */
#define MAX_NR_TIERS 4		/* tiers by uses through file descriptors */
#define LRU_REFS_MAX 3		/* page->lru_refs saturates here (Linux's LRU_REFS_WIDTH 2) */
#define ANON_AND_FILE 2		/* LRU_GEN_ANON 0, LRU_GEN_FILE 1 */
#define NR_BLOOM_FILTERS 2
#define BLOOM_FILTER_SHIFT 15	/* 2^15 bits per filter */

/**
 * struct lru_gen_struct - the generations and their feedback state (Linux's lru_gen_struct)
 * @max_seq:       youngest generation (both types share it)
 * @min_seq:       oldest generation of each type
 * @timestamps:    when each generation (by seq % MAX_NR_GENS) was made, in the MGLRU clock
 * @lists:         evictable pages by generation and type; eviction takes the tail of the
 *                 oldest generation
 * @nr_pages:      pages on each list
 * @avg_refaulted: refault feedback, per type and tier: refaults, a moving average halved each
 *                 time min_seq advances
 * @avg_total:     the same for evictions plus protections
 * @protected:     pages of tier > 0 kept by eviction since min_seq last advanced (tier - 1)
 * @evicted:       pages evicted since min_seq last advanced, per type and tier
 * @refaulted:     refaults since min_seq last advanced, per type and tier
 * @filters:       Bloom filters of leaf page tables worth walking, by seq % NR_BLOOM_FILTERS
 * @filter_set:    whether that filter holds a walk's result (an unset one passes everything)
 */
struct lru_gen_struct {
	u64 max_seq;
	u64 min_seq[ANON_AND_FILE];
	u64 timestamps[MAX_NR_GENS];
	struct list_head lists[MAX_NR_GENS][ANON_AND_FILE];
	u64 nr_pages[MAX_NR_GENS][ANON_AND_FILE];
	u64 avg_refaulted[ANON_AND_FILE][MAX_NR_TIERS];
	u64 avg_total[ANON_AND_FILE][MAX_NR_TIERS];
	u64 protected[ANON_AND_FILE][MAX_NR_TIERS - 1];
	u64 evicted[ANON_AND_FILE][MAX_NR_TIERS];
	u64 refaulted[ANON_AND_FILE][MAX_NR_TIERS];
	u64 filters[NR_BLOOM_FILTERS][(1u << BLOOM_FILTER_SHIFT) / 64];
	bool filter_set[NR_BLOOM_FILTERS];
};

/**
 * struct lruvec - the five LRU lists of the node and their reclaim state
 * @lists:            list heads; pages enter at the head, reclaim takes from the tail
 * @nr_pages:         pages on each list
 * @anon_cost:        recent cost of reclaiming anon pages (I/O plus rotations)
 * @file_cost:        the same for file pages
 * @nonresident_age:  evictions plus activations: the clock of the shadow entries
 * @refaults:         workingset_activate_{anon,file} at the end of the last reclaim cycle
 * @freq:             the sampled-frequency policy's lists (fw_cfg.lru == FW_LRU_FREQ)
 * @lrugen:           the multi-generational LRU (fw_cfg.lru == FW_LRU_MGLRU)
 */
struct lruvec {
	struct list_head lists[NR_LRU_LISTS];
	u64 nr_pages[NR_LRU_LISTS];
	u64 anon_cost, file_cost;
	u64 nonresident_age;
	u64 refaults[2];
	struct freq_lists freq;
	struct lru_gen_struct lrugen;
};

/**
 * struct pglist_data - the node: its zones, its LRU and its kswapd
 * @node_zones:       zones, lowest first
 * @nr_zones:         zones populated
 * @lruvec:           the node's LRU lists
 * @kswapd_order:     highest order kswapd was woken for since it last ran
 * @kswapd_woken:     kswapd has been woken and not yet run
 * @kswapd_failures:  consecutive balance_pgdat runs that reclaimed nothing
 */
struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	int nr_zones;
	struct lruvec lruvec;
	int kswapd_order;
	bool kswapd_woken;
	int kswapd_failures;
};

extern struct pglist_data node_data;
extern u64 min_free_kbytes;

/* ---- rmap, processes, VMAs ------------------------------------------------------------- */

/**
 * struct rmap_item - one mapping of a page: the reverse map from page to (process, VA)
 * @next: next item of the same page (0: end)
 * @mm:   process id (index in the process table)
 * @va:   virtual address of the mapping
 */
struct rmap_item {
	u32 next;
	u16 mm;
	u64 va;
};

#define VM_READ (1u << 0)
#define VM_WRITE (1u << 1)
#define VM_EXEC (1u << 2)
#define VM_SHARED (1u << 3)	/* file mapping shared with the page cache */
#define VM_LOCKED (1u << 4)	/* mlocked: its pages are unevictable */
#define VM_MERGEABLE (1u << 5)	/* KSM candidate */

/**
 * struct vm_area_struct - one mapped VA range of a process
 * @vm_start:   first byte (page aligned)
 * @vm_end:     one past the last byte (page aligned)
 * @vm_flags:   VM_* bits
 * @vm_file:    backing file, NULL for anonymous memory
 * @vm_pgoff:   file page that @vm_start maps
 * @young:      young bits harvested from the PTEs and not yet consumed by reclaim, one per page
 * @nr_present: pages of the range mapped by a valid PTE
 * @ksm_sum:    VM_MERGEABLE: each page's checksum at ksmd's last visit
 * @ksm_seen:   VM_MERGEABLE: bitmap of pages with a checksum in @ksm_sum
 */
struct vm_area_struct {
	u64 vm_start, vm_end;
	u32 vm_flags;
	struct file *vm_file;
	u64 vm_pgoff;
	u64 *young;
	u64 nr_present;
	u32 *ksm_sum;
	u64 *ksm_seen;
};

#define MAX_VMAS 16
#define MAX_PROCS 64
#define TASK_COMM_LEN 16

enum mm_state { MM_FREE, MM_LIVE, MM_OOM_KILLED, MM_SIGBUS, MM_EXITED };

/**
 * struct mm_struct - a process and its address space
 * @id:        index in the process table
 * @asid:      address-space id tagging its TLB entries
 * @state:     MM_*
 * @pgd:       physical address of its level-0 table (its TTBR0)
 * @vmas:      mapped ranges, sorted by address
 * @rss_anon:  resident anonymous pages
 * @rss_file:  resident file pages mapped
 * @swapents:  swap entries in its page tables
 * @nr_pgtables: page-table pages
 * @comm:      name
 */
struct mm_struct {
	u16 id, asid;
	enum mm_state state;
	u64 pgd;
	struct vm_area_struct vmas[MAX_VMAS];
	int nr_vmas;
	u64 rss_anon, rss_file, swapents, nr_pgtables;
	char comm[TASK_COMM_LEN];
};

extern struct mm_struct mm_table[MAX_PROCS];

/* ---- files and the page cache ---------------------------------------------------------- */

/* Page-cache and swap-cache slots: 0 empty, a page (pfn + 1), or a shadow entry. */
#define XA_SHADOW (1u << 31)
#define XA_SHADOW_WORKINGSET (1u << 30)
#define XA_SHADOW_AGE_MASK (XA_SHADOW_WORKINGSET - 1)

static inline bool xa_is_shadow(u32 e)
{
	return e & XA_SHADOW;
}

static inline struct page *xa_page(u32 e)
{
	return (e && !(e & XA_SHADOW)) ? pfn_to_page(e - 1) : NULL;
}

static inline u32 xa_mk_page(const struct page *p)
{
	return (u32)page_to_pfn(p) + 1;
}

/**
 * struct file - a file on the disk with its page cache
 * @id:         file number
 * @nr_blocks:  size in pages
 * @disk_block: first block on BLK_DISK
 * @cache:      page-cache slots, one per page (see XA_SHADOW)
 * @nrpages:    pages in the cache
 * @exec:       holds program text: pages are discarded, never written
 * @wb_err:     writeback errors seen
 */
struct file {
	u32 id;
	u64 nr_blocks;
	u64 disk_block;
	u32 *cache;
	u64 nrpages;
	bool exec;
	u64 wb_err;
};

#define MAX_FILES 16
extern struct file file_table[MAX_FILES];
extern int nr_files;

/* ---- swap ------------------------------------------------------------------------------ */

#define SWAP_HAS_CACHE 0x8000u	/* the slot's page is in the swap cache */
#define SWAP_MAP_BAD 0x7fffu	/* never handed out (the header slot) */

/**
 * struct swap_info_struct - the swap area
 * @max:        slots (slot 0 is the header and never used)
 * @inuse:      slots in use
 * @swap_map:   per slot: PTE references, plus SWAP_HAS_CACHE
 * @cache:      swap cache: per slot, a page or a shadow entry
 * @cursor:     next slot to try
 */
struct swap_info_struct {
	u64 max;
	u64 inuse;
	u16 *swap_map;
	u32 *cache;
	u64 cursor;
};

extern struct swap_info_struct swap_info;

/* ---- reclaim control ------------------------------------------------------------------- */

/**
 * struct scan_control - one reclaim invocation's parameters and progress
 * @nr_to_reclaim:     pages to reclaim before stopping
 * @gfp_mask:          allocation context that started reclaim (__GFP_* bits)
 * @order:             order of the allocation reclaim works for
 * @priority:          scan 1/2^priority of each list per round
 * @may_writepage:     may write dirty pages back
 * @may_unmap:         may unmap mapped pages
 * @may_swap:          may swap anonymous pages out
 * @kswapd:            the caller is kswapd (else direct reclaim)
 * @may_deactivate:    bit 0 anon, bit 1 file: active lists may be shrunk this round
 * @force_deactivate:  shrink the active lists even if the inactive ones are not low
 * @skipped_deactivate: a round skipped deactivation (retry with force_deactivate)
 * @cache_trim_mode:   plenty of inactive file: reclaim file only
 * @file_is_tiny:      file pages too few to matter: reclaim anon only
 * @nr_scanned:        inactive pages scanned
 * @nr_reclaimed:      pages freed (including object-cache pages)
 */
struct scan_control {
	u64 nr_to_reclaim;
	u32 gfp_mask;
	int order;
	int priority;
	bool may_writepage, may_unmap, may_swap;
	bool kswapd;
	u8 may_deactivate;
	bool force_deactivate, skipped_deactivate;
	bool cache_trim_mode, file_is_tiny;
	u64 nr_scanned;
	u64 nr_reclaimed;
};

#define DEACTIVATE_ANON 1
#define DEACTIVATE_FILE 2

/* ---- shrinkers ------------------------------------------------------------------------- */

#define SHRINK_STOP (~0ull)
#define SHRINK_EMPTY (~0ull - 1)
#define DEFAULT_SEEKS 2
#define SHRINK_BATCH 128

/**
 * struct shrink_control - what one shrinker call is asked to do
 * @gfp_mask:   allocation context
 * @nr_to_scan: objects to scan in this call
 * @nr_scanned: objects scanned (a shrinker may scan more or fewer than asked)
 */
struct shrink_control {
	u32 gfp_mask;
	u64 nr_to_scan;
	u64 nr_scanned;
};

/**
 * struct shrinker - a cache that reclaim can ask to give memory back
 * @count_objects: freeable objects (0: nothing to do)
 * @scan_objects:  free up to sc->nr_to_scan objects; freed count or SHRINK_STOP
 * @seeks:         cost to recreate an object, relative to a page (DEFAULT_SEEKS)
 * @batch:         objects per scan_objects call (0: SHRINK_BATCH)
 * @nr_deferred:   work carried over from calls that could not do it
 * @list:          registration
 */
struct shrinker {
	u64 (*count_objects)(struct shrinker *s, struct shrink_control *sc);
	u64 (*scan_objects)(struct shrinker *s, struct shrink_control *sc);
	int seeks;
	u64 batch;
	u64 nr_deferred;
	struct list_head list;
};

void register_shrinker(struct shrinker *s);
void unregister_shrinker(struct shrinker *s);
u64 shrink_slab(u32 gfp_mask, int priority);

/* pages freed outside the LRU during reclaim (object-cache pages) */
extern u64 reclaim_state_reclaimed;

#endif
