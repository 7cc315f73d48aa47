// SPDX-License-Identifier: MIT
/*
 * Unit tests of the firmware's memory-management mechanisms, one function per mechanism: the
 * buddy allocator, the watermarks, LRU promotion and demotion, the shrinker protocol, the swap
 * slot life cycle, refault activation, a swap write error, and the multi-generational LRU
 * (generations and eviction order, tiers, the refault controller, the Bloom filter,
 * look-around, min_ttl). Each test boots the firmware
 * afresh on the host platform (sim/run/plat_host.c) and compares its state with values
 * computed here: by hand (the derivation is in the comment next to the number) or by
 * re-deriving them from the rule the comment states, never by asking the code under test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "plat_host.h"

/* ---- checks ------------------------------------------------------------------------------ */

static unsigned long nr_passed, nr_failed;

static void check_cmp(const char *file, int line, const char *what, u64 a, u64 b, bool ok)
{
	if (ok) {
		nr_passed++;
		return;
	}
	nr_failed++;
	fprintf(stderr,
		"%s:%d: check failed: %s (left %llu = 0x%llx = %lld, right %llu = 0x%llx)\n",
		file, line, what, (unsigned long long)a, (unsigned long long)a, (long long)a,
		(unsigned long long)b, (unsigned long long)b);
}

/* Each operand is evaluated once. */
#define CHECK_OP(a, op, b)                                                                  \
	do {                                                                                \
		u64 a_ = (u64)(a), b_ = (u64)(b);                                           \
		check_cmp(__FILE__, __LINE__, #a " " #op " " #b, a_, b_, a_ op b_);         \
	} while (0)
#define CHECK_EQ(a, b) CHECK_OP(a, ==, b)
#define CHECK_GT(a, b) CHECK_OP(a, >, b)
#define CHECK_GE(a, b) CHECK_OP(a, >=, b)
#define CHECK_LE(a, b) CHECK_OP(a, <=, b)
#define CHECK(c)                                                                            \
	do {                                                                                \
		bool c_ = (c);                                                              \
		check_cmp(__FILE__, __LINE__, #c, c_, 1, c_);                               \
	} while (0)

static void __attribute__((noreturn)) fatal(const char *msg)
{
	fprintf(stderr, "test_fw_units: %s\n", msg);
	exit(1);
}

/* ---- environment: platform + firmware, rebuilt for every test ---------------------------- */

struct env_cfg {
	unsigned mem_mb;
	u64 swap_pages;
	u64 disk_pages;
	u64 min_free_kbytes;
	double swap_write_fail;	/* injected swap write failure probability */
	enum fw_lru lru;	/* reclaim policy (0: classic) */
	u64 aging_interval;	/* 0: the freq policy ages at each reclaim */
	unsigned freq_decay;	/* 0: counts never halve */
};

static struct ra_mem *cur_mem;

static void env_down(void)
{
	if (!cur_mem)
		return;
	plat_host_fini();
	ra_mem_destroy(cur_mem);
	cur_mem = NULL;
}

static void env_up(const struct env_cfg *e)
{
	struct plat_host_cfg pc = { 0 };
	struct fw_config fc = { 0 };

	env_down();
	cur_mem = ra_mem_create();
	if (!cur_mem)
		fatal("ra_mem_create failed");
	pc.mem_bytes = (u64)e->mem_mb << 20;
	pc.swap_bytes = e->swap_pages << PAGE_SHIFT;
	pc.disk_bytes = e->disk_pages << PAGE_SHIFT;
	pc.dev = NULL;
	pc.inject.swap_write = e->swap_write_fail;
	pc.inject.seed = 1;
	if (plat_host_init(cur_mem, &pc))
		fatal("plat_host_init failed");
	fc.mem_bytes = pc.mem_bytes;
	fc.min_free_kbytes = e->min_free_kbytes;
	fc.swappiness = 60;
	fc.tlb_entries = 64;
	fc.accel = FW_ACCEL_OFF;
	fc.lru = e->lru;
	fc.aging_interval = e->aging_interval;
	fc.freq_decay = e->freq_decay;
	fw_default_costs(&fc.costs);
	if (fw_boot(&fc))
		fatal("fw_boot failed");
}

/* ---- helpers ----------------------------------------------------------------------------- */

#define VA_ANON 0x10000000ull
#define VA_ANON2 0x18000000ull
#define VA_ANON3 0x1c000000ull
#define VA_FILE 0x20000000ull

static u64 ev(enum vm_event_item i)
{
	return vm_events[i];
}

static u64 nr_lru(enum lru_list l)
{
	return node_data.lruvec.nr_pages[l];
}

static u64 pte_at(int pid, u64 va)
{
	u64 *pte = walk_pte(fw_mm(pid), va, false, NULL);

	return pte ? *pte : 0;
}

static struct page *page_at(int pid, u64 va)
{
	u64 pte = pte_at(pid, va);

	return pte_present(pte) ? pfn_to_page(pte_pfn(pte)) : NULL;
}

static struct page *cache_page(int f, u64 idx)
{
	return xa_page(file_table[f].cache[idx]);
}

static u64 managed_total(void)
{
	return node_data.node_zones[0].managed_pages + node_data.node_zones[1].managed_pages;
}

/* The value the tests store in word @w (0 or 511) of anonymous page @i. */
static u64 anon_word(u64 i, unsigned w)
{
	u64 v = 0x5a5a000000000000ull ^ (i * 0x9e3779b97f4a7c15ull);

	return w ? ~v : v;
}

/* The content of word @w of disk block @blk. */
static u64 disk_word(u64 blk, unsigned w)
{
	return 0xd15c000000000000ull | blk << 16 | w;
}

static void fill_disk(u64 nr_blocks)
{
	static u64 buf[PAGE_SIZE / 8];

	for (u64 b = 0; b < nr_blocks; b++) {
		for (unsigned w = 0; w < PAGE_SIZE / 8; w++)
			buf[w] = disk_word(b, w);
		if (plat_host_disk_write(b, buf))
			fatal("plat_host_disk_write failed");
	}
}

/* Store both test words of anonymous pages [first, first + n) at @base; 0 or the error. */
static int store_pages(int pid, u64 base, u64 first, u64 n, bool tick)
{
	for (u64 i = first; i < first + n; i++) {
		u64 va = base + i * PAGE_SIZE;
		int err = fw_store(pid, va, anon_word(i, 0));

		if (!err)
			err = fw_store(pid, va + PAGE_SIZE - 8, anon_word(i, 1));
		if (err)
			return err;
		if (tick)
			fw_tick();
	}
	return 0;
}

/* Load both words back; returns the number of pages whose content differs (or load failed). */
static u64 verify_pages(int pid, u64 base, u64 first, u64 n, bool tick)
{
	u64 bad = 0;

	for (u64 i = first; i < first + n; i++) {
		u64 va = base + i * PAGE_SIZE, v0 = 0, v1 = 0;

		if (fw_load(pid, va, &v0) || fw_load(pid, va + PAGE_SIZE - 8, &v1) ||
		    v0 != anon_word(i, 0) || v1 != anon_word(i, 1)) {
			if (bad < 4)
				fprintf(stderr, "  page %llu at 0x%llx: 0x%llx 0x%llx\n",
					(unsigned long long)i, (unsigned long long)va,
					(unsigned long long)v0, (unsigned long long)v1);
			bad++;
		}
		if (tick)
			fw_tick();
	}
	return bad;
}

/* One free area's counts, and that they agree with the lists and the zone's nr_free. */
static void check_area_at(int line, int zi, const u64 *want)
{
	const struct zone *z = &node_data.node_zones[zi];
	u64 sum = 0;
	char what[96];

	for (unsigned o = 0; o < MAX_ORDER; o++) {
		const struct list_head *h = &z->free_area[o].free_list;
		u64 n = 0, bad = 0;

		snprintf(what, sizeof(what), "%s free_area[%u].nr_free == expected", z->name, o);
		check_cmp(__FILE__, line, what, z->free_area[o].nr_free, want[o],
			  z->free_area[o].nr_free == want[o]);
		for (const struct list_head *l = h->next; l != h; l = l->next) {
			const struct page *p = list_entry(l, struct page, lru);

			n++;
			bad += !PageBuddy(p) || p->order != o || p->zone != zi;
		}
		snprintf(what, sizeof(what), "%s free_area[%u] list length == expected", z->name,
			 o);
		check_cmp(__FILE__, line, what, n, want[o], n == want[o]);
		snprintf(what, sizeof(what), "%s free_area[%u] entries not buddy heads of order %u",
			 z->name, o, o);
		check_cmp(__FILE__, line, what, bad, 0, !bad);
		sum += want[o] << o;
	}
	snprintf(what, sizeof(what), "%s nr_free == sum of blocks", z->name);
	check_cmp(__FILE__, line, what, z->nr_free, sum, z->nr_free == sum);
}

#define CHECK_AREA(zi, want) check_area_at(__LINE__, zi, want)

/* ---- 1. buddy split and merge ------------------------------------------------------------ */

/*
 * 16 MiB = 4096 frames. DMA32 spans (4096 / 8) & ~255 = 512 frames; pfn 0 is reserved, so
 * the boot frees [1, 512) as maximal aligned blocks: 1 (order 0), 2-3 (1), 4-7 (2), ...,
 * 256-511 (8): one block of each order 0..8. Normal is [512, 4096): 512-1023 (order 9), then
 * 1024, 2048, 3072 (order 10). No block can merge: each one's buddy is reserved, outside the
 * zone, or of another size.
 */
static const u64 dma_boot[MAX_ORDER] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 };
static const u64 normal_boot[MAX_ORDER] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3 };

static void test_buddy(void)
{
	struct env_cfg e = { .mem_mb = 16 };
	const struct zone *dz, *nz;
	struct page *a, *b, *c, *d, *blk[4], *g;
	u64 normal[MAX_ORDER], dma[MAX_ORDER];

	env_up(&e);
	dz = &node_data.node_zones[ZONE_DMA32];
	nz = &node_data.node_zones[ZONE_NORMAL];
	CHECK_EQ(node_data.nr_zones, 2);
	CHECK_EQ(max_pfn, 4096);
	CHECK_EQ(dz->zone_start_pfn, 0);
	CHECK_EQ(dz->spanned_pages, 512);
	CHECK_EQ(dz->managed_pages, 511);
	CHECK_EQ(nz->zone_start_pfn, 512);
	CHECK_EQ(nz->spanned_pages, 3584);
	CHECK_EQ(nz->managed_pages, 3584);
	CHECK(PageReserved(pfn_to_page(0)));
	CHECK(!PageBuddy(pfn_to_page(0)));
	CHECK_AREA(ZONE_DMA32, dma_boot);
	CHECK_AREA(ZONE_NORMAL, normal_boot);
	CHECK_EQ(fw_free_pages(), 511 + 3584);
	CHECK_EQ(ev(VM_pgalloc), 0);
	CHECK_EQ(ev(VM_pgfree), 0);
	for (unsigned o = 0; o <= 8; o++) {
		CHECK(PageBuddy(pfn_to_page(1ull << o)));
		CHECK_EQ(pfn_to_page(1ull << o)->order, o);
	}
	CHECK(PageBuddy(pfn_to_page(512)) && pfn_to_page(512)->order == 9);
	for (u64 pfn = 1024; pfn < 4096; pfn += 1024)
		CHECK(PageBuddy(pfn_to_page(pfn)) && pfn_to_page(pfn)->order == 10);

	/*
	 * Order 0 from Normal (GFP_KERNEL's highest zone): its smallest block is the order-9 one
	 * at 512, split in halves down to order 0: 512 + 2^o becomes a free block of order o
	 * for o = 8..0 and 512 is returned.
	 */
	a = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
	CHECK(a != NULL);
	if (!a)
		return;
	CHECK_EQ(page_to_pfn(a), 512);
	CHECK(!PageBuddy(a));
	memcpy(normal, normal_boot, sizeof(normal));
	normal[9]--;
	for (unsigned o = 0; o <= 8; o++)
		normal[o]++;
	CHECK_AREA(ZONE_NORMAL, normal);
	CHECK_AREA(ZONE_DMA32, dma_boot);
	for (unsigned o = 0; o <= 8; o++) {
		struct page *h = pfn_to_page(512 + (1ull << o));

		CHECK(PageBuddy(h));
		CHECK_EQ(h->order, o);
	}
	CHECK_EQ(ev(VM_pgalloc), 1);

	/* the next order 0 is the order-0 remainder: a's buddy, 512 ^ (1 << 0) */
	b = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
	CHECK(b != NULL);
	if (!b)
		return;
	CHECK_EQ(page_to_pfn(b), 512 ^ 1);
	normal[0]--;
	CHECK_AREA(ZONE_NORMAL, normal);

	/* freeing a while its buddy b is in use cannot merge */
	__free_pages(a, 0);
	normal[0]++;
	CHECK_AREA(ZONE_NORMAL, normal);
	CHECK(PageBuddy(a));
	CHECK_EQ(a->order, 0);
	CHECK_EQ(ev(VM_pgfree), 1);
	/* freeing b merges 9 times (with 512, 514, 516, 520, ..., 768) back to order 9 */
	__free_pages(b, 0);
	CHECK_AREA(ZONE_NORMAL, normal_boot);
	CHECK(PageBuddy(pfn_to_page(512)) && pfn_to_page(512)->order == 9);
	CHECK(!PageBuddy(pfn_to_page(513)));
	CHECK(!PageBuddy(pfn_to_page(768)));
	CHECK_EQ(ev(VM_pgfree), 2);

	/* order 3: the order-9 block splits into orders 8..3, 512 is returned */
	c = alloc_pages(__GFP_MOVABLE, 3);
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK_EQ(page_to_pfn(c), 512);
	memcpy(normal, normal_boot, sizeof(normal));
	normal[9]--;
	for (unsigned o = 3; o <= 8; o++)
		normal[o]++;
	CHECK_AREA(ZONE_NORMAL, normal);
	CHECK_EQ(nz->nr_free, 3584 - 8);
	CHECK_EQ(ev(VM_pgalloc), 2 + 8);
	/* order 0 from the remainder: c's order-3 buddy 512 ^ 8 = 520 splits into 524, 522, 521 */
	d = alloc_pages(__GFP_MOVABLE, 0);
	CHECK(d != NULL);
	if (!d)
		return;
	CHECK_EQ(page_to_pfn(d), 512 ^ 8);
	normal[3]--;
	normal[0]++;
	normal[1]++;
	normal[2]++;
	CHECK_AREA(ZONE_NORMAL, normal);
	CHECK(PageBuddy(pfn_to_page(521)) && pfn_to_page(521)->order == 0);
	CHECK(PageBuddy(pfn_to_page(522)) && pfn_to_page(522)->order == 1);
	CHECK(PageBuddy(pfn_to_page(524)) && pfn_to_page(524)->order == 2);
	/* c back: its buddy 520 is split and partly in use, so c stays an order-3 block */
	__free_pages(c, 3);
	normal[3]++;
	CHECK_AREA(ZONE_NORMAL, normal);
	/* d back: 520+521, +522, +524, +512, +528, ..., +768: one order-9 block again */
	__free_pages(d, 0);
	CHECK_AREA(ZONE_NORMAL, normal_boot);
	CHECK_EQ(ev(VM_pgalloc), 11);
	CHECK_EQ(ev(VM_pgfree), 2 + 8 + 1);

	/*
	 * Order 10: whole blocks. Boot freed 1024, 2048 and 3072 in that order, each to the head
	 * of the list, and allocation takes the head: 3072, 2048, 1024.
	 */
	memcpy(normal, normal_boot, sizeof(normal));
	for (int i = 0; i < 3; i++) {
		blk[i] = alloc_pages(__GFP_MOVABLE, 10);
		CHECK(blk[i] != NULL);
		if (!blk[i])
			return;
		CHECK_EQ(page_to_pfn(blk[i]), 3072 - 1024 * (u64)i);
		normal[10]--;
		CHECK_AREA(ZONE_NORMAL, normal);
	}
	CHECK_EQ(nz->nr_free, 512);
	CHECK_EQ(ev(VM_pgalloc), 11 + 3 * 1024);
	/*
	 * a fourth cannot be had (no order-10 block anywhere, compaction off): a costly order
	 * wakes kswapd for order 0 only, and order 0 is balanced, so kswapd stays asleep; a
	 * movable allocation without __GFP_RECLAIM fails with no reclaim
	 */
	blk[3] = alloc_pages(__GFP_MOVABLE, 10);
	CHECK(blk[3] == NULL);
	CHECK_EQ(ev(VM_alloc_fail), 1);
	CHECK_EQ(ev(VM_kswapd_wake), 0);
	CHECK_EQ(ev(VM_allocstall), 0);
	CHECK(!node_data.kswapd_woken);
	CHECK_EQ(node_data.kswapd_order, 0);
	/* an unmovable allocation comes from the lowest zone (pfn 1 is its first free page) */
	{
		struct page *u = alloc_pages(GFP_NOWAIT, 0);

		CHECK(u != NULL && u->zone == ZONE_DMA32);
		if (u)
			__free_pages(u, 0);
	}
	CHECK_EQ(ev(VM_pgalloc), 11 + 3 * 1024 + 1);
	CHECK_EQ(ev(VM_pgfree), 11 + 1);
	for (int i = 0; i < 3; i++)
		__free_pages(blk[i], 10);
	CHECK_AREA(ZONE_NORMAL, normal_boot);
	CHECK_EQ(ev(VM_pgfree), 12 + 3 * 1024);
	/* beyond the largest order: refused at once, not counted as a failure after reclaim */
	CHECK(alloc_pages(__GFP_MOVABLE, MAX_ORDER) == NULL);
	CHECK_EQ(ev(VM_alloc_fail), 1);

	/* __GFP_DMA32: only the lower zone; its order-0 block is pfn 1, its order-1 block pfn 2 */
	memcpy(dma, dma_boot, sizeof(dma));
	a = alloc_pages(__GFP_DMA32, 0);
	b = alloc_pages(__GFP_DMA32, 1);
	CHECK(a && b);
	if (!a || !b)
		return;
	CHECK_EQ(page_to_pfn(a), 1);
	CHECK_EQ(page_to_pfn(b), 2);
	dma[0]--;
	dma[1]--;
	CHECK_AREA(ZONE_DMA32, dma);
	CHECK_AREA(ZONE_NORMAL, normal_boot);
	/* a DMA32 order 0 now splits the order-2 block at 4: 4 is returned, 6 and 5 are freed */
	c = alloc_pages(__GFP_DMA32, 0);
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK_EQ(page_to_pfn(c), 4);
	dma[2]--;
	dma[1]++;
	dma[0]++;
	CHECK_AREA(ZONE_DMA32, dma);
	__free_pages(a, 0);	/* buddy 0 is reserved: stays order 0 */
	__free_pages(b, 1);	/* buddy 0-1 is not free: stays order 1 */
	__free_pages(c, 0);	/* 4+5, +6: order 2 again */
	CHECK_AREA(ZONE_DMA32, dma_boot);

	/* flags are reset on free, and __GFP_ZERO zeroes: the same frame comes back clean */
	g = alloc_page(__GFP_MOVABLE);
	CHECK(g != NULL);
	if (!g)
		return;
	memset(page_address(g), 0xab, PAGE_SIZE);
	SetPageDirty(g);
	__free_pages(g, 0);
	a = alloc_page(__GFP_MOVABLE | __GFP_ZERO);
	CHECK(a == g);
	if (a == g) {
		const u64 *w = page_address(a);
		u64 nonzero = 0;

		for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
			nonzero += w[i] != 0;
		CHECK_EQ(nonzero, 0);
		CHECK_EQ(a->flags, 1u << PG_fresh);	/* only: its first use is counted */
		CHECK_EQ(a->freq, 1);
	}
	if (a)
		__free_pages(a, 0);
	CHECK_AREA(ZONE_NORMAL, normal_boot);
	CHECK_EQ(ev(VM_pgalloc), ev(VM_pgfree));
}

