// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the pure dump logic. The table rows are those the host
 * unit tests run too (dump_test_cases.h).
 */
#include <kunit/test.h>
#include <linux/elf.h>
#include <linux/slab.h>
#include <linux/dump_format.h>
#include "dump_test_cases.h"

static void dump_parse_backup_table(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dump_backup_cases); i++) {
		const struct dump_backup_case *c = &dump_backup_cases[i];
		u64 size = 7, base = 9;

		KUNIT_EXPECT_EQ_MSG(test, dump_parse_backup(c->arg, &size, &base),
				    c->ret, "%s", c->description);
		KUNIT_EXPECT_EQ_MSG(test, size, c->ret ? 7 : c->size, "%s", c->description);
		KUNIT_EXPECT_EQ_MSG(test, base, c->ret ? 9 : c->base, "%s", c->description);
	}
}

static void dump_segment_table(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dump_segment_cases); i++) {
		const struct dump_segment_case *c = &dump_segment_cases[i];

		KUNIT_EXPECT_EQ_MSG(test, dump_segment_check(c->mem, c->memsz, c->window),
				    c->ret, "%s", c->description);
	}
}

static void dump_map_build_table(struct kunit *test)
{
	size_t i;
	u32 k, nr;

	for (i = 0; i < ARRAY_SIZE(dump_map_cases); i++) {
		const struct dump_map_case *c = &dump_map_cases[i];
		struct dump_header *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
		struct dump_map map[8];

		KUNIT_ASSERT_NOT_NULL(test, h);
		h->backup_base = c->base;
		h->backup_size = c->window;
		h->nr_ranges = c->nr_ram;
		memcpy(h->ranges, c->ram, c->nr_ram * sizeof(*c->ram));
		KUNIT_ASSERT_EQ(test, dump_map_build(h, 0, map, 8, &nr), 0);
		KUNIT_ASSERT_EQ_MSG(test, nr, c->nr_map, "%s", c->description);
		for (k = 0; k < nr; k++) {
			KUNIT_EXPECT_EQ_MSG(test, map[k].start, c->map[k].start, "%s",
					    c->description);
			KUNIT_EXPECT_EQ_MSG(test, map[k].end, c->map[k].end, "%s", c->description);
			KUNIT_EXPECT_EQ_MSG(test, map[k].src, c->map[k].src, "%s", c->description);
		}
	}
}

/* dump_backup=free: the shared window-table rows. */
static void dump_free_table_table(struct kunit *test)
{
	struct dump_header *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	struct dump_map *map = kunit_kcalloc(test, 64, sizeof(*map), GFP_KERNEL);
	struct dump_range sorted[5];
	size_t i;
	u32 k, nr;

	KUNIT_ASSERT_NOT_NULL(test, h);
	KUNIT_ASSERT_NOT_NULL(test, map);
	for (i = 0; i < ARRAY_SIZE(dump_free_cases); i++) {
		const struct dump_free_case *c = &dump_free_cases[i];
		const char *why = NULL;

		dump_free_test_header(h, c->t, c->nr);
		KUNIT_EXPECT_EQ_MSG(test, dump_free_table_check(h, c->t, sorted, &why), c->ret,
				    "%s", c->description);
		if (c->ret)
			continue;
		KUNIT_ASSERT_EQ(test, dump_map_build_free(h, 0, c->t, sorted, map, 64, &nr), 0);
		for (k = 0; k < c->nr; k++) {
			const struct dump_map *m = dump_map_find(map, nr, c->t[k].start);

			KUNIT_ASSERT_NOT_NULL(test, m);
			KUNIT_EXPECT_EQ(test, m->src + (c->t[k].start - m->start), c->t[k].src);
			KUNIT_EXPECT_NULL(test, dump_map_find(map, nr, c->t[k].src));
		}
	}
}

static void dump_crc32_vector(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, dump_crc32(0, "123456789", 9), 0xcbf43926U);
}

/* Seal a header with one VMCOREINFO note, then break it field by field. */
static void dump_header_validate_fields(struct kunit *test)
{
	size_t len = sizeof(struct dump_header) + (12 + 8) + (12 + 12 + 4);
	struct dump_header *h = kunit_kzalloc(test, DUMP_HEADER_AREA, GFP_KERNEL);
	struct elf32_note *n;
	const char *why;

	KUNIT_ASSERT_NOT_NULL(test, h);
	n = (struct elf32_note *)(h + 1);
	h->magic = DUMP_HEADER_MAGIC;
	h->version = DUMP_HEADER_VERSION;
	h->backup_base = 128 * MiB;
	h->backup_size = 16 * MiB;
	h->saved_max_pfn = 0x1ffe0;
	h->lowmem_end = 0x1ffe0000;
	h->nr_ranges = 1;
	h->ranges[0] = dump_test_ram[1];
	h->nr_cpus = 1;
	h->nr_online = 1;
	n->n_namesz = 5;
	n->n_descsz = 0;
	n->n_type = NT_PRSTATUS;
	memcpy(n + 1, "CORE", 5);
	n = (struct elf32_note *)((u8 *)(n + 1) + 8);
	n->n_namesz = 11;
	n->n_descsz = 4;
	memcpy(n + 1, "VMCOREINFO", 11);
	h->notes_size = len - sizeof(*h);
	h->size = len;
	dump_header_seal(h);
	KUNIT_EXPECT_EQ(test, dump_header_validate(h, DUMP_HEADER_AREA, 128 * MiB,
						   16 * MiB, &why), 0);
	h->checksum ^= 1;
	KUNIT_EXPECT_EQ(test, dump_header_validate(h, DUMP_HEADER_AREA, 128 * MiB,
						   16 * MiB, &why), -EBADMSG);
	KUNIT_EXPECT_STREQ(test, why, "checksum mismatch");
	h->nr_cpus = 2;
	h->nr_online = 2;
	dump_header_seal(h);
	KUNIT_EXPECT_EQ(test, dump_header_validate(h, DUMP_HEADER_AREA, 128 * MiB,
						   16 * MiB, &why), -EBADMSG);
	h->magic = 0;
	KUNIT_EXPECT_EQ(test, dump_header_validate(h, DUMP_HEADER_AREA, 128 * MiB,
						   16 * MiB, &why), -ENOENT);
}

