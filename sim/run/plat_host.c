// SPDX-License-Identifier: MIT
#define _GNU_SOURCE
#include "plat_host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fw/platform.h"

struct heap_hdr {
	struct heap_hdr *prev, *next;
	uint64_t pad;	/* keeps the payload 16-byte aligned */
};

static struct {
	struct plat_host_cfg cfg;
	struct ra_mem *mem;
	void **pages;	/* pfn -> pointer cache for managed memory */
	uint64_t npages;
	int fd[NR_BLKDEV];
	uint64_t blocks[NR_BLKDEV];
	uint64_t clock;
	uint64_t rng;
	bool inject;
	struct heap_hdr heap;	/* every live plat_kmalloc block */
} H;

struct plat_host_stats plat_host_stats;

static int make_file(uint64_t bytes)
{
	FILE *f;
	int fd;

	if (!bytes)
		return -1;
	f = tmpfile();
	if (!f)
		return -1;
	fd = dup(fileno(f));
	fclose(f);
	if (fd < 0 || ftruncate(fd, (off_t)bytes)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

int plat_host_init(struct ra_mem *mem, const struct plat_host_cfg *cfg)
{
	memset(&H, 0, sizeof(H));
	memset(&plat_host_stats, 0, sizeof(plat_host_stats));
	H.cfg = *cfg;
	H.mem = mem;
	H.heap.prev = H.heap.next = &H.heap;
	H.npages = cfg->mem_bytes >> 12;
	H.rng = cfg->inject.seed * 0x9e3779b97f4a7c15ull + 1;
	H.inject = true;
	H.fd[BLK_SWAP] = H.fd[BLK_DISK] = -1;
	if (ra_mem_add_region(mem, 0, cfg->mem_bytes) ||
	    ra_mem_add_region(mem, PLAT_DMA_BASE, PLAT_DMA_SIZE))
		return -1;
	H.pages = calloc(H.npages, sizeof(*H.pages));
	if (!H.pages)
		return -1;
	if (cfg->swap_bytes) {
		H.fd[BLK_SWAP] = make_file(cfg->swap_bytes);
		H.blocks[BLK_SWAP] = cfg->swap_bytes >> 12;
	}
	if (cfg->disk_bytes) {
		H.fd[BLK_DISK] = make_file(cfg->disk_bytes);
		H.blocks[BLK_DISK] = cfg->disk_bytes >> 12;
	}
	if ((cfg->swap_bytes && H.fd[BLK_SWAP] < 0) || (cfg->disk_bytes && H.fd[BLK_DISK] < 0)) {
		perror("ra-sim: temporary file for the swap or disk device");
		return -1;
	}
	return 0;
}

void plat_host_fini(void)
{
	while (H.heap.next != &H.heap) {
		struct heap_hdr *h = H.heap.next;

		H.heap.next = h->next;
		free(h);
	}
	H.heap.prev = &H.heap;
	for (int i = 0; i < NR_BLKDEV; i++)
		if (H.fd[i] >= 0)
			close(H.fd[i]);
	free(H.pages);
	H.pages = NULL;
}

void plat_host_inject_enable(bool on)
{
	H.inject = on;
}

void *plat_phys_page(u64 pfn)
{
	void *p;

	if (pfn < H.npages && H.pages[pfn])
		return H.pages[pfn];
	p = ra_mem_page(H.mem, pfn);
	if (!p) {
		fprintf(stderr, "ra-sim: firmware touched pfn 0x%llx outside memory\n",
			(unsigned long long)pfn);
		abort();
	}
	if (pfn < H.npages)
		H.pages[pfn] = p;
	return p;
}

u32 plat_mmio_read32(u32 off)
{
	return H.cfg.dev ? H.cfg.dev->rd(H.cfg.dev, off) : 0;
}

void plat_mmio_write32(u32 off, u32 val)
{
	if (H.cfg.dev)
		H.cfg.dev->wr(H.cfg.dev, off, val);
}

/* Let the device run until it interrupts (or @max_cycles pass); @took: its cycles. */
static int dev_run(u64 max_cycles, u64 *took)
{
	struct ra_dev *d = H.cfg.dev;
	uint64_t c0;
	int r;

	*took = 0;
	if (!d)
		return -ETIMEDOUT;
	c0 = d->cycles(d);
	r = d->run(d, max_cycles);
	*took = d->cycles(d) - c0;
	plat_host_stats.dev_cycles += *took;
	plat_host_stats.irq_waits++;
	return r ? -ETIMEDOUT : 0;
}

int plat_wait_irq(u64 max_cycles)
{
	u64 took;
	int r = dev_run(max_cycles, &took);

	H.clock += took;
	return r;
}

int plat_wait_irq_overlapped(u64 max_cycles, u64 *dev_cycles)
{
	return dev_run(max_cycles, dev_cycles);
}

void plat_dma_region(u64 *base, u64 *size)
{
	*base = PLAT_DMA_BASE;
	*size = H.cfg.dev ? PLAT_DMA_SIZE : 0;
}

u64 plat_clock(void)
{
	return H.clock;
}

void plat_advance(u64 cycles)
{
	H.clock += cycles;
}

void plat_log(const char *line)
{
	plat_host_stats.log_lines++;
	if (H.cfg.verbose > 0 || strncmp(line, "boot:", 5))
		fprintf(stderr, "fw: %s\n", line);
}

void plat_panic(const char *line)
{
	fprintf(stderr, "ra-sim: firmware panic: %s\n", line);
	exit(3);
}

u64 plat_blk_blocks(enum plat_blkdev dev)
{
	return dev < NR_BLKDEV ? H.blocks[dev] : 0;
}

static bool inject(double p, int kind)
{
	uint64_t x;

	if (!H.inject || p <= 0)
		return false;
	x = H.rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	H.rng = x;
	if ((double)((x * 0x2545f4914f6cdd1dull) >> 11) / (double)(1ull << 53) >= p)
		return false;
	plat_host_stats.injected[kind]++;
	return true;
}

int plat_blk_read(enum plat_blkdev dev, u64 blk, void *buf)
{
	if (dev >= NR_BLKDEV || blk >= H.blocks[dev])
		return -EIO;
	if (inject(dev == BLK_SWAP ? H.cfg.inject.swap_read : H.cfg.inject.disk_read,
		   dev == BLK_SWAP ? 0 : 2))
		return -EIO;
	if (H.inject)
		plat_host_stats.blk_reads[dev]++;
	return pread(H.fd[dev], buf, 4096, (off_t)(blk << 12)) == 4096 ? 0 : -EIO;
}

int plat_blk_write(enum plat_blkdev dev, u64 blk, const void *buf)
{
	if (dev >= NR_BLKDEV || blk >= H.blocks[dev])
		return -EIO;
	if (inject(dev == BLK_SWAP ? H.cfg.inject.swap_write : H.cfg.inject.disk_write,
		   dev == BLK_SWAP ? 1 : 3))
		return -EIO;
	plat_host_stats.blk_writes[dev]++;
	return pwrite(H.fd[dev], buf, 4096, (off_t)(blk << 12)) == 4096 ? 0 : -EIO;
}

int plat_host_disk_write(uint64_t blk, const void *buf)
{
	if (blk >= H.blocks[BLK_DISK])
		return -1;
	return pwrite(H.fd[BLK_DISK], buf, 4096, (off_t)(blk << 12)) == 4096 ? 0 : -1;
}

void *plat_kmalloc(size_t size)
{
	struct heap_hdr *h = calloc(1, sizeof(*h) + size);

	if (!h)
		return NULL;
	h->next = H.heap.next;
	h->prev = &H.heap;
	H.heap.next->prev = h;
	H.heap.next = h;
	return h + 1;
}

void plat_kfree(void *p)
{
	struct heap_hdr *h;

	if (!p)
		return;
	h = (struct heap_hdr *)p - 1;
	h->prev->next = h->next;
	h->next->prev = h->prev;
	free(h);
}
