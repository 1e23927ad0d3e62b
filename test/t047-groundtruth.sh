#!/bin/bash
# t047: ground truth. Every page of a dump against guest RAM saved when a
# CPU entered panic() or oops_begin() (t040: sysrq-c at 1 GiB; t045: an
# oops; t030: mainline kdump, the baseline). Each differing page must fall
# in a named class of the panic path's own writes, within its bound; an
# unexplained page fails and is named (pfn, struct page flags, nearest
# symbols). Mainline's counts are printed beside ours, as a report.
. "$(dirname "$0")/lib.sh"
gt() { # NAME RUN: compare RUN's dump with its snapshot, then drop the snapshot if it passed
	local snap=$out/$2/ram-at-panic.bin
	if [ ! -f "$snap" ] || [ ! -f "$out/$2/vmcore" ]; then
		fail "$1" "run $2 first (no snapshot or vmcore)"
		return 1
	fi
	python3 "$top/test/groundtruth.py" compare "$1" "$snap" "$out/$2/vmcore" "$build/vmlinux" \
		> "$out/$T-$1.txt" 2>&1
	local rc=$?
	sed 's/^/  /' "$out/$T-$1.txt"
	# A failed comparison keeps its snapshot for a closer look.
	[ $rc = 0 ] && rm -f "$snap"
	return $rc
}
# The check of the check: one changed byte in a pattern page must be named.
pfn=$(sed -n 's/^PAGE \(0x[0-9a-f]*\) .* high$/\1/p' "$out/t040-dump/pages.list" 2>/dev/null | head -n 1)
if [ -n "$pfn" ] && [ -f "$out/t040-dump/ram-at-panic.bin" ]; then
	python3 "$top/test/groundtruth.py" compare flip-check "$out/t040-dump/ram-at-panic.bin" \
		"$out/t040-dump/vmcore" "$build/vmlinux" --flip "$pfn" > "$out/$T-flip.txt" 2>&1
	[ $? = 1 ] && grep -q "pfn $pfn flags" "$out/$T-flip.txt" && pass flip_is_found "$pfn" ||
		fail flip_is_found "a changed byte in pfn $pfn was not reported"
fi
gt ours-sysrq t040-dump && pass ours-sysrq || fail ours-sysrq "see above"
gt ours-oops t045-oops && pass ours-oops || fail ours-oops "see above"
# Mainline is the baseline: reported, not a gate.
gt mainline t030-mainline-kdump && pass mainline-report || pass mainline-report "counts over a bound, see above"
echo "differing pages per class, dump vs RAM at the panic:"
python3 "$top/test/groundtruth.py" report "$out"/ours-sysrq.gt.json "$out"/ours-oops.gt.json \
	"$out"/mainline.gt.json | sed 's/^/  /'
finish
