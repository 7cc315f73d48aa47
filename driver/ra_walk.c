// SPDX-License-Identifier: GPL-2.0
/*
 * ra_walk.c - RA_IOC_WALK: translate a list of a process's VAs.
 *
 * Per chunk of up to RA_WALK_CHUNK VAs: with the device mutex and the target's mmap lock held,
 * each VA is looked up (vma_lookup()); only VAs inside a VMA go to the device, the others are
 * reported as translation faults at level 0 without any DMA. The VA list and the results go
 * through bounce buffers, copied with no lock held.
 */

#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ra_drv.h"

/**
 * struct ra_walk_ctx - one WALK ioctl in progress.
 * @rf: the caller's open file.
 * @ra: the device.
 * @mm: the target (a reference).
 * @a: the caller's arguments; the results are returned in it.
 * @vas: bounce buffer: the chunk's VAs.
 * @res: bounce buffer: the chunk's results.
 * @idx: for each VA sent to the device, its index in the chunk.
 * @faults: results with a fault so far.
 */
struct ra_walk_ctx {
	struct ra_file *rf;
	struct ra_dev *ra;
	struct mm_struct *mm;
	struct ra_walk a;
	u64 *vas;
	struct ra_walk_result *res;
	u32 *idx;
	u32 faults;
};

static int ra_walk_check_args(struct ra_dev *ra, const struct ra_walk *a)
{
	if (a->flags & ~RA_WALK_F_PROCFD) {
		ra_note(ra, "walk: unknown flags %#x\n", a->flags);
		return -EINVAL;
	}
	if (!a->count || a->count > RA_WALK_MAX_VAS) {
		ra_note(ra, "walk: count %u not in 1..%u\n", a->count, RA_WALK_MAX_VAS);
		return -EINVAL;
	}
	if (!access_ok(u64_to_user_ptr(a->vas), (u64)a->count * 8) ||
	    !access_ok(u64_to_user_ptr(a->results),
		       (u64)a->count * sizeof(struct ra_walk_result))) {
		ra_note(ra, "walk: buffer outside the caller's address space\n");
		return -EFAULT;
	}
	return 0;
}

static int ra_walk_alloc(struct ra_walk_ctx *w)
{
	w->vas = kvmalloc_array(RA_WALK_CHUNK, sizeof(*w->vas), GFP_KERNEL);
	w->res = kvmalloc_array(RA_WALK_CHUNK, sizeof(*w->res), GFP_KERNEL);
	w->idx = kvmalloc_array(RA_WALK_CHUNK, sizeof(*w->idx), GFP_KERNEL);
	if (!w->vas || !w->res || !w->idx)
		return -ENOMEM;
	return 0;
}

static void ra_walk_free(struct ra_walk_ctx *w)
{
	kvfree(w->vas);
	kvfree(w->res);
	kvfree(w->idx);
}

