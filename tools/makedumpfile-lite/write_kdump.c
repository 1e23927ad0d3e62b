// SPDX-License-Identifier: GPL-2.0
/*
 * Writer for the kdump-compressed format (layout in kdump_format.h).
 *
 * The 2nd bitmap is final before this runs (struct page exclusions), so
 * the number of page descriptors is known and descriptors and page data
 * stream to two regions of the output.  Pages are read in batches; each
 * batch is zero-tested and compressed (by --num-threads workers while
 * the next batch is read, or inline), then written in pfn order.  The
 * compressed bytes of a page depend only on the page, so the output is
 * the same for any number of threads.
 *
 * All-zero pages are found here, not in a pass of their own: with -d
 * bit 1 they stay set in the 2nd bitmap and their descriptors all point
 * at one stored zero page.  That is what makedumpfile's cyclic writer
 * produces (its bitmap is written before the zero check), so the
 * dumpable sets compare equal, and crash reads such pages as zeros
 * instead of failing with "page excluded".  Kept all-zero pages (-d
 * without bit 1) share that copy too, and so do identical non-zero pages
 * (dedup below): on a real 1 GiB dump at -d 1 that is 3,000 pages and a
 * fifth of the output.  A copy of a page stored in an earlier batch is
 * not compressed.
 *
 * --split writes one file per pfn range (each with both full bitmaps,
 * sub header split=1 and start/end pfn, the descriptors of its range),
 * as makedumpfile does; every file ends with its integrity record, and
 * each page descriptor carries the checksum of its block (sum.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "endian.h"
#include "kdump_format.h"
#include "mdl.h"

#ifdef MDL_SMALL	/* the capture build: it shares a few MiB with the kernel */
#define PAGE_BATCH 32u
#define DEDUP_SLOTS_MAX (1u << 12)	/* 144-160 KiB of table at most */
#else
#define PAGE_BATCH 128u
#define DEDUP_SLOTS_MAX (1u << 16)	/* 2.25-2.5 MiB of table at most */
#endif

/*
 * Stored blocks by the content of their page, so that identical pages
 * share one copy (as zero pages do; crash and makedumpfile read each
 * descriptor on its own).  A 32-bit hash of the page finds candidates;
 * a candidate's page is read again from the input (mdl_peek_page()) and
 * compared byte for byte, so only equal pages share.  Equal pages would
 * also compress to equal bytes (the codec and its choice depend on the
 * page only), so this shares what sharing the stored bytes shared, found
 * before compressing (the 3 GiB bench dump at -d 1 holds 6,930 copies
 * among 16,192 non-zero pages), but for pages not whole in one PT_LOAD's
 * file data (segment edges, read with zeros): mdl_peek_page() refuses
 * them, so nothing shares their block.  Words are read in host order: a
 * big-endian host hashes differently and shares the same.
 */
struct dedup_ent {
	uint64_t pfn, off, sum;	/* sum: mdl_page_sum() of the stored block */
	uint32_t hash, size, flags;	/* size 0: an empty slot */
};

struct dedup {
	struct dedup_ent *e;
	size_t cap, n;
};

struct kd_slot {
	uint64_t pfn;
	const unsigned char *data;	/* the page: in the mapped input, or page */
	unsigned char *page;	/* buffer when it had to be read */
	unsigned char *cbuf;	/* compressed copy, clen bytes; clen 0: store raw */
	size_t clen;
	bool zero;
	bool copy;		/* a page already stored: shares block dup */
	uint32_t hash;		/* page_hash() of a non-zero page */
	struct dedup_ent dup;
};

struct kd_batch {
	struct kd_slot slot[PAGE_BATCH];
	size_t n;
	void *win;	/* mdl_map_span() mapping the slots point into, or NULL */
	size_t win_len;
};

static void unmap_batch(struct kd_batch *b)
{
	if (b->win)
		munmap(b->win, b->win_len);
	b->win = NULL;
}

