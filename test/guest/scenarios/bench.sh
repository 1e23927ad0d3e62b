# bench: guest-side throughput of /proc/vmcore, ours (impl=ours) or
# mainline kdump's (impl=mainline, needs crashkernel= on the first kernel),
# read() and mmap(), five passes each.
impl=$(cmdline_arg impl)
case "$(cmdline_arg stage)" in
2)
	info bench_impl "$impl $(stat -c %s /proc/vmcore) bytes"
	for i in 1 2 3 4 5; do
		dumptest read-bench /proc/vmcore read
		dumptest read-bench /proc/vmcore mmap
	done
	;;
*)
	if [ "$impl" = mainline ]; then
		kexec -p /boot/bzImage --append="console=ttyS0 panic=-1 irqpoll nr_cpus=1 reset_devices t=bench stage=2 impl=mainline" ||
			{ fail kexec_load_panic "kexec -p failed"; return; }
	else
		load_capture "t=bench stage=2 impl=ours" || return
		arm
	fi
	panic_now
	;;
esac
