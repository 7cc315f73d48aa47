// SPDX-License-Identifier: MIT
/*
 * Aging: harvesting the page tables' young bits into each range's young bitmap, where reclaim
 * consumes them through the rmap (page_referenced). With the device, one SCAN command with
 * CLEAR_AF per range (or per chunk of a range); without it, the CPU walks the tables and
 * clears AF itself. Either way the cleared entries' TLB entries are invalidated afterwards,
 * or the CPU would keep using the cached translation and never set AF again.
 *
 * The device driver part is the minimum the firmware needs: DMA windows, the two rings,
 * one command in flight, interrupt wait (docs/device.md).
 */
#include "internal.h"
#include "ra_ring.h"

#define SQ_LOG2 6
#define CQ_LOG2 7
#define REC_CAP 4
#define MAX_TLBI_OPS 512	/* beyond this many pages, invalidate the whole ASID */
#define DEV_TIMEOUT 100000000ull

static struct {
	bool present;
	u64 dma_base, dma_size;
	u64 rec, bitmap;
	u64 bitmap_pages;	/* pages one bitmap SCAN can report */
	u64 run_cap;		/* runs one SCAN can report (the run list shares the bitmap area) */
	struct ra_ring ring;	/* the ring client (include/ra_ring.h) */
	struct ra_cpl cpl;	/* the last command's completion */
	u32 tag;
	bool failed;		/* the device misbehaved: software aging from then on */
	u64 busy_until;		/* clock when the last overlapped command finishes */
} dev;

u64 fw_dev_overlap_cycles;

static void *dma_ptr(u64 pa)
{
	return (u8 *)plat_phys_page(pa >> PAGE_SHIFT) + (pa & (PAGE_SIZE - 1));
}

/* The ring client's access to the device: MMIO, and DMA memory the CPU sees directly. */
static int io_wr32(void *ctx, u32 off, u32 v)
{
	(void)ctx;
	plat_mmio_write32(off, v);
	return 0;
}

static int io_rd32(void *ctx, u32 off, u32 *v)
{
	(void)ctx;
	*v = plat_mmio_read32(off);
	return 0;
}

/* DMA words are 8-byte aligned, so none crosses a page */
static int io_mem_wr(void *ctx, u64 pa, const u64 *w, unsigned n)
{
	(void)ctx;
	for (unsigned i = 0; i < n; i++)
		*(u64 *)dma_ptr(pa + 8ull * i) = w[i];
	return 0;
}

static int io_mem_rd(void *ctx, u64 pa, u64 *w, unsigned n)
{
	(void)ctx;
	for (unsigned i = 0; i < n; i++)
		w[i] = *(const u64 *)dma_ptr(pa + 8ull * i);
	return 0;
}

static const struct ra_ring_io dev_io = {
	.wr32 = io_wr32, .rd32 = io_rd32, .mem_wr = io_mem_wr, .mem_rd = io_mem_rd,
};

/**
 * accel_init() - find and program the device when aging is to use it
 *
 * Window 0 is the DMA region (rings, bitmaps), window 1 all managed memory (page tables).
 * Return: 0, or -EINVAL if the device is missing or does not identify itself.
 */
int accel_init(void)
{
	memset(&dev, 0, sizeof(dev));
	fw_dev_overlap_cycles = 0;
	if (fw_cfg.accel == FW_ACCEL_OFF)
		return 0;
	plat_dma_region(&dev.dma_base, &dev.dma_size);
	if (dev.dma_size < 64 * 1024 || (dev.dma_base & (PAGE_SIZE - 1)) ||
	    plat_mmio_read32(RA_REG_ID) != RA_ID_VALUE) {
		fw_printk("accel: no device (DMA region %llu bytes)",
			  (unsigned long long)dev.dma_size);
		return -EINVAL;
	}
	dev.ring = (struct ra_ring){ .io = &dev_io, .sq = dev.dma_base,
				     .cq = dev.dma_base + PAGE_SIZE, .sq_log2 = SQ_LOG2,
				     .cq_log2 = CQ_LOG2 };
	dev.rec = dev.ring.cq + PAGE_SIZE;
	dev.bitmap = dev.rec + PAGE_SIZE;
	dev.bitmap_pages = (dev.dma_size - 3 * PAGE_SIZE) / 8 * 64;
	dev.run_cap = (dev.dma_size - 3 * PAGE_SIZE) / RA_SCAN_RUN_BYTES;
	plat_mmio_write32(RA_REG_CTRL, RA_CTRL_SOFT_RESET_MASK);
	ra_ring_set_window(&dev_io, 0, dev.dma_base, dev.dma_base + dev.dma_size);
	ra_ring_set_window(&dev_io, 1, 0, fw_cfg.mem_bytes);
	ra_ring_set_window(&dev_io, 2, 0, 0);
	ra_ring_set_window(&dev_io, 3, 0, 0);
	plat_mmio_write32(RA_REG_INT_MASK, RA_INT_STATUS_CNT_OVF_MASK);
	ra_ring_start(&dev.ring);
	dev.tag = 1;
	dev.present = true;
	return 0;
}

