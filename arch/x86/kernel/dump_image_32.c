// SPDX-License-Identifier: GPL-2.0
/*
 * The kexec image a dump boots, checked when it is loaded and verified
 * again at panic (i386).
 *
 * At load: every destination and the decompressor's whole footprint must
 * lie in the low window, the command line must keep the capture kernel
 * there, and the entry list, the staging pages and kexec's page tables
 * are measured. At panic the same walk, bounded by what was measured,
 * must give the same sums before anything is copied: relocate_kernel
 * follows the entry list with paging off, so one stray write there could
 * send it over old memory, and one in a staging page would stop
 * purgatory's SHA-256 check after the window is gone.
 *
 * The walk itself is pure (drivers/dump/dump_kexec.c); this file only
 * reads pages, and trusts no address it has not checked.
 */
#define pr_fmt(fmt) "dump: " fmt

#include <linux/kernel.h>
#include <linux/kexec.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/memblock.h>
#include <asm/setup.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/dump.h>
#include <asm/dump.h>
#include <asm/bootparam.h>

struct dump_walk {
	u64 pages;		/* dump_csum of the source pages, in order */
	bool sum;		/* checksum the pages */
	u64 want;		/* copy the source of this destination page... */
	u8 *copy;		/* ...here */
	bool found;
};

/* Entry @idx of an indirection page: only lowmem RAM is read. */
static int dump_image_entry(void *ctx, u64 page, u32 idx, u64 *val)
{
	const kimage_entry_t *ind;

	if (page >= (u64)max_low_pfn << PAGE_SHIFT || !pfn_valid(page >> PAGE_SHIFT))
		return -EFAULT;
	ind = phys_to_virt(page);
	*val = ind[idx];
	return 0;
}

/* A source page: RAM below max_pfn, mapped for the moment it is read. */
static int dump_image_page(void *ctx, u64 dest, u64 src)
{
	struct dump_walk *w = ctx;
	unsigned long pfn = src >> PAGE_SHIFT;
	void *p;

	if (src >= (u64)max_pfn << PAGE_SHIFT || !pfn_valid(pfn))
		return -EFAULT;
	if (!w->sum && dest != w->want)
		return 0;
	p = kmap_local_pfn(pfn);
	if (w->sum)
		w->pages = dump_csum(w->pages, p, PAGE_SIZE);
	if (dest == w->want) {
		memcpy(w->copy, p, PAGE_SIZE);
		w->found = true;
	}
	kunmap_local(p);
	return 0;
}

/* Bounds for a walk at load: an indirection page links >= 511 sources. */
static u32 dump_load_max_pages(u64 window)
{
	return window >> PAGE_SHIFT;
}

static u32 dump_load_max_ind(u64 window)
{
	return dump_load_max_pages(window) / 511 + 2;
}

static int dump_image_walk(u64 head, u64 window, u32 max_ind, u32 max_pages,
			   struct dump_walk *w, struct dump_kexec_sum *sum,
			   const char **why)
{
	struct dump_kexec_list l = {
		.entry = dump_image_entry,
		.page = dump_image_page,
		.ctx = w,
		.entries_per_page = PAGE_SIZE / sizeof(kimage_entry_t),
		.max_ind = max_ind,
		.max_pages = max_pages,
		.window = window,
	};

	return dump_kexec_walk(&l, head, sum, why);
}

/* The staged bytes that relocation will put at [dest, dest + len). */
static int dump_image_read(struct kimage *image, u64 window, u64 dest,
			   void *buf, size_t len)
{
	struct dump_kexec_sum sum;
	struct dump_walk w = { .copy = kmalloc(PAGE_SIZE, GFP_KERNEL) };
	const char *why;
	size_t off = 0;
	int ret = 0;

	if (!w.copy)
		return -ENOMEM;
	while (off < len) {
		u64 at = dest + off;
		size_t in = offset_in_page(at), n = min_t(size_t, len - off, PAGE_SIZE - in);

		w.want = at - in;
		w.found = false;
		ret = dump_image_walk(image->head, window, dump_load_max_ind(window),
				      dump_load_max_pages(window), &w, &sum, &why);
		if (!ret && !w.found)
			ret = -ENOENT;
		if (ret)
			break;
		memcpy((u8 *)buf + off, w.copy + in, n);
		off += n;
	}
	kfree(w.copy);
	return ret;
}

/* A NUL-terminated string the image holds at @dest, at most @max bytes. */
static int dump_image_read_str(struct kimage *image, u64 window, u64 dest,
			       char *buf, size_t max)
{
	size_t off = 0;
	int ret;

	while (off < max - 1) {
		size_t n = min_t(size_t, max - 1 - off, PAGE_SIZE - offset_in_page(dest + off));

		ret = dump_image_read(image, window, dest + off, buf + off, n);
		if (ret)
			return ret;
		if (memchr(buf + off, 0, n))
			return 0;
		off += n;
	}
	buf[max - 1] = 0;
	return 0;
}

/* The kexec page tables machine_kexec() switches to (made at load). */
static u64 dump_image_tables(const struct kimage *image)
{
	void *pages[DUMP_KEXEC_TABLES];
	int i, n = dump_kexec_tables(image, pages);
	u64 sum = 0;

	for (i = 0; i < n; i++)
		sum = dump_csum(sum, pages[i], PAGE_SIZE);
	return sum;
}

