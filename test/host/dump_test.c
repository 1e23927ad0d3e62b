// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the pure dump logic (drivers/dump/dump_core.c and
 * dump_elf.c), built with ASan and UBSan against stand-in headers. The
 * table rows are shared with KUnit (drivers/dump/dump_test_cases.h).
 * Prints "PASS name" / "FAIL name: why" per test and exits non-zero on any
 * failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/elf.h>
#include <linux/dump_format.h>
#include "../../drivers/dump/dump_test_cases.h"

#include "harness.h"

static void dump_parse_backup_table(void)
{
	size_t i;

	for (i = 0; i < sizeof(dump_backup_cases) / sizeof(dump_backup_cases[0]); i++) {
		const struct dump_backup_case *c = &dump_backup_cases[i];
		u64 size = 7, base = 9;
		int ret = dump_parse_backup(c->arg, &size, &base);

		EXPECT(ret == c->ret, "%s: ret %d, want %d", c->description, ret, c->ret);
		if (c->ret == 0)
			EXPECT(size == c->size && base == c->base, "%s: %llx@%llx",
			       c->description, (unsigned long long)size,
			       (unsigned long long)base);
		else
			EXPECT(size == 7 && base == 9, "%s: outputs changed on error",
			       c->description);
	}
	EXPECT(dump_parse_backup(NULL, &(u64){0}, &(u64){0}) == -EINVAL, "NULL arg");
}

static void dump_crc32_vector(void)
{
	EXPECT(dump_crc32(0, "123456789", 9) == 0xcbf43926U, "check value %#x",
	       dump_crc32(0, "123456789", 9));
	EXPECT(dump_crc32(dump_crc32(0, "1234", 4), "56789", 5) == 0xcbf43926U,
	       "chained");
	EXPECT(dump_crc32(0, "", 0) == 0, "empty");
}

static void dump_ranges_add_merges(void)
{
	struct dump_range r[4];
	u32 n = 0;

	EXPECT(dump_ranges_add(r, &n, 4, 100, 200) == 0, "first");
	EXPECT(dump_ranges_add(r, &n, 4, 300, 400) == 0, "disjoint after");
	EXPECT(dump_ranges_add(r, &n, 4, 10, 20) == 0, "disjoint before");
	EXPECT(n == 3 && r[0].start == 10 && r[1].start == 100 && r[2].start == 300,
	       "sorted: n=%u", n);
	EXPECT(dump_ranges_add(r, &n, 4, 200, 250) == 0 && n == 3 && r[1].end == 250,
	       "adjacent merges");
	EXPECT(dump_ranges_add(r, &n, 4, 15, 350) == 0 && n == 1 &&
	       r[0].start == 10 && r[0].end == 400, "one range swallows all: n=%u", n);
	EXPECT(dump_ranges_add(r, &n, 4, 5, 5) == -EINVAL && n == 1, "empty range");
	EXPECT(dump_ranges_overlap(r, n, 399, 500), "overlap at end");
	EXPECT(!dump_ranges_overlap(r, n, 400, 500), "touching is no overlap");
	EXPECT(dump_ranges_contain(r, n, 10, 400), "whole range contained");
	EXPECT(!dump_ranges_contain(r, n, 9, 20), "starts before");
	EXPECT(!dump_ranges_contain(r, n, 300, 401), "ends after");
}

static void dump_ranges_add_full(void)
{
	struct dump_range r[2];
	u32 n = 0;

	dump_ranges_add(r, &n, 2, 0, 10);
	dump_ranges_add(r, &n, 2, 20, 30);
	EXPECT(dump_ranges_add(r, &n, 2, 40, 50) == -ENOSPC, "full");
	EXPECT(n == 2 && r[0].end == 10 && r[1].start == 20 && r[1].end == 30,
	       "table unchanged on -ENOSPC");
	EXPECT(dump_ranges_add(r, &n, 2, 5, 25) == 0 && n == 1 && r[0].end == 30,
	       "merging still works when full");
}

