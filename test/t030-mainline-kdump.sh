#!/bin/bash
# t030: mainline kdump (crashkernel=64M, kexec -p, sysrq-c, -smp 2) gives a
# /proc/vmcore that the host extracts as a valid ELF core. This vmcore is
# the baseline for make bench and an input for makedumpfile-lite's tests.
. "$(dirname "$0")/lib.sh"
n=t030-mainline-kdump
if dump_run $n 512 240 "crashkernel=64M t=$n stage=1" "$out/$n/ram-at-panic.bin"; then
	check elf python3 "$top/test/vmcore_check.py" elf "$out/$n/vmcore" --cpus 2 --class 32
	cp -f "$build/vmlinux" "$out/$n/vmlinux"
fi
finish
