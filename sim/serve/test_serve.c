// SPDX-License-Identifier: MIT
/*
 * test_serve - ra-serve and its protocol without QEMU: this program plays the QEMU device
 * (client of host/qemu/ra_serve_proto.h), serves ra-serve's DMA from a simulated memory, and
 * runs the same commands on the C model over a copy of that memory. Results, memory images and
 * every counter but cycles and busy_cycles must agree. Also: a HELLO of another protocol
 * version is refused with a readable error; a poisoned line gives a bus error on both.
 *
 *   test_serve PATH-TO-ra-serve [--variant w64|w128|nowc]
 *   test_serve PATH-TO-ra-serve --bench PAGES: time one SCAN with CLEAR_AF of PAGES young pages
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pt_build.h"
#include "ra_dev.h"
#include "ra_host.h"
#include "ra_mem.h"
#include "ra_regs.h"
#include "ra_serve_proto.h"

static int fails;

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fails++;                                                                   \
			printf("FAIL: " __VA_ARGS__);                                              \
			printf("\n");                                                              \
		}                                                                                  \
	} while (0)

struct cli {
	int fd;
	pid_t pid;
	struct ra_mem *mem;
	uint64_t dma_rd, dma_wr, dma_at, runs;
	uint64_t cycles;
};

static void xwrite(int fd, const void *b, size_t n)
{
	const uint8_t *p = b;

	while (n) {
		ssize_t k = write(fd, p, n);

		if (k <= 0) {
			perror("test_serve: write");
			exit(1);
		}
		p += k;
		n -= (size_t)k;
	}
}

static int xread(int fd, void *b, size_t n)
{
	uint8_t *p = b;

	while (n) {
		ssize_t k = read(fd, p, n);

		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static void sendm(int fd, uint32_t type, const void *a, uint32_t alen, const void *b,
		  uint32_t blen)
{
	struct ra_sv_hdr h = { type, alen + blen };

	xwrite(fd, &h, sizeof(h));
	if (alen)
		xwrite(fd, a, alen);
	if (blen)
		xwrite(fd, b, blen);
}

static pid_t spawn(const char *exe, const char *sock, const char *variant)
{
	pid_t pid = fork();

	if (pid == 0) {
		execl(exe, exe, "--socket", sock, "--variant", variant, "--quiet", (char *)NULL);
		perror("exec ra-serve");
		_exit(127);
	}
	return pid;
}

static int connect_to(const char *sock)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock);
	for (int i = 0; i < 300; i++) {
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
			return fd;
		close(fd);
		usleep(20000);
	}
	return -1;
}

/* Serve DMA until DONE (returned) or ERROR (exit). */
static struct ra_sv_done transact(struct cli *c, uint32_t type, const void *req, uint32_t len)
{
	static uint8_t buf[RA_SV_MAX_PAYLOAD];
	struct ra_sv_done d;

