// SPDX-License-Identifier: GPL-2.0
/*
 * ractl bench-idle - the device's SCAN against the kernel's ways of finding the pages a process
 * accessed, on one large mapping (linked into ractl; scripts/bench-guest runs it in the guest).
 *
 *   ractl [--dev PATH] bench-idle [--mib N] [--fraction K] [--seed S] [--rounds R]
 *                                 [--ractl PATH] [--page-idle PATH] [--no-device]
 *
 * A target process (a child) maps N MiB (default 1024) of private anonymous memory without huge
 * pages and writes to every page. The touched subset is the pages i with
 * splitmix64(S + i) % K == 0 (default K = 8, about 12.5 %). Each of R rounds (default 5) does
 * the same job, "mark every page idle, let the target touch the subset, find the pages it
 * accessed", in these ways, each timed on CLOCK_MONOTONIC:
 *
 *   device     RA_IOC_SCAN with RA_SCAN_F_CLEAR_AF over the mapping (what `ractl scan --clear`
 *              issues): once after every page was written (mark), once after the subset was
 *              touched (find; it also re-marks). The find step's young bitmap must equal the
 *              subset exactly. The device counters (sysfs) of each scan are printed.
 *   ractl      the same find step through the command `ractl scan --pid P --start A --end E
 *              --clear --quiet` (fork, exec of this ractl or --ractl PATH, scan, print): its
 *              wall time; young_pages must be the subset's size.
 *   pagemap    one read of /proc/P/pagemap for every page of the mapping (the page frame
 *              numbers the idle bitmap is indexed by); every page must be present.
 *   page_idle  /sys/kernel/mm/page_idle/bitmap (CONFIG_IDLE_PAGE_TRACKING): write the idle bit
 *              of each of the mapping's frames (mark), touch the subset, read the bits back
 *              (find: accessed = not idle); words are written and read in runs covering the
 *              mapping's frames only. The accessed set is compared with the subset. The
 *              job's time is pagemap + mark + find. When the file is absent, this is reported
 *              and skipped. (page_idle tracks only pages on an LRU list: a page still in a
 *              per-CPU batch cannot be marked and reads back as accessed.)
 *   clear_refs the kernel's own page-table walk: "1" to /proc/P/clear_refs (clears the access
 *              flag of every page of the process, mark), touch the subset, read the mapping's
 *              "Referenced:" from /proc/P/smaps (find; a count, not a set), compared with the
 *              subset's size.
 *   lru_gen    the kernel's MGLRU aging walk (CONFIG_LRU_GEN, enabled for the run through
 *              /sys/kernel/mm/lru_gen/enabled and restored after; debugfs mounted if it is not):
 *              "+ MEMCG NODE MAX_GEN 1 1" to /sys/kernel/debug/lru_gen walks the page tables of
 *              every process of the root memory cgroup (force_scan: no Bloom-filter skipping),
 *              clears the access flags it finds set and moves those pages to the youngest
 *              generation, then opens a new one. Once after every page was written (mark),
 *              once after the subset was touched (find, timed); the anonymous pages of the
 *              generation the find walk filled are compared with the subset's size (other
 *              processes' young pages are in it too). When the file is absent, skipped.
 *
 * Prints one line per step and round, then "BENCH ..." summary lines with the medians and, per
 * interval of a working-set estimator, the ratio of each kernel method's time (mark + find,
 * pagemap included for page_idle) to one device scan --clear of the touched state (it finds
 * and re-marks at once). The kernel methods clear access flags without flushing the TLB, so
 * they may miss accesses; their differences from the subset are reported, not failed. Exit
 * status: 0 when every device check held, 1 when one failed, 2 on usage errors. --no-device
 * leaves out the device and ractl steps.
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
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "reclaim_accel.h"
#include "bench-idle.h"

#define PAGE 4096UL
#define MAX_ROUNDS 32

static const char *dev_path;
static const char *ractl_path = "/proc/self/exe";	/* this ractl */
static const char *idle_path = "/sys/kernel/mm/page_idle/bitmap";
static unsigned long mib = 1024, fraction = 8, rounds = 5;
static uint64_t seed = 1;
static int use_device = 1;

