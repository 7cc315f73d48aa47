// SPDX-License-Identifier: MIT
/*
 * rb_link - serial port and the board bridge's request/reply protocol (rb_link.h).
 *
 * The bridge handles one request at a time and ignores bytes that arrive while it executes or
 * replies, so requests are strictly sequential: send one, read its whole reply, send the next.
 */
#define _GNU_SOURCE
#include "rb_link.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <termios.h>
#include <unistd.h>

char rb_errmsg[512];

int rb_err(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rb_errmsg, sizeof(rb_errmsg), fmt, ap);
	va_end(ap);
	return code;
}

static const struct {
	unsigned baud;
	speed_t code;
} bauds[] = {
	{ 9600, B9600 }, { 19200, B19200 }, { 38400, B38400 }, { 57600, B57600 },
	{ 115200, B115200 }, { 230400, B230400 },
#ifdef B460800
	{ 460800, B460800 },
#endif
#ifdef B500000
	{ 500000, B500000 },
#endif
#ifdef B921600
	{ 921600, B921600 },
#endif
#ifdef B1000000
	{ 1000000, B1000000 },
#endif
#ifdef B1500000
	{ 1500000, B1500000 },
#endif
#ifdef B2000000
	{ 2000000, B2000000 },
#endif
#ifdef B3000000
	{ 3000000, B3000000 },
#endif
};

int rb_baud_ok(unsigned baud)
{
	for (size_t i = 0; i < sizeof(bauds) / sizeof(bauds[0]); i++)
		if (bauds[i].baud == baud)
			return 1;
	return 0;
}

static void dump(const struct rb_link *l, const char *dir, const uint8_t *b, size_t n)
{
	if (l->verbose < 2)
		return;
	fprintf(stderr, "ra-board: %s", dir);
	for (size_t i = 0; i < n && i < 48; i++)
		fprintf(stderr, " %02x", b[i]);
	if (n > 48)
		fprintf(stderr, " ... (%zu bytes)", n);
	fputc('\n', stderr);
}

static int write_all(struct rb_link *l, const uint8_t *b, size_t n)
{
	size_t done = 0;

	dump(l, "->", b, n);
	while (done < n) {
		ssize_t r = write(l->fd, b + done, n - done);

		if (r > 0) {
			done += (size_t)r;
			continue;
		}
		if (r < 0 && errno != EAGAIN && errno != EINTR)
			return rb_err(RB_ECOMM, "%s: write failed: %s", l->port, strerror(errno));
		struct pollfd p = { l->fd, POLLOUT, 0 };
		int pr = poll(&p, 1, (int)l->timeout_ms);

		if (pr == 0)
			return rb_err(RB_ECOMM, "%s: the port accepted no data for %u ms", l->port,
				      l->timeout_ms);
		if (pr < 0 && errno != EINTR)
			return rb_err(RB_ECOMM, "%s: poll: %s", l->port, strerror(errno));
	}
	l->bytes_out += n;
	return RB_OK;
}

/* Read exactly @n bytes; fails when no byte arrives for timeout_ms. */
static int read_all(struct rb_link *l, uint8_t *b, size_t n, const char *what)
{
	size_t done = 0;

	while (done < n) {
		struct pollfd p = { l->fd, POLLIN, 0 };
		int pr = poll(&p, 1, (int)l->timeout_ms);

		if (pr < 0) {
			if (errno == EINTR)
				continue;
			return rb_err(RB_ECOMM, "%s: poll: %s", l->port, strerror(errno));
		}
		if (pr == 0)
			return rb_err(RB_ECOMM,
				      "%s: no reply to %s within %u ms (%zu of %zu reply bytes "
				      "received); check --port and --baud, that the board is "
				      "configured and connected, or raise --timeout-ms",
				      l->port, what, l->timeout_ms, done, n);
		ssize_t r = read(l->fd, b + done, n - done);

		if (r > 0) {
			done += (size_t)r;
		} else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
			return rb_err(RB_ECOMM, "%s: read failed while waiting for %s: %s", l->port,
				      what, r == 0 ? "end of file" : strerror(errno));
		}
	}
	dump(l, "<-", b, n);
	l->bytes_in += n;
	return RB_OK;
}

