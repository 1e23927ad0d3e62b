/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test tables for the pure dump logic, shared by KUnit (dump_kunit.c) and
 * the host unit tests (test/host/dump_test.c): the same rows run in both.
 */
#ifndef _DUMP_TEST_CASES_H
#define _DUMP_TEST_CASES_H

#include <linux/bits.h>
#include <linux/string.h>
#include <linux/dump_format.h>

#define MiB BIT_ULL(20)

struct dump_backup_case {
	const char *description;
	const char *arg;
	int ret;
	u64 size, base;
};

static const struct dump_backup_case dump_backup_cases[] = {
	{ "default shape", "16M@128M", 0, 16 * MiB, 128 * MiB },
	{ "largest window", "64M@1G", 0, 64 * MiB, 1024 * MiB },
	{ "hex and K", "0x1000000@131072K", 0, 16 * MiB, 128 * MiB },
	{ "lower case suffix", "32m@256m", 0, 32 * MiB, 256 * MiB },
	{ "window too small", "8M@128M", -ERANGE, 0, 0 },
	{ "window too big", "128M@1G", -ERANGE, 0, 0 },
	{ "backup inside the window", "16M@8M", -ERANGE, 0, 0 },
	{ "backup overlaps window end", "32M@16M", -ERANGE, 0, 0 },
	{ "backup above 4G", "16M@4G", -ERANGE, 0, 0 },
	{ "misaligned base", "16M@0x8000100", -EINVAL, 0, 0 },
	{ "no base: the kernel places it", "16M", 0, 16 * MiB, DUMP_BASE_AUTO },
	{ "no base, window too small", "8M", -ERANGE, 0, 0 },
	{ "empty base", "16M@", -EINVAL, 0, 0 },
	{ "no size", "@128M", -EINVAL, 0, 0 },
	{ "trailing junk", "16M@128Mx", -EINVAL, 0, 0 },
	{ "empty", "", -EINVAL, 0, 0 },
	{ "overflow", "99999999999999999999M@1G", -ERANGE, 0, 0 },
	{ "suffix overflow", "0xffffffffffffG@1G", -ERANGE, 0, 0 },
	{ "free mode, the kernel places the header", "16M@free", 0, 16 * MiB, DUMP_BASE_FREE },
	{ "free mode allows 128M", "128M@free", 0, 128 * MiB, DUMP_BASE_FREE },
	{ "free mode, not 256M", "256M@free", -ERANGE, 0, 0 },
	{ "capture side: header named", "64M@free:0x7f00000", 0, 64 * MiB,
	  0x7f00000 | DUMP_BASE_FREE },
	{ "header inside the window", "64M@free:32M", -ERANGE, 0, 0 },
	{ "header misaligned", "16M@free:0x7f00100", -EINVAL, 0, 0 },
	{ "header at 0", "16M@free:0", -EINVAL, 0, 0 },
	{ "header at 4G", "16M@free:4G", -ERANGE, 0, 0 },
	{ "empty header", "16M@free:", -EINVAL, 0, 0 },
	{ "free, junk", "16M@freedom", -EINVAL, 0, 0 },
};

struct dump_segment_case {
	const char *description;
	u64 mem, memsz, window;
	int ret;
};

static const struct dump_segment_case dump_segment_cases[] = {
	{ "kernel at 1M", 0x100000, 0x600000, 16 * MiB, 0 },
	{ "ends exactly at the edge", 15 * MiB, MiB, 16 * MiB, 0 },
	{ "one byte over", 15 * MiB, MiB + 1, 16 * MiB, -ERANGE },
	{ "purgatory at the top of RAM", 0x1ffd5000, 0x3000, 16 * MiB, -ERANGE },
	{ "starts at the edge", 16 * MiB, 1, 16 * MiB, -ERANGE },
	{ "wraps around", 0x1000, ~0ULL, 16 * MiB, -ERANGE },
	{ "64M window", 40 * MiB, 8 * MiB, 64 * MiB, 0 },
};

/* A RAM map like QEMU's for a 512 MiB guest, with a hole under 1 MiB. */
static const struct dump_range dump_test_ram[] = {
	{ 0x1000, 0x9f000 },
	{ 0x100000, 0x1ffe0000 },
};

