// SPDX-License-Identifier: GPL-2.0
/*
 * ra_runs.c - RA_IOC_SCAN_RUNS (uapi version 4): the young (and dirty) pages of any VA range of
 * a process, its whole address space included, as runs.
 *
 * The range is walked VMA run by VMA run (ra_next_mapped(), as RA_IOC_SCAN does): each run of
 * adjacent VMAs gets SCAN commands with flag RUNS and a budget of RA_RUNS_BUDGET descriptors,
 * with the device mutex and the target's mmap lock held for one command at a time. A command
 * that stops with RESUME is continued from its resume VA, which is looked up again under the
 * next command's lock (so it is always scanned within a VMA; holes get no command). The runs
 * go through a bounce buffer to the caller with no lock held; a run that continues where the
 * previous one ended (a resume VA, adjacent VMA runs) is merged into it. One ioctl sends at most
 * RA_RUNS_MAX_CMDS commands and writes at most @max_runs runs; it then returns the VA to
 * continue from.
 */

#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ra_drv.h"

/* Runs the device may write into the young bitmap buffer (16 bytes each). */
#define RA_RUNS_DEV_CAP		((RA_CHUNK_WORDS * 8) / RA_SCAN_RUN_BYTES)

/**
 * struct ra_runs_ctx - one SCAN_RUNS ioctl in progress.
 * @rf: the caller's open file.
 * @ra: the device.
 * @mm: the target (a reference).
 * @a: the caller's arguments; the results are returned in it.
 * @end: end of the range, clamped to the target's TASK_SIZE.
 * @buf: bounce buffer of RA_RUNS_DEV_CAP + 1 runs; buf[0] may hold the pending run.
 * @pending: buf[0] holds a run not yet copied (it may still grow).
 * @written: runs copied to the caller.
 */
struct ra_runs_ctx {
	struct ra_file *rf;
	struct ra_dev *ra;
	struct mm_struct *mm;
	struct ra_scan_runs a;
	unsigned long end;
	struct ra_run *buf;
	bool pending;
	u32 written;
};

static int ra_runs_check_args(struct ra_dev *ra, const struct ra_scan_runs *a)
{
	if (a->flags & ~(RA_RUNS_F_CLEAR_AF | RA_RUNS_F_DIRTY | RA_RUNS_F_PROCFD)) {
		ra_note(ra, "scan_runs: unknown flags %#x\n", a->flags);
		return -EINVAL;
	}
	if (a->reserved[0] || a->reserved[1]) {
		ra_note(ra, "scan_runs: reserved field not zero\n");
		return -EINVAL;
	}
	if (!PAGE_ALIGNED(a->start) || !PAGE_ALIGNED(a->end) || a->start >= a->end) {
		ra_note(ra, "scan_runs: range %#llx-%#llx not page aligned or empty\n", a->start,
			a->end);
		return -EINVAL;
	}
	if (!a->max_runs || a->max_runs > RA_RUNS_MAX) {
		ra_note(ra, "scan_runs: %u runs: 1..%u allowed\n", a->max_runs, RA_RUNS_MAX);
		return -EINVAL;
	}
	if (!a->runs ||
	    !access_ok(u64_to_user_ptr(a->runs), (u64)a->max_runs * sizeof(struct ra_run))) {
		ra_note(ra, "scan_runs: run buffer outside the caller's address space\n");
		return -EFAULT;
	}
	return 0;
}

/* Add run @r to the bounce buffer (@n runs after the pending one): merged or appended. */
static void ra_runs_add(struct ra_runs_ctx *s, u32 *n, const struct ra_run *r)
{
	struct ra_run *last = *n ? &s->buf[*n] : s->pending ? &s->buf[0] : NULL;

	if (last && last->start + last->pages * PAGE_SIZE == r->start &&
	    last->flags == r->flags) {
		last->pages += r->pages;
		return;
	}
	if (!s->pending && !*n) {
		s->buf[0] = *r;
		s->pending = true;
		return;
	}
	s->buf[++*n] = *r;
}

/*
 * With the device mutex held: the command's @cnt runs into the bounce buffer after the
 * pending one. Returns how many new entries follow buf[0].
 */
