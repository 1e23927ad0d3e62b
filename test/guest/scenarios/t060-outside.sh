# t060: an image with a segment outside the low window (kexec -l without
# --mem-max puts purgatory at the top of RAM) cannot be armed, the status
# says why at load time, and a panic then does not kexec.
kexec -l /boot/bzImage --command-line="console=ttyS0 panic=-1 dump t=t060-outside stage=2" &&
	pass kexec_load || fail kexec_load "kexec -l failed"
sed 's/^/@@ INFO status /' /sys/kernel/dump/status
if echo 1 > /sys/kernel/dump/arm 2>/dev/null; then
	fail arm_refused "an image outside the window was armed"
else
	pass arm_refused
fi
grep -q '^armed: no' /sys/kernel/dump/status && pass status_not_armed || fail status_not_armed "status"
panic_now
