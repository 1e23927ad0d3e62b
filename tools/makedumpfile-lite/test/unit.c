// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the pure parts: VMCOREINFO parsing, note walking, the
 * reader seam on in-memory ELF32/ELF64 images, bitmaps, struct page
 * classification and compression round trips.  Table rows carry a
 * description; each asserts exact values.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "endian.h"
#include "mdl.h"
#include "tap.h"

/* ---- VMCOREINFO ---- */
static void test_vmcoreinfo(struct tap *t)
{
	static const char text[] = "OSRELEASE=6.1.0\nPAGESIZE=4096\nSYMBOL(mem_map)=c1a2b3c4\n"
				   "NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129\nnoequals\n=novalue\n"
				   "OFFSET(page.flags)=0\nBAD(num)=12x\nNUMBER(PG_lru)=4";
	struct mdl_vmcoreinfo vi = { 0 };
	uint64_t h = 0;
	int64_t n = 0;
	int ret = mdl_vi_parse(&vi, text, sizeof(text) - 1);

	CHECK(t, "vi_parse_entries", ret == 0 && vi.nent == 7, "ret %d nent %zu", ret, vi.nent);
	CHECK(t, "vi_hex_symbol", !mdl_vi_hex(&vi, "SYMBOL(mem_map)", &h) && h == 0xc1a2b3c4ull,
	      "got %llx", (unsigned long long)h);
	CHECK(t, "vi_num_negative",
	      !mdl_vi_num(&vi, "NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)", &n) && n == -129, "got %lld",
	      (long long)n);
	CHECK(t, "vi_num_last_line_without_newline",
	      !mdl_vi_num(&vi, "NUMBER(PG_lru)", &n) && n == 4, "got %lld", (long long)n);
	CHECK(t, "vi_num_trailing_garbage", mdl_vi_num(&vi, "BAD(num)", &n) == -EINVAL, "accepted");
	CHECK(t, "vi_missing_key", mdl_vi_num(&vi, "SIZE(page)", &n) == -ENOENT, "found");
	CHECK(t, "vi_string", mdl_vi_get(&vi, "OSRELEASE") &&
	      !strcmp(mdl_vi_get(&vi, "OSRELEASE"), "6.1.0"), "wrong");
	mdl_vi_free(&vi);

	ret = mdl_vi_parse(&vi, "A=1\0B=2\nC=3\n", 12);
	CHECK(t, "vi_parse_embedded_nul", ret == 0 && mdl_vi_get(&vi, "A") &&
	      !mdl_vi_get(&vi, "B") && mdl_vi_get(&vi, "C"), "nent %zu", vi.nent);
	mdl_vi_free(&vi);
	ret = mdl_vi_parse(&vi, "", 0);
	CHECK(t, "vi_parse_empty", ret == 0 && vi.nent == 0, "nent %zu", vi.nent);
	mdl_vi_free(&vi);
}

/* ---- notes ---- */
static size_t put_note(unsigned char *p, const char *name, uint32_t type, const char *desc,
		       uint32_t dlen)
{
	uint32_t nl = (uint32_t)strlen(name) + 1;
	size_t off = 12 + ((nl + 3) & ~3u);

	put_le(p, nl, 4);
	put_le(p + 4, dlen, 4);
	put_le(p + 8, type, 4);
	memcpy(p + 12, name, nl);
	memcpy(p + off, desc, dlen);
	return off + ((dlen + 3) & ~3u);
}

static void test_notes(struct tap *t)
{
	unsigned char buf[512] = { 0 };
	struct mdl_ctx ctx;
	size_t len = 0, end = 0;
	int ret;

	len += put_note(buf + len, "CORE", NT_PRSTATUS, "regs", 4);
	len += put_note(buf + len, "CORE", NT_PRSTATUS, "regs", 4);
	len += put_note(buf + len, "VMCOREINFO", 0, "PAGESIZE=4096\n", 14);
	mdl_ctx_init(&ctx);
	ret = mdl_parse_notes(&ctx, buf, 0, len + 16, &end);	/* + zero padding */
	CHECK(t, "parse_notes_finds_vmcoreinfo", ret == 0 && ctx.have_vi &&
	      ctx.vi_desc_len == 14 && !memcmp(buf + ctx.vi_desc_off, "PAGESIZE=", 9),
	      "ret %d have_vi %d", ret, ctx.have_vi);
	CHECK(t, "parse_notes_counts_prstatus", ctx.nr_cpus == 2, "nr_cpus %d", ctx.nr_cpus);
	CHECK(t, "parse_notes_padding_not_kept", end == len, "end %zu len %zu", end, len);

	mdl_ctx_init(&ctx);
	put_le(buf + len, 5, 4);
	put_le(buf + len + 4, 0xffffff00u, 4);
	ret = mdl_parse_notes(&ctx, buf, 0, len + 20, &end);
	CHECK(t, "parse_notes_desc_too_big", ret == -EINVAL && end == len &&
	      strstr(ctx.err, "desc size") && ctx.have_vi, "ret %d err '%s'", ret, ctx.err);

	mdl_ctx_init(&ctx);
	ret = mdl_parse_notes(&ctx, buf, 0, 8, &end);
	CHECK(t, "parse_notes_truncated_header", ret == -EINVAL && end == 0 && !ctx.have_vi,
	      "ret %d", ret);

	mdl_ctx_init(&ctx);
	put_le(buf, 4000, 4);
	ret = mdl_parse_notes(&ctx, buf, 0, 64, &end);
	CHECK(t, "parse_notes_name_too_big", ret == -EINVAL && strstr(ctx.err, "name size"),
	      "ret %d err '%s'", ret, ctx.err);
}

/* ---- in-memory ELF images for the reader ---- */
struct img_load {
	uint64_t paddr, vaddr, filesz, memsz;
};

