// SPDX-License-Identifier: GPL-2.0
/*
 * ra_device.c - the reclaim-accel device: registers, reset and set-up, interrupt, commands.
 *
 * One command is in flight at a time (the caller holds ra->lock): ra_submit() writes its
 * descriptor into the submission ring, rings the doorbell and waits, on the interrupt with a
 * timeout, until the completion ring holds an entry. A lost or bad completion resets the
 * device; a device that cannot be reset is cut off from memory and refuses further commands.
 */

#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>

#include "ra_drv.h"

static unsigned int timeout_ms = 10000;
module_param(timeout_ms, uint, 0644);
MODULE_PARM_DESC(timeout_ms, "Command completion timeout in milliseconds (default 10000)");

/**
 * ra_read_counter() - read a 64-bit device counter consistently.
 * @ra: device.
 * @i: counter index (RA_CNT_*).
 *
 * Reading LO latches HI, so the pair is read under @ra->reg_lock.
 *
 * Return: the counter value.
 */
u64 ra_read_counter(struct ra_dev *ra, unsigned int i)
{
	unsigned long flags;
	u32 lo, hi;

	spin_lock_irqsave(&ra->reg_lock, flags);
	lo = ra_rd(ra, RA_REG_CNT_LO(i));
	hi = ra_rd(ra, RA_REG_CNT_HI(i));
	spin_unlock_irqrestore(&ra->reg_lock, flags);
	return ((u64)hi << 32) | lo;
}

/**
 * ra_in_windows() - whether the device can reach [@a, @a + @len).
 * @ra: device.
 * @a: bus address.
 * @len: bytes.
 *
 * Return: true when the whole range lies inside one DMA window.
 */
bool ra_in_windows(struct ra_dev *ra, dma_addr_t a, size_t len)
{
	u32 i;

	for (i = 0; i < ra->nwin; i++)
		if (a >= ra->win[i].base && a + len <= ra->win[i].limit)
			return true;
	return false;
}

static void ra_set_int_mask(struct ra_dev *ra, u32 mask)
{
	WRITE_ONCE(ra->int_mask, mask);
	ra_wr(ra, RA_REG_INT_MASK, mask);
}

/* Disable the device and wait until it is idle; -EIO when it stays busy. */
static int ra_quiesce(struct ra_dev *ra)
{
	int tries;

	ra_wr(ra, RA_REG_CTRL, 0);
	for (tries = 0; ra_rd(ra, RA_REG_STATUS) & RA_STATUS_BUSY_MASK; tries++) {
		if (tries >= 1000) {
			dev_err(&ra->pdev->dev, "device stays busy; cannot reset it\n");
			return -EIO;
		}
		usleep_range(1000, 2000);
	}
	return 0;
}

/* Program the DMA windows computed at probe; the unused ones are empty. */
static void ra_program_windows(struct ra_dev *ra)
{
	u32 i;

	for (i = 0; i < RA_NUM_WINDOWS; i++) {
		u64 b = i < ra->nwin ? ra->win[i].base : 0;
		u64 l = i < ra->nwin ? ra->win[i].limit : 0;

		ra_wr(ra, RA_REG_WIN_BASE_LO(i), lower_32_bits(b) & RA_WIN0_BASE_LO_ADDR_MASK);
		ra_wr(ra, RA_REG_WIN_BASE_HI(i), upper_32_bits(b) & RA_WIN0_BASE_HI_ADDR_MASK);
		ra_wr(ra, RA_REG_WIN_LIMIT_LO(i), lower_32_bits(l) & RA_WIN0_LIMIT_LO_ADDR_MASK);
		ra_wr(ra, RA_REG_WIN_LIMIT_HI(i), upper_32_bits(l) & RA_WIN0_LIMIT_HI_ADDR_MASK);
	}
}

/* Program both rings and take over the device's head and tail as the driver's own. */
static void ra_program_rings(struct ra_dev *ra)
{
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
}

/**
 * ra_hw_init() - reset the device and program windows, rings and interrupts.
 * @ra: device (commands not running).
 *
 * Return: 0, or -EIO when the device stays busy and cannot be reset.
 */
int ra_hw_init(struct ra_dev *ra)
{
	int err = ra_quiesce(ra);

	if (err)
		return err;
	ra_wr(ra, RA_REG_CTRL, RA_CTRL_SOFT_RESET_MASK);
	ra_wr(ra, RA_REG_PA_BITS, RA_PA_BITS);
	ra_program_windows(ra);
	ra_program_rings(ra);
	ra_wr(ra, RA_REG_INT_STATUS, RA_INT_STATUS_CMD_DONE_MASK |
	      RA_INT_STATUS_RING_FAULT_MASK | RA_INT_STATUS_CNT_OVF_MASK);
	ra_set_int_mask(ra, RA_INT_MASK_CNT_OVF_MASK);
	ra_wr(ra, RA_REG_CTRL, RA_CTRL_ENABLE_MASK);
	return 0;
}

/**
 * ra_irq() - the interrupt handler.
 * @irq: interrupt number.
 * @data: the device.
 *
 * The interrupt line may be shared (INTx): only unmasked bits of INT_STATUS are this device's
 * interrupt, and only those are acknowledged. A wake-up is only a hint; ra_submit() decides
 * from the completion ring.
 *
 * Return: IRQ_HANDLED when the device interrupted, else IRQ_NONE.
 */
irqreturn_t ra_irq(int irq, void *data)
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

