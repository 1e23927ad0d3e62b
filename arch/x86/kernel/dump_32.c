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
#include <linux/sched/clock.h>
#include <linux/dump.h>
#include <asm/dump.h>
#include <asm/e820/api.h>
#include <asm/kexec.h>
#include <asm/reboot.h>
#include <asm/setup.h>

/* Fixed at boot, read-only afterwards: the panic path trusts these. */
static u64 dump_base __ro_after_init;	/* in free mode: dump_hdr | DUMP_BASE_FREE */
static u64 dump_size __ro_after_init;
static u64 dump_hdr __ro_after_init;	/* the header area */
static bool dump_free __ro_after_init;	/* dump_backup=free: no backup region */
static bool dump_reserved __ro_after_init;
static bool dump_header_wiped __ro_after_init;
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
static struct dump_boot dump_image_boot;
static struct dump_image dump_measured;

#define DUMP_ARMED_MAGIC 0x4d524144U	/* "DARM" */

static struct dump_arm {
	u32 magic;
	struct dump_image m;
	note_buf_t __percpu *crash_notes;	/* where the NMI path saves registers */
	void *vmcoreinfo_note;
	struct dump_bme dma;			/* PCI functions to stop */
	const void *pages;			/* mem_map: the free-page walk trusts it */
	unsigned long max_pfn, max_low_pfn;
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

/* Dumping stays off, for @why: one log line, and the status file says it. */
static void __init dump_disable(const char *why)
{
	dump_off_reason = why;
	pr_err("%s: dumping disabled\n", why);
}

static void __init dump_refuse(const char *why)
{
	dump_off_reason = why;
	pr_err("backup region [mem %#010llx-%#010llx] %s: dumping disabled\n",
	       dump_base, dump_base + dump_size + DUMP_HEADER_AREA - 1, why);
}

/* Why dump_backup=SIZE@BASE cannot be used, or NULL. */
static const char *__init dump_region_unusable(void)
{
	u64 end = dump_base + dump_size + DUMP_HEADER_AREA;

	if (!e820__mapped_all(dump_base, end, E820_TYPE_RAM))
		return "is not all RAM";
	if (end > (u64)max_low_pfn << PAGE_SHIFT)
		return "is not all in lowmem";
	if (memblock_is_region_reserved(dump_base, end - dump_base))
		return "overlaps memory in use (kernel, initrd, crashkernel or firmware)";
	return NULL;
}

/*
 * dump_backup=free: reserve only the header area (the header, its notes
 * and the window table), in lowmem above the window, where the capture
 * kernel is told to look. The window's copy goes to free pages at panic.
 */
static void __init dump_reserve_free(int ram_ret)
{
	u64 lowmem = (u64)max_low_pfn << PAGE_SHIFT;
	size_t scratch;

	if (!IS_ENABLED(CONFIG_FLATMEM)) {
		dump_disable("dump_backup=free needs a FLATMEM kernel");
		return;
	}
	if (dump_base != DUMP_BASE_FREE) {
		dump_disable("dump_backup=SIZE@free:HEADER is for capture kernels");
		return;
	}
	if (lowmem < 2 * dump_size) {
		dump_disable("dump_backup=free: lowmem is smaller than twice the window");
		return;
	}
	dump_hdr = memblock_phys_alloc_range(DUMP_FREE_AREA, PAGE_SIZE, dump_size, lowmem);
	if (!dump_hdr) {
		dump_disable("dump_backup=free: no lowmem above the window for the header");
		return;
	}
	memset(phys_to_virt(dump_hdr), 0, DUMP_FREE_AREA);
	dump_header_wiped = true;
	scratch = dump_free_setup();
	if (!scratch) {
		memblock_phys_free(dump_hdr, DUMP_FREE_AREA);
		dump_disable("dump_backup=free: no memory for the walk's scratch");
		return;
	}
	if (ram_ret) {
		memblock_phys_free(dump_hdr, DUMP_FREE_AREA);
		dump_disable("more RAM ranges than the header holds");
		return;
	}
	dump_base = dump_hdr | DUMP_BASE_FREE;
	dump_free = true;
	dump_res.name = "Dump header";
	dump_res.start = dump_hdr;
	dump_res.end = dump_hdr + DUMP_FREE_AREA - 1;
	insert_resource(&iomem_resource, &dump_res);
	dump_reserved = true;
	dump_off_reason = NULL;
	pr_info("dump_backup=free: no backup region; %u KiB reserved for the header at [mem %#010llx-%#010llx], %zu KiB for the panic path; at panic the low window [0, %llu MiB) goes to free memory\n",
		DUMP_FREE_AREA >> 10, dump_hdr, dump_hdr + DUMP_FREE_AREA - 1, scratch >> 10,
		dump_size >> 20);
}

/**
 * dump_reserve() - reserve the backup region and record the RAM ranges
 *
 * Called from setup_arch() once memblock knows RAM, the early reservations
 * (kernel, initrd, crashkernel=) are in place and lowmem is mapped. With
 * dump_backup=SIZE the region is placed here, in lowmem above the window.
 * The header area is zeroed as soon as it is known to be free RAM, even
 * when a later check refuses the region. Any reason the region cannot be
 * used disables dumping with one log line.
 */
void __init dump_reserve(void)
{
	const char *why;
	u64 end;
	int ram_ret;

	BUILD_BUG_ON(sizeof(struct dump_header) != 1144);
	BUILD_BUG_ON(DUMP_FREE_TABLE_MAX * sizeof(struct dump_map) > DUMP_FREE_TABLE_AREA);
	if (dump_is_capture_kernel())
		return;
	if (dump_params_why()) {
		dump_disable(dump_params_why());
		return;
	}
	dump_size = dump_window_size();
	ram_ret = dump_e820_ram(dump_ram, &dump_nr_ram, (u64)max_pfn << PAGE_SHIFT);
	dump_base = dump_backup_base();
	if (dump_base_is_free(dump_base)) {
		dump_reserve_free(ram_ret);
		return;
	}
	if (dump_base == DUMP_BASE_AUTO) {
		dump_base = memblock_phys_alloc_range(dump_size + DUMP_HEADER_AREA, SZ_1M,
						      dump_size, (u64)max_low_pfn << PAGE_SHIFT);
		if (!dump_base) {
			dump_off_reason = "no free lowmem above the window for the backup region";
			pr_err("%s (dump_backup=%lluM): dumping disabled\n", dump_off_reason,
			       dump_size >> 20);
			return;
		}
	} else {
		why = dump_region_unusable();
		if (why) {
			dump_refuse(why);
			return;
		}
		memblock_reserve(dump_base, dump_size + DUMP_HEADER_AREA);
	}
	end = dump_base + dump_size + DUMP_HEADER_AREA;
	dump_hdr = dump_base + dump_size;
	/* Whatever an earlier boot left there is not this boot's crash. */
	memset(phys_to_virt(dump_hdr), 0, DUMP_HEADER_AREA);
	dump_header_wiped = true;
	if (ram_ret) {
		memblock_phys_free(dump_base, end - dump_base);
		dump_refuse("cannot be described: more RAM ranges than the header holds");
		return;
	}
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
	int boot_ret;

	/* First what its command line says: kexec -e needs it too. */
	boot_ret = dump_image_check_boot(image, dump_size, dump_base, dump_ram, dump_nr_ram,
					 &dump_image_boot, dump_image_why);
	if (!dump_reserved)
		return false;
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
	if (boot_ret) {
		/* dump_image_why was set by dump_image_check_boot() */
		return false;
	}
	if (dump_image_measure(image, dump_size, dump_ram, dump_nr_ram, &dump_measured, &why)) {
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
	memset(&dump_image_boot, 0, sizeof(dump_image_boot));
	dump_image_fits = image && dump_nr_ram && dump_check_image(image);
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
 * Called by kernel_kexec() with the kexec lock held. An armed image is a
 * capture kernel waiting for a panic. Any other capture kernel ("dump" on
 * its command line) may boot only when the header it will read is this
 * kernel's and was zeroed at this boot: it then offers no dump, instead of
 * whatever an earlier crash left there.
 *
 * Return: true to refuse.
 */
bool dump_kexec_refused(struct kimage *image)
{
	bool refuse = false;

	mutex_lock(&dump_lock);
	if (dump_is_armed() && dump_arm.m.image == image) {
		pr_err("kexec -e refused: the loaded image is armed as this machine's capture kernel (echo 0 > /sys/kernel/dump/arm first)\n");
		refuse = true;
	} else if (image == dump_image && dump_image_boot.capture &&
		   !(dump_image_boot.ours && dump_header_wiped)) {
		pr_err("kexec -e refused: the loaded image is a capture kernel, and the dump header it would read was not cleared at this boot\n");
		refuse = true;
	}
	mutex_unlock(&dump_lock);
	return refuse;
}

/*
 * At panic: which CPUs were online, which left their registers. A note
 * counts only when it is a whole NT_PRSTATUS "CORE" note: one a CPU is
 * still writing (it answered the NMI after the timeout) is left out.
 */
static u32 dump_copy_notes(const struct dump_arm *a, struct dump_header *h, u8 *notes)
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
		note = (const void *)per_cpu_ptr(a->crash_notes, cpu);
		n = dump_note_len(note, sizeof(note_buf_t));
		if (n <= 0 || note->n_type != NT_PRSTATUS || note->n_namesz != 5 ||
		    memcmp(note + 1, "CORE", 5) ||
		    note->n_descsz != sizeof(struct elf_prstatus) || len + n > DUMP_NOTES_MAX)
			continue;
		memcpy(notes + len, note, n);
		len += n;
		h->nr_cpus++;
		if (cpu < 64)
			h->cpus_saved |= 1ULL << cpu;
	}
	n = dump_note_len(a->vmcoreinfo_note, VMCOREINFO_NOTE_SIZE);
	if (n > 0 && len + n <= DUMP_NOTES_MAX) {
		memcpy(notes + len, a->vmcoreinfo_note, n);
		len += n;
	}
	return len;
}

/*
 * At panic: the header after the backup copy, without its magic. It is
 * sealed only once the window is copied and checksummed.
 */
static struct dump_header *dump_write_header(const struct dump_arm *a, u32 us_verify)
{
	struct dump_header *h = phys_to_virt(dump_hdr);

