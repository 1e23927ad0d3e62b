#!/bin/bash
# interop.sh VMCORE VMLINUX
#
# On a real i386 vmcore, check makedumpfile-lite against Debian's
# makedumpfile 1.7.2 and crash 8.0.2 (i386 builds from the project
# sysroot, run through scripts/i386-run and scripts/crash-run):
#   - kdump-compressed -c at -d 0/1/31: both bitmaps equal makedumpfile's
#   - ELF -E at -d 1/31: every page makedumpfile keeps is stored with the
#     input's bytes, no page it excludes is stored with data
#   - makedumpfile's own -E output as input: bitmaps equal makedumpfile's
#   - the i386 build (make i386) writes byte-identical -c -d 31 output
#   - --dump-dmesg: byte-identical to makedumpfile --dump-dmesg
#   - crash opens our -c/-l/-z -d 31, -c -d 1 and -E -d 31 outputs: sys shows RELEASE and
#     PANIC, bt a backtrace, log the kernel log
#   - flattened streams: ours (-F) and makedumpfile's, each rearranged by
#     makedumpfile -R and by ours, give byte-identical files; a truncated
#     stream is a clear error
#   - --split: crash reads our split files reassembled (by us and by
#     makedumpfile --reassemble); makedumpfile's split files reassembled
#     by us have makedumpfile's bitmaps
#   - --num-threads 2 writes the same bytes; --verify finds our outputs
#     intact (checksums cost <= 2%) and makedumpfile's decompressible
#   - libkdumpfile and drgn (Debian 12's) read our -c and -E outputs
#     (release and task list through vmlinux); makedumpfile re-filters our
#     -d 1 output to -d 31 with the same bitmaps as from the vmcore
# Prints PASS/FAIL lines and "N passed, N failed"; exit 1 on any failure.
set -u
if [ $# -ne 2 ]; then
	echo "usage: $0 VMCORE VMLINUX" >&2
	exit 2
fi
VMCORE=$1
VMLINUX=$2
T=$(cd "$(dirname "$0")" && pwd)
D=$(cd "$T/.." && pwd)
TOP=$(cd "$D/../.." && pwd)
SYSROOT=${SYSROOT:-$TOP/build/sysroot}
W=$(mktemp -d "${TMPDIR:-/tmp}/mdl-interop.XXXXXX")
trap 'rm -rf "$W"' EXIT
pass=0
fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1: $2"; fail=$((fail + 1)); }
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}

MDL=$D/makedumpfile-lite
KDREAD=$D/build/kdread
make -s -C "$D" makedumpfile-lite build/kdread >&2 || { echo "FAIL build: make -C $D"; echo "0 passed, 1 failed"; exit 1; }
MKD=
for p in "$SYSROOT/usr/sbin/makedumpfile" "$SYSROOT/usr/bin/makedumpfile"; do
	[ -x "$p" ] && MKD=$p && break
done
[ -r "$VMCORE" ] || { ko setup "cannot read $VMCORE"; finish; }
[ -r "$VMLINUX" ] || { ko setup "cannot read $VMLINUX"; finish; }
[ -n "$MKD" ] || { ko setup "no makedumpfile in $SYSROOT (usr/sbin or usr/bin)"; finish; }
mkd() { "$TOP/scripts/i386-run" "$MKD" "$@" >"$W/mkd.log" 2>&1; }

# --- dumpable page sets ---
for l in 0 1 31; do
	if ! "$MDL" -c -d "$l" "$VMCORE" "$W/ours-d$l.kd" 2>"$W/ours.err"; then
		ko "bitmap_equal_d$l" "makedumpfile-lite failed: $(tail -1 "$W/ours.err")"
		continue
	fi
	if ! mkd -c -d "$l" "$VMCORE" "$W/mkd-d$l.kd"; then
		ko "bitmap_equal_d$l" "makedumpfile failed: $(tail -2 "$W/mkd.log")"
		continue
	fi
	if "$KDREAD" cmp "$W/ours-d$l.kd" "$W/mkd-d$l.kd" >"$W/cmp.txt" 2>&1; then
		ok "bitmap_equal_d$l ($(grep -v differs "$W/cmp.txt" | tr "\n" " "))"
	else
		ko "bitmap_equal_d$l" "$(head -5 "$W/cmp.txt" | tr '\n' ';') $(tail -1 "$W/cmp.txt")"
	fi
	# our encoders' bytes differ from makedumpfile's; the pages may not
	if "$KDREAD" pagecmp "$W/ours-d$l.kd" "$W/mkd-d$l.kd" >"$W/pc.txt" 2>&1; then
		ok "pages_equal_d$l ($(tail -1 "$W/pc.txt"))"
	else
		ko "pages_equal_d$l" "$(tr '\n' ';' <"$W/pc.txt")"
	fi
