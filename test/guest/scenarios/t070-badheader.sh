# t070: a capture boot whose header is missing or corrupt offers no dump.
# mode=direct: booted with "dump" straight from firmware (no header at all).
# mode=FIELD: a first kernel whose selftest corrupts FIELD, then panics.
case "$(cmdline_arg stage)" in
2)
	[ ! -e /proc/vmcore ] && pass no_vmcore || fail no_vmcore "/proc/vmcore offered"
	[ ! -e /dev/oldmem ] && pass no_oldmem || fail no_oldmem "/dev/oldmem offered"
	sed 's/^/@@ INFO status /' /sys/kernel/dump/status
	;;
*)
	load_capture "t=t070-badheader stage=2 $(cmdline_arg capture_args | tr , ' ')" || return
	if [ "$(cmdline_arg mode)" = mismatch ]; then
		echo 1 > /sys/kernel/dump/arm 2>/dev/null && fail arm_refused "armed" || pass arm_refused
		panic_now
	fi
	arm
	echo "$(cmdline_arg mode)" > /sys/kernel/dump/selftest_panic
	panic_now
	;;
esac