	sendm(c->fd, type, req, len, NULL, 0);
	for (;;) {
		struct ra_sv_hdr h;
		struct ra_sv_dma q;
		struct ra_sv_dma_resp r = { 0 };

		if (xread(c->fd, &h, sizeof(h)) || h.len > sizeof(buf) || xread(c->fd, buf, h.len)) {
			fprintf(stderr, "test_serve: connection lost\n");
			exit(1);
		}
		if (h.type == RA_SV_DONE) {
			memcpy(&d, buf, sizeof(d));
			c->cycles = d.cycle;
			return d;
		}
		if (h.type == RA_SV_ERROR) {
			fprintf(stderr, "test_serve: error from ra-serve: %.*s\n", (int)h.len, buf);
			exit(1);
		}
		memcpy(&q, buf, sizeof(q));
		if (h.type == RA_SV_DMA_READ) {
			static uint8_t data[RA_SV_MAX_DMA];

			c->dma_rd++;
			r.resp = ra_mem_poisoned(c->mem, q.pa, q.len, RA_MEM_POISON_READ);
			if (!r.resp && !ra_mem_in_region(c->mem, q.pa, q.len))
				r.resp = RA_SV_DECERR;
			memset(data, 0, q.len);
			if (!r.resp)
				ra_mem_read(c->mem, q.pa, data, q.len);
			r.len = q.len;
			sendm(c->fd, RA_SV_DMA_RESP, &r, sizeof(r), data, q.len);
		} else if (h.type == RA_SV_DMA_WRITE) {
			c->dma_wr++;
			r.resp = ra_mem_poisoned(c->mem, q.pa, q.len, RA_MEM_POISON_WRITE);
			if (!r.resp && ra_mem_write(c->mem, q.pa, buf + sizeof(q), q.len))
				r.resp = RA_SV_DECERR;
			sendm(c->fd, RA_SV_DMA_RESP, &r, sizeof(r), NULL, 0);
		} else if (h.type == RA_SV_DMA_ATOMIC) {
			c->dma_at++;
			r.resp = ra_mem_poisoned(c->mem, q.pa, 8, RA_MEM_POISON_ATOMIC);
			if (!r.resp && ra_mem_atomic_clr64(c->mem, q.pa, q.mask, &r.old))
				r.resp = RA_SV_DECERR;
			sendm(c->fd, RA_SV_DMA_RESP, &r, sizeof(r), NULL, 0);
		} else {
			fprintf(stderr, "test_serve: unexpected message %u\n", h.type);
			exit(1);
		}
	}
}

/* --- struct ra_dev over the socket ----------------------------------------------------------- */

static uint32_t s_rd(struct ra_dev *d, uint32_t off)
{
	struct ra_sv_csr q = { off, 0 };

	return transact(d->priv, RA_SV_CSR_READ, &q, sizeof(q)).val;
}

static void s_wr(struct ra_dev *d, uint32_t off, uint32_t v)
{
	struct ra_sv_csr q = { off, v };

	transact(d->priv, RA_SV_CSR_WRITE, &q, sizeof(q));
}

static int s_run(struct ra_dev *d, uint64_t max_cycles)
{
	struct cli *c = d->priv;
	struct ra_sv_run q = { .max_cycles = 100000, .budget_us = 2000 };
	uint64_t c0 = c->cycles;

	for (;;) {
		struct ra_sv_done r = transact(c, RA_SV_RUN, &q, sizeof(q));

		c->runs++;
		if (r.stop == RA_SV_STOP_IDLE)
			return 0;
		if (c->cycles - c0 > max_cycles)
			return -1;
	}
}

static uint64_t s_cycles(struct ra_dev *d)
{
	return ((struct cli *)d->priv)->cycles;
}

static void s_destroy(struct ra_dev *d)
{
	struct cli *c = d->priv;
	int st;

	close(c->fd);
	waitpid(c->pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "ra-serve exit status 0x%x", st);
	free(c);
	free(d);
}

static const struct ra_dev_ops serve_ops = { s_rd, s_wr, s_run, s_cycles, s_destroy };

static struct ra_dev *serve_dev(const char *exe, const char *variant, struct ra_mem *mem)
{
	struct ra_dev *d = calloc(1, sizeof(*d));
	struct cli *c = calloc(1, sizeof(*c));
	char sock[108];
	struct ra_sv_hello h = { .magic = RA_SV_MAGIC, .version = RA_SV_VERSION };
	struct ra_sv_hdr rh;
	struct ra_sv_reset rs = { 4, 0 };

	snprintf(sock, sizeof(sock), "/tmp/test_serve.%d.sock", (int)getpid());
	c->pid = spawn(exe, sock, variant);
	c->fd = connect_to(sock);
	c->mem = mem;
	if (c->fd < 0) {
		fprintf(stderr, "test_serve: cannot connect to ra-serve\n");
		exit(1);
	}
	sendm(c->fd, RA_SV_HELLO, &h, sizeof(h), NULL, 0);
	if (xread(c->fd, &rh, sizeof(rh)) || rh.type != RA_SV_HELLO || rh.len != sizeof(h) ||
	    xread(c->fd, &h, sizeof(h)) || h.version != RA_SV_VERSION) {
		fprintf(stderr, "test_serve: bad HELLO answer\n");
		exit(1);
	}
	printf("ra-serve: variant %s, %u-byte port, latency %u\n", h.variant, h.data_bytes,
	       h.latency);
	transact(c, RA_SV_RESET, &rs, sizeof(rs));
	return ra_dev_init(d, "rtl", mem, &serve_ops, c);
}