	memset(h, 0, sizeof(*h));
	h->version = DUMP_HEADER_VERSION;
	h->flags = dump_free ? DUMP_HDR_FREE : 0;
	h->backup_base = dump_base;
	h->backup_size = dump_size;
	h->saved_max_pfn = max_pfn;
	h->lowmem_end = (u64)max_low_pfn << PAGE_SHIFT;
	h->page_offset = PAGE_OFFSET;
	h->us_verify = us_verify;
	h->nr_ranges = dump_nr_ram;
	memcpy(h->ranges, dump_ram, sizeof(dump_ram));
	h->notes_size = dump_copy_notes(a, h, (u8 *)(h + 1));
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

/*
 * At panic, free mode: copy each piece of the window where the table
 * says, checksumming entry by entry (dump_free_table_check()'s order).
 */
static u64 dump_copy_window_free(const struct dump_map *t, u32 nr)
{
	u64 sum = 0;
	u32 i;

	for (i = 0; i < nr; i++)
		sum = dump_csum_blocks(sum, phys_to_virt(t[i].src), phys_to_virt(t[i].start),
				       t[i].end - t[i].start);
	return sum;
}

static u32 dump_us_since(u64 t0)
{
	return div_u64(local_clock() - t0, NSEC_PER_USEC);
}

/* The sealed arm state, and everything it names, as it was at arming. */
static int dump_arm_verify(const struct dump_arm *a, const char **why)
{
	if (dump_arm_seal(a) != a->seal) {
		*why = "the arm state changed";
		return -EINVAL;
	}
	if (a->crash_notes != crash_notes || a->vmcoreinfo_note != vmcoreinfo_note) {
		*why = "the notes buffers moved";
		return -EINVAL;
	}
	if (a->pages != dump_free_mem_map() || a->max_pfn != max_pfn ||
	    a->max_low_pfn != max_low_pfn) {
		*why = "mem_map, max_pfn or max_low_pfn changed";
		return -EINVAL;
	}
	return dump_image_verify(&a->m, dump_size, dump_ram, dump_nr_ram, why);
}

/**
 * dump_crash_kexec() - the panic path, when a dump is armed
 * @regs: registers at the fault, or NULL from panic()
 *
 * Called from __crash_kexec() with the kexec lock held, when no mainline
 * crash kernel is loaded. No allocation, no sleeping, no device_shutdown();
 * no lock but what printk and mainline's crash path take (the parachute
 * line, the NMI shoot-down); every loop is bounded by what was measured
 * at load. The image is verified twice: before the shoot-down, so that a
 * damaged image leaves the normal panic with every CPU and interrupt
 * controller as mainline's panic() expects them; and after it, on a
 * private copy of the arm state, against changes in between (then the
 * normal panic goes on without the other CPUs and with the local APIC
 * off). Returns only when not armed, on a second entry, or on a failed
 * check. A panic inside this function finds the kexec lock taken and
 * takes the normal panic path. As with mainline kdump,
 * crash_save_vmcoreinfo() reads the wall clock through a seqcount and
 * would spin if this CPU had panicked inside a timekeeper update.
 */
void dump_crash_kexec(struct pt_regs *regs)
{
	/* Not on a stack that may be small: one entry only (dump_entered). */
	static struct dump_arm arm;
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
	if (atomic_xchg(&dump_entered, 1)) {
		pr_emerg("dump path entered twice: normal panic\n");
		return;
	}
	arm = dump_arm;
	t0 = local_clock();
	if (dump_arm_verify(&arm, &why)) {
		pr_emerg("kexec image failed its check (%s): no dump, normal panic\n", why);
		return;
	}
	us_verify = dump_us_since(t0);
	/*
	 * The one line, printed while the other CPUs still run: after the
	 * NMI shoot-down a console lock held by a stopped CPU would keep it
	 * in the ring buffer (where the dump still has it).
	 */
	if (dump_free)
		pr_emerg("kexec: opening parachute (saving registers, [0, %llu MiB) to free memory, header at %#llx)\n",
			 dump_size >> 20, dump_hdr);
	else
		pr_emerg("kexec: opening parachute (saving registers, [0, %llu MiB) to the backup at %#llx)\n",
			 dump_size >> 20, dump_base);
	crash_setup_regs(&fixed_regs, regs);
	crash_save_vmcoreinfo();
	dump_park_arm();
	machine_crash_shutdown(&fixed_regs);
	dump_selftest_in_panic_path();

	arm = dump_arm;
	dump_park_cpus();
	if (dump_arm_seal(&arm) == arm.seal && !dump_selftest_leave_bme())
		dump_dma_stop(&arm.dma);
	if (dump_arm_verify(&arm, &why)) {
		pr_emerg("kexec image failed its check after the CPUs stopped (%s): no dump, normal panic\n",
			 why);
		return;
	}
	h = dump_write_header(&arm, us_verify);
	t0 = local_clock();
	if (dump_free) {
		struct dump_map *t = phys_to_virt(dump_hdr + DUMP_HEADER_AREA);
		int nt = dump_free_plan(h, t, &why);

		if (nt < 0) {
			memset(h, 0, sizeof(*h));
			pr_emerg("dump_backup=free: no room for the window's copy (%s): no dump, normal panic\n",
				 why);
			return;
		}
		h->nr_table = nt;
		h->table_crc = dump_crc32(0, t, nt * sizeof(*t));
		h->backup_csum = dump_copy_window_free(t, nt);
	} else {
		h->backup_csum = dump_copy_window();
	}
	h->us_copy = dump_us_since(t0);
	h->magic = DUMP_HEADER_MAGIC;
	dump_header_seal(h);
	dump_selftest_header(h);
	machine_kexec(arm.m.image);
}

/*
 * /sys/kernel/dump: status (everyone; no physical addresses), region
 * (root: where the backup region is, and the capture command line that
 * names it), arm (root).
 */
static const char *dump_on_panic(void)
{
	if (!dump_is_armed())
		return "no dump (normal panic)";
	if (kexec_crash_image)
		return "the kexec -p crash kernel (mainline kdump) runs instead";
	return "save registers, stop CPUs and PCI DMA, verify the image, copy the window, kexec";
}

static ssize_t status_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	int n = 0;

