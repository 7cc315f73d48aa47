// SPDX-License-Identifier: MIT
/*
 * A dentry-like object cache with a shrinker (Linux's fs/dcache.c and the slab in
 * miniature). Objects live in slab pages taken from the buddy allocator, 32 per page; unused
 * objects sit on an LRU with a referenced bit (second chance); the shrinker frees them and a
 * slab page goes back to the buddy allocator when its last object does. Lookups allocate
 * with GFP_NOFS (as a file system under its own locks does), so reclaim entered from here
 * gets SHRINK_STOP from this cache.
 */
#include "internal.h"

#define DENTRY_BYTES 128
#define DENTRIES_PER_SLAB (PAGE_SIZE / DENTRY_BYTES)
#define DCACHE_REFERENCED (1u << 0)
#define DHASH_BITS 12
#define SLAB_FULL ((1ull << DENTRIES_PER_SLAB) - 1)

struct dentry {
	struct list_head d_lru;
	struct dentry *d_hash_next;
	u64 d_name_hash;
	u32 d_flags;
	u32 d_slab_pfn;
	u32 d_slab_idx;
	u8 d_iname[DENTRY_BYTES - 44];	/* the name, as a real dentry keeps short names */
};

_Static_assert(sizeof(struct dentry) <= DENTRY_BYTES, "dentry too big for its slot");

static struct {
	struct list_head partial, full;	/* slab pages with free / no free objects */
	struct list_head lru;		/* unused dentries, most recent at the head */
	struct dentry **hash;
	u64 nr_dentry, nr_unused, nr_slabs;
} dc;

static struct shrinker dcache_shrinker;

static struct dentry *slab_alloc(u32 gfp)
{
	struct page *p;
	unsigned idx;

	if (list_empty(&dc.partial)) {
		p = alloc_page(gfp);
		if (!p)
			return NULL;
		if (!list_empty(&dc.partial)) {
			/* reclaim freed objects while we waited: use those */
			free_page_(p);
		} else {
			SetPageSlab(p);
			p->index = 0;
			list_add(&p->lru, &dc.partial);
			dc.nr_slabs++;
			count_vm_event(VM_slab_pages_alloc);
		}
	}
	p = list_first_entry(&dc.partial, struct page, lru);
	idx = (unsigned)__builtin_ctzll(~p->index);
	p->index |= 1ull << idx;
	if (p->index == SLAB_FULL)
		list_move(&p->lru, &dc.full);
	{
		struct dentry *d = (struct dentry *)((u8 *)page_address(p) + idx * DENTRY_BYTES);

		memset(d, 0, sizeof(*d));
		d->d_slab_pfn = (u32)page_to_pfn(p);
		d->d_slab_idx = idx;
		return d;
	}
}

static void slab_free(struct dentry *d)
{
	struct page *p = pfn_to_page(d->d_slab_pfn);
	bool was_full = p->index == SLAB_FULL;

	p->index &= ~(1ull << d->d_slab_idx);
	if (was_full)
		list_move(&p->lru, &dc.partial);
	if (!p->index) {
		list_del(&p->lru);
		ClearPageSlab(p);
		free_page_(p);
		dc.nr_slabs--;
		reclaim_state_reclaimed++;
		count_vm_event(VM_slab_pages_free);
	}
}

static struct dentry **hash_bucket(u64 h)
{
	return &dc.hash[(h * 0x9e3779b97f4a7c15ull) >> (64 - DHASH_BITS)];
}

/**
 * fw_lookup() - look a name up: a hit marks the dentry referenced, a miss creates it
 * Return: 0, or -ENOMEM when no memory could be found for a new dentry.
 */
int fw_lookup(u64 name_hash)
{
	struct dentry **b = hash_bucket(name_hash), *d;

	fw_account(T_USER, 20 * fw_cfg.costs.access);
	for (d = *b; d; d = d->d_hash_next) {
		if (d->d_name_hash == name_hash) {
			d->d_flags |= DCACHE_REFERENCED;
			count_vm_event(VM_dentry_hit);
			return 0;
		}
	}
	d = slab_alloc(GFP_NOFS);
	if (!d)
		return -ENOMEM;
	d->d_name_hash = name_hash;
	for (int i = 0; i < 8; i++)
		d->d_iname[i] = (u8)(name_hash >> (8 * i));
	b = hash_bucket(name_hash);
	d->d_hash_next = *b;
	*b = d;
	list_add(&d->d_lru, &dc.lru);	/* unused at once: the caller dput()s it */
	dc.nr_dentry++;
	dc.nr_unused++;
	count_vm_event(VM_dentry_alloc);
	return 0;
}

static void d_free(struct dentry *d)
{
	struct dentry **b = hash_bucket(d->d_name_hash);

	while (*b != d)
		b = &(*b)->d_hash_next;
	*b = d->d_hash_next;
	list_del(&d->d_lru);
	dc.nr_dentry--;
	dc.nr_unused--;
	slab_free(d);
}

static u64 dcache_count(struct shrinker *s, struct shrink_control *sc)
{
	(void)s;
	(void)sc;
	return dc.nr_unused;
}

/* Walk the LRU from its tail: referenced dentries get a second chance, others are freed. */
static u64 dcache_scan(struct shrinker *s, struct shrink_control *sc)
{
	u64 freed = 0, scanned = 0;

	(void)s;
	if (!(sc->gfp_mask & __GFP_FS))
		return SHRINK_STOP;
	while (scanned < sc->nr_to_scan && !list_empty(&dc.lru)) {
		struct dentry *d = list_last_entry(&dc.lru, struct dentry, d_lru);

		scanned++;
		if (d->d_flags & DCACHE_REFERENCED) {
			d->d_flags &= ~DCACHE_REFERENCED;
			list_move(&d->d_lru, &dc.lru);
			continue;
		}
		d_free(d);
		freed++;
	}
	sc->nr_scanned = scanned;
	return freed;
}

int dcache_init(void)
{
	memset(&dc, 0, sizeof(dc));
	INIT_LIST_HEAD(&dc.partial);
	INIT_LIST_HEAD(&dc.full);
	INIT_LIST_HEAD(&dc.lru);
	dc.hash = plat_kmalloc(sizeof(*dc.hash) << DHASH_BITS);
	if (!dc.hash)
		return -ENOMEM;
	dcache_shrinker.count_objects = dcache_count;
	dcache_shrinker.scan_objects = dcache_scan;
	dcache_shrinker.seeks = DEFAULT_SEEKS;
	dcache_shrinker.batch = 0;
	register_shrinker(&dcache_shrinker);
	return 0;
}

u64 fw_nr_dentry(void)
{
	return dc.nr_dentry;
}

u64 fw_nr_slab_pages(void)
{
	return dc.nr_slabs;
}