static void dump_kexec_walk_table(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dump_walk_cases); i++) {
		const struct dump_walk_case *c = &dump_walk_cases[i];
		struct dump_kexec_sum sum;
		struct dump_test_mem m;
		const char *why;

		KUNIT_EXPECT_EQ_MSG(test, dump_test_walk(c, &sum, &m, &why), c->ret,
				    "%s", c->description);
		if (c->ret)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, sum.nr_ind, c->nr_ind, "%s", c->description);
		KUNIT_EXPECT_EQ_MSG(test, sum.nr_pages, c->nr_pages, "%s", c->description);
		KUNIT_EXPECT_EQ_MSG(test, m.last_dest, c->last_dest, "%s", c->description);
	}
}

static void dump_boot_footprint_table(struct kunit *test)
{
	u8 *bp = kunit_kzalloc(test, DUMP_PAGE_SIZE, GFP_KERNEL);
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, bp);
	for (i = 0; i < ARRAY_SIZE(dump_boot_cases); i++) {
		const struct dump_boot_case *c = &dump_boot_cases[i];
		const char *why;
		u64 end = 1;

		dump_test_boot_page(c, bp);
		KUNIT_EXPECT_TRUE(test, dump_is_boot_params(bp));
		KUNIT_EXPECT_EQ_MSG(test, dump_boot_footprint(bp, c->segs, 3, 1, &end, &why),
				    c->ret, "%s", c->description);
		if (!c->ret)
			KUNIT_EXPECT_EQ_MSG(test, end, c->end, "%s", c->description);
	}
}

static void dump_cmdline_check_table(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dump_cmdline_cases); i++) {
		const struct dump_cmdline_case *c = &dump_cmdline_cases[i];
		const char *why;

		KUNIT_EXPECT_EQ_MSG(test, dump_cmdline_check(c->cmdline, 16 * MiB, 128 * MiB, &why),
				    c->ret, "%s", c->description);
	}
}

/* The same values the 64-bit host computes: both kernels must agree. */
static void dump_csum_vectors(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, DUMP_PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	dump_test_csum_page(buf);
	KUNIT_EXPECT_EQ(test, dump_csum(0, "", 0), DUMP_TEST_CSUM_EMPTY);
	KUNIT_EXPECT_EQ(test, dump_csum(0, buf, DUMP_PAGE_SIZE), DUMP_TEST_CSUM_PAGE);
}

/* 64-bit physical address arithmetic, as the PAE read path needs it. */
static void dump_map_chunk_table(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dump_chunk_cases); i++) {
		const struct dump_chunk_case *c = &dump_chunk_cases[i];
		u64 base = 1, map_len = 1, chunk = 1;

		KUNIT_EXPECT_EQ_MSG(test, dump_map_chunk(c->src, c->len, c->max, &base,
							 &map_len, &chunk),
				    c->ret, "%s", c->description);
		if (c->ret)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, base, c->base, "%s", c->description);
		KUNIT_EXPECT_EQ_MSG(test, map_len, c->map_len, "%s", c->description);
		KUNIT_EXPECT_EQ_MSG(test, chunk, c->chunk, "%s", c->description);
	}
}

static struct kunit_case dump_test_cases[] = {
	KUNIT_CASE(dump_parse_backup_table),
	KUNIT_CASE(dump_segment_table),
	KUNIT_CASE(dump_map_build_table),
	KUNIT_CASE(dump_free_table_table),
	KUNIT_CASE(dump_crc32_vector),
	KUNIT_CASE(dump_header_validate_fields),
	KUNIT_CASE(dump_kexec_walk_table),
	KUNIT_CASE(dump_boot_footprint_table),
	KUNIT_CASE(dump_cmdline_check_table),
	KUNIT_CASE(dump_csum_vectors),
	KUNIT_CASE(dump_map_chunk_table),
	{}
};

static struct kunit_suite dump_test_suite = {
	.name = "dump",
	.test_cases = dump_test_cases,
};

kunit_test_suite(dump_test_suite);

MODULE_LICENSE("GPL");
