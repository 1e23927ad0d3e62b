// SPDX-License-Identifier: GPL-2.0
/*
 * Pure logic shared by the panic side and the capture side: parameter
 * parsing, range tables, header sealing/validation and the low-window
 * redirect table. No hardware, no locks, no allocation: this file also
 * builds on the host (test/host) and runs in KUnit (dump_kunit.c).
 */
#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/elf.h>
#include <linux/dump_format.h>

#define DUMP_MAX_CPUS	4096

/**
 * dump_parse_size() - parse a size: decimal or 0x-hex, optional K/M/G
 * @s: the text
 * @val: the value, on success
 * @end: where parsing stopped, on success
 *
 * Return: 0, -EINVAL when there are no digits, -ERANGE on overflow.
 */
int dump_parse_size(const char *s, u64 *val, const char **end)
{
	unsigned int base = 10, shift = 0, digit;
	u64 v = 0;
	const char *p = s;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (s = p; ; p++) {
		if (*p >= '0' && *p <= '9')
			digit = *p - '0';
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			digit = *p - 'a' + 10;
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			digit = *p - 'A' + 10;
		else
			break;
		/* No 64-bit division: i386 kernels have no __udivdi3. */
		if (v > (base == 16 ? ~0ULL >> 4 : ~0ULL / 10))
			return -ERANGE;
		v *= base;
		if (v > ~0ULL - digit)
			return -ERANGE;
		v += digit;
	}
	if (p == s)
		return -EINVAL;
	switch (*p) {
	case 'G': case 'g':
		shift += 10;
		fallthrough;
	case 'M': case 'm':
		shift += 10;
		fallthrough;
	case 'K': case 'k':
		shift += 10;
		p++;
	}
	if (shift && v > (~0ULL >> shift))
		return -ERANGE;
	*val = v << shift;
	*end = p;
	return 0;
}

/**
 * dump_check_backup() - check a backup region against the rules
 * @size: size of the low window and of the backup copy
 * @base: physical start of the backup region, or a free-mode base
 *
 * The window is 16..64 MiB in whole pages; the backup region (the copy plus
 * the header area after it) must lie above the window and below 4 GiB.
 * DUMP_BASE_AUTO leaves the base to the kernel (it checks the size only).
 * In free mode (dump_base_is_free()) the window may be up to 128 MiB and
 * the header area, when placed, must lie above it and below 4 GiB.
 *
 * Return: 0, -EINVAL when misaligned, -ERANGE when out of range.
 */
int dump_check_backup(u64 size, u64 base)
{
	bool free = dump_base_is_free(base);
	u64 hdr = base & ~DUMP_BASE_FREE;

	if (size & (DUMP_PAGE_SIZE - 1))
		return -EINVAL;
	if (size < DUMP_WINDOW_MIN || size > (free ? DUMP_WINDOW_MAX_FREE : DUMP_WINDOW_MAX))
		return -ERANGE;
	if (base == DUMP_BASE_AUTO || base == DUMP_BASE_FREE)
		return 0;
	if (free) {
		if (hdr & (DUMP_PAGE_SIZE - 1))
			return -EINVAL;
		if (hdr < size || hdr + DUMP_FREE_AREA > (1ULL << 32))
			return -ERANGE;
		return 0;
	}
	if (base & (DUMP_PAGE_SIZE - 1))
		return -EINVAL;
	if (base < size || base + size + DUMP_HEADER_AREA > (1ULL << 32))
		return -ERANGE;
	return 0;
}

/**
 * dump_parse_backup() - parse the dump_backup=SIZE[@BASE] boot parameter
 * @arg: the parameter's value
 * @size: window and backup size, on success
 * @base: backup base, on success; DUMP_BASE_AUTO without "@BASE" (the
 *	first kernel places the region itself, as crashkernel=SIZE does);
 *	for SIZE@free, DUMP_BASE_FREE; for SIZE@free:ADDR (what a capture
 *	kernel is told), ADDR | DUMP_BASE_FREE
 *
 * Return: 0, or -EINVAL/-ERANGE with @size and @base unchanged.
 */
