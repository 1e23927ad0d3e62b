# Memory-preserving crash dumps for 32-bit x86 Linux 6.1.
# make demo | check | bench; see README.md.
.PHONY: all deps kernel kernel-pae kernel-deb deb check check-run demo bench unit clean distclean

all: kernel

deps:
	@scripts/deps.sh

# The guest userspace is built into the bzImage, so it comes first; the
# first kernel's extra initrd carries the bzImage, so it comes last.
kernel: deps
	@$(MAKE) -s -C tools/makedumpfile-lite capture
	@scripts/initramfs.sh builtin
	@scripts/kernel.sh $(CURDIR)/build/initramfs.list
	@scripts/initramfs.sh first

# The PAE test kernel (HIGHMEM64G), same userspace: build/pae/.
kernel-pae: kernel
	@KVARIANT=pae scripts/kernel.sh $(CURDIR)/build/initramfs.list
	@scripts/initramfs.sh first pae

# The packaged kernels: the capture kernel (its userspace built in) and
# the first kernel for a Debian system; make deb packs them with dump-tools.
kernel-deb: deps
	@$(MAKE) -s -C tools/makedumpfile-lite capture i386
	@scripts/initramfs.sh capture
	@KVARIANT=capture scripts/kernel.sh $(CURDIR)/build/initramfs-capture.list
	@KVARIANT=debian scripts/kernel.sh

deb: kernel-deb
	@scripts/deb.sh

# Host unit tests only (fast; no kernel, no QEMU).
unit: deps
	@test/run.sh t001

# Prints its own wall time, package installs and kernel builds included.
check:
	@start=$$(date +%s); $(MAKE) --no-print-directory check-run; rc=$$?; \
	t=$$(( $$(date +%s) - start )); \
	echo "make check: wall time $$((t / 60)) min $$((t % 60)) s"; exit $$rc

check-run: kernel kernel-pae deb
	@$(MAKE) -s -C tools/makedumpfile-lite all
	@test/run.sh $(TESTS)

demo: kernel
	@scripts/demo.sh

bench: kernel
	@$(MAKE) -s -C tools/makedumpfile-lite all
	@scripts/bench.sh

clean:
	rm -rf out build/guest build/initramfs.list build/initrd-first*

distclean:
	rm -rf out build