/*
 * The device runs one command at a time. A command submitted while an overlapped one is
 * still running (in simulated time) starts when that one finishes: a synchronous caller
 * waits for it (charged to @wait), an overlapped one queues behind it.
 */
static void wait_overlapped(enum fw_time wait)
{
	u64 now = plat_clock();

	if (dev.busy_until > now)
		fw_account(wait, dev.busy_until - now);
}

/*
 * Submit one command: @args are the descriptor's arg0..arg4 (arg5 is @arg5), wait for its
 * completion, account the CPU's part to @cpu and the wait to @wait. With @overlap the
 * device works while the CPU goes on (periodic aging): the clock does not wait for it, and
 * its cycles go to fw_dev_overlap_cycles. Returns the completion (valid until the next
 * command), or NULL after logging why.
 */
static const struct ra_cpl *dev_submit(u8 op, u8 flags, u64 ttbr, const u64 args[5], u32 arg5,
				       enum fw_time cpu, enum fw_time wait, u64 cpu_cycles,
				       bool overlap)
{
	struct ra_command cmd = { .op = op, .flags = flags, .tag = dev.tag, .ttbr = ttbr,
				  .arg5 = arg5 };
	struct ra_cpl *c = &dev.cpl;
	u64 t0, dcyc = 0;
	u32 st, pending = 0;
	int err;

	if (!overlap)
		wait_overlapped(wait);
	for (int i = 0; i < 5; i++)
		cmd.arg[i] = args[i];
	ra_ring_submit(&dev.ring, &cmd);
	fw_account(cpu, cpu_cycles);
	t0 = plat_clock();
	err = overlap ? plat_wait_irq_overlapped(DEV_TIMEOUT, &dcyc) : plat_wait_irq(DEV_TIMEOUT);
	if (err) {
		fw_printk("accel: command %u timed out", op);
		return NULL;
	}
	if (overlap) {
		dev.busy_until = (dev.busy_until > t0 ? dev.busy_until : t0) + dcyc;
		fw_dev_overlap_cycles += dcyc;
	} else {
		fw_time[wait] += plat_clock() - t0;
	}
	st = plat_mmio_read32(RA_REG_INT_STATUS);
	plat_mmio_write32(RA_REG_INT_STATUS, st);
	ra_ring_pending(&dev.ring, &pending);
	if (st & RA_INT_STATUS_RING_FAULT_MASK || !pending) {
		fw_printk("accel: ring fault (INT_STATUS 0x%x)", st);
		return NULL;
	}
	ra_ring_take(&dev.ring, c);
	if (c->tag != dev.tag || c->status != RA_ST_OK) {
		fw_printk("accel: command %u tag %u completed with status %u fault %u", op,
			  (unsigned)c->tag, c->status, c->fault_kind);
		return NULL;
	}
	dev.tag++;
	return c;
}

/* Set bits [p0, p1) of @bm. */
static void bits_set(u64 *bm, u64 p0, u64 p1)
{
	for (u64 p = p0; p < p1;) {
		u64 lo = p % 64, n = p1 - p < 64 - lo ? p1 - p : 64 - lo;

		bm[p / 64] |= (n == 64 ? ~0ull : ((1ull << n) - 1)) << lo;
		p += n;
	}
}

/*
 * SCAN with CLEAR_AF of [start, end) under @ttbr: the young pages go into @newbits (bit 0 =
 * @start). With @runs the device writes runs of young pages and the scan continues from each
 * resume VA: the CPU reads two words per run, so its cost grows with the young runs, not with
 * the range. Without, it writes the bitmap: one word per 64 pages of the range. Return: 0, or
 * -EIO after logging why (the caller falls back to software).
 */