struct kd_writer {
	struct mdl_ctx *ctx;
	struct mdl_sink *sink;
	struct mdl_sum sum;
	struct mdl_compressor **comp;	/* one per worker */
	unsigned char **peek;	/* one page per worker, for dedup_find() */
	unsigned int ncomp;
	struct mdl_pool *pool;
	struct kd_batch batch[2];
	unsigned char *batch_mem[2];
	uint64_t next_pfn, end_pfn;	/* what is left to read */
	unsigned char *pd_buf;
	unsigned int pd_n;
	uint64_t pd_flush_off;
	uint64_t zero_off;	/* shared zero page, 0 = not written yet */
	uint64_t zero_sum;
	uint32_t zero_size, zero_flags;
	uint64_t nr_desc, done;
	struct dedup dd;
	/* the notes as written: the input's, or a copy with a longer VMCOREINFO */
	const unsigned char *notes;
	unsigned char *notes_copy;
	size_t notes_len, vi_off, vi_len;
};

/* The input notes, with mdl_vi_reader_shim()'s lines when they apply. */
static int choose_notes(struct kd_writer *w)
{
	struct mdl_ctx *ctx = w->ctx;
	char extra[256];

	w->notes = ctx->notes;
	w->notes_len = ctx->notes_len;
	w->vi_off = ctx->vi_desc_off;
	w->vi_len = ctx->vi_desc_len;
	if (!ctx->have_vi || mdl_vi_reader_shim(&ctx->vi, extra, sizeof(extra)) || !extra[0])
		return 0;
	if (mdl_notes_extend_vi(ctx, extra, &w->notes_copy, &w->notes_len, &w->vi_off,
				&w->vi_len))
		return -ENOMEM;
	w->notes = w->notes_copy;
	return 0;
}

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

/* Write buf as one checksummed region. */
static int put_region(struct kd_writer *w, uint32_t kind, const void *buf, size_t len,
		      uint64_t off)
{
	int ret = mdl_sum_region(w->ctx, &w->sum, kind, off, buf, len);

	return ret ? ret : mdl_sink_write(w->sink, buf, len, off);
}

static int write_headers(struct kd_writer *w, const struct mdl_kdump_part *part,
			 uint32_t sub_blocks, uint32_t bitmap_blocks)
{
	struct mdl_ctx *ctx = w->ctx;
	uint32_t bs = ctx->page_size;
	unsigned char *h = calloc(1 + sub_blocks, bs), *s = h + bs;
	uint64_t note_off = (uint64_t)bs + KD_S_SIZE, max = ctx->max_pfn;
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
	put_le(h + KD_H_MAX_MAPNR, max > UINT32_MAX ? UINT32_MAX : max, 4);
	put_le(h + KD_H_NR_CPUS, ctx->nr_cpus > 0 ? (uint64_t)ctx->nr_cpus : 1, 4);

	put_le(s + KD_S_DUMP_LEVEL, (uint64_t)ctx->dump_level, 4);
	put_le(s + KD_S_END_PFN, max > UINT32_MAX ? UINT32_MAX : max, 4);
	if (part->split) {
		put_le(s + KD_S_SPLIT, 1, 4);
		put_le(s + KD_S_START_PFN, part->start > UINT32_MAX ? UINT32_MAX : part->start, 4);
		put_le(s + KD_S_END_PFN, part->end > UINT32_MAX ? UINT32_MAX : part->end, 4);
		put_le(s + KD_S_START_PFN_64, part->start, 8);
	}
	if (ctx->have_vi) {
		put_le(s + KD_S_OFF_VMCOREINFO, note_off + w->vi_off, 8);
		put_le(s + KD_S_SIZE_VMCOREINFO, w->vi_len, 4);
	}
	if (w->notes_len) {
		put_le(s + KD_S_OFF_NOTE, note_off, 8);
		put_le(s + KD_S_SIZE_NOTE, w->notes_len, 4);
		memcpy(s + KD_S_SIZE, w->notes, w->notes_len);
	}
	put_le(s + KD_S_END_PFN_64, part->split ? part->end : max, 8);
	put_le(s + KD_S_MAX_MAPNR_64, max, 8);

	ret = put_region(w, MDL_SUM_DISK_HEADER, h, bs, 0);
	if (!ret)
		ret = put_region(w, MDL_SUM_SUB_HEADER, s, (size_t)sub_blocks * bs, bs);
	free(h);
	return ret;
}

static int flush_descs(struct kd_writer *w)
{
	size_t len = (size_t)w->pd_n * KD_PD_LEN;
	int ret;

	if (!w->pd_n)
		return 0;
	ret = put_region(w, MDL_SUM_DESCS, w->pd_buf, len, w->pd_flush_off);
	w->pd_flush_off += len;
	w->pd_n = 0;
	return ret;
}

