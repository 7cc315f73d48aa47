// SPDX-License-Identifier: GPL-2.0
/*
 * reclaim_accel.c - driver for the reclaim-accel page-table accelerator (PCI 1234:5241).
 *
 * The device walks a process's own stage-1 translation tables (arm64, 4 KiB granule, 48-bit
 * VA, four levels) by DMA, and checksums pages with its HASH engine. The driver gives user space
 * a character device, /dev/reclaim_accelN, with three ioctls:
 *
 *  - RA_IOC_SCAN: reports which pages of a VA range of a process are young (AF=1), optionally
 *    clearing AF as it goes (the driver then invalidates the TLB for that range);
 *  - RA_IOC_WALK: translates a list of a process's VAs;
 *  - RA_IOC_HASH: KSM's checksum (low 32 bits of XXH64, seed 0) and a zero flag for every page
 *    of a VA range of a process. The driver takes a reference on each present page with
 *    get_user_pages_remote(FOLL_NOFAULT) under the mmap lock, DMA-maps it, hands the device
 *    the list of bus addresses and releases the pages after the command; pages that are not
 *    present are reported absent, never faulted in.
 *
 * Access: a caller names another process by a file descriptor of its /proc/PID/pagemap (SCAN,
 * WALK) or /proc/PID/mem (HASH) that it opened (RA_*_F_PROCFD): opening it was the kernel's own
 * check (ptrace_may_access() with PTRACE_MODE_READ_FSCREDS, or PTRACE_MODE_ATTACH_FSCREDS for
 * mem, security modules included), which modules cannot call in 6.1. A plain pid is accepted
 * only for the caller's own thread group. While the device walks an mm, the driver holds a
 * reference on it (mmget) and its mmap lock for reading, and sends the device only VA ranges
 * covered by VMAs (munmap frees page tables under the read lock, but never those of a VMA
 * still in the tree). The device only sees physical addresses the driver computes itself: the
 * pgd of the target mm, the driver's own DMA buffers and the DMA mappings of pages it holds
 * references on; nothing physical comes from user space.
 *
 * Commands are serialized by a mutex: one command is in flight at a time, the driver waits for
 * its completion on the interrupt with a timeout. The mutex is never held across a user copy:
 * results go through per-call bounce buffers.
 *
 * Counters: /sys/bus/pci/devices/<bdf>/counters/<name> (device) and .../stats/<name> (driver).
 * Registers: /sys/kernel/debug/reclaim_accel/<bdf>/regs.
 */

#include <linux/bitfield.h>
#include <linux/capability.h>
#include <linux/completion.h>
#include <linux/cred.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hugetlb.h>
#include <linux/idr.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/kref.h>
#include <linux/magic.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/proc_fs.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/tlbflush.h>

#include "ra_regs.h"
#include "reclaim_accel.h"

#if CONFIG_PGTABLE_LEVELS != 4 || VA_BITS != 48 || PAGE_SHIFT != 12
#error "reclaim-accel walks 4 KiB-granule, 48-bit, four-level tables only"
#endif

#define RA_DRV_NAME		"reclaim_accel"
#define RA_RING_LOG2		4
#define RA_RING_ENTRIES		(1u << RA_RING_LOG2)
/* SCAN chunk: pages per device command (a multiple of 64, so bitmaps concatenate). */
#define RA_CHUNK_PAGES		(1u << 18)
#define RA_CHUNK_WORDS		(RA_CHUNK_PAGES / 64)
#define RA_REC_CAP		2048u
#define RA_WALK_CHUNK		4096u
/*
 * HASH: pages per device command. The page list goes into the WALK VA list buffer (8 bytes per
 * page) and the results into the WALK result buffer (16 bytes per entry, HASH uses 8).
 */
#define RA_HASH_CHUNK		RA_WALK_CHUNK

static unsigned int timeout_ms = 10000;
module_param(timeout_ms, uint, 0644);
MODULE_PARM_DESC(timeout_ms, "Command completion timeout in milliseconds (default 10000)");

static DEFINE_IDA(ra_ida);
static struct dentry *ra_debugfs_root;

/**
 * struct ra_cpl - decoded completion entry.
 * @tag: echoed command tag.
 * @status: RA_ST_*.
 * @fault_kind: kind of the first fault.
 * @fault_level: level of the first fault.
 * @flags: RA_CPL_TRUNCATED.
 * @fault_va: VA of the first fault.
 * @count: count0..count3.
 */
struct ra_cpl {
	u32 tag;
	u8 status;
	u8 fault_kind;
	u8 fault_level;
	u8 flags;
	u64 fault_va;
	u32 count[4];
};

enum ra_stat {
	RA_STAT_SCAN_IOCTLS,
	RA_STAT_WALK_IOCTLS,
	RA_STAT_IOCTL_ERRORS,
	RA_STAT_COMMANDS,
	RA_STAT_COMMAND_ERRORS,
	RA_STAT_TIMEOUTS,
	RA_STAT_PAGES_SCANNED,
	RA_STAT_YOUNG_PAGES,
	RA_STAT_VAS_WALKED,
	RA_STAT_TLB_FLUSHES,
	RA_STAT_HASH_IOCTLS,
	RA_STAT_HASHED_PAGES,
	RA_STAT_ABSENT_PAGES,
	RA_NUM_STATS
};

/**
 * struct ra_dev - one reclaim-accel device.
 * @kref: the device structure lives until the last open file is closed.
 * @pdev: PCI device.
 * @regs: BAR0 mapping.
 * @misc: character device.
 * @name: character device name.
 * @id: instance number.
 * @lock: serializes commands and the use of the DMA buffers; protects @dead.
 * @reg_lock: makes LO/HI counter reads atomic against each other.
 * @done: completed by the interrupt handler.
 * @dead: device removed or hung: commands are refused.
 * @sq: submission ring.
 * @sq_dma: its bus address.
 * @sq_tail: driver's copy of SQ_TAIL.
 * @cq: completion ring.
 * @cq_dma: its bus address.
 * @cq_head: driver's copy of CQ_HEAD.
 * @tag: last command tag.
 * @ybm: young bitmap buffer (one SCAN chunk).
 * @ybm_dma: its bus address.
 * @dbm: dirty bitmap buffer.
 * @dbm_dma: its bus address.
 * @rec: SCAN record buffer.
 * @rec_dma: its bus address.
 * @vas: WALK VA list; HASH page list.
 * @vas_dma: its bus address.
 * @wres: WALK (and HASH) results as the device writes them.
 * @wres_dma: its bus address.
 * @hpages: HASH: the pages referenced for one command (NULL where none).
 * @hdma: HASH: their DMA handles, kept here (driver-private) for unmapping, never read back
 *	from the list the device can write.
 * @win: DMA windows programmed (base, limit pairs).
 * @nwin: how many windows are used.
 * @win_last: the window of the latest System RAM range (probe only).
 * @ram_dropped: System RAM ranges left out of the windows (more ranges than windows).
 * @ram_dropped_bytes: their size.
 * @cap: CAP register.
 * @int_mask: INT_MASK as programmed: the interrupt handler ignores masked bits.
 * @irq: Linux interrupt number.
 * @dbg: debugfs directory.
 * @inject_timeouts: test hook (debugfs): that many next commands are treated as lost.
 * @inject_spurious: test hook (debugfs): that many next commands get a spurious interrupt and a
 *	stale wake-up right after their doorbell, as a neighbour on a shared INTx line would cause.
 * @inject_reset_failures: test hook (debugfs): that many next resets after a lost completion
 *	fail as if the device stayed busy.
 * @stats: driver statistics (enum ra_stat).
 */
struct ra_dev {
	struct kref kref;
	struct pci_dev *pdev;
	void __iomem *regs;
	struct miscdevice misc;
	char name[32];
	int id;
	struct mutex lock;
	spinlock_t reg_lock;
	struct completion done;
	bool dead;
	__le64 *sq;
	dma_addr_t sq_dma;
	u32 sq_tail;
	__le64 *cq;
	dma_addr_t cq_dma;
	u32 cq_head;
	u32 tag;
	__le64 *ybm;
	dma_addr_t ybm_dma;
	__le64 *dbm;
	dma_addr_t dbm_dma;
	__le64 *rec;
	dma_addr_t rec_dma;
	__le64 *vas;
	dma_addr_t vas_dma;
	__le64 *wres;
	dma_addr_t wres_dma;
	struct page **hpages;
	dma_addr_t *hdma;
	u64 win[RA_NUM_WINDOWS][2];
	int nwin;
	int win_last;
	unsigned int ram_dropped;
	u64 ram_dropped_bytes;
	u32 cap;
	u32 int_mask;
	int irq;
	struct dentry *dbg;
	u32 inject_timeouts;
	u32 inject_spurious;
	u32 inject_reset_failures;
	atomic64_t stats[RA_NUM_STATS];
};

/**
 * struct ra_file - per-open state.
 * @ra: the device.
 * @show_pa: the opener had CAP_SYS_ADMIN: physical addresses are reported (as pagemap).
 */
struct ra_file {
	struct ra_dev *ra;
	bool show_pa;
};

