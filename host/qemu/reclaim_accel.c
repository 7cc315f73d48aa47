/*
 * reclaim-accel: PCI model of the reclaim-accel page-table scan/walk engine
 *
 * BAR0 is the device's CSR map (include/ra_regs.h, docs/registers.md). The
 * device behaviour is the project's golden C model (sim/model/ra_model.c),
 * which this file embeds: CSR accesses are forwarded to it, a doorbell
 * schedules a bottom half that executes the queued commands, and the model's
 * memory port is backed by the PCI DMA API. With backend=rtl the device is
 * instead the Verilated RTL (ra_top) in a separate ra-serve process
 * (sim/serve/ra_serve.c) on a Unix socket: CSR accesses are forwarded to it,
 * a bottom half clocks it in bounded slices, and its AXI reads, writes and
 * atomics come back as DMA requests performed here exactly as the model's
 * (protocol: ra_serve_proto.h). See docs/qemu.md.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"
#include "qemu/units.h"
#include "qemu/atomic.h"
#include "qemu/bswap.h"
#include "qemu/timer.h"
#include "qemu/host-utils.h"
#include "qemu/sockets.h"
#include "qapi/error.h"
#include "hw/pci/pci.h"
#include "hw/pci/msi.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "migration/blocker.h"
#include "exec/memory.h"
#include "sysemu/dma.h"
#include "trace/control.h"
#include "trace.h"

#include "ra_regs.h"
#include "ra_model.h"
#include "ra_serve_proto.h"

#include <poll.h>
#include <sys/un.h>

#define TYPE_RECLAIM_ACCEL "reclaim-accel"
OBJECT_DECLARE_SIMPLE_TYPE(ReclaimAccelState, RECLAIM_ACCEL)

/*
 * Command sizes this device accepts (docs/qemu.md, "Limits"). A command runs
 * whole in a bottom half with the BQL held, so its size bounds how long QEMU's
 * main loop stalls. The limits are those of the driver's chunks (SCAN: 1 GiB,
 * RA_CHUNK_PAGES; WALK and HASH: 4096 entries, RA_WALK_CHUNK/RA_HASH_CHUNK), so
 * every command the driver sends runs exactly as on the model and the RTL;
 * larger commands complete with BAD_ARGS (nothing read or written beyond the
 * command line). CMP and COPY, which the driver does not send, move 2 and 9
 * times the memory accesses of HASH per entry.
 */
#define RA_QEMU_SCAN_MAX_PAGES  (1u << 18)
/*
 * A SCAN with RUNS and a non-zero budget of at most this many descriptors is
 * accepted over any range: the budget bounds its work (descriptors read and
 * interpreted, runs and records written) as the page limit bounds a bitmap
 * SCAN's, and it stops with RESUME where the budget runs out.
 */
#define RA_QEMU_SCAN_MAX_BUDGET (1u << 18)
#define RA_QEMU_WALK_MAX        4096u
#define RA_QEMU_HASH_MAX        4096u
#define RA_QEMU_CMP_MAX         1024u
#define RA_QEMU_COPY_MAX        256u

/*
 * Wall time after which a bottom half stops starting commands, whatever
 * "batch" says, and the pause before the next one: the main loop then goes
 * round several times with the BQL free for the vCPUs, long enough for a QMP
 * command (which needs several rounds) to be read, run and answered.
 */
#define RA_BH_BUDGET_NS         (2 * SCALE_MS)
#define RA_BH_PAUSE_NS          (1 * SCALE_MS)

/*
 * backend=rtl: how long the device waits for ra-serve to accept the connection
 * at creation, and for any answer afterwards before it declares the simulator
 * gone (the device then reads all ones and does nothing).
 */
#define RA_RTL_CONNECT_MS       10000
#define RA_RTL_ANSWER_MS        60000

QEMU_BUILD_BUG_ON(RA_PCI_BAR0_BYTES < RA_CSR_BYTES);

struct ReclaimAccelState {
    PCIDevice parent_obj;

    MemoryRegion bar0;
    QEMUBH *bh;
    QEMUTimer *resume;      /* schedules bh after a pause (RA_BH_PAUSE_NS) */
    struct ra_model *model;

    /* Properties (build parameters of the modelled RTL, and device knobs). */
    uint32_t walk_cache;    /* "walk-cache": walk-cache entries, 0..64 */
    uint32_t latency;       /* "latency": memory read latency, clock cycles */
    uint32_t data_bytes;    /* "data-bytes": memory data width, 8 or 16 */
    uint32_t rd_inflight;   /* "rd-inflight": read bursts in flight, 1..32 */
    uint32_t clock_mhz;     /* "clock-mhz": 0 = cycles counts busy time only */
    uint32_t batch;         /* "batch": commands per bottom-half run */
    bool msi;               /* "msi": offer an MSI capability */
    char *backend;          /* "backend": "model" (default) or "rtl" */
    char *rtl_socket;       /* "rtl-socket": ra-serve's Unix socket */
    uint32_t rtl_slice_us;  /* "rtl-slice-us": wall time of one RTL slice */

    /* backend=rtl */
    bool rtl;               /* the RTL in ra-serve, not the model */
    int rtl_fd;             /* connection to ra-serve, -1 when gone */
    bool rtl_irq;           /* ra_top's irq_o after the last request */
    uint64_t rtl_cycle;     /* ra-serve's cycle count after the last request */
    uint64_t rtl_sq_base;   /* the RTL's SQ_BASE, read back after each write */
    uint32_t rtl_sq_log2;   /* the largest SQ_SIZE since reset: SQ_HEAD stays below it */
    uint8_t rtl_buf[RA_SV_MAX_PAYLOAD];
    Error *migration_blocker;

    /* Runtime state. */
    bool in_run;            /* the model is executing (reentrancy guard) */
    bool unrealized;        /* unplugged: DMA fails, nothing is scheduled */
    bool reset_pending;     /* a reset arrived during a run: done after it */
    bool fetch_cmd;         /* the next 64-byte read at cmd_pa is a command */
    uint64_t cmd_pa;        /* address of the command being fetched */
    uint32_t irq_pending;   /* unmasked INT_STATUS bits last seen */
    bool intx_level;        /* INTx level last driven (for tracing) */
    int64_t time_base_ns;   /* QEMU_CLOCK_VIRTUAL at reset (clock-mhz) */
    uint64_t cycles_synced; /* cycles accounted since time_base_ns */