static unsigned long npages, nsubset;
static uintptr_t base;			/* the target's mapping */
static uint64_t *subset;		/* bitmap of the touched subset */
static pid_t target;
static int target_pagemap = -1;		/* /proc/P/mem: names the target (RA_SCAN_F_PROCFD) */
static int to_target = -1, from_target = -1;
static int failures;			/* device checks (and the pagemap's) that failed */
static unsigned long idle_diff, refs_diff;	/* kernel methods: pages they got wrong */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static int in_subset(unsigned long i)
{
	return splitmix64(seed + i) % fraction == 0;
}

static void check(int ok, const char *what)
{
	if (!ok) {
		printf("CHECK FAIL: %s\n", what);
		failures++;
	}
}

/* --- the target process -------------------------------------------------------------------- */

/*
 * Commands, one byte each, answered with one byte: 'a' write every page, 's' write the pages of
 * the subset, 'q' exit. It writes a byte of each page and touches nothing else of the mapping.
 */
static void target_main(int in, int out)
{
	size_t len = npages * PAGE;
	volatile uint8_t *p;
	unsigned long i;
	char c;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("ractl bench-idle: target mmap");
		_exit(1);
	}
	if (madvise((void *)p, len, MADV_NOHUGEPAGE))
		perror("ractl bench-idle: madvise(MADV_NOHUGEPAGE)");
	base = (uintptr_t)p;
	if (write(out, &base, sizeof(base)) != sizeof(base))
		_exit(1);
	while (read(in, &c, 1) == 1) {
		if (c == 'q')
			break;
		for (i = 0; i < npages; i++)
			if (c == 'a' || in_subset(i))
				p[i * PAGE] = (uint8_t)(i + 1);
		if (write(out, &c, 1) != 1)
			break;
	}
	_exit(0);
}

static void target_do(char c)
{
	char r;

	if (write(to_target, &c, 1) != 1 || read(from_target, &r, 1) != 1 || r != c) {
		fprintf(stderr, "ractl bench-idle: the target process stopped answering\n");
		exit(1);
	}
}

static void start_target(void)
{
	int a[2], b[2];

	if (pipe(a) || pipe(b)) {
		perror("ractl bench-idle: pipe");
		exit(1);
	}
	target = fork();
	if (target < 0) {
		perror("ractl bench-idle: fork");
		exit(1);
	}
	if (target == 0) {
		close(a[1]);
		close(b[0]);
		target_main(a[0], b[1]);
	}
	close(a[0]);
	close(b[1]);
	to_target = a[1];
	from_target = b[0];
	if (read(from_target, &base, sizeof(base)) != sizeof(base)) {
		fprintf(stderr, "ractl bench-idle: the target process did not start\n");
		exit(1);
	}
}

/* --- device -------------------------------------------------------------------------------- */

/* The device's counters: every file the driver's sysfs counters/ directory holds, by name. */
#define MAX_COUNTERS 64
static char counter_names[MAX_COUNTERS][64];
static unsigned int NCOUNTERS;
static uint64_t find_counters[MAX_COUNTERS];	/* of the last find scan */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void counters_dir(char *path, size_t len)
{
	const char *b = strrchr(dev_path, '/');

	b = b ? b + 1 : dev_path;
	snprintf(path, len, "/sys/class/misc/%s/device/counters", b);
}

static void list_counters(void)
{
	char path[256];
	struct dirent *e;
	DIR *d;

	counters_dir(path, sizeof(path));
	d = opendir(path);
	NCOUNTERS = 0;
	while (d && (e = readdir(d)) && NCOUNTERS < MAX_COUNTERS)
		if (e->d_name[0] != '.' && strlen(e->d_name) < sizeof(counter_names[0]))
			strcpy(counter_names[NCOUNTERS++], e->d_name);
	if (d)
		closedir(d);
	qsort(counter_names, NCOUNTERS, sizeof(counter_names[0]), name_cmp);
}

static void read_counters(uint64_t *v)
{
	char dir[256], path[512];
	unsigned int i;

	if (!NCOUNTERS)
		list_counters();
	counters_dir(dir, sizeof(dir));
	for (i = 0; i < NCOUNTERS; i++) {
		unsigned long long x = 0;
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, counter_names[i]);
		f = fopen(path, "r");
		if (!f || fscanf(f, "%llu", &x) != 1)
			x = 0;
		if (f)
			fclose(f);
		v[i] = x;
	}
}

