// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/oldmem: the old kernel's physical memory, in a capture kernel.
 *
 * oldmem_copy_iter() is the one seam through which old memory is read:
 * the redirect table says where each old byte is now (the backup copy for
 * the low window, the page frames themselves above it). Old memory is
 * outside this kernel's RAM; it is mapped up to 1 MiB at a time with
 * memremap(), where mainline's crash_dump_32.c maps one page at a time
 * with kmap_local_pfn(): fewer map/unmap round trips, one copy per MiB.
 * Bytes that were not old RAM, and the backup region, cannot be read.
 */
#define pr_fmt(fmt) "oldmem: " fmt

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/miscdevice.h>
#include <linux/sched/signal.h>
#include <linux/uio.h>
#include <linux/capability.h>
#include <linux/sizes.h>
#include <linux/io.h>
#include <linux/security.h>
#include <linux/dump.h>

/*
 * x86-32's __ioremap_caller() page-aligns with "phys_addr &= PAGE_MASK",
 * and PAGE_MASK is a 32-bit unsigned long: on PAE, memremap() of a frame
 * at or above 4 GiB maps the frame 4 GiB lower (measured in t140: zeros
 * where the old kernel's pattern was). Old memory there is copied a page
 * at a time through kmap_local_pfn(), as mainline's crash_dump_32.c does.
 */
static bool oldmem_above_4g(u64 src)
{
	return BITS_PER_LONG == 32 && src >= SZ_4G;
}

static size_t oldmem_copy_page(struct iov_iter *iter, u64 src, u64 len)
{
	size_t off = offset_in_page(src);
	size_t n = min_t(u64, len, PAGE_SIZE - off);
	void *v = kmap_local_pfn(src >> PAGE_SHIFT);

	n = copy_to_iter(v + off, n, iter);
	kunmap_local(v);
	return n;
}

/**
 * oldmem_copy_iter() - copy old physical memory into an iov_iter
 * @iter: destination (user or kernel)
 * @paddr: old physical address
 * @len: bytes wanted
 *
 * Return: bytes copied (short at a hole or on a fatal signal); -ENXIO when
 * @paddr itself was not old RAM; -EFAULT when nothing could be copied to
 * @iter; -ENODEV without a valid dump.
 */
ssize_t oldmem_copy_iter(struct iov_iter *iter, u64 paddr, size_t len)
{
	const struct dump_capture *cap = dump_capture_get();
	size_t done = 0;

	if (!cap)
		return -ENODEV;
	while (done < len) {
		const struct dump_map *m = dump_map_find(cap->map, cap->nr_map, paddr);
		u64 src, stop;

		if (!m)
			return done ? done : -ENXIO;
		/* Up to 1 MiB at a time through this entry of the redirect table. */
		src = m->src + (paddr - m->start);
		stop = min_t(u64, m->end, paddr + (len - done));
		while (paddr < stop) {
			u64 base, map, chunk, want = stop - paddr;
			size_t copied;
			void *v;

			if (oldmem_above_4g(src)) {
				copied = oldmem_copy_page(iter, src, want);
				chunk = min_t(u64, want, PAGE_SIZE - offset_in_page(src));
			} else {
				if (BITS_PER_LONG == 32 && want > SZ_4G - src)
					want = SZ_4G - src;
				dump_map_chunk(src, want, SZ_1M, &base, &map, &chunk);
				v = memremap(base, map, MEMREMAP_WB);
				if (!v)
					return done ? done : -ENOMEM;
				copied = copy_to_iter(v + (src - base), chunk, iter);
				memunmap(v);
			}
			done += copied;
			paddr += copied;
			src += copied;
			if (copied < chunk)
				return done ? done : -EFAULT;
			if (fatal_signal_pending(current))
				return done;
			cond_resched();
		}
	}
	return done;
}

static u64 oldmem_end(void)
{
	const struct dump_capture *cap = dump_capture_get();

	return cap ? cap->hdr->saved_max_pfn << PAGE_SHIFT : 0;
}

/* Raw physical memory: root only, and not under lockdown (as /dev/mem). */
static int oldmem_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_SYS_RAWIO))
		return -EPERM;
	return security_locked_down(LOCKDOWN_DEV_MEM);
}

static ssize_t oldmem_read_iter(struct kiocb *iocb, struct iov_iter *iter)
{
	u64 end = oldmem_end();
	ssize_t n;

	if (iocb->ki_pos < 0)
		return -EINVAL;
	if (iocb->ki_pos >= end || !iov_iter_count(iter))
		return 0;
	n = oldmem_copy_iter(iter, iocb->ki_pos,
			     min_t(u64, iov_iter_count(iter), end - iocb->ki_pos));
	if (n > 0)
		iocb->ki_pos += n;
	return n;
}

static loff_t oldmem_llseek(struct file *file, loff_t offset, int whence)
{
	return fixed_size_llseek(file, offset, whence, oldmem_end());
}

static const struct file_operations oldmem_fops = {
	.owner		= THIS_MODULE,
	.open		= oldmem_open,
	.read_iter	= oldmem_read_iter,
	.llseek		= oldmem_llseek,
};

static struct miscdevice oldmem_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "oldmem",
	.fops	= &oldmem_fops,
	.mode	= 0400,
};

static int __init oldmem_init(void)
{
	if (!dump_capture_get())
		return 0;
	return misc_register(&oldmem_dev);
}
device_initcall(oldmem_init);