    /* Model state image, filled by pre_save and consumed by post_load. */
    uint8_t model_state[RA_MODEL_STATE_BYTES];
};

/*
 * Memory port of the model: PCI DMA.
 */

/*
 * The command line being fetched: a command larger than this device's limits
 * gets a non-zero reserved field, so that the model completes it with
 * BAD_ARGS exactly as any other malformed command (tag echoed, nothing else
 * read or written).
 */
static void ra_limit_cmd(ReclaimAccelState *s, uint8_t *line)
{
    uint64_t w[RA_DESC_WORDS], a0, a1, count, max;
    uint32_t budget;
    uint8_t op;
    unsigned i;

    for (i = 0; i < RA_DESC_WORDS; i++) {
        w[i] = ldq_le_p(line + 8 * i);
    }
    op = ra_desc_opcode(w);
    a0 = ra_desc_arg0(w);
    a1 = ra_desc_arg1(w);
    count = ra_desc_arg2(w);
    budget = ra_desc_budget(w);

    switch (op) {
    case RA_OP_SCAN:
        if (a1 <= a0 || ((a1 - a0) >> 12) <= RA_QEMU_SCAN_MAX_PAGES) {
            return;
        }
        if ((ra_desc_flags(w) & RA_SCAN_RUNS) && budget != 0 &&
            budget <= RA_QEMU_SCAN_MAX_BUDGET) {
            /* Bounded by its budget, whatever its span. */
            return;
        }
        qemu_log_mask(LOG_GUEST_ERROR,
                      "reclaim-accel: SCAN of %" PRIu64 " pages exceeds this "
                      "device's limit of %u (without RUNS and a budget of 1 "
                      "to %u descriptors): BAD_ARGS\n",
                      (a1 - a0) >> 12, RA_QEMU_SCAN_MAX_PAGES,
                      RA_QEMU_SCAN_MAX_BUDGET);
        break;
    case RA_OP_WALK:
    case RA_OP_HASH:
    case RA_OP_CMP:
    case RA_OP_COPY:
        max = op == RA_OP_WALK ? RA_QEMU_WALK_MAX :
              op == RA_OP_HASH ? RA_QEMU_HASH_MAX :
              op == RA_OP_CMP ? RA_QEMU_CMP_MAX : RA_QEMU_COPY_MAX;
        if (count <= max) {
            return;
        }
        qemu_log_mask(LOG_GUEST_ERROR,
                      "reclaim-accel: opcode %u with count %" PRIu64
                      " exceeds this device's limit of %" PRIu64
                      ": BAD_ARGS\n", op, count, max);
        break;
    default:
        return;
    }
    /* The reserved field must be 0: the model answers BAD_ARGS. */
    ra_desc_set_rsvd(w, 1);
    stq_le_p(line + 8 * RA_DESC_RSVD_WORD, w[RA_DESC_RSVD_WORD]);
}

/*
 * One DMA of the device: PCI DMA in @dir, traced; a failure (bus mastering off, no memory
 * there, or the device unplugged during the run) is logged as the guest's error and returns -1.
 */
static int ra_dma(ReclaimAccelState *s, uint64_t pa, void *buf, size_t len, DMADirection dir)
{
    bool rd = dir == DMA_DIRECTION_TO_DEVICE;
    MemTxResult r;

    if (s->unrealized) {
        /* Unplugged during the run: the device is off the bus. */
        if (rd) {
            memset(buf, 0, len);
        }
        return -1;
    }
    r = pci_dma_rw(PCI_DEVICE(s), pa, buf, len, dir, MEMTXATTRS_UNSPECIFIED);
    if (rd) {
        trace_reclaim_accel_dma_read(pa, len, r);
    } else {
        trace_reclaim_accel_dma_write(pa, len, r);
    }
    if (r != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "reclaim-accel: DMA %s of %zu bytes at 0x%" PRIx64
                      " failed (bus mastering off or no memory there)\n",
                      rd ? "read" : "write", len, pa);
        return -1;
    }
    return 0;
}

static int ra_dma_read(void *ctx, uint64_t pa, void *buf, size_t len)
{
    ReclaimAccelState *s = ctx;
    bool cmd = s->fetch_cmd && pa == s->cmd_pa && len == RA_DESC_BYTES;

    s->fetch_cmd = false;
    if (ra_dma(s, pa, buf, len, DMA_DIRECTION_TO_DEVICE)) {
        return -1;
    }
    if (cmd) {
        ra_limit_cmd(s, buf);
    }
    return 0;
}

static int ra_dma_write(void *ctx, uint64_t pa, const void *buf, size_t len)
{
    return ra_dma(ctx, pa, (void *)buf, len, DMA_DIRECTION_FROM_DEVICE);
}

/*
 * AtomicStore-CLR of a little-endian 64-bit word. The word is mapped directly
 * (guest RAM only; a bounce buffer would not be atomic) and cleared with a
 * host atomic, so that it cannot race with the guest's own hardware
 * access-flag updates or atomics on other vCPUs. Unmapping with an access
 * length marks the page dirty for migration.
 */
static int ra_dma_atomic_clr64(void *ctx, uint64_t pa, uint64_t mask,
                               uint64_t *old)
{
    ReclaimAccelState *s = ctx;
    AddressSpace *as;
    dma_addr_t len = sizeof(uint64_t);
    uint64_t *p, prev;
    bool direct;

    if (s->unrealized) {
        return -1;
    }
    as = pci_get_address_space(PCI_DEVICE(s));
    if (pa & (sizeof(uint64_t) - 1)) {
        goto fail;
    }

    /* Refuse anything but writable RAM before mapping it. */
    WITH_RCU_READ_LOCK_GUARD() {
        hwaddr xlat, l = sizeof(uint64_t);
        MemoryRegion *mr = address_space_translate(as, pa, &xlat, &l, true,
                                                   MEMTXATTRS_UNSPECIFIED);
        direct = l == sizeof(uint64_t) && memory_access_is_direct(mr, true);
    }
    if (!direct) {
        goto fail;
    }

    p = dma_memory_map(as, pa, &len, DMA_DIRECTION_FROM_DEVICE,
                       MEMTXATTRS_UNSPECIFIED);
    if (!p) {
        goto fail;
    }
    if (len != sizeof(uint64_t) || ((uintptr_t)p & (sizeof(uint64_t) - 1))) {
        dma_memory_unmap(as, p, len, DMA_DIRECTION_FROM_DEVICE, 0);
        goto fail;
    }
    prev = qatomic_fetch_and(p, cpu_to_le64(~mask));
    dma_memory_unmap(as, p, len, DMA_DIRECTION_FROM_DEVICE, len);

    *old = le64_to_cpu(prev);
    trace_reclaim_accel_atomic_clr(pa, mask, *old, 0);
    return 0;

fail:
    trace_reclaim_accel_atomic_clr(pa, mask, 0, -1);
    qemu_log_mask(LOG_GUEST_ERROR,
                  "reclaim-accel: atomic clear at 0x%" PRIx64
                  " not in guest RAM (descriptor ignored)\n", pa);
    return -1;
}

