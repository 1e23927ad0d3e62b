// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the checks that guard the panic path
 * (drivers/dump/dump_kexec.c) and of the checksum and address arithmetic
 * in dump_core.c, with ASan and UBSan. The table rows are shared with
 * KUnit (drivers/dump/dump_test_cases.h).
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

static void dump_kexec_walk_table(void)
{
	size_t i;

	for (i = 0; i < TABLE_SIZE(dump_walk_cases); i++) {
		const struct dump_walk_case *c = &dump_walk_cases[i];
		struct dump_kexec_sum sum;
		struct dump_test_mem m;
		const char *why = "unset";
		int ret = dump_test_walk(c, &sum, &m, &why);

		EXPECT(ret == c->ret, "%s: ret %d, want %d (%s)", c->description, ret,
		       c->ret, why ? why : "-");
		if (c->ret) {
			EXPECT(why && *why, "%s: no reason", c->description);
			continue;
		}
		EXPECT(!why, "%s: reason on success", c->description);
		EXPECT(sum.nr_ind == c->nr_ind && sum.nr_pages == c->nr_pages &&
		       m.sources == c->nr_pages, "%s: %u ind, %u pages", c->description,
		       sum.nr_ind, sum.nr_pages);
		EXPECT(m.last_dest == c->last_dest, "%s: last dest %#llx", c->description,
		       (unsigned long long)m.last_dest);
	}
}

/* Any changed entry word changes the entry checksum. */
static void dump_kexec_walk_sum_changes(void)
{
	static struct dump_walk_case c;
	struct dump_kexec_sum a, b;
	struct dump_test_mem m;
	const char *why;
	int k;

	c = dump_walk_cases[0];
	EXPECT(dump_test_walk(&c, &a, &m, &why) == 0, "base walk");
	for (k = 0; k < 4; k++) {
		c = dump_walk_cases[0];
		c.ind[0][3 + (k & 1)] = k < 2 ? 0x10 : 0x20;	/* ignored entries */
		EXPECT(dump_test_walk(&c, &b, &m, &why) == 0, "walk %d", k);
		EXPECT(b.entries != a.entries, "entry change %d not seen", k);
	}
	c = dump_walk_cases[0];
	c.ind[0][1] = TS(0x2005000);
	EXPECT(dump_test_walk(&c, &b, &m, &why) == 0 && b.entries != a.entries,
	       "a moved source");
}

static void dump_boot_footprint_table(void)
{
	static u8 bp[DUMP_PAGE_SIZE];
	size_t i;

	for (i = 0; i < TABLE_SIZE(dump_boot_cases); i++) {
		const struct dump_boot_case *c = &dump_boot_cases[i];
		const char *why = "unset";
		u64 end = 1;
		int ret;

		dump_test_boot_page(c, bp);
		EXPECT(dump_is_boot_params(bp), "%s: not seen as boot_params", c->description);
		ret = dump_boot_footprint(bp, c->segs, 3, 1, &end, &why);
		EXPECT(ret == c->ret, "%s: ret %d (%s)", c->description, ret, why ? why : "-");
		if (!c->ret)
			EXPECT(end == c->end, "%s: end %#llx, want %#llx", c->description,
			       (unsigned long long)end, (unsigned long long)c->end);
		else
			EXPECT(why && *why, "%s: no reason", c->description);
	}
	dump_test_boot_page(&dump_boot_cases[0], bp);
	bp[0x202] = 'h';
	EXPECT(!dump_is_boot_params(bp), "HdrS misspelt");
	dump_test_boot_page(&dump_boot_cases[0], bp);
	bp[0x1ff] = 0;
	EXPECT(dump_is_boot_params(bp), "boot flag half zeroed, as kexec-tools leaves it");
}

static void dump_cmdline_check_table(void)
{
	size_t i;

	for (i = 0; i < TABLE_SIZE(dump_cmdline_cases); i++) {
		const struct dump_cmdline_case *c = &dump_cmdline_cases[i];
		const char *why = "unset";
		int ret = dump_cmdline_check(c->cmdline, 16 * MiB, 128 * MiB, &why);

		EXPECT(ret == c->ret, "%s: ret %d (%s)", c->description, ret, why ? why : "-");
		EXPECT(c->ret ? why && *why : !why, "%s: reason", c->description);
	}
	{
		struct dump_cmdline_facts f;

		dump_cmdline_scan("console=ttyS0 dump dump_backup=16M@128M", 16 * MiB, 128 * MiB,
				  &f);
		EXPECT(f.capture && f.backup_ours && !f.backup_other && !f.kaslr_off, "facts");
		dump_cmdline_scan("dumpx x=\"dump\" dump-backup=1 -- dump", 16 * MiB, 128 * MiB,
				  &f);
		EXPECT(!f.capture && !f.backup_ours && f.backup_other, "facts, not a capture");
	}
}

