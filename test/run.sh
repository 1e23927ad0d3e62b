#!/bin/bash
# Run the test scripts test/tNNN-*.sh (all, or those named), count their
# PASS/FAIL lines, and end with "N passed, N failed".
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
mkdir -p out
if [ $# -gt 0 ]; then
	tests=()
	for t in "$@"; do tests+=($(ls test/${t}*.sh)); done
else
	tests=(test/t[0-9][0-9][0-9]-*.sh)
fi
passed=0 failed=0
for t in "${tests[@]}"; do
	name=$(basename "$t" .sh)
	echo "=== $name"
	start=$(date +%s)
	bash "$t" > "out/$name.log" 2>&1
	rc=$?
	grep -E '^(PASS|FAIL) ' "out/$name.log"
	p=$(grep -c '^PASS ' "out/$name.log")
	f=$(grep -c '^FAIL ' "out/$name.log")
	if [ $rc != 0 ] && [ "$f" = 0 ]; then
		echo "FAIL $name: exited $rc without a FAIL line (see out/$name.log)"
		tail -n 15 "out/$name.log" | sed 's/^/  | /'
		f=1
	elif [ "$f" != 0 ]; then
		grep -vE '^(PASS|FAIL) ' "out/$name.log" | tail -n 30 | sed 's/^/  | /'
	fi
	echo "--- $name: $p passed, $f failed ($(( $(date +%s) - start )) s)"
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
