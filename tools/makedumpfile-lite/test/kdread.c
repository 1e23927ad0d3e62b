// SPDX-License-Identifier: GPL-2.0
/*
 * kdread: read back makedumpfile-lite output and check it.
 *
 *   kdread info OUT                      print kdump header fields
 *   kdread check OUT INPUT MANIFEST LEVEL [incomplete] [failsafe]
 *   kdread bitmap OUT                    print the 2nd-bitmap pfn runs
 *   kdread cmp A B                       compare both bitmaps of two files
 *   kdread pagecmp A B                   every page both files keep decompresses the same
 *   kdread elfcmp A B                    compare two ELF dumps page by page
 *   kdread elfcheck ELF INPUT REF.kd [lenient]  ELF pages vs a reference bitmap
 *
 * "check" knows both output formats (kdump-compressed by signature, ELF
 * otherwise).  From the manifest written by gen and the dump level it
 * computes which pfns must exist and which must be kept, and checks
 * every kept page byte for byte against the input vmcore.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "endian.h"
#include "kdump_format.h"
#include "mdl.h"

struct kd {
	int fd;
	unsigned char h[KD_H_SIZE], s[KD_S_SIZE];
	uint32_t bs, sub_blocks, bm_blocks;
	uint64_t max_mapnr;
	unsigned char *bm1, *bm2;
	uint64_t bm_len;
};

static int fail(const char *fmt, const char *a, unsigned long long n)
{
	fprintf(stderr, "kdread: ");
	fprintf(stderr, fmt, a, n);
	fprintf(stderr, "\n");
	return 1;
}

static int kd_open(struct kd *k, const char *path)
{
	k->fd = open(path, O_RDONLY);
	if (k->fd < 0 || pread(k->fd, k->h, KD_H_SIZE, 0) != KD_H_SIZE)
		return -1;
	if (memcmp(k->h, KD_SIGNATURE, 8))
		return 1;	/* not kdump-compressed */
	k->bs = (uint32_t)get_le(k->h + KD_H_BLOCK_SIZE, 4);
	k->sub_blocks = (uint32_t)get_le(k->h + KD_H_SUB_HDR_SIZE, 4);
	k->bm_blocks = (uint32_t)get_le(k->h + KD_H_BITMAP_BLOCKS, 4);
	if (k->bs != 4096 || pread(k->fd, k->s, KD_S_SIZE, k->bs) != KD_S_SIZE)
		return -1;
	k->max_mapnr = get_le(k->s + KD_S_MAX_MAPNR_64, 8);
	k->bm_len = (uint64_t)k->bm_blocks / 2 * k->bs;
	k->bm1 = malloc(k->bm_len);
	k->bm2 = malloc(k->bm_len);
	if (pread(k->fd, k->bm1, k->bm_len, (off_t)(1 + k->sub_blocks) * k->bs) != (ssize_t)k->bm_len ||
	    pread(k->fd, k->bm2, k->bm_len, (off_t)(1 + k->sub_blocks) * k->bs + (off_t)k->bm_len) !=
		    (ssize_t)k->bm_len)
		return -1;
	return 0;
}

static void kd_close(struct kd *k)
{
	free(k->bm1);
	free(k->bm2);
	if (k->fd >= 0)
		close(k->fd);
}

