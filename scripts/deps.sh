#!/bin/bash
# Install what the build and the tests need, idempotently, as root.
# Host packages come from Debian's archive; the i386 guest and consumer
# binaries (busybox, kexec, crash, makedumpfile) are unpacked into a private
# sysroot instead of being installed: RECIPE.md, installing crash:i386
# removes the host's binutils/gcc and makedumpfile:i386 clashes on libdw1.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
sysroot=${SYSROOT:-$top/build/sysroot}

host_pkgs="linux-source-6.1 qemu-system-x86 qemu-user gcc-multilib libelf-dev
ccache bc bison flex cpio xz-utils zlib1g-dev libzstd-dev liblzo2-dev clang
libclang-rt-14-dev elfutils libssl-dev make gcc perl python3 e2fsprogs libdeflate-dev python3-libkdumpfile python3-drgn
mmdebstrap"
i386_pkgs="busybox-static kexec-tools libc6 crash libgcc-s1 liblzo2-2
libncursesw6 libsnappy1v5 libstdc++6 libtinfo6 libzstd1 makedumpfile libdw1
libelf1 zlib1g liblzma5 libbz2-1.0 libdeflate0 libdeflate-dev libelf-dev zlib1g-dev"

if [ "$(id -u)" != 0 ]; then
	echo "deps: must run as root (apt-get)" >&2
	exit 1
fi

updated=0
apt_update() {
	[ $updated = 1 ] && return 0
	# A mirror in mid-sync fails one index now and then; the rest is usable.
	apt-get update -qq || echo "deps: apt-get update reported errors, continuing" >&2
	updated=1
}

if ! dpkg --print-foreign-architectures | grep -qx i386; then
	dpkg --add-architecture i386
	apt_update
fi

missing=""
for p in $host_pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	apt_update
	echo "deps: installing$missing"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

stamp=$sysroot/.pkgs
want=$(echo $i386_pkgs)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	apt-cache show busybox-static:i386 >/dev/null 2>&1 || apt_update
	rm -rf "$sysroot" "$sysroot.debs"
	mkdir -p "$sysroot.debs"
	chown _apt "$sysroot.debs" 2>/dev/null || true
	(cd "$sysroot.debs" && apt-get download -qq $(printf '%s:i386 ' $i386_pkgs))
	mkdir -p "$sysroot"
	for d in "$sysroot.debs"/*.deb; do
		dpkg -x "$d" "$sysroot"
	done
	rm -rf "$sysroot.debs"
	echo "$want" > "$stamp"
	echo "deps: i386 sysroot ready in $sysroot"
fi