static const struct ra_mem_ops ra_mem_ops = {
    .read = ra_dma_read,
    .write = ra_dma_write,
    .atomic_clr64 = ra_dma_atomic_clr64,
};

static void ra_model_trace(void *ctx, const char *msg)
{
    trace_reclaim_accel_model(msg);
}

/*
 * Interrupts: the model's level, as INTx, or an MSI message on every new
 * unmasked INT_STATUS bit.
 */

/*
 * With backend=rtl only the line (irq_o) is known without CSR reads: MSI is
 * sent on its rising edge.
 */
static uint32_t ra_pending(ReclaimAccelState *s)
{
    if (s->rtl) {
        return s->rtl_irq;
    }
    return ra_model_read32(s->model, RA_REG_INT_STATUS) &
           ~ra_model_read32(s->model, RA_REG_INT_MASK);
}

static void ra_update_irq(ReclaimAccelState *s)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    uint32_t pending = ra_pending(s);
    bool level = s->rtl ? s->rtl_irq : ra_model_irq(s->model);
    uint32_t rising = pending & ~s->irq_pending;

    if (s->unrealized) {
        return;
    }
    s->irq_pending = pending;
    if (msi_enabled(pdev)) {
        if (rising) {
            trace_reclaim_accel_irq(1, 1);
            msi_notify(pdev, 0);
        }
    } else {
        if (level != s->intx_level) {
            trace_reclaim_accel_irq(level, 0);
            s->intx_level = level;
        }
        pci_set_irq(pdev, level);
    }
}

static void ra_config_write(PCIDevice *pdev, uint32_t addr, uint32_t val,
                            int len)
{
    ReclaimAccelState *s = RECLAIM_ACCEL(pdev);
    bool was_msi = msi_enabled(pdev);

    pci_default_write_config(pdev, addr, val, len);
    if (was_msi != msi_enabled(pdev)) {
        if (msi_enabled(pdev)) {
            /* Leave INTx; anything pending becomes one message. */
            pci_set_irq(pdev, 0);
            s->intx_level = false;
            s->irq_pending = 0;
        }
        ra_update_irq(s);
    }
}

/*
 * Time: with clock-mhz set, idle time is added to the cycles counter.
 */

static uint64_t ra_now_cycles(ReclaimAccelState *s)
{
    int64_t ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - s->time_base_ns;

    if (s->rtl) {
        return 0;   /* the RTL counts its own cycles */
    }

    return ns > 0 ? muldiv64(ns, s->clock_mhz, 1000) : 0;
}

static void ra_sync_time(ReclaimAccelState *s)
{
    uint64_t now;

    if (!s->clock_mhz || s->rtl) {
        return;
    }
    now = ra_now_cycles(s);
    if (now > s->cycles_synced) {
        ra_model_add_idle_cycles(s->model, now - s->cycles_synced);
        s->cycles_synced = now;
    }
}

/*
 * backend=rtl: the Verilated RTL in ra-serve (ra_serve_proto.h).
 */

static void ra_rtl_lost(ReclaimAccelState *s, const char *what)
{
    if (s->rtl_fd < 0) {
        return;
    }
    error_report("reclaim-accel: ra-serve connection lost (%s): the device "
                 "is dead from now on (reads all ones)", what);
    close(s->rtl_fd);
    s->rtl_fd = -1;
}

static bool ra_rtl_send(ReclaimAccelState *s, uint32_t type, const void *a,
                        size_t alen, const void *b, size_t blen)
{
    struct ra_sv_hdr h = { type, alen + blen };
    const void *part[3] = { &h, a, b };
    size_t plen[3] = { sizeof(h), alen, blen };

    for (int i = 0; i < 3; i++) {
        const uint8_t *p = part[i];
        size_t n = plen[i];

        while (n) {
            ssize_t k = send(s->rtl_fd, p, n, MSG_NOSIGNAL);

            if (k < 0 && errno == EINTR) {
                continue;
            }
            if (k <= 0) {
                ra_rtl_lost(s, "send failed");
                return false;
            }
            p += k;
            n -= k;
        }
    }
    return true;
}

static bool ra_rtl_recv(ReclaimAccelState *s, void *buf, size_t len)
{
    uint8_t *p = buf;

    while (len) {
        struct pollfd pfd = { .fd = s->rtl_fd, .events = POLLIN };
        ssize_t k;
        int r = poll(&pfd, 1, RA_RTL_ANSWER_MS);

        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            ra_rtl_lost(s, r ? "poll failed" : "no answer within 60 s");
            return false;
        }
        k = recv(s->rtl_fd, p, len, 0);
        if (k < 0 && errno == EINTR) {
            continue;
        }
        if (k <= 0) {
            ra_rtl_lost(s, k ? "receive failed" : "ra-serve closed it");
            return false;
        }
        p += k;
        len -= k;
    }
    return true;
}

static uint32_t ra_rtl_resp(MemTxResult r)
{
    return r == MEMTX_OK ? RA_SV_OKAY :
           r == MEMTX_DECODE_ERROR ? RA_SV_DECERR : RA_SV_SLVERR;
}

/*
 * One DMA request of the RTL's memory port, performed as the model's accesses
 * are (ra_dma_read, ra_dma_write, ra_dma_atomic_clr64): PCI DMA, the atomic
 * clear with a host atomic on guest RAM only. A failure is an AXI error
 * response (SLVERR, or DECERR where nothing answers the address).
 */
