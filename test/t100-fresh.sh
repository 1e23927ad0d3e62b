#!/bin/bash
# t100: a dump is this crash's. One QEMU session whose RAM survives each
# reset: crash -> capture -> reset -> the first kernel arms and kexec -e
# is refused -> a capture kernel booted without a panic offers no dump ->
# reset -> a second, different crash -> its capture shows the second
# crash: its CRASHTIME, its panic text, its pattern pages.
. "$(dirname "$0")/lib.sh"
n=t100-fresh
disk=$out/$n/disk.img
mkdir -p "$out/$n"
new_disk "$disk" 600
guest_run $n --reboot --mem 512 --smp 2 --timeout 400 \
	--initrd "$build/initrd-first.cpio.gz" --disk "$disk" --append "t=$n"
[ "$(log_count $n 'Linux version')" = 6 ] && pass six_boots ||
	fail six_boots "$(log_count $n 'Linux version') boots, want 6"
[ "$(log_count $n 'opening parachute')" = 2 ] && pass two_dumps ||
	fail two_dumps "want exactly two parachute lines"
t1=$(guest_info $n crashtime1) t2=$(guest_info $n crashtime2)
[ -n "$t1" ] && [ -n "$t2" ] && [ "$t2" -gt "$t1" ] && pass crashtime_is_the_second "$t1 < $t2" ||
	fail crashtime_is_the_second "CRASHTIME '$t1' then '$t2'"
if extract_dump "$disk" "$out/$n/vmcore"; then
	pass extract
	# Only the second run's pattern pages (salt 7) are listed last.
	"$top/scripts/serial-text" "$out/$n/serial.log" | sed -n 's/^@@ PAGELIST //p' | grep ' 7 ' > "$out/$n/pages.list"
	check pages_of_the_second_run python3 "$top/test/vmcore_check.py" pages "$out/$n/vmcore" "$out/$n/pages.list"
	printf 'sys\nexit\n' | "$top/scripts/crash-run" "$build/vmlinux" "$out/$n/vmcore" > "$out/$n/crash.out" 2>&1
	grep -qF 'PANIC: "Kernel panic - not syncing: dump selftest: panic on request"' "$out/$n/crash.out" &&
		pass crash_panic_text || fail crash_panic_text "crash sys does not show the second panic (out/$n/crash.out)"
else
	fail extract "no dump on the test disk"
fi
rm -f "$disk"
finish
