// SPDX-License-Identifier: GPL-2.0
/*
 * --mem-usage VMCORE: what each dump level would keep.  makedumpfile
 * reads /proc/kcore of the running system; this reads a dump.
 *
 * Each -d bit (2, 4, 8, 16) gets its own struct page pass over a copy of
 * the "in the input" map, and the zero test runs over every page, so each
 * page gets a set of reasons it could be excluded.  A level excludes a
 * page when it shares a bit with those reasons (hwpoison and offline
 * pages go with any bit above 1, as in filter.c), so one count per reason
 * set answers all 32 levels.  The class table counts each page once, in
 * the order makedumpfile's -d 31 checks them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mdl.h"

#define MIB(pages, ps) ((double)(pages) * (ps) / (1024.0 * 1024.0))

/* reason bits: the -d bits themselves */
static int reasons_of(struct mdl_ctx *ctx, uint8_t *const *bm, uint64_t pfn,
		      const unsigned char *page)
{
	static const int bits[4] = { MDL_DL_CACHE, MDL_DL_CACHE_PRI, MDL_DL_USER, MDL_DL_FREE };
	int rs = 0, i;
	size_t j;

	for (i = 0; i < 4; i++)
		if (!mdl_bit_test(bm[i], pfn))
			rs |= bits[i];
	for (j = 0; j < ctx->page_size && !page[j]; j++)
		;
	if (j == ctx->page_size)
		rs |= MDL_DL_ZERO;
	return rs;
}

static int count_reasons(struct mdl_ctx *ctx, uint8_t *const *bm, uint64_t *by_reason)
{
	unsigned char *page = malloc(ctx->page_size);
	uint64_t pfn;

	if (!page)
		return mdl_err(ctx, ENOMEM, "out of memory");
	for (pfn = mdl_bitmap_next_set(ctx->dumpable, 0, ctx->max_pfn); pfn < ctx->max_pfn;
	     pfn = mdl_bitmap_next_set(ctx->dumpable, pfn + 1, ctx->max_pfn)) {
		if (mdl_read_page(ctx, pfn, page)) {
			free(page);
			return mdl_err_prefix(ctx, -EIO, "reading page 0x%llx",
					      (unsigned long long)pfn);
		}
		by_reason[reasons_of(ctx, bm, pfn, page)]++;
	}
	free(page);
	return 0;
}

static void print_table(struct mdl_ctx *ctx, const uint64_t *by_reason, struct mdl_report *r)
{
	/* makedumpfile's -d 31 order: free, cache, private cache, user, zero */
	static const struct { int bit; const char *name, *desc; } cls[] = {
		{ MDL_DL_FREE, "FREE", "free pages" },
		{ MDL_DL_CACHE, "NON_PRI_CACHE", "cache pages without private flag" },
		{ MDL_DL_CACHE_PRI, "PRI_CACHE", "cache pages with private flag" },
		{ MDL_DL_USER, "USER", "user process pages" },
		{ MDL_DL_ZERO, "ZERO", "zero pages" },
	};
	uint64_t n[5] = { 0 }, kern = 0, total = 0;
	uint32_t ps = ctx->page_size;
	int rs, i, level;

	for (rs = 0; rs < 32; rs++) {
		total += by_reason[rs];
		for (i = 0; i < 5 && !(rs & cls[i].bit); i++)
			;
		if (i < 5)
			n[i] += by_reason[rs];
		else
			kern += by_reason[rs];
	}
	mdl_report_add(r, "%-14s %12s %10s  %s", "TYPE", "PAGES", "MiB", "DESCRIPTION");
	for (i = 0; i < 5; i++)
		mdl_report_add(r, "%-14s %12llu %10.1f  %s", cls[i].name, (unsigned long long)n[i],
			       MIB(n[i], ps), cls[i].desc);
	mdl_report_add(r, "%-14s %12llu %10.1f  %s", "KERN_DATA", (unsigned long long)kern,
		       MIB(kern, ps), "dumpable pages");
	mdl_report_add(r, "%-14s %12llu %10.1f  %s", "TOTAL", (unsigned long long)total,
		       MIB(total, ps), "pages in the dump");
	mdl_report_add(r, "%s", "");
	mdl_report_add(r, "%-6s %12s %10s", "-d", "KEPT_PAGES", "KEPT_MiB");
	for (level = 0; level <= MDL_DL_MAX; level++) {
		uint64_t kept = 0;

		for (rs = 0; rs < 32; rs++)
			if (!(rs & level))
				kept += by_reason[rs];
		mdl_report_add(r, "%-6d %12llu %10.1f", level, (unsigned long long)kept,
			       MIB(kept, ps));
	}
}

/* On an opened dump; warnings (struct pages unusable) go to ctx->warn. */
int mdl_mem_usage(struct mdl_ctx *ctx, struct mdl_report *r)
{
	static const int bits[4] = { MDL_DL_CACHE, MDL_DL_CACHE_PRI, MDL_DL_USER, MDL_DL_FREE };
	uint64_t bytes, by_reason[32] = { 0 };
	uint8_t *bm[4] = { NULL };
	int ret, i;

	ctx->dump_level = 0;	/* the map of what is in the input, nothing excluded */
	ret = mdl_filter_run(ctx);
	if (ret)
		return ret;
	ctx->dump_level = MDL_DL_MAX;
	mdl_pageinfo_init(ctx);
	bytes = (ctx->max_pfn + 7) / 8;

	for (i = 0; i < 4 && !ret; i++) {
		bm[i] = malloc(bytes ? (size_t)bytes : 1);
		if (!bm[i]) {
			ret = mdl_err(ctx, ENOMEM, "out of memory");
			break;
		}
		memcpy(bm[i], ctx->dumpable, (size_t)bytes);
		ret = mdl_filter_classes(ctx, bits[i], bm[i]);
	}
	if (!ret)
		ret = count_reasons(ctx, bm, by_reason);
	if (!ret)
		print_table(ctx, by_reason, r);
	for (i = 0; i < 4; i++)
		free(bm[i]);
	return ret;
}