#define ra_note(ra, fmt, ...) \
	dev_notice_ratelimited(&(ra)->pdev->dev, fmt, ##__VA_ARGS__)

static inline u32 ra_rd(struct ra_dev *ra, u32 off)
{
	return readl(ra->regs + off);
}

static inline void ra_wr(struct ra_dev *ra, u32 off, u32 val)
{
	writel(val, ra->regs + off);
}

static void ra_stat_add(struct ra_dev *ra, enum ra_stat s, u64 n)
{
	atomic64_add(n, &ra->stats[s]);
}

static void ra_free(struct kref *kref)
{
	struct ra_dev *ra = container_of(kref, struct ra_dev, kref);

	kvfree(ra->hpages);
	kvfree(ra->hdma);
	pci_dev_put(ra->pdev);
	kfree(ra);
}

/**
 * ra_read_counter() - read a 64-bit device counter consistently.
 * @ra: device.
 * @i: counter index (RA_CNT_*).
 *
 * Reading LO latches HI, so the pair is read under @ra->reg_lock.
 *
 * Return: the counter value.
 */
static u64 ra_read_counter(struct ra_dev *ra, unsigned int i)
{
	unsigned long flags;
	u32 lo, hi;

	spin_lock_irqsave(&ra->reg_lock, flags);
	lo = ra_rd(ra, RA_REG_CNT_LO(i));
	hi = ra_rd(ra, RA_REG_CNT_HI(i));
	spin_unlock_irqrestore(&ra->reg_lock, flags);
	return ((u64)hi << 32) | lo;
}

/* --- hardware set-up ------------------------------------------------------------------------ */

/*
 * One System RAM range for the DMA windows (called in ascending address order). Overlapping or
 * touching ranges extend the window of the previous one; otherwise a free window takes it. With
 * more separate ranges than windows, the smallest ones are left out: a window never bridges
 * the hole between two ranges (MMIO, firmware carve-outs), so the device can reach only RAM.
 */
static int ra_add_ram(struct resource *res, void *arg)
{
	struct ra_dev *ra = arg;
	u64 base = round_down(res->start, PAGE_SIZE);
	u64 limit = round_up(res->end + 1, PAGE_SIZE);
	int i, small;

	if (ra->nwin && base <= ra->win[ra->win_last][1] &&
	    limit >= ra->win[ra->win_last][0]) {
		ra->win[ra->win_last][1] = max(ra->win[ra->win_last][1], limit);
		return 0;
	}
	if (ra->nwin < RA_NUM_WINDOWS) {
		ra->win_last = ra->nwin++;
		ra->win[ra->win_last][0] = base;
		ra->win[ra->win_last][1] = limit;
		return 0;
	}
	/* No window left: keep the larger ranges. */
	for (small = 0, i = 1; i < ra->nwin; i++)
		if (ra->win[i][1] - ra->win[i][0] < ra->win[small][1] - ra->win[small][0])
			small = i;
	ra->ram_dropped++;
	if (limit - base <= ra->win[small][1] - ra->win[small][0]) {
		ra->ram_dropped_bytes += limit - base;
		return 0;
	}
	ra->ram_dropped_bytes += ra->win[small][1] - ra->win[small][0];
	ra->win[small][0] = base;
	ra->win[small][1] = limit;
	ra->win_last = small;
	return 0;
}

static bool ra_in_windows(struct ra_dev *ra, dma_addr_t a, size_t len)
{
	int i;

	for (i = 0; i < ra->nwin; i++)
		if (a >= ra->win[i][0] && a + len <= ra->win[i][1])
			return true;
	return false;
}

static void ra_set_int_mask(struct ra_dev *ra, u32 mask)
{
	WRITE_ONCE(ra->int_mask, mask);
	ra_wr(ra, RA_REG_INT_MASK, mask);
}

/**
 * ra_hw_init() - reset the device and program windows, rings and interrupts.
 * @ra: device (commands not running).
 *
 * Return: 0, or -EIO when the device stays busy and cannot be reset.
 */
static int ra_hw_init(struct ra_dev *ra)
{
	int i, tries;

	ra_wr(ra, RA_REG_CTRL, 0);
	for (tries = 0; ra_rd(ra, RA_REG_STATUS) & RA_STATUS_BUSY_MASK; tries++) {
		if (tries >= 1000) {
			dev_err(&ra->pdev->dev, "device stays busy; cannot reset it\n");
			return -EIO;
		}
		usleep_range(1000, 2000);
	}
	ra_wr(ra, RA_REG_CTRL, RA_CTRL_SOFT_RESET_MASK);
	ra_wr(ra, RA_REG_PA_BITS, 48);

	for (i = 0; i < RA_NUM_WINDOWS; i++) {
		u64 b = i < ra->nwin ? ra->win[i][0] : 0;
		u64 l = i < ra->nwin ? ra->win[i][1] : 0;

		ra_wr(ra, RA_REG_WIN_BASE_LO(i), lower_32_bits(b) & RA_WIN0_BASE_LO_ADDR_MASK);
		ra_wr(ra, RA_REG_WIN_BASE_HI(i), upper_32_bits(b) & RA_WIN0_BASE_HI_ADDR_MASK);
		ra_wr(ra, RA_REG_WIN_LIMIT_LO(i), lower_32_bits(l) & RA_WIN0_LIMIT_LO_ADDR_MASK);
		ra_wr(ra, RA_REG_WIN_LIMIT_HI(i), upper_32_bits(l) & RA_WIN0_LIMIT_HI_ADDR_MASK);
	}

	ra_wr(ra, RA_REG_SQ_BASE_LO, lower_32_bits(ra->sq_dma) & RA_SQ_BASE_LO_ADDR_MASK);
	ra_wr(ra, RA_REG_SQ_BASE_HI, upper_32_bits(ra->sq_dma) & RA_SQ_BASE_HI_ADDR_MASK);
	ra_wr(ra, RA_REG_SQ_SIZE, RA_RING_LOG2);
	ra_wr(ra, RA_REG_CQ_BASE_LO, lower_32_bits(ra->cq_dma) & RA_CQ_BASE_LO_ADDR_MASK);
	ra_wr(ra, RA_REG_CQ_BASE_HI, upper_32_bits(ra->cq_dma) & RA_CQ_BASE_HI_ADDR_MASK);
	ra_wr(ra, RA_REG_CQ_SIZE, RA_RING_LOG2);
	ra->sq_tail = ra_rd(ra, RA_REG_SQ_TAIL) & (RA_RING_ENTRIES - 1);
	ra->cq_head = ra_rd(ra, RA_REG_CQ_TAIL) & (RA_RING_ENTRIES - 1);
	ra_wr(ra, RA_REG_SQ_TAIL, ra->sq_tail);
	ra_wr(ra, RA_REG_CQ_HEAD, ra->cq_head);

	ra_wr(ra, RA_REG_INT_STATUS, RA_INT_STATUS_CMD_DONE_MASK |
	      RA_INT_STATUS_RING_FAULT_MASK | RA_INT_STATUS_CNT_OVF_MASK);
	ra_set_int_mask(ra, RA_INT_MASK_CNT_OVF_MASK);
	ra_wr(ra, RA_REG_CTRL, RA_CTRL_ENABLE_MASK);
	return 0;
}

/*
 * The interrupt line may be shared (INTx): only unmasked bits of INT_STATUS are this device's
 * interrupt, and only those are acknowledged. A wake-up is only a hint; ra_submit() decides
 * from the completion ring.
 */
static irqreturn_t ra_irq(int irq, void *data)
{
	struct ra_dev *ra = data;
	u32 st = ra_rd(ra, RA_REG_INT_STATUS);

	if (st == ~0u)
		return IRQ_NONE;	/* the device is gone (surprise removal) */
	st &= ~READ_ONCE(ra->int_mask) & (RA_INT_STATUS_CMD_DONE_MASK |
					  RA_INT_STATUS_RING_FAULT_MASK |
					  RA_INT_STATUS_CNT_OVF_MASK);
	if (!st)
		return IRQ_NONE;
	ra_wr(ra, RA_REG_INT_STATUS, st);
	complete(&ra->done);
	return IRQ_HANDLED;
}

/*
 * A device that may still be busy is cut off from memory before anything it could be reading
 * or writing (page tables, referenced pages, the driver's buffers) is released.
 */
static void ra_mark_dead(struct ra_dev *ra)
{
	ra->dead = true;
	ra_set_int_mask(ra, RA_INT_MASK_CMD_DONE_MASK | RA_INT_MASK_RING_FAULT_MASK |
			RA_INT_MASK_CNT_OVF_MASK);
	ra_wr(ra, RA_REG_CTRL, 0);
	pci_clear_master(ra->pdev);
}

/* Reset after a lost or bad completion; a device that cannot be reset is cut off. */
static void ra_reset_or_kill(struct ra_dev *ra)
{
	bool inject = READ_ONCE(ra->inject_reset_failures);

	if (inject)
		WRITE_ONCE(ra->inject_reset_failures, ra->inject_reset_failures - 1);
	if (inject || ra_hw_init(ra)) {
		dev_err(&ra->pdev->dev, "device disabled after a failed reset%s\n",
			inject ? " (injected)" : "");
		ra_mark_dead(ra);
	}
}

/* The completion ring holds an entry the driver has not consumed. */
static bool ra_cq_pending(struct ra_dev *ra)
{
	return (ra_rd(ra, RA_REG_CQ_TAIL) & (RA_RING_ENTRIES - 1)) != ra->cq_head;
}

/* --- command submission --------------------------------------------------------------------- */

/**
 * ra_submit() - run one command and wait for its completion.
 * @ra: device, @ra->lock held.
 * @cmd: the eight descriptor words (tag filled in here).
 * @cpl: decoded completion.
 *
 * Return: 0 when a completion arrived (its status is in @cpl), -ENODEV when the device is gone
 * or hung, -EIO on a ring fault, -ETIMEDOUT when none arrived in time (the device is reset).
 */
static int ra_submit(struct ra_dev *ra, u64 cmd[8], struct ra_cpl *cpl)
{
	__le64 *slot, *c;
	bool lost = false, timed_out = false;
	u64 c0, c2, c3;
	int i, err;

	lockdep_assert_held(&ra->lock);
	if (ra->dead)
		return -ENODEV;

	ra->tag++;
	cmd[0] = (cmd[0] & 0xffffffffULL) | ((u64)ra->tag << 32);
	slot = ra->sq + 8 * ra->sq_tail;
	for (i = 0; i < 8; i++)
		slot[i] = cpu_to_le64(cmd[i]);
	reinit_completion(&ra->done);
	ra->sq_tail = (ra->sq_tail + 1) & (RA_RING_ENTRIES - 1);
	/* writel orders the descriptor writes before the doorbell. */
	ra_wr(ra, RA_REG_SQ_TAIL, ra->sq_tail);
	ra_stat_add(ra, RA_STAT_COMMANDS, 1);

	if (unlikely(READ_ONCE(ra->inject_spurious))) {
		/* Fault injection: the handler runs with nothing (or not yet) pending for us, and
		 * the waiter is woken without a completion-ring entry. */
		WRITE_ONCE(ra->inject_spurious, ra->inject_spurious - 1);
		ra_irq(ra->irq, ra);
		complete(&ra->done);
	}
	if (unlikely(READ_ONCE(ra->inject_timeouts))) {
		/* Fault injection: behave as if the completion never came. */
		WRITE_ONCE(ra->inject_timeouts, ra->inject_timeouts - 1);
		lost = true;
	} else {
		/*
		 * Wait for an entry in the completion ring, not for a wake-up: a spurious or stale
		 * interrupt wakes us without one, and then we wait again until the deadline.
		 */
		unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms);

		for (;;) {
			long left;

			if (ra_cq_pending(ra) ||
			    (ra_rd(ra, RA_REG_STATUS) & RA_STATUS_RING_FAULT_MASK))
				break;
			left = (long)(deadline - jiffies);
			if (left <= 0) {
				timed_out = true;
				break;
			}
			wait_for_completion_timeout(&ra->done, left);
			/* Re-arm before looking at the ring again, so no wake-up is lost. */
			reinit_completion(&ra->done);
		}
	}
	if (lost || !ra_cq_pending(ra)) {
		if (ra_rd(ra, RA_REG_STATUS) & RA_STATUS_RING_FAULT_MASK) {
			dev_err(&ra->pdev->dev, "ring fault: the device could not reach its rings\n");
			err = -EIO;
		} else {
			dev_err(&ra->pdev->dev, "command %u: no completion after %u ms%s; resetting\n",
				ra->tag, lost ? 0 : timeout_ms, lost ? " (injected)" : "");
			ra_stat_add(ra, RA_STAT_TIMEOUTS, 1);
			err = -ETIMEDOUT;
		}
		ra_reset_or_kill(ra);
		return err;
	}
	if (timed_out)
		ra_note(ra, "completion found without its interrupt\n");

	dma_rmb();
	c = ra->cq + 4 * ra->cq_head;
	c0 = le64_to_cpu(c[0]);
	c2 = le64_to_cpu(c[2]);
	c3 = le64_to_cpu(c[3]);
	cpl->tag = lower_32_bits(c0);
	cpl->status = (c0 >> 32) & 0xff;
	cpl->fault_kind = (c0 >> 40) & 0xff;
	cpl->fault_level = (c0 >> 48) & 0xff;
	cpl->flags = c0 >> 56;
	cpl->fault_va = le64_to_cpu(c[1]);
	cpl->count[0] = lower_32_bits(c2);
	cpl->count[1] = upper_32_bits(c2);
	cpl->count[2] = lower_32_bits(c3);
	cpl->count[3] = upper_32_bits(c3);
	ra->cq_head = (ra->cq_head + 1) & (RA_RING_ENTRIES - 1);
	ra_wr(ra, RA_REG_CQ_HEAD, ra->cq_head);

	if (cpl->tag != ra->tag) {
		dev_err(&ra->pdev->dev, "completion tag %u, expected %u; resetting\n",
			cpl->tag, ra->tag);
		ra_reset_or_kill(ra);
		return -EIO;
	}
	if (cpl->status != RA_ST_OK) {
		static const char * const names[] = RA_STATUS_NAMES;

		ra_stat_add(ra, RA_STAT_COMMAND_ERRORS, 1);
		dev_err(&ra->pdev->dev, "command op %llu failed: status %s\n", cmd[0] & 0xff,
			cpl->status < ARRAY_SIZE(names) ? names[cpl->status] : "unknown");
	}
	return 0;
}

