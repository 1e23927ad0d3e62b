/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test tables for the pure dump logic, shared by KUnit (dump_kunit.c) and
 * the host unit tests (test/host/dump_test.c): the same rows run in both.
 */
#ifndef _DUMP_TEST_CASES_H
#define _DUMP_TEST_CASES_H

#include <linux/bits.h>
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
	{ "no base", "16M", -EINVAL, 0, 0 },
	{ "empty base", "16M@", -EINVAL, 0, 0 },
	{ "no size", "@128M", -EINVAL, 0, 0 },
	{ "trailing junk", "16M@128Mx", -EINVAL, 0, 0 },
	{ "empty", "", -EINVAL, 0, 0 },
	{ "overflow", "99999999999999999999M@1G", -ERANGE, 0, 0 },
	{ "suffix overflow", "0xffffffffffffG@1G", -ERANGE, 0, 0 },
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

#endif /* _DUMP_TEST_CASES_H */
