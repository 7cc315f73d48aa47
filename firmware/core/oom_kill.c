// SPDX-License-Identifier: MIT
/*
 * The OOM killer (Linux's mm/oom_kill.c): when reclaim cannot free anything, kill the
 * process whose death frees the most (resident pages, swap entries and page tables).
 */
#include "internal.h"

/** kill_process() - end @mm for reason @why (MM_OOM_KILLED or MM_SIGBUS), freeing its memory. */
void kill_process(struct mm_struct *mm, enum mm_state why)
{
	fw_printk("%s: killed process %u (%s) anon-rss:%llukB file-rss:%llukB swapents:%llu",
		  why == MM_SIGBUS ? "SIGBUS" : "Out of memory", (unsigned)mm->id, mm->comm,
		  (unsigned long long)mm->rss_anon * 4, (unsigned long long)mm->rss_file * 4,
		  (unsigned long long)mm->swapents);
	zap_process(mm);
	mm->state = why;
	count_vm_event(why == MM_SIGBUS ? VM_sigbus_kill : VM_oom_kill);
}

static u64 oom_badness(const struct mm_struct *mm)
{
	return mm->rss_anon + mm->rss_file + mm->swapents + mm->nr_pgtables;
}

/**
 * out_of_memory() - kill the biggest live process
 * Return: true if one was killed (the allocation may retry).
 */
bool out_of_memory(int order)
{
	struct mm_struct *victim = NULL;

	for (int i = 0; i < MAX_PROCS; i++) {
		struct mm_struct *mm = &mm_table[i];

		if (mm->state == MM_LIVE && (!victim || oom_badness(mm) > oom_badness(victim)))
			victim = mm;
	}
	if (!victim)
		return false;
	fw_printk("oom: order %d allocation failed, free %llu pages", order,
		  (unsigned long long)node_free_pages());
	kill_process(victim, MM_OOM_KILLED);
	return true;
}
