// SPDX-License-Identifier: GPL-2.0
/*
 * ra_ioctl.c - the character device /dev/reclaim_accelN: file operations, the ioctl dispatcher,
 * and what SCAN, WALK and HASH share.
 *
 * Access: a caller names another process by a file descriptor of its /proc/PID/pagemap (SCAN,
 * WALK) or /proc/PID/mem (HASH) that it opened (RA_*_F_PROCFD): opening it was the kernel's own
 * check (ptrace_may_access() with PTRACE_MODE_READ_FSCREDS, or PTRACE_MODE_ATTACH_FSCREDS for
 * mem, security modules included), which modules cannot call in 6.1. A plain pid is accepted
 * only for the caller's own thread group. While the device walks an mm, the driver holds a
 * reference on it (mmget) and its mmap lock for reading, and sends the device only VA ranges
 * covered by VMAs (munmap frees page tables under the read lock, but never those of a VMA
 * still in the tree).
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/proc_fs.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <asm/tlbflush.h>

#include "ra_drv.h"

/* The pid in the name of @dentry's directory (/proc/PID), or 0 when it is not a number. */
static int ra_procfd_pid_nr(struct dentry *dentry)
{
	struct dentry *parent = dget_parent(dentry);
	char dir[16];
	int nr;

	spin_lock(&parent->d_lock);
	strscpy(dir, parent->d_name.name, sizeof(dir));
	spin_unlock(&parent->d_lock);
	dput(parent);
	if (kstrtoint(dir, 10, &nr) || nr <= 0)
		return 0;
	return nr;
}

/* The mm of process @nr in the pid namespace of procfs @sb, with a reference, or NULL. */
static struct mm_struct *ra_proc_pid_mm(struct super_block *sb, int nr)
{
	struct task_struct *task;
	struct mm_struct *mm;
	struct pid *pid;

	rcu_read_lock();
	pid = get_pid(find_pid_ns(nr, proc_pid_ns(sb)));
	rcu_read_unlock();
	task = get_pid_task(pid, PIDTYPE_PID);
	put_pid(pid);
	if (!task)
		return NULL;
	mm = get_task_mm(task);
	put_task_struct(task);
	return mm;
}

/**
 * ra_procfd_mm() - the mm of the process whose /proc/PID/pagemap or mem the caller opened as @fd.
 * @ra: device (for logging).
 * @fd: file descriptor of the caller.
 * @attach: only mem will do (HASH, clearing AF); else pagemap or mem (SCAN, WALK).
 *
 * Opening /proc/PID/pagemap made the kernel's own access check for reading the target's page
 * map: ptrace_may_access(PTRACE_MODE_READ_FSCREDS) with the opener's credentials (same
 * uid/gid or CAP_SYS_PTRACE, dumpability, commoncap's capability-subset rule, security
 * modules); /proc/PID/mem checked PTRACE_MODE_ATTACH_FSCREDS. Modules cannot call that check in
 * 6.1 (ptrace_may_access, mm_access and security_ptrace_access_check are not exported), so the
 * driver takes such an open file as the proof, exactly as the kernel reads pagemap through it.
 * The file is recognised by its file system (procfs), its name and its mm: the process its
 * directory names (in that procfs's pid namespace) must still have the mm the file was opened
 * on (proc_mem_open() keeps it in the file's private data). The private data is only compared
 * with a pointer the driver got itself, never dereferenced.
 *
 * Return: the mm with a reference (mmget), or an ERR_PTR: -EBADF (not an open file), -EINVAL
 * (not the right /proc/PID file opened for reading), -ESRCH (the process has exited or exec'd since).
 */
static struct mm_struct *ra_procfd_mm(struct ra_dev *ra, int fd, bool attach)
{
	const char *name = attach ? "mem" : "pagemap (or mem)";
	struct mm_struct *mm = ERR_PTR(-EINVAL);
	struct super_block *sb;
	const char *fname;
	struct fd f;
	int nr;

