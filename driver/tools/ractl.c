// SPDX-License-Identifier: GPL-2.0
/*
 * ractl - command-line front end of the reclaim-accel driver (guest tool, static binary).
 *
 *   ractl scan  --pid P --start A --end E [--clear] [--dirty] [--quiet]
 *   ractl scan  --pid P (--all | --runs --start A --end E) [--clear] [--dirty] [--quiet]
 *               [--max-runs N]   young (dirty) pages as runs (RA_IOC_SCAN_RUNS, uapi v4);
 *                                --all: the whole address space, VMA by VMA
 *   ractl walk  --pid P (--start A --pages N | VA...) [--pagemap]
 *   ractl hash  --pid P --start A --pages N [--json] [--quiet]   KSM checksum of each page
 *   ractl stat
 *   ractl idle  --pid P [--start A --end E] [--pageout]
 *   ractl fuzz  [--count N] [--seed S]       random ioctls; every one must fail cleanly or work
 *   ractl race  [--count N]                   scans of processes that exit mid-scan
 *   ractl munmap-race [--seconds S]           SCAN with CLEAR_AF against munmap in the same
 *                                             process; checks that no other memory changes
 *   ractl readproc --pid P [--mem] [--start A]  open /proc/P/pagemap (or mem) and read from it
 *   ractl stall-copy                          a SCAN whose result buffer faults forever
 *                                             (userfaultfd) must not hold up another SCAN
 *   ractl bench-idle [--mib N] [--rounds R] ...  SCAN against the kernel's idle page tracking
 *                                             (bench-idle.c; scripts/bench-guest)
 *
 * Common options: --dev PATH (default /dev/reclaim_accel0); --as-uid U (drop to uid/gid U
 * before opening the device, for access-control tests); --fd N (use the already open
 * descriptor N instead of opening the device). --pid self is ractl itself; walk
 * --pid self without VAs walks a page of ractl's stack.
 * The target goes to the driver as a file descriptor of /proc/P/pagemap (/proc/P/mem for hash
 * and for a scan that clears AF, which changes the target)
 * opened by ractl (RA_*_F_PROCFD), so the kernel decides whether the caller may read it;
 * --no-procfd passes the plain pid instead (the driver accepts that for its caller only, and
 * ractl does so for its own process); --procfile NAME passes /proc/P/NAME (tests: a file the
 * driver must refuse).
 * Numbers take C syntax (0x... for hex). Exit status 0 on success, 1 on failure, 2 on usage.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "reclaim_accel.h"
#include "bench-idle.h"

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif
#ifndef __NR_process_madvise
#define __NR_process_madvise 440
#endif

#define PAGE ((uint64_t)4096)

static const char *dev_path = "/dev/reclaim_accel0";
static int opt_pid = -1, opt_clear, opt_dirty, opt_quiet, opt_pagemap, opt_pageout, opt_json;
static uint64_t opt_start, opt_end, opt_pages, opt_count, opt_seed = 1;
static int have_start, have_end, have_pages;
static long opt_as_uid = -1;
static int opt_fd = -1;
static int opt_no_procfd, opt_mem;
static const char *opt_procfile;	/* --procfile NAME: pass /proc/P/NAME instead (tests) */
static uint64_t opt_seconds = 20;
static int opt_all, opt_runs;
static uint64_t opt_max_runs = 4096;	/* runs per RA_IOC_SCAN_RUNS call */

static void usage(void)
{
	fprintf(stderr,
		"usage: ractl [--dev PATH] scan --pid P --start A --end E [--clear] [--dirty] [--quiet]\n"
		"       ractl [--dev PATH] scan --pid P (--all | --runs --start A --end E) [--clear]\n"
		"             [--dirty] [--quiet] [--max-runs N]\n"
		"       ractl [--dev PATH] walk --pid P (--start A --pages N | VA...) [--pagemap]\n"
		"       ractl [--dev PATH] hash --pid P --start A --pages N [--json] [--quiet]\n"
		"       ractl [--dev PATH] stat\n"
		"       ractl [--dev PATH] idle --pid P [--start A --end E] [--pageout]\n"
		"       ractl [--dev PATH] fuzz [--count N] [--seed S]\n"
		"       ractl [--dev PATH] race [--count N]\n"
		"       ractl [--dev PATH] munmap-race [--seconds S]\n"
		"       ractl readproc --pid P [--mem] [--start A]\n"
		"       ractl [--dev PATH] stall-copy\n"
		"       (--no-procfd: name the target by its pid, not by /proc/P/pagemap or mem)\n"
		"       ractl [--dev PATH] bench-idle [--mib N] [--rounds R] [--fraction K] ...\n");
	exit(2);
}

static uint64_t num(const char *s)
{
	char *e;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &e, 0);
	if (errno || *e || e == s) {
		fprintf(stderr, "ractl: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static int open_dev(void)
{
	int fd = opt_fd >= 0 ? opt_fd : open(dev_path, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "ractl: %s: %s\n", dev_path, strerror(errno));
		exit(1);
	}
	return fd;
}

/* Open /proc/@pid/@name; the file descriptor or -errno (ENOENT made ESRCH). */
static int open_proc_file(int pid, const char *name)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	return fd;
}

/* Open /proc/@pid/pagemap (or mem). */
static int open_proc(int pid, int mem)
{
	return open_proc_file(pid, mem ? "mem" : "pagemap");
}

/*
 * The target as the driver is to see it: a file descriptor of its /proc/P/pagemap (@mem: mem),
 * with @procfd_flag added to *@flags; or, with --no-procfd, the plain pid. Exits when the
 * file cannot be opened (the kernel's access decision, or no such process).
 */
static int target_ref(int pid, int mem, uint32_t *flags, uint32_t procfd_flag)
{
	static int cached_pid = -1, cached_mem, cached_fd = -1;
	int fd;

	/* The driver takes a plain pid for the caller's own process (whose /proc files a
	 * process that dropped privileges may not be able to open). */
	if (opt_no_procfd || pid == getpid())
		return pid;
	if (cached_fd >= 0 && cached_pid == pid && cached_mem == mem) {
		*flags |= procfd_flag;
		return cached_fd;
	}
	fd = opt_procfile ? open_proc_file(pid, opt_procfile) : open_proc(pid, mem);
	if (fd < 0) {
		fprintf(stderr, "ractl: /proc/%d/%s: %s\n", pid,
			opt_procfile ? opt_procfile : mem ? "mem" : "pagemap", strerror(-fd));
		exit(1);
	}
	cached_pid = pid;
	cached_mem = mem;
	cached_fd = fd;
	*flags |= procfd_flag;
	return fd;
}

