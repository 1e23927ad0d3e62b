#!/bin/sh
# makedumpfile-lite test driver (run by "make check").
# Golden tests on generated vmcores, bad-input tests, then the unit tests
# and a bounded libFuzzer run.  Prints PASS/FAIL lines and "N passed, N failed".
B=${1:-build}
T=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/mdl-check.XXXXXX")
trap 'rm -rf "$W"' EXIT
# a sanitizer report must never look like an ordinary failure (exit 1)
export ASAN_OPTIONS=exitcode=99:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:exitcode=99:print_stacktrace=1
export SOURCE_DATE_EPOCH=1700000000
MDL="$B/mdl-san"
pass=0
fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1: $2"; fail=$((fail + 1)); }

gen() { # spec-name
	"$B/gen" "$T/specs/$1.spec" "$W/$1.vmcore" "$W/$1.man" 2>"$W/gen.err" ||
		ko "gen_$1" "$(cat "$W/gen.err")"
}

# golden NAME SPEC "OPTS" LEVEL [kdread flags...]
golden() {
	name=$1 spec=$2 opts=$3 level=$4
	shift 4
	out="$W/$name.out"
	# shellcheck disable=SC2086
	"$MDL" $opts -d "$level" "$W/$spec.vmcore" "$out" 2>"$W/$name.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		ko "$name" "exit $rc: $(head -c 300 "$W/$name.err")"
		return
	fi
	if msg=$("$B/kdread" check "$out" "$W/$spec.vmcore" "$W/$spec.man" "$level" "$@" 2>&1); then
		ok "$name"
	else
		ko "$name" "$msg"
	fi
}

# stderr of the last golden run must contain TEXT
stderr_has() { # name text
	if grep -q -- "$2" "$W/$1.err"; then ok "$1_message"; else ko "$1_message" "stderr lacks '$2': $(head -c 300 "$W/$1.err")"; fi
}

# expect_fail NAME CODE "TEXT" ARGS... : exit CODE, one stderr line containing TEXT
expect_fail() {
	name=$1 code=$2 text=$3
	shift 3
	"$MDL" "$@" >"$W/$name.stdout" 2>"$W/$name.err"
	rc=$?
	lines=$(grep -vc '^warning' "$W/$name.err")
	if [ $rc -ne "$code" ]; then
		ko "$name" "exit $rc, want $code: $(head -c 300 "$W/$name.err")"
	elif [ "$code" = 1 ] && [ "$lines" != 1 ]; then
		ko "$name" "want one error line, got $lines: $(head -c 300 "$W/$name.err")"
	elif ! grep -q -- "$text" "$W/$name.err" "$W/$name.stdout"; then
		ko "$name" "no '$text' in: $(head -c 300 "$W/$name.err")"
	else
		ok "$name"
	fi
}

for s in mixed mixed64 excluded-input no-vmcoreinfo missing-size-page sparsemem no-vaddr \
	bad-mem-map bad-offset corrupt-note corrupt-note-no-vi overlap x86_64 small no-prb realistic nodemap-mismatch sparse sparse-extreme dmesg-wrap mostly-absent readers copies; do
	gen "$s"
done

# --- copies of pages share one stored block, exactly: every page reads
# back as its own, as many blocks as distinct pages (kdread shares) ---
copies() { # NAME OPTS
	golden "golden_copies_$1" copies "$2" 0
	if msg=$("$B/kdread" shares "$W/golden_copies_$1.out" 2>&1); then
		ok "golden_copies_$1_shared"
	else
		ko "golden_copies_$1_shared" "$msg"
	fi
}
copies zlib -c
copies zlib_t2 "-c --num-threads 2"
copies lzo -l
copies raw ""

# --- golden: every level, every format, both ELF classes ---
for spec in mixed mixed64 realistic sparse sparse-extreme; do
	for l in 0 1 2 4 8 16 31; do
		golden "golden_${spec}_d${l}_zlib" "$spec" -c "$l"
		golden "golden_${spec}_d${l}_elf" "$spec" -E "$l"
	done
	for l in 1 31; do
		golden "golden_${spec}_d${l}_lzo" "$spec" -l "$l"
		golden "golden_${spec}_d${l}_zstd" "$spec" -z "$l"
		golden "golden_${spec}_d${l}_raw" "$spec" "" "$l"
	done