	f = fdget(fd);
	if (!f.file) {
		ra_note(ra, "fd %d: not an open file\n", fd);
		return ERR_PTR(-EBADF);
	}
	sb = file_inode(f.file)->i_sb;
	fname = f.file->f_path.dentry->d_name.name;
	/* mem's rule (ptrace attach) includes pagemap's (ptrace read) */
	if (sb->s_magic != PROC_SUPER_MAGIC || !(f.file->f_mode & FMODE_READ) ||
	    (strcmp(fname, "mem") && (attach || strcmp(fname, "pagemap")))) {
		ra_note(ra, "fd %d: not /proc/PID/%s opened for reading\n", fd, name);
		goto out;
	}
	nr = ra_procfd_pid_nr(f.file->f_path.dentry);
	if (!nr) {
		ra_note(ra, "fd %d: not /proc/PID/%s\n", fd, name);
		goto out;
	}
	mm = ra_proc_pid_mm(sb, nr);
	if (!mm || mm != READ_ONCE(f.file->private_data)) {
		ra_note(ra, "fd %d: process %d has exited or exec'd since its %s was opened\n", fd,
			nr, name);
		if (mm)
			mmput(mm);
		mm = ERR_PTR(-ESRCH);
	}
out:
	fdput(f);
	return mm;
}

/**
 * ra_own_mm() - the mm of process @nr, which must be in the caller's thread group.
 * @ra: device (for logging).
 * @nr: pid in the caller's pid namespace.
 *
 * Return: the mm with a reference, or an ERR_PTR: -ESRCH (no such process, or no mm),
 * -EACCES (another process: it must be named by a /proc file descriptor).
 */
static struct mm_struct *ra_own_mm(struct ra_dev *ra, pid_t nr)
{
	struct task_struct *task;
	struct mm_struct *mm;
	struct pid *pid;

	if (nr <= 0) {
		ra_note(ra, "pid %d: invalid\n", nr);
		return ERR_PTR(-ESRCH);
	}
	pid = find_get_pid(nr);
	task = get_pid_task(pid, PIDTYPE_PID);
	put_pid(pid);
	if (!task) {
		ra_note(ra, "pid %d: no such process\n", nr);
		return ERR_PTR(-ESRCH);
	}
	if (!same_thread_group(task, current)) {
		ra_note(ra, "pid %d: another process must be named by a /proc/PID file descriptor\n",
			nr);
		put_task_struct(task);
		return ERR_PTR(-EACCES);
	}
	mm = get_task_mm(task);
	put_task_struct(task);
	if (!mm) {
		ra_note(ra, "pid %d: no address space (exiting)\n", nr);
		return ERR_PTR(-ESRCH);
	}
	return mm;
}

/**
 * ra_target_mm() - the target of an ioctl.
 * @ra: device (for logging).
 * @pid: a pid of the caller's own thread group, or with @procfd a file descriptor.
 * @procfd: @pid is a file descriptor of /proc/PID/pagemap or /proc/PID/mem (only mem with
 *          @attach).
 * @attach: the command needs /proc/PID/mem's rule (ptrace attach), not pagemap's.
 *
 * Return: the mm with a reference (mmget), or an ERR_PTR.
 */
struct mm_struct *ra_target_mm(struct ra_dev *ra, s32 pid, bool procfd, bool attach)
{
	if (procfd)
		return ra_procfd_mm(ra, pid, attach);
	return ra_own_mm(ra, pid);
}

/**
 * ra_cmd_lock() - take the device mutex and the target's mmap lock (read) for a command.
 * @ra: device.
 * @mm: target.
 * @what: the ioctl's name, for logging.
 *
 * Return: 0 with both locks held, -EINTR on a fatal signal, -ENODEV when the device was
 * removed (its DMA buffers are gone too).
 */
int ra_cmd_lock(struct ra_dev *ra, struct mm_struct *mm, const char *what)
{
	for (;;) {
		if (mutex_lock_killable(&ra->lock))
			return -EINTR;
		if (ra->dead) {
			mutex_unlock(&ra->lock);
			ra_note(ra, "%s: device removed\n", what);
			return -ENODEV;
		}
		if (mmap_read_trylock(mm))
			return 0;
		/*
		 * Never wait for a target's mmap lock holding the device: a caller can keep its
		 * own process's lock held (or a writer queued) for as long as it likes. Wait
		 * without the mutex, then try again.
		 */
		mutex_unlock(&ra->lock);
		if (mmap_read_lock_killable(mm))
			return -EINTR;
		mmap_read_unlock(mm);
	}
}

/**
 * ra_cmd_unlock() - drop the locks ra_cmd_lock() took.
 * @ra: device.
 * @mm: target.
 */
void ra_cmd_unlock(struct ra_dev *ra, struct mm_struct *mm)
{
	mmap_read_unlock(mm);
	mutex_unlock(&ra->lock);
}

/**
 * ra_flush_range() - invalidate the TLB entries of [@start, @end) of @mm, VMA by VMA.
 * @ra: device (statistics).
 * @mm: target, mmap lock held.
 * @start: first address.
 * @end: end of the range.
 */
