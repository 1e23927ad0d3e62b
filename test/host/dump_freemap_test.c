// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of dump_backup=free's capture-side logic (drivers/dump/
 * dump_freemap.c), with ASan and UBSan: a header whose window copy sits in
 * scattered pages, each way its table can be wrong, and a table of a
 * thousand runs read back page by page through the redirect table and the
 * ELF layout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/dump_format.h>
#include "../../drivers/dump/dump_test_cases.h"

#include "harness.h"

#define HDR	DUMP_TFREE_HDR	/* the header area's address */
#define PG	4096ULL

static struct dump_header hdr_buf;
static struct dump_map table[DUMP_FREE_TABLE_MAX + 8];
static struct dump_range sorted[DUMP_FREE_TABLE_MAX + 9];
static struct dump_map map[4 * (DUMP_FREE_TABLE_MAX + DUMP_MAX_RANGES)];

static void seal_table(struct dump_header *h)
{
	h->table_crc = dump_crc32(0, table, h->nr_table * sizeof(table[0]));
}

/* 16 MiB window over the 512 MiB QEMU map; its copy in three runs. */
static struct dump_header *make_free(void)
{
	struct dump_header *h = &hdr_buf;

	table[0] = (struct dump_map){ 0x1000, 0x9f000, 128 * MiB + 0x1000 };
	table[1] = (struct dump_map){ 0x100000, 8 * MiB, 144 * MiB };
	table[2] = (struct dump_map){ 8 * MiB, 16 * MiB, 96 * MiB };
	dump_free_test_header(h, table, 3);
	return h;
}

static void free_base_helpers(void)
{
	EXPECT(dump_base_is_free(DUMP_BASE_FREE), "the unplaced sentinel is free mode");
	EXPECT(!dump_base_is_free(DUMP_BASE_AUTO), "auto is not free mode");
	EXPECT(!dump_base_is_free(128 * MiB), "a region base is not free mode");
	EXPECT(dump_header_addr(HDR | DUMP_BASE_FREE, 16 * MiB) == HDR, "free: header where named");
	EXPECT(dump_header_addr(128 * MiB, 16 * MiB) == 144 * MiB, "region: header after the copy");
	EXPECT(dump_check_backup(128 * MiB, 128 * MiB) == -ERANGE, "128M needs free mode");
	EXPECT(dump_check_backup(128 * MiB, DUMP_BASE_FREE) == 0, "128M in free mode");
}

static void free_table_good(void)
{
	struct dump_header *h = make_free();
	const struct dump_map *m;
	const char *why = "x";
	u32 nr = 0, k;
	static const struct dump_map want[] = {
		{ 0x1000, 0x9f000, 128 * MiB + 0x1000 },
		{ 0x100000, 8 * MiB, 144 * MiB },
		{ 8 * MiB, 16 * MiB, 96 * MiB },
		{ 16 * MiB, 96 * MiB, 16 * MiB },
		{ 104 * MiB, 128 * MiB + 0x1000, 104 * MiB },
		{ 128 * MiB + 0x9f000, 144 * MiB, 128 * MiB + 0x9f000 },
		{ 144 * MiB + 7 * MiB, HDR, 151 * MiB },
		{ HDR + DUMP_FREE_AREA, 0x1ffe0000, HDR + DUMP_FREE_AREA },
	};

	EXPECT(dump_free_table_check(h, table, sorted, &why) == 0, "good table: %s", why);
	EXPECT(why == NULL, "why set on success");
	EXPECT(sorted[0].start == 96 * MiB && sorted[3].start == HDR, "sorted copies, header last");
	EXPECT(sorted[1].start == 128 * MiB + 0x1000 && sorted[1].end == 128 * MiB + 0x9f000,
	       "first copy as whole pages");
	EXPECT(dump_map_build_free(h, 0, table, sorted, map, 64, &nr) == 0, "build");
	EXPECT(nr == sizeof(want) / sizeof(want[0]), "%u entries", nr);
	for (k = 0; k < nr && k < sizeof(want) / sizeof(want[0]); k++)
		EXPECT(map[k].start == want[k].start && map[k].end == want[k].end &&
		       map[k].src == want[k].src, "entry %u [%#llx,%#llx)->%#llx", k,
		       (unsigned long long)map[k].start, (unsigned long long)map[k].end,
		       (unsigned long long)map[k].src);
	m = dump_map_find(map, nr, 8 * MiB + 5);
	EXPECT(m && m->src + (8 * MiB + 5 - m->start) == 96 * MiB + 5,
	       "window byte through its run");
	EXPECT(!dump_map_find(map, nr, 96 * MiB), "a page that held the copy is not offered");
	EXPECT(!dump_map_find(map, nr, 104 * MiB - 1), "its last byte neither");
	EXPECT(!dump_map_find(map, nr, HDR + 100), "nor the header area");
	EXPECT(dump_map_find(map, nr, 104 * MiB) != NULL, "the page after a run is");
	EXPECT(dump_map_build_free(h, 0, table, sorted, map, 5, &nr) == -ENOSPC, "small map");
	EXPECT(dump_map_build_free(h, DUMP_MAP_NO_WINDOW, table, sorted, map, 64, &nr) == 0 &&
	       nr == 5 && map[0].start == 16 * MiB, "no window: old RAM above it only");
}