done
# the pread() path /proc/vmcore falls back to when mmap is refused
export MDL_NO_MMAP=1
for spec in mixed mixed64 realistic; do
	golden "golden_${spec}_d31_zlib_pread" "$spec" -c 31
	golden "golden_${spec}_d31_elf_pread" "$spec" -E 31
done
copies zlib_pread -c
# the per-batch mappings of an i386 build reading a dump over 2 GiB
export MDL_NO_MMAP=span
for spec in mixed mixed64 realistic sparse; do
	for l in 0 1 31; do
		golden "golden_${spec}_d${l}_zlib_span" "$spec" -c "$l"
	done
	golden "golden_${spec}_d31_elf_span" "$spec" -E 31
done
copies zlib_t2_span "-c --num-threads 2"
unset MDL_NO_MMAP
for l in 0 31; do
	golden "golden_excluded_input_d${l}_zlib" excluded-input -c "$l" incomplete
	golden "golden_excluded_input_d${l}_elf" excluded-input -E "$l" incomplete
done

# exact header fields of one output
"$MDL" -c -d 31 "$W/mixed.vmcore" "$W/hdr.kd" 2>/dev/null
if "$B/kdread" info "$W/hdr.kd" >"$W/hdr.info" && diff -u "$T/expect/mixed-d31-c.info" "$W/hdr.info" >"$W/hdr.diff"; then
	ok golden_mixed_header_fields
else
	ko golden_mixed_header_fields "$(head -c 600 "$W/hdr.diff")"
fi
# exact kept pfn runs at -d 31
if "$B/kdread" bitmap "$W/hdr.kd" >"$W/hdr.bitmap" && diff -u "$T/expect/mixed-d31.bitmap" "$W/hdr.bitmap" >"$W/bm.diff"; then
	ok golden_mixed_d31_kept_pfns
else
	ko golden_mixed_d31_kept_pfns "$(head -c 600 "$W/bm.diff")"
fi
# ELF output: excluded tail of a segment is p_filesz < p_memsz
"$MDL" -E -d 31 "$W/mixed.vmcore" "$W/hdr.elf" 2>/dev/null
if readelf -lW "$W/hdr.elf" | awk '$1 == "LOAD"' >"$W/elf.loads" && diff -u "$T/expect/mixed-d31.elf-loads" "$W/elf.loads" >"$W/elf.diff"; then
	ok golden_mixed_d31_elf_program_headers
else
	ko golden_mixed_d31_elf_program_headers "$(head -c 600 "$W/elf.diff")"
fi
# dmesg
"$MDL" --dump-dmesg "$W/mixed.vmcore" "$W/dmesg.txt" 2>"$W/dmesg.err"
if diff -u "$T/expect/mixed.dmesg" "$W/dmesg.txt" >"$W/dmesg.diff"; then
	ok golden_dump_dmesg
else
	ko golden_dump_dmesg "$(head -c 600 "$W/dmesg.diff") $(cat "$W/dmesg.err")"
fi

# ids wrapping at DESC_ID_MASK, a text block wrapped to the ring start; to a pipe
"$MDL" --dump-dmesg "$W/dmesg-wrap.vmcore" /proc/self/fd/1 2>"$W/dmesg.err" | cat >"$W/wrap.txt"
if diff -u "$T/expect/dmesg-wrap.dmesg" "$W/wrap.txt" >"$W/dmesg.diff"; then
	ok golden_dump_dmesg_wrapped_ring_to_pipe
else
	ko golden_dump_dmesg_wrapped_ring_to_pipe "$(head -c 600 "$W/dmesg.diff") $(cat "$W/dmesg.err")"
fi

# --- fail safe: a missing/inconsistent field means zero pages only ---
for s in no-vmcoreinfo missing-size-page sparsemem no-vaddr bad-mem-map bad-offset corrupt-note-no-vi nodemap-mismatch; do
	golden "failsafe_${s}_d31" "$s" -c 31 failsafe
	stderr_has "failsafe_${s}_d31" "only zero pages"