static u32 ra_runs_collect(struct ra_runs_ctx *s, u32 cnt)
{
	const __le64 *dev = s->ra->ybm;
	u32 k, n = 0;

	for (k = 0; k < cnt; k++) {
		const u64 w[RA_SCAN_RUN_WORDS] = {
			le64_to_cpu(dev[RA_SCAN_RUN_WORDS * k]),
			le64_to_cpu(dev[RA_SCAN_RUN_WORDS * k + 1]),
		};
		struct ra_run r = {
			.start = ra_scan_run_va(w),
			.pages = ra_scan_run_pages(w),
			.flags = (ra_scan_run_young(w) ? RA_RUN_YOUNG : 0) |
				 (ra_scan_run_dirty(w) ? RA_RUN_DIRTY : 0),
		};

		ra_runs_add(s, &n, &r);
	}
	return n;
}

/* CLEAR_AF: clear AF of the pages of the command's @cnt young runs. */
static void ra_runs_clear(struct ra_runs_ctx *s, u32 cnt)
{
	const __le64 *dev = s->ra->ybm;
	u32 k;

	for (k = 0; k < cnt; k++) {
		const u64 w[RA_SCAN_RUN_WORDS] = {
			le64_to_cpu(dev[RA_SCAN_RUN_WORDS * k]),
			le64_to_cpu(dev[RA_SCAN_RUN_WORDS * k + 1]),
		};
		unsigned long va = ra_scan_run_va(w);

		if (ra_scan_run_young(w))
			ra_clear_young(s->ra, s->mm, va, va + (ra_scan_run_pages(w) << PAGE_SHIFT),
				       NULL);
	}
}

/*
 * Copy to the caller every run but the last (which may still grow), or all of them with
 * @all. @n entries follow the pending one.
 */
static int ra_runs_flush(struct ra_runs_ctx *s, u32 n, bool all)
{
	u32 out = s->pending ? n + (all ? 1 : 0) : 0, k;
	void __user *to = u64_to_user_ptr(s->a.runs) + (u64)s->written * sizeof(*s->buf);

	if (!out)
		return 0;
	for (k = 0; k < out; k++) {
		s->a.young += s->buf[k].flags & RA_RUN_YOUNG ? s->buf[k].pages : 0;
		s->a.dirty += s->buf[k].flags & RA_RUN_DIRTY ? s->buf[k].pages : 0;
	}
	if (copy_to_user(to, s->buf, out * sizeof(*s->buf))) {
		ra_note(s->ra, "scan_runs: cannot write runs to user memory\n");
		return -EFAULT;
	}
	s->written += out;
	if (all) {
		s->pending = false;
	} else {
		s->buf[0] = s->buf[n];	/* the last one stays pending */
	}
	return 0;
}

/**
 * ra_runs_cmd() - one SCAN command from @pos on, within the next run of VMAs.
 * @s: the ioctl in progress.
 * @pos: where to continue.
 * @cap: run capacity for the device (at least 1).
 * @next: out: where the next command starts (a resume VA, the run's end, or @s->end).
 * @n: out: new bounce-buffer entries after the pending one.
 *
 * Return: 0 when a command ran, 1 when [@pos, end) holds no VMA, or a negative errno.
 */