int dump_parse_backup(const char *arg, u64 *size, u64 *base)
{
	const char *p;
	u64 s, b;
	int ret;

	if (!arg)
		return -EINVAL;
	ret = dump_parse_size(arg, &s, &p);
	if (ret)
		return ret;
	b = DUMP_BASE_AUTO;
	if (!strncmp(p, "@free", 5)) {
		p += 5;
		b = DUMP_BASE_FREE;
		if (*p == ':') {
			ret = dump_parse_size(p + 1, &b, &p);
			if (ret)
				return ret;
			if (!b || (b & DUMP_BASE_FREE) || b == DUMP_BASE_AUTO)
				return -EINVAL;
			b |= DUMP_BASE_FREE;
		}
	} else if (*p == '@') {
		ret = dump_parse_size(p + 1, &b, &p);
		if (ret)
			return ret;
		if (b == DUMP_BASE_AUTO)
			return -ERANGE;
	}
	if (*p)
		return -EINVAL;
	ret = dump_check_backup(s, b);
	if (ret)
		return ret;
	*size = s;
	*base = b;
	return 0;
}

/**
 * dump_crc32() - CRC-32 (IEEE 802.3, reflected), chainable
 * @crc: 0, or the result of the previous call
 * @buf: data
 * @len: its length
 *
 * Bitwise on purpose: it runs once per panic over a few KiB, and it needs
 * no table that a crashing kernel could have scribbled on.
 *
 * Return: the CRC of everything so far.
 */
u32 dump_crc32(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;
	int i;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (i = 0; i < 8; i++)
			crc = (crc >> 1) ^ (0xedb88320U & -(crc & 1));
	}
	return ~crc;
}

/*
 * dump_csum(): four 32-bit multiply-rotate lanes over 16-byte blocks. A
 * flipped bit anywhere changes the result, and the order of blocks matters;
 * it is not cryptographic. 32-bit arithmetic only, so it is fast on i386
 * (it checks the backup copy and the kexec image at panic).
 */
#define DUMP_P1	0x9e3779b1U
#define DUMP_P2	0x85ebca77U
#define DUMP_P3	0xc2b2ae3dU

static u32 dump_rotl(u32 v, int r)
{
	return (v << r) | (v >> (32 - r));
}

static u32 dump_lane(u32 acc, u32 w)
{
	return dump_rotl(acc + w * DUMP_P2, 13) * DUMP_P1;
}

static u32 dump_avalanche(u32 h)
{
	h ^= h >> 15;
	h *= DUMP_P2;
	h ^= h >> 13;
	h *= DUMP_P3;
	return h ^ (h >> 16);
}

/*
 * The one loop behind dump_csum() and dump_csum_copy(): sums @src and,
 * when @dst is not NULL, stores it there in the same pass (the panic path
 * copies the window and checksums it while the data is in registers).
 * Whole 32-bit loads and stores: i386 and the x86 hosts allow them
 * unaligned, and they are what keeps this fast under emulation too.
 */
static u64 dump_csum_run(u64 seed, u8 *dst, const u8 *src, size_t len)
{
	u32 lo = seed, hi = seed >> 32;
	u32 v0 = lo + DUMP_P1 + DUMP_P2, v1 = hi + DUMP_P2, v2 = lo, v3 = hi - DUMP_P1;
	u32 w[4], a, b;

	for (; len >= 16; len -= 16, src += 16) {
		memcpy(w, src, 16);
		if (dst) {
			memcpy(dst, w, 16);
			dst += 16;
		}
		v0 = dump_lane(v0, w[0]);
		v1 = dump_lane(v1, w[1]);
		v2 = dump_lane(v2, w[2]);
		v3 = dump_lane(v3, w[3]);
	}
	for (; len; len--, src++) {
		if (dst)
			*dst++ = *src;
		v0 = dump_lane(v0 ^ *src, DUMP_P3);
	}
	a = dump_rotl(v0, 1) + dump_rotl(v1, 7) + dump_rotl(v2, 12) + dump_rotl(v3, 18);
	b = v0 ^ dump_rotl(v1, 11) ^ dump_rotl(v2, 17) ^ dump_rotl(v3, 23);
	return (u64)dump_avalanche(a ^ hi) << 32 | dump_avalanche(b + lo + DUMP_P3);
}

