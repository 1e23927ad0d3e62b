#!/bin/bash
# t015: the backup region and its parameters. A region that is not RAM,
# that overlaps a reservation, or a bad dump_backup= disables dumping with
# one log line and arming is refused; a valid dump_backup= moves it (and
# /proc/iomem shows it); only the exact word "dump" makes a capture kernel.
. "$(dirname "$0")/lib.sh"
i=$build/initrd-first.cpio.gz
boot() { # NAME MEM APPEND
	"$top/scripts/qemu-run.sh" --name "$T-$1" --mem "$2" --smp 1 --timeout 90 \
		--initrd "$i" --append "t=t015-region $3" >/dev/null ||
		fail "$1/boot" "did not finish"
}
info() { guest_info "$T-$1" "$2"; }

boot notram 128 ""
log_has $T-notram 'dump: backup region \[mem 0x08000000-0x0900ffff\] is not all RAM: dumping disabled' &&
	pass notram/log || fail notram/log "no refusal line with -m 128"
[ "$(info notram arm_result)" = refused ] && pass notram/arm_refused || fail notram/arm_refused "armed"
log_has $T-notram 'status backup region: none \(is not all RAM\)' && pass notram/status ||
	fail notram/status "status does not say why"

boot badparam 512 "dump_backup=8M@128M"
log_has $T-badparam 'dump: bad dump_backup=8M@128M .*dumping disabled' && pass badparam/log ||
	fail badparam/log "no error line for dump_backup=8M@128M"
[ "$(info badparam arm_result)" = refused ] && pass badparam/arm_refused || fail badparam/arm_refused "armed"

boot overlap 512 "crashkernel=64M@128M"
log_has $T-overlap 'dump: backup region .* overlaps memory in use .*dumping disabled' &&
	pass overlap/log || fail overlap/log "no overlap refusal with crashkernel=64M@128M"
[ "$(info overlap arm_result)" = refused ] && pass overlap/arm_refused || fail overlap/arm_refused "armed"

boot moved 512 "dump_backup=32M@256M dumpx"
log_has $T-moved 'dump: backup region \[mem 0x10000000-0x1200ffff\] reserved for the low window \[0, 32 MiB\)' &&
	pass moved/reserved || fail moved/reserved "dump_backup=32M@256M not honoured"
[ "$(info moved arm_result)" = armed ] && pass moved/armed || fail moved/armed "not armed"
log_has $T-moved 'iomem +10000000-1200ffff : Dump backup region' && pass moved/iomem ||
	fail moved/iomem "/proc/iomem does not show the region"
log_has $T-moved 'status2 armed: yes' && pass moved/status_armed || fail moved/status_armed "status"
! log_has $T-moved 'capture kernel: RAM limited' && pass moved/dumpx_not_capture ||
	fail moved/dumpx_not_capture "'dumpx' made a capture kernel"

boot dumpvalue 512 "dump=1"
log_has $T-dumpvalue "dump: 'dump' takes no value" && ! log_has $T-dumpvalue 'RAM limited' &&
	pass dumpvalue/rejected || fail dumpvalue/rejected "dump=1 not rejected"
finish
