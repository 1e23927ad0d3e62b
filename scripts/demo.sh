#!/bin/bash
# make demo: boot the patched kernel under QEMU, arm a dump, panic with
# sysrq-c, let the capture kernel save /proc/vmcore, and show what crash
# makes of it. Leaves out/vmcore and out/vmlinux.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/out
n=demo
mkdir -p "$out/$n"
. "$top/test/lib.sh"

echo "== boot, load the capture kernel in [0, 16 MiB), arm, sysrq-c, capture (QEMU TCG, 512 MiB, 2 CPUs)"
new_disk "$out/$n/disk.img" 600
"$top/scripts/qemu-run.sh" --name $n --mem 512 --smp 2 --timeout 300 \
	--initrd "$top/build/initrd-first.cpio.gz" --disk "$out/$n/disk.img" \
	--append "t=t040-dump stage=1" || exit 1
"$top/scripts/serial-text" "$out/$n/serial.log" |
	grep -E 'dump: (backup region|kexec image|armed)|opening parachute|dump: valid dump header|vmcore: /proc/vmcore' |
	sed 's/^/   | /'
extract_dump "$out/$n/disk.img" "$out/vmcore" || { echo "demo: no dump on the disk"; exit 1; }
rm -f "$out/$n/disk.img"
cp -f "$top/build/vmlinux" "$out/vmlinux"
echo "== out/vmcore: $(stat -c %s "$out/vmcore") bytes; out/vmlinux"
echo "== crash out/vmlinux out/vmcore  (Debian's i386 crash 8.0.2, scripts/crash-run)"
printf 'sys\nlog | tail -n 8\nbt\nexit\n' | "$top/scripts/crash-run" "$out/vmlinux" "$out/vmcore" 2>&1 |
	grep -v '^WARNING: \(cannot determine\|active task\)'
