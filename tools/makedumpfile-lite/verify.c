// SPDX-License-Identifier: GPL-2.0
/*
 * --verify DUMP: check a kdump-compressed or ELF dump end to end and say
 * what is intact and what is not.
 *
 * Structure first, from the dump alone (so makedumpfile's outputs can be
 * checked too): header fields in range, bitmaps inside the file, one page
 * descriptor per set bit of the 2nd bitmap, every descriptor pointing
 * inside the file at a block that decompresses to one page.  Then, when
 * the file ends with our integrity record (sum.c), every region digest
 * and every stored page checksum.  A file cut short is named as truncated
 * with the first page it lost.  Damage found increments r->bad; the
 * return value is -errno only when the check itself could not run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "endian.h"
#include "kdump_format.h"
#include "mdl.h"

#define MAX_LINES 8	/* per kind of damage; then a count */

struct vsrc {
	int fd;
	const unsigned char *mem;
	uint64_t size;
};

struct sums {
	bool have;
	uint64_t table_off, nreg, npage;
	unsigned char *reg;	/* nreg entries of MDL_SUM_REG_LEN */
	uint64_t *page;
};

static int vread(const struct vsrc *v, void *buf, uint64_t len, uint64_t off)
{
	if (off > v->size || len > v->size - off)
		return -ENODATA;
	if (v->mem) {
		memcpy(buf, v->mem + off, (size_t)len);
		return 0;
	}
	return pread(v->fd, buf, (size_t)len, (off_t)off) == (ssize_t)len ? 0 : -EIO;
}

/* A line of damage: the first MAX_LINES of each kind, then only counted. */
static void damage(struct mdl_report *r, unsigned int *n, const char *line)
{
	r->bad++;
	if ((*n)++ < MAX_LINES)
		mdl_report_add(r, "  %s", line);
}

/*
 * The trailer and table; kdump says whether page checksums are in the
 * page descriptors (kdump-compressed) or in the table (ELF).
 */
static void load_sums(const struct vsrc *v, struct sums *s, bool kdump, struct mdl_report *r)
{
	unsigned char tr[MDL_SUM_TRAILER_LEN], *t;
	uint64_t tlen;

	memset(s, 0, sizeof(*s));
	if (v->size < MDL_SUM_TRAILER_LEN ||
	    vread(v, tr, sizeof(tr), v->size - sizeof(tr)) || memcmp(tr, MDL_SUM_MAGIC, 6)) {
		mdl_report_add(r, "integrity record: none at the end of the file (truncated, or not written by makedumpfile-lite): checksums not checked");
		return;
	}
	if (memcmp(tr, MDL_SUM_MAGIC, 8)) {
		mdl_report_add(r, "integrity record: version %.2s, not %.2s (another makedumpfile-lite): checksums not checked",
			       (const char *)tr + 6, MDL_SUM_MAGIC + 6);
		return;
	}
	if (get_le(tr + 56, 8) != mdl_hash64(tr, 56, 0)) {
		r->bad++;
		mdl_report_add(r, "integrity record: CORRUPT trailer: checksums not checked");
		return;
	}
	s->table_off = get_le(tr + 8, 8);
	s->nreg = get_le(tr + 16, 8);
	s->npage = get_le(tr + 24, 8);
	tlen = s->nreg * MDL_SUM_REG_LEN + s->npage * 8;
	if (s->nreg > v->size / MDL_SUM_REG_LEN || s->npage > v->size / 8 || (kdump && s->npage) ||
	    s->table_off + tlen + MDL_SUM_TRAILER_LEN != v->size) {
		r->bad++;
		mdl_report_add(r, "integrity record: CORRUPT (table does not fit the file)");
		return;
	}
	t = malloc((size_t)tlen + 1);
	if (!t || vread(v, t, tlen, s->table_off) ||
	    get_le(tr + 40, 8) != mdl_hash64(t, (size_t)tlen, s->table_off)) {
		r->bad++;
		mdl_report_add(r, "integrity record: CORRUPT checksum table");
		free(t);
		return;
	}
	s->reg = t;
	s->page = malloc((size_t)s->npage * 8 + 8);
	if (!s->page) {
		free(t);
		s->reg = NULL;
		return;
	}
	for (uint64_t i = 0; i < s->npage; i++)
		s->page[i] = get_le(t + s->nreg * MDL_SUM_REG_LEN + i * 8, 8);
	s->have = true;
	if (kdump)
		mdl_report_add(r, "integrity record: intact (%llu regions, page checksums in the page descriptors)",
			       (unsigned long long)s->nreg);
	else
		mdl_report_add(r, "integrity record: intact (%llu regions, %llu page checksums)",
			       (unsigned long long)s->nreg, (unsigned long long)s->npage);
}