static int info(const char *path)
{
	struct kd k = { 0 };
	char vi[32] = "";
	uint64_t voff, vsz;

	if (kd_open(&k, path))
		return fail("%s: not a readable kdump-compressed file%llu", path, 0);
	voff = get_le(k.s + KD_S_OFF_VMCOREINFO, 8);
	vsz = get_le(k.s + KD_S_SIZE_VMCOREINFO, 4);
	if (vsz && pread(k.fd, vi, 10, (off_t)voff) != 10)
		vi[0] = '\0';
	vi[10] = '\0';
	printf("signature=%.8s\nheader_version=%llu\nsysname=%s\nrelease=%s\nmachine=%s\n",
	       (char *)k.h, (unsigned long long)get_le(k.h + KD_H_VERSION, 4),
	       (char *)k.h + KD_H_UTSNAME, (char *)k.h + KD_H_UTSNAME + 2 * KD_UTS_LEN,
	       (char *)k.h + KD_H_UTSNAME + 4 * KD_UTS_LEN);
	printf("status=0x%llx\nblock_size=%u\nsub_hdr_size=%u\nbitmap_blocks=%u\nmax_mapnr=%llu\n",
	       (unsigned long long)get_le(k.h + KD_H_STATUS, 4), k.bs, k.sub_blocks, k.bm_blocks,
	       (unsigned long long)get_le(k.h + KD_H_MAX_MAPNR, 4));
	printf("nr_cpus=%llu\ndump_level=%llu\nmax_mapnr_64=%llu\nsize_note=%llu\nvmcoreinfo=%s\n",
	       (unsigned long long)get_le(k.h + KD_H_NR_CPUS, 4),
	       (unsigned long long)get_le(k.s + KD_S_DUMP_LEVEL, 4),
	       (unsigned long long)k.max_mapnr,
	       (unsigned long long)get_le(k.s + KD_S_SIZE_NOTE, 4), vi);
	printf("present=%llu\ndumpable=%llu\n",
	       (unsigned long long)mdl_bitmap_count(k.bm1, k.max_mapnr),
	       (unsigned long long)mdl_bitmap_count(k.bm2, k.max_mapnr));
	kd_close(&k);
	return 0;
}

static int bitmap(const char *path)
{
	struct kd k = { 0 };
	uint64_t p = 0, e;

	if (kd_open(&k, path))
		return fail("%s: not a readable kdump-compressed file%llu", path, 0);
	while ((p = mdl_bitmap_next_set(k.bm2, p, k.max_mapnr)) < k.max_mapnr) {
		e = mdl_bitmap_next_clear(k.bm2, p, k.max_mapnr);
		printf("%llx-%llx\n", (unsigned long long)p, (unsigned long long)e - 1);
		p = e;
	}
	kd_close(&k);
	return 0;
}

