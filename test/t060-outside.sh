#!/bin/bash
# t060: an image loaded outside the low window is refused where the user
# sees it (kernel log at load time, status file, arming), and a panic then
# does not kexec: one boot, a normal panic, QEMU stops.
. "$(dirname "$0")/lib.sh"
n=t060-outside
guest_run_panics $n --mem 512 --timeout 120 --initrd "$build/initrd-first.cpio.gz" \
	--append "t=$n stage=1"
log_has $n 'dump: kexec image will not be used for a dump: segment \[mem 0x[0-9a-f]+-0x[0-9a-f]+\] is outside the low window' &&
	pass load_time_warning || fail load_time_warning "no warning at kexec -l time"
log_has $n 'status capture kernel: loaded, NOT usable' && pass status_says_why ||
	fail status_says_why "status does not flag the image"
log_has $n 'dump: not armed: no dump, normal panic' && pass panic_not_dumped ||
	fail panic_not_dumped "no 'not armed' line at panic"
! log_has $n 'opening parachute' && [ "$(log_count $n 'Linux version')" = 1 ] &&
	pass no_kexec || fail no_kexec "the image was kexec'd"
finish