void ra_flush_range(struct ra_dev *ra, struct mm_struct *mm, unsigned long start,
		    unsigned long end)
{
	struct vm_area_struct *vma;
	VMA_ITERATOR(vmi, mm, start);

	for_each_vma_range(vmi, vma, end) {
		flush_tlb_range(vma, max(vma->vm_start, start), min(vma->vm_end, end));
		ra_stat_add(ra, RA_STAT_TLB_FLUSHES, 1);
	}
}

/* Bit (@a - @base) / PAGE_SIZE of @bm (NULL: every page). */
static bool ra_young_bit(const __le64 *bm, unsigned long base, unsigned long a)
{
	unsigned long i = (a - base) >> PAGE_SHIFT;

	return !bm || (le64_to_cpu(bm[i / 64]) >> (i % 64) & 1);
}

/*
 * Clear AF of the present PTEs of [@a, @e) (within one PMD) of @vma whose bit in @bm is set
 * (see ra_clear_young()), or of its PMD leaf.
 */
static u64 ra_clear_young_pmd(struct vm_area_struct *vma, unsigned long a, unsigned long e,
			      const __le64 *bm, unsigned long base)
{
	struct mm_struct *mm = vma->vm_mm;
	pte_t *start_pte, *pte;
	spinlock_t *ptl;
	pmd_t *pmd, pmdv;
	unsigned long v;
	pgd_t *pgd;
	p4d_t *p4d;
	pud_t *pud;
	u64 n = 0;

	for (v = a; v < e && !ra_young_bit(bm, base, v); v += PAGE_SIZE)
		;
	if (v == e)
		return 0;	/* nothing young here: no walk, no lock */
	pgd = pgd_offset(mm, a);
	if (pgd_none(*pgd) || pgd_bad(*pgd))
		return 0;
	p4d = p4d_offset(pgd, a);
	if (p4d_none(*p4d) || p4d_bad(*p4d))
		return 0;
	pud = pud_offset(p4d, a);
	if (pud_none(*pud) || pud_bad(*pud))
		return 0;
	pmd = pmd_offset(pud, a);
	pmdv = READ_ONCE(*pmd);
	if (pmd_none(pmdv))
		return 0;
	if (pmd_trans_huge(pmdv)) {
#ifdef CONFIG_TRANSPARENT_HUGEPAGE
		ptl = pmd_lock(mm, pmd);
		if (pmd_trans_huge(*pmd) && pmd_present(*pmd) &&
		    pmdp_test_and_clear_young(vma, a & PMD_MASK, pmd))
			n = 1;
		spin_unlock(ptl);
#endif
		return n;
	}
	if (pmd_bad(pmdv))
		return 0;
	/* A table stays a table under the mmap lock (collapse takes it for writing). */
	start_pte = pte = pte_offset_map_lock(mm, pmd, a, &ptl);
	for (; a < e; a += PAGE_SIZE, pte++)
		if (ra_young_bit(bm, base, a) && pte_present(*pte) && pte_young(*pte) &&
		    ptep_test_and_clear_young(vma, a, pte))
			n++;
	pte_unmap_unlock(start_pte, ptl);
	return n;
}

/**
 * ra_clear_young() - clear AF of the present PTEs and PMD leaves mapping [@start, @end) of @mm.
 * @ra: device (statistics).
 * @mm: target, mmap lock held.
 * @start: first address.
 * @end: end of the range.
 * @bm: NULL, or only the pages whose bit is set here (bit i: page @start + i * PAGE_SIZE; a
 *      PMD leaf is cleared whatever its bits).
 *
 * What a SCAN with CLEAR_AF asks for, done by the CPU under each table's lock as clear_refs
 * and MGLRU do it (ptep_test_and_clear_young(): a compare-and-swap on a present entry). The
 * device's own AF clear is an unconditional atomic CLR of bit 10 at the address of the
 * descriptor it read: if reclaim or migration turned that PTE into a swap or migration entry
 * in between (they hold the table's lock, not the mmap lock), bit 10 is part of the swap offset
 * or PFN and the CLR would corrupt it. So the driver never sends CLEAR_AF to the device for a
 * live process; it clears the pages the device reported young. hugetlb, PFN and I/O mappings
 * are left alone. The caller flushes the TLB.
 *
 * Return: the entries found young and cleared.
 */
