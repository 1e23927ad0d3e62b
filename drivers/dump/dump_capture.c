// SPDX-License-Identifier: GPL-2.0
/*
 * Capture kernel: find and validate the dump header the first kernel left
 * right after the backup copy, and build the redirect table that oldmem
 * and vmcore read through. A missing or corrupt header is one log line
 * and no dump; the kernel boots on regardless.
 */
#define pr_fmt(fmt) "dump: " fmt

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/limits.h>
#include <linux/dump.h>
#include <asm/sections.h>
#include <asm/setup.h>

static struct dump_capture dump_cap;
static bool dump_cap_valid;
static const char *dump_cap_why = "not a capture kernel";

/**
 * dump_capture_get() - the validated dump of this capture boot
 *
 * Return: the header and redirect table, or NULL when there is no dump.
 */
const struct dump_capture *dump_capture_get(void)
{
	return dump_cap_valid ? &dump_cap : NULL;
}

/**
 * dump_capture_status() - one line for the status file
 *
 * Return: "valid" or the reason there is no dump.
 */
const char *dump_capture_status(void)
{
	return dump_cap_valid ? "valid header, /proc/vmcore and /dev/oldmem offered" :
				dump_cap_why;
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

static int __init dump_capture_init(void)
{
	const struct dump_range *fw;
	u32 nr_fw;
	u64 cut = dump_capture_ram(&fw, &nr_fw);
	u64 size = dump_window_size();
	u64 addr = dump_backup_base() + size;
	struct dump_header *h;
	const char *why;
	void *area;
	u64 ram = 0;
	u32 i;
	int ret;

	if (!dump_is_capture_kernel())
		return 0;
	if (!size) {
		dump_cap_why = "no dump offered: bad dump_backup= parameter";
		pr_err("%s\n", dump_cap_why);
		return 0;
	}
	if (!dump_ranges_contain(fw, nr_fw, addr, addr + DUMP_HEADER_AREA)) {
		dump_cap_why = "the header area is not RAM";
		pr_err("no dump offered: %s (header at %#llx)\n", dump_cap_why, addr);
		return 0;
	}
	h = kmalloc(DUMP_HEADER_AREA, GFP_KERNEL);
	if (!h) {
		dump_cap_why = "no dump offered: out of memory";
		pr_err("%s\n", dump_cap_why);
		return -ENOMEM;
	}
	/* Old memory outside this kernel's RAM, mapped as oldmem.c maps it. */
	area = memremap(addr, DUMP_HEADER_AREA, MEMREMAP_WB);
	if (!area) {
		dump_cap_why = "cannot map the header area";
		pr_err("no dump offered: %s (header at %#llx)\n", dump_cap_why, addr);
		kfree(h);
		return 0;
	}
	memcpy(h, area, DUMP_HEADER_AREA);
	memunmap(area);
	ret = dump_header_validate(h, DUMP_HEADER_AREA, dump_backup_base(), size, &why);
	if (!ret) {
		why = dump_capture_check(h, fw, nr_fw, cut);
		ret = why ? -EINVAL : 0;
	}
	if (!ret)
		ret = dump_map_build(h, dump_cap.map, ARRAY_SIZE(dump_cap.map),
				     &dump_cap.nr_map);
	if (ret) {
		dump_cap_why = why ? why : "cannot build the redirect table";
		pr_err("no dump offered: %s (header at %#llx)\n", dump_cap_why, addr);
		kfree(h);
		return 0;
	}
	for (i = 0; i < dump_cap.nr_map; i++)
		ram += dump_cap.map[i].end - dump_cap.map[i].start;
	dump_cap.hdr = h;
	dump_cap_valid = true;
	pr_info("valid dump header: %u CPUs, saved_max_pfn %#llx, %u RAM ranges, %llu MiB of old RAM\n",
		h->nr_cpus, h->saved_max_pfn, h->nr_ranges, ram >> 20);
	return 0;
}
fs_initcall(dump_capture_init);