done

for l in 1 31; do
	if ! "$MDL" -E -d "$l" "$VMCORE" "$W/ours-d$l.elf" 2>"$W/ours.err"; then
		ko "elf_pages_d$l" "makedumpfile-lite -E failed: $(tail -1 "$W/ours.err")"
		continue
	fi
	if [ ! -f "$W/mkd-d$l.kd" ]; then
		ko "elf_pages_d$l" "no makedumpfile reference bitmap"
		continue
	fi
	if "$KDREAD" elfcheck "$W/ours-d$l.elf" "$VMCORE" "$W/mkd-d$l.kd" >"$W/ec.txt" 2>&1; then
		ok "elf_pages_d$l ($(tail -1 "$W/ec.txt"))"
	else
		ko "elf_pages_d$l" "$(head -5 "$W/ec.txt" | tr '\n' ';')"
	fi
	# makedumpfile's own -E output against its own bitmap (sanity of the method)
	if mkd -E -d "$l" "$VMCORE" "$W/mkd-d$l.elf" &&
		"$KDREAD" elfcheck "$W/mkd-d$l.elf" "$VMCORE" "$W/mkd-d$l.kd" lenient >"$W/ec2.txt" 2>&1; then
		ok "elf_pages_d${l}_reference_method"
	else
		ko "elf_pages_d${l}_reference_method" "$(head -3 "$W/ec2.txt" | tr '\n' ';')"
	fi
done

# --- an ELF written by makedumpfile -E is valid input: same result as makedumpfile's ---
if [ -f "$W/mkd-d31.elf" ] && "$MDL" -c -d 31 "$W/mkd-d31.elf" "$W/ours-from-mkd.kd" 2>"$W/ours.err" &&
	mkd -c -d 31 "$W/mkd-d31.elf" "$W/mkd-from-mkd.kd" &&
	"$KDREAD" cmp "$W/ours-from-mkd.kd" "$W/mkd-from-mkd.kd" >"$W/cmp.txt" 2>&1; then
	ok "input_makedumpfile_elf_d31 ($(tail -1 "$W/cmp.txt"))"
else
	ko input_makedumpfile_elf_d31 "$(tail -1 "$W/ours.err") $(head -3 "$W/cmp.txt" 2>/dev/null | tr '\n' ';')"
fi

# --- the i386 build (what a capture kernel would run) writes the same bytes ---
if make -s -C "$D" i386 >"$W/i386.log" 2>&1; then
	if SOURCE_DATE_EPOCH=1 "$TOP/scripts/i386-run" "$D/build/makedumpfile-lite.i386" -c -d 31 \
		"$VMCORE" "$W/i386.kd" 2>"$W/i386.err" &&
		SOURCE_DATE_EPOCH=1 "$MDL" -c -d 31 "$VMCORE" "$W/host.kd" 2>/dev/null &&
		cmp -s "$W/i386.kd" "$W/host.kd"; then
		ok i386_build_same_output_d31
	else
		ko i386_build_same_output_d31 "$(tail -1 "$W/i386.err") (outputs differ or a run failed)"
	fi
else
	ko i386_build_same_output_d31 "make i386: $(tail -2 "$W/i386.log" | tr '\n' ' ')"
fi

# --- dmesg ---
if "$MDL" --dump-dmesg "$VMCORE" "$W/ours.dmesg" 2>"$W/ours.err" &&
	mkd --dump-dmesg "$VMCORE" "$W/mkd.dmesg"; then
	if cmp -s "$W/ours.dmesg" "$W/mkd.dmesg"; then
		ok "dump_dmesg_identical ($(wc -l <"$W/ours.dmesg") lines)"
	else
		ko dump_dmesg_identical "$(diff "$W/mkd.dmesg" "$W/ours.dmesg" | head -4 | tr '\n' ';')"
	fi
else
	ko dump_dmesg_identical "$(tail -1 "$W/ours.err") $(tail -1 "$W/mkd.log")"
fi

