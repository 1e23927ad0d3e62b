// SPDX-License-Identifier: GPL-2.0
/*
 * Page classification from the old kernel's struct page array, with
 * makedumpfile's -d bits: 1 zero, 2 non-private cache, 4 private cache,
 * 8 user data, 16 free (buddy).  hwpoison and logically offline pages are
 * excluded whenever VMCOREINFO names their markers, as makedumpfile does.
 *
 * Everything comes from VMCOREINFO (names exported by kernel/crash_core.c
 * in 6.1): the memory model (memmodel.c), SIZE(page), OFFSET(page.*), NUMBER(PG_*),
 * NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE).  If something the struct page pass
 * needs is missing or does not add up, the pass is skipped and only zero
 * pages are excluded: a page is dropped only when it is proven excludable.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl.h"

#define CHUNK_PAGES 1024u

static const char *const class_names[MDL_PG_NCLASS] = {
	[MDL_PG_KEEP] = "kept",
	[MDL_PG_ZERO] = "zero",
	[MDL_PG_CACHE] = "cache",
	[MDL_PG_CACHE_PRI] = "cache private",
	[MDL_PG_USER] = "user",
	[MDL_PG_FREE] = "free",
	[MDL_PG_HWPOISON] = "hwpoison",
	[MDL_PG_OFFLINE] = "offline",
	[MDL_PG_ABSENT] = "absent in input",
};

const char *mdl_class_name(enum mdl_class c)
{
	return c < MDL_PG_NCLASS ? class_names[c] : "?";
}

static uint64_t get_uint(const unsigned char *p, unsigned int size)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < size; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

int mdl_read_ptr(struct mdl_ctx *ctx, uint64_t vaddr, uint64_t *out)
{
	unsigned char b[8];
	int ret = mdl_read_virt(ctx, vaddr, b, ctx->pi.ptr_size);

	if (!ret)
		*out = get_uint(b, ctx->pi.ptr_size);
	return ret;
}

/* Record why the pass is skipped; always returns -ENOENT. */
int mdl_pageinfo_unusable(struct mdl_ctx *ctx, const char *fmt, const char *what)
{
	char why[256];

	snprintf(why, sizeof(why), fmt, what);
	if (ctx->dump_level & ~MDL_DL_ZERO)
		mdl_warn(ctx, "warning: %s: excluding only zero pages", why);
	ctx->pi.usable = false;
	return -ENOENT;
}

static int need_off(struct mdl_ctx *ctx, const char *key, int32_t *out, unsigned int width)
{
	int64_t v;

	if (mdl_vi_num(&ctx->vi, key, &v))
		return mdl_pageinfo_unusable(ctx, "VMCOREINFO has no usable %s", key);
	if (v < 0 || v + width > ctx->pi.size_page)
		return mdl_pageinfo_unusable(ctx, "VMCOREINFO %s lies outside struct page", key);
	*out = (int32_t)v;
	return 0;
}

static int need_bit(struct mdl_ctx *ctx, const char *key, int64_t *out, bool optional)
{
	int64_t v;

	*out = -1;
	if (mdl_vi_num(&ctx->vi, key, &v))
		return optional ? 0 : mdl_pageinfo_unusable(ctx, "VMCOREINFO has no usable %s", key);
	if (v < 0 || v >= 8 * (int64_t)ctx->pi.ptr_size)
		return mdl_pageinfo_unusable(ctx, "VMCOREINFO %s is not a bit number", key);
	*out = v;
	return 0;
}

static void opt_num(struct mdl_ctx *ctx, const char *key, int64_t *out)
{
	if (mdl_vi_num(&ctx->vi, key, out))
		*out = INT64_MIN;
}