/* --- target process ------------------------------------------------------------------------- */

/**
 * ra_procfd_mm() - the mm of the process whose /proc/PID/@name the caller opened as @fd.
 * @ra: device (for logging).
 * @fd: file descriptor of the caller.
 * @name: "pagemap" (SCAN, WALK) or "mem" (HASH).
 *
 * Opening /proc/PID/pagemap made the kernel's own access check for reading the target's page
 * map: ptrace_may_access(PTRACE_MODE_READ_FSCREDS) with the opener's credentials (same
 * uid/gid or CAP_SYS_PTRACE, dumpability, commoncap's capability-subset rule, security
 * modules); /proc/PID/mem checked PTRACE_MODE_ATTACH_FSCREDS. Modules cannot call that check in
 * 6.1 (ptrace_may_access, mm_access and security_ptrace_access_check are not exported), so the
 * driver takes such an open file as the proof, exactly as the kernel reads pagemap through it.
 * The file is recognised by its file system (procfs), its name and its mm: the process its
 * directory names (in that procfs's pid namespace) must still have the mm the file was opened
 * on (proc_mem_open() keeps it in the file's private data). The private data is only compared
 * with a pointer the driver got itself, never dereferenced.
 *
 * Return: the mm with a reference (mmget), or an ERR_PTR: -EBADF (not an open file), -EINVAL
 * (not /proc/PID/@name opened for reading), -ESRCH (the process has exited or exec'd since).
 */
static struct mm_struct *ra_procfd_mm(struct ra_dev *ra, int fd, const char *name)
{
	struct mm_struct *mm = ERR_PTR(-EINVAL);
	struct task_struct *task;
	struct dentry *parent;
	struct super_block *sb;
	struct pid *pid;
	char dir[16];
	struct fd f;
	int nr;

	f = fdget(fd);
	if (!f.file) {
		ra_note(ra, "fd %d: not an open file\n", fd);
		return ERR_PTR(-EBADF);
	}
	sb = file_inode(f.file)->i_sb;
	if (sb->s_magic != PROC_SUPER_MAGIC || !(f.file->f_mode & FMODE_READ) ||
	    strcmp(f.file->f_path.dentry->d_name.name, name)) {
		ra_note(ra, "fd %d: not /proc/PID/%s opened for reading\n", fd, name);
		goto out;
	}
	parent = dget_parent(f.file->f_path.dentry);
	spin_lock(&parent->d_lock);
	strscpy(dir, parent->d_name.name, sizeof(dir));
	spin_unlock(&parent->d_lock);
	dput(parent);
	if (kstrtoint(dir, 10, &nr) || nr <= 0) {
		ra_note(ra, "fd %d: not /proc/PID/%s\n", fd, name);
		goto out;
	}
	rcu_read_lock();
	pid = get_pid(find_pid_ns(nr, proc_pid_ns(sb)));
	rcu_read_unlock();
	task = get_pid_task(pid, PIDTYPE_PID);
	put_pid(pid);
	mm = task ? get_task_mm(task) : NULL;
	if (task)
		put_task_struct(task);
	if (!mm || mm != READ_ONCE(f.file->private_data)) {
		ra_note(ra, "fd %d: process %d has exited or exec'd since its %s was opened\n", fd,
			nr, name);
		if (mm)
			mmput(mm);
		mm = ERR_PTR(-ESRCH);
	}
out:
	fdput(f);
	return mm;
}

/**
 * ra_own_mm() - the mm of process @nr, which must be in the caller's thread group.
 * @ra: device (for logging).
 * @nr: pid in the caller's pid namespace.
 *
 * Return: the mm with a reference, or an ERR_PTR: -ESRCH (no such process, or no mm),
 * -EACCES (another process: it must be named by a /proc file descriptor).
 */
static struct mm_struct *ra_own_mm(struct ra_dev *ra, pid_t nr)
{
	struct task_struct *task;
	struct mm_struct *mm;
	struct pid *pid;

	if (nr <= 0) {
		ra_note(ra, "pid %d: invalid\n", nr);
		return ERR_PTR(-ESRCH);
	}
	pid = find_get_pid(nr);
	task = get_pid_task(pid, PIDTYPE_PID);
	put_pid(pid);
	if (!task) {
		ra_note(ra, "pid %d: no such process\n", nr);
		return ERR_PTR(-ESRCH);
	}
	if (!same_thread_group(task, current)) {
		ra_note(ra, "pid %d: another process must be named by a /proc/PID file descriptor\n",
			nr);
		put_task_struct(task);
		return ERR_PTR(-EACCES);
	}
	mm = get_task_mm(task);
	put_task_struct(task);
	if (!mm) {
		ra_note(ra, "pid %d: no address space (exiting)\n", nr);
		return ERR_PTR(-ESRCH);
	}
	return mm;
}

/*
 * The target of an ioctl: @pid is a pid of the caller's own thread group, or with @procfd a
 * file descriptor of /proc/PID/pagemap (or /proc/PID/mem with @attach).
 */
static struct mm_struct *ra_target_mm(struct ra_dev *ra, s32 pid, bool procfd, bool attach)
{
	if (procfd)
		return ra_procfd_mm(ra, pid, attach ? "mem" : "pagemap");
	return ra_own_mm(ra, pid);
}

