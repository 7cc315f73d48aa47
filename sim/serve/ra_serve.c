// SPDX-License-Identifier: MIT
/*
 * ra-serve - the Verilated ra_top behind a Unix socket, for QEMU's reclaim-accel device with
 * backend=rtl (docs/qemu.md, "RTL backend"; protocol in host/qemu/ra_serve_proto.h).
 *
 * The device sends CSR reads and writes, resets and RUN requests; ra-serve clocks the RTL and
 * turns the AXI4 master port's reads, writes and AtomicStore-CLRs into DMA requests that the
 * device performs on guest memory and answers, with their AXI response. One client per
 * process: ra-serve exits when the device closes the connection.
 *
 *   ra-serve --socket PATH [--variant w64|w128|nowc] [--latency CYCLES] [--fst FILE] [--quiet]
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "axi_chan.h"
#include "axil_master.h"
#include "ra_regs.h"
#include "ra_rtl.h"
#include "ra_serve_proto.h"

#define RQ 256		/* read bursts and atomic results queued */
#define AWQ 64
#define WQ 1024
#define BQ 256
#define CSR_TIMEOUT 1000	/* cycles an AXI4-Lite access may take */
#define CHECK_CYCLES 256	/* RUN: cycles between two looks at whether work is left */
#define STUCK_CYCLES 4096	/* RUN: work seemingly left but nothing started for this long */
#define OPQ 256			/* DMA requests issued and not yet sent to the device */
#define OP_BYTES 65536		/* bytes of requests, and of answers, in one batch at most */

struct rd_burst {
	uint32_t id;
	uint64_t addr;		/* first beat's address */
	unsigned beats, size, done;
	uint64_t t_ready;
	unsigned resp;
	bool atomic;
	bool pending;		/* its DMA request is not answered yet */
	uint64_t old;
};

struct b_resp {
	uint32_t id;
	unsigned resp;
	uint64_t t_ready;
	unsigned pending;	/* DMA requests of the write not answered yet */
};

/*
 * A DMA request of the memory port, performed by the device later than the AXI handshake
 * that issued it but before its response is due (see flush()), in issue order.
 */
enum { OP_READ, OP_WRITE, OP_ATOMIC };
struct dma_op {
	uint8_t kind;
	uint64_t pa;
	uint32_t len;
	uint64_t mask;		/* atomic */
	unsigned rslot;		/* read, atomic: rq entry */
	unsigned bslot;		/* write, atomic: bq entry */
	size_t woff;		/* write: data in wstage */
};

struct srv {
	int fd;
	bool quiet;
	struct ra_pins p;
	void *sim;
	uint64_t cycle;
	unsigned db, latency, max_reads;
	bool frozen;		/* memory port not ready: no new DMA (CSR accesses, reset) */

	struct rd_burst rq[RQ];
	uint8_t (*rdata)[RA_SV_MAX_DMA];
	unsigned rq_h, rq_n, reads_open;
	uint64_t next_beat;
	struct axi_aw awq[AWQ];
	unsigned aw_h, aw_n;
	struct axi_w wq[WQ];
	unsigned w_h, w_n;
	struct b_resp bq[BQ];
	unsigned b_h, b_n;

	struct dma_op ops[OPQ];
	unsigned op_n;
	size_t op_req, op_ans;	/* bytes of requests and of answers in ops[] */
	uint8_t wstage[OP_BYTES];
	size_t wstage_n;

	uint64_t n_rd, n_wr, n_at, n_err, n_batches, proto_errs;
};

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "ra-serve: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(1);
}

/* @what, with @why if not NULL ("read: burst crosses a 4 KiB boundary") */
static void proto_err(struct srv *s, const char *what, const char *why, uint64_t addr)
{
	if (s->proto_errs++ < 8)
		fprintf(stderr, "ra-serve: cycle %llu: %s%s%s (addr 0x%llx)\n",
			(unsigned long long)s->cycle, what, why ? ": " : "", why ? why : "",
			(unsigned long long)addr);
}