struct dump_map_case {
	const char *description;
	u64 window, base;
	const struct dump_range *ram;
	u32 nr_ram;
	u32 nr_map;
	struct dump_map map[6];
};

static const struct dump_map_case dump_map_cases[] = {
	{ "16M window, backup at 128M", 16 * MiB, 128 * MiB, dump_test_ram, 2, 4, {
		{ 0x1000, 0x9f000, 128 * MiB + 0x1000 },
		{ 0x100000, 16 * MiB, 128 * MiB + 0x100000 },
		{ 16 * MiB, 128 * MiB, 16 * MiB },
		{ 144 * MiB + DUMP_HEADER_AREA, 0x1ffe0000,
		  144 * MiB + DUMP_HEADER_AREA },
	} },
	{ "32M window, backup at 256M", 32 * MiB, 256 * MiB, dump_test_ram, 2, 4, {
		{ 0x1000, 0x9f000, 256 * MiB + 0x1000 },
		{ 0x100000, 32 * MiB, 256 * MiB + 0x100000 },
		{ 32 * MiB, 256 * MiB, 32 * MiB },
		{ 288 * MiB + DUMP_HEADER_AREA, 0x1ffe0000,
		  288 * MiB + DUMP_HEADER_AREA },
	} },
	{ "64M window, backup ends RAM", 64 * MiB, 0x1ffe0000 - 64 * MiB - DUMP_HEADER_AREA,
	  dump_test_ram, 2, 3, {
		{ 0x1000, 0x9f000, 0x1ffe0000 - 64 * MiB - DUMP_HEADER_AREA + 0x1000 },
		{ 0x100000, 64 * MiB,
		  0x1ffe0000 - 64 * MiB - DUMP_HEADER_AREA + 0x100000 },
		{ 64 * MiB, 0x1ffe0000 - 64 * MiB - DUMP_HEADER_AREA, 64 * MiB },
	} },
};

/*
 * dump_backup=free window tables over the 512 MiB map above: a 16 MiB
 * window, the header area at DUMP_TFREE_HDR. The runner seals each table.
 */
#define DUMP_TFREE_HDR	0x1f000000ULL

struct dump_free_case {
	const char *description;
	u32 nr;
	struct dump_map t[4];
	int ret;
};

static const struct dump_free_case dump_free_cases[] = {
	{ "three runs", 3, { { 0x1000, 0x9f000, 128 * MiB + 0x1000 },
			     { 0x100000, 8 * MiB, 144 * MiB },
			     { 8 * MiB, 16 * MiB, 96 * MiB } }, 0 },
	{ "one page short", 3, { { 0x1000, 0x9f000, 128 * MiB + 0x1000 },
				 { 0x100000, 8 * MiB - 4096, 144 * MiB },
				 { 8 * MiB, 16 * MiB, 96 * MiB } }, -EBADMSG },
	{ "two copies share pages", 3, { { 0x1000, 0x9f000, 128 * MiB + 0x1000 },
					 { 0x100000, 8 * MiB, 144 * MiB },
					 { 8 * MiB, 16 * MiB, 148 * MiB } }, -EBADMSG },
	{ "a copy inside the window", 3, { { 0x1000, 0x9f000, 128 * MiB + 0x1000 },
					   { 0x100000, 8 * MiB, 144 * MiB },
					   { 8 * MiB, 16 * MiB, 4 * MiB } }, -EBADMSG },
	{ "a copy over the header area", 3, { { 0x1000, 0x9f000, 128 * MiB + 0x1000 },
					      { 0x100000, 8 * MiB, 144 * MiB },
					      { 8 * MiB, 16 * MiB, DUMP_TFREE_HDR - 4 * MiB } },
	  -EBADMSG },
	{ "a copy past lowmem", 3, { { 0x1000, 0x9f000, 128 * MiB + 0x1000 },
				     { 0x100000, 8 * MiB, 144 * MiB },
				     { 8 * MiB, 16 * MiB, 0x1ffe0000 - 4 * MiB } }, -EBADMSG },
	{ "a copy off its page offset", 3, { { 0x1000, 0x9f000, 128 * MiB + 0x1010 },
					     { 0x100000, 8 * MiB, 144 * MiB },
					     { 8 * MiB, 16 * MiB, 96 * MiB } }, -EBADMSG },
	{ "an entry beyond the window's RAM", 4, { { 0x1000, 0x9f000, 128 * MiB + 0x1000 },
						   { 0x100000, 8 * MiB, 144 * MiB },
						   { 8 * MiB, 16 * MiB, 96 * MiB },
						   { 16 * MiB, 16 * MiB + 4096, 200 * MiB } },
	  -EBADMSG },
	{ "a seam inside a page", 3, { { 0x1000, 0x9f000, 128 * MiB + 0x1000 },
				       { 0x100000, 0x100800, 144 * MiB },
				       { 0x100800, 16 * MiB, 96 * MiB + 0x800 } }, -EBADMSG },
	{ "entries out of order", 3, { { 0x1000, 0x9f000, 128 * MiB + 0x1000 },
				       { 8 * MiB, 16 * MiB, 96 * MiB },
				       { 0x100000, 8 * MiB, 144 * MiB } }, -EBADMSG },
};