/* ---- 2. watermarks ----------------------------------------------------------------------- */

struct wm_want {
	unsigned mem_mb;
	u64 mfk_cfg;		/* min_free_kbytes asked for (0: default) */
	u64 mfk;		/* min_free_kbytes in effect */
	u64 managed[2];
	u64 wmark[2][NR_WMARK];
	u64 reserve;		/* DMA32's lowmem_reserve[ZONE_NORMAL] */
};

/* By hand (see the derivation in wm_derive(); e.g. 16 MiB: sqrt(4095 * 4 * 16) = 511). */
static const struct wm_want wm_hand[] = {
	{ 4, 0, 255, { 255, 768 }, { { 15, 18, 21 }, { 47, 58, 69 } }, 3 },
	{ 16, 0, 511, { 511, 3584 }, { { 15, 18, 21 }, { 111, 138, 165 } }, 14 },
	{ 32, 0, 724, { 1023, 7168 }, { { 22, 27, 32 }, { 158, 197, 236 } }, 28 },
	{ 64, 0, 1023, { 2047, 14336 }, { { 31, 38, 45 }, { 223, 278, 333 } }, 56 },
	{ 16, 4096, 4096, { 511, 3584 }, { { 127, 158, 189 }, { 896, 1120, 1344 } }, 14 },
	/* 1 GiB: the 0.1 % scale factor exceeds min/4 (32 > 31, 229 > 223) */
	{ 1024, 0, 4095, { 32767, 229376 }, { { 127, 159, 191 }, { 895, 1124, 1353 } }, 896 },
};

static u64 test_isqrt(u64 x)
{
	u64 r = 0;

	while ((r + 1) * (r + 1) <= x)
		r++;
	return r;
}

/*
 * Linux's rules (mm/page_alloc.c): DMA32 spans max(256, (pages / 8) & ~255) frames and gives
 * all but pfn 0 to the allocator; min_free_kbytes = sqrt(16 * lowmem KiB) clamped to
 * [128, 262144] unless configured; each zone's min is its share of min_free_kbytes in pages
 * by managed pages; low and high are one and two steps above, the step being the larger of
 * min/4 and managed * 10 / 10000; a lower zone keeps higher zones' managed / 256 back.
 */
static void wm_derive(unsigned mem_mb, u64 mfk_cfg, struct wm_want *w)
{
	u64 npages = (u64)mem_mb << (20 - PAGE_SHIFT), dma = (npages / 8) & ~255ull, total;

	if (dma < 256)
		dma = 256;
	memset(w, 0, sizeof(*w));
	w->mem_mb = mem_mb;
	w->mfk_cfg = mfk_cfg;
	w->managed[0] = dma - 1;
	w->managed[1] = npages - dma;
	total = w->managed[0] + w->managed[1];
	if (mfk_cfg) {
		w->mfk = mfk_cfg;
	} else {
		w->mfk = test_isqrt(total * (PAGE_SIZE / 1024) * 16);
		w->mfk = w->mfk < 128 ? 128 : w->mfk > 262144 ? 262144 : w->mfk;
	}
	for (int z = 0; z < 2; z++) {
		u64 min = (w->mfk / (PAGE_SIZE / 1024)) * w->managed[z] / total;
		u64 step = min / 4 > w->managed[z] * 10 / 10000 ? min / 4
								: w->managed[z] * 10 / 10000;

		w->wmark[z][WMARK_MIN] = min;
		w->wmark[z][WMARK_LOW] = min + step;
		w->wmark[z][WMARK_HIGH] = min + 2 * step;
	}
	w->reserve = w->managed[1] / 256;
}

static void test_watermarks(void)
{
	struct zone z;

	for (size_t i = 0; i < ARRAY_SIZE(wm_hand); i++) {
		const struct wm_want *h = &wm_hand[i];
		struct wm_want d;
		struct env_cfg e = { .mem_mb = h->mem_mb, .min_free_kbytes = h->mfk_cfg };

		/* the rule re-derived agrees with the hand computation */
		wm_derive(h->mem_mb, h->mfk_cfg, &d);
		CHECK_EQ(d.mfk, h->mfk);
		CHECK_EQ(d.reserve, h->reserve);
		for (int zi = 0; zi < 2; zi++) {
			CHECK_EQ(d.managed[zi], h->managed[zi]);
			for (int m = 0; m < NR_WMARK; m++)
				CHECK_EQ(d.wmark[zi][m], h->wmark[zi][m]);
		}

		env_up(&e);
		CHECK_EQ(min_free_kbytes, h->mfk);
		for (int zi = 0; zi < 2; zi++) {
			const struct zone *zz = &node_data.node_zones[zi];

			CHECK_EQ(zz->managed_pages, h->managed[zi]);
			CHECK_EQ(zz->nr_free, h->managed[zi]);
			CHECK_EQ(zz->watermark[WMARK_MIN], h->wmark[zi][WMARK_MIN]);
			CHECK_EQ(zz->watermark[WMARK_LOW], h->wmark[zi][WMARK_LOW]);
			CHECK_EQ(zz->watermark[WMARK_HIGH], h->wmark[zi][WMARK_HIGH]);
			CHECK_EQ(zz->lowmem_reserve[ZONE_DMA32], 0);
		}
		CHECK_EQ(node_data.node_zones[ZONE_DMA32].lowmem_reserve[ZONE_NORMAL], h->reserve);
		CHECK_EQ(node_data.node_zones[ZONE_NORMAL].lowmem_reserve[ZONE_NORMAL], 0);
	}

	/*
	 * zone_watermark_ok() at the boundary, on a copy of 16 MiB's DMA32 (low 18, reserve 14
	 * for allocations that could use Normal): free pages minus (2^order - 1) must exceed
	 * mark + reserve.
	 */
	env_up(&(struct env_cfg){ .mem_mb = 16 });
	z = node_data.node_zones[ZONE_DMA32];
	CHECK_EQ(z.watermark[WMARK_LOW], 18);
	CHECK_EQ(z.lowmem_reserve[ZONE_NORMAL], 14);
	z.nr_free = 18 + 14;
	CHECK(!zone_watermark_ok(&z, 0, 18, ZONE_NORMAL));
	z.nr_free = 18 + 14 + 1;
	CHECK(zone_watermark_ok(&z, 0, 18, ZONE_NORMAL));
	/* a DMA32-only allocation does not keep the reserve */
	z.nr_free = 18;
	CHECK(!zone_watermark_ok(&z, 0, 18, ZONE_DMA32));
	z.nr_free = 18 + 1;
	CHECK(zone_watermark_ok(&z, 0, 18, ZONE_DMA32));
	/* order 2 takes 2^2 - 1 = 3 more pages into account */
	z.nr_free = 18 + 14 + 3;
	CHECK(!zone_watermark_ok(&z, 2, 18, ZONE_NORMAL));
	z.nr_free = 18 + 14 + 4;
	CHECK(zone_watermark_ok(&z, 2, 18, ZONE_NORMAL));
	/* a block of at least the order must exist */
	for (unsigned o = 0; o < MAX_ORDER; o++)
		z.free_area[o].nr_free = o < 2 ? 1 : 0;
	z.nr_free = 1000;
	CHECK(!zone_watermark_ok(&z, 2, 18, ZONE_NORMAL));
	CHECK(zone_watermark_ok(&z, 1, 18, ZONE_NORMAL));
	CHECK(zone_watermark_ok(&z, 0, 18, ZONE_NORMAL));
	z.free_area[9].nr_free = 1;
	CHECK(zone_watermark_ok(&z, 2, 18, ZONE_NORMAL));
	/* the real zones at boot: 511 and 3584 free pages are well above their marks */
	CHECK(zone_watermark_ok(&node_data.node_zones[ZONE_DMA32], 0, 21, ZONE_NORMAL));
	CHECK(zone_watermark_ok(&node_data.node_zones[ZONE_NORMAL], 10, 165, ZONE_NORMAL));
	/* Normal's order 10: 3584 - 1023 = 2561 > 165, and an order-10 block exists */
	CHECK(!zone_watermark_ok(&node_data.node_zones[ZONE_DMA32], 9, 0, ZONE_NORMAL));
}

/* ---- 3. LRU promotion and demotion ------------------------------------------------------- */

/* Read page @idx of file @f through read(2) and check its content. */
static void read_file_page(int pid, int f, u64 idx, u64 blk0)
{
	static u64 buf[PAGE_SIZE / 8];

	CHECK_EQ(fw_file_read(pid, f, idx, buf), 0);
	CHECK_EQ(buf[0], disk_word(blk0 + idx, 0));
	CHECK_EQ(buf[511], disk_word(blk0 + idx, 511));
}