static int dev_scan(u64 ttbr, u64 start, u64 end, bool overlap, bool runs, u64 *newbits)
{
	u64 va = start;

	if (!runs) {
		const u64 args[5] = { start, end, dev.bitmap, 0, dev.rec };
		const struct ra_cpl *c = dev_submit(RA_OP_SCAN, RA_SCAN_CLEAR_AF, ttbr, args,
						    REC_CAP, T_AGING_CPU, T_AGING_DEV,
						    fw_cfg.costs.dev_cmd, overlap);
		u64 words = ((end - start) >> PAGE_SHIFT) / 64 + !!(((end - start) >> PAGE_SHIFT) % 64);

		if (!c)
			return -EIO;
		if (c->count[1])
			fw_printk("accel: SCAN reported %u records (blocks or faults)",
				  (unsigned)c->count[1]);
		count_vm_event(VM_aging_commands);
		for (u64 w = 0; w < words; w++)
			newbits[w] = *(const u64 *)dma_ptr(dev.bitmap + 8 * w);
		count_vm_events(VM_aging_cpu_bitmap_reads, words);
		fw_account(T_AGING_CPU, words * fw_cfg.costs.dev_word);
		return 0;
	}
	for (;;) {
		const u64 args[5] = { va, end, dev.bitmap, dev.run_cap, dev.rec };
		const struct ra_cpl *c = dev_submit(RA_OP_SCAN, RA_SCAN_CLEAR_AF | RA_SCAN_RUNS,
						    ttbr, args, REC_CAP, T_AGING_CPU, T_AGING_DEV,
						    fw_cfg.costs.dev_cmd, overlap);
		u32 nrun;

		if (!c)
			return -EIO;
		if (c->count[1])
			fw_printk("accel: SCAN reported %u fault records", (unsigned)c->count[1]);
		count_vm_event(VM_aging_commands);
		nrun = c->count[3];
		for (u32 k = 0; k < nrun; k++) {
			u64 w[RA_SCAN_RUN_WORDS], p0;

			io_mem_rd(NULL, dev.bitmap + (u64)RA_SCAN_RUN_BYTES * k, w, RA_SCAN_RUN_WORDS);
			p0 = (ra_scan_run_va(w) - start) >> PAGE_SHIFT;
			if (ra_scan_run_young(w))	/* always, without REPORT_DIRTY */
				bits_set(newbits, p0, p0 + ra_scan_run_pages(w));
		}
		count_vm_events(VM_aging_cpu_run_reads, 2ull * nrun);
		fw_account(T_AGING_CPU, 2ull * nrun * fw_cfg.costs.dev_word);
		if (!(c->flags & RA_CPL_RESUME))
			return 0;
		va = c->fault_va;
	}
}

bool fw_accel_failed(void)
{
	return dev.failed;
}

/* ---- page engines: HASH, CMP, COPY, with the CPU doing the same when there is no device ---- */

#define PAGE_BATCH 256	/* entries per command: list and results fit the DMA region */

/* One page command over @n entries of @esz bytes from @list; results into @res. */
static int dev_page_cmd(u8 op, const u64 *list, unsigned n, unsigned esz, u64 *res)
{
	u64 lpa = dev.bitmap, rpa = dev.bitmap + PAGE_BATCH * 16;
	const u64 args[5] = { lpa, rpa, n, 0, 0 };
	u64 *l = dma_ptr(lpa), *r = dma_ptr(rpa);
	const struct ra_cpl *c;

	for (unsigned i = 0; i < n * esz / 8; i++)
		l[i] = list[i];
	c = dev_submit(op, 0, 0, args, 0, T_PAGES_CPU, T_PAGES_DEV,
		       fw_cfg.costs.dev_cmd + n * fw_cfg.costs.dev_word, false);
	if (!c)
		return -EIO;
	if (c->count[1]) {
		fw_printk("accel: page command %u: %u faulted entries", op, (unsigned)c->count[1]);
		return -EIO;
	}
	for (unsigned i = 0; i < n; i++)
		res[i] = r[i];
	count_vm_event(VM_page_commands);
	return 0;
}

static bool use_device(void)
{
	return dev.present && !dev.failed;
}

static void device_failed(void)
{
	dev.failed = true;
	fw_printk("accel: device failed, page work falls back to the CPU");
}

