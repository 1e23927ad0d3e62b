#!/bin/bash
# t040: armed sysrq-c panic -> capture kernel -> /proc/vmcore, -smp 2, 1 GiB
# (so there is highmem). Proves: the capture kernel validates the header
# with the first kernel's max_pfn and both CPUs; every pattern page (low
# window, lowmem, highmem, user) reads back byte for byte through
# /dev/oldmem in the guest and from the extracted vmcore on the host; the
# old kernel's text equals vmlinux's; the ELF fields are exact.
. "$(dirname "$0")/lib.sh"
n=t040-dump
dump_run $n 1024 300 "t=$n stage=1" "$out/$n/ram-at-panic.bin"
extracted=$?
maxpfn=$(guest_info $n max_pfn)
[ "$(log_count $n 'kexec: opening parachute')" = 1 ] && pass parachute_once ||
	fail parachute_once "want exactly one 'opening parachute' line"
log_has $n "dump: valid dump header: 2 CPUs, saved_max_pfn $maxpfn," &&
	pass header_valid "saved_max_pfn $maxpfn" ||
	fail header_valid "capture kernel did not log a valid header with saved_max_pfn '$maxpfn' and 2 CPUs"
for z in dma normal high user; do
	c=$(guest_info $n pages_$z)
	[ "${c:-0}" -ge 1 ] && pass "pattern_pages_$z" "$c" || fail "pattern_pages_$z" "none filled"
done
"$top/scripts/serial-text" "$out/$n/serial.log" | sed -n 's/^@@ PAGELIST //p' > "$out/$n/pages.list"
if [ $extracted = 0 ]; then
	check elf python3 "$top/test/vmcore_check.py" elf "$out/$n/vmcore" --cpus 2 --class 32 --ours
	check pages_byte_for_byte python3 "$top/test/vmcore_check.py" pages "$out/$n/vmcore" "$out/$n/pages.list"
	check kernel_text python3 "$top/test/vmcore_check.py" text "$out/$n/vmcore" "$build/vmlinux"
	cp -f "$build/vmlinux" "$out/$n/vmlinux"
fi
finish