static void test_lru_add_and_activate(void)
{
	struct env_cfg e = { .mem_mb = 16, .disk_pages = 256 };
	struct mm_struct *mm;
	struct page *p;
	int pid, f;
	u64 v;

	env_up(&e);
	fill_disk(256);
	pid = fw_proc_create("lru");
	CHECK_EQ(pid, 0);
	CHECK_EQ(fw_mmap(pid, VA_ANON, 32 * PAGE_SIZE, VM_READ | VM_WRITE, -1, 0), 0);
	mm = fw_mm(pid);

	/* new anon pages wait in the add batch of LRU_BATCH = 15 pages, drained when full */
	for (u64 i = 0; i < 32; i++) {
		CHECK_EQ(fw_store(pid, VA_ANON + i * PAGE_SIZE, anon_word(i, 0)), 0);
		CHECK_EQ(nr_lru(LRU_INACTIVE_ANON), (i + 1) / 15 * 15);
	}
	CHECK_EQ(nr_lru(LRU_INACTIVE_ANON), 30);
	lru_add_drain();
	CHECK_EQ(nr_lru(LRU_INACTIVE_ANON), 32);
	CHECK_EQ(nr_lru(LRU_ACTIVE_ANON), 0);
	CHECK_EQ(nr_lru(LRU_INACTIVE_FILE) + nr_lru(LRU_ACTIVE_FILE) + nr_lru(LRU_UNEVICTABLE), 0);
	/* one fault per page; pgd + 3 table levels + 32 data pages allocated */
	CHECK_EQ(ev(VM_pgfault), 32);
	CHECK_EQ(ev(VM_pgalloc), 36);
	CHECK_EQ(mm->rss_anon, 32);
	CHECK_EQ(mm->nr_pgtables, 4);
	for (u64 i = 0; i < 32; i++) {
		p = page_at(pid, VA_ANON + i * PAGE_SIZE);
		CHECK(p != NULL);
		if (!p)
			continue;
		CHECK(PageLRU(p) && PageSwapBacked(p) && !PageActive(p) && !PageReferenced(p));
		CHECK_EQ(page_lru(p), LRU_INACTIVE_ANON);
		CHECK_EQ(p->mapcount, 1);
	}

	/* read(2) of a file page: first use sets PG_referenced only, the page waits in the batch */
	f = fw_file_create(64, 0, false);
	CHECK_EQ(f, 0);
	read_file_page(pid, f, 0, 0);
	p = cache_page(f, 0);
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK(PageReferenced(p) && !PageActive(p) && !PageLRU(p) && !PageSwapBacked(p));
	CHECK_EQ(ev(VM_pgpgin), 1);
	CHECK_EQ(nr_lru(LRU_INACTIVE_FILE), 0);
	lru_add_drain();
	CHECK_EQ(nr_lru(LRU_INACTIVE_FILE), 1);
	CHECK_EQ(page_lru(p), LRU_INACTIVE_FILE);
	/* second read: queued for activation (still inactive until the batch drains) */
	read_file_page(pid, f, 0, 0);
	CHECK(!PageReferenced(p));
	CHECK_EQ(nr_lru(LRU_INACTIVE_FILE), 1);
	CHECK_EQ(ev(VM_pgactivate), 0);
	CHECK_EQ(ev(VM_pgpgin), 1);
	CHECK_EQ(node_data.lruvec.nonresident_age, 1);
	lru_add_drain();
	CHECK(PageActive(p) && PageLRU(p));
	CHECK_EQ(nr_lru(LRU_ACTIVE_FILE), 1);
	CHECK_EQ(nr_lru(LRU_INACTIVE_FILE), 0);
	CHECK_EQ(ev(VM_pgactivate), 1);
	/* on an active page, uses only set PG_referenced */
	read_file_page(pid, f, 0, 0);
	read_file_page(pid, f, 0, 0);
	CHECK(PageReferenced(p) && PageActive(p));
	lru_add_drain();
	CHECK_EQ(ev(VM_pgactivate), 1);
	CHECK_EQ(node_data.lruvec.nonresident_age, 1);

	/* two reads before the add batch drains: the page joins the active list directly */
	read_file_page(pid, f, 1, 0);
	read_file_page(pid, f, 1, 0);
	p = cache_page(f, 1);
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK(PageActive(p) && !PageLRU(p) && !PageReferenced(p));
	lru_add_drain();
	CHECK_EQ(nr_lru(LRU_ACTIVE_FILE), 2);
	CHECK_EQ(ev(VM_pgactivate), 1);
	CHECK_EQ(node_data.lruvec.nonresident_age, 2);

	/* a page faulted in through a mapping is not marked accessed; two marks activate it */
	CHECK_EQ(fw_mmap(pid, VA_FILE, 8 * PAGE_SIZE, VM_READ, f, 0), 0);
	CHECK_EQ(fw_load(pid, VA_FILE + 2 * PAGE_SIZE, &v), 0);
	CHECK_EQ(v, disk_word(2, 0));
	lru_add_drain();
	p = cache_page(f, 2);
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK(!PageReferenced(p) && !PageActive(p) && PageLRU(p) && PageMapped(p));
	CHECK_EQ(nr_lru(LRU_INACTIVE_FILE), 1);
	mark_page_accessed(p);
	CHECK(PageReferenced(p) && !PageActive(p));
	lru_add_drain();
	CHECK_EQ(nr_lru(LRU_INACTIVE_FILE), 1);
	CHECK_EQ(ev(VM_pgactivate), 1);
	mark_page_accessed(p);
	CHECK(!PageReferenced(p));
	lru_add_drain();
	CHECK(PageActive(p));
	CHECK_EQ(page_lru(p), LRU_ACTIVE_FILE);
	CHECK_EQ(nr_lru(LRU_ACTIVE_FILE), 3);
	CHECK_EQ(nr_lru(LRU_INACTIVE_FILE), 0);
	CHECK_EQ(ev(VM_pgactivate), 2);
	CHECK_EQ(node_data.lruvec.nonresident_age, 3);

	/* the activation batch drains itself at its 15th page */
	for (u64 i = 10; i < 25; i++)
		read_file_page(pid, f, i, 0);
	lru_add_drain();
	CHECK_EQ(nr_lru(LRU_INACTIVE_FILE), 15);
	for (u64 i = 10; i < 24; i++)
		read_file_page(pid, f, i, 0);
	CHECK_EQ(ev(VM_pgactivate), 2);
	CHECK_EQ(nr_lru(LRU_ACTIVE_FILE), 3);
	read_file_page(pid, f, 24, 0);
	CHECK_EQ(ev(VM_pgactivate), 2 + 15);
	CHECK_EQ(nr_lru(LRU_ACTIVE_FILE), 3 + 15);
	CHECK_EQ(nr_lru(LRU_INACTIVE_FILE), 0);
	CHECK_EQ(node_data.lruvec.nonresident_age, 3 + 15);

	/* anon pages activate the same way */
	p = page_at(pid, VA_ANON);
	CHECK(p != NULL);
	if (!p)
		return;
	mark_page_accessed(p);
	mark_page_accessed(p);
	lru_add_drain();
	CHECK_EQ(page_lru(p), LRU_ACTIVE_ANON);
	CHECK_EQ(nr_lru(LRU_ACTIVE_ANON), 1);
	CHECK_EQ(nr_lru(LRU_INACTIVE_ANON), 31);
	CHECK_EQ(ev(VM_pgactivate), 18);

	/* everything goes when the process exits, except the unmapped page cache */
	fw_proc_exit(pid);
	CHECK_EQ(nr_lru(LRU_ACTIVE_ANON) + nr_lru(LRU_INACTIVE_ANON), 0);
	CHECK_EQ(nr_lru(LRU_ACTIVE_FILE), 18);
	CHECK_EQ(fw_free_pages(), managed_total() - 18);
}

/*
 * n file pages read twice each (with drains): all on the active file list, in index order
 * (index 0 at the tail).
 */
static void make_active_file(int pid, int f, u64 n)
{
	for (u64 i = 0; i < n; i++) {
		read_file_page(pid, f, i, 0);
		lru_add_drain();
		read_file_page(pid, f, i, 0);
		lru_add_drain();
	}
}

/*
 * Demotion by direct reclaim: 64 active and no inactive file pages, no swap (so file pages
 * only), nothing else on the LRU. The active list is aged while the inactive one is low.
 */
static void test_lru_demotion(void)
{
	struct env_cfg e = { .mem_mb = 16, .disk_pages = 128 };
	u64 free0, seen_age[128] = { 0 }, nr_shadow = 0, r;
	int pid, f;

	env_up(&e);
	fill_disk(128);
	pid = fw_proc_create("demote");
	f = fw_file_create(64, 0, false);
	CHECK(pid >= 0 && f >= 0);
	if (pid < 0 || f < 0)
		return;
	make_active_file(pid, f, 64);
	CHECK_EQ(nr_lru(LRU_ACTIVE_FILE), 64);
	CHECK_EQ(nr_lru(LRU_INACTIVE_FILE), 0);
	CHECK_EQ(ev(VM_pgactivate), 64);
	CHECK_EQ(node_data.lruvec.nonresident_age, 64);
	free0 = fw_free_pages();

	/*
	 * Per priority p: scan = size >> p of each list; inactive lists first in a round (LRU
	 * order), the active file list aged while inactive * 1 < active:
	 *   p  inactive scan (reclaimed)   active scan (deactivated)   after: inactive, active
	 *   6   0 >> 6 = 0                 64 >> 6 = 1                  1, 63
	 *   5   1 >> 5 = 0                 63 >> 5 = 1                  2, 62
	 *   4   2 >> 4 = 0                 62 >> 4 = 3                  5, 59
	 *   3   5 >> 3 = 0                 59 >> 3 = 7                 12, 52
	 *   2  12 >> 2 = 3                 52 >> 2 = 13                22, 39
	 *   1  22 >> 1 = 11                39 >> 1 = 19                30, 20
	 *   0  30                          inactive not low: skipped    0, 20
	 * Reclaimed 3 + 11 + 30 = 44 >= SWAP_CLUSTER_MAX: stop. Deactivated 1+1+3+7+13+19 = 44.
	 * Deactivated pages are unreferenced (activation cleared PG_referenced) and unmapped:
	 * each is reclaimed when scanned.
	 */
	r = try_to_free_pages(0, GFP_KERNEL);
	CHECK_EQ(r, 44);
	CHECK_EQ(ev(VM_pgdeactivate), 44);
	CHECK_EQ(ev(VM_pgrefill), 44);
	CHECK_EQ(ev(VM_pgscan_direct), 44);
	CHECK_EQ(ev(VM_pgscan_file), 44);
	CHECK_EQ(ev(VM_pgsteal_direct), 44);
	CHECK_EQ(ev(VM_pgsteal_file), 44);
	CHECK_EQ(ev(VM_pgscan_anon), 0);
	CHECK_EQ(ev(VM_pgrotated), 0);
	CHECK_EQ(ev(VM_pgactivate), 64);
	CHECK_EQ(nr_lru(LRU_ACTIVE_FILE), 20);
	CHECK_EQ(nr_lru(LRU_INACTIVE_FILE), 0);
	CHECK_EQ(file_table[f].nrpages, 20);
	CHECK_EQ(fw_free_pages(), free0 + 44);
	/* each eviction and activation ages the node by one: 64 + 44 */
	CHECK_EQ(node_data.lruvec.nonresident_age, 108);
	/*
	 * The tail of the active list is the oldest activation: indices 0..43 were deactivated
	 * and evicted, leaving shadow entries marked workingset (they had been active) with the
	 * ages of the 44 evictions, 65..108, once each; 44..63 are still cached and active.
	 */
	for (u64 i = 0; i < 64; i++) {
		u32 x = file_table[f].cache[i];

		if (i < 44) {
			CHECK(xa_is_shadow(x) && (x & XA_SHADOW_WORKINGSET));
			if (xa_is_shadow(x) && (x & XA_SHADOW_AGE_MASK) < ARRAY_SIZE(seen_age)) {
				seen_age[x & XA_SHADOW_AGE_MASK]++;
				nr_shadow++;
			}
		} else {
			CHECK(xa_page(x) && PageActive(xa_page(x)) && PageLRU(xa_page(x)));
		}
	}
	CHECK_EQ(nr_shadow, 44);
	for (u64 a = 65; a <= 108; a++)
		CHECK_EQ(seen_age[a], 1);
}

/*
 * The second chance (page_check_references): a mapped file page whose PTE was young is kept
 * once (pgrotated, PG_referenced set); one that is referenced again is activated; one that
 * was not used since is reclaimed.
 */
static void test_lru_second_chance(void)
{
	struct env_cfg e = { .mem_mb = 16, .disk_pages = 16 };
	struct mm_struct *mm;
	struct page *p3;
	u64 v, hw_af;
	int pid, f;

	env_up(&e);
	fill_disk(16);
	pid = fw_proc_create("refs");
	f = fw_file_create(4, 0, false);
	CHECK(pid >= 0 && f >= 0);
	if (pid < 0 || f < 0)
		return;
	mm = fw_mm(pid);
	CHECK_EQ(fw_mmap(pid, VA_FILE, 4 * PAGE_SIZE, VM_READ, f, 0), 0);
	for (u64 i = 0; i < 4; i++) {
		CHECK_EQ(fw_load(pid, VA_FILE + i * PAGE_SIZE, &v), 0);
		CHECK_EQ(v, disk_word(i, 0));
	}
	lru_add_drain();
	CHECK_EQ(nr_lru(LRU_INACTIVE_FILE), 4);
	CHECK_EQ(mm->rss_file, 4);

	/*
	 * The list is F3 F2 F1 F0 (F0 at the tail); the harvest finds 4 young PTEs. No swap:
	 * file only; 4 >> p is 0 above p = 2.
	 *   p 2: scan 1: F0 young -> keep (rotated to the head)      F0 F3 F2 F1
	 *   p 1: scan 2: F1, F2 young -> keep                        F2 F1 F0 F3
	 *   p 0: scan 4: F3 young -> keep; F0, F1, F2 referenced but not young -> reclaimed
	 */
	CHECK_EQ(try_to_free_pages(0, GFP_KERNEL), 3);
	CHECK_EQ(ev(VM_aging_young), 4);
	CHECK_EQ(ev(VM_pgrotated), 4);
	CHECK_EQ(ev(VM_pgscan_direct), 1 + 2 + 4);
	CHECK_EQ(ev(VM_pgsteal_file), 3);
	CHECK_EQ(ev(VM_pgactivate), 0);
	CHECK_EQ(nr_lru(LRU_INACTIVE_FILE), 1);
	CHECK_EQ(nr_lru(LRU_ACTIVE_FILE), 0);
	CHECK_EQ(mm->rss_file, 1);
	for (u64 i = 0; i < 3; i++) {
		CHECK_EQ(pte_at(pid, VA_FILE + i * PAGE_SIZE), 0);
		CHECK(xa_is_shadow(file_table[f].cache[i]));
		/* never active: no workingset mark */
		CHECK(!(file_table[f].cache[i] & XA_SHADOW_WORKINGSET));
	}
	p3 = page_at(pid, VA_FILE + 3 * PAGE_SIZE);
	CHECK(p3 != NULL && p3 == cache_page(f, 3));
	if (!p3)
		return;
	CHECK(PageReferenced(p3) && !PageActive(p3));

	/* the harvest invalidated F3's translation: the next load sets AF in hardware again */
	hw_af = ev(VM_hw_af_update);
	CHECK_EQ(fw_load(pid, VA_FILE + 3 * PAGE_SIZE, &v), 0);
	CHECK_EQ(v, disk_word(3, 0));
	CHECK_EQ(ev(VM_hw_af_update), hw_af + 1);
	/* young again while PG_referenced: activated (1 >> p is 0 above p = 0) */
	CHECK_EQ(try_to_free_pages(0, GFP_KERNEL), 0);
	CHECK_EQ(ev(VM_pgactivate), 1);
	CHECK_EQ(ev(VM_pgrotated), 4);
	CHECK(PageActive(p3) && PageLRU(p3));
	CHECK_EQ(nr_lru(LRU_ACTIVE_FILE), 1);
	CHECK_EQ(nr_lru(LRU_INACTIVE_FILE), 0);
	CHECK(page_at(pid, VA_FILE + 3 * PAGE_SIZE) == p3);
	fw_proc_exit(pid);
}