/* Invalidate the TLB entries of [start, end) of @mm, VMA by VMA; mmap lock held. */
static void ra_flush_range(struct ra_dev *ra, struct mm_struct *mm, unsigned long start,
			   unsigned long end)
{
	struct vm_area_struct *vma;
	VMA_ITERATOR(vmi, mm, start);

	for_each_vma_range(vmi, vma, end) {
		flush_tlb_range(vma, max(vma->vm_start, start), min(vma->vm_end, end));
		ra_stat_add(ra, RA_STAT_TLB_FLUSHES, 1);
	}
}

/**
 * ra_next_mapped() - the first run of VMAs in [@pos, @end).
 * @mm: target, mmap lock held.
 * @pos: start of the search.
 * @end: its end.
 * @ps: out: start of the run (at least @pos).
 * @pe: out: its end (at most @end); VMAs that touch are one run.
 *
 * Only such runs go to the device. munmap(), brk() and shrinking mremap() free page tables
 * with the mmap lock held only for reading, after they removed the VMAs from the tree; the
 * tables of VMAs still in the tree (and those shared with them) stay, so a walk limited to
 * VMAs never touches a freed table.
 *
 * Return: false when no VMA intersects [@pos, @end).
 */
static bool ra_next_mapped(struct mm_struct *mm, unsigned long pos, unsigned long end,
			   unsigned long *ps, unsigned long *pe)
{
	struct vm_area_struct *vma;
	VMA_ITERATOR(vmi, mm, pos);
	bool found = false;

	for_each_vma_range(vmi, vma, end) {
		if (!found)
			*ps = max(vma->vm_start, pos);
		else if (vma->vm_start != *pe)
			break;
		found = true;
		*pe = min(vma->vm_end, end);
		if (*pe >= end)
			break;
	}
	return found;
}

/* A descriptor as a caller may see it: everything with CAP_SYS_ADMIN (rf->show_pa); else 0
 * for an invalid one (swap, migration entries) and no output address for a valid one. */
static u64 ra_user_desc(const struct ra_file *rf, u64 desc)
{
	if (rf->show_pa)
		return desc;
	if (!(desc & 1))
		return 0;
	return desc & ~GENMASK_ULL(47, 12);
}

/* OR the first @n bits of the device bitmap @src into @dst from bit @off on. */
static void ra_or_bits(u64 *dst, unsigned long off, const __le64 *src, unsigned long n)
{
	unsigned long k, words = DIV_ROUND_UP(n, 64), sh = off % 64;
	u64 *d = dst + off / 64;

	for (k = 0; k < words; k++) {
		u64 w = le64_to_cpu(src[k]);

		if (k == words - 1 && n % 64)
			w &= GENMASK_ULL(n % 64 - 1, 0);
		if (!w)
			continue;
		d[k] |= w << sh;
		/* Bits carried into the next word lie below off + n: that word exists. */
		if (sh && (w >> (64 - sh)))
			d[k + 1] |= w >> (64 - sh);
	}
}

/* --- ioctls --------------------------------------------------------------------------------- */

/*
 * SCAN, per chunk of up to RA_CHUNK_PAGES pages (a multiple of 64, so chunk bitmaps
 * concatenate): one device command per run of VMAs in the chunk (ra_next_mapped()), each with
 * the device mutex and the target's mmap lock held, then merged into the chunk's bitmaps at the
 * run's offset. Holes get no command: their bits stay 0 and they produce no records. Records
 * and bitmaps are copied to the caller with no lock held.
 */
static long ra_ioctl_scan(struct ra_file *rf, struct ra_scan __user *uarg)
{
	struct ra_dev *ra = rf->ra;
	u64 young = 0, dirty = 0, produced = 0, pte = 0, *ybuf = NULL, *dbuf = NULL;
	unsigned long start, end, cs, ce, pos, ps, pe, pages;
	struct ra_scan_record *rbuf = NULL;
	u32 copied = 0, out_flags = 0;
	bool dirtyf, first = true;
	struct mm_struct *mm;
	struct ra_scan a;
	struct ra_cpl cpl;
	u64 cmd[8];
	long err = 0;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.flags & ~(RA_SCAN_F_CLEAR_AF | RA_SCAN_F_DIRTY | RA_SCAN_F_PROCFD)) {
		ra_note(ra, "scan: unknown flags %#x\n", a.flags);
		return -EINVAL;
	}
	if (memchr_inv(a.reserved, 0, sizeof(a.reserved))) {
		ra_note(ra, "scan: reserved field not zero\n");
		return -EINVAL;
	}
	if (!PAGE_ALIGNED(a.start) || !PAGE_ALIGNED(a.end) || a.start >= a.end) {
		ra_note(ra, "scan: range %#llx-%#llx not page aligned or empty\n", a.start, a.end);
		return -EINVAL;
	}
	if ((a.end - a.start) >> PAGE_SHIFT > RA_SCAN_MAX_PAGES) {
		ra_note(ra, "scan: range of %llu pages exceeds %u\n",
			(a.end - a.start) >> PAGE_SHIFT, RA_SCAN_MAX_PAGES);
		return -E2BIG;
	}
	dirtyf = a.flags & RA_SCAN_F_DIRTY;
	if (dirtyf != !!a.dirty_bitmap) {
		ra_note(ra, "scan: dirty bitmap given without RA_SCAN_F_DIRTY or missing\n");
		return -EINVAL;
	}
	if (a.nr_records > (1u << 24) || (a.nr_records && !a.records)) {
		ra_note(ra, "scan: bad record buffer (%u entries)\n", a.nr_records);
		return -EINVAL;
	}
	start = a.start;
	end = a.end;
	pages = (end - start) >> PAGE_SHIFT;
	if (!a.young_bitmap ||
	    !access_ok(u64_to_user_ptr(a.young_bitmap), DIV_ROUND_UP(pages, 64) * 8) ||
	    (a.dirty_bitmap &&
	     !access_ok(u64_to_user_ptr(a.dirty_bitmap), DIV_ROUND_UP(pages, 64) * 8)) ||
	    (a.nr_records &&
	     !access_ok(u64_to_user_ptr(a.records),
			(u64)a.nr_records * sizeof(struct ra_scan_record)))) {
		ra_note(ra, "scan: output buffer outside the caller's address space\n");
		return -EFAULT;
	}

	mm = ra_target_mm(ra, a.pid, a.flags & RA_SCAN_F_PROCFD, false);
	if (IS_ERR(mm))
		return PTR_ERR(mm);
	if (end > mm->task_size) {
		ra_note(ra, "scan: end %#lx beyond the process's address space\n", end);
		err = -EINVAL;
		goto out;
	}
	/* Bounce buffers: the chunk's bitmaps and one command's records. */
	ybuf = kvmalloc(RA_CHUNK_WORDS * 8, GFP_KERNEL);
	dbuf = dirtyf ? kvmalloc(RA_CHUNK_WORDS * 8, GFP_KERNEL) : NULL;
	rbuf = kvmalloc_array(RA_REC_CAP, sizeof(*rbuf), GFP_KERNEL);
	if (!ybuf || (dirtyf && !dbuf) || !rbuf) {
		err = -ENOMEM;
		goto out;
	}

	for (cs = start; !err && cs < end; cs = ce) {
		unsigned long words, i;
		u64 ny = 0;

		ce = min_t(unsigned long, end, cs + (unsigned long)RA_CHUNK_PAGES * PAGE_SIZE);
		words = DIV_ROUND_UP((ce - cs) >> PAGE_SHIFT, 64);
		memset(ybuf, 0, words * 8);
		if (dirtyf)
			memset(dbuf, 0, words * 8);

		for (pos = cs; pos < ce; pos = pe) {
			unsigned long np;
			u32 nrec = 0, n, k;

			if (fatal_signal_pending(current)) {
				err = -EINTR;
				break;
			}
			if (mutex_lock_killable(&ra->lock)) {
				err = -EINTR;
				break;
			}
			if (ra->dead) {
				/* Removed: the DMA buffers are gone too. */
				mutex_unlock(&ra->lock);
				ra_note(ra, "scan: device removed\n");
				err = -ENODEV;
				break;
			}
			if (mmap_read_lock_killable(mm)) {
				mutex_unlock(&ra->lock);
				err = -EINTR;
				break;
			}
			if (!ra_next_mapped(mm, pos, ce, &ps, &pe)) {
				/* The rest of the chunk is a hole: nothing to scan. */
				mmap_read_unlock(mm);
				mutex_unlock(&ra->lock);
				break;
			}
			memset(cmd, 0, sizeof(cmd));
			cmd[0] = RA_OP_SCAN |
				 ((u64)(a.flags & RA_SCAN_F_CLEAR_AF ? RA_SCAN_CLEAR_AF : 0) |
				  (dirtyf ? RA_SCAN_REPORT_DIRTY : 0)) << 8;
			/* The pgd is fixed for the life of the mm. */
			cmd[1] = virt_to_phys(mm->pgd);
			cmd[2] = ps;
			cmd[3] = pe;
			cmd[4] = ra->ybm_dma;
			cmd[5] = dirtyf ? ra->dbm_dma : 0;
			cmd[6] = ra->rec_dma;
			cmd[7] = RA_REC_CAP;
			err = ra_submit(ra, cmd, &cpl);
			/* Even a failed or timed-out command may have cleared some AF bits. */
			if (a.flags & RA_SCAN_F_CLEAR_AF)
				ra_flush_range(ra, mm, ps, pe);
			mmap_read_unlock(mm);
			if (!err && cpl.status != RA_ST_OK)
				err = -EIO;
			np = (pe - ps) >> PAGE_SHIFT;
			if (!err) {
				ra_or_bits(ybuf, (ps - cs) >> PAGE_SHIFT, ra->ybm, np);
				if (dirtyf)
					ra_or_bits(dbuf, (ps - cs) >> PAGE_SHIFT, ra->dbm, np);
				nrec = min(cpl.count[1], RA_REC_CAP);
				for (k = 0; k < nrec; k++) {
					rbuf[k].word0 = le64_to_cpu(ra->rec[2 * k]);
					rbuf[k].desc = ra_user_desc(rf, le64_to_cpu(ra->rec[2 * k + 1]));
				}
			}
			mutex_unlock(&ra->lock);
			if (err)
				break;

			young += cpl.count[0];
			produced += cpl.count[1];
			pte += cpl.count[2];
			dirty += cpl.count[3];
			if (first && cpl.fault_kind) {
				a.first_fault_kind = cpl.fault_kind;
				a.first_fault_level = cpl.fault_level;
				a.first_fault_va = cpl.fault_va;
				first = false;
			}
			ra_stat_add(ra, RA_STAT_PAGES_SCANNED, np);
			if ((cpl.flags & RA_CPL_TRUNCATED) || cpl.count[1] > RA_REC_CAP)
				out_flags |= RA_SCAN_O_TRUNCATED;
			n = min(nrec, a.nr_records - copied);
			if (n < nrec)
				out_flags |= RA_SCAN_O_TRUNCATED;
			if (n && copy_to_user(u64_to_user_ptr(a.records) + (u64)copied * sizeof(*rbuf),
					      rbuf, n * sizeof(*rbuf))) {
				ra_note(ra, "scan: cannot write records to user memory\n");
				err = -EFAULT;
				break;
			}
			copied += n;
		}
		if (err)
			break;
		for (i = 0; i < words; i++)
			ny += hweight64(ybuf[i]);
		ra_stat_add(ra, RA_STAT_YOUNG_PAGES, ny);
		/* Bitmaps: the chunk starts at a multiple of 64 pages from start. */
		if (copy_to_user(u64_to_user_ptr(a.young_bitmap) + ((cs - start) >> PAGE_SHIFT) / 8,
				 ybuf, words * 8) ||
		    (dirtyf &&
		     copy_to_user(u64_to_user_ptr(a.dirty_bitmap) + ((cs - start) >> PAGE_SHIFT) / 8,
				  dbuf, words * 8))) {
			ra_note(ra, "scan: cannot write the bitmap to user memory\n");
			err = -EFAULT;
			break;
		}
	}

	if (!err) {
		a.out_flags = out_flags;
		a.young = young;
		a.dirty = dirty;
		a.nr_produced = produced;
		a.pte_scanned = pte;
		if (copy_to_user(uarg, &a, sizeof(a)))
			err = -EFAULT;
	}
