# t015: report the dump status, then load a fitting capture kernel and try
# to arm; the host decides what each boot's answers must be.
sed 's/^/@@ INFO status /' /sys/kernel/dump/status
kexec -l /boot/bzImage --mem-max=0xffffff --command-line="$(capture_needs)" 2>/dev/null
if echo 1 > /sys/kernel/dump/arm 2>/dev/null; then info arm_result armed; else info arm_result refused; fi
sed 's/^/@@ INFO status2 /' /sys/kernel/dump/status
dmesg | grep -E 'dump' | sed 's/^/@@ INFO dmesg /'
grep -i "dump backup" /proc/iomem | sed "s/^/@@ INFO iomem /"
