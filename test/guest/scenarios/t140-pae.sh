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
	fill_pattern_pages "8 5 above4g" "dma normal high above4g user"
	panic_now
	;;
esac
