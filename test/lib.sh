# Shared helpers for the host-side scenario scripts test/tNNN-*.sh.
# Each script prints "PASS <name>" / "FAIL <name>: <why>" lines;
# test/run.sh counts them.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$top/build
out=$top/out
T=$(basename "$0" .sh)

pass() { echo "PASS $T/$1${2:+ ($2)}"; }
fail() { echo "FAIL $T/$1: ${2:-}"; FAILED=1; }
FAILED=0

# guest_results NAME: the guest's "@@ PASS" and "@@ FAIL" lines of run
# NAME as this test's results (anywhere in a line: a printk can land in
# front of a guest process's line on the shared UART).
guest_results() {
	local verdict check detail

	# Not a pipeline into the loop: fail() must set FAILED in this shell.
	while read -r verdict check detail; do
		if [ "$verdict" = PASS ]; then pass "$check" "$detail"; else fail "$check" "$detail"; fi
	done < <("$top/scripts/serial-text" "$out/$1/serial.log" |
		sed -n 's/^.*@@ \(PASS\|FAIL\) \([^ ]*\) *\(.*\)$/\1 \2 \3/p')
}

# guest_run NAME QEMU-RUN-ARGS...: boot, then turn the guest's "@@ PASS" and
# "@@ FAIL" lines into results. Returns the runner's status.
guest_run() {
	local name=$1 rc
	shift
	"$top/scripts/qemu-run.sh" --name "$name" "$@"
	rc=$?
	if [ $rc = 0 ]; then pass "qemu"; else fail "qemu" "guest did not finish (rc $rc)"; fi
	guest_results "$name"
	return $rc
}

# guest_info NAME KEY: the value of the guest's "@@ INFO KEY value" line.
guest_info() {
	"$top/scripts/serial-text" "$out/$1/serial.log" | sed -n "s/^.*@@ INFO $2 //p" | tail -n 1
}

# log_has NAME REGEX: the serial log of run NAME matches REGEX.
log_has() {
	"$top/scripts/serial-text" "$out/$1/serial.log" | grep -qE "$2"
}

# new_disk FILE MiB: a sparse raw disk for the guest to write a dump to.
new_disk() {
	rm -f "$1"
	truncate -s "${2}M" "$1"
}

# extract_dump DISK OUT: cut the dump the guest's save_dump wrote.
extract_dump() {
	local hdr bytes
	hdr=$(head -c 64 "$1" | head -n 1)
	case "$hdr" in
	"DUMP "[0-9]*) bytes=${hdr#DUMP } ;;
	*) echo "extract_dump: no dump header on $1" >&2; return 1 ;;
	esac
	dd if="$1" of="$2" bs=1M skip=1 iflag=count_bytes count="$bytes" status=none
	[ "$(stat -c %s "$2")" = "$bytes" ]
}

# check NAME CMD...: PASS/FAIL by the command's status, its output as detail.
check() {
	local name=$1 o
	shift
	if o=$("$@" 2>&1); then
		pass "$name"
	else
		fail "$name" "$(echo "$o" | tail -n 5 | tr '\n' ' ')"
	fi
}

finish() { exit $FAILED; }

# guest_run_panics NAME QEMU-RUN-ARGS...: a run that must end in a normal
# panic (panic=-1 reboots, -no-reboot stops QEMU): QEMU stopping by itself
# without "@@ END" passes, a timeout (a loop or a hang) fails.
guest_run_panics() {
	local name=$1 rc
	shift
	"$top/scripts/qemu-run.sh" --name "$name" "$@" >/dev/null
	rc=$?
	case $rc in
	1) pass "qemu_stopped" ;;
	0) fail "qemu_stopped" "the guest finished instead of panicking" ;;
	*) fail "qemu_stopped" "timed out: loop or hang (rc $rc)" ;;
	esac
	guest_results "$name"
}

# log_count NAME REGEX: lines of run NAME's serial log matching REGEX.
log_count() {
	"$top/scripts/serial-text" "$out/$1/serial.log" | grep -cE "$2"
}

# sub_results CMD...: run a sub-suite that prints PASS/FAIL lines; report
# them under this test's name. Returns the command's status.
sub_results() {
	"$@" 2>&1 | sed -n "s|^PASS |PASS $T/|p; s|^FAIL |FAIL $T/|p; /^\(PASS\|FAIL\) /!p" |
		grep -vE '^[0-9]+ passed, [0-9]+ failed'
	return "${PIPESTATUS[0]}"
}