u64 ra_clear_young(struct ra_dev *ra, struct mm_struct *mm, unsigned long start,
		   unsigned long end, const __le64 *bm)
{
	struct vm_area_struct *vma;
	VMA_ITERATOR(vmi, mm, start);
	u64 n = 0;

	for_each_vma_range(vmi, vma, end) {
		unsigned long a = max(vma->vm_start, start), e = min(vma->vm_end, end), next;

		if (vma->vm_flags & (VM_HUGETLB | VM_PFNMAP | VM_IO))
			continue;
		for (; a < e; a = next) {
			next = pmd_addr_end(a, e);
			n += ra_clear_young_pmd(vma, a, next, bm, start);
		}
	}
	ra_stat_add(ra, RA_STAT_AF_CLEARED, n);
	return n;
}

/**
 * ra_next_mapped() - the first run of VMAs in [@pos, @end).
 * @mm: target, mmap lock held.
 * @pos: start of the search.
 * @end: its end.
 * @ps: out: start of the run (at least @pos).
 * @pe: out: its end (at most @end); VMAs that touch are one run.
 *
 * Only such runs go to the device. munmap(), brk() and shrinking mremap() free page tables
 * with the mmap lock held only for reading, after they removed the VMAs from the tree; the
 * tables of VMAs still in the tree (and those shared with them) stay, so a walk limited to
 * VMAs never touches a freed table.
 *
 * Return: false when no VMA intersects [@pos, @end).
 */
bool ra_next_mapped(struct mm_struct *mm, unsigned long pos, unsigned long end,
		    unsigned long *ps, unsigned long *pe)
{
	struct vm_area_struct *vma;
	VMA_ITERATOR(vmi, mm, pos);
	bool found = false;

	for_each_vma_range(vmi, vma, end) {
		if (!found)
			*ps = max(vma->vm_start, pos);
		else if (vma->vm_start != *pe)
			break;
		found = true;
		*pe = min(vma->vm_end, end);
		if (*pe >= end)
			break;
	}
	return found;
}

/**
 * ra_user_desc() - a descriptor as the caller may see it.
 * @rf: the caller's open file.
 * @desc: the descriptor the device read.
 *
 * Return: everything with CAP_SYS_ADMIN (@rf->show_pa); else 0 for an invalid descriptor
 * (swap, migration entries) and no output address for a valid one.
 */
u64 ra_user_desc(const struct ra_file *rf, u64 desc)
{
	if (rf->show_pa)
		return desc;
	if (!(desc & 1))
		return 0;
	return desc & ~GENMASK_ULL(47, 12);
}

static long ra_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ra_file *rf = file->private_data;
	struct ra_dev *ra = rf->ra;
	long err;

	switch (cmd) {
	case RA_IOC_SCAN:
		ra_stat_add(ra, RA_STAT_SCAN_IOCTLS, 1);
		err = ra_ioctl_scan(rf, (struct ra_scan __user *)arg);
		break;
	case RA_IOC_SCAN_RUNS:
		ra_stat_add(ra, RA_STAT_SCAN_IOCTLS, 1);
		err = ra_ioctl_scan_runs(rf, (struct ra_scan_runs __user *)arg);
		break;
	case RA_IOC_WALK:
		ra_stat_add(ra, RA_STAT_WALK_IOCTLS, 1);
		err = ra_ioctl_walk(rf, (struct ra_walk __user *)arg);
		break;
	case RA_IOC_HASH:
		ra_stat_add(ra, RA_STAT_HASH_IOCTLS, 1);
		err = ra_ioctl_hash(rf, (struct ra_hash __user *)arg);
		break;
	default:
		ra_note(ra, "unknown ioctl %#x\n", cmd);
		err = -ENOTTY;
		break;
	}
	if (err)
		ra_stat_add(ra, RA_STAT_IOCTL_ERRORS, 1);
	return err;
}

static int ra_open(struct inode *inode, struct file *file)
{
	struct ra_dev *ra = container_of(file->private_data, struct ra_dev, misc);
	struct ra_file *rf;

	rf = kzalloc(sizeof(*rf), GFP_KERNEL);
	if (!rf)
		return -ENOMEM;
	rf->ra = ra;
	/* As /proc/PID/pagemap: physical frames only for openers with CAP_SYS_ADMIN. */
	rf->show_pa = file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN);
	kref_get(&ra->kref);
	file->private_data = rf;
	return 0;
}

static int ra_release(struct inode *inode, struct file *file)
{
	struct ra_file *rf = file->private_data;

	ra_put(rf->ra);
	kfree(rf);
	return 0;
}

const struct file_operations ra_fops = {
	.owner = THIS_MODULE,
	.open = ra_open,
	.release = ra_release,
	.unlocked_ioctl = ra_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};