/* Read the VAs [@done, @done + @n) of the caller's list; each must lie below the target's top. */
static int ra_walk_read_vas(struct ra_walk_ctx *w, u32 done, u32 n)
{
	u32 i;

	if (copy_from_user(w->vas, u64_to_user_ptr(w->a.vas) + 8ULL * done, 8 * n)) {
		ra_note(w->ra, "walk: cannot read the VA list\n");
		return -EFAULT;
	}
	for (i = 0; i < n; i++) {
		if (w->vas[i] >= w->mm->task_size) {
			ra_note(w->ra, "walk: VA %#llx beyond the process's address space\n",
				w->vas[i]);
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * With both locks held: put the chunk's VAs that lie in a VMA into the device's VA list and
 * mark the others as translation faults. Returns how many go to the device.
 */
static u32 ra_walk_select(struct ra_walk_ctx *w, u32 n)
{
	struct ra_dev *ra = w->ra;
	u32 i, nd = 0;

	for (i = 0; i < n; i++) {
		if (vma_lookup(w->mm, w->vas[i])) {
			ra->vas[nd] = cpu_to_le64(w->vas[i]);
			w->idx[nd++] = i;
		} else {
			/* No mapping: the tables there may be being freed. */
			w->res[i].fault = RA_FAULT_KIND_TRANSLATION;
		}
	}
	return nd;
}

/* One WALK command over the first @nd entries of the device's VA list. */
static int ra_walk_submit(struct ra_walk_ctx *w, u32 nd)
{
	struct ra_dev *ra = w->ra;
	struct ra_cpl cpl;
	u64 cmd[8] = { 0 };
	int err;

	ra_desc_set_opcode(cmd, RA_OP_WALK);
	ra_desc_set_ttbr(cmd, virt_to_phys(w->mm->pgd));
	ra_desc_set_arg0(cmd, ra->vas_dma);
	ra_desc_set_arg1(cmd, ra->wres_dma);
	ra_desc_set_arg2(cmd, nd);
	err = ra_submit(ra, cmd, &cpl);
	if (!err && cpl.status != RA_ST_OK)
		err = -EIO;
	return err;
}

/* With the device mutex held: the device's @nd results into the chunk's bounce buffer. */
static void ra_walk_decode(struct ra_walk_ctx *w, u32 nd)
{
	struct ra_dev *ra = w->ra;
	u32 i;

	for (i = 0; i < nd; i++) {
		const u64 res[RA_WALK_RES_WORDS] = {
			le64_to_cpu(ra->wres[RA_WALK_RES_WORDS * i]),
			le64_to_cpu(ra->wres[RA_WALK_RES_WORDS * i + 1]),
		};
		struct ra_walk_result *r = &w->res[w->idx[i]];

		r->pa = w->rf->show_pa ? ra_walk_res_pa(res) : 0;
		r->level = ra_walk_res_level(res);
		r->fault = ra_walk_res_fault(res);
		r->desc = ra_user_desc(w->rf, ra_walk_res_desc(res));
	}
}

/* Walk the VAs [@done, @done + @n) of the caller's list and copy their results out. */
static int ra_walk_chunk(struct ra_walk_ctx *w, u32 done, u32 n)
{
	struct ra_dev *ra = w->ra;
	u32 i, nd;
	int err;

	if (fatal_signal_pending(current))
		return -EINTR;
	err = ra_walk_read_vas(w, done, n);
	if (err)
		return err;
	memset(w->res, 0, n * sizeof(*w->res));
	err = ra_cmd_lock(ra, w->mm, "walk");
	if (err)
		return err;
	nd = ra_walk_select(w, n);
	if (nd)
		err = ra_walk_submit(w, nd);
	mmap_read_unlock(w->mm);
	if (!err)
		ra_walk_decode(w, nd);
	mutex_unlock(&ra->lock);
	if (err)
		return err;
	ra_stat_add(ra, RA_STAT_VAS_WALKED, nd);
	for (i = 0; i < n; i++)
		w->faults += !!w->res[i].fault;
	if (copy_to_user(u64_to_user_ptr(w->a.results) + (u64)done * sizeof(*w->res), w->res,
			 n * sizeof(*w->res))) {
		ra_note(ra, "walk: cannot write results to user memory\n");
		return -EFAULT;
	}
	return 0;
}

/**
 * ra_ioctl_walk() - RA_IOC_WALK.
 * @rf: the caller's open file.
 * @uarg: its struct ra_walk.
 *
 * Return: 0, or a negative errno.
 */
long ra_ioctl_walk(struct ra_file *rf, struct ra_walk __user *uarg)
{
	struct ra_walk_ctx w = { .rf = rf, .ra = rf->ra };
	u32 done, n;
	long err;

	if (copy_from_user(&w.a, uarg, sizeof(w.a)))
		return -EFAULT;
	err = ra_walk_check_args(w.ra, &w.a);
	if (err)
		return err;
	w.mm = ra_target_mm(w.ra, w.a.pid, w.a.flags & RA_WALK_F_PROCFD, false);
	if (IS_ERR(w.mm))
		return PTR_ERR(w.mm);
	err = ra_walk_alloc(&w);
	for (done = 0; !err && done < w.a.count; done += n) {
		n = min(w.a.count - done, RA_WALK_CHUNK);
		err = ra_walk_chunk(&w, done, n);
	}
	if (!err) {
		w.a.faults = w.faults;
		if (copy_to_user(uarg, &w.a, sizeof(w.a)))
			err = -EFAULT;
	}
	ra_walk_free(&w);
	mmput(w.mm);
	return err;
}
