#!/bin/bash
# Guest userspace.
#   initramfs.sh builtin  -> build/initramfs.list: busybox, /init, the
#       scenarios and the static test program, for CONFIG_INITRAMFS_SOURCE
#       (built into the bzImage, so a capture kernel needs no initrd:
#       kexec-tools never places an initrd below 16 MiB, RECIPE.md).
#   initramfs.sh capture  -> build/initramfs-capture.list: the packaged
#       capture kernel's userspace: busybox, tools/capture-init as /init,
#       the static makedumpfile-lite. Nothing of the tests.
#   initramfs.sh first [VARIANT] -> build[/VARIANT]/initrd-first.cpio.gz:
#       kexec, its libc and /boot/bzImage, for the first kernel only (needs
#       the kernel built).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build
sysroot=$build/sysroot
mode=${1:?usage: initramfs.sh builtin|capture|first [VARIANT]}
variant=${2:-}

# dirs DIR...: their entries; busybox: the console and busybox as /bin/sh.
dirs() { for d in "$@"; do echo "dir $d 0755 0 0"; done; }
busybox() {
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "file /bin/busybox $sysroot/bin/busybox 0755 0 0"
	echo "slink /bin/sh /bin/busybox 0777 0 0"
}
# update LIST: stdin becomes LIST, untouched when the same (no relink).
update() {
	cat > "$1.new"
	if cmp -s "$1.new" "$1"; then rm -f "$1.new"; else mv "$1.new" "$1"; fi
}

case "$mode" in
builtin)
	mkdir -p "$build/guest"
	srcs=$(ls "$top"/test/guest/*.c 2>/dev/null || true)
	prog=$build/guest/dumptest
	if [ -n "$srcs" ]; then
		newest=$(ls -t $srcs "$0" | head -n 1)
		if [ ! -x "$prog" ] || [ "$newest" -nt "$prog" ]; then
			gcc -m32 -static -O2 -D_FILE_OFFSET_BITS=64 -Wall -Wextra -Werror -I"$top/test/guest" \
				-o "$prog.tmp" $srcs
			mv "$prog.tmp" "$prog"
		fi
	fi
	{
		dirs /bin /sbin /usr /usr/bin /usr/sbin /dev /proc /sys /tmp \
			/lib /scenarios /mnt /var /var/crash /root
		busybox
		echo "file /init $top/test/guest/init 0755 0 0"
		echo "file /lib/guest.sh $top/test/guest/guest.sh 0644 0 0"
		for s in "$top"/test/guest/scenarios/*.sh; do
			echo "file /scenarios/$(basename "$s") $s 0644 0 0"
		done
		[ -x "$prog" ] && echo "file /bin/dumptest $prog 0755 0 0"
		[ -f "$top/tools/capture-init" ] &&
			echo "file /sbin/capture-init $top/tools/capture-init 0755 0 0"
		mdl=$top/tools/makedumpfile-lite/build/makedumpfile-lite.capture
		[ -x "$mdl" ] && echo "file /sbin/makedumpfile-lite $mdl 0755 0 0"
	} | update "$build/initramfs.list"
	;;
capture)
	mdl=$top/tools/makedumpfile-lite/build/makedumpfile-lite.capture
	[ -x "$mdl" ] || { echo "initramfs: $mdl not built (make -C tools/makedumpfile-lite capture)" >&2; exit 1; }
	{
		dirs /bin /sbin /usr /usr/bin /usr/sbin /dev /proc /sys /tmp /mnt
		busybox
		echo "file /sbin/capture-init $top/tools/capture-init 0755 0 0"
		echo "slink /init /sbin/capture-init 0777 0 0"
		echo "file /sbin/makedumpfile-lite $mdl 0755 0 0"
	} | update "$build/initramfs-capture.list"
	;;
first)
	dir=$build${variant:+/$variant}
	tree=$dir/linux
	out=$dir/initrd-first.cpio.gz
	{
		dirs /boot /sbin /lib /lib/i386-linux-gnu
		echo "file /boot/bzImage $dir/bzImage 0644 0 0"
		echo "file /sbin/kexec $sysroot/sbin/kexec 0755 0 0"
		echo "file /lib/ld-linux.so.2 $sysroot/lib/i386-linux-gnu/ld-linux.so.2 0755 0 0"
		echo "file /lib/i386-linux-gnu/libc.so.6 $sysroot/lib/i386-linux-gnu/libc.so.6 0755 0 0"
	} > "$dir/initrd-first.list"
	"$tree/usr/gen_init_cpio" "$dir/initrd-first.list" | gzip -1 > "$out.tmp"
	mv "$out.tmp" "$out"
	;;
*)
	echo "usage: initramfs.sh builtin|capture|first [VARIANT]" >&2
	exit 2
	;;
esac
