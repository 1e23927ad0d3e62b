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
	bad-mem-map bad-offset corrupt-note corrupt-note-no-vi overlap x86_64 small no-prb realistic nodemap-mismatch sparse sparse-extreme dmesg-wrap; do
	gen "$s"
done

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

# --- unit tests ---
"$B/unit" >"$W/unit.out" 2>&1
urc=$?
cat "$W/unit.out" | grep -E '^(PASS|FAIL) '
up=$(grep -c '^PASS ' "$W/unit.out")
uf=$(grep -c '^FAIL ' "$W/unit.out")
pass=$((pass + up))
fail=$((fail + uf))
[ $urc -eq 0 ] || [ "$uf" -gt 0 ] || ko unit_binary "exit $urc: $(tail -5 "$W/unit.out")"

# --- bounded fuzzing of the ELF + note parser; corpus made here, never committed ---
if [ -x "$B/fuzz-parse" ]; then
	C="$W/corpus"
	mkdir -p "$C"
	cp "$W/small.vmcore" "$C/small"
	head -c 4096 "$W/small.vmcore" >"$C/small-head"
	for f in trunc-ehdr trunc-phdr trunc-note badclass; do cp "$W/$f" "$C/$f"; done
	head -c 12288 "$W/corrupt-note.vmcore" >"$C/corrupt-note"
	head -c 12288 "$W/overlap.vmcore" >"$C/overlap"
	"$B/fuzz-parse" -max_total_time="${FUZZ_SECONDS:-20}" -max_len=65536 -timeout=10 \
		-rss_limit_mb=1024 -artifact_prefix="$W/" "$C" >"$W/fuzz.log" 2>&1
	frc=$?
	if [ $frc -eq 0 ]; then
		ok "fuzz_parse_${FUZZ_SECONDS:-20}s ($(grep -o 'Done [0-9]* runs' "$W/fuzz.log"))"
	else
		mkdir -p "$B/fuzz-crashes"
		cp "$W"/crash-* "$W"/leak-* "$W"/timeout-* "$B/fuzz-crashes/" 2>/dev/null
		ko "fuzz_parse" "exit $frc, artifacts in $B/fuzz-crashes: $(grep -m3 -E 'ERROR|SUMMARY' "$W/fuzz.log")"
	fi
else
	ko fuzz_parse "$B/fuzz-parse not built (clang with libFuzzer needed)"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
