// SPDX-License-Identifier: GPL-2.0
/*
 * Pure checks of a loaded kexec image, used at load time and again at
 * panic, when nothing the dying kernel left behind can be trusted:
 *
 * - dump_kexec_walk() follows the entry list exactly as i386
 *   relocate_kernel's swap_pages does (same flag precedence, same
 *   "ignore unknown entries"), bounded by page counts recorded at load,
 *   so a corrupt or cyclic list ends in an error instead of a loop, and
 *   every destination is checked to lie inside the low window.
 * - dump_bzimage_check() reads the boot_params page kexec-tools built and
 *   refuses an image whose decompressor could write outside the window:
 *   [load address aligned up, + init_size) must fit, and KASLR must be off.
 *
 * Memory is reached only through the caller's accessor, so the same code
 * runs over real pages in the kernel and over tables in the host tests.
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/dump_format.h>

/* The entry flags of include/linux/kexec.h, the ABI of relocate_kernel. */
#define DUMP_IND_DESTINATION	0x1
#define DUMP_IND_INDIRECTION	0x2
#define DUMP_IND_DONE		0x4
#define DUMP_IND_SOURCE		0x8

static int dump_walk_bad(const char **why, const char *msg)
{
	*why = msg;
	return -EINVAL;
}

/**
 * dump_kexec_walk() - follow a kexec entry list as relocation will
 * @l: accessor, bounds and window
 * @head: the first entry (struct kimage's head)
 * @sum: counts and the checksum of every entry word, in walk order
 * @why: on failure, a one-line reason
 *
 * The checksum chains the entry words only; @l->page() sees every
 * (destination, source) pair and checksums page contents itself.
 *
 * Return: 0; -EINVAL for a list relocation must not run (a reason in
 * @why); the accessor's error when a page cannot be read.
 */
int dump_kexec_walk(const struct dump_kexec_list *l, u64 head,
		    struct dump_kexec_sum *sum, const char **why)
{
	u64 entry = head, ind = 0, dest = 0;
	bool have_dest = false;
	u32 idx = 0, steps = 0;
	int ret;

	memset(sum, 0, sizeof(*sum));
	*why = NULL;
	for (;;) {
		sum->entries = dump_csum_u64(sum->entries, entry);
		if (entry & DUMP_IND_DESTINATION) {
			dest = entry & ~(DUMP_PAGE_SIZE - 1);
			have_dest = true;
		} else if (entry & DUMP_IND_INDIRECTION) {
			if (++sum->nr_ind > l->max_ind)
				return dump_walk_bad(why, "too many indirection pages (a loop?)");
			ind = entry & ~(DUMP_PAGE_SIZE - 1);
			idx = 0;
		} else if (entry & DUMP_IND_DONE) {
			break;
		} else if (entry & DUMP_IND_SOURCE) {
			if (++sum->nr_pages > l->max_pages)
				return dump_walk_bad(why, "more source pages than recorded");
			if (!have_dest)
				return dump_walk_bad(why, "a source page before any destination");
			if (dest >= l->window || l->window - dest < DUMP_PAGE_SIZE)
				return dump_walk_bad(why, "a destination is outside the window");
			ret = l->page(l->ctx, dest, entry & ~(DUMP_PAGE_SIZE - 1));
			if (ret) {
				*why = "a source page cannot be read";
				return ret;
			}
			dest += DUMP_PAGE_SIZE;
		}
		/* Entries without a known flag are skipped, as relocation does. */
		if (!sum->nr_ind)
			return dump_walk_bad(why, "the list does not start with a page link");
		if (idx >= l->entries_per_page)
			return dump_walk_bad(why, "an indirection page does not end in a link");
		if (++steps > (l->max_ind + 1) * l->entries_per_page)
			return dump_walk_bad(why, "the list does not end");
		ret = l->entry(l->ctx, ind, idx++, &entry);
		if (ret) {
			*why = "an indirection page cannot be read";
			return ret;
		}
	}
	return 0;
}

/* Offsets in boot_params (Documentation/x86/boot.rst, zero-page.rst). */
#define BP_SYSSIZE		0x1f4
#define BP_HEADER		0x202
#define BP_VERSION		0x206
#define BP_KERNEL_ALIGNMENT	0x230
#define BP_RELOCATABLE		0x234
#define BP_PREF_ADDRESS		0x258
#define BP_INIT_SIZE		0x260

static u32 dump_le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static u64 dump_le64(const u8 *p)
{
	return dump_le32(p) | (u64)dump_le32(p + 4) << 32;
}

/**
 * dump_is_boot_params() - is this page a boot_params with a setup header?
 * @page: DUMP_PAGE_SIZE bytes
 *
 * Only the "HdrS" signature: kexec-tools copies the setup header but
 * zeroes the byte after it (aux_device_info), half of boot_flag.
 *
 * Return: true when the header says "HdrS".
 */
bool dump_is_boot_params(const u8 *page)
{
	return !memcmp(page + BP_HEADER, "HdrS", 4);
}