# dump_run NAME MEM-MiB TIMEOUT APPEND [SNAP]: boot scenario NAME (-smp 2,
# the first kernel's initrd) with a fresh test disk, then cut the dump its
# capture kernel saved to out/NAME/vmcore; the disk is removed. With SNAP,
# guest RAM is also saved there at the panic (snapshot_run). Reports
# "extract"; returns non-zero when there is no dump.
dump_run() {
	local n=$1 mem=$2 timeout=$3 append=$4 snap=${5:-} disk=$out/$1/disk.img rc=0
	local args
	mkdir -p "$out/$n"
	new_disk "$disk" $((mem + 88))
	# QEMU_EXTRA: more qemu-run.sh options (--monitor, --smp, --accel).
	args=(--smp 2 --timeout "$timeout" --initrd "$build/initrd-first.cpio.gz" --disk "$disk"
		--append "$append" ${QEMU_EXTRA:-})
	if [ -n "$snap" ]; then
		snapshot_run "$n" "$mem" "$snap" - - "${args[@]}" >/dev/null
		rc=$?
		[ $rc = 0 ] && pass qemu || fail qemu "guest did not finish (rc $rc)"
		guest_results "$n"
		rc=0
	else
		guest_run "$n" --mem "$mem" "${args[@]}"
	fi
	if extract_dump "$disk" "$out/$n/vmcore"; then
		pass extract "$(stat -c %s "$out/$n/vmcore") bytes"
	else
		fail extract "no dump on the test disk"
		rm -f "$out/$n/vmcore"
		rc=1
	fi
	rm -f "$disk"
	return $rc
}

# snapshot_run NAME MEM-MiB SNAP BREAK2 SNAP2 QEMU-RUN-ARGS...: run NAME
# under gdb. When any CPU enters panic() or oops_begin() (all vCPUs stop;
# TCG breakpoints write nothing into guest RAM), guest RAM [0, MEM) is
# saved to SNAP with QEMU's pmemsave; with BREAK2 (a function, or "-"),
# RAM is saved again to SNAP2 when a CPU reaches it. Then the guest runs
# on. Leaves out/NAME/gdb.log. Returns qemu-run.sh's status.
snapshot_run() {
	local n=$1 mem=$2 snap=$3 brk2=$4 snap2=$5 port qpid rc i
	shift 5
	mkdir -p "$out/$n"
	for port in $(seq $((20000 + $$ % 5000)) $((20100 + $$ % 5000))); do
		ss -ltn 2>/dev/null | grep -q ":$port " || break
	done
	{
		echo "set pagination off"
		echo "set confirm off"
		echo "target remote 127.0.0.1:$port"
		echo "break panic"
		echo "break oops_begin"
		echo "continue"
		echo "info threads"
		printf 'monitor pmemsave 0 %d "%s"\n' $((mem << 20)) "$snap"
		echo "delete"
		if [ "$brk2" != - ]; then
			echo "break $brk2"
			echo "stepi"
			echo "continue"
			printf 'monitor pmemsave 0 %d "%s"\n' $((mem << 20)) "$snap2"
			echo "delete"
		fi
		# QEMU 7.2 leaves a vCPU stopped on a deleted breakpoint unless it
		# steps once before the detach.
		echo "stepi"
		echo "detach"
	} > "$out/$n/gdb.cmds"
	"$top/scripts/qemu-run.sh" --name "$n" --mem "$mem" --gdb "$port" "$@" &
	qpid=$!
	for i in $(seq 100); do
		ss -ltn 2>/dev/null | grep -q ":$port " && break
		sleep 0.1
	done
	gdb -batch -x "$out/$n/gdb.cmds" "$build/vmlinux" > "$out/$n/gdb.log" 2>&1
	wait $qpid
	rc=$?
	return $rc
}

# monitor_when NAME SOCKET LINE CMD: in the background, once run NAME's
# serial log has LINE, send CMD to the HMP monitor at SOCKET.
monitor_when() {
	local log=$out/$1/serial.log sock=$2 line=$3 cmd=$4
	(
		for i in $(seq 600); do
			tr -d '\r' < "$log" 2>/dev/null | grep -qF "$line" && break
			sleep 0.2
		done
		python3 - "$sock" "$cmd" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b'\n')
time.sleep(0.5)
PY
	) &
}

# crash_cmds NAME VMCORE CMDS...: run crash's commands on VMCORE in one
# session; out/NAME/crash.out, each command's output after a "@@@ CMD" line
# (crash_section NAME CMD prints one).
crash_cmds() {
	local n=$1 v=$2 c
	shift 2
	for c in "$@"; do printf '!echo "@@@ %s"\n%s\n' "$c" "$c"; done |
		"$top/scripts/crash-run" "$build/vmlinux" "$v" > "$out/$n/crash.out" 2>&1
}
crash_section() {
	awk -v want="@@@ $2" '/^@@@ /{on = ($0 == want); next} on' "$out/$1/crash.out"
}

