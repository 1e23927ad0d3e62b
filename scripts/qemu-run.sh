#!/bin/bash
# Boot the test kernel under QEMU (TCG) with a hard timeout.
#
# usage: qemu-run.sh --name NAME [--mem MiB] [--smp N] [--timeout SEC]
#                    [--initrd FILE] [--disk FILE]... [--append "ARGS"]
#                    [--reboot] [--gdb PORT] [--monitor SOCKET] [--accel ACCEL]
#                    [--cpu MODEL]
# --reboot: a guest reboot resets the machine (RAM is kept) instead of
# stopping QEMU; the guest must power off to end the run.
# --gdb PORT: start stopped, with the gdbstub on 127.0.0.1:PORT (TCG
# breakpoints do not write guest memory; test/lib.sh snapshot_run uses it).
# --monitor SOCKET: the HMP monitor on a unix socket (test/lib.sh
# monitor_cmd). --accel: e.g. tcg,thread=single. --cpu: e.g. qemu32,+pse36
# (QEMU's default qemu32 has 32 physical address bits, so RAM above 4 GiB
# faults with a reserved-bit #PF under PAE; PSE36 gives it 36).
# The serial console goes to out/NAME/serial.log. Verdict on stdout:
#   exit 0  "passed"    the guest printed "@@ END" and QEMU stopped
#   exit 1  "failed"    QEMU stopped without "@@ END"
#   exit 124 "timed out" (QEMU, our own child, is killed by its PID)
# The last console lines are shown unless the run passed.
# KVM is used only with DUMP_KVM=1: RECIPE.md, it fails on these hosts.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
name="" mem=512 smp=2 timeout=180 initrd="" disks=() append="" noreboot=-no-reboot gdb="" monitor="none" accel="" cpu=""
while [ $# -gt 0 ]; do
	case "$1" in
	--name) name=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--initrd) initrd=$2; shift 2 ;;
	--disk) disks+=("$2"); shift 2 ;;
	--append) append=$2; shift 2 ;;
	--reboot) noreboot=""; shift ;;
	--gdb) gdb=$2; shift 2 ;;
	--monitor) monitor="unix:$2,server=on,wait=off"; shift 2 ;;
	--accel) accel="-accel $2"; shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	*) echo "qemu-run: unknown option $1" >&2; exit 2 ;;
	esac
done
[ -n "$name" ] || { echo "qemu-run: --name is required" >&2; exit 2; }
kernel=${KERNEL:-$top/build/bzImage}
outdir=$top/out/$name
mkdir -p "$outdir"
log=$outdir/serial.log

[ -n "$accel" ] || accel="-accel tcg"
[ "${DUMP_KVM:-0}" = 1 ] && [ -w /dev/kvm ] && accel="-accel kvm"
args=($accel -m "$mem" -smp "$smp" $noreboot -nographic -nic none
	-monitor "$monitor" -kernel "$kernel"
	-append "console=ttyS0 panic=-1 $append")
[ -n "$initrd" ] && args+=(-initrd "$initrd")
for disk in "${disks[@]}"; do
	args+=(-drive "file=$disk,format=raw,if=virtio")
done
[ -n "$cpu" ] && args+=(-cpu "$cpu")
[ -n "$gdb" ] && args+=(-gdb "tcp:127.0.0.1:$gdb" -S)

start=$(date +%s.%N)
qemu-system-i386 "${args[@]}" < /dev/null > "$log" 2>&1 &
qpid=$!
deadline=$(( $(date +%s) + timeout ))
verdict=""
while kill -0 "$qpid" 2>/dev/null; do
	if [ "$(date +%s)" -ge "$deadline" ]; then
		kill "$qpid" 2>/dev/null
		sleep 1
		kill -9 "$qpid" 2>/dev/null
		verdict="timed out"
		break
	fi
	sleep 0.2
done
wait "$qpid" 2>/dev/null
secs=$(echo "$(date +%s.%N) - $start" | bc)
if [ -z "$verdict" ]; then
	# Anywhere in a line, and mended (scripts/serial-text): the kernel's
	# console output can land in front of, or inside, a line a guest
	# process wrote to the same UART.
	if "$top/scripts/serial-text" "$log" | grep -q '@@ END'; then verdict=passed; else verdict=failed; fi
fi
printf 'qemu: %s %s (%.1f s, log %s)\n' "$name" "$verdict" "$secs" "${log#$top/}"
case "$verdict" in
passed) exit 0 ;;
failed) tail -n 25 "$log" | sed 's/^/  | /'; exit 1 ;;
*) tail -n 25 "$log" | sed 's/^/  | /'; exit 124 ;;
esac