static bool ra_rtl_dma(ReclaimAccelState *s, const struct ra_sv_hdr *h)
{
    struct ra_sv_dma q;
    struct ra_sv_dma_resp r = { 0 };
    uint8_t *data = s->rtl_buf + sizeof(q);
    MemTxResult res;

    if (h->len < sizeof(q) || h->len > sizeof(s->rtl_buf) ||
        !ra_rtl_recv(s, s->rtl_buf, h->len)) {
        ra_rtl_lost(s, "bad DMA request");
        return false;
    }
    memcpy(&q, s->rtl_buf, sizeof(q));
    if (q.len > RA_SV_MAX_DMA ||
        (h->type == RA_SV_DMA_WRITE && h->len != sizeof(q) + q.len)) {
        ra_rtl_lost(s, "bad DMA request length");
        return false;
    }

    switch (h->type) {
    case RA_SV_DMA_READ:
        if (s->unrealized) {
            res = MEMTX_ERROR;
            memset(data, 0, q.len);
        } else {
            res = pci_dma_read(PCI_DEVICE(s), q.pa, data, q.len);
            trace_reclaim_accel_dma_read(q.pa, q.len, res);
        }
        if (res != MEMTX_OK) {
            if (!s->unrealized) {
                qemu_log_mask(LOG_GUEST_ERROR,
                              "reclaim-accel: DMA read of %u bytes at 0x%"
                              PRIx64 " failed (bus mastering off or no "
                              "memory there)\n", q.len, q.pa);
            }
            memset(data, 0, q.len);
        } else if (q.len == RA_DESC_BYTES && s->rtl_sq_log2 <= 16 &&
                   q.pa >= s->rtl_sq_base &&
                   q.pa - s->rtl_sq_base <
                   ((uint64_t)RA_DESC_BYTES << s->rtl_sq_log2) &&
                   !((q.pa - s->rtl_sq_base) % RA_DESC_BYTES)) {
            /* A line of the submission ring: a command being fetched. */
            ra_limit_cmd(s, data);
        }
        r.resp = ra_rtl_resp(res);
        r.len = q.len;
        return ra_rtl_send(s, RA_SV_DMA_RESP, &r, sizeof(r), data, q.len);
    case RA_SV_DMA_WRITE:
        r.resp = ra_dma_write(s, q.pa, data, q.len) ? RA_SV_SLVERR
                                                     : RA_SV_OKAY;
        return ra_rtl_send(s, RA_SV_DMA_RESP, &r, sizeof(r), NULL, 0);
    case RA_SV_DMA_ATOMIC:
        r.resp = q.len != sizeof(uint64_t) ||
                 ra_dma_atomic_clr64(s, q.pa, q.mask, &r.old) ? RA_SV_SLVERR
                                                              : RA_SV_OKAY;
        return ra_rtl_send(s, RA_SV_DMA_RESP, &r, sizeof(r), NULL, 0);
    default:
        ra_rtl_lost(s, "unknown message");
        return false;
    }
}

/*
 * One request to ra-serve: send it, then perform the DMA requests that come
 * back until its DONE. The caller holds in_run.
 */
static bool ra_rtl_transact(ReclaimAccelState *s, uint32_t type,
                            const void *req, size_t len,
                            struct ra_sv_done *done)
{
    if (s->rtl_fd < 0 || !ra_rtl_send(s, type, req, len, NULL, 0)) {
        return false;
    }
    for (;;) {
        struct ra_sv_hdr h;

        if (!ra_rtl_recv(s, &h, sizeof(h))) {
            return false;
        }
        if (h.type == RA_SV_DONE) {
            if (h.len != sizeof(*done) || !ra_rtl_recv(s, done, sizeof(*done))) {
                ra_rtl_lost(s, "bad answer");
                return false;
            }
            s->rtl_irq = done->irq;
            s->rtl_cycle = done->cycle;
            return true;
        }
        if (h.type == RA_SV_ERROR) {
            char text[256];
            size_t n = MIN(h.len, sizeof(text) - 1);

            if (ra_rtl_recv(s, text, n)) {
                text[n] = 0;
                error_report("reclaim-accel: ra-serve: %s", text);
            }
            ra_rtl_lost(s, "error");
            return false;
        }
        if (!ra_rtl_dma(s, &h)) {
            return false;
        }
    }
}

/* A CSR access on the RTL's AXI4-Lite port (no DMA happens meanwhile). */
static uint32_t ra_rtl_csr(ReclaimAccelState *s, bool write, hwaddr addr,
                           uint32_t val)
{
    struct ra_sv_csr q = { addr, val };
    struct ra_sv_done d;
    bool ok;

    s->in_run = true;
    ok = ra_rtl_transact(s, write ? RA_SV_CSR_WRITE : RA_SV_CSR_READ,
                         &q, sizeof(q), &d);
    s->in_run = false;
    if (!ok) {
        return UINT32_MAX;
    }
    if (d.resp) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "reclaim-accel: RTL CSR %s at 0x%03" HWADDR_PRIx
                      " answered %s\n", write ? "write" : "read", addr,
                      d.resp == 4 ? "nothing (timeout)" : "an error");
    }
    return d.val;
}

static void ra_rtl_reset(ReclaimAccelState *s)
{
    struct ra_sv_reset q = { 4, 0 };
    struct ra_sv_done d;

    s->rtl_sq_base = 0;
    s->rtl_sq_log2 = 0;
    s->rtl_irq = false;
    s->in_run = true;
    ra_rtl_transact(s, RA_SV_RESET, &q, sizeof(q), &d);
    s->in_run = false;
}

/* A register, read from whichever backend the device has. */
static uint32_t ra_csr_peek(ReclaimAccelState *s, hwaddr addr)
{
    return s->rtl ? ra_rtl_csr(s, false, addr, 0)
                  : ra_model_read32(s->model, addr);
}

