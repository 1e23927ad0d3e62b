// SPDX-License-Identifier: GPL-2.0
/*
 * Page bitmaps, in the kdump-compressed on-disk bit order (bit n is
 * byte n/8, bit n%8, LSB first) so they can be written out unchanged.
 * One bit per pfn: 4 GiB of i386 RAM is 128 KiB of bitmap, 64 GiB (PAE)
 * 2 MiB; this is the only per-page state the tool keeps in memory.
 */
#include <stdlib.h>

#include "mdl.h"

uint8_t *mdl_bitmap_alloc(uint64_t nbits)
{
	uint64_t bytes = (nbits + 7) / 8;

	if (bytes == 0)
		bytes = 1;
	if (bytes > SIZE_MAX)
		return NULL;
	return calloc(1, (size_t)bytes);
}

uint64_t mdl_bitmap_count(const uint8_t *bm, uint64_t nbits)
{
	uint64_t n = 0, i;

	for (i = 0; i + 8 <= nbits; i += 8)
		n += (uint64_t)__builtin_popcount(bm[i >> 3]);
	for (; i < nbits; i++)
		n += mdl_bit_test(bm, i);
	return n;
}

uint64_t mdl_bitmap_next_set(const uint8_t *bm, uint64_t from, uint64_t nbits)
{
	while (from < nbits) {
		if ((from & 7) == 0 && bm[from >> 3] == 0) {
			from += 8;
			continue;
		}
		if (mdl_bit_test(bm, from))
			return from;
		from++;
	}
	return nbits;
}

uint64_t mdl_bitmap_next_clear(const uint8_t *bm, uint64_t from, uint64_t nbits)
{
	while (from < nbits) {
		if ((from & 7) == 0 && bm[from >> 3] == 0xff) {
			from += 8;
			continue;
		}
		if (!mdl_bit_test(bm, from))
			return from;
		from++;
	}
	return nbits;
}

/* Set bits in [from, to). */
uint64_t mdl_bitmap_count_range(const uint8_t *bm, uint64_t from, uint64_t to)
{
	uint64_t n = 0;

	for (; from < to && (from & 7); from++)
		n += mdl_bit_test(bm, from);
	for (; from + 8 <= to; from += 8)
		n += (uint64_t)__builtin_popcount(bm[from >> 3]);
	for (; from < to; from++)
		n += mdl_bit_test(bm, from);
	return n;
}