/**
 * dump_boot_footprint() - where the decompressor of a loaded bzImage writes
 * @bp: its boot_params page (dump_is_boot_params() is true)
 * @segs: the image's segments
 * @nr: their number
 * @bp_seg: the index of the boot_params segment in @segs
 * @end: the highest end of the footprint over the candidate load addresses
 * @why: on failure, a one-line reason
 *
 * The 32-bit decompressor (arch/x86/boot/compressed/head_32.S) extracts
 * to its load address rounded up to kernel_alignment, or to pref_address
 * when that is higher (always there if not relocatable), and uses
 * init_size bytes from there. kexec-tools before 2.0.30 gives the kernel
 * segment only the file's size, so the segment check alone misses the
 * rest. The kernel segment is the one whose data is syssize * 16 bytes
 * long; when none is, every other segment is taken as a candidate.
 *
 * Return: 0, or -EINVAL for a header that cannot be checked.
 */
int dump_boot_footprint(const u8 *bp, const struct dump_segment *segs, u32 nr,
			u32 bp_seg, u64 *end, const char **why)
{
	u32 align = dump_le32(bp + BP_KERNEL_ALIGNMENT);
	u64 pref = dump_le64(bp + BP_PREF_ADDRESS);
	u64 init = dump_le32(bp + BP_INIT_SIZE);
	u64 sys = (u64)dump_le32(bp + BP_SYSSIZE) * 16;
	bool reloc = bp[BP_RELOCATABLE];
	u32 i, found = 0;
	int pass;

	*end = 0;
	if ((bp[BP_VERSION] | bp[BP_VERSION + 1] << 8) < 0x020a)
		return dump_walk_bad(why, "boot protocol older than 2.10 (no init_size)");
	if (reloc && (!align || (align & (align - 1))))
		return dump_walk_bad(why, "bad kernel_alignment in the setup header");
	for (pass = 0; pass < 2 && !found; pass++) {
		for (i = 0; i < nr; i++) {
			u64 start = pref;

			if (i == bp_seg || (!pass && segs[i].bufsz != sys))
				continue;
			if (reloc) {
				start = (segs[i].mem + align - 1) & ~((u64)align - 1);
				if (start < pref)
					start = pref;
			}
			if (start + init > *end)
				*end = start + init;
			found++;
		}
	}
	if (!found)
		return dump_walk_bad(why, "no kernel segment");
	*why = NULL;
	return 0;
}

/* The next blank-separated word of @s at or after *@pos; its length. */
static u32 dump_next_word(const char *s, u32 *pos)
{
	u32 n = 0;

	while (s[*pos] == ' ' || s[*pos] == '\t' || s[*pos] == '\n')
		(*pos)++;
	while (s[*pos + n] && s[*pos + n] != ' ' && s[*pos + n] != '\t' &&
	       s[*pos + n] != '\n')
		n++;
	return n;
}

static bool dump_word_is(const char *w, u32 n, const char *want)
{
	return strlen(want) == n && !memcmp(w, want, n);
}

/* "key=" at the start of the word: the value, else NULL. */
static const char *dump_word_value(const char *w, u32 n, const char *key)
{
	size_t k = strlen(key);

	return n > k && !memcmp(w, key, k) ? w + k : NULL;
}

/**
 * dump_cmdline_check() - will a capture kernel with this command line keep
 *	to the window and find this kernel's header?
 * @cmdline: the loaded image's command line (NUL-terminated)
 * @window: this kernel's window size
 * @base: this kernel's backup base
 * @implicit: true when a capture kernel without dump_backup= would use
 *	@window and @base (this kernel runs with its built-in defaults)
 * @why: on failure, a one-line reason
 *
 * It must say "dump"; it must turn KASLR off ("nokaslr") unless "mem="
 * keeps the decompressor's random choice inside the window; its
 * dump_backup=, if any, must be this kernel's.
 *
 * Return: 0, or -EINVAL with a reason.
 */
int dump_cmdline_check(const char *cmdline, u64 window, u64 base, bool implicit,
		       const char **why)
{
	bool dump = false, nokaslr = false, mem_ok = false, backup = false;
	u32 pos = 0, n;

	while ((n = dump_next_word(cmdline, &pos))) {
		const char *w = cmdline + pos, *v;
		char val[32];
		u64 size, b;
		const char *end;

		if (dump_word_is(w, n, "dump"))
			dump = true;
		else if (dump_word_is(w, n, "nokaslr"))
			nokaslr = true;
		v = dump_word_value(w, n, "mem=");
		if (v && !dump_parse_size(v, &size, &end) && end == w + n)
			mem_ok = size <= window;
		v = dump_word_value(w, n, "dump_backup=");
		if (v) {
			if (w + n - v >= (long)sizeof(val))
				return dump_walk_bad(why, "its dump_backup= is not this kernel's");
			memcpy(val, v, w + n - v);
			val[w + n - v] = 0;
			if (dump_parse_backup(val, &size, &b) || size != window || b != base)
				return dump_walk_bad(why, "its dump_backup= is not this kernel's");
			backup = true;
		}
		pos += n;
	}
	if (!dump)
		return dump_walk_bad(why, "its command line lacks \"dump\" (it would use all RAM)");
	if (!nokaslr && !mem_ok)
		return dump_walk_bad(why,
				     "its command line lacks \"nokaslr\" (KASLR may place it outside the window)");
	if (!backup && !implicit)
		return dump_walk_bad(why, "its command line lacks this kernel's dump_backup=");
	*why = NULL;
	return 0;
}