static void dump_segment_table(void)
{
	size_t i;

	for (i = 0; i < sizeof(dump_segment_cases) / sizeof(dump_segment_cases[0]); i++) {
		const struct dump_segment_case *c = &dump_segment_cases[i];

		EXPECT(dump_segment_check(c->mem, c->memsz, c->window) == c->ret,
		       "%s", c->description);
	}
}

/* A sealed header for a 512 MiB, 2-CPU guest with the default window. */
static unsigned char hbuf[DUMP_HEADER_AREA];

static u32 put_note(unsigned char *p, const char *name, u32 type, u32 descsz)
{
	Elf32_Nhdr *n = (Elf32_Nhdr *)p;
	u32 namesz = strlen(name) + 1;

	n->n_namesz = namesz;
	n->n_descsz = descsz;
	n->n_type = type;
	memcpy(p + 12, name, namesz);
	memset(p + 12 + ((namesz + 3) & ~3U), 0xa5, descsz);
	return 12 + ((namesz + 3) & ~3U) + ((descsz + 3) & ~3U);
}

static struct dump_header *make_header(void)
{
	struct dump_header *h = (struct dump_header *)hbuf;
	unsigned char *notes = hbuf + sizeof(*h);
	u32 len = 0;

	memset(hbuf, 0, sizeof(hbuf));
	h->magic = DUMP_HEADER_MAGIC;
	h->version = DUMP_HEADER_VERSION;
	h->nr_cpus = 2;
	h->nr_online = 2;
	h->cpus_online = 3;
	h->cpus_saved = 3;
	h->backup_base = 128 * MiB;
	h->backup_size = 16 * MiB;
	h->saved_max_pfn = 0x1ffe0;
	h->lowmem_end = 0x1ffe0000;
	h->page_offset = 0xc0000000;
	h->nr_ranges = 2;
	h->ranges[0] = dump_test_ram[0];
	h->ranges[1] = dump_test_ram[1];
	len += put_note(notes + len, "CORE", NT_PRSTATUS, 144);
	len += put_note(notes + len, "CORE", NT_PRSTATUS, 144);
	len += put_note(notes + len, "VMCOREINFO", 0, 1000);
	h->notes_size = len;
	h->size = sizeof(*h) + len;
	dump_header_seal(h);
	return h;
}

static void dump_header_validate_good(void)
{
	struct dump_header *h = make_header();
	const char *why = "x";

	EXPECT(sizeof(struct dump_header) == 1144, "layout size %zu",
	       sizeof(struct dump_header));
	EXPECT(dump_header_validate(h, sizeof(hbuf), 128 * MiB, 16 * MiB, &why) == 0,
	       "valid header rejected: %s", why);
	EXPECT(why == NULL, "why set on success");
	EXPECT(dump_header_validate(h, h->size, 128 * MiB, 16 * MiB, &why) == 0,
	       "exactly size bytes available: %s", why);
}

struct corrupt_case {
	const char *description;
	void (*fn)(struct dump_header *h);
	bool reseal;	/* fix the checksum so the semantic check is reached */
	int ret;
};

