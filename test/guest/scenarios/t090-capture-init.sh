# t090: stage 1 of a capture whose stage 2 runs tools/capture-init
# (rdinit=/sbin/capture-init): it saves /proc/vmcore to the ext2 test disk
# as /var/crash/<date>/vmcore and reboots.
load_capture "rdinit=/sbin/capture-init dump_root=/dev/vda dump_fstype=ext2" || return
arm
echo "4 3" > /sys/kernel/dump/selftest_fill
sed 's/^/@@ PAGELIST /' /sys/kernel/dump/selftest_fill
panic_now
