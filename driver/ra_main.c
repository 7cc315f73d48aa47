// SPDX-License-Identifier: GPL-2.0
/*
 * ra_main.c - driver for the reclaim-accel page-table accelerator (PCI 1234:5241): the module,
 * the PCI driver, probe and remove.
 *
 * The device walks a process's own stage-1 translation tables (arm64, 4 KiB granule, 48-bit
 * VA, four levels) by DMA, and checksums pages with its HASH engine. The driver gives user space
 * a character device, /dev/reclaim_accelN, with three ioctls:
 *
 *  - RA_IOC_SCAN: reports which pages of a VA range of a process are young (AF=1), optionally
 *    clearing AF as it goes (the driver then invalidates the TLB for that range; ra_scan.c);
 *  - RA_IOC_WALK: translates a list of a process's VAs (ra_walk.c);
 *  - RA_IOC_HASH: KSM's checksum (low 32 bits of XXH64, seed 0) and a zero flag for every page
 *    of a VA range of a process, from pages the driver references and DMA-maps (ra_hash.c).
 *
 * Access checks and what the ioctls share are in ra_ioctl.c. The device only sees physical
 * addresses the driver computes itself: the pgd of the target mm, the driver's own DMA buffers
 * and the DMA mappings of pages it holds references on; nothing physical comes from user space.
 * The DMA windows cover System RAM only (ra_windows.c).
 *
 * Commands are serialized by a mutex: one command is in flight at a time, the driver waits for
 * its completion on the interrupt with a timeout (ra_device.c). The mutex is never held across
 * a user copy: results go through per-call bounce buffers.
 *
 * Counters: /sys/bus/pci/devices/<bdf>/counters/<name> (device) and .../stats/<name> (driver).
 * Registers: /sys/kernel/debug/reclaim_accel/<bdf>/regs (ra_sysfs.c).
 */

#include <linux/bitfield.h>
#include <linux/idr.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "ra_drv.h"

#if CONFIG_PGTABLE_LEVELS != 4 || VA_BITS != 48 || PAGE_SHIFT != 12
#error "reclaim-accel walks 4 KiB-granule, 48-bit, four-level tables only"
#endif

static DEFINE_IDA(ra_ida);

static void ra_free(struct kref *kref)
{
	struct ra_dev *ra = container_of(kref, struct ra_dev, kref);

	kvfree(ra->hpages);
	kvfree(ra->hdma);
	pci_dev_put(ra->pdev);
	kfree(ra);
}

/**
 * ra_put() - drop a reference on @ra (the binding's or an open file's).
 * @ra: device.
 */
void ra_put(struct ra_dev *ra)
{
	kref_put(&ra->kref, ra_free);
}

/* --- DMA windows ---------------------------------------------------------------------------- */

/**
 * struct ra_ram_list - the System RAM ranges, collected at probe.
 * @dev: for logging.
 * @r: the ranges.
 * @n: ranges seen.
 * @cap: room in @r (0: count only).
 */
struct ra_ram_list {
	struct device *dev;
	struct ra_range *r;
	u32 n;
	u32 cap;
};

static int ra_collect_ram(struct resource *res, void *arg)
{
	struct ra_ram_list *l = arg;

	if (l->n < l->cap) {
		l->r[l->n].base = res->start;
		l->r[l->n].limit = res->end + 1;
		dev_dbg(l->dev, "System RAM [%#llx, %#llx)\n", l->r[l->n].base, l->r[l->n].limit);
	}
	l->n++;
	return 0;
}

static void ra_walk_ram(struct ra_ram_list *l)
{
	/* Up to the last byte but one, so that res->end + 1 never wraps. */
	walk_iomem_res_desc(IORES_DESC_NONE, IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, 0,
			    U64_MAX - 1, l, ra_collect_ram);
}

/* Log the windows (debug) and what they leave out (warning). */
static void ra_report_windows(struct ra_dev *ra, const struct ra_win_report *rep)
{
	struct device *dev = &ra->pdev->dev;
	u32 i;

	for (i = 0; i < ra->nwin; i++)
		dev_dbg(dev, "DMA window %u: [%#llx, %#llx)\n", i, ra->win[i].base,
			ra->win[i].limit);
	if (rep->dropped)
		dev_warn(dev, "%u System RAM ranges (%llu MiB) lie outside the %d DMA windows; the device cannot reach them\n",
			 rep->dropped, rep->dropped_bytes >> 20, RA_NUM_WINDOWS);
	if (rep->above_limit_bytes)
		dev_warn(dev, "%llu MiB of System RAM lie above the device's %u-bit physical addresses; the device cannot reach them\n",
			 rep->above_limit_bytes >> 20, RA_PA_BITS);
}

/**
 * ra_setup_windows() - the DMA windows: the System RAM, where page tables and the driver's
 * buffers live, without the holes between its ranges.
 * @ra: device.
 *
 * Return: 0, -ENOMEM, or -ENODEV when no RAM is reachable.
 */
