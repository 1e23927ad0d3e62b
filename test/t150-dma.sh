#!/bin/bash
# t150: DMA in flight into the window. A kernel thread keeps a virtio disk
# reading into 8 ZONE_DMA pages when the panic hits. The panic path clears
# bus master enable on every PCI function it recorded at arming: the
# capture kernel finds no bus master left, survives, and every page but
# the device's own buffers is exact (ground truth, the buffers a class of
# their own). With the panic path told to leave bus mastering on, the
# capture kernel finds the disk still a bus master and stops it itself
# before any driver binds.
. "$(dirname "$0")/lib.sh"
n=t150-dma
snap=$out/$n/ram-at-panic.bin
if dump_run $n 512 240 "t=$n stage=1" "$snap"; then
	"$top/scripts/serial-text" "$out/$n/serial.log" | sed -n 's/^@@ PAGELIST //p' > "$out/$n/pages.list"
	"$top/scripts/serial-text" "$out/$n/serial.log" | sed -n 's/^@@ \(DMAPAGE .*\)/\1/p' > "$out/$n/dma.list"
	[ "$(wc -l < "$out/$n/dma.list")" -gt 8 ] && pass dma_running "$(wc -l < "$out/$n/dma.list") pages" ||
		fail dma_running "no DMA buffers and rings listed"
	! log_has $n 'still a bus master at boot' && pass no_bus_master_left ||
		fail no_bus_master_left "the panic path left a bus master on"
	check pages_byte_for_byte python3 "$top/test/vmcore_check.py" pages "$out/$n/vmcore" "$out/$n/pages.list"
	python3 "$top/test/groundtruth.py" compare "$n" "$snap" "$out/$n/vmcore" "$build/vmlinux" \
		--dma "$out/$n/dma.list" > "$out/$n/gt.txt" 2>&1 && pass ground_truth && rm -f "$snap" ||
		fail ground_truth "$(grep -E 'unexplained|OVER|pfn' "$out/$n/gt.txt" | head -n 4 | tr '\n' ' ')"
	sed 's/^/  /' "$out/$n/gt.txt"
	rm -f "$out/$n/vmcore"
fi
n=t150-dma-nobme
if dump_run $n 512 240 "t=t150-dma stage=1 mode=nobme"; then
	log_has $n 'pci 0000:00:[0-9a-f.]+: dump: still a bus master at boot: stopped until its driver resets it' &&
		pass nobme/capture_stops_it || fail nobme/capture_stops_it "the capture kernel did not find the disk a bus master"
	rm -f "$out/$n/vmcore"
fi
finish
