# t150: DMA in flight. Stage 1: a kernel thread keeps reading the test
# disk into ZONE_DMA pages (inside the window) when sysrq-c hits;
# mode=nobme asks the panic path to leave bus mastering on. Stage 2: the
# capture kernel must come up and save the dump.
case "$(cmdline_arg stage)" in
2)
	dmesg | grep -E 'dump:|vmcore:|bus master' | sed 's/^/@@ INFO dmesg /'
	[ -r /proc/vmcore ] && pass vmcore_present || fail vmcore_present "no /proc/vmcore"
	dd if=/dev/vda bs=512K skip=1 count=1 2>/dev/null | grep '^PAGE ' > /tmp/pages
	dumptest verify-oldmem /tmp/pages
	save_dump /proc/vmcore && pass saved
	;;
*)
	load_capture "t=t150-dma stage=2" || return
	arm
	echo "8 5" > /sys/kernel/dump/selftest_fill
	grep '^PAGE ' /sys/kernel/dump/selftest_fill > /tmp/pages
	dd if=/tmp/pages of=/dev/vda bs=512K seek=1 conv=notrunc,fsync 2>/dev/null
	sed 's/^/@@ PAGELIST /' /tmp/pages
	[ "$(cmdline_arg mode)" = nobme ] && echo nobme > /sys/kernel/dump/selftest_die
	echo 8 > /sys/kernel/dump/selftest_dma
	sed 's/^/@@ /' /sys/kernel/dump/selftest_dma
	dumptest wait 1
	panic_now
	;;
esac
