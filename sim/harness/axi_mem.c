// SPDX-License-Identifier: MIT
/* AXI4 slave memory model; see axi_mem.h. */
#include "axi_mem.h"
#include "axi_chan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QLEN 256	/* power of two */

struct rd_burst {
	uint32_t id;
	uint64_t addr;		/* address of the next beat */
	unsigned beats_left;
	unsigned size;		/* bytes per beat (1 << AxSIZE) */
	uint64_t t_ready;	/* first cycle its next beat may be driven */
	bool atomic;		/* single beat carrying the atomic's old value */
	uint64_t atomic_data;
	unsigned atomic_resp;	/* the atomic's response code */
};

struct b_resp {
	uint32_t id;
	unsigned resp;
	uint64_t t_ready;
	/* atomic_split: the delayed half of the atomic */
	bool split_write;
	uint64_t split_addr, split_val;
};

struct axi_mem {
	struct axi_mem_cfg cfg;
	struct ra_mem *mem;
	uint64_t now;
	uint64_t next_beat;	/* bandwidth limit on R */
	struct rd_burst rq[QLEN];
	unsigned rq_head, rq_n;
	struct axi_aw awq[QLEN];
	unsigned aw_head, aw_n;
	struct axi_w wq[QLEN];
	unsigned w_head, w_n;
	struct b_resp bq[QLEN];
	unsigned b_head, b_n;
	unsigned reads_open;	/* accepted read bursts whose last beat was not taken */
	struct axi_mem_stats st;
	void (*access_fn)(void *, enum axi_access, uint64_t, unsigned);
	void *access_ctx;
	void (*cycle_fn)(void *, uint64_t);
	void *cycle_ctx;
	uint64_t rng;		/* stall generator state */
	bool r_shown, b_shown;	/* RVALID / BVALID driven for the head, kept until taken */
};

static bool stall(struct axi_mem *a)
{
	if (!a->cfg.stall_pct)
		return false;
	a->rng ^= a->rng << 13;
	a->rng ^= a->rng >> 7;
	a->rng ^= a->rng << 17;
	if ((a->rng >> 32) % 100 < a->cfg.stall_pct) {
		a->st.stalls++;
		return true;
	}
	return false;
}

/* @what, with @why if not NULL ("read: burst crosses a 4 KiB boundary") */
static void proto_err(struct axi_mem *a, const char *what, const char *why, uint64_t addr)
{
	if (a->st.protocol_errors++ < 8)
		fprintf(stderr, "axi_mem: cycle %llu: %s%s%s (addr 0x%llx)\n",
			(unsigned long long)a->now, what, why ? ": " : "", why ? why : "",
			(unsigned long long)addr);
}

struct axi_mem *axi_mem_create(const struct axi_mem_cfg *cfg, struct ra_mem *mem)
{
	struct axi_mem *a;

	if (cfg->data_bytes != 8 && cfg->data_bytes != 16)
		return NULL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->cfg = *cfg;
	if (!a->cfg.rd_latency)
		a->cfg.rd_latency = 1;
	if (!a->cfg.wr_latency)
		a->cfg.wr_latency = 1;
	if (!a->cfg.beat_cycles)
		a->cfg.beat_cycles = 1;
	if (!a->cfg.max_reads || a->cfg.max_reads > QLEN / 2)
		a->cfg.max_reads = QLEN / 2;
	a->mem = mem;
	a->rng = cfg->stall_seed * 0x9e3779b97f4a7c15ull + 0x2545f4914f6cdd1dull;
	if (!a->rng)
		a->rng = 1;
	return a;
}

void axi_mem_destroy(struct axi_mem *a)
{
	free(a);
}

void axi_mem_reset(struct axi_mem *a)
{
	a->rq_n = a->aw_n = a->w_n = a->b_n = 0;
	a->reads_open = 0;
	a->r_shown = a->b_shown = false;
}

const struct axi_mem_stats *axi_mem_stats(const struct axi_mem *a)
{
	return &a->st;
}

bool axi_mem_idle(const struct axi_mem *a)
{
	return !a->rq_n && !a->aw_n && !a->w_n && !a->b_n;
}

void axi_mem_set_access_hook(struct axi_mem *a,
			     void (*fn)(void *, enum axi_access, uint64_t, unsigned), void *ctx)
{
	a->access_fn = fn;
	a->access_ctx = ctx;
}

void axi_mem_set_cycle_hook(struct axi_mem *a, void (*fn)(void *, uint64_t), void *ctx)
{
	a->cycle_fn = fn;
	a->cycle_ctx = ctx;
}

static void note(struct axi_mem *a, enum axi_access k, uint64_t addr, unsigned bytes)
{
	if (a->access_fn)
		a->access_fn(a->access_ctx, k, addr, bytes);
}

