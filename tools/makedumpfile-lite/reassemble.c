// SPDX-License-Identifier: GPL-2.0
/*
 * --reassemble: join the files of a --split dump (ours or makedumpfile's)
 * into one kdump-compressed file.  Each split file carries both full
 * bitmaps and the page descriptors of its pfn range [start_pfn_64,
 * end_pfn_64) (sub header, split = 1); the ranges must tile [0,
 * max_mapnr).  Headers, notes and bitmaps come from the file holding pfn
 * 0, with split cleared; descriptors and data are copied range by range,
 * a block several descriptors share (the zero page) stored once.  The
 * result ends with its own checksums like every output.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "endian.h"
#include "kdump_format.h"
#include "mdl.h"

struct part_file {
	const char *name;
	int fd;
	unsigned char h[KD_H_SIZE];
	uint64_t start, end, size;
};

/* old data offset -> new offset and checksum, for blocks several descriptors share */
struct offmap {
	uint64_t *key, *val, *sum;
	size_t cap, n;
};

static int offmap_get(struct offmap *m, uint64_t k, uint64_t *v, uint64_t *sum)
{
	size_t i;

	for (i = (size_t)(k * 0x9e3779b97f4a7c15ull) & (m->cap - 1); m->cap && m->key[i];
	     i = (i + 1) & (m->cap - 1))
		if (m->key[i] == k + 1) {
			*v = m->val[i];
			*sum = m->sum[i];
			return 0;
		}
	return -ENOENT;
}

static void offmap_free(struct offmap *m)
{
	free(m->key);
	free(m->val);
	free(m->sum);
}

static int offmap_put(struct offmap *m, uint64_t k, uint64_t v, uint64_t sum)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		struct offmap bigger = { .cap = m->cap ? m->cap * 2 : 1024 };

		bigger.key = calloc(bigger.cap, sizeof(uint64_t));
		bigger.val = calloc(bigger.cap, sizeof(uint64_t));
		bigger.sum = calloc(bigger.cap, sizeof(uint64_t));
		if (!bigger.key || !bigger.val || !bigger.sum) {
			offmap_free(&bigger);
			return -ENOMEM;
		}
		for (i = 0; i < m->cap; i++)
			if (m->key[i])
				offmap_put(&bigger, m->key[i] - 1, m->val[i], m->sum[i]);
		offmap_free(m);
		*m = bigger;
	}
	for (i = (size_t)(k * 0x9e3779b97f4a7c15ull) & (m->cap - 1); m->key[i];
	     i = (i + 1) & (m->cap - 1))
		;
	m->key[i] = k + 1;
	m->val[i] = v;
	m->sum[i] = sum;
	m->n++;
	return 0;
}

static int pread_full(struct mdl_ctx *ctx, const struct part_file *f, void *buf, size_t len,
		      uint64_t off)
{
	ssize_t n = pread(f->fd, buf, len, (off_t)off);

	if (n != (ssize_t)len)
		return mdl_err(ctx, EIO, "%s: cannot read %zu bytes at offset %llu%s", f->name, len,
			       (unsigned long long)off, n >= 0 ? " (file too short)" : "");
	return 0;
}

static int open_part(struct mdl_ctx *ctx, struct part_file *f)
{
	unsigned char s[KD_S_SIZE];
	int ret;

	f->fd = open(f->name, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0)
		return mdl_err(ctx, errno, "%s: %s", f->name, strerror(errno));
	f->size = (uint64_t)lseek(f->fd, 0, SEEK_END);
	ret = pread_full(ctx, f, f->h, KD_H_SIZE, 0);
	if (ret)
		return ret;
	if (memcmp(f->h, KD_SIGNATURE, 8) || get_le(f->h + KD_H_BLOCK_SIZE, 4) < 512 ||
	    get_le(f->h + KD_H_BLOCK_SIZE, 4) > 65536)
		return mdl_err(ctx, EINVAL, "%s: not a kdump-compressed file", f->name);
	ret = pread_full(ctx, f, s, KD_S_SIZE, get_le(f->h + KD_H_BLOCK_SIZE, 4));
	if (ret)
		return ret;
	if (!get_le(s + KD_S_SPLIT, 4))
		return mdl_err(ctx, EINVAL, "%s: not part of a split dump", f->name);
	f->start = get_le(s + KD_S_START_PFN_64, 8);
	f->end = get_le(s + KD_S_END_PFN_64, 8);
	return 0;
}