/* mlocked pages are unevictable: kept off the evictable lists and never reclaimed */
static void test_lru_unevictable(void)
{
	struct env_cfg e = { .mem_mb = 16, .swap_pages = 64 };
	struct mm_struct *mm;
	int pid, iter;

	env_up(&e);
	pid = fw_proc_create("mlock");
	CHECK(pid >= 0);
	if (pid < 0)
		return;
	mm = fw_mm(pid);
	CHECK_EQ(fw_mmap(pid, VA_ANON, 4 * PAGE_SIZE, VM_READ | VM_WRITE, -1, 0), 0);
	CHECK_EQ(fw_mmap(pid, VA_ANON2, 8 * PAGE_SIZE, VM_READ | VM_WRITE, -1, 0), 0);
	CHECK_EQ(fw_mmap(pid, VA_ANON3, 3 * PAGE_SIZE, VM_READ | VM_WRITE | VM_LOCKED, -1, 0), 0);
	CHECK_EQ(store_pages(pid, VA_ANON, 0, 4, false), 0);
	CHECK_EQ(store_pages(pid, VA_ANON2, 0, 8, false), 0);
	lru_add_drain();
	CHECK_EQ(nr_lru(LRU_INACTIVE_ANON), 12);
	CHECK_EQ(nr_lru(LRU_UNEVICTABLE), 0);

	/* mlock moves the resident pages of the range */
	CHECK_EQ(fw_mlock(pid, VA_ANON, 4 * PAGE_SIZE), 0);
	CHECK_EQ(nr_lru(LRU_INACTIVE_ANON), 8);
	CHECK_EQ(nr_lru(LRU_UNEVICTABLE), 4);
	for (u64 i = 0; i < 4; i++) {
		struct page *p = page_at(pid, VA_ANON + i * PAGE_SIZE);

		CHECK(p && PageUnevictable(p) && PageLRU(p) && !PageActive(p));
		CHECK(p && page_lru(p) == LRU_UNEVICTABLE);
	}
	/* pages faulted into a VM_LOCKED range go to the unevictable list at once */
	CHECK_EQ(store_pages(pid, VA_ANON3, 0, 3, false), 0);
	lru_add_drain();
	CHECK_EQ(nr_lru(LRU_UNEVICTABLE), 7);
	CHECK_EQ(nr_lru(LRU_INACTIVE_ANON), 8);

	/* reclaim until the evictable anon pages are gone: the 7 locked ones stay */
	for (iter = 0; iter < 40 && nr_lru(LRU_INACTIVE_ANON) + nr_lru(LRU_ACTIVE_ANON); iter++)
		try_to_free_pages(0, GFP_KERNEL);
	CHECK_LE(iter, 39);
	CHECK_EQ(nr_lru(LRU_INACTIVE_ANON) + nr_lru(LRU_ACTIVE_ANON), 0);
	CHECK_EQ(nr_lru(LRU_UNEVICTABLE), 7);
	CHECK_EQ(ev(VM_pswpout), 8);
	CHECK_EQ(ev(VM_pgsteal_anon), 8);
	CHECK_EQ(ev(VM_unevictable_pgs_culled), 0);
	CHECK_EQ(mm->swapents, 8);
	CHECK_EQ(mm->rss_anon, 7);
	CHECK_EQ(swap_info.inuse, 1 + 8);
	for (u64 i = 0; i < 4; i++)
		CHECK(pte_present(pte_at(pid, VA_ANON + i * PAGE_SIZE)));
	for (u64 i = 0; i < 3; i++)
		CHECK(pte_present(pte_at(pid, VA_ANON3 + i * PAGE_SIZE)));
	for (u64 i = 0; i < 8; i++)
		CHECK(pte_is_swap(pte_at(pid, VA_ANON2 + i * PAGE_SIZE)));
	/* all content intact; the 8 swapped pages come back from swap */
	CHECK_EQ(verify_pages(pid, VA_ANON, 0, 4, false), 0);
	CHECK_EQ(verify_pages(pid, VA_ANON3, 0, 3, false), 0);
	CHECK_EQ(verify_pages(pid, VA_ANON2, 0, 8, false), 0);
	CHECK_EQ(ev(VM_pswpin), 8);
	fw_proc_exit(pid);
	CHECK_EQ(swap_info.inuse, 1);
	CHECK_EQ(nr_lru(LRU_UNEVICTABLE), 0);
	CHECK_EQ(fw_free_pages(), managed_total());
}

static void test_lru(void)
{
	test_lru_add_and_activate();
	test_lru_demotion();
	test_lru_second_chance();
	test_lru_unevictable();
}

/* ---- 4. the shrinker protocol ------------------------------------------------------------ */

struct fake_shrinker {
	struct shrinker s;
	u64 freeable;		/* what count_objects reports */
	u64 stop_at;		/* scan call (1-based) that returns SHRINK_STOP; 0: none */
	u64 scan_div;		/* report nr_scanned = nr_to_scan / scan_div when > 1 */
	u64 counts, calls, asked_sum, scanned_sum, preset_wrong, asked_other;
	u64 asked_first;	/* nr_to_scan of the first call since the last reset */
	u32 gfp;
};

static u64 fake_count(struct shrinker *s, struct shrink_control *sc)
{
	struct fake_shrinker *f = container_of(s, struct fake_shrinker, s);

	f->counts++;
	f->gfp = sc->gfp_mask;
	return f->freeable;
}

static u64 fake_scan(struct shrinker *s, struct shrink_control *sc)
{
	struct fake_shrinker *f = container_of(s, struct fake_shrinker, s);

	f->calls++;
	/* the caller presets nr_scanned to nr_to_scan */
	f->preset_wrong += sc->nr_scanned != sc->nr_to_scan;
	if (!f->asked_first)
		f->asked_first = sc->nr_to_scan;
	else if (sc->nr_to_scan != f->asked_first)
		f->asked_other++;
	f->asked_sum += sc->nr_to_scan;
	if (f->stop_at && f->calls == f->stop_at)
		return SHRINK_STOP;
	if (f->scan_div > 1)
		sc->nr_scanned = sc->nr_to_scan / f->scan_div;
	f->scanned_sum += sc->nr_scanned;
	return sc->nr_scanned / 2;	/* half of what it scanned is freed */
}

/* New round parameters; the shrinker stays registered, its deferred work is set to @deferred. */
static void fake_reset(struct fake_shrinker *f, u64 freeable, u64 batch, int seeks, u64 deferred)
{
	f->s.count_objects = fake_count;
	f->s.scan_objects = fake_scan;
	f->s.batch = batch;
	f->s.seeks = seeks;
	f->s.nr_deferred = deferred;
	f->freeable = freeable;
	f->stop_at = 0;
	f->scan_div = 0;
	f->counts = f->calls = f->asked_sum = f->scanned_sum = 0;
	f->preset_wrong = f->asked_other = f->asked_first = 0;
	f->gfp = 0;
}

static void test_shrinkers(void)
{
	static struct fake_shrinker A, B;
	struct env_cfg e = { .mem_mb = 16 };
	u64 ss, sf, stop, ret, free0;

	env_up(&e);
	fake_reset(&A, 0, 0, DEFAULT_SEEKS, 0);
	fake_reset(&B, 0, 0, DEFAULT_SEEKS, 0);
	register_shrinker(&A.s);
	CHECK_EQ(A.s.nr_deferred, 0);
	/* the dcache shrinker (registered at boot) counts 0 objects: it is never asked to scan */
	CHECK_EQ(fw_nr_dentry(), 0);

	/*
	 * a. freeable 1000, seeks 2, batch 0 (= 128), priority 0, nothing deferred:
	 *    delta = (1000 >> 0) * 4 / 2 = 2000, total = min(2000, 2 * 1000) = 2000;
	 *    calls of min(128, left) while left >= 128 or left >= 1000: 15 x 128 = 1920, 80 left;
	 *    deferred = 0 + 2000 - 1920 = 80; freed (half of scanned) = 960.
	 */
	fake_reset(&A, 1000, 0, DEFAULT_SEEKS, 0);
	ss = ev(VM_slabs_scanned);
	sf = ev(VM_slabs_freed);
	ret = shrink_slab(GFP_KERNEL, 0);
	CHECK_EQ(A.counts, 1);
	CHECK_EQ(A.calls, 15);
	CHECK_EQ(A.asked_first, 128);
	CHECK_EQ(A.asked_other, 0);
	CHECK_EQ(A.asked_sum, 1920);
	CHECK_EQ(A.preset_wrong, 0);
	CHECK_EQ(A.gfp, GFP_KERNEL);
	CHECK_EQ(A.s.nr_deferred, 80);
	CHECK_EQ(ret, 960);
	CHECK_EQ(ev(VM_slabs_scanned) - ss, 1920);
	CHECK_EQ(ev(VM_slabs_freed) - sf, 960);
	CHECK_EQ(ev(VM_shrink_stop), 0);

	/*
	 * b. the same at priority 2 with 80 deferred: total = (80 >> 2) + (1000 >> 2) * 4 / 2
	 *    = 20 + 500 = 520: 4 x 128 = 512; deferred = 80 + 500 - 512 = 68.
	 */
	fake_reset(&A, 1000, 0, DEFAULT_SEEKS, 80);
	ss = ev(VM_slabs_scanned);
	CHECK_EQ(shrink_slab(GFP_KERNEL, 2), 4 * 64);
	CHECK_EQ(A.calls, 4);
	CHECK_EQ(A.asked_sum, 512);
	CHECK_EQ(A.s.nr_deferred, 68);
	CHECK_EQ(ev(VM_slabs_scanned) - ss, 512);

	/* c. fewer than a batch: freeable 50 -> total 100 >= freeable: one call for all 100 */
	fake_reset(&A, 50, 0, DEFAULT_SEEKS, 0);
	shrink_slab(GFP_KERNEL, 0);
	CHECK_EQ(A.calls, 1);
	CHECK_EQ(A.asked_first, 100);
	CHECK_EQ(A.s.nr_deferred, 0);

	/*
	 * d. a shrinker that scans half of what it is asked: freeable 300, batch 100: total 600,
	 *    each call asks 100 and takes 50 off; calls go on while left >= 100: 600, 550, ...,
	 *    100: 11 calls, 550 scanned, 50 deferred.
	 */
	fake_reset(&A, 300, 100, DEFAULT_SEEKS, 0);
	A.scan_div = 2;
	ss = ev(VM_slabs_scanned);
	CHECK_EQ(shrink_slab(GFP_KERNEL, 0), 11 * 25);
	CHECK_EQ(A.calls, 11);
	CHECK_EQ(A.asked_first, 100);
	CHECK_EQ(A.asked_other, 0);
	CHECK_EQ(A.scanned_sum, 550);
	CHECK_EQ(A.s.nr_deferred, 50);
	CHECK_EQ(ev(VM_slabs_scanned) - ss, 550);

	/*
	 * e. SHRINK_STOP on A's third call ends A's round (256 scanned, deferred 2000 - 256 =
	 *    1744); B, after A on the list, still gets its share: freeable 10 -> one call of 20.
	 */
	register_shrinker(&B.s);
	fake_reset(&A, 1000, 0, DEFAULT_SEEKS, 0);
	A.stop_at = 3;
	fake_reset(&B, 10, 0, DEFAULT_SEEKS, 0);
	ss = ev(VM_slabs_scanned);
	sf = ev(VM_slabs_freed);
	stop = ev(VM_shrink_stop);
	ret = shrink_slab(GFP_KERNEL, 0);
	CHECK_EQ(A.calls, 3);
	CHECK_EQ(A.scanned_sum, 256);
	CHECK_EQ(A.s.nr_deferred, 1744);
	CHECK_EQ(B.calls, 1);
	CHECK_EQ(B.asked_first, 20);
	CHECK_EQ(B.s.nr_deferred, 0);
	CHECK_EQ(ev(VM_shrink_stop) - stop, 1);
	CHECK_EQ(ev(VM_slabs_scanned) - ss, 256 + 20);
	CHECK_EQ(ret, 128 + 10);
	CHECK_EQ(ev(VM_slabs_freed) - sf, 138);

	/* f. nothing to free (0 or SHRINK_EMPTY): counted, never scanned, deferral untouched */
	fake_reset(&A, 0, 0, DEFAULT_SEEKS, 1744);
	fake_reset(&B, SHRINK_EMPTY, 0, DEFAULT_SEEKS, 7);
	ss = ev(VM_slabs_scanned);
	CHECK_EQ(shrink_slab(GFP_KERNEL, 0), 0);
	CHECK_EQ(A.counts, 1);
	CHECK_EQ(B.counts, 1);
	CHECK_EQ(A.calls + B.calls, 0);
	CHECK_EQ(A.s.nr_deferred, 1744);
	CHECK_EQ(B.s.nr_deferred, 7);
	CHECK_EQ(ev(VM_slabs_scanned), ss);

	/* g. seeks 0 (objects free to recreate): delta = freeable / 2 whatever the priority */
	fake_reset(&A, 1000, 0, 0, 0);
	fake_reset(&B, 0, 0, DEFAULT_SEEKS, 0);
	shrink_slab(GFP_KERNEL, 5);
	CHECK_EQ(A.calls, 3);
	CHECK_EQ(A.asked_sum, 384);
	CHECK_EQ(A.s.nr_deferred, 500 - 384);

	/*
	 * h. small shares accumulate: freeable 100000 at priority 12: delta = (100000 >> 12) * 4
	 *    / 2 = 48 < one batch, no call, all deferred: 48, 96, 144. Then priority 0: total =
	 *    144 + 200000 capped at 200000: 1562 calls (199936), deferred 144 + 200000 - 199936
	 *    = 208. At priority 1 the deferred work counts 208 >> 1 = 104: total 104 + 100000:
	 *    782 calls (100096), deferred 208 + 100000 - 100096 = 112.
	 */
	fake_reset(&A, 100000, 0, DEFAULT_SEEKS, 0);
	for (u64 round = 1; round <= 3; round++) {
		shrink_slab(GFP_KERNEL, DEF_PRIORITY);
		CHECK_EQ(A.calls, 0);
		CHECK_EQ(A.s.nr_deferred, 48 * round);
	}
	shrink_slab(GFP_KERNEL, 0);
	CHECK_EQ(A.calls, 1562);
	CHECK_EQ(A.asked_sum, 199936);
	CHECK_EQ(A.asked_other, 0);
	CHECK_EQ(A.s.nr_deferred, 208);
	fake_reset(&A, 100000, 0, DEFAULT_SEEKS, 208);
	shrink_slab(GFP_KERNEL, 1);
	CHECK_EQ(A.calls, 782);
	CHECK_EQ(A.s.nr_deferred, 112);

	/*
	 * i. deferral is capped at twice the freeable objects: freeable 10, every call stops:
	 *    first round defers 0 + 20 - 0 = 20; second 20 + 20 = 40, capped to 20.
	 */
	fake_reset(&A, 10, 0, DEFAULT_SEEKS, 0);
	A.stop_at = 1;
	stop = ev(VM_shrink_stop);
	shrink_slab(GFP_KERNEL, 0);
	CHECK_EQ(A.calls, 1);
	CHECK_EQ(A.s.nr_deferred, 20);
	A.stop_at = 2;
	shrink_slab(GFP_KERNEL, 0);
	CHECK_EQ(A.calls, 2);
	CHECK_EQ(A.s.nr_deferred, 20);
	CHECK_EQ(ev(VM_shrink_stop) - stop, 2);

	/* j. the caller's context reaches the shrinker */
	fake_reset(&A, 10, 0, DEFAULT_SEEKS, 0);
	shrink_slab(GFP_NOFS, DEF_PRIORITY);
	CHECK_EQ(A.gfp, GFP_NOFS);

	/* unregistered shrinkers are not called */
	unregister_shrinker(&A.s);
	unregister_shrinker(&B.s);
	fake_reset(&A, 1000, 0, DEFAULT_SEEKS, 0);
	fake_reset(&B, 1000, 0, DEFAULT_SEEKS, 0);
	CHECK_EQ(shrink_slab(GFP_KERNEL, 0), 0);
	CHECK_EQ(A.counts + B.counts, 0);

	/*
	 * k. the dcache shrinker. 10 lookups make 10 unused dentries in one slab page (32 per
	 *    page), 4 of them looked up again (referenced). Without __GFP_FS it stops at once
	 *    (deferring 0 + 20). With GFP_KERNEL: total = 20 + 20, capped at 20; one call asked
	 *    20 walks the LRU from its tail: names 1..4 referenced (rotated, 4 scanned), 5..10
	 *    freed (6), then 1..4 freed (4): 14 scanned, the LRU is empty; 6 left < 10: done.
	 *    The empty slab page goes back to the buddy allocator.
	 */
	free0 = fw_free_pages();
	for (u64 n = 1; n <= 10; n++)
		CHECK_EQ(fw_lookup(n), 0);
	for (u64 n = 1; n <= 4; n++)
		CHECK_EQ(fw_lookup(n), 0);
	CHECK_EQ(fw_nr_dentry(), 10);
	CHECK_EQ(fw_nr_slab_pages(), 1);
	CHECK_EQ(ev(VM_dentry_alloc), 10);
	CHECK_EQ(ev(VM_dentry_hit), 4);
	CHECK_EQ(fw_free_pages(), free0 - 1);
	stop = ev(VM_shrink_stop);
	CHECK_EQ(shrink_slab(GFP_NOFS, 0), 0);
	CHECK_EQ(ev(VM_shrink_stop) - stop, 1);
	CHECK_EQ(fw_nr_dentry(), 10);
	ss = ev(VM_slabs_scanned);
	sf = ev(VM_slabs_freed);
	reclaim_state_reclaimed = 0;
	CHECK_EQ(shrink_slab(GFP_KERNEL, 0), 10);
	CHECK_EQ(ev(VM_slabs_scanned) - ss, 14);
	CHECK_EQ(ev(VM_slabs_freed) - sf, 10);
	CHECK_EQ(fw_nr_dentry(), 0);
	CHECK_EQ(fw_nr_slab_pages(), 0);
	CHECK_EQ(ev(VM_slab_pages_free), 1);
	CHECK_EQ(reclaim_state_reclaimed, 1);
	CHECK_EQ(fw_free_pages(), free0);

	/*
	 * l. all unused and unreferenced, at priority 0: 10 dentries, deferred min(20 + 20 - 14,
	 *    20) = 20: total 20 + 20 capped at 20. The first call frees all 10 (scanned 10); 10
	 *    left >= freeable 10, so a second call is made, which finds nothing (scanned 0): the
	 *    round must end there rather than call again forever.
	 */
	for (u64 n = 101; n <= 110; n++)
		CHECK_EQ(fw_lookup(n), 0);
	CHECK_EQ(fw_nr_dentry(), 10);
	ss = ev(VM_slabs_scanned);
	CHECK_EQ(shrink_slab(GFP_KERNEL, 0), 10);
	CHECK_EQ(ev(VM_slabs_scanned) - ss, 10);
	CHECK_EQ(fw_nr_dentry(), 0);
	CHECK_EQ(fw_nr_slab_pages(), 0);
	/* a lookup after the shrink creates the dentry again */
	CHECK_EQ(fw_lookup(101), 0);
	CHECK_EQ(fw_nr_dentry(), 1);
	CHECK_EQ(ev(VM_dentry_alloc), 21);
}