/* Print pfn runs where bitmap a and b differ; returns how many pfns. */
static uint64_t diff_runs(const char *what, const unsigned char *a, const unsigned char *b,
			  uint64_t n)
{
	uint64_t p, start = 0, total = 0;
	bool in = false;

	for (p = 0; p <= n; p++) {
		bool d = p < n && mdl_bit_test(a, p) != mdl_bit_test(b, p);

		if (d && !in) {
			start = p;
			in = true;
		} else if (!d && in) {
			printf("%s differs: pfn %llx-%llx (first: %s in A)\n", what,
			       (unsigned long long)start, (unsigned long long)p - 1,
			       mdl_bit_test(a, start) ? "set" : "clear");
			total += p - start;
			in = false;
		}
	}
	return total;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The data offsets of the descriptors, in order, as many as could be read
 * (*n; the bitmap's count is *want); NULL when out of memory.
 */
static uint64_t *desc_offsets(const struct kd *k, uint64_t *n, uint64_t *want)
{
	uint64_t pd_off = (uint64_t)(1 + k->sub_blocks + k->bm_blocks) * k->bs, i;
	uint64_t *offs;
	unsigned char pd[KD_PD_LEN];

	*want = mdl_bitmap_count(k->bm2, k->max_mapnr);
	offs = malloc((*want ? *want : 1) * sizeof(*offs));
	for (i = 0; offs && i < *want; i++) {
		if (pread(k->fd, pd, KD_PD_LEN, (off_t)(pd_off + i * KD_PD_LEN)) != KD_PD_LEN)
			break;
		offs[i] = get_le(pd + KD_PD_OFFSET, 8);
	}
	*n = i;
	return offs;
}

/* Descriptors sharing the most used data offset (the shared zero page). */
static uint64_t shared_descs(struct kd *k)
{
	uint64_t n, want, i, best = 0, run = 0;
	uint64_t *offs = desc_offsets(k, &n, &want);

	if (!offs)
		return 0;
	qsort(offs, n, sizeof(*offs), cmp_u64);
	for (i = 0; i < n; i++) {
		run = (i && offs[i] == offs[i - 1]) ? run + 1 : 1;
		if (run > best)
			best = run;
	}
	free(offs);
	return best > 1 ? best : 0;
}

/* Compare the bitmaps of two kdump-compressed files. */
static int cmp(const char *pa, const char *pb)
{
	struct kd a = { 0 }, b = { 0 };
	uint64_t n, d1, d2;

	if (kd_open(&a, pa) || kd_open(&b, pb))
		return fail("%s: both files must be kdump-compressed%llu", pa, 0);
	n = a.max_mapnr < b.max_mapnr ? a.max_mapnr : b.max_mapnr;
	if (a.max_mapnr != b.max_mapnr)
		printf("max_mapnr differs: %llu vs %llu\n", (unsigned long long)a.max_mapnr,
		       (unsigned long long)b.max_mapnr);
	d1 = diff_runs("bitmap1", a.bm1, b.bm1, n);
	d2 = diff_runs("bitmap2", a.bm2, b.bm2, n);
	/* with -d bit 1 both writers point excluded zero pages at one copy */
	if (get_le(a.s + KD_S_DUMP_LEVEL, 4) & get_le(b.s + KD_S_DUMP_LEVEL, 4) & 1) {
		uint64_t za = shared_descs(&a), zb = shared_descs(&b);

		printf("shared zero-page descriptors: A %llu, B %llu\n", (unsigned long long)za,
		       (unsigned long long)zb);
		if (za != zb)
			d2++;
	}
	printf("A: %llu present %llu dumpable; B: %llu present %llu dumpable; %llu/%llu pfns differ\n",
	       (unsigned long long)mdl_bitmap_count(a.bm1, a.max_mapnr),
	       (unsigned long long)mdl_bitmap_count(a.bm2, a.max_mapnr),
	       (unsigned long long)mdl_bitmap_count(b.bm1, b.max_mapnr),
	       (unsigned long long)mdl_bitmap_count(b.bm2, b.max_mapnr),
	       (unsigned long long)d1, (unsigned long long)d2);
	kd_close(&a);
	kd_close(&b);
	return (d1 || d2 || a.max_mapnr != b.max_mapnr) ? 1 : 0;
}

/* Page idx (descriptor order) of k, decompressed into page; 0 or -1. */
static int kd_page(const struct kd *k, uint64_t idx, unsigned char *cbuf, unsigned char *page)
{
	uint64_t pd_off = (uint64_t)(1 + k->sub_blocks + k->bm_blocks) * k->bs, off;
	unsigned char pd[KD_PD_LEN];
	enum mdl_compress kind;
	uint32_t size;

	if (pread(k->fd, pd, KD_PD_LEN, (off_t)(pd_off + idx * KD_PD_LEN)) != KD_PD_LEN)
		return -1;
	off = get_le(pd + KD_PD_OFFSET, 8);
	size = (uint32_t)get_le(pd + KD_PD_SIZE, 4);
	if (size > 2 * k->bs || pread(k->fd, cbuf, size, (off_t)off) != (ssize_t)size ||
	    mdl_compress_kind_of_flags((uint32_t)get_le(pd + KD_PD_FLAGS, 4), &kind))
		return -1;
	return mdl_decompress_page(kind, cbuf, size, page, k->bs) ? -1 : 0;
}

/*
 * Sharing is exact and complete: as many distinct data blocks as distinct
 * page contents among the descriptors (contents told apart by a 64-bit
 * FNV-1a hash of the decompressed page).
 */
static int shares(const char *path)
{
	struct kd k = { 0 };
	uint64_t n = 0, got = 0, i, *offs, *sums, no = 0, ns = 0;
	unsigned char *cbuf, *page;
	int ret = 1;

	if (kd_open(&k, path))
		return 1;
	offs = desc_offsets(&k, &got, &n);
	sums = malloc((n ? n : 1) * sizeof(*sums));
	cbuf = malloc(2 * k.bs);
	page = malloc(k.bs);
	for (i = 0; offs && got == n && sums && cbuf && page && i < n; i++) {
		uint64_t h = 0xcbf29ce484222325ull;
		uint32_t j;

		if (kd_page(&k, i, cbuf, page))
			break;
		for (j = 0; j < k.bs; j++)
			h = (h ^ page[j]) * 0x100000001b3ull;
		sums[i] = h;
	}
	if (i == n) {
		qsort(offs, n, sizeof(*offs), cmp_u64);
		qsort(sums, n, sizeof(*sums), cmp_u64);
		for (i = 0; i < n; i++) {
			no += !i || offs[i] != offs[i - 1];
			ns += !i || sums[i] != sums[i - 1];
		}
		printf("%llu descriptors, %llu data blocks, %llu distinct pages\n",
		       (unsigned long long)n, (unsigned long long)no, (unsigned long long)ns);
		ret = no == ns ? 0 : 1;
	} else {
		printf("cannot read descriptor %llu\n", (unsigned long long)(got < n ? got : i));
	}
	free(offs);
	free(sums);
	free(cbuf);
	free(page);
	kd_close(&k);
	return ret;
}

/*
 * Decompress every page both kdump-compressed files keep and compare:
 * the page contents of two dumps of the same vmcore at the same level
 * must be equal, whatever each writer's compressed bytes.
 */
static int pagecmp(const char *pa, const char *pb)
{
	struct kd a = { 0 }, b = { 0 };
	unsigned char *ca = malloc(2 * 4096), *cb = malloc(2 * 4096);
	unsigned char *pga = malloc(4096), *pgb = malloc(4096);
	uint64_t pfn, n, ia = 0, ib = 0, same = 0, differ = 0, one = 0;

	if (kd_open(&a, pa) || kd_open(&b, pb) || !ca || !cb || !pga || !pgb)
		return fail("%s: both files must be kdump-compressed%llu", pa, 0);
	n = a.max_mapnr < b.max_mapnr ? a.max_mapnr : b.max_mapnr;
	for (pfn = 0; pfn < n; pfn++) {
		int in_a = mdl_bit_test(a.bm2, pfn), in_b = mdl_bit_test(b.bm2, pfn);

		if (in_a && in_b) {
			if (kd_page(&a, ia, ca, pga) || kd_page(&b, ib, cb, pgb))
				return fail("%sunreadable page at pfn %llu", "", pfn);
			if (memcmp(pga, pgb, 4096)) {
				if (!differ)
					printf("first differing page: pfn 0x%llx\n", (unsigned long long)pfn);
				differ++;
			} else {
				same++;
			}
		} else if (in_a || in_b) {
			one++;
		}
		ia += in_a;
		ib += in_b;
	}
	printf("%llu pages equal, %llu differ, %llu kept by one file only\n", (unsigned long long)same,
	       (unsigned long long)differ, (unsigned long long)one);
	kd_close(&a);
	kd_close(&b);
	free(ca);
	free(cb);
	free(pga);
	free(pgb);
	return differ || one ? 1 : 0;
}

/*
 * Compare two ELF dumps page by page: every whole page present in either
 * must read the same, an excluded page counting as zeros (short excluded
 * runs are zero-filled by makedumpfile -E, so "excluded" and "zero" are
 * the same statement).  Reports how many pages only one of them stores.
 */
static int elfcmp(const char *pa, const char *pb)
{
	struct mdl_ctx a, b;
	unsigned char *x = malloc(4096), *y = malloc(4096);
	uint64_t pfn, n, differ = 0, only_a = 0, only_b = 0, both = 0;
	int fa = open(pa, O_RDONLY), fb = open(pb, O_RDONLY), ra, rb;

	mdl_ctx_init(&a);
	mdl_ctx_init(&b);
	a.own_fd = b.own_fd = true;
	if (fa < 0 || fb < 0 || mdl_open_fd(&a, fa) || mdl_open_fd(&b, fb))
		return fail("%s: cannot open both ELF files%llu", pa, 0);
	n = a.max_pfn > b.max_pfn ? a.max_pfn : b.max_pfn;
	for (pfn = 0; pfn < n; pfn++) {
		ra = mdl_read_page(&a, pfn, x);
		rb = mdl_read_page(&b, pfn, y);
		if (ra)
			memset(x, 0, 4096);
		if (rb)
			memset(y, 0, 4096);
		if (!ra && !rb)
			both++;
		else if (!ra)
			only_a++;
		else if (!rb)
			only_b++;
		if (memcmp(x, y, 4096)) {
			if (differ++ < 10)
				printf("page %llx differs (A %s, B %s)\n", (unsigned long long)pfn,
				       ra ? "excluded" : "stored", rb ? "excluded" : "stored");
		}
	}
	printf("%llu pages stored in both, %llu only in A, %llu only in B (all zero), %llu differ\n",
	       (unsigned long long)both, (unsigned long long)only_a, (unsigned long long)only_b,
	       (unsigned long long)differ);
	mdl_ctx_deinit(&a);
	mdl_ctx_deinit(&b);
	free(x);
	free(y);
	return differ ? 1 : 0;
}

/*
 * Check an ELF dump against the input and a reference kdump-compressed
 * file (makedumpfile's): every page set in the reference 2nd bitmap must
 * be stored with the input's bytes (or be all zero), every other page
 * must not be stored with non-zero data.  With "lenient", pages outside
 * the reference set may hold data (makedumpfile -E copies short excluded
 * runs).
 */
static int elfcheck(const char *elf, const char *input, const char *ref, bool lenient)
{
	struct mdl_ctx o, in;
	struct kd k = { 0 };
	static const unsigned char zero[4096];
	unsigned char *x = malloc(4096), *y = malloc(4096);
	uint64_t pfn, kept = 0, bad = 0;
	int fo = open(elf, O_RDONLY), fi = open(input, O_RDONLY);

	mdl_ctx_init(&o);
	mdl_ctx_init(&in);
	o.own_fd = in.own_fd = true;
	if (fo < 0 || fi < 0 || mdl_open_fd(&o, fo) || mdl_open_fd(&in, fi) || kd_open(&k, ref))
		return fail("%s: cannot open ELF, input and reference%llu", elf, 0);
	for (pfn = 0; pfn < k.max_mapnr; pfn++) {
		bool want = mdl_bit_test(k.bm2, pfn);
		bool stored = !mdl_read_page(&o, pfn, x);

		if (!stored)
			memset(x, 0, 4096);
		if (mdl_read_page(&in, pfn, y))
			memset(y, 0, 4096);
		if (want && memcmp(x, y, 4096) && memcmp(y, zero, 4096) ? 1 : 0) {
			if (bad++ < 10)
				printf("page %llx: reference keeps it, ELF %s\n", (unsigned long long)pfn,
				       stored ? "has other bytes" : "does not store it");
		} else if (!want && !lenient && memcmp(x, zero, 4096)) {
			if (bad++ < 10)
				printf("page %llx: reference excludes it, ELF stores data\n",
				       (unsigned long long)pfn);
		}
		kept += want && stored && memcmp(x, zero, 4096);
	}
	printf("%llu non-zero reference pages stored, %llu mismatches\n", (unsigned long long)kept,
	       (unsigned long long)bad);
	kd_close(&k);
	mdl_ctx_deinit(&o);
	mdl_ctx_deinit(&in);
	free(x);
	free(y);
	return bad ? 1 : 0;
}

/* expected[pfn]: 0 missing, 1 present but excluded, 2 kept */
static unsigned char *expect(const char *manifest, int level, bool kdump, uint64_t *npfn)
{
	FILE *f = fopen(manifest, "r");
	unsigned char *e = calloc(1u << 22, 1);
	unsigned long pfn;
	char c[32];

	*npfn = 0;
	while (f && fscanf(f, "%lu %31s", &pfn, c) == 2 && pfn < (1u << 22)) {
		int ex = 0;

		if (!strcmp(c, "missing")) {
			e[pfn] = 0;
			continue;
		}
		if (!strcmp(c, "absent"))
			ex = 1;
		else if (!strcmp(c, "zero"))
			ex = kdump ? 0 : level & 1;	/* kdump: in bitmap, shared zero page */
		else if (!strcmp(c, "cache"))
			ex = level & 6;
		else if (!strcmp(c, "private"))
			ex = level & 4;
		else if (!strcmp(c, "user"))
			ex = level & 8;
		else if (!strcmp(c, "free"))
			ex = level & 16;
		else if (!strcmp(c, "offline"))
			ex = level & 0x1e;
		e[pfn] = ex ? 1 : 2;
		*npfn = pfn + 1;
	}
	if (f)
		fclose(f);
	return e;
}

static int check_kdump(struct kd *k, struct mdl_ctx *in, const unsigned char *e, uint64_t npfn,
		       int level, int incomplete)
{
	uint64_t pfn, idx = 0, pd_off = (uint64_t)(1 + k->sub_blocks + k->bm_blocks) * k->bs;
	unsigned char pd[KD_PD_LEN], *cbuf = malloc(2 * k->bs), *got = malloc(k->bs), *want = malloc(k->bs);
	uint32_t status = (uint32_t)get_le(k->h + KD_H_STATUS, 4);
	static const unsigned char zero[4096];
	uint64_t zero_off = UINT64_MAX;
	int bad = 0;

	if (k->max_mapnr != npfn)
		return fail("%smax_mapnr %llu differs from the manifest", "", k->max_mapnr);
	if (get_le(k->s + KD_S_DUMP_LEVEL, 4) != (uint64_t)level)
		return fail("%sdump_level %llu in sub header is wrong", "", get_le(k->s + KD_S_DUMP_LEVEL, 4));
	if (!!(status & KD_DH_COMPRESSED_INCOMPLETE) != !!incomplete)
		return fail("%sincomplete flag is %llu", "", !!(status & KD_DH_COMPRESSED_INCOMPLETE));
	for (pfn = 0; pfn < npfn && !bad; pfn++) {
		uint64_t off;
		uint32_t size, flags;
		enum mdl_compress kind = MDL_COMP_NONE;

		if (mdl_bit_test(k->bm1, pfn) != (e[pfn] != 0))
			return fail("%sbitmap1 wrong at pfn %llu", "", pfn);
		if (mdl_bit_test(k->bm2, pfn) != (e[pfn] == 2))
			return fail("%sbitmap2 wrong at pfn %llu", "", pfn);
		if (e[pfn] != 2)
			continue;
		if (pread(k->fd, pd, KD_PD_LEN, (off_t)(pd_off + idx++ * KD_PD_LEN)) != KD_PD_LEN)
			return fail("%scannot read descriptor of pfn %llu", "", pfn);
		off = get_le(pd + KD_PD_OFFSET, 8);
		size = (uint32_t)get_le(pd + KD_PD_SIZE, 4);
		flags = (uint32_t)get_le(pd + KD_PD_FLAGS, 4);
		if (size > 2 * k->bs || pread(k->fd, cbuf, size, (off_t)off) != (ssize_t)size)
			return fail("%scannot read data of pfn %llu", "", pfn);
		if (flags & 1)
			kind = MDL_COMP_ZLIB;
		else if (flags & 2)
			kind = MDL_COMP_LZO;
		else if (flags & 0x20)
			kind = MDL_COMP_ZSTD;
		if (kind == MDL_COMP_NONE && size != k->bs)
			return fail("%suncompressed page %llu has the wrong size", "", pfn);
		if (mdl_decompress_page(kind, cbuf, size, got, k->bs))
			return fail("%sdecompression failed at pfn %llu", "", pfn);
		if (mdl_read_page(in, pfn, want))
			return fail("%sinput page %llu unreadable", "", pfn);
		if (memcmp(got, want, k->bs))
			return fail("%spage %llu differs from the input", "", pfn);
		if (!memcmp(got, zero, k->bs)) {
			if (zero_off == UINT64_MAX)
				zero_off = off;
			else if (off != zero_off)
				return fail("%szero page %llu not stored as the shared zero page", "", pfn);
		}
	}
	free(cbuf);
	free(got);
	free(want);
	printf("ok kdump %llu pages\n", (unsigned long long)idx);
	return 0;
}

static int check_elf(const char *path, struct mdl_ctx *in, const unsigned char *e, uint64_t npfn,
		     int incomplete)
{
	struct mdl_ctx out;
	unsigned char *got = malloc(4096), *want = malloc(4096), zero[4096] = { 0 };
	int fd = open(path, O_RDONLY), ret;
	uint64_t pfn, kept = 0;

	mdl_ctx_init(&out);
	out.own_fd = true;
	if (fd < 0 || mdl_open_fd(&out, fd))
		return fail("%s: cannot open ELF output: %llu", path, 0);
	if (out.incomplete != !!incomplete)
		return fail("%sELF incomplete flag is %llu", "", out.incomplete);
	if (out.max_pfn != npfn)
		return fail("%sELF output covers %llu pfns", "", out.max_pfn);
	for (pfn = 0; pfn < npfn; pfn++) {
		bool present = mdl_find_seg(&out, pfn * 4096) != NULL;

		if (present != (e[pfn] != 0))
			return fail("%spresence wrong at pfn %llu", "", pfn);
		if (!present)
			continue;
		ret = mdl_read_page(&out, pfn, got);
		if (e[pfn] == 2) {
			if (ret || mdl_read_page(in, pfn, want) || memcmp(got, want, 4096))
				return fail("%skept page %llu wrong in ELF output", "", pfn);
			kept++;
		} else if (!ret && memcmp(got, zero, 4096)) {
			return fail("%sexcluded page %llu has data in ELF output", "", pfn);
		}
	}
	mdl_ctx_deinit(&out);
	free(got);
	free(want);
	printf("ok elf %llu pages\n", (unsigned long long)kept);
	return 0;
}

int main(int argc, char **argv)
{
	struct mdl_ctx in;
	struct kd k = { 0 };
	unsigned char *e;
	uint64_t npfn;
	int level, r, fd, incomplete = 0, failsafe = 0;

	if (argc == 3 && !strcmp(argv[1], "info"))
		return info(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "bitmap"))
		return bitmap(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "shares"))
		return shares(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "cmp"))
		return cmp(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "pagecmp"))
		return pagecmp(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "elfcmp"))
		return elfcmp(argv[2], argv[3]);
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "elfcheck"))
		return elfcheck(argv[2], argv[3], argv[4], argc == 6);
	if (argc < 6 || strcmp(argv[1], "check")) {
		fprintf(stderr, "usage: kdread info OUT | bitmap OUT | shares OUT | cmp A B | pagecmp A B | elfcmp A B | elfcheck ELF INPUT REF [lenient] | check OUT INPUT MANIFEST LEVEL [incomplete] [failsafe]\n");
		return 2;
	}
	level = atoi(argv[5]);
	for (r = 6; r < argc; r++) {
		if (!strcmp(argv[r], "incomplete"))
			incomplete = 1;
		else if (!strcmp(argv[r], "failsafe"))
			failsafe = 1;	/* struct page pass must have been skipped */
	}
	mdl_ctx_init(&in);
	in.own_fd = true;
	fd = open(argv[3], O_RDONLY);
	if (fd < 0 || mdl_open_fd(&in, fd))
		return fail("%s: cannot open input%llu", argv[3], 0);
	r = kd_open(&k, argv[2]);
	if (r < 0)
		return fail("%s: cannot read output%llu", argv[2], 0);
	e = expect(argv[4], failsafe ? level & 1 : level, r == 0, &npfn);
	if (r == 0)
		r = check_kdump(&k, &in, e, npfn, level, incomplete);
	else
		r = check_elf(argv[2], &in, e, npfn, incomplete);
	mdl_ctx_deinit(&in);
	free(e);
	free(k.bm1);
	free(k.bm2);
	if (k.fd >= 0)
		close(k.fd);
	return r;
}
