#!/bin/bash
# t160: a crash inside the capture kernel's save falls back to a reboot,
# never a loop: the capture kernel is not armed, so its panic is a normal
# one (panic=-1 reboots), and the next first kernel boots healthy and can
# be armed again. One QEMU session, RAM kept across the resets.
. "$(dirname "$0")/lib.sh"
n=t160-failing-capture
disk=$out/$n/disk.img
mkdir -p "$out/$n"
new_disk "$disk" 600
guest_run $n --reboot --mem 512 --smp 2 --timeout 240 \
	--initrd "$build/initrd-first.cpio.gz" --disk "$disk" --append "t=$n"
[ "$(log_count $n 'Linux version')" = 3 ] && pass three_boots ||
	fail three_boots "$(log_count $n 'Linux version') boots, want 3 (first, capture, first)"
[ "$(log_count $n 'opening parachute')" = 1 ] && pass one_dump || fail one_dump "want one parachute line"
[ "$(log_count $n 'Kernel panic - not syncing: sysrq triggered crash')" = 2 ] &&
	pass capture_panicked_once || fail capture_panicked_once "want the first kernel's and the capture kernel's panic"
"$top/scripts/serial-text" "$out/$n/serial.log" | sed -n '/crashing while saving/,/Linux version/p' | grep -q 'Rebooting in\|reboot: Restarting system\|Linux version' &&
	pass capture_panic_reboots || fail capture_panic_reboots "no reboot after the capture kernel's panic"
rm -f "$disk"
finish
