// SPDX-License-Identifier: GPL-2.0
/*
 * ra_sysfs.c - counters and statistics in sysfs, registers and fault injection in debugfs.
 *
 *  - /sys/bus/pci/devices/<bdf>/counters/<name>: the device's 64-bit counters, one per file;
 *  - /sys/bus/pci/devices/<bdf>/stats/<name>: the driver's statistics (enum ra_stat);
 *  - /sys/kernel/debug/reclaim_accel/<bdf>/regs: a register dump; inject_timeouts,
 *    inject_spurious and inject_reset_failures: test hooks (struct ra_dev).
 */

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/seq_file.h>
#include <linux/sysfs.h>

#include "ra_drv.h"

static struct dentry *ra_debugfs_root;

/*
 * Device counters: one read-only file per counter, named and numbered by the generated
 * register map (RA_COUNTER_NAMES, RA_CNT_*), so a counter added there appears here too.
 */
struct ra_cnt_attr {
	struct device_attribute attr;
	unsigned int idx;
};

static const char *const ra_counter_names[RA_NUM_COUNTERS] = RA_COUNTER_NAMES;
static struct ra_cnt_attr ra_cnt_attrs[RA_NUM_COUNTERS];
static struct attribute *ra_counter_attrs[RA_NUM_COUNTERS + 1];

static ssize_t ra_counter_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct ra_dev *ra = pci_get_drvdata(to_pci_dev(dev));
	struct ra_cnt_attr *ca = container_of(attr, struct ra_cnt_attr, attr);

	return sysfs_emit(buf, "%llu\n", ra_read_counter(ra, ca->idx));
}

/* Fill the "counters" attribute group from the register map. */
static void ra_init_counter_attrs(void)
{
	unsigned int i;

	for (i = 0; i < RA_NUM_COUNTERS; i++) {
		struct ra_cnt_attr *ca = &ra_cnt_attrs[i];

		sysfs_attr_init(&ca->attr.attr);
		ca->attr.attr.name = ra_counter_names[i];
		ca->attr.attr.mode = 0400;	/* others' working sets: root only */
		ca->attr.show = ra_counter_show;
		ca->idx = i;
		ra_counter_attrs[i] = &ca->attr.attr;
	}
	ra_counter_attrs[RA_NUM_COUNTERS] = NULL;
}

static const struct attribute_group ra_counter_group = {
	.name = "counters",
	.attrs = ra_counter_attrs,
};

struct ra_stat_attr {
	struct device_attribute attr;
	enum ra_stat idx;
};

static ssize_t ra_stat_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct ra_dev *ra = pci_get_drvdata(to_pci_dev(dev));
	struct ra_stat_attr *sa = container_of(attr, struct ra_stat_attr, attr);

	return sysfs_emit(buf, "%lld\n", (long long)atomic64_read(&ra->stats[sa->idx]));
}

#define RA_STAT_ATTR(_n, _i) \
	{ .attr = __ATTR(_n, 0400, ra_stat_show, NULL), .idx = _i }

static struct ra_stat_attr ra_stat_attrs[RA_NUM_STATS] = {
	RA_STAT_ATTR(scan_ioctls, RA_STAT_SCAN_IOCTLS),
	RA_STAT_ATTR(walk_ioctls, RA_STAT_WALK_IOCTLS),
	RA_STAT_ATTR(ioctl_errors, RA_STAT_IOCTL_ERRORS),
	RA_STAT_ATTR(commands, RA_STAT_COMMANDS),
	RA_STAT_ATTR(command_errors, RA_STAT_COMMAND_ERRORS),
	RA_STAT_ATTR(timeouts, RA_STAT_TIMEOUTS),
	RA_STAT_ATTR(pages_scanned, RA_STAT_PAGES_SCANNED),
	RA_STAT_ATTR(young_pages, RA_STAT_YOUNG_PAGES),
	RA_STAT_ATTR(vas_walked, RA_STAT_VAS_WALKED),
	RA_STAT_ATTR(tlb_flushes, RA_STAT_TLB_FLUSHES),
	RA_STAT_ATTR(hash_ioctls, RA_STAT_HASH_IOCTLS),
	RA_STAT_ATTR(hashed_pages, RA_STAT_HASHED_PAGES),
	RA_STAT_ATTR(absent_pages, RA_STAT_ABSENT_PAGES),
	RA_STAT_ATTR(af_cleared, RA_STAT_AF_CLEARED),
};

/* Filled by ra_init_stat_attrs(). */
static struct attribute *ra_stat_attr_ptrs[RA_NUM_STATS + 1];

/* Fill the "stats" attribute group. */
static void ra_init_stat_attrs(void)
{
	unsigned int i;

	for (i = 0; i < RA_NUM_STATS; i++)
		ra_stat_attr_ptrs[i] = &ra_stat_attrs[i].attr.attr;
	ra_stat_attr_ptrs[RA_NUM_STATS] = NULL;
}

static const struct attribute_group ra_stat_group = {
	.name = "stats",
	.attrs = ra_stat_attr_ptrs,
};