# die_scenario NAME DIE CPU BT-REGEX LOG-REGEX [APPEND [BT-A-REGEX]]: the
# guest scenario t110-context dies by DIE (on CPU) under a snapshot; then
# the dump must be valid with SAVED CPUs' registers, crash's bt must show
# BT-REGEX (bt -a: ONLINE CPUs, and BT-A-REGEX), the dump's log LOG-REGEX
# and one parachute line, pattern pages byte for byte, ground truth.
# Environment: SMP (2), SAVED and ONLINE (SMP), MEM (512 MiB), ACCEL,
# GT (1; 0 for guests too big for a snapshot), KEEP (keep the vmcore),
# ONLY (run just NAME).

die_scenario() { # NAME DIE CPU BT-REGEX LOG-REGEX [APPEND [BT-A-REGEX]]
	local name=$1 die=$2 cpu=$3 bt=$4 logre=$5 append=${6:-} bta=${7:-} n=${T%%-*}-$1 snap rc sock
	local smp=${SMP:-2} saved=${SAVED:-${SMP:-2}} online=${ONLINE:-${SMP:-2}} extra
	local mem=${MEM:-512} gt=${GT:-1}
	[ -n "$ONLY" ] && [ "$ONLY" != "$name" ] && return
	local TT=$T
	T=$TT/$name
	snap=$out/$n/ram-at-panic.bin
	mkdir -p "$out/$n"
	rm -f "$out/$n/serial.log"
	extra=(--smp "$smp" ${ACCEL:+--accel "$ACCEL"})
	if [ "$die" = nmi ]; then
		sock=$out/$n/monitor.sock
		rm -f "$sock"
		extra+=(--monitor "$sock")
		monitor_when "$n" "$sock" "@@ READY nmi" nmi
	fi
	[ "$gt" = 1 ] || snap=""
	QEMU_EXTRA="${extra[*]}" dump_run "$n" "$mem" 400 "$append t=t110-context stage=1 die=$die cpu=$cpu" "$snap"
	rc=$?
	log_has "$n" "dump: valid dump header: $saved CPUs" && pass valid_dump "$saved CPUs" ||
		fail valid_dump "no valid dump header with $saved CPUs' registers"
	[ "$(log_count "$n" 'opening parachute')" -le 1 ] && pass no_second_dump ||
		fail no_second_dump "more than one parachute line"
	"$top/scripts/serial-text" "$out/$n/serial.log" | sed -n 's/^@@ PAGELIST //p' > "$out/$n/pages.list"
	if [ $rc = 0 ]; then
		check pages_byte_for_byte python3 "$top/test/vmcore_check.py" pages "$out/$n/vmcore" "$out/$n/pages.list"
		crash_cmds "$n" "$out/$n/vmcore" bt "bt -a" log
		# crash 8.0.2 (and 9.0, crash-utility issue #208) cannot find the
		# i386 IRQ stacks of 6.1: when bt stops there, the context is read
		# from the kernel's own trace in the dump's log.
		if crash_section "$n" bt | grep -qE "$bt"; then
			pass bt_context "$(crash_section "$n" bt | grep -oE "$bt" | head -n 1)"
		elif crash_section "$n" bt | grep -q 'cannot resolve stack trace' &&
			crash_section "$n" log | sed -n '/Call Trace:/,/EIP:/p' | grep -qE "$bt"; then
			pass bt_context "in the dump's log: $(crash_section "$n" log | grep -oE "$bt" | head -n 1)"
		else
			fail bt_context "bt does not show /$bt/ (out/$n/crash.out)"
		fi
		[ "$(crash_section "$n" "bt -a" | grep -oE 'CPU: [0-9]+ ' | sort -u | wc -l)" = "$online" ] &&
			pass bt_all_cpus "$online" || fail bt_all_cpus "bt -a does not show $online CPUs"
		if [ -n "$bta" ]; then
			crash_section "$n" "bt -a" | grep -qE "$bta" && pass bt_other_cpu "$bta" ||
				fail bt_other_cpu "bt -a does not show /$bta/"
		fi
		crash_section "$n" log | grep -qE "$logre" &&
			pass log_in_dump "/$logre/" || fail log_in_dump "the dump's log lacks /$logre/"
		[ "$(crash_section "$n" log | grep -c 'opening parachute')" = 1 ] &&
			pass one_parachute_in_log || fail one_parachute_in_log "want exactly one parachute line in the dump's log"
		if [ "$gt" = 1 ]; then
			python3 "$top/test/groundtruth.py" compare "$n" "$snap" "$out/$n/vmcore" "$build/vmlinux" \
				> "$out/$n/gt.txt" 2>&1 && pass ground_truth && rm -f "$snap" ||
				fail ground_truth "$(grep -E 'unexplained|OVER|pfn' "$out/$n/gt.txt" | head -n 4 | tr '\n' ' ')"
		fi
		[ -n "${KEEP:-}" ] || rm -f "$out/$n/vmcore"
	fi
	T=$TT
}