/* --- socket ------------------------------------------------------------------------------- */

static void write_all(struct srv *s, const void *buf, size_t len)
{
	const uint8_t *b = buf;

	while (len) {
		ssize_t n = send(s->fd, b, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("connection lost while sending (%s)", strerror(errno));
		b += n;
		len -= (size_t)n;
	}
}

/* 0, or -1 at the end of the stream before the first byte. */
static int read_all(struct srv *s, void *buf, size_t len)
{
	uint8_t *b = buf;
	size_t got = 0;

	while (got < len) {
		ssize_t n = recv(s->fd, b + got, len - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 && got == 0)
			return -1;
		if (n <= 0)
			die("connection lost while receiving (%s)", n ? strerror(errno) : "EOF");
		got += (size_t)n;
	}
	return 0;
}

static void send_msg(struct srv *s, uint32_t type, const void *a, size_t alen, const void *b,
		     size_t blen)
{
	struct ra_sv_hdr h = { type, (uint32_t)(alen + blen) };

	write_all(s, &h, sizeof(h));
	if (alen)
		write_all(s, a, alen);
	if (blen)
		write_all(s, b, blen);
}

static void send_error(struct srv *s, const char *text)
{
	send_msg(s, RA_SV_ERROR, text, strlen(text), NULL, 0);
}

/* Read the device's DMA_RESP; @data receives its data (exactly @len bytes expected). */
static unsigned dma_resp(struct srv *s, void *data, uint32_t len, uint64_t *old)
{
	struct ra_sv_hdr h;
	struct ra_sv_dma_resp r;

	if (read_all(s, &h, sizeof(h)))
		die("%s", "the device closed the connection during a DMA request");
	if (h.type != RA_SV_DMA_RESP || h.len != sizeof(r) + len)
		die("%s", "protocol error: expected a DMA response of the right length");
	if (read_all(s, &r, sizeof(r)) || (len && read_all(s, data, len)))
		die("%s", "connection lost in a DMA response");
	if (old)
		*old = r.old;
	if (r.resp)
		s->n_err++;
	return r.resp;
}

static unsigned worse(unsigned a, unsigned b)
{
	return a > b ? a : b;
}

/*
 * Send every DMA request issued so far, in issue order, then read the answers (the device
 * answers in order). The requests and the answers of one batch are each at most OP_BYTES, so
 * that both fit the socket's buffers while the other side is busy.
 */
static void flush(struct srv *s)
{
	if (!s->op_n)
		return;
	s->n_batches++;
	for (unsigned i = 0; i < s->op_n; i++) {
		struct dma_op *o = &s->ops[i];
		struct ra_sv_dma d = { .pa = o->pa, .len = o->len, .mask = o->mask };

		if (o->kind == OP_READ) {
			s->n_rd++;
			send_msg(s, RA_SV_DMA_READ, &d, sizeof(d), NULL, 0);
		} else if (o->kind == OP_WRITE) {
			s->n_wr++;
			send_msg(s, RA_SV_DMA_WRITE, &d, sizeof(d), s->wstage + o->woff, o->len);
		} else {
			s->n_at++;
			send_msg(s, RA_SV_DMA_ATOMIC, &d, sizeof(d), NULL, 0);
		}
	}
	for (unsigned i = 0; i < s->op_n; i++) {
		struct dma_op *o = &s->ops[i];

		if (o->kind == OP_READ) {
			struct rd_burst *r = &s->rq[o->rslot];

			r->resp = dma_resp(s, s->rdata[o->rslot], o->len, NULL);
			r->pending = false;
		} else if (o->kind == OP_WRITE) {
			struct b_resp *b = &s->bq[o->bslot];

			b->resp = worse(b->resp, dma_resp(s, NULL, 0, NULL));
			b->pending--;
		} else {
			/* an atomic; an AtomicStore (rslot RQ) has no R response */
			struct rd_burst *r = o->rslot < RQ ? &s->rq[o->rslot] : NULL;
			struct b_resp *b = &s->bq[o->bslot];
			uint64_t old = 0;
			unsigned resp = dma_resp(s, NULL, 0, &old);

			if (r) {
				r->old = resp ? 0xbad0bad0bad0bad3ull : old;	/* never data */
				r->resp = resp;
				r->pending = false;
			}
			b->resp = resp;
			b->pending--;
		}
	}
	s->op_n = 0;
	s->op_req = s->op_ans = s->wstage_n = 0;
}

static struct dma_op *add_op(struct srv *s, unsigned kind, uint64_t pa, uint32_t len)
{
	size_t req = sizeof(struct ra_sv_hdr) + sizeof(struct ra_sv_dma) +
		     (kind == OP_WRITE ? len : 0);
	size_t ans = sizeof(struct ra_sv_hdr) + sizeof(struct ra_sv_dma_resp) +
		     (kind == OP_READ ? len : 0);
	struct dma_op *o;

	if (s->op_n == OPQ || s->op_req + req > OP_BYTES || s->op_ans + ans > OP_BYTES ||
	    (kind == OP_WRITE && s->wstage_n + len > sizeof(s->wstage)))
		flush(s);
	o = &s->ops[s->op_n++];
	memset(o, 0, sizeof(*o));
	o->kind = (uint8_t)kind;
	o->pa = pa;
	o->len = len;
	s->op_req += req;
	s->op_ans += ans;
	return o;
}

/* --- AXI4 slave: the memory port, backed by the device's DMA ------------------------------- */

static void bus_reset(struct srv *s)
{
	s->op_n = 0;	/* none: RUN ends with flush() */
	s->op_req = s->op_ans = s->wstage_n = 0;
	s->rq_n = s->aw_n = s->w_n = s->b_n = 0;
	s->reads_open = 0;
}

static void bus_drive(struct srv *s)
{
	struct ra_pins *p = &s->p;

	p->m_arready = !s->frozen && s->reads_open < s->max_reads && s->rq_n < RQ;
	p->m_awready = !s->frozen && s->aw_n < AWQ;
	p->m_wready = !s->frozen && s->w_n < WQ;

	p->m_rvalid = p->m_rlast = false;
	p->m_rid = 0;
	p->m_rresp = 0;
	p->m_rdata[0] = p->m_rdata[1] = 0;
	if (s->rq_n) {
		struct rd_burst *r = &s->rq[s->rq_h];

		if (s->cycle >= r->t_ready && s->cycle >= s->next_beat) {
			uint64_t a = r->addr + (uint64_t)r->done * r->size;

			if (r->pending)
				flush(s);

			p->m_rvalid = true;
			p->m_rid = r->id;
			p->m_rlast = r->done + 1 == r->beats;
			p->m_rresp = (uint8_t)r->resp;
			if (r->atomic) {
				p->m_rdata[(a & (s->db - 1)) / 8] = r->old;
			} else if (r->resp) {
				/* an error beat carries garbage: the device must not use it */
				p->m_rdata[0] = 0xbad0bad0bad0bad1ull ^ a;
				p->m_rdata[1] = ~p->m_rdata[0];
			} else {
				uint8_t lanes[16] = { 0 };
				unsigned lane = (unsigned)(a & (s->db - 1)) & ~(r->size - 1);

				memcpy(lanes + lane, s->rdata[s->rq_h] + (size_t)r->done * r->size,
				       r->size);
				memcpy(&p->m_rdata[0], lanes, 8);
				memcpy(&p->m_rdata[1], lanes + 8, 8);
			}
		}
	}

	p->m_bvalid = false;
	p->m_bid = 0;
	p->m_bresp = 0;
	if (s->b_n && s->cycle >= s->bq[s->b_h].t_ready) {
		if (s->bq[s->b_h].pending)
			flush(s);
		p->m_bvalid = true;
		p->m_bid = s->bq[s->b_h].id;
		p->m_bresp = (uint8_t)s->bq[s->b_h].resp;
	}
}

static unsigned push_b(struct srv *s, uint32_t id, unsigned resp)
{
	unsigned slot = (s->b_h + s->b_n++) % BQ;
	struct b_resp *b = &s->bq[slot];

	b->id = id;
	b->resp = resp;
	b->t_ready = s->cycle + s->latency;
	b->pending = 0;
	return slot;
}

/* Perform the write or atomic at the head of the AW queue once all its W beats are here. */
static void try_write(struct srv *s)
{
	struct axi_aw *aw;

	if (!s->aw_n || s->rq_n >= RQ || s->b_n >= BQ)
		return;	/* nothing to do, or no room for its responses yet */
	aw = &s->awq[s->aw_h];
	if (s->w_n < aw->len + 1)
		return;
	if (aw->atop) {
		/* AtomicStore CLR (0x11, which ra_top issues: B only) or AtomicLoad CLR (0x21: the
		 * old value on R too) */
		struct axi_w *w = &s->wq[s->w_h];
		bool load = aw->atop == 0x21;
		unsigned rslot = load ? (s->rq_h + s->rq_n++) % RQ : RQ, bslot;
		struct rd_burst *r = load ? &s->rq[rslot] : NULL;

		if (r) {
			memset(r, 0, sizeof(*r));
			r->id = aw->id;
			r->addr = aw->addr;
			r->beats = 1;
			r->size = 8;
			r->t_ready = s->cycle + s->latency;
			r->atomic = true;
		}
		bslot = push_b(s, aw->id, 0);
		if ((aw->atop != 0x11 && !load) || aw->len || aw->size != 8 || (aw->addr & 7) ||
		    !w->last) {
			proto_err(s, "unsupported atomic (only an 8-byte AtomicStore or AtomicLoad CLR)",
				  NULL, aw->addr);
			s->bq[bslot].resp = RA_SV_SLVERR;
			if (r) {
				r->resp = RA_SV_SLVERR;
				r->old = 0xbad0bad0bad0bad3ull;
			}
		} else {
			struct dma_op *o = add_op(s, OP_ATOMIC, aw->addr, 8);

			o->mask = w->data[(aw->addr & (s->db - 1)) / 8];
			o->rslot = rslot;
			o->bslot = bslot;
			if (r)
				r->pending = true;
			s->bq[bslot].pending = 1;
		}
		s->w_h = (s->w_h + 1) % WQ;
		s->w_n--;
	} else {
		unsigned bslot = push_b(s, aw->id, 0);
		struct dma_op *o = NULL;	/* the write being gathered */

		for (unsigned i = 0; i <= aw->len; i++) {
			struct axi_w *w = &s->wq[s->w_h];
			uint64_t a = aw->addr + (uint64_t)i * aw->size;
			uint64_t base = a & ~(uint64_t)(s->db - 1);
			uint8_t lanes[16];

			memcpy(lanes, &w->data[0], 8);
			memcpy(lanes + 8, &w->data[1], 8);
			for (unsigned b = 0; b < s->db; b++) {
				if (!(w->strb >> b & 1))
					continue;
				if (o && (base + b != o->pa + o->len || o->len == RA_SV_MAX_DMA))
					o = NULL;
				if (!o) {
					/* room for a whole burst's data, so that it stays together */
					if (s->wstage_n + RA_SV_MAX_DMA > sizeof(s->wstage))
						flush(s);
					o = add_op(s, OP_WRITE, base + b, 0);
					o->bslot = bslot;
					o->woff = s->wstage_n;
					s->bq[bslot].pending++;
				}
				s->wstage[s->wstage_n++] = lanes[b];
				o->len++;
				s->op_req++;
			}
			if (w->last != (i == aw->len))
				proto_err(s, "WLAST does not match AWLEN", NULL, aw->addr);
			s->w_h = (s->w_h + 1) % WQ;
			s->w_n--;
		}
	}
	s->aw_h = (s->aw_h + 1) % AWQ;
	s->aw_n--;
}

static void bus_sample(struct srv *s)
{
	const struct ra_pins *p = &s->p;
	const char *why;

	if (p->m_rvalid && p->m_rready) {
		struct rd_burst *r = &s->rq[s->rq_h];

		s->next_beat = s->cycle + 1;
		if (++r->done == r->beats) {
			if (!r->atomic)
				s->reads_open--;
			s->rq_h = (s->rq_h + 1) % RQ;
			s->rq_n--;
		}
	}
	if (p->m_bvalid && p->m_bready) {
		s->b_h = (s->b_h + 1) % BQ;
		s->b_n--;
	}
	if (p->m_arvalid && p->m_arready) {
		unsigned slot = (s->rq_h + s->rq_n++) % RQ;
		struct rd_burst *r = &s->rq[slot];
		unsigned size = 1u << p->m_arsize;
		uint64_t len = (uint64_t)(p->m_arlen + 1u) * size;

		memset(r, 0, sizeof(*r));
		r->id = p->m_arid;
		r->addr = p->m_araddr;
		r->beats = p->m_arlen + 1u;
		r->size = size;
		r->t_ready = s->cycle + s->latency;
		s->reads_open++;
		why = axi_burst_error(p->m_araddr, r->beats, p->m_arsize, p->m_arburst, s->db);
		if (why) {
			proto_err(s, "read", why, p->m_araddr);
			r->resp = RA_SV_SLVERR;
		} else {
			struct dma_op *o = add_op(s, OP_READ, p->m_araddr, (uint32_t)len);

			o->rslot = slot;
			r->pending = true;
		}
	}
	if (p->m_awvalid && p->m_awready) {
		struct axi_aw *aw = &s->awq[(s->aw_h + s->aw_n++) % AWQ];

		axi_aw_take(aw, p);
		why = axi_burst_error(aw->addr, aw->len + 1, p->m_awsize, p->m_awburst, s->db);
		if (why)
			proto_err(s, "write", why, aw->addr);
	}
	if (p->m_wvalid && p->m_wready)
		axi_w_take(&s->wq[(s->w_h + s->w_n++) % WQ], p, s->db);
	if (!s->frozen)
		try_write(s);	/* no new DMA while frozen */
}

static void step(struct srv *s)
{
	bus_drive(s);
	ra_vl_ops.cycle(s->sim, &s->p);
	bus_sample(s);
	s->cycle++;
}

static void rtl_reset(struct srv *s, unsigned cycles)
{
	s->frozen = true;
	s->p.rst_n = false;
	for (unsigned i = 0; i < cycles; i++)
		step(s);
	s->p.rst_n = true;
	bus_reset(s);
	step(s);
}

/* --- AXI4-Lite master: CSR accesses -------------------------------------------------------- */

static void srv_step(void *s)
{
	step(s);
}

static unsigned csr_write(struct srv *s, uint32_t off, uint32_t val)
{
	return axil_write(&s->p, srv_step, s, CSR_TIMEOUT, off, val);
}

static uint32_t csr_read(struct srv *s, uint32_t off, unsigned *resp)
{
	uint32_t v;

	*resp = axil_read(&s->p, srv_step, s, CSR_TIMEOUT, off, &v);
	return v;
}

static uint32_t rd(struct srv *s, uint32_t off)
{
	unsigned resp;

	return csr_read(s, off, &resp);
}

/*
 * Whether the device has work: a command running (STATUS.BUSY), or one it can start (enabled,
 * no ring fault, SQ not empty, CQ not full). @sq_head gets SQ_HEAD.
 */
static bool has_work(struct srv *s, bool *busy, uint32_t *sq_head)
{
	uint32_t st = rd(s, RA_REG_STATUS), cq_log2, mask;

	*busy = st & RA_STATUS_BUSY_MASK;
	*sq_head = rd(s, RA_REG_SQ_HEAD);
	if (*busy)
		return true;
	if ((st & RA_STATUS_RING_FAULT_MASK) || !(rd(s, RA_REG_CTRL) & RA_CTRL_ENABLE_MASK))
		return false;
	if (*sq_head == rd(s, RA_REG_SQ_TAIL))
		return false;
	cq_log2 = rd(s, RA_REG_CQ_SIZE) & 31;
	mask = cq_log2 >= 16 ? 0xffff : (1u << cq_log2) - 1;
	return ((rd(s, RA_REG_CQ_TAIL) + 1) & mask) != rd(s, RA_REG_CQ_HEAD);
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static uint32_t run(struct srv *s, const struct ra_sv_run *rq)
{
	uint64_t c0 = s->cycle, t0 = now_us(), progress = s->cycle;
	uint32_t head0 = 0, head;
	bool busy, first = true;

	s->frozen = false;
	for (;;) {
		if (!has_work(s, &busy, &head))
			return RA_SV_STOP_IDLE;
		if (busy || first || head != head0)
			progress = s->cycle;
		else if (s->cycle - progress > STUCK_CYCLES)
			return RA_SV_STOP_IDLE;	/* e.g. a ring the engine cannot use */
		first = false;
		head0 = head;
		for (unsigned i = 0; i < CHECK_CYCLES; i++) {
			bool irq0 = s->p.irq;

			step(s);
			if (s->p.irq && !irq0)
				return RA_SV_STOP_IRQ;
		}
		if (s->cycle - c0 >= rq->max_cycles || now_us() - t0 >= rq->budget_us)
			return RA_SV_STOP_LIMIT;
	}
}

/* --- requests ------------------------------------------------------------------------------ */

static void done(struct srv *s, uint32_t val, uint32_t stop, uint32_t resp, uint64_t c0)
{
	struct ra_sv_done d = {
		.val = val, .irq = s->p.irq, .stop = stop, .resp = resp,
		.cycle = s->cycle, .ran = s->cycle - c0,
	};

	send_msg(s, RA_SV_DONE, &d, sizeof(d), NULL, 0);
}

static const char *variant_name = "w64";

/* Serve requests until the device closes the connection. */
static void serve(struct srv *s)
{
	static uint8_t payload[RA_SV_MAX_PAYLOAD];
	bool hello = false;

	for (;;) {
		struct ra_sv_hdr h;
		uint64_t c0 = s->cycle;

		if (read_all(s, &h, sizeof(h)))
			return;
		if (h.len > sizeof(payload))
			die("%s", "protocol error: payload too long");
		if (h.len && read_all(s, payload, h.len))
			die("%s", "connection lost in a request");
		if (!hello && h.type != RA_SV_HELLO) {
			send_error(s, "ra-serve: the first request must be HELLO");
			return;
		}
		switch (h.type) {
		case RA_SV_HELLO: {
			struct ra_sv_hello in = { 0 }, out = { 0 };
			char msg[160];

			memcpy(&in, payload, h.len < sizeof(in) ? h.len : sizeof(in));
			if (h.len < 8 || in.magic != RA_SV_MAGIC) {
				send_error(s, "ra-serve: not a reclaim-accel device (bad magic)");
				return;
			}
			if (in.version != RA_SV_VERSION) {
				snprintf(msg, sizeof(msg),
					 "ra-serve speaks protocol version %u, the device version %u: "
					 "build QEMU (scripts/build-qemu) and ra-serve from one tree",
					 RA_SV_VERSION, in.version);
				fprintf(stderr, "%s\n", msg);
				send_error(s, msg);
				return;
			}
			out.magic = RA_SV_MAGIC;
			out.version = RA_SV_VERSION;
			out.data_bytes = s->db;
			out.latency = s->latency;
			snprintf(out.variant, sizeof(out.variant), "%s", variant_name);
			send_msg(s, RA_SV_HELLO, &out, sizeof(out), NULL, 0);
			hello = true;
			break;
		}
		case RA_SV_RESET: {
			struct ra_sv_reset r;

			memcpy(&r, payload, sizeof(r));
			rtl_reset(s, r.cycles ? r.cycles : 4);
			done(s, 0, 0, 0, c0);
			break;
		}
		case RA_SV_CSR_READ:
		case RA_SV_CSR_WRITE: {
			struct ra_sv_csr c;
			unsigned resp;
			uint32_t v = 0;

			if (h.len != sizeof(c))
				die("%s", "protocol error: bad CSR request");
			memcpy(&c, payload, sizeof(c));
			s->frozen = true;
			if (h.type == RA_SV_CSR_READ)
				v = csr_read(s, c.off, &resp);
			else
				resp = csr_write(s, c.off, c.val);
			if (resp == AXIL_TIMEOUT && s->proto_errs++ < 8)
				fprintf(stderr, "ra-serve: CSR %s at 0x%03x timed out\n",
					h.type == RA_SV_CSR_READ ? "read" : "write", c.off);
			done(s, v, 0, resp, c0);
			break;
		}
		case RA_SV_RUN: {
			struct ra_sv_run r;
			uint32_t stop;

			if (h.len != sizeof(r))
				die("%s", "protocol error: bad RUN request");
			memcpy(&r, payload, sizeof(r));
			stop = run(s, &r);
			flush(s);	/* no DMA outside RUN: answer what was issued */
			s->frozen = true;
			done(s, 0, stop, 0, c0);
			break;
		}
		default:
			send_error(s, "ra-serve: unknown request");
			return;
		}
	}
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: ra-serve --socket PATH [--variant w64|w128|nowc] [--latency CYCLES]\n"
		"                [--fst FILE] [--quiet]\n"
		"Runs the Verilated ra_top for QEMU's -device reclaim-accel,backend=rtl,"
		"rtl-socket=PATH.\n"
		"Serves one connection, then exits. --fst writes waves of the whole session.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "variant", required_argument, NULL, 'v' },
		{ "latency", required_argument, NULL, 'l' },
		{ "fst", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct srv srv;
	struct srv *s = &srv;
	const char *path = NULL, *fst = NULL;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int c, lfd;

	s->latency = 100;
	while ((c = getopt_long(argc, argv, "s:v:l:f:qh", opts, NULL)) != -1) {
		switch (c) {
		case 's': path = optarg; break;
		case 'v': variant_name = optarg; break;
		case 'l': s->latency = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'f': fst = optarg; break;
		case 'q': s->quiet = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!path || optind != argc) {
		usage(stderr);
		return 2;
	}
	if (!s->latency)
		s->latency = 1;
	if (strlen(path) >= sizeof(sa.sun_path))
		die("socket path too long: %s", path);
	s->db = strcmp(variant_name, "w128") ? 8 : 16;
	s->max_reads = 64;
	s->rdata = calloc(RQ, sizeof(*s->rdata));
	s->sim = ra_vl_create(variant_name, fst);
	if (!s->rdata || !s->sim)
		die("unknown variant %s (w64, w128, nowc)", variant_name);
	s->p.rst_n = true;
	rtl_reset(s, 4);

	signal(SIGPIPE, SIG_IGN);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (lfd < 0)
		die("socket: %s", strerror(errno));
	strcpy(sa.sun_path, path);
	unlink(path);
	if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) || listen(lfd, 1))
		die("cannot listen on the socket (%s)", strerror(errno));
	if (!s->quiet)
		fprintf(stderr, "ra-serve: %s, memory latency %u cycles, listening on %s\n",
			variant_name, s->latency, path);
	s->fd = accept(lfd, NULL, NULL);
	if (s->fd < 0)
		die("accept: %s", strerror(errno));
	close(lfd);
	unlink(path);
	serve(s);
	close(s->fd);
	if (!s->quiet)
		fprintf(stderr,
			"ra-serve: done after %llu cycles: %llu DMA reads, %llu writes, %llu atomics "
			"in %llu batches, %llu error responses, %llu protocol errors\n",
			(unsigned long long)s->cycle, (unsigned long long)s->n_rd,
			(unsigned long long)s->n_wr, (unsigned long long)s->n_at,
			(unsigned long long)s->n_batches,
			(unsigned long long)s->n_err, (unsigned long long)s->proto_errs);
	ra_vl_ops.destroy(s->sim);
	free(s->rdata);
	return s->proto_errs ? 3 : 0;
}
