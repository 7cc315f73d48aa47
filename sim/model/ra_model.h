/* SPDX-License-Identifier: MIT */
/*
 * ra_model.h - golden C model of the reclaim-accel device.
 *
 * The model implements docs/device.md literally. It is the oracle of the
 * RTL differential tests and the backend of an emulated device, so it keeps
 * no global state, never prints and never exits. Register offsets, fields,
 * counter indexes, opcodes, statuses and fault kinds come from ra_regs.h.
 *
 * Execution is transaction-level: ra_model_run() executes whole commands,
 * one after the other, between two CSR accesses. STATUS.BUSY therefore always
 * reads 0 and CTRL.SOFT_RESET is never ignored.
 */
#ifndef RA_MODEL_H
#define RA_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ra_regs.h"

/**
 * struct ra_mem_ops - memory seen by the device's AXI master port
 * @read: read @len bytes at physical address @pa into @buf; returns 0 on
 *	success, non-zero for a non-OKAY response (a bus error, docs/device.md
 *	"Bus errors"): the model then takes the whole access as zero data and
 *	the completion gets status BUS with BUS_READ.
 * @write: write @len bytes from @buf at @pa; returns 0 on success, non-zero
 *	for a bus error (BUS_WRITE).
 * @atomic_clr64: atomically fetch the little-endian 64-bit word at @pa into
 *	*@old and clear the bits of @mask in memory; returns 0 on success,
 *	non-zero for a bus error (BUS_ATOMIC). The model discards *@old.
 *
 * The model only calls these for accesses that lie inside a DMA window.
 * Line reads are 64 bytes and 64-byte aligned; every other access is a
 * single 8-byte, 8-byte aligned word.
 */
struct ra_mem_ops {
	int (*read)(void *ctx, uint64_t pa, void *buf, size_t len);
	int (*write)(void *ctx, uint64_t pa, const void *buf, size_t len);
	int (*atomic_clr64)(void *ctx, uint64_t pa, uint64_t mask,
			    uint64_t *old);
};

/**
 * struct ra_model_cfg - build-time parameters (the RTL's parameters)
 * @data_bytes: memory-port data width in bytes, 8 or 16 (beat counting).
 * @walk_cache: walk-cache entries, 0..64 (0 disables the cache).
 * @rd_inflight: read bursts kept in flight, 1..32 (CAP; cycle estimate).
 * @mem_latency: read latency in clock cycles, used by the cycle estimate.
 * @engines: CAP.ENGINES, bit (opcode - 1) per engine present; 0 means all
 *	five (WALK, SCAN, HASH, CMP, COPY). WALK is always present. The counters
 *	of an engine that is left out read 0 and ignore writes.
 * @cnt_width: counter width in bits, 16..64 (PERF_CAP.WIDTH); 0 means 64.
 * @windows: DMA windows implemented, 1..4; 0 means 4. The registers of the
 *	others read 0 and ignore writes (the windows stay empty).
 */
struct ra_model_cfg {
	unsigned int data_bytes;
	unsigned int walk_cache;
	unsigned int rd_inflight;
	unsigned int mem_latency;
	unsigned int engines;
	unsigned int cnt_width;
	unsigned int windows;
};

/**
 * ra_xxh64() - XXH64 of @len bytes at @p with @seed (the HASH engine's
 * checksum is its low 32 bits with seed 0, as Linux KSM's calc_checksum()).
 */
uint64_t ra_xxh64(const void *p, size_t len, uint64_t seed);

struct ra_model;

/**
 * ra_model_create() - allocate a device model in its reset state
 * @cfg: build parameters; copied.
 * @ops: memory callbacks; copied; all three must be non-NULL.
 * @ctx: opaque pointer passed to every @ops callback.
 *
 * Return: the model, or NULL if @cfg or @ops is invalid or memory is short.
 */
struct ra_model *ra_model_create(const struct ra_model_cfg *cfg,
				 const struct ra_mem_ops *ops, void *ctx);

/**
 * ra_model_destroy() - free a model
 * @m: model, may be NULL.
 */
void ra_model_destroy(struct ra_model *m);

/**
 * ra_model_reset() - hardware reset
 * @m: model.
 *
 * Returns every register, ring index, counter, counter HI latch and the walk
 * cache to the reset state. CTRL.SOFT_RESET has the same effect.
 */
void ra_model_reset(struct ra_model *m);

/**
 * ra_model_read32() - CSR read
 * @m: model.
 * @off: byte offset in the CSR space. Only bits 9:2 are decoded (10-bit
 *	AXI4-Lite address, 32-bit registers).
 *
 * Has side effects: reading a counter's LO half latches its HI half.
 *
 * Return: the register value; 0 for unmapped offsets.
 */
uint32_t ra_model_read32(struct ra_model *m, uint32_t off);

