// SPDX-License-Identifier: GPL-2.0
/*
 * Writer for the kdump-compressed format (layout in kdump_format.h).
 *
 * The bitmaps are final before this runs, so the number of page
 * descriptors is known: descriptors and page data are streamed to two
 * regions of the output with pwrite(), one page in memory at a time plus
 * a small batch of descriptors.
 *
 * Pages excluded as all-zero (-d bit 1) stay set in the 2nd bitmap and
 * their descriptors all point at one stored zero page.  That is what
 * makedumpfile's cyclic writer produces (its bitmap is written before the
 * zero check), so the dumpable sets compare equal, and crash reads such
 * pages as zeros instead of failing with "page excluded".  Kept all-zero
 * pages (-d without bit 1) share that copy too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "endian.h"
#include "kdump_format.h"
#include "mdl.h"

#define PD_BATCH 1024u

struct kd_writer {
	struct mdl_ctx *ctx;
	int fd;
	struct mdl_compressor *comp;
	uint64_t desc_off;	/* where the next descriptor goes */
	uint64_t data_off;	/* where the next page data goes */
	unsigned char *pd_buf;
	unsigned int pd_n;
	uint64_t pd_flush_off;
	uint64_t zero_off;	/* shared zero page, 0 = not written yet */
	uint32_t zero_size, zero_flags;
	const uint8_t *bm2;	/* 2nd bitmap as written */
	uint64_t nr_desc;
};

/* init_uts_ns.name from old memory; OSRELEASE when that cannot be read. */
static void fill_utsname(struct mdl_ctx *ctx, unsigned char *uts)
{
	uint64_t sym;
	int64_t off;
	const char *rel;
	unsigned int i;

	if (ctx->have_vi && !mdl_vi_hex(&ctx->vi, "SYMBOL(init_uts_ns)", &sym) &&
	    !mdl_vi_num(&ctx->vi, "OFFSET(uts_namespace.name)", &off) && off >= 0 &&
	    !mdl_read_virt(ctx, sym + (uint64_t)off, uts, 6 * KD_UTS_LEN)) {
		for (i = 0; i < 6; i++)
			uts[i * KD_UTS_LEN + KD_UTS_LEN - 1] = '\0';
		return;
	}
	ctx->err[0] = '\0';
	memset(uts, 0, 6 * KD_UTS_LEN);
	strcpy((char *)uts, "Linux");
	rel = ctx->have_vi ? mdl_vi_get(&ctx->vi, "OSRELEASE") : NULL;
	if (rel)
		snprintf((char *)uts + 2 * KD_UTS_LEN, KD_UTS_LEN, "%s", rel);
	strcpy((char *)uts + 4 * KD_UTS_LEN, "i686");
}

