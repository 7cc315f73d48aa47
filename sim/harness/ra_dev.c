// SPDX-License-Identifier: MIT
#include "ra_dev.h"

#include <stdlib.h>
#include <string.h>

#include "ra_model.h"
#include "ra_regs.h"
#include "ra_rtl.h"

/* --- C model --- */

static uint32_t m_rd(struct ra_dev *d, uint32_t off)
{
	return ra_model_read32(d->priv, off);
}

static void m_wr(struct ra_dev *d, uint32_t off, uint32_t v)
{
	ra_model_write32(d->priv, off, v);
}

static int m_run(struct ra_dev *d, uint64_t max_cycles)
{
	(void)max_cycles;
	ra_model_run(d->priv, ~0u);
	return 0;
}

static uint64_t m_cycles(struct ra_dev *d)
{
	return ra_model_counter(d->priv, RA_CNT_CYCLES);
}

static void m_destroy(struct ra_dev *d)
{
	ra_model_destroy(d->priv);
	free(d);
}

struct ra_dev *ra_dev_init(struct ra_dev *d, const char *engine, struct ra_mem *mem,
			   const struct ra_dev_ops *ops, void *priv)
{
	d->engine = engine;
	d->mem = mem;
	d->rd = ops->rd;
	d->wr = ops->wr;
	d->run = ops->run;
	d->cycles = ops->cycles;
	d->destroy = ops->destroy;
	d->priv = priv;
	return d;
}

struct ra_dev *ra_dev_model(struct ra_mem *mem, unsigned data_bytes, unsigned walk_cache,
			    unsigned rd_inflight, unsigned latency)
{
	return ra_dev_model_cfg(mem, data_bytes, walk_cache, rd_inflight, latency, 0);
}

struct ra_dev *ra_dev_model_cfg(struct ra_mem *mem, unsigned data_bytes, unsigned walk_cache,
				unsigned rd_inflight, unsigned latency, unsigned engines)
{
	struct ra_model_cfg cfg = {
		.data_bytes = data_bytes,
		.walk_cache = walk_cache,
		.rd_inflight = rd_inflight,
		.mem_latency = latency,
		.engines = engines,
	};
	struct ra_dev *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	static const struct ra_dev_ops ops = { m_rd, m_wr, m_run, m_cycles, m_destroy };
	struct ra_model *m = ra_model_create(&cfg, &ra_mem_model_ops, mem);

	if (!m) {
		free(d);
		return NULL;
	}
	return ra_dev_init(d, "model", mem, &ops, m);
}

/* --- RTL --- */

struct rtl_priv {
	struct ra_rtl *rtl;
	struct axi_mem *bus;
};

static uint32_t r_rd(struct ra_dev *d, uint32_t off)
{
	return ra_rtl_read32(((struct rtl_priv *)d->priv)->rtl, off);
}

static void r_wr(struct ra_dev *d, uint32_t off, uint32_t v)
{
	ra_rtl_write32(((struct rtl_priv *)d->priv)->rtl, off, v);
}

/*
 * Wait for the interrupt line (the host unmasks CMD_DONE and RING_FAULT), then look whether
 * the submission ring is drained. Polling CSRs only after an interrupt keeps the bus model's
 * traffic out of the measured cycles as far as possible.
 */
static int r_run(struct ra_dev *d, uint64_t max_cycles)
{
	struct ra_rtl *r = ((struct rtl_priv *)d->priv)->rtl;
	uint64_t end = r->cycle + max_cycles;

	for (;;) {
		uint32_t st, head, tail;

		st = ra_rtl_read32(r, RA_REG_STATUS);
		head = ra_rtl_read32(r, RA_REG_SQ_HEAD);
		tail = ra_rtl_read32(r, RA_REG_SQ_TAIL);
		if ((st & RA_STATUS_RING_FAULT_MASK) ||
		    (head == tail && !(st & RA_STATUS_BUSY_MASK)))
			break;
		while (!r->pins.irq && r->cycle < end)
			ra_rtl_step(r);
		if (r->cycle >= end)
			return -1;
		ra_rtl_write32(r, RA_REG_INT_STATUS,
			       RA_INT_STATUS_CMD_DONE_MASK | RA_INT_STATUS_RING_FAULT_MASK);
	}
	/* let outstanding bus responses drain */
	for (unsigned i = 0; i < 10000 && !axi_mem_idle(((struct rtl_priv *)d->priv)->bus); i++)
		ra_rtl_step(r);
	return 0;
}

static uint64_t r_cycles(struct ra_dev *d)
{
	return ((struct rtl_priv *)d->priv)->rtl->cycle;
}

static void r_destroy(struct ra_dev *d)
{
	struct rtl_priv *p = d->priv;

	ra_rtl_destroy(p->rtl);
	axi_mem_destroy(p->bus);
	free(p);
	free(d);
}

static const struct ra_dev_ops rtl_ops = { r_rd, r_wr, r_run, r_cycles, r_destroy };

struct axi_mem_cfg ra_bus_cfg(const char *variant, unsigned latency)
{
	struct axi_mem_cfg c = {
		.data_bytes = strcmp(variant, "w128") ? 8 : 16,
		.rd_latency = latency,
		.wr_latency = latency,
		.beat_cycles = 1,
		.max_reads = 64,
	};

	return c;
}

struct ra_dev *ra_dev_rtl_sim(struct ra_mem *mem, const struct ra_sim_ops *ops, void *sim,
			      const struct axi_mem_cfg *bus)
{
	struct ra_dev *d = calloc(1, sizeof(*d));
	struct rtl_priv *p = calloc(1, sizeof(*p));

	if (!d || !p)
		goto fail;
	p->bus = axi_mem_create(bus, mem);
	if (!p->bus)
		goto fail;
	p->rtl = ra_rtl_create(ops, sim, p->bus);
	if (!p->rtl)
		goto fail;
	ra_rtl_reset(p->rtl, 4);
	return ra_dev_init(d, "rtl", mem, &rtl_ops, p);
fail:
	ops->destroy(sim);
	if (p)
		axi_mem_destroy(p->bus);
	free(p);
	free(d);
	return NULL;
}

struct axi_mem *ra_dev_bus(struct ra_dev *d)
{
	return d->destroy == r_destroy ? ((struct rtl_priv *)d->priv)->bus : NULL;
}

uint64_t ra_dev_counter(struct ra_dev *d, unsigned idx)
{
	uint64_t lo = d->rd(d, RA_REG_CNT_LO(idx));

	return (uint64_t)d->rd(d, RA_REG_CNT_HI(idx)) << 32 | lo;
}

struct ra_dev *ra_dev_model_like(struct ra_dev *d, struct ra_mem *mem, unsigned latency)
{
	uint32_t cap = d->rd(d, RA_REG_CAP);

	return ra_dev_model_cfg(mem, (cap & RA_CAP_DATA_BYTES_MASK) >> RA_CAP_DATA_BYTES_SHIFT,
				(cap & RA_CAP_WALK_CACHE_MASK) >> RA_CAP_WALK_CACHE_SHIFT,
				(cap & RA_CAP_RD_INFLIGHT_MASK) >> RA_CAP_RD_INFLIGHT_SHIFT, latency,
				(cap & RA_CAP_ENGINES_MASK) >> RA_CAP_ENGINES_SHIFT);
}