/**
 * dump_csum() - fast 64-bit checksum, chainable
 * @seed: 0, or the result for the data before @buf
 * @buf: data
 * @len: its length
 *
 * Return: the checksum of everything so far.
 */
u64 dump_csum(u64 seed, const void *buf, size_t len)
{
	return dump_csum_run(seed, NULL, buf, len);
}

/**
 * dump_csum_copy() - copy @len bytes and checksum them in one pass
 * @seed: as for dump_csum()
 * @dst: destination (must not overlap @src)
 * @src: source
 * @len: bytes
 *
 * Return: dump_csum(@seed, @src, @len).
 */
u64 dump_csum_copy(u64 seed, void *dst, const void *src, size_t len)
{
	return dump_csum_run(seed, dst, src, len);
}

/**
 * dump_csum_blocks() - dump_csum() chained over DUMP_CSUM_BLOCK blocks
 * @seed: 0, or the result for the blocks before
 * @dst: when not NULL, copy the data here as well (dump_csum_copy())
 * @src: data, starting on a block boundary of the whole
 * @len: its length
 *
 * What the panic path copies and sums in one go, the capture kernel sums
 * a block at a time through short-lived mappings: the same value.
 *
 * Return: the checksum of everything so far.
 */
u64 dump_csum_blocks(u64 seed, void *dst, const void *src, u64 len)
{
	const u8 *p = src;
	u8 *d = dst;

	while (len) {
		size_t n = len < DUMP_CSUM_BLOCK ? len : DUMP_CSUM_BLOCK;

		seed = dump_csum_run(seed, d, p, n);
		p += n;
		if (d)
			d += n;
		len -= n;
	}
	return seed;
}

/**
 * dump_csum_u64() - chain one 64-bit value into a dump_csum()
 * @seed: the checksum so far
 * @v: the value
 *
 * Return: the new checksum.
 */
u64 dump_csum_u64(u64 seed, u64 v)
{
	u8 b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = v >> (8 * i);
	return dump_csum(seed, b, sizeof(b));
}

/**
 * dump_ranges_add() - add [start, end) to a sorted table, merging
 * @r: the table
 * @nr: entries in use
 * @max: capacity
 * @start: first byte
 * @end: one past the last byte
 *
 * Return: 0, -EINVAL for an empty range, -ENOSPC when full (table unchanged).
 */
int dump_ranges_add(struct dump_range *r, u32 *nr, u32 max, u64 start, u64 end)
{
	u32 i, j, n = *nr;

	if (start >= end)
		return -EINVAL;
	for (i = 0; i < n && r[i].end < start; i++)
		;
	/* r[i] is the first range that touches or follows [start, end). */
	if (i < n && r[i].start <= end) {
		if (start < r[i].start)
			r[i].start = start;
		if (end > r[i].end)
			r[i].end = end;
		/* Swallow the ranges the grown one now touches. */
		for (j = i + 1; j < n && r[j].start <= r[i].end; j++)
			if (r[j].end > r[i].end)
				r[i].end = r[j].end;
		memmove(&r[i + 1], &r[j], (n - j) * sizeof(*r));
		*nr = n - (j - i - 1);
		return 0;
	}
	if (n == max)
		return -ENOSPC;
	memmove(&r[i + 1], &r[i], (n - i) * sizeof(*r));
	r[i].start = start;
	r[i].end = end;
	*nr = n + 1;
	return 0;
}

/**
 * dump_ranges_overlap() - does [start, end) share a byte with the table?
 * @r: the table
 * @nr: entries
 * @start: first byte
 * @end: one past the last byte
 *
 * Return: true when it does.
 */
bool dump_ranges_overlap(const struct dump_range *r, u32 nr, u64 start, u64 end)
{
	u32 i;

	for (i = 0; i < nr; i++)
		if (r[i].start < end && start < r[i].end)
			return true;
	return false;
}

/**
 * dump_ranges_contain() - is [start, end) inside one range of the table?
 * @r: the table (merged, so contiguous memory is one range)
 * @nr: entries
 * @start: first byte
 * @end: one past the last byte
 *
 * Return: true when one range holds all of it.
 */