/* A HELLO of another version: ERROR naming both versions, connection closed. */
static void test_version(const char *exe)
{
	char sock[108], text[256] = { 0 };
	struct ra_sv_hello h = { .magic = RA_SV_MAGIC, .version = RA_SV_VERSION + 1 };
	struct ra_sv_hdr rh;
	int fd, st;
	pid_t pid;

	snprintf(sock, sizeof(sock), "/tmp/test_serve.%d.v.sock", (int)getpid());
	pid = spawn(exe, sock, "w64");
	fd = connect_to(sock);
	CHECK(fd >= 0, "connect for the version test");
	if (fd < 0)
		return;
	sendm(fd, RA_SV_HELLO, &h, sizeof(h), NULL, 0);
	CHECK(!xread(fd, &rh, sizeof(rh)) && rh.type == RA_SV_ERROR && rh.len < sizeof(text) &&
	      !xread(fd, text, rh.len), "a HELLO of version %u gets ERROR", h.version);
	printf("version %u refused: %s\n", h.version, text);
	CHECK(strstr(text, "protocol version 1, the device version 2"), "error text names both");
	CHECK(read(fd, &rh, 1) == 0, "connection closed after the version error");
	close(fd);
	waitpid(pid, &st, 0);
}

/* --- the same work on both ------------------------------------------------------------------- */

#define SCRATCH 0x100000ull
#define TABLES 0x400000ull
#define DATA 0x1000000ull
#define VA0 0x7f0000000000ull
#define NPAGES 3000u

struct side {
	struct ra_dev *dev;
	struct ra_host h;
};

static void build(struct ra_mem *m, struct pt_build *pb)
{
	ra_mem_add_region(m, SCRATCH, 0x200000);
	ra_mem_add_region(m, TABLES, 0x100000);
	ra_mem_add_region(m, DATA, 0x1000000);
	pt_init(pb, m, TABLES, 0x100000);
	for (unsigned i = 0; i < NPAGES; i++) {
		uint64_t attrs = PTE_NG | PTE_DBM | PTE_AP2;

		if (i % 7 == 3)
			continue;	/* holes */
		if (i % 3 == 0)
			attrs |= PTE_AF;
		if (i % 5 == 0)
			attrs &= ~PTE_AP2;	/* dirty */
		pt_map(pb, VA0 + (uint64_t)i * 4096, DATA + (uint64_t)(i % 4096) * 4096, 3, attrs);
	}
	/* a 2 MiB block, young */
	pt_map(pb, VA0 + 0x40000000ull, DATA, 2, PTE_AF | PTE_NG);
	for (unsigned i = 0; i < 64; i++) {
		uint64_t v = i * 0x9e3779b97f4a7c15ull;

		for (unsigned k = 0; k < 4096; k += 8)
			ra_mem_wr64(m, DATA + i * 4096ull + k, i < 8 ? 0 : v ^ k);
	}
}