/* A free-mode header over dump_test_ram whose table is @t (@nr entries). */
static inline void dump_free_test_header(struct dump_header *h, const struct dump_map *t, u32 nr)
{
	memset(h, 0, sizeof(*h));
	h->flags = DUMP_HDR_FREE;
	h->backup_base = DUMP_TFREE_HDR | DUMP_BASE_FREE;
	h->backup_size = 16 * MiB;
	h->lowmem_end = 0x1ffe0000;
	h->saved_max_pfn = 0x1ffe0;
	h->nr_ranges = 2;
	memcpy(h->ranges, dump_test_ram, sizeof(dump_test_ram));
	h->nr_table = nr;
	h->table_crc = dump_crc32(0, t, nr * sizeof(*t));
}

/*
 * kexec entry lists over fake memory: indirection page k sits at
 * DUMP_TIND(k) and holds DUMP_TEPP entries; sources above DUMP_TBADSRC
 * cannot be read. Flags as in include/linux/kexec.h.
 */
#define DUMP_TEPP	6
#define DUMP_TIND(k)	(0x10000000ULL + (k) * 0x1000ULL)
#define DUMP_TBADSRC	0x30000000ULL
#define TD(a)		((a) | 0x1ULL)
#define TI(k)		(DUMP_TIND(k) | 0x2ULL)
#define TDONE		0x4ULL
#define TS(a)		((a) | 0x8ULL)

struct dump_walk_case {
	const char *description;
	u64 head;
	u64 ind[3][DUMP_TEPP];
	u32 max_ind, max_pages;
	int ret;
	u32 nr_ind, nr_pages;	/* on success */
	u64 last_dest;		/* destination of the last source, on success */
};

static const struct dump_walk_case dump_walk_cases[] = {
	{ "two pages, three sources", TI(0), {
		{ TD(0x100000), TS(0x2000000), TS(0x2001000), 0, 0, TI(1) },
		{ TD(0x9000), TS(0x2002000), TDONE } },
	  4, 8, 0, 2, 3, 0x9000 },
	{ "empty image", TDONE, { { 0 } }, 4, 8, 0, 0, 0, 0 },
	{ "destination and source bits: a destination, as relocation reads it",
	  TI(0), { { TD(0x100000) | 0x8, TS(0x2000000), TDONE } }, 4, 8, 0, 1, 1, 0x100000 },
	{ "entries without flags are skipped", TI(0),
	  { { 0, TD(0x200000), 0, TS(0x2000000), 0, TDONE } }, 4, 8, 0, 1, 1, 0x200000 },
	{ "an indirection page linking to itself", TI(0),
	  { { TD(0x100000), TS(0x2000000), TI(0) } }, 4, 8, -EINVAL },
	{ "more sources than recorded", TI(0),
	  { { TD(0x100000), TS(0x2000000), TS(0x2001000), TDONE } }, 4, 1, -EINVAL },
	{ "a source before any destination", TI(0),
	  { { TS(0x2000000), TDONE } }, 4, 8, -EINVAL },
	{ "destination at the window edge", TI(0),
	  { { TD(0xfff000), TS(0x2000000), TS(0x2001000), TDONE } }, 4, 8, -EINVAL },
	{ "destination far above the window", TI(0),
	  { { TD(0x20000000), TS(0x2000000), TDONE } }, 4, 8, -EINVAL },
	{ "a page without a link or an end", TI(0),
	  { { TD(0x100000), TS(0x2000000), 0, 0, 0, 0 } }, 4, 8, -EINVAL },
	{ "list starts with a destination", TD(0x100000),
	  { { TS(0x2000000), TDONE } }, 4, 8, -EINVAL },
	{ "link to an unreadable page", TI(0),
	  { { TD(0x100000), TS(0x2000000), TI(2) | 0x40000000ULL } }, 4, 8, -EFAULT },
	{ "unreadable source page", TI(0),
	  { { TD(0x100000), TS(DUMP_TBADSRC), TDONE } }, 4, 8, -EFAULT },
};

