// SPDX-License-Identifier: GPL-2.0
/*
 * The kexec image a dump boots, checked when it is loaded and verified
 * again at panic (i386).
 *
 * At load: every destination and the decompressor's whole footprint must
 * lie in the low window without covering another segment, the command
 * line must keep the capture kernel there and name this kernel's header,
 * and the entry list (with the address of every indirection page), the
 * staging pages and kexec's page tables are measured. At panic the same
 * walk, bounded by what was measured and following only the recorded
 * links, must give the same sums before anything is copied:
 * relocate_kernel follows the entry list with paging off, so one stray
 * write there could send it over old memory, and one in a staging page
 * would stop purgatory's SHA-256 check after the window is gone.
 *
 * The walk itself is pure (drivers/dump/dump_kexec.c). This file only
 * reads pages, and only pages of the RAM table recorded at boot: at panic
 * lowmem through the direct map, highmem through a kmap slot of this CPU
 * written directly (kmap_local_pfn() would trust current->kmap_ctrl).
 */
#define pr_fmt(fmt) "dump: " fmt

#include <linux/kernel.h>
#include <linux/kexec.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/memblock.h>
#include <linux/pgtable.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/dump.h>
#include <asm/bootparam.h>
#include <asm/dump.h>
#include <asm/fixmap.h>
#include <asm/setup.h>
#include <asm/tlbflush.h>

struct dump_walk {
	const struct dump_range *ram;	/* only these pages are read */
	u32 nr_ram;
	bool at_panic;
	bool sum;			/* checksum the pages */
	u64 pages;			/* dump_csum of the source pages, in order */
	u64 want;			/* copy the source of this destination page... */
	u8 *copy;			/* ...here */
	bool found;
};

static bool dump_is_ram_page(const struct dump_walk *w, u64 phys)
{
	return dump_ranges_contain(w->ram, w->nr_ram, phys, phys + PAGE_SIZE);
}

static bool dump_is_lowmem(u64 phys)
{
	return phys < (u64)max_low_pfn << PAGE_SHIFT;
}

/*
 * At panic, a highmem page is mapped read-only through the last kmap_local
 * slot of this CPU, written directly: nothing of the panicking context is
 * trusted, and that context never runs again.
 */
static unsigned long dump_panic_slot(void)
{
	return __fix_to_virt(FIX_KMAP_BEGIN + KM_MAX_IDX * smp_processor_id() +
			     KM_MAX_IDX - 1);
}

static void *dump_map(const struct dump_walk *w, u64 phys)
{
	unsigned long vaddr;
	pte_t *pte;

	if (dump_is_lowmem(phys))
		return phys_to_virt(phys);
	if (!w->at_panic)
		return kmap_local_pfn(phys >> PAGE_SHIFT);
	vaddr = dump_panic_slot();
	pte = virt_to_kpte(vaddr);
	if (!pte)
		return NULL;
	set_pte(pte, pfn_pte(phys >> PAGE_SHIFT, PAGE_KERNEL_RO));
	flush_tlb_one_kernel(vaddr);
	return (void *)vaddr;
}

static void dump_unmap(const struct dump_walk *w, u64 phys, void *p)
{
	if (dump_is_lowmem(phys))
		return;
	if (!w->at_panic) {
		kunmap_local(p);
		return;
	}
	pte_clear(&init_mm, (unsigned long)p, virt_to_kpte((unsigned long)p));
	flush_tlb_one_kernel((unsigned long)p);
}

/* Entry @idx of an indirection page: lowmem RAM only. */
static int dump_image_entry(void *ctx, u64 page, u32 idx, u64 *val)
{
	const struct dump_walk *w = ctx;
	const kimage_entry_t *ind;

	if (!dump_is_ram_page(w, page) || !dump_is_lowmem(page))
		return -EFAULT;
	ind = phys_to_virt(page);
	*val = ind[idx];
	return 0;
}

/* A source page: RAM, mapped for the moment it is read. */
static int dump_image_page(void *ctx, u64 dest, u64 src)
{
	struct dump_walk *w = ctx;
	void *p;

	if (!dump_is_ram_page(w, src))
		return -EFAULT;
	if (!w->sum && dest != w->want)
		return 0;
	p = dump_map(w, src);
	if (!p)
		return -EFAULT;
	if (w->sum)
		w->pages = dump_csum(w->pages, p, PAGE_SIZE);
	if (dest == w->want) {
		memcpy(w->copy, p, PAGE_SIZE);
		w->found = true;
	}
	dump_unmap(w, src, p);
	return 0;
}

static int dump_image_walk(u64 head, u64 window, u32 max_ind, u32 max_pages,
			   u64 *links, bool check_links, struct dump_walk *w,
			   struct dump_kexec_sum *sum, const char **why)
{
	struct dump_kexec_list l = {
		.entry = dump_image_entry,
		.page = dump_image_page,
		.ctx = w,
		.entries_per_page = PAGE_SIZE / sizeof(kimage_entry_t),
		.max_ind = max_ind,
		.max_pages = max_pages,
		.window = window,
		.links = links,
		.check_links = check_links,
	};

