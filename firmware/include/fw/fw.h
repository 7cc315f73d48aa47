/* SPDX-License-Identifier: MIT */
/*
 * The firmware's entry points: boot, processes and their memory, the CPU model's loads and
 * stores, file reads, name lookups, the scheduler tick that runs kswapd, and statistics.
 */
#ifndef FW_FW_H
#define FW_FW_H

#include "mm.h"
#include "types.h"

/**
 * struct fw_costs - the time model, in CPU clock cycles (all documented in docs/firmware.md)
 * @access:        one load or store that hits the TLB
 * @walk_desc:     one descriptor read by the CPU's hardware walker on a TLB miss
 * @fault:         entering and leaving the page-fault handler
 * @page_zero:     zero-filling a 4 KiB page
 * @io_read:       waiting for a 4 KiB block read
 * @io_write:      issuing a 4 KiB block write
 * @reclaim_page:  reclaim's work per page taken off an LRU list (isolation, checks, putback)
 * @sw_line:       the software aging walk: reading one 64-byte line of descriptors
 * @sw_desc:       the software aging walk: testing one descriptor
 * @sw_atomic:     the software aging walk: one atomic AF clear
 * @dev_cmd:       building a device command and taking its completion
 * @dev_word:      reading one young-bitmap word the device wrote
 * @tlbi:          one TLB invalidation instruction and its barrier
 * @cpu_hash:      XXH64 of a 4 KiB page on the CPU (KSM without the device)
 * @cpu_cmp:       comparing two pages on the CPU
 * @cpu_copy:      copying a page on the CPU (migration, KSM copy-on-write)
 * @freq_update:   freq policy: finding a young PTE's page (its leaf descriptor) and moving it
 *                 to its new count's list
 */
struct fw_costs {
	u32 access, walk_desc, fault, page_zero, io_read, io_write, reclaim_page;
	u32 sw_line, sw_desc, sw_atomic, dev_cmd, dev_word, tlbi;
	u32 cpu_hash, cpu_cmp, cpu_copy, freq_update;
};

/**
 * struct fw_ksm_config - ksmd's knobs, as /sys/kernel/mm/ksm
 * @run:              ksmd runs
 * @pages_to_scan:    candidates per ksmd run
 * @sleep_ticks:      scheduler ticks between runs (sleep_millisecs)
 * @max_page_sharing: mappings one KSM page may have
 */
struct fw_ksm_config {
	bool run;
	unsigned pages_to_scan, sleep_ticks, max_page_sharing;
};

enum fw_accel { FW_ACCEL_OFF, FW_ACCEL_DEVICE };

/*
 * Reclaim policies (docs/firmware.md): Linux's two-list LRU; Linux's multi-generational LRU;
 * and the sampled-frequency policy, which harvests access bits on its own period and evicts
 * the pages with the lowest recent access frequency.
 */
enum fw_lru { FW_LRU_CLASSIC, FW_LRU_MGLRU, FW_LRU_FREQ, NR_FW_LRU };
extern const char *const fw_lru_names[NR_FW_LRU];

/*
 * How the device reports a SCAN's young pages to the firmware: chosen per range (auto: runs
 * for sparse ranges, the bitmap for dense ones), or always the bitmap, or always runs.
 */
enum fw_scan_out { FW_SCAN_AUTO, FW_SCAN_BITMAP, FW_SCAN_RUNS, NR_FW_SCAN_OUT };
extern const char *const fw_scan_out_names[NR_FW_SCAN_OUT];

/**
 * struct fw_config - boot parameters
 * @mem_bytes:       managed physical memory, from address 0 (multiple of 1 MiB)
 * @min_free_kbytes: 0 = Linux's default, sqrt(16 * lowmem KiB)
 * @swappiness:      0..200, as vm.swappiness
 * @tlb_entries:     CPU TLB entries (4-way set associative; power of two >= 4)
 * @accel:           age pages with the device (SCAN) or with a software walk
 * @costs:           time model
 * @ksm:             ksmd
 * @compaction:      compaction enabled (direct and proactive)
 * @proactiveness:   vm.compaction_proactiveness, 0..100 (0: no proactive compaction)
 * @kcompactd_ticks: scheduler ticks between proactive compaction checks
 * @lru:             reclaim policy (FW_LRU_*)
 * @aging_interval:  workload operations between periodic aging passes (fw_age() calls; the
 *                   machine makes them), for information: 0 means none, aging at reclaim only
 * @min_ttl_ticks:   MGLRU thrashing protection (min_ttl_ms): 0 off
 * @freq_decay:      freq policy: counts halve after this many increments per evictable page
 *                   (0: never)
 * @scan_out:        device aging: SCAN output format (FW_SCAN_*)
 */