/*
 * One SCAN with CLEAR_AF over the mapping; returns its time and prints the young pages, those
 * outside the expected set (extra) and those of it not found (missed), and the device counters'
 * deltas. Expected: every page (@want_all, the mark step) or the touched subset.
 */
static double device_scan(int fd, uint64_t *ybm, int want_all, const char *step, unsigned long r)
{
	uint64_t before[MAX_COUNTERS], after[MAX_COUNTERS];
	unsigned long i, young = 0, extra = 0, missed = 0;
	struct ra_scan s;
	double t0, t;
	unsigned int k;

	read_counters(before);
	memset(&s, 0, sizeof(s));
	if (target_pagemap < 0) {
		char path[64];

		/* clearing AF changes the target: /proc/P/mem's access rule */
		snprintf(path, sizeof(path), "/proc/%d/mem", target);
		target_pagemap = open(path, O_RDONLY | O_CLOEXEC);
		if (target_pagemap < 0) {
			fprintf(stderr, "ractl bench-idle: %s: %s\n", path, strerror(errno));
			exit(1);
		}
	}
	s.pid = target_pagemap;
	s.flags = RA_SCAN_F_CLEAR_AF | RA_SCAN_F_PROCFD;
	s.start = base;
	s.end = base + npages * PAGE;
	s.young_bitmap = (uintptr_t)ybm;
	t0 = now();
	if (ioctl(fd, RA_IOC_SCAN, &s)) {
		fprintf(stderr, "ractl bench-idle: RA_IOC_SCAN: %s\n", strerror(errno));
		exit(1);
	}
	t = now() - t0;
	read_counters(after);
	for (i = 0; i < npages; i++) {
		int y = (ybm[i / 64] >> (i % 64)) & 1;
		int want = want_all || ((subset[i / 64] >> (i % 64)) & 1);

		young += y;
		extra += y && !want;
		missed += !y && want;
	}
	printf("round %lu device %s: %.6f s young=%lu extra=%lu missed=%lu pte_scanned(ioctl)=%llu",
	       r, step, t, young, extra, missed, (unsigned long long)s.pte_scanned);
	for (k = 0; k < NCOUNTERS; k++) {
		printf(" %s=%llu", counter_names[k], (unsigned long long)(after[k] - before[k]));
		if (!want_all)
			find_counters[k] = after[k] - before[k];
	}
	printf("\n");
	/*
	 * Only the find step is checked: the mark step follows the kernel methods of the previous
	 * round, which clear access flags without flushing the TLB, so a write that hit a stale
	 * TLB entry may have left its page old. The mark scan flushes, so the find step is exact.
	 */
	if (!want_all)
		check(!extra && !missed, "device scan: young set == touched subset");
	return t;
}

/* `ractl scan ... --clear --quiet`: wall time from fork to exit, young_pages checked. */
static double ractl_scan(unsigned long r)
{
	char a_pid[32], a_start[32], a_end[32], out[1024];
	unsigned long young = ~0UL;
	int p[2], st;
	double t0, t;
	ssize_t n, got = 0;
	char *y;
	pid_t c;

	snprintf(a_pid, sizeof(a_pid), "%d", target);
	snprintf(a_start, sizeof(a_start), "0x%lx", (unsigned long)base);
	snprintf(a_end, sizeof(a_end), "0x%lx", (unsigned long)(base + npages * PAGE));
	if (pipe(p)) {
		perror("ractl bench-idle: pipe");
		exit(1);
	}
	t0 = now();
	c = fork();
	if (c == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execlp(ractl_path, ractl_path, "--dev", dev_path, "scan", "--pid", a_pid, "--start",
		       a_start, "--end", a_end, "--clear", "--quiet", (char *)NULL);
		perror("ractl bench-idle: exec ractl");
		_exit(127);
	}
	close(p[1]);
	while (got < (ssize_t)sizeof(out) - 1 && (n = read(p[0], out + got, sizeof(out) - 1 - got)) > 0)
		got += n;
	out[got] = 0;
	close(p[0]);
	waitpid(c, &st, 0);
	t = now() - t0;
	y = strstr(out, " young_pages=");
	if (y)
		young = strtoul(y + 13, NULL, 10);
	printf("round %lu ractl scan --clear: %.6f s status=%d young_pages=%ld\n", r, t,
	       WIFEXITED(st) ? WEXITSTATUS(st) : -1, y ? (long)young : -1L);
	check(WIFEXITED(st) && !WEXITSTATUS(st) && young == nsubset,
	      "ractl scan --clear: young_pages == subset size");
	return t;
}

