// SPDX-License-Identifier: GPL-2.0
/*
 * Capture kernel: find and validate the dump header the first kernel left
 * right after the backup copy, verify the backup copy against the
 * checksum the header carries, build the redirect table that oldmem and
 * vmcore read through, and consume the header so no later boot can take
 * it for its own. A missing or corrupt header is one log line and no
 * dump; a backup that fails its checksum leaves the window out and marks
 * the dump incomplete. The kernel boots on regardless.
 *
 * In free mode (dump_backup=SIZE@free:HEADER) there is no backup region:
 * the header area also holds the window table, which says where each
 * piece of the window went. The pages that held the copy were free at the
 * crash; they are left out of the dump, said in a note and in the log.
 */
#define pr_fmt(fmt) "dump: " fmt

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/limits.h>
#include <linux/elf.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/dump.h>
#include <asm/sections.h>
#include <asm/setup.h>

static struct dump_capture dump_cap;
static bool dump_cap_valid;
static char dump_cap_status[128] = "not a capture kernel";

/* The note that marks a dump incomplete: name "DUMP", this type, text. */
#define DUMP_NOTE_NAME		"DUMP"
#define DUMP_NOTE_STATUS	1
#define DUMP_NOTE_FREE		2

/**
 * dump_capture_get() - the validated dump of this capture boot
 *
 * Return: the header and redirect table, or NULL when there is no dump.
 */
const struct dump_capture *dump_capture_get(void)
{
	return dump_cap_valid ? &dump_cap : NULL;
}

/*
 * Checks that need this kernel's view: where it runs, what RAM it was
 * booted with, what it can address. NULL when all is well.
 */
static const char *__init dump_capture_check(const struct dump_header *h,
					     const struct dump_range *fw, u32 nr,
					     u64 cut)
{
	u64 run_end;
	u32 i;

	/* The decompressor wrote [load address, + init_size). */
	run_end = __pa_symbol(_text) + (u64)boot_params.hdr.init_size;
	if (run_end > cut)
		return "this capture kernel ran outside the low window (run it at 1 MiB, no KASLR)";
	if (cut != h->backup_size)
		return "this capture kernel did not keep to the first kernel's window";
	for (i = 0; i < h->nr_ranges; i++) {
		if (h->ranges[i].end - 1 > (u64)PHYS_ADDR_MAX)
			return "old RAM above what this kernel can address";
		if (!dump_ranges_contain(fw, nr, h->ranges[i].start, h->ranges[i].end))
			return "an old RAM range is not RAM in this kernel's memory map";
	}
	return NULL;
}

/* dump_csum_blocks() of old memory [addr, addr + len), a block at a time. */
static int __init dump_csum_phys(u64 addr, u64 len, u64 *sum)
{
	while (len) {
		size_t n = min_t(u64, len, DUMP_CSUM_BLOCK);
		void *v = memremap(addr, n, MEMREMAP_WB);

		if (!v)
			return -ENOMEM;
		*sum = dump_csum_blocks(*sum, NULL, v, n);
		memunmap(v);
		addr += n;
		len -= n;
	}
	return 0;
}

/*
 * Is the backup copy what the panic path wrote? It summed each old RAM
 * range of the window, in order, as it copied it.
 */
static bool __init dump_backup_intact(const struct dump_header *h,
				      const struct dump_map *t)
{
	u64 sum = 0;
	u32 i;

	if (h->flags & DUMP_HDR_FREE) {
		for (i = 0; i < h->nr_table; i++)
			if (dump_csum_phys(t[i].src, t[i].end - t[i].start, &sum))
				return false;
		return sum == h->backup_csum;
	}
	for (i = 0; i < h->nr_ranges && h->ranges[i].start < h->backup_size; i++) {
		u64 s = h->ranges[i].start;
		u64 e = min(h->ranges[i].end, h->backup_size);

		if (dump_csum_phys(h->backup_base + s, e - s, &sum))
			return false;
	}
	return sum == h->backup_csum;
}

