# t030: mainline kdump (crashkernel=, kexec -p, sysrq-c) yields /proc/vmcore
# in the capture kernel; it is saved to the test disk for the host to check.
# This is the baseline `make bench` measures our driver against.
case "$(cmdline_arg stage)" in
2)
	if [ -r /proc/vmcore ]; then
		pass vmcore_present "$(stat -c %s /proc/vmcore) bytes"
		save_dump /proc/vmcore && pass saved
	else
		fail vmcore_present "no /proc/vmcore in the capture kernel"
	fi
	;;
*)
	if kexec -p /boot/bzImage \
		--append="console=ttyS0 panic=-1 irqpoll nr_cpus=1 reset_devices t=t030-mainline-kdump stage=2" \
		2>/tmp/kexec.err; then
		pass kexec_load_panic
	else
		fail kexec_load_panic "$(tail -n 2 /tmp/kexec.err | tr '\n' ' ')"
		return
	fi
	panic_now
	;;
esac
