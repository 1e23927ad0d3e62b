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
	tok=$(cmdline_arg itok)
	if [ -n "$tok" ]; then
		# kexec-tools put the initrd in the window; the kernel unpacked
		# it over the built-in initramfs.
		[ "$(cat /initrd-token 2>/dev/null)" = "$tok" ] &&
			[ "$(md5sum < /initrd-blob 2>/dev/null | cut -d' ' -f1)" = "$(cmdline_arg isum)" ] &&
			pass initrd_intact "$(wc -c < /initrd-blob) bytes" ||
			fail initrd_intact "no initrd, or not the one loaded"
	fi
	save_dump /proc/vmcore && pass saved
	;;
*)
	sed 's/^/@@ INFO status /' /sys/kernel/dump/status
	sed 's/^/@@ INFO region /' /sys/kernel/dump/region
	memmax=$(sed -n 's/^kexec -l needs: --mem-max=//p' /sys/kernel/dump/region)
	cl="console=ttyS0 panic=-1 $(capture_needs) nr_cpus=1 t=$t stage=2"
	kernel=/boot/bzImage iarg="" ird=""
	if [ -n "$(cmdline_arg withinitrd)" ]; then
		# A capture initrd (withinitrd= MiB of random bytes and a
		# token) for the bigger windows, where kexec-tools has room to
		# place one. 6 MiB is longer than the compressed kernel: the
		# arm check must still tell the kernel segment (kernel_info).
		mkdir -p /tmp/ird
		dd if=/dev/urandom of=/tmp/ird/initrd-blob bs=1M count="$(cmdline_arg withinitrd)" 2>/dev/null
		cat /proc/sys/kernel/random/uuid > /tmp/ird/initrd-token
		(cd /tmp/ird && printf 'initrd-blob\ninitrd-token\n' | cpio -o -H newc > /tmp/initrd.cpio 2>/dev/null)
		iarg=--initrd=/tmp/initrd.cpio
		ird="itok=$(cat /tmp/ird/initrd-token) isum=$(md5sum < /tmp/ird/initrd-blob | cut -d' ' -f1)"
		# kexec-tools before 2.0.30 reserves only the file for the
		# kernel and puts the initrd right after it, inside what the
		# decompressor writes: arming must refuse that...
		kexec -l /boot/bzImage --mem-max="$memmax" $iarg --command-line="$cl" 2>/dev/null
		if echo 1 > /sys/kernel/dump/arm 2>/dev/null; then
			fail initrd_in_footprint_refused "armed with the initrd inside the decompressor's footprint"
			echo 0 > /sys/kernel/dump/arm
		else
			pass initrd_in_footprint_refused
		fi
		# ...and a kernel padded to that footprint (as the
		# dump-capture-kernel package ships it) moves the initrd out.
		setup=$(od -An -tu1 -j $((0x1f1)) -N1 /boot/bzImage | tr -d ' ')
		[ "$setup" = 0 ] && setup=4
		init=$(od -An -tu4 -j $((0x260)) -N4 /boot/bzImage | tr -d ' ')
		kernel=/tmp/bzImage.padded
		cp /boot/bzImage $kernel
		dd if=/dev/zero of=$kernel bs=1 count=0 \
			seek=$(( ((setup + 1) * 512 + init + 4095) / 4096 * 4096 )) 2>/dev/null
	fi
	if kexec -l $kernel --mem-max="$memmax" $iarg --command-line="$cl $ird" 2>/tmp/kexec.err; then
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
