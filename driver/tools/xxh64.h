/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xxh64.h - a reference XXH64 for the reclaim-accel guest tools.
 *
 * The device's HASH engine reports, per page, the low 32 bits of XXH64(page, 4096, seed 0),
 * which is the checksum Linux KSM computes (calc_checksum() on 64-bit kernels). ra-testprog
 * uses this implementation to compute the expected value of its own pages; the host unit test
 * tests/unit/test_xxh64.c checks it against libxxhash. Written from the published XXH64
 * algorithm description; plain C, no dependencies, any host byte order.
 */
#ifndef RA_XXH64_H
#define RA_XXH64_H

#include <stddef.h>
#include <stdint.h>

/**
 * ra_xxh64() - XXH64 of a buffer.
 * @data: @len bytes (any alignment; may be NULL when @len is 0).
 * @len: length in bytes.
 * @seed: seed (KSM uses 0).
 *
 * Return: the 64-bit hash.
 */
uint64_t ra_xxh64(const void *data, size_t len, uint64_t seed);

#endif /* RA_XXH64_H */
