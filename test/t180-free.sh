#!/bin/bash
# t180: dump_backup=free, no backup region, -smp 2. Machines of 128 MiB,
# 256 MiB and 1 GiB; windows of 16, 64 and 128 MiB; free memory in
# thousands of pieces. Each run: sysrq-c
# panic, capture kernel, pattern pages byte for byte (in the guest through
# /dev/oldmem, on the host from the vmcore), exact ELF fields, the
# capture log's count of pages that held the copy. With a snapshot of RAM
# at the panic (ground truth): every page the dump holds equals RAM at the
# panic but for the panic path's own writes, every page it leaves out
# above the window (but for the header area) was free in the buddy
# allocator, and their number is the capture log's. crash and makedumpfile
# read the 256 MiB dump. Last, a machine whose free memory is taken away
# after arming: the panic says why in one line and takes the normal panic.
. "$(dirname "$0")/lib.sh"

# free_run NAME MEM-MiB WINDOW-MiB ZONES SNAPSHOT(0|1) [APPEND]
free_run() {
	local n=$1 mem=$2 win=$3 zones=$4 snap=$5 append=${6:-} rc logged gt c hdr z
	local T="t180-free/${1#t180-}"
	local param="dump_backup=${win}M@free"
	[ "$win" = 16 ] && param="dump_backup=free"
	if [ "$snap" = 1 ]; then
		dump_run $n "$mem" 600 "t=t180-free stage=1 $param zones=${zones// /,} $append" \
			"$out/$n/ram-at-panic.bin"
	else
		dump_run $n "$mem" 600 "t=t180-free stage=1 $param zones=${zones// /,} $append"
	fi
	rc=$?
	log_has $n "dump: dump_backup=free: no backup region; 128 KiB reserved for the header" &&
		pass header_only || fail header_only "no 'dump_backup=free' boot line"
	[ "$(log_count $n 'kexec: opening parachute .* to free memory')" = 1 ] &&
		pass parachute_once || fail parachute_once "want one free-mode parachute line"
	log_has $n "dump: valid dump header: 2 CPUs" && pass header_valid ||
		fail header_valid "no valid header with 2 CPUs"
	logged=$("$top/scripts/serial-text" "$out/$n/serial.log" |
		sed -n 's/.*dump: dump_backup=free: \([0-9]*\) pages .* held the window.s copy in \([0-9]*\) pieces.*/\1/p' |
		head -n 1)
	[ -n "$logged" ] && [ "$logged" -ge $((win * 256 - 512)) ] &&
		pass backup_counted "$logged pages" ||
		fail backup_counted "capture log count '$logged' for a $win MiB window"
	for z in $zones; do
		c=$(guest_info $n pages_$z)
		[ "${c:-0}" -ge 1 ] && pass "pattern_pages_$z" "$c" ||
			fail "pattern_pages_$z" "none filled"
	done
	"$top/scripts/serial-text" "$out/$n/serial.log" | sed -n 's/^.*@@ PAGELIST //p' > "$out/$n/pages.list"
	[ $rc = 0 ] || return 1
	check elf python3 "$top/test/vmcore_check.py" elf "$out/$n/vmcore" --cpus 2 --class 32 --ours
	check pages_byte_for_byte python3 "$top/test/vmcore_check.py" pages "$out/$n/vmcore" \
		"$out/$n/pages.list"
	check kernel_text python3 "$top/test/vmcore_check.py" text "$out/$n/vmcore" "$build/vmlinux"
	[ "$snap" = 1 ] || return 0
	hdr=$(guest_info $n 'region header area:' | sed -n 's/^\[mem \(0x[0-9a-f]*\)-\(0x[0-9a-f]*\)\]$/\1-\2/p')
	python3 "$top/test/groundtruth.py" compare "$n" "$out/$n/ram-at-panic.bin" "$out/$n/vmcore" \
		"$build/vmlinux" --free $((win << 20)) --hdr "$hdr" > "$out/$n/groundtruth.txt" 2>&1
	gt=$?
	sed 's/^/  /' "$out/$n/groundtruth.txt"
	[ $gt = 0 ] && pass ground_truth || fail ground_truth "see above"
	c=$(sed -n 's/^backup pages: //p' "$out/$n/groundtruth.txt")
	[ -n "$c" ] && [ "$c" = "$logged" ] && pass left_out_is_logged "$c pages" ||
		fail left_out_is_logged "left out above the window: '$c', capture log: '$logged'"
	[ $gt = 0 ] && rm -f "$out/$n/ram-at-panic.bin"
	return 0
}

# tools_read NAME: crash (sys, bt, log) and Debian's makedumpfile read run NAME's dump.
tools_read() {
	local n=$1 T="t180-free/${1#t180-}"
	[ -f "$out/$n/vmcore" ] || return
	cp -f "$build/vmlinux" "$out/$n/vmlinux"
	printf 'sys\nbt\nlog\nexit\n' | "$top/scripts/crash-run" "$out/$n/vmlinux" "$out/$n/vmcore" \
		> "$out/$n/crash.out" 2>&1
	grep -qF 'PANIC: "Kernel panic - not syncing: sysrq triggered crash"' "$out/$n/crash.out" &&
		grep -q sysrq_handle_crash "$out/$n/crash.out" && pass crash_reads ||
		fail crash_reads "crash sys/bt failed"
	! grep -qiE 'crash: (cannot|invalid)|seek error|read error' "$out/$n/crash.out" &&
		pass crash_no_read_errors || fail crash_no_read_errors \
		"$(grep -iE 'crash: (cannot|invalid)|seek error|read error' "$out/$n/crash.out" | head -n 2 | tr '\n' ' ')"
	if "$top/scripts/i386-run" makedumpfile -c -d 31 "$out/$n/vmcore" "$out/$n/mdf.c" \
		> "$out/$n/mdf.log" 2>&1; then
		pass makedumpfile "$(stat -c %s "$out/$n/mdf.c") bytes"
	else
		fail makedumpfile "$(tail -n 2 "$out/$n/mdf.log" | tr '\n' ' ')"
	fi
	rm -f "$out/$n/mdf.c"
}