static void c_magic(struct dump_header *h) { h->magic ^= 1; }
static void c_version(struct dump_header *h) { h->version = 1; }
static void c_size_big(struct dump_header *h) { h->size = DUMP_HEADER_AREA + 4; }
static void c_size_small(struct dump_header *h) { h->size = 8; }
static void c_checksum(struct dump_header *h) { h->checksum ^= 0x10; }
static void c_nr_cpus(struct dump_header *h) { h->nr_cpus = 3; }
static void c_nr_cpus0(struct dump_header *h) { h->nr_cpus = 0; }
static void c_nr_more_notes(struct dump_header *h)
{
	h->nr_cpus = 3;
	h->nr_online = 3;
}
static void c_saved_not_online(struct dump_header *h) { h->cpus_saved = 5; }
static void c_flags(struct dump_header *h) { h->flags = 1; }
static void c_base(struct dump_header *h) { h->backup_base += 4096; }
static void c_bsize(struct dump_header *h) { h->backup_size = 32 * MiB; }
static void c_max_pfn(struct dump_header *h) { h->saved_max_pfn = 0; }
static void c_max_pfn_low(struct dump_header *h) { h->saved_max_pfn = 0x1000; }
static void c_lowmem(struct dump_header *h) { h->lowmem_end = 0x40000000; }
static void c_nr_ranges0(struct dump_header *h) { h->nr_ranges = 0; }
static void c_nr_ranges_big(struct dump_header *h) { h->nr_ranges = DUMP_MAX_RANGES + 1; }
static void c_range_order(struct dump_header *h)
{
	struct dump_range t = h->ranges[0];

	h->ranges[0] = h->ranges[1];
	h->ranges[1] = t;
}
static void c_range_empty(struct dump_header *h) { h->ranges[0].end = h->ranges[0].start; }
static void c_notes_size(struct dump_header *h) { h->notes_size -= 4; }
static void c_note_len(struct dump_header *h)
{
	((Elf32_Nhdr *)(h + 1))->n_descsz = 0x7fffffff;
}
static void c_note_vmcoreinfo(struct dump_header *h)
{
	unsigned char *n = (unsigned char *)(h + 1) + 2 * (12 + 8 + 144);

	memcpy(n + 12, "VMCOREINFX", 10);
}
static void c_note_byte(struct dump_header *h)
{
	((unsigned char *)(h + 1))[100] ^= 0xff;
}

static const struct corrupt_case corrupt_cases[] = {
	{ "zeroed magic bit", c_magic, false, -ENOENT },
	{ "version", c_version, false, -EBADMSG },
	{ "size beyond the area", c_size_big, false, -EBADMSG },
	{ "size below the header", c_size_small, false, -EBADMSG },
	{ "checksum", c_checksum, false, -EBADMSG },
	{ "a note byte, checksum not fixed", c_note_byte, false, -EBADMSG },
	{ "no CPUs", c_nr_cpus0, true, -EBADMSG },
	{ "more saved CPUs than online", c_nr_cpus, true, -EBADMSG },
	{ "CPU count vs notes, online too", c_nr_more_notes, true, -EBADMSG },
	{ "a saved CPU that was not online", c_saved_not_online, true, -EBADMSG },
	{ "unknown flags", c_flags, true, -EBADMSG },
	{ "backup base", c_base, true, -EBADMSG },
	{ "backup size", c_bsize, true, -EBADMSG },
	{ "saved_max_pfn zero", c_max_pfn, true, -EBADMSG },
	{ "saved_max_pfn below the RAM", c_max_pfn_low, true, -EBADMSG },
	{ "lowmem end beyond RAM", c_lowmem, true, -EBADMSG },
	{ "no ranges", c_nr_ranges0, true, -EBADMSG },
	{ "too many ranges", c_nr_ranges_big, true, -EBADMSG },
	{ "ranges unsorted", c_range_order, true, -EBADMSG },
	{ "empty range", c_range_empty, true, -EBADMSG },
	{ "notes size vs size", c_notes_size, true, -EBADMSG },
	{ "note length past the end", c_note_len, true, -EBADMSG },
	{ "VMCOREINFO name", c_note_vmcoreinfo, true, -EBADMSG },
};

static void dump_header_validate_corrupt(void)
{
	size_t i;

	for (i = 0; i < sizeof(corrupt_cases) / sizeof(corrupt_cases[0]); i++) {
		const struct corrupt_case *c = &corrupt_cases[i];
		struct dump_header *h = make_header();
		const char *why = NULL;
		int ret;

		c->fn(h);
		if (c->reseal && h->size >= sizeof(*h) && h->size <= DUMP_HEADER_AREA)
			dump_header_seal(h);
		ret = dump_header_validate(h, sizeof(hbuf), 128 * MiB, 16 * MiB, &why);
		EXPECT(ret == c->ret, "%s: ret %d, want %d (%s)", c->description, ret,
		       c->ret, why ? why : "-");
		EXPECT(why && *why, "%s: no reason given", c->description);
	}
}

