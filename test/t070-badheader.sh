#!/bin/bash
# t070: a capture boot with a zeroed, corrupted or inconsistent header says
# why in one line, offers no /proc/vmcore or /dev/oldmem, and boots on.
. "$(dirname "$0")/lib.sh"
i=$build/initrd-first.cpio.gz
n=$T-direct
guest_run $n --mem 512 --timeout 90 --append "dump t=t070-badheader stage=2"
log_has $n 'dump: no dump offered: no dump header \(bad magic\) \(header at 0x9000000\)' &&
	pass direct/reason || fail direct/reason "no 'bad magic' line"
for m in magic:'no dump header \(bad magic\)' checksum:'checksum mismatch' \
	nr_cpus:'CPU count does not match the NT_PRSTATUS notes'; do
	mode=${m%%:*} why=${m#*:}
	n=$T-$mode
	guest_run $n --mem 512 --timeout 120 --initrd "$i" --append "t=t070-badheader stage=1 mode=$mode"
	log_has $n "dump selftest: corrupted the header's $mode" && pass "$mode/corrupted" ||
		fail "$mode/corrupted" "selftest did not corrupt"
	log_has $n "dump: no dump offered: $why" && [ "$(log_count $n '\] dump: no dump offered')" = 1 ] &&
		pass "$mode/reason" || fail "$mode/reason" "capture kernel did not say: $why"
done
# A capture kernel told another dump_backup= than the first kernel uses
# would look for the header elsewhere: arming refuses such an image.
n=$T-mismatch
guest_run_panics $n --mem 512 --timeout 120 --initrd "$i" \
	--append "t=t070-badheader stage=1 mode=mismatch capture_args=dump_backup=32M@256M"
log_has $n "dump: cannot arm: kexec image its dump_backup= is not this kernel's" &&
	pass mismatch/arm_refused || fail mismatch/arm_refused "an image with another dump_backup= was armed"
! log_has $n 'opening parachute' && [ "$(log_count $n 'Linux version')" = 1 ] &&
	pass mismatch/no_kexec || fail mismatch/no_kexec "the image was kexec'd"
# Booted with another dump_backup= anyway, a capture kernel finds no header
# there and keeps only the smallest window: it cannot know how much the
# first kernel backed up.
n=$T-elsewhere
guest_run $n --mem 512 --timeout 90 --append "dump dump_backup=32M@256M t=t070-badheader stage=2"
log_has $n 'capture kernel: RAM limited to the low window \[0, 16 MiB\)' && pass elsewhere/smallest_window ||
	fail elsewhere/smallest_window "capture kernel did not keep to 16 MiB"
log_has $n 'dump: no dump offered: no dump header \(bad magic\) \(header at 0x12000000\)' &&
	pass elsewhere/reason || fail elsewhere/reason "no reason line"
finish