/* Check every region digest; say per kind how many are intact. */
static void check_regions(const struct vsrc *v, const struct sums *s, struct mdl_report *r)
{
	unsigned int n = 0, kind;
	uint64_t i;

	for (kind = MDL_SUM_DISK_HEADER; kind <= MDL_SUM_ELF_HEADERS; kind++) {
		uint64_t total = 0, good = 0;

		for (i = 0; i < s->nreg; i++) {
			const unsigned char *e = s->reg + i * MDL_SUM_REG_LEN;
			uint64_t off = get_le(e, 8), len = get_le(e + 8, 8);
			unsigned char *b;
			char line[160];

			if (get_le(e + 24, 4) != kind)
				continue;
			total++;
			b = off <= v->size && len <= v->size - off ? malloc(len ? (size_t)len : 1) : NULL;
			if (b && !vread(v, b, len, off) &&
			    mdl_hash64(b, (size_t)len, off) == get_le(e + 16, 8)) {
				good++;
			} else {
				snprintf(line, sizeof(line), "%s at offset %llu (%llu bytes): CORRUPT",
					 mdl_sum_kind_name(kind), (unsigned long long)off,
					 (unsigned long long)len);
				damage(r, &n, line);
			}
			free(b);
		}
		if (total)
			mdl_report_add(r, "%s: %s (%llu of %llu checksummed blocks intact)",
				       mdl_sum_kind_name(kind), good == total ? "intact" : "CORRUPT",
				       (unsigned long long)good, (unsigned long long)total);
	}
}

struct kd_view {
	uint32_t bs, sub_blocks, bm_blocks;
	uint64_t max, start, end, bm_len, desc_off, ndesc;
	unsigned char *bm2;
};

