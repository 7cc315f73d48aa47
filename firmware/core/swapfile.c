// SPDX-License-Identifier: MIT
/*
 * The swap area (Linux's mm/swapfile.c and swap_state.c): a slot allocator over the BLK_SWAP
 * device with a reference count per slot (one per swap PTE, plus SWAP_HAS_CACHE while the
 * page is in the swap cache), the swap cache itself, and swap I/O. A slot is freed when its
 * last reference goes.
 */
#include "internal.h"

struct swap_info_struct swap_info;

int swap_init(void)
{
	struct swap_info_struct *si = &swap_info;

	memset(si, 0, sizeof(*si));
	si->max = plat_blk_blocks(BLK_SWAP);
	if (si->max < 2) {
		si->max = 0;
		return 0;
	}
	si->swap_map = plat_kmalloc(si->max * sizeof(*si->swap_map));
	si->cache = plat_kmalloc(si->max * sizeof(*si->cache));
	if (!si->swap_map || !si->cache)
		return -ENOMEM;
	si->swap_map[0] = SWAP_MAP_BAD;	/* the header slot */
	si->inuse = 1;
	si->cursor = 1;
	return 0;
}

u64 nr_swap_pages(void)
{
	return swap_info.max ? swap_info.max - swap_info.inuse : 0;
}

/* Swap is more than half used: swapped-in pages give their slots back. */
bool vm_swap_full(void)
{
	return swap_info.max && swap_info.inuse * 2 > swap_info.max;
}

static u64 get_swap_slot(void)
{
	struct swap_info_struct *si = &swap_info;

	if (!nr_swap_pages())
		return 0;
	for (u64 n = 0; n < si->max; n++) {
		u64 s = si->cursor;

		si->cursor = si->cursor + 1 < si->max ? si->cursor + 1 : 1;
		if (!si->swap_map[s]) {
			si->inuse++;
			return s;
		}
	}
	return 0;
}

static void swap_slot_free(u64 slot)
{
	swap_info.swap_map[slot] = 0;
	swap_info.cache[slot] = 0;	/* a shadow entry dies with its slot */
	swap_info.inuse--;
}

/**
 * add_to_swap() - give anonymous page @p a swap slot and put it in the swap cache
 *
 * The page becomes dirty: its slot holds nothing yet. Return: false if swap is full.
 */
bool add_to_swap(struct page *p)
{
	u64 slot = get_swap_slot();

	BUG_ON(PageSwapCache(p) || !PageSwapBacked(p));
	if (!slot)
		return false;
	swap_info.swap_map[slot] = SWAP_HAS_CACHE;
	swap_info.cache[slot] = xa_mk_page(p);
	SetPageSwapCache(p);
	p->private = (u32)slot;
	SetPageDirty(p);
	return true;
}

/** delete_from_swap_cache() - take @p out of the swap cache, leaving @shadow (or 0). */
void delete_from_swap_cache(struct page *p, u32 shadow)
{
	u64 slot = p->private;

	BUG_ON(!PageSwapCache(p));
	swap_info.cache[slot] = shadow;
	swap_info.swap_map[slot] &= (u16)~SWAP_HAS_CACHE;
	ClearPageSwapCache(p);
	p->private = 0;
	if (!swap_info.swap_map[slot])
		swap_slot_free(slot);
}

/** swap_duplicate() - one more swap PTE refers to @slot. */
void swap_duplicate(u64 slot)
{
	BUG_ON(!slot || slot >= swap_info.max);
	BUG_ON((swap_info.swap_map[slot] & ~SWAP_HAS_CACHE) >= SWAP_MAP_BAD - 1);
	swap_info.swap_map[slot]++;
}

/**
 * swap_free() - a swap PTE referring to @slot is gone
 *
 * When the last PTE reference goes, an unmapped page left in the swap cache is freed with
 * its slot; a slot without a cached page is freed at once.
 */
void swap_free(u64 slot)
{
	u16 *m = &swap_info.swap_map[slot];
	struct page *p;

	BUG_ON(!slot || slot >= swap_info.max || !(*m & ~SWAP_HAS_CACHE));
	(*m)--;
	if (*m & ~SWAP_HAS_CACHE)
		return;
	if (!*m) {
		swap_slot_free(slot);
		return;
	}
	p = xa_page(swap_info.cache[slot]);
	if (p && !p->mapcount && !PageIsolated(p)) {
		delete_from_swap_cache(p, 0);
		lru_cache_remove(p);
		ClearPageActive(p);
		ClearPageDirty(p);
		free_page_(p);
	}
}

struct page *lookup_swap_cache(u64 slot, u32 *shadow)
{
	u32 e = swap_info.cache[slot];

	*shadow = xa_is_shadow(e) ? e : 0;
	return xa_page(e);
}

/**
 * try_to_free_swap() - drop the swap copy of @p if no PTE refers to the slot any more;
 * the page is dirty afterwards (it has no copy anywhere).
 */
bool try_to_free_swap(struct page *p)
{
	if (!PageSwapCache(p) || (swap_info.swap_map[p->private] & ~SWAP_HAS_CACHE))
		return false;
	delete_from_swap_cache(p, 0);
	SetPageDirty(p);
	return true;
}

/* One page between memory and swap slot @slot, with its time and its counters. */
static int swap_io(struct page *p, u64 slot, bool write)
{
	int err = write ? plat_blk_write(BLK_SWAP, slot, page_address(p))
			: plat_blk_read(BLK_SWAP, slot, page_address(p));

	fw_account(T_IO, write ? fw_cfg.costs.io_write : fw_cfg.costs.io_read);
	if (err) {
		count_vm_event(write ? VM_swap_write_error : VM_swap_read_error);
		return -EIO;
	}
	count_vm_event(write ? VM_pswpout : VM_pswpin);
	count_vm_event(write ? VM_pgpgout : VM_pgpgin);
	return 0;
}

int swap_readpage(struct page *p, u64 slot)
{
	return swap_io(p, slot, false);
}

int swap_writepage(struct page *p)
{
	return swap_io(p, p->private, true);
}
