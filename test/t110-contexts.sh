#!/bin/bash
# t110: a dump from every way a kernel dies (512 MiB, 2 CPUs): sysrq-c on
# CPU 1, oopses in hard and soft interrupt context and in an IPI, BUG() in
# a kthread, panic_on_warn, panic_on_oom with a real OOM, hung_task_panic,
# a soft lockup, a stack overflow (the double fault's task gate), an NMI
# from the outside with unknown_nmi_panic, both CPUs oopsing at once,
# crash_kexec_post_notifiers, and a panic while the other CPU spins with
# interrupts off, or holds the console lock. Each: a valid dump; crash's
# bt on the panicking CPU shows the context; bt -a shows both CPUs; the
# kernel log in the dump has the panic and exactly one parachute line;
# pattern pages byte for byte; the ground truth finds no unexplained page.
. "$(dirname "$0")/lib.sh"
ONLY=${T110_ONLY:-}

context() { # NAME DIE CPU BT-REGEX LOG-REGEX [APPEND [BT-A-REGEX]]
	local name=$1 die=$2 cpu=$3 bt=$4 logre=$5 append=${6:-} bta=${7:-} n=t110-$1 snap rc sock
	[ -n "$ONLY" ] && [ "$ONLY" != "$name" ] && return
	local TT=$T
	T=$TT/$name
	snap=$out/$n/ram-at-panic.bin
	mkdir -p "$out/$n"
	rm -f "$out/$n/serial.log"
	extra=()
	if [ "$die" = nmi ]; then
		sock=$out/$n/monitor.sock
		rm -f "$sock"
		extra=(--monitor "$sock")
		monitor_when "$n" "$sock" "@@ READY nmi" nmi
	fi
	QEMU_EXTRA="${extra[*]}" dump_run "$n" 512 240 "$append t=t110-context stage=1 die=$die cpu=$cpu" "$snap"
	rc=$?
	log_has "$n" 'dump: valid dump header: 2 CPUs' && pass valid_dump ||
		fail valid_dump "no valid dump header with both CPUs' registers"
	[ "$(log_count "$n" 'opening parachute')" -le 1 ] && pass no_second_dump ||
		fail no_second_dump "more than one parachute line"
	tr -d '\r' < "$out/$n/serial.log" | sed -n 's/^@@ PAGELIST //p' > "$out/$n/pages.list"
	if [ $rc = 0 ]; then
		check pages_byte_for_byte python3 "$top/test/vmcore_check.py" pages "$out/$n/vmcore" "$out/$n/pages.list"
		crash_cmds "$n" "$out/$n/vmcore" bt "bt -a" log
		# crash 8.0.2 (and 9.0, crash-utility issue #208) cannot find the
		# i386 IRQ stacks of 6.1: when bt stops there, the context is read
		# from the kernel's own trace in the dump's log.
		if crash_section "$n" bt | grep -qE "$bt"; then
			pass bt_context "$(crash_section "$n" bt | grep -oE "$bt" | head -n 1)"
		elif crash_section "$n" bt | grep -q 'cannot resolve stack trace' &&
			crash_section "$n" log | sed -n '/Call Trace:/,/EIP:/p' | grep -qE "$bt"; then
			pass bt_context "in the dump's log: $(crash_section "$n" log | grep -oE "$bt" | head -n 1)"
		else
			fail bt_context "bt does not show /$bt/ (out/$n/crash.out)"
		fi
		[ "$(crash_section "$n" "bt -a" | grep -oE 'CPU: [01] ' | sort -u | wc -l)" = 2 ] &&
			pass bt_all_cpus || fail bt_all_cpus "bt -a does not show both CPUs"
		if [ -n "$bta" ]; then
			crash_section "$n" "bt -a" | grep -qE "$bta" && pass bt_other_cpu "$bta" ||
				fail bt_other_cpu "bt -a does not show /$bta/"
		fi
		crash_section "$n" log | grep -qE "$logre" &&
			pass log_in_dump "/$logre/" || fail log_in_dump "the dump's log lacks /$logre/"
		[ "$(crash_section "$n" log | grep -c 'opening parachute')" = 1 ] &&
			pass one_parachute_in_log || fail one_parachute_in_log "want exactly one parachute line in the dump's log"
		python3 "$top/test/groundtruth.py" compare "$n" "$snap" "$out/$n/vmcore" "$build/vmlinux" \
			> "$out/$n/gt.txt" 2>&1 && pass ground_truth && rm -f "$snap" ||
			fail ground_truth "$(grep -E 'unexplained|OVER|pfn' "$out/$n/gt.txt" | head -n 4 | tr '\n' ' ')"
		rm -f "$out/$n/vmcore"
	fi
	T=$TT
}

O='EIP: dump_selftest_fault'
context sysrq_cpu1 sysrq 1 'sysrq_handle_crash' 'sysrq triggered crash'
context hardirq hardirq 0 '__hrtimer_run_queues' "$O"
context ipi ipi 1 'flush_smp_call_function|call_function' "$O"
context softirq softirq 0 'call_timer_fn|run_timer_softirq' "$O"
context kthread kthread 1 'dump_selftest_kthread' 'kernel BUG at drivers/dump/dump_selftest_die.c'
context warn warn 0 'selftest_die_store' 'panic_on_warn set'
context oom oom 0 'out_of_memory' 'panic_on_oom is enabled'
context hung_task hang 0 'check_hung_uninterruptible_tasks|watchdog' 'hung_task: blocked tasks'
context soft_lockup lockup 1 'watchdog_timer_fn' 'softlockup: hung tasks'
context stack_overflow stack 0 'dump_selftest_stack' 'double fault'
context nmi nmi 0 'unknown_nmi_error|nmi_panic|default_do_nmi' 'NMI: Not continuing'
context race race 0 'on_each_cpu|call_function' "$O"
context post_notifiers sysrq 0 'sysrq_handle_crash' 'sysrq triggered crash' crash_kexec_post_notifiers
context irqs_off spin 0 'selftest_die_store' 'panic while CPU 0 spins with interrupts off' '' \
	'dumptest-spin/0'
context console_lock console 0 'selftest_die_store' 'holding the console lock' '' 'dumptest-spin/0'
finish
