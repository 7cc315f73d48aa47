// SPDX-License-Identifier: MIT
/*
 * ra-board-sim - the Verilated board top on a pseudo-terminal, so that ra-board (or any serial
 * program) talks to the simulated board exactly as to the real one: bytes written to the
 * terminal are driven onto the top's UART receive pin bit by bit, and the top's transmit pin is
 * sampled and decoded into bytes read back from the terminal. The clock is the board's (12 MHz
 * nominal); the UART runs at its real bit time (CLK_HZ / BAUD clocks per bit).
 *
 * The build defines RA_BOARD_TOP (the Verilated class, e.g. Vra_board_hx8k), RA_BOARD_HDR
 * (its header) and RA_BOARD_NAME; RA_BOARD_HAS_RST when the top has an rst_ni pin.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <verilated.h>

#include RA_BOARD_HDR

#ifndef RA_BOARD_CLK_HZ
#define RA_BOARD_CLK_HZ 12000000
#endif

static volatile sig_atomic_t stop_req;

static void on_signal(int sig)
{
	(void)sig;
	stop_req = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: ra-board-sim%s [--pty PATH] [--baud N] [--max-cycles N] [--quiet]\n"
		"Runs the Verilated board top (%s) and connects its UART to a pseudo-terminal.\n"
		"  --pty PATH       make PATH a symbolic link to the terminal (replaced if present)\n"
		"  --baud N         bit rate the top was built for (default 115200); the simulated\n"
		"                   UART uses %u / N clocks per bit, as the hardware does\n"
		"  --max-cycles N   stop after N clock cycles (default: run until SIGINT/SIGTERM)\n"
		"  --quiet          print only the terminal's name\n"
		"Prints 'ra-board-sim: pty /dev/pts/N' once the terminal is ready; exits 0 on\n"
		"SIGINT/SIGTERM or --max-cycles, 1 on a setup error, 2 on bad arguments.\n",
		RA_BOARD_SUFFIX, RA_BOARD_NAME, (unsigned)RA_BOARD_CLK_HZ);
}

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	unsigned long long x = strtoull(s, &end, 0);
	if (errno || end == s || *end || s[0] == '-')
		return false;
	*v = x;
	return true;
}

/* Serial line receiver for the top's TX pin: 8N1 sampled at mid-bit. */
struct uart_in {
	unsigned clks;		/* clocks per bit */
	int state;		/* 0 idle, 1 receiving */
	unsigned cnt, bit;
	uint8_t sh;
	uint64_t framing_errors;
};

/* returns a byte (0..255) when one is complete, else -1 */
static int uart_in_clock(struct uart_in *u, int line)
{
	if (u->state == 0) {
		if (!line) {
			u->state = 1;
			u->cnt = u->clks + u->clks / 2;	/* to the middle of data bit 0 */
			u->bit = 0;
			u->sh = 0;
		}
		return -1;
	}
	if (--u->cnt)
		return -1;
	if (u->bit < 8) {
		u->sh = (uint8_t)((u->sh >> 1) | (line ? 0x80 : 0));
		u->bit++;
		u->cnt = u->clks;
		return -1;
	}
	u->state = 0;			/* stop bit */
	if (!line) {
		u->framing_errors++;
		return -1;
	}
	return u->sh;
}

/* Serial line driver for the top's RX pin. */
struct uart_out {
	unsigned clks;
	uint8_t buf[4096];
	size_t head, len;
	int bit;		/* -1 idle, 0 start, 1..8 data, 9 stop */
	unsigned cnt;
	uint8_t cur;
};

static int uart_out_clock(struct uart_out *u)
{
	if (u->bit < 0) {
		if (!u->len)
			return 1;
		u->cur = u->buf[u->head];
		u->head = (u->head + 1) % sizeof(u->buf);
		u->len--;
		u->bit = 0;
		u->cnt = u->clks;
	}
	int line = u->bit == 0 ? 0 : u->bit == 9 ? 1 : (u->cur >> (u->bit - 1)) & 1;
	if (--u->cnt == 0) {
		u->cnt = u->clks;
		if (++u->bit > 9)
			u->bit = -1;
	}
	return line;
}