static unsigned char *build_elf(int cls, uint16_t machine, const struct img_load *ld, int n,
				const char *vi, size_t *len_out)
{
	size_t ehsz = cls == 64 ? 64 : 52, phsz = cls == 64 ? 56 : 32;
	unsigned char notes[512];
	size_t nlen = vi ? put_note(notes, "VMCOREINFO", 0, vi, (uint32_t)strlen(vi)) : 0;
	size_t off = ehsz + phsz * (size_t)(n + 1), data = (off + nlen + 4095) & ~(size_t)4095;
	size_t total = data, i, d;
	unsigned char *b;

	for (i = 0; i < (size_t)n; i++)
		total += ld[i].filesz;
	b = calloc(1, total);
	memcpy(b, "\177ELF", 4);
	b[4] = cls == 64 ? 2 : 1;
	b[5] = 1;
	b[6] = 1;
	put_le(b + 16, ET_CORE, 2);
	put_le(b + 18, machine, 2);
	put_le(b + 20, 1, 4);
	if (cls == 64) {
		put_le(b + 32, ehsz, 8);
		put_le(b + 52, ehsz, 2);
		put_le(b + 54, phsz, 2);
		put_le(b + 56, (uint64_t)n + 1, 2);
	} else {
		put_le(b + 28, ehsz, 4);
		put_le(b + 40, ehsz, 2);
		put_le(b + 42, phsz, 2);
		put_le(b + 44, (uint64_t)n + 1, 2);
	}
	memcpy(b + off, notes, nlen);
	for (i = 0, d = data; i <= (size_t)n; i++) {
		unsigned char *p = b + ehsz + i * phsz;
		uint64_t type = i ? PT_LOAD : PT_NOTE;
		uint64_t o = i ? d : off, pa = i ? ld[i - 1].paddr : 0, va = i ? ld[i - 1].vaddr : 0;
		uint64_t fs = i ? ld[i - 1].filesz : nlen, ms = i ? ld[i - 1].memsz : nlen;

		if (cls == 64) {
			put_le(p, type, 4);
			put_le(p + 8, o, 8);
			put_le(p + 16, va, 8);
			put_le(p + 24, pa, 8);
			put_le(p + 32, fs, 8);
			put_le(p + 40, ms, 8);
		} else {
			put_le(p, type, 4);
			put_le(p + 4, o, 4);
			put_le(p + 8, va, 4);
			put_le(p + 12, pa, 4);
			put_le(p + 16, fs, 4);
			put_le(p + 20, ms, 4);
		}
		if (i) {
			size_t j;

			for (j = 0; j < fs; j++)
				b[d + j] = (unsigned char)((pa + j) * 31 >> 3);
			d += fs;
		}
	}
	*len_out = total;
	return b;
}

static void test_reader(struct tap *t, int cls)
{
	static const struct img_load ld[] = {
		{ 0x3000, 0xc0003000, 0x2000, 0x2000 },
		{ 0x0000, 0xc0000000, 0x2000, 0x3000 },	/* out of order on purpose */
		{ 0x8000, 0, 0x1000, 0x1000 },
	};
	char name[96];
	struct mdl_ctx ctx;
	unsigned char *img, buf[0x2000], want[0x2000];
	size_t len, i;
	uint64_t pa = 0;
	int ret;

	img = build_elf(cls, EM_386, ld, 3, "PAGESIZE=4096\n", &len);
	mdl_ctx_init(&ctx);
	ret = mdl_open_mem(&ctx, img, len);
	snprintf(name, sizeof(name), "open_mem_elf%d", cls);
	CHECK(t, name, ret == 0 && ctx.nseg == 3 && ctx.seg[0].paddr == 0 && ctx.max_pfn == 9,
	      "ret %d err '%s' nseg %zu max_pfn %llu", ret, ctx.err, ctx.nseg,
	      (unsigned long long)ctx.max_pfn);
	for (i = 0; i < 0x1000; i++)
		want[i] = (unsigned char)((0x1800 + i) * 31 >> 3);
	ret = mdl_read_phys(&ctx, 0x1800, buf, 0x800);
	snprintf(name, sizeof(name), "read_phys_inside_segment_elf%d", cls);
	CHECK(t, name, ret == 0 && !memcmp(buf, want, 0x800), "ret %d", ret);
	ret = mdl_read_phys(&ctx, 0x2000, buf, 16);
	snprintf(name, sizeof(name), "read_phys_past_filesz_is_enodata_elf%d", cls);
	CHECK(t, name, ret == -ENODATA, "ret %d", ret);
	ret = mdl_read_phys(&ctx, 0x6000, buf, 16);
	snprintf(name, sizeof(name), "read_phys_hole_is_efault_elf%d", cls);
	CHECK(t, name, ret == -EFAULT && strstr(ctx.err, "0x6000"), "ret %d '%s'", ret, ctx.err);
	ret = mdl_vtop(&ctx, 0xc0004010, &pa);
	snprintf(name, sizeof(name), "vtop_via_p_vaddr_elf%d", cls);
	CHECK(t, name, ret == 0 && pa == 0x4010, "ret %d pa %llx", ret, (unsigned long long)pa);
	ret = mdl_read_page(&ctx, 2, buf);
	snprintf(name, sizeof(name), "read_page_excluded_elf%d", cls);
	CHECK(t, name, ret == -ENODATA, "ret %d", ret);
	mdl_ctx_deinit(&ctx);
	free(img);
}

struct bad_row {
	const char *description;
	int cls;
	uint16_t machine;
	struct img_load ld[2];
	int n;
	const char *err;
};

static void test_reader_errors(struct tap *t)
{
	static const struct bad_row rows[] = {
		{ "open_mem_rejects_x86_64_machine", 32, 62, { { 0, 0, 0x1000, 0x1000 } }, 1,
		  "unsupported machine 62" },
		{ "open_mem_rejects_overlapping_loads", 64, EM_386,
		  { { 0, 0, 0x2000, 0x2000 }, { 0x1000, 0, 0x1000, 0x1000 } }, 2,
		  "overlapping PT_LOAD" },
		{ "open_mem_rejects_filesz_over_memsz", 32, EM_386, { { 0, 0, 0x2000, 0x1000 } }, 1,
		  "p_filesz > p_memsz" },
		{ "open_mem_rejects_no_loads", 32, EM_386, { { 0 } }, 0, "no PT_LOAD" },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct mdl_ctx ctx;
		size_t len;
		unsigned char *img = build_elf(rows[i].cls, rows[i].machine, rows[i].ld, rows[i].n,
					       NULL, &len);
		int ret;

		mdl_ctx_init(&ctx);
		ret = mdl_open_mem(&ctx, img, len);
		CHECK(t, rows[i].description, ret == -EINVAL && strstr(ctx.err, rows[i].err),
		      "ret %d err '%s'", ret, ctx.err);
		mdl_ctx_deinit(&ctx);
		free(img);
	}
	{
		struct mdl_ctx ctx;
		static const char junk[64] = "\177ELF\003";
		int ret;

		mdl_ctx_init(&ctx);
		ret = mdl_open_mem(&ctx, junk, sizeof(junk));
		CHECK(t, "open_mem_rejects_bad_class", ret < 0 && ctx.err[0] && ctx.nseg == 0,
		      "ret %d err '%s'", ret, ctx.err);
		mdl_ctx_deinit(&ctx);
	}
}