/* Fixed values: the kernel and the capture kernel must agree forever. */
static void dump_csum_vectors(void)
{
	static u8 buf[4096];
	u64 base, s;
	size_t i, bit;

	dump_test_csum_page(buf);
	EXPECT(dump_csum(0, "", 0) == DUMP_TEST_CSUM_EMPTY, "empty: %#llx",
	       (unsigned long long)dump_csum(0, "", 0));
	EXPECT(dump_csum(0, buf, sizeof(buf)) == DUMP_TEST_CSUM_PAGE, "page: %#llx",
	       (unsigned long long)dump_csum(0, buf, sizeof(buf)));
	base = dump_csum(0, buf, sizeof(buf));
	for (bit = 0; bit < 8 * 64; bit++) {
		buf[bit / 8] ^= 1 << (bit % 8);
		s = dump_csum(0, buf, sizeof(buf));
		buf[bit / 8] ^= 1 << (bit % 8);
		EXPECT(s != base, "bit %zu flip not seen", bit);
	}
	EXPECT(dump_csum(0, buf, 4095) != dump_csum(0, buf, 4096), "length");
	EXPECT(dump_csum(1, buf, 4096) != base, "seed");
	EXPECT(dump_csum(dump_csum(0, buf, 16), buf + 16, 16) !=
	       dump_csum(dump_csum(0, buf + 16, 16), buf, 16), "order");
	EXPECT(dump_csum_u64(0, 1) != dump_csum_u64(0, 1ULL << 32), "u64 halves");
}

/* The panic path copies and sums a range in one call, the capture kernel
 * sums it a block at a time: both must give the same value. */
static void dump_csum_blocks_split(void)
{
	u64 len = 2 * DUMP_CSUM_BLOCK + 12345, whole, parts = 0, off;
	u8 *buf = malloc(len), *copy = malloc(len);
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = i * 13 + (i >> 12);
	memset(copy, 0, len);
	whole = dump_csum_blocks(0, copy, buf, len);
	EXPECT(!memcmp(copy, buf, len), "copy differs");
	EXPECT(whole == dump_csum_blocks(0, NULL, buf, len), "copying changes the sum");
	for (off = 0; off < len; off += DUMP_CSUM_BLOCK)
		parts = dump_csum_blocks(parts, NULL, buf + off,
					 len - off < DUMP_CSUM_BLOCK ? len - off : DUMP_CSUM_BLOCK);
	EXPECT(whole == parts, "block by block differs");
	EXPECT(whole == dump_csum(dump_csum(dump_csum(0, buf, DUMP_CSUM_BLOCK),
					    buf + DUMP_CSUM_BLOCK, DUMP_CSUM_BLOCK),
				  buf + 2 * DUMP_CSUM_BLOCK, 12345), "chained dump_csum");
	EXPECT(dump_csum_copy(7, copy + 1, buf + 3, 1000) == dump_csum(7, buf + 3, 1000) &&
	       !memcmp(copy + 1, buf + 3, 1000), "unaligned dump_csum_copy");
	buf[len - 1] ^= 1;
	EXPECT(dump_csum_blocks(0, NULL, buf, len) != whole, "last byte");
	free(buf);
	free(copy);
}

static void dump_map_chunk_table(void)
{
	size_t i;

	for (i = 0; i < TABLE_SIZE(dump_chunk_cases); i++) {
		const struct dump_chunk_case *c = &dump_chunk_cases[i];
		u64 base = 1, map_len = 1, chunk = 1;
		int ret = dump_map_chunk(c->src, c->len, c->max, &base, &map_len, &chunk);

		EXPECT(ret == c->ret, "%s: ret %d", c->description, ret);
		if (!c->ret)
			EXPECT(base == c->base && map_len == c->map_len && chunk == c->chunk,
			       "%s: base %#llx map %#llx chunk %#llx", c->description,
			       (unsigned long long)base, (unsigned long long)map_len,
			       (unsigned long long)chunk);
	}
}

static void dump_map_build_no_window(void)
{
	struct dump_header h = { 0 };
	struct dump_map map[8];
	u32 nr = 99;

	h.backup_base = 128 * MiB;
	h.backup_size = 16 * MiB;
	h.nr_ranges = 2;
	h.ranges[0] = dump_test_ram[0];
	h.ranges[1] = dump_test_ram[1];
	EXPECT(dump_map_build(&h, DUMP_MAP_NO_WINDOW, map, 8, &nr) == 0, "build");
	EXPECT(nr == 2 && map[0].start == 16 * MiB && map[0].src == 16 * MiB &&
	       map[1].start == 144 * MiB + DUMP_HEADER_AREA, "only above the window: %u", nr);
	EXPECT(!dump_map_find(map, nr, 0x100000), "window not offered");
}

static void dump_missed_cpus_masks(void)
{
	struct dump_header h = { 0 };
	u32 first;

	h.nr_online = 4;
	h.nr_cpus = 3;
	h.cpus_online = 0xf;
	h.cpus_saved = 0xb;
	EXPECT(dump_missed_cpus(&h, &first) == 1 && first == 2, "CPU 2 missed");
	h.nr_cpus = 4;
	h.cpus_saved = 0xf;
	EXPECT(dump_missed_cpus(&h, &first) == 0 && first == ~0U, "none missed");
	h.nr_online = 70;
	h.nr_cpus = 69;
	h.cpus_online = ~0ULL;
	h.cpus_saved = ~0ULL;
	EXPECT(dump_missed_cpus(&h, &first) == 1 && first == ~0U, "above CPU 63");
}

int main(void)
{
	run("dump_kexec_walk_table", dump_kexec_walk_table);
	run("dump_kexec_walk_sum_changes", dump_kexec_walk_sum_changes);
	run("dump_boot_footprint_table", dump_boot_footprint_table);
	run("dump_cmdline_check_table", dump_cmdline_check_table);
	run("dump_csum_vectors", dump_csum_vectors);
	run("dump_csum_blocks_split", dump_csum_blocks_split);
	run("dump_map_chunk_table", dump_map_chunk_table);
	run("dump_map_build_no_window", dump_map_build_no_window);
	run("dump_missed_cpus_masks", dump_missed_cpus_masks);
	printf("%d passed, %d failed\n", passes, failures);
	return failures ? 1 : 0;
}