/* ---- 5. swap slots ----------------------------------------------------------------------- */

static void test_swap_slots(void)
{
	struct env_cfg e = { .mem_mb = 16, .swap_pages = 64 };
	static struct page *pages[64];
	u64 seen[64] = { 0 }, free0, pgfree0;
	struct page *p, *q, *extra;
	u32 shadow;
	int pid;

	env_up(&e);
	CHECK_EQ(swap_info.max, 64);
	CHECK_EQ(swap_info.inuse, 1);
	CHECK_EQ(swap_info.swap_map[0], SWAP_MAP_BAD);
	CHECK_EQ(nr_swap_pages(), 63);
	pid = fw_proc_create("swap");
	CHECK(pid >= 0);
	if (pid < 0)
		return;
	CHECK_EQ(fw_mmap(pid, VA_ANON, PAGE_SIZE, VM_READ | VM_WRITE, -1, 0), 0);
	CHECK_EQ(store_pages(pid, VA_ANON, 0, 1, false), 0);
	lru_add_drain();
	p = page_at(pid, VA_ANON);
	CHECK(p != NULL);
	if (!p)
		return;

	/* the first slot: next fit from 1 (slot 0 is the header) */
	CHECK(add_to_swap(p));
	CHECK_EQ(p->private, 1);
	CHECK(PageSwapCache(p) && PageDirty(p));
	CHECK_EQ(swap_info.swap_map[1], SWAP_HAS_CACHE);
	CHECK_EQ(swap_info.cache[1], page_to_pfn(p) + 1);
	CHECK_EQ(swap_info.inuse, 2);
	CHECK_EQ(nr_swap_pages(), 62);
	/* two swap PTEs, then both gone: the page is mapped, so it stays in the cache */
	swap_duplicate(1);
	swap_duplicate(1);
	CHECK_EQ(swap_info.swap_map[1], SWAP_HAS_CACHE | 2);
	swap_free(1);
	CHECK_EQ(swap_info.swap_map[1], SWAP_HAS_CACHE | 1);
	swap_free(1);
	CHECK_EQ(swap_info.swap_map[1], SWAP_HAS_CACHE);
	CHECK_EQ(swap_info.inuse, 2);
	CHECK(PageSwapCache(p));
	CHECK(xa_page(swap_info.cache[1]) == p);
	/* leaving the cache drops the last reference: the slot is free */
	delete_from_swap_cache(p, 0);
	CHECK_EQ(swap_info.swap_map[1], 0);
	CHECK_EQ(swap_info.cache[1], 0);
	CHECK_EQ(swap_info.inuse, 1);
	CHECK(!PageSwapCache(p));
	CHECK_EQ(p->private, 0);

	/* a slot outlives the cache while a PTE refers to it; its shadow entry dies with it */
	CHECK(add_to_swap(p));
	CHECK_EQ(p->private, 2);
	swap_duplicate(2);
	delete_from_swap_cache(p, XA_SHADOW | 77);
	CHECK_EQ(swap_info.swap_map[2], 1);
	CHECK_EQ(swap_info.inuse, 2);
	CHECK(lookup_swap_cache(2, &shadow) == NULL);
	CHECK_EQ(shadow, XA_SHADOW | 77);
	swap_free(2);
	CHECK_EQ(swap_info.swap_map[2], 0);
	CHECK_EQ(swap_info.cache[2], 0);
	CHECK_EQ(swap_info.inuse, 1);
	ClearPageDirty(p);

	/* an unmapped cached page whose last swap reference goes is freed with its slot */
	q = alloc_page(GFP_KERNEL);
	CHECK(q != NULL);
	if (!q)
		return;
	SetPageSwapBacked(q);
	free0 = fw_free_pages();
	pgfree0 = ev(VM_pgfree);
	CHECK(add_to_swap(q));
	CHECK_EQ(q->private, 3);
	swap_duplicate(3);
	swap_free(3);
	CHECK_EQ(swap_info.swap_map[3], 0);
	CHECK_EQ(swap_info.cache[3], 0);
	CHECK_EQ(swap_info.inuse, 1);
	CHECK_EQ(ev(VM_pgfree), pgfree0 + 1);
	CHECK_EQ(fw_free_pages(), free0 + 1);

	/* fill the area: the 63 slots 4..63, 1..3 (next fit wraps past the header), each once */
	for (int i = 0; i < 63; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		CHECK(pages[i] != NULL);
		if (!pages[i])
			return;
		SetPageSwapBacked(pages[i]);
		CHECK(add_to_swap(pages[i]));
		CHECK_EQ(pages[i]->private, i < 60 ? 4 + i : i - 59);
		if (pages[i]->private < 64)
			seen[pages[i]->private]++;
	}
	CHECK_EQ(seen[0], 0);
	for (int s = 1; s < 64; s++)
		CHECK_EQ(seen[s], 1);
	CHECK_EQ(swap_info.inuse, 64);
	CHECK_EQ(nr_swap_pages(), 0);
	CHECK(vm_swap_full());
	/* full */
	extra = alloc_page(GFP_KERNEL);
	CHECK(extra != NULL);
	if (!extra)
		return;
	SetPageSwapBacked(extra);
	CHECK(!add_to_swap(extra));
	CHECK(!PageSwapCache(extra));
	CHECK_EQ(swap_info.inuse, 64);
	/* vm_swap_full: more than half in use (inuse * 2 > 64) */
	for (int i = 0; i < 63; i++) {
		delete_from_swap_cache(pages[i], 0);
		__free_pages(pages[i], 0);
		if (swap_info.inuse == 33)
			CHECK(vm_swap_full());
		if (swap_info.inuse == 32)
			CHECK(!vm_swap_full());
	}
	CHECK_EQ(swap_info.inuse, 1);
	CHECK_EQ(nr_swap_pages(), 63);
	__free_pages(extra, 0);
	fw_proc_exit(pid);
	CHECK_EQ(swap_info.inuse, 1);
	CHECK_EQ(fw_free_pages(), managed_total());
}

/*
 * End to end: 3072 anon pages (12 MiB) in 8 MiB of RAM with 16 MiB of swap. The machine's
 * loop runs kswapd (fw_tick) between accesses.
 */
static void test_swap_end_to_end(void)
{
	struct env_cfg e = { .mem_mb = 8, .swap_pages = 4096 };
	const u64 n = 3072;
	struct mm_struct *mm;
	int pid;

	env_up(&e);
	pid = fw_proc_create("big");
	CHECK(pid >= 0);
	if (pid < 0)
		return;
	mm = fw_mm(pid);
	CHECK_EQ(fw_mmap(pid, VA_ANON, n * PAGE_SIZE, VM_READ | VM_WRITE, -1, 0), 0);
	CHECK_EQ(store_pages(pid, VA_ANON, 0, n, true), 0);
	CHECK(fw_proc_alive(pid));
	CHECK_GT(ev(VM_pswpout), 0);
	CHECK_EQ(ev(VM_oom_kill), 0);
	CHECK_EQ(mm->rss_anon + mm->swapents, n);
	CHECK_GE(mm->swapents, n - managed_total());
	CHECK_EQ(ev(VM_swap_write_error) + ev(VM_swap_read_error), 0);
	/* every slot in use is a page's swap copy (referenced by PTEs or the swap cache) */
	CHECK_LE(mm->swapents, swap_info.inuse - 1);
	/* read everything back */
	CHECK_EQ(verify_pages(pid, VA_ANON, 0, n, true), 0);
	CHECK(fw_proc_alive(pid));
	CHECK_GT(ev(VM_pswpin), 0);
	CHECK_GT(ev(VM_workingset_refault_anon), 0);
	CHECK_EQ(ev(VM_oom_kill), 0);
	CHECK_EQ(mm->rss_anon + mm->swapents, n);
	/* and once more, so that pages read back are evicted again (clean ones are not written) */
	CHECK_EQ(verify_pages(pid, VA_ANON, 0, n, true), 0);
	fw_proc_exit(pid);
	CHECK_EQ(swap_info.inuse, 1);
	lru_add_drain();
	CHECK_EQ(fw_free_pages(), managed_total());
	for (int l = 0; l < NR_LRU_LISTS; l++)
		CHECK_EQ(nr_lru((enum lru_list)l), 0);
}

static void test_swap(void)
{
	test_swap_slots();
	test_swap_end_to_end();
}

/* ---- 6. refault activation --------------------------------------------------------------- */

/*
 * The working-set size a refaulting page competes with (mm/workingset.c): the active file
 * list, plus the inactive file list for anon pages, plus, when swap can be used, the active
 * anon list, plus the inactive anon list for file pages.
 */
static u64 ws_rule(bool file, u64 act_file, u64 inact_file, u64 act_anon, u64 inact_anon,
		   bool swap)
{
	u64 ws = act_file;

	if (!file)
		ws += inact_file;
	if (swap) {
		ws += act_anon;
		if (file)
			ws += inact_anon;
	}
	return ws;
}

/*
 * Evict @q (clean flags, anon or file), age the node by @distance, refault; returns whether
 * @q was activated, and checks the counters and the clock.
 */
static bool refault_at(struct page *q, bool file, bool workingset, u64 distance)
{
	struct lruvec *lv = &node_data.lruvec;
	u64 refault = ev(VM_workingset_refault), act = ev(VM_workingset_activate);
	u64 kind = ev(file ? VM_workingset_refault_file : VM_workingset_refault_anon);
	u64 kact = ev(file ? VM_workingset_activate_file : VM_workingset_activate_anon);
	u64 restore = ev(VM_workingset_restore), age;
	bool active;
	u32 shadow;

	q->flags = 0;
	if (!file)
		SetPageSwapBacked(q);
	if (workingset)
		SetPageWorkingset(q);
	age = lv->nonresident_age;
	shadow = workingset_eviction(q);
	CHECK_EQ(lv->nonresident_age, age + 1);
	CHECK(xa_is_shadow(shadow));
	CHECK_EQ(shadow & XA_SHADOW_AGE_MASK, (age + 1) & XA_SHADOW_AGE_MASK);
	CHECK_EQ(!!(shadow & XA_SHADOW_WORKINGSET), workingset);
	workingset_age_nonresident(lv, distance);
	q->flags = 0;
	if (!file)
		SetPageSwapBacked(q);
	workingset_refault(q, shadow);
	active = PageActive(q);
	CHECK_EQ(ev(VM_workingset_refault), refault + 1);
	CHECK_EQ(ev(file ? VM_workingset_refault_file : VM_workingset_refault_anon), kind + 1);
	CHECK_EQ(ev(VM_workingset_activate), act + active);
	CHECK_EQ(ev(file ? VM_workingset_activate_file : VM_workingset_activate_anon),
		 kact + active);
	CHECK_EQ(ev(VM_workingset_restore), restore + (active && workingset));
	CHECK_EQ(!!PageWorkingset(q), active && workingset);
	/* an activation ages the node too */
	CHECK_EQ(lv->nonresident_age, age + 1 + distance + active);
	q->flags = 0;
	return active;
}

/*
 * Lists of known sizes: active file 10, inactive file 20, active anon 3, inactive anon 5
 * (nonresident age 13 from the 13 activations).
 */
static int setup_lists(void)
{
	int pid = fw_proc_create("ws"), f = fw_file_create(40, 0, false);

	CHECK(pid >= 0 && f >= 0);
	if (pid < 0 || f < 0)
		return -1;
	make_active_file(pid, f, 10);
	for (u64 i = 10; i < 30; i++)
		read_file_page(pid, f, i, 0);
	CHECK_EQ(fw_mmap(pid, VA_ANON, 8 * PAGE_SIZE, VM_READ | VM_WRITE, -1, 0), 0);
	CHECK_EQ(store_pages(pid, VA_ANON, 0, 8, false), 0);
	lru_add_drain();
	for (u64 i = 0; i < 3; i++) {
		struct page *p = page_at(pid, VA_ANON + i * PAGE_SIZE);

		CHECK(p != NULL);
		if (!p)
			return -1;
		mark_page_accessed(p);
		mark_page_accessed(p);
	}
	lru_add_drain();
	CHECK_EQ(nr_lru(LRU_ACTIVE_FILE), 10);
	CHECK_EQ(nr_lru(LRU_INACTIVE_FILE), 20);
	CHECK_EQ(nr_lru(LRU_ACTIVE_ANON), 3);
	CHECK_EQ(nr_lru(LRU_INACTIVE_ANON), 5);
	CHECK_EQ(node_data.lruvec.nonresident_age, 13);
	return pid;
}