/* --- pagemap and page_idle ---------------------------------------------------------------- */

#define PM_PRESENT (1ULL << 63)
#define PM_PFN_MASK ((1ULL << 55) - 1)

static double read_pagemap(uint64_t *pm, unsigned long r)
{
	char path[64];
	unsigned long i, present = 0;
	size_t len = npages * 8, got = 0;
	double t0, t;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", target);
	t0 = now();
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "ractl bench-idle: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	while (got < len) {
		ssize_t n = pread(fd, (char *)pm + got, len - got, (off_t)(base / PAGE * 8 + got));

		if (n <= 0) {
			fprintf(stderr, "ractl bench-idle: %s: %s\n", path, n ? strerror(errno) : "EOF");
			exit(1);
		}
		got += n;
	}
	close(fd);
	t = now() - t0;
	for (i = 0; i < npages; i++)
		present += (pm[i] & PM_PRESENT) && (pm[i] & PM_PFN_MASK);
	printf("round %lu pagemap read: %.6f s entries=%lu present_with_pfn=%lu\n", r, t, npages,
	       present);
	check(present == npages, "pagemap: every page present with its frame number");
	return t;
}

/*
 * The idle bitmap words covering the mapping's frames: words[w - w0] for word w. Runs of
 * non-zero words are written (mark) and read back (find) with one pwrite/pread each.
 */
struct idle_words {
	uint64_t w0, nw;
	uint64_t *mask;		/* our frames' bits */
	uint64_t *buf;
};

static int idle_words_build(struct idle_words *iw, const uint64_t *pm)
{
	uint64_t lo = ~0ULL, hi = 0, pfn;
	unsigned long i;

	for (i = 0; i < npages; i++) {
		pfn = pm[i] & PM_PFN_MASK;
		if (pfn < lo)
			lo = pfn;
		if (pfn > hi)
			hi = pfn;
	}
	if (lo > hi || hi - lo > (1ULL << 40))
		return -1;	/* no frames, or a span no machine has */
	iw->w0 = lo / 64;
	iw->nw = hi / 64 - iw->w0 + 1;
	free(iw->mask);
	free(iw->buf);
	iw->mask = calloc(iw->nw, 8);
	iw->buf = calloc(iw->nw, 8);
	if (!iw->mask || !iw->buf)
		return -1;
	for (i = 0; i < npages; i++) {
		pfn = pm[i] & PM_PFN_MASK;
		iw->mask[pfn / 64 - iw->w0] |= 1ULL << (pfn % 64);
	}
	return 0;
}

/* pwrite (write=1) or pread the runs of non-zero mask words; the data is in iw->buf. */
static int idle_io(int fd, struct idle_words *iw, int write_)
{
	uint64_t w = 0, e;

	while (w < iw->nw) {
		if (!iw->mask[w]) {
			w++;
			continue;
		}
		for (e = w; e < iw->nw && iw->mask[e]; e++)
			;
		if (write_) {
			if (pwrite(fd, iw->buf + w, (e - w) * 8, (off_t)((iw->w0 + w) * 8)) !=
			    (ssize_t)((e - w) * 8))
				return -1;
		} else if (pread(fd, iw->buf + w, (e - w) * 8, (off_t)((iw->w0 + w) * 8)) !=
			   (ssize_t)((e - w) * 8)) {
			return -1;
		}
		w = e;
	}
	return 0;
}

