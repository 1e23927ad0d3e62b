#!/bin/bash
# A Debian 12 i386 root file system from Debian's archive, with mmdebstrap,
# cached as a tarball under build/ (the guest has no network, so every
# dependency of our packages is in it). Prints the tarball's path.
#
# usage: debian-rootfs.sh
# The host's apt sources (a snapshot of bookworm) are used as the mirror.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build
# systemd as init, what dump-tools depends on, fsck for ext4, and procps
# for the test's checks. Nothing of ours: the test installs the packages.
pkgs="systemd-sysv,udev,kexec-tools,util-linux,libelf1,zlib1g,libzstd1,liblzo2-2,e2fsprogs,procps"
key=$( { echo "$pkgs"; cat "$0"; } | sha256sum | cut -c1-12)
tar=$build/debian12-i386-$key.tar
if [ -s "$tar" ]; then
	echo "$tar"
	exit 0
fi
command -v mmdebstrap >/dev/null || {
	echo "debian-rootfs: mmdebstrap missing (scripts/deps.sh installs it)" >&2
	exit 1
}
rm -f "$build"/debian12-i386-*.tar
mirrors=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
echo "debian-rootfs: mmdebstrap bookworm i386 (${mirrors:-deb.debian.org}) -> ${tar#$top/}" >&2
# kexec-tools asks whether it should handle reboots: yes, so that its
# sysvinit kexec-load script runs at every reboot (the test proves it never
# boots an armed capture kernel).
mmdebstrap --quiet --arch=i386 --variant=minbase --format=tar --include="$pkgs" \
	--aptopt='Acquire::Check-Valid-Until "false"' \
	--customize-hook='sed -i "s/^LOAD_KEXEC=.*/LOAD_KEXEC=true/" "$1/etc/default/kexec"' \
	--customize-hook='echo dumptest > "$1/etc/hostname"' \
	--customize-hook='printf "/dev/vda / ext4 defaults,errors=remount-ro 0 1\n" > "$1/etc/fstab"' \
	--customize-hook='chroot "$1" passwd -d root' \
	bookworm "$tar.tmp" "${mirrors:-http://deb.debian.org/debian}" >&2
mv "$tar.tmp" "$tar"
echo "$tar"
