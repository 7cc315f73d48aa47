// SPDX-License-Identifier: MIT
/*
 * Refault detection (Linux's mm/workingset.c). Each eviction leaves a shadow entry in the
 * page-cache or swap-cache slot recording the node's nonresident_age at that moment. When
 * the page faults back in, the refault distance (ages elapsed since) is compared with the
 * memory the page competes for; a page that would have stayed resident with that much more
 * memory is activated at once instead of starting over on the inactive list.
 */
#include "internal.h"

void workingset_age_nonresident(struct lruvec *lv, u64 nr)
{
	lv->nonresident_age += nr;
}

/** workingset_eviction() - age the node and return the shadow entry for @p's slot. */
u32 workingset_eviction(struct page *p)
{
	struct lruvec *lv = &node_data.lruvec;
	u32 shadow;

	workingset_age_nonresident(lv, 1);
	shadow = XA_SHADOW | (u32)(lv->nonresident_age & XA_SHADOW_AGE_MASK);
	if (PageWorkingset(p))
		shadow |= XA_SHADOW_WORKINGSET;
	return shadow;
}

/** workingset_activation() - an activation also ages the node (it displaces a page). */
void workingset_activation(struct page *p)
{
	(void)p;
	workingset_age_nonresident(&node_data.lruvec, 1);
}

/**
 * classic_refault() - the two-list LRU's reading of a refault's @shadow: decide its list
 *
 * If the refault distance is within the working set the page
 * competes with (active file, plus inactive file for anon, plus all anon when swap exists),
 * the page starts active and counts workingset_activate (and workingset_restore if it was
 * in the working set when evicted).
 */
void classic_refault(struct page *p, u32 shadow)
{
	struct lruvec *lv = &node_data.lruvec;
	bool file = page_is_file_lru(p);
	u64 eviction = shadow & XA_SHADOW_AGE_MASK, now = lv->nonresident_age & XA_SHADOW_AGE_MASK;
	u64 distance = (now - eviction) & XA_SHADOW_AGE_MASK;
	u64 ws = lv->nr_pages[LRU_ACTIVE_FILE];

	lru_note_cost(lv, file, 1);
	if (!file)
		ws += lv->nr_pages[LRU_INACTIVE_FILE];
	if (nr_swap_pages() > 0) {
		ws += lv->nr_pages[LRU_ACTIVE_ANON];
		if (file)
			ws += lv->nr_pages[LRU_INACTIVE_ANON];
	}
	if (distance > ws)
		return;
	SetPageActive(p);
	workingset_age_nonresident(lv, 1);
	count_vm_event(VM_workingset_activate);
	count_vm_event(file ? VM_workingset_activate_file : VM_workingset_activate_anon);
	if (shadow & XA_SHADOW_WORKINGSET) {
		SetPageWorkingset(p);
		count_vm_event(VM_workingset_restore);
	}
}

/** workingset_refault() - count a refault of @p, then let the policy read its @shadow. */
void workingset_refault(struct page *p, u32 shadow)
{
	count_vm_event(VM_workingset_refault);
	count_vm_event(page_is_file_lru(p) ? VM_workingset_refault_file :
					      VM_workingset_refault_anon);
	lru_ops->refault(p, shadow);
}