done
stderr_has failsafe_sparsemem_d31 "LENGTH(mem_section)"
golden corrupt_note_after_vmcoreinfo_d31 corrupt-note -c 31
stderr_has corrupt_note_after_vmcoreinfo_d31 "ignoring the rest of a PT_NOTE"

# --- bad input: one clear line and exit 1 (or the documented fallback), never a crash ---
head -c 40 "$W/mixed.vmcore" >"$W/trunc-ehdr"
head -c 100 "$W/mixed.vmcore" >"$W/trunc-phdr"
head -c 300 "$W/mixed.vmcore" >"$W/trunc-note"
head -c 2000000 "$W/mixed.vmcore" >"$W/trunc-data"
: >"$W/empty"
head -c 8192 /dev/urandom >"$W/random"
{ printf '\177ELF\003'; head -c 8000 "$W/mixed.vmcore" | tail -c +6; } >"$W/badclass"
expect_fail bad_truncated_ehdr 1 "too short" -d 31 "$W/trunc-ehdr" "$W/o"
expect_fail bad_truncated_phdrs 1 "program header" -d 31 "$W/trunc-phdr" "$W/o"
expect_fail bad_truncated_notes 1 "PT_NOTE" -d 31 "$W/trunc-note" "$W/o"
expect_fail bad_empty_file 1 "too short" "$W/empty" "$W/o"
expect_fail bad_not_elf 1 "not an ELF" "$W/random" "$W/o"
expect_fail bad_elf_class 1 "class" "$W/badclass" "$W/o"
expect_fail bad_machine_x86_64 1 "unsupported machine 62" "$W/x86_64.vmcore" "$W/o"
expect_fail bad_overlapping_loads 1 "overlapping PT_LOAD" "$W/overlap.vmcore" "$W/o"
expect_fail bad_missing_input 1 "No such file" "$W/nonexistent" "$W/o"
expect_fail bad_unwritable_output 1 "$W/nodir/o" "$W/mixed.vmcore" "$W/nodir/o"
expect_fail bad_dmesg_without_prb 1 "SYMBOL(prb)" --dump-dmesg "$W/no-prb.vmcore" "$W/o"
expect_fail bad_dmesg_untranslatable 1 "virtual address 0xc0001800" --dump-dmesg "$W/no-vaddr.vmcore" "$W/o"
"$MDL" -f -c "$W/mixed.vmcore" /proc/self/fd/1 2>"$W/pipe.err" | cat >/dev/null
if grep -q "must be seekable" "$W/pipe.err"; then
	ok bad_output_pipe_refused
else
	ko bad_output_pipe_refused "$(head -c 300 "$W/pipe.err")"
fi
expect_fail usage_no_args 2 "Usage"
expect_fail usage_bad_level 2 "dump level" -d 99 "$W/mixed.vmcore" "$W/o"
expect_fail usage_elf_and_compress 2 "exclude each other" -E -c "$W/mixed.vmcore" "$W/o"
expect_fail usage_help 0 "Usage" --help
if [ -e "$W/o" ]; then ko bad_input_leaves_no_output "$W/o exists"; else ok bad_input_leaves_no_output; fi
# truncated page data: documented fallback, output flagged incomplete
"$MDL" -c -d 1 "$W/trunc-data" "$W/trunc.kd" 2>"$W/trunc.err"
rc=$?
if [ $rc -eq 0 ] && grep -q "input truncated" "$W/trunc.err" &&
	"$B/kdread" info "$W/trunc.kd" | grep -q '^status=0x9$'; then
	ok bad_truncated_data_flags_incomplete
else
	ko bad_truncated_data_flags_incomplete "exit $rc $(head -c 300 "$W/trunc.err")"
fi
"$MDL" -E -d 1 "$W/trunc-data" "$W/trunc.elf" 2>/dev/null
if [ "$(od -An -tx4 -j36 -N4 "$W/trunc.elf" | tr -d ' ')" = 00000001 ]; then
	ok bad_truncated_data_elf_e_flags_incomplete
else
	ko bad_truncated_data_elf_e_flags_incomplete "e_flags $(od -An -tx4 -j36 -N4 "$W/trunc.elf")"
