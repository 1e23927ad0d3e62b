// SPDX-License-Identifier: GPL-2.0
/*
 * Capture kernel: PCI functions that are still bus masters when this
 * kernel finds them were not stopped at panic (added after arming, or
 * beyond what the panic path could reach). Clear bus master enable as
 * each one is found, before any driver binds: a driver that wants DMA
 * resets its device and enables it again (this kernel runs with
 * reset_devices), and until then nothing writes into the window.
 */
#include <linux/kernel.h>
#include <linux/pci.h>
#include <linux/dump.h>

static void dump_capture_pci_quiet(struct pci_dev *dev)
{
	u16 cmd;

	if (!dump_is_capture_kernel() || (dev->class >> 8) == PCI_CLASS_BRIDGE_HOST)
		return;
	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	if (!(cmd & PCI_COMMAND_MASTER))
		return;
	pci_write_config_word(dev, PCI_COMMAND, cmd & ~PCI_COMMAND_MASTER);
	pci_info(dev, "dump: still a bus master at boot: stopped until its driver resets it\n");
}
DECLARE_PCI_FIXUP_EARLY(PCI_ANY_ID, PCI_ANY_ID, dump_capture_pci_quiet);