static bool ra_rtl_connect(ReclaimAccelState *s, Error **errp)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    struct ra_sv_hello h = { .magic = RA_SV_MAGIC, .version = RA_SV_VERSION };
    struct ra_sv_hdr rh;
    int64_t end = qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + RA_RTL_CONNECT_MS;

    if (!s->rtl_socket || !*s->rtl_socket) {
        error_setg(errp, "backend=rtl needs rtl-socket=PATH, the socket of a "
                   "running ra-serve");
        return false;
    }
    if (strlen(s->rtl_socket) >= sizeof(sa.sun_path)) {
        error_setg(errp, "rtl-socket path too long");
        return false;
    }
    strcpy(sa.sun_path, s->rtl_socket);
    for (;;) {
        s->rtl_fd = qemu_socket(AF_UNIX, SOCK_STREAM, 0);
        if (s->rtl_fd < 0) {
            error_setg_errno(errp, errno, "cannot create a socket");
            return false;
        }
        if (!connect(s->rtl_fd, (struct sockaddr *)&sa, sizeof(sa))) {
            break;
        }
        close(s->rtl_fd);
        s->rtl_fd = -1;
        if (qemu_clock_get_ms(QEMU_CLOCK_REALTIME) >= end) {
            error_setg_errno(errp, errno, "cannot connect to ra-serve at %s",
                             s->rtl_socket);
            return false;
        }
        g_usleep(20000);
    }
    if (!ra_rtl_send(s, RA_SV_HELLO, &h, sizeof(h), NULL, 0) ||
        !ra_rtl_recv(s, &rh, sizeof(rh))) {
        error_setg(errp, "ra-serve at %s does not answer", s->rtl_socket);
        return false;
    }
    if (rh.type == RA_SV_ERROR) {
        char text[256];
        size_t n = MIN(rh.len, sizeof(text) - 1);

        if (!ra_rtl_recv(s, text, n)) {
            n = 0;
        }
        text[n] = 0;
        error_setg(errp, "ra-serve refused the device (protocol version %u): "
                   "%s", RA_SV_VERSION, text);
        return false;
    }
    memset(&h, 0, sizeof(h));
    if (rh.type != RA_SV_HELLO || rh.len < 8 || rh.len > sizeof(h) ||
        !ra_rtl_recv(s, &h, rh.len) || h.magic != RA_SV_MAGIC) {
        error_setg(errp, "%s is not a reclaim-accel ra-serve", s->rtl_socket);
        return false;
    }
    if (h.version != RA_SV_VERSION) {
        error_setg(errp, "ra-serve speaks protocol version %u, this device "
                   "version %u: build both from one tree", h.version,
                   RA_SV_VERSION);
        return false;
    }
    h.variant[sizeof(h.variant) - 1] = 0;
    info_report("reclaim-accel: RTL backend: ra_top %s (%u-byte port, memory "
                "latency %u cycles) at %s", h.variant, h.data_bytes,
                h.latency, s->rtl_socket);
    return true;
}

/*
 * Command execution.
 */

static void ra_do_reset(ReclaimAccelState *s);

/* Drops the reference a run took, outside the device's guarded bottom half. */
static void ra_unref_bh(void *opaque)
{
    object_unref(OBJECT(opaque));
}

/*
 * After a run (either backend), what the run itself may have caused. Unplugged by the run: the
 * device is unrealized (its bottom half deleted, its interrupt gone), and the last reference
 * must not go from inside this bottom half, whose reentrancy guard lives in the device. Reset
 * by the run (its own DMA onto a reset register): do the reset now. Return: true when the
 * caller must stop (the run's reference is dealt with), false to go on holding it.
 */
static bool ra_run_end(ReclaimAccelState *s)
{
    if (s->unrealized) {
        aio_bh_schedule_oneshot(qemu_get_aio_context(), ra_unref_bh, s);
        return true;
    }
    if (s->reset_pending) {
        ra_do_reset(s);
        object_unref(OBJECT(s));
        return true;
    }
    return false;
}

static void ra_resume(void *opaque)
{
    ReclaimAccelState *s = opaque;

    if (!s->unrealized) {
        qemu_bh_schedule(s->bh);
    }
}

/*
 * backend=rtl: one slice of RTL time (rtl-slice-us of wall time at most, DMA
 * included), then the interrupt line; another slice at once after the line
 * rose with work left, after a pause when the slice used its time.
 */
static void ra_rtl_bh(ReclaimAccelState *s)
{
    struct ra_sv_run q = { .max_cycles = UINT64_MAX >> 1,
                           .budget_us = s->rtl_slice_us };
    struct ra_sv_done d;
    bool ok;

    if (s->rtl_fd < 0) {
        return;
    }
    object_ref(OBJECT(s));
    s->in_run = true;
    ok = ra_rtl_transact(s, RA_SV_RUN, &q, sizeof(q), &d);
    s->in_run = false;
    if (ra_run_end(s)) {
        return;
    }
    if (ok) {
        trace_reclaim_accel_rtl_run(d.stop, d.ran, d.cycle, d.irq);
        ra_update_irq(s);
        if (d.stop == RA_SV_STOP_LIMIT) {
            timer_mod(s->resume, qemu_clock_get_ns(QEMU_CLOCK_REALTIME) +
                      RA_BH_PAUSE_NS);
        } else if (d.stop == RA_SV_STOP_IRQ) {
            qemu_bh_schedule(s->bh);
        }
    }
    object_unref(OBJECT(s));
}

static void ra_bh(void *opaque)
{
    ReclaimAccelState *s = opaque;
    bool had_fault, fault, budget = false;
    uint64_t busy0;
    unsigned int done = 0;
    int64_t t0;

    if (s->unrealized) {
        return;
    }
    if (s->rtl) {
        ra_rtl_bh(s);
        return;
    }
    if (!ra_model_can_run(s->model)) {
        return;
    }
    ra_sync_time(s);
    ra_model_set_trace(s->model,
                       trace_event_get_state_backends(TRACE_RECLAIM_ACCEL_MODEL)
                       ? ra_model_trace : NULL, s);

    had_fault = ra_model_read32(s->model, RA_REG_STATUS) &
                RA_STATUS_RING_FAULT_MASK;
    busy0 = ra_model_counter(s->model, RA_CNT_BUSY_CYCLES);

    /*
     * The model's own DMA can unplug the device (a write to the Slot Control
     * of the root port above it, through ECAM) or reset it (a bridge's
     * secondary bus reset): the reference keeps the device, and so the
     * model, alive until the run has returned; ra_exit() makes the remaining
     * DMA fail and ra_reset() waits for the end of the run.
     */
    object_ref(OBJECT(s));
    s->in_run = true;
    t0 = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
    /* One command at a time, until "batch" of them or the time budget. */
    while (done < s->batch && !s->unrealized && !s->reset_pending &&
           ra_model_can_run(s->model)) {
        s->cmd_pa = ((uint64_t)ra_model_read32(s->model, RA_REG_SQ_BASE_HI) << 32 |
                     ra_model_read32(s->model, RA_REG_SQ_BASE_LO)) +
                    (uint64_t)RA_DESC_BYTES *
                    ra_model_read32(s->model, RA_REG_SQ_HEAD);
        s->fetch_cmd = true;
        if (!ra_model_run(s->model, 1)) {
            break;                          /* ring fault */
        }
        done++;
        if (qemu_clock_get_ns(QEMU_CLOCK_REALTIME) - t0 >= RA_BH_BUDGET_NS) {
            budget = true;
            break;
        }
    }
    s->fetch_cmd = false;
    s->in_run = false;
    if (ra_run_end(s)) {
        return;
    }

    /* The model's estimate of the busy time is device time too. */
    s->cycles_synced += ra_model_counter(s->model, RA_CNT_BUSY_CYCLES) - busy0;

    fault = ra_model_read32(s->model, RA_REG_STATUS) &
            RA_STATUS_RING_FAULT_MASK;
    if (fault && !had_fault) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "reclaim-accel: ring fault: SQ entry %u or CQ entry %u "
                      "outside every DMA window; fetching stopped until "
                      "CTRL.ENABLE is cleared\n",
                      ra_model_read32(s->model, RA_REG_SQ_HEAD),
                      ra_model_read32(s->model, RA_REG_CQ_TAIL));
    }
    trace_reclaim_accel_run(done, ra_model_read32(s->model, RA_REG_SQ_HEAD),
                            ra_model_read32(s->model, RA_REG_CQ_TAIL),
                            ra_model_read32(s->model, RA_REG_INT_STATUS));
    ra_update_irq(s);

    /*
     * More work than one batch: yield to the vCPUs, then go on; after a run
     * that took the whole time budget, only after a pause.
     */
    if (ra_model_can_run(s->model)) {
        if (budget) {
            /* as long a pause as the run took, at least RA_BH_PAUSE_NS */
            int64_t now = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);

            timer_mod(s->resume, now + MAX(RA_BH_PAUSE_NS, now - t0));
        } else {
            qemu_bh_schedule(s->bh);
        }
    }
    object_unref(OBJECT(s));
}

