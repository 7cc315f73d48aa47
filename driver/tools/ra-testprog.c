// SPDX-License-Identifier: GPL-2.0
/*
 * ra-testprog - a process with a known memory map for the reclaim-accel end-to-end test.
 *
 *   ra-testprog [--as-uid U [--cap C]] N
 *
 * --as-uid U (run as root): become uid and gid U and execute itself again, with capability
 * number C (e.g. 10, CAP_NET_BIND_SERVICE) raised as an ambient capability, so that the program
 * runs as U with C in its permitted and effective sets (as a service started with
 * AmbientCapabilities=). Access-control tests use it as a target.
 *
 * Maps N anonymous private pages (no huge pages, nothing touched), prints
 *   pid <pid> base 0x<addr> pages <N>
 * then reads commands from stdin, one per line, and answers each with "done <seq>" (seq counts
 * commands from 1), flushing stdout:
 *   touch SPEC...   write one byte to each page of SPEC (i, or i-j inclusive, or all)
 *   read SPEC...    read one byte of each page of SPEC
 *   resident        print "resident <count> swapped <count>" and "R <i>" for each resident
 *                   page, from /proc/self/pagemap (reading it touches none of the pages)
 *   fill SPEC zero | ones | random SEED
 *                   write every byte of each page of SPEC: 0, 0xff, or pseudo-random bytes
 *                   that depend on SEED and the page number
 *   copy DST SRC    copy page SRC to page DST (identical pages)
 *   protect SPEC    mprotect(PROT_NONE) the pages of SPEC
 *   pageout SPEC    madvise(MADV_PAGEOUT) the pages of SPEC until none is present (swap
 *                   needed; an error if they stay)
 *   hashref SPEC    for each page of SPEC the result `ractl hash` must give, computed with the
 *                   reference XXH64 (xxh64.c) from the page itself:
 *                     H <i> state=hashed checksum=0x<low 32 bits of XXH64> zero=<0|1>
 *                     H <i> state=absent      (not present in /proc/self/pagemap: untouched
 *                                              or swapped; not read, so not faulted in)
 *                     H <i> state=unmapped    (protected by "protect")
 *   quit            exit
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <linux/capability.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "xxh64.h"

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

#define PAGE 4096UL

static volatile uint8_t *base;
static unsigned long npages;
static volatile uint8_t sink;
static uint8_t *prot;		/* pages made PROT_NONE by "protect" */

/* Parse SPEC (i, i-j or all) into the inclusive page range [*a, *b]. */
static int parse_spec(const char *spec, unsigned long *a, unsigned long *b)
{
	char *e;

	if (!spec)
		return -1;
	if (!strcmp(spec, "all")) {
		*a = 0;
		*b = npages - 1;
		return 0;
	}
	*a = strtoul(spec, &e, 0);
	*b = *a;
	if (*e == '-')
		*b = strtoul(e + 1, &e, 0);
	return *e || e == spec || *b < *a || *b >= npages ? -1 : 0;
}

static int apply(const char *spec, int write)
{
	unsigned long a, b, i;

	if (parse_spec(spec, &a, &b))
		return -1;
	for (i = a; i <= b; i++) {
		if (write)
			base[i * PAGE + (i % 64)] = (uint8_t)(i | 1);
		else
			sink = base[i * PAGE];
	}
	return 0;
}

static void resident(void)
{
	unsigned long i, nres = 0, nswap = 0;
	uint64_t *pm = calloc(npages, 8);
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (!pm || fd < 0 || pread(fd, pm, npages * 8, (uintptr_t)base / PAGE * 8) !=
	    (ssize_t)(npages * 8)) {
		printf("error reading pagemap\n");
		if (fd >= 0)
			close(fd);
		free(pm);
		return;
	}
	close(fd);
	for (i = 0; i < npages; i++) {
		nres += (pm[i] >> 63) & 1;
		nswap += (pm[i] >> 62) & 1;
	}
	printf("resident %lu swapped %lu\n", nres, nswap);
	for (i = 0; i < npages; i++)
		if ((pm[i] >> 63) & 1)
			printf("R %lu\n", i);
	free(pm);
}

