#!/bin/bash
# t020: kexec -l + kexec -e of the same bzImage boots the second kernel,
# placed below 16 MiB.
. "$(dirname "$0")/lib.sh"
guest_run t020-kexec --mem 256 --timeout 150 --initrd "$build/initrd-first.cpio.gz" \
	--append "t=t020-kexec stage=1"
log_has t020-kexec 'Kernel command line:.*stage=2' && pass second_boot_cmdline ||
	fail second_boot_cmdline "no second boot with stage=2 in the log"
finish