/* A boot_params page: what kexec-tools copies of the bzImage's header. */
struct dump_boot_case {
	const char *description;
	u16 version;
	u32 align;
	u8 relocatable;
	u32 init_size;
	u32 syssize;		/* paragraphs */
	struct dump_segment segs[3];	/* segs[1] is the boot_params one */
	int ret;
	u64 end;
};

static const struct dump_boot_case dump_boot_cases[] = {
	{ "our capture kernel at 1M", 0x20f, 0x100000, 1, 0x900000, 0x20000, {
		{ 0x9d000, 0x3000, 0x2c00, false }, { 0x98000, 0x5000, 0x4800, false },
		{ 0x100000, 0x200000, 0x200000, false } }, 0, 0xa00000 },
	{ "load address rounded up to the alignment", 0x20f, 0x200000, 1, 0x900000, 0x20000, {
		{ 0x9d000, 0x3000, 0x2c00, false }, { 0x98000, 0x5000, 0x4800, false },
		{ 0x300000, 0x200000, 0x200000, false } }, 0, 0xd00000 },
	{ "no segment is syssize long: every other one counts", 0x20f, 0x100000, 1,
	  0x900000, 0x10, {
		{ 0x9d000, 0x3000, 0x2c00, false }, { 0x98000, 0x5000, 0x4800, false },
		{ 0x500000, 0x200000, 0x200000, false } }, -ERANGE, 0 },
	{ "not relocatable: always pref_address", 0x20f, 0x100000, 0, 0x900000, 0x20000, {
		{ 0x9d000, 0x3000, 0x2c00, false }, { 0x98000, 0x5000, 0x4800, false },
		{ 0x400000, 0x200000, 0x200000, false } }, 0, 0xa00000 },
	{ "distribution-sized init_size", 0x20f, 0x200000, 1, 0x1e00000, 0x20000, {
		{ 0x9d000, 0x3000, 0x2c00, false }, { 0x98000, 0x5000, 0x4800, false },
		{ 0x100000, 0x200000, 0x200000, false } }, 0, 0x2000000 },
	{ "boot protocol 2.09", 0x209, 0x100000, 1, 0x900000, 0x20000, {
		{ 0x9d000, 0x3000, 0x2c00, false }, { 0x98000, 0x5000, 0x4800, false },
		{ 0x100000, 0x200000, 0x200000, false } }, -EINVAL, 0 },
	{ "alignment not a power of two", 0x20f, 0x180000, 1, 0x900000, 0x20000, {
		{ 0x9d000, 0x3000, 0x2c00, false }, { 0x98000, 0x5000, 0x4800, false },
		{ 0x100000, 0x200000, 0x200000, false } }, -EINVAL, 0 },
	{ "an initrd inside the decompression buffer", 0x20f, 0x100000, 1, 0x900000, 0x20000, {
		{ 0x800000, 0x100000, 0x100000, false }, { 0x98000, 0x5000, 0x4800, false },
		{ 0x100000, 0x200000, 0x200000, false } }, -ERANGE, 0 },
	{ "kexec-tools 2.0.26: an RNG seed page right after the file", 0x20f, 0x100000, 1,
	  0x77b000, 0x3dd20, {
		{ 0x4de000, 0x1000, 0x30, false }, { 0x3000, 0x5000, 0x4148, false },
		{ 0x100000, 0x3de000, 0x3dd200, false } }, -ERANGE, 0 },
	{ "the same kernel padded to its footprint: the seed lands after it", 0x20f, 0x100000,
	  1, 0x77b000, 0x3dd20, {
		{ 0x87b000, 0x1000, 0x30, false }, { 0x3000, 0x5000, 0x4148, false },
		{ 0x100000, 0x77b000, 0x77b000, false } }, 0, 0x87b000 },
	{ "padded, but a segment inside the padding", 0x20f, 0x100000, 1, 0x77b000, 0x3dd20, {
		{ 0x600000, 0x1000, 0x30, false }, { 0x3000, 0x5000, 0x4148, false },
		{ 0x100000, 0x77b000, 0x77b000, false } }, -ERANGE, 0 },
	{ "boot_params inside it (non-relocatable)", 0x20f, 0x100000, 0, 0x900000, 0x20000, {
		{ 0x9d000, 0x3000, 0x2c00, false }, { 0x200000, 0x5000, 0x4800, false },
		{ 0x300000, 0x200000, 0x200000, false } }, -ERANGE, 0 },
	{ "padded kernel named by kernel_info, a 5 MiB initrd after it", 0x20f, 0x100000, 1,
	  0x77b000, 0x3dd20, {
		{ 0x87b000, 0x500000, 0x500000, false }, { 0x3000, 0x5000, 0x4148, false },
		{ 0x100000, 0x77b000, 0x77b000, true } }, 0, 0x87b000 },
	{ "the same without kernel_info: the initrd is a candidate too", 0x20f, 0x100000, 1,
	  0x77b000, 0x3dd20, {
		{ 0x87b000, 0x500000, 0x500000, false }, { 0x3000, 0x5000, 0x4148, false },
		{ 0x100000, 0x77b000, 0x77b000, false } }, 0, 0x107b000 },
	{ "kernel_info names an unpadded kernel: the seed page inside", 0x20f, 0x100000, 1,
	  0x77b000, 0x3dd20, {
		{ 0x4de000, 0x1000, 0x30, false }, { 0x3000, 0x5000, 0x4148, false },
		{ 0x100000, 0x3de000, 0x3dd200, true } }, -ERANGE, 0 },
};

