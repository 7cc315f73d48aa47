// SPDX-License-Identifier: GPL-2.0
/*
 * ra_hash.c - RA_IOC_HASH: KSM's checksum (low 32 bits of XXH64, seed 0) and a zero flag for
 * every page of a VA range of a process.
 *
 * Per device command (up to RA_HASH_CHUNK pages), with the target's mmap lock held for reading
 * throughout, so that its mappings cannot change under the command:
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
 * honoured by hugetlb's own fault path), RA_HASH_UNMAPPED. Checksums reveal content, so the
 * target is named under /proc/PID/mem's rule (ptrace attach), not pagemap's.
 */

#include <linux/bitfield.h>
#include <linux/hugetlb.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ra_drv.h"

/**
 * struct ra_hash_ctx - one HASH ioctl in progress.
 * @ra: the device.
 * @mm: the target (a reference).
 * @a: the caller's arguments; the results are returned in it.
 * @hout: bounce buffer: the chunk's results.
 * @hashed: pages hashed so far.
 * @zero: of them, zero pages.
 * @absent: pages not present.
 * @unmapped: pages without a VMA the driver hashes.
 * @faults: pages the device could not read.
 */
struct ra_hash_ctx {
	struct ra_dev *ra;
	struct mm_struct *mm;
	struct ra_hash a;
	struct ra_hash_result *hout;
	u32 hashed;
	u32 zero;
	u32 absent;
	u32 unmapped;
	u32 faults;
};

static int ra_hash_check_args(struct ra_dev *ra, const struct ra_hash *a)
{
	if (a->flags & ~RA_HASH_F_PROCFD) {
		ra_note(ra, "hash: unknown flags %#x\n", a->flags);
		return -EINVAL;
	}
	if (a->reserved[0] || a->reserved[1]) {
		ra_note(ra, "hash: reserved field not zero\n");
		return -EINVAL;
	}
	if (!a->pages) {
		ra_note(ra, "hash: no pages\n");
		return -EINVAL;
	}
	if (a->pages > RA_HASH_MAX_PAGES) {
		ra_note(ra, "hash: %u pages exceed %u\n", a->pages, RA_HASH_MAX_PAGES);
		return -E2BIG;
	}
	if (!PAGE_ALIGNED(a->start)) {
		ra_note(ra, "hash: start %#llx not page aligned\n", a->start);
		return -EINVAL;
	}
	if (!a->results || !access_ok(u64_to_user_ptr(a->results),
				      (u64)a->pages * sizeof(struct ra_hash_result))) {
		ra_note(ra, "hash: result buffer outside the caller's address space\n");
		return -EFAULT;
	}
	if (!(FIELD_GET(RA_CAP_ENGINES_MASK, ra->cap) & BIT(RA_OP_HASH - 1))) {
		ra_note(ra, "hash: the device has no HASH engine (CAP %#x)\n", ra->cap);
		return -EOPNOTSUPP;
	}
	return 0;
}

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

/* The index of page @addr in the chunk of @n pages at @va, at most @n. */
static u32 ra_hash_index(unsigned long va, u32 n, unsigned long addr)
{
	if (addr - va < ((unsigned long)n << PAGE_SHIFT))
		return (addr - va) >> PAGE_SHIFT;
	return n;
}

/* get_user_pages_remote() failed at @addr with @got: the errno for the ioctl. */
static int ra_hash_gup_error(struct ra_dev *ra, unsigned long addr, long got)
{
	if (got == 0)
		got = -EFAULT;
	if (got != -EINTR && got != -ERESTARTSYS)
		ra_note(ra, "hash: get_user_pages_remote at %#lx: %ld\n", addr, got);
	return got == -ERESTARTSYS ? -EINTR : got;
}

/*
 * Pages [*@i, @stop) of the chunk at @va lie in @vma: reference those present (@ra->hpages)
 * and set their states in @out; *@i advances past them. Returns 0 or a negative errno.
 */