/*
 * BAR0.
 */

static bool ra_csr_ok(ReclaimAccelState *s, hwaddr addr, const char *what)
{
    if (addr >= RA_CSR_BYTES) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "reclaim-accel: %s at BAR0+0x%" HWADDR_PRIx
                      " beyond the CSR space (0x%x bytes)\n",
                      what, addr, RA_CSR_BYTES);
        return false;
    }
    if (s->in_run) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "reclaim-accel: %s at BAR0+0x%" HWADDR_PRIx
                      " by the device's own DMA ignored\n", what, addr);
        return false;
    }
    return true;
}

static uint64_t ra_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    ReclaimAccelState *s = opaque;
    uint32_t val;

    if (!ra_csr_ok(s, addr, "read")) {
        return 0;
    }
    if (s->rtl) {
        val = ra_rtl_csr(s, false, addr, 0);
        trace_reclaim_accel_mmio_read(addr, val);
        ra_update_irq(s);
        return val;
    }
    if (addr >= RA_REG_CNT_LO(0) && addr < RA_REG_CNT_LO(RA_NUM_COUNTERS)) {
        ra_sync_time(s);
    }
    val = ra_model_read32(s->model, addr);
    trace_reclaim_accel_mmio_read(addr, val);
    return val;
}

static void ra_mmio_write(void *opaque, hwaddr addr, uint64_t val64,
                          unsigned size)
{
    ReclaimAccelState *s = opaque;
    uint32_t val = val64;
    uint32_t ctrl;

    if (!ra_csr_ok(s, addr, "write")) {
        return;
    }
    trace_reclaim_accel_mmio_write(addr, val);
    ctrl = ra_csr_peek(s, RA_REG_CTRL);

    switch (addr) {
    case RA_REG_ID:
    case RA_REG_VERSION:
    case RA_REG_CAP:
    case RA_REG_STATUS:
    case RA_REG_PERF_CAP:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "reclaim-accel: write 0x%x to read-only register "
                      "0x%03" HWADDR_PRIx "\n", val, addr);
        return;
    case RA_REG_SQ_TAIL: {
        uint32_t log2 = ra_csr_peek(s, RA_REG_SQ_SIZE) & RA_SQ_SIZE_LOG2_MASK;

        trace_reclaim_accel_doorbell(val);
        if (val == ra_csr_peek(s, RA_REG_SQ_HEAD)) {
            /* Nothing queued: ring (re)initialisation, not a doorbell. */
        } else if (!(ctrl & RA_CTRL_ENABLE_MASK)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "reclaim-accel: doorbell (SQ_TAIL=%u) while "
                          "CTRL.ENABLE=0\n", val);
        } else if (!log2 || !ra_csr_peek(s, RA_REG_CQ_SIZE)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "reclaim-accel: doorbell (SQ_TAIL=%u) with a ring "
                          "size of 0\n", val);
        } else if (val >> log2) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "reclaim-accel: SQ_TAIL=%u beyond the ring of %u "
                          "entries (wrapped)\n", val, 1u << log2);
        }
        if (val != ra_csr_peek(s, RA_REG_SQ_HEAD) &&
            (ra_csr_peek(s, RA_REG_STATUS) &
             RA_STATUS_RING_FAULT_MASK)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "reclaim-accel: doorbell while STATUS.RING_FAULT "
                          "is set (clear CTRL.ENABLE first)\n");
        }
        break;
    }
    case RA_REG_PA_BITS:
        if ((val & RA_PA_BITS_VALUE_MASK) < 32 ||
            (val & RA_PA_BITS_VALUE_MASK) > 48) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "reclaim-accel: PA_BITS=%u outside 32..48 "
                          "ignored\n", val);
        }
        break;
    case RA_REG_CTRL:
        if (val & RA_CTRL_SOFT_RESET_MASK) {
            /* The model resets itself; keep the time base with it. */
            s->time_base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
            s->cycles_synced = 0;
        } else if (s->clock_mhz) {
            ra_sync_time(s);
        }
        break;
    default:
        break;
    }

    if (s->rtl) {
        ra_rtl_csr(s, true, addr, val);
        switch (addr) {
        case RA_REG_SQ_BASE_LO:
        case RA_REG_SQ_BASE_HI:
        case RA_REG_SQ_SIZE:
        case RA_REG_CTRL:
            /*
             * What the RTL kept (its masks; a soft reset it ignores while busy), so that
             * every command fetch is recognised for ra_limit_cmd(). The ring may shrink
             * under a SQ_HEAD the RTL does not re-mask: the largest size counts.
             */
            s->rtl_sq_base =
                (uint64_t)(ra_csr_peek(s, RA_REG_SQ_BASE_HI) &
                           RA_SQ_BASE_HI_ADDR_MASK) << 32 |
                (ra_csr_peek(s, RA_REG_SQ_BASE_LO) & RA_SQ_BASE_LO_ADDR_MASK);
            s->rtl_sq_log2 = MAX(s->rtl_sq_log2, ra_csr_peek(s, RA_REG_SQ_SIZE) &
                                 RA_SQ_SIZE_LOG2_MASK);
            break;
        }
        ra_update_irq(s);
        /* Writes that can give the engine work: let the RTL run. */
        if (addr == RA_REG_SQ_TAIL || addr == RA_REG_CQ_HEAD ||
            addr == RA_REG_CTRL) {
            qemu_bh_schedule(s->bh);
        }
        return;
    }
    ra_model_write32(s->model, addr, val);
    ra_update_irq(s);
    if (ra_model_can_run(s->model)) {
        qemu_bh_schedule(s->bh);
    }
}