static void dump_header_validate_truncated(void)
{
	struct dump_header *h = make_header();
	const char *why = NULL;

	EXPECT(dump_header_validate(h, sizeof(*h) - 1, 128 * MiB, 16 * MiB, &why) ==
	       -EBADMSG, "area smaller than the header");
	EXPECT(dump_header_validate(h, h->size - 1, 128 * MiB, 16 * MiB, &why) ==
	       -EBADMSG, "notes cut short");
	memset(hbuf, 0, sizeof(hbuf));
	EXPECT(dump_header_validate(h, sizeof(hbuf), 128 * MiB, 16 * MiB, &why) ==
	       -ENOENT, "zeroed header area");
}

static void dump_map_build_table(void)
{
	size_t i;
	u32 k;

	for (i = 0; i < sizeof(dump_map_cases) / sizeof(dump_map_cases[0]); i++) {
		const struct dump_map_case *c = &dump_map_cases[i];
		struct dump_header h = { 0 };
		struct dump_map map[8];
		u32 nr = 99;

		h.backup_base = c->base;
		h.backup_size = c->window;
		h.nr_ranges = c->nr_ram;
		memcpy(h.ranges, c->ram, c->nr_ram * sizeof(*c->ram));
		EXPECT(dump_map_build(&h, 0, map, 8, &nr) == 0, "%s: build", c->description);
		EXPECT(nr == c->nr_map, "%s: %u entries, want %u", c->description, nr,
		       c->nr_map);
		for (k = 0; k < nr && k < c->nr_map; k++)
			EXPECT(map[k].start == c->map[k].start && map[k].end == c->map[k].end &&
			       map[k].src == c->map[k].src,
			       "%s: entry %u is [%#llx,%#llx)->%#llx", c->description, k,
			       (unsigned long long)map[k].start,
			       (unsigned long long)map[k].end,
			       (unsigned long long)map[k].src);
		EXPECT(dump_map_build(&h, 0, map, 2, &nr) == -ENOSPC, "%s: small table",
		       c->description);
	}
}

/* dump_backup=free: the shared window-table rows (dump_test_cases.h). */
static void dump_free_table_cases(void)
{
	static struct dump_map map[64];
	struct dump_range sorted[5];
	size_t i;
	u32 k, nr;

	for (i = 0; i < sizeof(dump_free_cases) / sizeof(dump_free_cases[0]); i++) {
		const struct dump_free_case *c = &dump_free_cases[i];
		struct dump_header h = { 0 };
		const char *why = NULL;
		int ret;

		dump_free_test_header(&h, c->t, c->nr);
		ret = dump_free_table_check(&h, c->t, sorted, &why);
		EXPECT(ret == c->ret, "%s: ret %d (%s), want %d", c->description, ret,
		       why ? why : "-", c->ret);
		if (ret)
			continue;
		EXPECT(dump_map_build_free(&h, 0, c->t, sorted, map, 64, &nr) == 0, "%s: build",
		       c->description);
		for (k = 0; k < c->nr; k++) {
			const struct dump_map *m = dump_map_find(map, nr, c->t[k].start);

			EXPECT(m && m->src + (c->t[k].start - m->start) == c->t[k].src,
			       "%s: entry %u does not read from its copy", c->description, k);
			EXPECT(!dump_map_find(map, nr, c->t[k].src), "%s: copy %u offered",
			       c->description, k);
		}
		EXPECT(!dump_map_find(map, nr, DUMP_TFREE_HDR), "%s: header area offered",
		       c->description);
	}
}