struct dump_cmdline_case {
	const char *description;
	const char *cmdline;
	int ret;
};

/* This kernel: 16 MiB window, backup at 128 MiB. */
static const struct dump_cmdline_case dump_cmdline_cases[] = {
	{ "README's line",
	  "console=ttyS0 dump nokaslr dump_backup=16M@128M nr_cpus=1 rdinit=/sbin/capture-init",
	  0 },
	{ "dump_backup= in hex", "dump nokaslr dump_backup=0x1000000@0x8000000", 0 },
	{ "dump-backup= is dump_backup=", "dump nokaslr dump-backup=16M@128M", 0 },
	{ "mem= inside the window instead of nokaslr", "dump mem=16M dump_backup=16M@128M", 0 },
	{ "the smallest mem= counts", "dump mem=64M mem=16M dump_backup=16M@128M", 0 },
	{ "tabs and a newline", "dump\tnokaslr\tdump_backup=16M@128M\n", 0 },
	{ "quoted value", "dump nokaslr dump_backup=\"16M@128M\"", 0 },
	{ "nokaslr inside quotes still reaches the decompressor",
	  "dump x=\"a nokaslr b\" dump_backup=16M@128M", 0 },
	{ "nokaslr\" is not nokaslr to the decompressor",
	  "dump x=\"a nokaslr\" dump_backup=16M@128M", -EINVAL },
	{ "no dump", "console=ttyS0 nokaslr dump_backup=16M@128M", -EINVAL },
	{ "dumpx is not dump", "dumpx nokaslr dump_backup=16M@128M", -EINVAL },
	{ "dump=1 is not dump", "dump=1 nokaslr dump_backup=16M@128M", -EINVAL },
	{ "dump inside quotes is a value", "x=\"dump\" nokaslr dump_backup=16M@128M", -EINVAL },
	{ "dump after -- goes to init", "nokaslr dump_backup=16M@128M -- dump", -EINVAL },
	{ "KASLR left on", "dump console=ttyS0 dump_backup=16M@128M", -EINVAL },
	{ "mem= beyond the window", "dump mem=32M dump_backup=16M@128M", -EINVAL },
	{ "mem=0 stops the decompressor's parsing", "dump mem=0 mem=16M dump_backup=16M@128M",
	  -EINVAL },
	{ "mem= after --", "dump dump_backup=16M@128M -- mem=16M", -EINVAL },
	{ "another dump_backup=", "dump nokaslr dump_backup=32M@256M", -EINVAL },
	{ "ours, then another", "dump nokaslr dump_backup=16M@128M dump_backup=32M@256M", -EINVAL },
	{ "another, spelt with a dash", "dump nokaslr dump-backup=32M@256M", -EINVAL },
	{ "bad dump_backup=", "dump nokaslr dump_backup=16M", -EINVAL },
	{ "no dump_backup=", "dump nokaslr", -EINVAL },
	{ "empty", "", -EINVAL },
};

