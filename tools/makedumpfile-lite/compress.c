// SPDX-License-Identifier: GPL-2.0
/*
 * Per-page compression for the kdump-compressed format: zlib (-c),
 * lzo1x_1 (-l), zstd (-z).  A page whose compressed form is not smaller
 * than the page is stored raw (*out_len = 0), as crash expects.
 *
 * -c writes zlib streams (header + adler32, what crash's uncompress()
 * wants), not zlib's bytes: pages that hold arrays (array_stride()) or
 * are mostly zeros come from deflate.c, the rest from libdeflate level 1
 * when built with MDL_LIBDEFLATE (1.6x (i386) to 2.7x (x86_64) faster
 * than zlib's deflate level 1), else from deflate.c too.  Arrays of
 * 32-byte structs and of 32-bit numbers come out a third larger from
 * libdeflate level 1 than from zlib level 1; deflate.c, told their
 * stride, packs them 1% smaller than zlib in two thirds of its time.  zlib itself only writes pages
 * larger than deflate.c takes, in builds without libdeflate.
 * MDL_NO_LZO / MDL_NO_ZSTD leave those libraries out (the small static
 * build for the capture kernel); asking for them then fails cleanly.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#ifdef MDL_LIBDEFLATE
#include <libdeflate.h>
#endif
#ifndef MDL_NO_LZO
#include <lzo/lzo1x.h>
#endif
#ifndef MDL_NO_ZSTD
#include <zstd.h>
#endif

#include "mdl.h"

struct mdl_compressor {
	enum mdl_compress kind;
	size_t page_size;
	unsigned char *out;
	size_t out_cap;
#ifdef MDL_LIBDEFLATE
	struct libdeflate_compressor *ld;
#endif
	struct mdl_deflate *md;	/* NULL for pages larger than it takes */
	unsigned char zhdr[2];	/* the zlib header of md's streams */
#ifndef MDL_NO_LZO
	void *lzo_wrk;
#endif
#ifndef MDL_NO_ZSTD
	ZSTD_CCtx *zctx;
#endif
};

uint32_t mdl_compress_flag(enum mdl_compress kind)
{
	switch (kind) {
	case MDL_COMP_ZLIB:
		return 0x1;	/* DUMP_DH_COMPRESSED_ZLIB */
	case MDL_COMP_LZO:
		return 0x2;	/* DUMP_DH_COMPRESSED_LZO */
	case MDL_COMP_ZSTD:
		return 0x20;	/* DUMP_DH_COMPRESSED_ZSTD */
	default:
		return 0;
	}
}

bool mdl_compress_supported(enum mdl_compress kind)
{
#ifdef MDL_NO_LZO
	if (kind == MDL_COMP_LZO)
		return false;
#endif
#ifdef MDL_NO_ZSTD
	if (kind == MDL_COMP_ZSTD)
		return false;
#endif
	return true;
}

