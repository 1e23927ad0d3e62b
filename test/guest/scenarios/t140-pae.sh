# t140: a PAE kernel (HIGHMEM64G) on a guest with more than 4 GiB. Stage 1:
# load the capture kernel, arm, fill pattern pages (highmem ones above
# 4 GiB), panic. Stage 2 (capture kernel): /proc/vmcore must be ELF64 by
# itself; the pages read back through /dev/oldmem and through /proc/vmcore
# with read(), pread() at odd offsets and mmap(); then makedumpfile-lite
# (the static capture build) writes a filtered, flattened copy to the test
# disk (no 6 GiB copy of RAM is needed on the host).
t=$(cmdline_arg t)
case "$(cmdline_arg stage)" in
2)
	dmesg | grep -E 'dump:|vmcore:' | sed 's/^/@@ INFO dmesg /'
	dd if=/dev/vda bs=512K skip=1 count=1 2>/dev/null | grep '^PAGE ' > /tmp/pages
	info pages "$(wc -l < /tmp/pages)"
	info pages_above4g "$(grep -c ' above4g$' /tmp/pages)"
	dumptest verify-oldmem /tmp/pages
	dumptest verify-vmcore /proc/vmcore /tmp/pages
	info mem_available "$(sed -n 's/^MemAvailable: *//p' /proc/meminfo)"
	{
		makedumpfile-lite -F -c -d 31 /proc/vmcore 2>/tmp/mdl.err
		echo $? > /tmp/mdl.rc
	} | dumptest save-stdin /dev/vda
	if [ "$(cat /tmp/mdl.rc)" = 0 ]; then
		pass makedumpfile_lite_in_capture
	else
		fail makedumpfile_lite_in_capture "$(tail -n 1 /tmp/mdl.err)"
	fi
	;;
*)
	load_capture "t=$t stage=2" || return
	arm
	echo "8 5 above4g" > /sys/kernel/dump/selftest_fill
	cat /sys/kernel/dump/selftest_fill > /tmp/pages
	dumptest fill-user 8 9 > /tmp/user &
	for i in 1 2 3 4 5 6 7 8 9 10; do
		grep -q READY /tmp/user && break
		sleep 1
	done
	grep '^PAGE ' /tmp/user >> /tmp/pages
	for z in dma normal high above4g user; do
		info pages_$z "$(grep -c " $z\$" /tmp/pages)"
	done
	dd if=/tmp/pages of=/dev/vda bs=512K seek=1 conv=notrunc,fsync 2>/dev/null
	sed 's/^/@@ PAGELIST /' /tmp/pages
	panic_now
	;;
esac