/* The fake memory of a dump_walk_case, for dump_kexec_walk(). */
struct dump_test_mem {
	const struct dump_walk_case *c;
	u64 last_dest;
	u32 sources;
};

static int dump_test_entry(void *ctx, u64 page, u32 idx, u64 *val)
{
	struct dump_test_mem *m = ctx;
	u32 k;

	for (k = 0; k < 3; k++)
		if (page == DUMP_TIND(k)) {
			*val = m->c->ind[k][idx];
			return 0;
		}
	return -EFAULT;
}

static int dump_test_page(void *ctx, u64 dest, u64 src)
{
	struct dump_test_mem *m = ctx;

	if (src >= DUMP_TBADSRC)
		return -EFAULT;
	m->last_dest = dest;
	m->sources++;
	return 0;
}

/* Walk case @c over its fake memory (16 MiB window). */
static int dump_test_walk(const struct dump_walk_case *c, struct dump_kexec_sum *sum,
			  struct dump_test_mem *m, const char **why)
{
	struct dump_kexec_list l = {
		.entry = dump_test_entry,
		.page = dump_test_page,
		.ctx = m,
		.entries_per_page = DUMP_TEPP,
		.max_ind = c->max_ind,
		.max_pages = c->max_pages,
		.window = 16 * MiB,
	};

	m->c = c;
	m->last_dest = 0;
	m->sources = 0;
	return dump_kexec_walk(&l, c->head, sum, why);
}

/* The boot_params page of case @c (DUMP_PAGE_SIZE bytes, zeroed first). */
static void dump_test_boot_page(const struct dump_boot_case *c, u8 *bp)
{
	memset(bp, 0, DUMP_PAGE_SIZE);
	bp[0x1fe] = 0x55;
	bp[0x1ff] = 0xaa;
	memcpy(bp + 0x202, "HdrS", 4);
	bp[0x206] = c->version & 0xff;
	bp[0x207] = c->version >> 8;
	memcpy(bp + 0x1f4, &c->syssize, 4);
	memcpy(bp + 0x230, &c->align, 4);
	bp[0x234] = c->relocatable;
	bp[0x25a] = 0x10;	/* pref_address 0x100000 */
	memcpy(bp + 0x260, &c->init_size, 4);
}

struct dump_chunk_case {
	const char *description;
	u64 src, len, max;
	int ret;
	u64 base, map_len, chunk;
};

static const struct dump_chunk_case dump_chunk_cases[] = {
	{ "above 4 GiB keeps the high bits", 0x140000123ULL, 0x2000, 1 << 20, 0,
	  0x140000000ULL, 0x3000, 0x2000 },
	{ "a MiB from mid-page", 0x40000800, 4 << 20, 1 << 20, 0,
	  0x40000000, 1 << 20, (1 << 20) - 0x800 },
	{ "last byte below 64 GiB", 0xfffffffffULL, 1, 1 << 20, 0,
	  0xffffff000ULL, 0x1000, 1 },
	{ "nothing to copy", 0x1000, 0, 1 << 20, -EINVAL },
	{ "mapping smaller than a page", 0x1000, 1, 100, -EINVAL },
};

/* dump_csum() of nothing and of dump_test_csum_page(): fixed forever. */
#define DUMP_TEST_CSUM_EMPTY	0xc4779047bda06f21ULL
#define DUMP_TEST_CSUM_PAGE	0x60912d1b24a918faULL

static void dump_test_csum_page(u8 *buf)
{
	u32 i;

	for (i = 0; i < DUMP_PAGE_SIZE; i++)
		buf[i] = i * 7;
}

#endif /* _DUMP_TEST_CASES_H */