struct table_case {
	const char *description;
	void (*fn)(struct dump_header *h);
	bool reseal;
};

static void t_crc(struct dump_header *h) { table[1].src += PG; }
static void t_gap(struct dump_header *h) { table[1].end -= PG; table[2].start -= 0; }
static void t_past(struct dump_header *h) { table[2].end += PG; }
static void t_extra(struct dump_header *h)
{
	table[3] = (struct dump_map){ 16 * MiB, 16 * MiB + PG, 200 * MiB };
	h->nr_table = 4;
}
static void t_share(struct dump_header *h) { table[2].src = 144 * MiB + 4 * MiB; }
static void t_inwin(struct dump_header *h) { table[2].src = 4 * MiB; }
static void t_hdr(struct dump_header *h) { table[2].src = HDR - 4 * MiB; }
static void t_high(struct dump_header *h) { table[2].src = 0x1ffe0000 - 4 * MiB; }
static void t_offset(struct dump_header *h) { table[0].src += 0x10; }
static void t_empty(struct dump_header *h) { table[2].end = table[2].start; }
static void t_none(struct dump_header *h) { h->nr_table = 0; }
static void t_many(struct dump_header *h) { h->nr_table = DUMP_FREE_TABLE_MAX + 1; }
static void t_below(struct dump_header *h) { table[1].src = 0x1000; }
static void t_hole(struct dump_header *h)
{
	/* a hole in old RAM at [200M, 210M): the copy runs into it */
	h->nr_ranges = 3;
	h->ranges[1].end = 200 * MiB;
	h->ranges[2] = (struct dump_range){ 210 * MiB, 0x1ffe0000 };
	table[2].src = 196 * MiB;
}

static const struct table_case table_cases[] = {
	{ "table checksum mismatch", t_crc, false },
	{ "a gap in the window", t_gap, true },
	{ "an entry past the window", t_past, true },
	{ "an entry beyond the window's RAM", t_extra, true },
	{ "two copies share pages", t_share, true },
	{ "a copy inside the window", t_inwin, true },
	{ "a copy over the header area", t_hdr, true },
	{ "a copy past lowmem", t_high, true },
	{ "a copy off its page offset", t_offset, true },
	{ "an empty entry", t_empty, true },
	{ "no entries", t_none, true },
	{ "too many entries", t_many, true },
	{ "a copy below the window", t_below, true },
	{ "a copy over a hole in old RAM", t_hole, true },
};

static void free_table_corrupt(void)
{
	size_t i;

	for (i = 0; i < sizeof(table_cases) / sizeof(table_cases[0]); i++) {
		const struct table_case *c = &table_cases[i];
		struct dump_header *h = make_free();
		const char *why = NULL;

		c->fn(h);
		if (c->reseal && h->nr_table <= DUMP_FREE_TABLE_MAX)
			seal_table(h);
		EXPECT(dump_free_table_check(h, table, sorted, &why) == -EBADMSG && why,
		       "%s: accepted", c->description);
	}
}

/* The header's own checks of the mode: flags, and a table without it. */
static void free_header_flags(void)
{
	static unsigned char buf[DUMP_HEADER_AREA];
	struct dump_header *h = (struct dump_header *)buf;
	const char *why;

	memset(buf, 0, sizeof(buf));
	h->magic = DUMP_HEADER_MAGIC;
	h->version = DUMP_HEADER_VERSION;
	h->size = sizeof(*h);
	h->backup_base = 128 * MiB;
	h->backup_size = 16 * MiB;
	h->flags = DUMP_HDR_FREE;
	dump_header_seal(h);
	EXPECT(dump_header_validate(h, sizeof(buf), 128 * MiB, 16 * MiB, &why) == -EBADMSG,
	       "free flag with a region base");
	h->flags = 0;
	h->backup_base = HDR | DUMP_BASE_FREE;
	dump_header_seal(h);
	EXPECT(dump_header_validate(h, sizeof(buf), HDR | DUMP_BASE_FREE, 16 * MiB, &why) ==
	       -EBADMSG, "free base without the flag");
	h->backup_base = 128 * MiB;
	h->nr_table = 3;
	dump_header_seal(h);
	EXPECT(dump_header_validate(h, sizeof(buf), 128 * MiB, 16 * MiB, &why) == -EBADMSG,
	       "a table in region mode");
}