# --- flattened streams: rearranged by either tool, the same bytes ---
export SOURCE_DATE_EPOCH=1700000000
"$MDL" -F -c -d 31 "$VMCORE" >"$W/ours.flat" 2>/dev/null
"$TOP/scripts/i386-run" "$MKD" -F -c -d 31 "$VMCORE" >"$W/mkd.flat" 2>"$W/mkd.log"
for src in ours mkd; do
	rm -f "$W/$src-R-mkd.kd" "$W/$src-R-ours.kd"
	# makedumpfile -R spins forever on a stream that ends early: bounded
	timeout 300 "$TOP/scripts/i386-run" "$MKD" -R "$W/$src-R-mkd.kd" <"$W/$src.flat" >/dev/null 2>&1
	"$MDL" -R "$W/$src-R-ours.kd" <"$W/$src.flat" 2>"$W/R.err"
	if [ -s "$W/$src-R-mkd.kd" ] && cmp -s "$W/$src-R-mkd.kd" "$W/$src-R-ours.kd"; then
		ok "rearrange_${src}_stream_identical ($(stat -c %s "$W/$src-R-ours.kd") bytes)"
	else
		ko "rearrange_${src}_stream_identical" "$(tail -1 "$W/R.err") $(cmp "$W/$src-R-mkd.kd" "$W/$src-R-ours.kd" 2>&1)"
	fi
done
if "$MDL" -c -d 31 "$VMCORE" "$W/direct-d31.kd" 2>/dev/null && cmp -s "$W/direct-d31.kd" "$W/ours-R-ours.kd"; then
	ok flatten_rearranged_equals_direct_output
else
	ko flatten_rearranged_equals_direct_output "differs"
fi
head -c $(($(stat -c %s "$W/mkd.flat") / 2)) "$W/mkd.flat" >"$W/cut.flat"
"$MDL" -R "$W/cut.kd" <"$W/cut.flat" 2>"$W/R.err"
rc=$?
if [ $rc -eq 1 ] && grep -q truncated "$W/R.err" && [ ! -e "$W/cut.kd" ]; then
	ok "rearrange_truncated_stream_is_an_error ($(cat "$W/R.err"))"
else
	ko rearrange_truncated_stream_is_an_error "exit $rc: $(cat "$W/R.err")"
fi

# --- split and reassembled ---
"$MDL" --split -c -d 31 "$VMCORE" "$W/sp1" "$W/sp2" "$W/sp3" 2>/dev/null &&
	"$MDL" --reassemble "$W/sp1" "$W/sp2" "$W/sp3" "$W/joined.kd" 2>"$W/join.err" ||
	ko split_reassemble "$(cat "$W/join.err")"
if "$KDREAD" cmp "$W/joined.kd" "$W/mkd-d31.kd" >"$W/cmp.txt" 2>&1; then
	ok "split_reassembled_bitmaps_equal_makedumpfile ($(tail -1 "$W/cmp.txt"))"
else
	ko split_reassembled_bitmaps_equal_makedumpfile "$(tail -2 "$W/cmp.txt" | tr '\n' ';')"
fi
rm -f "$W/joined-mkd.kd"
mkd --reassemble "$W/sp1" "$W/sp2" "$W/sp3" "$W/joined-mkd.kd" || rm -f "$W/joined-mkd.kd"
rm -f "$W/msp1" "$W/msp2"
if mkd --split -c -d 31 "$VMCORE" "$W/msp1" "$W/msp2" &&
	"$MDL" --reassemble "$W/msp1" "$W/msp2" "$W/joined-from-mkd.kd" 2>"$W/join.err" &&
	"$KDREAD" cmp "$W/joined-from-mkd.kd" "$W/mkd-d31.kd" >"$W/cmp.txt" 2>&1; then
	ok "reassemble_makedumpfile_split_files ($(tail -1 "$W/cmp.txt"))"
else
	ko reassemble_makedumpfile_split_files "$(cat "$W/join.err") $(tail -1 "$W/cmp.txt" 2>/dev/null)"
fi

