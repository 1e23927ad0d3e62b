#!/bin/bash
# t140: PAE, more than 4 GiB. The PAE build (make kernel-pae: HIGHMEM64G)
# on a 6 GiB guest. The capture kernel's /proc/vmcore is ELF64 by itself;
# pattern pages above 4 GiB read back byte for byte in the guest through
# /dev/oldmem, and through /proc/vmcore with read(), pread() at odd offsets
# and mmap(); the static makedumpfile-lite in the capture kernel writes a
# filtered flattened copy (-F -c -d 31) to the test disk. On the host:
# makedumpfile-lite -R rearranges it; libkdumpfile reads the kernel's
# pattern pages from it (those above 4 GiB included); crash opens it
# (sys, bt, and rd -p above 4 GiB); Debian's makedumpfile re-filters it
# (its output's pages are checked again) and reads its log. QEMU's default CPU has 32 physical
# address bits: the guest gets PSE36 (36 bits), as real PAE machines have.
. "$(dirname "$0")/lib.sh"
# kd_pages FILE: libkdumpfile (Debian's python3-libkdumpfile) reads every
# kernel pattern page from the kdump-compressed FILE, some above 4 GiB.
kd_pages() {
	/usr/bin/python3 - "$1" "$out/$n/kernel-pages.list" <<'PY'
import sys, kdumpfile
k = kdumpfile.kdumpfile(sys.argv[1])
def pattern(pfn, salt):
    b = bytearray(b'DUMPPAT\0' + pfn.to_bytes(4, 'little') + salt.to_bytes(4, 'little'))
    b += bytes((pfn * 131 + salt + (i & 255)) & 0xff for i in range(4096 - 16))
    return bytes(b)
ok = bad = above = 0
for line in open(sys.argv[2]):
    w = line.split()
    pfn, salt = int(w[1], 0), int(w[2])
    try:
        got = k.read(kdumpfile.KDUMP_MACHPHYSADDR, pfn * 4096, 4096)
    except Exception as e:
        got = None
    if got == pattern(pfn, salt):
        ok += 1
        above += pfn >= 0x100000
    else:
        print('pfn %#x (%s) differs' % (pfn, w[3]))
        bad += 1
print('%d identical (%d above 4 GiB), %d wrong' % (ok, above, bad))
sys.exit(0 if ok and not bad and above else 1)
PY
}
n=t140-pae
pae=$build/pae
disk=$out/$n/disk.img
mkdir -p "$out/$n"
new_disk "$disk" 512
KERNEL=$pae/bzImage guest_run $n --mem 6144 --smp 2 --cpu qemu32,+pse36 --timeout 600 \
	--initrd "$pae/initrd-first.cpio.gz" --disk "$disk" --append "t=$n stage=1"
log_has $n 'vmcore: /proc/vmcore: ELF64' && pass elf64_by_itself || fail elf64_by_itself "not ELF64"
log_has $n 'dump: valid dump header: 2 CPUs' && pass valid_dump || fail valid_dump "no valid header"
above=$(guest_info $n pages_above4g)
[ "${above:-0}" -ge 8 ] && pass pattern_above_4g "$above pages" ||
	fail pattern_above_4g "want 8 pattern pages above 4 GiB, have ${above:-0}"
"$top/scripts/serial-text" "$out/$n/serial.log" | sed -n 's/^@@ PAGELIST //p' | grep -v ' user$' > "$out/$n/kernel-pages.list"
flat=$out/$n/vmcore.flat kd=$out/$n/vmcore.kd
if extract_dump "$disk" "$flat"; then
	pass extract "$(stat -c %s "$flat") bytes flattened"
	mdl=$top/tools/makedumpfile-lite/makedumpfile-lite
	rm -f "$kd"
	check rearrange "$mdl" -R "$kd" < "$flat"
	check libkdumpfile_pages kd_pages "$kd"
	hi=$(awk '$4 == "above4g" {print $2, $3; exit}' "$out/$n/kernel-pages.list")
	hipfn=${hi% *} hisalt=${hi#* }
	printf 'sys\nbt\nrd -p %#x 4\nexit\n' $((hipfn * 4096)) |
		"$top/scripts/crash-run" "$pae/vmlinux" "$kd" > "$out/$n/crash.out" 2>&1
	grep -qF 'PANIC: "Kernel panic - not syncing: sysrq triggered crash"' "$out/$n/crash.out" &&
		grep -q sysrq_handle_crash "$out/$n/crash.out" && pass crash_sys_bt ||
		fail crash_sys_bt "crash sys/bt failed (out/$n/crash.out)"
	# "DUMP" "PAT\0" pfn salt, as 32-bit words.
	want=$(printf '504d5544 00544150 %08x %08x' "$hipfn" "$hisalt")
	grep -qi "^ *[0-9a-f]*: *$want" "$out/$n/crash.out" && pass crash_rd_above_4g "$(printf '%#x' $((hipfn * 4096)))" ||
		fail crash_rd_above_4g "crash rd -p $(printf '%#x' $((hipfn * 4096))) does not show the pattern"
	# Debian's makedumpfile 1.7.2 (i386) re-filters it and reads its log.
	mkd=$build/sysroot/usr/bin/makedumpfile
	rm -f "$out/$n/mkd.kd" "$out/$n/mkd.dmesg"
	if "$top/scripts/i386-run" "$mkd" -c -d 31 "$kd" "$out/$n/mkd.kd" > "$out/$n/mkd.log" 2>&1; then
		check makedumpfile_refilters kd_pages "$out/$n/mkd.kd"
	else
		fail makedumpfile_refilters "$(tail -n 2 "$out/$n/mkd.log" | tr '\n' ' ')"
	fi
	"$top/scripts/i386-run" "$mkd" --dump-dmesg "$kd" "$out/$n/mkd.dmesg" >> "$out/$n/mkd.log" 2>&1
	grep -q 'sysrq triggered crash' "$out/$n/mkd.dmesg" 2>/dev/null && pass makedumpfile_dmesg ||
		fail makedumpfile_dmesg "makedumpfile --dump-dmesg: no panic message (out/$n/mkd.log)"
	rm -f "$flat" "$kd" "$out/$n/mkd.kd"
else
	fail extract "no filtered dump on the test disk"
fi
rm -f "$disk"
finish
