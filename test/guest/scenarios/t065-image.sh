# t065: what arming refuses, and what the panic path refuses.
# mode=refusals: images that could write outside the window or would not
#   find this kernel's header are refused at arm time, with the reason in
#   the status file; the README's command line is accepted; kexec -e of
#   an armed image is refused.
# mode=entry|staging: the loaded image is corrupted after arming; the
#   panic path must notice and take the normal panic (no kexec).
try_arm() { # NAME EXPECT(armed|refused) STATUS-REGEX KEXEC-ARGS...
	name=$1 want=$2 why=$3
	shift 3
	kexec -u 2>/dev/null
	if ! kexec -l "$@" 2>/tmp/kexec.err; then
		fail "$name/load" "$(tail -n 1 /tmp/kexec.err)"
		return
	fi
	if echo 1 > /sys/kernel/dump/arm 2>/dev/null; then got=armed; else got=refused; fi
	[ "$got" = "$want" ] && pass "$name/$want" || fail "$name/$want" "$got: $(grep 'capture kernel' /sys/kernel/dump/status)"
	if [ -n "$why" ]; then
		grep 'capture kernel' /sys/kernel/dump/status | grep -qE "$why" && pass "$name/status" ||
			fail "$name/status" "$(grep 'capture kernel' /sys/kernel/dump/status)"
	fi
	echo 0 > /sys/kernel/dump/arm
}
case "$(cmdline_arg mode)" in
refusals)
	k=/boot/bzImage
	need=$(capture_needs)
	B=$(echo "$need" | tr ' ' '\n' | grep '^dump_backup=')
	try_arm no_nokaslr refused 'NOT usable: its command line lacks "nokaslr"' \
		$k --mem-max=0xffffff --command-line="console=ttyS0 dump $B"
	try_arm no_dump refused 'NOT usable: its command line lacks "dump"' \
		$k --mem-max=0xffffff --command-line="console=ttyS0 nokaslr $B"
	try_arm no_backup refused "NOT usable: its command line lacks this kernel's dump_backup=" \
		$k --mem-max=0xffffff --command-line="console=ttyS0 dump nokaslr"
	try_arm other_backup refused "NOT usable: its dump_backup= is not this kernel's" \
		$k --mem-max=0xffffff --command-line="dump nokaslr dump_backup=32M@256M"
	try_arm mem_limit armed '' \
		$k --mem-max=0xffffff --command-line="console=ttyS0 dump mem=16M $B"
	try_arm readme armed 'decompression inside the low window' \
		$k --mem-max=0xffffff --command-line="console=ttyS0 $need nr_cpus=1 rdinit=/sbin/capture-init dump_root=/dev/sda1"
	# The same bzImage, its setup header claiming init_size = 16 MiB: the
	# decompressor would write [1 MiB, 17 MiB).
	cp $k /tmp/big
	printf '\000\000\000\001' | dd of=/tmp/big bs=1 seek=$((0x260)) conv=notrunc 2>/dev/null
	try_arm init_size refused 'NOT usable: its decompressor writes up to 0x10fffff \(init_size 0x1000000\), beyond the low window' \
		/tmp/big --mem-max=0xffffff --command-line="$need"
	# A capture kernel that would read another header boots only at panic.
	kexec -l $k --mem-max=0xffffff --command-line="dump nokaslr dump_backup=32M@256M"
	if kexec -e 2>/tmp/kexec.err; then
		fail kexec_e_other_header "kexec -e went ahead"
	else
		pass kexec_e_other_header
	fi
	# An armed image boots only at panic.
	kexec -l $k --mem-max=0xffffff --command-line="$need"
	echo 1 > /sys/kernel/dump/arm
	if kexec -e 2>/tmp/kexec.err; then
		fail kexec_e_refused "kexec -e went ahead"
	else
		pass kexec_e_refused
	fi
	grep -q '^armed: yes' /sys/kernel/dump/status && pass still_armed || fail still_armed "disarmed"
	grep -q '0x' /sys/kernel/dump/status && fail status_no_addresses "$(grep 0x /sys/kernel/dump/status)" ||
		pass status_no_addresses
	[ "$(stat -c %a /sys/kernel/dump/region)" = 400 ] && pass region_root_only ||
		fail region_root_only "mode $(stat -c %a /sys/kernel/dump/region)"
	dmesg | grep 'dump:' | sed 's/^/@@ INFO dmesg /'
	;;
entry|staging)
	load_capture "t=t065-image" || return
	arm
	echo "$(cmdline_arg mode)" > /sys/kernel/dump/selftest_panic
	panic_now
	;;
esac