static int resolve_offsets(struct mdl_ctx *ctx)
{
	struct mdl_pageinfo *pi = &ctx->pi;
	int64_t v;

	if (mdl_vi_num(&ctx->vi, "SIZE(page)", &v) || v < 16 || v > 512)
		return mdl_pageinfo_unusable(ctx, "VMCOREINFO has no usable %s", "SIZE(page)");
	pi->size_page = (uint32_t)v;
	if (need_off(ctx, "OFFSET(page.flags)", &pi->off_flags, pi->ptr_size) ||
	    need_off(ctx, "OFFSET(page.mapping)", &pi->off_mapping, pi->ptr_size) ||
	    need_off(ctx, "OFFSET(page._mapcount)", &pi->off_mapcount, 4) ||
	    need_off(ctx, "OFFSET(page.private)", &pi->off_private, pi->ptr_size))
		return -ENOENT;
	if (need_bit(ctx, "NUMBER(PG_lru)", &pi->pg_lru, false) ||
	    need_bit(ctx, "NUMBER(PG_private)", &pi->pg_private, false) ||
	    need_bit(ctx, "NUMBER(PG_slab)", &pi->pg_slab, false) ||
	    need_bit(ctx, "NUMBER(PG_swapcache)", &pi->pg_swapcache, true) ||
	    need_bit(ctx, "NUMBER(PG_swapbacked)", &pi->pg_swapbacked, true) ||
	    need_bit(ctx, "NUMBER(PG_hwpoison)", &pi->pg_hwpoison, true))
		return -ENOENT;
	if (mdl_vi_num(&ctx->vi, "NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)", &pi->buddy_mapcount))
		return mdl_pageinfo_unusable(ctx, "VMCOREINFO has no usable %s",
				"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)");
	opt_num(ctx, "NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)", &pi->offline_mapcount);
	opt_num(ctx, "NUMBER(HUGETLB_PAGE_DTOR)", &pi->hugetlb_dtor);
	if (mdl_vi_num(&ctx->vi, "NUMBER(PG_head_mask)", &pi->pg_head_mask))
		pi->pg_head_mask = 0;	/* no compound pages: every page on its own */
	/*
	 * Tail pages carry compound_head | 1; their other words belong to
	 * the compound (the first tail's "mapping" slot is compound_mapcount,
	 * -1 when unmapped, which would look anonymous).  They are decided
	 * only through their head, so the offset is required.
	 */
	pi->off_compound_head = -1;
	if (need_off(ctx, "OFFSET(page.compound_head)", &pi->off_compound_head, pi->ptr_size))
		return -ENOENT;
	if (mdl_vi_num(&ctx->vi, "LENGTH(zone.free_area)", &pi->max_order) ||
	    pi->max_order <= 0 || pi->max_order > 32)
		pi->max_order = 0;	/* unknown: free blocks count one page */
	/*
	 * compound_dtor/compound_order are u8 neighbours in the first tail
	 * page since 5.x; older layouts have other widths.  Only trust the
	 * order when the offsets say it is that byte pair.
	 */
	pi->off_compound_dtor = pi->off_compound_order = -1;
	if (!mdl_vi_num(&ctx->vi, "OFFSET(page.compound_order)", &v) && v >= 0 &&
	    v < pi->size_page) {
		int64_t d;

		pi->off_compound_order = (int32_t)v;
		if (!mdl_vi_num(&ctx->vi, "OFFSET(page.compound_dtor)", &d) && d + 1 == v) {
			pi->off_compound_dtor = (int32_t)d;
			pi->order_is_byte = true;
		}
	}
	return 0;
}

int mdl_pageinfo_init(struct mdl_ctx *ctx)
{
	struct mdl_pageinfo *pi = &ctx->pi;
	int64_t v;

	memset(pi, 0, sizeof(*pi));
	if (!ctx->have_vi)
		return -ENOENT;	/* already warned by the reader */
	pi->ptr_size = 4;	/* EM_386 */
	if (!mdl_vi_num(&ctx->vi, "SIZE(list_head)", &v) && (v == 8 || v == 16))
		pi->ptr_size = (uint32_t)(v / 2);
	if (resolve_offsets(ctx) || mdl_memmodel_init(ctx))
		return -ENOENT;
	pi->usable = true;
	return 0;
}

static bool flag(uint64_t flags, int64_t bit)
{
	return bit >= 0 && (flags >> bit) & 1;
}

/*
 * Classify one struct page.  next_page is the following struct page (the
 * first tail page of a compound head) or NULL.  *nr_pages is how many
 * pages from pfn on share the verdict (buddy block, compound page).
 */
