// SPDX-License-Identifier: GPL-2.0
/*
 * Integrity record: checksums against accidental corruption and
 * truncation (not tampering: anyone can recompute them).
 *
 * Every output ends with a checksum table and a 64-byte trailer, after
 * the last byte any reader looks at (crash and makedumpfile find pages
 * through page descriptors or program headers and never read there):
 *
 *   table    nreg region entries of 32 bytes: offset, length, 64-bit
 *            digest (all u64), kind (u32), 0 (u32); the regions are the
 *            headers, bitmaps and page descriptor blocks (kdump) or the
 *            ELF header, program headers and notes (ELF)
 *            then npage u64 checksums, one per page_size piece of the
 *            PT_LOAD file data in file order (ELF only: npage is 0 in
 *            kdump-compressed output, see below)
 *   trailer  "MDLSUM02", table offset, nreg, npage, page size, table
 *            digest, 0, trailer digest (of the first 56 bytes), all u64 LE
 *
 * In kdump-compressed output each page descriptor carries the 64-bit
 * checksum of the stored bytes it points at in page_flags, a u64 that
 * makedumpfile 1.7.2 always writes as 0 and that neither crash,
 * makedumpfile nor libkdumpfile reads.  The checksums thus cost nothing
 * (in the table of version 01 they cost 8 bytes per stored page, 0.3-0.5%
 * of the output on the reference dumps), and the descriptor blocks that
 * hold them are covered by region digests.
 * The regions cost 32 bytes per 96 KiB of descriptors.  The hash is a
 * 4-lane multiply-rotate hash, 32 bytes per step, which runs at memory
 * speed on i386 too.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "endian.h"
#include "mdl.h"

#define P1 0x9e3779b185ebca87ull
#define P2 0xc2b2ae3d27d4eb4full
#define P3 0x165667b19e3779f9ull
#define P4 0x85ebca77c2b2ae63ull

static inline uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline uint64_t load64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline uint64_t mix(uint64_t acc, uint64_t w)
{
	return rotl(acc + w * P2, 31) * P1;
}

uint64_t mdl_hash64(const void *buf, size_t len, uint64_t seed)
{
	const unsigned char *p = buf, *end = p + len;
	uint64_t h;

	if (len >= 32) {
		uint64_t a = seed + P1 + P2, b = seed + P2, c = seed, d = seed - P1;

		for (; end - p >= 32; p += 32) {
			a = mix(a, load64(p));
			b = mix(b, load64(p + 8));
			c = mix(c, load64(p + 16));
			d = mix(d, load64(p + 24));
		}
		h = rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18);
		h = (h ^ mix(0, a)) * P1 + P4;
		h = (h ^ mix(0, b)) * P1 + P4;
		h = (h ^ mix(0, c)) * P1 + P4;
		h = (h ^ mix(0, d)) * P1 + P4;
	} else {
		h = seed + P3;
	}
	h += (uint64_t)len;
	for (; end - p >= 8; p += 8)
		h = rotl(h ^ mix(0, load64(p)), 27) * P1 + P4;
	for (; p < end; p++)
		h = rotl(h ^ (*p * P3), 11) * P1;
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return h;
}

const char *mdl_sum_kind_name(uint32_t kind)
{
	static const char *const names[] = {
		[MDL_SUM_DISK_HEADER] = "disk_dump_header",
		[MDL_SUM_SUB_HEADER] = "sub header and notes",
		[MDL_SUM_BITMAP1] = "1st bitmap",
		[MDL_SUM_BITMAP2] = "2nd bitmap",
		[MDL_SUM_DESCS] = "page descriptors",
		[MDL_SUM_ELF_HEADERS] = "ELF headers and notes",
	};

	return kind < sizeof(names) / sizeof(names[0]) && names[kind] ? names[kind] : "region";
}

int mdl_sum_region(struct mdl_ctx *ctx, struct mdl_sum *s, uint32_t kind, uint64_t off,
		   const void *buf, size_t len)
{
	struct mdl_sum_region *r;

	if (s->nreg == s->reg_cap) {
		size_t ncap = s->reg_cap ? s->reg_cap * 2 : 16;

		r = realloc(s->reg, ncap * sizeof(*r));
		if (!r)
			return mdl_err(ctx, ENOMEM, "out of memory for checksums");
		s->reg = r;
		s->reg_cap = ncap;
	}
	r = &s->reg[s->nreg++];
	r->off = off;
	r->len = len;
	r->digest = mdl_hash64(buf, len, off);
	r->kind = kind;
	return 0;
}

/* Checksum of one stored page (the list in the integrity record). */
uint64_t mdl_page_sum(const void *buf, size_t len)
{
	return mdl_hash64(buf, len, 0);
}

int mdl_sum_page(struct mdl_ctx *ctx, struct mdl_sum *s, uint64_t csum)
{
	if (s->npage == s->page_cap) {
		size_t ncap = s->page_cap ? s->page_cap * 2 : 1024;
		uint64_t *p = realloc(s->page, ncap * sizeof(*p));

		if (!p)
			return mdl_err(ctx, ENOMEM, "out of memory for checksums");
		s->page = p;
		s->page_cap = ncap;
	}
	s->page[s->npage++] = csum;
	return 0;
}

/* Append the table and trailer at the sink's data position. */
int mdl_sum_write(struct mdl_ctx *ctx, struct mdl_sink *sink, const struct mdl_sum *s,
		  uint32_t page_size)
{
	size_t tlen = s->nreg * MDL_SUM_REG_LEN + s->npage * 8, i;
	unsigned char *t = malloc(tlen + MDL_SUM_TRAILER_LEN), *tr;
	uint64_t table_off = mdl_sink_pos(sink);
	int ret;

	if (!t)
		return mdl_err(ctx, ENOMEM, "out of memory for checksums");
	memset(t, 0, tlen + MDL_SUM_TRAILER_LEN);
	for (i = 0; i < s->nreg; i++) {
		unsigned char *e = t + i * MDL_SUM_REG_LEN;

		put_le(e, s->reg[i].off, 8);
		put_le(e + 8, s->reg[i].len, 8);
		put_le(e + 16, s->reg[i].digest, 8);
		put_le(e + 24, s->reg[i].kind, 4);
	}
	for (i = 0; i < s->npage; i++)
		put_le(t + s->nreg * MDL_SUM_REG_LEN + i * 8, s->page[i], 8);
	tr = t + tlen;
	memcpy(tr, MDL_SUM_MAGIC, 8);
	put_le(tr + 8, table_off, 8);
	put_le(tr + 16, s->nreg, 8);
	put_le(tr + 24, s->npage, 8);
	put_le(tr + 32, page_size, 8);
	put_le(tr + 40, mdl_hash64(t, tlen, table_off), 8);
	put_le(tr + 56, mdl_hash64(tr, 56, 0), 8);
	ret = mdl_sink_append(sink, t, tlen + MDL_SUM_TRAILER_LEN);
	free(t);
	return ret;
}

void mdl_sum_free(struct mdl_sum *s)
{
	free(s->reg);
	free(s->page);
	memset(s, 0, sizeof(*s));
}