/* Append a "DUMP" note of @type with text after the header's own notes. */
static __printf(3, 4) u32 __init dump_note_text(u8 *at, u32 type, const char *fmt, ...)
{
	struct elf32_note *n = (struct elf32_note *)at;
	char *desc = (char *)(n + 1) + 8;
	va_list args;
	int len;

	va_start(args, fmt);
	len = vscnprintf(desc, 200, fmt, args);
	va_end(args);
	n->n_namesz = sizeof(DUMP_NOTE_NAME);
	n->n_descsz = len + 1;
	n->n_type = type;
	memcpy(n + 1, DUMP_NOTE_NAME, sizeof(DUMP_NOTE_NAME));
	return sizeof(*n) + 8 + ALIGN(len + 1, 4);
}

/*
 * Free mode: copy the window table out of the header area, check it, and
 * find the pages that held the copy. NULL when it cannot be trusted.
 */
static struct dump_map *__init dump_free_table(const struct dump_header *h, const void *area,
					       struct dump_range **sorted, const char **why)
{
	struct dump_map *t;
	u32 n = h->nr_table;

	if (!n || n > DUMP_FREE_TABLE_MAX) {
		*why = "bad window table size";
		return NULL;
	}
	t = kvmalloc_array(n, sizeof(*t), GFP_KERNEL);
	*sorted = kvmalloc_array(n + 1, sizeof(**sorted), GFP_KERNEL);
	if (!t || !*sorted) {
		*why = "out of memory";
		goto bad;
	}
	memcpy(t, area + DUMP_HEADER_AREA, n * sizeof(*t));
	if (!dump_free_table_check(h, t, *sorted, why))
		return t;
bad:
	kvfree(t);
	kvfree(*sorted);
	*sorted = NULL;
	return NULL;
}

/* One line for the log and the status file; no dump. */
static int __init dump_no_dump(const char *why, u64 addr)
{
	snprintf(dump_cap_status, sizeof(dump_cap_status), "no dump offered: %s", why);
	pr_err("%s (header at %#llx)\n", dump_cap_status, addr);
	return 0;
}

/* The header is this capture kernel's now: no later boot may take it. */
static void __init dump_consume(u64 addr)
{
	struct dump_header *old = memremap(addr, sizeof(*old), MEMREMAP_WB);

	if (!old) {
		pr_warn("cannot clear the header at %#llx\n", addr);
		return;
	}
	memset(old, 0, sizeof(*old));
	memunmap(old);
}

static void __init dump_log_cpus(const struct dump_header *h)
{
	u32 first, missed = dump_missed_cpus(h, &first);

	if (!missed)
		return;
	if (first != ~0U)
		pr_warn("%u of %u online CPUs left no registers (CPU %u first): they did not answer the NMI\n",
			missed, h->nr_online, first);
	else
		pr_warn("%u of %u online CPUs left no registers: they did not answer the NMI\n",
			missed, h->nr_online);
}