/* ---- bitmaps ---- */
static void test_bitmap(struct tap *t)
{
	uint8_t *bm = mdl_bitmap_alloc(100);

	mdl_bit_set(bm, 3);
	mdl_bit_set(bm, 64);
	mdl_bit_set(bm, 99);
	CHECK(t, "bitmap_count", mdl_bitmap_count(bm, 100) == 3, "count");
	CHECK(t, "bitmap_next_set_skips_empty_bytes", mdl_bitmap_next_set(bm, 4, 100) == 64, "next");
	CHECK(t, "bitmap_next_set_none", mdl_bitmap_next_set(bm, 100, 100) == 100, "none");
	CHECK(t, "bitmap_bit_order_lsb_first", bm[0] == 0x08 && bm[8] == 0x01, "bytes %x %x",
	      bm[0], bm[8]);
	memset(bm, 0xff, 13);
	mdl_bit_clear(bm, 70);
	CHECK(t, "bitmap_next_clear", mdl_bitmap_next_clear(bm, 0, 100) == 70, "clear");
	free(bm);
}

/* ---- struct page classification ---- */
struct cls_row {
	const char *description;
	int level;
	uint32_t flags, mapping, private;
	int32_t mapcount;
	uint8_t tail_dtor, tail_order;
	uint64_t pfn;
	enum mdl_class want;
	uint64_t want_nr;
	uint32_t compound_head;
};

static void test_classify(struct tap *t)
{
	static const struct cls_row rows[] = {
		{ "classify_lru_file_page_is_cache", 2, 1u << 4, 0xc1000000, 0, -1, 0, 0, 5,
		  MDL_PG_CACHE, 1, 0 },
		{ "classify_cache_kept_at_level_1", 1, 1u << 4, 0xc1000000, 0, -1, 0, 0, 5,
		  MDL_PG_KEEP, 1, 0 },
		{ "classify_private_cache_needs_level_4", 2, 1u << 4 | 1u << 13, 0xc1000000, 0, -1,
		  0, 0, 5, MDL_PG_KEEP, 1, 0 },
		{ "classify_private_cache_at_level_4", 4, 1u << 4 | 1u << 13, 0xc1000000, 0, -1, 0, 0,
		  5, MDL_PG_CACHE_PRI, 1, 0 },
		{ "classify_anon_lru_is_user_not_cache", 6, 1u << 4, 0xc2000001, 0, 0, 0, 0, 5,
		  MDL_PG_KEEP, 1, 0 },
		{ "classify_anon_is_user", 8, 1u << 4, 0xc2000001, 0, 0, 0, 0, 5, MDL_PG_USER, 1, 0 },
		{ "classify_swapcache_with_swapbacked", 2, 1u << 10 | 1u << 19, 0, 0, -1, 0, 0, 5,
		  MDL_PG_CACHE, 1, 0 },
		{ "classify_owner_priv_without_swapbacked_kept", 2, 1u << 10, 0, 0, -1, 0, 0, 5,
		  MDL_PG_KEEP, 1, 0 },
		{ "classify_buddy_order_3_block", 16, 0, 0, 3, -129, 0, 0, 8, MDL_PG_FREE, 8, 0 },
		{ "classify_buddy_misaligned_order_single", 16, 0, 0, 3, -129, 0, 0, 12, MDL_PG_FREE,
		  1, 0 },
		{ "classify_buddy_order_beyond_max_single", 16, 0, 0, 40, -129, 0, 0, 0, MDL_PG_FREE,
		  1, 0 },
		{ "classify_slab_with_buddy_mapcount_kept", 31, 1u << 9, 0xc3000000, 3, -129, 0, 0, 8,
		  MDL_PG_KEEP, 1, 0 },
		{ "classify_buddy_kept_without_level_16", 15, 0, 0, 0, -129, 0, 0, 8, MDL_PG_KEEP, 1, 0 },
		{ "classify_thp_head_covers_order", 8, 1u << 4 | 1u << 16, 0xc2000001, 0, 0, 3, 4, 16,
		  MDL_PG_USER, 16, 0 },
		{ "classify_hugetlb_head_is_user", 8, 1u << 16, 0, 0, -1, 2, 5, 32, MDL_PG_USER, 32, 0 },
		{ "classify_non_hugetlb_compound_kept", 8, 1u << 16, 0, 0, -1, 1, 5, 32, MDL_PG_KEEP,
		  1, 0 },
		{ "classify_offline_excluded", 2, 0, 0, 0, -257, 0, 0, 3, MDL_PG_OFFLINE, 1, 0 },
		{ "classify_kernel_page_kept", 31, 1u << 12, 0, 0, -1, 0, 0, 3, MDL_PG_KEEP, 1, 0 },
		{ "classify_tail_page_with_odd_mapcount_slot_kept", 31, 0, 0xffffffff, 0, -1, 0, 0, 3,
		  MDL_PG_KEEP, 1, 0xdf7b0081 },
	};
	struct mdl_pageinfo pi = {
		.usable = true, .size_page = 32, .ptr_size = 4, .off_flags = 0, .off_mapping = 12,
		.off_mapcount = 24, .off_private = 20, .off_compound_dtor = 8,
		.off_compound_order = 9, .off_compound_head = 4, .order_is_byte = true, .pg_lru = 4, .pg_private = 13,
		.pg_swapcache = 10, .pg_swapbacked = 19, .pg_slab = 9, .pg_head_mask = 1 << 16,
		.pg_hwpoison = -1, .buddy_mapcount = -129, .offline_mapcount = -257,
		.hugetlb_dtor = 2, .max_order = 11,
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]) + 2; i++) {
		/* two extra rows with PG_hwpoison known (bit 23) */
		static const struct cls_row hw[] = {
			{ "classify_hwpoison_excluded", 2, 1u << 23, 0, 0, -1, 0, 0, 3, MDL_PG_HWPOISON,
			  1, 0 },
			{ "classify_hwpoison_user_page_counts_as_user", 8, 1u << 23, 0xc2000001, 0, 0, 0,
			  0, 3, MDL_PG_USER, 1, 0 },
		};
		bool base = i < sizeof(rows) / sizeof(rows[0]);
		const struct cls_row *r = base ? &rows[i] : &hw[i - sizeof(rows) / sizeof(rows[0])];

		pi.pg_hwpoison = base ? -1 : 23;
		unsigned char pg[64] = { 0 };
		uint64_t nr = 0;
		enum mdl_class c;

		put_le(pg, r->flags, 4);
		put_le(pg + 4, r->compound_head, 4);
		put_le(pg + 12, r->mapping, 4);
		put_le(pg + 20, r->private, 4);
		put_le(pg + 24, (uint32_t)r->mapcount, 4);
		pg[32 + 8] = r->tail_dtor;
		pg[32 + 9] = r->tail_order;
		c = mdl_classify_struct_page(&pi, r->level, pg, pg + 32, r->pfn, &nr);
		CHECK(t, r->description, c == r->want && nr == r->want_nr,
		      "class %s nr %llu, want %s %llu", mdl_class_name(c), (unsigned long long)nr,
		      mdl_class_name(r->want), (unsigned long long)r->want_nr);
	}
}