/*
 * Run one SCAN; the caller owns the bitmap (ceil(pages/64) words). @pid is a pid, or with
 * RA_SCAN_F_PROCFD in @flags a /proc/PID/pagemap file descriptor.
 */
static int do_scan(int fd, int pid, uint64_t start, uint64_t end, unsigned int flags,
		   uint64_t *ybm, uint64_t *dbm, struct ra_scan *s)
{
	memset(s, 0, sizeof(*s));
	s->pid = pid;
	s->flags = flags;
	s->start = start;
	s->end = end;
	s->young_bitmap = (uintptr_t)ybm;
	s->dirty_bitmap = (flags & RA_SCAN_F_DIRTY) ? (uintptr_t)dbm : 0;
	return ioctl(fd, RA_IOC_SCAN, s);
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/*
 * scan --all / --runs: RA_IOC_SCAN_RUNS from start to end, call after call until the driver
 * says it is done; runs cut between calls are merged, so memory grows with the runs only.
 */
static int cmd_scan_runs(void)
{
	uint64_t start = opt_all ? 0 : opt_start, end = opt_all ? (uint64_t)1 << 48 : opt_end;
	uint32_t flags = (opt_clear ? RA_RUNS_F_CLEAR_AF : 0) | (opt_dirty ? RA_RUNS_F_DIRTY : 0);
	struct ra_run *buf, *all = NULL;
	uint64_t n = 0, cap = 0, calls = 0, cmds = 0, pte = 0, ny = 0, nd = 0, i;
	struct ra_scan_runs a;
	double t0, t1;
	int fd, ref;

	if (opt_pid < 0 || (!opt_all && (!have_start || !have_end || opt_end <= opt_start)) ||
	    !opt_max_runs || opt_max_runs > RA_RUNS_MAX)
		usage();
	buf = calloc(opt_max_runs, sizeof(*buf));
	if (!buf) {
		perror("ractl: calloc");
		return 1;
	}
	fd = open_dev();
	ref = target_ref(opt_pid, opt_clear, &flags, RA_RUNS_F_PROCFD);
	t0 = now_us();
	do {
		memset(&a, 0, sizeof(a));
		a.pid = ref;
		a.flags = flags;
		a.start = start;
		a.end = end;
		a.runs = (uintptr_t)buf;
		a.max_runs = (uint32_t)opt_max_runs;
		if (ioctl(fd, RA_IOC_SCAN_RUNS, &a)) {
			fprintf(stderr, "ractl: scan_runs at 0x%" PRIx64 ": %s%s\n", start,
				strerror(errno), errno == ENOTTY ?
				" (the driver predates uapi version 4, RA_IOC_SCAN_RUNS)" : "");
			return 1;
		}
		calls++;
		cmds += a.commands;
		pte += a.pte_scanned;
		for (i = 0; i < a.nr_runs; i++) {
			struct ra_run *l = n ? &all[n - 1] : NULL;

			if (l && l->start + l->pages * PAGE == buf[i].start && l->flags == buf[i].flags) {
				l->pages += buf[i].pages;
				continue;
			}
			if (n == cap) {
				cap = cap ? 2 * cap : 1024;
				all = realloc(all, cap * sizeof(*all));
				if (!all) {
					perror("ractl: realloc");
					return 1;
				}
			}
			all[n++] = buf[i];
		}
		if (a.next <= start && (a.out_flags & RA_RUNS_O_MORE)) {
			fprintf(stderr, "ractl: scan_runs made no progress at 0x%" PRIx64 "\n", start);
			return 1;
		}
		start = a.next;
		if (!(a.out_flags & RA_RUNS_O_MORE))
			end = a.next;	/* clamped to the target's address space */
	} while (a.out_flags & RA_RUNS_O_MORE);
	t1 = now_us();
	for (i = 0; i < n; i++) {
		ny += all[i].flags & RA_RUN_YOUNG ? all[i].pages : 0;
		nd += all[i].flags & RA_RUN_DIRTY ? all[i].pages : 0;
		if (!opt_quiet)
			printf("RUN 0x%" PRIx64 " %" PRIu64 " young=%u dirty=%u\n",
			       (uint64_t)all[i].start, (uint64_t)all[i].pages, !!(all[i].flags & RA_RUN_YOUNG),
			       !!(all[i].flags & RA_RUN_DIRTY));
	}
	printf("scan-runs pid=%d start=0x%" PRIx64 " end=0x%" PRIx64 " runs=%" PRIu64
	       " young_pages=%" PRIu64 " dirty_pages=%" PRIu64 " calls=%" PRIu64
	       " commands=%" PRIu64 " pte_scanned=%" PRIu64 " us=%.0f\n", opt_pid,
	       opt_all ? 0 : opt_start, end, n, ny, nd, calls, cmds, pte, t1 - t0);
	free(all);
	free(buf);
	return 0;
}

static int cmd_scan(void)
{
	uint64_t pages, words, i, ny = 0, nd = 0, *ybm, *dbm;
	uint32_t flags = (opt_clear ? RA_SCAN_F_CLEAR_AF : 0) | (opt_dirty ? RA_SCAN_F_DIRTY : 0);
	struct ra_scan s;
	int fd, ref;

	if (opt_pid < 0 || !have_start || !have_end || opt_end <= opt_start)
		usage();
	pages = (opt_end - opt_start) / PAGE;
	words = (pages + 63) / 64;
	ybm = calloc(words ? words : 1, 8);
	dbm = calloc(words ? words : 1, 8);
	if (!ybm || !dbm) {
		perror("ractl: calloc");
		return 1;
	}
	fd = open_dev();
	ref = target_ref(opt_pid, opt_clear, &flags, RA_SCAN_F_PROCFD);
	if (do_scan(fd, ref, opt_start, opt_end, flags, ybm, dbm, &s)) {
		fprintf(stderr, "ractl: scan: %s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < pages; i++) {
		int y = (ybm[i / 64] >> (i % 64)) & 1;
		int d = opt_dirty && ((dbm[i / 64] >> (i % 64)) & 1);

		ny += y;
		nd += d;
		if (!opt_quiet && y)
			printf("Y %" PRIu64 " 0x%" PRIx64 "\n", i, opt_start + i * PAGE);
		if (!opt_quiet && d)
			printf("D %" PRIu64 " 0x%" PRIx64 "\n", i, opt_start + i * PAGE);
	}
	printf("scan pid=%d start=0x%" PRIx64 " end=0x%" PRIx64 " pages=%" PRIu64
	       " young_pages=%" PRIu64 " young_leaves=%llu dirty_pages=%" PRIu64
	       " dirty_leaves=%llu records=%llu pte_scanned=%llu truncated=%u fault_kind=%u\n",
	       opt_pid, opt_start, opt_end, pages, ny, (unsigned long long)s.young, nd,
	       (unsigned long long)s.dirty, (unsigned long long)s.nr_produced,
	       (unsigned long long)s.pte_scanned, s.out_flags & RA_SCAN_O_TRUNCATED,
	       s.first_fault_kind);
	return 0;
}

/* /proc/PID/pagemap entry of @va, or 0 when it cannot be read. */
static uint64_t pagemap_entry(int pmfd, uint64_t va)
{
	uint64_t e = 0;

	if (pmfd < 0 || pread(pmfd, &e, 8, (off_t)(va / PAGE * 8)) != 8)
		return 0;
	return e;
}

static int cmd_walk(int argc, char **argv)
{
	uint64_t n, i, *vas, match = 0, mismatch = 0, translated = 0;
	struct ra_walk_result *res;
	struct ra_walk w;
	int fd, pmfd = -1;
	char path[64];

	if (opt_pid < 0)
		usage();
	if (have_start) {
		if (!opt_pages)
			usage();
		n = opt_pages;
	} else {
		n = argc;
	}
	if (!n && opt_pid == getpid())
		n = 1;		/* walk a page of our own stack */
	if (!n)
		usage();
	vas = calloc(n, 8);
	res = calloc(n, sizeof(*res));
	if (!vas || !res) {
		perror("ractl: calloc");
		return 1;
	}
	for (i = 0; i < n; i++)
		vas[i] = have_start ? opt_start + i * PAGE :
			 argc ? num(argv[i]) : (uintptr_t)&w & ~(PAGE - 1);
	fd = open_dev();
	memset(&w, 0, sizeof(w));
	w.pid = target_ref(opt_pid, 0, &w.flags, RA_WALK_F_PROCFD);
	w.count = n;
	w.vas = (uintptr_t)vas;
	w.results = (uintptr_t)res;
	if (ioctl(fd, RA_IOC_WALK, &w)) {
		fprintf(stderr, "ractl: walk: %s\n", strerror(errno));
		return 1;
	}
	if (opt_pagemap) {
		snprintf(path, sizeof(path), "/proc/%d/pagemap", opt_pid);
		pmfd = open(path, O_RDONLY);
		if (pmfd < 0) {
			fprintf(stderr, "ractl: %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	for (i = 0; i < n; i++) {
		struct ra_walk_result *r = &res[i];

		translated += !r->fault;
		printf("W 0x%" PRIx64 " pa=0x%llx level=%u fault=%u desc=0x%llx", vas[i],
		       (unsigned long long)r->pa, r->level, r->fault,
		       (unsigned long long)r->desc);
		if (opt_pagemap) {
			uint64_t e = pagemap_entry(pmfd, vas[i]);
			int present = (e >> 63) & 1;
			uint64_t pfn = e & ((1ULL << 55) - 1);
			int ok = present ? (!r->fault && r->pa / PAGE == pfn) : !!r->fault;

			printf(" pagemap_present=%d pagemap_pfn=0x%" PRIx64 " %s", present,
			       present ? pfn : 0, ok ? "match" : "MISMATCH");
			if (ok)
				match++;
			else
				mismatch++;
		}
		printf("\n");
	}
	printf("walk pid=%d vas=%" PRIu64 " translated=%" PRIu64 " faults=%u", opt_pid, n,
	       translated, w.faults);
	if (opt_pagemap)
		printf(" pagemap_match=%" PRIu64 " pagemap_mismatch=%" PRIu64, match, mismatch);
	printf("\n");
	return mismatch ? 1 : 0;
}

static const char *const hash_states[] = { "hashed", "absent", "unmapped", "fault" };
static const char *const fault_kinds[] = { "none", "translation", "address_size", "bus" };

/*
 * hash: one line per page,
 *   H <i> state=hashed checksum=0x<8 hex> zero=<0|1> va=0x<va>
 *   H <i> state=absent|unmapped va=0x<va>
 *   H <i> state=fault fault=<kind> va=0x<va>
 * then a summary line; or with --json one JSON object.
 */
static int cmd_hash(void)
{
	struct ra_hash_result *res;
	struct ra_hash h;
	uint64_t i;
	int fd;

	/* --pages 0 and too many pages go to the driver, which rejects them (tests). */
	if (opt_pid < 0 || !have_start || !have_pages)
		usage();
	if (opt_pages > 0xffffffffULL) {
		fprintf(stderr, "ractl: hash: --pages %" PRIu64 " too large\n", opt_pages);
		return 2;
	}
	res = calloc(opt_pages ? opt_pages : 1, sizeof(*res));
	if (!res) {
		perror("ractl: calloc");
		return 1;
	}
	fd = open_dev();
	memset(&h, 0, sizeof(h));
	h.pid = target_ref(opt_pid, 1, &h.flags, RA_HASH_F_PROCFD);
	h.start = opt_start;
	h.pages = (uint32_t)opt_pages;
	h.results = (uintptr_t)res;
	if (ioctl(fd, RA_IOC_HASH, &h)) {
		fprintf(stderr, "ractl: hash: %s\n", strerror(errno));
		return 1;
	}
	if (opt_json)
		printf("{\"pid\": %d, \"start\": \"0x%" PRIx64 "\", \"pages\": %u, \"hashed\": %u, "
		       "\"zero\": %u, \"absent\": %u, \"unmapped\": %u, \"faults\": %u, \"results\": [",
		       opt_pid, opt_start, h.pages, h.hashed, h.zero, h.absent, h.unmapped, h.faults);
	for (i = 0; i < opt_pages; i++) {
		const struct ra_hash_result *r = &res[i];
		const char *st = r->state < 4 ? hash_states[r->state] : "unknown";
		uint64_t va = opt_start + i * PAGE;

		if (opt_json) {
			printf("%s\n  {\"index\": %" PRIu64 ", \"va\": \"0x%" PRIx64 "\", \"state\": \"%s\"",
			       i ? "," : "", i, va, st);
			if (r->state == RA_HASH_HASHED)
				printf(", \"checksum\": \"0x%08x\", \"zero\": %s", r->checksum,
				       r->zero ? "true" : "false");
			else if (r->state == RA_HASH_FAULT)
				printf(", \"fault\": \"%s\"", fault_kinds[r->fault & 3]);
			printf("}");
			continue;
		}
		if (opt_quiet)
			continue;
		printf("H %" PRIu64 " state=%s", i, st);
		if (r->state == RA_HASH_HASHED)
			printf(" checksum=0x%08x zero=%u", r->checksum, r->zero);
		else if (r->state == RA_HASH_FAULT)
			printf(" fault=%s", fault_kinds[r->fault & 3]);
		printf(" va=0x%" PRIx64 "\n", va);
	}
	if (opt_json)
		printf("\n]}\n");
	else
		printf("hash pid=%d start=0x%" PRIx64 " pages=%u hashed=%u zero=%u absent=%u"
		       " unmapped=%u faults=%u\n", opt_pid, opt_start, h.pages, h.hashed, h.zero,
		       h.absent, h.unmapped, h.faults);
	free(res);
	return 0;
}

static int print_dir(const char *dir, const char *prefix)
{
	struct dirent **names;
	char path[512], buf[64];
	int n, i;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++) {
		FILE *f;

		if (names[i]->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		f = fopen(path, "r");
		if (f && fgets(buf, sizeof(buf), f))
			printf("%s%s %s", prefix, names[i]->d_name, buf);
		if (f)
			fclose(f);
		free(names[i]);
	}
	free(names);
	return 0;
}

static int cmd_stat(void)
{
	const char *base = strrchr(dev_path, '/');
	char dir[256];

	base = base ? base + 1 : dev_path;
	snprintf(dir, sizeof(dir), "/sys/class/misc/%s/device/counters", base);
	if (print_dir(dir, "counter.")) {
		fprintf(stderr, "ractl: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	snprintf(dir, sizeof(dir), "/sys/class/misc/%s/device/stats", base);
	if (print_dir(dir, "driver."))
		fprintf(stderr, "ractl: %s: %s\n", dir, strerror(errno));
	return 0;
}

/* process_madvise(MADV_PAGEOUT) over @n iovecs, in batches the kernel accepts. */
static int pageout(int pidfd, struct iovec *iov, size_t n, uint64_t *bytes)
{
	size_t done = 0;

	while (done < n) {
		size_t k = n - done > 512 ? 512 : n - done, j;
		long r = syscall(__NR_process_madvise, pidfd, iov + done, k, MADV_PAGEOUT, 0);

		if (r < 0) {
			fprintf(stderr, "ractl: process_madvise: %s\n", strerror(errno));
			return -1;
		}
		*bytes += r;
		/* A short count means the kernel stopped inside this batch: skip what it did. */
		for (j = 0; j < k && r >= (long)iov[done + j].iov_len; j++)
			r -= iov[done + j].iov_len;
		if (j == 0) {
			fprintf(stderr, "ractl: process_madvise made no progress\n");
			return -1;
		}
		done += j;
	}
	return 0;
}

/* One range of idle: scan with clear, page out the runs of pages that were not young. */
static int idle_range(int fd, int pidfd, uint64_t start, uint64_t end, uint64_t *tot_pages,
		      uint64_t *tot_young, uint64_t *tot_idle, uint64_t *tot_bytes)
{
	uint64_t pages = (end - start) / PAGE, words = (pages + 63) / 64, i, run = 0;
	uint64_t *ybm = calloc(words, 8);
	struct iovec *iov = NULL;
	size_t niov = 0, cap = 0;
	uint32_t flags = RA_SCAN_F_CLEAR_AF;
	struct ra_scan s;
	int err = 0, ref;

	if (!ybm)
		return -1;
	ref = target_ref(opt_pid, 1, &flags, RA_SCAN_F_PROCFD);
	if (do_scan(fd, ref, start, end, flags, ybm, NULL, &s)) {
		fprintf(stderr, "ractl: scan 0x%" PRIx64 "-0x%" PRIx64 ": %s\n", start, end,
			strerror(errno));
		free(ybm);
		return -1;
	}
	*tot_pages += pages;
	for (i = 0; i <= pages; i++) {
		int young = i < pages ? (ybm[i / 64] >> (i % 64)) & 1 : 1;

		if (i < pages) {
			*tot_young += young;
			*tot_idle += !young;
		}
		if (!young) {
			run++;
			continue;
		}
		if (run) {
			if (niov == cap) {
				cap = cap ? 2 * cap : 64;
				iov = realloc(iov, cap * sizeof(*iov));
				if (!iov)
					return -1;
			}
			iov[niov].iov_base = (void *)(uintptr_t)(start + (i - run) * PAGE);
			iov[niov].iov_len = run * PAGE;
			niov++;
			run = 0;
		}
	}
	if (opt_pageout && niov)
		err = pageout(pidfd, iov, niov, tot_bytes);
	free(iov);
	free(ybm);
	return err;
}

static int cmd_idle(void)
{
	uint64_t pages = 0, young = 0, idle = 0, bytes = 0;
	int fd, pidfd = -1, err = 0;

	if (opt_pid < 0)
		usage();
	fd = open_dev();
	if (opt_pageout) {
		pidfd = syscall(__NR_pidfd_open, opt_pid, 0);
		if (pidfd < 0) {
			fprintf(stderr, "ractl: pidfd_open %d: %s\n", opt_pid, strerror(errno));
			return 1;
		}
	}
	if (have_start && have_end) {
		err = idle_range(fd, pidfd, opt_start, opt_end, &pages, &young, &idle, &bytes);
	} else {
		/* Every private anonymous mapping (no file name, or the heap). */
		char path[64], line[512], name[256];
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%d/maps", opt_pid);
		f = fopen(path, "r");
		if (!f) {
			fprintf(stderr, "ractl: %s: %s\n", path, strerror(errno));
			return 1;
		}
		while (fgets(line, sizeof(line), f)) {
			unsigned long long a, b;
			char perms[8];

			name[0] = 0;
			if (sscanf(line, "%llx-%llx %7s %*s %*s %*s %255s", &a, &b, perms, name) < 3)
				continue;
			if (perms[3] != 'p' || perms[0] != 'r' ||
			    (name[0] && strcmp(name, "[heap]")))
				continue;
			if (idle_range(fd, pidfd, a, b, &pages, &young, &idle, &bytes))
				err = -1;
		}
		fclose(f);
	}
	printf("idle pid=%d pages=%" PRIu64 " young=%" PRIu64 " idle=%" PRIu64
	       " paged_out_bytes=%" PRIu64 "\n", opt_pid, pages, young, idle, bytes);
	return err ? 1 : 0;
}

/* --- fuzz ---------------------------------------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static uint8_t *scratch;		/* 4 MiB followed by a PROT_NONE guard page */
#define SCRATCH_BYTES (4u << 20)

static uint64_t rnd_ptr(void)
{
	switch (rnd() % 8) {
	case 0: return 0;
	case 1: return 0xffff000000000000ULL + (rnd() & 0xffffffffff8ULL);	/* kernel */
	case 2: return (uintptr_t)scratch + SCRATCH_BYTES - 8 * (rnd() % 64);	/* runs into guard */
	case 3: return rnd();
	case 4: return (uintptr_t)scratch + (rnd() % 16);				/* misaligned */
	default: return (uintptr_t)scratch;
	}
}

static uint64_t rnd_va(uint64_t base)
{
	switch (rnd() % 8) {
	case 0: return rnd();
	case 1: return rnd() & ~(PAGE - 1);
	case 2: return (rnd() & ((1ULL << 48) - 1)) & ~(PAGE - 1);
	case 3: return 0;
	default: return base + ((rnd() % 4096) * PAGE);
	}
}

static int rnd_pid(int child)
{
	switch (rnd() % 8) {
	case 0: return 0;
	case 1: return (int)rnd();
	case 2: return 1;
	case 3: return 2;	/* kthreadd: no mm */
	case 4: return 99999;
	case 5: return getpid();
	default: return child;
	}
}

static int cmd_fuzz(void)
{
	uint64_t n = opt_count ? opt_count : 10000, i, ok = 0, bad = 0;
	uint64_t errs[140] = { 0 };
	uint64_t base = (uintptr_t)&rng_state & ~(PAGE - 1);
	pid_t child;
	int fd, e, pm_child, mem_child;

	rng_state = opt_seed * 0x9e3779b97f4a7c15ULL + 1;
	scratch = mmap(NULL, SCRATCH_BYTES + PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (scratch == MAP_FAILED || mprotect(scratch + SCRATCH_BYTES, PAGE, PROT_NONE)) {
		perror("ractl: mmap");
		return 1;
	}
	child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	fd = open_dev();
	/* The driver accepts other processes only through these (RA_*_F_PROCFD). */
	pm_child = open_proc(child, 0);
	mem_child = open_proc(child, 1);
	for (i = 0; i < n; i++) {
		union {
			struct ra_scan s;
			struct ra_walk w;
			struct ra_hash h;
			struct ra_scan_runs r;
			uint8_t b[256];
		} u;
		unsigned long cmd;
		void *arg = &u;
		int r, k;

		for (k = 0; k < (int)sizeof(u.b); k++)
			u.b[k] = rnd();
		switch (rnd() % 12) {
		case 0: case 1: case 2: case 3:
			cmd = RA_IOC_SCAN;
			u.s.pid = rnd_pid(child);
			u.s.flags = rnd() % 4 ? rnd() % 4 : (uint32_t)rnd();
			u.s.start = rnd_va(base);
			u.s.end = rnd() % 2 ? u.s.start + (rnd() % 8192) * PAGE : rnd_va(base);
			u.s.young_bitmap = rnd_ptr();
			u.s.dirty_bitmap = rnd() % 2 ? 0 : rnd_ptr();
			u.s.records = rnd_ptr();
			u.s.nr_records = rnd() % 2 ? rnd() % 64 : (uint32_t)rnd();
			if (rnd() % 2)
				memset(u.s.reserved, 0, sizeof(u.s.reserved));
			if (rnd() % 2) {
				/* A valid request (up to 64 GiB, so several device commands) ... */
				u.s.pid = rnd() % 2 ? child : rnd() % 2 ? getpid() : 1;
				u.s.flags = rnd() % 4;
				u.s.start = rnd() % 2 ? (base & ~((1ULL << 30) - 1)) - (1ULL << 30) :
					    (rnd() % (1ULL << 47)) & ~(PAGE - 1);
				u.s.end = u.s.start + PAGE * (1 + rnd() % (rnd() % 2 ? 4096 : RA_SCAN_MAX_PAGES));
				u.s.young_bitmap = (uintptr_t)scratch;
				u.s.dirty_bitmap = (u.s.flags & RA_SCAN_F_DIRTY) ? (uintptr_t)scratch + (2u << 20) : 0;
				u.s.records = (uintptr_t)scratch + (3u << 20);
				u.s.nr_records = rnd() % 4096;
				memset(u.s.reserved, 0, sizeof(u.s.reserved));
				if (u.s.pid == child && pm_child >= 0 && rnd() % 4) {
					u.s.pid = pm_child;
					u.s.flags |= RA_SCAN_F_PROCFD;
				}
				/* ... with, half of the time, one field made random. */
				if (rnd() % 2)
					((uint64_t *)&u.s)[rnd() % (sizeof(u.s) / 8)] = rnd();
			}
			break;
		case 4: case 5: case 6: {
			uint64_t *v = (uint64_t *)scratch;

			cmd = RA_IOC_WALK;
			u.w.pid = rnd_pid(child);
			u.w.count = rnd() % 2 ? rnd() % 1024 : (uint32_t)rnd();
			for (k = 0; k < 1024; k++)
				v[k] = rnd_va(base);
			u.w.vas = rnd() % 2 ? (uintptr_t)v : rnd_ptr();
			u.w.results = rnd() % 2 ? (uintptr_t)(scratch + 65536) : rnd_ptr();
			u.w.flags = rnd() % 4 ? 0 : (uint32_t)rnd();
			if (rnd() % 2) {
				u.w.pid = rnd() % 2 ? child : getpid();
				u.w.count = 1 + rnd() % 1024;
				u.w.vas = (uintptr_t)v;
				u.w.results = (uintptr_t)(scratch + 65536);
				u.w.flags = 0;
				if (u.w.pid == child && pm_child >= 0 && rnd() % 4) {
					u.w.pid = pm_child;
					u.w.flags = RA_WALK_F_PROCFD;
				}
				for (k = 0; k < 1024; k++)
					v[k] &= (1ULL << 47) - 1;
				if (rnd() % 4 == 0)
					((uint64_t *)&u.w)[rnd() % (sizeof(u.w) / 8)] = rnd();
			}
			break;
		}
		case 10: case 11:
			cmd = RA_IOC_HASH;
			u.h.pid = rnd_pid(child);
			u.h.flags = rnd() % 4 ? 0 : (uint32_t)rnd();
			u.h.start = rnd_va(base);
			u.h.pages = rnd() % 2 ? rnd() % 2048 : (uint32_t)rnd();
			u.h.results = rnd() % 2 ? (uintptr_t)scratch : rnd_ptr();
			if (rnd() % 2)
				memset(u.h.reserved, 0, sizeof(u.h.reserved));
			if (rnd() % 2) {
				/* A valid request (up to the maximum, so several device commands) ... */
				u.h.pid = rnd() % 2 ? child : getpid();
				u.h.flags = 0;
				u.h.start = rnd() % 2 ? (base - (rnd() % 64) * PAGE) :
					    (rnd() % (1ULL << 47)) & ~(PAGE - 1);
				u.h.pages = 1 + rnd() % (rnd() % 4 ? 1024 : RA_HASH_MAX_PAGES);
				u.h.results = (uintptr_t)scratch;
				memset(u.h.reserved, 0, sizeof(u.h.reserved));
				if (u.h.pid == child && mem_child >= 0 && rnd() % 4) {
					u.h.pid = mem_child;
					u.h.flags = RA_HASH_F_PROCFD;
				}
				/* ... with, a quarter of the time, one field made random. */
				if (rnd() % 4 == 0)
					((uint64_t *)&u.h)[rnd() % (sizeof(u.h) / 8)] = rnd();
			}
			break;
		case 7:
			cmd = rnd() % 2 ? (unsigned long)(uint32_t)rnd() :
			      _IOC(_IOC_READ | _IOC_WRITE, RA_IOC_MAGIC, rnd() % 8, rnd() % 256);
			break;
		case 8:
			cmd = rnd() % 3 == 0 ? RA_IOC_HASH : rnd() % 2 ? RA_IOC_SCAN : RA_IOC_WALK;
			arg = (void *)(uintptr_t)rnd_ptr();
			break;
		default:
			if (rnd() % 2) {
				cmd = RA_IOC_SCAN;
				arg = scratch + SCRATCH_BYTES - 16;	/* struct straddles the guard */
				break;
			}
			/* RA_IOC_SCAN_RUNS: random, or valid over any range with a random field. */
			cmd = RA_IOC_SCAN_RUNS;
			if (rnd() % 4 == 0) {
				arg = rnd() % 2 ? (void *)(uintptr_t)rnd_ptr() :
				      scratch + SCRATCH_BYTES - 16;
				break;
			}
			memset(&u.r, 0, sizeof(u.r));
			u.r.pid = rnd() % 2 ? getpid() : child;
			if (u.r.pid == child && pm_child >= 0 && rnd() % 4) {
				u.r.pid = pm_child;
				u.r.flags = RA_RUNS_F_PROCFD;
			}
			u.r.flags |= rnd() % 4;
			u.r.start = rnd() % 2 ? 0 : (rnd() % (1ULL << 47)) & ~(PAGE - 1);
			u.r.end = rnd() % 2 ? 1ULL << 48 : u.r.start + PAGE * (1 + rnd() % (1u << 20));
			u.r.runs = (uintptr_t)scratch;
			u.r.max_runs = 1 + rnd() % (rnd() % 2 ? 16 : RA_RUNS_MAX);
			if (rnd() % 4 == 0)
				((uint64_t *)&u.r)[rnd() % (sizeof(u.r) / 8)] = rnd();
			break;
		}
		r = ioctl(fd, cmd, arg);
		if (!r) {
			ok++;
			continue;
		}
		e = errno;
		errs[e < 139 ? e : 139]++;
		if (e == EIO || e == ETIMEDOUT || e == ENODEV) {
			bad++;
			fprintf(stderr, "ractl: fuzz %" PRIu64 ": cmd %#lx: %s\n", i, cmd,
				strerror(e));
		}
	}
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	printf("fuzz ioctls=%" PRIu64 " ok=%" PRIu64 " device_errors=%" PRIu64, n, ok, bad);
	for (e = 0; e < 140; e++)
		if (errs[e])
			printf(" %s=%" PRIu64, e < 139 ? strerrorname_np(e) : "other", errs[e]);
	printf("\n");
	return bad ? 1 : 0;
}

/* --- race: scan processes while they exit ------------------------------------------------- */

static int cmd_race(void)
{
	uint64_t n = opt_count ? opt_count : 200, i, scans = 0, ok = 0, esrch = 0, other = 0;
	const uint64_t len = 64ULL << 20;
	uint64_t *ybm = calloc(len / PAGE / 64, 8);
	int fd = open_dev();

	if (!ybm)
		return 1;
	rng_state = opt_seed * 0x9e3779b97f4a7c15ULL + 7;
	for (i = 0; i < n; i++) {
		uint8_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				  -1, 0);
		pid_t c;
		int st, pm;

		if (p == MAP_FAILED) {
			perror("ractl: mmap");
			return 1;
		}
		c = fork();
		if (c == 0) {
			uint64_t k, t = rnd() % 2000;

			for (k = 0; k < len; k += 16 * PAGE)
				p[k] = 1;
			usleep(t);
			_exit(0);
		}
		munmap(p, len);
		/* The child may be gone before its mem is opened: that is ESRCH too. (mem, not
		 * pagemap: the scans that clear AF need mem's rule.) */
		pm = open_proc(c, 1);
		if (pm == -ESRCH) {
			esrch++;
		} else if (pm < 0) {
			other++;
			fprintf(stderr, "ractl: race: /proc/%d/mem: %s\n", c, strerror(-pm));
		}
		while (pm >= 0) {
			struct ra_scan s;
			int r = do_scan(fd, pm, (uintptr_t)p, (uintptr_t)p + len,
					(rnd() % 2 ? RA_SCAN_F_CLEAR_AF : 0) | RA_SCAN_F_PROCFD, ybm,
					NULL, &s);

			scans++;
			if (!r) {
				ok++;
			} else if (errno == ESRCH) {
				esrch++;
				break;
			} else {
				other++;
				fprintf(stderr, "ractl: race scan: %s\n", strerror(errno));
				break;
			}
		}
		if (pm >= 0)
			close(pm);
		waitpid(c, &st, 0);
	}
	printf("race processes=%" PRIu64 " scans=%" PRIu64 " ok=%" PRIu64 " esrch=%" PRIu64
	       " other=%" PRIu64 "\n", n, scans, ok, esrch, other);
	return other ? 1 : 0;
}

/* --- munmap-race: SCAN with CLEAR_AF while the same process unmaps ------------------------ */

/*
 * Thread A maps 64 MiB, populates it and unmaps it, in a loop; thread B scans that range of
 * this process with CLEAR_AF, in a loop (alternately by pid and by /proc/self/mem); thread
 * C maps 16 MiB, fills every 8-byte word with 0x403 (a valid page descriptor with AF set, which
 * is also a valid table descriptor), waits, checks every word and unmaps, in a loop. munmap
 * frees page tables with the mmap lock held only for reading: a driver that let the device walk
 * the unmapped range could clear AF in (or read) tables that were freed and reused, for
 * instance by C's pages, and C would see a word change. Runs --seconds S; fails when C saw a
 * changed word or a SCAN failed otherwise than with EINTR.
 */
#define MR_A_BYTES (64ULL << 20)
#define MR_C_BYTES (16ULL << 20)
#define MR_WORD 0x403ULL

static atomic_int mr_stop;
static _Atomic uintptr_t mr_range;
static atomic_ullong mr_maps, mr_scans, mr_scan_ok, mr_scan_eintr, mr_scan_other, mr_young;
static atomic_ullong mr_checks, mr_words, mr_bad;
static int mr_dev;

static void *mr_mapper(void *arg)
{
	(void)arg;
	while (!atomic_load(&mr_stop)) {
		void *p = mmap(NULL, MR_A_BYTES, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

		if (p == MAP_FAILED) {
			perror("ractl: munmap-race: mmap A");
			atomic_fetch_add(&mr_scan_other, 1);
			break;
		}
		atomic_store(&mr_range, (uintptr_t)p);
		munmap(p, MR_A_BYTES);
		atomic_fetch_add(&mr_maps, 1);
	}
	return NULL;
}

static void *mr_scanner(void *arg)
{
	uint64_t *ybm = calloc(MR_A_BYTES / PAGE / 64, 8);
	int pm = open_proc(getpid(), 1);	/* mem: clearing AF needs its rule */
	uint64_t i;

	(void)arg;
	if (!ybm || pm < 0) {
		fprintf(stderr, "ractl: munmap-race: scanner set-up failed\n");
		atomic_fetch_add(&mr_scan_other, 1);
		return NULL;
	}
	for (i = 0; !atomic_load(&mr_stop); i++) {
		uintptr_t a = atomic_load(&mr_range);
		/* Alternately by pid and by /proc/self/mem (only by pid with --no-procfd). */
		int byfd = i % 2 && !opt_no_procfd, r;
		struct ra_scan s;

		if (!a) {
			sched_yield();
			continue;
		}
		r = do_scan(mr_dev, byfd ? pm : getpid(), a, a + MR_A_BYTES,
			    RA_SCAN_F_CLEAR_AF | (byfd ? RA_SCAN_F_PROCFD : 0), ybm, NULL, &s);
		atomic_fetch_add(&mr_scans, 1);
		if (!r) {
			atomic_fetch_add(&mr_scan_ok, 1);
			atomic_fetch_add(&mr_young, s.young);
		} else if (errno == EINTR) {
			atomic_fetch_add(&mr_scan_eintr, 1);
		} else {
			if (atomic_fetch_add(&mr_scan_other, 1) < 5)
				fprintf(stderr, "ractl: munmap-race: scan: %s\n", strerror(errno));
		}
	}
	close(pm);
	free(ybm);
	return NULL;
}

static void *mr_checker(void *arg)
{
	(void)arg;
	while (!atomic_load(&mr_stop)) {
		uint64_t *p = mmap(NULL, MR_C_BYTES, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		uint64_t i, n = MR_C_BYTES / 8, bad = 0;

		if (p == MAP_FAILED) {
			perror("ractl: munmap-race: mmap C");
			atomic_fetch_add(&mr_bad, 1);
			break;
		}
		for (i = 0; i < n; i++)
			p[i] = MR_WORD;
		usleep(2000);
		for (i = 0; i < n; i++) {
			if (p[i] != MR_WORD) {
				if (bad++ < 5)
					fprintf(stderr, "ractl: munmap-race: word %" PRIu64 " of C's "
						"mapping changed: 0x%" PRIx64 "\n", i, p[i]);
			}
		}
		munmap(p, MR_C_BYTES);
		atomic_fetch_add(&mr_bad, bad);
		atomic_fetch_add(&mr_words, n);
		atomic_fetch_add(&mr_checks, 1);
	}
	return NULL;
}

static int cmd_munmap_race(void)
{
	pthread_t a, b, c;
	struct timespec t0, t1;

	mr_dev = open_dev();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (pthread_create(&a, NULL, mr_mapper, NULL) || pthread_create(&b, NULL, mr_scanner, NULL) ||
	    pthread_create(&c, NULL, mr_checker, NULL)) {
		fprintf(stderr, "ractl: munmap-race: pthread_create failed\n");
		return 1;
	}
	sleep(opt_seconds);
	atomic_store(&mr_stop, 1);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	pthread_join(c, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("munmap-race seconds=%.1f maps=%llu scans=%llu ok=%llu eintr=%llu other=%llu "
	       "young=%llu checks=%llu words=%llu corrupted=%llu\n",
	       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
	       atomic_load(&mr_maps), atomic_load(&mr_scans), atomic_load(&mr_scan_ok),
	       atomic_load(&mr_scan_eintr), atomic_load(&mr_scan_other), atomic_load(&mr_young),
	       atomic_load(&mr_checks), atomic_load(&mr_words), atomic_load(&mr_bad));
	return atomic_load(&mr_bad) || atomic_load(&mr_scan_other) || !atomic_load(&mr_checks) ||
	       !atomic_load(&mr_scan_ok) ? 1 : 0;
}

/* --- readproc: the kernel's own access decision, for comparison ---------------------------- */

/*
 * Open /proc/P/pagemap (--mem: /proc/P/mem) and read 8 bytes (pagemap: the entry of --start,
 * default 0; mem: at --start, if given). Prints
 *   readproc pid=P file=pagemap|mem open=ok|<errno name> read=ok|<errno name>|skipped
 */
static int cmd_readproc(void)
{
	int fd, ok;
	uint64_t v;
	const char *rd = "skipped";

	if (opt_pid < 0)
		usage();
	fd = open_proc(opt_pid, opt_mem);
	if (fd >= 0 && (!opt_mem || have_start)) {
		off_t off = opt_mem ? (off_t)opt_start : (off_t)(opt_start / PAGE * 8);

		rd = pread(fd, &v, 8, off) == 8 ? "ok" : strerrorname_np(errno);
	}
	ok = fd >= 0 && (!strcmp(rd, "ok") || !strcmp(rd, "skipped"));
	printf("readproc pid=%d file=%s open=%s read=%s\n", opt_pid, opt_mem ? "mem" : "pagemap",
	       fd >= 0 ? "ok" : strerrorname_np(-fd), rd);
	return ok ? 0 : 1;
}

/* --- stall-copy: a caller stuck in a user copy holds up no one else ----------------------- */

/*
 * Thread 1 SCANs 64 pages of this process with its young bitmap on a page registered with
 * userfaultfd and never filled, so the driver's copy of the bitmap blocks. Once the fault has
 * arrived, thread 2 SCANs the same pages into an ordinary buffer: it must finish although
 * thread 1 is still blocked (the driver must not hold its mutex across user copies). Then the
 * fault is resolved and thread 1 must finish too. Prints
 *   stall-copy fault=1 second=ok second_ms=T first=ok
 * and fails when the second SCAN did not finish within 5 s while the first was blocked.
 */
struct stall_arg {
	int fd;
	uint64_t start, *ybm;
	int ret, err;
	atomic_int done;
};

static void *stall_scan(void *p)
{
	struct stall_arg *a = p;
	struct ra_scan s;

	a->ret = do_scan(a->fd, getpid(), a->start, a->start + 64 * PAGE, 0, a->ybm, NULL, &s);
	a->err = errno;
	atomic_store(&a->done, 1);
	return NULL;
}

static int cmd_stall_copy(void)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg;
	struct uffdio_zeropage zp;
	struct uffd_msg msg;
	struct stall_arg a1, a2;
	struct pollfd pfd;
	struct timespec t0, t1;
	pthread_t th1, th2;
	uint64_t *trap, second_ybm[1], k;
	uint8_t *m;
	int uffd, fd = open_dev(), faulted, ms;

	uffd = syscall(__NR_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (uffd < 0 || ioctl(uffd, UFFDIO_API, &api)) {
		fprintf(stderr, "ractl: stall-copy: userfaultfd: %s\n", strerror(errno));
		return 1;
	}
	trap = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	m = mmap(NULL, 64 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (trap == MAP_FAILED || m == MAP_FAILED) {
		perror("ractl: stall-copy: mmap");
		return 1;
	}
	for (k = 0; k < 64; k++)
		m[k * PAGE] = 1;
	memset(&reg, 0, sizeof(reg));
	reg.range.start = (uintptr_t)trap;
	reg.range.len = PAGE;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (ioctl(uffd, UFFDIO_REGISTER, &reg)) {
		fprintf(stderr, "ractl: stall-copy: UFFDIO_REGISTER: %s\n", strerror(errno));
		return 1;
	}
	memset(&a1, 0, sizeof(a1));
	a1.fd = fd;
	a1.start = (uintptr_t)m;
	a1.ybm = trap;
	pthread_create(&th1, NULL, stall_scan, &a1);
	pfd.fd = uffd;
	pfd.events = POLLIN;
	faulted = poll(&pfd, 1, 10000) == 1 && read(uffd, &msg, sizeof(msg)) == sizeof(msg) &&
		  msg.event == UFFD_EVENT_PAGEFAULT;

	memset(&a2, 0, sizeof(a2));
	a2.fd = fd;
	a2.start = (uintptr_t)m;
	a2.ybm = second_ybm;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pthread_create(&th2, NULL, stall_scan, &a2);
	for (ms = 0; ms < 5000 && !atomic_load(&a2.done); ms++)
		usleep(1000);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	/* Release the first caller in any case, so that nothing stays blocked. */
	zp.range.start = (uintptr_t)trap;
	zp.range.len = PAGE;
	zp.mode = 0;
	if (ioctl(uffd, UFFDIO_ZEROPAGE, &zp))
		fprintf(stderr, "ractl: stall-copy: UFFDIO_ZEROPAGE: %s\n", strerror(errno));
	pthread_join(th1, NULL);
	pthread_join(th2, NULL);
	printf("stall-copy fault=%d second=%s second_ms=%.1f first=%s\n", faulted,
	       !atomic_load(&a2.done) || ms >= 5000 ? "blocked" : a2.ret ? strerrorname_np(a2.err) : "ok",
	       (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6,
	       a1.ret ? strerrorname_np(a1.err) : "ok");
	return faulted && ms < 5000 && !a2.ret && !a1.ret ? 0 : 1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dev", required_argument, NULL, 'D' },
		{ "pid", required_argument, NULL, 'p' },
		{ "start", required_argument, NULL, 's' },
		{ "end", required_argument, NULL, 'e' },
		{ "pages", required_argument, NULL, 'n' },
		{ "count", required_argument, NULL, 'c' },
		{ "seed", required_argument, NULL, 'S' },
		{ "clear", no_argument, NULL, 'C' },
		{ "dirty", no_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "pagemap", no_argument, NULL, 'm' },
		{ "pageout", no_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "as-uid", required_argument, NULL, 'U' },
		{ "fd", required_argument, NULL, 'F' },
		{ "no-procfd", no_argument, NULL, 'P' },
		{ "procfile", required_argument, NULL, 'R' },
		{ "mem", no_argument, NULL, 'M' },
		{ "seconds", required_argument, NULL, 'T' },
		{ "all", no_argument, NULL, 'A' },
		{ "runs", no_argument, NULL, 'r' },
		{ "max-runs", required_argument, NULL, 'X' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sub;
	int c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (c == 'D')
			dev_path = optarg;
		else if (c == 'U')
			opt_as_uid = (long)num(optarg);
		else if (c == 'F')
			opt_fd = (int)num(optarg);
		else if (c == 'P')
			opt_no_procfd = 1;
		else if (c == 'R')
			opt_procfile = optarg;
		else
			usage();
	}
	if (optind >= argc)
		usage();
	sub = argv[optind];
	if (!strcmp(sub, "bench-idle"))		/* its own options */
		return cmd_bench_idle(argc - optind, argv + optind, dev_path);
	optind++;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'D': dev_path = optarg; break;
		case 'p': opt_pid = strcmp(optarg, "self") ? (int)num(optarg) : getpid(); break;
		case 's': opt_start = num(optarg); have_start = 1; break;
		case 'e': opt_end = num(optarg); have_end = 1; break;
		case 'n': opt_pages = num(optarg); have_pages = 1; break;
		case 'c': opt_count = num(optarg); break;
		case 'S': opt_seed = num(optarg); break;
		case 'C': opt_clear = 1; break;
		case 'd': opt_dirty = 1; break;
		case 'q': opt_quiet = 1; break;
		case 'm': opt_pagemap = 1; break;
		case 'o': opt_pageout = 1; break;
		case 'j': opt_json = 1; break;
		case 'P': opt_no_procfd = 1; break;
		case 'R': opt_procfile = optarg; break;
		case 'M': opt_mem = 1; break;
		case 'T': opt_seconds = num(optarg); break;
		case 'A': opt_all = 1; break;
		case 'r': opt_runs = 1; break;
		case 'X': opt_max_runs = num(optarg); break;
		default: usage();
		}
	}
	if (opt_as_uid >= 0 && (setgroups(0, NULL) || setgid(opt_as_uid) || setuid(opt_as_uid))) {
		fprintf(stderr, "ractl: cannot switch to uid %ld: %s\n", opt_as_uid, strerror(errno));
		return 1;
	}
	if (!strcmp(sub, "scan"))
		return opt_all || opt_runs ? cmd_scan_runs() : cmd_scan();
	if (!strcmp(sub, "walk"))
		return cmd_walk(argc - optind, argv + optind);
	if (!strcmp(sub, "hash"))
		return cmd_hash();
	if (!strcmp(sub, "stat"))
		return cmd_stat();
	if (!strcmp(sub, "idle"))
		return cmd_idle();
	if (!strcmp(sub, "fuzz"))
		return cmd_fuzz();
	if (!strcmp(sub, "race"))
		return cmd_race();
	if (!strcmp(sub, "munmap-race"))
		return cmd_munmap_race();
	if (!strcmp(sub, "readproc"))
		return cmd_readproc();
	if (!strcmp(sub, "stall-copy"))
		return cmd_stall_copy();
	usage();
	return 2;
}