static void dump_map_find_boundaries(void)
{
	struct dump_header *h = make_header();
	struct dump_map map[8];
	const struct dump_map *m;
	u32 nr;

	dump_map_build(h, 0, map, 8, &nr);
	EXPECT(!dump_map_find(map, nr, 0), "page 0 was not RAM here");
	EXPECT(!dump_map_find(map, nr, 0x9f000), "end of first range");
	m = dump_map_find(map, nr, 0x9efff);
	EXPECT(m && m->src + (0x9efff - m->start) == 128 * MiB + 0x9efff, "last low byte");
	m = dump_map_find(map, nr, 16 * MiB - 1);
	EXPECT(m && m->src + (16 * MiB - 1 - m->start) == 144 * MiB - 1,
	       "last byte of the window comes from the backup");
	m = dump_map_find(map, nr, 16 * MiB);
	EXPECT(m && m->src == 16 * MiB && m->start == 16 * MiB,
	       "first byte above the window is in place");
	EXPECT(!dump_map_find(map, nr, 128 * MiB), "backup start not offered");
	EXPECT(!dump_map_find(map, nr, 144 * MiB + DUMP_HEADER_AREA - 1),
	       "header area not offered");
	m = dump_map_find(map, nr, 144 * MiB + DUMP_HEADER_AREA);
	EXPECT(m && m->src == 144 * MiB + DUMP_HEADER_AREA, "first byte after the backup");
	EXPECT(!dump_map_find(map, nr, 0x1ffe0000), "end of RAM");
}

static void dump_elf_layout_elf32(void)
{
	struct dump_header *h = make_header();
	static struct dump_elf_layout l;
	static unsigned char buf[8192];
	struct dump_map map[8];
	Elf32_Ehdr *e = (Elf32_Ehdr *)buf;
	Elf32_Phdr *p = (Elf32_Phdr *)(buf + sizeof(*e));
	u32 nr, i;

	dump_map_build(h, 0, map, 8, &nr);
	EXPECT(dump_elf_layout(&l, h, h->notes_size, map, nr, 0) == 0, "layout");
	EXPECT(!l.elf64 && l.nr_loads == 3, "elf64 %d loads %u", l.elf64, l.nr_loads);
	EXPECT(dump_elf_write(&l, buf, l.headers_size - 1, h + 1) == -EINVAL, "small buf");
	EXPECT(dump_elf_write(&l, buf, sizeof(buf), h + 1) == 0, "write");
	EXPECT(!memcmp(e->e_ident, ELFMAG, 4) && e->e_ident[EI_CLASS] == ELFCLASS32 &&
	       e->e_ident[EI_DATA] == ELFDATA2LSB, "ident");
	EXPECT(e->e_type == ET_CORE && e->e_machine == EM_386 && e->e_phnum == 4 &&
	       e->e_phoff == 52 && e->e_phentsize == 32, "ehdr");
	EXPECT(p[0].p_type == PT_NOTE && p[0].p_offset == 52 + 4 * 32 &&
	       p[0].p_filesz == h->notes_size, "PT_NOTE first");
	EXPECT(!memcmp(buf + p[0].p_offset, h + 1, h->notes_size), "notes copied");
	EXPECT(p[1].p_paddr == 0x1000 && p[1].p_memsz == 0x9e000 &&
	       p[2].p_paddr == 0x100000 && p[2].p_filesz == 127 * MiB &&
	       p[3].p_paddr == 144 * MiB + DUMP_HEADER_AREA &&
	       p[3].p_filesz == 0x1ffe0000 - 144 * MiB - DUMP_HEADER_AREA,
	       "loads: old RAM less the backup, window edge merged");
	for (i = 1; i < 4; i++) {
		EXPECT(p[i].p_type == PT_LOAD && p[i].p_align == 0, "load %u align", i);
		EXPECT(p[i].p_vaddr == p[i].p_paddr + 0xc0000000, "load %u vaddr", i);
		EXPECT(p[i].p_offset % 4096 == p[i].p_paddr % 4096, "load %u congruent", i);
		EXPECT(p[i].p_offset >= l.data_offset, "load %u after headers", i);
		if (i > 1)
			EXPECT(p[i].p_offset >= p[i - 1].p_offset + p[i - 1].p_filesz,
			       "load %u overlaps", i);
	}
	EXPECT(l.data_offset == 8192 || l.data_offset == 4096, "data offset %llu",
	       (unsigned long long)l.data_offset);
	EXPECT(l.file_size == p[3].p_offset + p[3].p_filesz, "file size");
}