/* A descriptor; page_flags holds the checksum of the stored block (sum.c). */
static int add_desc(struct kd_writer *w, uint64_t off, uint32_t size, uint32_t flags,
		    uint64_t sum)
{
	unsigned char *pd = w->pd_buf + (size_t)w->pd_n * KD_PD_LEN;

	put_le64(pd + KD_PD_OFFSET, off);
	put_le32(pd + KD_PD_SIZE, size);
	put_le32(pd + KD_PD_FLAGS, flags);
	put_le64(pd + KD_PD_PAGE_FLAGS, sum);
	if (++w->pd_n == MDL_SUM_DESC_BLOCK)
		return flush_descs(w);
	return 0;
}

/*
 * A 32-bit hash of a page (it only names candidates, which are compared
 * byte for byte): four lanes of one multiply and a rotate a word, half
 * xxh32's rounds.
 */
static uint32_t page_hash(const unsigned char *p, size_t len)
{
	uint32_t h[4] = { 0x9e3779b1u, 0x85ebca77u, 0xc2b2ae3du, 0x27d4eb2fu }, v;
	size_t i, j;

	for (i = 0; i + 16 <= len; i += 16)
		for (j = 0; j < 4; j++) {
			memcpy(&v, p + i + 4 * j, 4);
			h[j] = (h[j] ^ v) * 0x9e3779b1u;
			h[j] = h[j] << 13 | h[j] >> 19;
		}
	v = h[0] ^ (h[1] << 7 | h[1] >> 25) ^ (h[2] << 12 | h[2] >> 20) ^ (h[3] << 18 | h[3] >> 14);
	for (; i < len; i++)
		v = (v ^ p[i]) * 0x01000193u;
	v ^= v >> 15;
	v *= 0x2c1b3c6du;
	return v ^ v >> 12;
}

/*
 * A stored block whose page equals page, read back from the input into
 * buf to compare; NULL if none.  Reads the table only: workers call it
 * while no one adds to it.
 */
static const struct dedup_ent *dedup_find(const struct dedup *d, const struct mdl_ctx *ctx,
					  const unsigned char *page, uint32_t hash,
					  unsigned char *buf)
{
	size_t i;

	if (!d->cap)
		return NULL;
	for (i = hash & (d->cap - 1); d->e[i].size; i = (i + 1) & (d->cap - 1)) {
		const struct dedup_ent *e = &d->e[i];

		if (e->hash == hash && !mdl_peek_page(ctx, e->pfn, buf) &&
		    !memcmp(buf, page, ctx->page_size))
			return e;
	}
	return NULL;
}

static struct dedup_ent *dedup_slot(struct dedup *d, uint32_t hash)
{
	size_t i;

	for (i = hash & (d->cap - 1); d->e[i].size; i = (i + 1) & (d->cap - 1))
		;
	return &d->e[i];
}

/* Remember a stored block; when the table is at its cap, later blocks are not shared. */
static void dedup_add(struct dedup *d, const struct dedup_ent *k)
{
	size_t i;

	if ((d->n + 1) * 2 > d->cap) {
		struct dedup bigger = { .cap = d->cap ? d->cap * 2 : 1024 };

		if (bigger.cap > DEDUP_SLOTS_MAX)
			return;
		bigger.e = calloc(bigger.cap, sizeof(*bigger.e));
		if (!bigger.e)
			return;	/* sharing is an optimisation only */
		for (i = 0; i < d->cap; i++)
			if (d->e[i].size)
				*dedup_slot(&bigger, d->e[i].hash) = d->e[i];
		bigger.n = d->n;
		free(d->e);
		*d = bigger;
	}
	*dedup_slot(d, k->hash) = *k;
	d->n++;
}

/*
 * Zero test, copy test and compression of one slot: the part that runs
 * in parallel.  A copy of a page stored in an earlier batch is not
 * compressed; one of a page earlier in this batch is found at store.
 */
