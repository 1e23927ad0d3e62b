#!/bin/bash
# bench.sh VMCORE
#
# makedumpfile-lite vs Debian makedumpfile 1.7.2 (i386, from the project
# sysroot via scripts/i386-run) on the same vmcore, kdump-compressed with
# zlib (-c) at -d 0, 1 and 31: wall time (best of $RUNS runs) and output
# size side by side, with ours/theirs ratios.  Output goes to a scratch
# directory on the same filesystem as $TMPDIR.
set -u
if [ $# -ne 1 ]; then
	echo "usage: $0 VMCORE" >&2
	exit 2
fi
VMCORE=$1
RUNS=${RUNS:-3}
T=$(cd "$(dirname "$0")" && pwd)
D=$(cd "$T/.." && pwd)
TOP=$(cd "$D/../.." && pwd)
SYSROOT=${SYSROOT:-$TOP/build/sysroot}
W=$(mktemp -d "${TMPDIR:-/tmp}/mdl-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
MDL=$D/makedumpfile-lite
make -s -C "$D" makedumpfile-lite >&2 || exit 1
MKD=
for p in "$SYSROOT/usr/sbin/makedumpfile" "$SYSROOT/usr/bin/makedumpfile"; do
	[ -x "$p" ] && MKD=$p && break
done
[ -n "$MKD" ] || { echo "bench: no makedumpfile in $SYSROOT" >&2; exit 1; }
[ -r "$VMCORE" ] || { echo "bench: cannot read $VMCORE" >&2; exit 1; }

now() { date +%s.%N; }
# best_time OUT CMD...: min wall seconds over RUNS runs, output kept in OUT
best_time() {
	local out=$1 best= t0 t1 dt i
	shift
	for i in $(seq "$RUNS"); do
		rm -f "$out"
		t0=$(now)
		"$@" "$out" >/dev/null 2>&1 || { echo FAIL; return; }
		t1=$(now)
		dt=$(echo "$t1 - $t0" | bc -l)
		if [ -z "$best" ] || [ "$(echo "$dt < $best" | bc -l)" = 1 ]; then best=$dt; fi
	done
	printf '%.3f' "$best"
}
ratio() { [ "$2" = FAIL ] || [ "$1" = FAIL ] && echo "-" && return; echo "scale=2; $1 / $2" | bc -l | sed 's/^\./0./'; }

printf 'vmcore: %s (%s bytes), best of %s runs, -c (zlib)\n' "$VMCORE" "$(stat -c %s "$VMCORE")" "$RUNS"
printf '%-6s %10s %10s %7s %12s %12s %7s\n' level ours_s mkd_s time_x ours_bytes mkd_bytes size_x
for l in 0 1 31; do
	to=$(best_time "$W/ours.kd" "$MDL" -c -d "$l" "$VMCORE")
	tm=$(best_time "$W/mkd.kd" "$TOP/scripts/i386-run" "$MKD" -c -d "$l" "$VMCORE")
	so=$(stat -c %s "$W/ours.kd" 2>/dev/null || echo FAIL)
	sm=$(stat -c %s "$W/mkd.kd" 2>/dev/null || echo FAIL)
	printf '%-6s %10s %10s %7s %12s %12s %7s\n' "-d $l" "$to" "$tm" "$(ratio "$to" "$tm")" \
		"$so" "$sm" "$(ratio "$so" "$sm")"
done
echo "(time_x, size_x: ours / makedumpfile; makedumpfile is the i386 build, run natively or under qemu-i386 by scripts/i386-run)"