static int ra_hash_vma_pages(struct ra_dev *ra, struct ra_hash_result *out,
			     struct mm_struct *mm, struct vm_area_struct *vma, unsigned long va,
			     u32 *i, u32 stop)
{
	bool hashable = (vma->vm_flags & VM_READ) && !(vma->vm_flags & (VM_IO | VM_PFNMAP)) &&
			!is_vm_hugetlb_page(vma);

	while (*i < stop) {
		unsigned long addr = va + ((unsigned long)*i << PAGE_SHIFT);
		long got;

		if (!hashable) {
			out[(*i)++].state = RA_HASH_UNMAPPED;
			continue;
		}
		got = get_user_pages_remote(mm, addr, stop - *i, FOLL_NOFAULT, ra->hpages + *i,
					    NULL, NULL);
		if (got > 0) {
			for (; got > 0; got--)
				out[(*i)++].state = RA_HASH_HASHED;
		} else if (got == -EFAULT) {
			/* Not present (none, swapped, migrating): would need a fault. */
			out[(*i)++].state = RA_HASH_ABSENT;
		} else if (got == -EEXIST) {
			/* A page table entry without a struct page. */
			out[(*i)++].state = RA_HASH_UNMAPPED;
		} else {
			return ra_hash_gup_error(ra, addr, got);
		}
	}
	return 0;
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
	int err;

	while (i < n) {
		unsigned long a = va + ((unsigned long)i << PAGE_SHIFT);
		struct vm_area_struct *vma = find_vma(mm, a);

		if (!vma || vma->vm_start > a) {
			/* A hole: up to the next VMA. */
			stop = vma ? ra_hash_index(va, n, vma->vm_start) : n;
			for (; i < stop; i++)
				out[i].state = RA_HASH_UNMAPPED;
			continue;
		}
		stop = ra_hash_index(va, n, vma->vm_end);
		err = ra_hash_vma_pages(ra, out, mm, vma, va, &i, stop);
		if (err)
			return err;
	}
	return 0;
}

/**
 * ra_hash_map_pages() - DMA-map the referenced pages of the chunk into the device's page list.
 * @ra: device (@ra->lock held).
 * @out: the chunk's results: a page outside the DMA windows is marked RA_HASH_FAULT (bus).
 * @va: the chunk's first page.
 * @n: its pages.
 * @nlist: out: the entries of the page list (and of @ra->hdma), also on error.
 *
 * Return: 0, or -ENOMEM when a page cannot be mapped.
 */
static int ra_hash_map_pages(struct ra_dev *ra, struct ra_hash_result *out, unsigned long va,
			     u32 n, u32 *nlist)
{
	struct device *dev = &ra->pdev->dev;
	u32 i;

	for (i = 0; i < n; i++) {
		unsigned long addr = va + ((unsigned long)i << PAGE_SHIFT);
		dma_addr_t d;

		if (!ra->hpages[i])
			continue;
		d = dma_map_page(dev, ra->hpages[i], 0, PAGE_SIZE, DMA_TO_DEVICE);
		if (dma_mapping_error(dev, d)) {
			ra_note(ra, "hash: cannot DMA-map the page at %#lx\n", addr);
			return -ENOMEM;
		}
		if (!ra_in_windows(ra, d, PAGE_SIZE)) {
			/* Not reachable by the device (e.g. memory added after probe). */
			dma_unmap_page(dev, d, PAGE_SIZE, DMA_TO_DEVICE);
			ra_note(ra, "hash: page at %#lx outside the DMA windows\n", addr);
			out[i].state = RA_HASH_FAULT;
			out[i].fault = RA_FAULT_KIND_BUS;
			continue;
		}
		ra->hdma[*nlist] = d;
		ra->vas[(*nlist)++] = cpu_to_le64(d);
	}
	return 0;
}

/* One HASH command over the first @nlist entries of the device's page list. */
static int ra_hash_submit(struct ra_dev *ra, u32 nlist)
{
	struct ra_cpl cpl;
	u64 cmd[8] = { 0 };
	int err;

	ra_desc_set_opcode(cmd, RA_OP_HASH);
	ra_desc_set_arg0(cmd, ra->vas_dma);
	ra_desc_set_arg1(cmd, ra->wres_dma);
	ra_desc_set_arg2(cmd, nlist);
	err = ra_submit(ra, cmd, &cpl);
	if (!err && cpl.status != RA_ST_OK)
		err = -EIO;
	if (!err && cpl.count[1])
		ra_note(ra, "hash: the device faulted on %u pages (first: kind %u)\n",
			cpl.count[1], cpl.fault_kind);
	return err;
}

/* With the device mutex held: the device's results, in list order, into the chunk's @out. */
static void ra_hash_decode(struct ra_dev *ra, struct ra_hash_result *out, u32 n)
{
	u32 i, k = 0;

	for (i = 0; i < n; i++) {
		struct ra_hash_result *r = &out[i];
		u64 w;

		if (r->state != RA_HASH_HASHED || !ra->hpages[i])
			continue;
		w = le64_to_cpu(ra->wres[k++]);
		if (ra_page_res_fault(&w)) {
			r->state = RA_HASH_FAULT;
			r->fault = ra_page_res_fault(&w);
		} else {
			r->checksum = ra_page_res_hash(&w);
			r->zero = ra_page_res_flag(&w);
		}
	}
}