/**
 * pages_checksum() - KSM checksums (XXH64 seed 0, low 32 bits) of @n pages, by the device's
 * HASH or by the CPU. @zero (optional) gets whether each page is all zero.
 */
void pages_checksum(struct page *const *pages, unsigned n, u32 *sum, bool *zero)
{
	u64 list[PAGE_BATCH], res[PAGE_BATCH];

	for (unsigned base = 0; base < n; base += PAGE_BATCH) {
		unsigned k = n - base < PAGE_BATCH ? n - base : PAGE_BATCH;

		if (use_device()) {
			for (unsigned i = 0; i < k; i++)
				list[i] = page_to_pfn(pages[base + i]) << PAGE_SHIFT;
			if (!dev_page_cmd(RA_OP_HASH, list, k, 8, res)) {
				for (unsigned i = 0; i < k; i++) {
					sum[base + i] = (u32)ra_page_res_hash(&res[i]);
					if (zero)
						zero[base + i] = ra_page_res_flag(&res[i]);
				}
				continue;
			}
			device_failed();
		}
		for (unsigned i = 0; i < k; i++) {
			const u8 *p = page_address(pages[base + i]);

			sum[base + i] = (u32)fw_xxh64(p, PAGE_SIZE, 0);
			if (zero) {
				bool z = true;

				for (unsigned j = 0; j < PAGE_SIZE && z; j++)
					z = !p[j];
				zero[base + i] = z;
			}
			fw_account(T_PAGES_CPU, fw_cfg.costs.cpu_hash);
		}
	}
	count_vm_events(VM_pages_hashed, n);
}

/**
 * pages_compare() - order two pages by content: 0 if equal, else the sign of the first
 * differing byte (a - b). The device's CMP finds the offset; the CPU reads the two bytes.
 */
int pages_compare(struct page *a, struct page *b)
{
	const u8 *pa = page_address(a), *pb = page_address(b);
	u64 pair[2], res;
	unsigned off;

	count_vm_event(VM_pages_compared);
	if (use_device()) {
		pair[0] = page_to_pfn(a) << PAGE_SHIFT;
		pair[1] = page_to_pfn(b) << PAGE_SHIFT;
		if (!dev_page_cmd(RA_OP_CMP, pair, 1, 16, &res)) {
			if (ra_page_res_flag(&res))	/* EQUAL */
				return 0;
			off = (unsigned)ra_page_res_offset(&res);
			return pa[off] < pb[off] ? -1 : 1;
		}
		device_failed();
	}
	fw_account(T_PAGES_CPU, fw_cfg.costs.cpu_cmp);
	for (off = 0; off < PAGE_SIZE; off++)
		if (pa[off] != pb[off])
			return pa[off] < pb[off] ? -1 : 1;
	return 0;
}

/** pages_copy() - copy @n pages, @pairs[2i] to @pairs[2i+1], by the device's COPY or the CPU. */
void pages_copy(struct page *const *pairs, unsigned n)
{
	u64 list[2 * PAGE_BATCH], res[PAGE_BATCH];

	for (unsigned base = 0; base < n; base += PAGE_BATCH) {
		unsigned k = n - base < PAGE_BATCH ? n - base : PAGE_BATCH;

		if (use_device()) {
			for (unsigned i = 0; i < 2 * k; i++)
				list[i] = page_to_pfn(pairs[2 * base + i]) << PAGE_SHIFT;
			if (!dev_page_cmd(RA_OP_COPY, list, k, 16, res))
				continue;
			device_failed();
		}
		for (unsigned i = 0; i < k; i++) {
			memcpy(page_address(pairs[2 * (base + i) + 1]), page_address(pairs[2 * (base + i)]),
			       PAGE_SIZE);
			fw_account(T_PAGES_CPU, fw_cfg.costs.cpu_copy);
		}
	}
	count_vm_events(VM_pages_copied, n);
}

/* ---- harvest ------------------------------------------------------------------------------- */

struct harvest {
	struct mm_struct *mm;
	bool flushed_mm;	/* the whole ASID was invalidated in this pass */
	bool overlap;		/* a periodic pass: the device works while the CPU goes on */
	bool keep_tlb;		/* HARVEST_KEEP_TLB: no invalidations */
};

