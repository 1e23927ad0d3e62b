# t100: one QEMU session, RAM kept across resets (qemu-run.sh --reboot).
# The stage (guest.sh get_stage/set_stage) says what each boot does:
#   0 first kernel: arm, pattern pages (salt 5), sysrq-c
#   1 capture: the dump is there; note CRASHTIME; reset
#   2 first kernel: arm; kexec -e must be refused; disarm; kexec -e
#   3 capture, booted without a panic: no dump offered; reset
#   4 first kernel: arm, pattern pages (salt 7), a panic of another text
#   5 capture: the second crash's dump; save it for the host; power off
crashtime() {
	head -c 16384 /proc/vmcore | tr -c 'A-Za-z0-9=_()' '\n' | sed -n 's/^CRASHTIME=//p' | head -n 1
}
arm_with_pages() { # SALT
	load_capture "t=t100-fresh" || return 1
	arm
	echo "8 $1" > /sys/kernel/dump/selftest_fill
	grep '^PAGE ' /sys/kernel/dump/selftest_fill > /tmp/pages
	dd if=/tmp/pages of=/dev/vda bs=512K seek=1 conv=notrunc,fsync 2>/dev/null
	sed 's/^/@@ PAGELIST /' /tmp/pages
}
reset_now() {
	sync
	reboot -f
	sleep 10
	fail reset "reboot -f returned"
}
stage=$(get_stage)
stage=${stage:-0}
capture=no
has_cmdline_word dump && capture=yes
info boot "stage $stage capture $capture"
case "$stage:$capture" in
0:no)
	arm_with_pages 5 || return
	set_stage 1
	panic_now
	;;
1:yes)
	[ -r /proc/vmcore ] && pass first/vmcore || fail first/vmcore "no dump of the first crash"
	info crashtime1 "$(crashtime)"
	dd if=/dev/vda bs=512K skip=1 count=1 2>/dev/null | grep '^PAGE ' > /tmp/pages
	dumptest verify-oldmem /tmp/pages
	set_stage 2
	reset_now
	;;
2:no)
	load_capture "t=t100-fresh" || return
	arm
	if kexec -e 2>/tmp/kexec.err; then
		fail kexec_e_refused "kexec -e returned success"
	else
		pass kexec_e_refused "$(tail -n 1 /tmp/kexec.err)"
	fi
	dmesg | grep -q 'dump: kexec -e refused: the loaded image is armed' &&
		pass kexec_e_logged || fail kexec_e_logged "no log line"
	echo 0 > /sys/kernel/dump/arm
	set_stage 3
	sync
	kexec -e
	fail forced_capture "kexec -e of the disarmed image failed"
	;;
3:yes)
	[ ! -e /proc/vmcore ] && pass forced/no_vmcore || fail forced/no_vmcore "a dump was offered"
	grep -q 'no dump offered: no dump header (bad magic)' /sys/kernel/dump/status &&
		pass forced/status || fail forced/status "$(cat /sys/kernel/dump/status)"
	set_stage 4
	reset_now
	;;
4:no)
	arm_with_pages 7 || return
	set_stage 5
	sync
	echo panic > /sys/kernel/dump/selftest_panic
	sleep 10
	fail second_panic "no panic"
	;;
5:yes)
	[ -r /proc/vmcore ] && pass second/vmcore || fail second/vmcore "no dump of the second crash"
	info crashtime2 "$(crashtime)"
	dd if=/dev/vda bs=512K skip=1 count=1 2>/dev/null | grep '^PAGE ' > /tmp/pages
	dumptest verify-oldmem /tmp/pages
	save_dump /proc/vmcore && pass saved
	set_stage 6
	sync
	echo "@@ END"
	poweroff -f
	;;
*)
	fail stage "unexpected boot: stage $stage, capture $capture"
	;;
esac
