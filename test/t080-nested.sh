#!/bin/bash
# t080: a panic inside the panic path does not loop: no second dump
# attempt, no kexec, the normal panic reboots. A panic in the capture
# kernel is a normal panic too.
. "$(dirname "$0")/lib.sh"
i=$build/initrd-first.cpio.gz
n=$T-inside
guest_run_panics $n --mem 512 --timeout 120 --initrd "$i" --append "t=t080-nested stage=1 mode=inside"
[ "$(log_count $n 'Kernel panic - not syncing: dump selftest: panic inside the dump path')" = 1 ] &&
	pass inside/one_nested_panic || fail inside/one_nested_panic "want exactly one nested panic"
[ "$(log_count $n 'opening parachute')" = 1 ] && [ "$(log_count $n 'Linux version')" = 1 ] &&
	pass inside/no_kexec || fail inside/no_kexec "dump path entered again, or kexec'd, after a nested panic"
n=$T-capture
guest_run_panics $n --mem 512 --timeout 120 --initrd "$i" --append "t=t080-nested stage=1"
[ "$(log_count $n 'Linux version')" = 2 ] && [ "$(log_count $n 'opening parachute')" = 1 ] &&
	[ "$(log_count $n 'Kernel panic - not syncing: sysrq triggered crash')" = 2 ] &&
	pass capture/normal_panic || fail capture/normal_panic "want two boots, one dump, two panics"
finish