enum mdl_class mdl_classify_struct_page(const struct mdl_pageinfo *pi, int dump_level,
					const unsigned char *page,
					const unsigned char *next_page,
					uint64_t pfn, uint64_t *nr_pages)
{
	uint64_t flags = get_uint(page + pi->off_flags, pi->ptr_size);
	uint64_t mapping = get_uint(page + pi->off_mapping, pi->ptr_size);
	uint64_t private = get_uint(page + pi->off_private, pi->ptr_size);
	int32_t mapcount = (int32_t)get_uint(page + pi->off_mapcount, 4);
	unsigned int order = 0;
	bool hugetlb = false, is_cache, anon;

	*nr_pages = 1;
	if (get_uint(page + pi->off_compound_head, pi->ptr_size) & 1)
		return MDL_PG_KEEP;	/* tail page: only its head can exclude it */
	if (pi->pg_head_mask > 0 && (flags & (uint64_t)pi->pg_head_mask) && next_page &&
	    pi->order_is_byte) {
		order = next_page[pi->off_compound_order];
		hugetlb = pi->hugetlb_dtor != INT64_MIN &&
			  next_page[pi->off_compound_dtor] == pi->hugetlb_dtor;
		if (order >= 32 || (pfn & ((1ull << order) - 1)))
			order = 0;	/* not a sane compound head: page alone */
	}

	if ((dump_level & MDL_DL_FREE) && !flag(flags, pi->pg_slab) &&
	    mapcount == pi->buddy_mapcount) {
		if (pi->max_order && private < (uint64_t)pi->max_order &&
		    !(pfn & ((1ull << private) - 1)))
			*nr_pages = 1ull << private;
		return MDL_PG_FREE;
	}
	is_cache = flag(flags, pi->pg_lru) ||
		   (flag(flags, pi->pg_swapcache) &&
		    (pi->pg_swapbacked < 0 || flag(flags, pi->pg_swapbacked)));
	anon = mapping & 1;	/* PAGE_MAPPING_ANON */
	if (is_cache && !anon && (dump_level & (MDL_DL_CACHE | MDL_DL_CACHE_PRI))) {
		bool priv = flag(flags, pi->pg_private);

		if (!priv && (dump_level & MDL_DL_CACHE)) {
			*nr_pages = 1ull << order;
			return MDL_PG_CACHE;
		}
		if (dump_level & MDL_DL_CACHE_PRI) {
			*nr_pages = 1ull << order;
			return priv ? MDL_PG_CACHE_PRI : MDL_PG_CACHE;
		}
	}
	if ((dump_level & MDL_DL_USER) && (anon || hugetlb)) {
		*nr_pages = 1ull << order;
		return MDL_PG_USER;
	}
	if (flag(flags, pi->pg_hwpoison))
		return MDL_PG_HWPOISON;
	if (pi->offline_mapcount != INT64_MIN && mapcount == pi->offline_mapcount)
		return MDL_PG_OFFLINE;
	return MDL_PG_KEEP;
}

/* Clear [pfn, pfn+n) in the dumpable map, counting what really changed. */
static void exclude(struct mdl_ctx *ctx, uint64_t pfn, uint64_t n, enum mdl_class c)
{
	uint64_t end = pfn + n;

	if (end > ctx->max_pfn)
		end = ctx->max_pfn;
	for (; pfn < end; pfn++) {
		if (mdl_bit_test(ctx->dumpable, pfn)) {
			mdl_bit_clear(ctx->dumpable, pfn);
			ctx->counts.pages[c]++;
		}
	}
}

static void progress(struct mdl_ctx *ctx, const char *what, uint64_t done, uint64_t total)
{
	if (ctx->progress && (done % 4096 == 0 || done == total))
		ctx->progress(ctx->progress_arg, what, done, total);
}

/* Classify n struct pages (buf, plus one more when have_next) from pfn on. */
static void classify_chunk(struct mdl_ctx *ctx, const unsigned char *buf, uint64_t pfn, uint64_t n,
			   bool have_next, uint64_t *skip_to)
{
	const struct mdl_pageinfo *pi = &ctx->pi;
	uint64_t i;

	for (i = 0; i < n; i++) {
		uint64_t p = pfn + i, nr;
		enum mdl_class c;

		if (p < *skip_to || !mdl_bit_test(ctx->dumpable, p))
			continue;
		c = mdl_classify_struct_page(pi, ctx->dump_level, buf + i * pi->size_page,
					     i + 1 < n || have_next ?
					     buf + (i + 1) * pi->size_page : NULL, p, &nr);
		if (c == MDL_PG_KEEP)
			continue;
		exclude(ctx, p, nr, c);
		*skip_to = p + nr;
	}
}

