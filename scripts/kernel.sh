#!/bin/bash
# Build the i386 test kernel: a pristine linux-source-6.1 tree per patch
# series (a changed patch never lands on an older patched tree), our patches
# applied in order, our new files copied in, the config fragments merged on
# tinyconfig and checked line by line, bzImage + vmlinux built with ccache.
#
# usage: kernel.sh [INITRAMFS_LIST]
# Prints nothing but progress; leaves build/bzImage and build/vmlinux.
# KVARIANT=V: the same with config/variants/V.config on top, in a tree of
# its own; leaves build/V/bzImage, vmlinux. pae: the PAE test kernel;
# capture and debian: the packaged kernels (make deb), whose variant files
# say "kernel.sh: no test options" to leave out config/test.config.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build
tarball=/usr/src/linux-source-6.1.tar.xz
initramfs_list=${1:-}
jobs=${JOBS:-$(nproc)}

mkdir -p "$build"
shopt -s nullglob
patches=("$top"/patches/*.patch)
series=$(cd "$top" && { printf '%s\n' "${patches[@]##*/}"; cat /dev/null "${patches[@]}"; } |
	sha256sum | cut -c1-12)
variant=${KVARIANT:-}
tree=$build/linux-$series${variant:+-$variant}
dest=$build${variant:+/$variant}

if [ ! -f "$tree/.dump-patched" ]; then
	for old in "$build"/linux-*${variant:+-$variant}; do
		# Another variant's tree (linux-<series>-<variant>) is not ours.
		[ -z "$variant" ] && [[ "${old##*/}" == linux-*-* ]] && continue
		[ -d "$old" ] && [ "$old" != "$tree" ] && rm -rf "$old"
	done
	rm -rf "$tree" "$tree.tmp"
	mkdir -p "$tree.tmp"
	echo "kernel: unpacking pristine tree for series $series"
	tar xJf "$tarball" -C "$tree.tmp" --strip-components=1
	for p in "${patches[@]}"; do
		echo "kernel: applying $(basename "$p")"
		patch -d "$tree.tmp" -p1 --quiet --forward --batch < "$p" || {
			echo "kernel: patch $(basename "$p") does not apply" >&2
			exit 1
		}
	done
	touch "$tree.tmp/.dump-patched"
	mv "$tree.tmp" "$tree"
fi

# Our new files, at their kernel paths. Copy only what changed so that
# make rebuilds only that.
(cd "$top" && find arch drivers include -type f 2>/dev/null) | while read -r f; do
	if ! cmp -s "$top/$f" "$tree/$f"; then
		mkdir -p "$(dirname "$tree/$f")"
		cp "$top/$f" "$tree/$f"
	fi
done

# Config: regenerate only when an input changed.
frag=$build/fragment${variant:+-$variant}.config
{
	if [ -n "$variant" ]; then
		# The variant's lines replace the same options of the base fragments.
		opts=$(sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=.*/\1/p; s/^# \(CONFIG_[A-Z0-9_]*\) is not set/\1/p' \
			"$top/config/variants/$variant.config" | paste -sd'|')
		bases=("$top"/config/*.config)
		grep -q '^# kernel.sh: no test options' "$top/config/variants/$variant.config" &&
			bases=("$top/config/dump-i386.config")
		cat "${bases[@]}" | grep -vE "^($opts)=|^# ($opts) is not set"
		cat "$top/config/variants/$variant.config"
	else
		cat "$top"/config/*.config
	fi
	if [ -n "$initramfs_list" ]; then
		echo "CONFIG_INITRAMFS_SOURCE=\"$initramfs_list\""
	fi
} > "$frag.new"
if ! cmp -s "$frag.new" "$frag" || [ ! -f "$tree/.config" ]; then
	echo "kernel: configuring"
	# Kconfig's "override" chatter goes to build/config.log.
	if ! { make -C "$tree" -s ARCH=i386 tinyconfig &&
		(cd "$tree" && ARCH=i386 scripts/kconfig/merge_config.sh -m .config "$frag.new") &&
		make -C "$tree" -s ARCH=i386 olddefconfig; } > "$build/config.log" 2>&1; then
		tail -n 20 "$build/config.log" >&2
		echo "kernel: configuration failed (build/config.log)" >&2
		exit 1
	fi
	bad=0
	while read -r line; do
		case "$line" in
		CONFIG_*=*)
			grep -qxF "$line" "$tree/.config" || {
				echo "kernel: config line did not stick: $line (have: $(grep "^${line%%=*}=" "$tree/.config" || echo unset))" >&2
				bad=1
			} ;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }; sym=${sym%% *}
			! grep -q "^$sym=" "$tree/.config" || {
				echo "kernel: config line did not stick: $line" >&2
				bad=1
			} ;;
		esac
	done < "$frag.new"
	[ $bad = 0 ] || exit 1
	mv "$frag.new" "$frag"
else
	rm -f "$frag.new"
fi

export CCACHE_BASEDIR=$tree CCACHE_NOHASHDIR=1 CCACHE_SLOPPINESS=time_macros,include_file_mtime
echo "kernel: building (make -j$jobs)"
make -C "$tree" -s ARCH=i386 -j"$jobs" CC="ccache gcc" \
	KBUILD_BUILD_TIMESTAMP="2004-08-17" KBUILD_BUILD_USER=dump KBUILD_BUILD_HOST=build \
	bzImage
mkdir -p "$dest"
ln -sfn "$tree/arch/x86/boot/bzImage" "$dest/bzImage"
ln -sfn "$tree/vmlinux" "$dest/vmlinux"
ln -sfn "$tree" "$dest/linux"
