#!/bin/bash
# t065: the capture image cannot touch old memory, and the panic path
# verifies it before it trusts it. Arm-time refusals (KASLR left on, no
# "dump", another dump_backup=, a decompressor footprint beyond the
# window), kexec -e of an armed image refused; a corrupted entry list or
# staging page found at panic: one line, the normal panic, no kexec, and
# (ground truth: RAM at the panic against RAM at the restart) no page of
# old memory outside the window changed but the panic path's own writes.
. "$(dirname "$0")/lib.sh"
i=$build/initrd-first.cpio.gz
n=$T-refusals
guest_run $n --mem 512 --timeout 120 --initrd "$i" --append "t=t065-image mode=refusals"
log_has $n 'dump: kexec -e refused: the loaded image is armed' && pass kexec_e_logged ||
	fail kexec_e_logged "no log line"
log_has $n 'dump: kexec -e refused: the loaded image is a capture kernel, and the dump header it would read was not cleared at this boot' &&
	pass kexec_e_other_header_logged || fail kexec_e_other_header_logged "no log line"
for m in entry:'the entry list changed' staging:'a staging page changed'; do
	mode=${m%%:*} why=${m#*:}
	n=$T-$mode
	snapshot_run $n 512 "$out/$n/ram-at-panic.bin" emergency_restart "$out/$n/ram-at-restart.bin" \
		--smp 2 --timeout 120 --initrd "$i" --append "t=t065-image mode=$mode" >/dev/null
	rc=$?
	[ $rc = 1 ] && pass "$mode/normal_panic" || fail "$mode/normal_panic" "qemu-run.sh rc $rc"
	guest_results $n
	log_has $n "dump selftest: corrupted the kexec image's $mode" && pass "$mode/corrupted" ||
		fail "$mode/corrupted" "selftest did not corrupt"
	log_has $n "dump: kexec image failed its check \\($why\\): no dump, normal panic" &&
		pass "$mode/found_at_panic" || fail "$mode/found_at_panic" "no '$why' line"
	[ "$(log_count $n 'Linux version')" = 1 ] && ! log_has $n 'capture kernel: RAM limited' &&
		pass "$mode/no_kexec" || fail "$mode/no_kexec" "the image was kexec'd"
	python3 "$top/test/groundtruth.py" compare "$n" "$out/$n/ram-at-panic.bin" \
		"$out/$n/ram-at-restart.bin" "$build/vmlinux" --raw --from 0x1000000 > "$out/$n/gt.txt" 2>&1 &&
		pass "$mode/old_memory_untouched" || fail "$mode/old_memory_untouched" "$(tail -n 4 "$out/$n/gt.txt")"
	sed 's/^/  /' "$out/$n/gt.txt"
	rm -f "$out/$n"/ram-at-*.bin
done
finish
