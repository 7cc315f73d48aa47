/* SPDX-License-Identifier: MIT */
/*
 * Event counters, named as in Linux's /proc/vmstat where Linux has the counter. One list,
 * expanded into the enum and the name table, so a counter has one name everywhere.
 */
#ifndef FW_VMSTAT_H
#define FW_VMSTAT_H

#include "types.h"

#define FW_VM_EVENTS(X)                                                                      \
	X(pgfault)		/* page faults handled */                                   \
	X(pgmajfault)		/* page faults that waited for I/O */                       \
	X(pgalloc)		/* pages allocated from the buddy allocator */              \
	X(pgfree)		/* pages returned to the buddy allocator */                 \
	X(pgpgin)		/* pages read from swap or disk */                           \
	X(pgpgout)		/* pages written to swap or disk */                          \
	X(pswpin)		/* pages read from swap */                                   \
	X(pswpout)		/* pages written to swap */                                  \
	X(pgscan_kswapd)	/* inactive pages scanned by kswapd */                       \
	X(pgscan_direct)	/* inactive pages scanned by direct reclaim */               \
	X(pgsteal_kswapd)	/* pages reclaimed by kswapd */                              \
	X(pgsteal_direct)	/* pages reclaimed by direct reclaim */                      \
	X(pgscan_anon)		/* inactive anon pages scanned */                            \
	X(pgscan_file)		/* inactive file pages scanned */                            \
	X(pgsteal_anon)		/* anon pages reclaimed */                                   \
	X(pgsteal_file)		/* file pages reclaimed */                                   \
	X(pgrefill)		/* active pages scanned */                                   \
	X(pgactivate)		/* pages moved to an active list */                          \
	X(pgdeactivate)		/* pages moved to an inactive list */                        \
	X(pgrotated)		/* referenced pages kept on the inactive list */             \
	X(pgwriteback)		/* dirty file pages written back by reclaim */               \
	X(pgdrop_exec)		/* clean executable file pages discarded */                  \
	X(workingset_refault)	/* refaults of evicted pages (anon + file) */                \
	X(workingset_refault_anon)                                                           \
	X(workingset_refault_file)                                                           \
	X(workingset_activate)	/* refaults within the working-set distance, activated */    \
	X(workingset_activate_anon)                                                          \
	X(workingset_activate_file)                                                          \
	X(workingset_restore)	/* activated refaults that were in the workingset */         \
	X(allocstall)		/* direct reclaim entries */                                 \
	X(alloc_fail)		/* allocations that failed after reclaim and OOM */          \
	X(kswapd_wake)		/* kswapd woken from sleep */                                \
	X(pageoutrun)		/* balance_pgdat runs */                                     \
	X(kswapd_failures)	/* balance_pgdat runs that reclaimed nothing */              \
	X(oom_kill)		/* processes killed by the OOM killer */                     \
	X(slabs_scanned)	/* objects scanned by shrinkers */                           \
	X(slabs_freed)		/* objects freed by shrinkers */                             \
	X(shrink_stop)		/* shrinker calls that returned SHRINK_STOP */               \
	X(unevictable_pgs_culled)	/* unevictable pages moved off the evictable lists */ \
	X(swap_full)		/* anon pages kept because no swap slot was free */          \
	X(swap_write_error)	/* swap writes that failed (page kept resident, dirty) */   \
	X(swap_read_error)	/* swap reads that failed (process got SIGBUS) */            \
	X(file_write_error)	/* file writebacks that failed (page kept resident, dirty) */ \
	X(file_read_error)	/* file reads that failed (process got SIGBUS) */            \
	X(sigbus_kill)		/* processes killed by SIGBUS after an I/O error */          \
	X(aging_passes)		/* young-bit harvests over all processes */                  \
	X(aging_young)		/* young PTEs found (and AF cleared) by harvests */          \
	X(aging_commands)	/* device SCAN commands issued by harvests */                \
	X(aging_cpu_desc_reads)	/* page-table descriptors the CPU read to age pages */       \
	X(aging_cpu_bitmap_reads)	/* young-bitmap words the CPU read from the device */ \
	X(aging_cpu_run_reads)	/* SCAN run-list words the CPU read (2 per young run) */ \
	X(aging_periodic)	/* harvests made by the aging period (--aging-interval) */   \
	X(aging_periodic_skipped)	/* periodic harvests skipped: free memory plentiful */ \
	X(freq_samples)		/* freq policy: access-count increments */                   \
	X(freq_repeats)		/* freq policy: reports of the use that brought a page in */ \
	X(freq_decays)		/* freq policy: times every count halved */                  \
	X(freq_refault_restored)	/* freq policy: refaults that resumed a count history */ \
	X(mglru_aging)		/* MGLRU: generations made (inc_max_seq) */                  \
	X(mglru_aging_sync)	/* MGLRU: of those, made by reclaim that ran out of them */  \
	X(mglru_walk_promoted)	/* MGLRU: pages the aging walk moved to the youngest gen */  \
	X(mglru_lookaround)	/* MGLRU: look-arounds (young PTE found at eviction) */      \
	X(mglru_lookaround_young)	/* MGLRU: neighbouring young PTEs look-around promoted */ \
	X(mglru_bloom_added)	/* MGLRU: leaf tables put in the next walk's Bloom filter */ \
	X(mglru_bloom_skips)	/* MGLRU: 2 MiB ranges a walk skipped (not in the filter) */ \
	X(mglru_min_ttl_protect)	/* MGLRU: reclaim refused: oldest gen younger than min_ttl */ \
	X(rmap_desc_reads)	/* descriptors the CPU read to find PTEs through rmap */     \
	X(tlbi_page)		/* TLB invalidations by VA */                                \
	X(tlbi_asid)		/* TLB invalidations of a whole address space */             \
	X(tlb_hit)		/* CPU accesses that hit the TLB */                          \
	X(tlb_miss)		/* CPU accesses that walked the page tables */               \
	X(hw_af_update)		/* AF set by the CPU's hardware walker */                   \
	X(hw_dirty_update)	/* writable-clean entries made dirty by hardware (DBM) */   \
	X(page_commands)	/* device HASH/CMP/COPY commands */                          \
	X(pages_hashed)		/* pages checksummed for KSM (device or CPU) */              \
	X(pages_compared)	/* page pairs compared for KSM (device or CPU) */            \
	X(pages_copied)		/* pages copied for migration (device or CPU) */             \
	X(ksm_merged)		/* pages merged into a KSM page */                           \
	X(ksm_cow)		/* KSM pages copied on a write fault */                      \
	X(ksm_volatile_skips)	/* candidates skipped: checksum changed since last pass */   \
	X(full_scans)		/* ksmd passes over every mergeable range */                 \
	X(compact_migrate_scanned)	/* pages the migrate scanner looked at */            \
	X(compact_free_scanned)	/* pages the free scanner looked at */                       \
	X(compact_isolated)	/* pages isolated for migration, and free pages taken */      \
	X(compact_stall)	/* direct compactions */                                     \
	X(compact_fail)		/* direct compactions after which the allocation failed */   \
	X(compact_success)	/* direct compactions after which it succeeded */            \
	X(compact_daemon_wake)	/* proactive compaction runs */                              \
	X(compact_daemon_defer)	/* proactive compaction checks skipped after no progress */  \
	X(pgmigrate_success)	/* pages migrated */                                         \
	X(pgmigrate_fail)	/* pages that could not be migrated */                       \
	X(thp_alloc)		/* order-9 allocations that succeeded */                     \
	X(thp_alloc_fail)	/* order-9 allocations that failed */                        \
	X(dentry_alloc)		/* dentry-like objects created */                            \
	X(dentry_hit)		/* lookups found in the object cache */                      \
	X(slab_pages_alloc)	/* pages taken by the object cache */                        \
	X(slab_pages_free)	/* pages the object cache gave back */

enum vm_event_item {
#define FW_VM_ENUM(name) VM_##name,
	FW_VM_EVENTS(FW_VM_ENUM)
#undef FW_VM_ENUM
	NR_VM_EVENTS
};

extern u64 vm_events[NR_VM_EVENTS];
extern const char *const vm_event_names[NR_VM_EVENTS];

static inline void count_vm_event(enum vm_event_item i)
{
	vm_events[i]++;
}

static inline void count_vm_events(enum vm_event_item i, u64 n)
{
	vm_events[i] += n;
}

#endif
