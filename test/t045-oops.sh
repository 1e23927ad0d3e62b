#!/bin/bash
# t045: an oops (NULL write in process context) with panic_on_oops=1 is
# dumped from oops_end(): crash shows the oops as PANIC, the oops path in
# the backtrace of the task that oopsed, and the faulting EIP in its log.
. "$(dirname "$0")/lib.sh"
n=t045-oops
dump_run $n 512 240 "t=$n stage=1" "$out/$n/ram-at-panic.bin"
extracted=$?
log_has $n 'BUG: kernel NULL pointer dereference' && pass oopsed || fail oopsed "no oops in the log"
if [ $extracted = 0 ]; then
	printf 'sys\nbt\nlog\nexit\n' | "$top/scripts/crash-run" "$build/vmlinux" "$out/$n/vmcore" \
		> "$out/$n/crash.out" 2>&1
	grep -qE 'PANIC: "Oops: ' "$out/$n/crash.out" && pass crash_panic_oops ||
		fail crash_panic_oops "$(grep PANIC "$out/$n/crash.out")"
	# crash 8.0.2 names the frame of the fault itself wrongly on i386
	# (doublefault_shim); the path to it and the oops record are exact.
	awk '/^PID:/{n++} n==1' "$out/$n/crash.out" | grep -q ' oops_end at ' &&
		awk '/^PID:/{n++} n==1' "$out/$n/crash.out" | grep -q ' sysfs_kf_write at ' &&
		pass crash_bt_oops_path || fail crash_bt_oops_path "bt lacks oops_end/sysfs_kf_write"
	grep -q 'EIP: selftest_panic_store+' "$out/$n/crash.out" && pass crash_log_faulting_eip ||
		fail crash_log_faulting_eip "crash log lacks the faulting EIP"
fi
finish