/*
 * Invalidate the translations of the pages whose AF was just cleared (@bits from @base), as
 * ptep_clear_flush_young() does, unless the pass keeps them (HARVEST_KEEP_TLB).
 */
static void flush_young(struct harvest *h, u64 base, const u64 *bits, u64 words, u64 young)
{
	if (h->flushed_mm || !young || h->keep_tlb)
		return;
	if (young > MAX_TLBI_OPS) {
		flush_tlb_mm(h->mm);
		h->flushed_mm = true;
		return;
	}
	for (u64 w = 0; w < words; w++)
		for (u64 b = bits[w]; b; b &= b - 1)
			flush_tlb_page(h->mm, base + ((w * 64 + (u64)__builtin_ctzll(b)) << PAGE_SHIFT));
}

static u64 *table_of(u64 desc)
{
	return plat_phys_page((desc & PTE_ADDR_MASK) >> PAGE_SHIFT);
}

/* The software walk: read every descriptor of the range, clear AF where set. */
static void sw_harvest_range(struct harvest *h, u64 start, u64 end, u64 *newbits)
{
	const struct fw_costs *c = &fw_cfg.costs;
	u64 *l0 = plat_phys_page(h->mm->pgd >> PAGE_SHIFT), reads = 0, lines = 0, atomics = 0;
	u64 va = start;

	while (va < end) {
		u64 d0, d1, d2, *pt, next2m = (va | ((1ull << 21) - 1)) + 1, stop;

		d0 = l0[pt_index(va, 0)];
		d1 = (d0 & PTE_VALID) ? table_of(d0)[pt_index(va, 1)] : 0;
		d2 = (d1 & PTE_VALID) ? table_of(d1)[pt_index(va, 2)] : 0;
		reads += 1 + !!(d0 & PTE_VALID) + !!(d1 & PTE_VALID);
		lines += 1 + !!(d0 & PTE_VALID) + !!(d1 & PTE_VALID);
		stop = next2m < end ? next2m : end;
		if (!(d2 & PTE_VALID)) {
			va = stop;
			continue;
		}
		pt = table_of(d2);
		lines += ((pt_index(stop - 1, 3) / 8) - (pt_index(va, 3) / 8)) + 1;
		for (; va < stop; va += PAGE_SIZE) {
			u64 *pte = &pt[pt_index(va, 3)];
			u64 bit = (va - start) >> PAGE_SHIFT;

			reads++;
			if (pte_present(*pte) && pte_young(*pte)) {
				*pte &= ~PTE_AF;	/* LDCLR: atomic against hardware updates */
				atomics++;
				newbits[bit / 64] |= 1ull << (bit % 64);
			}
		}
	}
	count_vm_events(VM_aging_cpu_desc_reads, reads);
	fw_account(T_AGING_CPU, lines * c->sw_line + reads * c->sw_desc + atomics * c->sw_atomic);
}

/*
 * Harvest chunk [start, end) of @h->mm into @newbits (zeroed, bit 0 = @start), the device
 * reporting runs (@runs) or the bitmap.
 */
static void harvest_chunk(struct harvest *h, u64 start, u64 end, bool runs, u64 *newbits)
{
	u64 words = ((end - start) >> PAGE_SHIFT) / 64 + !!(((end - start) >> PAGE_SHIFT) % 64);

	if (dev.present && !dev.failed) {
		memset(newbits, 0, words * 8);
		if (!dev_scan(h->mm->pgd, start, end, h->overlap, runs, newbits))
			return;
		memset(newbits, 0, words * 8);
		dev.failed = true;
		fw_printk("accel: device failed, aging falls back to the software walk");
	}
	sw_harvest_range(h, start, end, newbits);
}

/* The classic consumer: young bits wait in the range's bitmap for page_referenced(). */
static void young_to_bitmap(struct mm_struct *mm, struct vm_area_struct *v, u64 start,
			    const u64 *bits, u64 words)
{
	u64 first = ((start - v->vm_start) >> PAGE_SHIFT) / 64;

	(void)mm;
	for (u64 w = 0; w < words; w++)
		v->young[first + w] |= bits[w];
}

/*
 * The device's output format for @v: runs cost 2 words per young run, at most 2 per resident
 * page; the bitmap 1 per 64 pages of the range. So runs for ranges resident below 1 page in
 * 128 (--scan-output auto), or as --scan-output says.
 */
