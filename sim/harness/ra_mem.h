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
/**
 * ra_mem_write_strb() - write the bytes of @buf[0..@len) whose bit in @strb is set to @pa..
 * (@len <= 64, @pa aligned to @len: one bus beat). -1, with nothing written, if a byte to be
 * written is outside every region.
 */
int ra_mem_write_strb(struct ra_mem *m, uint64_t pa, const void *buf, unsigned len, uint64_t strb);
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

/*
 * Bus-error injection (docs/device.md, "Bus errors"). A device access (axi_mem, or the C model
 * through ra_mem_model_ops) that touches a poisoned 64-byte line, or lies outside every region,
 * gets an error response and is not performed: reads return zero data, writes and atomics leave
 * memory unchanged. The poison set is copied by ra_mem_clone(), so an RTL and a model memory
 * made from one image see the same errors. Functional accesses (ra_mem_read() ...) ignore it.
 */
#define RA_MEM_POISON_MAX 64
struct ra_mem_inj {
	uint64_t rd, wr, at;	/* error responses given: reads, writes, atomics */
};
#define RA_MEM_POISON_READ 1u
#define RA_MEM_POISON_WRITE 2u
#define RA_MEM_POISON_ATOMIC 4u
/** ra_mem_poison() - poison the line holding @pa with response @resp (2 SLVERR, 3 DECERR) for
 * the access kinds in @kinds (RA_MEM_POISON_*; a slave may, say, refuse only atomics). */
int ra_mem_poison(struct ra_mem *m, uint64_t pa, unsigned resp, unsigned kinds);
/** ra_mem_poisoned() - the error response of an access [pa, pa+len) of kind @kind
 * (RA_MEM_POISON_*), or 0 (OKAY). */
unsigned ra_mem_poisoned(const struct ra_mem *m, uint64_t pa, uint64_t len, unsigned kind);
/** ra_mem_poison_clear() - remove every poisoned line. */
void ra_mem_poison_clear(struct ra_mem *m);
/** ra_mem_injected() - errors the model ops returned so far. */
const struct ra_mem_inj *ra_mem_injected(const struct ra_mem *m);

/** ra_mem_set_ops_hook() - call @fn(ctx, kind 0 read / 1 write / 2 atomic, pa) for every
 * access the model makes through ra_mem_model_ops (to choose lines worth poisoning). */
void ra_mem_set_ops_hook(struct ra_mem *m, void (*fn)(void *ctx, int kind, uint64_t pa),
			 void *ctx);

/* Plug-in for struct ra_mem_ops of the C model. */
struct ra_mem_ops;
extern const struct ra_mem_ops ra_mem_model_ops;

#endif
