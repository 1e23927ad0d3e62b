#!/bin/bash
# i386-deps.sh SYSROOT XSYSROOT
#
# The i386 builds need libdeflate's static archive (make i386, make
# capture) and those of libelf and zlib (make capture).  Packages the project
# sysroot (scripts/deps.sh) lacks are unpacked into XSYSROOT with
# apt-get download + dpkg -x, never installed: RECIPE.md, :i386 -dev
# packages must not be installed system-wide.
set -euo pipefail
sysroot=$1
x=$2
need=""
have() { [ -e "$sysroot/usr/lib/i386-linux-gnu/$1" ] || [ -e "$sysroot/lib/i386-linux-gnu/$1" ]; }
have libdeflate.a || need="$need libdeflate-dev"
have libelf.a || need="$need libelf-dev"
have libz.a || need="$need zlib1g-dev"
mkdir -p "$x"
[ -z "$need" ] && exit 0
d=$(mktemp -d "${TMPDIR:-/tmp}/mdl-i386-debs.XXXXXX")
trap 'rm -rf "$d"' EXIT
chown _apt "$d" 2>/dev/null || true
(cd "$d" && apt-get download -qq $(printf '%s:i386 ' $need)) || {
	echo "i386-deps: apt-get download$need failed (run apt-get update?)" >&2
	exit 1
}
for f in "$d"/*.deb; do dpkg -x "$f" "$x"; done
echo "i386-deps: unpacked$need into $x" >&2