/* Pseudo-random page contents: a function of the seed and the page number only. */
static void fill_random(uint8_t *p, unsigned long seed, unsigned long page)
{
	uint64_t x = seed * 0x9E3779B97F4A7C15ULL + page * 0xD1B54A32D192ED03ULL + 1;
	unsigned long k;

	for (k = 0; k < PAGE; k += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(p + k, &x, 8);
	}
}

static int fill(const char *spec, const char *kind, const char *seed)
{
	unsigned long a, b, i;

	if (parse_spec(spec, &a, &b) || !kind)
		return -1;
	for (i = a; i <= b; i++) {
		uint8_t *p = (uint8_t *)base + i * PAGE;

		if (!strcmp(kind, "zero"))
			memset(p, 0, PAGE);
		else if (!strcmp(kind, "ones"))
			memset(p, 0xff, PAGE);
		else if (!strcmp(kind, "random") && seed)
			fill_random(p, strtoul(seed, NULL, 0), i);
		else
			return -1;
	}
	return 0;
}

/* 1 when no page of [a, b] is present (pagemap), 0 when one is, -1 on error. */
static int none_present(unsigned long a, unsigned long b)
{
	int fd = open("/proc/self/pagemap", O_RDONLY), ret = 1;
	unsigned long i;

	if (fd < 0)
		return -1;
	for (i = a; i <= b && ret == 1; i++) {
		uint64_t e;

		if (pread(fd, &e, 8, ((uintptr_t)base / PAGE + i) * 8) != 8)
			ret = -1;
		else if ((e >> 63) & 1)
			ret = 0;
	}
	close(fd);
	return ret;
}

/*
 * MADV_PAGEOUT only takes pages that are on an LRU list; a page faulted in on one CPU may still
 * sit in that CPU's per-CPU batch, which madvise drains for the CPU it runs on only. So the
 * call is made on every CPU in turn, until no page of the range is present.
 */
static int pageout(unsigned long a, unsigned long b)
{
	cpu_set_t orig, one;
	int round, cpu, r;

	if (sched_getaffinity(0, sizeof(orig), &orig))
		return -1;
	for (round = 0; round < 5; round++) {
		for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
			if (!CPU_ISSET(cpu, &orig))
				continue;
			CPU_ZERO(&one);
			CPU_SET(cpu, &one);
			sched_setaffinity(0, sizeof(one), &one);
			if (madvise((uint8_t *)base + a * PAGE, (b - a + 1) * PAGE, MADV_PAGEOUT)) {
				sched_setaffinity(0, sizeof(orig), &orig);
				return -1;
			}
		}
		r = none_present(a, b);
		if (r)
			break;
	}
	sched_setaffinity(0, sizeof(orig), &orig);
	return r == 1 ? 0 : -1;
}

static int range_op(const char *spec, int op)
{
	unsigned long a, b, i;

	if (parse_spec(spec, &a, &b))
		return -1;
	if (op == 'p') {
		if (mprotect((uint8_t *)base + a * PAGE, (b - a + 1) * PAGE, PROT_NONE))
			return -1;
		for (i = a; i <= b; i++)
			prot[i] = 1;
		return 0;
	}
	return pageout(a, b);
}

/* The expected `ractl hash` line of each page of SPEC. */
static int hashref(const char *spec)
{
	unsigned long a, b, i;
	int fd;

	if (parse_spec(spec, &a, &b))
		return -1;
	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0)
		return -1;
	for (i = a; i <= b; i++) {
		const uint8_t *p = (const uint8_t *)base + i * PAGE;
		uint64_t e = 0, h;
		unsigned long k;
		int zero = 1;

		if (prot[i]) {
			printf("H %lu state=unmapped\n", i);
			continue;
		}
		/* Checked before the page is read, so that reading does not fault it in. */
		if (pread(fd, &e, 8, (uintptr_t)p / PAGE * 8) != 8) {
			close(fd);
			return -1;
		}
		if (!((e >> 63) & 1)) {
			printf("H %lu state=absent\n", i);
			continue;
		}
		h = ra_xxh64(p, PAGE, 0);
		for (k = 0; k < PAGE && zero; k++)
			zero = !p[k];
		printf("H %lu state=hashed checksum=0x%08x zero=%d\n", i, (unsigned int)(uint32_t)h,
		       zero);
	}
	close(fd);
	return 0;
}

