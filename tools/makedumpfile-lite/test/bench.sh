#!/bin/bash
# bench.sh VMCORE...
#
# makedumpfile-lite vs Debian's makedumpfile 1.7.2, both i386 builds (ours
# from "make i386", theirs from the project sysroot, both run through
# scripts/i386-run), on each vmcore: -c at -d 0, 1 and 31, single-threaded
# and with --num-threads 2 on both sides.  The two tools run interleaved
# (ours, theirs, ours, ...) so machine noise hits both; each figure is the
# median of $RUNS runs (default 5).  Prints wall time, output size and
# peak RSS side by side, and each ratio beside its goal:
#   speedup (theirs / ours): >= 1.5 single-threaded, >= 2.5 with 2 threads
#   size (ours / theirs):    <= 1.00
# and checks that our output with threads is byte-identical to without.
set -u
if [ $# -lt 1 ]; then
	echo "usage: $0 VMCORE..." >&2
	exit 2
fi
RUNS=${RUNS:-5}
T=$(cd "$(dirname "$0")" && pwd)
D=$(cd "$T/.." && pwd)
TOP=$(cd "$D/../.." && pwd)
SYSROOT=${SYSROOT:-$TOP/build/sysroot}
export SYSROOT SOURCE_DATE_EPOCH=1700000000
W=$(mktemp -d "${TMPDIR:-/tmp}/mdl-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
make -s -C "$D" i386 SYSROOT="$SYSROOT" >&2 || exit 1
OURS=$D/build/makedumpfile-lite.i386
MKD=
for p in "$SYSROOT/usr/sbin/makedumpfile" "$SYSROOT/usr/bin/makedumpfile"; do
	[ -x "$p" ] && MKD=$p && break
done
[ -n "$MKD" ] || { echo "bench: no makedumpfile in $SYSROOT" >&2; exit 1; }
RUN="$TOP/scripts/i386-run"
misses=0

# one OUT ARGS...: "seconds peak_kB" of one run, the output left in OUT and,
# when the run succeeded, copied to OUT.ok (a failed run can leave a
# partial file: sizes are only taken from runs that worked).  Wall time
# in milliseconds (bash's time; /usr/bin/time's %e has 10 ms steps, 8% of
# a 0.12 s run), peak RSS from /usr/bin/time.
one() {
	local out=$1 TIMEFORMAT=%3R
	shift
	rm -f "$out"
	if ! { time /usr/bin/time -f '%M' -o "$W/time" "$RUN" "$@" "$out" >/dev/null 2>"$W/err"; } 2>"$W/wall"; then
		tr '\r' '\n' <"$W/err" | grep -v '^$' | tail -1 >"$W/lasterr"
		echo "FAIL FAIL"
		return
	fi
	cp "$out" "$out.ok"
	echo "$(tail -1 "$W/wall") $(tail -1 "$W/time")"
}
# median of the runs that worked; FAIL if none did
median() { grep -v FAIL | sort -g | awk '{a[NR]=$1} END {print (NR ? a[int((NR + 1) / 2)] : "FAIL")}'; }
nfail() { echo "$1" | tr ' ' '\n' | grep -c FAIL; }
ratio() { # A B -> A/B with 3 decimals (the goal is judged on these), "-" if either failed
	case "$1$2" in *FAIL*) echo "-" ;; *) echo "scale=3; $1 / $2" | bc -l | sed 's/^\./0./' ;; esac
}
mib() { case $1 in *FAIL*) echo - ;; *) echo "$(($1 / 1024))M" ;; esac; }
verdict() { # VALUE OP GOAL (prints; the caller counts MISS)
	if [ "$1" != - ] && [ "$(echo "$1 $2 $3" | bc -l)" = 1 ]; then echo ok; else echo MISS; fi
}

bench_case() { # vmcore level threads
	local v=$1 l=$2 t=$3 i to= tm= ro= rm= so sm fo fm args=(-c -d "$2")
	rm -f "$W/ours.kd.ok" "$W/mkd.kd.ok"
	[ "$t" -gt 0 ] && args+=(--num-threads "$t")
	for i in $(seq "$RUNS"); do
		read -r a b < <(one "$W/ours.kd" "$OURS" "${args[@]}" "$v")
		to="$to $a" ro="$ro $b"
		# makedumpfile's threads end with pthread_exit(), which dlopen()s
		# libgcc_s late; in its full 32-bit address space that fails now
		# and then ("libgcc_s.so.1 must be installed for pthread_exit to
		# work"). Loaded up front, the baseline always finishes.
		read -r a b < <(I386_PRELOAD=libgcc_s.so.1 one "$W/mkd.kd" "$MKD" "${args[@]}" "$v")
		tm="$tm $a" rm="$rm $b"
	done
	fo=$(nfail "$to") fm=$(nfail "$tm")
	to=$(echo $to | tr ' ' '\n' | median) tm=$(echo $tm | tr ' ' '\n' | median)
	ro=$(echo $ro | tr ' ' '\n' | median) rm=$(echo $rm | tr ' ' '\n' | median)
	so=$(stat -c %s "$W/ours.kd.ok" 2>/dev/null || echo FAIL)
	sm=$(stat -c %s "$W/mkd.kd.ok" 2>/dev/null || echo FAIL)
	local sp sz goal v1 v2
	sp=$(ratio "$tm" "$to") sz=$(ratio "$so" "$sm")
	goal=1.5
	[ "$t" -gt 0 ] && goal=2.5
	v1=$(verdict "$sp" ">=" "$goal") v2=$(verdict "$sz" "<=" 1.00)
	[ "$v1" = ok ] || misses=$((misses + 1))
	[ "$v2" = ok ] || misses=$((misses + 1))
	printf '%-7s %-3s %8s %8s %6s %-3s %-4s %10s %10s %5s %-4s %7s %7s\n' "-d $l" \
		"$([ "$t" -gt 0 ] && echo "T$t" || echo 1)" "$to" "$tm" "$sp" ">=$goal" "$v1" \
		"$so" "$sm" "$sz" "$v2" "$(mib "$ro")" "$(mib "$rm")"
	[ "$fo$fm" = 00 ] || echo "        failed runs: ours $fo, makedumpfile $fm of $RUNS (last error: $(cat "$W/lasterr"))"
	[ "$t" -gt 0 ] || cp "$W/ours.kd.ok" "$W/single-d$l.kd" 2>/dev/null
	if [ "$t" -gt 0 ] && ! cmp -s "$W/ours.kd.ok" "$W/single-d$l.kd"; then
		echo "        MISS: output with --num-threads $t differs from the single-threaded one"
		misses=$((misses + 1))
	fi
}

for v in "$@"; do
	[ -r "$v" ] || { echo "bench: cannot read $v" >&2; exit 1; }
	printf '\nvmcore: %s (%d MiB); medians of %s interleaved runs; i386 builds\n' "$v" \
		$(($(stat -c %s "$v") >> 20)) "$RUNS"
	printf '%-7s %-3s %8s %8s %6s %-8s %10s %10s %5s %-4s %7s %7s\n' level thr ours_s mkd_s \
		speedup goal ours_bytes mkd_bytes size "" ours_rss mkd_rss
	for l in 0 1 31; do
		bench_case "$v" "$l" 0
		bench_case "$v" "$l" 2
	done
done
echo
echo "(speedup = makedumpfile time / ours; size = ours / makedumpfile; rss = peak RSS."
echo " Both run through scripts/i386-run, natively or under qemu-i386.)"
echo "bench: $misses goal(s) missed"
