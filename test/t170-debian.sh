#!/bin/bash
# t170: the whole cycle on a real Debian 12 i386 system. A root file
# system from Debian's archive (scripts/debian-rootfs.sh, cached), our
# packages installed into it with apt from out/deb (make deb), booted under
# QEMU with systemd on an ext4 disk and the packaged kernel:
#   boot 1  the service arms at boot; sysrq-c
#           the capture kernel saves /var/crash/<stamp>/ and reboots
#   boot 2  dump-config status lists the dump, the journal reports it
#           once, makedumpfile-lite --verify passes; systemctl reboot
#   boot 3  no capture boot, no dump; systemctl kexec
#   boot 4  no capture boot, no dump; power off
# The host then reads the dump off the disk: crash (scripts/crash-run, its
# documented workaround) with the -dbg package's vmlinux, and --verify.
#   boot 4  ... then dumps to an 8 MiB disk; sysrq-c: dmesg.txt and
#           summary.txt kept, the capture says why the dump is not, reboots
#   boot 5  a target that does not exist: said at load and at capture
#   boot 6  nothing new saved; power off
. "$(dirname "$0")/lib.sh"
n=t170-debian
d=$out/$n
rm -rf "$d"
mkdir -p "$d"
debs=$out/deb
if ! ls "$debs"/dump-tools_*.deb >/dev/null 2>&1; then
	fail packages "no packages in out/deb (make deb)"
	exit 1
fi
t0=$(date +%s)
tar=$("$top/scripts/debian-rootfs.sh") || { fail rootfs "mmdebstrap failed"; exit 1; }
pass rootfs "$(basename "$tar"), $(( $(date +%s) - t0 )) s"

