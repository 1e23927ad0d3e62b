#!/bin/bash
# t010: the kernel with our patch series and config boots to /init (-smp 2).
. "$(dirname "$0")/lib.sh"
guest_run t010-boot --mem 256 --smp 2 --timeout 120 --append "t=t010-boot"
cpus=$(guest_info t010-boot cpus)
[ "$cpus" = 2 ] && pass cpus "2" || fail cpus "guest saw '$cpus' CPUs, want 2"
# The KUnit suite "dump" runs at boot (CONFIG_DUMP_KUNIT_TEST).
"$top/scripts/serial-text" "$out/t010-boot/serial.log" | sed -n 's/^\[[ 0-9.]*\] *//p' |
	grep -E '^(not )?ok [0-9]+ ' > "$out/t010-boot/kunit.tap" || true
while read -r verdict rest; do
	case "$verdict $rest" in
	"ok "*) pass "kunit/${rest#* }" ;;
	"not ok "*) fail "kunit/${rest#ok * }" "see out/t010-boot/serial.log" ;;
	esac
done < "$out/t010-boot/kunit.tap"
grep -q '^ok [0-9]* dump$' "$out/t010-boot/kunit.tap" && pass kunit_suite_dump ||
	fail kunit_suite_dump "KUnit suite 'dump' did not pass"
log_has t010-boot 'dump: backup region \[mem 0x08000000-0x0900ffff\] reserved' &&
	pass backup_reserved || fail backup_reserved "no reservation line"
finish