bool dump_ranges_contain(const struct dump_range *r, u32 nr, u64 start, u64 end)
{
	u32 i;

	for (i = 0; i < nr; i++)
		if (r[i].start <= start && end <= r[i].end)
			return true;
	return false;
}

/**
 * dump_header_seal() - set the checksum of a complete header
 * @h: the header, followed in memory by its notes
 */
void dump_header_seal(struct dump_header *h)
{
	h->checksum = 0;
	h->checksum = dump_crc32(0, h, h->size);
}

/**
 * dump_note_len() - length of the ELF note at @note, bounds-checked
 * @note: an Elf32_Nhdr and what follows it
 * @avail: bytes available from @note
 *
 * Return: the note's length with padding, or -EINVAL if it does not fit.
 */
int dump_note_len(const void *note, u32 avail)
{
	const struct elf32_note *n = note;
	u64 len;

	if (avail < sizeof(*n))
		return -EINVAL;
	len = sizeof(*n) + (((u64)n->n_namesz + 3) & ~3ULL) +
	      (((u64)n->n_descsz + 3) & ~3ULL);
	if (len > avail)
		return -EINVAL;
	return len;
}

/**
 * dump_notes_scan() - walk a block of ELF notes
 * @notes: the notes
 * @size: their total size
 * @nr_prstatus: number of "CORE" NT_PRSTATUS notes
 * @has_vmcoreinfo: whether a "VMCOREINFO" note is there
 *
 * Return: 0, or -EINVAL when a note is empty or runs past @size.
 */
int dump_notes_scan(const void *notes, u32 size, u32 *nr_prstatus,
		    bool *has_vmcoreinfo)
{
	const u8 *p = notes;
	u32 pos = 0;
	int len;

	*nr_prstatus = 0;
	*has_vmcoreinfo = false;
	while (pos < size) {
		const struct elf32_note *n = (const void *)(p + pos);
		const char *name = (const char *)(n + 1);

		len = dump_note_len(n, size - pos);
		if (len < 0 || n->n_namesz == 0)
			return -EINVAL;
		if (n->n_namesz == 5 && !memcmp(name, "CORE", 5) &&
		    n->n_type == NT_PRSTATUS)
			(*nr_prstatus)++;
		if (n->n_namesz == 11 && !memcmp(name, "VMCOREINFO", 11))
			*has_vmcoreinfo = true;
		pos += len;
	}
	return 0;
}

static int dump_bad(const char **why, const char *msg, int err)
{
	*why = msg;
	return err;
}

/**
 * dump_header_validate() - is this a complete, intact dump header?
 * @h: the header, followed by its notes
 * @avail: bytes readable at @h
 * @backup_base: this kernel's backup base
 * @backup_size: this kernel's window size
 * @why: on failure, a one-line reason for the log
 *
 * Return: 0; -ENOENT when there is no header at all; -EBADMSG when one is
 * there but corrupt or inconsistent.
 */