out:
	kvfree(ybuf);
	kvfree(dbuf);
	kvfree(rbuf);
	mmput(mm);
	return err;
}

/*
 * WALK, per chunk of up to RA_WALK_CHUNK VAs: with the device mutex and the target's mmap lock
 * held, each VA is looked up (vma_lookup()); only VAs inside a VMA go to the device, the others
 * are reported as translation faults at level 0 without any DMA. The VA list and the results
 * go through bounce buffers, copied with no lock held.
 */
static long ra_ioctl_walk(struct ra_file *rf, struct ra_walk __user *uarg)
{
	struct ra_dev *ra = rf->ra;
	struct ra_walk_result *res = NULL;
	u32 done, n, i, nd, faults = 0, *idx = NULL;
	struct mm_struct *mm;
	struct ra_walk a;
	struct ra_cpl cpl;
	u64 cmd[8], *vas = NULL;
	long err = 0;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.flags & ~RA_WALK_F_PROCFD) {
		ra_note(ra, "walk: unknown flags %#x\n", a.flags);
		return -EINVAL;
	}
	if (!a.count || a.count > RA_WALK_MAX_VAS) {
		ra_note(ra, "walk: count %u not in 1..%u\n", a.count, RA_WALK_MAX_VAS);
		return -EINVAL;
	}
	if (!access_ok(u64_to_user_ptr(a.vas), (u64)a.count * 8) ||
	    !access_ok(u64_to_user_ptr(a.results),
		       (u64)a.count * sizeof(struct ra_walk_result))) {
		ra_note(ra, "walk: buffer outside the caller's address space\n");
		return -EFAULT;
	}
	mm = ra_target_mm(ra, a.pid, a.flags & RA_WALK_F_PROCFD, false);
	if (IS_ERR(mm))
		return PTR_ERR(mm);
	vas = kvmalloc_array(RA_WALK_CHUNK, sizeof(*vas), GFP_KERNEL);
	res = kvmalloc_array(RA_WALK_CHUNK, sizeof(*res), GFP_KERNEL);
	idx = kvmalloc_array(RA_WALK_CHUNK, sizeof(*idx), GFP_KERNEL);
	if (!vas || !res || !idx) {
		err = -ENOMEM;
		goto out;
	}
	for (done = 0; done < a.count; done += n) {
		n = min(a.count - done, RA_WALK_CHUNK);
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
		if (copy_from_user(vas, u64_to_user_ptr(a.vas) + 8ULL * done, 8 * n)) {
			ra_note(ra, "walk: cannot read the VA list\n");
			err = -EFAULT;
			break;
		}
		for (i = 0; i < n; i++) {
			if (vas[i] >= mm->task_size) {
				ra_note(ra, "walk: VA %#llx beyond the process's address space\n",
					vas[i]);
				err = -EINVAL;
				break;
			}
		}
		if (err)
			break;
		memset(res, 0, n * sizeof(*res));

		if (mutex_lock_killable(&ra->lock)) {
			err = -EINTR;
			break;
		}
		if (ra->dead) {
			mutex_unlock(&ra->lock);
			ra_note(ra, "walk: device removed\n");
			err = -ENODEV;
			break;
		}
		if (mmap_read_lock_killable(mm)) {
			mutex_unlock(&ra->lock);
			err = -EINTR;
			break;
		}
		for (i = 0, nd = 0; i < n; i++) {
			if (vma_lookup(mm, vas[i])) {
				ra->vas[nd] = cpu_to_le64(vas[i]);
				idx[nd++] = i;
			} else {
				/* No mapping: the tables there may be being freed. */
				res[i].fault = RA_FAULT_KIND_TRANSLATION;
			}
		}
		if (nd) {
			memset(cmd, 0, sizeof(cmd));
			cmd[0] = RA_OP_WALK;
			cmd[1] = virt_to_phys(mm->pgd);
			cmd[2] = ra->vas_dma;
			cmd[3] = ra->wres_dma;
			cmd[4] = nd;
			err = ra_submit(ra, cmd, &cpl);
			if (!err && cpl.status != RA_ST_OK)
				err = -EIO;
		}
		mmap_read_unlock(mm);
		for (i = 0; !err && i < nd; i++) {
			u64 w0 = le64_to_cpu(ra->wres[2 * i]);
			struct ra_walk_result *r = &res[idx[i]];

			r->pa = rf->show_pa ? w0 & GENMASK_ULL(47, 0) : 0;
			r->level = (w0 >> 56) & 3;
			r->fault = (w0 >> 60) & 3;
			r->desc = ra_user_desc(rf, le64_to_cpu(ra->wres[2 * i + 1]));
		}
		mutex_unlock(&ra->lock);
		if (err)
			break;
		ra_stat_add(ra, RA_STAT_VAS_WALKED, nd);
		for (i = 0; i < n; i++)
			faults += !!res[i].fault;
		if (copy_to_user(u64_to_user_ptr(a.results) + (u64)done * sizeof(*res), res,
				 n * sizeof(*res))) {
			ra_note(ra, "walk: cannot write results to user memory\n");
			err = -EFAULT;
			break;
		}
	}
	if (!err) {
		a.faults = faults;
		if (copy_to_user(uarg, &a, sizeof(a)))
			err = -EFAULT;
	}
out:
	kvfree(vas);
	kvfree(res);
	kvfree(idx);
	mmput(mm);
	return err;
}

/*
 * HASH. Per device command (up to RA_HASH_CHUNK pages), with the target's mmap lock held for
 * reading throughout, so that its mappings cannot change under the command:
 *
 *  1. every page of the chunk that is present gets a reference from get_user_pages_remote()
 *     with FOLL_NOFAULT: nothing is faulted in, allocated or swapped in. FOLL_GET rather than
 *     FOLL_PIN, because pinning an anonymous page that is shared (after fork, or merged by
 *     KSM) for reading would first unshare, i.e. copy it; a referenced page is not freed,
 *     reused or migrated (migration needs the reference count it expects) until put_page().
 *     The device only reads the pages. (get_user_pages_remote() adds FOLL_TOUCH: the pages are
 *     marked accessed for the LRU; a PTE's access flag is not set, a THP's PMD's is.)
 *  2. each referenced page is DMA-mapped (DMA_TO_DEVICE); its bus address, checked to lie in
 *     one of the device's DMA windows, goes into the page list in the driver's DMA buffer;
 *  3. one HASH command over the list; per entry the device writes checksum, zero flag, fault;
 *  4. the pages are unmapped (with the DMA handles kept in driver memory, never read back from
 *     the list the device can write) and released, then the locks are dropped and the results
 *     copied out from a bounce buffer.
 *
 * Pages that are not present are reported RA_HASH_ABSENT; addresses without a readable VMA,
 * and VMAs the driver does not hash (I/O, PFN and hugetlbfs mappings; FOLL_NOFAULT is not
 * honoured by hugetlb's own fault path), RA_HASH_UNMAPPED.
 */

/* Release the pages of one HASH chunk: unmap the @nmapped list entries, put every page. */
static void ra_hash_release(struct ra_dev *ra, u32 n, u32 nmapped)
{
	u32 i;

	for (i = 0; i < nmapped; i++)
		dma_unmap_page(&ra->pdev->dev, ra->hdma[i], PAGE_SIZE, DMA_TO_DEVICE);
	for (i = 0; i < n; i++) {
		if (ra->hpages[i]) {
			put_page(ra->hpages[i]);
			ra->hpages[i] = NULL;
		}
	}
}

