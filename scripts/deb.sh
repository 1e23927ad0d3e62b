#!/bin/bash
# make deb: Debian 12 i386 packages into out/deb/, with dpkg-deb from our
# own i386 builds (no i386 -dev package is installed on the host:
# RECIPE.md).
#   linux-image-<rel>           the patched first kernel (KVARIANT=debian:
#                               config/variants/debian.config), /boot
#   linux-image-<rel>-dbg       its vmlinux, where crash looks for it
#   dump-capture-kernel         the capture kernel (KVARIANT=capture), with
#                               its userspace built in
#   dump-tools                  dump-config, the service, the settings,
#                               makedumpfile-lite, capture-init, man pages
# Needs: build/debian/, build/capture/ (scripts/kernel.sh) and
# tools/makedumpfile-lite/build/makedumpfile-lite.i386.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build
out=$top/out/deb
stage=$build/deb-stage
rel=$(cat "$build/debian/linux/include/config/kernel.release")
# A version that grows with every commit, for upgrades.
pv=1.0+git$(git -C "$top" rev-list --count HEAD 2>/dev/null || echo 0)
kv=$rel-$pv

rm -rf "$stage" "$out"
mkdir -p "$out"

# pkg NAME VERSION: build $stage/NAME (its DEBIAN/control already written).
pkg() {
	local d=$stage/$1
	find "$d" -type d -exec chmod 0755 {} +
	[ -d "$d/DEBIAN" ] && chmod 0755 "$d"/DEBIAN/p* 2>/dev/null || true
	(cd "$d" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z |
		xargs -0 md5sum | sed 's| \./| |' > DEBIAN/md5sums)
	dpkg-deb --root-owner-group -Zxz --build "$d" "$out/${1}_${2}_i386.deb" >/dev/null
	echo "deb: $(basename "$out/${1}_${2}_i386.deb") $(stat -c %s "$out/${1}_${2}_i386.deb") bytes"
}
size_kb() { du -sk --exclude=DEBIAN "$1" | cut -f1; }
# control DIR PACKAGE VERSION SECTION [FIELD...] < DESCRIPTION: DEBIAN/control.
control() {
	local d=$1 p=$2 v=$3 sec=$4
	shift 4
	{
		printf 'Package: %s\nVersion: %s\nArchitecture: i386\n' "$p" "$v"
		printf 'Maintainer: dump-tools maintainers <root@localhost>\n'
		printf 'Section: %s\nPriority: optional\nInstalled-Size: %s\n' "$sec" "$(size_kb "$d")"
		[ $# -gt 0 ] && printf '%s\n' "$@"
		cat
	} > "$d/DEBIAN/control"
}
doc() { # PKG: copyright
	mkdir -p "$stage/$1/usr/share/doc/$1"
	cat > "$stage/$1/usr/share/doc/$1/copyright" <<-E
	Memory-preserving crash dumps for 32-bit x86 Linux 6.1.
	Kernel code: GPL-2.0 (as Linux). Tools: GPL-2.0-or-later.
	E
}

# The first kernel.
d=$stage/linux-image-$rel
mkdir -p "$d/boot" "$d/DEBIAN"
install -m 0644 "$build/debian/bzImage" "$d/boot/vmlinuz-$rel"
install -m 0644 "$build/debian/linux/.config" "$d/boot/config-$rel"
install -m 0644 "$build/debian/linux/System.map" "$d/boot/System.map-$rel"
doc "linux-image-$rel"
control "$d" "linux-image-$rel" "$kv" kernel "Provides: linux-image" "Recommends: dump-tools" <<E
Description: Linux $rel for 32-bit x86 with memory-preserving crash dumps
 The Linux 6.1 kernel with the dump_backup= patch set: boot it with
 dump_backup=16M and install dump-tools, and a panic saves the whole of
 RAM to /var/crash. Everything is built in: no modules, no initrd needed
 for ext4 on virtio, SATA (AHCI) or NVMe disks.
E
# Let the boot loader hooks (grub, initramfs-tools) see the kernel come
# and go, as Debian's kernel packages do: on configure and remove only.
# Everything is built in, so no initrd is asked for.
for s in postinst:configure postrm:remove; do
	cat > "$d/DEBIAN/${s%:*}" <<E
#!/bin/sh
set -e
if [ "\$1" = ${s#*:} ] && [ -d /etc/kernel/${s%:*}.d ]; then
	DEB_MAINT_PARAMS="\$*" INITRD=No run-parts --report --exit-on-error --arg=$rel \\
		--arg=/boot/vmlinuz-$rel /etc/kernel/${s%:*}.d
fi
exit 0
E
done
pkg "linux-image-$rel" "$kv"

# Its debug symbols (crash /usr/lib/debug/boot/vmlinux-$rel vmcore).
d=$stage/linux-image-$rel-dbg
mkdir -p "$d/usr/lib/debug/boot" "$d/DEBIAN"
install -m 0644 "$build/debian/vmlinux" "$d/usr/lib/debug/boot/vmlinux-$rel"
doc "linux-image-$rel-dbg"
control "$d" "linux-image-$rel-dbg" "$kv" debug <<E
Description: Debug symbols for Linux $rel (vmlinux for crash)
 The vmlinux that crash and makedumpfile need to read the dumps of
 linux-image-$rel.
E
pkg "linux-image-$rel-dbg" "$kv"

# The capture kernel.
d=$stage/dump-capture-kernel
mkdir -p "$d/usr/lib/dump-tools" "$d/DEBIAN"
install -m 0644 "$build/capture/bzImage" "$d/usr/lib/dump-tools/vmlinuz-capture"
# Padded with zeros to its decompressor's footprint. kexec-tools before
# 2.0.30 reserves only the file for an i386 kernel, and 2.0.26 (Debian 12)
# puts an RNG seed setup_data page right after it once the CRNG is ready
# (setup_rng_seed(), kexec/arch/i386/x86-linux-setup.c): inside the
# footprint, which the arm check refuses. A longer file moves the seed out.
k=$d/usr/lib/dump-tools/vmlinuz-capture
setup=$(od -An -tu1 -j $((0x1f1)) -N1 "$k" | tr -d ' ')
[ "$setup" = 0 ] && setup=4
init=$(od -An -tu4 -j $((0x260)) -N4 "$k" | tr -d ' ')
want=$(( ((setup + 1) * 512 + init + 4095) / 4096 * 4096 ))
[ "$(stat -c %s "$k")" -lt "$want" ] && truncate -s "$want" "$k"
doc dump-capture-kernel
control "$d" "dump-capture-kernel" "$pv" kernel <<E
Description: Capture kernel for memory-preserving crash dumps
 A small Linux $(cat "$build/capture/linux/include/config/kernel.release") that runs inside the default 16 MiB low
 window after a panic, with busybox, capture-init and a static
 makedumpfile-lite built in: it saves the dump and reboots.
E
pkg dump-capture-kernel "$pv"

# The userspace.
d=$stage/dump-tools
mkdir -p "$d/usr/sbin" "$d/usr/bin" "$d/usr/lib/dump-tools" "$d/lib/systemd/system" \
	"$d/etc/default" "$d/usr/share/man/man8" "$d/var/crash" "$d/DEBIAN"
install -m 0755 "$top/tools/dump-tools/dump-config" "$d/usr/sbin/dump-config"
install -m 0755 "$top/tools/makedumpfile-lite/build/makedumpfile-lite.i386" "$d/usr/bin/makedumpfile-lite"
strip "$d/usr/bin/makedumpfile-lite"
install -m 0755 "$top/tools/capture-init" "$d/usr/lib/dump-tools/capture-init"
install -m 0644 "$top/tools/dump-tools/dump-tools.service" "$d/lib/systemd/system/dump-tools.service"
install -m 0644 "$top/tools/dump-tools/default" "$d/etc/default/dump-tools"
gzip -9n < "$top/tools/dump-tools/dump-config.8" > "$d/usr/share/man/man8/dump-config.8.gz"
gzip -9n < "$top/tools/makedumpfile-lite/makedumpfile-lite.8" > "$d/usr/share/man/man8/makedumpfile-lite.8.gz"
doc dump-tools
echo /etc/default/dump-tools > "$d/DEBIAN/conffiles"
control "$d" "dump-tools" "$pv" admin "Depends: kexec-tools, util-linux, libc6 (>= 2.34), libelf1, zlib1g, libzstd1, liblzo2-2" "Recommends: dump-capture-kernel" "Suggests: crash" <<E
Description: Memory-preserving crash dumps for 32-bit x86: service and tools
 dump-config and the dump-tools service arm the capture kernel at boot
 (settings in /etc/default/dump-tools) and report each new dump once;
 makedumpfile-lite filters, compresses and verifies vmcores as a drop-in
 for makedumpfile.
E
cat > "$d/DEBIAN/postinst" <<'E'
#!/bin/sh
set -e
# First install: /var/crash private, the service enabled. An upgrade keeps
# what the admin chose, and re-arms only an enabled service.
if [ "$1" = configure ]; then
	if [ -z "$2" ]; then
		chmod 0700 /var/crash
		if command -v systemctl >/dev/null; then
			systemctl enable dump-tools.service >/dev/null 2>&1 || true
		fi
	fi
	if [ -d /run/systemd/system ]; then
		systemctl daemon-reload || true
		if systemctl -q is-enabled dump-tools.service; then
			systemctl restart dump-tools.service || true
		fi
	fi
fi
exit 0
E
cat > "$d/DEBIAN/prerm" <<'E'
#!/bin/sh
set -e
if [ "$1" = remove ]; then
	if [ -d /run/systemd/system ]; then
		systemctl stop dump-tools.service >/dev/null 2>&1 || true
	fi
	dump-config unload >/dev/null 2>&1 || true
	if command -v systemctl >/dev/null; then
		systemctl disable dump-tools.service >/dev/null 2>&1 || true
	fi
fi
exit 0
E
cat > "$d/DEBIAN/postrm" <<'E'
#!/bin/sh
set -e
if [ "$1" = remove ] && [ -d /run/systemd/system ]; then
	systemctl daemon-reload || true
fi
exit 0
E
pkg dump-tools "$pv"