static void page_idle_round(const uint64_t *pm, unsigned long r, double *t_mark, double *t_find)
{
	unsigned long i, accessed = 0, extra = 0, missed = 0;
	struct idle_words iw = { 0 };
	double t0;
	int fd;

	if (idle_words_build(&iw, pm)) {
		fprintf(stderr, "ractl bench-idle: no frames, or out of memory\n");
		exit(1);
	}
	fd = open(idle_path, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "ractl bench-idle: %s: %s\n", idle_path, strerror(errno));
		exit(1);
	}
	target_do('a');
	/* mark: set the idle bit of every frame of the mapping */
	t0 = now();
	memcpy(iw.buf, iw.mask, iw.nw * 8);
	if (idle_io(fd, &iw, 1)) {
		fprintf(stderr, "ractl bench-idle: write %s: %s\n", idle_path, strerror(errno));
		exit(1);
	}
	*t_mark = now() - t0;
	target_do('s');
	/* find: read the bits back; a frame whose idle bit was cleared was accessed */
	t0 = now();
	if (idle_io(fd, &iw, 0)) {
		fprintf(stderr, "ractl bench-idle: read %s: %s\n", idle_path, strerror(errno));
		exit(1);
	}
	*t_find = now() - t0;
	close(fd);
	for (i = 0; i < npages; i++) {
		uint64_t pfn = pm[i] & PM_PFN_MASK;
		int idle = (iw.buf[pfn / 64 - iw.w0] >> (pfn % 64)) & 1;
		int want = (subset[i / 64] >> (i % 64)) & 1;

		accessed += !idle;
		extra += !idle && !want;
		missed += idle && want;
	}
	printf("round %lu page_idle mark: %.6f s find: %.6f s words=%" PRIu64
	       " accessed=%lu extra=%lu missed=%lu %s\n", r, *t_mark, *t_find, iw.nw, accessed,
	       extra, missed, extra || missed ? "DIFFERS from the touched subset" :
	       "== touched subset");
	idle_diff += extra + missed;
	free(iw.mask);
	free(iw.buf);
}

/* --- clear_refs ---------------------------------------------------------------------------- */

/* "Referenced:" of the mapping at base, in kB, from /proc/P/smaps. */
static long smaps_referenced(void)
{
	char path[64], line[512];
	long kb = -1;
	int in = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/smaps", target);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "ractl bench-idle: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned long long a, b;
		char c;

		/* "start-end perms ..." heads each mapping; field lines never parse so */
		if (sscanf(line, "%llx-%llx %c", &a, &b, &c) == 3)
			in = a == base;
		else if (in && sscanf(line, "Referenced: %ld kB", &kb) == 1)
			in = 0;
	}
	fclose(f);
	return kb;
}

static void clear_refs_round(unsigned long r, double *t_mark, double *t_find)
{
	char path[64];
	double t0;
	long kb;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/clear_refs", target);
	target_do('a');
	t0 = now();
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, "1", 1) != 1) {
		fprintf(stderr, "ractl bench-idle: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	close(fd);
	*t_mark = now() - t0;
	target_do('s');
	t0 = now();
	kb = smaps_referenced();
	*t_find = now() - t0;
	if (kb < 0) {
		fprintf(stderr, "ractl bench-idle: no Referenced: line for 0x%lx in smaps\n",
			(unsigned long)base);
		exit(1);
	}
	printf("round %lu clear_refs mark: %.6f s smaps find: %.6f s referenced_pages=%ld %s\n",
	       r, *t_mark, *t_find, kb / 4, (unsigned long)kb / 4 == nsubset ?
	       "== subset size" : "DIFFERS from the subset size");
	refs_diff += labs(kb / 4 - (long)nsubset);
}

/* --- lru_gen: the kernel's MGLRU aging walk ---------------------------------------------------- */

static const char *const lru_gen_enabled = "/sys/kernel/mm/lru_gen/enabled";
static const char *const lru_gen_debug = "/sys/kernel/debug/lru_gen";
static char lru_gen_was[32];		/* "enabled" before the run, restored after */
static long lru_gen_diff;		/* |young-generation anon pages - subset| summed */

static int write_str(const char *path, const char *v)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, v, strlen(v)) == (ssize_t)strlen(v);
	close(fd);
	return ok ? 0 : -1;
}

