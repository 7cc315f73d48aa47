// SPDX-License-Identifier: GPL-2.0
/*
 * ra-testprog - a process with a known memory map for the reclaim-accel end-to-end test.
 *
 *   ra-testprog N
 *
 * Maps N anonymous private pages (no huge pages, nothing touched), prints
 *   pid <pid> base 0x<addr> pages <N>
 * then reads commands from stdin, one per line, and answers each with "done <seq>" (seq counts
 * commands from 1), flushing stdout:
 *   touch SPEC...   write one byte to each page of SPEC (i, or i-j inclusive, or all)
 *   read SPEC...    read one byte of each page of SPEC
 *   resident        print "resident <count> swapped <count>" and "R <i>" for each resident
 *                   page, from /proc/self/pagemap (reading it touches none of the pages)
 *   quit            exit
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096UL

static volatile uint8_t *base;
static unsigned long npages;
static volatile uint8_t sink;

static int apply(const char *spec, int write)
{
	unsigned long a, b, i;
	char *e;

	if (!strcmp(spec, "all")) {
		a = 0;
		b = npages - 1;
	} else {
		a = strtoul(spec, &e, 0);
		b = a;
		if (*e == '-')
			b = strtoul(e + 1, &e, 0);
		if (*e || b < a || b >= npages)
			return -1;
	}
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

int main(int argc, char **argv)
{
	char line[65536];
	unsigned long seq = 0;

	if (argc != 2 || !(npages = strtoul(argv[1], NULL, 0))) {
		fprintf(stderr, "usage: ra-testprog N\n");
		return 2;
	}
	base = mmap(NULL, npages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0);
	if (base == MAP_FAILED) {
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