	return dump_kexec_walk(&l, head, sum, why);
}

/*
 * The staged bytes relocation will put at [dest, dest + len). Used at
 * load, on any image: no window applies, only a bound on the walk.
 */
static int dump_image_read(struct kimage *image, const struct dump_range *ram, u32 nr_ram,
			   u64 dest, void *buf, size_t len)
{
	struct dump_walk w = { .ram = ram, .nr_ram = nr_ram };
	struct dump_kexec_sum sum;
	const char *why;
	size_t off = 0;
	int ret = 0;

	w.copy = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!w.copy)
		return -ENOMEM;
	while (off < len) {
		u64 at = dest + off;
		size_t in = offset_in_page(at), n = min_t(size_t, len - off, PAGE_SIZE - in);

		w.want = at - in;
		w.found = false;
		/* Any image: at most 4 GiB of sources, 511 or more a page. */
		ret = dump_image_walk(image->head, U64_MAX, (1U << 20) / 511 + 2, 1U << 20,
				      NULL, false, &w, &sum, &why);
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
static int dump_image_read_str(struct kimage *image, const struct dump_range *ram,
			       u32 nr_ram, u64 dest, char *buf, size_t max)
{
	size_t off = 0;
	int ret;

	while (off < max - 1) {
		size_t n = min_t(size_t, max - 1 - off, PAGE_SIZE - offset_in_page(dest + off));

		ret = dump_image_read(image, ram, nr_ram, dest + off, buf + off, n);
		if (ret)
			return ret;
		if (memchr(buf + off, 0, n))
			return 0;
		off += n;
	}
	buf[max - 1] = 0;
	return 0;
}

/* The kexec page tables machine_kexec() switches to (built at load). */
static u64 dump_tables_sum(void *const *pages)
{
	u64 sum = 0;
	int i;

	for (i = 0; i < DUMP_KEXEC_TABLES; i++)
		sum = dump_csum(sum, pages[i], PAGE_SIZE);
	return sum;
}

/**
 * dump_image_measure() - walk and measure a loaded image
 * @image: the kexec image (its segments are inside the window)
 * @window: the low window size
 * @ram: the RAM ranges recorded at boot
 * @nr_ram: their number
 * @m: the measurements to fill
 * @why: on failure, a one-line reason
 *
 * Return: 0, or -errno with a reason.
 */
int dump_image_measure(struct kimage *image, u64 window, const struct dump_range *ram,
		       u32 nr_ram, struct dump_image *m, const char **why)
{
	struct dump_walk w = { .ram = ram, .nr_ram = nr_ram, .sum = true, .want = ~0ULL };
	int ret, n;

	memset(m, 0, sizeof(*m));
	ret = dump_image_walk(image->head, window, DUMP_MAX_LINKS, window >> PAGE_SHIFT,
			      m->links, false, &w, &m->list, why);
	if (ret)
		return ret;
	n = dump_kexec_tables(image, m->tables);
	while (n--) {
		if (!virt_addr_valid(m->tables[n])) {
			*why = "kexec's page tables are not in lowmem";
			return -EINVAL;
		}
	}
	m->image = image;
	m->head = image->head;
	m->start = image->start;
	m->control = image->control_code_page;
	m->pages = w.pages;
	m->tables_sum = dump_tables_sum(m->tables);
	return 0;
}

/**
 * dump_image_verify() - is the image still what was measured?
 * @m: the measurements taken at load (their seal already checked)
 * @window: the low window size
 * @ram: the RAM ranges recorded at boot
 * @nr_ram: their number
 * @why: on failure, a one-line reason
 *
 * Called in the panic path only (highmem is mapped without kmap_local).
 * Every pointer is compared with the measured one before it is followed,
 * and the walk follows only the measured links, bounded by the measured
 * counts; nothing is allocated and no lock is taken.
 *
 * Return: 0 when everything relocation and machine_kexec() will use is as
 * it was; -EINVAL otherwise.
 */
int dump_image_verify(const struct dump_image *m, u64 window, const struct dump_range *ram,
		      u32 nr_ram, const char **why)
{
	struct dump_walk w = { .ram = ram, .nr_ram = nr_ram, .at_panic = true,
			       .sum = true, .want = ~0ULL };
	struct kimage *image = m->image;
	void *tables[DUMP_KEXEC_TABLES];
	struct dump_kexec_sum sum;
	u64 links[DUMP_MAX_LINKS];

	*why = NULL;
	memcpy(links, m->links, sizeof(links));
	if (image != kexec_image) {
		*why = "the loaded image changed";
		return -EINVAL;
	}
	dump_kexec_tables(image, tables);
	if (image->head != m->head || image->start != m->start ||
	    image->control_code_page != m->control || image->preserve_context ||
	    memcmp(tables, m->tables, sizeof(tables)))
		*why = "the image's descriptor changed";
	else if (dump_tables_sum(tables) != m->tables_sum)
		*why = "kexec's page tables changed";
	else if (dump_image_walk(m->head, window, m->list.nr_ind, m->list.nr_pages, links,
				 true, &w, &sum, why))
		;
	else if (sum.nr_ind != m->list.nr_ind || sum.nr_pages != m->list.nr_pages ||
		 sum.entries != m->list.entries)
		*why = "the entry list changed";
	else if (w.pages != m->pages)
		*why = "a staging page changed";
	return *why ? -EINVAL : 0;
}

/*
 * The boot_params segment: the only one whose first page has a setup
 * header, and the one that holds the command line it points to.
 */
static int dump_image_boot_params(struct kimage *image, const struct dump_range *ram,
				  u32 nr_ram, u8 *bp, u64 *cmd)
{
	int found = -ENOENT;
	unsigned long i;
	u8 *page = bp + PAGE_SIZE;

	for (i = 0; i < image->nr_segments; i++) {
		if (dump_image_read(image, ram, nr_ram, image->segment[i].mem, page, PAGE_SIZE) ||
		    !dump_is_boot_params(page))
			continue;
		if (found >= 0)
			return -EINVAL;
		memcpy(bp, page, PAGE_SIZE);
		found = i;
	}
	if (found < 0)
		return found;
	*cmd = ((struct boot_params *)bp)->hdr.cmd_line_ptr |
	       (u64)((struct boot_params *)bp)->ext_cmd_line_ptr << 32;
	if (*cmd < image->segment[found].mem ||
	    *cmd >= image->segment[found].mem + image->segment[found].memsz)
		return -EINVAL;
	return found;
}

/**
 * dump_image_check_boot() - will the capture kernel stay in the window?
 * @image: the kexec image
 * @window: the low window size
 * @base: the backup base
 * @ram: the RAM ranges recorded at boot
 * @nr_ram: their number
 * @boot: what its command line says (filled whenever it can be read)
 * @why: on failure, the reason (a buffer of DUMP_WHY_LEN bytes)
 *
 * Return: 0, or -errno with a reason in @why.
 */
int dump_image_check_boot(struct kimage *image, u64 window, u64 base,
			  const struct dump_range *ram, u32 nr_ram,
			  struct dump_boot *boot, char *why)
{
	struct dump_segment segs[KEXEC_SEGMENT_MAX];
	struct dump_cmdline_facts facts;
	const char *reason;
	u64 cmd, end, size;
	char *cmdline;
	u8 *bp;
	unsigned long i;
	int seg, ret;
	u32 kio;

	memset(boot, 0, sizeof(*boot));
	bp = kzalloc(2 * PAGE_SIZE + COMMAND_LINE_SIZE, GFP_KERNEL);
	if (!bp)
		return -ENOMEM;
	cmdline = (char *)bp + 2 * PAGE_SIZE;
	seg = dump_image_boot_params(image, ram, nr_ram, bp, &cmd);
	if (seg < 0) {
		snprintf(why, DUMP_WHY_LEN,
			 "no single bzImage boot_params segment holding its command line");
		ret = -EINVAL;
		goto out;
	}
	ret = dump_image_read_str(image, ram, nr_ram, cmd, cmdline, COMMAND_LINE_SIZE);
	if (ret) {
		snprintf(why, DUMP_WHY_LEN, "its command line is not in the image");
		goto out;
	}
	dump_cmdline_scan(cmdline, window, base, &facts);
	boot->capture = facts.capture;
	boot->ours = facts.backup_ours && !facts.backup_other;
	ret = dump_cmdline_check(cmdline, window, base, &reason);
	if (ret) {
		snprintf(why, DUMP_WHY_LEN, "%s", reason);
		goto out;
	}
	kio = ((struct boot_params *)bp)->hdr.kernel_info_offset;
	if (((struct boot_params *)bp)->hdr.version < 0x020f)
		kio = 0;	/* no kernel_info before boot protocol 2.15 */
	for (i = 0; i < image->nr_segments; i++) {
		u8 magic[4];

		segs[i].mem = image->segment[i].mem;
		segs[i].memsz = image->segment[i].memsz;
		segs[i].bufsz = image->segment[i].bufsz;
		/* the kernel: kernel_info's magic where the header says it is */
		segs[i].kernel = i != (unsigned long)seg && kio && segs[i].bufsz >= (u64)kio + 4 &&
				 !dump_image_read(image, ram, nr_ram, segs[i].mem + kio,
						  magic, sizeof(magic)) &&
				 !memcmp(magic, "LToP", sizeof(magic));
	}
	ret = dump_boot_footprint(bp, segs, image->nr_segments, seg, &end, &reason);
	if (end > window) {
		size = ((struct boot_params *)bp)->hdr.init_size;
		snprintf(why, DUMP_WHY_LEN,
			 "its decompressor writes up to %#llx (init_size %#llx), beyond the low window",
			 end - 1, size);
		ret = -ERANGE;
	} else if (ret) {
		snprintf(why, DUMP_WHY_LEN, "%s", reason);
	}
out:
	kfree(bp);
	return ret;
}