static int write_headers(struct mdl_ctx *ctx, int fd, uint32_t sub_blocks,
			 uint32_t bitmap_blocks)
{
	uint32_t bs = ctx->page_size;
	unsigned char *h = calloc(1, bs);
	unsigned char s[KD_S_SIZE] = { 0 };
	uint64_t note_off = (uint64_t)bs + KD_S_SIZE;
	uint32_t status = mdl_compress_flag(ctx->comp);
	int ret;

	if (!h)
		return mdl_err(ctx, ENOMEM, "out of memory");
	if (ctx->incomplete)
		status |= KD_DH_COMPRESSED_INCOMPLETE;
	memcpy(h + KD_H_SIGNATURE, KD_SIGNATURE, 8);
	put_le(h + KD_H_VERSION, KD_HEADER_VERSION, 4);
	fill_utsname(ctx, h + KD_H_UTSNAME);
	put_le(h + KD_H_TV_SEC, (uint64_t)ctx->timestamp, 4);
	put_le(h + KD_H_STATUS, status, 4);
	put_le(h + KD_H_BLOCK_SIZE, bs, 4);
	put_le(h + KD_H_SUB_HDR_SIZE, sub_blocks, 4);
	put_le(h + KD_H_BITMAP_BLOCKS, bitmap_blocks, 4);
	put_le(h + KD_H_MAX_MAPNR, ctx->max_pfn > UINT32_MAX ? UINT32_MAX : ctx->max_pfn, 4);
	put_le(h + KD_H_NR_CPUS, ctx->nr_cpus > 0 ? (uint64_t)ctx->nr_cpus : 1, 4);

	put_le(s + KD_S_DUMP_LEVEL, (uint64_t)ctx->dump_level, 4);
	put_le(s + KD_S_END_PFN, ctx->max_pfn > UINT32_MAX ? UINT32_MAX : ctx->max_pfn, 4);
	if (ctx->have_vi) {
		put_le(s + KD_S_OFF_VMCOREINFO, note_off + ctx->vi_desc_off, 8);
		put_le(s + KD_S_SIZE_VMCOREINFO, ctx->vi_desc_len, 4);
	}
	if (ctx->notes_len) {
		put_le(s + KD_S_OFF_NOTE, note_off, 8);
		put_le(s + KD_S_SIZE_NOTE, ctx->notes_len, 4);
	}
	put_le(s + KD_S_END_PFN_64, ctx->max_pfn, 8);
	put_le(s + KD_S_MAX_MAPNR_64, ctx->max_pfn, 8);

	ret = mdl_pwrite_all(ctx, fd, h, bs, 0);
	if (!ret)
		ret = mdl_pwrite_all(ctx, fd, s, sizeof(s), bs);
	if (!ret && ctx->notes_len)
		ret = mdl_pwrite_all(ctx, fd, ctx->notes, ctx->notes_len, note_off);
	free(h);
	return ret;
}

static int flush_descs(struct kd_writer *w)
{
	int ret;

	if (!w->pd_n)
		return 0;
	ret = mdl_pwrite_all(w->ctx, w->fd, w->pd_buf, (size_t)w->pd_n * KD_PD_LEN,
			     w->pd_flush_off);
	w->pd_flush_off += (uint64_t)w->pd_n * KD_PD_LEN;
	w->pd_n = 0;
	return ret;
}

static int add_desc(struct kd_writer *w, uint64_t off, uint32_t size, uint32_t flags)
{
	unsigned char *pd = w->pd_buf + (size_t)w->pd_n * KD_PD_LEN;

	memset(pd, 0, KD_PD_LEN);
	put_le(pd + KD_PD_OFFSET, off, 8);
	put_le(pd + KD_PD_SIZE, size, 4);
	put_le(pd + KD_PD_FLAGS, flags, 4);
	if (++w->pd_n == PD_BATCH)
		return flush_descs(w);
	return 0;
}

static bool page_is_zero(const unsigned char *p, size_t n)
{
	return p[0] == 0 && !memcmp(p, p + 1, n - 1);
}

static int write_page(struct kd_writer *w, const unsigned char *page)
{
	struct mdl_ctx *ctx = w->ctx;
	bool zero = page_is_zero(page, ctx->page_size);
	const void *data = page;
	void *cbuf;
	size_t clen = 0;
	uint32_t flags = 0;
	int ret;

	if (zero && w->zero_off)
		return add_desc(w, w->zero_off, w->zero_size, w->zero_flags);
	if (w->comp) {
		ret = mdl_compress_page(w->comp, page, ctx->page_size, &cbuf, &clen);
		if (ret)
			return ret;
	}
	if (clen) {
		data = cbuf;
		flags = mdl_compress_flag(ctx->comp);
	} else {
		clen = ctx->page_size;	/* did not shrink: store raw */
	}
	ret = mdl_pwrite_all(ctx, w->fd, data, clen, w->data_off);
	if (ret)
		return ret;
	if (zero) {
		w->zero_off = w->data_off;
		w->zero_size = (uint32_t)clen;
		w->zero_flags = flags;
	}
	ret = add_desc(w, w->data_off, (uint32_t)clen, flags);
	w->data_off += clen;
	return ret;
}

