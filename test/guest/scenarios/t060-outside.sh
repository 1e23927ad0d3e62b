# t060: an image with a segment outside the low window (kexec -l without
# --mem-max puts purgatory at the top of RAM) cannot be armed, the status
# says why at load time, and a panic then does not kexec.
# First an image loaded to return (--load-preserve-context), where the
# kernel can load one at all: it cannot be armed either.
if kexec -l /boot/bzImage --mem-max=0xffffff --load-preserve-context --command-line="dump" 2>/dev/null; then
	if echo 1 > /sys/kernel/dump/arm 2>/dev/null; then
		fail preserve_context_refused "armed"
	else
		pass preserve_context_refused
	fi
	grep -q 'NOT usable: it was loaded with --load-preserve-context' /sys/kernel/dump/status &&
		pass preserve_context_status || fail preserve_context_status "$(grep 'capture kernel' /sys/kernel/dump/status)"
	kexec -u
else
	# Without CONFIG_KEXEC_JUMP the kernel itself refuses such images.
	info preserve_context "kexec_load refused it (no CONFIG_KEXEC_JUMP)"
fi
kexec -l /boot/bzImage --command-line="console=ttyS0 panic=-1 $(capture_needs) t=t060-outside stage=2" &&
	pass kexec_load || fail kexec_load "kexec -l failed"
sed 's/^/@@ INFO status /' /sys/kernel/dump/status
if echo 1 > /sys/kernel/dump/arm 2>/dev/null; then
	fail arm_refused "an image outside the window was armed"
else
	pass arm_refused
fi
grep -q '^armed: no' /sys/kernel/dump/status && pass status_not_armed || fail status_not_armed "status"
panic_now
