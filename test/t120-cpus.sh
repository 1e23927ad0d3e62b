#!/bin/bash
# t120: CPUs. sysrq-c with 4 CPUs (on CPU 3) and with 8 (on CPU 5; under
# single-threaded TCG, so that on 2 host cores all 8 vCPUs answer the
# crash NMI within its 1 s timeout); a CPU taken offline before the crash;
# a CPU stuck in an NMI that cannot answer the crash NMI: the dump has the
# others' registers, the capture kernel names the missing CPU, and that
# CPU, parked by INIT before the jump, does not run into the capture
# kernel. Each as in t110: crash bt and bt -a, the dump's log, pattern
# pages byte for byte, ground truth.
. "$(dirname "$0")/lib.sh"
ONLY=${T120_ONLY:-}
S='sysrq triggered crash'
SMP=4 die_scenario smp4 sysrq 3 'sysrq_handle_crash' "$S"
SMP=8 ACCEL=tcg,thread=single die_scenario smp8 sysrq 5 'sysrq_handle_crash' "$S"
SMP=2 SAVED=1 ONLINE=1 die_scenario cpu_offline offline 1 'sysrq_handle_crash' "$S"
if [ -z "$ONLY" ] || [ "$ONLY" = cpu_offline ]; then
	log_has t120-cpu_offline '@@ INFO online 0$' && pass cpu_offline/cpu1_was_offline ||
		fail cpu_offline/cpu1_was_offline "CPU 1 still online before the crash"
fi
SMP=2 SAVED=1 ONLINE=2 die_scenario nmi_stuck nmi_stuck 1 'selftest_die_store' 'stuck in an NMI'
if [ -z "$ONLY" ] || [ "$ONLY" = nmi_stuck ]; then
	log_has t120-nmi_stuck 'dump: 1 of 2 online CPUs left no registers \(CPU 1 first\): they did not answer the NMI' &&
		pass nmi_stuck/missing_cpu_named || fail nmi_stuck/missing_cpu_named "the capture kernel did not name CPU 1"
fi
finish
