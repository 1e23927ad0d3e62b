# bench: guest-side throughput of /proc/vmcore, ours (impl=ours: a backup
# region; impl=free or frag: dump_backup=free on the first kernel) or mainline
# kdump's (impl=mainline, needs crashkernel= on the first kernel), read()
# and mmap(), five passes each, and the capture kernel's own memcpy()
# bandwidth. impl=none: a kernel that does not dump (its MemTotal only).
impl=$(cmdline_arg impl)
case "$(cmdline_arg stage)" in
2)
	info bench_impl "$impl $(stat -c %s /proc/vmcore) bytes"
	dmesg | grep -E 'dump: (panic path took|dump_backup=free)' | sed 's/^/@@ INFO dmesg /'
	for i in 1 2 3 4 5; do
		dumptest read-bench /proc/vmcore read
		dumptest read-bench /proc/vmcore mmap
		dumptest memcpy-bench
	done
	;;
*)
	info memtotal_kb "$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)"
	case "$impl" in
	none) return ;;
	mainline)
		kexec -p /boot/bzImage --append="console=ttyS0 panic=-1 irqpoll nr_cpus=1 reset_devices t=bench stage=2 impl=mainline" ||
			{ fail kexec_load_panic "kexec -p failed"; return; } ;;
	*)
		load_capture "t=bench stage=2 impl=$impl" || return
		arm ;;
	esac
	panic_now
	;;
esac
