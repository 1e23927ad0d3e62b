#!/bin/bash
# t030: mainline kdump (crashkernel=64M, kexec -p, sysrq-c, -smp 2) gives a
# /proc/vmcore that the host extracts as a valid ELF core. This vmcore is
# the baseline for make bench and an input for makedumpfile-lite's tests.
. "$(dirname "$0")/lib.sh"
n=t030-mainline-kdump
mkdir -p "$out/$n"
new_disk "$out/$n/disk.img" 600
guest_run $n --mem 512 --smp 2 --timeout 240 --initrd "$build/initrd-first.cpio.gz" \
	--disk "$out/$n/disk.img" --append "crashkernel=64M t=$n stage=1"
if extract_dump "$out/$n/disk.img" "$out/$n/vmcore"; then
	pass extract "$(stat -c %s "$out/$n/vmcore") bytes"
	check elf python3 "$top/test/vmcore_check.py" elf "$out/$n/vmcore" --cpus 2 --class 32
	cp -f "$build/vmlinux" "$out/$n/vmlinux"
else
	fail extract "no dump on the test disk"
fi
rm -f "$out/$n/disk.img"
finish