/* Enable MGLRU and find its debugfs file; 1 when usable, else 0 after saying why. */
static int lru_gen_setup(void)
{
	FILE *f = fopen(lru_gen_enabled, "r");

	if (!f || !fgets(lru_gen_was, sizeof(lru_gen_was), f)) {
		printf("bench-idle: %s: %s; the lru_gen steps are skipped (a kernel without "
		       "CONFIG_LRU_GEN?)\n", lru_gen_enabled, strerror(errno));
		if (f)
			fclose(f);
		return 0;
	}
	fclose(f);
	lru_gen_was[strcspn(lru_gen_was, "\n")] = 0;
	if (write_str(lru_gen_enabled, "y")) {
		printf("bench-idle: enabling %s: %s; the lru_gen steps are skipped\n",
		       lru_gen_enabled, strerror(errno));
		return 0;
	}
	if (access(lru_gen_debug, W_OK) &&
	    mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL) && errno != EBUSY)
		printf("bench-idle: mounting debugfs: %s\n", strerror(errno));
	if (access(lru_gen_debug, W_OK)) {
		printf("bench-idle: %s: %s; the lru_gen steps are skipped\n", lru_gen_debug,
		       strerror(errno));
		write_str(lru_gen_enabled, lru_gen_was);
		return 0;
	}
	return 1;
}

/*
 * From the debugfs file ("memcg ID PATH", " node N", then "  GEN AGE_MS NR_ANON NR_FILE"
 * lines, oldest first): the root memory cgroup's id, its youngest generation, and the
 * anonymous pages of generation @gen. 0, or -1 when the file has no root generations.
 */
static int lru_gen_read(int *memcg, unsigned long *max_gen, unsigned long gen,
			unsigned long *anon)
{
	char line[256], path[128];
	unsigned long g, age, na, nf;
	int id, in_root = 0, found = 0;
	FILE *f = fopen(lru_gen_debug, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "memcg %d %127s", &id, path) == 2) {
			in_root = !strcmp(path, "/");
			if (in_root)
				*memcg = id;
		} else if (in_root && sscanf(line, " %lu %lu %lu %lu", &g, &age, &na, &nf) == 4) {
			*max_gen = g;
			if (g == gen)
				*anon = na;
			found = 1;
		}
	}
	fclose(f);
	return found ? 0 : -1;
}

/* One aging walk: its time, and the anon pages of the generation it filled (@young). */
static double lru_gen_age(unsigned long *young)
{
	unsigned long max_gen = 0, after = 0;
	char cmd[96];
	int memcg = 0;
	double t0, t;

	if (lru_gen_read(&memcg, &max_gen, ~0UL, young)) {
		fprintf(stderr, "ractl bench-idle: %s: no root memcg generations\n", lru_gen_debug);
		exit(1);
	}
	snprintf(cmd, sizeof(cmd), "+ %d 0 %lu 1 1\n", memcg, max_gen);
	t0 = now();
	if (write_str(lru_gen_debug, cmd)) {
		fprintf(stderr, "ractl bench-idle: %s: '%.*s': %s\n", lru_gen_debug,
			(int)strlen(cmd) - 1, cmd, strerror(errno));
		exit(1);
	}
	t = now() - t0;
	/* the walk moved the young pages to max_gen, then opened max_gen + 1 (empty) */
	*young = 0;
	lru_gen_read(&memcg, &after, max_gen, young);
	return t;
}

static void lru_gen_round(unsigned long r, double *t_mark, double *t_find)
{
	unsigned long young = 0;

	target_do('a');
	*t_mark = lru_gen_age(&young);
	target_do('s');
	*t_find = lru_gen_age(&young);
	printf("round %lu lru_gen mark (walk): %.6f s find (walk): %.6f s "
	       "young_generation_anon_pages=%lu %s\n", r, *t_mark, *t_find, young,
	       young >= nsubset ? ">= subset size" : "BELOW the subset size");
	lru_gen_diff += labs((long)young - (long)nsubset);
}