static const MemoryRegionOps ra_mmio_ops = {
    .read = ra_mmio_read,
    .write = ra_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    /* 8-byte accesses are split into two 32-bit ones, low address first. */
    .valid = {
        .min_access_size = 4,
        .max_access_size = 8,
    },
    .impl = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

/*
 * Life cycle.
 */

static void ra_realize(PCIDevice *pdev, Error **errp)
{
    ReclaimAccelState *s = RECLAIM_ACCEL(pdev);
    struct ra_model_cfg cfg;
    Error *err = NULL;

    /* the limits of the RTL's build parameters (rtl/regs/ra_regs.json, "params") */
    if (s->walk_cache > RA_PARAM_WALK_CACHE_MAX) {
        error_setg(errp, "walk-cache must be %d..%d", RA_PARAM_WALK_CACHE_MIN,
                   RA_PARAM_WALK_CACHE_MAX);
        return;
    }
    if (s->data_bytes != RA_PARAM_DATA_W_MIN / 8 && s->data_bytes != RA_PARAM_DATA_W_MAX / 8) {
        error_setg(errp, "data-bytes must be %d or %d", RA_PARAM_DATA_W_MIN / 8,
                   RA_PARAM_DATA_W_MAX / 8);
        return;
    }
    if (s->rd_inflight < RA_PARAM_RD_INFLIGHT_MIN || s->rd_inflight > RA_PARAM_RD_INFLIGHT_MAX) {
        error_setg(errp, "rd-inflight must be %d..%d", RA_PARAM_RD_INFLIGHT_MIN,
                   RA_PARAM_RD_INFLIGHT_MAX);
        return;
    }
    if (s->batch < 1) {
        error_setg(errp, "batch must be at least 1");
        return;
    }
    s->rtl_fd = -1;
    if (s->backend && !strcmp(s->backend, "rtl")) {
        s->rtl = true;
        if (s->rtl_slice_us < 100 || s->rtl_slice_us > 100000) {
            error_setg(errp, "rtl-slice-us must be 100..100000");
            return;
        }
        if (!ra_rtl_connect(s, errp)) {
            if (s->rtl_fd >= 0) {
                close(s->rtl_fd);
                s->rtl_fd = -1;
            }
            return;
        }
        error_setg(&s->migration_blocker, "reclaim-accel with backend=rtl "
                   "cannot be migrated or snapshotted (the RTL state lives "
                   "in ra-serve)");
        if (migrate_add_blocker(s->migration_blocker, errp) < 0) {
            error_free(s->migration_blocker);
            s->migration_blocker = NULL;
            close(s->rtl_fd);
            s->rtl_fd = -1;
            return;
        }
        goto pci;
    } else if (s->backend && strcmp(s->backend, "model")) {
        error_setg(errp, "backend must be model or rtl");
        return;
    }

    cfg = (struct ra_model_cfg) {
        .data_bytes = s->data_bytes,
        .walk_cache = s->walk_cache,
        .rd_inflight = s->rd_inflight,
        .mem_latency = s->latency,
    };
    s->model = ra_model_create(&cfg, &ra_mem_ops, s);
    if (!s->model) {
        error_setg(errp, "cannot create the device model");
        return;
    }

pci:
    pci_config_set_interrupt_pin(pdev->config, 1);
    if (s->msi) {
        int ret = msi_init(pdev, 0, 1, true, false, &err);

        if (ret == -ENOTSUP) {
            /* No MSI controller on this machine: INTx only. */
            warn_report_err(err);
            err = NULL;
        } else if (ret) {
            error_propagate(errp, err);
            ra_model_destroy(s->model);
            s->model = NULL;
            if (s->migration_blocker) {
                migrate_del_blocker(s->migration_blocker);
                error_free(s->migration_blocker);
                s->migration_blocker = NULL;
            }
            if (s->rtl_fd >= 0) {
                close(s->rtl_fd);
                s->rtl_fd = -1;
            }
            return;
        }
    }

    s->bh = qemu_bh_new_guarded(ra_bh, s,
                                &DEVICE(pdev)->mem_reentrancy_guard);
    s->resume = timer_new_ns(QEMU_CLOCK_REALTIME, ra_resume, s);
    memory_region_init_io(&s->bar0, OBJECT(s), &ra_mmio_ops, s,
                          "reclaim-accel-bar0", RA_PCI_BAR0_BYTES);
    pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &s->bar0);
}

/*
 * Unrealize. This can happen in the middle of a run (the run's own DMA
 * unplugged the device): the model stays until instance finalize, which the
 * run's reference defers until ra_model_run() has returned.
 */
static void ra_exit(PCIDevice *pdev)
{
    ReclaimAccelState *s = RECLAIM_ACCEL(pdev);

    s->unrealized = true;
    s->fetch_cmd = false;
    qemu_bh_delete(s->bh);
    s->bh = NULL;
    timer_free(s->resume);
    s->resume = NULL;
    msi_uninit(pdev);
    if (s->migration_blocker) {
        migrate_del_blocker(s->migration_blocker);
        error_free(s->migration_blocker);
        s->migration_blocker = NULL;
    }
}

static void ra_finalize(Object *obj)
{
    ReclaimAccelState *s = RECLAIM_ACCEL(obj);

    ra_model_destroy(s->model);
    s->model = NULL;
    if (s->rtl_fd >= 0) {
        /* ra-serve sees the end of the stream and exits. */
        close(s->rtl_fd);
        s->rtl_fd = -1;
    }
}

static void ra_do_reset(ReclaimAccelState *s)
{
    trace_reclaim_accel_reset();
    s->reset_pending = false;
    if (s->bh) {
        qemu_bh_cancel(s->bh);
        timer_del(s->resume);
    }
    if (s->rtl) {
        ra_rtl_reset(s);
    } else {
        ra_model_reset(s->model);
    }
    s->irq_pending = 0;
    s->intx_level = false;
    s->time_base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    s->cycles_synced = 0;
    pci_set_irq(PCI_DEVICE(s), 0);
}

