#!/bin/bash
# t050: a 32 MiB window at 256 MiB (dump_backup= on both kernels) and a
# forced ELF64 core (dump_elf=64): pattern pages byte for byte, exact ELF64
# fields, and crash reads it.
. "$(dirname "$0")/lib.sh"
n=t050-elf64
dump_run $n 512 240 "dump_backup=32M@256M t=$n stage=1 capture_args=dump_backup=32M@256M,dump_elf=64"
extracted=$?
log_has $n 'dump: backup region \[mem 0x10000000-0x1200ffff\] reserved for the low window \[0, 32 MiB\)' &&
	pass window_32m || fail window_32m "first kernel did not use the 32 MiB window"
log_has $n 'capture kernel: RAM limited to the low window \[0, 32 MiB\)' && pass capture_32m ||
	fail capture_32m "capture kernel not limited to 32 MiB"
log_has $n 'vmcore: /proc/vmcore: ELF64' && pass elf64_logged || fail elf64_logged "not ELF64"
"$top/scripts/serial-text" "$out/$n/serial.log" | sed -n 's/^@@ PAGELIST //p' > "$out/$n/pages.list"
if [ $extracted = 0 ]; then
	check elf python3 "$top/test/vmcore_check.py" elf "$out/$n/vmcore" --cpus 2 --class 64 --ours
	check pages_byte_for_byte python3 "$top/test/vmcore_check.py" pages "$out/$n/vmcore" "$out/$n/pages.list"
	printf 'sys\nbt\nexit\n' | "$top/scripts/crash-run" "$build/vmlinux" "$out/$n/vmcore" > "$out/$n/crash.out" 2>&1
	grep -qF 'PANIC: "Kernel panic - not syncing: sysrq triggered crash"' "$out/$n/crash.out" &&
		grep -q sysrq_handle_crash "$out/$n/crash.out" && pass crash_reads_elf64 ||
		fail crash_reads_elf64 "crash sys/bt failed (out/$n/crash.out)"
fi
finish