	mutex_lock(&dump_lock);
	n += sysfs_emit_at(buf, n, "role: first kernel\n");
	if (dump_free) {
		unsigned long free_mib = dump_free_lowmem_pages() >> (20 - PAGE_SHIFT);

		n += sysfs_emit_at(buf, n,
				   "backup region: none (dump_backup=free): at panic the low window [0, %llu MiB) goes to free lowmem above it\n",
				   dump_size >> 20);
		n += sysfs_emit_at(buf, n,
				   "free lowmem now: %lu MiB for a %llu MiB window (%s)\n",
				   free_mib, dump_size >> 20,
				   free_mib >= 2 * (dump_size >> 20) ? "enough" :
				   free_mib >= (dump_size >> 20) ? "tight" :
				   "NOT enough: a panic now would not dump");
	} else if (dump_reserved) {
		n += sysfs_emit_at(buf, n,
				   "backup region: reserved for the low window [0, %llu MiB) (see region)\n",
				   dump_size >> 20);
	} else {
		n += sysfs_emit_at(buf, n, "backup region: none (%s)\n", dump_off_reason);
	}
	if (!dump_image)
		n += sysfs_emit_at(buf, n, "capture kernel: not loaded (kexec -l)\n");
	else if (dump_image_fits)
		n += sysfs_emit_at(buf, n,
				   "capture kernel: loaded, all %lu segments and its decompression inside the low window\n",
				   dump_image_segments);
	else if (dump_image_why[0])
		n += sysfs_emit_at(buf, n, "capture kernel: loaded, NOT usable: %s\n",
				   dump_image_why);
	else
		n += sysfs_emit_at(buf, n,
				   "capture kernel: loaded, NOT usable (no backup region)\n");
	n += sysfs_emit_at(buf, n, "armed: %s\n", dump_is_armed() ? "yes" : "no");
	n += sysfs_emit_at(buf, n, "on panic: %s\n", dump_on_panic());
	mutex_unlock(&dump_lock);
	return n;
}

static ssize_t region_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	int n = 0;