fi
# the filter's own ELF output is valid input: same pages, long excluded runs now absent
"$MDL" -E -d 31 "$W/mixed.vmcore" "$W/re.elf" 2>/dev/null
if "$MDL" -c -d 31 "$W/re.elf" "$W/re.kd" 2>"$W/re.err" &&
	"$B/kdread" bitmap "$W/re.kd" | diff -q - "$T/expect/mixed-d31-reread.bitmap" >/dev/null; then
	ok reread_own_elf_output_same_pages
else
	ko reread_own_elf_output_same_pages "$(head -c 300 "$W/re.err")"
fi

# --- drop-in options (makedumpfile 1.7.2's command line) ---
for o in "-X" "-b 8" "-g x" "-i x" "-p" "-e" "-L 1M" "--xen-syms x" "--vtop 0" "--dry-run" \
	"--show-stats" "--partial-dmesg" "--eppic x" "--config x" "--diskset x"; do
	n=$(echo "$o" | tr -dc 'a-zA-Z-')
	# shellcheck disable=SC2086
	expect_fail "usage_not_supported_$n" 2 "not supported" $o -d 31 "$W/mixed.vmcore" "$W/o"
done
expect_fail usage_unknown_option 2 "unknown option" --no-such-option "$W/mixed.vmcore" "$W/o"
expect_fail usage_F_with_split 2 "exclude each other" -F --split "$W/mixed.vmcore" "$W/a" "$W/b"
expect_fail usage_F_takes_one_operand 2 "only operand" -F -c "$W/mixed.vmcore" "$W/o"
expect_fail usage_bad_num_threads 2 "number of threads" --num-threads x "$W/mixed.vmcore" "$W/o"
expect_fail usage_bad_message_level 2 "message level" --message-level 32 "$W/mixed.vmcore" "$W/o"
expect_fail version 0 "makedumpfile-lite" -v
if "$MDL" --check-params -l --message-level 7 -d 31 /no/such/vmcore "$W/cp-out" >"$W/cp.err" 2>&1 &&
	[ ! -s "$W/cp.err" ]; then
	ok check_params_valid
else
	ko check_params_valid "$(head -c 200 "$W/cp.err")"
fi
expect_fail check_params_invalid 2 "dump level" --check-params -d 99 /no/such/vmcore "$W/cp-out"
if [ -e "$W/cp-out" ]; then ko check_params_opens_nothing "$W/cp-out created"; else ok check_params_opens_nothing; fi
expect_fail vmlinux_without_vmcoreinfo 2 "not supported" -x /dev/null -d 31 "$W/no-vmcoreinfo.vmcore" "$W/o"
"$MDL" -c -d 31 "$W/mixed.vmcore" "$W/plain.kd" 2>/dev/null
"$MDL" -c -d 31 --cyclic-buffer 1024 --splitblock-size 1024 --work-dir /nonexistent -x /dev/null \
	-D --message-level 31 --non-mmap "$W/mixed.vmcore" "$W/noop.kd" 2>"$W/noop.err"
if cmp -s "$W/plain.kd" "$W/noop.kd"; then ok accepted_options_same_output; else ko accepted_options_same_output "$(head -c 300 "$W/noop.err")"; fi
if grep -q 'debug: .* compression thread' "$W/noop.err"; then ok debug_option_prints_debug_lines; else ko debug_option_prints_debug_lines "$(head -c 300 "$W/noop.err")"; fi
expect_fail existing_output_kept_without_f 1 "File exists" -c -d 31 "$W/mixed.vmcore" "$W/plain.kd"
if "$MDL" -f -c -d 31 "$W/mixed.vmcore" "$W/plain.kd" 2>/dev/null && cmp -s "$W/plain.kd" "$W/noop.kd"; then
	ok existing_output_overwritten_with_f
else
	ko existing_output_overwritten_with_f "rewrite differs"
fi
"$MDL" --message-level 0 -c -d 31 "$W/mixed.vmcore" "$W/quiet.kd" 2>"$W/quiet.err"
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$W/quiet.err" ]; then ok message_level_0_silent; else ko message_level_0_silent "exit $rc: $(head -c 200 "$W/quiet.err")"; fi
"$MDL" --message-level 4 -c -d 31 "$W/nonexistent" "$W/q2.kd" 2>"$W/quiet.err"
if grep -q "No such file" "$W/quiet.err" && [ "$(wc -l <"$W/quiet.err")" = 1 ]; then ok message_level_4_errors_only; else ko message_level_4_errors_only "$(head -c 200 "$W/quiet.err")"; fi