static void test_refault(void)
{
	struct env_cfg e = { .mem_mb = 16, .swap_pages = 64, .disk_pages = 128 };
	struct lruvec *lv = &node_data.lruvec;
	u64 ws_anon, ws_file, now, r65 = 0, r108 = 0;
	struct page *q, *p;
	int pid, f;

	/* with swap: anon competes with 10 + 20 + 3 = 33 pages, file with 10 + 3 + 5 = 18 */
	env_up(&e);
	fill_disk(128);
	if (setup_lists() < 0)
		return;
	ws_anon = ws_rule(false, 10, 20, 3, 5, true);
	ws_file = ws_rule(true, 10, 20, 3, 5, true);
	CHECK_EQ(ws_anon, 33);
	CHECK_EQ(ws_file, 18);
	CHECK_GT(nr_swap_pages(), 0);
	q = alloc_page(GFP_KERNEL);
	CHECK(q != NULL);
	if (!q)
		return;
	CHECK(refault_at(q, false, false, 0));
	CHECK(refault_at(q, false, false, ws_anon));
	CHECK(!refault_at(q, false, false, ws_anon + 1));
	CHECK(refault_at(q, false, true, ws_anon));
	CHECK(!refault_at(q, false, true, ws_anon + 100));
	CHECK(refault_at(q, true, false, ws_file));
	CHECK(!refault_at(q, true, false, ws_file + 1));
	CHECK(refault_at(q, true, true, 1));
	CHECK(!refault_at(q, true, true, ws_file + 1));
	/* the shadow's age is 30 bits: distances are computed modulo 2^30 */
	lv->nonresident_age = XA_SHADOW_AGE_MASK - 1;
	CHECK(refault_at(q, true, false, 5));
	CHECK_EQ(lv->nonresident_age & XA_SHADOW_AGE_MASK, 5);
	lv->nonresident_age = XA_SHADOW_AGE_MASK - 1;
	CHECK(!refault_at(q, true, false, ws_file + 1));
	/* the lists were not touched */
	CHECK_EQ(nr_lru(LRU_ACTIVE_FILE) + nr_lru(LRU_INACTIVE_FILE), 30);
	__free_pages(q, 0);

	/* without swap: anon competes with 10 + 20 = 30 pages, file with the active 10 only */
	e.swap_pages = 0;
	env_up(&e);
	fill_disk(128);
	if (setup_lists() < 0)
		return;
	ws_anon = ws_rule(false, 10, 20, 3, 5, false);
	ws_file = ws_rule(true, 10, 20, 3, 5, false);
	CHECK_EQ(ws_anon, 30);
	CHECK_EQ(ws_file, 10);
	CHECK_EQ(nr_swap_pages(), 0);
	q = alloc_page(GFP_KERNEL);
	CHECK(q != NULL);
	if (!q)
		return;
	CHECK(refault_at(q, true, false, 10));
	CHECK(!refault_at(q, true, false, 11));
	CHECK(refault_at(q, false, false, 30));
	CHECK(!refault_at(q, false, false, 31));
	__free_pages(q, 0);

	/*
	 * End to end, through reclaim and read(2): after test_lru_demotion's reclaim the node's
	 * age is 108 and indices 0..43 hold shadows aged 65..108 (workingset). The file page
	 * competes with the 20 active file pages (no swap).
	 */
	env_up(&e);
	fill_disk(128);
	pid = fw_proc_create("refault");
	f = fw_file_create(64, 0, false);
	CHECK(pid >= 0 && f >= 0);
	if (pid < 0 || f < 0)
		return;
	make_active_file(pid, f, 64);
	CHECK_EQ(try_to_free_pages(0, GFP_KERNEL), 44);
	CHECK_EQ(lv->nonresident_age, 108);
	for (u64 i = 0; i < 44; i++) {
		u32 x = file_table[f].cache[i];

		if ((x & XA_SHADOW_AGE_MASK) == 65)
			r65 = i;
		if ((x & XA_SHADOW_AGE_MASK) == 108)
			r108 = i;
	}
	/* the last eviction: distance 0 <= 20: active at once, restored */
	read_file_page(pid, f, r108, 0);
	p = cache_page(f, r108);
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK(PageActive(p) && PageWorkingset(p));
	CHECK_EQ(ev(VM_workingset_refault_file), 1);
	CHECK_EQ(ev(VM_workingset_activate_file), 1);
	CHECK_EQ(ev(VM_workingset_restore), 1);
	lru_add_drain();
	CHECK_EQ(nr_lru(LRU_ACTIVE_FILE), 21);
	now = lv->nonresident_age;
	CHECK_EQ(now, 109);
	/* the first eviction: distance 109 - 65 = 44 > 21: starts inactive */
	read_file_page(pid, f, r65, 0);
	p = cache_page(f, r65);
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK(!PageActive(p));
	CHECK_EQ(ev(VM_workingset_refault_file), 2);
	CHECK_EQ(ev(VM_workingset_activate_file), 1);
	lru_add_drain();
	CHECK_EQ(nr_lru(LRU_ACTIVE_FILE), 21);
	CHECK_EQ(nr_lru(LRU_INACTIVE_FILE), 1);
	CHECK_EQ(page_lru(p), LRU_INACTIVE_FILE);
}

/* ---- 7. a swap write error keeps the data ------------------------------------------------ */

static void test_swap_write_error(void)
{
	struct env_cfg e = { .mem_mb = 16, .swap_pages = 64, .swap_write_fail = 1.0 };
	struct mm_struct *mm;
	int pid, iter;

	env_up(&e);
	pid = fw_proc_create("wrerr");
	CHECK(pid >= 0);
	if (pid < 0)
		return;
	mm = fw_mm(pid);
	CHECK_EQ(fw_mmap(pid, VA_ANON, 8 * PAGE_SIZE, VM_READ | VM_WRITE, -1, 0), 0);
	CHECK_EQ(store_pages(pid, VA_ANON, 0, 8, false), 0);
	lru_add_drain();

	/*
	 * 8 young inactive anon pages, costs 0: SCAN_FRACT 60/200 above priority 0, rounded up:
	 * p 3: 1 page, p 2: 1, p 1: 2, all young: kept with PG_referenced; p 0 (SCAN_EQUAL):
	 * all 8: the 4 untouched ones are young (kept), the other 4 are referenced but not young:
	 * swap slot, unmapped, written: the write fails and they are activated, still resident
	 * (swap cache) and dirty.
	 */
	CHECK_EQ(try_to_free_pages(0, GFP_KERNEL), 0);
	CHECK_EQ(ev(VM_swap_write_error), 4);
	CHECK_EQ(ev(VM_pswpout), 0);
	CHECK_EQ(ev(VM_pgrotated), 8);
	CHECK_EQ(ev(VM_pgactivate), 4);
	CHECK_EQ(mm->swapents, 4);
	CHECK_EQ(mm->rss_anon, 4);
	CHECK_EQ(swap_info.inuse, 1 + 4);
	for (u64 i = 0; i < 8; i++) {
		u64 pte = pte_at(pid, VA_ANON + i * PAGE_SIZE);

		if (pte_is_swap(pte)) {
			struct page *c = xa_page(swap_info.cache[pte_swp_slot(pte)]);

			CHECK(c && PageSwapCache(c) && PageDirty(c) && PageActive(c));
		}
	}
	/* the data never left memory: loads find the pages in the swap cache, no I/O */
	CHECK_EQ(verify_pages(pid, VA_ANON, 0, 8, false), 0);
	CHECK_EQ(ev(VM_pswpin), 0);
	CHECK_EQ(ev(VM_pgmajfault), 0);
	CHECK_EQ(mm->rss_anon, 8);
	CHECK_EQ(mm->swapents, 0);

	/* the device works again: everything can be swapped out and read back */
	plat_host_inject_enable(false);
	for (iter = 0; iter < 40 && mm->rss_anon; iter++)
		try_to_free_pages(0, GFP_KERNEL);
	CHECK_EQ(mm->rss_anon, 0);
	CHECK_EQ(mm->swapents, 8);
	CHECK_EQ(ev(VM_pswpout), 8);
	CHECK_EQ(ev(VM_swap_write_error), 4);
	CHECK_EQ(swap_info.inuse, 1 + 8);
	CHECK_EQ(verify_pages(pid, VA_ANON, 0, 8, false), 0);
	CHECK_EQ(ev(VM_pswpin), 8);
	fw_proc_exit(pid);
	CHECK_EQ(swap_info.inuse, 1);
	CHECK_EQ(fw_free_pages(), managed_total());
}

/* ---- 8. the multi-generational LRU (mglru.c) ---------------------------------------------- */

/* forced aging (Linux's debugfs '+'): mglru.c exports it for these tests only */
void lru_gen_run_aging(bool overlap);

static struct lru_gen_struct *lrugen(void)
{
	return &node_data.lruvec.lrugen;
}

/* the generation (seq % MAX_NR_GENS) page @p is on, -1 if none */
static int gen_of(const struct page *p)
{
	return p ? (int)p->lru_gen - 1 : -1;
}

static int gen_of_seq(u64 seq)
{
	return (int)(seq % MAX_NR_GENS);
}

/* One direct call of MGLRU's shrink_lruvec at @priority, to reclaim @nr pages. */
static u64 mglru_shrink(int priority, u64 nr)
{
	struct scan_control sc = {
		.nr_to_reclaim = nr,
		.gfp_mask = GFP_KERNEL,
		.priority = priority,
		.may_writepage = true,
		.may_unmap = true,
		.may_swap = true,
	};

	lru_gen_shrink_lruvec(&node_data.lruvec, &sc);
	return sc.nr_reclaimed;
}

static bool pte_is_young_at(int pid, u64 va)
{
	u64 pte = pte_at(pid, va);

	return pte_present(pte) && pte_young(pte);
}

/* Fault in anonymous pages [0, n) of @pid at VA_ANON; 0 or -1. */
static int fault_anon(int pid, u64 n)
{
	CHECK_EQ(fw_mmap(pid, VA_ANON, n * PAGE_SIZE, VM_READ | VM_WRITE, -1, 0), 0);
	return store_pages(pid, VA_ANON, 0, n, false) ? -1 : 0;
}

/*
 * Generations: new pages join max_seq; aging makes a generation (folding the oldest when
 * MAX_NR_GENS are in use) and moves the young pages to max_seq; eviction takes the tail of
 * the oldest generation first.
 */
static void test_mglru_generations(void)
{
	struct env_cfg e = { .mem_mb = 16, .swap_pages = 256, .lru = FW_LRU_MGLRU };
	struct lru_gen_struct *g;
	struct page *pg[8];
	u64 v;
	int pid;

	env_up(&e);
	g = lrugen();
	pid = fw_proc_create("gens");
	CHECK(pid >= 0);
	if (pid < 0 || fault_anon(pid, 8))
		return;
	lru_add_drain();
	/* boot: max_seq = MIN_NR_GENS + 1 = 3, min_seq 0: four generations */
	CHECK_EQ(g->max_seq, 3);
	CHECK_EQ(g->min_seq[0], 0);
	CHECK_EQ(g->min_seq[1], 0);
	for (int i = 0; i < 8; i++) {
		pg[i] = page_at(pid, VA_ANON + (u64)i * PAGE_SIZE);
		CHECK(pg[i] != NULL);
		if (!pg[i])
			return;
		/* just faulted in (young PTE): the youngest generation, PG_active clear */
		CHECK_EQ(gen_of(pg[i]), 3);
		CHECK(PageLRU(pg[i]) && !PageActive(pg[i]));
	}
	CHECK_EQ(g->nr_pages[3][0], 8);
	CHECK_EQ(nr_lru(LRU_INACTIVE_ANON), 8);
	CHECK_EQ(nr_lru(LRU_ACTIVE_ANON), 0);

	/*
	 * Aging 1: all 8 young (AF set by the faults), already in max_seq 3. Four generations
	 * are in use, so the oldest (0, empty) is folded first: min_seq 1, max_seq 4.
	 */
	lru_gen_run_aging(false);
	CHECK_EQ(ev(VM_aging_young), 8);
	CHECK_EQ(ev(VM_mglru_walk_promoted), 0);
	CHECK_EQ(g->max_seq, 4);
	CHECK_EQ(g->min_seq[0], 1);
	CHECK_EQ(g->min_seq[1], 1);
	for (int i = 0; i < 8; i++)
		CHECK_EQ(gen_of(pg[i]), 3);
	/* P0..P3 used again: aging 2 moves them to max_seq 4, then opens 5 (min_seq 2) */
	for (int i = 0; i < 4; i++)
		CHECK_EQ(fw_load(pid, VA_ANON + (u64)i * PAGE_SIZE, &v), 0);
	lru_gen_run_aging(false);
	CHECK_EQ(ev(VM_aging_young), 8 + 4);
	CHECK_EQ(ev(VM_mglru_walk_promoted), 4);
	CHECK_EQ(g->max_seq, 5);
	CHECK_EQ(g->min_seq[0], 2);
	/* aging 3: nothing young (the range is still in the filter: 4 of 8 were young) */
	lru_gen_run_aging(false);
	CHECK_EQ(ev(VM_mglru_aging), 3);
	CHECK_EQ(ev(VM_mglru_bloom_skips), 0);
	CHECK_EQ(ev(VM_aging_young), 8 + 4);
	CHECK_EQ(g->max_seq, 6);
	CHECK_EQ(g->min_seq[0], 3);
	CHECK_EQ(g->nr_pages[gen_of_seq(4)][0], 4);
	CHECK_EQ(g->nr_pages[gen_of_seq(3)][0], 4);
	for (int i = 0; i < 8; i++)
		CHECK_EQ(gen_of(pg[i]), i < 4 ? gen_of_seq(4) : gen_of_seq(3));

	/*
	 * Evict 2: the oldest generation (seq 3) holds P7 P6 P5 P4 from head to tail (each
	 * joined at the head); the tail goes first: P4, then P5. Enough generations (3): no aging.
	 */
	CHECK_EQ(mglru_shrink(0, 2), 2);
	CHECK_EQ(ev(VM_mglru_aging), 3);
	CHECK_EQ(ev(VM_pgsteal_anon), 2);
	CHECK_EQ(ev(VM_pswpout), 2);
	for (int i = 0; i < 8; i++) {
		u64 pte = pte_at(pid, VA_ANON + (u64)i * PAGE_SIZE);

		if (i == 4 || i == 5)
			CHECK(pte_is_swap(pte));
		else
			CHECK(pte_present(pte));
	}
	CHECK_EQ(verify_pages(pid, VA_ANON, 0, 8, false), 0);
	fw_proc_exit(pid);
}

/*
 * Tiers: uses through read(2) count as folio_inc_refs() does (PG_referenced, PG_workingset,
 * then lru_refs up to 3); eviction protects a tier above the controller's limit (to min_seq
 * + 1) and evicts tier 0; the shadow carries the eviction min_seq and refs - 1, and a
 * refault within the same min_seq counts for its tier.
 */