/* ---- compression ---- */
static void test_compress(struct tap *t)
{
	static const struct {
		const char *name, *raw;
		enum mdl_compress kind;
	} k[] = { { "compress_roundtrip_zlib", "compress_incompressible_stored_raw_zlib", MDL_COMP_ZLIB },
		  { "compress_roundtrip_lzo", "compress_incompressible_stored_raw_lzo", MDL_COMP_LZO },
		  { "compress_roundtrip_zstd", "compress_incompressible_stored_raw_zstd", MDL_COMP_ZSTD } };
	unsigned char page[4096], back[4096], rnd[4096];
	unsigned int s = 12345;
	size_t i, j;

	for (i = 0; i < sizeof(page); i++) {
		page[i] = (unsigned char)(i / 64);
		s = s * 1103515245u + 12345u;
		rnd[i] = (unsigned char)(s >> 16);
	}
	for (j = 0; j < 3; j++) {
		struct mdl_ctx ctx;
		struct mdl_compressor *c = NULL;
		void *out;
		size_t olen = 0, rlen = 1;
		int ret;

		mdl_ctx_init(&ctx);
		ret = mdl_compressor_create(&ctx, k[j].kind, 4096, &c);
		if (!ret)
			ret = mdl_compress_page(c, page, 4096, &out, &olen);
		if (!ret && olen)
			ret = mdl_decompress_page(k[j].kind, out, olen, back, 4096);
		CHECK(t, k[j].name, ret == 0 && olen > 0 && olen < 4096 && !memcmp(back, page, 4096),
		      "ret %d olen %zu", ret, olen);
		ret = mdl_compress_page(c, rnd, 4096, &out, &rlen);
		CHECK(t, k[j].raw, ret == 0 && rlen == 0,
		      "len %zu", rlen);
		mdl_compressor_destroy(c);
	}
}

/*
 * -c pages that look like arrays or are mostly zeros go through deflate.c
 * with our own wrapper (header 0x48: 4 KiB window), the others through
 * libdeflate level 1 (0x78); every stream must be one zlib's uncompress()
 * takes.
 */
static void test_compress_arrays(struct tap *t)
{
	static const struct {
		const char *description;
		int kind;	/* 0 struct page array, 1 increasing u32, 2 bytes, 3 zeros */
		unsigned char want_cmf;
	} rows[] = {
		{ "compress_deflate_struct_page_array", 0, 0x48 },
		{ "compress_deflate_u32_offsets", 1, 0x48 },
		{ "compress_libdeflate_byte_text", 2, 0x78 },
		{ "compress_deflate_zero_page", 3, 0x48 },
	};
	struct mdl_ctx ctx;
	struct mdl_compressor *c = NULL;
	unsigned char page[4096], back[4096];
	size_t r, i;

	mdl_ctx_init(&ctx);
	if (mdl_compressor_create(&ctx, MDL_COMP_ZLIB, 4096, &c)) {
		CHECK(t, "compress_arrays_setup", 0, "%s", ctx.err);
		return;
	}
	for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		void *out;
		size_t olen = 0;
		int ret;

		for (i = 0; i < 4096; i += 4) {
			uint32_t w = 0;

			if (rows[r].kind == 0)	/* flags, lru.next/prev to itself, ..., _mapcount -1 */
				w = (i % 32 == 4 || i % 32 == 8) ? 0xf6c07004u + (uint32_t)(i / 32) * 32 :
				    i % 32 == 24 ? 0xffffffffu : 0;
			else if (rows[r].kind == 1)
				w = 0x349000u + (uint32_t)i * 37 % 251 + (uint32_t)i * 100;	/* no struct stride */
			memcpy(page + i, &w, 4);
			if (rows[r].kind == 2)
				memcpy(page + i, &"kernel: panic, not syncing: sysrq triggered crash\n"[i % 48], 4);
		}
		ret = mdl_compress_page(c, page, 4096, &out, &olen);
		if (!ret && olen)
			ret = mdl_decompress_page(MDL_COMP_ZLIB, out, olen, back, 4096);
#ifdef MDL_LIBDEFLATE
		CHECK(t, rows[r].description,
		      ret == 0 && olen > 0 && !memcmp(back, page, 4096) &&
		      ((unsigned char *)out)[0] == rows[r].want_cmf,
		      "ret %d olen %zu header 0x%02x", ret, olen, olen ? ((unsigned char *)out)[0] : 0);
#else
		CHECK(t, rows[r].description, ret == 0 && olen > 0 && !memcmp(back, page, 4096),
		      "ret %d olen %zu", ret, olen);
#endif
	}
	mdl_compressor_destroy(c);
	mdl_ctx_deinit(&ctx);
}

/* ---- deflate.c ---- */
/* raw inflate of in into out; the length it gave, or -1 if not a clean end */
static long inflate_raw(const void *in, size_t in_len, void *out, size_t out_len)
{
	z_stream zs;
	long n = -1;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, -15) != Z_OK)
		return -1;
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)in_len;
	zs.next_out = out;
	zs.avail_out = (uInt)out_len;
	if (inflate(&zs, Z_FINISH) == Z_STREAM_END && zs.avail_in == 0)
		n = (long)(out_len - zs.avail_out);
	inflateEnd(&zs);
	return n;
}