/*
 * A thousand runs: every other page of [200M, 208M) then [300M, 304M) as
 * single pages, the rest in bigger runs; every window page must read back
 * from its own copy, every copy page must be absent, and the ELF layout's
 * offsets must agree with a linear search.
 */
static void free_table_many_runs(void)
{
	struct dump_header *h = make_free();
	static struct dump_load loads[4 * (DUMP_FREE_TABLE_MAX + DUMP_MAX_RANGES)];
	static struct dump_elf_layout l;
	u64 pos, next = 200 * MiB, pa, len;
	const char *why = "x";
	u32 n = 0, nr = 0, i;
	int kind, bad = 0;

	/* [0x1000, 0x9f000) and [1M, 16M): 1000 single-page runs, then one. */
	static const struct dump_range piece[] = { { 0x1000, 0x9f000 }, { 0x100000, 16 * MiB } };

	for (i = 0; i < 2; i++) {
		for (pa = piece[i].start; pa < piece[i].end; pa += len) {
			len = n < 1000 ? PG : piece[i].end - pa;
			table[n] = (struct dump_map){ pa, pa + len, next };
			next += n < 1000 ? 2 * PG : len;
			n++;
		}
	}
	h->nr_table = n;
	seal_table(h);
	EXPECT(n > 1000 && n <= DUMP_FREE_TABLE_MAX, "%u entries", n);
	EXPECT(dump_free_table_check(h, table, sorted, &why) == 0, "many runs: %s", why);
	EXPECT(dump_map_build_free(h, 0, table, sorted, map, sizeof(map) / sizeof(map[0]),
				   &nr) == 0, "build %u", nr);
	for (i = 1; i < nr; i++)
		if (map[i].start < map[i - 1].end)
			bad++;
	EXPECT(!bad, "map sorted and disjoint");
	for (i = 0, bad = 0; i < n; i++) {
		const struct dump_map *m = dump_map_find(map, nr, table[i].start);

		if (!m || m->src + (table[i].start - m->start) != table[i].src)
			bad++;
		if (dump_map_find(map, nr, table[i].src))
			bad++;
	}
	EXPECT(!bad, "%d window pages misread or copies offered", bad);
	l.loads = loads;
	l.max_loads = sizeof(loads) / sizeof(loads[0]);
	EXPECT(dump_elf_layout(&l, h, 64, map, nr, 0) == 0, "layout");
	EXPECT(l.nr_loads > 1000, "%u loads", l.nr_loads);
	for (pos = l.headers_size, bad = 0; pos < l.file_size; pos += 4093) {
		u64 paddr = 0, len = 0, lp = ~0ULL, ll = 0;
		int lk = -1;

		kind = dump_elf_find(&l, pos, &paddr, &len);
		for (i = 0; i < l.nr_loads; i++) {
			if (pos < loads[i].offset) {
				lk = DUMP_ELF_ZERO;
				ll = loads[i].offset - pos;
				break;
			}
			if (pos < loads[i].offset + loads[i].size) {
				lk = DUMP_ELF_DATA;
				lp = loads[i].paddr + pos - loads[i].offset;
				ll = loads[i].offset + loads[i].size - pos;
				break;
			}
		}
		if (kind != lk || len != ll || (kind == DUMP_ELF_DATA && paddr != lp))
			bad++;
	}
	EXPECT(!bad, "%d offsets disagree with a linear search", bad);
	l.max_loads = 10;
	EXPECT(dump_elf_layout(&l, h, 64, map, nr, 0) == -ENOSPC, "capacity is kept");
}

int main(void)
{
	run("free_base_helpers", free_base_helpers);
	run("free_table_good", free_table_good);
	run("free_table_corrupt", free_table_corrupt);
	run("free_header_flags", free_header_flags);
	run("free_table_many_runs", free_table_many_runs);
	printf("%d passed, %d failed\n", passes, failures);
	return failures ? 1 : 0;
}
