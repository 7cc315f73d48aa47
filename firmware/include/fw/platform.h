/* SPDX-License-Identifier: MIT */
/*
 * The platform layer: everything the firmware core needs from the machine it runs on. The
 * co-simulation implements it over the simulated memory, the device (RTL or C model) and host
 * files (sim/run/plat_host.c); a board port implements it over real hardware.
 */
#ifndef FW_PLATFORM_H
#define FW_PLATFORM_H

#include "types.h"

/**
 * plat_phys_page() - the firmware's mapping of one physical page (a linear map)
 * @pfn: page frame number, inside a memory region the platform declared
 *
 * Return: a pointer to the 4096 bytes of that page, stable for the firmware's lifetime.
 */
void *plat_phys_page(u64 pfn);

/** plat_mmio_read32() - read the device register at byte offset @off of its CSR space. */
u32 plat_mmio_read32(u32 off);
/** plat_mmio_write32() - write the device register at byte offset @off. */
void plat_mmio_write32(u32 off, u32 val);
/**
 * plat_wait_irq() - sleep until the device raises its interrupt (or has nothing left to do)
 * @max_cycles: give up after this many device clock cycles
 *
 * Return: 0, or -ETIMEDOUT. The clock advances by the cycles waited.
 */
int plat_wait_irq(u64 max_cycles);
/**
 * plat_wait_irq_overlapped() - as plat_wait_irq(), for work the device does while the CPU goes
 * on with other things: the clock does not advance
 * @max_cycles: give up after this many device clock cycles
 * @dev_cycles: receives the device cycles the work took
 *
 * Return: 0, or -ETIMEDOUT.
 */
int plat_wait_irq_overlapped(u64 max_cycles, u64 *dev_cycles);
/**
 * plat_dma_region() - the physical region reserved for the device's rings and buffers
 * @base: set to its physical base address (4 KiB aligned)
 * @size: set to its size in bytes (0 when the platform has no device)
 */
void plat_dma_region(u64 *base, u64 *size);

/** plat_clock() - cycles elapsed since boot. */
u64 plat_clock(void);
/** plat_advance() - account @cycles of CPU work to the clock. */
void plat_advance(u64 cycles);

/** plat_log() - emit one line of firmware log text (no trailing newline in @line). */
void plat_log(const char *line);
/** plat_panic() - report an unrecoverable firmware bug; does not return. */
void plat_panic(const char *line) __attribute__((noreturn));

/* Block devices: the swap area and the disk holding the files. */
enum plat_blkdev {
	BLK_SWAP,	/* the swap area, in 4 KiB slots */
	BLK_DISK,	/* the file system's disk, in 4 KiB blocks */
	NR_BLKDEV
};

/** plat_blk_blocks() - size of block device @dev in 4 KiB blocks (0: absent). */
u64 plat_blk_blocks(enum plat_blkdev dev);
/** plat_blk_read() - read 4 KiB block @blk of @dev into @buf. Return: 0 or -EIO. */
int plat_blk_read(enum plat_blkdev dev, u64 blk, void *buf);
/** plat_blk_write() - write 4 KiB block @blk of @dev from @buf. Return: 0 or -EIO. */
int plat_blk_write(enum plat_blkdev dev, u64 blk, const void *buf);

/** plat_kmalloc() - zeroed firmware heap memory (not managed physical memory), or NULL. */
void *plat_kmalloc(size_t size);
/** plat_kfree() - return memory from plat_kmalloc() (NULL is ignored). */
void plat_kfree(void *p);

#endif
