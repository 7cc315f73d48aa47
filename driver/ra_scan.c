// SPDX-License-Identifier: GPL-2.0
/*
 * ra_scan.c - RA_IOC_SCAN: which pages of a VA range of a process are young (AF=1), optionally
 * clearing AF as it goes (the driver then invalidates the TLB for that range).
 *
 * Per chunk of up to RA_CHUNK_PAGES pages (a multiple of 64, so chunk bitmaps concatenate):
 * one device command per run of VMAs in the chunk (ra_next_mapped()), each with the device
 * mutex and the target's mmap lock held, then merged into the chunk's bitmaps at the run's
 * offset. Holes get no command: their bits stay 0 and they produce no records. Records and
 * bitmaps are copied to the caller with no lock held.
 */

#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ra_drv.h"

/**
 * struct ra_scan_ctx - one SCAN ioctl in progress.
 * @rf: the caller's open file.
 * @ra: the device.
 * @mm: the target (a reference).
 * @a: the caller's arguments; the results are returned in it.
 * @dirty: a dirty bitmap was asked for (RA_SCAN_F_DIRTY).
 * @ybuf: bounce buffer: the current chunk's young bitmap.
 * @dbuf: bounce buffer: its dirty bitmap (NULL without @dirty).
 * @rbuf: bounce buffer: one command's records.
 * @copied: records copied to the caller so far.
 * @out_flags: RA_SCAN_O_*.
 * @young: young pages, summed over the commands (completion count0).
 * @produced: records produced (count1).
 * @pte: leaf entries scanned (count2).
 * @dirty_pages: dirty pages (count3).
 * @faulted: the first fault has been recorded in @a.
 */
struct ra_scan_ctx {
	struct ra_file *rf;
	struct ra_dev *ra;
	struct mm_struct *mm;
	struct ra_scan a;
	bool dirty;
	u64 *ybuf;
	u64 *dbuf;
	struct ra_scan_record *rbuf;
	u32 copied;
	u32 out_flags;
	u64 young;
	u64 produced;
	u64 pte;
	u64 dirty_pages;
	bool faulted;
};

/* The output buffers must lie in the caller's address space. */
static int ra_scan_check_buffers(struct ra_dev *ra, const struct ra_scan *a)
{
	unsigned long pages = (a->end - a->start) >> PAGE_SHIFT;
	u64 bitmap_bytes = DIV_ROUND_UP(pages, 64) * 8;

	if (!a->young_bitmap ||
	    !access_ok(u64_to_user_ptr(a->young_bitmap), bitmap_bytes) ||
	    (a->dirty_bitmap && !access_ok(u64_to_user_ptr(a->dirty_bitmap), bitmap_bytes)) ||
	    (a->nr_records &&
	     !access_ok(u64_to_user_ptr(a->records),
			(u64)a->nr_records * sizeof(struct ra_scan_record)))) {
		ra_note(ra, "scan: output buffer outside the caller's address space\n");
		return -EFAULT;
	}
	return 0;
}

static int ra_scan_check_args(struct ra_dev *ra, const struct ra_scan *a)
{
	if (a->flags & ~(RA_SCAN_F_CLEAR_AF | RA_SCAN_F_DIRTY | RA_SCAN_F_PROCFD)) {
		ra_note(ra, "scan: unknown flags %#x\n", a->flags);
		return -EINVAL;
	}
	if (memchr_inv(a->reserved, 0, sizeof(a->reserved))) {
		ra_note(ra, "scan: reserved field not zero\n");
		return -EINVAL;
	}
	if (!PAGE_ALIGNED(a->start) || !PAGE_ALIGNED(a->end) || a->start >= a->end) {
		ra_note(ra, "scan: range %#llx-%#llx not page aligned or empty\n", a->start, a->end);
		return -EINVAL;
	}
	if ((a->end - a->start) >> PAGE_SHIFT > RA_SCAN_MAX_PAGES) {
		ra_note(ra, "scan: range of %llu pages exceeds %u\n",
			(a->end - a->start) >> PAGE_SHIFT, RA_SCAN_MAX_PAGES);
		return -E2BIG;
	}
	if (!!(a->flags & RA_SCAN_F_DIRTY) != !!a->dirty_bitmap) {
		ra_note(ra, "scan: dirty bitmap given without RA_SCAN_F_DIRTY or missing\n");
		return -EINVAL;
	}
	if (a->nr_records > (1u << 24) || (a->nr_records && !a->records)) {
		ra_note(ra, "scan: bad record buffer (%u entries)\n", a->nr_records);
		return -EINVAL;
	}
	return ra_scan_check_buffers(ra, a);
}

