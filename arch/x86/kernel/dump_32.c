// SPDX-License-Identifier: GPL-2.0
/*
 * Memory-preserving crash dumps, first-kernel side (i386).
 *
 * At boot: reserve the backup region (SIZE bytes for the copy of the low
 * window [0, SIZE), then the header area) and record the RAM ranges; memblock
 * is gone after boot, so they cannot be walked at panic time.
 * At kexec load: check that every segment of the loaded image lies inside
 * the low window, which is the only RAM the capture kernel may overwrite.
 * At panic, once, when armed: save every CPU's registers (mainline's NMI
 * shoot-down), write a sealed header, copy the window to the backup region
 * and jump to the loaded image.
 *
 * A kernel booted with "dump" is a capture kernel instead: its RAM is cut
 * to the low window before memblock sees it, and it reserves nothing.
 */
#define pr_fmt(fmt) "dump: " fmt

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/kexec.h>
#include <linux/crash_core.h>
#include <linux/memblock.h>
#include <linux/mutex.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/string.h>
#include <linux/elf.h>
#include <linux/reboot.h>
#include <linux/dump.h>
#include <asm/e820/api.h>
#include <asm/early_ioremap.h>
#include <asm/kexec.h>
#include <asm/reboot.h>
#include <asm/sections.h>
#include <asm/setup.h>

static u64 dump_base = (u64)CONFIG_DUMP_BACKUP_BASE << 20;
static u64 dump_size = (u64)CONFIG_DUMP_BACKUP_SIZE << 20;
static bool dump_capture;
static bool dump_param_bad;
static bool dump_reserved;
static u64 dump_capture_cut;		/* capture kernel: RAM kept, [0, cut) */
static struct dump_range dump_fw_ram[DUMP_MAX_RANGES];	/* capture: firmware RAM */
static u32 dump_nr_fw_ram;
static const char *dump_off_reason = "the backup region was not reserved";

static struct dump_range dump_ram[DUMP_MAX_RANGES];
static u32 dump_nr_ram;

static struct resource dump_res = {
	.name	= "Dump backup region",
	.flags	= IORESOURCE_BUSY | IORESOURCE_MEM,
};

/* Serializes the image checks, the status file and arming. */
static DEFINE_MUTEX(dump_lock);
static struct kimage *dump_image;	/* the kexec_image last examined */
static bool dump_image_fits;
static const char *dump_image_why;
static unsigned long dump_image_segments;
static struct dump_range dump_bad_segment;
static bool dump_armed;
static atomic_t dump_entered = ATOMIC_INIT(0);

static int __init dump_param(char *arg)
{
	if (arg) {
		pr_err("'dump' takes no value (got dump=%s); not a capture boot\n", arg);
		return 0;
	}
	dump_capture = true;
	return 0;
}
early_param("dump", dump_param);

static int __init dump_backup_param(char *arg)
{
	int ret = dump_parse_backup(arg, &dump_size, &dump_base);

	if (ret) {
		pr_err("bad dump_backup=%s (want SIZE@BASE, SIZE 16M..64M, BASE >= SIZE, below 4G): dumping disabled\n",
		       arg ? arg : "");
		dump_off_reason = "bad dump_backup= boot parameter";
		dump_param_bad = true;
	}
	return 0;
}
early_param("dump_backup", dump_backup_param);

/**
 * dump_is_capture_kernel() - was this kernel booted with "dump"?
 *
 * Return: true for a capture kernel.
 */
bool dump_is_capture_kernel(void)
{
	return dump_capture;
}

/**
 * dump_window_size() - size of the low window (and of the backup copy)
 *
 * Return: the size in bytes, 0 when a bad parameter disabled dumping.
 */
u64 dump_window_size(void)
{
	return dump_param_bad ? 0 : dump_size;
}

/**
 * dump_capture_ram() - what a capture kernel knew before cutting its RAM
 * @fw_ram: set to the RAM ranges it was booted with
 * @nr: set to their number
 *
 * Return: the end of the RAM this capture kernel kept for itself.
 */
u64 dump_capture_ram(const struct dump_range **fw_ram, u32 *nr)
{
	*fw_ram = dump_fw_ram;
	*nr = dump_nr_fw_ram;
	return dump_capture_cut;
}

/**
 * dump_backup_base() - physical start of the backup region
 *
 * Return: the address; the header follows the copy at base + window size.
 */
u64 dump_backup_base(void)
{
	return dump_base;
}

/*
 * The E820 RAM (and kernel-reserved RAM) below @limit, merged into @r.
 * Both kernels describe RAM the same way, so the capture kernel can check
 * the first kernel's ranges against its own view.
 */