# --- threads, verify, integrity cost ---
"$MDL" -c -d 31 --num-threads 2 "$VMCORE" "$W/threads-d31.kd" 2>/dev/null
if cmp -s "$W/threads-d31.kd" "$W/direct-d31.kd"; then ok threads_same_bytes_d31; else ko threads_same_bytes_d31 differs; fi
for f in direct-d31.kd ours-d1.kd ours-d0.kd joined.kd joined-from-mkd.kd ours-d31.elf; do
	if "$MDL" --verify "$W/$f" >"$W/v.out" 2>&1; then
		regs=$(sed -n 's/^integrity record: intact (\([0-9]*\) regions.*/\1/p' "$W/v.out")
		pages=$(sed -n 's/^integrity record: intact .* \([0-9]*\) page checksums)/\1/p' "$W/v.out")
		pages=${pages:-0}	# kdump: in the page descriptors
		cost=$(((regs * 32 + pages * 8 + 64) * 10000 / $(stat -c %s "$W/$f")))
		if [ "$cost" -le 200 ]; then
			ok "verify_intact_$f (checksums $((cost / 100)).$((cost % 100 / 10))% of the file)"
		else
			ko "verify_intact_$f" "checksums cost $cost/10000 of the file"
		fi
	else
		ko "verify_intact_$f" "$(grep -m3 -E 'CORRUPT|TRUNC' "$W/v.out" | tr '\n' ';')"
	fi
done
if "$MDL" --verify "$W/mkd-d31.kd" >"$W/v.out" 2>&1; then
	ok "verify_makedumpfile_output ($(grep '^pages:' "$W/v.out"))"
else
	ko verify_makedumpfile_output "$(grep -m3 -E 'CORRUPT|TRUNC' "$W/v.out" | tr '\n' ';')"
fi

# --- other readers of our outputs ---
for f in direct-d31.kd ours-d31.elf; do
	if out=$(/usr/bin/python3 "$T/readers.py" "$W/$f" "$VMLINUX" 2>&1); then
		ok "readers_open_$f ($(echo "$out" | tr '\n' ';'))"
	else
		ko "readers_open_$f" "$(echo "$out" | tr '\n' ';')"
	fi
done
rm -f "$W/refiltered.kd"
if mkd -c -d 31 "$W/ours-d1.kd" "$W/refiltered.kd" &&
	"$KDREAD" cmp "$W/refiltered.kd" "$W/mkd-d31.kd" >"$W/cmp.txt" 2>&1; then
	ok "makedumpfile_refilters_our_output ($(tail -1 "$W/cmp.txt"))"
else
	ko makedumpfile_refilters_our_output "$(tail -2 "$W/mkd.log" | tr '\n' ';') $(tail -1 "$W/cmp.txt" 2>/dev/null)"
fi

# --- crash reads our outputs ---
crash_check() { # name dumpfile
	name=$1 dump=$2
	if [ ! -f "$dump" ]; then
		ko "$name" "no output to open"
		return
	fi
	printf 'sys\nbt\nlog\nquit\n' | timeout 600 "$TOP/scripts/crash-run" "$VMLINUX" "$dump" \
		>"$W/$name.out" 2>&1
	rc=$?
	why=
	grep -q 'RELEASE:' "$W/$name.out" || why="$why no RELEASE;"
	grep -q 'PANIC:' "$W/$name.out" || why="$why no PANIC;"
	grep -qE '^ ?#0 +\[' "$W/$name.out" || why="$why no backtrace;"
	grep -qE '#[0-9]+ +\[.*\] (panic|sysrq_handle_crash|__crash_kexec|crash_kexec)' "$W/$name.out" ||
		why="$why bt lacks panic frames;"
	grep -q 'Linux version' "$W/$name.out" || why="$why log lacks 'Linux version';"
	if [ $rc -ne 0 ] || [ -n "$why" ]; then
		ko "$name" "exit $rc;$why $(grep -m2 -iE 'error|cannot|invalid' "$W/$name.out" | tr '\n' ';')"
	else
		ok "$name ($(grep -m1 'RELEASE:' "$W/$name.out" | tr -s ' '), $(grep -cE '^ ?#[0-9]+ +\[' "$W/$name.out") frames)"
	fi
}
for c in l z; do
	"$MDL" -$c -d 31 "$VMCORE" "$W/ours-d31-$c.kd" 2>/dev/null || rm -f "$W/ours-d31-$c.kd"
done
crash_check crash_kdump_zlib_d31 "$W/ours-d31.kd"
crash_check crash_kdump_lzo_d31 "$W/ours-d31-l.kd"
crash_check crash_kdump_zstd_d31 "$W/ours-d31-z.kd"
crash_check crash_kdump_zlib_d1 "$W/ours-d1.kd"
crash_check crash_elf_d31 "$W/ours-d31.elf"
crash_check crash_split_reassembled_by_us "$W/joined.kd"
crash_check crash_split_reassembled_by_makedumpfile "$W/joined-mkd.kd"
crash_check crash_flattened_rearranged_by_makedumpfile "$W/ours-R-mkd.kd"

finish
