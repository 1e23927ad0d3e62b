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
 * (destination, source) pair and checksums page contents itself. The
 * indirection pages are recorded in @l->links (at load) or must match it
 * link by link before they are read (at panic, @l->check_links): a
 * corrupted link is refused before it is followed.
 *
 * Return: 0; -EINVAL for a list relocation must not run (a reason in
 * @why); the accessor's error when a page cannot be read.
 */
int dump_kexec_walk(const struct dump_kexec_list *l, u64 head,
		    struct dump_kexec_sum *sum, const char **why)
{
	u64 entry = head, ind = 0, dest = 0;
	bool have_dest = false;
	u32 idx = 0;
	u64 steps = 0;
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
			if (l->check_links && l->links[sum->nr_ind - 1] != ind)
				return dump_walk_bad(why, "an indirection page moved");
			if (!l->check_links && l->links)
				l->links[sum->nr_ind - 1] = ind;
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
		if (++steps > ((u64)l->max_ind + 1) * l->entries_per_page)
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

/* Does [start, end) share a byte with a segment other than @self? */
static bool dump_covers_other(const struct dump_segment *segs, u32 nr, u32 self,
			      u64 start, u64 end)
{
	u32 j;

	for (j = 0; j < nr; j++)
		if (j != self && segs[j].mem < end && start < segs[j].mem + segs[j].memsz)
			return true;
	return false;
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
 * rest. The kernel segment is the one the caller found kernel_info in
 * (boot protocol 2.15, Linux 5.5); else the one whose data is syssize * 16
 * bytes long; else those with more (a kernel padded with zeros to its
 * footprint, as the dump-tools package ships its capture kernel, so that
 * kexec-tools places nothing inside it; an initrd longer than the
 * compressed kernel counts too here, which can only refuse more); else
 * every other segment is a candidate. The footprint must not cover any
 * other segment: boot_params, the command line and an initrd are read
 * after the decompressor has run.
 *
 * Return: 0; -EINVAL for a header that cannot be checked; -ERANGE when
 * the footprint covers another segment (@end is set all the same).
 */
int dump_boot_footprint(const u8 *bp, const struct dump_segment *segs, u32 nr,
			u32 bp_seg, u64 *end, const char **why)
{
	u32 align = dump_le32(bp + BP_KERNEL_ALIGNMENT);
	u64 pref = dump_le64(bp + BP_PREF_ADDRESS);
	u64 init = dump_le32(bp + BP_INIT_SIZE);
	u64 sys = (u64)dump_le32(bp + BP_SYSSIZE) * 16;
	bool reloc = bp[BP_RELOCATABLE], covers = false;
	u32 i, found = 0;
	int pass;

	*end = 0;
	if ((bp[BP_VERSION] | bp[BP_VERSION + 1] << 8) < 0x020a)
		return dump_walk_bad(why, "boot protocol older than 2.10 (no init_size)");
	if (reloc && (!align || (align & (align - 1))))
		return dump_walk_bad(why, "bad kernel_alignment in the setup header");
	for (pass = 0; pass < 4 && !found; pass++) {
		for (i = 0; i < nr; i++) {
			u64 start = pref;

			if (i == bp_seg || (pass == 0 && !segs[i].kernel) ||
			    (pass == 1 && segs[i].bufsz != sys) ||
			    (pass == 2 && segs[i].bufsz <= sys))
				continue;
			if (reloc) {
				start = (segs[i].mem + align - 1) & ~((u64)align - 1);
				if (start < pref)
					start = pref;
			}
			covers |= dump_covers_other(segs, nr, i, start, start + init);
			if (start + init > *end)
				*end = start + init;
			found++;
		}
	}
	if (!found)
		return dump_walk_bad(why, "no kernel segment");
	if (covers) {
		*why = "its decompressor would overwrite another segment";
		return -ERANGE;
	}
	*why = NULL;
	return 0;
}

static bool dump_isspace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* One parameter, split as the kernel's next_arg() splits it. */
struct dump_arg {
	const char *param;
	u32 plen;
	const char *val;	/* NULL for a word without '=' */
	u32 vlen;
};

/*
 * The parameter at @pos in @s, with next_arg()'s rules: blanks separate,
 * double quotes group (and are dropped from the value), the first '=' after
 * the first character splits. Return: where the next one starts.
 */
static u32 dump_next_arg(const char *s, u32 pos, struct dump_arg *a)
{
	bool in_quote = false, quoted = false;
	u32 i, equals = 0;
	const char *w;

	while (dump_isspace(s[pos]))
		pos++;
	w = s + pos;
	if (*w == '"') {
		w++;
		in_quote = true;
		quoted = true;
	}
	for (i = 0; w[i]; i++) {
		if (dump_isspace(w[i]) && !in_quote)
			break;
		if (!equals && i && w[i] == '=')
			equals = i;
		if (w[i] == '"')
			in_quote = !in_quote;
	}
	a->param = w;
	a->plen = equals ? equals : i;
	a->val = NULL;
	a->vlen = 0;
	if (equals) {
		a->val = w + equals + 1;
		a->vlen = i - equals - 1;
		if (a->vlen && *a->val == '"') {
			a->val++;
			a->vlen--;
			if (a->vlen && a->val[a->vlen - 1] == '"')
				a->vlen--;
		}
	} else if (quoted && i && w[i - 1] == '"') {
		a->plen--;
	}
	return w + i - s;
}

/* parameq(): the parameter is @name, '-' and '_' alike. */
static bool dump_arg_is(const struct dump_arg *a, const char *name)
{
	u32 i;

	if (strlen(name) != a->plen)
		return false;
	for (i = 0; i < a->plen; i++) {
		char c = a->param[i] == '-' ? '_' : a->param[i];

		if (c != name[i])
			return false;
	}
	return true;
}

/* cmdline_find_option_bool(): a blank-separated word, quotes not special. */
static bool dump_has_word(const char *s, const char *word)
{
	size_t n = strlen(word);
	const char *p = s;

	while (*p) {
		while (dump_isspace(*p))
			p++;
		if (!strncmp(p, word, n) && (!p[n] || dump_isspace(p[n])))
			return true;
		while (*p && !dump_isspace(*p))
			p++;
	}
	return false;
}

/* Copy a value into a NUL-terminated buffer; false if it does not fit. */
static bool dump_arg_val(const struct dump_arg *a, char *buf, size_t len)
{
	if (!a->val || a->vlen >= len)
		return false;
	memcpy(buf, a->val, a->vlen);
	buf[a->vlen] = 0;
	return true;
}

/**
 * dump_cmdline_scan() - what a kexec image's command line tells
 * @cmdline: the command line (NUL-terminated)
 * @window: this kernel's window size
 * @base: this kernel's backup base
 * @f: the facts
 *
 * Read as the kernel reads it (next_arg(), parameq(), nothing after "--")
 * for "dump" and dump_backup=, and as the decompressor reads it for KASLR:
 * the word "nokaslr" (quotes are not special there), or a non-zero mem=
 * at most the window (kaslr.c takes the smallest and stops at mem=0).
 */
void dump_cmdline_scan(const char *cmdline, u64 window, u64 base,
		       struct dump_cmdline_facts *f)
{
	u64 mem_limit = ~0ULL, size, b;
	bool mem_stop = false;
	struct dump_arg a;
	u32 pos = 0;
	char val[32];
	const char *end;

	memset(f, 0, sizeof(*f));
	while (cmdline[pos]) {
		pos = dump_next_arg(cmdline, pos, &a);
		if (!a.val && a.plen == 2 && !memcmp(a.param, "--", 2))
			break;
		if (dump_arg_is(&a, "dump") && !a.val)
			f->capture = true;
		if (dump_arg_is(&a, "dump_backup")) {
			if (dump_arg_val(&a, val, sizeof(val)) &&
			    !dump_parse_backup(val, &size, &b) && size == window && b == base)
				f->backup_ours = true;
			else
				f->backup_other = true;
		}
		if (dump_arg_is(&a, "mem") && !mem_stop && dump_arg_val(&a, val, sizeof(val)) &&
		    !dump_parse_size(val, &size, &end)) {
			if (!size)
				mem_stop = true;
			else if (size < mem_limit)
				mem_limit = size;
		}
	}
	f->kaslr_off = dump_has_word(cmdline, "nokaslr") || mem_limit <= window;
}

/**
 * dump_cmdline_check() - will a capture kernel with this command line keep
 *	to the window and find this kernel's header?
 * @cmdline: the loaded image's command line (NUL-terminated)
 * @window: this kernel's window size
 * @base: this kernel's backup base
 * @why: on failure, a one-line reason
 *
 * It must say "dump", keep KASLR off, and name this kernel's backup
 * region in every dump_backup= (a capture kernel's built-in default is not
 * ours to know). A command line built into the image (CONFIG_CMDLINE) is
 * not seen here.
 *
 * Return: 0, or -EINVAL with a reason.
 */
int dump_cmdline_check(const char *cmdline, u64 window, u64 base, const char **why)
{
	struct dump_cmdline_facts f;

	dump_cmdline_scan(cmdline, window, base, &f);
	if (!f.capture)
		return dump_walk_bad(why, "its command line lacks \"dump\" (it would use all RAM)");
	if (f.backup_other)
		return dump_walk_bad(why, "its dump_backup= is not this kernel's");
	if (!f.backup_ours)
		return dump_walk_bad(why, "its command line lacks this kernel's dump_backup=");
	if (!f.kaslr_off)
		return dump_walk_bad(why,
				     "its command line lacks \"nokaslr\" (KASLR may place it outside the window)");
	*why = NULL;
	return 0;
}