struct fw_config {
	u64 mem_bytes;
	u64 min_free_kbytes;
	int swappiness;
	unsigned tlb_entries;
	enum fw_accel accel;
	struct fw_costs costs;
	struct fw_ksm_config ksm;
	bool compaction;
	unsigned proactiveness, kcompactd_ticks;
	enum fw_lru lru;
	u64 aging_interval;
	unsigned min_ttl_ticks;
	unsigned freq_decay;
	enum fw_scan_out scan_out;
};

extern struct fw_config fw_cfg;

/** fw_default_costs() - the default time model. */
void fw_default_costs(struct fw_costs *c);
/** fw_boot() - (re)initialise all firmware state. Return: 0 or -errno (logged). */
int fw_boot(const struct fw_config *cfg);

/* processes */
int fw_proc_create(const char *comm);				/* id, or -errno */
int fw_mmap(int pid, u64 start, u64 len, u32 vm_flags, int file, u64 pgoff);
int fw_mlock(int pid, u64 start, u64 len);
void fw_proc_exit(int pid);
bool fw_proc_alive(int pid);
struct mm_struct *fw_mm(int pid);

/* files */
int fw_file_create(u64 nr_pages, u64 disk_block, bool exec);	/* id, or -errno */

/*
 * The CPU: an aligned 8-byte load or store by process @pid. Return 0, -EFAULT (no mapping or
 * no permission: SIGSEGV), or -EIO (the process was killed by SIGBUS or the OOM killer while
 * the access was handled).
 */
int fw_load(int pid, u64 va, u64 *val);
int fw_store(int pid, u64 va, u64 val);
/* read(2) of one page of a file into @buf (page cache, mark_page_accessed). 0 or -errno. */
int fw_file_read(int pid, int file, u64 pgoff, void *buf);
/* A path lookup through the dentry-like object cache. 0 or -ENOMEM. */
int fw_lookup(u64 name_hash);
/*
 * An order-9 (2 MiB) movable allocation, as a transparent huge page would be: compaction may
 * run, reclaim does not. Returns a handle (>= 0) or -ENOMEM; fw_free_huge() gives it back.
 */
int fw_alloc_huge(void);
void fw_free_huge(int handle);

/* KSM state, as /sys/kernel/mm/ksm */
struct fw_ksm_stats {
	u64 pages_shared, pages_sharing, pages_unshared, pages_volatile, full_scans;
};
void fw_ksm_stats(struct fw_ksm_stats *st);
/* fragmentation score of the node for order 9, 0..100 (Linux's proactive compaction) */
unsigned fw_fragmentation_score(void);

/* Run what is runnable (kswapd). Called by the machine between accesses. */
void fw_tick(void);
/*
 * A periodic aging pass, independent of reclaim: called by the machine every
 * fw_cfg.aging_interval workload operations. With the device, its SCAN runs while the workload
 * goes on (fw_dev_overlap_cycles); the CPU pays for the command, the bitmap and the policy's
 * per-page update, and waits only if the previous pass's SCAN has not finished.
 */
void fw_age(void);
/* device cycles of aging passes that overlapped the workload (not in any fw_time bucket) */
extern u64 fw_dev_overlap_cycles;

/**
 * fw_peek_page() - the content process @pid has at @va, wherever it is (resident, swap cache,
 * swap area, page cache, disk, or zero), without changing any state or statistics.
 * Return: 0, or -EFAULT if @va is not mapped, -EIO if the backing store cannot be read.
 */
int fw_peek_page(int pid, u64 va, void *buf);

/* time accounting buckets, in cycles */
enum fw_time {
	T_USER,		/* the workload's accesses (TLB hits and walks) */
	T_FAULT,	/* page-fault handling, zeroing, copying */
	T_IO,		/* waiting for swap and disk I/O */
	T_RECLAIM,	/* reclaim's CPU work on LRU pages */
	T_AGING_CPU,	/* the CPU's part of aging: software walk, or commands and bitmaps */
	T_AGING_DEV,	/* waiting for the device's SCANs */
	T_TLBI,		/* TLB invalidations */
	T_PAGES_CPU,	/* KSM and migration page work on the CPU (hash, compare, copy, commands) */
	T_PAGES_DEV,	/* waiting for the device's HASH, CMP, COPY */
	NR_FW_TIME
};
extern u64 fw_time[NR_FW_TIME];
extern const char *const fw_time_names[NR_FW_TIME];
void fw_account(enum fw_time t, u64 cycles);

/* free pages of the node (all zones); the object cache's dentries and slab pages */
u64 fw_free_pages(void);
u64 fw_nr_dentry(void);
u64 fw_nr_slab_pages(void);
/* the device failed and aging fell back to the software walk */
bool fw_accel_failed(void);

#endif
