// SPDX-License-Identifier: MIT
/*
 * hashjoin.c - a small in-memory hash join: the program whose memory
 * references are recorded in tests/data/hashjoin.ratr.gz (scripts/record-trace,
 * docs/trace-format.md).
 *
 * The build relation R has NR rows of 256 bytes (a key, a chain link and a
 * payload), 6 MiB; a chained hash table of NB bucket heads (256 KiB) indexes
 * it by key. The probe relation S is generated on the fly: each of
 * NS probes looks up a key that is in R with probability 3/4 and adds up the
 * payload of the matching row. The program is deterministic (a fixed-seed
 * xorshift generator, no time or address dependence) and prints the number
 * of matches and a checksum.
 *
 * Build: gcc -O1 -o hashjoin hashjoin.c     Run: ./hashjoin [NS]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NR		24576u		/* build rows */
#define NB		(1u << 16)	/* bucket heads */
#define NS_DEFAULT	80000u		/* probes */
#define PAYLOAD		30		/* 8-byte payload words per row */

struct row {
	uint64_t key;
	uint32_t next;		/* 1 + index of the next row in the bucket; 0 ends */
	uint32_t len;
	uint64_t payload[PAYLOAD];
};

/* A bijection on 64-bit values: distinct row numbers give distinct keys. */
static inline uint64_t key_of(uint64_t i)
{
	i += 0x9e3779b97f4a7c15ull;
	i = (i ^ (i >> 30)) * 0xbf58476d1ce4e5b9ull;
	i = (i ^ (i >> 27)) * 0x94d049bb133111ebull;
	return i ^ (i >> 31);
}

static inline uint32_t bucket_of(uint64_t key)
{
	return (uint32_t)((key * 0xff51afd7ed558ccdull) >> 48) & (NB - 1);
}

int main(int argc, char **argv)
{
	unsigned long ns = argc > 1 ? strtoul(argv[1], NULL, 0) : NS_DEFAULT;
	uint64_t rng = 88172645463325252ull, sum = 0, matches = 0, key;
	struct row *r = malloc(NR * sizeof(*r));
	uint32_t *head = calloc(NB, sizeof(*head));
	uint32_t i, j, b, k;
	unsigned long p;

	if (!r || !head)
		return 1;

	/* fill R */
	for (i = 0; i < NR; i++) {
		r[i].key = key_of(i);
		r[i].next = 0;
		r[i].len = 1 + i % PAYLOAD;
		for (j = 0; j < PAYLOAD; j++)
			r[i].payload[j] = i * 31 + j;
	}

	/* build the hash table */
	for (i = 0; i < NR; i++) {
		b = bucket_of(r[i].key);
		r[i].next = head[b];
		head[b] = i + 1;
	}

	/* probe with S */
	for (p = 0; p < ns; p++) {
		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		if ((rng & 3) != 0)
			key = key_of((rng >> 8) % NR);		/* a key of R */
		else
			key = key_of(NR + (rng >> 8) % NR);	/* no match */
		for (k = head[bucket_of(key)]; k; k = r[k - 1].next) {
			if (r[k - 1].key != key)
				continue;
			matches++;
			for (j = 0; j < r[k - 1].len; j++)
				sum += r[k - 1].payload[j];
		}
	}

	printf("hashjoin: %u build rows, %lu probes, %llu matches, checksum %016llx\n",
	       NR, ns, (unsigned long long)matches, (unsigned long long)sum);
	free(head);
	free(r);
	return 0;
}
