// SPDX-License-Identifier: GPL-2.0
/*
 * Memory-preserving crash dumps: at panic, stop what could still write or
 * run in the low window once the capture kernel is there (i386).
 *
 * DMA.
 * No device is shut down at panic, and the low window the capture kernel
 * runs in is all of ZONE_DMA: a disk or network controller still writing
 * there after the jump would scribble on the capture kernel. So at arming
 * the PCI functions of domain 0 are recorded (in the sealed arm state),
 * and at panic, once the other CPUs are stopped, each one's bus master
 * enable is cleared through type-1 configuration ports 0xcf8/0xcfc: no
 * lock (pci_config_lock may be held by a stopped CPU, which is stopped
 * for good), no allocation, a bounded loop. What was already written
 * stays written; the capture kernel clears any bus master it still finds
 * (dump_capture_pci.c) and boots with reset_devices.
 *
 * Other CPUs. The NMI shoot-down leaves them halted in crash_nmi_callback(),
 * in this kernel's text, which on i386 lies in the window when the first
 * kernel runs at 1 MiB; a CPU that never answered the NMI is still running
 * there. Once the capture kernel is copied over that text, anything that
 * wakes a halted CPU (an SMI without auto-HALT restart, say) or keeps one
 * running makes it execute the capture kernel's bytes. INIT puts an
 * application processor into wait-for-SIPI, where it runs nothing until a
 * kernel starts it; the boot processor would restart into firmware on
 * INIT. So, while a dump is under way, every CPU the shoot-down stopped
 * leaves crash_nmi_callback() (patch 0006) for a halt loop in a page above
 * the window, on page tables above the window that map lowmem at
 * PAGE_OFFSET with large pages: whatever wakes it halts again there, and
 * no stopped CPU ever fetches the capture kernel's bytes. APs are then
 * also put into wait-for-SIPI with INIT.
 */
#define pr_fmt(fmt) "dump: " fmt

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/pci.h>
#include <linux/io.h>
#include <linux/smp.h>
#include <linux/dump.h>
#include <asm/apic.h>
#include <asm/dump.h>
#include <asm/pci_x86.h>
#include <asm/pgtable.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>

#define DUMP_CONF1_ADDR		0xcf8
#define DUMP_CONF1_DATA		0xcfc

/**
 * dump_dma_record() - the PCI functions to stop at panic
 * @b: filled with their type-1 configuration addresses
 *
 * Host bridges are left alone; functions beyond DUMP_MAX_BUS_MASTERS, or
 * outside domain 0, are not stopped (the count says so).
 *
 * Return: how many functions could not be recorded; -ENODEV when the
 * platform has no type-1 configuration access.
 */
int dump_dma_record(struct dump_bme *b)
{
	struct pci_dev *dev = NULL;
	int missed = 0;

	memset(b, 0, sizeof(*b));
	if (raw_pci_ops != &pci_direct_conf1)
		return -ENODEV;
	for_each_pci_dev(dev) {
		if ((dev->class >> 8) == PCI_CLASS_BRIDGE_HOST)
			continue;
		if (pci_domain_nr(dev->bus) || b->nr == DUMP_MAX_BUS_MASTERS) {
			missed++;
			continue;
		}
		b->cfg[b->nr++] = 0x80000000U | dev->bus->number << 16 | dev->devfn << 8;
	}
	return missed;
}

/**
 * dump_dma_stop() - at panic: clear bus master enable on every recorded
 *	function
 * @b: the functions, from the sealed arm state
 */
void dump_dma_stop(const struct dump_bme *b)
{
	u32 i;
	u16 cmd;

	for (i = 0; i < b->nr && i < DUMP_MAX_BUS_MASTERS; i++) {
		outl(b->cfg[i] | (PCI_COMMAND & 0xfc), DUMP_CONF1_ADDR);
		cmd = inw(DUMP_CONF1_DATA + (PCI_COMMAND & 2));
		if (cmd == 0xffff || !(cmd & PCI_COMMAND_MASTER))
			continue;
		outl(b->cfg[i] | (PCI_COMMAND & 0xfc), DUMP_CONF1_ADDR);
		outw(cmd & ~PCI_COMMAND_MASTER, DUMP_CONF1_DATA + (PCI_COMMAND & 2));
	}
}

/**
 * dump_park_cpus() - at panic: INIT every other application processor
 *
 * Bounded: one INIT assert and deassert per present CPU, each waiting at
 * most safe_apic_wait_icr_idle()'s 100 ms for the ICR.
 */
void dump_park_cpus(void)
{
	int cpu, self = smp_processor_id();
	u32 apicid;

	for_each_present_cpu(cpu) {
		apicid = cpu_physical_id(cpu);
		if (cpu == self || apicid == boot_cpu_physical_apicid || apicid == BAD_APICID)
			continue;
		apic_icr_write(APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT, apicid);
		safe_apic_wait_icr_idle();
		apic_icr_write(APIC_INT_LEVELTRIG | APIC_DM_INIT, apicid);
		safe_apic_wait_icr_idle();
	}
}