static void prepare_slot(void *arg, size_t i, unsigned int worker)
{
	struct kd_writer *w = arg;
	struct kd_batch *b = &w->batch[0];
	struct kd_slot *sl = &b->slot[i];
	const struct dedup_ent *e;
	void *cbuf;

	sl->clen = 0;
	sl->copy = false;
	sl->zero = mdl_page_is_zero(sl->data, w->ctx->page_size);
	if (sl->zero && w->zero_off)
		return;	/* shared copy already stored */
	if (!sl->zero) {
		sl->hash = page_hash(sl->data, w->ctx->page_size);
		e = dedup_find(&w->dd, w->ctx, sl->data, sl->hash, w->peek[worker]);
		if (e) {
			sl->dup = *e;
			sl->copy = true;
			return;
		}
	}
	if (w->comp[worker]) {
		mdl_compress_page(w->comp[worker], sl->data, w->ctx->page_size, &cbuf, &sl->clen);
		if (sl->clen)
			memcpy(sl->cbuf, cbuf, sl->clen);
	}
}

/* Store one prepared page: data (unless an identical page is stored), descriptor. */
static int store_slot(struct kd_writer *w, struct kd_slot *sl)
{
	struct mdl_ctx *ctx = w->ctx;
	const void *data = sl->clen ? sl->cbuf : sl->data;
	uint32_t size = sl->clen ? (uint32_t)sl->clen : ctx->page_size;
	uint32_t flags = sl->clen ? mdl_compress_flag(ctx->comp) : 0;
	struct dedup_ent k = { sl->pfn, mdl_sink_pos(w->sink), 0, sl->hash, size, flags };
	const struct dedup_ent *e;
	int ret;

	if (sl->zero && (ctx->dump_level & MDL_DL_ZERO))
		ctx->counts.pages[MDL_PG_ZERO]++;
	if (sl->zero && w->zero_off)
		return add_desc(w, w->zero_off, w->zero_size, w->zero_flags, w->zero_sum);
	if (sl->copy)
		return add_desc(w, sl->dup.off, sl->dup.size, sl->dup.flags, sl->dup.sum);
	if (!sl->zero) {
		e = dedup_find(&w->dd, ctx, sl->data, sl->hash, w->peek[0]);
		if (e)
			return add_desc(w, e->off, e->size, e->flags, e->sum);
	}
	k.sum = mdl_page_sum(data, size);
	if (sl->zero) {
		/*
		 * The zero page was compressed before it was known to be the
		 * first one (a batch is prepared in parallel): store it now.
		 */
		w->zero_off = k.off;
		w->zero_size = size;
		w->zero_flags = flags;
		w->zero_sum = k.sum;
	}
	ret = mdl_sink_append(w->sink, data, size);
	if (!ret && !sl->zero)
		dedup_add(&w->dd, &k);
	return ret ? ret : add_desc(w, k.off, size, flags, k.sum);
}

/*
 * Point each slot at its page: in the mapped input when there is one,
 * else read runs of consecutive pfns with one read each (the page
 * buffers of a batch are contiguous), page by page where a run is not
 * in one PT_LOAD.
 */
static int read_batch(struct mdl_ctx *ctx, struct kd_batch *b)
{
	size_t i = 0, j;
	const unsigned char *w;
	int ret;

	if (b->n && (w = mdl_map_span(ctx, b->slot[0].pfn, b->slot[b->n - 1].pfn - b->slot[0].pfn + 1,
				      &b->win, &b->win_len))) {
		for (i = 0; i < b->n; i++)
			b->slot[i].data = w + (b->slot[i].pfn - b->slot[0].pfn) * ctx->page_size;
		return 0;
	}
	while (i < b->n) {
		struct kd_slot *sl = &b->slot[i];

		sl->data = mdl_page_map(ctx, sl->pfn);
		if (sl->data) {
			i++;
			continue;
		}
		for (j = i + 1; j < b->n && !ctx->map && b->slot[j].pfn == sl->pfn + (j - i); j++)
			;
		if (j - i > 1 && !mdl_read_pages(ctx, sl->pfn, j - i, sl->page)) {
			for (; i < j; i++)
				b->slot[i].data = b->slot[i].page;
			continue;
		}
		ret = mdl_read_page(ctx, sl->pfn, sl->page);
		if (ret)
			return mdl_err_prefix(ctx, ret, "reading page 0x%llx",
					      (unsigned long long)sl->pfn);
		sl->data = sl->page;
		i++;
	}
	return 0;
}