/* The data lanes of one beat at @addr of @size bytes on the bus. */
static void beat_read(struct axi_mem *a, uint64_t addr, unsigned size, uint64_t data[2])
{
	uint8_t buf[16] = { 0 };
	unsigned lane = (unsigned)(addr & (a->cfg.data_bytes - 1)) & ~(size - 1);

	ra_mem_read(a->mem, addr & ~(uint64_t)(size - 1), buf + lane, size);
	memcpy(&data[0], buf, 8);
	memcpy(&data[1], buf + 8, 8);
}

void axi_mem_drive(struct axi_mem *a, struct ra_pins *p)
{
	if (a->cycle_fn)
		a->cycle_fn(a->cycle_ctx, a->now);

	p->m_arready = a->reads_open < a->cfg.max_reads && a->rq_n < QLEN && !stall(a);
	p->m_awready = a->aw_n < QLEN - 1 && !stall(a);
	p->m_wready = a->w_n < QLEN - 1 && !stall(a);

	p->m_rvalid = false;
	p->m_rlast = false;
	p->m_rid = 0;
	p->m_rresp = 0;
	p->m_rdata[0] = p->m_rdata[1] = 0;
	if (a->rq_n) {
		struct rd_burst *r = &a->rq[a->rq_head];

		if (a->now >= r->t_ready && a->now >= a->next_beat && (a->r_shown || !stall(a))) {
			p->m_rvalid = true;
			a->r_shown = true;
			p->m_rid = r->id;
			p->m_rlast = r->beats_left == 1;
			if (r->atomic) {
				unsigned lane = (unsigned)(r->addr & (a->cfg.data_bytes - 1)) / 8;

				p->m_rdata[lane] = r->atomic_data;
				p->m_rresp = (uint8_t)r->atomic_resp;
			} else {
				p->m_rresp = (uint8_t)ra_mem_poisoned(a->mem, r->addr &
								      ~(uint64_t)(r->size - 1), r->size,
								      RA_MEM_POISON_READ);
				if (p->m_rresp) {
					/* an error beat carries garbage: the device must not use it */
					p->m_rdata[0] = 0xbad0bad0bad0bad1ull ^ r->addr;
					p->m_rdata[1] = ~p->m_rdata[0];
				} else {
					beat_read(a, r->addr, r->size, p->m_rdata);
				}
			}
		}
	}

	p->m_bvalid = false;
	p->m_bid = 0;
	p->m_bresp = 0;
	if (a->b_n && a->now >= a->bq[a->b_head].t_ready && (a->b_shown || !stall(a))) {
		p->m_bvalid = true;
		a->b_shown = true;
		p->m_bid = a->bq[a->b_head].id;
		p->m_bresp = (uint8_t)a->bq[a->b_head].resp;
	}
}

static void push_b(struct axi_mem *a, uint32_t id, bool split, uint64_t saddr, uint64_t sval,
		   unsigned resp)
{
	struct b_resp *b = &a->bq[(a->b_head + a->b_n++) & (QLEN - 1)];

	b->id = id;
	b->resp = resp;
	b->t_ready = a->now + a->cfg.wr_latency;
	b->split_write = split;
	b->split_addr = saddr;
	b->split_val = sval;
}