static int write_pages(struct kd_writer *w)
{
	struct mdl_ctx *ctx = w->ctx;
	unsigned char *page = malloc(ctx->page_size);
	uint64_t pfn, done = 0;
	int ret = 0;

	if (!page)
		return mdl_err(ctx, ENOMEM, "out of memory");
	for (pfn = mdl_bitmap_next_set(w->bm2, 0, ctx->max_pfn); pfn < ctx->max_pfn;
	     pfn = mdl_bitmap_next_set(w->bm2, pfn + 1, ctx->max_pfn)) {
		if (mdl_bit_test(ctx->zero_excl, pfn))
			memset(page, 0, ctx->page_size);	/* known zero: no read */
		else
			ret = mdl_read_page(ctx, pfn, page);
		if (ret) {
			mdl_err_prefix(ctx, ret, "reading page 0x%llx", (unsigned long long)pfn);
			break;
		}
		ret = write_page(w, page);
		if (ret)
			break;
		if (ctx->progress && (++done % 4096 == 0 || done == w->nr_desc))
			ctx->progress(ctx->progress_arg, "writing", done, w->nr_desc);
	}
	free(page);
	if (!ret)
		ret = flush_descs(w);
	return ret;
}

int mdl_write_kdump(struct mdl_ctx *ctx, int out_fd)
{
	uint32_t bs = ctx->page_size;
	uint64_t bm_bytes = (ctx->max_pfn + 7) / 8;
	uint64_t bm_blocks = (bm_bytes + bs - 1) / bs;
	uint32_t sub_blocks = (uint32_t)((KD_S_SIZE + ctx->notes_len + bs - 1) / bs);
	uint64_t bm_off = (uint64_t)(1 + sub_blocks) * bs;
	struct kd_writer w = { .ctx = ctx, .fd = out_fd };
	uint8_t *bm2;
	uint64_t i;
	int ret;

	if (bm_blocks * 2 > UINT32_MAX)
		return mdl_err(ctx, EINVAL, "bitmap too large");
	bm2 = malloc((size_t)bm_bytes);
	w.pd_buf = malloc((size_t)PD_BATCH * KD_PD_LEN);
	if (!bm2 || !w.pd_buf) {
		free(bm2);
		free(w.pd_buf);
		return mdl_err(ctx, ENOMEM, "out of memory");
	}
	for (i = 0; i < bm_bytes; i++)
		bm2[i] = ctx->dumpable[i] | ctx->zero_excl[i];
	w.bm2 = bm2;
	w.nr_desc = mdl_bitmap_count(bm2, ctx->max_pfn);
	ret = write_headers(ctx, out_fd, sub_blocks, (uint32_t)(bm_blocks * 2));
	if (!ret)
		ret = mdl_pwrite_all(ctx, out_fd, ctx->present, (size_t)bm_bytes, bm_off);
	if (!ret)
		ret = mdl_pwrite_all(ctx, out_fd, bm2, (size_t)bm_bytes, bm_off + bm_blocks * bs);
	w.desc_off = bm_off + 2 * bm_blocks * bs;
	w.pd_flush_off = w.desc_off;
	w.data_off = w.desc_off + w.nr_desc * KD_PD_LEN;
	if (!ret && ctx->comp != MDL_COMP_NONE)
		ret = mdl_compressor_create(ctx, ctx->comp, bs, &w.comp);
	if (!ret)
		ret = write_pages(&w);
	/* a file that ends early would look fine to crash: size it exactly */
	if (!ret && ftruncate(out_fd, (off_t)w.data_off))
		ret = mdl_err(ctx, errno, "truncate output: %s", strerror(errno));
	mdl_compressor_destroy(w.comp);
	free(w.pd_buf);
	free(bm2);
	return ret;
}