int dump_header_validate(const struct dump_header *h, size_t avail,
			 u64 backup_base, u64 backup_size, const char **why)
{
	static const u32 zero;
	size_t off = offsetof(struct dump_header, checksum);
	u32 i, crc, nr_prstatus;
	bool has_vmcoreinfo;
	u64 max_end;

	if (avail < sizeof(*h))
		return dump_bad(why, "header area truncated", -EBADMSG);
	if (h->magic != DUMP_HEADER_MAGIC)
		return dump_bad(why, "no dump header (bad magic)", -ENOENT);
	if (h->version != DUMP_HEADER_VERSION)
		return dump_bad(why, "unsupported header version", -EBADMSG);
	if (h->size < sizeof(*h) || h->size > avail ||
	    h->size > DUMP_HEADER_AREA ||
	    h->notes_size != h->size - sizeof(*h))
		return dump_bad(why, "bad header or notes size", -EBADMSG);
	crc = dump_crc32(0, h, off);
	crc = dump_crc32(crc, &zero, sizeof(zero));
	crc = dump_crc32(crc, (const u8 *)h + off + sizeof(zero),
			 h->size - off - sizeof(zero));
	if (crc != h->checksum)
		return dump_bad(why, "checksum mismatch", -EBADMSG);
	if (h->backup_base != backup_base || h->backup_size != backup_size)
		return dump_bad(why, "backup region differs from this kernel's dump_backup=",
				-EBADMSG);
	if (dump_check_backup(h->backup_size, h->backup_base))
		return dump_bad(why, "invalid backup region", -EBADMSG);
	if (!h->saved_max_pfn || h->saved_max_pfn > (~0ULL >> 12))
		return dump_bad(why, "bad saved_max_pfn", -EBADMSG);
	max_end = h->saved_max_pfn << 12;
	if (h->lowmem_end > max_end || h->lowmem_end & (DUMP_PAGE_SIZE - 1))
		return dump_bad(why, "bad lowmem end", -EBADMSG);
	if (!h->nr_ranges || h->nr_ranges > DUMP_MAX_RANGES)
		return dump_bad(why, "bad RAM range count", -EBADMSG);
	for (i = 0; i < h->nr_ranges; i++) {
		const struct dump_range *r = &h->ranges[i];

		if (r->start >= r->end || r->end > max_end ||
		    (i && r->start < h->ranges[i - 1].end))
			return dump_bad(why, "bad RAM range table", -EBADMSG);
	}
	if (!h->nr_cpus || h->nr_cpus > DUMP_MAX_CPUS || h->nr_cpus > h->nr_online ||
	    h->nr_online > DUMP_MAX_CPUS || (h->cpus_saved & ~h->cpus_online))
		return dump_bad(why, "bad CPU count", -EBADMSG);
	if (h->flags != (dump_base_is_free(h->backup_base) ? DUMP_HDR_FREE : 0))
		return dump_bad(why, "unknown header flags", -EBADMSG);
	if (!(h->flags & DUMP_HDR_FREE) && (h->nr_table || h->table_crc))
		return dump_bad(why, "a window table without free mode", -EBADMSG);
	if (dump_notes_scan(h + 1, h->notes_size, &nr_prstatus, &has_vmcoreinfo))
		return dump_bad(why, "corrupt ELF notes", -EBADMSG);
	if (nr_prstatus != h->nr_cpus)
		return dump_bad(why, "CPU count does not match the NT_PRSTATUS notes",
				-EBADMSG);
	if (!has_vmcoreinfo)
		return dump_bad(why, "no VMCOREINFO note", -EBADMSG);
	*why = NULL;
	return 0;
}

/**
 * dump_map_add() - append [start, end) -> src to a redirect table
 * @map: the table
 * @max: its capacity
 * @nr: its entries, counted up
 * @start: old address
 * @end: end of the piece (nothing is added when it is empty)
 * @src: where byte @start is now
 *
 * Return: 0, or -ENOSPC when the table is full.
 */
int dump_map_add(struct dump_map *map, u32 max, u32 *nr, u64 start, u64 end, u64 src)
{
	if (start >= end)
		return 0;
	if (*nr == max)
		return -ENOSPC;
	map[*nr].start = start;
	map[*nr].end = end;
	map[*nr].src = src;
	(*nr)++;
	return 0;
}

/**
 * dump_missed_cpus() - CPUs that were online but left no registers
 * @h: a validated header
 * @first: the lowest such CPU number below 64, or U32_MAX if none is known
 *
 * Return: how many CPUs were online at the panic but have no NT_PRSTATUS
 * note (they did not answer the NMI in time).
 */
u32 dump_missed_cpus(const struct dump_header *h, u32 *first)
{
	u64 missed = h->cpus_online & ~h->cpus_saved;
	u32 i;

	*first = ~0U;
	for (i = 0; i < 64; i++)
		if (missed & (1ULL << i)) {
			*first = i;
			break;
		}
	return h->nr_online - h->nr_cpus;
}

