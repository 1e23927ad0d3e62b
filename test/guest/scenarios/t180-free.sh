# t180: dump_backup=free, no backup region. Stage 1 (first kernel): the
# status file shows free lowmem against the window; load the capture
# kernel inside the window (--mem-max from the region file), arm, fill
# pattern pages, panic. With hold=auto, take all but ~40 MiB so the
# panic finds too little free memory (the fallback: one line, normal
# panic). With selftest=backup, a byte of the copy is flipped after the
# checksum (the window must be left out, the dump marked incomplete).
# Stage 2 (capture kernel): the pattern pages read back through
# /dev/oldmem, /proc/vmcore's I/O semantics, the dump saved for the host.
t=$(cmdline_arg t)
case "$(cmdline_arg stage)" in
2)
	capture_checks
	save_dump /proc/vmcore && pass saved
	;;
*)
	sed 's/^/@@ INFO status /' /sys/kernel/dump/status
	sed 's/^/@@ INFO region /' /sys/kernel/dump/region
	memmax=$(sed -n 's/^kexec -l needs: --mem-max=//p' /sys/kernel/dump/region)
	if kexec -l /boot/bzImage --mem-max="$memmax" \
		--command-line="console=ttyS0 panic=-1 $(capture_needs) nr_cpus=1 t=$t stage=2" \
		2>/tmp/kexec.err; then
		pass kexec_load
	else
		fail kexec_load "$(tail -n 2 /tmp/kexec.err | tr '\n' ' ')"
		return
	fi
	arm
	if [ -n "$(cmdline_arg selftest)" ]; then
		# A fault injected after the copy: a byte of it flipped.
		echo "$(cmdline_arg selftest)" > /sys/kernel/dump/selftest_panic
		panic_now
		return
	fi
	if [ -n "$(cmdline_arg hold)" ]; then
		# All but ~40 MiB of free lowmem, after arming.
		f=$(sed -n 's/^free lowmem now: \([0-9]*\) MiB.*/\1/p' /sys/kernel/dump/status)
		dumptest hold $((f - 40)) &
		for i in $(seq 60); do
			grep -q 'NOT enough' /sys/kernel/dump/status && break
			sleep 1
		done
		sed 's/^/@@ INFO held_status /' /sys/kernel/dump/status
		panic_now
		return
	fi
	fill_pattern_pages "8 5" "$(cmdline_arg zones | tr , ' ')"
	grep '^free lowmem now' /sys/kernel/dump/status | sed 's/^/@@ INFO at_panic /'
	panic_now
	;;
esac