int main(int argc, char **argv)
{
	const char *link = NULL;
	uint64_t baud = 115200, max_cycles = 0;
	bool quiet = false;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--quiet")) {
			quiet = true;
		} else if ((!strcmp(a, "--pty") || !strcmp(a, "--baud") ||
			    !strcmp(a, "--max-cycles")) && i + 1 < argc) {
			const char *v = argv[++i];
			if (!strcmp(a, "--pty")) {
				link = v;
			} else if (!parse_u64(v, !strcmp(a, "--baud") ? &baud : &max_cycles) ||
				   (!strcmp(a, "--baud") && (baud == 0 || baud > RA_BOARD_CLK_HZ / 4))) {
				fprintf(stderr, "ra-board-sim: %s: bad value '%s' (expected %s)\n", a, v,
					!strcmp(a, "--baud") ? "a bit rate up to a quarter of the clock"
							     : "a cycle count");
				return 2;
			}
		} else {
			fprintf(stderr, "ra-board-sim: unknown or incomplete argument '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}

	int mfd = posix_openpt(O_RDWR | O_NOCTTY);
	if (mfd < 0 || grantpt(mfd) || unlockpt(mfd)) {
		perror("ra-board-sim: posix_openpt");
		return 1;
	}
	const char *sname = ptsname(mfd);
	if (!sname) {
		perror("ra-board-sim: ptsname");
		return 1;
	}
	/* Hold the slave open ourselves: reads on the master then never fail with EIO while no
	 * client is connected, and clients may come and go. Raw mode, as a UART. */
	int sfd = open(sname, O_RDWR | O_NOCTTY);
	struct termios t;
	if (sfd < 0 || tcgetattr(sfd, &t)) {
		perror("ra-board-sim: slave terminal");
		return 1;
	}
	cfmakeraw(&t);
	tcsetattr(sfd, TCSANOW, &t);
	fcntl(mfd, F_SETFL, fcntl(mfd, F_GETFL) | O_NONBLOCK);
	if (link) {
		unlink(link);
		if (symlink(sname, link)) {
			fprintf(stderr, "ra-board-sim: symlink %s -> %s: %s\n", link, sname,
				strerror(errno));
			return 1;
		}
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);

	unsigned clks = (unsigned)((RA_BOARD_CLK_HZ + baud / 2) / baud);
	if (quiet)
		printf("%s\n", sname);
	else
		printf("ra-board-sim: pty %s%s%s, top %s, %u Hz clock, %u baud (%u clocks per bit)\n",
		       sname, link ? " linked from " : "", link ? link : "", RA_BOARD_NAME,
		       (unsigned)RA_BOARD_CLK_HZ, (unsigned)baud, clks);
	fflush(stdout);

	VerilatedContext ctx;
	RA_BOARD_TOP top(&ctx);
	struct uart_in rx = {};
	struct uart_out tx = {};
	rx.clks = tx.clks = clks;
	tx.bit = -1;

	top.clk_i = 0;
	top.uart_rx_i = 1;
#ifdef RA_BOARD_HAS_RST
	top.rst_ni = 1;
#endif
	top.eval();

	uint8_t obuf[256];
	size_t olen = 0;
	uint64_t cyc = 0, quiet_since = 0, bytes_in = 0, bytes_out = 0;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	while (!stop_req && (!max_cycles || cyc < max_cycles)) {
		/* every 64 clocks: take bytes from the terminal, flush decoded ones to it */
		if ((cyc & 63) == 0) {
			size_t room = sizeof(tx.buf) - tx.len;
			if (room > 0) {
				uint8_t in[256];
				size_t want = room < sizeof(in) ? room : sizeof(in);
				ssize_t n = read(mfd, in, want);
				for (ssize_t k = 0; k < n; k++) {
					tx.buf[(tx.head + tx.len) % sizeof(tx.buf)] = in[k];
					tx.len++;
				}
				if (n > 0) {
					bytes_in += (uint64_t)n;
					quiet_since = cyc;
				}
			}
			if (olen) {
				ssize_t n = write(mfd, obuf, olen);
				if (n > 0) {
					memmove(obuf, obuf + n, olen - (size_t)n);
					olen -= (size_t)n;
				}
			}
			/* nothing moving on either line for a while: wait for the terminal */
			if (!tx.len && tx.bit < 0 && rx.state == 0 && !olen &&
			    cyc - quiet_since > 4000000) {
				struct pollfd p = {mfd, POLLIN, 0};
				poll(&p, 1, 2);
			}
		}
		top.uart_rx_i = (uint8_t)uart_out_clock(&tx);
		top.clk_i = 1;
		top.eval();
		top.clk_i = 0;
		top.eval();
		cyc++;
		int b = uart_in_clock(&rx, top.uart_tx_o);
		if (b >= 0) {
			if (olen < sizeof(obuf))
				obuf[olen++] = (uint8_t)b;
			bytes_out++;
			quiet_since = cyc;
		}
	}
	if (olen)
		(void)!write(mfd, obuf, olen);
	top.final();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
	if (!quiet)
		fprintf(stderr,
			"ra-board-sim: %llu cycles (%.3f s of board time) in %.1f s, %llu bytes in, "
			"%llu out, %llu framing errors\n",
			(unsigned long long)cyc, (double)cyc / RA_BOARD_CLK_HZ, s,
			(unsigned long long)bytes_in, (unsigned long long)bytes_out,
			(unsigned long long)rx.framing_errors);
	if (link)
		unlink(link);
	close(sfd);
	close(mfd);
	return 0;
}
