// SPDX-License-Identifier: MIT
/* Boot, configuration, counters, time accounting and the scheduler tick. */
#include "internal.h"

struct fw_config fw_cfg;
u64 vm_events[NR_VM_EVENTS];
const char *const vm_event_names[NR_VM_EVENTS] = {
#define FW_VM_NAME(name) #name,
	FW_VM_EVENTS(FW_VM_NAME)
#undef FW_VM_NAME
};

const char *const fw_lru_names[NR_FW_LRU] = { "classic", "mglru", "freq" };
const char *const fw_scan_out_names[NR_FW_SCAN_OUT] = { "auto", "bitmap", "runs" };

u64 fw_time[NR_FW_TIME];
const char *const fw_time_names[NR_FW_TIME] = {
	"user", "fault", "io", "reclaim", "aging_cpu", "aging_dev", "tlbi", "pages_cpu",
	"pages_dev",
};

static unsigned aging_skipped;	/* periodic passes fw_age() skipped since the last one ran */

void fw_account(enum fw_time t, u64 cycles)
{
	fw_time[t] += cycles;
	plat_advance(cycles);
}

/*
 * Default time model: a 2 GHz core, 100-cycle memory, an SSD-like swap device (~25 us per
 * 4 KiB read). Reclaim's per-page work and the software walk's per-line cost follow the
 * rough figures of mm/vmscan.c profiles; docs/firmware.md discusses them.
 */
void fw_default_costs(struct fw_costs *c)
{
	c->access = 1;
	c->walk_desc = 25;
	c->fault = 1500;
	c->page_zero = 500;
	c->io_read = 50000;
	c->io_write = 10000;
	c->reclaim_page = 300;
	c->sw_line = 100;
	c->sw_desc = 4;
	c->sw_atomic = 20;
	c->dev_cmd = 400;
	c->dev_word = 2;
	c->tlbi = 30;
	c->cpu_hash = 2500;
	c->cpu_cmp = 1500;
	c->cpu_copy = 1200;
	c->freq_update = 30;
}

/**
 * fw_boot() - (re)initialise the memory manager over @cfg->mem_bytes of physical memory
 *
 * Return: 0, or -EINVAL (bad configuration: logged with the field and value), -ENOMEM.
 */
int fw_boot(const struct fw_config *cfg)
{
	u64 npages = cfg->mem_bytes >> PAGE_SHIFT;
	int err;

	fw_cfg = *cfg;
	if (cfg->mem_bytes & ((1ull << 20) - 1) || cfg->mem_bytes < (4ull << 20)) {
		fw_printk("boot: mem_bytes %llu: expected a multiple of 1 MiB, at least 4 MiB",
			  (unsigned long long)cfg->mem_bytes);
		return -EINVAL;
	}
	if (cfg->lru >= NR_FW_LRU) {
		fw_printk("boot: lru %d: expected classic, mglru or freq", (int)cfg->lru);
		return -EINVAL;
	}
	if (cfg->swappiness < 0 || cfg->swappiness > 200) {
		fw_printk("boot: swappiness %d: expected 0..200", cfg->swappiness);
		return -EINVAL;
	}
	memset(vm_events, 0, sizeof(vm_events));
	aging_skipped = 0;
	memset(fw_time, 0, sizeof(fw_time));
	memset(&node_data, 0, sizeof(node_data));
	memset(mm_table, 0, sizeof(mm_table));
	memset(file_table, 0, sizeof(file_table));
	nr_files = 0;
	min_free_kbytes = cfg->min_free_kbytes;
	vmscan_init();
	lru_init();
	err = page_alloc_init(npages);
	if (!err)
		err = swap_init();
	if (!err) {
		rmap_init(npages * 2 + 4096);
		err = cpu_init(cfg->tlb_entries);
	}
	if (!err)
		err = dcache_init();
	if (!err)
		err = accel_init();
	if (!err)
		err = ksm_init();
	if (!err)
		err = compact_init();
	huge_init();
	if (err)
		return err;
	fw_printk("boot: %llu pages, zones DMA32 %llu + Normal %llu, min_free_kbytes %llu, "
		  "swap %llu slots, aging by %s",
		  (unsigned long long)npages,
		  (unsigned long long)node_data.node_zones[0].managed_pages,
		  (unsigned long long)node_data.node_zones[1].managed_pages,
		  (unsigned long long)min_free_kbytes, (unsigned long long)swap_info.max,
		  cfg->accel == FW_ACCEL_OFF ? "software walk" : "device SCAN");
	return 0;
}

/**
 * fw_age() - the periodic aging pass (see fw.h): the policy harvests the access bits of every
 * process, with the device working in the background. While free memory is more than an
 * eighth of memory above the high watermarks, reclaim is not near: only every fourth pass runs
 * (the access history still builds up, at a quarter of the cost).
 */
void fw_age(void)
{
	u64 high = 0, managed = 0;

	/* no memory pressure in sight: age at a quarter of the rate (history, at less cost) */
	for (int i = 0; i < node_data.nr_zones; i++) {
		high += node_data.node_zones[i].watermark[WMARK_HIGH];
		managed += node_data.node_zones[i].managed_pages;
	}
	if (node_free_pages() > high + managed / 8 && ++aging_skipped < 4) {
		count_vm_event(VM_aging_periodic_skipped);
		return;
	}
	aging_skipped = 0;
	count_vm_event(VM_aging_periodic);
	lru_ops->age(true);
}

/** fw_tick() - a scheduler tick: kswapd if an allocation woke it, ksmd and kcompactd when due. */
void fw_tick(void)
{
	kswapd_run();
	ksmd_run();
	kcompactd_run();
}
