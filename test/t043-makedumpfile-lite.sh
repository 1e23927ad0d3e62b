#!/bin/bash
# t043: makedumpfile-lite on real dumps, ours (t040) and mainline's (t030):
# the same dumpable pages as Debian's makedumpfile 1.7.2 at each level,
# and Debian's crash reads its outputs.
. "$(dirname "$0")/lib.sh"
for src in t040-dump t030-mainline-kdump; do
	v=$out/$src/vmcore
	l=$out/$src/vmlinux
	if [ ! -f "$v" ]; then
		fail "$src" "run $src first (no $v)"
		continue
	fi
	T=t043-makedumpfile-lite/$src sub_results make -s -C "$top/tools/makedumpfile-lite" interop \
		VMCORE="$v" VMLINUX="$l"
done
finish