static int __init dump_e820_ram(struct dump_range *r, u32 *nr, u64 limit)
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
 * dump_setup_e820() - cut a capture kernel's RAM to the low window
 *
 * Called from setup_arch() right after the user's mem=/memmap= are applied
 * and before max_pfn and memblock are derived from the E820 table, so
 * nothing above the window (old memory, the backup region) is ever handed
 * to this kernel's allocators.
 */
void __init dump_setup_e820(void)
{
	u64 hdr = dump_base + dump_size;
	const struct dump_header *h;

	if (!dump_capture)
		return;
	/* Too many ranges: what did not fit fails the later containment checks. */
	dump_e820_ram(dump_fw_ram, &dump_nr_fw_ram, ULLONG_MAX);
	/*
	 * Keep the window the first kernel backed up: its header says how
	 * big it was. Without a matching header nothing says so, and only the
	 * smallest window is certainly backed up.
	 */
	dump_capture_cut = DUMP_WINDOW_MIN;
	if (!dump_param_bad &&
	    dump_ranges_contain(dump_fw_ram, dump_nr_fw_ram, hdr, hdr + sizeof(*h))) {
		h = early_memremap(hdr, sizeof(*h));
		if (h && h->magic == DUMP_HEADER_MAGIC && h->backup_base == dump_base &&
		    h->backup_size == dump_size)
			dump_capture_cut = dump_size;
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

static void __init dump_refuse(const char *why)
{
	dump_off_reason = why;
	pr_err("backup region [mem %#010llx-%#010llx] %s: dumping disabled\n",
	       dump_base, dump_base + dump_size + DUMP_HEADER_AREA - 1, why);
}

/**
 * dump_reserve() - reserve the backup region and record the RAM ranges
 *
 * Called from setup_arch() once memblock knows RAM and the early
 * reservations (kernel, initrd, crashkernel=) are in place. Any reason the
 * region cannot be used disables dumping with one log line.
 */
void __init dump_reserve(void)
{
	u64 end = dump_base + dump_size + DUMP_HEADER_AREA;

	BUILD_BUG_ON(sizeof(struct dump_header) != 1096);
	if (dump_capture || dump_param_bad)
		return;
	if (!e820__mapped_all(dump_base, end, E820_TYPE_RAM)) {
		dump_refuse("is not all RAM");
		return;
	}
	if (end > (u64)max_low_pfn << PAGE_SHIFT) {
		dump_refuse("is not all in lowmem");
		return;
	}
	if (memblock_is_region_reserved(dump_base, end - dump_base)) {
		dump_refuse("overlaps memory in use (kernel, initrd, crashkernel or firmware)");
		return;
	}

	if (dump_e820_ram(dump_ram, &dump_nr_ram, (u64)max_pfn << PAGE_SHIFT)) {
		dump_refuse("cannot be described: too many RAM ranges");
		return;
	}

	memblock_reserve(dump_base, end - dump_base);
	dump_res.start = dump_base;
	dump_res.end = end - 1;
	insert_resource(&iomem_resource, &dump_res);
	dump_reserved = true;
	dump_off_reason = NULL;
	pr_info("backup region [mem %#010llx-%#010llx] reserved for the low window [0, %llu MiB)\n",
		dump_base, end - 1, dump_size >> 20);
}

/* Does every segment of @image land inside the low window? */
static bool dump_check_image(struct kimage *image, struct dump_range *bad,
			     const char **why)
{
	unsigned long i;

	/* relocate_kernel returns from such an image: no way back at panic. */
	if (image->preserve_context) {
		*why = "loaded with --load-preserve-context";
		return false;
	}
	for (i = 0; i < image->nr_segments; i++) {
		const struct kexec_segment *s = &image->segment[i];

		if (dump_segment_check(s->mem, s->memsz, dump_size)) {
			bad->start = s->mem;
			bad->end = (u64)s->mem + s->memsz;
			*why = "a segment is outside the low window";
			return false;
		}
	}
	return true;
}

/**
 * dump_kexec_loaded() - note the kexec image after a kexec_load()
 * @image: the new kexec_image (NULL after an unload)
 *
 * Called by do_kexec_load() with the kexec lock held. A new or removed
 * image disarms: arming is a decision about one image.
 */
void dump_kexec_loaded(struct kimage *image)
{
	mutex_lock(&dump_lock);
	if (image == dump_image)
		goto out;
	if (dump_armed)
		pr_warn("kexec image %s: dump disarmed\n", image ? "replaced" : "unloaded");
	WRITE_ONCE(dump_armed, false);
	dump_image = image;
	dump_image_segments = image ? image->nr_segments : 0;
	dump_bad_segment.start = 0;
	dump_bad_segment.end = 0;
	dump_image_fits = image && dump_check_image(image, &dump_bad_segment,
						    &dump_image_why);
	if (!image || !dump_reserved)
		goto out;
	if (dump_image_fits)
		pr_info("kexec image fits the low window [0, %llu MiB); write 1 to /sys/kernel/dump/arm to dump on panic\n",
			dump_size >> 20);
	else if (!dump_bad_segment.end)
		pr_warn("kexec image %s: it will not be used for a dump\n", dump_image_why);
	else
		pr_warn("kexec image has a segment at [mem %#010llx-%#010llx] outside the low window [0, %llu MiB): it will not be used for a dump (load it with --mem-max=%#llx)\n",
			dump_bad_segment.start, dump_bad_segment.end - 1,
			dump_size >> 20, dump_size - 1);
out:
	mutex_unlock(&dump_lock);
}

/* At panic: the header goes right after the backup copy. */
static void dump_write_header(void)
{
	struct dump_header *h = phys_to_virt(dump_base + dump_size);
	u8 *notes = (u8 *)(h + 1);
	u32 len = 0, cpus = 0;
	int cpu, n;

	memset(h, 0, sizeof(*h));
	for_each_present_cpu(cpu) {
		const struct elf32_note *note;

		if (!crash_notes)
			break;
		note = (const void *)per_cpu_ptr(crash_notes, cpu);
		n = dump_note_len(note, sizeof(note_buf_t));
		if (n <= 0 || note->n_type != NT_PRSTATUS || note->n_namesz != 5 ||
		    len + n > DUMP_NOTES_MAX)
			continue;
		memcpy(notes + len, note, n);
		len += n;
		cpus++;
	}
	n = vmcoreinfo_note ? dump_note_len(vmcoreinfo_note, VMCOREINFO_NOTE_SIZE) : -1;
	if (n > 0 && len + n <= DUMP_NOTES_MAX) {
		memcpy(notes + len, vmcoreinfo_note, n);
		len += n;
	}
	h->magic = DUMP_HEADER_MAGIC;
	h->version = DUMP_HEADER_VERSION;
	h->nr_cpus = cpus;
	h->backup_base = dump_base;
	h->backup_size = dump_size;
	h->saved_max_pfn = max_pfn;
	h->lowmem_end = (u64)max_low_pfn << PAGE_SHIFT;
	h->page_offset = PAGE_OFFSET;
	h->nr_ranges = dump_nr_ram;
	memcpy(h->ranges, dump_ram, sizeof(dump_ram));
	h->notes_size = len;
	h->size = sizeof(*h) + len;
	dump_header_seal(h);
	dump_selftest_header(h);
}

/* At panic: copy the old RAM of the window into the backup region. */
static void dump_copy_window(void)
{
	u32 i;

	for (i = 0; i < dump_nr_ram && dump_ram[i].start < dump_size; i++) {
		u64 s = dump_ram[i].start;
		u64 e = min(dump_ram[i].end, dump_size);

		memcpy(phys_to_virt(dump_base + s), phys_to_virt(s), e - s);
	}
}

/**
 * dump_crash_kexec() - the panic path, when a dump is armed
 * @regs: registers at the fault, or NULL from panic()
 *
 * Called from __crash_kexec() with the kexec lock held, when no mainline
 * crash kernel is loaded. No allocation, no sleeping, no locks, no
 * device_shutdown(). Returns only when not armed (or on a second entry),
 * and the normal panic goes on; a panic inside this function finds the
 * kexec lock taken and takes the normal panic path as well.
 */
void dump_crash_kexec(struct pt_regs *regs)
{
	struct kimage *image = kexec_image;
	struct pt_regs fixed_regs;

	if (!READ_ONCE(dump_armed)) {
		if (image && dump_reserved)
			pr_emerg("not armed: no dump, normal panic\n");
		return;
	}
	if (!image || image != dump_image || !dump_image_fits)
		return;
	if (atomic_xchg(&dump_entered, 1)) {
		pr_emerg("dump path entered twice: normal panic\n");
		return;
	}
	/*
	 * The one line, printed while the other CPUs still run: after the
	 * NMI shoot-down a console lock held by a stopped CPU could hang us
	 * (mainline's crash path prints nothing there either).
	 */
	pr_emerg("kexec: opening parachute (saving registers, [0, %llu MiB) to the backup at %#llx)\n",
		 dump_size >> 20, dump_base);
	crash_setup_regs(&fixed_regs, regs);
	crash_save_vmcoreinfo();
	machine_crash_shutdown(&fixed_regs);
	dump_selftest_in_panic_path();
	dump_write_header();
	dump_copy_window();
	machine_kexec(image);
}

/* /sys/kernel/dump */
struct kobject *dump_kobj;

static ssize_t status_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	int n = 0;

	if (dump_capture) {
		n += sysfs_emit_at(buf, n, "role: capture kernel (booted with dump)\n");
		n += sysfs_emit_at(buf, n, "dump: %s\n", dump_capture_status());
		return n;
	}
	mutex_lock(&dump_lock);
	n += sysfs_emit_at(buf, n, "role: first kernel\n");
	if (dump_reserved)
		n += sysfs_emit_at(buf, n,
				   "backup region: [mem %#010llx-%#010llx] reserved, low window [0, %llu MiB)\n",
				   dump_base, dump_base + dump_size + DUMP_HEADER_AREA - 1,
				   dump_size >> 20);
	else
		n += sysfs_emit_at(buf, n, "backup region: none (%s)\n", dump_off_reason);
	if (!dump_image)
		n += sysfs_emit_at(buf, n, "capture kernel: not loaded (kexec -l)\n");
	else if (dump_image_fits)
		n += sysfs_emit_at(buf, n,
				   "capture kernel: loaded, all %lu segments inside the low window\n",
				   dump_image_segments);
	else if (!dump_bad_segment.end)
		n += sysfs_emit_at(buf, n, "capture kernel: loaded, NOT usable: %s\n",
				   dump_image_why);
	else
		n += sysfs_emit_at(buf, n,
				   "capture kernel: loaded, NOT usable: segment [mem %#010llx-%#010llx] is outside the low window\n",
				   dump_bad_segment.start, dump_bad_segment.end - 1);
	n += sysfs_emit_at(buf, n, "armed: %s\n", dump_armed ? "yes" : "no");
	n += sysfs_emit_at(buf, n, "on panic: %s\n",
			   dump_armed ?
			   "save registers, copy the window, kexec the capture kernel" :
			   "no dump (normal panic)");
	n += sysfs_emit_at(buf, n, "max_pfn: %#lx\n", max_pfn);
	mutex_unlock(&dump_lock);
	return n;
}

static ssize_t arm_show(struct kobject *kobj, struct kobj_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(dump_armed));
}