static void dump_elf_find_boundaries(void)
{
	struct dump_header *h = make_header();
	static struct dump_elf_layout l;
	struct dump_map map[8];
	u64 pa = 0, len = 0, off;
	u32 nr;

	dump_map_build(h, 0, map, 8, &nr);
	dump_elf_layout(&l, h, h->notes_size, map, nr, 0);
	EXPECT(dump_elf_find(&l, 0, &pa, &len) == DUMP_ELF_HEADERS &&
	       len == l.headers_size, "offset 0");
	EXPECT(dump_elf_find(&l, l.headers_size, &pa, &len) == DUMP_ELF_ZERO &&
	       len == l.loads[0].offset - l.headers_size, "padding after headers");
	off = l.loads[0].offset;
	EXPECT(dump_elf_find(&l, off, &pa, &len) == DUMP_ELF_DATA && pa == 0x1000 &&
	       len == 0x9e000, "first load start");
	EXPECT(dump_elf_find(&l, off + 0x9dfff, &pa, &len) == DUMP_ELF_DATA &&
	       pa == 0x9efff && len == 1, "first load last byte");
	EXPECT(l.loads[1].offset == off + 0x9e000 &&
	       dump_elf_find(&l, off + 0x9e000, &pa, &len) == DUMP_ELF_DATA &&
	       pa == 0x100000, "page-aligned loads are packed");
	off = l.loads[1].offset + 16 * MiB - 0x100000;
	EXPECT(dump_elf_find(&l, off - 1, &pa, &len) == DUMP_ELF_DATA &&
	       pa == 16 * MiB - 1, "window edge, below");
	EXPECT(dump_elf_find(&l, off, &pa, &len) == DUMP_ELF_DATA && pa == 16 * MiB,
	       "window edge, above");
	EXPECT(dump_elf_find(&l, l.file_size - 1, &pa, &len) == DUMP_ELF_DATA &&
	       pa == 0x1ffe0000 - 1 && len == 1, "last byte");
	EXPECT(dump_elf_find(&l, l.file_size, &pa, &len) == -ENXIO, "EOF");
	EXPECT(dump_elf_find(&l, ~0ULL, &pa, &len) == -ENXIO, "far past EOF");
}

static void dump_elf_find_gap(void)
{
	struct dump_header *h = make_header();
	static struct dump_elf_layout l;
	struct dump_map map[8];
	u64 pa = 0, len = 0, end0;
	u32 nr;

	/* A range that ends mid-page leaves zero padding before the next. */
	h->ranges[0].end = 0x9fc00;
	dump_map_build(h, 0, map, 8, &nr);
	dump_elf_layout(&l, h, h->notes_size, map, nr, 0);
	end0 = l.loads[0].offset + l.loads[0].size;
	EXPECT(dump_elf_find(&l, end0, &pa, &len) == DUMP_ELF_ZERO && len == 0x400,
	       "padding to the page end: len %llu", (unsigned long long)len);
	EXPECT(l.loads[1].offset == end0 + 0x400, "next load on the next page");
}