static int __init dump_capture_init(void)
{
	const struct dump_range *fw;
	u32 nr_fw, i, map_flags = 0, notes, max_map;
	u64 cut = dump_capture_ram(&fw, &nr_fw);
	u64 size = dump_window_size();
	u64 addr = dump_header_addr(dump_backup_base(), size);
	bool free = dump_base_is_free(dump_backup_base());
	u32 area_size = free ? DUMP_FREE_AREA : DUMP_HEADER_AREA;
	struct dump_range *sorted = NULL;
	struct dump_map *table = NULL;
	struct dump_header *h;
	const char *why;
	void *area;
	u64 ram = 0;
	int ret;

	if (!dump_is_capture_kernel())
		return 0;
	if (!size)
		return dump_no_dump(dump_params_why(), addr);
	if (!dump_ranges_contain(fw, nr_fw, addr, addr + area_size))
		return dump_no_dump("the header area is not RAM", addr);
	/* Room for the "incomplete" and "free" notes after the notes. */
	h = kmalloc(DUMP_HEADER_AREA + 512, GFP_KERNEL);
	if (!h)
		return dump_no_dump("out of memory", addr);
	/* Old memory outside this kernel's RAM, mapped as oldmem.c maps it. */
	area = memremap(addr, area_size, MEMREMAP_WB);
	if (!area) {
		kfree(h);
		return dump_no_dump("cannot map the header area", addr);
	}
	memcpy(h, area, DUMP_HEADER_AREA);
	/* Valid or not, no later boot may read this header again. */
	if (h->magic == DUMP_HEADER_MAGIC)
		dump_consume(addr);
	ret = dump_header_validate(h, DUMP_HEADER_AREA, dump_backup_base(), size, &why);
	if (!ret) {
		why = dump_capture_check(h, fw, nr_fw, cut);
		ret = why ? -EINVAL : 0;
	}
	if (!ret && free) {
		table = dump_free_table(h, area, &sorted, &why);
		ret = table ? 0 : -EINVAL;
	}
	memunmap(area);
	if (ret) {
		kfree(h);
		return dump_no_dump(why, addr);
	}
	notes = h->notes_size;
	if (!dump_backup_intact(h, table)) {
		map_flags = DUMP_MAP_NO_WINDOW;
		notes += dump_note_text((u8 *)(h + 1) + notes, DUMP_NOTE_STATUS,
					"incomplete: old RAM [0, %#llx) is missing (its backup copy failed its checksum)",
					h->backup_size);
		pr_err("the backup copy of [0, %llu MiB) fails its checksum: that window is left out, the dump is INCOMPLETE\n",
		       size >> 20);
	}
	max_map = free ? 3 * (h->nr_table + 1) + 2 * h->nr_ranges + 2 : 2 * h->nr_ranges + 2;
	dump_cap.map = kvmalloc_array(max_map, sizeof(*dump_cap.map), GFP_KERNEL);
	ret = -ENOMEM;
	if (dump_cap.map && free)
		ret = dump_map_build_free(h, map_flags, table, sorted, dump_cap.map, max_map,
					  &dump_cap.nr_map);
	else if (dump_cap.map)
		ret = dump_map_build(h, map_flags, dump_cap.map, max_map, &dump_cap.nr_map);
	if (free) {
		/* The pages that held the copy: all but the last (the header area). */
		for (i = 0; i < h->nr_table + 1; i++)
			if (sorted[i].start != addr)
				dump_cap.free_pages += PHYS_PFN(sorted[i].end - sorted[i].start);
		notes += dump_note_text((u8 *)(h + 1) + notes, DUMP_NOTE_FREE,
					"free mode: %llu pages in %u pieces, free at the crash, held the copy of [0, %#llx): their contents are not kept, no PT_LOAD covers them",
					dump_cap.free_pages, h->nr_table, h->backup_size);
	}
	kvfree(table);
	kvfree(sorted);
	if (ret || !dump_cap.nr_map) {
		kvfree(dump_cap.map);
		dump_cap.map = NULL;
		dump_cap.free_pages = 0;
		kfree(h);
		return dump_no_dump("cannot build the redirect table", addr);
	}
	for (i = 0; i < dump_cap.nr_map; i++)
		ram += dump_cap.map[i].end - dump_cap.map[i].start;
	dump_cap.hdr = h;
	dump_cap.notes_size = notes;
	dump_cap.incomplete = map_flags & DUMP_MAP_NO_WINDOW;
	dump_cap_valid = true;
	snprintf(dump_cap_status, sizeof(dump_cap_status),
		 "%s, /proc/vmcore and /dev/oldmem offered",
		 dump_cap.incomplete ? "INCOMPLETE dump (window missing)" : "valid dump");
	pr_info("valid dump header: %u CPUs, saved_max_pfn %#llx, %u RAM ranges, %llu MiB of old RAM\n",
		h->nr_cpus, h->saved_max_pfn, h->nr_ranges, ram >> 20);
	pr_info("panic path took %u us to verify the image, %u us to copy and checksum %llu MiB\n",
		h->us_verify, h->us_copy, size >> 20);
	if (free)
		pr_info("dump_backup=free: %llu pages (%llu KiB) that were free at the crash held the window's copy in %u pieces: left out of the dump\n",
			dump_cap.free_pages, dump_cap.free_pages << (PAGE_SHIFT - 10), h->nr_table);
	dump_log_cpus(h);
	return 0;
}
fs_initcall(dump_capture_init);

static ssize_t status_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	int n = 0;

	n += sysfs_emit_at(buf, n, "role: capture kernel (booted with dump)\n");
	n += sysfs_emit_at(buf, n, "dump: %s\n", dump_cap_status);
	return n;
}

static struct kobj_attribute dump_status_attr = __ATTR_RO(status);

static int __init dump_capture_sysfs_init(void)
{
	if (!dump_is_capture_kernel())
		return 0;
	if (!dump_kobj)
		return -ENOMEM;
	return sysfs_create_file(dump_kobj, &dump_status_attr.attr);
}
subsys_initcall(dump_capture_sysfs_init);
