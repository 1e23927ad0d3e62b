# t045: an oops with panic_on_oops takes the dump from oops_end(), with
# the registers of the faulting context.
case "$(cmdline_arg stage)" in
2)
	[ -r /proc/vmcore ] && pass vmcore_present || fail vmcore_present "no /proc/vmcore"
	save_dump /proc/vmcore && pass saved
	;;
*)
	load_capture "t=t045-oops stage=2" || return
	arm
	echo 1 > /proc/sys/kernel/panic_on_oops
	echo "@@ INFO oops via selftest_panic"
	echo oops > /sys/kernel/dump/selftest_panic
	fail oops "the write returned"
	;;
esac