static void test_mglru_tiers(void)
{
	struct env_cfg e = { .mem_mb = 16, .disk_pages = 8, .lru = FW_LRU_MGLRU };
	static u64 buf[PAGE_SIZE / 8];
	struct lru_gen_struct *g;
	struct page *f0, *f1, *f2;
	u32 sh1, sh2;
	int pid, f;

	env_up(&e);
	fill_disk(8);
	g = lrugen();
	pid = fw_proc_create("reader");
	f = fw_file_create(4, 0, false);
	CHECK(pid >= 0 && f >= 0);
	if (pid < 0 || f < 0)
		return;
	/* F0 read 4 times, F1 once, F2 3 times */
	for (int n = 1; n <= 4; n++) {
		CHECK_EQ(fw_file_read(pid, f, 0, buf), 0);
		f0 = cache_page(f, 0);
		CHECK(f0 != NULL);
		if (!f0)
			return;
		CHECK(PageReferenced(f0));
		CHECK_EQ(PageWorkingset(f0), n >= 2);
		CHECK_EQ(f0->lru_refs, n >= 3 ? (u64)n - 2 : 0);
	}
	CHECK_EQ(fw_file_read(pid, f, 1, buf), 0);
	for (int n = 0; n < 3; n++)
		CHECK_EQ(fw_file_read(pid, f, 2, buf), 0);
	f1 = cache_page(f, 1);
	f2 = cache_page(f, 2);
	CHECK(f1 && f2 && PageReferenced(f1) && !PageWorkingset(f1));
	if (!f1 || !f2)
		return;
	/* lru_refs saturates at 3 */
	for (int n = 0; n < 3; n++)
		mark_page_accessed(f0);
	CHECK_EQ(f0->lru_refs, LRU_REFS_MAX);
	lru_add_drain();
	/* read(2) pages are not mapped: the oldest generation */
	CHECK_EQ(gen_of(f0), 0);
	CHECK_EQ(gen_of(f1), 0);
	CHECK_EQ(g->nr_pages[0][1], 3);
	CHECK_EQ(nr_lru(LRU_INACTIVE_FILE), 3);

	/*
	 * Tier 1 of file refaulted 100 of 100 evicted, tier 0 none of 1000: tier 1's rate is
	 * above 3/2 of tier 0's, so get_tier_idx() = 0 and tiers >= 1 are protected. No swap:
	 * file only. The list is F2 F1 F0 from head to tail: F0, taken back from saturation to
	 * refs 2 + 1 = 3 (tier 2), is protected and counted; F1 (tier 0) isolated and evicted,
	 * which is the batch (1 page).
	 */
	f0->lru_refs = 2;
	g->refaulted[1][1] = 100;
	g->evicted[1][1] = 100;
	g->evicted[1][0] = 1000;
	CHECK_EQ(mglru_shrink(0, 1), 1);
	CHECK_EQ(ev(VM_workingset_activate_file), 1);
	CHECK_EQ(g->protected[1][1], 1);		/* F0: tier 2 */
	CHECK_EQ(ev(VM_pgrefill), 1);
	CHECK_EQ(ev(VM_pgsteal_file), 1);
	CHECK(cache_page(f, 1) == NULL);
	sh1 = file_table[f].cache[1];
	CHECK(xa_is_shadow(sh1));
	/* token: min_seq 0 << 2 | refs 0; no workingset bit */
	CHECK_EQ(sh1 & XA_SHADOW_AGE_MASK, 0);
	CHECK(!(sh1 & XA_SHADOW_WORKINGSET));
	CHECK_EQ(g->evicted[1][0], 1000 + 1);
	/* protected: min_seq + 1 = generation 1, refs cleared; F2 not reached */
	CHECK_EQ(gen_of(f0), 1);
	CHECK(!PageWorkingset(f0) && !PageReferenced(f0) && f0->lru_refs == 0);
	CHECK_EQ(gen_of(f2), 0);

	/* F1 refaults while min_seq is still 0: a refault of tier 0, back at the head */
	CHECK_EQ(fw_file_read(pid, f, 1, buf), 0);
	CHECK_EQ(g->refaulted[1][0], 1);
	CHECK_EQ(ev(VM_workingset_refault_file), 1);

	/*
	 * Nothing refaulted: every tier is evicted. The tail is F2 (refs 1 + 1 = 2, tier 2):
	 * its shadow holds min_seq 0 << 2 | (refs 2 - 1) and the workingset bit; its refault
	 * counts for tier 2.
	 */
	memset(g->refaulted, 0, sizeof(g->refaulted));
	memset(g->evicted, 0, sizeof(g->evicted));
	memset(g->protected, 0, sizeof(g->protected));
	memset(g->avg_refaulted, 0, sizeof(g->avg_refaulted));
	memset(g->avg_total, 0, sizeof(g->avg_total));
	CHECK(PageWorkingset(f2) && f2->lru_refs == 1);
	CHECK_EQ(mglru_shrink(0, 1), 1);
	CHECK(cache_page(f, 2) == NULL);
	CHECK_EQ(g->min_seq[1], 0);
	sh2 = file_table[f].cache[2];
	CHECK(xa_is_shadow(sh2));
	CHECK_EQ(sh2 & XA_SHADOW_AGE_MASK, 1);
	CHECK(sh2 & XA_SHADOW_WORKINGSET);
	CHECK_EQ(g->evicted[1][2], 1);
	CHECK_EQ(ev(VM_workingset_activate_file), 1);
	CHECK_EQ(fw_file_read(pid, f, 2, buf), 0);
	CHECK_EQ(g->refaulted[1][2], 1);
	CHECK_EQ(ev(VM_workingset_refault_file), 2);
	fw_proc_exit(pid);
}

/* An MGLRU machine, a process @name and a 3-page file on disk: the file, or -1 */
static int mglru_reader(const char *name, int *pid)
{
	struct env_cfg e = { .mem_mb = 16, .disk_pages = 8, .lru = FW_LRU_MGLRU };
	int f;

	env_up(&e);
	fill_disk(8);
	*pid = fw_proc_create(name);
	f = fw_file_create(3, 0, false);
	CHECK(*pid >= 0 && f >= 0);
	return *pid < 0 ? -1 : f;
}

/*
 * Lazy promotion: a page whose refs saturated (read(2) five times since it was last aged) is
 * moved to min_seq + 1 even when the controller lets every tier be evicted, and the
 * controller does not count it as protected. The next page is evicted.
 */
static void test_mglru_lazy_promotion(void)
{
	static u64 buf[PAGE_SIZE / 8];
	struct lru_gen_struct *g;
	struct page *hot, *cold;
	int pid, f = mglru_reader("lazy", &pid);

	if (f < 0)
		return;
	g = lrugen();
	/* head to tail: page 2 (keeps the generation from emptying), cold, hot */
	for (int n = 0; n < 5; n++)
		CHECK_EQ(fw_file_read(pid, f, 0, buf), 0);
	CHECK_EQ(fw_file_read(pid, f, 1, buf), 0);
	CHECK_EQ(fw_file_read(pid, f, 2, buf), 0);
	hot = cache_page(f, 0);
	cold = cache_page(f, 1);
	CHECK(hot && cold);
	if (!hot || !cold)
		return;
	CHECK(PageWorkingset(hot) && hot->lru_refs == LRU_REFS_MAX);
	lru_add_drain();
	/* no refaults anywhere: get_tier_idx() lets every tier go */
	CHECK_EQ(mglru_shrink(0, 1), 1);
	CHECK(cache_page(f, 0) == hot);
	CHECK_EQ(gen_of(hot), 1);
	CHECK(!PageWorkingset(hot) && hot->lru_refs == 0);
	CHECK(cache_page(f, 1) == NULL);
	CHECK(cache_page(f, 2) != NULL);
	CHECK_EQ(g->min_seq[1], 0);
	for (int t = 0; t < MAX_NR_TIERS - 1; t++)
		CHECK_EQ(g->protected[1][t], 0);
	CHECK_EQ(g->evicted[1][0], 1);
	fw_proc_exit(pid);
}

/*
 * get_tier_idx(): tier 1 of file is protected when its refault rate is above 3/2 of tier 0's
 * (gains 2:3). A page of tier 1 (read twice) at the tail, a tier 0 page before it.
 */
static void tier_case(u64 t0_refaulted, u64 t1_refaulted, bool expect_protected)
{
	static u64 buf[PAGE_SIZE / 8];
	struct lru_gen_struct *g;
	struct page *p;
	int pid, f = mglru_reader("tier", &pid);

	if (f < 0)
		return;
	g = lrugen();
	for (u64 i = 0; i < 3; i++)
		CHECK_EQ(fw_file_read(pid, f, i, buf), 0);
	CHECK_EQ(fw_file_read(pid, f, 0, buf), 0);
	p = cache_page(f, 0);
	CHECK(p && PageWorkingset(p) && p->lru_refs == 0);
	if (!p)
		return;
	lru_add_drain();
	g->refaulted[1][0] = t0_refaulted;
	g->evicted[1][0] = 1000;
	g->refaulted[1][1] = t1_refaulted;
	g->evicted[1][1] = 1000;
	CHECK_EQ(mglru_shrink(0, 1), 1);
	CHECK_EQ(cache_page(f, 0) != NULL, expect_protected);
	CHECK_EQ(g->protected[1][0], expect_protected ? 1 : 0);
	CHECK_EQ(cache_page(f, 1) == NULL, expect_protected);
	fw_proc_exit(pid);
}

static void test_mglru_tier_idx(void)
{
	/* 400 * (1000 + 2) * 2 <= (300 + 1) * 1000 * 3: tier 1 may go */
	tier_case(300, 400, false);
	/* 500 * 1002 * 2 > 301 * 1000 * 3: tier 1 is protected */
	tier_case(300, 500, true);
}

/*
 * The refault controller chooses the type to evict: the one whose tiers together refault
 * less, weighted by swappiness (anon 60, file 140). Anon and file pages share the oldest
 * generation. @file_t1_refaulted of 1000 evicted from file's tier 1 count too.
 */
static void controller_case(u64 anon_refaulted, u64 file_refaulted, u64 file_t1_refaulted,
			    bool expect_file)
{
	struct env_cfg e = { .mem_mb = 16, .swap_pages = 256, .disk_pages = 16,
			     .lru = FW_LRU_MGLRU };
	struct lru_gen_struct *g;
	u64 v;
	int pid, f;

	env_up(&e);
	fill_disk(16);
	g = lrugen();
	pid = fw_proc_create("ctrl");
	f = fw_file_create(16, 0, false);
	CHECK(pid >= 0 && f >= 0);
	if (pid < 0 || f < 0 || fault_anon(pid, 16))
		return;
	CHECK_EQ(fw_mmap(pid, VA_FILE, 16 * PAGE_SIZE, VM_READ, f, 0), 0);
	for (u64 i = 0; i < 16; i++)
		CHECK_EQ(fw_load(pid, VA_FILE + i * PAGE_SIZE, &v), 0);
	/* three agings: every page in generation 3, now the oldest of both types */
	for (int i = 0; i < 3; i++)
		lru_gen_run_aging(false);
	CHECK_EQ(g->min_seq[0], 3);
	CHECK_EQ(g->min_seq[1], 3);
	CHECK_EQ(g->nr_pages[3][0], 16);
	CHECK_EQ(g->nr_pages[3][1], 16);
	g->refaulted[0][0] = anon_refaulted;
	g->evicted[0][0] = 1000;
	g->refaulted[1][0] = file_refaulted;
	g->evicted[1][0] = 1000;
	g->refaulted[1][1] = file_t1_refaulted;
	g->evicted[1][1] = file_t1_refaulted ? 1000 : 0;
	CHECK_EQ(mglru_shrink(0, 4), 4);
	CHECK_EQ(ev(VM_pgscan_file), expect_file ? 4 : 0);
	CHECK_EQ(ev(VM_pgscan_anon), expect_file ? 0 : 4);
	CHECK_EQ(ev(VM_pgsteal_file), expect_file ? 4 : 0);
	CHECK_EQ(ev(VM_pgsteal_anon), expect_file ? 0 : 4);
	fw_proc_exit(pid);
}

static void test_mglru_controller(void)
{
	/*
	 * anon 500/1000, file 20/1000: 20 * (1000 + 2) * 60 <= 501 * 1000 * 140, file
	 * refaults less: evict file.
	 */
	controller_case(500, 20, 0, true);
	/* anon 20/1000, file 500/1000: 500 * 1002 * 60 > 21 * 1000 * 140: evict anon */
	controller_case(20, 500, 0, false);
	/*
	 * anon 100/1000, file 200/1000: equal rates would pick file; file's cost weight 140
	 * against anon's 60 still favours file: 200 * 1002 * 60 <= 101 * 1000 * 140
	 */
	controller_case(100, 200, 0, true);
	/* anon 100/1000, file 300/1000: 300 * 1002 * 60 > 101 * 1000 * 140: anon */
	controller_case(100, 300, 0, false);
	/*
	 * anon 100/1000; file tier 0 100/1000 but tier 1 900/1000: all of file's tiers
	 * together, 1000/2000: 1000 * (1000 + 2) * 60 > 101 * 2000 * 140: anon (comparing the
	 * first tiers alone, as Linux 6.1 did, would pick file)
	 */
	controller_case(100, 100, 900, false);
}

/*
 * The Bloom filter: a walk puts the 2 MiB ranges where at least 1 PTE in 8 was young into
 * the next walk's filter; the next walk skips the others (their AF stays set).
 */
static void test_mglru_bloom(void)
{
	struct env_cfg e = { .mem_mb = 16, .lru = FW_LRU_MGLRU };
	u64 v, young;
	int pid;

	env_up(&e);
	pid = fw_proc_create("bloom");
	CHECK(pid >= 0);
	/* 1024 pages: two 2 MiB ranges (VA_ANON is 2 MiB aligned), all faulted in */
	if (pid < 0 || fault_anon(pid, 1024))
		return;
	/* walk 1: no filter yet, a new process: all walked, all young, both ranges added */
	lru_gen_run_aging(false);
	CHECK_EQ(ev(VM_aging_young), 1024);
	CHECK_EQ(ev(VM_mglru_bloom_skips), 0);
	CHECK_EQ(ev(VM_mglru_bloom_added), 2);
	/*
	 * Range 0: 64 of 512 young (64 * 8 >= 512: stays in the filter); range 1: 63 of 512
	 * (63 * 8 < 512: drops out). Walk 2 walks both (both were in).
	 */
	for (u64 i = 0; i < 64; i++)
		CHECK_EQ(fw_load(pid, VA_ANON + i * PAGE_SIZE, &v), 0);
	for (u64 i = 0; i < 63; i++)
		CHECK_EQ(fw_load(pid, VA_ANON + (512 + i) * PAGE_SIZE, &v), 0);
	lru_gen_run_aging(false);
	CHECK_EQ(ev(VM_aging_young), 1024 + 64 + 63);
	CHECK_EQ(ev(VM_mglru_bloom_skips), 0);
	CHECK_EQ(ev(VM_mglru_bloom_added), 2 + 1);
	/* walk 3: range 1 skipped; its used pages keep AF set */
	for (u64 i = 0; i < 10; i++) {
		CHECK_EQ(fw_load(pid, VA_ANON + i * PAGE_SIZE, &v), 0);
		CHECK_EQ(fw_load(pid, VA_ANON + (512 + i) * PAGE_SIZE, &v), 0);
	}
	young = ev(VM_aging_young);
	lru_gen_run_aging(false);
	CHECK_EQ(ev(VM_mglru_bloom_skips), 1);
	CHECK_EQ(ev(VM_aging_young), young + 10);
	for (u64 i = 0; i < 10; i++) {
		CHECK(!pte_is_young_at(pid, VA_ANON + i * PAGE_SIZE));
		CHECK(pte_is_young_at(pid, VA_ANON + (512 + i) * PAGE_SIZE));
	}
	/* range 0 had 10 young (80 < 512): walk 4 skips both */
	young = ev(VM_aging_young);
	lru_gen_run_aging(false);
	CHECK_EQ(ev(VM_mglru_bloom_skips), 1 + 2);
	CHECK_EQ(ev(VM_aging_young), young);
	fw_proc_exit(pid);
}

/*
 * Look-around: eviction finds the tail page's PTE young; the page is kept (pgactivate) and
 * the young PTEs of its 64-entry-aligned block are cleared and their pages promoted to
 * max_seq; a young PTE outside the block is left alone.
 */