static int kd_structure(const struct vsrc *v, struct kd_view *k, struct mdl_report *r)
{
	unsigned char h[KD_H_SIZE], s[KD_S_SIZE];

	if (vread(v, h, sizeof(h), 0) || memcmp(h, KD_SIGNATURE, 8))
		return -EINVAL;
	k->bs = (uint32_t)get_le(h + KD_H_BLOCK_SIZE, 4);
	k->sub_blocks = (uint32_t)get_le(h + KD_H_SUB_HDR_SIZE, 4);
	k->bm_blocks = (uint32_t)get_le(h + KD_H_BITMAP_BLOCKS, 4);
	if (k->bs < 512 || k->bs > 65536 || (k->bs & (k->bs - 1)) || k->sub_blocks == 0 ||
	    k->sub_blocks > 1024 || k->bm_blocks == 0 || k->bm_blocks % 2 ||
	    k->bm_blocks > (1u << 20) || vread(v, s, sizeof(s), k->bs)) {
		r->bad++;
		mdl_report_add(r, "disk_dump_header: CORRUPT (block size %u, sub header %u blocks, bitmaps %u blocks)",
			       k->bs, k->sub_blocks, k->bm_blocks);
		return -EINVAL;
	}
	k->max = get_le(s + KD_S_MAX_MAPNR_64, 8);
	k->bm_len = (uint64_t)k->bm_blocks / 2 * k->bs;
	k->start = 0;
	k->end = k->max;
	if (get_le(s + KD_S_SPLIT, 4)) {
		k->start = get_le(s + KD_S_START_PFN_64, 8);
		k->end = get_le(s + KD_S_END_PFN_64, 8);
	}
	if (k->max == 0 || k->max > k->bm_len * 8 || k->start > k->end || k->end > k->max) {
		r->bad++;
		mdl_report_add(r, "sub header: CORRUPT (max_mapnr %llu, pfn range %llu-%llu, bitmaps of %llu bytes)",
			       (unsigned long long)k->max, (unsigned long long)k->start,
			       (unsigned long long)k->end, (unsigned long long)k->bm_len);
		return -EINVAL;
	}
	k->desc_off = (uint64_t)(1 + k->sub_blocks + k->bm_blocks) * k->bs;
	k->bm2 = k->desc_off <= v->size ? malloc((size_t)k->bm_len) : NULL;
	if (!k->bm2 || vread(v, k->bm2, k->bm_len, k->desc_off - k->bm_len)) {
		r->bad++;
		mdl_report_add(r, "bitmaps: TRUNCATED (file has %llu bytes, bitmaps end at %llu)",
			       (unsigned long long)v->size, (unsigned long long)k->desc_off);
		return -EINVAL;
	}
	k->ndesc = mdl_bitmap_count_range(k->bm2, k->start, k->end);
	mdl_report_add(r, "structure: kdump-compressed, block size %u, max_mapnr %llu, %llu page descriptors for pfn 0x%llx-0x%llx",
		       k->bs, (unsigned long long)k->max, (unsigned long long)k->ndesc,
		       (unsigned long long)k->start, (unsigned long long)k->end);
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Walk the descriptors: bounds, decompression, checksums (each
 * descriptor's page_flags against the block it points at), truncation.
 */
static void kd_pages(const struct vsrc *v, const struct kd_view *k, const struct sums *s,
		     struct mdl_report *r)
{
	uint64_t pfn, idx = 0, next_block = k->desc_off + k->ndesc * KD_PD_LEN, nblock = 0;
	uint64_t data_end = s->have ? s->table_off : v->size, good = 0, first_lost = UINT64_MAX;
	uint64_t *starts = malloc((size_t)(k->ndesc + 1) * sizeof(uint64_t));
	uint64_t *sums = malloc((size_t)(k->ndesc + 1) * sizeof(uint64_t));
	unsigned char *cbuf = malloc(2 * k->bs), *page = malloc(k->bs), pd[KD_PD_LEN];
	unsigned int nbad = 0, ntrunc = 0;
	char line[200];

	if (!starts || !sums || !cbuf || !page)
		goto out;
	for (pfn = mdl_bitmap_next_set(k->bm2, k->start, k->end); pfn < k->end;
	     pfn = mdl_bitmap_next_set(k->bm2, pfn + 1, k->end), idx++) {
		uint64_t off, sum;
		uint32_t size, flags;
		enum mdl_compress kind;
		const uint64_t *repeat = NULL;

		if (vread(v, pd, KD_PD_LEN, k->desc_off + idx * KD_PD_LEN)) {
			if (first_lost == UINT64_MAX)
				first_lost = pfn;
			ntrunc++;
			continue;
		}
		off = get_le(pd + KD_PD_OFFSET, 8);
		size = (uint32_t)get_le(pd + KD_PD_SIZE, 4);
		flags = (uint32_t)get_le(pd + KD_PD_FLAGS, 4);
		sum = get_le(pd + KD_PD_PAGE_FLAGS, 8);
		if (off < next_block)
			repeat = bsearch(&off, starts, (size_t)nblock, sizeof(*starts), cmp_u64);
		if (size == 0 || size > 2 * k->bs || (!repeat && off != next_block && s->have) ||
		    off < k->desc_off + k->ndesc * KD_PD_LEN ||
		    mdl_compress_kind_of_flags(flags, &kind)) {
			snprintf(line, sizeof(line),
				 "page descriptor of pfn 0x%llx: CORRUPT (offset %llu, size %u, flags 0x%x)",
				 (unsigned long long)pfn, (unsigned long long)off, size, flags);
			damage(r, &nbad, line);
			continue;
		}
		if (off + size > data_end || vread(v, cbuf, size, off)) {
			if (first_lost == UINT64_MAX)
				first_lost = pfn;
			ntrunc++;
			continue;
		}
		if (!repeat && off >= next_block) {
			sums[nblock] = s->have ? mdl_page_sum(cbuf, size) : 0;
			repeat = &starts[nblock];
			starts[nblock++] = off;
			next_block = off + size;
		}
		if (s->have && repeat && sums[repeat - starts] != sum) {
			snprintf(line, sizeof(line),
				 "page pfn 0x%llx: CORRUPT (stored bytes at offset %llu fail their checksum)",
				 (unsigned long long)pfn, (unsigned long long)off);
			damage(r, &nbad, line);
		}
		if (mdl_decompress_page(kind, cbuf, size, page, k->bs)) {
			snprintf(line, sizeof(line), "page pfn 0x%llx: CORRUPT (does not decompress)",
				 (unsigned long long)pfn);
			damage(r, &nbad, line);
			continue;
		}
		good++;
	}
	if (ntrunc) {
		r->bad++;
		mdl_report_add(r, "TRUNCATED: the file ends at byte %llu; %llu pages are missing, from pfn 0x%llx on",
			       (unsigned long long)v->size, (unsigned long long)ntrunc,
			       (unsigned long long)first_lost);
	}
	mdl_report_add(r, "pages: %llu of %llu intact%s", (unsigned long long)good,
		       (unsigned long long)k->ndesc, s->have ? " (checksums and decompression)" :
		       " (decompression only)");
out:
	free(starts);
	free(sums);
	free(cbuf);
	free(page);
}

static int verify_kdump(const struct vsrc *v, struct mdl_report *r)
{
	struct kd_view k = { 0 };
	struct sums s;
	int ret;

	load_sums(v, &s, true, r);
	if (s.have)
		check_regions(v, &s, r);
	ret = kd_structure(v, &k, r);
	if (!ret)
		kd_pages(v, &k, &s, r);
	free(k.bm2);
	free(s.reg);
	free(s.page);
	return ret == -ENOMEM ? ret : 0;
}

/* ELF: the reader checks the headers; then each page piece against its checksum. */
static int verify_elf(struct mdl_ctx *ctx, const struct vsrc *v, struct mdl_report *r)
{
	struct sums s;
	unsigned char *buf = malloc(ctx->page_size);
	uint64_t idx = 0, good = 0, ps = ctx->page_size;
	unsigned int nbad = 0;
	size_t i;
	char line[160];

	load_sums(v, &s, false, r);
	if (s.have)
		check_regions(v, &s, r);
	mdl_report_add(r, "structure: ELF, %zu PT_LOADs%s", ctx->nseg,
		       ctx->incomplete ? ", flagged incomplete" : "");
	if (strstr(ctx->warn, "input truncated: ")) {
		const char *why = strstr(ctx->warn, "input truncated: ") + 17;

		r->bad++;
		mdl_report_add(r, "TRUNCATED: %.*s", (int)strcspn(why, "\n"), why);
	}
	for (i = 0; i < ctx->nseg && buf; i++) {
		const struct mdl_seg *sg = &ctx->seg[i];
		uint64_t a = sg->paddr, end = sg->paddr + sg->filesz;

		while (a < end) {
			uint64_t n = (a / ps + 1) * ps - a;

			if (n > end - a)
				n = end - a;
			if (mdl_read_phys(ctx, a, buf, (size_t)n) ||
			    (s.have && (idx >= s.npage || mdl_page_sum(buf, (size_t)n) != s.page[idx]))) {
				snprintf(line, sizeof(line), "page pfn 0x%llx: CORRUPT (checksum)",
					 (unsigned long long)(a / ps));
				damage(r, &nbad, line);
			} else {
				good++;
			}
			idx++;
			a += n;
		}
	}
	mdl_report_add(r, "pages: %llu of %llu intact%s", (unsigned long long)good,
		       (unsigned long long)idx, s.have ? "" : " (readable; no checksums)");
	free(buf);
	free(s.reg);
	free(s.page);
	return 0;
}

static int verify_src(struct mdl_ctx *ctx, const struct vsrc *v, struct mdl_report *r)
{
	unsigned char magic[16] = { 0 };
	int ret;

	if (vread(v, magic, v->size < 16 ? v->size : 16, 0) || v->size < 16)
		return mdl_err(ctx, EINVAL, "too short for a dump (%llu bytes)",
			       (unsigned long long)v->size);
	if (!memcmp(magic, KD_SIGNATURE, 8))
		return verify_kdump(v, r);
	if (!memcmp(magic, MDL_FLAT_SIGNATURE, sizeof(MDL_FLAT_SIGNATURE)))
		return mdl_err(ctx, EINVAL, "a flattened stream: rearrange it with -R first");
	if (memcmp(magic, ELFMAG, SELFMAG))
		return mdl_err(ctx, EINVAL, "neither kdump-compressed nor ELF");
	ret = v->mem ? mdl_open_mem(ctx, v->mem, (size_t)v->size) : mdl_open_fd(ctx, v->fd);
	if (ret) {
		r->bad++;
		mdl_report_add(r, "ELF headers: CORRUPT (%s)", ctx->err);
		ctx->err[0] = '\0';
		return 0;
	}
	return verify_elf(ctx, v, r);
}

int mdl_verify(struct mdl_ctx *ctx, int fd, struct mdl_report *r)
{
	struct stat st;
	struct vsrc v = { .fd = fd };

	if (fstat(fd, &st))
		return mdl_err(ctx, errno, "stat: %s", strerror(errno));
	v.size = (uint64_t)st.st_size;
	ctx->fd = fd;
	return verify_src(ctx, &v, r);
}

/* The same on a buffer (tests, fuzzer). */
int mdl_verify_mem(struct mdl_ctx *ctx, const unsigned char *buf, size_t len,
		   struct mdl_report *r)
{
	struct vsrc v = { .fd = -1, .mem = buf, .size = len };

	return verify_src(ctx, &v, r);
}
