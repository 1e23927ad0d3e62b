// SPDX-License-Identifier: GPL-2.0
/*
 * Memory-preserving crash dumps, first-kernel side (i386).
 *
 * At boot: reserve the backup region (SIZE bytes for the copy of the low
 * window [0, SIZE), then the header area), zero the header area so no
 * earlier crash's header survives, and record the RAM ranges (memblock is
 * gone after boot, so they cannot be walked at panic time).
 * At kexec load: check and measure the image (dump_image_32.c).
 * At arm: seal what the panic path will trust.
 * At panic, once, when armed: save every CPU's registers (mainline's NMI
 * shoot-down), verify the image against its measurements, copy the window
 * to the backup region, checksum the copy, seal the header and jump.
 * A non-panic kexec of the armed image is refused: only a panic boots it.
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
#include <linux/cpumask.h>
#include <linux/reboot.h>
#include <linux/capability.h>
#include <linux/sched/clock.h>
#include <linux/dump.h>
#include <asm/dump.h>
#include <asm/e820/api.h>
#include <asm/kexec.h>
#include <asm/reboot.h>
#include <asm/setup.h>

/* Fixed at boot, read-only afterwards: the panic path trusts these. */
static u64 dump_base __ro_after_init;
static u64 dump_size __ro_after_init;
static bool dump_reserved __ro_after_init;
static const char *dump_off_reason __ro_after_init = "the backup region was not reserved";
static struct dump_range dump_ram[DUMP_MAX_RANGES] __ro_after_init;
static u32 dump_nr_ram __ro_after_init;

static struct resource dump_res = {
	.name	= "Dump backup region",
	.flags	= IORESOURCE_BUSY | IORESOURCE_MEM,
};

/*
 * The loaded image as last examined (under dump_lock), and, while armed,
 * its sealed copy: the panic path trusts only a state whose seal matches.
 */
static DEFINE_MUTEX(dump_lock);
static struct kimage *dump_image;
static bool dump_image_fits;
static char dump_image_why[DUMP_WHY_LEN];
static unsigned long dump_image_segments;
static struct dump_image dump_measured;

#define DUMP_ARMED_MAGIC 0x4d524144U	/* "DARM" */

static struct dump_arm {
	u32 magic;
	struct dump_image m;
	u32 seal;
} dump_arm;

static atomic_t dump_entered = ATOMIC_INIT(0);

static u32 dump_arm_seal(const struct dump_arm *a)
{
	return dump_crc32(0, a, offsetof(struct dump_arm, seal));
}

static bool dump_is_armed(void)
{
	return READ_ONCE(dump_arm.magic) == DUMP_ARMED_MAGIC;
}

static void dump_disarm(void)
{
	memset(&dump_arm, 0, sizeof(dump_arm));
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
 * Called from setup_arch() once memblock knows RAM, the early reservations
 * (kernel, initrd, crashkernel=) are in place and lowmem is mapped. Any
 * reason the region cannot be used disables dumping with one log line.
 */
void __init dump_reserve(void)
{
	u64 end;

	BUILD_BUG_ON(sizeof(struct dump_header) != 1136);
	if (dump_is_capture_kernel())
		return;
	dump_base = dump_backup_base();
	dump_size = dump_window_size();
	end = dump_base + dump_size + DUMP_HEADER_AREA;
	if (dump_params_why()) {
		dump_off_reason = dump_params_why();
		pr_err("%s: dumping disabled\n", dump_off_reason);
		return;
	}
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
		dump_refuse("cannot be described: more RAM ranges than the header holds");
		return;
	}

	memblock_reserve(dump_base, end - dump_base);
	/* Whatever an earlier boot left there is not this boot's crash. */
	memset(phys_to_virt(dump_base + dump_size), 0, DUMP_HEADER_AREA);
	dump_res.start = dump_base;
	dump_res.end = end - 1;
	insert_resource(&iomem_resource, &dump_res);
	dump_reserved = true;
	dump_off_reason = NULL;
	pr_info("backup region [mem %#010llx-%#010llx] reserved for the low window [0, %llu MiB)\n",
		dump_base, end - 1, dump_size >> 20);
}