/* Read and throw away whatever arrives until the line has been quiet for @quiet_ms. */
static void drain(struct rb_link *l, unsigned quiet_ms)
{
	uint8_t b[256];

	for (;;) {
		struct pollfd p = { l->fd, POLLIN, 0 };

		if (poll(&p, 1, (int)quiet_ms) <= 0)
			break;
		if (read(l->fd, b, sizeof(b)) <= 0)
			break;
	}
	tcflush(l->fd, TCIFLUSH);
}

/* Send a request, read its @rn-byte reply and check the reply header. */
static int xfer(struct rb_link *l, const uint8_t *req, size_t n, uint8_t *reply, size_t rn,
		const char *what)
{
	int rc;

	l->requests++;
	rc = write_all(l, req, n);
	if (rc)
		return rc;
	rc = read_all(l, reply, 1, what);
	if (rc)
		return rc;
	if (reply[0] == RB_OP_BAD) {
		(void)read_all(l, reply + 1, 1, what);
		return rb_err(RB_ECOMM, "%s: the board does not know opcode 0x%02x (%s): is this "
			      "a reclaim-accel board bitstream of protocol %u?", l->port, req[0],
			      what, RB_PROTO);
	}
	if (reply[0] != (req[0] | 0x80)) {
		drain(l, 50);
		return rb_err(RB_ECOMM, "%s: reply byte 0x%02x to %s (expected 0x%02x): the "
			      "serial stream is out of step (wrong --baud, or another program "
			      "uses the port?)", l->port, reply[0], what, req[0] | 0x80);
	}
	return rn > 1 ? read_all(l, reply + 1, rn - 1, what) : RB_OK;
}

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = n; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

int rb_ping(struct rb_link *l)
{
	uint8_t req = RB_OP_PING, r[13];
	int rc = xfer(l, &req, 1, r, sizeof(r), "PING");

	if (rc)
		return rc;
	if (r[1] != 'R' || r[2] != 'A' || r[3] != 'B')
		return rb_err(RB_ECOMM, "%s: PING reply lacks the 'RAB' signature "
			      "(%02x %02x %02x): not a reclaim-accel board?", l->port, r[1], r[2],
			      r[3]);
	l->proto = r[4];
	l->mem_log2 = r[5];
	l->mem_base = (uint32_t)get_le(r + 6, 4);
	l->clk_khz = (uint32_t)get_le(r + 10, 3);
	if (l->proto != RB_PROTO)
		return rb_err(RB_ECOMM, "%s: the board speaks protocol %u; this ra-board speaks %u",
			      l->port, l->proto, RB_PROTO);
	if (l->mem_log2 < 3 || l->mem_log2 > 31 ||
	    (uint64_t)l->mem_base + (1ull << l->mem_log2) > (1ull << 32))
		return rb_err(RB_ECOMM, "%s: PING reports an impossible memory: 2^%u bytes at "
			      "0x%08" PRIx32, l->port, l->mem_log2, l->mem_base);
	l->mem_bytes = 1ull << l->mem_log2;
	return RB_OK;
}