static void cmp_counters(struct ra_dev *a, struct ra_dev *b, const char *what)
{
	for (unsigned i = 0; i < RA_NUM_COUNTERS; i++) {
		uint64_t x, y;

		if (i == RA_CNT_CYCLES || i == RA_CNT_BUSY_CYCLES)
			continue;
		x = ra_dev_counter(a, i);
		y = ra_dev_counter(b, i);
		CHECK(x == y, "%s: counter %s: rtl %llu model %llu", what, ra_counter_names[i],
		      (unsigned long long)x, (unsigned long long)y);
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* One SCAN with CLEAR_AF over @npages young pages, timed. */
static int bench(const char *exe, unsigned npages)
{
	struct ra_mem *m = ra_mem_create();
	struct pt_build pb;
	struct ra_window w = { TABLES, DATA + 0x1000000 };
	struct ra_host h;
	struct ra_cpl cpl;
	struct ra_scan_out so;
	struct ra_dev *d;
	struct cli *c;
	double t0;

	ra_mem_add_region(m, SCRATCH, 0x200000);
	ra_mem_add_region(m, TABLES, 0x1000000);
	ra_mem_add_region(m, DATA, 0x1000000);
	pt_init(&pb, m, TABLES, 0x1000000);
	for (unsigned i = 0; i < npages; i++)
		pt_map(&pb, VA0 + (uint64_t)i * 4096, DATA + (uint64_t)(i % 4096) * 4096, 3,
		       PTE_AF | PTE_NG);
	d = serve_dev(exe, "w64", m);
	c = d->priv;
	ra_host_init(&h, d, SCRATCH, 0x200000, &w, 1);
	t0 = now_s();
	ra_host_scan(&h, pb.ttbr, VA0, VA0 + npages * 4096ull, RA_SCAN_CLEAR_AF, 64, &so, &cpl);
	printf("bench: SCAN of %u young pages: status %u young %u, %.3f s, busy_cycles %llu, "
	       "%llu RUN requests, %llu DMA reads, %llu writes, %llu atomics\n", npages,
	       cpl.status, cpl.count[0], now_s() - t0,
	       (unsigned long long)ra_dev_counter(d, RA_CNT_BUSY_CYCLES),
	       (unsigned long long)c->runs, (unsigned long long)c->dma_rd,
	       (unsigned long long)c->dma_wr, (unsigned long long)c->dma_at);
	ra_scan_out_free(&so);
	d->destroy(d);
	ra_mem_destroy(m);
	return fails != 0;
}

int main(int argc, char **argv)
{
	const char *exe = argc > 1 ? argv[1] : "ra-serve";
	const char *variant = argc > 3 && !strcmp(argv[2], "--variant") ? argv[3] : "w64";
	struct ra_mem *mr, *mm;
	struct pt_build pb;
	struct side s[2];
	struct ra_window w = { TABLES, DATA + 0x1000000 };
	struct ra_cpl cpl[2];
	struct ra_scan_out so[2];
	uint64_t pages[80], res[2][80];
	uint64_t vas[64];
	struct ra_walk_result wr[2][64];

	signal(SIGPIPE, SIG_IGN);
	if (argc > 3 && !strcmp(argv[2], "--bench"))
		return bench(exe, (unsigned)strtoul(argv[3], NULL, 0));
	test_version(exe);

	mr = ra_mem_create();
	build(mr, &pb);
	mm = ra_mem_clone(mr);
	s[0].dev = serve_dev(exe, variant, mr);
	{
		uint32_t cap = s[0].dev->rd(s[0].dev, RA_REG_CAP);

		s[1].dev = ra_dev_model_like(s[0].dev, mm, 100);
		CHECK(cap == s[1].dev->rd(s[1].dev, RA_REG_CAP), "CAP rtl 0x%x", cap);
	}
	for (int k = 0; k < 2; k++)
		CHECK(!ra_host_init(&s[k].h, s[k].dev, SCRATCH, 0x200000, &w, 1), "host init");

	/* SCAN with CLEAR_AF and REPORT_DIRTY, twice (the second finds nothing young). */
	for (int round = 0; round < 2; round++) {
		for (int k = 0; k < 2; k++)
			CHECK(!ra_host_scan(&s[k].h, pb.ttbr, VA0, VA0 + NPAGES * 4096ull,
					    RA_SCAN_CLEAR_AF | RA_SCAN_REPORT_DIRTY, 64, &so[k],
					    &cpl[k]), "scan %d on %s", round, k ? "model" : "rtl");
		CHECK(cpl[0].status == RA_ST_OK && cpl[1].status == RA_ST_OK &&
		      !memcmp(cpl[0].count, cpl[1].count, sizeof(cpl[0].count)),
		      "scan %d completions: status %u/%u young %u/%u", round, cpl[0].status,
		      cpl[1].status, cpl[0].count[0], cpl[1].count[0]);
		CHECK(!memcmp(so[0].young, so[1].young, (NPAGES + 63) / 64 * 8) &&
		      !memcmp(so[0].dirty, so[1].dirty, (NPAGES + 63) / 64 * 8),
		      "scan %d bitmaps equal", round);
		printf("scan %d: young %u (rtl) %u (model)\n", round, cpl[0].count[0],
		       cpl[1].count[0]);
		ra_scan_out_free(&so[0]);
		ra_scan_out_free(&so[1]);
	}
	/* SCAN over the 2 MiB block */
	for (int k = 0; k < 2; k++)
		ra_host_scan(&s[k].h, pb.ttbr, VA0 + 0x40000000ull, VA0 + 0x40400000ull,
			     RA_SCAN_CLEAR_AF, 64, &so[k], &cpl[k]);
	CHECK(cpl[0].status == cpl[1].status && so[0].nrec == so[1].nrec &&
	      !memcmp(cpl[0].count, cpl[1].count, sizeof(cpl[0].count)), "block scan");
	ra_scan_out_free(&so[0]);
	ra_scan_out_free(&so[1]);

	/* WALK */
	for (unsigned i = 0; i < 64; i++)
		vas[i] = VA0 + (uint64_t)(i * 37 % NPAGES) * 4096 + i;
	for (int k = 0; k < 2; k++)
		ra_host_walk(&s[k].h, pb.ttbr, vas, 64, wr[k], &cpl[k]);
	CHECK(cpl[0].status == RA_ST_OK && !memcmp(wr[0], wr[1], sizeof(wr[0])), "walk equal");

	/* HASH: 64 data pages and the 8 zero pages among them */
	for (unsigned i = 0; i < 64; i++)
		pages[i] = DATA + i * 4096ull;
	for (int k = 0; k < 2; k++)
		ra_host_hash(&s[k].h, pages, 64, res[k], &cpl[k]);
	CHECK(cpl[0].status == RA_ST_OK && !memcmp(res[0], res[1], 64 * 8), "hash equal");

	/* A poisoned table line: a bus error on both, same completion. */
	ra_mem_poison(mr, TABLES + 0x3000, 2, RA_MEM_POISON_READ);
	ra_mem_poison(mm, TABLES + 0x3000, 2, RA_MEM_POISON_READ);
	for (int k = 0; k < 2; k++) {
		ra_host_scan(&s[k].h, pb.ttbr, VA0, VA0 + NPAGES * 4096ull, 0, 64, &so[k], &cpl[k]);
		ra_scan_out_free(&so[k]);
	}
	printf("poisoned: status %u/%u flags 0x%x/0x%x\n", cpl[0].status, cpl[1].status,
	       cpl[0].flags, cpl[1].flags);
	CHECK(cpl[0].status == cpl[1].status && cpl[0].flags == cpl[1].flags,
	      "poisoned line: same completion");
	ra_mem_poison_clear(mr);
	ra_mem_poison_clear(mm);

	cmp_counters(s[0].dev, s[1].dev, "after all");
	CHECK(ra_mem_compare(mr, mm) < 0, "memory images differ at 0x%llx",
	      (unsigned long long)ra_mem_compare(mr, mm));
	{
		struct cli *c = s[0].dev->priv;

		printf("rtl: %llu cycles, busy %llu (model estimate %llu); %llu RUN requests, "
		       "%llu DMA reads, %llu writes, %llu atomics\n",
		       (unsigned long long)c->cycles,
		       (unsigned long long)ra_dev_counter(s[0].dev, RA_CNT_BUSY_CYCLES),
		       (unsigned long long)ra_dev_counter(s[1].dev, RA_CNT_BUSY_CYCLES),
		       (unsigned long long)c->runs, (unsigned long long)c->dma_rd,
		       (unsigned long long)c->dma_wr, (unsigned long long)c->dma_at);
	}
	s[0].dev->destroy(s[0].dev);
	s[1].dev->destroy(s[1].dev);
	ra_mem_destroy(mr);
	ra_mem_destroy(mm);
	printf("%s: %d failures\n", fails ? "FAIL" : "PASS", fails);
	return fails ? 1 : 0;
}