/**
 * ra_hash_get_pages() - take a reference on every present page of [@va, @va + @n pages).
 * @ra: device (@ra->lock held): @ra->hpages[i] receives page i or NULL.
 * @out: @out[i].state receives RA_HASH_HASHED (page referenced), RA_HASH_ABSENT or
 *	RA_HASH_UNMAPPED.
 * @mm: target, mmap lock held for reading.
 * @va: first page.
 * @n: pages, at most RA_HASH_CHUNK.
 *
 * Return: 0, or a negative errno (the references taken so far are still in @ra->hpages).
 */
static int ra_hash_get_pages(struct ra_dev *ra, struct ra_hash_result *out, struct mm_struct *mm,
			     unsigned long va, u32 n)
{
	u32 i = 0, stop;

	while (i < n) {
		unsigned long a = va + ((unsigned long)i << PAGE_SHIFT);
		struct vm_area_struct *vma = find_vma(mm, a);
		bool hashable;

		if (!vma || vma->vm_start > a) {
			/* A hole: up to the next VMA. */
			stop = n;
			if (vma && vma->vm_start - va < ((unsigned long)n << PAGE_SHIFT))
				stop = (vma->vm_start - va) >> PAGE_SHIFT;
			for (; i < stop; i++)
				out[i].state = RA_HASH_UNMAPPED;
			continue;
		}
		stop = n;
		if (vma->vm_end - va < ((unsigned long)n << PAGE_SHIFT))
			stop = (vma->vm_end - va) >> PAGE_SHIFT;
		hashable = (vma->vm_flags & VM_READ) && !(vma->vm_flags & (VM_IO | VM_PFNMAP)) &&
			   !is_vm_hugetlb_page(vma);
		while (i < stop) {
			long got;

			if (!hashable) {
				out[i++].state = RA_HASH_UNMAPPED;
				continue;
			}
			got = get_user_pages_remote(mm, va + ((unsigned long)i << PAGE_SHIFT),
						    stop - i, FOLL_NOFAULT, ra->hpages + i, NULL,
						    NULL);
			if (got > 0) {
				for (; got > 0; got--)
					out[i++].state = RA_HASH_HASHED;
			} else if (got == -EFAULT) {
				/* Not present (none, swapped, migrating): would need a fault. */
				out[i++].state = RA_HASH_ABSENT;
			} else if (got == -EEXIST) {
				/* A page table entry without a struct page. */
				out[i++].state = RA_HASH_UNMAPPED;
			} else {
				if (got == 0)
					got = -EFAULT;
				if (got != -EINTR && got != -ERESTARTSYS)
					ra_note(ra, "hash: get_user_pages_remote at %#lx: %ld\n",
						va + ((unsigned long)i << PAGE_SHIFT), got);
				return got == -ERESTARTSYS ? -EINTR : got;
			}
		}
	}
	return 0;
}

static long ra_ioctl_hash(struct ra_file *rf, struct ra_hash __user *uarg)
{
	struct ra_dev *ra = rf->ra;
	u32 done, n, i, k, nlist, nabs;
	u32 hashed = 0, zero = 0, absent = 0, unmapped = 0, faults = 0;
	struct ra_hash_result *hout;
	struct mm_struct *mm;
	struct ra_hash a;
	struct ra_cpl cpl;
	u64 cmd[8];
	long err = 0;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.flags & ~RA_HASH_F_PROCFD) {
		ra_note(ra, "hash: unknown flags %#x\n", a.flags);
		return -EINVAL;
	}
	if (a.reserved[0] || a.reserved[1]) {
		ra_note(ra, "hash: reserved field not zero\n");
		return -EINVAL;
	}
	if (!a.pages) {
		ra_note(ra, "hash: no pages\n");
		return -EINVAL;
	}
	if (a.pages > RA_HASH_MAX_PAGES) {
		ra_note(ra, "hash: %u pages exceed %u\n", a.pages, RA_HASH_MAX_PAGES);
		return -E2BIG;
	}
	if (!PAGE_ALIGNED(a.start)) {
		ra_note(ra, "hash: start %#llx not page aligned\n", a.start);
		return -EINVAL;
	}
	if (!a.results ||
	    !access_ok(u64_to_user_ptr(a.results), (u64)a.pages * sizeof(struct ra_hash_result))) {
		ra_note(ra, "hash: result buffer outside the caller's address space\n");
		return -EFAULT;
	}
	if (!(FIELD_GET(RA_CAP_ENGINES_MASK, ra->cap) & BIT(RA_OP_HASH - 1))) {
		ra_note(ra, "hash: the device has no HASH engine (CAP %#x)\n", ra->cap);
		return -EOPNOTSUPP;
	}
	/* Checksums reveal content: /proc/PID/mem's rule (ptrace attach), not pagemap's. */
	mm = ra_target_mm(ra, a.pid, a.flags & RA_HASH_F_PROCFD, true);
	if (IS_ERR(mm))
		return PTR_ERR(mm);
	if (a.start >= mm->task_size ||
	    a.pages > (mm->task_size - a.start) >> PAGE_SHIFT) {
		ra_note(ra, "hash: range %#llx + %u pages beyond the process's address space\n",
			a.start, a.pages);
		err = -EINVAL;
		goto out_mm;
	}
	hout = kvmalloc_array(RA_HASH_CHUNK, sizeof(*hout), GFP_KERNEL);
	if (!hout) {
		err = -ENOMEM;
		goto out_mm;
	}
	for (done = 0; done < a.pages; done += n) {
		unsigned long va = a.start + ((unsigned long)done << PAGE_SHIFT);

		n = min(a.pages - done, RA_HASH_CHUNK);
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
		memset(hout, 0, n * sizeof(*hout));
		if (mutex_lock_killable(&ra->lock)) {
			err = -EINTR;
			break;
		}
		if (ra->dead) {
			mutex_unlock(&ra->lock);
			ra_note(ra, "hash: device removed\n");
			err = -ENODEV;
			break;
		}
		if (mmap_read_lock_killable(mm)) {
			mutex_unlock(&ra->lock);
			err = -EINTR;
			break;
		}
		nlist = 0;
		err = ra_hash_get_pages(ra, hout, mm, va, n);
		for (i = 0; !err && i < n; i++) {
			dma_addr_t d;

			if (!ra->hpages[i])
				continue;
			d = dma_map_page(&ra->pdev->dev, ra->hpages[i], 0, PAGE_SIZE,
					 DMA_TO_DEVICE);
			if (dma_mapping_error(&ra->pdev->dev, d)) {
				ra_note(ra, "hash: cannot DMA-map the page at %#lx\n",
					va + ((unsigned long)i << PAGE_SHIFT));
				err = -ENOMEM;
				break;
			}
			if (!ra_in_windows(ra, d, PAGE_SIZE)) {
				/* Not reachable by the device (e.g. memory added after probe). */
				dma_unmap_page(&ra->pdev->dev, d, PAGE_SIZE, DMA_TO_DEVICE);
				ra_note(ra, "hash: page at %#lx outside the DMA windows\n",
					va + ((unsigned long)i << PAGE_SHIFT));
				hout[i].state = RA_HASH_FAULT;
				hout[i].fault = RA_FAULT_KIND_BUS;
				continue;
			}
			ra->hdma[nlist] = d;
			ra->vas[nlist++] = cpu_to_le64(d);
		}
		if (!err && nlist) {
			memset(cmd, 0, sizeof(cmd));
			cmd[0] = RA_OP_HASH;
			cmd[2] = ra->vas_dma;
			cmd[3] = ra->wres_dma;
			cmd[4] = nlist;
			err = ra_submit(ra, cmd, &cpl);
			if (!err && cpl.status != RA_ST_OK)
				err = -EIO;
			if (!err && cpl.count[1])
				ra_note(ra, "hash: the device faulted on %u pages (first: kind %u)\n",
					cpl.count[1], cpl.fault_kind);
		}
		if (!err) {
			for (i = 0, k = 0; i < n; i++) {
				struct ra_hash_result *r = &hout[i];
				u64 w;

				if (r->state != RA_HASH_HASHED || !ra->hpages[i])
					continue;
				w = le64_to_cpu(ra->wres[k++]);
				if ((w >> 60) & 3) {
					r->state = RA_HASH_FAULT;
					r->fault = (w >> 60) & 3;
				} else {
					r->checksum = lower_32_bits(w);
					r->zero = (w >> 32) & 1;
				}
			}
		}
		/* A device that failed its reset was cut off from memory (ra_mark_dead()). */
		ra_hash_release(ra, n, nlist);
		mmap_read_unlock(mm);
		mutex_unlock(&ra->lock);
		if (err)
			break;

		for (i = 0, k = 0, nabs = 0; i < n; i++) {
			switch (hout[i].state) {
			case RA_HASH_HASHED:
				k++;
				zero += hout[i].zero;
				break;
			case RA_HASH_ABSENT:
				nabs++;
				break;
			case RA_HASH_UNMAPPED:
				unmapped++;
				break;
			default:
				faults++;
				break;
			}
		}
		hashed += k;
		absent += nabs;
		ra_stat_add(ra, RA_STAT_HASHED_PAGES, k);
		ra_stat_add(ra, RA_STAT_ABSENT_PAGES, nabs);
		if (copy_to_user(u64_to_user_ptr(a.results) + (u64)done * sizeof(*hout), hout,
				 n * sizeof(*hout))) {
			ra_note(ra, "hash: cannot write results to user memory\n");
			err = -EFAULT;
			break;
		}
	}
	kvfree(hout);
	if (!err) {
		a.hashed = hashed;
		a.zero = zero;
		a.absent = absent;
		a.unmapped = unmapped;
		a.faults = faults;
		if (copy_to_user(uarg, &a, sizeof(a)))
			err = -EFAULT;
	}