/*
 * Walk the struct pages of [start_pfn, start_pfn + nr_pages) in chunks;
 * mdl_page_run() says where each contiguous run of them is (one run for
 * FLATMEM, one per section for SPARSEMEM).  Unreadable struct pages
 * leave their pages in the dump.
 */
static int struct_page_pass(struct mdl_ctx *ctx)
{
	const struct mdl_pageinfo *pi = &ctx->pi;
	uint64_t first = pi->start_pfn, end = pi->start_pfn + pi->nr_pages, pfn, skip_to;
	unsigned char *buf;
	bool warned = false;

	if (end > ctx->max_pfn)
		end = ctx->max_pfn;
	buf = malloc((size_t)(CHUNK_PAGES + 1) * pi->size_page);
	if (!buf)
		return mdl_err(ctx, ENOMEM, "out of memory for struct page buffer");
	skip_to = first;
	for (pfn = first; pfn < end;) {
		uint64_t va, run, n, want;

		progress(ctx, "struct pages", pfn - first, end - first);
		if (mdl_page_run(ctx, pfn, end, &va, &run)) {
			pfn += run;	/* no struct pages here: keep */
			continue;
		}
		n = run < CHUNK_PAGES ? run : CHUNK_PAGES;
		/* one extra struct page so a head page at the end sees its tail */
		want = n < run ? n + 1 : n;
		if (mdl_read_virt(ctx, va, buf, (size_t)(want * pi->size_page))) {
			if (!warned)
				mdl_warn(ctx, "warning: struct pages of pfn 0x%llx.. unreadable (%s): keeping those pages",
					 (unsigned long long)pfn, ctx->err);
			ctx->err[0] = '\0';
			warned = true;
		} else {
			classify_chunk(ctx, buf, pfn, n, want > n, &skip_to);
		}
		pfn += n;
	}
	free(buf);
	progress(ctx, "struct pages", end - first, end - first);
	return 0;
}

/*
 * The one zero-page test (-d bit 1, the kdump writer's shared zero page,
 * --reassemble). Most pages of a big dump are zero, and it reads every
 * byte of them: OR 64 bytes at a time, leave at the first non-zero block.
 * The SSE2 clone is picked at load time where the CPU has it (i386 builds
 * cannot assume it).
 */
typedef uint32_t u32_unaligned __attribute__((aligned(1), may_alias));

#if defined(__i386__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("sse2", "default")))
#endif
bool mdl_page_is_zero(const unsigned char *p, size_t n)
{
	const u32_unaligned *q = (const u32_unaligned *)p;	/* pages in a map need not be aligned */
	size_t i, j;

	for (i = 0; i + 16 <= n / 4; i += 16) {
		uint32_t acc = 0;

		for (j = 0; j < 16; j++)
			acc |= q[i + j];
		if (acc)
			return false;
	}
	for (i *= 4; i < n; i++)	/* a page size that is not a multiple of 64 */
		if (p[i])
			return false;
	return true;
}

/*
 * Clear all-zero pages from the dumpable map (-d bit 1).  The ELF writer
 * and --mem-usage need this; the kdump writer tests pages as it writes.
 */
int mdl_filter_zero(struct mdl_ctx *ctx)
{
	unsigned char *page = aligned_alloc(64, ctx->page_size);
	uint64_t pfn;

	if (!page)
		return mdl_err(ctx, ENOMEM, "out of memory");
	for (pfn = mdl_bitmap_next_set(ctx->dumpable, 0, ctx->max_pfn); pfn < ctx->max_pfn;
	     pfn = mdl_bitmap_next_set(ctx->dumpable, pfn + 1, ctx->max_pfn)) {
		int ret = mdl_read_page(ctx, pfn, page);

		progress(ctx, "zero pages", pfn, ctx->max_pfn);
		if (ret) {
			free(page);
			return mdl_err_prefix(ctx, ret, "zero-page scan");
		}
		if (mdl_page_is_zero(page, ctx->page_size)) {
			mdl_bit_clear(ctx->dumpable, pfn);
			ctx->counts.pages[MDL_PG_ZERO]++;
			ctx->nr_dumpable--;
			ctx->counts.pages[MDL_PG_KEEP]--;
		}
	}
	free(page);
	return 0;
}