	if (!dump_reserved)
		return sysfs_emit(buf, "none (%s)\n", dump_off_reason);
	if (dump_free)
		n += sysfs_emit_at(buf, n, "header area: [mem %#010llx-%#010llx]\n",
				   dump_hdr, dump_hdr + DUMP_FREE_AREA - 1);
	else
		n += sysfs_emit_at(buf, n, "backup region: [mem %#010llx-%#010llx]\n",
				   dump_base, dump_base + dump_size + DUMP_HEADER_AREA - 1);
	n += sysfs_emit_at(buf, n, "low window: [0, %#llx)\n", dump_size);
	n += sysfs_emit_at(buf, n, "max_pfn: %#lx\n", max_pfn);
	n += sysfs_emit_at(buf, n, "capture command line needs: dump nokaslr dump_backup=%lluM@",
			   dump_size >> 20);
	if (dump_free)
		n += sysfs_emit_at(buf, n, "free:%#llx\n", dump_hdr);
	else
		n += sysfs_emit_at(buf, n, "%#llx\n", dump_base);
	n += sysfs_emit_at(buf, n, "kexec -l needs: --mem-max=%#llx\n", dump_size - 1);
	return n;
}

static ssize_t arm_show(struct kobject *kobj, struct kobj_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%d\n", dump_is_armed());
}