/**
 * ra_mark_dead() - refuse further commands and cut the device off from memory.
 * @ra: device, @ra->lock held (or not yet shared).
 *
 * A device that may still be busy is cut off from memory before anything it could be reading
 * or writing (page tables, referenced pages, the driver's buffers) is released.
 */
void ra_mark_dead(struct ra_dev *ra)
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

static bool ra_ring_fault(struct ra_dev *ra)
{
	return ra_rd(ra, RA_REG_STATUS) & RA_STATUS_RING_FAULT_MASK;
}

/* Write @cmd, tagged, into the next submission slot and ring the doorbell. */
static void ra_post(struct ra_dev *ra, u64 cmd[8])
{
	__le64 *slot;
	int i;

	ra->tag++;
	ra_desc_set_tag(cmd, ra->tag);
	slot = ra->sq + RA_DESC_WORDS * ra->sq_tail;
	for (i = 0; i < RA_DESC_WORDS; i++)
		slot[i] = cpu_to_le64(cmd[i]);
	reinit_completion(&ra->done);
	ra->sq_tail = (ra->sq_tail + 1) & (RA_RING_ENTRIES - 1);
	/* writel orders the descriptor writes before the doorbell. */
	ra_wr(ra, RA_REG_SQ_TAIL, ra->sq_tail);
	ra_stat_add(ra, RA_STAT_COMMANDS, 1);
}

/*
 * Fault injection (debugfs inject_spurious): the handler runs with nothing (or not yet) pending
 * for us, and the waiter is woken without a completion-ring entry.
 */
static void ra_inject_spurious(struct ra_dev *ra)
{
	WRITE_ONCE(ra->inject_spurious, ra->inject_spurious - 1);
	ra_irq(ra->irq, ra);
	complete(&ra->done);
}

/*
 * Wait for an entry in the completion ring (or a ring fault), not for a wake-up: a spurious or
 * stale interrupt wakes us without one, and then we wait again until the deadline.
 * Returns true when the deadline passed.
 */
static bool ra_wait_cq(struct ra_dev *ra)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms);

	for (;;) {
		long left;

		if (ra_cq_pending(ra) || ra_ring_fault(ra))
			return false;
		left = (long)(deadline - jiffies);
		if (left <= 0)
			return true;
		wait_for_completion_timeout(&ra->done, left);
		/* Re-arm before looking at the ring again, so no wake-up is lost. */
		reinit_completion(&ra->done);
	}
}

/* No completion came (@lost: injected as lost): say why, reset the device, return the error. */
static int ra_no_completion(struct ra_dev *ra, bool lost)
{
	int err;

	if (ra_ring_fault(ra)) {
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

/* Decode the completion entry at the head of the ring into @cpl and consume it. */
static void ra_pop_cpl(struct ra_dev *ra, struct ra_cpl *cpl)
{
	u64 w[RA_CPL_WORDS];
	__le64 *c;
	int i;

	dma_rmb();
	c = ra->cq + RA_CPL_WORDS * ra->cq_head;
	for (i = 0; i < RA_CPL_WORDS; i++)
		w[i] = le64_to_cpu(c[i]);
	ra_cpl_unpack(w, cpl);
	ra->cq_head = (ra->cq_head + 1) & (RA_RING_ENTRIES - 1);
	ra_wr(ra, RA_REG_CQ_HEAD, ra->cq_head);
}

/* A completion for another command resets the device; a failed status is counted and logged. */
static int ra_check_cpl(struct ra_dev *ra, const u64 cmd[8], const struct ra_cpl *cpl)
{
	static const char * const names[] = RA_STATUS_NAMES;

	if (cpl->tag != ra->tag) {
		dev_err(&ra->pdev->dev, "completion tag %u, expected %u; resetting\n",
			cpl->tag, ra->tag);
		ra_reset_or_kill(ra);
		return -EIO;
	}
	if (cpl->status != RA_ST_OK) {
		ra_stat_add(ra, RA_STAT_COMMAND_ERRORS, 1);
		dev_err(&ra->pdev->dev, "command op %llu failed: status %s\n", ra_desc_opcode(cmd),
			cpl->status < ARRAY_SIZE(names) ? names[cpl->status] : "unknown");
	}
	return 0;
}

/**
 * ra_submit() - run one command and wait for its completion.
 * @ra: device, @ra->lock held.
 * @cmd: the eight descriptor words (tag filled in here).
 * @cpl: decoded completion.
 *
 * Return: 0 when a completion arrived (its status is in @cpl), -ENODEV when the device is gone
 * or hung, -EIO on a ring fault, -ETIMEDOUT when none arrived in time (the device is reset).
 */
int ra_submit(struct ra_dev *ra, u64 cmd[8], struct ra_cpl *cpl)
{
	bool lost = false, timed_out = false;

	lockdep_assert_held(&ra->lock);
	if (ra->dead)
		return -ENODEV;

	ra_post(ra, cmd);
	if (unlikely(READ_ONCE(ra->inject_spurious)))
		ra_inject_spurious(ra);
	if (unlikely(READ_ONCE(ra->inject_timeouts))) {
		/* Fault injection: behave as if the completion never came. */
		WRITE_ONCE(ra->inject_timeouts, ra->inject_timeouts - 1);
		lost = true;
	} else {
		timed_out = ra_wait_cq(ra);
	}
	if (lost || !ra_cq_pending(ra))
		return ra_no_completion(ra, lost);
	if (timed_out)
		ra_note(ra, "completion found without its interrupt\n");
	ra_pop_cpl(ra, cpl);
	return ra_check_cpl(ra, cmd, cpl);
}
