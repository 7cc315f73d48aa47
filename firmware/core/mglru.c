// SPDX-License-Identifier: MIT
/*
 * The multi-generational LRU (Linux 6.1's CONFIG_LRU_GEN): not built yet. These stubs keep
 * the interface (internal.h) in place; fw_boot() refuses FW_LRU_MGLRU while
 * lru_gen_available() is false.
 */
#include "internal.h"

bool lru_gen_available(void)
{
	return false;
}

void lru_gen_init(struct lruvec *lv)
{
	(void)lv;
}

void lru_gen_add_page(struct page *p, struct lruvec *lv)
{
	(void)lv;
	list_add(&p->lru, &lv->lists[page_lru(p)]);
}

void lru_gen_del_page(struct page *p, struct lruvec *lv)
{
	(void)lv;
	list_del(&p->lru);
}

void lru_gen_accessed(struct page *p)
{
	(void)p;
}

void lru_gen_shrink_lruvec(struct lruvec *lv, struct scan_control *sc)
{
	(void)lv;
	(void)sc;
}

u32 lru_gen_eviction(struct page *p)
{
	return workingset_eviction(p);
}

void lru_gen_refault(struct page *p, u32 shadow)
{
	(void)p;
	(void)shadow;
}

void lru_gen_age(bool overlap)
{
	(void)overlap;
}