/* Add the chunk's @n results to the ioctl's sums and the driver's statistics. */
static void ra_hash_account(struct ra_hash_ctx *h, u32 n)
{
	u32 i, hashed = 0, absent = 0;

	for (i = 0; i < n; i++) {
		switch (h->hout[i].state) {
		case RA_HASH_HASHED:
			hashed++;
			h->zero += h->hout[i].zero;
			break;
		case RA_HASH_ABSENT:
			absent++;
			break;
		case RA_HASH_UNMAPPED:
			h->unmapped++;
			break;
		default:
			h->faults++;
			break;
		}
	}
	h->hashed += hashed;
	h->absent += absent;
	ra_stat_add(h->ra, RA_STAT_HASHED_PAGES, hashed);
	ra_stat_add(h->ra, RA_STAT_ABSENT_PAGES, absent);
}

/* Hash the pages [@done, @done + @n) of the range and copy their results out. */
static int ra_hash_chunk(struct ra_hash_ctx *h, u32 done, u32 n)
{
	unsigned long va = h->a.start + ((unsigned long)done << PAGE_SHIFT);
	struct ra_dev *ra = h->ra;
	u32 nlist = 0;
	int err;

	if (fatal_signal_pending(current))
		return -EINTR;
	memset(h->hout, 0, n * sizeof(*h->hout));
	err = ra_cmd_lock(ra, h->mm, "hash");
	if (err)
		return err;
	err = ra_hash_get_pages(ra, h->hout, h->mm, va, n);
	if (!err)
		err = ra_hash_map_pages(ra, h->hout, va, n, &nlist);
	if (!err && nlist)
		err = ra_hash_submit(ra, nlist);
	if (!err)
		ra_hash_decode(ra, h->hout, n);
	/* A device that failed its reset was cut off from memory (ra_mark_dead()). */
	ra_hash_release(ra, n, nlist);
	ra_cmd_unlock(ra, h->mm);
	if (err)
		return err;
	ra_hash_account(h, n);
	if (copy_to_user(u64_to_user_ptr(h->a.results) + (u64)done * sizeof(*h->hout), h->hout,
			 n * sizeof(*h->hout))) {
		ra_note(ra, "hash: cannot write results to user memory\n");
		return -EFAULT;
	}
	return 0;
}

/* Return the sums to the caller in its struct ra_hash. */
static int ra_hash_finish(struct ra_hash_ctx *h, struct ra_hash __user *uarg)
{
	h->a.hashed = h->hashed;
	h->a.zero = h->zero;
	h->a.absent = h->absent;
	h->a.unmapped = h->unmapped;
	h->a.faults = h->faults;
	if (copy_to_user(uarg, &h->a, sizeof(h->a)))
		return -EFAULT;
	return 0;
}

/**
 * ra_ioctl_hash() - RA_IOC_HASH.
 * @rf: the caller's open file.
 * @uarg: its struct ra_hash.
 *
 * Return: 0, or a negative errno.
 */
long ra_ioctl_hash(struct ra_file *rf, struct ra_hash __user *uarg)
{
	struct ra_hash_ctx h = { .ra = rf->ra };
	u32 done, n;
	long err;

	if (copy_from_user(&h.a, uarg, sizeof(h.a)))
		return -EFAULT;
	err = ra_hash_check_args(h.ra, &h.a);
	if (err)
		return err;
	/* Checksums reveal content: /proc/PID/mem's rule (ptrace attach), not pagemap's. */
	h.mm = ra_target_mm(h.ra, h.a.pid, h.a.flags & RA_HASH_F_PROCFD, true);
	if (IS_ERR(h.mm))
		return PTR_ERR(h.mm);
	if (h.a.start >= h.mm->task_size ||
	    h.a.pages > (h.mm->task_size - h.a.start) >> PAGE_SHIFT) {
		ra_note(h.ra, "hash: range %#llx + %u pages beyond the process's address space\n",
			h.a.start, h.a.pages);
		err = -EINVAL;
		goto out;
	}
	h.hout = kvmalloc_array(RA_HASH_CHUNK, sizeof(*h.hout), GFP_KERNEL);
	if (!h.hout) {
		err = -ENOMEM;
		goto out;
	}
	for (done = 0; !err && done < h.a.pages; done += n) {
		n = min(h.a.pages - done, RA_HASH_CHUNK);
		err = ra_hash_chunk(&h, done, n);
	}
	kvfree(h.hout);
	if (!err)
		err = ra_hash_finish(&h, uarg);
out:
	mmput(h.mm);
	return err;
}