static int ra_setup_windows(struct ra_dev *ra)
{
	struct ra_ram_list l = { .dev = &ra->pdev->dev };
	struct ra_win_report rep;

	ra_walk_ram(&l);
	if (l.n) {
		l.r = kcalloc(l.n, sizeof(*l.r), GFP_KERNEL);
		if (!l.r)
			return -ENOMEM;
		l.cap = l.n;
		l.n = 0;
		ra_walk_ram(&l);	/* ranges added since the count are left out */
	}
	ra->nwin = ra_windows_compute(l.r, min(l.n, l.cap), 1ULL << RA_PA_BITS, ra->win,
				      RA_NUM_WINDOWS, &rep);
	kfree(l.r);
	if (!ra->nwin) {
		dev_err(&ra->pdev->dev, "no system RAM found for the DMA windows\n");
		return -ENODEV;
	}
	ra_report_windows(ra, &rep);
	return 0;
}

/* --- probe ---------------------------------------------------------------------------------- */

static struct ra_dev *ra_alloc_dev(struct pci_dev *pdev)
{
	struct ra_dev *ra = kzalloc(sizeof(*ra), GFP_KERNEL);

	if (!ra)
		return NULL;
	kref_init(&ra->kref);
	/* Open files may outlive the binding; they still log through pdev. */
	ra->pdev = pci_dev_get(pdev);
	ra->id = -1;
	mutex_init(&ra->lock);
	spin_lock_init(&ra->reg_lock);
	init_completion(&ra->done);
	return ra;
}

/* Enable the device, map BAR0, check its identity and set up bus mastering and DMA. */
static int ra_enable(struct ra_dev *ra)
{
	struct pci_dev *pdev = ra->pdev;
	struct device *dev = &pdev->dev;
	u32 idv;
	int err;

	err = pcim_enable_device(pdev);
	if (err) {
		dev_err(dev, "cannot enable the PCI device: %d\n", err);
		return err;
	}
	if (pci_resource_len(pdev, 0) < RA_CSR_BYTES) {
		dev_err(dev, "BAR0 too small (%llu bytes)\n",
			(unsigned long long)pci_resource_len(pdev, 0));
		return -ENODEV;
	}
	err = pcim_iomap_regions(pdev, BIT(0), RA_DRV_NAME);
	if (err) {
		dev_err(dev, "cannot map BAR0: %d\n", err);
		return err;
	}
	ra->regs = pcim_iomap_table(pdev)[0];
	idv = ra_rd(ra, RA_REG_ID);
	ra->version = ra_rd(ra, RA_REG_VERSION);
	if (idv != RA_ID_VALUE ||
	    FIELD_GET(RA_VERSION_MAJOR_MASK, ra->version) != RA_VERSION_MAJOR) {
		dev_err(dev, "unexpected ID %#x / version %#x\n", idv, ra->version);
		return -ENODEV;
	}
	ra->cap = ra_rd(ra, RA_REG_CAP);
	pci_set_master(pdev);
	err = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(RA_PA_BITS));
	if (err)
		dev_err(dev, "no 48-bit DMA: %d\n", err);
	return err;
}

static void *ra_dma_alloc(struct ra_dev *ra, size_t size, dma_addr_t *dma)
{
	void *p = dmam_alloc_coherent(&ra->pdev->dev, size, dma, GFP_KERNEL);

	if (p && !ra_in_windows(ra, *dma, size)) {
		dev_err(&ra->pdev->dev,
			"DMA buffer %pad outside RAM windows (IOMMU or bounce buffers are not supported)\n",
			dma);
		return NULL;
	}
	return p;
}

/* The rings and the commands' DMA buffers (device-managed), and the HASH page arrays. */
static int ra_alloc_buffers(struct ra_dev *ra)
{
	ra->sq = ra_dma_alloc(ra, RA_RING_ENTRIES * RA_DESC_BYTES, &ra->sq_dma);
	ra->cq = ra_dma_alloc(ra, RA_RING_ENTRIES * RA_CPL_BYTES, &ra->cq_dma);
	ra->ybm = ra_dma_alloc(ra, RA_CHUNK_WORDS * 8, &ra->ybm_dma);
	ra->dbm = ra_dma_alloc(ra, RA_CHUNK_WORDS * 8, &ra->dbm_dma);
	ra->rec = ra_dma_alloc(ra, RA_REC_CAP * RA_SCAN_RECORD_BYTES, &ra->rec_dma);
	ra->vas = ra_dma_alloc(ra, RA_WALK_CHUNK * 8, &ra->vas_dma);
	ra->wres = ra_dma_alloc(ra, RA_WALK_CHUNK * RA_WALK_RESULT_BYTES, &ra->wres_dma);
	ra->hpages = kvcalloc(RA_HASH_CHUNK, sizeof(*ra->hpages), GFP_KERNEL);
	ra->hdma = kvcalloc(RA_HASH_CHUNK, sizeof(*ra->hdma), GFP_KERNEL);
	if (!ra->sq || !ra->cq || !ra->ybm || !ra->dbm || !ra->rec || !ra->vas || !ra->wres ||
	    !ra->hpages || !ra->hdma) {
		dev_err(&ra->pdev->dev, "cannot allocate DMA buffers\n");
		return -ENOMEM;
	}
	return 0;
}