/* Take the next dumpable pages of the range into b; returns 0 or -errno. */
static int fill_batch(struct kd_writer *w, struct kd_batch *b)
{
	struct mdl_ctx *ctx = w->ctx;

	unmap_batch(b);	/* stored already: nobody reads its pages any more */
	b->n = 0;
	while (b->n < PAGE_BATCH) {
		uint64_t pfn = mdl_bitmap_next_set(ctx->dumpable, w->next_pfn, w->end_pfn);

		if (pfn >= w->end_pfn) {
			w->next_pfn = w->end_pfn;
			break;
		}
		w->next_pfn = pfn + 1;
		b->slot[b->n++].pfn = pfn;
	}
	return read_batch(ctx, b);
}

static int store_batch(struct kd_writer *w, struct kd_batch *b)
{
	struct mdl_ctx *ctx = w->ctx;
	size_t i;
	int ret;

	for (i = 0; i < b->n; i++) {
		ret = store_slot(w, &b->slot[i]);
		if (ret)
			return ret;
	}
	w->done += b->n;
	if (ctx->progress)
		ctx->progress(ctx->progress_arg, "writing", w->done, w->nr_desc);
	return 0;
}

/* batch[0] is the one being prepared; batch[1] is read meanwhile. */
static int write_pages(struct kd_writer *w)
{
	struct kd_batch tmp;
	size_t i;
	int ret, ret2;

	ret = fill_batch(w, &w->batch[0]);
	while (!ret && w->batch[0].n) {
		if (w->pool) {
			mdl_pool_start(w->pool, prepare_slot, w, w->batch[0].n);
			ret2 = fill_batch(w, &w->batch[1]);
			mdl_pool_wait(w->pool);
		} else {
			for (i = 0; i < w->batch[0].n; i++)
				prepare_slot(w, i, 0);
			ret2 = fill_batch(w, &w->batch[1]);
		}
		ret = store_batch(w, &w->batch[0]);
		if (!ret)
			ret = ret2;
		tmp = w->batch[0];
		w->batch[0] = w->batch[1];
		w->batch[1] = tmp;
	}
	return ret ? ret : flush_descs(w);
}

static int alloc_batches(struct kd_writer *w)
{
	size_t ps = w->ctx->page_size, cb = ps, i, j;	/* a page that does not shrink is stored raw */

	for (j = 0; j < 2; j++) {
		unsigned char *mem = malloc((ps + cb) * PAGE_BATCH);

		w->batch_mem[j] = mem;
		if (!mem)
			return mdl_err(w->ctx, ENOMEM, "out of memory for page buffers");
		for (i = 0; i < PAGE_BATCH; i++) {
			w->batch[j].slot[i].page = mem + i * ps;
			w->batch[j].slot[i].cbuf = mem + PAGE_BATCH * ps + i * cb;
		}
	}
	return 0;
}

static int setup_workers(struct kd_writer *w)
{
	struct mdl_ctx *ctx = w->ctx;
	unsigned int i;
	int ret;

	w->ncomp = ctx->threads > 1 ? ctx->threads : 1;
	w->comp = calloc(w->ncomp, sizeof(*w->comp));
	if (!w->comp)
		return mdl_err(ctx, ENOMEM, "out of memory");
	w->peek = calloc(w->ncomp, sizeof(*w->peek));
	if (!w->peek)
		return mdl_err(ctx, ENOMEM, "out of memory");
	for (i = 0; i < w->ncomp; i++) {
		w->peek[i] = malloc(ctx->page_size);
		if (!w->peek[i])
			return mdl_err(ctx, ENOMEM, "out of memory for page buffers");
	}
	for (i = 0; i < w->ncomp && ctx->comp != MDL_COMP_NONE; i++) {
		ret = mdl_compressor_create(ctx, ctx->comp, ctx->page_size, &w->comp[i]);
		if (ret)
			return ret;
	}
	ret = alloc_batches(w);
	if (!ret && ctx->threads > 1)
		ret = mdl_pool_create(ctx, ctx->threads, &w->pool);
	return ret;
}

static void teardown(struct kd_writer *w)
{
	unsigned int i;

	mdl_pool_destroy(w->pool);
	for (i = 0; w->comp && i < w->ncomp; i++)
		mdl_compressor_destroy(w->comp[i]);
	free(w->comp);
	for (i = 0; w->peek && i < w->ncomp; i++)
		free(w->peek[i]);
	free(w->peek);
	unmap_batch(&w->batch[0]);
	unmap_batch(&w->batch[1]);
	free(w->batch_mem[0]);
	free(w->batch_mem[1]);
	free(w->pd_buf);
	free(w->notes_copy);
	free(w->dd.e);
	mdl_sum_free(&w->sum);
}