static ssize_t arm_store(struct kobject *kobj, struct kobj_attribute *attr,
			 const char *buf, size_t count)
{
	bool arm;
	int ret;

	ret = kstrtobool(buf, &arm);
	if (ret)
		return ret;
	mutex_lock(&dump_lock);
	ret = count;
	if (!arm) {
		WRITE_ONCE(dump_armed, false);
	} else if (dump_capture) {
		pr_warn("cannot arm: this is a capture kernel\n");
		ret = -EPERM;
	} else if (!dump_reserved) {
		pr_warn("cannot arm: %s\n", dump_off_reason);
		ret = -ENODEV;
	} else if (!dump_image) {
		pr_warn("cannot arm: no kexec image loaded\n");
		ret = -ENOENT;
	} else if (!dump_image_fits && !dump_bad_segment.end) {
		pr_warn("cannot arm: kexec image %s\n", dump_image_why);
		ret = -EINVAL;
	} else if (!dump_image_fits) {
		pr_warn("cannot arm: kexec image segment [mem %#010llx-%#010llx] is outside the low window [0, %llu MiB)\n",
			dump_bad_segment.start, dump_bad_segment.end - 1, dump_size >> 20);
		ret = -ERANGE;
	} else if (!crash_notes || !vmcoreinfo_note) {
		/* The capture kernel would reject a header without them. */
		pr_warn("cannot arm: no crash notes or VMCOREINFO buffer (boot-time allocation failed)\n");
		ret = -ENOMEM;
	} else {
		WRITE_ONCE(dump_armed, true);
		pr_info("armed: a panic will save memory and kexec the loaded image\n");
	}
	mutex_unlock(&dump_lock);
	return ret;
}

static struct kobj_attribute dump_status_attr = __ATTR_RO(status);
static struct kobj_attribute dump_arm_attr = __ATTR(arm, 0600, arm_show, arm_store);

static struct attribute *dump_attrs[] = {
	&dump_status_attr.attr,
	&dump_arm_attr.attr,
	NULL,
};

static const struct attribute_group dump_attr_group = {
	.attrs = dump_attrs,
};

static int __init dump_sysfs_init(void)
{
	dump_kobj = kobject_create_and_add("dump", kernel_kobj);
	if (!dump_kobj)
		return -ENOMEM;
	return sysfs_create_group(dump_kobj, &dump_attr_group);
}
subsys_initcall(dump_sysfs_init);