/* Is len[0..n) a complete prefix code (Kraft sum exactly 1), none above limit? */
static bool complete_code(const uint8_t *len, unsigned int n, unsigned int limit)
{
	uint64_t sum = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (len[i] > limit)
			return false;
		if (len[i])
			sum += 1ull << (32 - len[i]);
	}
	return sum == 1ull << 32;
}

static void test_huffman(struct tap *t)
{
	uint32_t f[286] = { 0 };
	uint8_t l[286];
	unsigned int i, maxl = 0;
	static const uint32_t g[6] = { 10, 20, 30, 40, 50, 60 };
	static const uint8_t want[6] = { 4, 4, 3, 2, 2, 2 };

	mdl_huffman_lengths(g, 6, 15, l);
	CHECK(t, "huffman_optimal_lengths", !memcmp(l, want, 6), "%u %u %u %u %u %u",
	      l[0], l[1], l[2], l[3], l[4], l[5]);
	/* Fibonacci counts: an unlimited code would be 24 bits deep */
	f[0] = f[1] = 1;
	for (i = 2; i < 25; i++)
		f[i] = f[i - 1] + f[i - 2];
	mdl_huffman_lengths(f, 286, 15, l);
	for (i = 0; i < 25; i++)
		maxl = l[i] > maxl ? l[i] : maxl;
	CHECK(t, "huffman_limited_to_15_and_complete", complete_code(l, 286, 15) && maxl > 8,
	      "max %u", maxl);
	mdl_huffman_lengths(f, 19, 7, l);
	CHECK(t, "huffman_limited_to_7_and_complete", complete_code(l, 19, 7), "not");
	mdl_huffman_lengths(f, 19, 5, l);	/* 2^5 >= 19: the tightest limit that fits */
	CHECK(t, "huffman_limited_to_5_of_19_complete", complete_code(l, 19, 5), "not");
	memset(f, 0, sizeof(f));
	mdl_huffman_lengths(f, 30, 15, l);
	CHECK(t, "huffman_no_symbol_two_one_bit_codes", l[0] == 1 && l[1] == 1 &&
	      complete_code(l, 30, 15), "%u %u", l[0], l[1]);
	f[7] = 5;
	mdl_huffman_lengths(f, 30, 15, l);
	CHECK(t, "huffman_one_symbol_two_one_bit_codes", l[7] == 1 && complete_code(l, 30, 15),
	      "%u", l[7]);
}

/*
 * deflate.c round trips through zlib's inflate: kinds of input at
 * lengths from 1 byte to 32 KiB, the strides used and absurd ones (beyond
 * the page; 2^31, whose double wraps to 0); the output never passes
 * cap (a cap one byte short of the stream gives 0 and leaves the bytes
 * after it alone); a page gives the same bytes whatever came before it.
 */
static void fill(unsigned char *p, size_t len, int kind, uint64_t seed)
{
	size_t i;

	for (i = 0; i < len; i++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		switch (kind) {
		case 0:		/* random */
			p[i] = (unsigned char)(seed >> 56);
			break;
		case 1:		/* zeros */
			p[i] = 0;
			break;
		case 2:		/* text */
			p[i] = (unsigned char)"kernel BUG at mm/slub.c:42! invalid opcode\n"[i % 43];
			break;
		case 3:		/* struct page array: stride 32, low bytes differ */
			p[i] = i % 4 ? (unsigned char)(0xc0 + i % 32) : (unsigned char)(i / 32);
			break;
		case 4:		/* 32-bit numbers: upper half shared */
			p[i] = i % 4 >= 2 ? 0x01 : (unsigned char)(seed >> 60);
			break;
		default:	/* runs past 258 bytes, then random bytes of 4 values */
			p[i] = i % 1000 < 600 ? 0xaa : (unsigned char)(seed >> 62);
			break;
		}
	}
}

static void test_deflate(struct tap *t)
{
	static const size_t lens[] = { 1, 2, 3, 4, 5, 17, 100, 4095, 4096, 32768 };
	static const unsigned int strides[] = { 0, 4, 32, 40000, 0x80000000u };
	size_t cap = 2 * 32768 + 64, li, bad = 0, tried = 0, n, m;
	unsigned char *in = malloc(32768), *out = malloc(cap + 16), *back = malloc(32768);
	unsigned char *again = malloc(cap);
	struct mdl_deflate *d = mdl_deflate_new(32768);
	uLongf zlen;
	int kind;
	unsigned int si;

	if (!in || !out || !back || !again || !d) {
		CHECK(t, "deflate_setup", 0, "out of memory");
		goto out;
	}
	CHECK(t, "deflate_refuses_more_than_a_window", !mdl_deflate_new(32769), "made one");
	for (kind = 0; kind < 6; kind++)
		for (li = 0; li < sizeof(lens) / sizeof(lens[0]); li++)
			for (si = 0; si < 5; si++) {
				fill(in, lens[li], kind, li * 7 + si);
				n = mdl_deflate_raw(d, in, lens[li], strides[si], out, cap);
				tried++;
				if (!n || inflate_raw(out, n, back, 32768) != (long)lens[li] ||
				    memcmp(back, in, lens[li])) {
					bad++;
					printf("# kind %d len %zu stride %u: %zu bytes\n", kind, lens[li],
					       strides[si], n);
				}
			}
	CHECK(t, "deflate_round_trips", tried == 300 && !bad, "%zu of %zu bad", bad, tried);

	fill(in, 4096, 3, 1);
	n = mdl_deflate_raw(d, in, 4096, 32, out, cap);
	zlen = cap;
	compress2(again, &zlen, in, 4096, Z_BEST_SPEED);	/* makedumpfile's -c */
	CHECK(t, "deflate_struct_array_no_larger_than_zlib_level_1", n > 0 && n <= zlen - 6,
	      "%zu bytes, zlib %lu", n, (unsigned long)zlen - 6);
	memcpy(again, out, n);
	memset(out, 0x5a, cap + 16);
	m = mdl_deflate_raw(d, in, 4096, 32, out, n - 1);
	for (li = n - 1; li < cap + 16 && out[li] == 0x5a; li++)
		;
	CHECK(t, "deflate_cap_short_by_one_gives_0_writes_nothing_past", m == 0 && li == cap + 16,
	      "returned %zu, byte %zu touched", m, li);
	m = mdl_deflate_raw(d, in, 4096, 32, out, n);
	CHECK(t, "deflate_cap_exact_same_stream", m == n && !memcmp(out, again, n), "%zu", m);
	/* 40 other pages in between: the position counter wraps twice */
	for (li = 0; li < 40; li++) {
		fill(back, 4096, (int)(li % 6), li);
		mdl_deflate_raw(d, back, 4096, 0, out, cap);
	}
	m = mdl_deflate_raw(d, in, 4096, 32, out, cap);
	CHECK(t, "deflate_same_page_same_bytes_whatever_came_before", m == n &&
	      !memcmp(out, again, n), "%zu vs %zu", m, n);
	n = mdl_deflate_raw(d, "abcabcabc", 9, 0, out, cap);
	CHECK(t, "deflate_short_input_fixed_code_block", n > 0 && (out[0] & 7) == 3 &&
	      inflate_raw(out, n, back, 16) == 9 && !memcmp(back, "abcabcabc", 9),
	      "%zu bytes, first 0x%02x", n, n ? out[0] : 0);
	fill(in, 4096, 2, 0);
	n = mdl_deflate_raw(d, in, 4096, 0, out, cap);
	CHECK(t, "deflate_page_dynamic_code_block", n > 0 && (out[0] & 7) == 5, "first 0x%02x",
	      n ? out[0] : 0);
out:
	mdl_deflate_free(d);
	free(in);
	free(out);
	free(back);
	free(again);
}