static int dump_arm_now(void)
{
	unsigned long free_pages;
	int missed;

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
	if (kexec_crash_image) {
		pr_warn("cannot arm: a kexec -p crash kernel is loaded and would run instead\n");
		return -EBUSY;
	}
	free_pages = dump_free ? dump_free_lowmem_pages() : 0;
	if (dump_free && free_pages < (dump_size >> PAGE_SHIFT)) {
		pr_warn("cannot arm: dump_backup=free needs %llu MiB of free lowmem above the window, %lu MiB of lowmem are free\n",
			dump_size >> 20, free_pages >> (20 - PAGE_SHIFT));
		return -ENOSPC;
	}
	missed = dump_dma_record(&dump_arm.dma);
	if (missed < 0)
		pr_warn("arming: no type-1 PCI configuration access: devices cannot be stopped at panic\n");
	else if (missed)
		pr_warn("arming: %d PCI functions beyond the first %d cannot be stopped at panic\n",
			missed, DUMP_MAX_BUS_MASTERS);
	dump_arm.m = dump_measured;
	dump_arm.crash_notes = crash_notes;
	dump_arm.vmcoreinfo_note = vmcoreinfo_note;
	dump_arm.pages = dump_free_mem_map();
	dump_arm.max_pfn = max_pfn;
	dump_arm.max_low_pfn = max_low_pfn;
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
static struct kobj_attribute dump_region_attr = __ATTR(region, 0400, region_show, NULL);
static struct kobj_attribute dump_arm_attr = __ATTR(arm, 0600, arm_show, arm_store);

static struct attribute *dump_attrs[] = {
	&dump_status_attr.attr,
	&dump_region_attr.attr,
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
