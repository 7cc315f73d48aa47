/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ra_drv.h - internal interfaces of the reclaim-accel driver (reclaim_accel.ko).
 *
 * The module's files:
 *  - ra_main.c: module and PCI driver, probe (BAR, DMA windows, DMA buffers, interrupt,
 *    character device) and remove;
 *  - ra_device.c: the device itself: register access, reset and set-up, the interrupt handler,
 *    command submission and completion;
 *  - ra_ioctl.c: the character device's file operations, the ioctl dispatcher and what the
 *    three commands share: the target process and its access check, command locking, VMA runs;
 *  - ra_scan.c, ra_walk.c, ra_hash.c: RA_IOC_SCAN, RA_IOC_WALK, RA_IOC_HASH;
 *  - ra_runs.c: RA_IOC_SCAN_RUNS (runs over any range, resumed through RESUME);
 *  - ra_sysfs.c: counters and driver statistics in sysfs, registers and fault injection in
 *    debugfs;
 *  - ra_windows.c: the DMA windows from the System RAM ranges (pure; unit-tested on the host).
 */
#ifndef RA_DRV_H
#define RA_DRV_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "ra_regs.h"
/* struct ra_cpl and ra_cpl_unpack(): the ring helpers every C client of the device shares */
#include "ra_ring.h"
#include "ra_windows.h"
#include "reclaim_accel.h"

#define RA_DRV_NAME		"reclaim_accel"
#define RA_RING_LOG2		4
#define RA_RING_ENTRIES		(1u << RA_RING_LOG2)
/* SCAN chunk: pages per device command (a multiple of 64, so bitmaps concatenate). */
#define RA_CHUNK_PAGES		(1u << 18)
#define RA_CHUNK_WORDS		(RA_CHUNK_PAGES / 64)
#define RA_REC_CAP		2048u
/*
 * SCAN with RUNS (RA_IOC_SCAN_RUNS): descriptors per device command (the budget; the QEMU
 * device's limit for a RUNS SCAN of any span), and device commands per ioctl.
 */
#define RA_RUNS_BUDGET		(1u << 18)
#define RA_RUNS_MAX_CMDS	64u
#define RA_WALK_CHUNK		4096u
/*
 * HASH: pages per device command. The page list goes into the WALK VA list buffer (8 bytes per
 * page) and the results into the WALK result buffer (16 bytes per entry, HASH uses 8).
 */
#define RA_HASH_CHUNK		RA_WALK_CHUNK
/* The device's physical address limit, as programmed in PA_BITS. */
#define RA_PA_BITS		48


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
	RA_STAT_AF_CLEARED,
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
 * @win: DMA windows programmed, [base, limit) each (ra_windows_compute()).
 * @nwin: how many windows are used.
 * @version: VERSION register.
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
	struct ra_range win[RA_NUM_WINDOWS];
	u32 nwin;
	u32 version;
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

static inline void ra_stat_add(struct ra_dev *ra, enum ra_stat s, u64 n)
{
	atomic64_add(n, &ra->stats[s]);
}

/* ra_main.c */
void ra_put(struct ra_dev *ra);

/* ra_device.c */
u64 ra_read_counter(struct ra_dev *ra, unsigned int i);
bool ra_in_windows(struct ra_dev *ra, dma_addr_t a, size_t len);
int ra_hw_init(struct ra_dev *ra);
irqreturn_t ra_irq(int irq, void *data);
void ra_mark_dead(struct ra_dev *ra);
int ra_submit(struct ra_dev *ra, u64 cmd[8], struct ra_cpl *cpl);

/* ra_ioctl.c */
extern const struct file_operations ra_fops;
struct mm_struct *ra_target_mm(struct ra_dev *ra, s32 pid, bool procfd, bool attach);
int ra_cmd_lock(struct ra_dev *ra, struct mm_struct *mm, const char *what);
void ra_cmd_unlock(struct ra_dev *ra, struct mm_struct *mm);
bool ra_next_mapped(struct mm_struct *mm, unsigned long pos, unsigned long end,
		    unsigned long *ps, unsigned long *pe);
void ra_flush_range(struct ra_dev *ra, struct mm_struct *mm, unsigned long start,
		    unsigned long end);
u64 ra_clear_young(struct ra_dev *ra, struct mm_struct *mm, unsigned long start,
		   unsigned long end, const __le64 *bm);
u64 ra_user_desc(const struct ra_file *rf, u64 desc);

/* ra_scan.c, ra_walk.c, ra_hash.c */
long ra_ioctl_scan(struct ra_file *rf, struct ra_scan __user *uarg);
long ra_ioctl_walk(struct ra_file *rf, struct ra_walk __user *uarg);
long ra_ioctl_hash(struct ra_file *rf, struct ra_hash __user *uarg);
long ra_ioctl_scan_runs(struct ra_file *rf, struct ra_scan_runs __user *uarg);

/* ra_sysfs.c */
extern const struct attribute_group *ra_groups[];
void ra_sysfs_init(void);
void ra_sysfs_exit(void);
void ra_debugfs_add(struct ra_dev *ra);
void ra_debugfs_remove(struct ra_dev *ra);

#endif /* RA_DRV_H */