static int init_kind(struct mdl_compressor *c)
{
	switch (c->kind) {
	case MDL_COMP_ZLIB:
#ifdef MDL_LIBDEFLATE
		c->ld = libdeflate_alloc_compressor(1);
		if (!c->ld)
			return -ENOMEM;
#endif
		if (c->page_size <= MDL_DEFLATE_MAX) {
			unsigned int cinfo = 0;

			c->md = mdl_deflate_new(c->page_size);
			if (!c->md)
				return -ENOMEM;
			/* CM 8, the window a page needs, FLEVEL 0, FCHECK */
			while ((256u << cinfo) < c->page_size)
				cinfo++;
			c->zhdr[0] = (unsigned char)(8 | cinfo << 4);
			c->zhdr[1] = (unsigned char)((31 - (c->zhdr[0] << 8) % 31) % 31);
		}
		return 0;
#ifndef MDL_NO_LZO
	case MDL_COMP_LZO:
		if (lzo_init() != LZO_E_OK)
			return -EINVAL;
		c->lzo_wrk = malloc(LZO1X_1_MEM_COMPRESS);
		return c->lzo_wrk ? 0 : -ENOMEM;
#endif
#ifndef MDL_NO_ZSTD
	case MDL_COMP_ZSTD:
		c->zctx = ZSTD_createCCtx();
		return c->zctx ? 0 : -ENOMEM;
#endif
	case MDL_COMP_NONE:
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

int mdl_compressor_create(struct mdl_ctx *ctx, enum mdl_compress kind, size_t page_size,
			  struct mdl_compressor **out)
{
	struct mdl_compressor *c = calloc(1, sizeof(*c));
	int ret;

	if (!c)
		return mdl_err(ctx, ENOMEM, "out of memory");
	c->kind = kind;
	c->page_size = page_size;
	/* room for any codec's worst case; pages that do not shrink are stored raw */
	c->out_cap = 2 * page_size + 1024;
	c->out = malloc(c->out_cap);
	ret = c->out ? init_kind(c) : -ENOMEM;
	if (ret) {
		mdl_compressor_destroy(c);
		if (ret == -EOPNOTSUPP)
			return mdl_err(ctx, EOPNOTSUPP, "this build has no %s support",
				       kind == MDL_COMP_LZO ? "lzo" : "zstd");
		return mdl_err(ctx, -ret, "cannot set up the compressor");
	}
	*out = c;
	return 0;
}

void mdl_compressor_destroy(struct mdl_compressor *c)
{
	if (!c)
		return;
	free(c->out);
#ifdef MDL_LIBDEFLATE
	if (c->ld)
		libdeflate_free_compressor(c->ld);
#endif
	mdl_deflate_free(c->md);
#ifndef MDL_NO_LZO
	free(c->lzo_wrk);
#endif
#ifndef MDL_NO_ZSTD
	ZSTD_freeCCtx(c->zctx);
#endif
	free(c);
}

/*
 * Does the page hold an array, and of what stride (0: no)?  libdeflate
 * level 1 packs arrays a third worse than zlib level 1; deflate.c, told
 * the stride, packs them better.  Judged on the first KiB's 32-bit words
 * (the whole page decides the same, at four times the cost):
 *
 * - 32-byte structs (struct page: the mem_map is 2,000 pages per GiB of
 *   RAM and kept at every level): most words match the word 32 bytes
 *   before in their upper 24 bits (pointers, flags, counts that differ
 *   in the low byte), but not nearly all (a constant page, which
 *   libdeflate does as well);
 * - 32-bit numbers (kallsyms_offsets, pointer arrays, page tables): half
 *   the words differ from the one before but share its upper 16 bits.
 *   Their matches are 2-3 bytes long; libdeflate level 1 looks for 4.
 *   On the reference dumps 60-120 such pages (kallsyms tables, slab
 *   pointer arrays).
 *
 * Words are read in host order: on a big-endian host the test picks
 * differently, the output stays valid.
 */
static unsigned int array_stride(const unsigned char *p, size_t len)
{
	size_t i, n = (len < 1024 ? len : 1024) / 4, same = 0, near = 0;
	uint32_t w, v;

	if (n <= 8)
		return 0;
	for (i = 8; i < n; i++) {
		memcpy(&w, p + 4 * i, 4);
		memcpy(&v, p + 4 * (i - 8), 4);
		same += (w ^ v) < 0x100u;	/* upper 24 bits equal */
	}
	if (same * 2 >= n - 8 && same * 1016 < (n - 8) * 1000)
		return 32;
	memcpy(&v, p, 4);
	for (i = 1; i < n; i++, v = w) {
		memcpy(&w, p + 4 * i, 4);
		near += (w ^ v) - 1 < 0xffffu;	/* differ, upper 16 bits equal */
		/* most pages are far off by half way (on real dumps: no verdict changes) */
		if (i == n / 2 && near * 8 < n)
			return 0;
	}
	return near * 2 >= n - 1 ? 4 : 0;
}

/*
 * Is the page mostly zeros (at least 5/8 of the first KiB's 32-bit
 * words)?  Such pages are long runs and few symbols, which deflate.c
 * packs in a third of libdeflate level 1's time (no 128 KiB table to
 * clear) and a little smaller: measured on the other pages of the bench's
 * dumps, 8 us against 25 us a page (i386) for the 330-430 pages per dump
 * with 7/8 or more zero words, about even from half zero words down.
 */
static bool mostly_zero_words(const unsigned char *p, size_t len)
{
	size_t i, n = (len < 1024 ? len : 1024) / 4, zero = 0;
	uint32_t w;

	for (i = 0; i < n; i++) {
		memcpy(&w, p + 4 * i, 4);
		zero += !w;
	}
	return zero * 8 >= n * 5;
}

/*
 * Does the page look like random bytes, which deflate cannot shrink?
 * Compressed or encrypted file data in the page cache and entropy pools
 * are such pages, and deflate spends longer on them than on any other
 * (libdeflate level 1: 28 us a page against 20 us, x86_64).  As btrfs'
 * compression heuristic does (fs/btrfs/compression.c, Linux 4.15), cheap
 * tests decide instead of the attempt:
 *
 * - the byte histogram is nearly flat: sum(count^2) <= n^2 / 2^7.8, a
 *   collision entropy of at least 7.8 bits a byte, so the Shannon
 *   entropy (never smaller) leaves literal coding at most 0.2 bits a
 *   byte, about what a block's code tables cost.  4 KiB of random bytes
 *   measure 7.91.  A quarter of the page (64 bytes every
 *   256) is judged first, against 7.3 bits (random bytes: 7.68), so a
 *   page of ordinary data pays for that much only;
 * - almost no 4-byte string occurs twice (at most RANDOM_REPEATS found
 *   through a table of 4096 slots holding the last string of each hash),
 *   so there are no matches for deflate to take either.  The table is
 *   sized for 4 KiB: only pages of that size are judged.  Words are read
 *   in host order: which slot a string takes depends on it, equality
 *   does not.
 *
 * A page on the edge that deflate could have shrunk by a few bytes would
 * be stored raw: the output stays valid.  Measured on the bench's three
 * dumps at -d 0, 1 and 31: outputs byte-identical with and without the
 * test, -d 1 on the 3 GiB dump (4,391 random pages) 5-6% faster on i386.
 */
#define RANDOM_REPEATS 16
#define RANDOM_HASH_BITS 12

/* sum(count^2) * 2^T <= n^2 over the bytes taken (run of every step), T from 100 * 2^T */
static bool flat_bytes(const unsigned char *p, size_t len, size_t step, size_t run,
		       uint32_t pow2_x100)
{
	uint16_t h[256] = { 0 };	/* len <= 4096 (the caller's test) */
	uint32_t n = 0, sq = 0;	/* sq <= n^2 <= 2^24 */
	size_t i, j;

	for (i = 0; i + run <= len; i += step)
		for (j = 0; j < run; j++)
			h[p[i + j]]++;
	for (i = 0; i < 256; i++) {
		n += h[i];
		sq += (uint32_t)h[i] * h[i];
	}
	return n >= 1024 && (uint64_t)sq * pow2_x100 <= (uint64_t)n * n * 100;
}

bool mdl_looks_random(const unsigned char *p, size_t len)
{
	uint32_t seen[1u << RANDOM_HASH_BITS];
	unsigned int repeats = 0;
	size_t i;

	/* 2^7.3 = 157.59, 2^7.8 = 222.86 */
	if (len != 4096 || !flat_bytes(p, len, 256, 64, 15759) ||
	    !flat_bytes(p, len, len, len, 22286))
		return false;
	/*
	 * Each slot holds the last string that hashed to it; the string 0
	 * stands for an empty slot too, which can only find a repeat more.
	 */
	memset(seen, 0, sizeof(seen));
	for (i = 0; i + 4 <= len; i++) {
		uint32_t w, h;

		memcpy(&w, p + i, 4);
		h = (w * 2654435761u) >> (32 - RANDOM_HASH_BITS);
		if (seen[h] == w && ++repeats > RANDOM_REPEATS)
			return false;
		seen[h] = w;
	}
	return true;
}

static uint32_t adler32_of(const void *in, size_t len)
{
#ifdef MDL_LIBDEFLATE
	return libdeflate_adler32(1, in, len);	/* SSE2/AVX2 where the CPU has them */
#else
	return (uint32_t)adler32(1, in, (uInt)len);
#endif
}

/* A zlib stream of in_len - 1 bytes at most; 0: store the page raw */
static size_t zlib_compress(struct mdl_compressor *c, const void *in, size_t in_len)
{
	unsigned int stride;
	uint32_t a;
	size_t n;

	if (mdl_looks_random(in, in_len) || in_len < 8)
		return 0;
	stride = array_stride(in, in_len);
#ifdef MDL_LIBDEFLATE
	if (!c->md || (!stride && !mostly_zero_words(in, in_len)))
		return libdeflate_zlib_compress(c->ld, in, in_len, c->out, in_len - 1);
#else
	if (!c->md) {	/* pages above MDL_DEFLATE_MAX: rare enough to set zlib up each time */
		uLongf l = in_len - 1;

		return compress2(c->out, &l, in, in_len, Z_BEST_SPEED) == Z_OK ? l : 0;
	}
#endif
	n = mdl_deflate_raw(c->md, in, in_len, stride, c->out + 2, in_len - 1 - 6);
	if (!n)
		return 0;
	c->out[0] = c->zhdr[0];
	c->out[1] = c->zhdr[1];
	a = adler32_of(in, in_len);
	c->out[n + 2] = (unsigned char)(a >> 24);
	c->out[n + 3] = (unsigned char)(a >> 16);
	c->out[n + 4] = (unsigned char)(a >> 8);
	c->out[n + 5] = (unsigned char)a;
	return n + 6;
}

/* Compress one page into the compressor's buffer; never fails, 0 = store raw. */
int mdl_compress_page(struct mdl_compressor *c, const void *in, size_t in_len,
		      void **out, size_t *out_len)
{
	size_t n = 0;

	*out = c->out;
	*out_len = 0;
	switch (c->kind) {
	case MDL_COMP_ZLIB:
		n = zlib_compress(c, in, in_len);
		break;
#ifndef MDL_NO_LZO
	case MDL_COMP_LZO: {
		lzo_uint ll = c->out_cap;

		if (lzo1x_1_compress(in, in_len, c->out, &ll, c->lzo_wrk) == LZO_E_OK)
			n = ll;
		break;
	}
#endif
#ifndef MDL_NO_ZSTD
	case MDL_COMP_ZSTD: {
		size_t r = ZSTD_compressCCtx(c->zctx, c->out, c->out_cap, in, in_len, 1);

		if (!ZSTD_isError(r))
			n = r;
		break;
	}
#endif
	default:
		break;
	}
	if (n && n < in_len)
		*out_len = n;
	return 0;
}

int mdl_decompress_page(enum mdl_compress kind, const void *in, size_t in_len,
			void *out, size_t out_len)
{
	switch (kind) {
	case MDL_COMP_ZLIB: {
		uLongf l = out_len;

		if (uncompress(out, &l, in, in_len) != Z_OK || l != out_len)
			return -EINVAL;
		return 0;
	}
#ifndef MDL_NO_LZO
	case MDL_COMP_LZO: {
		lzo_uint l = out_len;

		if (lzo1x_decompress_safe(in, in_len, out, &l, NULL) != LZO_E_OK || l != out_len)
			return -EINVAL;
		return 0;
	}
#endif
#ifndef MDL_NO_ZSTD
	case MDL_COMP_ZSTD: {
		size_t r = ZSTD_decompress(out, out_len, in, in_len);

		if (ZSTD_isError(r) || r != out_len)
			return -EINVAL;
		return 0;
	}
#endif
	case MDL_COMP_NONE:
		if (in_len != out_len)
			return -EINVAL;
		memcpy(out, in, out_len);
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/* The codec a page descriptor's flags name (0: stored raw); -1 if none known. */
int mdl_compress_kind_of_flags(uint32_t flags, enum mdl_compress *kind)
{
	if (flags & 0x1)
		*kind = MDL_COMP_ZLIB;
	else if (flags & 0x2)
		*kind = MDL_COMP_LZO;
	else if (flags & 0x20)
		*kind = MDL_COMP_ZSTD;
	else if (flags & 0x4)
		return -1;	/* snappy: not supported */
	else
		*kind = MDL_COMP_NONE;
	return 0;
}
