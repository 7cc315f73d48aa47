/* SPDX-License-Identifier: MIT */
/*
 * rb_link - the host side of the board's serial protocol (rtl/board/ra_board_bridge.sv):
 * opening and configuring the serial port, resynchronising with PING, and the CSR and memory
 * requests, split into as many requests as their counts need.
 *
 * Every function returns an RB_* code, which is also ra-board's exit code; on failure the
 * message is in rb_errmsg.
 */
#ifndef RB_LINK_H
#define RB_LINK_H

#include <stddef.h>
#include <stdint.h>

#define RB_OK 0
#define RB_EDEV 1	/* the board or device refused or failed; a mismatch */
#define RB_EUSAGE 2	/* bad arguments */
#define RB_ECOMM 3	/* serial failure: no reply, garbled reply, port error */

/* bridge opcodes */
#define RB_OP_PING 0x01
#define RB_OP_CSR_RD 0x02
#define RB_OP_CSR_WR 0x03
#define RB_OP_MEM_RD 0x04
#define RB_OP_MEM_WR 0x05
#define RB_OP_MEM_ZERO 0x06
#define RB_OP_BAD 0xee		/* reply header for an unknown opcode */
#define RB_PROTO 1
#define RB_MAX_RW_WORDS 256u	/* MEM_RD, MEM_WR: 8-bit count */
#define RB_MAX_ZERO_WORDS 65536u	/* MEM_ZERO: 16-bit count */

extern char rb_errmsg[512];
int rb_err(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct rb_link {
	int fd;
	const char *port;
	unsigned baud, timeout_ms;
	int verbose;
	/* from PING */
	unsigned proto, mem_log2;
	uint32_t mem_base, clk_khz;
	uint64_t mem_bytes;
	/* traffic */
	uint64_t bytes_out, bytes_in, requests;
};

/* Open @port at @baud (8N1, raw, no flow control), lock it, and PING until the board answers
 * (the bridge drops a half-received request after 100 ms of silence, so a failed PING is
 * retried after a pause). Fills the PING fields. */
int rb_open(struct rb_link *l, const char *port, unsigned baud, unsigned timeout_ms, int verbose);
void rb_close(struct rb_link *l);
/* Whether @baud is one the serial port can be set to. */
int rb_baud_ok(unsigned baud);

int rb_ping(struct rb_link *l);
int rb_csr_rd(struct rb_link *l, uint32_t off, uint32_t *val);
int rb_csr_wr(struct rb_link *l, uint32_t off, uint32_t val);
/* @pa 8-byte aligned; any number of words. A refusal (ST=1) is RB_EDEV. */
int rb_mem_rd(struct rb_link *l, uint64_t pa, size_t nwords, uint64_t *w);
int rb_mem_wr(struct rb_link *l, uint64_t pa, size_t nwords, const uint64_t *w);
int rb_mem_zero(struct rb_link *l, uint64_t pa, size_t nwords);
/* Zero [pa, pa + 8*nwords) with MEM_ZERO, then write only the non-zero words (runs of them;
 * short gaps of zeros inside a run are sent). *@written gets the words sent (may be NULL). */
int rb_mem_upload(struct rb_link *l, uint64_t pa, size_t nwords, const uint64_t *w,
		  size_t *written);
/* Send @n raw request bytes and read exactly @rn reply bytes (for the bridge's own checks). */
int rb_raw(struct rb_link *l, const uint8_t *req, size_t n, uint8_t *reply, size_t rn);

/* Whether [pa, pa+len) lies inside the board memory. */
int rb_in_mem(const struct rb_link *l, uint64_t pa, uint64_t len);

#endif