/* Physical address for CR3 and the halt loop's address; 0 when unavailable. */
static unsigned long dump_park_cr3 __ro_after_init;
static void *dump_park_stub __ro_after_init;
static bool dump_parking;

/*
 * A zeroed lowmem page above the window; the ones below are given back.
 * GFP_KERNEL hands out ZONE_DMA pages too: at most the window's worth,
 * never the last ones (no retry, no OOM killer).
 */
static void *__init dump_park_page(void)
{
	unsigned long i, tries = (dump_window_size() >> PAGE_SHIFT) + 64;
	struct page *page, *tmp, *found = NULL;
	LIST_HEAD(below);

	if ((u64)max_low_pfn << PAGE_SHIFT <= dump_window_size() + SZ_1M)
		return NULL;	/* no lowmem above the window (not a dumping kernel) */
	for (i = 0; i < tries && !found; i++) {
		page = alloc_page(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN | __GFP_NORETRY);
		if (!page)
			break;
		if (page_to_phys(page) >= dump_window_size())
			found = page;
		else
			list_add(&page->lru, &below);
	}
	list_for_each_entry_safe(page, tmp, &below, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
	return found ? page_address(found) : NULL;
}

/*
 * Large pages, accessed and dirty already: a parked CPU's page walks must
 * not write these tables (they are in the dump, equal to RAM at the panic).
 */
#define DUMP_PARK_PDE (_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE | _PAGE_ACCESSED | _PAGE_DIRTY)

/*
 * Map lowmem at PAGE_OFFSET with large pages; NULL or why not. The checks
 * come first: the only page taken here is kept on success.
 */
static const char *__init dump_park_tables(u8 *stub)
{
	u64 lowmem = (u64)max_low_pfn << PAGE_SHIFT;
	unsigned long i;
#ifdef CONFIG_X86_PAE
	u64 *pdpt = (u64 *)(stub + PAGE_SIZE / 2), *pmd;

	if ((PAGE_OFFSET & (SZ_1G - 1)) || lowmem > SZ_1G)
		return "PAGE_OFFSET not 1 GiB aligned or lowmem above 1 GiB";
	pmd = dump_park_page();
	if (!pmd)
		return "no page above the window";
	for (i = 0; i < DIV_ROUND_UP(lowmem, SZ_2M); i++)
		pmd[i] = (u64)i * SZ_2M | DUMP_PARK_PDE;
	pdpt[PAGE_OFFSET >> 30] = __pa(pmd) | _PAGE_PRESENT;
	dump_park_cr3 = __pa(pdpt);
#else
	u32 *pd;

	if ((PAGE_OFFSET & (SZ_4M - 1)) || !(__read_cr4() & X86_CR4_PSE))
		return "no 4 MiB pages (PSE)";
	pd = dump_park_page();
	if (!pd)
		return "no page above the window";
	for (i = 0; i < DIV_ROUND_UP(lowmem, SZ_4M); i++)
		pd[(PAGE_OFFSET >> 22) + i] = i * SZ_4M | DUMP_PARK_PDE;
	dump_park_cr3 = __pa(pd);
#endif
	return NULL;
}

static int __init dump_park_init(void)
{
	/* cli; 1: hlt; jmp 1b */
	static const u8 loop[] = { 0xfa, 0xf4, 0xeb, 0xfd };
	const char *why = "no page above the window";
	u8 *stub;

	if (dump_is_capture_kernel() || !dump_window_size())
		return 0;
	stub = dump_park_page();
	if (stub) {
		memcpy(stub, loop, sizeof(loop));
		dump_park_stub = stub;
		why = dump_park_tables(stub);
	}
	if (why) {
		dump_park_cr3 = 0;
		dump_park_stub = NULL;
		if (stub)
			free_page((unsigned long)stub);
		pr_warn("stopped CPUs will halt in kernel text inside the window: %s\n", why);
	}
	return 0;
}
late_initcall(dump_park_init);

/**
 * dump_park_arm() - at panic, before the NMI shoot-down: stopped CPUs are
 *	to halt outside the window
 */
void dump_park_arm(void)
{
	WRITE_ONCE(dump_parking, true);
}

/**
 * dump_park_this_cpu() - called by crash_nmi_callback() on each stopped CPU
 *
 * While a dump is under way, does not return: the CPU switches to the
 * park page tables and halts in the loop above the window, interrupts
 * off (and NMIs blocked: it never returns from this NMI).
 */
void dump_park_this_cpu(void)
{
	if (!READ_ONCE(dump_parking) || !dump_park_cr3)
		return;
	/*
	 * The stub page's old mapping may be global and, with PAE and NX,
	 * not executable: a CR3 load keeps it, invlpg drops it.
	 */
	asm volatile("mov %0, %%cr3\n\t"
		     "invlpg (%1)\n\t"
		     "jmp *%1"
		     : : "r" (dump_park_cr3), "r" (dump_park_stub) : "memory");
	unreachable();
}
