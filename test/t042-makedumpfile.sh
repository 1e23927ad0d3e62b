#!/bin/bash
# t042: Debian's i386 makedumpfile 1.7.2 accepts t040's vmcore with
# -d 31 -c (kdump-compressed) and with -E (ELF), and crash reads both.
. "$(dirname "$0")/lib.sh"
d=$out/t040-dump
[ -f "$d/vmcore" ] || { fail vmcore "run t040 first (no $d/vmcore)"; finish; }
for mode in "-c" "-E"; do
	name=${mode#-}
	rm -f "$d/mdf.$name"
	if "$top/scripts/i386-run" makedumpfile $mode -d 31 "$d/vmcore" "$d/mdf.$name" \
		> "$d/mdf.$name.log" 2>&1; then
		pass "makedumpfile_$name" "$(stat -c %s "$d/mdf.$name") bytes"
	else
		fail "makedumpfile_$name" "$(tail -n 2 "$d/mdf.$name.log" | tr '\n' ' ')"
		continue
	fi
	printf 'sys\nbt\nexit\n' | "$top/scripts/crash-run" "$d/vmlinux" "$d/mdf.$name" > "$d/mdf.$name.crash" 2>&1
	grep -qF 'PANIC: "Kernel panic - not syncing: sysrq triggered crash"' "$d/mdf.$name.crash" &&
		grep -q sysrq_handle_crash "$d/mdf.$name.crash" && pass "crash_reads_$name" ||
		fail "crash_reads_$name" "crash sys/bt failed on makedumpfile $mode output"
done
finish