out_mm:
	mmput(mm);
	return err;
}

static long ra_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ra_file *rf = file->private_data;
	struct ra_dev *ra = rf->ra;
	long err;

	switch (cmd) {
	case RA_IOC_SCAN:
		ra_stat_add(ra, RA_STAT_SCAN_IOCTLS, 1);
		err = ra_ioctl_scan(rf, (struct ra_scan __user *)arg);
		break;
	case RA_IOC_WALK:
		ra_stat_add(ra, RA_STAT_WALK_IOCTLS, 1);
		err = ra_ioctl_walk(rf, (struct ra_walk __user *)arg);
		break;
	case RA_IOC_HASH:
		ra_stat_add(ra, RA_STAT_HASH_IOCTLS, 1);
		err = ra_ioctl_hash(rf, (struct ra_hash __user *)arg);
		break;
	default:
		ra_note(ra, "unknown ioctl %#x\n", cmd);
		err = -ENOTTY;
		break;
	}
	if (err)
		ra_stat_add(ra, RA_STAT_IOCTL_ERRORS, 1);
	return err;
}

static int ra_open(struct inode *inode, struct file *file)
{
	struct ra_dev *ra = container_of(file->private_data, struct ra_dev, misc);
	struct ra_file *rf;

	rf = kzalloc(sizeof(*rf), GFP_KERNEL);
	if (!rf)
		return -ENOMEM;
	rf->ra = ra;
	/* As /proc/PID/pagemap: physical frames only for openers with CAP_SYS_ADMIN. */
	rf->show_pa = file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN);
	kref_get(&ra->kref);
	file->private_data = rf;
	return 0;
}

static int ra_release(struct inode *inode, struct file *file)
{
	struct ra_file *rf = file->private_data;

	kref_put(&rf->ra->kref, ra_free);
	kfree(rf);
	return 0;
}

static const struct file_operations ra_fops = {
	.owner = THIS_MODULE,
	.open = ra_open,
	.release = ra_release,
	.unlocked_ioctl = ra_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

/* --- sysfs and debugfs ---------------------------------------------------------------------- */

/*
 * Device counters: one read-only file per counter, named and numbered by the generated
 * register map (RA_COUNTER_NAMES, RA_CNT_*), so a counter added there appears here too.
 */
struct ra_cnt_attr {
	struct device_attribute attr;
	unsigned int idx;
};

static const char *const ra_counter_names[RA_NUM_COUNTERS] = RA_COUNTER_NAMES;
static struct ra_cnt_attr ra_cnt_attrs[RA_NUM_COUNTERS];
static struct attribute *ra_counter_attrs[RA_NUM_COUNTERS + 1];

static ssize_t ra_counter_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct ra_dev *ra = pci_get_drvdata(to_pci_dev(dev));
	struct ra_cnt_attr *ca = container_of(attr, struct ra_cnt_attr, attr);

	return sysfs_emit(buf, "%llu\n", ra_read_counter(ra, ca->idx));
}

/**
 * ra_init_counter_attrs() - fill the "counters" attribute group from the register map.
 */
static void ra_init_counter_attrs(void)
{
	unsigned int i;

	for (i = 0; i < RA_NUM_COUNTERS; i++) {
		struct ra_cnt_attr *ca = &ra_cnt_attrs[i];

		sysfs_attr_init(&ca->attr.attr);
		ca->attr.attr.name = ra_counter_names[i];
		ca->attr.attr.mode = 0444;
		ca->attr.show = ra_counter_show;
		ca->idx = i;
		ra_counter_attrs[i] = &ca->attr.attr;
	}
	ra_counter_attrs[RA_NUM_COUNTERS] = NULL;
}

static const struct attribute_group ra_counter_group = {
	.name = "counters",
	.attrs = ra_counter_attrs,
};

struct ra_stat_attr {
	struct device_attribute attr;
	enum ra_stat idx;
};

static ssize_t ra_stat_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct ra_dev *ra = pci_get_drvdata(to_pci_dev(dev));
	struct ra_stat_attr *sa = container_of(attr, struct ra_stat_attr, attr);

	return sysfs_emit(buf, "%lld\n", (long long)atomic64_read(&ra->stats[sa->idx]));
}

#define RA_STAT_ATTR(_n, _i) \
	{ .attr = __ATTR(_n, 0444, ra_stat_show, NULL), .idx = _i }

static struct ra_stat_attr ra_stat_attrs[RA_NUM_STATS] = {
	RA_STAT_ATTR(scan_ioctls, RA_STAT_SCAN_IOCTLS),
	RA_STAT_ATTR(walk_ioctls, RA_STAT_WALK_IOCTLS),
	RA_STAT_ATTR(ioctl_errors, RA_STAT_IOCTL_ERRORS),
	RA_STAT_ATTR(commands, RA_STAT_COMMANDS),
	RA_STAT_ATTR(command_errors, RA_STAT_COMMAND_ERRORS),
	RA_STAT_ATTR(timeouts, RA_STAT_TIMEOUTS),
	RA_STAT_ATTR(pages_scanned, RA_STAT_PAGES_SCANNED),
	RA_STAT_ATTR(young_pages, RA_STAT_YOUNG_PAGES),
	RA_STAT_ATTR(vas_walked, RA_STAT_VAS_WALKED),
	RA_STAT_ATTR(tlb_flushes, RA_STAT_TLB_FLUSHES),
	RA_STAT_ATTR(hash_ioctls, RA_STAT_HASH_IOCTLS),
	RA_STAT_ATTR(hashed_pages, RA_STAT_HASHED_PAGES),
	RA_STAT_ATTR(absent_pages, RA_STAT_ABSENT_PAGES),
};

/* Filled by ra_init_stat_attrs(). */
static struct attribute *ra_stat_attr_ptrs[RA_NUM_STATS + 1];

/**
 * ra_init_stat_attrs() - fill the "stats" attribute group.
 */
static void ra_init_stat_attrs(void)
{
	unsigned int i;

	for (i = 0; i < RA_NUM_STATS; i++)
		ra_stat_attr_ptrs[i] = &ra_stat_attrs[i].attr.attr;
	ra_stat_attr_ptrs[RA_NUM_STATS] = NULL;
}

static const struct attribute_group ra_stat_group = {
	.name = "stats",
	.attrs = ra_stat_attr_ptrs,
};

static const struct attribute_group *ra_groups[] = {
	&ra_counter_group, &ra_stat_group, NULL,
};

static const struct {
	const char *name;
	u32 off;
} ra_dump_regs[] = {
	{ "ID", RA_REG_ID }, { "VERSION", RA_REG_VERSION }, { "CAP", RA_REG_CAP },
	{ "CTRL", RA_REG_CTRL }, { "STATUS", RA_REG_STATUS },
	{ "INT_STATUS", RA_REG_INT_STATUS }, { "INT_MASK", RA_REG_INT_MASK },
	{ "PA_BITS", RA_REG_PA_BITS },
	{ "SQ_BASE_LO", RA_REG_SQ_BASE_LO }, { "SQ_BASE_HI", RA_REG_SQ_BASE_HI },
	{ "SQ_SIZE", RA_REG_SQ_SIZE }, { "SQ_HEAD", RA_REG_SQ_HEAD },
	{ "SQ_TAIL", RA_REG_SQ_TAIL },
	{ "CQ_BASE_LO", RA_REG_CQ_BASE_LO }, { "CQ_BASE_HI", RA_REG_CQ_BASE_HI },
	{ "CQ_SIZE", RA_REG_CQ_SIZE }, { "CQ_HEAD", RA_REG_CQ_HEAD },
	{ "CQ_TAIL", RA_REG_CQ_TAIL },
	{ "WIN0_BASE_LO", RA_REG_WIN0_BASE_LO }, { "WIN0_BASE_HI", RA_REG_WIN0_BASE_HI },
	{ "WIN0_LIMIT_LO", RA_REG_WIN0_LIMIT_LO }, { "WIN0_LIMIT_HI", RA_REG_WIN0_LIMIT_HI },
	{ "WIN1_BASE_LO", RA_REG_WIN1_BASE_LO }, { "WIN1_BASE_HI", RA_REG_WIN1_BASE_HI },
	{ "WIN1_LIMIT_LO", RA_REG_WIN1_LIMIT_LO }, { "WIN1_LIMIT_HI", RA_REG_WIN1_LIMIT_HI },
	{ "WIN2_BASE_LO", RA_REG_WIN2_BASE_LO }, { "WIN2_BASE_HI", RA_REG_WIN2_BASE_HI },
	{ "WIN2_LIMIT_LO", RA_REG_WIN2_LIMIT_LO }, { "WIN2_LIMIT_HI", RA_REG_WIN2_LIMIT_HI },
	{ "WIN3_BASE_LO", RA_REG_WIN3_BASE_LO }, { "WIN3_BASE_HI", RA_REG_WIN3_BASE_HI },
	{ "WIN3_LIMIT_LO", RA_REG_WIN3_LIMIT_LO }, { "WIN3_LIMIT_HI", RA_REG_WIN3_LIMIT_HI },
	{ "PERF_CAP", RA_REG_PERF_CAP }, { "PERF_OVF", RA_REG_PERF_OVF },
};

