// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/vmcore in a capture kernel: the old kernel as an ELF core.
 *
 * The capture kernel builds the ELF headers itself from the dump header
 * (dump_elf.c): PT_NOTE first with every CPU's NT_PRSTATUS and VMCOREINFO,
 * one PT_LOAD per old RAM range less the backup region. File offsets are
 * resolved by dump_elf_find() and old memory is read only through
 * oldmem_copy_iter(), so the low-window redirect stays data.
 *
 * Boot parameter dump_elf=32 or dump_elf=64 forces the ELF class; the
 * default is ELF32 unless old RAM ends above 4 GiB.
 */
#define pr_fmt(fmt) "vmcore: " fmt

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/proc_fs.h>
#include <linux/uio.h>
#include <linux/sched/signal.h>
#include <linux/capability.h>
#include <linux/slab.h>
#include <linux/dump.h>

static struct dump_elf_layout vmcore_layout;
static void *vmcore_headers;	/* data_offset bytes, page aligned */
static int vmcore_force_class;

static int __init vmcore_elf_param(char *arg)
{
	if (!strcmp(arg, "32"))
		vmcore_force_class = 32;
	else if (!strcmp(arg, "64"))
		vmcore_force_class = 64;
	else
		pr_err("dump_elf=%s ignored: want 32 or 64\n", arg);
	return 1;
}
__setup("dump_elf=", vmcore_elf_param);

static int vmcore_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_SYS_RAWIO))
		return -EPERM;
	return 0;
}

static ssize_t vmcore_read_iter(struct kiocb *iocb, struct iov_iter *iter)
{
	loff_t pos = iocb->ki_pos;
	ssize_t done = 0;

	if (pos < 0)
		return -EINVAL;
	while (iov_iter_count(iter)) {
		u64 paddr, len;
		ssize_t n, copied;
		int kind = dump_elf_find(&vmcore_layout, pos, &paddr, &len);

		if (kind < 0)
			break;	/* end of file */
		n = min_t(u64, len, iov_iter_count(iter));
		if (kind == DUMP_ELF_HEADERS)
			copied = copy_to_iter((u8 *)vmcore_headers + pos, n, iter);
		else if (kind == DUMP_ELF_ZERO)
			copied = iov_iter_zero(n, iter);
		else
			copied = oldmem_copy_iter(iter, paddr, n);
		if (copied < 0) {
			if (!done)
				return copied;
			break;
		}
		pos += copied;
		done += copied;
		if (copied < n) {
			if (!done)
				return -EFAULT;
			break;
		}
		if (fatal_signal_pending(current))
			break;
	}
	iocb->ki_pos = pos;
	return done;
}

static loff_t vmcore_llseek(struct file *file, loff_t offset, int whence)
{
	return fixed_size_llseek(file, offset, whence, vmcore_layout.file_size);
}

/*
 * Map whole runs: the headers from their buffer, old memory from where the
 * redirect table says its page frames are now, padding from the zero page.
 * A load that starts or ends inside a page is mapped with the whole page,
 * as mainline's vmcore does: the bytes of that page outside the PT_LOAD
 * (which read() returns as zeros) are whatever that frame holds.
 */
static int vmcore_mmap(struct file *file, struct vm_area_struct *vma)
{
	const struct dump_capture *cap = dump_capture_get();
	u64 start = (u64)vma->vm_pgoff << PAGE_SHIFT;
	u64 size = vma->vm_end - vma->vm_start;
	u64 off = 0, phys = 0, npages;
	unsigned long pfn;
	int kind, ret;

	if (vma->vm_flags & (VM_WRITE | VM_EXEC))
		return -EPERM;
	vma->vm_flags &= ~(VM_MAYWRITE | VM_MAYEXEC);
	if (start >= PAGE_ALIGN(vmcore_layout.file_size) ||
	    size > PAGE_ALIGN(vmcore_layout.file_size) - start)
		return -EINVAL;
	while (off < size) {
		kind = dump_elf_page_run(&vmcore_layout, cap->map, cap->nr_map,
					 start + off, &phys, &npages);
		if (kind < 0)
			return kind;
		npages = min_t(u64, npages, (size - off) >> PAGE_SHIFT);
		if (kind == DUMP_ELF_HEADERS) {
			pfn = PHYS_PFN(__pa((u8 *)vmcore_headers + start + off));
		} else if (kind == DUMP_ELF_ZERO) {
			pfn = my_zero_pfn(0);
			npages = 1;
		} else {
			pfn = phys >> PAGE_SHIFT;
		}
		ret = remap_pfn_range(vma, vma->vm_start + off, pfn,
				      npages << PAGE_SHIFT, vma->vm_page_prot);
		if (ret)
			return ret;
		off += npages << PAGE_SHIFT;
	}
	return 0;
}

static const struct proc_ops vmcore_proc_ops = {
	.proc_open	= vmcore_open,
	.proc_read_iter	= vmcore_read_iter,
	.proc_lseek	= vmcore_llseek,
	.proc_mmap	= vmcore_mmap,
};

static int __init vmcore_init(void)
{
	const struct dump_capture *cap = dump_capture_get();
	struct proc_dir_entry *pde;
	int ret;

	if (!cap)
		return 0;
	/* A load per redirect entry at most, one more where lowmem ends. */
	vmcore_layout.max_loads = cap->nr_map + 1;
	vmcore_layout.loads = kvmalloc_array(vmcore_layout.max_loads,
					     sizeof(*vmcore_layout.loads), GFP_KERNEL);
	if (!vmcore_layout.loads)
		return -ENOMEM;
	ret = dump_elf_layout(&vmcore_layout, cap->hdr, cap->notes_size, cap->map,
			      cap->nr_map, vmcore_force_class);
	if (ret == -EOVERFLOW) {
		pr_warn("dump_elf=32 cannot describe RAM above 4 GiB: using ELF64\n");
		ret = dump_elf_layout(&vmcore_layout, cap->hdr, cap->notes_size,
				      cap->map, cap->nr_map, 64);
	}
	if (ret) {
		pr_err("cannot lay out the ELF core (%d): no /proc/vmcore\n", ret);
		goto out_loads;
	}
	vmcore_headers = alloc_pages_exact(vmcore_layout.data_offset,
					   GFP_KERNEL | __GFP_ZERO);
	ret = -ENOMEM;
	if (!vmcore_headers)
		goto out_loads;
	ret = dump_elf_write(&vmcore_layout, vmcore_headers,
			     vmcore_layout.data_offset, cap->hdr + 1);
	if (ret)
		goto out_free;
	pde = proc_create("vmcore", 0400, NULL, &vmcore_proc_ops);
	if (!pde) {
		ret = -ENOMEM;
		goto out_free;
	}
	proc_set_size(pde, vmcore_layout.file_size);
	pr_info("/proc/vmcore: ELF%d, %u PT_LOAD, %llu bytes\n",
		vmcore_layout.elf64 ? 64 : 32, vmcore_layout.nr_loads,
		vmcore_layout.file_size);
	return 0;

out_free:
	free_pages_exact(vmcore_headers, vmcore_layout.data_offset);
	vmcore_headers = NULL;
out_loads:
	kvfree(vmcore_layout.loads);
	vmcore_layout.loads = NULL;
	vmcore_layout.nr_loads = 0;
	return ret;
}
device_initcall(vmcore_init);