/*
 * -c stores pages of random-looking bytes raw without trying deflate
 * (mdl_looks_random()).  Pages with a flat byte histogram that deflate
 * does shrink (repeats, or few distinct bytes) must not be taken for
 * random: each is compressed and reads back.
 */
static void test_compress_random(struct tap *t)
{
	static const struct {
		const char *description;
		int kind;	/* 0 random, 1 bytes 0-255 over and over, 2 1 KiB random x4,
				 * 3 random 6-bit values, 4 1 KiB random then zeros
				 */
		bool random;
	} rows[] = {
		{ "compress_random_page_stored_raw_untried", 0, true },
		{ "compress_flat_histogram_repeats_compressed", 1, false },
		{ "compress_random_kib_repeated_compressed", 2, false },
		{ "compress_random_64_values_compressed", 3, false },
		{ "compress_random_then_zeros_compressed", 4, false },
	};
	struct mdl_ctx ctx;
	struct mdl_compressor *c = NULL;
	unsigned char page[4096], back[4096];
	size_t r, i;

	mdl_ctx_init(&ctx);
	if (mdl_compressor_create(&ctx, MDL_COMP_ZLIB, 4096, &c)) {
		CHECK(t, "compress_random_setup", 0, "%s", ctx.err);
		return;
	}
	for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		uint64_t s = 0x9e3779b97f4a7c15ull * (r + 1);
		void *out;
		size_t olen = 0;
		bool guess;
		int ret;

		for (i = 0; i < 4096; i++) {
			s = s * 6364136223846793005ull + 1442695040888963407ull;
			page[i] = (unsigned char)(s >> 56);
			if (rows[r].kind == 1)
				page[i] = (unsigned char)i;
			else if (rows[r].kind == 2 && i >= 1024)
				page[i] = page[i % 1024];
			else if (rows[r].kind == 3)
				page[i] >>= 2;
			else if (rows[r].kind == 4 && i >= 1024)
				page[i] = 0;
		}
		guess = mdl_looks_random(page, 4096);
		ret = mdl_compress_page(c, page, 4096, &out, &olen);
		if (!ret && olen)
			ret = mdl_decompress_page(MDL_COMP_ZLIB, out, olen, back, 4096);
		if (rows[r].random)
			CHECK(t, rows[r].description, guess && ret == 0 && olen == 0,
			      "guess %d ret %d olen %zu", guess, ret, olen);
		else
			CHECK(t, rows[r].description,
			      !guess && ret == 0 && olen > 0 && !memcmp(back, page, 4096),
			      "guess %d ret %d olen %zu", guess, ret, olen);
	}
	mdl_compressor_destroy(c);
	mdl_ctx_deinit(&ctx);
}

/* ---- ELF output planning ---- */
struct plan_row {
	const char *description;
	const char *pages;	/* one input PT_LOAD from pfn 0: K kept, x excluded */
	uint64_t tail;		/* bytes of a partial last page, 0 if whole */
	const char *want;	/* "paddr:filesz:memsz ...", hex bytes */
};

static void test_elf_plan(struct tap *t)
{
	static const struct plan_row rows[] = {
		{ "elf_plan_all_kept_one_segment", "KKKK", 0, "0:4000:4000" },
		{ "elf_plan_short_hole_zero_filled", "KKxKK", 0, "0:5000:5000" },
		{ "elf_plan_long_hole_cuts", "KKxxxKK", 0, "0:2000:5000 5000:2000:2000" },
		{ "elf_plan_excluded_tail_is_memsz_over_filesz", "KKxxx", 0, "0:2000:5000" },
		{ "elf_plan_short_excluded_tail_too", "KKKx", 0, "0:3000:4000" },
		{ "elf_plan_long_head_is_filesz_0_segment", "xxxKK", 0, "0:0:3000 3000:2000:2000" },
		{ "elf_plan_short_head_zero_filled", "xKK", 0, "0:3000:3000" },
		{ "elf_plan_nothing_kept_one_empty_segment", "xxxx", 0, "0:0:4000" },
		{ "elf_plan_unaligned_end_partial_page_excluded", "KKx", 0xc00,
		  "0:2000:2c00" },
	};
	size_t r;

	for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		const struct plan_row *row = &rows[r];
		uint64_t np = strlen(row->pages), i;
		struct mdl_seg seg = { 0, 0xc0000000, 0, 0, 0 };
		struct mdl_out_seg *o = NULL;
		struct mdl_ctx ctx;
		char got[256] = "";
		size_t n = 0, k;
		int ret;

		mdl_ctx_init(&ctx);
		seg.memsz = seg.filesz = (np - (row->tail ? 1 : 0)) * 4096 + row->tail;
		ctx.seg = &seg;
		ctx.nseg = 1;
		ctx.max_pfn = np;
		ctx.dumpable = mdl_bitmap_alloc(np);
		for (i = 0; i < np; i++)
			if (row->pages[i] == 'K')
				mdl_bit_set(ctx.dumpable, i);
		ret = mdl_elf_plan(&ctx, 3, &o, &n);
		for (k = 0; !ret && k < n; k++)
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%llx:%llx:%llx",
				 k ? " " : "", (unsigned long long)o[k].paddr,
				 (unsigned long long)o[k].filesz, (unsigned long long)o[k].memsz);
		CHECK(t, row->description, ret == 0 && !strcmp(got, row->want), "got '%s' want '%s'",
		      got, row->want);
		free(o);
		free(ctx.dumpable);
		ctx.dumpable = NULL;
		ctx.seg = NULL;
		mdl_ctx_deinit(&ctx);
	}
}