/**
 * dump_map_build() - the redirect table for a validated header
 * @h: the header
 * @flags: DUMP_MAP_NO_WINDOW to leave the low window out (its backup copy
 *	failed its checksum)
 * @map: the table to fill, sorted by old address
 * @max: its capacity
 * @nr: entries filled
 *
 * Each old RAM range, less the backup region (it holds the copy, not old
 * data), is split at the window edge: below it the bytes are in the backup
 * copy at backup_base + address, above it they are still in place.
 *
 * Return: 0, or -ENOSPC when @max entries are not enough.
 */
int dump_map_build(const struct dump_header *h, u32 flags, struct dump_map *map,
		   u32 max, u32 *nr)
{
	u64 win = h->backup_size;
	u64 bk_start = h->backup_base;
	u64 bk_end = h->backup_base + h->backup_size + DUMP_HEADER_AREA;
	u32 i;
	int ret;

	*nr = 0;
	for (i = 0; i < h->nr_ranges; i++) {
		u64 s = h->ranges[i].start, e = h->ranges[i].end;
		u64 piece[2][2] = { { s, e }, { 0, 0 } };
		int k;

		/* Less the backup region: up to two pieces remain. */
		if (s < bk_end && bk_start < e) {
			piece[0][1] = s < bk_start ? bk_start : s;
			piece[1][0] = bk_end;
			piece[1][1] = e > bk_end ? e : bk_end;
		}
		for (k = 0; k < 2; k++) {
			u64 ps = piece[k][0], pe = piece[k][1];
			u64 cut = pe < win ? pe : win;

			if (ps >= pe)
				continue;
			if (ps < win) {
				if (!(flags & DUMP_MAP_NO_WINDOW)) {
					ret = dump_map_add(map, max, nr, ps, cut,
							   bk_start + ps);
					if (ret)
						return ret;
				}
				ps = cut;
			}
			ret = dump_map_add(map, max, nr, ps, pe, ps);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/**
 * dump_map_find() - the redirect entry that holds old address @paddr
 * @map: the table
 * @nr: entries
 * @paddr: old physical address
 *
 * The table is sorted by old address, its entries disjoint (as built by
 * dump_map_build() and dump_map_build_free()): a binary search, so a dump
 * with thousands of entries reads as fast as one with a few.
 *
 * Return: the entry, or NULL when @paddr was not old RAM (or is the backup).
 */
const struct dump_map *dump_map_find(const struct dump_map *map, u32 nr,
				     u64 paddr)
{
	u32 lo = 0, hi = nr;

	/* Sorted and disjoint: the last entry starting at or below @paddr. */
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (map[mid].start <= paddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo && paddr < map[lo - 1].end)
		return &map[lo - 1];
	return NULL;
}

/**
 * dump_map_chunk() - the next piece of old memory to map for a copy
 * @src: physical address of the first byte wanted (may be above 4 GiB)
 * @len: bytes wanted from @src
 * @max_map: the most bytes to copy through one mapping
 * @base: the page-aligned physical address to map
 * @map_len: how many bytes to map from @base (whole pages)
 * @chunk: how many bytes to copy from @src through that mapping
 *
 * All in 64 bits: on PAE, PAGE_MASK is a 32-bit unsigned long and
 * "src & PAGE_MASK" would drop the bits above 4 GiB.
 *
 * Return: 0, or -EINVAL for nothing to copy or @max_map below a page.
 */
int dump_map_chunk(u64 src, u64 len, u64 max_map, u64 *base, u64 *map_len,
		   u64 *chunk)
{
	u64 off = src & (DUMP_PAGE_SIZE - 1);

	if (!len || max_map < DUMP_PAGE_SIZE)
		return -EINVAL;
	*base = src - off;
	*chunk = len < max_map - off ? len : max_map - off;
	*map_len = (off + *chunk + DUMP_PAGE_SIZE - 1) & ~(DUMP_PAGE_SIZE - 1);
	return 0;
}

/**
 * dump_segment_check() - does a kexec segment lie inside the low window?
 * @mem: its physical destination
 * @memsz: its size in memory
 * @window: the window size
 *
 * Return: 0 when [mem, mem + memsz) is inside [0, window), else -ERANGE.
 */
int dump_segment_check(u64 mem, u64 memsz, u64 window)
{
	if (mem >= window || memsz > window - mem)
		return -ERANGE;
	return 0;
}
