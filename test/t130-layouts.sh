#!/bin/bash
# t130: memory layouts. Boards of 128 and 64 MiB, where the default region
# at 128 MiB cannot exist: dump_backup=16M lets the kernel place it, and
# /sys/kernel/dump/region gives the capture command line. 3 GiB of RAM with
# HIGHMEM4G (checked in the guest and with crash, no snapshot; KEEP_3G=1
# keeps its vmcore for make bench). A 64 MiB
# window. RAM with a hole and a reserved range inside the window
# (memmap=exactmap): the dump's loads leave both out. More RAM ranges than
# the header holds: refused at boot with a reason, not a half dump.
. "$(dirname "$0")/lib.sh"
ONLY=${T130_ONLY:-}
S='sysrq triggered crash'
for m in 128 64; do
	MEM=$m die_scenario board_${m}m sysrq 0 'sysrq_handle_crash' "$S" dump_backup=16M
	[ -n "$ONLY" ] && [ "$ONLY" != board_${m}m ] && continue
	log_has t130-board_${m}m 'dump: backup region \[mem 0x[0-9a-f]+-0x[0-9a-f]+\] reserved for the low window \[0, 16 MiB\)' &&
		pass board_${m}m/placed || fail board_${m}m/placed "dump_backup=16M placed no region"
	log_has t130-board_${m}m '@@ INFO region capture command line needs: dump nokaslr dump_backup=16M@0x[0-9a-f]+' &&
		pass board_${m}m/region_says_where || fail board_${m}m/region_says_where "no capture command line in region"
done
KEEP=${KEEP_3G:-} MEM=3072 GT=0 die_scenario highmem_3g sysrq 1 'sysrq_handle_crash' "$S"
die_scenario window_64m sysrq 0 'sysrq_handle_crash' "$S" "dump_backup=64M@256M"
if [ -z "$ONLY" ] || [ "$ONLY" = window_64m ]; then
	log_has t130-window_64m 'capture kernel: RAM limited to the low window \[0, 64 MiB\)' &&
		pass window_64m/capture_64m || fail window_64m/capture_64m "capture kernel not limited to 64 MiB"
fi
# RAM [0, 636K) [1M, 9M) [10M, the end of QEMU's RAM), [12M, 12.5M) reserved.
holes='memmap=exactmap memmap=0x9f000@0 memmap=0x800000@0x100000 memmap=0x1f5dd000@0xa00000 memmap=512K$0xc00000'
KEEP=1 die_scenario window_holes sysrq 0 'sysrq_handle_crash' "$S" "$holes"
if [ -z "$ONLY" ] || [ "$ONLY" = window_holes ]; then
	v=$out/t130-window_holes/vmcore
	if [ -f "$v" ] && python3 -c "
import sys; sys.path.insert(0, '$top/test')
from vmcore_check import Core
c = Core('$v')
loads = [(p['paddr'], p['paddr'] + p['filesz']) for p in c.phdrs if p['type'] == 1]
print(loads)
def cov(a, b): return any(s <= a and b <= e for s, e in loads)
def touch(a, b): return any(s < b and a < e for s, e in loads)
ok = cov(0x100000, 0x900000) and cov(0xa00000, 0xc00000) and cov(0xc80000, 0x1000000) \
    and not touch(0x900000, 0xa00000) and not touch(0xc00000, 0xc80000)
sys.exit(0 if ok else 1)" > "$out/t130-window_holes/loads.txt" 2>&1; then
		pass window_holes/loads_skip_hole_and_reserved
	else
		fail window_holes/loads_skip_hole_and_reserved "$(cat "$out/t130-window_holes/loads.txt")"
	fi
	rm -f "$v"
fi
# 70 reserved pages cut RAM into 71 ranges; the header holds 64.
if [ -z "$ONLY" ] || [ "$ONLY" = too_many_ranges ]; then
	many=""
	for i in $(seq 0 69); do many="$many memmap=4K\$$(printf '0x%x' $((0x10000000 + i * 0x100000)))"; done
	n=t130-too_many_ranges
	"$top/scripts/qemu-run.sh" --name $n --mem 512 --smp 1 --timeout 90 \
		--initrd "$build/initrd-first.cpio.gz" --append "t=t015-region $many" >/dev/null ||
		fail too_many_ranges/boot "did not finish"
	log_has $n 'dump: backup region .* cannot be described: more RAM ranges than the header holds: dumping disabled' &&
		pass too_many_ranges/refused_at_boot || fail too_many_ranges/refused_at_boot "no refusal line"
	[ "$(guest_info $n arm_result)" = refused ] && pass too_many_ranges/arm_refused ||
		fail too_many_ranges/arm_refused "armed"
fi
finish