/* ---- context errors ---- */
static void test_ctx(struct tap *t)
{
	struct mdl_ctx ctx;
	int ret;

	mdl_ctx_init(&ctx);
	ret = mdl_err(&ctx, EIO, "read at offset 0x%x", 0x1000);
	ret = mdl_err_prefix(&ctx, ret, "reading page 0x%x", 7);
	CHECK(t, "err_prefix_builds_backtrace",
	      ret == -EIO && !strcmp(ctx.err, "reading page 0x7: read at offset 0x1000"),
	      "ret %d err '%s'", ret, ctx.err);
	mdl_warn(&ctx, "warning: %s", "one");
	mdl_warn(&ctx, "warning: %s", "two");
	CHECK(t, "warn_appends_lines", !strcmp(ctx.warn, "warning: one\nwarning: two\n"), "'%s'",
	      ctx.warn);
	mdl_ctx_deinit(&ctx);
}

/* ---- memory model: SPARSEMEM section lookup ---- */
static void test_memmodel(struct tap *t)
{
	static const struct img_load ld[] = { { 0, 0xc0000000, 0x4000, 0x4000 } };
	static const char vi[] = "SIZE(page)=32\nSYMBOL(mem_section)=c0001000\n"
				 "LENGTH(mem_section)=4\nSIZE(mem_section)=8\n"
				 "OFFSET(mem_section.section_mem_map)=0\n"
				 "NUMBER(SECTION_SIZE_BITS)=14\nNUMBER(MAX_PHYSMEM_BITS)=16\n";
	struct mdl_ctx ctx;
	size_t len;
	unsigned char *img = build_elf(32, EM_386, ld, 1, vi, &len);
	size_t data = len - 0x4000;	/* the PT_LOAD's bytes are last */
	uint64_t va = 0, run = 0;
	int ret;

	/* 4 pages per section: section 0 at c0002000, 1 none, 2 at c0003000 */
	put_le(img + data + 0x1000, 0xc0002000u | 0xf, 4);
	put_le(img + data + 0x1008, 0x1, 4);
	put_le(img + data + 0x1010, (0xc0003000u - 8 * 32) | 0x3, 4);
	put_le(img + data + 0x1018, 0, 4);
	mdl_ctx_init(&ctx);
	ret = mdl_open_mem(&ctx, img, len);
	ctx.pi.ptr_size = 4;
	ctx.pi.size_page = 32;
	ctx.dump_level = 31;
	if (!ret)
		ret = mdl_memmodel_init(&ctx);
	CHECK(t, "memmodel_sparse_static_detected", ret == 0 && ctx.pi.sparse &&
	      ctx.pi.per_root == 1 && ctx.pi.nr_sections == 4 && ctx.pi.sec_pfn_shift == 2,
	      "ret %d err '%s' warn '%s'", ret, ctx.err, ctx.warn);
	ret = mdl_page_run(&ctx, 1, 16, &va, &run);
	CHECK(t, "page_run_section_0", ret == 0 && va == 0xc0002020 && run == 3,
	      "ret %d va %llx run %llu", ret, (unsigned long long)va, (unsigned long long)run);
	ret = mdl_page_run(&ctx, 5, 16, &va, &run);
	CHECK(t, "page_run_section_without_mem_map", ret == -ENOENT && run == 3,
	      "ret %d run %llu", ret, (unsigned long long)run);
	ret = mdl_page_run(&ctx, 9, 10, &va, &run);
	CHECK(t, "page_run_decodes_section_mem_map", ret == 0 && va == 0xc0003020 && run == 1,
	      "ret %d va %llx run %llu", ret, (unsigned long long)va, (unsigned long long)run);
	ret = mdl_page_run(&ctx, 13, 16, &va, &run);
	CHECK(t, "page_run_empty_section_entry", ret == -ENOENT && run == 3, "ret %d", ret);
	mdl_ctx_deinit(&ctx);
	free(img);
}

