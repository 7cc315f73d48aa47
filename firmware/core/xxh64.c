// SPDX-License-Identifier: MIT
/*
 * XXH64 for the CPU path of KSM (--accel off): the project's one implementation
 * (include/ra_xxh64.h). Linux KSM's calc_checksum() is xxhash(page, PAGE_SIZE, 0) truncated to
 * 32 bits on 64-bit kernels.
 */
#include "internal.h"
#include "ra_xxh64.h"

u64 fw_xxh64(const void *buf, size_t len, u64 seed)
{
	return ra_xxh64_compute(buf, len, seed);
}
