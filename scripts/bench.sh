#!/bin/bash
# make bench: figures side by side with the baselines measured in the same
# run.
#  1. /proc/vmcore throughput in the capture kernel (guest side, MB/s),
#     ours (backup region, and dump_backup=free) vs mainline kdump's, same
#     kernel build and guest memory, by read() and by mmap(); best of five
#     passes each; beside it the capture kernel's memcpy() bandwidth.
#     Then RAM kept from the first kernel by each mode (MemTotal against a
#     kernel that does not dump) and the panic path's copy time.
#  2. makedumpfile-lite vs Debian's makedumpfile 1.7.2 on the same vmcore
#     (time and output size at -d 0, 1, 31 with -c).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/out/bench
mkdir -p "$out"
mems=${BENCH_MEMS:-512 2048}

best() { # RUN MODE -> best MB/s of the run's passes
	"$top/scripts/serial-text" "$top/out/$1/serial.log" | sed -n "s/^@@ INFO bench_$2 \([0-9.]*\) MB\/s.*/\1/p" |
		sort -g | tail -n 1
}

echo "== /proc/vmcore throughput in the capture kernel (guest side, QEMU TCG, -smp 2)"
printf '%-8s %-6s %11s %11s %13s %14s %8s %12s\n' "RAM" "mode" "ours MB/s" "free MB/s" \
	"2000 runs" "mainline MB/s" "ratio" "memcpy MB/s"
for mem in $mems; do
	for impl in ours free frag mainline none; do
		extra=""
		[ $impl = mainline ] && extra="crashkernel=64M dump_backup=off"
		[ $impl = free ] && extra="dump_backup=free"
		[ $impl = frag ] && extra="dump_backup=free dump_selftest_split=2"
		[ $impl = none ] && extra="dump_backup=off"
		"$top/scripts/qemu-run.sh" --name "bench-$impl-$mem" --mem "$mem" --smp 2 --timeout 600 \
			--initrd "$top/build/initrd-first.cpio.gz" \
			--append "$extra t=bench stage=1 impl=$impl" > "$out/qemu-$impl-$mem.log" ||
			{ echo "bench: run $impl at $mem MiB failed:"; cat "$out/qemu-$impl-$mem.log"; }
	done
	for mode in read mmap; do
		o=$(best "bench-ours-$mem" $mode) f=$(best "bench-free-$mem" $mode)
		g=$(best "bench-frag-$mem" $mode) m=$(best "bench-mainline-$mem" $mode)
		c=$(best "bench-ours-$mem" memcpy)
		r=$( [ -n "$o" ] && [ -n "$m" ] && echo "scale=2; $o / $m" | bc || echo "-")
		printf '%-8s %-6s %11s %11s %13s %14s %8s %12s\n' "${mem}M" "$mode" "${o:--}" "${f:--}" \
			"${g:--}" "${m:--}" "$r" "${c:--}"
	done
done
echo "(ratio = ours / mainline; goal >= 1.00; free = dump_backup=free, 2000 runs = the same with"
echo " its copy in some 2000 pieces (dump_selftest_split=2: as many holes and PT_LOADs). Each figure"
echo " is the best of five full passes; memcpy = the capture kernel's own memcpy() of 1 MiB"
echo " blocks, the limit read() approaches.)"
echo

info() { # RUN KEY -> the guest's "@@ INFO KEY value"
	"$top/scripts/serial-text" "$top/out/$1/serial.log" | sed -n "s/^.*@@ INFO $2 //p" | head -n 1
}
echo "== RAM the first kernel keeps for dumping (MemTotal against a kernel that does not dump)"
echo "   and the panic path's copy of the window (from the capture kernel's log)"
printf '%-8s %-34s %12s %10s %14s %16s\n' "RAM" "mode" "MemTotal kB" "kept kB" "copy+sum us" "pages left out"
for mem in $mems; do
	base=$(info "bench-none-$mem" memtotal_kb)
	for impl in none ours free frag mainline; do
		case $impl in
		none) label="no dump (dump_backup=off)" ;;
		ours) label="backup region (16M@128M)" ;;
		free) label="dump_backup=free (16M window)" ;;
		frag) label="dump_backup=free, 2000 pieces" ;;
		mainline) label="mainline crashkernel=64M (no region)" ;;
		esac
		t=$(info "bench-$impl-$mem" memtotal_kb)
		kept=$( [ -n "$t" ] && [ -n "$base" ] && echo $(( base - t )) || echo -)
		us=$(info "bench-$impl-$mem" 'dmesg .*panic path took [0-9]* us to verify the image,' |
			sed -n 's/^ *\([0-9]*\) us to copy.*/\1/p')
		left=$(info "bench-$impl-$mem" 'dmesg .*dump: dump_backup=free:' | sed -n 's/^\([0-9]*\) pages.*/\1/p')
		printf '%-8s %-34s %12s %10s %14s %16s\n' "${mem}M" "$label" "${t:--}" "$kept" "${us:--}" \
			"${left:-0}"
	done
done
echo "(kept = MemTotal of the kernel that does not dump minus this one's. Completeness: every page"
echo " is in the dump but the pages left out, which were free at the crash; make check proves it"
echo " against RAM at the panic, t180.)"
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