/* ---- option parsing (makedumpfile's command line) ---- */
static void test_options(struct tap *t)
{
	static const struct {
		const char *description;
		const char *argv[12];
		int ret;
		enum mdl_mode mode;
		int level, nfiles;
		bool flatten, split, force;
		unsigned int threads;
		const char *msg;
	} rows[] = {
		{ .description = "options_kdump_tools_default", .argv = { "-c", "-d", "31", "v", "o" },
		  .mode = MDL_MODE_DUMP, .level = 31, .nfiles = 2 },
		{ .description = "options_flatten_one_operand",
		  .argv = { "-F", "-l", "--message-level", "7", "-d", "31", "v" },
		  .mode = MDL_MODE_DUMP, .level = 31, .nfiles = 1, .flatten = true },
		{ .description = "options_flatten_two_operands", .argv = { "-F", "-c", "v", "o" },
		  .ret = 2, .msg = "only operand" },
		{ .description = "options_split_three_files",
		  .argv = { "--split", "-c", "v", "a", "b", "c" },
		  .mode = MDL_MODE_DUMP, .nfiles = 4, .split = true },
		{ .description = "options_split_needs_two_outputs", .argv = { "--split", "v", "a" },
		  .ret = 2, .msg = "at least two" },
		{ .description = "options_rearrange", .argv = { "-R", "o" },
		  .mode = MDL_MODE_REARRANGE, .nfiles = 1 },
		{ .description = "options_reassemble", .argv = { "--reassemble", "a", "b", "o" },
		  .mode = MDL_MODE_REASSEMBLE, .nfiles = 3 },
		{ .description = "options_force_and_threads",
		  .argv = { "-f", "--num-threads", "4", "v", "o" },
		  .mode = MDL_MODE_DUMP, .nfiles = 2, .force = true, .threads = 4 },
		{ .description = "options_accepted_noops",
		  .argv = { "--cyclic-buffer", "1024", "--splitblock-size", "2048", "--work-dir", "/x",
			    "-x", "vmlinux", "-D", "v", "o" },
		  .mode = MDL_MODE_DUMP, .nfiles = 2 },
		{ .description = "options_refused_by_name", .argv = { "-X", "v", "o" },
		  .ret = 2, .msg = "option -X is not supported" },
		{ .description = "options_refused_long", .argv = { "--dry-run", "v", "o" },
		  .ret = 2, .msg = "option --dry-run is not supported" },
		{ .description = "options_unknown", .argv = { "--bogus", "v", "o" },
		  .ret = 2, .msg = "unknown option" },
		{ .description = "options_level_range", .argv = { "-d", "32", "v", "o" },
		  .ret = 2, .msg = "dump level must be 0..31" },
		{ .description = "options_elf_and_flatten", .argv = { "-E", "-F", "v" },
		  .ret = 2, .msg = "not supported" },
		{ .description = "options_verify", .argv = { "--verify", "d" },
		  .mode = MDL_MODE_VERIFY, .nfiles = 1 },
		{ .description = "options_version", .argv = { "-v" }, .mode = MDL_MODE_VERSION },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *argv[14] = { "makedumpfile-lite" };
		struct mdl_opts o;
		int argc = 1, ret;

		while (rows[i].argv[argc - 1])
			argv[argc] = (char *)rows[i].argv[argc - 1], argc++;
		ret = mdl_parse_options(argc, argv, &o);
		if (rows[i].ret)
			CHECK(t, rows[i].description, ret == rows[i].ret && strstr(o.msg, rows[i].msg),
			      "ret %d msg '%s'", ret, o.msg);
		else
			CHECK(t, rows[i].description,
			      ret == 0 && o.mode == rows[i].mode && o.level == rows[i].level &&
			      o.nfiles == rows[i].nfiles && o.flatten == rows[i].flatten &&
			      o.split == rows[i].split && o.force == rows[i].force &&
			      o.threads == rows[i].threads,
			      "ret %d '%s' mode %d level %d nfiles %d", ret, o.msg, o.mode, o.level,
			      o.nfiles);
	}
}

/* ---- flattened stream: sink writes it, -R reads it back ---- */
static void test_flat(struct tap *t)
{
	unsigned char data[10000], back[10000], hdr[16 + 16];
	int fds[2] = { memfd_create("flat", 0), memfd_create("file", 0) };
	struct mdl_sink sink;
	struct mdl_ctx ctx;
	size_t i;
	int ret;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7);
	mdl_ctx_init(&ctx);
	ret = mdl_sink_init(&sink, &ctx, fds[0], true);
	if (!ret)
		ret = mdl_sink_write(&sink, data, 100, 20000);	/* a header written first */
	mdl_sink_seek(&sink, 200);
	if (!ret)
		ret = mdl_sink_append(&sink, data, sizeof(data));
	if (!ret)
		ret = mdl_sink_finish(&sink);
	mdl_sink_deinit(&sink);
	CHECK(t, "flat_records_big_endian", ret == 0 &&
	      pread(fds[0], hdr, sizeof(hdr), 4096) == (ssize_t)sizeof(hdr) &&
	      get_be64(hdr) == 20000 && get_be64(hdr + 8) == 100 && !memcmp(hdr + 16, data, 16),
	      "ret %d first record %llx/%llx", ret, (unsigned long long)get_be64(hdr),
	      (unsigned long long)get_be64(hdr + 8));
	lseek(fds[0], 0, SEEK_SET);
	ret = mdl_flat_rearrange(&ctx, fds[0], fds[1]);
	CHECK(t, "flat_rearrange_roundtrip", ret == 0 &&
	      pread(fds[1], back, sizeof(back), 200) == (ssize_t)sizeof(back) &&
	      !memcmp(back, data, sizeof(data)) &&
	      pread(fds[1], back, 100, 20000) == 100 && !memcmp(back, data, 100),
	      "ret %d '%s'", ret, ctx.err);
	/* cut the stream inside the second record: an error naming the spot */
	if (ftruncate(fds[0], 4096 + 16 + 100 + 16 + 50) == 0 && lseek(fds[0], 0, SEEK_SET) == 0)
		ret = mdl_flat_rearrange(&ctx, fds[0], fds[1]);
	CHECK(t, "flat_truncated_record", ret == -EIO && strstr(ctx.err, "record 1") &&
	      strstr(ctx.err, "has 50 of 10000 bytes"), "ret %d '%s'", ret, ctx.err);
	close(fds[0]);
	close(fds[1]);
	mdl_ctx_deinit(&ctx);
}

/* ---- the checksum ---- */
static void test_hash(struct tap *t)
{
	unsigned char a[100] = { 0 }, b[100] = { 0 };

	b[99] = 1;
	CHECK(t, "hash_differs_on_last_byte", mdl_hash64(a, 100, 0) != mdl_hash64(b, 100, 0), "same");
	CHECK(t, "hash_depends_on_length", mdl_hash64(a, 99, 0) != mdl_hash64(a, 100, 0), "same");
	CHECK(t, "hash_depends_on_seed", mdl_hash64(a, 100, 0) != mdl_hash64(a, 100, 1), "same");
	CHECK(t, "hash_stable", mdl_hash64("makedumpfile", 12, 0) == mdl_hash64("makedumpfile", 12, 0),
	      "differs");
}

int main(void)
{
	struct tap t = { 0 };

	test_ctx(&t);
	test_vmcoreinfo(&t);
	test_notes(&t);
	test_reader(&t, 32);
	test_reader(&t, 64);
	test_reader_errors(&t);
	test_memmodel(&t);
	test_bitmap(&t);
	test_elf_plan(&t);
	test_classify(&t);
	test_compress(&t);
	test_compress_arrays(&t);
	test_compress_random(&t);
	test_huffman(&t);
	test_deflate(&t);
	test_options(&t);
	test_flat(&t);
	test_hash(&t);
	printf("%d passed, %d failed\n", t.passed, t.failed);
	return t.failed ? 1 : 0;
}