static int ra_runs_cmd(struct ra_runs_ctx *s, unsigned long pos, u32 cap, unsigned long *next,
		       u32 *n)
{
	struct ra_dev *ra = s->ra;
	unsigned long ps, pe, stop;
	struct ra_cpl cpl;
	u64 cmd[8];
	int err;

	err = ra_cmd_lock(ra, s->mm, "scan_runs");
	if (err)
		return err;
	if (!ra_next_mapped(s->mm, pos, s->end, &ps, &pe)) {
		ra_cmd_unlock(ra, s->mm);
		*next = s->end;
		return 1;
	}
	memset(cmd, 0, sizeof(cmd));
	ra_desc_set_opcode(cmd, RA_OP_SCAN);
	/* Never the device's CLEAR_AF: the driver clears AF itself (ra_clear_young()). */
	ra_desc_set_flags(cmd, RA_SCAN_RUNS |
			  (s->a.flags & RA_RUNS_F_DIRTY ? RA_SCAN_REPORT_DIRTY : 0));
	ra_desc_set_ttbr(cmd, virt_to_phys(s->mm->pgd));
	ra_desc_set_arg0(cmd, ps);
	ra_desc_set_arg1(cmd, pe);
	ra_desc_set_arg2(cmd, ra->ybm_dma);
	ra_desc_set_arg3(cmd, cap);
	/* No record list (arg4 = arg5 = 0). */
	ra_desc_set_budget(cmd, RA_RUNS_BUDGET);
	err = ra_submit(ra, cmd, &cpl);
	stop = pe;
	if (!err && cpl.status == RA_ST_OK && (cpl.flags & RA_CPL_RESUME)) {
		stop = cpl.fault_va;
		if (stop <= ps || stop > pe || !PAGE_ALIGNED(stop)) {
			ra_note(ra, "scan_runs: resume VA %#lx outside %#lx-%#lx\n", stop, ps, pe);
			err = -EIO;
			stop = pe;
		}
	}
	if (!err && cpl.status == RA_ST_OK && cpl.count[3] <= cap &&
	    (s->a.flags & RA_RUNS_F_CLEAR_AF)) {
		ra_runs_clear(s, cpl.count[3]);
		ra_flush_range(ra, s->mm, ps, stop);
	}
	mmap_read_unlock(s->mm);
	if (!err && cpl.status != RA_ST_OK)
		err = -EIO;
	if (!err && cpl.count[3] > cap) {
		ra_note(ra, "scan_runs: device wrote %u runs, capacity %u\n", cpl.count[3], cap);
		err = -EIO;
	}
	if (!err)
		*n = ra_runs_collect(s, cpl.count[3]);
	mutex_unlock(&ra->lock);
	if (err)
		return err;
	s->a.pte_scanned += cpl.count[2];
	s->a.commands++;
	ra_stat_add(ra, RA_STAT_PAGES_SCANNED, (stop - ps) >> PAGE_SHIFT);
	*next = stop;
	return 0;
}

/**
 * ra_ioctl_scan_runs() - RA_IOC_SCAN_RUNS.
 * @rf: the caller's open file.
 * @uarg: its struct ra_scan_runs.
 *
 * Return: 0, or a negative errno.
 */
long ra_ioctl_scan_runs(struct ra_file *rf, struct ra_scan_runs __user *uarg)
{
	struct ra_runs_ctx s = { .rf = rf, .ra = rf->ra };
	unsigned long pos, next;
	u32 cmds = 0, n;
	long err;

	if (copy_from_user(&s.a, uarg, sizeof(s.a)))
		return -EFAULT;
	err = ra_runs_check_args(s.ra, &s.a);
	if (err)
		return err;
	s.a.nr_runs = 0;
	s.a.next = 0;
	s.a.young = 0;
	s.a.dirty = 0;
	s.a.pte_scanned = 0;
	s.a.commands = 0;
	s.a.out_flags = 0;
	/* Clearing AF changes the target: /proc/PID/mem's rule (as clear_refs needs its owner). */
	s.mm = ra_target_mm(s.ra, s.a.pid, s.a.flags & RA_RUNS_F_PROCFD,
			    s.a.flags & RA_RUNS_F_CLEAR_AF);
	if (IS_ERR(s.mm))
		return PTR_ERR(s.mm);
	s.end = min_t(u64, s.a.end, s.mm->task_size);
	s.buf = kvmalloc_array(RA_RUNS_DEV_CAP + 1, sizeof(*s.buf), GFP_KERNEL);
	if (!s.buf) {
		err = -ENOMEM;
		goto out;
	}
	pos = min_t(u64, s.a.start, s.end);
	while (pos < s.end) {
		/* Slots left for new runs (the pending one holds one already). */
		u32 room = s.a.max_runs - s.written - (s.pending ? 1 : 0);

		if (!room || cmds == RA_RUNS_MAX_CMDS)
			break;
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
		n = 0;
		err = ra_runs_cmd(&s, pos, min_t(u32, room, RA_RUNS_DEV_CAP), &next, &n);
		if (err < 0)
			break;
		cmds += !err;
		pos = next;
		err = ra_runs_flush(&s, n, false);
		if (err)
			break;
	}
	if (!err)
		err = ra_runs_flush(&s, 0, true);
	if (err)
		goto out;
	s.a.nr_runs = s.written;
	s.a.next = pos;
	s.a.out_flags = pos < s.end ? RA_RUNS_O_MORE : 0;
	ra_stat_add(s.ra, RA_STAT_YOUNG_PAGES, s.a.young);
	if (copy_to_user(uarg, &s.a, sizeof(s.a)))
		err = -EFAULT;
out:
	kvfree(s.buf);
	mmput(s.mm);
	return err;
}