/* --- main ---------------------------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, unsigned long n)
{
	double s[MAX_ROUNDS];

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static void usage(void)
{
	fprintf(stderr, "usage: ractl [--dev PATH] bench-idle [--mib N] [--fraction K] [--seed S] "
		"[--rounds R] [--ractl PATH] [--page-idle PATH] [--no-device]\n");
	exit(2);
}

static unsigned long num(const char *s)
{
	char *e;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &e, 0);
	if (errno || *e || e == s)
		usage();
	return v;
}

/* argv[0] is "bench-idle"; @device the device file. */
int cmd_bench_idle(int argc, char **argv, const char *device)
{
	static const struct option opts[] = {
		{ "mib", required_argument, NULL, 'm' },
		{ "fraction", required_argument, NULL, 'k' },
		{ "seed", required_argument, NULL, 's' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "ractl", required_argument, NULL, 'R' },
		{ "page-idle", required_argument, NULL, 'I' },
		{ "no-device", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	double d_mark[MAX_ROUNDS] = { 0 }, d_find[MAX_ROUNDS] = { 0 }, rc[MAX_ROUNDS] = { 0 };
	double i_mark[MAX_ROUNDS] = { 0 }, i_find[MAX_ROUNDS] = { 0 }, pmt[MAX_ROUNDS] = { 0 };
	double c_mark[MAX_ROUNDS] = { 0 }, c_find[MAX_ROUNDS] = { 0 };
	double g_mark[MAX_ROUNDS] = { 0 }, g_find[MAX_ROUNDS] = { 0 };
	int have_lru_gen;
	double dev = 0, cr, pm_m, t0;
	uint64_t *ybm = NULL, *pm;
	int have_idle, idle_errno, fd = -1, c;
	unsigned long i, r;

	dev_path = device;
	setvbuf(stdout, NULL, _IOLBF, 0);
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'm': mib = num(optarg); break;
		case 'k': fraction = num(optarg); break;
		case 's': seed = num(optarg); break;
		case 'r': rounds = num(optarg); break;
		case 'R': ractl_path = optarg; break;
		case 'I': idle_path = optarg; break;
		case 'n': use_device = 0; break;
		default: usage();
		}
	}
	if (optind != argc || !mib || mib > (64UL << 10) || fraction < 1 || !rounds ||
	    rounds > MAX_ROUNDS)
		usage();
	npages = mib << 20 >> 12;
	subset = calloc((npages + 63) / 64, 8);
	ybm = calloc((npages + 63) / 64, 8);
	pm = calloc(npages, 8);
	if (!subset || !ybm || !pm) {
		perror("ractl bench-idle: calloc");
		return 1;
	}
	for (i = 0; i < npages; i++)
		if (in_subset(i)) {
			subset[i / 64] |= 1ULL << (i % 64);
			nsubset++;
		}
	have_idle = access(idle_path, R_OK | W_OK) == 0;
	idle_errno = errno;
	if (use_device) {
		fd = open(dev_path, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "ractl bench-idle: %s: %s\n", dev_path, strerror(errno));
			return 1;
		}
	}
	have_lru_gen = lru_gen_setup();	/* before the target: its pages start on MGLRU lists */
	start_target();
	t0 = now();
	target_do('a');
	printf("bench-idle mib=%lu pages=%lu subset=%lu (1/%lu, seed %" PRIu64 ") rounds=%lu "
	       "target pid=%d base=0x%lx first-touch=%.3f s page_idle=%s\n", mib, npages, nsubset,
	       fraction, seed, rounds, target, (unsigned long)base, now() - t0,
	       have_idle ? "present" : "absent");
	if (!have_idle)
		printf("bench-idle: %s: %s; the page_idle steps are skipped (the kernel was built "
		       "without CONFIG_IDLE_PAGE_TRACKING?)\n", idle_path, strerror(idle_errno));

	for (r = 1; r <= rounds; r++) {
		unsigned long k = r - 1;

		if (use_device) {
			target_do('a');
			d_mark[k] = device_scan(fd, ybm, 1, "scan --clear (all young, mark)", r);
			target_do('s');
			d_find[k] = device_scan(fd, ybm, 0, "scan --clear (subset young, find)", r);
			target_do('s');
			rc[k] = ractl_scan(r);
		}
		pmt[k] = read_pagemap(pm, r);
		if (have_idle)
			page_idle_round(pm, r, &i_mark[k], &i_find[k]);
		clear_refs_round(r, &c_mark[k], &c_find[k]);
		if (have_lru_gen)
			lru_gen_round(r, &g_mark[k], &g_find[k]);
	}
	if (write(to_target, "q", 1) != 1)
		perror("ractl bench-idle: write");
	close(to_target);
	waitpid(target, NULL, 0);

	printf("BENCH pages=%lu (%lu MiB) touched=%lu rounds=%lu; medians of the rounds\n", npages,
	       mib, nsubset, rounds);
	pm_m = median(pmt, rounds);
	if (use_device) {
		unsigned int k;

		dev = median(d_find, rounds);
		printf("BENCH device: scan --clear of the touched state (find; it re-marks too) "
		       "%.6f s; of the all-written state (mark) %.6f s; the command `ractl scan "
		       "--clear` %.6f s (wall, process start included)\n", dev,
		       median(d_mark, rounds), median(rc, rounds));
		printf("BENCH device counters of the find scan:");
		for (k = 0; k < NCOUNTERS; k++)
			printf(" %s=%llu", counter_names[k], (unsigned long long)find_counters[k]);
		printf(" (busy_cycles: the model's estimate)\n");
	}
	printf("BENCH pagemap: read of %lu entries %.6f s\n", npages, pm_m);
	/* Per interval of a working-set estimator: the kernel method's mark + find against one
	 * device scan --clear, which finds and re-marks at once. */
	if (have_idle) {
		double job = pm_m + median(i_mark, rounds) + median(i_find, rounds);

		printf("BENCH page_idle: pagemap %.6f s + mark (bitmap write) %.6f s + find (bitmap "
		       "read) %.6f s = %.6f s\n", pm_m, median(i_mark, rounds),
		       median(i_find, rounds), job);
		if (use_device)
			printf("BENCH ratio page_idle / device scan --clear = %.2f\n", job / dev);
	} else {
		printf("BENCH page_idle: absent (%s), not measured; its job would be pagemap + "
		       "bitmap write + bitmap read, so more than the pagemap read alone\n",
		       idle_path);
		if (use_device)
			printf("BENCH ratio pagemap read alone / device scan --clear = %.2f (a lower "
			       "bound of page_idle / device)\n", pm_m / dev);
	}
	cr = median(c_mark, rounds) + median(c_find, rounds);
	printf("BENCH clear_refs: mark (clear_refs write) %.6f s + find (smaps read) %.6f s = "
	       "%.6f s (a count, not a set)\n", median(c_mark, rounds), median(c_find, rounds), cr);
	if (use_device)
		printf("BENCH ratio clear_refs / device scan --clear = %.2f\n", cr / dev);
	if (have_lru_gen) {
		double g = median(g_find, rounds);

		printf("BENCH lru_gen: the kernel's MGLRU aging walk of the touched state (find; it "
		       "re-marks too) %.6f s; of the all-written state (mark) %.6f s\n", g,
		       median(g_mark, rounds));
		if (use_device)
			printf("BENCH ratio lru_gen walk / device scan --clear = %.2f\n", g / dev);
		if (lru_gen_diff)
			printf("BENCH lru_gen young generation: anon pages differed from the subset "
			       "size by %ld in all (other processes' young pages, or accesses the "
			       "walk missed)\n", lru_gen_diff);
		else
			printf("BENCH lru_gen young generation == the subset size in every round\n");
		write_str(lru_gen_enabled, lru_gen_was);
	} else {
		printf("BENCH lru_gen: absent, not measured\n");
	}
	if (use_device)
		printf("BENCH device young set %s the touched subset (%lu of %lu pages) in every "
		       "round\n", failures ? "did NOT always equal" : "== exactly", nsubset,
		       npages);
	if (have_idle)
		printf("BENCH page_idle accessed set %s\n", idle_diff ?
		       "differed from the touched subset (see the rounds)" :
		       "== exactly the touched subset in every round");
	printf("BENCH clear_refs Referenced count %s\n", refs_diff ?
	       "differed from the subset size (see the rounds)" :
	       "== the subset size in every round");
	printf("BENCH checks: %s\n", failures ? "FAILED" : "passed");
	return failures ? 1 : 0;
}
