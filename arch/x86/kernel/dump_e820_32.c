// SPDX-License-Identifier: GPL-2.0
/*
 * Memory-preserving crash dumps: the E820 view both kernels share.
 *
 * dump_e820_ram() describes RAM the same way for the first kernel (the
 * ranges it records for the header) and for the capture kernel (to check
 * those ranges against its own map). dump_setup_e820() cuts a capture
 * kernel's RAM to the low window before memblock and max_pfn are derived
 * from E820, so nothing above the window (old memory, the backup region)
 * is ever handed to its allocators.
 */
#define pr_fmt(fmt) "dump: " fmt

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/dump.h>
#include <asm/e820/api.h>
#include <asm/early_ioremap.h>

static u64 dump_capture_cut __initdata;
static struct dump_range dump_fw_ram[DUMP_MAX_RANGES] __initdata;
static u32 dump_nr_fw_ram __initdata;

/**
 * dump_e820_ram() - the E820 RAM (and kernel-reserved RAM) below @limit
 * @r: the table to fill, merged and sorted
 * @nr: entries filled (start from 0)
 * @limit: where to stop
 *
 * Return: 0, or -ENOSPC when there are more than DUMP_MAX_RANGES ranges.
 */
int __init dump_e820_ram(struct dump_range *r, u32 *nr, u64 limit)
{
	int i, ret;

	for (i = 0; i < e820_table->nr_entries; i++) {
		struct e820_entry *e = &e820_table->entries[i];
		u64 s = e->addr, t = min(e->addr + e->size, limit);

		if (e->type != E820_TYPE_RAM && e->type != E820_TYPE_RESERVED_KERN)
			continue;
		if (s >= t)
			continue;
		ret = dump_ranges_add(r, nr, DUMP_MAX_RANGES, s, t);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * dump_capture_ram() - what a capture kernel knew before cutting its RAM
 * @fw_ram: set to the RAM ranges it was booted with
 * @nr: set to their number
 *
 * Only valid during boot (__init).
 *
 * Return: the end of the RAM this capture kernel kept for itself.
 */
u64 __init dump_capture_ram(const struct dump_range **fw_ram, u32 *nr)
{
	*fw_ram = dump_fw_ram;
	*nr = dump_nr_fw_ram;
	return dump_capture_cut;
}

/**
 * dump_setup_e820() - cut a capture kernel's RAM to the low window
 *
 * Called from setup_arch() right after the user's mem=/memmap= are applied
 * and before max_pfn and memblock are derived from the E820 table.
 */
void __init dump_setup_e820(void)
{
	u64 size = dump_window_size();
	u64 hdr = dump_header_addr(dump_backup_base(), size);
	const struct dump_header *h;

	if (!dump_is_capture_kernel())
		return;
	/* Too many ranges: what did not fit fails the later containment checks. */
	dump_e820_ram(dump_fw_ram, &dump_nr_fw_ram, ULLONG_MAX);
	/*
	 * Keep the window the first kernel backed up: its header says how
	 * big it was. Without a matching header nothing says so, and only the
	 * smallest window is certainly backed up.
	 */
	dump_capture_cut = DUMP_WINDOW_MIN;
	if (size &&
	    dump_ranges_contain(dump_fw_ram, dump_nr_fw_ram, hdr, hdr + sizeof(*h))) {
		h = early_memremap(hdr, sizeof(*h));
		if (h && h->magic == DUMP_HEADER_MAGIC && h->backup_base == dump_backup_base() &&
		    h->backup_size == size)
			dump_capture_cut = size;
		if (h)
			early_memunmap((void *)h, sizeof(*h));
	}
	/*
	 * Old RAM above the window becomes reserved, not absent: this kernel
	 * never allocates it, and nothing (a PCI BAR, say) is placed over it.
	 */
	e820__range_update(dump_capture_cut, ULLONG_MAX - dump_capture_cut,
			   E820_TYPE_RAM, E820_TYPE_RESERVED);
	e820__update_table(e820_table);
	pr_info("capture kernel: RAM limited to the low window [0, %llu MiB)\n",
		dump_capture_cut >> 20);
}