free_run t180-256m 256 16 "dma normal user" 1
tools_read t180-256m
free_run t180-128m 128 16 "dma normal user" 1
# Fragmented free memory (the test hook takes 2 pages of every 4): some
# 2000 runs, as many holes in the dump, read back exactly all the same.
free_run t180-frag 256 16 "dma normal user" 1 dump_selftest_split=2
tools_read t180-frag
# makedumpfile-lite picks the same pages as makedumpfile at every level
# from a dump with 2000 holes, and crash reads its outputs.
[ -f "$out/t180-frag/vmcore" ] &&
	T=t180-free/frag/mdl sub_results make -s -C "$top/tools/makedumpfile-lite" interop \
		VMCORE="$out/t180-frag/vmcore" VMLINUX="$out/t180-frag/vmlinux"
T=t180-free/frag
pieces=$("$top/scripts/serial-text" "$out/t180-frag/serial.log" |
	sed -n 's/.*held the window.s copy in \([0-9]*\) pieces.*/\1/p' | head -n 1)
[ "${pieces:-0}" -ge 1900 ] && pass thousands_of_runs "$pieces pieces" ||
	fail thousands_of_runs "'$pieces' pieces"
if [ -f "$out/t180-frag/vmcore" ]; then
	loads=$(readelf -lW "$out/t180-frag/vmcore" | grep -c '^ *LOAD')
	[ "$loads" -ge 1900 ] && pass thousands_of_loads "$loads PT_LOADs" ||
		fail thousands_of_loads "$loads PT_LOADs"
fi
free_run t180-1g-16m 1024 16 "dma normal high user" 0
# The bigger windows carry a capture initrd (kexec-tools places it in the
# window); it must arrive intact. 6 MiB is longer than the compressed
# kernel, which the arm check once took for a second kernel.
free_run t180-1g-64m 1024 64 "dma normal high user" 0 withinitrd=2
free_run t180-1g-128m 1024 128 "dma normal high user" 1 withinitrd=6

# The copy spoilt after its checksum: the capture kernel leaves the window
# out and says so, in its log and in a note; the rest of the dump stands.
n=t180-corrupt
T=t180-free/corrupt
dump_run $n 256 300 "t=t180-free stage=1 dump_backup=free selftest=backup"
log_has $n 'dump selftest: corrupted the header.s backup' && pass corrupted ||
	fail corrupted "the selftest did not flip a byte of the copy"
log_has $n 'dump: the backup copy of \[0, 16 MiB\) fails its checksum: that window is left out, the dump is INCOMPLETE' &&
	pass window_left_out || fail window_left_out "no INCOMPLETE line"
if [ -f "$out/$n/vmcore" ]; then
	low=$(readelf -lW "$out/$n/vmcore" | awk '$1 == "LOAD" { print $5; exit }')
	[ -n "$low" ] && [ $((low)) -ge $((16 << 20)) ] && pass no_window_in_elf "first PT_LOAD at $low" ||
		fail no_window_in_elf "first PT_LOAD at '$low'"
	head -c 200000 "$out/$n/vmcore" | strings -a | grep -q 'incomplete: old RAM \[0, 0x1000000) is missing' &&
		pass incomplete_note || fail incomplete_note "no 'incomplete' DUMP note"
	head -c 200000 "$out/$n/vmcore" | strings -a | grep -q 'free mode: [0-9]* pages in [0-9]* pieces, free at the crash' &&
		pass free_note || fail free_note "no free-mode DUMP note"
fi

# Too little free memory at the panic: one line, the normal panic, no
# capture boot. The guest arms, then holds all but ~40 MiB.
n=t180-fallback
T=t180-free/fallback
mkdir -p "$out/$n"
new_disk "$out/$n/disk.img" 64
guest_run_panics $n --mem 256 --smp 2 --timeout 300 --initrd "$build/initrd-first.cpio.gz" \
	--disk "$out/$n/disk.img" --append "t=t180-free stage=1 dump_backup=64M@free hold=auto"
rm -f "$out/$n/disk.img"
guest_results $n
log_has $n 'held_status free lowmem now: [0-9]+ MiB for a 64 MiB window \(NOT enough' &&
	pass fallback_status_says_not_enough || fail fallback_status_says_not_enough "no 'NOT enough' status"
log_has $n "dump: dump_backup=free: no room for the window's copy \(not enough free pages outside the window\): no dump, normal panic" &&
	pass fallback_one_line || fail fallback_one_line "no fallback line"
! log_has $n 'dump: valid dump header' && pass fallback_no_capture ||
	fail fallback_no_capture "a capture kernel ran"
log_has $n 'Kernel panic - not syncing: sysrq triggered crash' && pass fallback_normal_panic ||
	fail fallback_normal_panic "no normal panic message"
finish
