// SPDX-License-Identifier: GPL-2.0
/*
 * Per-page compression for the kdump-compressed format: zlib (-c),
 * lzo1x_1 (-l), zstd (-z).  A page whose compressed form is not smaller
 * than the page is stored raw (*out_len = 0), as crash expects.
 */
#include <errno.h>
#include <lzo/lzo1x.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "mdl.h"

struct mdl_compressor {
	enum mdl_compress kind;
	size_t page_size;
	unsigned char *out;
	size_t out_cap;
	void *lzo_wrk;
	ZSTD_CCtx *zctx;
	z_stream zs;		/* one deflate state, reset per page */
	bool zs_init;
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

int mdl_compressor_create(struct mdl_ctx *ctx, enum mdl_compress kind, size_t page_size,
			  struct mdl_compressor **out)
{
	struct mdl_compressor *c = calloc(1, sizeof(*c));

	if (!c)
		return mdl_err(ctx, ENOMEM, "out of memory");
	c->kind = kind;
	c->page_size = page_size;
	c->out_cap = page_size + page_size / 16 + 64 + 3;
	if (kind == MDL_COMP_ZLIB)
		c->out_cap = compressBound(page_size);
	else if (kind == MDL_COMP_ZSTD)
		c->out_cap = ZSTD_compressBound(page_size);
	c->out = malloc(c->out_cap);
	if (!c->out)
		goto out_nomem;
	if (kind == MDL_COMP_ZLIB) {
		/*
		 * compress2() would allocate and free ~270 KiB of deflate state
		 * per page (mmap/munmap and page faults each time), and
		 * deflateReset() clears the hash table, so keep it small.
		 */
		/* compress2()'s parameters, kept across pages */
		if (deflateInit2(&c->zs, Z_BEST_SPEED, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
			goto out_nomem;
		c->zs_init = true;
	} else if (kind == MDL_COMP_LZO) {
		if (lzo_init() != LZO_E_OK) {
			mdl_compressor_destroy(c);
			return mdl_err(ctx, EINVAL, "lzo_init failed");
		}
		c->lzo_wrk = malloc(LZO1X_1_MEM_COMPRESS);
		if (!c->lzo_wrk)
			goto out_nomem;
	} else if (kind == MDL_COMP_ZSTD) {
		c->zctx = ZSTD_createCCtx();
		if (!c->zctx)
			goto out_nomem;
	}
	*out = c;
	return 0;
out_nomem:
	mdl_compressor_destroy(c);
	return mdl_err(ctx, ENOMEM, "out of memory for the compressor");
}

void mdl_compressor_destroy(struct mdl_compressor *c)
{
	if (!c)
		return;
	free(c->out);
	free(c->lzo_wrk);
	ZSTD_freeCCtx(c->zctx);
	if (c->zs_init)
		deflateEnd(&c->zs);
	free(c);
}

int mdl_compress_page(struct mdl_compressor *c, const void *in, size_t in_len,
		      void **out, size_t *out_len)
{
	size_t n = 0;

	*out = c->out;
	*out_len = 0;
	switch (c->kind) {
	case MDL_COMP_ZLIB:
		/* zlib format (header + adler32), what crash's uncompress() wants */
		if (deflateReset(&c->zs) != Z_OK)
			return 0;
		c->zs.next_in = (Bytef *)in;
		c->zs.avail_in = (uInt)in_len;
		c->zs.next_out = c->out;
		c->zs.avail_out = (uInt)c->out_cap;
		if (deflate(&c->zs, Z_FINISH) != Z_STREAM_END)
			return 0;
		n = c->out_cap - c->zs.avail_out;
		break;
	case MDL_COMP_LZO: {
		lzo_uint ll = c->out_cap;

		if (lzo1x_1_compress(in, in_len, c->out, &ll, c->lzo_wrk) != LZO_E_OK)
			return 0;
		n = ll;
		break;
	}
	case MDL_COMP_ZSTD: {
		size_t r = ZSTD_compressCCtx(c->zctx, c->out, c->out_cap, in, in_len, 1);

		if (ZSTD_isError(r))
			return 0;
		n = r;
		break;
	}
	default:
		return 0;
	}
	if (n < in_len)
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
	case MDL_COMP_LZO: {
		lzo_uint l = out_len;

		if (lzo1x_decompress_safe(in, in_len, out, &l, NULL) != LZO_E_OK || l != out_len)
			return -EINVAL;
		return 0;
	}
	case MDL_COMP_ZSTD: {
		size_t r = ZSTD_decompress(out, out_len, in, in_len);

		if (ZSTD_isError(r) || r != out_len)
			return -EINVAL;
		return 0;
	}
	default:
		if (in_len != out_len)
			return -EINVAL;
		memcpy(out, in, out_len);
		return 0;
	}
}
