// SPDX-License-Identifier: MIT
/*
 * Files and the page cache (Linux's mm/filemap.c): pages read from BLK_DISK on demand,
 * shadow entries left by eviction, writeback of dirty pages, and read(2).
 */
#include "internal.h"

struct file file_table[MAX_FILES];
int nr_files;

/**
 * fw_file_create() - a file of @nr_pages pages stored from block @disk_block of BLK_DISK
 * @exec: program text (mapped executable, never written)
 *
 * Return: the file id, or -EINVAL (outside the disk), -ENOSPC (too many files), -ENOMEM.
 */
int fw_file_create(u64 nr_pages, u64 disk_block, bool exec)
{
	struct file *f;

	if (!nr_pages || disk_block + nr_pages > plat_blk_blocks(BLK_DISK) ||
	    disk_block + nr_pages < disk_block)
		return -EINVAL;
	if (nr_files == MAX_FILES)
		return -ENOSPC;
	f = &file_table[nr_files];
	memset(f, 0, sizeof(*f));
	f->cache = plat_kmalloc(nr_pages * sizeof(u32));
	if (!f->cache)
		return -ENOMEM;
	f->id = (u32)nr_files;
	f->nr_blocks = nr_pages;
	f->disk_block = disk_block;
	f->exec = exec;
	return nr_files++;
}

/**
 * filemap_get_page() - the page-cache page of @f at @index, read from disk if absent
 * @major: set when the page had to be read
 * @err:   set to -ENOMEM or -EIO when NULL is returned
 */
struct page *filemap_get_page(struct file *f, u64 index, u32 gfp, bool *major, int *err)
{
	struct page *p = xa_page(f->cache[index]);
	u32 shadow;

	*major = false;
	if (p)
		return p;
	p = alloc_page(gfp);
	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	p->mapping = f;
	p->index = index;
	fw_account(T_IO, fw_cfg.costs.io_read);
	if (plat_blk_read(BLK_DISK, f->disk_block + index, page_address(p))) {
		count_vm_event(VM_file_read_error);
		p->mapping = NULL;
		free_page_(p);
		*err = -EIO;
		return NULL;
	}
	count_vm_event(VM_pgpgin);
	shadow = xa_is_shadow(f->cache[index]) ? f->cache[index] : 0;
	f->cache[index] = xa_mk_page(p);
	f->nrpages++;
	if (shadow)
		workingset_refault(p, shadow);
	lru_cache_add(p);
	*major = true;
	return p;
}

/** filemap_remove_page() - evict @p from its file's cache, leaving @shadow (or 0). */
void filemap_remove_page(struct page *p, u32 shadow)
{
	struct file *f = p->mapping;

	BUG_ON(!f || xa_page(f->cache[p->index]) != p);
	f->cache[p->index] = shadow;
	f->nrpages--;
	p->mapping = NULL;
}

/** filemap_writepage() - write dirty page @p to its block. Return: 0 or -EIO. */
int filemap_writepage(struct page *p)
{
	struct file *f = p->mapping;

	fw_account(T_IO, fw_cfg.costs.io_write);
	if (plat_blk_write(BLK_DISK, f->disk_block + p->index, page_address(p))) {
		f->wb_err++;
		count_vm_event(VM_file_write_error);
		return -EIO;
	}
	count_vm_event(VM_pgpgout);
	count_vm_event(VM_pgwriteback);
	return 0;
}

/**
 * fw_file_read() - read(2) of page @pgoff of @file by process @pid into @buf
 *
 * Return: 0, -EINVAL (bad file or offset), -ENOMEM, or -EIO (the read failed; the caller
 * is told, as read(2) tells it, and nothing is cached).
 */
int fw_file_read(int pid, int file, u64 pgoff, void *buf)
{
	struct file *f;
	struct page *p;
	bool major;
	int err = 0;

	if (!fw_proc_alive(pid) || file < 0 || file >= nr_files)
		return -EINVAL;
	f = &file_table[file];
	if (pgoff >= f->nr_blocks)
		return -EINVAL;
	p = filemap_get_page(f, pgoff, GFP_HIGHUSER_MOVABLE, &major, &err);
	if (!p)
		return err;
	if (!fw_proc_alive(pid))
		return -EIO;
	mark_page_accessed(p);
	memcpy(buf, page_address(p), PAGE_SIZE);
	fw_account(T_USER, (u64)fw_cfg.costs.access * (PAGE_SIZE / 64));
	return 0;
}