# Install the packages the way a user would: apt install ./*.deb.
root=$d/root
mkdir -p "$root"
tar -xf "$tar" -C "$root"
mkdir -p "$root/tmp/debs"
cp "$debs"/*.deb "$root/tmp/debs/"
mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null' EXIT
(cd "$root/tmp/debs" && chroot "$root" sh -c 'apt-get install -y -q /tmp/debs/*.deb') \
	> "$d/apt.log" 2>&1
rc=$?
umount "$root/proc"
if [ $rc = 0 ]; then
	pass apt_install "$(ls "$debs" | tr '\n' ' ')"
else
	fail apt_install "$(tail -n 3 "$d/apt.log" | tr '\n' ' ')"
	exit 1
fi
rm -rf "$root/tmp/debs"
grep -q 'enabled' < <(chroot "$root" systemctl is-enabled dump-tools.service) && pass service_enabled ||
	fail service_enabled "$(chroot "$root" systemctl is-enabled dump-tools.service 2>&1)"
rel=$(ls "$root/boot" | sed -n 's/^vmlinuz-//p' | head -n 1)
cp "$root/boot/vmlinuz-$rel" "$d/vmlinuz"
cp "$root/usr/lib/debug/boot/vmlinux-$rel" "$d/vmlinux"

# The test driver (not part of any package).
install -m 0755 "$top/test/debian/dump-test" "$root/usr/local/sbin/dump-test"
install -m 0644 "$top/test/debian/dump-test.service" "$root/etc/systemd/system/dump-test.service"
ln -sf /etc/systemd/system/dump-test.service "$root/etc/systemd/system/multi-user.target.wants/dump-test.service"
# The driver writes to ttyS0; no getty there to hang it up.
ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service"
mkdir -p "$root/var/lib/dump-test" "$root/var/log/journal"
echo crash > "$root/var/lib/dump-test/stage"
img=$d/disk.img
new_disk "$img" 1536
mkfs.ext4 -q -F -L dumproot -d "$root" "$img" || { fail mkfs "mkfs.ext4 -d failed"; exit 1; }
rm -rf "$root"
pass image "$(( $(date +%s) - t0 )) s to build"

t1=$(date +%s)
small=$d/small.img
new_disk "$small" 8
mkfs.ext4 -q -F -L small "$small"
KERNEL=$d/vmlinuz "$top/scripts/qemu-run.sh" --name $n --mem 1024 --smp 2 --timeout 900 --reboot \
	--disk "$img" --disk "$small" --append "root=/dev/vda rw dump_backup=16M"
rc=$?
[ $rc = 0 ] && pass qemu "six boots, $(( $(date +%s) - t1 )) s" || fail qemu "rc $rc"
guest_results $n

# The capture kernel's own lines.
sl() { "$top/scripts/serial-text" "$out/$n/serial.log"; }
log_has $n 'dump: valid dump header' && pass capture_header || fail capture_header "no valid header line"
log_has $n 'capture-init: saved [0-9]+ bytes to /var/crash/[0-9-]+/vmcore' && pass capture_saved ||
	fail capture_saved "no 'saved' line from capture-init"
n_capture=$(sl | grep -c 'dump: valid dump header')
[ "$n_capture" = 3 ] && pass three_capture_boots || fail three_capture_boots "$n_capture capture boots"
n_first=$(sl | grep -c '@@ INFO stage ')
[ "$n_first" = 6 ] && pass six_first_kernel_boots || fail six_first_kernel_boots "$n_first"
# The crash left the root file system's journal dirty: the capture kernel
# replayed it before writing (the first capture boot's log).
sl |
	sed -n '/Run \/sbin\/capture-init/,/capture-init: saving the crash/{p;/capture-init: saving the crash/q}' |
	grep -q 'EXT4-fs (vda): recovery complete' && pass journal_replayed_in_capture ||
	fail journal_replayed_in_capture "no ext4 recovery before the first save"
# The failures are said on the console, and the machine still reboots.
log_has $n 'capture-init: saving failed \(exit [0-9]+\): .*(No space|space left|ENOSPC)' &&
	pass full_said || fail full_said "no 'saving failed ... no space' line"
log_has $n 'capture-init: cannot find the disk LABEL=nosuchdisk: not saving' &&
	pass missing_said || fail missing_said "no 'cannot find the disk' line"
[ "$(sl | grep -c 'capture-init: done in [0-9]* s; reboot')" = 3 ] &&
	pass captures_rebooted || fail captures_rebooted "not every capture boot rebooted"
# systemctl kexec: systemd-shutdown tried kexec -e, the kernel refused the
# armed image, systemd rebooted.
sl | grep -A3 'systemd-shutdown\[1\]: Rebooting with kexec' |
	grep -q 'dump: kexec -e refused' && pass systemctl_kexec_refused ||
	fail systemctl_kexec_refused "no refused kexec -e after systemd-shutdown's"

# The dump, off the disk, on the host.
dir=$(debugfs -R "ls -p /var/crash" "$img" 2>/dev/null | awk -F/ '$6 ~ /^20/ {print $6}' | head -n 1)
if [ -n "$dir" ]; then
	for f in vmcore dmesg.txt summary.txt; do
		debugfs -R "dump /var/crash/$dir/$f $d/$f" "$img" >/dev/null 2>&1
	done
fi
if [ -s "$d/vmcore" ]; then
	check host_verify "$top/tools/makedumpfile-lite/makedumpfile-lite" --verify "$d/vmcore"
	printf 'sys\nbt\nlog\nexit\n' | "$top/scripts/crash-run" "$d/vmlinux" "$d/vmcore" > "$d/crash.out" 2>&1
	grep -qF 'PANIC: "Kernel panic - not syncing: sysrq triggered crash"' "$d/crash.out" &&
		grep -q sysrq_handle_crash "$d/crash.out" && grep -q "RELEASE: $rel" "$d/crash.out" &&
		pass crash_opens "release $rel, sysrq panic, bt" || fail crash_opens "see out/$n/crash.out"
	grep -qx "release=$rel" "$d/summary.txt" && grep -q '^panic=Kernel panic - not syncing: sysrq triggered crash' "$d/summary.txt" &&
		pass summary_fields || fail summary_fields "$(tr '\n' ' ' < "$d/summary.txt")"
else
	fail dump_on_disk "no /var/crash/<stamp>/vmcore on the disk"
fi

# How long each stage took (guest clocks: uptime and the capture log).
armed=$(sl | sed -n 's/^.*@@ INFO armed_at_s //p' | head -n 1)
panic=$(sl | sed -n 's/^.*@@ INFO panic_at_s //p' | head -n 1)
cap_start=$(sl | sed -n 's/^\[ *\([0-9.]*\)\] Run \/sbin\/capture-init.*/\1/p; s/^\[ *\([0-9.]*\)\] Run \/init .*/\1/p' | head -n 1)
cap_done=$(sl | sed -n 's/^capture-init: done in \([0-9]*\) s.*/\1/p' | head -n 1)
save=$(sed -n 's/^save_seconds=//p' "$d/summary.txt" 2>/dev/null)
avail=$(sed -n 's/^capture_mem_available_kb=//p' "$d/summary.txt" 2>/dev/null)
hwm=$(sed -n 's/^filter_peak_rss_kb=//p' "$d/summary.txt" 2>/dev/null)
echo "t170 capture kernel: ${avail:-?} kB available at its /init; makedumpfile-lite peak RSS ${hwm:-?} kB on $(( $(sed -n 's/^vmcore_size=//p' "$d/summary.txt" 2>/dev/null || echo 0) >> 20 )) MiB"
[ "${hwm:-0}" -gt 0 ] && pass filter_peak_measured "$hwm kB" || fail filter_peak_measured "no VmHWM"
back=$(sl | sed -n 's/^.*@@ INFO stage saved boot 2 kernel .* up \([0-9.]*\)/\1/p' | head -n 1)
echo "t170 stages (guest seconds): boot to armed ${armed:-?}; panic at ${panic:-?};" \
	"capture kernel to its /init ${cap_start:-?}; capture-init ${cap_done:-?} (save ${save:-?});" \
	"reboot to the test step ${back:-?}"
[ -n "$armed" ] && [ -n "$cap_done" ] && [ -n "$back" ] && pass stage_times || fail stage_times "missing figures"
[ "${KEEP_IMAGE:-0}" = 1 ] || rm -f "$img" "$small"
finish
