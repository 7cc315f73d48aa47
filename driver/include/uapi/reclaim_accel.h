/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * reclaim_accel.h - ioctl interface of the reclaim-accel driver (/dev/reclaim_accelN).
 *
 * All addresses in these structures are user virtual addresses, either of the target process
 * (scan range, walk list entries, hash range) or of the caller (buffers). No physical address
 * is ever taken from user space; WALK reports physical addresses only to callers with
 * CAP_SYS_ADMIN, like /proc/PID/pagemap (others get 0, and descriptors without their
 * output-address bits).
 *
 * Access to another process: the caller passes a file descriptor it opened on the target's
 * /proc/PID/pagemap (SCAN, WALK) or /proc/PID/mem (HASH) in @pid and sets the ioctl's
 * *_F_PROCFD flag. The kernel checked at open() that the opener may read the target's page map
 * (ptrace read access) or its memory (ptrace attach access), security modules included; the
 * driver accepts exactly the processes those files give access to. A plain pid (no flag) is
 * accepted only for the caller's own thread group; other targets give EACCES.
 *
 * Versions (RA_UAPI_VERSION): 1 = RA_IOC_SCAN, RA_IOC_WALK; 2 adds RA_IOC_HASH; 3 adds the
 * *_F_PROCFD flags (and since then a plain pid may name only the caller's own process); 4 adds
 * RA_IOC_SCAN_RUNS (young and dirty pages as runs over any range, the whole address space
 * included, resumable). A program built against version 4 learns that a driver is older from
 * RA_IOC_SCAN_RUNS failing with ENOTTY.
 * Existing ioctl numbers and structures never change: new functions get new ioctl numbers or
 * flags, so a program built against version 2 works unchanged with a version 3 driver on its
 * own process, a program built against version 2 learns that a driver is older from
 * RA_IOC_HASH failing with ENOTTY, and one built against version 3 from EINVAL for the flag.
 */
#ifndef _UAPI_RECLAIM_ACCEL_H
#define _UAPI_RECLAIM_ACCEL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define RA_UAPI_VERSION		4

/* Limits enforced by the driver. */
#define RA_SCAN_MAX_PAGES	(1u << 24)	/* 64 GiB of VA per SCAN ioctl */
#define RA_WALK_MAX_VAS		(1u << 16)	/* VAs per WALK ioctl */
#define RA_HASH_MAX_PAGES	(1u << 16)	/* pages per HASH ioctl */
#define RA_RUNS_MAX		(1u << 16)	/* runs per SCAN_RUNS ioctl (v4) */

/* struct ra_scan.flags */
#define RA_SCAN_F_CLEAR_AF	(1u << 0)	/* clear AF of young leaves, then flush the TLB */
#define RA_SCAN_F_DIRTY		(1u << 1)	/* also fill dirty_bitmap (hardware-dirty leaves) */
#define RA_SCAN_F_PROCFD	(1u << 2)	/* @pid is an fd of /proc/PID/pagemap (v3) */

/* struct ra_scan_runs.flags (v4) */
#define RA_RUNS_F_CLEAR_AF	(1u << 0)	/* clear AF of young leaves, then flush the TLB */
#define RA_RUNS_F_DIRTY		(1u << 1)	/* also report hardware-dirty pages */
#define RA_RUNS_F_PROCFD	(1u << 2)	/* @pid is an fd of /proc/PID/pagemap */

/* struct ra_scan_runs.out_flags */
#define RA_RUNS_O_MORE		(1u << 0)	/* stopped before @end: continue from @next */

/* struct ra_run.flags */
#define RA_RUN_YOUNG		(1u << 0)
#define RA_RUN_DIRTY		(1u << 1)	/* only with RA_RUNS_F_DIRTY */

/* struct ra_walk.flags */
#define RA_WALK_F_PROCFD	(1u << 0)	/* @pid is an fd of /proc/PID/pagemap (v3) */

/* struct ra_hash.flags */
#define RA_HASH_F_PROCFD	(1u << 0)	/* @pid is an fd of /proc/PID/mem (v3) */

/* struct ra_scan.out_flags */
#define RA_SCAN_O_TRUNCATED	(1u << 0)	/* more records than nr_records: some dropped */

/* Fault kinds (struct ra_walk_result.fault, record types 1..3, first_fault_kind). */
#define RA_FAULT_KIND_NONE		0
#define RA_FAULT_KIND_TRANSLATION	1
#define RA_FAULT_KIND_ADDRESS_SIZE	2
#define RA_FAULT_KIND_BUS		3

/**
 * struct ra_scan_record - one SCAN record (block leaf or fault), as the device writes it.
 * @word0: bits 47:0 VA, 49:48 level, 55:52 type (0 block, 1 translation, 2 address size,
 *         3 bus), 56 young, 57 dirty.
 * @desc:  the descriptor (0 for bus records; without CAP_SYS_ADMIN output-address bits zeroed,
 *         and 0 when the descriptor is invalid, bit 0 clear).
 */
struct ra_scan_record {
	__u64 word0;
	__u64 desc;
};

/**
 * struct ra_scan - RA_IOC_SCAN argument.
 * @pid:          target process (in the caller's pid namespace): the caller's own; or, with
 *                RA_SCAN_F_PROCFD, a file descriptor of the target's /proc/PID/pagemap.
 * @flags:        RA_SCAN_F_*.
 * @start:        first user VA, 4 KiB aligned.
 * @end:          end of the range, exclusive, 4 KiB aligned, at most RA_SCAN_MAX_PAGES pages.
 *                Only the parts of the range covered by the target's mappings (VMAs) are
 *                scanned; the bits of the rest are 0 and it produces no records.
 * @young_bitmap: caller buffer of ceil(pages / 64) __u64: bit p = page start + 4096 * p young.
 * @dirty_bitmap: same size, required with RA_SCAN_F_DIRTY, else must be 0.
 * @records:      caller buffer of @nr_records struct ra_scan_record (may be 0 when
 *                @nr_records is 0).
 * @nr_records:   capacity of @records (at most 2^24).
 * @out_flags:    out: RA_SCAN_O_*.
 * @young:        out: young leaves found.
 * @dirty:        out: dirty leaves found.
 * @nr_produced:  out: records produced (including dropped ones).
 * @pte_scanned:  out: descriptors interpreted by the device.
 * @first_fault_kind:  out: fault kind of the first fault record (0 if none).
 * @first_fault_level: out: its level.
 * @reserved:     must be 0.
 * @first_fault_va:    out: its VA.
 */
struct ra_scan {
	__s32 pid;
	__u32 flags;
	__u64 start;
	__u64 end;
	__u64 young_bitmap;
	__u64 dirty_bitmap;
	__u64 records;
	__u32 nr_records;
	__u32 out_flags;
	__u64 young;
	__u64 dirty;
	__u64 nr_produced;
	__u64 pte_scanned;
	__u8 first_fault_kind;
	__u8 first_fault_level;
	__u8 reserved[6];
	__u64 first_fault_va;
};

/**
 * struct ra_run - consecutive pages with the same state (v4).
 * @start: user VA of the first page.
 * @pages: number of 4 KiB pages.
 * @flags: RA_RUN_YOUNG, RA_RUN_DIRTY (a run has at least one of them).
 * @pad:   0.
 */
struct ra_run {
	__u64 start;
	__u64 pages;
	__u32 flags;
	__u32 pad;
};

/**
 * struct ra_scan_runs - RA_IOC_SCAN_RUNS argument (v4): the young (and, with RA_RUNS_F_DIRTY,
 * dirty) pages of [@start, @end) of the target as runs, in ascending VA order. Any span is
 * allowed, the whole address space included ([0, ~0) is clamped to the target's TASK_SIZE):
 * only the parts covered by VMAs are scanned, and the work and output follow what is mapped
 * and reported, not the span. One call stops after @max_runs runs or a bounded amount of work
 * (RA_RUNS_O_MORE set, @next < @end): call again with @start = @next to continue. Runs are
 * maximal within one call; a run cut at @next may continue in the next call's first run.
 * @pid:         target process: the caller's own; or, with RA_RUNS_F_PROCFD, a file descriptor
 *               of the target's /proc/PID/pagemap (same access rule as RA_IOC_SCAN).
 * @flags:       RA_RUNS_F_*.
 * @start:       first user VA, 4 KiB aligned (a resume cursor: the previous call's @next).
 * @end:         end of the range, exclusive, 4 KiB aligned, > @start; clamped to TASK_SIZE.
 * @runs:        caller buffer of @max_runs struct ra_run.
 * @max_runs:    its capacity, 1..RA_RUNS_MAX.
 * @nr_runs:     out: runs written.
 * @next:        out: where to continue (the clamped @end when done).
 * @young:       out: young pages in the runs written.
 * @dirty:       out: dirty pages in the runs written.
 * @pte_scanned: out: descriptors the device interpreted.
 * @commands:    out: device commands sent (a hole sends none).
 * @out_flags:   out: RA_RUNS_O_*.
 * @reserved:    must be 0.
 */
struct ra_scan_runs {
	__s32 pid;
	__u32 flags;
	__u64 start;
	__u64 end;
	__u64 runs;
	__u32 max_runs;
	__u32 nr_runs;
	__u64 next;
	__u64 young;
	__u64 dirty;
	__u64 pte_scanned;
	__u32 commands;
	__u32 out_flags;
	__u64 reserved[2];
};

/**
 * struct ra_walk_result - translation of one VA.
 * @pa:    physical address (0 on a fault, or without CAP_SYS_ADMIN).
 * @desc:  leaf or faulting descriptor; without CAP_SYS_ADMIN its output-address bits are
 *         zeroed, and an invalid descriptor (bit 0 clear: swap, migration, ...) is 0 entirely.
 * @level: level of the leaf or of the fault (0 for a VA outside every mapping).
 * @fault: RA_FAULT_KIND_*; 0 when translated. A VA outside every mapping (VMA) of the target
 *         is not given to the device: RA_FAULT_KIND_TRANSLATION at level 0, @desc 0.
 * @pad:   0.
 */
struct ra_walk_result {
	__u64 pa;
	__u64 desc;
	__u8 level;
	__u8 fault;
	__u8 pad[6];
};

/**
 * struct ra_walk - RA_IOC_WALK argument.
 * @pid:     target process: the caller's own; or, with RA_WALK_F_PROCFD, a file descriptor of
 *           the target's /proc/PID/pagemap.
 * @count:   number of VAs, 1..RA_WALK_MAX_VAS.
 * @vas:     caller buffer of @count __u64 user VAs of the target (each below its TASK_SIZE).
 * @results: caller buffer of @count struct ra_walk_result.
 * @faults:  out: VAs that faulted.
 * @flags:   RA_WALK_F_PROCFD or 0.
 */
struct ra_walk {
	__s32 pid;
	__u32 count;
	__u64 vas;
	__u64 results;
	__u32 faults;
	__u32 flags;
};

/* struct ra_hash_result.state */
#define RA_HASH_HASHED		0	/* a page is mapped there: checksum and zero are valid */
#define RA_HASH_ABSENT		1	/* readable mapping, but no page present (never touched,
					 * swapped out, ...): not faulted in, not hashed; also
					 * memory the kernel never hands out (memfd_secret) */