static void ra_reset(DeviceState *dev)
{
    ReclaimAccelState *s = RECLAIM_ACCEL(dev);

    if (s->in_run) {
        /*
         * The run's own DMA reset the device (a secondary bus reset through
         * ECAM): the model is in the middle of a command. Bus mastering is
         * off from now on, so the rest of the command reaches no memory; the
         * model is reset when the run has returned.
         */
        s->reset_pending = true;
        return;
    }
    ra_do_reset(s);
}

/*
 * Migration: the model's state travels as its own versioned image.
 */

static int ra_pre_save(void *opaque)
{
    ReclaimAccelState *s = opaque;

    if (!s->model) {
        return -ENOTSUP;    /* backend=rtl: refused by its migration blocker */
    }
    ra_model_save(s->model, s->model_state);
    return 0;
}

static int ra_post_load(void *opaque, int version_id)
{
    ReclaimAccelState *s = opaque;
    int ret = s->model ? ra_model_load(s->model, s->model_state,
                                       sizeof(s->model_state))
                       : RA_MODEL_LOAD_ECONFIG;

    if (ret) {
        error_report("reclaim-accel: cannot load the device state (%d): %s",
                     ret, ret == RA_MODEL_LOAD_ECONFIG
                     ? "walk-cache/latency/data-bytes/rd-inflight differ"
                     : "bad or unknown state image");
        return -EINVAL;
    }
    s->in_run = false;
    /* A time base outside [0, now] (a bad stream) would overflow the elapsed time. */
    if (s->time_base_ns < 0 ||
        s->time_base_ns > qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL)) {
        s->time_base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    }
    /* The interrupt state itself travels with the PCI device. */
    s->irq_pending = ra_pending(s);
    s->intx_level = !msi_enabled(PCI_DEVICE(s)) && ra_model_irq(s->model);
    if (ra_model_can_run(s->model)) {
        qemu_bh_schedule(s->bh);
    }
    return 0;
}

/*
 * The section version follows the model's image version: a new image (another size, as when
 * counters were added) cannot be read from an older stream, and QEMU then refuses the
 * section by its version before reading the buffer.
 */
static const VMStateDescription vmstate_reclaim_accel = {
    .name = TYPE_RECLAIM_ACCEL,
    .version_id = RA_MODEL_STATE_VERSION,
    .minimum_version_id = RA_MODEL_STATE_VERSION,
    .pre_save = ra_pre_save,
    .post_load = ra_post_load,
    .fields = (VMStateField[]) {
        VMSTATE_PCI_DEVICE(parent_obj, ReclaimAccelState),
        VMSTATE_INT64(time_base_ns, ReclaimAccelState),
        VMSTATE_UINT64(cycles_synced, ReclaimAccelState),
        VMSTATE_BUFFER(model_state, ReclaimAccelState),
        VMSTATE_END_OF_LIST()
    }
};

static Property ra_properties[] = {
    DEFINE_PROP_UINT32("walk-cache", ReclaimAccelState, walk_cache,
                       RA_PARAM_WALK_CACHE_DEFAULT),
    DEFINE_PROP_UINT32("latency", ReclaimAccelState, latency, 100),
    DEFINE_PROP_UINT32("data-bytes", ReclaimAccelState, data_bytes,
                       RA_PARAM_DATA_W_DEFAULT / 8),
    DEFINE_PROP_UINT32("rd-inflight", ReclaimAccelState, rd_inflight,
                       RA_PARAM_RD_INFLIGHT_DEFAULT),
    DEFINE_PROP_UINT32("clock-mhz", ReclaimAccelState, clock_mhz, 0),
    DEFINE_PROP_UINT32("batch", ReclaimAccelState, batch, 64),
    DEFINE_PROP_BOOL("msi", ReclaimAccelState, msi, true),
    DEFINE_PROP_STRING("backend", ReclaimAccelState, backend),
    DEFINE_PROP_STRING("rtl-socket", ReclaimAccelState, rtl_socket),
    DEFINE_PROP_UINT32("rtl-slice-us", ReclaimAccelState, rtl_slice_us, 4000),
    DEFINE_PROP_END_OF_LIST(),
};

static void ra_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = ra_realize;
    k->exit = ra_exit;
    k->config_write = ra_config_write;
    k->vendor_id = RA_PCI_VENDOR_ID;
    k->device_id = RA_PCI_DEVICE_ID;
    k->revision = RA_VERSION_MAJOR;
    k->class_id = RA_PCI_CLASS >> 8;
    dc->desc = "reclaim-accel page-table scan/walk accelerator";
    dc->reset = ra_reset;
    dc->vmsd = &vmstate_reclaim_accel;
    device_class_set_props(dc, ra_properties);
    object_class_property_set_description(klass, "walk-cache",
        "walk-cache entries, 0..64 (0 disables the cache)");
    object_class_property_set_description(klass, "latency",
        "memory read latency in device cycles (cycle estimate)");
    object_class_property_set_description(klass, "data-bytes",
        "memory data width in bytes, 8 or 16 (beat counters)");
    object_class_property_set_description(klass, "rd-inflight",
        "read bursts in flight, 1..32 (cycle estimate)");
    object_class_property_set_description(klass, "clock-mhz",
        "device clock; non-zero adds idle virtual time to 'cycles'");
    object_class_property_set_description(klass, "batch",
        "commands executed per bottom-half run");
    object_class_property_set_description(klass, "msi",
        "offer an MSI capability (1 vector); off: INTx only");
    object_class_property_set_description(klass, "backend",
        "model (the C model, default) or rtl (the Verilated RTL in ra-serve)");
    object_class_property_set_description(klass, "rtl-socket",
        "backend=rtl: Unix socket of a running ra-serve");
    object_class_property_set_description(klass, "rtl-slice-us",
        "backend=rtl: wall time of one RTL slice in a bottom half, 100..100000");
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
}

static const TypeInfo ra_info = {
    .name = TYPE_RECLAIM_ACCEL,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(ReclaimAccelState),
    .instance_finalize = ra_finalize,
    .class_init = ra_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_CONVENTIONAL_PCI_DEVICE },
        { },
    },
};

static void ra_register_types(void)
{
    type_register_static(&ra_info);
}

type_init(ra_register_types)