/**
 * dump_image_measure() - walk and measure a loaded image
 * @image: the kexec image
 * @window: the low window size
 * @m: the measurements to fill
 * @why: on failure, a one-line reason
 *
 * Return: 0, or -errno with a reason.
 */
int dump_image_measure(struct kimage *image, u64 window, struct dump_image *m,
		       const char **why)
{
	struct dump_walk w = { .sum = true, .want = ~0ULL };
	int ret;

	memset(m, 0, sizeof(*m));
	ret = dump_image_walk(image->head, window, dump_load_max_ind(window),
			      dump_load_max_pages(window), &w, &m->list, why);
	if (ret)
		return ret;
	m->image = image;
	m->head = image->head;
	m->start = image->start;
	m->control = image->control_code_page;
	m->pages = w.pages;
	m->tables = dump_image_tables(image);
	return 0;
}

/**
 * dump_image_verify() - at panic: is the image still what was measured?
 * @m: the measurements taken at load (their seal already checked)
 * @window: the low window size
 * @why: on failure, a one-line reason
 *
 * Bounded by the measured page counts; allocates nothing, takes no lock.
 *
 * Return: 0 when everything relocation and machine_kexec() will use is as
 * it was; -EINVAL otherwise.
 */
int dump_image_verify(const struct dump_image *m, u64 window, const char **why)
{
	struct kimage *image = m->image;
	struct dump_walk w = { .sum = true, .want = ~0ULL };
	struct dump_kexec_sum sum;

	*why = NULL;
	if (image != kexec_image)
		*why = "the loaded image changed";
	else if (image->head != m->head || image->start != m->start ||
		 image->control_code_page != m->control || image->preserve_context)
		*why = "the image's descriptor changed";
	else if (dump_image_tables(image) != m->tables)
		*why = "kexec's page tables changed";
	else if (dump_image_walk(m->head, window, m->list.nr_ind, m->list.nr_pages,
				 &w, &sum, why))
		;
	else if (sum.nr_ind != m->list.nr_ind || sum.nr_pages != m->list.nr_pages ||
		 sum.entries != m->list.entries)
		*why = "the entry list changed";
	else if (w.pages != m->pages)
		*why = "a staging page changed";
	return *why ? -EINVAL : 0;
}

/* Find the boot_params segment: its first page has a setup header. */
static int dump_image_boot_params(struct kimage *image, u64 window, u8 *bp)
{
	unsigned long i;

	for (i = 0; i < image->nr_segments; i++) {
		if (dump_image_read(image, window, image->segment[i].mem, bp, PAGE_SIZE))
			continue;
		if (dump_is_boot_params(bp))
			return i;
	}
	return -ENOENT;
}

/**
 * dump_image_check_boot() - will the capture kernel stay in the window?
 * @image: the kexec image (its segments are already inside the window)
 * @window: the low window size
 * @base: the backup base
 * @implicit: a capture kernel without dump_backup= uses @window and @base
 * @why: on failure, the reason (a buffer of DUMP_WHY_LEN bytes)
 *
 * Return: 0, or -errno with a reason in @why.
 */
int dump_image_check_boot(struct kimage *image, u64 window, u64 base,
			  bool implicit, char *why)
{
	struct dump_segment segs[KEXEC_SEGMENT_MAX];
	const char *reason;
	u64 cmd, end;
	char *cmdline;
	u8 *bp;
	unsigned long i;
	int seg, ret;

	bp = kzalloc(PAGE_SIZE + COMMAND_LINE_SIZE + 1, GFP_KERNEL);
	if (!bp)
		return -ENOMEM;
	cmdline = (char *)bp + PAGE_SIZE;
	seg = dump_image_boot_params(image, window, bp);
	if (seg < 0) {
		snprintf(why, DUMP_WHY_LEN, "no bzImage boot_params segment (load a bzImage)");
		ret = -EINVAL;
		goto out;
	}
	for (i = 0; i < image->nr_segments; i++) {
		segs[i].mem = image->segment[i].mem;
		segs[i].memsz = image->segment[i].memsz;
		segs[i].bufsz = image->segment[i].bufsz;
	}
	ret = dump_boot_footprint(bp, segs, image->nr_segments, seg, &end, &reason);
	if (ret) {
		snprintf(why, DUMP_WHY_LEN, "%s", reason);
		goto out;
	}
	if (end > window) {
		snprintf(why, DUMP_WHY_LEN,
			 "its decompressor writes up to %#llx (init_size %#x), beyond the low window",
			 end - 1, ((struct boot_params *)bp)->hdr.init_size);
		ret = -ERANGE;
		goto out;
	}
	cmd = ((struct boot_params *)bp)->hdr.cmd_line_ptr |
	      (u64)((struct boot_params *)bp)->ext_cmd_line_ptr << 32;
	ret = cmd ? dump_image_read_str(image, window, cmd, cmdline, COMMAND_LINE_SIZE) : -ENOENT;
	if (ret) {
		snprintf(why, DUMP_WHY_LEN, "its command line is not in the image");
		goto out;
	}
	cmdline[COMMAND_LINE_SIZE - 1] = 0;
	ret = dump_cmdline_check(cmdline, window, base, implicit, &reason);
	if (ret)
		snprintf(why, DUMP_WHY_LEN, "%s", reason);
out:
	kfree(bp);
	return ret;
}