/* Perform the write at the head of the AW queue if all its W beats are here. */
static void try_write(struct axi_mem *a)
{
	struct axi_aw *aw;
	unsigned db = a->cfg.data_bytes;

	if (!a->aw_n)
		return;
	aw = &a->awq[a->aw_head];
	if (a->w_n < aw->len + 1)
		return;
	if (aw->atop) {
		struct axi_w *w = &a->wq[a->w_head];
		unsigned lane = (unsigned)(aw->addr & (db - 1)) / 8;
		uint64_t mask = w->data[lane], old = 0;
		unsigned resp = ra_mem_poisoned(a->mem, aw->addr, 8, RA_MEM_POISON_ATOMIC);

		/* AtomicStore CLR (0x11: B only) or AtomicLoad CLR (0x21: R with the old value, B) */
		if ((aw->atop != 0x11 && aw->atop != 0x21) || aw->len != 0 || aw->size != 8 ||
		    (aw->addr & 7))
			proto_err(a, "unsupported atomic (only an 8-byte AtomicStore or AtomicLoad CLR)",
				  NULL, aw->addr);
		if (!w->last)
			proto_err(a, "atomic W beat without WLAST", NULL, aw->addr);
		if (!ra_mem_in_region(a->mem, aw->addr, 8))
			proto_err(a, "atomic outside memory", NULL, aw->addr);
		if (resp) {
			/* error response: the operation is not performed */
			old = 0xbad0bad0bad0bad3ull;
			a->st.at_errs++;
		} else if (a->cfg.atomic_split) {
			old = ra_mem_rd64(a->mem, aw->addr);
		} else if (ra_mem_atomic_clr64(a->mem, aw->addr, mask, &old)) {
			proto_err(a, "atomic outside memory", NULL, aw->addr);
		}
		a->st.atomics++;
		note(a, AXI_ATOMIC, aw->addr, 8);
		if (aw->atop == 0x21) {
			struct rd_burst *r = &a->rq[(a->rq_head + a->rq_n++) & (QLEN - 1)];

			memset(r, 0, sizeof(*r));
			r->id = aw->id;
			r->addr = aw->addr;
			r->beats_left = 1;
			r->size = 8;
			r->t_ready = a->now + a->cfg.rd_latency;
			r->atomic = true;
			r->atomic_data = old;
			r->atomic_resp = resp;
		}
		push_b(a, aw->id, a->cfg.atomic_split && !resp, aw->addr, old & ~mask, resp);
		a->w_head = (a->w_head + 1) & (QLEN - 1);
		a->w_n--;
	} else {
		uint64_t addr = aw->addr;
		unsigned resp = ra_mem_poisoned(a->mem, aw->addr, (uint64_t)(aw->len + 1) * aw->size,
						RA_MEM_POISON_WRITE);

		a->st.wr_bursts++;
		note(a, AXI_WRITE, aw->addr, (aw->len + 1) * aw->size);
		for (unsigned i = 0; i <= aw->len; i++) {
			struct axi_w *w = &a->wq[a->w_head];
			uint8_t buf[16];

			memcpy(buf, &w->data[0], 8);
			memcpy(buf + 8, &w->data[1], 8);
			if (!resp && ra_mem_write_strb(a->mem, addr & ~(uint64_t)(db - 1), buf, db,
						       w->strb))
				proto_err(a, "write outside memory", NULL, addr);
			if (w->last != (i == aw->len))
				proto_err(a, "WLAST does not match AWLEN", NULL, aw->addr);
			a->st.wr_beats++;
			addr += aw->size;
			a->w_head = (a->w_head + 1) & (QLEN - 1);
			a->w_n--;
		}
		if (resp)
			a->st.wr_errs++;
		if (!ra_mem_in_region(a->mem, aw->addr, (uint64_t)(aw->len + 1) * aw->size))
			proto_err(a, "write outside memory", NULL, aw->addr);
		push_b(a, aw->id, false, 0, 0, resp);
	}
	a->aw_head = (a->aw_head + 1) & (QLEN - 1);
	a->aw_n--;
}

void axi_mem_sample(struct axi_mem *a, const struct ra_pins *p)
{
	unsigned db = a->cfg.data_bytes;
	const char *why;

	/* R handshake */
	if (p->m_rvalid && p->m_rready) {
		struct rd_burst *r = &a->rq[a->rq_head];

		if (!r->atomic)
			a->st.rd_beats++;
		if (!r->atomic && p->m_rresp)
			a->st.rd_err_beats++;
		a->r_shown = false;
		r->addr += r->size;
		a->next_beat = a->now + a->cfg.beat_cycles;
		if (--r->beats_left == 0) {
			if (!r->atomic)
				a->reads_open--;
			a->rq_head = (a->rq_head + 1) & (QLEN - 1);
			a->rq_n--;
		}
	}
	/* B handshake */
	if (p->m_bvalid && p->m_bready) {
		struct b_resp *b = &a->bq[a->b_head];

		a->b_shown = false;
		if (b->split_write)
			ra_mem_wr64(a->mem, b->split_addr, b->split_val);
		a->b_head = (a->b_head + 1) & (QLEN - 1);
		a->b_n--;
	}
	/* AR handshake */
	if (p->m_arvalid && p->m_arready) {
		struct rd_burst *r = &a->rq[(a->rq_head + a->rq_n++) & (QLEN - 1)];
		unsigned size = 1u << p->m_arsize;

		memset(r, 0, sizeof(*r));
		r->id = p->m_arid;
		r->addr = p->m_araddr;
		r->beats_left = p->m_arlen + 1u;
		r->size = size;
		r->t_ready = a->now + a->cfg.rd_latency;
		a->reads_open++;
		a->st.rd_bursts++;
		why = axi_burst_error(p->m_araddr, r->beats_left, p->m_arsize, p->m_arburst, db);
		if (why)
			proto_err(a, "read", why, p->m_araddr);
		if (!ra_mem_in_region(a->mem, p->m_araddr, (uint64_t)r->beats_left * size))
			proto_err(a, "read outside memory", NULL, p->m_araddr);
		note(a, AXI_READ, p->m_araddr, r->beats_left * size);
	}
	/* AW / W handshakes */
	if (p->m_awvalid && p->m_awready) {
		struct axi_aw *aw = &a->awq[(a->aw_head + a->aw_n++) & (QLEN - 1)];

		axi_aw_take(aw, p);
		why = axi_burst_error(aw->addr, aw->len + 1, p->m_awsize, p->m_awburst, db);
		if (why)
			proto_err(a, "write", why, aw->addr);
	}
	if (p->m_wvalid && p->m_wready)
		axi_w_take(&a->wq[(a->w_head + a->w_n++) & (QLEN - 1)], p, db);
	try_write(a);
	a->now++;
}
