/* SPDX-License-Identifier: MIT */
/*
 * ra_mem - sparse physical memory for co-simulation.
 *
 * Memory exists only inside regions the test declares (ra_mem_add_region); any access outside
 * them is a bounds violation: it is counted, logged once per address, reads return zero and
 * writes are dropped, so a test can assert that none happened.
 */
#ifndef RA_MEM_H
#define RA_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ra_mem;

struct ra_mem *ra_mem_create(void);
void ra_mem_destroy(struct ra_mem *m);

/** ra_mem_add_region() - declare [base, base+size) as backed memory (zero-filled). */
int ra_mem_add_region(struct ra_mem *m, uint64_t base, uint64_t size);
bool ra_mem_in_region(const struct ra_mem *m, uint64_t pa, uint64_t len);

/* Functional access (no timing). Return 0, or -1 on a bounds violation. */
int ra_mem_read(struct ra_mem *m, uint64_t pa, void *buf, size_t len);
int ra_mem_write(struct ra_mem *m, uint64_t pa, const void *buf, size_t len);
uint64_t ra_mem_rd64(struct ra_mem *m, uint64_t pa);
void ra_mem_wr64(struct ra_mem *m, uint64_t pa, uint64_t v);
/** ra_mem_atomic_clr64() - one indivisible fetch-and-clear of an aligned 64-bit word. */
int ra_mem_atomic_clr64(struct ra_mem *m, uint64_t pa, uint64_t mask, uint64_t *old);

/**
 * ra_mem_page() - direct pointer to backed page @pfn (allocated zeroed on first use), stable
 * until ra_mem_destroy(); NULL if the page is outside every region. For embeddings that map
 * simulated memory, such as the firmware's host platform.
 */
void *ra_mem_page(struct ra_mem *m, uint64_t pfn);

/** ra_mem_bounds_errors() - accesses that fell outside every region so far. */
uint64_t ra_mem_bounds_errors(const struct ra_mem *m);

/** ra_mem_digest() - FNV-1a over every backed page in address order (for image equality). */
uint64_t ra_mem_digest(const struct ra_mem *m);
/** ra_mem_compare() - first differing address of two memories' regions, or -1 if equal. */
int64_t ra_mem_compare(const struct ra_mem *a, const struct ra_mem *b);
/** ra_mem_clone() - deep copy. */
struct ra_mem *ra_mem_clone(const struct ra_mem *m);

/* Plug-in for struct ra_mem_ops of the C model. */
struct ra_mem_ops;
extern const struct ra_mem_ops ra_mem_model_ops;

#endif
