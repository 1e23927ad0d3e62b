# Helpers for guest scenarios (sourced by /init).

cmdline_arg() {
	for w in $(cat /proc/cmdline); do
		case "$w" in "$1="*) echo "${w#*=}"; return 0 ;; esac
	done
	return 1
}

has_cmdline_word() {
	for w in $(cat /proc/cmdline); do
		[ "$w" = "$1" ] && return 0
	done
	return 1
}

pass() { echo "@@ PASS $*"; }
fail() { echo "@@ FAIL $*"; }
info() { echo "@@ INFO $*"; }

# check NAME COMMAND...: PASS if the command succeeds, FAIL with its output.
check() {
	name=$1; shift
	if out=$("$@" 2>&1); then
		pass "$name"
	else
		fail "$name" "$(echo "$out" | tail -n 3 | tr '\n' ' ')"
	fi
}

finish() {
	sync
	echo "@@ END"
	reboot -f
	sleep 5
	poweroff -f
}

# save_dump FILE: copy FILE to the raw test disk /dev/vda, behind a header
# sector "DUMP <bytes>" (scripts/extract-dump.sh cuts it out on the host).
save_dump() {
	src=$1
	if [ ! -b /dev/vda ]; then
		fail save_dump "no /dev/vda"
		return 1
	fi
	size=$(stat -c %s "$src" 2>/dev/null)
	t0=$(date +%s)
	if ! dd if="$src" of=/dev/vda bs=1M seek=1 conv=fsync 2>/tmp/dd.err; then
		fail save_dump "dd: $(tail -n 1 /tmp/dd.err)"
		return 1
	fi
	# /proc/vmcore's stat size is its real size; trust dd's count otherwise.
	bytes=$(sed -n 's/^\([0-9]*\) bytes.*/\1/p' /tmp/dd.err)
	[ -n "$bytes" ] || bytes=$size
	printf 'DUMP %s\n' "$bytes" | dd of=/dev/vda conv=notrunc,fsync 2>/dev/null
	info dump_bytes "$bytes"
	info dump_seconds "$(( $(date +%s) - t0 ))"
}

# panic_now: crash the kernel the way a user's sysrq-c would.
panic_now() {
	echo "@@ INFO panic sysrq-c"
	echo 1 > /proc/sys/kernel/sysrq
	echo c > /proc/sysrq-trigger
	sleep 10
	fail panic "sysrq-c returned"
}

# fill_pattern_pages [SELFTEST_FILL_ARGS [ZONES]]: the pages the dump
# must hold byte for byte: kernel pages from the selftest (default "8 5")
# and a user process's (dumptest fill-user), listed in /tmp/pages, written
# to /dev/vda at 512 KiB for the capture side and as "@@ PAGELIST" lines
# for the host; "@@ INFO pages_ZONE N" for each of ZONES.
fill_pattern_pages() {
	local args=${1:-8 5} zones=${2:-} z i
	echo "$args" > /sys/kernel/dump/selftest_fill
	cat /sys/kernel/dump/selftest_fill > /tmp/pages
	dumptest fill-user 8 9 > /tmp/user &
	for i in 1 2 3 4 5 6 7 8 9 10; do
		grep -q READY /tmp/user && break
		sleep 1
	done
	grep '^PAGE ' /tmp/user >> /tmp/pages
	for z in $zones; do
		info pages_$z "$(grep -c " $z\$" /tmp/pages)"
	done
	dd if=/tmp/pages of=/dev/vda bs=512K seek=1 conv=notrunc,fsync 2>/dev/null
	sed 's/^/@@ PAGELIST /' /tmp/pages
}

# capture_checks: in a capture kernel, the dump lines of the log, then
# /proc/vmcore is there, the pattern pages the first kernel listed on the
# test disk read back through /dev/oldmem, and /proc/vmcore's I/O semantics.
capture_checks() {
	dmesg | grep -E 'dump:|vmcore:' | sed 's/^/@@ INFO dmesg /'
	if [ -r /proc/vmcore ]; then pass vmcore_present; else fail vmcore_present "no /proc/vmcore"; fi
	dd if=/dev/vda bs=512K skip=1 count=1 2>/dev/null | grep '^PAGE ' > /tmp/pages
	info pages "$(wc -l < /tmp/pages)"
	[ -s /tmp/pages ] && dumptest verify-oldmem /tmp/pages
	dumptest vmcore-io /proc/vmcore
}

# get_stage, set_stage N: the step of a multi-boot scenario (qemu-run.sh
# --reboot), kept on the test disk at 768 KiB so each boot knows what to do.
get_stage() {
	dd if=/dev/vda bs=1k skip=768 count=1 2>/dev/null |
		sed -n 's/^STAGE \([0-9]*\).*/\1/p' | head -n 1
}
set_stage() {
	printf 'STAGE %s\n' "$1" | dd of=/dev/vda bs=1k seek=768 conv=notrunc,fsync 2>/dev/null
	info stage_done "$(( $1 - 1 ))"
}

# capture_needs: the parameters /sys/kernel/dump/region says a capture
# kernel of this first kernel needs ("dump nokaslr dump_backup=...").
capture_needs() {
	sed -n 's/^capture command line needs: //p' /sys/kernel/dump/region 2>/dev/null
}

# load_capture ARGS: kexec -l this bzImage as a capture kernel inside the
# default 16 MiB window, with what the region file says it needs and ARGS
# on its command line.
load_capture() {
	if kexec -l /boot/bzImage --mem-max=0xffffff \
		--command-line="console=ttyS0 panic=-1 $(capture_needs) nr_cpus=1 $*" 2>/tmp/kexec.err; then
		pass kexec_load
	else
		fail kexec_load "$(tail -n 2 /tmp/kexec.err | tr '\n' ' ')"
		return 1
	fi
}

# arm: arm the dump, report the status file.
arm() {
	if echo 1 > /sys/kernel/dump/arm 2>/tmp/arm.err; then
		pass arm
	else
		fail arm "$(cat /tmp/arm.err) $(dmesg | grep 'dump:' | tail -n 1)"
	fi
	sed 's/^/@@ INFO status /' /sys/kernel/dump/status
	sed 's/^/@@ INFO region /' /sys/kernel/dump/region
	info max_pfn "$(sed -n 's/^max_pfn: //p' /sys/kernel/dump/region)"
}