static int cmp_part(const void *a, const void *b)
{
	const struct part_file *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Sort by start pfn; the ranges must tile [0, max_mapnr) and agree on the layout. */
static int check_parts(struct mdl_ctx *ctx, struct part_file *p, unsigned int n, uint64_t max)
{
	uint64_t at = 0;
	unsigned int i;

	qsort(p, n, sizeof(*p), cmp_part);
	for (i = 0; i < n; i++) {
		if (memcmp(p[i].h + KD_H_BLOCK_SIZE, p[0].h + KD_H_BLOCK_SIZE, 12))
			return mdl_err(ctx, EINVAL, "%s: header layout differs from %s", p[i].name,
				       p[0].name);
		if (p[i].start != at)
			return mdl_err(ctx, EINVAL, "no file holds pfn 0x%llx-0x%llx",
				       (unsigned long long)at, (unsigned long long)p[i].start);
		if (p[i].end < p[i].start || p[i].end > max)
			return mdl_err(ctx, EINVAL, "%s: bad pfn range", p[i].name);
		at = p[i].end;
	}
	if (at != max)
		return mdl_err(ctx, EINVAL, "no file holds pfn 0x%llx-0x%llx", (unsigned long long)at,
			       (unsigned long long)max);
	return 0;
}

struct joiner {
	struct mdl_ctx *ctx;
	uint64_t zero_off;	/* the one stored zero page, 0: none yet */
	uint64_t zero_sum;
	uint32_t zero_size, zero_flags;
	unsigned char *page;
	struct mdl_sink sink;
	struct mdl_sum sum;
	unsigned char *bm2, *pd, *data;
	unsigned int pd_n;	/* descriptors in pd not yet written */
	uint64_t max, desc_in, pd_out;
	uint32_t bs;
};


static int flush_descs(struct joiner *j)
{
	size_t len = (size_t)j->pd_n * KD_PD_LEN;
	int ret = mdl_sum_region(j->ctx, &j->sum, MDL_SUM_DESCS, j->pd_out, j->pd, len);

	if (!ret)
		ret = mdl_sink_write(&j->sink, j->pd, len, j->pd_out);
	j->pd_out += len;
	j->pd_n = 0;
	return ret;
}

/*
 * Is this block the zero page?  Each split file stores its own copy
 * (makedumpfile's raw, ours compressed to a few bytes); the joined file
 * keeps one.  Only raw or tiny blocks can be all zeros cheaply enough to
 * be worth decompressing.
 */
static bool is_zero_block(struct joiner *j, const unsigned char *data, uint32_t size,
			  uint32_t flags)
{
	enum mdl_compress kind;

	if ((size != j->bs && size > 64) || mdl_compress_kind_of_flags(flags, &kind) ||
	    mdl_decompress_page(kind, data, size, j->page, j->bs))
		return false;
	return mdl_page_is_zero(j->page, j->bs);
}

/*
 * Copy the descriptors and data of one part; each descriptor gets the
 * checksum of its block in page_flags (makedumpfile's parts have 0 there).
 */
static int copy_part(struct joiner *j, const struct part_file *f)
{
	struct offmap seen = { 0 };
	uint64_t pfn, idx = 0;
	int ret = 0;

	for (pfn = f->start; pfn < f->end && !ret; pfn++) {
		unsigned char *pd = j->pd + (size_t)j->pd_n * KD_PD_LEN;
		uint64_t off, newoff, sum = 0;
		uint32_t size;

		if (!mdl_bit_test(j->bm2, pfn))
			continue;
		ret = pread_full(j->ctx, f, pd, KD_PD_LEN, j->desc_in + idx++ * KD_PD_LEN);
		if (ret)
			break;
		off = get_le(pd + KD_PD_OFFSET, 8);
		size = (uint32_t)get_le(pd + KD_PD_SIZE, 4);
		if (size == 0 || size > 2 * j->bs) {
			ret = mdl_err(j->ctx, EINVAL, "%s: page descriptor of pfn 0x%llx has size %u",
				      f->name, (unsigned long long)pfn, size);
			break;
		}
		if (offmap_get(&seen, off, &newoff, &sum)) {
			uint32_t flags = (uint32_t)get_le(pd + KD_PD_FLAGS, 4);

			newoff = mdl_sink_pos(&j->sink);
			ret = pread_full(j->ctx, f, j->data, size, off);
			if (!ret && j->zero_off && is_zero_block(j, j->data, size, flags)) {
				newoff = j->zero_off;	/* another file's zero page */
				size = j->zero_size;
				sum = j->zero_sum;
				put_le(pd + KD_PD_FLAGS, j->zero_flags, 4);
				put_le(pd + KD_PD_SIZE, size, 4);
			} else if (!ret) {
				sum = mdl_page_sum(j->data, size);
				if (!j->zero_off && is_zero_block(j, j->data, size, flags)) {
					j->zero_off = newoff;
					j->zero_size = size;
					j->zero_flags = flags;
					j->zero_sum = sum;
				}
				ret = mdl_sink_append(&j->sink, j->data, size);
			}
			if (!ret && offmap_put(&seen, off, newoff, sum))
				ret = mdl_err(j->ctx, ENOMEM, "out of memory");
		} else if (newoff == j->zero_off) {
			put_le(pd + KD_PD_FLAGS, j->zero_flags, 4);
			put_le(pd + KD_PD_SIZE, j->zero_size, 4);
		}
		put_le(pd + KD_PD_OFFSET, newoff, 8);
		put_le(pd + KD_PD_PAGE_FLAGS, sum, 8);
		if (!ret && ++j->pd_n == MDL_SUM_DESC_BLOCK)
			ret = flush_descs(j);
	}
	offmap_free(&seen);
	return ret;
}

/* Headers, notes and bitmaps of part 0, split cleared; each a checksummed region. */
static int copy_headers(struct joiner *j, const struct part_file *f, uint64_t *desc_off)
{
	uint32_t sub_blocks = (uint32_t)get_le(f->h + KD_H_SUB_HDR_SIZE, 4);
	uint32_t bm_blocks = (uint32_t)get_le(f->h + KD_H_BITMAP_BLOCKS, 4);
	uint64_t len = (uint64_t)(1 + sub_blocks + bm_blocks) * j->bs, half;
	unsigned char *b;
	int ret;

	if (sub_blocks > 1024 || bm_blocks > (1u << 20) || bm_blocks % 2 || len > f->size)
		return mdl_err(j->ctx, EINVAL, "%s: implausible header sizes", f->name);
	half = (uint64_t)bm_blocks / 2 * j->bs;
	b = malloc((size_t)len);
	if (!b)
		return mdl_err(j->ctx, ENOMEM, "out of memory");
	ret = pread_full(j->ctx, f, b, (size_t)len, 0);
	if (!ret) {
		unsigned char *s = b + j->bs;

		put_le(s + KD_S_SPLIT, 0, 4);
		put_le(s + KD_S_START_PFN, 0, 4);
		put_le(s + KD_S_END_PFN, j->max > UINT32_MAX ? UINT32_MAX : j->max, 4);
		put_le(s + KD_S_START_PFN_64, 0, 8);
		put_le(s + KD_S_END_PFN_64, j->max, 8);
		memcpy(j->bm2, b + len - half, (size_t)half);
		ret = mdl_sum_region(j->ctx, &j->sum, MDL_SUM_DISK_HEADER, 0, b, j->bs);
	}
	if (!ret)
		ret = mdl_sum_region(j->ctx, &j->sum, MDL_SUM_SUB_HEADER, j->bs, b + j->bs,
				     (size_t)sub_blocks * j->bs);
	if (!ret)
		ret = mdl_sum_region(j->ctx, &j->sum, MDL_SUM_BITMAP1, len - 2 * half,
				     b + len - 2 * half, (size_t)half);
	if (!ret)
		ret = mdl_sum_region(j->ctx, &j->sum, MDL_SUM_BITMAP2, len - half, b + len - half,
				     (size_t)half);
	if (!ret)
		ret = mdl_sink_write(&j->sink, b, (size_t)len, 0);
	*desc_off = len;
	free(b);
	return ret;
}

int mdl_reassemble(struct mdl_ctx *ctx, const char *const *in, unsigned int n, int out_fd)
{
	struct part_file *p = calloc(n, sizeof(*p));
	struct joiner j = { .ctx = ctx };
	uint64_t desc_off = 0, ndesc, i;
	unsigned char s[KD_S_SIZE];
	int ret = p ? 0 : mdl_err(ctx, ENOMEM, "out of memory");

	for (i = 0; i < n && p; i++)
		p[i].fd = -1;
	for (i = 0; i < n && !ret; i++) {
		p[i].name = in[i];
		ret = open_part(ctx, &p[i]);
	}
	if (!ret) {
		j.bs = (uint32_t)get_le(p[0].h + KD_H_BLOCK_SIZE, 4);
		ret = pread_full(ctx, &p[0], s, KD_S_SIZE, j.bs);
		j.max = get_le(s + KD_S_MAX_MAPNR_64, 8);
	}
	if (!ret)
		ret = check_parts(ctx, p, n, j.max);
	if (!ret) {
		uint64_t half = get_le(p[0].h + KD_H_BITMAP_BLOCKS, 4) / 2 * j.bs;

		if (half > p[0].size)
			half = 0;	/* refused below */
		j.bm2 = calloc(1, (size_t)half + 1);
		j.pd = malloc((size_t)MDL_SUM_DESC_BLOCK * KD_PD_LEN);
		j.data = malloc(2 * j.bs);
		j.page = malloc(j.bs);
		if (!j.bm2 || !j.pd || !j.data || !j.page)
			ret = mdl_err(ctx, ENOMEM, "out of memory");
		else if (!half || j.max > half * 8)
			ret = mdl_err(ctx, EINVAL, "%s: bitmaps do not cover max_mapnr %llu", p[0].name,
				      (unsigned long long)j.max);
	}
	if (!ret)
		ret = mdl_sink_init(&j.sink, ctx, out_fd, false);
	if (!ret)
		ret = copy_headers(&j, &p[0], &desc_off);
	if (!ret) {
		ndesc = mdl_bitmap_count(j.bm2, j.max);
		j.desc_in = j.pd_out = desc_off;
		mdl_sink_seek(&j.sink, desc_off + ndesc * KD_PD_LEN);
	}
	for (i = 0; i < n && !ret; i++)
		ret = copy_part(&j, &p[i]);
	if (!ret)
		ret = flush_descs(&j);
	if (!ret)
		ret = mdl_sum_write(ctx, &j.sink, &j.sum, j.bs);
	if (!ret)
		ret = mdl_sink_finish(&j.sink);
	mdl_sink_deinit(&j.sink);
	mdl_sum_free(&j.sum);
	for (i = 0; i < n && p; i++)
		if (p[i].fd >= 0)
			close(p[i].fd);
	free(p);
	free(j.bm2);
	free(j.pd);
	free(j.data);
	free(j.page);
	return ret;
}
