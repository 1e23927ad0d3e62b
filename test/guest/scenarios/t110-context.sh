# t110: a dump from each way a kernel dies (die=MODE, cpu=N; see
# drivers/dump/dump_selftest_die.c). Stage 1 arms, fills pattern pages as
# t040 does, sets the sysctl the mode needs and dies; stage 2 checks the
# pattern pages through /dev/oldmem and saves /proc/vmcore.
die=$(cmdline_arg die)
cpu=$(cmdline_arg cpu || echo 0)
case "$(cmdline_arg stage)" in
2)
	dmesg | grep -E 'dump:|vmcore:' | sed 's/^/@@ INFO dmesg /'
	[ -r /proc/vmcore ] && pass vmcore_present || fail vmcore_present "no /proc/vmcore"
	dd if=/dev/vda bs=512K skip=1 count=1 2>/dev/null | grep '^PAGE ' > /tmp/pages
	dumptest verify-oldmem /tmp/pages
	save_dump /proc/vmcore && pass saved
	;;
*)
	load_capture "t=t110-context stage=2 die=$die" || return
	arm
	fill_pattern_pages "8 5"
	echo 1 > /proc/sys/kernel/sysrq
	sync
	info die "$die on CPU $cpu"
	case "$die" in
	sysrq)
		taskset -c "$cpu" sh -c 'echo c > /proc/sysrq-trigger' ;;
	hardirq|softirq|kthread|stack|race)
		echo 1 > /proc/sys/kernel/panic_on_oops
		echo "$die $cpu" > /sys/kernel/dump/selftest_die ;;
	ipi)
		# From the other CPU, so the callback really comes as an IPI.
		echo 1 > /proc/sys/kernel/panic_on_oops
		taskset -c $((1 - cpu)) sh -c "echo 'ipi $cpu' > /sys/kernel/dump/selftest_die" ;;
	warn)
		echo 1 > /proc/sys/kernel/panic_on_warn
		echo warn > /sys/kernel/dump/selftest_die ;;
	oom)
		echo 1 > /proc/sys/vm/panic_on_oom
		dumptest eat ;;
	hang)
		echo 1 > /proc/sys/kernel/hung_task_panic
		echo 2 > /proc/sys/kernel/hung_task_timeout_secs
		echo hang > /sys/kernel/dump/selftest_die &
		dumptest wait 60 ;;
	lockup)
		echo 1 > /proc/sys/kernel/softlockup_panic
		echo 1 > /proc/sys/kernel/watchdog_thresh
		echo "lockup $cpu" > /sys/kernel/dump/selftest_die
		dumptest wait 60 ;;
	nmi)
		echo 1 > /proc/sys/kernel/unknown_nmi_panic
		echo "@@ READY nmi"
		dumptest wait 60 ;;
	offline)
		echo 0 > /sys/devices/system/cpu/cpu$cpu/online
		info online "$(cat /sys/devices/system/cpu/online)"
		echo c > /proc/sysrq-trigger ;;
	nmi_stuck)
		taskset -c $((1 - cpu)) sh -c "echo 'nmi_stuck $cpu' > /sys/kernel/dump/selftest_die" ;;
	spin|console)
		# CPU $cpu spins with interrupts off (holding the console lock);
		# the writer, on the other CPU, then panics.
		taskset -c $((1 - cpu)) sh -c "echo '$die $cpu' > /sys/kernel/dump/selftest_die" ;;
	esac
	dumptest wait 30
	fail die "still alive after $die"
	;;
esac