/*
 * present: the whole page is memory in the input; dumpable: its bytes are
 * in the input file.  A page only partly covered by a PT_LOAD (e820 RAM
 * ending at 0x9fc00) counts as absent, as in makedumpfile's 1st bitmap;
 * the ELF writer still keeps the segment's p_memsz.
 */
static void init_bitmaps(struct mdl_ctx *ctx)
{
	size_t i;
	uint64_t pfn, ps = ctx->page_size;

	for (i = 0; i < ctx->nseg; i++) {
		const struct mdl_seg *s = &ctx->seg[i];
		uint64_t first = (s->paddr + ps - 1) / ps;
		uint64_t end = (s->paddr + s->memsz) / ps;
		uint64_t data_end = (s->paddr + s->filesz) / ps;

		for (pfn = first; pfn < end; pfn++) {
			mdl_bit_set(ctx->present, pfn);
			if (pfn < data_end)
				mdl_bit_set(ctx->dumpable, pfn);
		}
	}
	for (pfn = 0; pfn < ctx->max_pfn; pfn++)
		if (mdl_bit_test(ctx->present, pfn) && !mdl_bit_test(ctx->dumpable, pfn))
			ctx->counts.pages[MDL_PG_ABSENT]++;
}

/* One line when the input holds (almost) none of the memory it describes. */
static void warn_mostly_absent(struct mdl_ctx *ctx)
{
	uint64_t present = mdl_bitmap_count(ctx->present, ctx->max_pfn);
	uint64_t absent = ctx->counts.pages[MDL_PG_ABSENT];

	if (present && absent * 10 >= present * 9)
		mdl_warn(ctx, "warning: %llu of %llu pages (%llu%%) are absent from the input (PT_LOADs with little or no file data: malformed or truncated vmcore?)",
			 (unsigned long long)absent, (unsigned long long)present,
			 (unsigned long long)(absent * 100 / present));
}

int mdl_filter_run(struct mdl_ctx *ctx)
{
	int ret;

	ctx->present = mdl_bitmap_alloc(ctx->max_pfn);
	ctx->dumpable = mdl_bitmap_alloc(ctx->max_pfn);
	if (!ctx->present || !ctx->dumpable)
		return mdl_err(ctx, ENOMEM, "out of memory for %llu-page bitmaps",
			       (unsigned long long)ctx->max_pfn);
	init_bitmaps(ctx);
	warn_mostly_absent(ctx);
	/* struct page pass only when a level beyond "zero pages" asks for it */
	if (ctx->dump_level & ~MDL_DL_ZERO)
		mdl_pageinfo_init(ctx);
	if (ctx->pi.usable) {
		ret = struct_page_pass(ctx);
		if (ret)
			return ret;
	}
	ctx->nr_dumpable = mdl_bitmap_count(ctx->dumpable, ctx->max_pfn);
	ctx->counts.pages[MDL_PG_KEEP] = ctx->nr_dumpable;
	return 0;
}

/*
 * The struct page pass alone at one level into dumpable (a copy of the
 * map before any exclusion), leaving the context as it was: --mem-usage
 * asks it once per -d bit.
 */
int mdl_filter_classes(struct mdl_ctx *ctx, int level, uint8_t *dumpable)
{
	uint8_t *save = ctx->dumpable;
	int save_level = ctx->dump_level, ret = 0;
	struct mdl_counts counts = ctx->counts;

	if (!ctx->pi.usable)
		return 0;
	ctx->dumpable = dumpable;
	ctx->dump_level = level;
	ret = struct_page_pass(ctx);
	ctx->dumpable = save;
	ctx->dump_level = save_level;
	ctx->counts = counts;
	return ret;
}