/**
 * ra_model_write32() - CSR write (all four byte lanes)
 * @m: model.
 * @off: byte offset, decoded as for ra_model_read32().
 * @val: value.
 *
 * Writing SQ_TAIL does not execute anything by itself: call ra_model_run().
 */
void ra_model_write32(struct ra_model *m, uint32_t off, uint32_t val);

/**
 * ra_model_can_run() - whether the device would take a command now
 * @m: model.
 *
 * Return: true when CTRL.ENABLE=1, both ring sizes are non-zero,
 * STATUS.RING_FAULT=0, SQ_HEAD != SQ_TAIL and the completion ring is not full.
 */
bool ra_model_can_run(const struct ra_model *m);

/**
 * ra_model_run() - execute pending commands
 * @m: model.
 * @max_cmds: upper bound on the number of commands to execute.
 *
 * Executes, in ring order, commands for as long as ra_model_can_run() holds,
 * at most @max_cmds of them. A ring fault stops execution (and is not counted
 * as a command).
 *
 * Return: the number of completion entries written.
 */
unsigned int ra_model_run(struct ra_model *m, unsigned int max_cmds);

/**
 * ra_model_irq() - level of the interrupt line
 * @m: model.
 *
 * Return: true when INT_STATUS & ~INT_MASK is non-zero.
 */
bool ra_model_irq(const struct ra_model *m);

/**
 * ra_model_counter() - current value of a performance counter
 * @m: model.
 * @idx: counter index (RA_CNT_*).
 *
 * No side effect (the HI latch is not touched).
 *
 * Return: the 64-bit value, 0 for an index out of range.
 */
uint64_t ra_model_counter(const struct ra_model *m, unsigned int idx);

/**
 * ra_model_add_idle_cycles() - account idle clock cycles
 * @m: model.
 * @n: cycles during which the device was idle.
 *
 * The model adds its estimate of every command's duration to both ``cycles``
 * and ``busy_cycles``; an embedding that tracks time may add the idle time to
 * ``cycles`` with this call. Honours CNT_FREEZE and overflow reporting.
 */
void ra_model_add_idle_cycles(struct ra_model *m, uint64_t n);

/**
 * ra_model_set_trace() - install a trace callback
 * @m: model.
 * @fn: called with a one-line message (no newline) per WALK level read, per
 *	WALK result and per SCAN fault record; NULL disables tracing.
 * @ctx: passed to @fn.
 */
void ra_model_set_trace(struct ra_model *m,
			void (*fn)(void *ctx, const char *msg), void *ctx);

/*
 * Saved state (for an embedding that migrates or snapshots the device, such
 * as the QEMU device's VMStateDescription).
 *
 * The image is a flat little-endian byte string of RA_MODEL_STATE_BYTES
 * bytes, independent of the host: a magic word ("RAMS"), a format version
 * (RA_MODEL_STATE_VERSION), the five build parameters (CAP.ENGINES last), then every register,
 * ring index, window, counter and counter HI latch. The walk cache is not
 * saved: it is invalidated at the start of every command, so it holds nothing
 * between two ra_model_run() calls. Callbacks, trace hook and ctx are not part
 * of the state.
 */
/* the image format (2) and the counter count: adding a counter makes a new version by itself */
#define RA_MODEL_STATE_VERSION	(2u << 8 | RA_NUM_COUNTERS)
#define RA_MODEL_STATE_BYTES	(156u + 12u * RA_NUM_COUNTERS)

/* Errors returned by ra_model_load(). */
#define RA_MODEL_LOAD_EBADIMAGE	(-1)	/* wrong length or magic */
#define RA_MODEL_LOAD_EVERSION	(-2)	/* unknown format version */
#define RA_MODEL_LOAD_ECONFIG	(-3)	/* saved with other build parameters */
#define RA_MODEL_LOAD_EINVAL	(-4)	/* a field holds an impossible value */

/**
 * ra_model_state_size() - size of a saved state image
 *
 * Return: RA_MODEL_STATE_BYTES.
 */
size_t ra_model_state_size(void);

/**
 * ra_model_save() - serialise the architectural state
 * @m: model; not modified (no HI latch side effect).
 * @buf: receives exactly ra_model_state_size() bytes.
 */
void ra_model_save(const struct ra_model *m, void *buf);

/**
 * ra_model_load() - restore a state saved by ra_model_save()
 * @m: model, created with the same build parameters as the saved one.
 * @buf: the image.
 * @len: its length in bytes.
 *
 * The image is checked completely before anything is changed: on error @m is
 * left as it was. On success the walk cache is invalidated.
 *
 * Return: 0, or one of the RA_MODEL_LOAD_E* codes (negative).
 */
int ra_model_load(struct ra_model *m, const void *buf, size_t len);

#endif /* RA_MODEL_H */