# --- threads: the same bytes with and without ---
for c in c z; do
	"$MDL" -$c -d 1 "$W/realistic.vmcore" "$W/t0-$c.kd" 2>/dev/null
	"$MDL" -$c -d 1 --num-threads 3 "$W/realistic.vmcore" "$W/t3-$c.kd" 2>/dev/null
	if cmp -s "$W/t0-$c.kd" "$W/t3-$c.kd"; then ok "threads_identical_output_-$c"; else ko "threads_identical_output_-$c" "outputs differ"; fi
done
golden threads_d31_zlib_pages realistic "-c --num-threads 2" 31

# --- -F / -R: flattened stream through a pipe, rearranged: same file ---
"$MDL" -F -c -d 31 "$W/mixed.vmcore" 2>/dev/null | "$MDL" -R "$W/flat.kd" 2>"$W/flat.err"
if cmp -s "$W/flat.kd" "$W/plain.kd"; then ok flatten_rearrange_same_as_direct; else ko flatten_rearrange_same_as_direct "$(head -c 300 "$W/flat.err")"; fi
"$MDL" -F -c -d 31 "$W/mixed.vmcore" >"$W/stream.flat" 2>/dev/null
if [ "$(head -c 12 "$W/stream.flat")" = makedumpfile ]; then ok flatten_signature; else ko flatten_signature "$(head -c 16 "$W/stream.flat" | od -c | head -1)"; fi
for cut in 100 4100 20000; do
	head -c $(($(stat -c %s "$W/stream.flat") - cut)) "$W/stream.flat" >"$W/cut.flat"
	"$MDL" -R "$W/cut-$cut.kd" <"$W/cut.flat" >/dev/null 2>"$W/cut.err"
	rc=$?
	if [ $rc -eq 1 ] && grep -q "truncated" "$W/cut.err" && [ ! -e "$W/cut-$cut.kd" ]; then
		ok "rearrange_truncated_stream_minus_$cut"
	else
		ko "rearrange_truncated_stream_minus_$cut" "exit $rc: $(head -c 200 "$W/cut.err")"
	fi
done
"$MDL" -R "$W/junk.kd" <"$W/random" >/dev/null 2>"$W/junk.err"
if [ $? -eq 1 ] && grep -q "not a flattened dump" "$W/junk.err"; then ok rearrange_not_flattened; else ko rearrange_not_flattened "$(head -c 200 "$W/junk.err")"; fi

# --- --split, --reassemble ---
if "$MDL" --split -c -d 31 "$W/realistic.vmcore" "$W/sp1" "$W/sp2" "$W/sp3" 2>"$W/split.err" &&
	"$MDL" --reassemble "$W/sp2" "$W/sp3" "$W/sp1" "$W/joined.kd" 2>>"$W/split.err" &&
	msg=$("$B/kdread" check "$W/joined.kd" "$W/realistic.vmcore" "$W/realistic.man" 31 2>&1); then
	ok "split_reassemble_pages_equal_input ($msg)"
else
	ko split_reassemble_pages_equal_input "$(head -c 300 "$W/split.err") $msg"
fi
"$MDL" -c -d 31 "$W/realistic.vmcore" "$W/whole.kd" 2>/dev/null
if "$B/kdread" cmp "$W/joined.kd" "$W/whole.kd" >"$W/cmp.txt" 2>&1; then ok split_reassemble_bitmaps_equal_whole; else ko split_reassemble_bitmaps_equal_whole "$(tail -2 "$W/cmp.txt")"; fi
# pagecmp (interop's check of our pages against makedumpfile's): equal across codecs, not across levels
"$MDL" -z -d 31 "$W/realistic.vmcore" "$W/whole-z.kd" 2>/dev/null
"$MDL" -c -d 1 "$W/realistic.vmcore" "$W/whole-d1.kd" 2>/dev/null
if "$B/kdread" pagecmp "$W/whole.kd" "$W/whole-z.kd" >"$W/pc.txt" 2>&1 &&
	! "$B/kdread" pagecmp "$W/whole.kd" "$W/whole-d1.kd" >"$W/pc2.txt" 2>&1 &&
	grep -q "kept by one file only" "$W/pc2.txt" && ! grep -q " 0 kept by one" "$W/pc2.txt"; then
	ok "kdread_pagecmp ($(tail -1 "$W/pc.txt"))"
