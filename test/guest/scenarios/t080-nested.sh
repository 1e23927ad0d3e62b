# t080: a panic inside the dump path, or in the capture kernel, takes the
# normal panic path (here: reboot, which stops QEMU) instead of looping.
case "$(cmdline_arg stage)" in
2)
	pass capture_booted
	panic_now
	;;
*)
	load_capture "t=t080-nested stage=2" || return
	arm
	[ "$(cmdline_arg mode)" = inside ] && echo inside > /sys/kernel/dump/selftest_panic
	panic_now
	;;
esac
