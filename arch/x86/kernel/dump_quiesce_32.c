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
 * INIT, so when another CPU panicked it is left halted.
 */
#define pr_fmt(fmt) "dump: " fmt

#include <linux/kernel.h>
#include <linux/pci.h>
#include <linux/io.h>
#include <linux/smp.h>
#include <linux/dump.h>
#include <asm/apic.h>
#include <asm/dump.h>
#include <asm/pci_x86.h>

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
