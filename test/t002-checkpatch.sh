#!/bin/bash
# t002: our kernel files pass scripts/checkpatch.pl --strict, and every
# patch in the series applies to the pristine tree (kernel.sh proves the
# latter on each build; this checks the files themselves). The __setup
# parameters are documented by patches/0004, which --no-tree cannot see.
# The test hooks that crash the kernel on purpose (dump_selftest_die.c)
# may use BUG(): that is their job.
. "$(dirname "$0")/lib.sh"
cp=$build/linux/scripts/checkpatch.pl
[ -x "$cp" ] || { fail checkpatch "no kernel tree (make kernel first)"; finish; }
cd "$top" || exit 1
for f in $(find arch drivers include -name '*.[ch]' | sort); do
	ignore=UNDOCUMENTED_SETUP
	case "$f" in */dump_selftest_die.c) ignore=$ignore,AVOID_BUG ;; esac
	o=$("$cp" --strict --no-tree --terse --ignore "$ignore" -f "$f" 2>&1 |
		grep -v '^total: 0 errors, 0 warnings, 0 checks')
	[ -z "$o" ] && pass "$f" || fail "$f" "$(echo "$o" | head -n 3 | tr '\n' ' ')"
done
rm -f "$top"/.checkpatch-camelcase.*
finish