/* Everything about @image that decides whether a dump may boot it. */
static bool dump_check_image(struct kimage *image)
{
	const char *why;
	unsigned long i;

	/* relocate_kernel returns from such an image: no way back at panic. */
	if (image->preserve_context) {
		snprintf(dump_image_why, DUMP_WHY_LEN,
			 "it was loaded with --load-preserve-context");
		return false;
	}
	for (i = 0; i < image->nr_segments; i++) {
		const struct kexec_segment *s = &image->segment[i];

		if (dump_segment_check(s->mem, s->memsz, dump_size)) {
			snprintf(dump_image_why, DUMP_WHY_LEN,
				 "segment [mem %#010lx-%#010lx] is outside the low window (load it with --mem-max=%#llx)",
				 s->mem, s->mem + s->memsz - 1, dump_size - 1);
			return false;
		}
	}
	if (dump_segment_check(image->start, 1, dump_size)) {
		snprintf(dump_image_why, DUMP_WHY_LEN, "its entry point is outside the low window");
		return false;
	}
	if (dump_image_check_boot(image, dump_size, dump_base, dump_backup_is_default(),
				  dump_image_why))
		return false;
	if (dump_image_measure(image, dump_size, &dump_measured, &why)) {
		snprintf(dump_image_why, DUMP_WHY_LEN, "its kexec entry list: %s", why);
		return false;
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
	if (dump_is_armed())
		pr_warn("kexec image %s: dump disarmed\n", image ? "replaced" : "unloaded");
	dump_disarm();
	dump_image = image;
	dump_image_segments = image ? image->nr_segments : 0;
	dump_image_why[0] = 0;
	dump_image_fits = image && dump_reserved && dump_check_image(image);
	if (!image || !dump_reserved)
		goto out;
	if (dump_image_fits)
		pr_info("kexec image fits the low window [0, %llu MiB); write 1 to /sys/kernel/dump/arm to dump on panic\n",
			dump_size >> 20);
	else
		pr_warn("kexec image will not be used for a dump: %s\n", dump_image_why);
out:
	mutex_unlock(&dump_lock);
}

/**
 * dump_kexec_refused() - may a non-panic kexec boot this image?
 * @image: the image kernel_kexec() is about to boot
 *
 * Called by kernel_kexec() with the kexec lock held: an armed image is a
 * capture kernel waiting for a panic, and booting it now would offer
 * whatever a previous crash left as if it were this one.
 *
 * Return: true to refuse.
 */
bool dump_kexec_refused(struct kimage *image)
{
	if (!dump_is_armed() || dump_arm.m.image != image)
		return false;
	pr_err("kexec -e refused: the loaded image is armed as this machine's capture kernel (echo 0 > /sys/kernel/dump/arm first)\n");
	return true;
}

/* At panic: which CPUs were online, which left their registers. */
static u32 dump_copy_notes(struct dump_header *h, u8 *notes)
{
	u32 len = 0;
	int cpu, n;

	for_each_present_cpu(cpu) {
		const struct elf32_note *note;

		if (cpu_online(cpu)) {
			h->nr_online++;
			if (cpu < 64)
				h->cpus_online |= 1ULL << cpu;
		}
		if (!crash_notes)
			continue;
		note = (const void *)per_cpu_ptr(crash_notes, cpu);
		n = dump_note_len(note, sizeof(note_buf_t));
		if (n <= 0 || note->n_type != NT_PRSTATUS || note->n_namesz != 5 ||
		    len + n > DUMP_NOTES_MAX)
			continue;
		memcpy(notes + len, note, n);
		len += n;
		h->nr_cpus++;
		if (cpu < 64)
			h->cpus_saved |= 1ULL << cpu;
	}
	n = vmcoreinfo_note ? dump_note_len(vmcoreinfo_note, VMCOREINFO_NOTE_SIZE) : -1;
	if (n > 0 && len + n <= DUMP_NOTES_MAX) {
		memcpy(notes + len, vmcoreinfo_note, n);
		len += n;
	}
	return len;
}

/*
 * At panic: the header after the backup copy, without its magic. It is
 * sealed only once the window is copied and checksummed.
 */
static struct dump_header *dump_write_header(u32 us_verify)
{
	struct dump_header *h = phys_to_virt(dump_base + dump_size);

	memset(h, 0, sizeof(*h));
	h->version = DUMP_HEADER_VERSION;
	h->backup_base = dump_base;
	h->backup_size = dump_size;
	h->saved_max_pfn = max_pfn;
	h->lowmem_end = (u64)max_low_pfn << PAGE_SHIFT;
	h->page_offset = PAGE_OFFSET;
	h->us_verify = us_verify;
	h->nr_ranges = dump_nr_ram;
	memcpy(h->ranges, dump_ram, sizeof(dump_ram));
	h->notes_size = dump_copy_notes(h, (u8 *)(h + 1));
	h->size = sizeof(*h) + h->notes_size;
	return h;
}

/*
 * At panic: copy the old RAM of the window into the backup region, and
 * checksum it in the same pass (the header's backup_csum).
 */
static u64 dump_copy_window(void)
{
	u64 sum = 0;
	u32 i;

	for (i = 0; i < dump_nr_ram && dump_ram[i].start < dump_size; i++) {
		u64 s = dump_ram[i].start;
		u64 e = min(dump_ram[i].end, dump_size);

		sum = dump_csum_blocks(sum, phys_to_virt(dump_base + s), phys_to_virt(s), e - s);
	}
	return sum;
}

static u32 dump_us_since(u64 t0)
{
	return div_u64(local_clock() - t0, NSEC_PER_USEC);
}

/**
 * dump_crash_kexec() - the panic path, when a dump is armed
 * @regs: registers at the fault, or NULL from panic()
 *
 * Called from __crash_kexec() with the kexec lock held, when no mainline
 * crash kernel is loaded. No allocation, no sleeping, no locks, no
 * device_shutdown(); every loop is bounded by what was measured at load.
 * Returns only when not armed, on a second entry, or when the image or
 * the arm state is not what was sealed: the normal panic goes on. A panic
 * inside this function finds the kexec lock taken and takes the normal
 * panic path as well.
 */
void dump_crash_kexec(struct pt_regs *regs)
{
	struct pt_regs fixed_regs;
	struct dump_header *h;
	const char *why;
	u64 t0;
	u32 us_verify;

	if (!dump_is_armed()) {
		if (kexec_image && dump_reserved)
			pr_emerg("not armed: no dump, normal panic\n");
		return;
	}
	if (dump_arm_seal(&dump_arm) != dump_arm.seal) {
		pr_emerg("arm state corrupted since arming: no dump, normal panic\n");
		return;
	}
	if (atomic_xchg(&dump_entered, 1)) {
		pr_emerg("dump path entered twice: normal panic\n");
		return;
	}
	/*
	 * The one line, printed while the other CPUs still run: after the
	 * NMI shoot-down a console lock held by a stopped CPU would keep it
	 * in the ring buffer until the normal panic flushes it.
	 */
	pr_emerg("kexec: opening parachute (saving registers, [0, %llu MiB) to the backup at %#llx)\n",
		 dump_size >> 20, dump_base);
	crash_setup_regs(&fixed_regs, regs);
	crash_save_vmcoreinfo();
	machine_crash_shutdown(&fixed_regs);
	dump_selftest_in_panic_path();

	t0 = local_clock();
	if (dump_image_verify(&dump_arm.m, dump_size, &why)) {
		pr_emerg("kexec image failed its check (%s): no dump, normal panic\n", why);
		return;
	}
	us_verify = dump_us_since(t0);
	h = dump_write_header(us_verify);
	t0 = local_clock();
	h->backup_csum = dump_copy_window();
	h->us_copy = dump_us_since(t0);
	h->magic = DUMP_HEADER_MAGIC;
	dump_header_seal(h);
	dump_selftest_header(h);
	machine_kexec(dump_arm.m.image);
}

/* /sys/kernel/dump: status (everyone), arm (root) */

/* Physical addresses are for root only. */
static bool dump_show_addrs(void)
{
	return capable(CAP_SYS_ADMIN);
}

static ssize_t status_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	bool addrs = dump_show_addrs();
	int n = 0;

	mutex_lock(&dump_lock);
	n += sysfs_emit_at(buf, n, "role: first kernel\n");
	if (dump_reserved && addrs)
		n += sysfs_emit_at(buf, n,
				   "backup region: [mem %#010llx-%#010llx] reserved, low window [0, %llu MiB)\n",
				   dump_base, dump_base + dump_size + DUMP_HEADER_AREA - 1,
				   dump_size >> 20);
	else if (dump_reserved)
		n += sysfs_emit_at(buf, n, "backup region: reserved, low window [0, %llu MiB)\n",
				   dump_size >> 20);
	else
		n += sysfs_emit_at(buf, n, "backup region: none (%s)\n", dump_off_reason);
	if (dump_reserved && addrs)
		n += sysfs_emit_at(buf, n,
				   "capture command line needs: dump nokaslr dump_backup=%lluM@%#llx\n",
				   dump_size >> 20, dump_base);
	if (!dump_image)
		n += sysfs_emit_at(buf, n, "capture kernel: not loaded (kexec -l)\n");
	else if (dump_image_fits)
		n += sysfs_emit_at(buf, n,
				   "capture kernel: loaded, all %lu segments and its decompression inside the low window\n",
				   dump_image_segments);
	else if (dump_image_why[0] && (addrs || !strstr(dump_image_why, "0x")))
		n += sysfs_emit_at(buf, n, "capture kernel: loaded, NOT usable: %s\n",
				   dump_image_why);
	else
		n += sysfs_emit_at(buf, n, "capture kernel: loaded, NOT usable (%s)\n",
				   dump_reserved ? "see the kernel log" : "no backup region");
	n += sysfs_emit_at(buf, n, "armed: %s\n", dump_is_armed() ? "yes" : "no");
	n += sysfs_emit_at(buf, n, "on panic: %s\n",
			   dump_is_armed() ?
			   "save registers, verify the image, copy the window, kexec" :
			   "no dump (normal panic)");
	if (addrs)
		n += sysfs_emit_at(buf, n, "max_pfn: %#lx\n", max_pfn);
	mutex_unlock(&dump_lock);
	return n;
}