else
	ko kdread_pagecmp "$(cat "$W/pc.txt" "$W/pc2.txt" | tr '\n' ';')"
fi
for f in sp1 sp2 sp3 joined.kd; do
	if "$MDL" --verify "$W/$f" >"$W/v.out" 2>&1; then ok "verify_intact_$f"; else ko "verify_intact_$f" "$(grep -m3 -E 'CORRUPT|TRUNC|MISS' "$W/v.out")"; fi
done
expect_fail reassemble_missing_part 1 "no file holds pfn" --reassemble "$W/sp1" "$W/sp3" "$W/j2.kd"

# --- --verify: every kind of damage is found and named ---
flip() { # FILE OFFSET: invert one byte in place
	perl -e 'open(F, "+<", $ARGV[0]) or die; seek(F, $ARGV[1], 0); read(F, $b, 1);
		seek(F, $ARGV[1], 0); print F chr(ord($b) ^ 0xff); close(F)' "$1" "$2"
}
verify_finds() { # NAME FILE TEXT
	"$MDL" --verify "$2" >"$W/v.out" 2>&1
	rc=$?
	if [ $rc -eq 1 ] && grep -q -- "$3" "$W/v.out" && grep -q "verify: DAMAGED" "$W/v.out"; then
		ok "$1"
	else
		ko "$1" "exit $rc, no '$3': $(grep -v intact "$W/v.out" | head -c 300)"
	fi
}
"$MDL" --verify "$W/whole.kd" >"$W/v.out" 2>&1 && ok verify_intact_whole || ko verify_intact_whole "$(head -c 300 "$W/v.out")"
# the record costs at most 2% of the output (kdump: the page checksums are
# in the descriptors' page_flags, which makedumpfile writes as 0)
nreg=$(sed -n 's/^integrity record: intact (\([0-9]*\) regions.*/\1/p' "$W/v.out")
npage=$(sed -n 's/^integrity record: intact .* \([0-9]*\) page checksums)/\1/p' "$W/v.out")
npage=${npage:-0}
sz=$(stat -c %s "$W/whole.kd")
if [ -n "$nreg" ] && [ $(((nreg * 32 + npage * 8 + 64) * 100)) -le $((sz * 2)) ]; then
	ok "integrity_record_at_most_2_percent ($((nreg * 32 + npage * 8 + 64)) of $sz bytes)"
else
	ko integrity_record_at_most_2_percent "regions $nreg pages $npage size $sz"
fi
ndesc=$("$B/kdread" info "$W/whole.kd" | sed -n 's/^dumpable=//p')
# realistic: 1 header block, 1 sub header block, 2 bitmap blocks, then descriptors
cp "$W/whole.kd" "$W/d1.kd"; flip "$W/d1.kd" $((16384 + ndesc * 24 + 100))
verify_finds verify_flipped_page_byte "$W/d1.kd" "page pfn 0x[0-9a-f]*: CORRUPT"
cp "$W/whole.kd" "$W/d2.kd"; flip "$W/d2.kd" $((16384 + 24 * 10 + 8))
verify_finds verify_flipped_page_descriptor "$W/d2.kd" "page descriptors at offset 16384"
cp "$W/whole.kd" "$W/d3.kd"; flip "$W/d3.kd" $((12288 + 40))
verify_finds verify_flipped_bitmap "$W/d3.kd" "2nd bitmap at offset 12288 .*CORRUPT"
# descriptor 10's page_flags: its page checksum
cp "$W/whole.kd" "$W/d8.kd"; flip "$W/d8.kd" $((16384 + 24 * 10 + 16))
verify_finds verify_flipped_page_checksum "$W/d8.kd" "page pfn 0x[0-9a-f]*: CORRUPT (stored bytes at offset [0-9]* fail their checksum)"
cp "$W/whole.kd" "$W/d9.kd"; printf '01' | dd of="$W/d9.kd" bs=1 seek=$((sz - 58)) conv=notrunc 2>/dev/null
if "$MDL" --verify "$W/d9.kd" >"$W/v.out" 2>&1 && grep -q "integrity record: version 01, not 02 .*not checked" "$W/v.out"; then
	ok verify_older_record_not_checked
