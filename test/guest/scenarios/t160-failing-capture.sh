# t160: a crash inside the capture kernel's save (qemu-run.sh --reboot,
# RAM kept). The stage (guest.sh get_stage/set_stage):
#   0 first kernel: arm, sysrq-c
#   1 capture kernel: start saving /proc/vmcore, then crash it mid-save
#   2 first kernel again: it must boot healthy and arm again; power off
stage=$(get_stage)
stage=${stage:-0}
capture=no
has_cmdline_word dump && capture=yes
info boot "stage $stage capture $capture"
case "$stage:$capture" in
0:no)
	load_capture "t=t160-failing-capture" || return
	arm
	set_stage 1
	panic_now
	;;
1:yes)
	[ -r /proc/vmcore ] && pass capture/vmcore || fail capture/vmcore "no dump"
	set_stage 2
	dd if=/proc/vmcore of=/dev/vda bs=1M seek=1 2>/dev/null &
	dumptest wait 1
	info capture "crashing while saving"
	echo 1 > /proc/sys/kernel/sysrq
	echo c > /proc/sysrq-trigger
	dumptest wait 10
	fail capture/crash "the capture kernel did not crash"
	;;
2:no)
	pass healthy_boot
	load_capture "t=t160-failing-capture" || return
	arm
	grep -q '^armed: yes' /sys/kernel/dump/status && pass armed_again || fail armed_again "not armed"
	set_stage 3
	sync
	echo "@@ END"
	poweroff -f
	;;
*)
	fail stage "unexpected boot: stage $stage, capture $capture"
	set_stage 9
	poweroff -f
	;;
esac
