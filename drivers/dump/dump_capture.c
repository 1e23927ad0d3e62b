// SPDX-License-Identifier: GPL-2.0
/*
 * Capture kernel: find and validate the dump header the first kernel left
 * right after the backup copy, verify the backup copy against the
 * checksum the header carries, build the redirect table that oldmem and
 * vmcore read through, and consume the header so no later boot can take
 * it for its own. A missing or corrupt header is one log line and no
 * dump; a backup that fails its checksum leaves the window out and marks
 * the dump incomplete. The kernel boots on regardless.
 */
#define pr_fmt(fmt) "dump: " fmt

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/slab.h>
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
static bool __init dump_backup_intact(const struct dump_header *h)
{
	u64 sum = 0;
	u32 i;

	for (i = 0; i < h->nr_ranges && h->ranges[i].start < h->backup_size; i++) {
		u64 s = h->ranges[i].start;
		u64 e = min(h->ranges[i].end, h->backup_size);

		if (dump_csum_phys(h->backup_base + s, e - s, &sum))
			return false;
	}
	return sum == h->backup_csum;
}

/* Append the "incomplete" note after the header's own notes. */
static u32 __init dump_note_incomplete(u8 *at, const struct dump_header *h)
{
	struct elf32_note *n = (struct elf32_note *)at;
	char *desc = (char *)(n + 1) + 8;
	int len;

	len = snprintf(desc, 128,
		       "incomplete: old RAM [0, %#llx) is missing (its backup copy failed its checksum)",
		       h->backup_size);
	n->n_namesz = sizeof(DUMP_NOTE_NAME);
	n->n_descsz = len + 1;
	n->n_type = DUMP_NOTE_STATUS;
	memcpy(n + 1, DUMP_NOTE_NAME, sizeof(DUMP_NOTE_NAME));
	return sizeof(*n) + 8 + ALIGN(len + 1, 4);
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
	u32 nr_fw, i, map_flags = 0, notes;
	u64 cut = dump_capture_ram(&fw, &nr_fw);
	u64 size = dump_window_size();
	u64 addr = dump_backup_base() + size;
	struct dump_header *h;
	const char *why;
	void *area;
	u64 ram = 0;
	int ret;

	if (!dump_is_capture_kernel())
		return 0;
	if (!size)
		return dump_no_dump(dump_params_why(), addr);
	if (!dump_ranges_contain(fw, nr_fw, addr, addr + DUMP_HEADER_AREA))
		return dump_no_dump("the header area is not RAM", addr);
	/* Room for the "incomplete" note after the notes. */
	h = kmalloc(DUMP_HEADER_AREA + 256, GFP_KERNEL);
	if (!h)
		return dump_no_dump("out of memory", addr);
	/* Old memory outside this kernel's RAM, mapped as oldmem.c maps it. */
	area = memremap(addr, DUMP_HEADER_AREA, MEMREMAP_WB);
	if (!area) {
		kfree(h);
		return dump_no_dump("cannot map the header area", addr);
	}
	memcpy(h, area, DUMP_HEADER_AREA);
	memunmap(area);
	/* Valid or not, no later boot may read this header again. */
	if (h->magic == DUMP_HEADER_MAGIC)
		dump_consume(addr);
	ret = dump_header_validate(h, DUMP_HEADER_AREA, dump_backup_base(), size, &why);
	if (!ret) {
		why = dump_capture_check(h, fw, nr_fw, cut);
		ret = why ? -EINVAL : 0;
	}
	if (ret) {
		kfree(h);
		return dump_no_dump(why, addr);
	}
	notes = h->notes_size;
	if (!dump_backup_intact(h)) {
		map_flags = DUMP_MAP_NO_WINDOW;
		notes += dump_note_incomplete((u8 *)(h + 1) + notes, h);
		pr_err("the backup copy of [0, %llu MiB) fails its checksum: that window is left out, the dump is INCOMPLETE\n",
		       size >> 20);
	}
	ret = dump_map_build(h, map_flags, dump_cap.map, ARRAY_SIZE(dump_cap.map),
			     &dump_cap.nr_map);
	if (ret || !dump_cap.nr_map) {
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