else
	ko verify_older_record_not_checked "$(head -c 300 "$W/v.out")"
fi
cp "$W/whole.kd" "$W/d4.kd"; flip "$W/d4.kd" 420
verify_finds verify_flipped_header "$W/d4.kd" "disk_dump_header at offset 0"
head -c $((sz / 2)) "$W/whole.kd" >"$W/d5.kd"
verify_finds verify_truncated "$W/d5.kd" "TRUNCATED: the file ends at byte $((sz / 2))"
"$MDL" -E -d 31 "$W/realistic.vmcore" "$W/v.elf" 2>/dev/null
"$MDL" --verify "$W/v.elf" >"$W/v.out" 2>&1 && ok verify_intact_elf || ko verify_intact_elf "$(head -c 300 "$W/v.out")"
cp "$W/v.elf" "$W/d6.elf"; flip "$W/d6.elf" $((8192 + 5000))
verify_finds verify_flipped_elf_page "$W/d6.elf" "page pfn 0x[0-9a-f]*: CORRUPT"
head -c 10000 "$W/v.elf" >"$W/d7.elf"
verify_finds verify_truncated_elf "$W/d7.elf" "TRUNCATED"
expect_fail verify_not_a_dump 1 "neither kdump-compressed nor ELF" --verify "$W/random"

# --- --mem-usage: what each level keeps, checked against real runs ---
if "$MDL" --mem-usage "$W/realistic.vmcore" >"$W/mu.out" 2>"$W/mu.err"; then
	bad=
	for l in 0 1 8 31; do
		want=$("$MDL" -E -d $l "$W/realistic.vmcore" "$W/mu-$l.elf" 2>&1 | sed -n 's/.*: \([0-9]*\) pages written.*/\1/p')
		got=$(awk -v l=$l '$1 == l && NF == 3 {print $2}' "$W/mu.out")
		[ "$want" = "$got" ] || bad="$bad -d $l: table $got, written $want;"
	done
	if [ -z "$bad" ] && grep -q '^ZERO' "$W/mu.out"; then ok mem_usage_levels_match_runs; else ko mem_usage_levels_match_runs "$bad"; fi
else
	ko mem_usage_levels_match_runs "$(head -c 300 "$W/mu.err")"
fi

# --- malformed input that leaves almost every page absent: one line says so ---
"$MDL" -c -d 1 "$W/mostly-absent.vmcore" "$W/absent.kd" 2>"$W/absent.err"
if [ "$(grep -c 'absent from the input' "$W/absent.err")" = 1 ]; then ok mostly_absent_one_line; else ko mostly_absent_one_line "$(head -c 300 "$W/absent.err")"; fi

# --- libkdumpfile and drgn (Debian 12: 0.5.1, 0.0.22) open our outputs ---
"$MDL" -c -d 31 "$W/readers.vmcore" "$W/readers.kd" 2>/dev/null
"$MDL" -E -d 31 "$W/readers.vmcore" "$W/readers.elf" 2>/dev/null
if grep -aq 'OFFSET(vm_struct.vm_struct)=-20' "$W/readers.kd" && grep -aq 'SYMBOL(vmlist)=c0001900' "$W/readers.kd"; then
	ok vmcoreinfo_reader_lines_added
else
	ko vmcoreinfo_reader_lines_added "not in the kdump output's VMCOREINFO"
fi
if grep -aq 'vm_struct.vm_struct' "$W/plain.kd"; then ko vmcoreinfo_reader_lines_only_with_vmap_area_list "added to mixed"; else ok vmcoreinfo_reader_lines_only_with_vmap_area_list; fi
golden readers_d31_pages_intact readers -c 31
if /usr/bin/python3 -c 'import kdumpfile, drgn' 2>/dev/null; then
	for f in readers.kd readers.elf; do
		if out=$(/usr/bin/python3 "$T/readers.py" "$W/$f" 2>&1); then
			ok "readers_open_$f ($(echo "$out" | tr '\n' ';'))"
		else
			ko "readers_open_$f" "$(echo "$out" | tr '\n' ';')"
		fi
	done
