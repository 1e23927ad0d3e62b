#!/bin/bash
# t090: tools/capture-init in the capture kernel saves the dump to
# /var/crash/<date>/vmcore on a real (ext2) file system and reboots; the
# host reads it back from the image and checks it byte for byte.
. "$(dirname "$0")/lib.sh"
n=t090-capture-init
mkdir -p "$out/$n"
new_disk "$out/$n/disk.img" 400
mkfs.ext2 -q -F "$out/$n/disk.img"
"$top/scripts/qemu-run.sh" --name $n --mem 256 --smp 2 --timeout 180 \
	--initrd "$build/initrd-first.cpio.gz" --disk "$out/$n/disk.img" \
	--append "t=$n stage=1" > /dev/null
log_has $n 'capture-init: saved [0-9]+ bytes to /var/crash/[0-9-]+/vmcore' && pass saved_logged ||
	fail saved_logged "no 'saved' line from capture-init"
log_has $n 'capture-init: done in [0-9]+ s; reboot$' && pass rebooted || fail rebooted "capture-init did not reboot"
dir=$(debugfs -R "ls -p /var/crash" "$out/$n/disk.img" 2>/dev/null | awk -F/ '$6 ~ /^20/ {print $6}' | head -n 1)
if [ -n "$dir" ] && debugfs -R "dump /var/crash/$dir/vmcore $out/$n/vmcore" "$out/$n/disk.img" >/dev/null 2>&1 &&
	[ -s "$out/$n/vmcore" ]; then
	pass var_crash "/var/crash/$dir/vmcore"
	"$top/scripts/serial-text" "$out/$n/serial.log" | sed -n 's/^@@ PAGELIST //p' > "$out/$n/pages.list"
	check elf python3 "$top/test/vmcore_check.py" elf "$out/$n/vmcore" --cpus 2 --class 32 --ours
	check pages_byte_for_byte python3 "$top/test/vmcore_check.py" pages "$out/$n/vmcore" "$out/$n/pages.list"
else
	fail var_crash "no /var/crash/<date>/vmcore on the disk"
fi
rm -f "$out/$n/disk.img" "$out/$n/vmcore"
finish
