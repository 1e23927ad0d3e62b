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
		KUNIT_ASSERT_EQ(test, dump_map_build(h, map, 8, &nr), 0);
		KUNIT_ASSERT_EQ_MSG(test, nr, c->nr_map, "%s", c->description);
		for (k = 0; k < nr; k++) {
			KUNIT_EXPECT_EQ_MSG(test, map[k].start, c->map[k].start, "%s",
					    c->description);
			KUNIT_EXPECT_EQ_MSG(test, map[k].end, c->map[k].end, "%s", c->description);
			KUNIT_EXPECT_EQ_MSG(test, map[k].src, c->map[k].src, "%s", c->description);
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
	dump_header_seal(h);
	KUNIT_EXPECT_EQ(test, dump_header_validate(h, DUMP_HEADER_AREA, 128 * MiB,
						   16 * MiB, &why), -EBADMSG);
	h->magic = 0;
	KUNIT_EXPECT_EQ(test, dump_header_validate(h, DUMP_HEADER_AREA, 128 * MiB,
						   16 * MiB, &why), -ENOENT);
}

static struct kunit_case dump_test_cases[] = {
	KUNIT_CASE(dump_parse_backup_table),
	KUNIT_CASE(dump_segment_table),
	KUNIT_CASE(dump_map_build_table),
	KUNIT_CASE(dump_crc32_vector),
	KUNIT_CASE(dump_header_validate_fields),
	{}
};

static struct kunit_suite dump_test_suite = {
	.name = "dump",
	.test_cases = dump_test_cases,
};

kunit_test_suite(dump_test_suite);

MODULE_LICENSE("GPL");