else
	ko readers_open "python3-libkdumpfile and python3-drgn are not installed (scripts/deps.sh)"
fi

# --- unit tests ---
"$B/unit" >"$W/unit.out" 2>&1
urc=$?
cat "$W/unit.out" | grep -E '^(PASS|FAIL) '
up=$(grep -c '^PASS ' "$W/unit.out")
uf=$(grep -c '^FAIL ' "$W/unit.out")
pass=$((pass + up))
fail=$((fail + uf))
[ $urc -eq 0 ] || [ "$uf" -gt 0 ] || ko unit_binary "exit $urc: $(tail -5 "$W/unit.out")"

# --- bounded fuzzing; corpora made here, never committed ---
fuzz() { # TARGET CORPUS-DIR
	t=$1 C=$2
	if [ ! -x "$B/fuzz-$t" ]; then
		ko "fuzz_$t" "$B/fuzz-$t not built (clang with libFuzzer needed)"
		return
	fi
	"$B/fuzz-$t" -max_total_time="${FUZZ_SECONDS:-10}" -max_len=65536 -timeout=10 \
		-rss_limit_mb=1024 -artifact_prefix="$W/$t-" "$C" >"$W/fuzz-$t.log" 2>&1
	frc=$?
	if [ $frc -eq 0 ]; then
		ok "fuzz_${t}_${FUZZ_SECONDS:-10}s ($(grep -o 'Done [0-9]* runs' "$W/fuzz-$t.log"))"
	else
		mkdir -p "$B/fuzz-crashes"
		cp "$W/$t"-* "$B/fuzz-crashes/" 2>/dev/null
		ko "fuzz_$t" "exit $frc, artifacts in $B/fuzz-crashes: $(grep -m3 -E 'ERROR|SUMMARY' "$W/fuzz-$t.log")"
	fi
}
mkdir -p "$W/c-parse" "$W/c-flat" "$W/c-verify" "$W/c-options" "$W/c-deflate"
cp "$W/small.vmcore" "$W/c-parse/small"
head -c 4096 "$W/small.vmcore" >"$W/c-parse/small-head"
for f in trunc-ehdr trunc-phdr trunc-note badclass; do cp "$W/$f" "$W/c-parse/$f"; done
head -c 12288 "$W/corrupt-note.vmcore" >"$W/c-parse/corrupt-note"
head -c 12288 "$W/overlap.vmcore" >"$W/c-parse/overlap"
"$MDL" -F -c -d 31 "$W/small.vmcore" 2>/dev/null | head -c 65536 >"$W/c-flat/small"
head -c 5000 "$W/c-flat/small" >"$W/c-flat/small-head"
"$MDL" -c -d 31 "$W/small.vmcore" "$W/c-verify/small.kd" 2>/dev/null
"$MDL" -z -d 0 "$W/small.vmcore" "$W/c-verify/small0.kd" 2>/dev/null
"$MDL" -E -d 31 "$W/small.vmcore" "$W/c-verify/small.elf" 2>/dev/null
for f in "$W"/c-verify/*; do head -c 65536 "$f" >"$f.cut" && mv "$f.cut" "$f"; done
printf -- '-c\0-d\00031\0/proc/vmcore\0out' >"$W/c-options/dump"
printf -- '-F\0-l\0--message-level\0007\0-d\00031\0/proc/vmcore' >"$W/c-options/flat"
printf -- '--split\0-c\0v\0a\0b\0c' >"$W/c-options/split"
printf -- '--reassemble\0a\0b\0out\0--check-params\0-x\0vmlinux' >"$W/c-options/reassemble"
fuzz parse "$W/c-parse"
fuzz flat "$W/c-flat"
fuzz verify "$W/c-verify"
fuzz options "$W/c-options"
# deflate.c: a byte picking stride and buffer, then page-like data
{ printf '\002'; head -c 4096 "$W/small.vmcore"; } >"$W/c-deflate/head"
{ printf '\006'; tail -c 4096 "$W/small.vmcore"; } >"$W/c-deflate/tail-tight"
printf '\001kernel BUG at mm/slub.c:42! kernel BUG at mm/slub.c:42!' >"$W/c-deflate/text"
fuzz deflate "$W/c-deflate"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