/* The PCI driver's dev_groups. */
const struct attribute_group *ra_groups[] = {
	&ra_counter_group, &ra_stat_group, NULL,
};

static const struct {
	const char *name;
	u32 off;
} ra_dump_regs[] = {
	{ "ID", RA_REG_ID }, { "VERSION", RA_REG_VERSION }, { "CAP", RA_REG_CAP },
	{ "CTRL", RA_REG_CTRL }, { "STATUS", RA_REG_STATUS },
	{ "INT_STATUS", RA_REG_INT_STATUS }, { "INT_MASK", RA_REG_INT_MASK },
	{ "PA_BITS", RA_REG_PA_BITS },
	{ "SQ_BASE_LO", RA_REG_SQ_BASE_LO }, { "SQ_BASE_HI", RA_REG_SQ_BASE_HI },
	{ "SQ_SIZE", RA_REG_SQ_SIZE }, { "SQ_HEAD", RA_REG_SQ_HEAD },
	{ "SQ_TAIL", RA_REG_SQ_TAIL },
	{ "CQ_BASE_LO", RA_REG_CQ_BASE_LO }, { "CQ_BASE_HI", RA_REG_CQ_BASE_HI },
	{ "CQ_SIZE", RA_REG_CQ_SIZE }, { "CQ_HEAD", RA_REG_CQ_HEAD },
	{ "CQ_TAIL", RA_REG_CQ_TAIL },
	{ "WIN0_BASE_LO", RA_REG_WIN0_BASE_LO }, { "WIN0_BASE_HI", RA_REG_WIN0_BASE_HI },
	{ "WIN0_LIMIT_LO", RA_REG_WIN0_LIMIT_LO }, { "WIN0_LIMIT_HI", RA_REG_WIN0_LIMIT_HI },
	{ "WIN1_BASE_LO", RA_REG_WIN1_BASE_LO }, { "WIN1_BASE_HI", RA_REG_WIN1_BASE_HI },
	{ "WIN1_LIMIT_LO", RA_REG_WIN1_LIMIT_LO }, { "WIN1_LIMIT_HI", RA_REG_WIN1_LIMIT_HI },
	{ "WIN2_BASE_LO", RA_REG_WIN2_BASE_LO }, { "WIN2_BASE_HI", RA_REG_WIN2_BASE_HI },
	{ "WIN2_LIMIT_LO", RA_REG_WIN2_LIMIT_LO }, { "WIN2_LIMIT_HI", RA_REG_WIN2_LIMIT_HI },
	{ "WIN3_BASE_LO", RA_REG_WIN3_BASE_LO }, { "WIN3_BASE_HI", RA_REG_WIN3_BASE_HI },
	{ "WIN3_LIMIT_LO", RA_REG_WIN3_LIMIT_LO }, { "WIN3_LIMIT_HI", RA_REG_WIN3_LIMIT_HI },
	{ "PERF_CAP", RA_REG_PERF_CAP }, { "PERF_OVF", RA_REG_PERF_OVF },
};

static int ra_regs_show(struct seq_file *s, void *unused)
{
	struct ra_dev *ra = s->private;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ra_dump_regs); i++)
		seq_printf(s, "%03x %-14s %08x\n", ra_dump_regs[i].off, ra_dump_regs[i].name,
			   ra_rd(ra, ra_dump_regs[i].off));
	for (i = 0; i < RA_NUM_COUNTERS; i++)
		seq_printf(s, "%03x CNT_%-10s %016llx\n", RA_REG_CNT_LO(i), ra_counter_names[i],
			   ra_read_counter(ra, i));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ra_regs);

/**
 * ra_debugfs_add() - the device's debugfs directory: register dump and fault injection.
 * @ra: device.
 */
void ra_debugfs_add(struct ra_dev *ra)
{
	ra->dbg = debugfs_create_dir(pci_name(ra->pdev), ra_debugfs_root);
	debugfs_create_file("regs", 0400, ra->dbg, ra, &ra_regs_fops);
	debugfs_create_u32("inject_timeouts", 0600, ra->dbg, &ra->inject_timeouts);
	debugfs_create_u32("inject_spurious", 0600, ra->dbg, &ra->inject_spurious);
	debugfs_create_u32("inject_reset_failures", 0600, ra->dbg, &ra->inject_reset_failures);
}

/**
 * ra_debugfs_remove() - remove the device's debugfs directory.
 * @ra: device.
 */
void ra_debugfs_remove(struct ra_dev *ra)
{
	debugfs_remove_recursive(ra->dbg);
}

/**
 * ra_sysfs_init() - fill the attribute groups and create the driver's debugfs directory.
 */
void ra_sysfs_init(void)
{
	ra_init_counter_attrs();
	ra_init_stat_attrs();
	ra_debugfs_root = debugfs_create_dir(RA_DRV_NAME, NULL);
}

/**
 * ra_sysfs_exit() - remove the driver's debugfs directory.
 */
void ra_sysfs_exit(void)
{
	debugfs_remove_recursive(ra_debugfs_root);
}