/* /dev/reclaim_accelN. */
static int ra_register_cdev(struct ra_dev *ra)
{
	int err;

	ra->id = ida_alloc(&ra_ida, GFP_KERNEL);
	if (ra->id < 0)
		return ra->id;
	snprintf(ra->name, sizeof(ra->name), RA_DRV_NAME "%d", ra->id);
	ra->misc.minor = MISC_DYNAMIC_MINOR;
	ra->misc.name = ra->name;
	ra->misc.fops = &ra_fops;
	ra->misc.parent = &ra->pdev->dev;
	ra->misc.mode = 0600;
	err = misc_register(&ra->misc);
	if (err) {
		dev_err(&ra->pdev->dev, "cannot register /dev/%s: %d\n", ra->name, err);
		ida_free(&ra_ida, ra->id);
	}
	return err;
}

static void ra_announce(struct ra_dev *ra)
{
	struct pci_dev *pdev = ra->pdev;

	dev_info(&pdev->dev, "/dev/%s: version %u.%u, engines %#lx, walk cache %lu, %s interrupt\n",
		 ra->name, (unsigned int)FIELD_GET(RA_VERSION_MAJOR_MASK, ra->version),
		 (unsigned int)FIELD_GET(RA_VERSION_MINOR_MASK, ra->version),
		 (unsigned long)FIELD_GET(RA_CAP_ENGINES_MASK, ra->cap),
		 (unsigned long)FIELD_GET(RA_CAP_WALK_CACHE_MASK, ra->cap),
		 pdev->msix_enabled ? "MSI-X" : pdev->msi_enabled ? "MSI" : "INTx");
}

static int ra_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct ra_dev *ra = ra_alloc_dev(pdev);
	int err;

	if (!ra)
		return -ENOMEM;
	err = ra_enable(ra);
	if (!err)
		err = ra_setup_windows(ra);
	if (!err)
		err = ra_alloc_buffers(ra);
	if (err)
		goto err_free;
	err = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_ALL_TYPES);
	if (err < 0) {
		dev_err(&pdev->dev, "no interrupt vector: %d\n", err);
		goto err_free;
	}
	ra->irq = pci_irq_vector(pdev, 0);
	pci_set_drvdata(pdev, ra);
	err = ra_hw_init(ra);
	if (err) {
		pci_clear_master(pdev);
		goto err_free;
	}
	err = request_irq(ra->irq, ra_irq, IRQF_SHARED, RA_DRV_NAME, ra);
	if (err) {
		dev_err(&pdev->dev, "cannot request irq %d: %d\n", ra->irq, err);
		goto err_disable;
	}
	err = ra_register_cdev(ra);
	if (err)
		goto err_irq;
	ra_debugfs_add(ra);
	ra_announce(ra);
	return 0;

err_irq:
	free_irq(ra->irq, ra);
err_disable:
	ra_wr(ra, RA_REG_CTRL, 0);
err_free:
	pci_set_drvdata(pdev, NULL);
	ra_put(ra);
	return err;
}

static void ra_remove(struct pci_dev *pdev)
{
	struct ra_dev *ra = pci_get_drvdata(pdev);

	ra_debugfs_remove(ra);
	misc_deregister(&ra->misc);
	/* Open files keep @ra; they see it dead and touch neither registers nor buffers. */
	mutex_lock(&ra->lock);
	ra_mark_dead(ra);
	mutex_unlock(&ra->lock);
	free_irq(ra->irq, ra);
	ida_free(&ra_ida, ra->id);
	pci_set_drvdata(pdev, NULL);
	ra_put(ra);
}

static const struct pci_device_id ra_ids[] = {
	{ PCI_DEVICE(RA_PCI_VENDOR_ID, RA_PCI_DEVICE_ID) },
	{ }
};
MODULE_DEVICE_TABLE(pci, ra_ids);

static struct pci_driver ra_driver = {
	.name = RA_DRV_NAME,
	.id_table = ra_ids,
	.probe = ra_probe,
	.remove = ra_remove,
	.dev_groups = ra_groups,
};

static int __init ra_init(void)
{
	int err;

	ra_sysfs_init();
	err = pci_register_driver(&ra_driver);
	if (err)
		ra_sysfs_exit();
	return err;
}

static void __exit ra_exit(void)
{
	pci_unregister_driver(&ra_driver);
	ra_sysfs_exit();
}

module_init(ra_init);
module_exit(ra_exit);

MODULE_DESCRIPTION("reclaim-accel page-table scan, walk and page-hash accelerator");
MODULE_LICENSE("GPL");