/* --as-uid: become @uid keeping capability @cap (-1: none) as an ambient one; exec @n_arg. */
static void become(long uid, long cap, char *n_arg)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	char *args[] = { "ra-testprog", n_arg, NULL };

	memset(d, 0, sizeof(d));
	if ((cap >= 0 && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0)) || setgroups(0, NULL) ||
	    setgid(uid) || setuid(uid)) {
		perror("ra-testprog: --as-uid");
		exit(1);
	}
	if (cap >= 0) {
		d[cap / 32].permitted = d[cap / 32].effective = d[cap / 32].inheritable =
			1u << (cap % 32);
		if (syscall(SYS_capset, &h, d) ||
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0)) {
			perror("ra-testprog: --cap");
			exit(1);
		}
	}
	execv("/proc/self/exe", args);
	perror("ra-testprog: exec");
	exit(1);
}

int main(int argc, char **argv)
{
	char line[65536];
	unsigned long seq = 0;
	long as_uid = -1, cap = -1;

	while (argc > 2 && !strncmp(argv[1], "--", 2)) {
		if (!strcmp(argv[1], "--as-uid"))
			as_uid = strtol(argv[2], NULL, 0);
		else if (!strcmp(argv[1], "--cap"))
			cap = strtol(argv[2], NULL, 0);
		else
			break;
		argc -= 2;
		argv += 2;
	}
	if (argc != 2 || !(npages = strtoul(argv[1], NULL, 0)) || (cap >= 0 && as_uid < 0) ||
	    cap > 63) {
		fprintf(stderr, "usage: ra-testprog [--as-uid U [--cap C]] N\n");
		return 2;
	}
	if (as_uid >= 0)
		become(as_uid, cap, argv[1]);
	/* Large reservations (sparse tests) are not charged against overcommit. */
	base = mmap(NULL, npages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
		    (npages > (1UL << 18) ? MAP_NORESERVE : 0),
		    -1, 0);
	prot = calloc(npages, 1);
	if (base == MAP_FAILED || !prot) {
		perror("ra-testprog: mmap");
		return 1;
	}
	/* 4 KiB leaves only, so young pages are exactly the touched ones. */
	madvise((void *)base, npages * PAGE, MADV_NOHUGEPAGE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("pid %d base 0x%lx pages %lu\n", getpid(), (unsigned long)(uintptr_t)base, npages);

	while (fgets(line, sizeof(line), stdin)) {
		char *save = NULL, *tok = strtok_r(line, " \t\n", &save);
		int err = 0;

		seq++;
		if (!tok) {
			;
		} else if (!strcmp(tok, "touch") || !strcmp(tok, "read")) {
			int write = tok[0] == 't';

			while ((tok = strtok_r(NULL, " \t\n", &save)))
				if (apply(tok, write))
					err = 1;
		} else if (!strcmp(tok, "resident")) {
			resident();
		} else if (!strcmp(tok, "fill")) {
			char *spec = strtok_r(NULL, " \t\n", &save);
			char *kind = strtok_r(NULL, " \t\n", &save);

			err = fill(spec, kind, strtok_r(NULL, " \t\n", &save)) != 0;
		} else if (!strcmp(tok, "copy")) {
			char *d = strtok_r(NULL, " \t\n", &save), *sp = strtok_r(NULL, " \t\n", &save);
			unsigned long dst, src, x;

			if (parse_spec(d, &dst, &x) || x != dst || parse_spec(sp, &src, &x) || x != src)
				err = 1;
			else
				memcpy((uint8_t *)base + dst * PAGE, (uint8_t *)base + src * PAGE, PAGE);
		} else if (!strcmp(tok, "protect") || !strcmp(tok, "pageout")) {
			int op = tok[1] == 'r' ? 'p' : 'o';

			while ((tok = strtok_r(NULL, " \t\n", &save)))
				if (range_op(tok, op))
					err = 1;
		} else if (!strcmp(tok, "hashref")) {
			err = hashref(strtok_r(NULL, " \t\n", &save)) != 0;
		} else if (!strcmp(tok, "quit")) {
			printf("done %lu\n", seq);
			return 0;
		} else {
			err = 1;
		}
		if (err)
			printf("error in command %lu\n", seq);
		printf("done %lu\n", seq);
	}
	return 0;
}