/* Bitmap bm of nbits, padded with zeros to nblocks blocks, as one region. */
static int put_bitmap(struct kd_writer *w, uint32_t kind, const uint8_t *bm, uint64_t bytes,
		      uint64_t nblocks, uint64_t off)
{
	size_t len = (size_t)(nblocks * w->ctx->page_size);
	unsigned char *b = calloc(1, len ? len : 1);
	int ret;

	if (!b)
		return mdl_err(w->ctx, ENOMEM, "out of memory");
	memcpy(b, bm, (size_t)bytes);
	ret = put_region(w, kind, b, len, off);
	free(b);
	return ret;
}

int mdl_write_kdump(struct mdl_ctx *ctx, struct mdl_sink *sink, const struct mdl_kdump_part *part)
{
	uint32_t bs = ctx->page_size;
	uint64_t bm_bytes = (ctx->max_pfn + 7) / 8;
	uint64_t bm_blocks = (bm_bytes + bs - 1) / bs;
	uint32_t sub_blocks;
	uint64_t bm_off, desc_off;
	struct kd_writer w = { .ctx = ctx, .sink = sink };
	uint64_t zeros_before = ctx->counts.pages[MDL_PG_ZERO];
	int ret;

	if (bm_blocks * 2 > UINT32_MAX)
		return mdl_err(ctx, EINVAL, "bitmap too large");
	if (choose_notes(&w))
		return -ENOMEM;
	sub_blocks = (uint32_t)((KD_S_SIZE + w.notes_len + bs - 1) / bs);
	bm_off = (uint64_t)(1 + sub_blocks) * bs;
	w.next_pfn = part->start;
	w.end_pfn = part->end < ctx->max_pfn ? part->end : ctx->max_pfn;
	w.nr_desc = mdl_bitmap_count_range(ctx->dumpable, w.next_pfn, w.end_pfn);
	w.pd_buf = malloc((size_t)MDL_SUM_DESC_BLOCK * KD_PD_LEN);
	ret = w.pd_buf ? setup_workers(&w) : mdl_err(ctx, ENOMEM, "out of memory");
	if (!ret)
		ret = write_headers(&w, part, sub_blocks, (uint32_t)(bm_blocks * 2));
	if (!ret)
		ret = put_bitmap(&w, MDL_SUM_BITMAP1, ctx->present, bm_bytes, bm_blocks, bm_off);
	if (!ret)
		ret = put_bitmap(&w, MDL_SUM_BITMAP2, ctx->dumpable, bm_bytes, bm_blocks,
				 bm_off + bm_blocks * bs);
	desc_off = bm_off + 2 * bm_blocks * bs;
	w.pd_flush_off = desc_off;
	mdl_sink_seek(sink, desc_off + w.nr_desc * KD_PD_LEN);
	if (!ret)
		ret = write_pages(&w);
	if (!ret)
		ret = mdl_sum_write(ctx, sink, &w.sum, bs);
	if (!ret)
		ret = mdl_sink_finish(sink);
	/* zero pages excluded here are in the bitmap but not "written" */
	ctx->nr_dumpable -= ctx->counts.pages[MDL_PG_ZERO] - zeros_before;
	ctx->counts.pages[MDL_PG_KEEP] = ctx->nr_dumpable;
	teardown(&w);
	return ret;
}

/*
 * Cut [0, max_pfn) into n ranges holding about the same number of
 * dumpable pages; bounds[0] = 0, bounds[n] = max_pfn.
 */
void mdl_split_ranges(const struct mdl_ctx *ctx, unsigned int n, uint64_t *bounds)
{
	uint64_t total = mdl_bitmap_count(ctx->dumpable, ctx->max_pfn), seen = 0, pfn = 0;
	unsigned int i = 1;

	bounds[0] = 0;
	for (; i < n; i++) {
		uint64_t want = total * i / n;

		while (pfn < ctx->max_pfn && seen < want) {
			seen += mdl_bit_test(ctx->dumpable, pfn);
			pfn++;
		}
		bounds[i] = pfn;
	}
	bounds[n] = ctx->max_pfn;
}