static void dump_elf_page_run_pages(void)
{
	struct dump_header *h = make_header();
	static struct dump_elf_layout l;
	struct dump_map map[8];
	u64 phys = 0, n = 0, pos;
	u32 nr;

	dump_map_build(h, 0, map, 8, &nr);
	dump_elf_layout(&l, h, h->notes_size, map, nr, 0);
	EXPECT(dump_elf_page_run(&l, map, nr, 1, &phys, &n) == -EINVAL, "misaligned");
	EXPECT(dump_elf_page_run(&l, map, nr, 0, &phys, &n) == DUMP_ELF_HEADERS &&
	       n == l.data_offset / 4096, "headers");
	pos = l.loads[0].offset;
	EXPECT(dump_elf_page_run(&l, map, nr, pos, &phys, &n) == DUMP_ELF_DATA &&
	       phys == 128 * MiB + 0x1000 && n == 0x9e, "first load from the backup");
	pos = l.loads[1].offset + 16 * MiB - 0x100000 - 4096;
	EXPECT(dump_elf_page_run(&l, map, nr, pos, &phys, &n) == DUMP_ELF_DATA &&
	       phys == 144 * MiB - 4096 && n == 1, "last window page: run stops at the edge");
	EXPECT(dump_elf_page_run(&l, map, nr, pos + 4096, &phys, &n) == DUMP_ELF_DATA &&
	       phys == 16 * MiB && n == (128 - 16) * MiB / 4096, "first page above the window");
	pos = (l.file_size + 4095) & ~4095ULL;
	EXPECT(dump_elf_page_run(&l, map, nr, pos - 4096, &phys, &n) == DUMP_ELF_DATA &&
	       phys == 0x1ffe0000 - 4096 && n == 1, "last page");
	EXPECT(dump_elf_page_run(&l, map, nr, pos, &phys, &n) == -ENXIO, "past the end");
	h->ranges[0].end = 0x9fc00;
	dump_map_build(h, 0, map, 8, &nr);
	dump_elf_layout(&l, h, h->notes_size, map, nr, 0);
	pos = l.loads[0].offset + 0x9e000 - 4096;
	EXPECT(dump_elf_page_run(&l, map, nr, pos, &phys, &n) == DUMP_ELF_DATA &&
	       phys == 128 * MiB + 0x9e000 && n == 2, "partial last page is mapped whole");
}

/* 64 RAM ranges (the most a header holds), cut by the backup region and
 * by the end of lowmem: every load still fits the layout. */
static void dump_elf_layout_most_ranges(void)
{
	struct dump_header *h = make_header();
	static struct dump_elf_layout l;
	struct dump_map map[2 * DUMP_MAX_RANGES + 2];
	u32 i, nr;

	h->nr_ranges = DUMP_MAX_RANGES;
	for (i = 0; i < DUMP_MAX_RANGES; i++) {
		h->ranges[i].start = i * 32 * MiB + (i ? 0 : 0x1000);
		h->ranges[i].end = (i + 1) * 32 * MiB - 4096;
	}
	/* Range 4 holds the backup region [128M, 144M + 64K): two pieces. */
	h->ranges[3].end = 3 * 32 * MiB + 16 * MiB;
	h->ranges[4].start = 4 * 32 * MiB - 8 * MiB;
	/* Range 27 [864M, 896M) holds the end of lowmem (880M): two loads. */
	h->lowmem_end = 0x37000000;
	h->saved_max_pfn = (u64)DUMP_MAX_RANGES * 32 * MiB >> 12;
	EXPECT(dump_map_build(h, 0, map, 2 * DUMP_MAX_RANGES + 2, &nr) == 0, "map");
	EXPECT(dump_elf_layout(&l, h, h->notes_size, map, nr, 0) == 0, "layout fits");
	EXPECT(l.nr_loads == DUMP_MAX_RANGES + 2, "%u loads", l.nr_loads);
}

