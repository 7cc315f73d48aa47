/* SPDX-License-Identifier: MIT */
/*
 * ra_serve_proto.h - the protocol between QEMU's reclaim-accel device (backend=rtl) and
 * ra-serve, the simulator process that runs the Verilated ra_top (sim/serve/ra_serve.c).
 * docs/qemu.md, "RTL backend", describes it; this header is its one definition.
 *
 * A stream socket on the local machine (AF_UNIX). Every message is a header (struct
 * ra_sv_hdr) and `len` bytes of payload, in the host's byte order (both ends run on one
 * machine). The device is the client: it sends one request (HELLO, RESET, CSR_READ, CSR_WRITE,
 * RUN) and then reads messages until the request's DONE (or ERROR). While the request runs,
 * the simulator may send DMA requests (DMA_READ, DMA_WRITE, DMA_ATOMIC); the device answers
 * each with one DMA_RESP before the simulator goes on. DMA requests come only during RUN:
 * during CSR accesses and resets the simulator holds its memory port's ready signals low.
 *
 * Versioning: the first request is HELLO with RA_SV_MAGIC and the client's RA_SV_VERSION.
 * The server answers a HELLO with its own magic and version; if the versions differ it sends
 * ERROR with a readable text instead and closes the connection, and the device refuses to be
 * created, naming both versions.
 */
#ifndef RA_SERVE_PROTO_H
#define RA_SERVE_PROTO_H

#include <stdint.h>

#define RA_SV_MAGIC 0x56535241u	/* "RASV" */
#define RA_SV_VERSION 1u

/* Message types. */
enum ra_sv_type {
	/* client -> server requests */
	RA_SV_HELLO = 1,	/* struct ra_sv_hello; answer HELLO (server's) or ERROR */
	RA_SV_RESET = 2,	/* struct ra_sv_reset: rst_n low for `cycles` cycles; DONE */
	RA_SV_CSR_READ = 3,	/* struct ra_sv_csr: one AXI4-Lite read; DONE.val */
	RA_SV_CSR_WRITE = 4,	/* struct ra_sv_csr: one AXI4-Lite write; DONE */
	RA_SV_RUN = 5,		/* struct ra_sv_run: clock the RTL; DONE */
	/* server -> client */
	RA_SV_DONE = 6,		/* struct ra_sv_done: end of the current request */
	RA_SV_ERROR = 7,	/* text (not NUL-terminated): the request failed; server closes */
	RA_SV_DMA_READ = 16,	/* struct ra_sv_dma: answer DMA_RESP with len bytes of data */
	RA_SV_DMA_WRITE = 17,	/* struct ra_sv_dma, then len bytes: answer DMA_RESP */
	RA_SV_DMA_ATOMIC = 18,	/* struct ra_sv_dma (len 8, mask): AtomicStore-CLR; DMA_RESP.old */
	/* client -> server */
	RA_SV_DMA_RESP = 19,	/* struct ra_sv_dma_resp (then the data of a DMA_READ) */
};

struct ra_sv_hdr {
	uint32_t type;
	uint32_t len;		/* payload bytes that follow */
};

struct ra_sv_hello {
	uint32_t magic;		/* RA_SV_MAGIC */
	uint32_t version;	/* RA_SV_VERSION of the sender */
	/* server's answer only (zero in the request): */
	uint32_t data_bytes;	/* memory port width: 8 or 16 */
	uint32_t latency;	/* memory latency of the simulator's bus model, cycles */
	char variant[16];	/* Verilated build: "w64", "w128", "nowc" (NUL-terminated) */
};

struct ra_sv_reset {
	uint32_t cycles;
	uint32_t pad;
};

struct ra_sv_csr {
	uint32_t off;
	uint32_t val;		/* CSR_WRITE only */
};

/* RUN: clock until the device has nothing to do (checked every few hundred cycles by CSR
 * reads), its interrupt line rises, `max_cycles` cycles passed or `budget_us` of wall time. */
struct ra_sv_run {
	uint64_t max_cycles;
	uint32_t budget_us;
	uint32_t pad;
};

#define RA_SV_STOP_IDLE 1u	/* nothing to do: no command running, none startable */
#define RA_SV_STOP_IRQ 2u	/* the interrupt line rose */
#define RA_SV_STOP_LIMIT 3u	/* max_cycles or budget_us reached with work left */

struct ra_sv_done {
	uint32_t val;		/* CSR_READ: the value */
	uint32_t irq;		/* interrupt line (irq_o) after the request */
	uint32_t stop;		/* RUN: RA_SV_STOP_* */
	uint32_t resp;		/* CSR access: AXI4-Lite response (0 OKAY), or 4 for a timeout */
	uint64_t cycle;		/* cycles since the simulator started */
	uint64_t ran;		/* cycles this request took */
};

struct ra_sv_dma {
	uint64_t pa;
	uint32_t len;		/* DMA_READ/WRITE: 1..4096 bytes; DMA_ATOMIC: 8 */
	uint32_t pad;
	uint64_t mask;		/* DMA_ATOMIC: bits to clear */
};

/* Response codes: those of AXI (xRESP). */
#define RA_SV_OKAY 0u
#define RA_SV_SLVERR 2u
#define RA_SV_DECERR 3u

struct ra_sv_dma_resp {
	uint32_t resp;		/* RA_SV_OKAY, RA_SV_SLVERR, RA_SV_DECERR */
	uint32_t len;		/* data bytes that follow (DMA_READ: the request's len; else 0) */
	uint64_t old;		/* DMA_ATOMIC: the word before the clear */
};

#define RA_SV_MAX_DMA 4096u
#define RA_SV_MAX_PAYLOAD (sizeof(struct ra_sv_dma) + RA_SV_MAX_DMA)

#endif