static ssize_t arm_show(struct kobject *kobj, struct kobj_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%d\n", dump_is_armed());
}

static int dump_arm_now(void)
{
	if (!dump_reserved) {
		pr_warn("cannot arm: %s\n", dump_off_reason);
		return -ENODEV;
	}
	if (!dump_image) {
		pr_warn("cannot arm: no kexec image loaded\n");
		return -ENOENT;
	}
	if (!dump_image_fits) {
		pr_warn("cannot arm: kexec image %s\n", dump_image_why);
		return -EINVAL;
	}
	if (!crash_notes || !vmcoreinfo_note) {
		/* The capture kernel would reject a header without them. */
		pr_warn("cannot arm: no crash notes or VMCOREINFO buffer (boot-time allocation failed)\n");
		return -ENOMEM;
	}
	dump_arm.m = dump_measured;
	dump_arm.magic = DUMP_ARMED_MAGIC;
	dump_arm.seal = dump_arm_seal(&dump_arm);
	pr_info("armed: a panic will save memory and kexec the loaded image\n");
	return 0;
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
	if (!arm)
		dump_disarm();
	else if (!dump_is_armed())
		ret = dump_arm_now();
	mutex_unlock(&dump_lock);
	return ret ? ret : count;
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
	if (dump_is_capture_kernel())
		return 0;
	if (!dump_kobj)
		return -ENOMEM;
	return sysfs_create_group(dump_kobj, &dump_attr_group);
}
subsys_initcall(dump_sysfs_init);