static int ra_regs_show(struct seq_file *s, void *unused)
{
	static const char * const cnames[] = RA_COUNTER_NAMES;
	struct ra_dev *ra = s->private;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ra_dump_regs); i++)
		seq_printf(s, "%03x %-14s %08x\n", ra_dump_regs[i].off, ra_dump_regs[i].name,
			   ra_rd(ra, ra_dump_regs[i].off));
	for (i = 0; i < RA_NUM_COUNTERS && i < ARRAY_SIZE(cnames); i++)
		seq_printf(s, "%03x CNT_%-10s %016llx\n", RA_REG_CNT_LO(i), cnames[i],
			   ra_read_counter(ra, i));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ra_regs);

/* --- PCI ------------------------------------------------------------------------------------ */

static void *ra_dma_alloc(struct ra_dev *ra, size_t size, dma_addr_t *dma)
{
	void *p = dmam_alloc_coherent(&ra->pdev->dev, size, dma, GFP_KERNEL);

	if (p && !ra_in_windows(ra, *dma, size)) {
		dev_err(&ra->pdev->dev,
			"DMA buffer %pad outside RAM windows (IOMMU or bounce buffers are not supported)\n",
			dma);
		return NULL;
	}
	return p;
}

static int ra_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct ra_dev *ra;
	u32 idv, ver;
	int err, i;

	ra = kzalloc(sizeof(*ra), GFP_KERNEL);
	if (!ra)
		return -ENOMEM;
	kref_init(&ra->kref);
	/* Open files may outlive the binding; they still log through pdev. */
	ra->pdev = pci_dev_get(pdev);
	ra->id = -1;
	mutex_init(&ra->lock);
	spin_lock_init(&ra->reg_lock);
	init_completion(&ra->done);

	err = pcim_enable_device(pdev);
	if (err) {
		dev_err(dev, "cannot enable the PCI device: %d\n", err);
		goto err_free;
	}
	if (pci_resource_len(pdev, 0) < RA_CSR_BYTES) {
		dev_err(dev, "BAR0 too small (%llu bytes)\n",
			(unsigned long long)pci_resource_len(pdev, 0));
		err = -ENODEV;
		goto err_free;
	}
	err = pcim_iomap_regions(pdev, BIT(0), RA_DRV_NAME);
	if (err) {
		dev_err(dev, "cannot map BAR0: %d\n", err);
		goto err_free;
	}
	ra->regs = pcim_iomap_table(pdev)[0];
	idv = ra_rd(ra, RA_REG_ID);
	ver = ra_rd(ra, RA_REG_VERSION);
	if (idv != RA_ID_VALUE || FIELD_GET(RA_VERSION_MAJOR_MASK, ver) != RA_VERSION_MAJOR) {
		dev_err(dev, "unexpected ID %#x / version %#x\n", idv, ver);
		err = -ENODEV;
		goto err_free;
	}
	ra->cap = ra_rd(ra, RA_REG_CAP);
	pci_set_master(pdev);
	err = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(48));
	if (err) {
		dev_err(dev, "no 48-bit DMA: %d\n", err);
		goto err_free;
	}

	/* DMA windows: the system RAM, where page tables and the driver's buffers live. */
	walk_iomem_res_desc(IORES_DESC_NONE, IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, 0,
			    (1ULL << 48) - 1, ra, ra_add_ram);
	if (!ra->nwin) {
		dev_err(dev, "no system RAM found for the DMA windows\n");
		err = -ENODEV;
		goto err_free;
	}
	for (i = 0; i < ra->nwin; i++)
		dev_dbg(dev, "DMA window %d: [%#llx, %#llx)\n", i, ra->win[i][0], ra->win[i][1]);
	if (ra->ram_dropped)
		dev_warn(dev, "%u System RAM ranges (%llu MiB) lie outside the %d DMA windows; the device cannot reach them\n",
			 ra->ram_dropped, ra->ram_dropped_bytes >> 20, RA_NUM_WINDOWS);

	err = -ENOMEM;
	ra->sq = ra_dma_alloc(ra, RA_RING_ENTRIES * RA_DESC_BYTES, &ra->sq_dma);
	ra->cq = ra_dma_alloc(ra, RA_RING_ENTRIES * RA_CPL_BYTES, &ra->cq_dma);
	ra->ybm = ra_dma_alloc(ra, RA_CHUNK_WORDS * 8, &ra->ybm_dma);
	ra->dbm = ra_dma_alloc(ra, RA_CHUNK_WORDS * 8, &ra->dbm_dma);
	ra->rec = ra_dma_alloc(ra, RA_REC_CAP * RA_SCAN_RECORD_BYTES, &ra->rec_dma);
	ra->vas = ra_dma_alloc(ra, RA_WALK_CHUNK * 8, &ra->vas_dma);
	ra->wres = ra_dma_alloc(ra, RA_WALK_CHUNK * RA_WALK_RESULT_BYTES, &ra->wres_dma);
	ra->hpages = kvcalloc(RA_HASH_CHUNK, sizeof(*ra->hpages), GFP_KERNEL);
	ra->hdma = kvcalloc(RA_HASH_CHUNK, sizeof(*ra->hdma), GFP_KERNEL);
	if (!ra->sq || !ra->cq || !ra->ybm || !ra->dbm || !ra->rec || !ra->vas || !ra->wres ||
	    !ra->hpages || !ra->hdma) {
		dev_err(dev, "cannot allocate DMA buffers\n");
		goto err_free;
	}

	err = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_ALL_TYPES);
	if (err < 0) {
		dev_err(dev, "no interrupt vector: %d\n", err);
		goto err_free;
	}
	ra->irq = pci_irq_vector(pdev, 0);
	pci_set_drvdata(pdev, ra);
	err = ra_hw_init(ra);
	if (err) {
		pci_clear_master(pdev);
		goto err_free;
	}
	err = request_irq(ra->irq, ra_irq, IRQF_SHARED, RA_DRV_NAME, ra);
	if (err) {
		dev_err(dev, "cannot request irq %d: %d\n", ra->irq, err);
		goto err_disable;
	}

	ra->id = ida_alloc(&ra_ida, GFP_KERNEL);
	if (ra->id < 0) {
		err = ra->id;
		goto err_irq;
	}
	snprintf(ra->name, sizeof(ra->name), RA_DRV_NAME "%d", ra->id);
	ra->misc.minor = MISC_DYNAMIC_MINOR;
	ra->misc.name = ra->name;
	ra->misc.fops = &ra_fops;
	ra->misc.parent = dev;
	ra->misc.mode = 0600;
	err = misc_register(&ra->misc);
	if (err) {
		dev_err(dev, "cannot register /dev/%s: %d\n", ra->name, err);
		goto err_ida;
	}
	ra->dbg = debugfs_create_dir(pci_name(pdev), ra_debugfs_root);
	debugfs_create_file("regs", 0400, ra->dbg, ra, &ra_regs_fops);
	debugfs_create_u32("inject_timeouts", 0600, ra->dbg, &ra->inject_timeouts);
	debugfs_create_u32("inject_spurious", 0600, ra->dbg, &ra->inject_spurious);
	debugfs_create_u32("inject_reset_failures", 0600, ra->dbg, &ra->inject_reset_failures);

	dev_info(dev, "/dev/%s: version %u.%u, engines %#lx, walk cache %lu, %s interrupt\n",
		 ra->name, (unsigned int)FIELD_GET(RA_VERSION_MAJOR_MASK, ver),
		 (unsigned int)FIELD_GET(RA_VERSION_MINOR_MASK, ver),
		 (unsigned long)FIELD_GET(RA_CAP_ENGINES_MASK, ra->cap),
		 (unsigned long)FIELD_GET(RA_CAP_WALK_CACHE_MASK, ra->cap),
		 pdev->msix_enabled ? "MSI-X" : pdev->msi_enabled ? "MSI" : "INTx");
	return 0;

err_ida:
	ida_free(&ra_ida, ra->id);
err_irq:
	free_irq(ra->irq, ra);
err_disable:
	ra_wr(ra, RA_REG_CTRL, 0);
err_free:
	pci_set_drvdata(pdev, NULL);
	kref_put(&ra->kref, ra_free);
	return err;
}

static void ra_remove(struct pci_dev *pdev)
{
	struct ra_dev *ra = pci_get_drvdata(pdev);

	debugfs_remove_recursive(ra->dbg);
	misc_deregister(&ra->misc);
	/* Open files keep @ra; they see it dead and touch neither registers nor buffers. */
	mutex_lock(&ra->lock);
	ra_mark_dead(ra);
	mutex_unlock(&ra->lock);
	free_irq(ra->irq, ra);
	ida_free(&ra_ida, ra->id);
	pci_set_drvdata(pdev, NULL);
	kref_put(&ra->kref, ra_free);
}

static const struct pci_device_id ra_ids[] = {
	{ PCI_DEVICE(RA_PCI_VENDOR_ID, RA_PCI_DEVICE_ID) },
	{ }
};
MODULE_DEVICE_TABLE(pci, ra_ids);

static struct pci_driver ra_driver = {
	.name = RA_DRV_NAME,
	.id_table = ra_ids,
	.probe = ra_probe,
	.remove = ra_remove,
	.dev_groups = ra_groups,
};

static int __init ra_init(void)
{
	int err;

	ra_init_counter_attrs();
	ra_init_stat_attrs();
	ra_debugfs_root = debugfs_create_dir(RA_DRV_NAME, NULL);
	err = pci_register_driver(&ra_driver);
	if (err)
		debugfs_remove_recursive(ra_debugfs_root);
	return err;
}

static void __exit ra_exit(void)
{
	pci_unregister_driver(&ra_driver);
	debugfs_remove_recursive(ra_debugfs_root);
}

module_init(ra_init);
module_exit(ra_exit);

MODULE_DESCRIPTION("reclaim-accel page-table scan, walk and page-hash accelerator");
MODULE_LICENSE("GPL");