static void test_mglru_lookaround(void)
{
	struct env_cfg e = { .mem_mb = 16, .swap_pages = 256, .lru = FW_LRU_MGLRU };
	static const unsigned used[] = { 0, 1, 2, 5, 63, 64, 70 };
	struct lru_gen_struct *g;
	struct page *pg[128];
	u64 v;
	int pid;

	env_up(&e);
	g = lrugen();
	pid = fw_proc_create("look");
	CHECK(pid >= 0);
	if (pid < 0 || fault_anon(pid, 128))
		return;
	for (int i = 0; i < 3; i++)
		lru_gen_run_aging(false);
	CHECK_EQ(g->min_seq[0], 3);
	CHECK_EQ(g->max_seq, 6);
	for (int i = 0; i < 128; i++) {
		pg[i] = page_at(pid, VA_ANON + (u64)i * PAGE_SIZE);
		CHECK(pg[i] && gen_of(pg[i]) == 3);
		if (!pg[i])
			return;
	}
	for (unsigned k = 0; k < sizeof(used) / sizeof(used[0]); k++)
		CHECK_EQ(fw_load(pid, VA_ANON + used[k] * PAGE_SIZE, &v), 0);
	/*
	 * The tail of generation 3 is P0 (young): kept; its block is pages 0..63: P1, P2, P5,
	 * P63 promoted; P64 and P70 (next block) untouched. Then P3, not young, is evicted.
	 */
	CHECK_EQ(mglru_shrink(0, 1), 1);
	CHECK_EQ(ev(VM_mglru_lookaround), 1);
	CHECK_EQ(ev(VM_mglru_lookaround_young), 4);
	CHECK_EQ(ev(VM_pgactivate), 1);
	CHECK_EQ(ev(VM_pgsteal_anon), 1);
	CHECK(pte_is_swap(pte_at(pid, VA_ANON + 3 * PAGE_SIZE)));
	CHECK_EQ(gen_of(pg[0]), gen_of_seq(6));
	CHECK(!PageActive(pg[0]) && PageLRU(pg[0]));
	for (unsigned i = 1; i < 64; i++) {
		bool promoted = i == 1 || i == 2 || i == 5 || i == 63;

		if (i == 3)
			continue;
		CHECK_EQ(gen_of(pg[i]), promoted ? gen_of_seq(6) : 3);
		CHECK(!pte_is_young_at(pid, VA_ANON + i * PAGE_SIZE));
	}
	CHECK_EQ(gen_of(pg[64]), 3);
	CHECK_EQ(gen_of(pg[70]), 3);
	CHECK(pte_is_young_at(pid, VA_ANON + 64 * PAGE_SIZE));
	CHECK(pte_is_young_at(pid, VA_ANON + 70 * PAGE_SIZE));
	CHECK_EQ(verify_pages(pid, VA_ANON, 0, 128, false), 0);
	fw_proc_exit(pid);
}

/* min_ttl: while the oldest generation is younger than min_ttl, reclaim evicts nothing */
static void test_mglru_min_ttl(void)
{
	struct env_cfg e = { .mem_mb = 16, .swap_pages = 256, .lru = FW_LRU_MGLRU };
	u64 ticks;
	int pid;

	env_up(&e);
	pid = fw_proc_create("ttl");
	CHECK(pid >= 0);
	if (pid < 0 || fault_anon(pid, 64))
		return;
	for (int i = 0; i < 3; i++)
		lru_gen_run_aging(false);
	/*
	 * The oldest generation (3) was made at boot, at clock 0; the clock counts CPU accesses
	 * (tlb_hit + tlb_miss), 32 per tick. Its age in ticks is below min_ttl one tick more.
	 */
	CHECK_EQ(lrugen()->min_seq[0], 3);
	ticks = (ev(VM_tlb_hit) + ev(VM_tlb_miss)) / 32;
	CHECK_GT(ticks, 0);
	fw_cfg.min_ttl_ticks = (unsigned)ticks + 1;
	CHECK_EQ(try_to_free_pages(0, GFP_KERNEL), 0);
	CHECK_GT(ev(VM_mglru_min_ttl_protect), 0);
	CHECK_EQ(ev(VM_pgscan_direct), 0);
	fw_cfg.min_ttl_ticks = (unsigned)ticks;
	CHECK_GT(try_to_free_pages(0, GFP_KERNEL), 0);
	CHECK_GT(ev(VM_pgsteal_anon), 0);
	CHECK_EQ(verify_pages(pid, VA_ANON, 0, 64, false), 0);
	fw_proc_exit(pid);
}

static void test_mglru(void)
{
	test_mglru_generations();
	test_mglru_tiers();
	test_mglru_lazy_promotion();
	test_mglru_tier_idx();
	test_mglru_controller();
	test_mglru_bloom();
	test_mglru_lookaround();
	test_mglru_min_ttl();
}

/* ---- main -------------------------------------------------------------------------------- */

static void run(const char *name, void (*fn)(void))
{
	unsigned long p0 = nr_passed, f0 = nr_failed;

	fn();
	printf("  %-22s %5lu checks passed, %lu failed\n", name, nr_passed - p0, nr_failed - f0);
	fflush(stdout);
}

/* ---- the sampled-frequency policy (freq.c) ----------------------------------------------- */

static struct freq_lists *freqlists(void)
{
	return &node_data.lruvec.freq;
}

/* position of @p on count list @k from the tail (0: evicted first), -1 if not there */
static int freq_pos(unsigned k, const struct page *p)
{
	const struct list_head *h = &freqlists()->lists[k];
	int pos = 0;

	for (const struct list_head *l = h->prev; l != h; l = l->prev, pos++)
		if (list_entry(l, struct page, lru) == p)
			return pos;
	return -1;
}

static u64 freq_list_len(unsigned k)
{
	const struct list_head *h = &freqlists()->lists[k];
	u64 n = 0;

	for (const struct list_head *l = h->next; l != h; l = l->next)
		n++;
	return n;
}

/*
 * Counts and eviction order: a new page counts 1 (the use that faulted it in); the first
 * harvest after that finds the fault's own AF and counts nothing (freq_repeats); after it,
 * each harvest adds 1 to every page found young; pages wait on the list of their count, the
 * latest arrival at the head; isolation takes the tail of the lowest list first.
 */
static void test_freq_counts(void)
{
	struct env_cfg e = { .mem_mb = 16, .swap_pages = 256, .lru = FW_LRU_FREQ,
			     .aging_interval = 1000 };
	struct list_head iso = { &iso, &iso };
	struct page *pg[8];
	u64 v;
	int pid;

	env_up(&e);
	pid = fw_proc_create("freq");
	CHECK(pid >= 0);
	if (pid < 0 || fault_anon(pid, 8))
		return;
	lru_add_drain();
	for (int i = 0; i < 8; i++) {
		pg[i] = page_at(pid, VA_ANON + (u64)i * PAGE_SIZE);
		CHECK(pg[i] != NULL);
		if (!pg[i])
			return;
		CHECK_EQ(pg[i]->freq, 1);	/* new: used once */
		CHECK(PageLRU(pg[i]) && !PageActive(pg[i]));
	}
	CHECK_EQ(freq_list_len(1), 8);
	CHECK_EQ(nr_lru(LRU_INACTIVE_ANON), 8);
	/* harvest 1: the faults left AF set on all 8, the faults' uses: still count 1 */
	for (int i = 0; i < 8; i++)
		CHECK(PageFresh(pg[i]));
	freq_age(false);
	CHECK_EQ(ev(VM_aging_young), 8);
	CHECK_EQ(ev(VM_freq_samples), 0);
	CHECK_EQ(ev(VM_freq_repeats), 8);
	for (int i = 0; i < 8; i++) {
		CHECK_EQ(pg[i]->freq, 1);
		CHECK(!PageFresh(pg[i]));
	}
	CHECK_EQ(freq_list_len(1), 8);
	/*
	 * P0..P3 used again: the harvest cleared AF but left the translations in the TLB (as
	 * Linux's MGLRU walk does), so these uses set no AF and the next harvest sees nothing.
	 */
	for (int i = 0; i < 4; i++)
		CHECK_EQ(fw_load(pid, VA_ANON + (u64)i * PAGE_SIZE, &v), 0);
	CHECK_EQ(ev(VM_tlbi_page) + ev(VM_tlbi_asid), 0);
	freq_age(false);
	CHECK_EQ(ev(VM_aging_young), 8);
	/* once the translations have left the TLB, uses set AF again: count 2 */
	flush_tlb_mm(fw_mm(pid));
	for (int i = 0; i < 4; i++)
		CHECK_EQ(fw_load(pid, VA_ANON + (u64)i * PAGE_SIZE, &v), 0);
	freq_age(false);
	CHECK_EQ(ev(VM_aging_young), 12);
	CHECK_EQ(ev(VM_freq_samples), 4);
	CHECK_EQ(ev(VM_freq_repeats), 8);
	for (int i = 0; i < 8; i++)
		CHECK_EQ(pg[i]->freq, i < 4 ? 2 : 1);
	CHECK_EQ(freq_list_len(1), 4);
	CHECK_EQ(freq_list_len(2), 4);
	/* P4..P7 stayed where their faults put them, each at the head: P4 is at the tail */
	for (int i = 4; i < 8; i++)
		CHECK_EQ(freq_pos(1, pg[i]), i - 4);
	/* isolate 5: P4..P7 from list 1, then P0 from the tail of list 2 */
	CHECK_EQ(freq_isolate(&node_data.lruvec, 5, true, &iso), 5);
	for (int i = 0; i < 8; i++)
		CHECK_EQ(PageIsolated(pg[i]), i >= 4 || i == 0);
	CHECK_EQ(freq_list_len(1), 0);
	CHECK_EQ(freq_list_len(2), 3);
	while (!list_empty(&iso)) {
		struct page *p = list_first_entry(&iso, struct page, lru);

		list_del(&p->lru);
		ClearPageIsolated(p);
		add_page_to_lru_list(p, &node_data.lruvec);
	}
	/* read(2)-style uses count as a sample, each page to its new list's head */
	for (int i = 4; i < 8; i++)
		freq_accessed(pg[i]);
	CHECK_EQ(pg[5]->freq, 2);
	CHECK_EQ(freq_list_len(1), 0);
	CHECK_EQ(freq_list_len(2), 8);
	CHECK_EQ(freq_pos(2, pg[7]), 7);
	/* anonymous pages passed over when they cannot be swapped */
	CHECK_EQ(freq_isolate(&node_data.lruvec, 5, false, &iso), 0);
	/* a new page (count 1) below every list isolation looked at last time is found first */
	CHECK_EQ(fw_mmap(pid, VA_ANON2, PAGE_SIZE, VM_READ | VM_WRITE, -1, 0), 0);
	CHECK_EQ(fw_store(pid, VA_ANON2, 1), 0);
	lru_add_drain();
	CHECK_EQ(freq_isolate(&node_data.lruvec, 1, true, &iso), 1);
	CHECK(!list_empty(&iso) && list_first_entry(&iso, struct page, lru) ==
	      page_at(pid, VA_ANON2));
	while (!list_empty(&iso)) {
		struct page *p = list_first_entry(&iso, struct page, lru);

		list_del(&p->lru);
		ClearPageIsolated(p);
		add_page_to_lru_list(p, &node_data.lruvec);
	}
	/*
	 * The new page is still fresh (isolated and put back, never harvested): a
	 * read(2)-style report of it is its fault's use again and counts nothing; the next
	 * one counts.
	 */
	{
		struct page *n = page_at(pid, VA_ANON2);

		CHECK(n && PageFresh(n));
		if (n) {
			freq_accessed(n);
			CHECK_EQ(n->freq, 1);
			CHECK_EQ(ev(VM_freq_repeats), 9);
			freq_accessed(n);
			CHECK_EQ(n->freq, 2);
		}
	}
	CHECK_EQ(verify_pages(pid, VA_ANON, 0, 8, false), 0);
	fw_proc_exit(pid);
}

/*
 * Decay: after freq_decay increments per evictable page every count halves, by splicing
 * list 2k+1 (head side) and 2k (tail side) into list k; counts are brought up to date when
 * next looked at. The shadow of an evicted page carries its count and epoch; a refault
 * resumes it, decayed by the epochs since, plus one.
 */
static void test_freq_decay_and_shadow(void)
{
	struct env_cfg e = { .mem_mb = 16, .swap_pages = 256, .lru = FW_LRU_FREQ,
			     .aging_interval = 1000, .freq_decay = 2 };
	struct freq_lists *fl;
	struct page *pg[4];
	u32 shadow;
	int pid;

	env_up(&e);
	fl = freqlists();
	pid = fw_proc_create("decay");
	CHECK(pid >= 0);
	if (pid < 0 || fault_anon(pid, 4))
		return;
	lru_add_drain();
	for (int i = 0; i < 4; i++)
		pg[i] = page_at(pid, VA_ANON + (u64)i * PAGE_SIZE);
	freq_age(false);	/* takes the faults' repeated uses (see test_freq_counts) */
	CHECK_EQ(ev(VM_freq_repeats), 4);
	/*
	 * Decay comes after 2 x (4 evictable + 1) = 10 increments: P0 +4 (count 5), P1 +3 (4),
	 * P2 +2 (3), P3 +1 (2). Then every count halves: P0 5 -> 2 and P1 4 -> 2 share list 2,
	 * P2 3 -> 1 and P3 2 -> 1 list 1. The odd list's pages go nearer the head (they had
	 * the higher count), the even list's nearer the tail.
	 */
	for (int i = 0; i < 4; i++)
		for (int k = 0; k < 4 - i; k++)
			freq_accessed(pg[i]);
	CHECK_EQ(ev(VM_freq_samples), 10);
	CHECK_EQ(ev(VM_freq_decays), 1);
	CHECK_EQ(fl->epoch, 1);
	CHECK_EQ(freq_list_len(2), 2);
	CHECK_EQ(freq_list_len(1), 2);
	CHECK_EQ(freq_pos(2, pg[1]), 0);
	CHECK_EQ(freq_pos(2, pg[0]), 1);
	CHECK_EQ(freq_pos(1, pg[3]), 0);
	CHECK_EQ(freq_pos(1, pg[2]), 1);
	/* the stored counts are brought up to date when next used: P3 2 -> 1, + 1 */
	CHECK_EQ(pg[3]->freq, 2);
	CHECK_EQ(pg[3]->freq_epoch, 0);
	freq_accessed(pg[3]);
	CHECK_EQ(pg[3]->freq, 2);
	CHECK_EQ(pg[3]->freq_epoch, 1);
	CHECK_EQ(freq_pos(2, pg[3]), 2);
	/* P0's stored count is still 5 in epoch 0: the shadow brings it up to date first */
	/* the shadow of P0 (count 2, epoch 1), and a refault two epochs later: (2 >> 2) + 1 */
	shadow = freq_eviction(pg[0]);
	CHECK(xa_is_shadow(shadow));
	CHECK_EQ(shadow & 0xff, 2);
	CHECK_EQ((shadow >> 8) & 0xff, 1);
	fl->epoch += 2;
	freq_refault(pg[3], shadow);
	CHECK_EQ(pg[3]->freq, 1);
	CHECK_EQ(pg[3]->freq_epoch, fl->epoch);
	fl->epoch -= 2;
	/* in the same epoch the count resumes whole: 2 + 1, and the refault counts as restored */
	freq_refault(pg[3], shadow);
	CHECK_EQ(pg[3]->freq, 3);
	CHECK_EQ(ev(VM_freq_refault_restored), 1);
	/* the refault counted its use: the next report of it is a repeat */
	CHECK(PageFresh(pg[3]));
	fw_proc_exit(pid);
}

/* Periodic aging while free memory is plentiful: every fourth pass runs. */
static void test_freq_periodic(void)
{
	struct env_cfg e = { .mem_mb = 16, .swap_pages = 256, .lru = FW_LRU_FREQ,
			     .aging_interval = 1000 };

	env_up(&e);
	for (int k = 0; k < 8; k++)
		fw_age();
	CHECK_EQ(ev(VM_aging_periodic), 2);
	CHECK_EQ(ev(VM_aging_periodic_skipped), 6);
	CHECK_EQ(ev(VM_aging_passes), 2);
}

static void test_freq(void)
{
	test_freq_counts();
	test_freq_decay_and_shadow();
	test_freq_periodic();
}

int main(void)
{
	run("buddy", test_buddy);
	run("watermarks", test_watermarks);
	run("lru", test_lru);
	run("shrinkers", test_shrinkers);
	run("swap", test_swap);
	run("refault", test_refault);
	run("swap-write-error", test_swap_write_error);
	run("mglru", test_mglru);
	run("freq", test_freq);
	env_down();
	if (nr_failed) {
		printf("test_fw_units: %lu of %lu checks FAILED\n", nr_failed,
		       nr_passed + nr_failed);
		return 1;
	}
	printf("test_fw_units: %lu checks passed\n", nr_passed);
	return 0;
}