/* Bounce buffers: the chunk's bitmaps and one command's records. */
static int ra_scan_alloc(struct ra_scan_ctx *s)
{
	s->ybuf = kvmalloc(RA_CHUNK_WORDS * 8, GFP_KERNEL);
	s->dbuf = s->dirty ? kvmalloc(RA_CHUNK_WORDS * 8, GFP_KERNEL) : NULL;
	s->rbuf = kvmalloc_array(RA_REC_CAP, sizeof(*s->rbuf), GFP_KERNEL);
	if (!s->ybuf || (s->dirty && !s->dbuf) || !s->rbuf)
		return -ENOMEM;
	return 0;
}

static void ra_scan_free(struct ra_scan_ctx *s)
{
	kvfree(s->ybuf);
	kvfree(s->dbuf);
	kvfree(s->rbuf);
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

/* The SCAN descriptor for [@ps, @pe) of the target, into the device's buffers. */
static void ra_scan_cmd(const struct ra_scan_ctx *s, unsigned long ps, unsigned long pe,
			u64 cmd[8])
{
	struct ra_dev *ra = s->ra;
	/* Never the device's CLEAR_AF: the driver clears AF itself (ra_clear_young()). */
	u64 flags = s->dirty ? RA_SCAN_REPORT_DIRTY : 0;

	memset(cmd, 0, RA_DESC_WORDS * sizeof(*cmd));
	ra_desc_set_opcode(cmd, RA_OP_SCAN);
	ra_desc_set_flags(cmd, flags);
	/* The pgd is fixed for the life of the mm. */
	ra_desc_set_ttbr(cmd, virt_to_phys(s->mm->pgd));
	ra_desc_set_arg0(cmd, ps);
	ra_desc_set_arg1(cmd, pe);
	ra_desc_set_arg2(cmd, ra->ybm_dma);
	ra_desc_set_arg3(cmd, s->dirty ? ra->dbm_dma : 0);
	ra_desc_set_arg4(cmd, ra->rec_dma);
	ra_desc_set_arg5(cmd, RA_REC_CAP);
}

/*
 * With the device mutex held: merge the command's bitmaps for [@ps, @pe) into the chunk's
 * (which starts at @cs) and copy its records into the bounce buffer. Returns the records.
 */
static u32 ra_scan_collect(struct ra_scan_ctx *s, unsigned long cs, unsigned long ps,
			   unsigned long pe, const struct ra_cpl *cpl)
{
	unsigned long off = (ps - cs) >> PAGE_SHIFT, np = (pe - ps) >> PAGE_SHIFT;
	struct ra_dev *ra = s->ra;
	u32 k, nrec;

	ra_or_bits(s->ybuf, off, ra->ybm, np);
	if (s->dirty)
		ra_or_bits(s->dbuf, off, ra->dbm, np);
	nrec = min(cpl->count[1], RA_REC_CAP);
	for (k = 0; k < nrec; k++) {
		s->rbuf[k].word0 = le64_to_cpu(ra->rec[RA_SCAN_REC_WORDS * k]);
		s->rbuf[k].desc = ra_user_desc(s->rf,
					       le64_to_cpu(ra->rec[RA_SCAN_REC_WORDS * k + 1]));
	}
	return nrec;
}

/* Add one command's counts (it scanned @np pages) to the ioctl's results. */
static void ra_scan_account(struct ra_scan_ctx *s, const struct ra_cpl *cpl, unsigned long np)
{
	s->young += cpl->count[0];
	s->produced += cpl->count[1];
	s->pte += cpl->count[2];
	s->dirty_pages += cpl->count[3];
	if (!s->faulted && cpl->fault_kind) {
		s->a.first_fault_kind = cpl->fault_kind;
		s->a.first_fault_level = cpl->fault_level;
		s->a.first_fault_va = cpl->fault_va;
		s->faulted = true;
	}
	ra_stat_add(s->ra, RA_STAT_PAGES_SCANNED, np);
	if ((cpl->flags & RA_CPL_TRUNCATED) || cpl->count[1] > RA_REC_CAP)
		s->out_flags |= RA_SCAN_O_TRUNCATED;
}

/* Copy @nrec records from the bounce buffer to the caller, as many as its buffer holds. */
static int ra_scan_copy_records(struct ra_scan_ctx *s, u32 nrec)
{
	u32 n = min(nrec, s->a.nr_records - s->copied);
	void __user *to = u64_to_user_ptr(s->a.records) + (u64)s->copied * sizeof(*s->rbuf);

	if (n < nrec)
		s->out_flags |= RA_SCAN_O_TRUNCATED;
	if (n && copy_to_user(to, s->rbuf, n * sizeof(*s->rbuf))) {
		ra_note(s->ra, "scan: cannot write records to user memory\n");
		return -EFAULT;
	}
	s->copied += n;
	return 0;
}

/**
 * ra_scan_run() - scan the next run of VMAs in [@pos, @ce) with one device command.
 * @s: the SCAN in progress.
 * @cs: start of the current chunk.
 * @ce: its end.
 * @pos: where the search for the run starts.
 * @pe: out: the end of the run scanned.
 *
 * Return: 0 when a run was scanned, 1 when the rest of the chunk is a hole, or a negative
 * errno.
 */
static int ra_scan_run(struct ra_scan_ctx *s, unsigned long cs, unsigned long ce,
		       unsigned long pos, unsigned long *pe)
{
	struct ra_dev *ra = s->ra;
	unsigned long ps;
	struct ra_cpl cpl;
	u32 nrec = 0;
	u64 cmd[8];
	int err;

	if (fatal_signal_pending(current))
		return -EINTR;
	err = ra_cmd_lock(ra, s->mm, "scan");
	if (err)
		return err;
	if (!ra_next_mapped(s->mm, pos, ce, &ps, pe)) {
		ra_cmd_unlock(ra, s->mm);
		return 1;
	}
	ra_scan_cmd(s, ps, *pe, cmd);
	err = ra_submit(ra, cmd, &cpl);
	if (!err && cpl.status == RA_ST_OK && (s->a.flags & RA_SCAN_F_CLEAR_AF)) {
		/* the pages the command found young (its bitmap starts at ps) */
		ra_clear_young(ra, s->mm, ps, *pe, ra->ybm);
		ra_flush_range(ra, s->mm, ps, *pe);
	}
	mmap_read_unlock(s->mm);
	if (!err && cpl.status != RA_ST_OK)
		err = -EIO;
	if (!err)
		nrec = ra_scan_collect(s, cs, ps, *pe, &cpl);
	mutex_unlock(&ra->lock);
	if (err)
		return err;
	ra_scan_account(s, &cpl, (*pe - ps) >> PAGE_SHIFT);
	return ra_scan_copy_records(s, nrec);
}

/* Copy the chunk's @words bitmap words to the caller; the chunk starts @cs. */
static int ra_scan_copy_bitmaps(struct ra_scan_ctx *s, unsigned long cs, unsigned long words)
{
	/* The chunk starts at a multiple of 64 pages from start. */
	unsigned long off = ((cs - s->a.start) >> PAGE_SHIFT) / 8;
	unsigned long i;
	u64 ny = 0;

	for (i = 0; i < words; i++)
		ny += hweight64(s->ybuf[i]);
	ra_stat_add(s->ra, RA_STAT_YOUNG_PAGES, ny);
	if (copy_to_user(u64_to_user_ptr(s->a.young_bitmap) + off, s->ybuf, words * 8) ||
	    (s->dirty &&
	     copy_to_user(u64_to_user_ptr(s->a.dirty_bitmap) + off, s->dbuf, words * 8))) {
		ra_note(s->ra, "scan: cannot write the bitmap to user memory\n");
		return -EFAULT;
	}
	return 0;
}

/* Scan the chunk [@cs, @ce) run by run, then copy its bitmaps out. */
static int ra_scan_chunk(struct ra_scan_ctx *s, unsigned long cs, unsigned long ce)
{
	unsigned long words = DIV_ROUND_UP((ce - cs) >> PAGE_SHIFT, 64), pos, pe;
	int err;

	memset(s->ybuf, 0, words * 8);
	if (s->dirty)
		memset(s->dbuf, 0, words * 8);
	for (pos = cs; pos < ce; pos = pe) {
		err = ra_scan_run(s, cs, ce, pos, &pe);
		if (err < 0)
			return err;
		if (err)
			break;	/* the rest of the chunk is a hole: nothing to scan */
	}
	return ra_scan_copy_bitmaps(s, cs, words);
}

/* Return the sums to the caller in its struct ra_scan. */
static int ra_scan_finish(struct ra_scan_ctx *s, struct ra_scan __user *uarg)
{
	s->a.out_flags = s->out_flags;
	s->a.young = s->young;
	s->a.dirty = s->dirty_pages;
	s->a.nr_produced = s->produced;
	s->a.pte_scanned = s->pte;
	if (copy_to_user(uarg, &s->a, sizeof(s->a)))
		return -EFAULT;
	return 0;
}

/**
 * ra_ioctl_scan() - RA_IOC_SCAN.
 * @rf: the caller's open file.
 * @uarg: its struct ra_scan.
 *
 * Return: 0, or a negative errno.
 */
long ra_ioctl_scan(struct ra_file *rf, struct ra_scan __user *uarg)
{
	struct ra_scan_ctx s = { .rf = rf, .ra = rf->ra };
	unsigned long cs, ce;
	long err;

	if (copy_from_user(&s.a, uarg, sizeof(s.a)))
		return -EFAULT;
	err = ra_scan_check_args(s.ra, &s.a);
	if (err)
		return err;
	s.dirty = s.a.flags & RA_SCAN_F_DIRTY;
	/* Clearing AF changes the target: /proc/PID/mem's rule (as clear_refs needs its owner). */
	s.mm = ra_target_mm(s.ra, s.a.pid, s.a.flags & RA_SCAN_F_PROCFD,
			    s.a.flags & RA_SCAN_F_CLEAR_AF);
	if (IS_ERR(s.mm))
		return PTR_ERR(s.mm);
	if (s.a.end > s.mm->task_size) {
		ra_note(s.ra, "scan: end %#llx beyond the process's address space\n", s.a.end);
		err = -EINVAL;
		goto out;
	}
	err = ra_scan_alloc(&s);
	for (cs = s.a.start; !err && cs < s.a.end; cs = ce) {
		ce = min_t(unsigned long, s.a.end, cs + (unsigned long)RA_CHUNK_PAGES * PAGE_SIZE);
		err = ra_scan_chunk(&s, cs, ce);
	}
	if (!err)
		err = ra_scan_finish(&s, uarg);
out:
	ra_scan_free(&s);
	mmput(s.mm);
	return err;
}
