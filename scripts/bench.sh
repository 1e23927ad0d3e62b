#!/bin/bash
# make bench: figures side by side with the baselines measured in the same
# run.
#  1. /proc/vmcore throughput in the capture kernel (guest side, MB/s),
#     ours vs mainline kdump's, same kernel build and guest memory, by
#     read() and by mmap(); best of two passes each.
#  2. makedumpfile-lite vs Debian's makedumpfile 1.7.2 on the same vmcore
#     (time and output size at -d 0, 1, 31 with -c).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/out/bench
mkdir -p "$out"
mems=${BENCH_MEMS:-512 2048}

best() { # RUN MODE -> best MB/s of the run's passes
	tr -d '\r' < "$top/out/$1/serial.log" | sed -n "s/^@@ INFO bench_$2 \([0-9.]*\) MB\/s.*/\1/p" |
		sort -g | tail -n 1
}

echo "== /proc/vmcore throughput in the capture kernel (guest side, QEMU TCG, -smp 2)"
printf '%-8s %-6s %14s %14s %8s\n' "RAM" "mode" "ours MB/s" "mainline MB/s" "ratio"
for mem in $mems; do
	for impl in ours mainline; do
		extra=""
		[ $impl = mainline ] && extra="crashkernel=64M"
		"$top/scripts/qemu-run.sh" --name "bench-$impl-$mem" --mem "$mem" --smp 2 --timeout 600 \
			--initrd "$top/build/initrd-first.cpio.gz" \
			--append "$extra t=bench stage=1 impl=$impl" > "$out/qemu-$impl-$mem.log" ||
			{ echo "bench: run $impl at $mem MiB failed:"; cat "$out/qemu-$impl-$mem.log"; }
	done
	for mode in read mmap; do
		o=$(best "bench-ours-$mem" $mode) m=$(best "bench-mainline-$mem" $mode)
		r=$( [ -n "$o" ] && [ -n "$m" ] && echo "scale=2; $o / $m" | bc || echo "-")
		printf '%-8s %-6s %14s %14s %8s\n' "${mem}M" "$mode" "${o:--}" "${m:--}" "$r"
	done
done
echo "(ratio = ours / mainline; goal >= 1.00. Each figure is the best of five full passes.)"
echo

# The 1 GiB dump of t040, mainline kdump's of t030 when it is there, and
# the real 3 GiB HIGHMEM4G dump of t130 (long enough runs for threads).
vmcore=${BENCH_VMCORE:-$top/out/t040-dump/vmcore}
vmcore_3g=$top/out/t130-highmem_3g/vmcore
if [ ! -f "$vmcore" ]; then
	echo "== makedumpfile-lite: producing a vmcore first (test t040)"
	"$top/test/run.sh" t040 > "$out/t040.log" 2>&1
fi
if [ -z "${BENCH_VMCORE:-}" ] && [ ! -f "$vmcore_3g" ]; then
	echo "== makedumpfile-lite: producing a 3 GiB vmcore first (test t130 highmem_3g)"
	KEEP_3G=1 T130_ONLY=highmem_3g "$top/test/run.sh" t130 > "$out/t130.log" 2>&1
fi
cores=("$vmcore")
[ -z "${BENCH_VMCORE:-}" ] && [ -f "$top/out/t030-mainline-kdump/vmcore" ] &&
	cores+=("$top/out/t030-mainline-kdump/vmcore")
[ -z "${BENCH_VMCORE:-}" ] && [ -f "$vmcore_3g" ] && cores+=("$vmcore_3g")
for v in "${cores[@]}"; do
	echo "== $(basename "$(dirname "$v")")/$(basename "$v"): $(( $(stat -c %s "$v") >> 20 )) MiB"
done
echo "== makedumpfile-lite vs Debian makedumpfile 1.7.2 (i386 builds, medians of 5)"
make -s -C "$top/tools/makedumpfile-lite" bench VMCORE="${cores[*]}"