#define RA_HASH_UNMAPPED	2	/* no mapping, or not readable (PROT_NONE, write-only),
					 * or one not hashed: I/O or PFN mappings (no struct
					 * pages), hugetlbfs */
#define RA_HASH_FAULT		3	/* the device could not read the page (outside its DMA
					 * windows): @fault holds the fault kind */

/**
 * struct ra_hash_result - checksum of one page.
 * @checksum: low 32 bits of XXH64(page, 4096, seed 0), Linux KSM's page checksum; 0 unless
 *            @state is RA_HASH_HASHED.
 * @state:    RA_HASH_*.
 * @zero:     1 when every byte of the page is 0 (RA_HASH_HASHED only).
 * @fault:    RA_FAULT_KIND_* for RA_HASH_FAULT, else 0.
 * @pad:      0.
 */
struct ra_hash_result {
	__u32 checksum;
	__u8 state;
	__u8 zero;
	__u8 fault;
	__u8 pad;
};

/**
 * struct ra_hash - RA_IOC_HASH argument: checksum the pages of a VA range of a process.
 * @pid:      target process (in the caller's pid namespace): the caller's own; or, with
 *            RA_HASH_F_PROCFD, a file descriptor of the target's /proc/PID/mem opened for
 *            reading (the checksums reveal content, so /proc/PID/mem's rule applies).
 * @flags:    RA_HASH_F_PROCFD or 0.
 * @start:    first user VA of the target, 4 KiB aligned.
 * @pages:    number of pages, 1..RA_HASH_MAX_PAGES; the range must lie below the target's
 *            TASK_SIZE.
 * @hashed:   out: pages hashed (RA_HASH_HASHED).
 * @results:  caller buffer of @pages struct ra_hash_result, result i for start + 4096 * i.
 * @zero:     out: hashed pages that are all zero.
 * @absent:   out: pages RA_HASH_ABSENT.
 * @unmapped: out: pages RA_HASH_UNMAPPED.
 * @faults:   out: pages RA_HASH_FAULT.
 * @reserved: must be 0.
 *
 * Pages that are not present are reported absent, not faulted in: hashing neither allocates
 * nor swaps in memory of the target. The checksum is a snapshot taken while the page was
 * referenced; a concurrent write by the target may or may not be seen.
 */
struct ra_hash {
	__s32 pid;
	__u32 flags;
	__u64 start;
	__u32 pages;
	__u32 hashed;
	__u64 results;
	__u32 zero;
	__u32 absent;
	__u32 unmapped;
	__u32 faults;
	__u64 reserved[2];
};

#define RA_IOC_MAGIC	0xE7
#define RA_IOC_SCAN	_IOWR(RA_IOC_MAGIC, 1, struct ra_scan)
#define RA_IOC_WALK	_IOWR(RA_IOC_MAGIC, 2, struct ra_walk)
#define RA_IOC_HASH	_IOWR(RA_IOC_MAGIC, 3, struct ra_hash)	/* since version 2 */
#define RA_IOC_SCAN_RUNS _IOWR(RA_IOC_MAGIC, 4, struct ra_scan_runs)	/* since version 4 */

#endif /* _UAPI_RECLAIM_ACCEL_H */