int rb_open(struct rb_link *l, const char *port, unsigned baud, unsigned timeout_ms, int verbose)
{
	struct termios t;
	speed_t sp = B0;
	int rc = RB_ECOMM;

	memset(l, 0, sizeof(*l));
	l->fd = -1;
	l->port = port;
	l->baud = baud;
	l->timeout_ms = timeout_ms;
	l->verbose = verbose;
	for (size_t i = 0; i < sizeof(bauds) / sizeof(bauds[0]); i++)
		if (bauds[i].baud == baud)
			sp = bauds[i].code;
	if (sp == B0)
		return rb_err(RB_EUSAGE, "--baud %u: not a rate the serial port supports", baud);
	l->fd = open(port, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (l->fd < 0)
		return rb_err(RB_ECOMM, "cannot open serial port %s: %s (is the board connected? "
			      "see --port)", port, strerror(errno));
	if (flock(l->fd, LOCK_EX | LOCK_NB))
		return rb_err(RB_ECOMM, "%s: the port is in use by another program (%s)", port,
			      strerror(errno));
	if (tcgetattr(l->fd, &t))
		return rb_err(RB_ECOMM, "%s: not a serial port (%s)", port, strerror(errno));
	cfmakeraw(&t);
	t.c_cflag &= ~(tcflag_t)(CSTOPB | PARENB | CSIZE | CRTSCTS);
	t.c_cflag |= CS8 | CLOCAL | CREAD;
	t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	cfsetispeed(&t, sp);
	cfsetospeed(&t, sp);
	if (tcsetattr(l->fd, TCSANOW, &t))
		return rb_err(RB_ECOMM, "%s: cannot configure the port: %s", port,
			      strerror(errno));
	tcflush(l->fd, TCIOFLUSH);
	for (int attempt = 0; attempt < 3; attempt++) {
		rc = rb_ping(l);
		if (!rc)
			return RB_OK;
		if (l->verbose)
			fprintf(stderr, "ra-board: PING attempt %d failed: %s\n", attempt + 1,
				rb_errmsg);
		/* let a request the bridge is in the middle of time out, and a reply end */
		drain(l, 200);
	}
	return rc;
}

void rb_close(struct rb_link *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}

int rb_raw(struct rb_link *l, const uint8_t *req, size_t n, uint8_t *reply, size_t rn)
{
	int rc;

	l->requests++;
	rc = write_all(l, req, n);
	return rc ? rc : read_all(l, reply, rn, "a raw request");
}

static int bresp_check(struct rb_link *l, const char *what, uint32_t off, unsigned resp)
{
	static const char *const names[] = { "OKAY", "EXOKAY", "SLVERR", "DECERR" };

	if (resp == 0)
		return RB_OK;
	return rb_err(RB_EDEV, "%s: %s of CSR 0x%03" PRIx32 " answered with response %u (%s)",
		      l->port, what, off, resp, resp < 4 ? names[resp] : "?");
}

int rb_csr_rd(struct rb_link *l, uint32_t off, uint32_t *val)
{
	uint8_t req[3], r[6];
	char what[32];
	int rc;

	req[0] = RB_OP_CSR_RD;
	put_le(req + 1, off, 2);
	snprintf(what, sizeof(what), "CSR_RD 0x%03" PRIx32, off);
	rc = xfer(l, req, sizeof(req), r, sizeof(r), what);
	if (rc)
		return rc;
	*val = (uint32_t)get_le(r + 2, 4);
	if (l->verbose >= 3)
		fprintf(stderr, "ra-board: csr[0x%03" PRIx32 "] -> 0x%08" PRIx32 "\n", off, *val);
	return bresp_check(l, "read", off, r[1]);
}

int rb_csr_wr(struct rb_link *l, uint32_t off, uint32_t val)
{
	uint8_t req[7], r[2];
	char what[32];
	int rc;

	req[0] = RB_OP_CSR_WR;
	put_le(req + 1, off, 2);
	put_le(req + 3, val, 4);
	snprintf(what, sizeof(what), "CSR_WR 0x%03" PRIx32, off);
	if (l->verbose >= 3)
		fprintf(stderr, "ra-board: csr[0x%03" PRIx32 "] <- 0x%08" PRIx32 "\n", off, val);
	rc = xfer(l, req, sizeof(req), r, sizeof(r), what);
	return rc ? rc : bresp_check(l, "write", off, r[1]);
}

int rb_in_mem(const struct rb_link *l, uint64_t pa, uint64_t len)
{
	return pa >= l->mem_base && len <= l->mem_bytes && pa - l->mem_base <= l->mem_bytes - len;
}

static int refused(struct rb_link *l, const char *what, uint64_t pa, size_t nwords, unsigned st)
{
	return rb_err(RB_EDEV, "%s: the board refused %s of [0x%" PRIx64 ", 0x%" PRIx64 ") with "
		      "status %u: %s [0x%08" PRIx32 ", 0x%08" PRIx64 ")", l->port, what, pa,
		      pa + 8 * (uint64_t)nwords, st,
		      st == 1 ? "outside the board memory" : "unknown status; memory is",
		      l->mem_base, l->mem_base + l->mem_bytes);
}

static int addr_check(struct rb_link *l, const char *what, uint64_t pa, size_t nwords)
{
	if (pa & 7)
		return rb_err(RB_EUSAGE, "%s at 0x%" PRIx64 ": the address must be 8-byte aligned",
			      what, pa);
	if (pa + 8 * (uint64_t)nwords > (1ull << 32))
		return rb_err(RB_EDEV, "%s of [0x%" PRIx64 ", 0x%" PRIx64 "): outside the board "
			      "memory [0x%08" PRIx32 ", 0x%08" PRIx64 ")", what, pa,
			      pa + 8 * (uint64_t)nwords, l->mem_base, l->mem_base + l->mem_bytes);
	return RB_OK;
}

int rb_mem_rd(struct rb_link *l, uint64_t pa, size_t nwords, uint64_t *w)
{
	int rc = addr_check(l, "MEM_RD", pa, nwords);

	while (!rc && nwords) {
		size_t n = nwords < RB_MAX_RW_WORDS ? nwords : RB_MAX_RW_WORDS;
		uint8_t req[6], r[2 + 8 * RB_MAX_RW_WORDS];
		char what[48];

		req[0] = RB_OP_MEM_RD;
		put_le(req + 1, pa, 4);
		req[5] = (uint8_t)(n - 1);
		snprintf(what, sizeof(what), "MEM_RD 0x%08" PRIx64 " (%zu words)", pa, n);
		rc = xfer(l, req, sizeof(req), r, 2, what);
		if (rc)
			return rc;
		if (r[1])
			return refused(l, "MEM_RD", pa, n, r[1]);
		rc = read_all(l, r + 2, 8 * n, what);
		for (size_t i = 0; !rc && i < n; i++)
			w[i] = get_le(r + 2 + 8 * i, 8);
		pa += 8 * n;
		w += n;
		nwords -= n;
	}
	return rc;
}

int rb_mem_wr(struct rb_link *l, uint64_t pa, size_t nwords, const uint64_t *w)
{
	int rc = addr_check(l, "MEM_WR", pa, nwords);

	while (!rc && nwords) {
		size_t n = nwords < RB_MAX_RW_WORDS ? nwords : RB_MAX_RW_WORDS;
		uint8_t req[6 + 8 * RB_MAX_RW_WORDS], r[2];
		char what[48];

		req[0] = RB_OP_MEM_WR;
		put_le(req + 1, pa, 4);
		req[5] = (uint8_t)(n - 1);
		for (size_t i = 0; i < n; i++)
			put_le(req + 6 + 8 * i, w[i], 8);
		snprintf(what, sizeof(what), "MEM_WR 0x%08" PRIx64 " (%zu words)", pa, n);
		rc = xfer(l, req, 6 + 8 * n, r, 2, what);
		if (!rc && r[1])
			rc = refused(l, "MEM_WR", pa, n, r[1]);
		pa += 8 * n;
		w += n;
		nwords -= n;
	}
	return rc;
}

int rb_mem_zero(struct rb_link *l, uint64_t pa, size_t nwords)
{
	int rc = addr_check(l, "MEM_ZERO", pa, nwords);

	while (!rc && nwords) {
		size_t n = nwords < RB_MAX_ZERO_WORDS ? nwords : RB_MAX_ZERO_WORDS;
		uint8_t req[7], r[2];
		char what[48];

		req[0] = RB_OP_MEM_ZERO;
		put_le(req + 1, pa, 4);
		put_le(req + 5, n - 1, 2);
		snprintf(what, sizeof(what), "MEM_ZERO 0x%08" PRIx64 " (%zu words)", pa, n);
		rc = xfer(l, req, sizeof(req), r, 2, what);
		if (!rc && r[1])
			rc = refused(l, "MEM_ZERO", pa, n, r[1]);
		pa += 8 * n;
		nwords -= n;
	}
	return rc;
}

/* A MEM_WR costs 8 bytes of header and status, one word: runs of non-zero words separated
 * by at most this many zero words are sent as one request. */
#define UPLOAD_GAP 1

int rb_mem_upload(struct rb_link *l, uint64_t pa, size_t nwords, const uint64_t *w,
		  size_t *written)
{
	size_t i = 0, sent = 0;
	int rc = rb_mem_zero(l, pa, nwords);

	while (!rc && i < nwords) {
		size_t j, last = i;

		if (!w[i]) {
			i++;
			continue;
		}
		for (j = i + 1; j < nwords && j - i < RB_MAX_RW_WORDS; j++) {
			if (w[j])
				last = j;
			else if (j - last > UPLOAD_GAP)
				break;
		}
		rc = rb_mem_wr(l, pa + 8 * i, last + 1 - i, w + i);
		sent += last + 1 - i;
		i = last + 1;
	}
	if (written)
		*written = sent;
	return rc;
}