static bool scan_runs(const struct vm_area_struct *v)
{
	if (fw_cfg.scan_out != FW_SCAN_AUTO)
		return fw_cfg.scan_out == FW_SCAN_RUNS;
	return 128 * v->nr_present < ((v->vm_end - v->vm_start) >> PAGE_SHIFT);
}

/* Harvest [s, e) of @v (within one chunk): the young bits, the consumer, the invalidations. */
static void harvest_run(struct harvest *h, struct vm_area_struct *v, u64 s, u64 e, u64 *scratch,
			harvest_fn young)
{
	u64 words = (((e - s) >> PAGE_SHIFT) + 63) / 64, nyoung = 0;

	memset(scratch, 0, words * 8);
	harvest_chunk(h, s, e, scan_runs(v), scratch);
	for (u64 w = 0; w < words; w++)
		nyoung += (u64)__builtin_popcountll(scratch[w]);
	count_vm_events(VM_aging_young, nyoung);
	young(h->mm, v, s, scratch, words);
	flush_young(h, s, scratch, words, nyoung);
}

/**
 * harvest_filtered() - one aging pass over every live process's populated ranges
 * @young:   gets each chunk's young bits (bit 0 = @start; AF already cleared); NULL: the
 *           ranges' young bitmaps, for page_referenced()
 * @want:    NULL, or which 2 MiB ranges (one leaf table each) to age: asked once per range a
 *           range of @v overlaps; runs of wanted ranges are harvested as one piece (one SCAN)
 * @flags:   HARVEST_OVERLAP, HARVEST_KEEP_TLB (internal.h)
 *
 * The TLB entries of the cleared PTEs are invalidated, per page or per ASID beyond
 * MAX_TLBI_OPS pages, unless @flags has HARVEST_KEEP_TLB.
 */
void harvest_filtered(harvest_fn young, harvest_want_fn want, unsigned flags)
{
	static u64 scratch[1u << 18];	/* 2^24 pages (64 GiB) of new bits per chunk */
	u64 bm_chunk = 1ull << 18;	/* with the bitmap: the device's DMA region limits it too */
	bool overlap = flags & HARVEST_OVERLAP;

	if (!young)
		young = young_to_bitmap;
	if (dev.present && dev.bitmap_pages < bm_chunk)
		bm_chunk = dev.bitmap_pages & ~63ull;
	if (overlap && dev.present && !dev.failed)
		wait_overlapped(T_AGING_DEV);	/* the last pass's SCANs must be done */
	count_vm_event(VM_aging_passes);
	for (int i = 0; i < MAX_PROCS; i++) {
		struct harvest h = { &mm_table[i], false, overlap, flags & HARVEST_KEEP_TLB };

		if (mm_table[i].state != MM_LIVE)
			continue;
		for (int j = 0; j < h.mm->nr_vmas; j++) {
			struct vm_area_struct *v = &h.mm->vmas[j];
			u64 max_chunk = dev.present && !dev.failed && scan_runs(v) ?
					sizeof(scratch) * 8 : bm_chunk;

			if (!v->nr_present)
				continue;
			for (u64 s = v->vm_start; s < v->vm_end; s += max_chunk << PAGE_SHIFT) {
				u64 e = v->vm_end - s > (max_chunk << PAGE_SHIFT) ?
						s + (max_chunk << PAGE_SHIFT) : v->vm_end;
				u64 run = s;

				if (!want) {
					harvest_run(&h, v, s, e, scratch, young);
					continue;
				}
				/* runs of wanted 2 MiB ranges, each harvested as one piece */
				for (u64 a = s; a < e;) {
					u64 next = ((a >> 21) + 1) << 21;

					if (next > e)
						next = e;
					if (!want(h.mm, v, a & ~((1ull << 21) - 1))) {
						if (run < a)
							harvest_run(&h, v, run, a, scratch, young);
						run = next;
					}
					a = next;
				}
				if (run < e)
					harvest_run(&h, v, run, e, scratch, young);
			}
		}
	}
}

/** harvest() - one aging pass over every populated range (harvest_filtered() without a filter). */
void harvest(harvest_fn young, unsigned flags)
{
	harvest_filtered(young, NULL, flags);
}

/** harvest_young() - reclaim's aging pass: young bits into the ranges' bitmaps. */
void harvest_young(void)
{
	harvest(young_to_bitmap, 0);
}
