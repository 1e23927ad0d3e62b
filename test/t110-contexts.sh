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
O='EIP: dump_selftest_fault'
die_scenario sysrq_cpu1 sysrq 1 'sysrq_handle_crash' 'sysrq triggered crash'
die_scenario hardirq hardirq 0 '__hrtimer_run_queues' "$O"
die_scenario ipi ipi 1 'flush_smp_call_function|call_function' "$O"
die_scenario softirq softirq 0 'call_timer_fn|run_timer_softirq' "$O"
die_scenario kthread kthread 1 'dump_selftest_kthread' 'kernel BUG at drivers/dump/dump_selftest_die.c'
die_scenario warn warn 0 'selftest_die_store' 'panic_on_warn set'
die_scenario oom oom 0 'out_of_memory' 'panic_on_oom is enabled'
die_scenario hung_task hang 0 'check_hung_uninterruptible_tasks|watchdog' 'hung_task: blocked tasks'
die_scenario soft_lockup lockup 1 'watchdog_timer_fn' 'softlockup: hung tasks'
die_scenario stack_overflow stack 0 'dump_selftest_stack' 'double fault'
die_scenario nmi nmi 0 'unknown_nmi_error|nmi_panic|default_do_nmi' 'NMI: Not continuing'
die_scenario race race 0 'on_each_cpu|call_function' "$O"
die_scenario post_notifiers sysrq 0 'sysrq_handle_crash' 'sysrq triggered crash' crash_kexec_post_notifiers
die_scenario irqs_off spin 0 'selftest_die_store' 'panic while CPU 0 spins with interrupts off' '' \
	'dumptest-spin/0'
die_scenario console_lock console 0 'selftest_die_store' 'holding the console lock' '' 'dumptest-spin/0'
finish
