#!/bin/bash
# t065: the capture image cannot touch old memory, and the panic path
# verifies it before it trusts it. Arm-time refusals (KASLR left on, no
# "dump", another dump_backup=, a decompressor footprint beyond the
# window), kexec -e of an armed image refused; a corrupted entry list or
# staging page found at panic: one line, the normal panic, no kexec.
. "$(dirname "$0")/lib.sh"
i=$build/initrd-first.cpio.gz
n=$T-refusals
guest_run $n --mem 512 --timeout 120 --initrd "$i" --append "t=t065-image mode=refusals"
log_has $n 'dump: kexec -e refused: the loaded image is armed' && pass kexec_e_logged ||
	fail kexec_e_logged "no log line"
for m in entry:'the entry list changed' staging:'a staging page changed'; do
	mode=${m%%:*} why=${m#*:}
	n=$T-$mode
	guest_run_panics $n --mem 512 --timeout 120 --initrd "$i" --append "t=t065-image mode=$mode"
	log_has $n "dump selftest: corrupted the kexec image's $mode" && pass "$mode/corrupted" ||
		fail "$mode/corrupted" "selftest did not corrupt"
	log_has $n "dump: kexec image failed its check \\($why\\): no dump, normal panic" &&
		pass "$mode/found_at_panic" || fail "$mode/found_at_panic" "no '$why' line"
	[ "$(log_count $n 'Linux version')" = 1 ] && ! log_has $n 'capture kernel: RAM limited' &&
		pass "$mode/no_kexec" || fail "$mode/no_kexec" "the image was kexec'd"
done
finish
