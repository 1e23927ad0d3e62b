#!/bin/bash
# t041: Debian's i386 crash reads t040's vmcore: sys (RELEASE, CPUS, PANIC),
# bt of the panicking task down to sysrq_handle_crash, bt -a for every CPU,
# log with the panic message and the parachute line.
. "$(dirname "$0")/lib.sh"
d=$out/t040-dump
[ -f "$d/vmcore" ] || { fail vmcore "run t040 first (no $d/vmcore)"; finish; }
release=$(strings -a "$d/vmlinux" | sed -n 's/^Linux version \([^ ]*\) .*/\1/p' | head -n 1)
printf 'sys\nbt\nbt -a\nlog\nexit\n' | "$top/scripts/crash-run" "$d/vmlinux" "$d/vmcore" \
	> "$d/crash.out" 2>&1
o=$d/crash.out
grep -qE "^ +RELEASE: $release\$" "$o" && pass sys_release "$release" || fail sys_release "want $release"
grep -qE '^ +CPUS: 2$' "$o" && pass sys_cpus || fail sys_cpus "want CPUS: 2"
grep -qF 'PANIC: "Kernel panic - not syncing: sysrq triggered crash"' "$o" && pass sys_panic ||
	fail sys_panic "no sysrq PANIC line"
# bt: the first backtrace is the panicking task's.
awk '/^PID:/{n++} n==1' "$o" | grep -q 'sysrq_handle_crash' && pass bt_sysrq ||
	fail bt_sysrq "bt does not reach sysrq_handle_crash"
[ "$(grep -cE '^PID: .* CPU: [01] ' "$o")" -ge 3 ] &&
	grep -qE '^PID: .* CPU: 0 ' "$o" && grep -qE '^PID: .* CPU: 1 ' "$o" &&
	pass bt_all_cpus || fail bt_all_cpus "bt -a does not show both CPUs"
grep -q 'Kernel panic - not syncing: sysrq triggered crash' "$o" && pass log_panic ||
	fail log_panic "log lacks the panic message"
grep -q 'kexec: opening parachute' "$o" && pass log_parachute || fail log_parachute "log lacks the parachute line"
! grep -qiE 'crash: (cannot|invalid)|seek error|read error' "$o" && pass no_read_errors ||
	fail no_read_errors "$(grep -iE 'crash: (cannot|invalid)|seek error|read error' "$o" | head -n 2 | tr '\n' ' ')"
finish