static void dump_elf_layout_classes(void)
{
	struct dump_header *h = make_header();
	static struct dump_elf_layout l;
	static unsigned char buf[8192];
	struct dump_map map[8];
	Elf64_Ehdr *e = (Elf64_Ehdr *)buf;
	Elf64_Phdr *p = (Elf64_Phdr *)(buf + sizeof(*e));
	u32 nr;

	/* 6 GiB of RAM, 896 MiB direct map: ELF64, split at lowmem end. */
	h->ranges[1].end = 6ULL << 30;
	h->saved_max_pfn = (6ULL << 30) >> 12;
	h->lowmem_end = 0x38000000;
	dump_map_build(h, 0, map, 8, &nr);
	EXPECT(dump_elf_layout(&l, h, h->notes_size, map, nr, 0) == 0 && l.elf64, "auto ELF64");
	EXPECT(l.nr_loads == 4, "split at lowmem end: %u loads", l.nr_loads);
	EXPECT(dump_elf_layout(&l, h, h->notes_size, map, nr, 32) == -EOVERFLOW, "ELF32 forced > 4G");
	dump_elf_layout(&l, h, h->notes_size, map, nr, 0);
	dump_elf_write(&l, buf, sizeof(buf), h + 1);
	EXPECT(e->e_ident[EI_CLASS] == ELFCLASS64 && e->e_machine == EM_386 &&
	       e->e_phnum == 5 && e->e_phentsize == 56, "ELF64 header");
	EXPECT(p[3].p_paddr == 144 * MiB + DUMP_HEADER_AREA && p[3].p_vaddr ==
	       0xc0000000 + 144 * MiB + DUMP_HEADER_AREA && p[3].p_filesz ==
	       0x38000000 - 144 * MiB - DUMP_HEADER_AREA, "lowmem part");
	EXPECT(p[4].p_paddr == 0x38000000 && p[4].p_vaddr == 0 &&
	       p[4].p_filesz == (6ULL << 30) - 0x38000000, "highmem part, no vaddr");
	/* Small RAM, forced ELF64. */
	h = make_header();
	dump_map_build(h, 0, map, 8, &nr);
	EXPECT(dump_elf_layout(&l, h, h->notes_size, map, nr, 64) == 0 && l.elf64, "forced ELF64");
	EXPECT(dump_elf_layout(&l, h, h->notes_size, map, 0, 0) == -EINVAL, "empty map");
}

static void dump_note_len_bounds(void)
{
	unsigned char n[64] = { 0 };

	EXPECT(dump_note_len(n, 11) == -EINVAL, "short header");
	EXPECT(dump_note_len(n, 12) == 12, "empty note");
	((Elf32_Nhdr *)n)->n_namesz = 5;
	((Elf32_Nhdr *)n)->n_descsz = 0xffffffff;
	EXPECT(dump_note_len(n, 64) == -EINVAL, "descsz overflow");
	((Elf32_Nhdr *)n)->n_descsz = 3;
	EXPECT(dump_note_len(n, 64) == 12 + 8 + 4, "padding");
	EXPECT(dump_note_len(n, 23) == -EINVAL, "one byte short");
}

int main(void)
{
	run("dump_parse_backup_table", dump_parse_backup_table);
	run("dump_crc32_vector", dump_crc32_vector);
	run("dump_ranges_add_merges", dump_ranges_add_merges);
	run("dump_ranges_add_full", dump_ranges_add_full);
	run("dump_segment_table", dump_segment_table);
	run("dump_header_validate_good", dump_header_validate_good);
	run("dump_header_validate_corrupt", dump_header_validate_corrupt);
	run("dump_header_validate_truncated", dump_header_validate_truncated);
	run("dump_map_build_table", dump_map_build_table);
	run("dump_map_find_boundaries", dump_map_find_boundaries);
	run("dump_free_table_cases", dump_free_table_cases);
	run("dump_elf_layout_elf32", dump_elf_layout_elf32);
	run("dump_elf_find_boundaries", dump_elf_find_boundaries);
	run("dump_elf_find_gap", dump_elf_find_gap);
	run("dump_elf_page_run_pages", dump_elf_page_run_pages);
	run("dump_elf_layout_most_ranges", dump_elf_layout_most_ranges);
	run("dump_elf_layout_classes", dump_elf_layout_classes);
	run("dump_note_len_bounds", dump_note_len_bounds);
	printf("%d passed, %d failed\n", passes, failures);
	return failures ? 1 : 0;
}
