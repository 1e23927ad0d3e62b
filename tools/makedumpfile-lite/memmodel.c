// SPDX-License-Identifier: GPL-2.0
/*
 * Where the old kernel's struct page for a pfn is, from VMCOREINFO:
 *
 * FLATMEM (SYMBOL(mem_map), no SYMBOL(mem_section)): one array,
 * pfn_to_page(pfn) = mem_map + (pfn - ARCH_PFN_OFFSET), spanning
 * contig_page_data's node_start_pfn/node_spanned_pages.
 *
 * SPARSEMEM (SYMBOL(mem_section), exported by kernel/crash_core.c with
 * LENGTH(mem_section) = NR_SECTION_ROOTS, SIZE(mem_section),
 * OFFSET(mem_section.section_mem_map), NUMBER(SECTION_SIZE_BITS),
 * NUMBER(MAX_PHYSMEM_BITS)): one array per section.  section_mem_map
 * holds the array minus the section's first pfn (sparse_encode_mem_map()),
 * with flags in the low bits; bit 1 is SECTION_HAS_MEM_MAP.  The arrays
 * are page aligned and the subtracted part is a multiple of a section's
 * struct pages, so the flags are cleared with the smaller of the page
 * size and that alignment.  SPARSEMEM_STATIC (i386) has
 * NR_SECTION_ROOTS == NR_MEM_SECTIONS and the symbol is the array;
 * SPARSEMEM_EXTREME has one root per page of sections and the symbol is
 * the root pointer array.  !NUMA SPARSEMEM kernels also export
 * SYMBOL(mem_map) (a NULL pointer), so mem_section decides.
 */
#include <errno.h>
#include <string.h>

#include "mdl.h"

#define SECTION_HAS_MEM_MAP 0x2ull

static int unreadable(struct mdl_ctx *ctx, const char *what)
{
	ctx->err[0] = '\0';
	return mdl_pageinfo_unusable(ctx, "cannot read %s from the dump", what);
}

/* contig_page_data's node span; required for FLATMEM, optional for SPARSEMEM */
static int node_span(struct mdl_ctx *ctx, uint64_t *pgdat, bool required)
{
	struct mdl_pageinfo *pi = &ctx->pi;
	int64_t o_start, o_span;

	if (mdl_vi_hex(&ctx->vi, "SYMBOL(contig_page_data)", pgdat) ||
	    mdl_vi_num(&ctx->vi, "OFFSET(pglist_data.node_start_pfn)", &o_start) ||
	    mdl_vi_num(&ctx->vi, "OFFSET(pglist_data.node_spanned_pages)", &o_span)) {
		if (!required) {
			pi->start_pfn = 0;
			pi->nr_pages = ctx->max_pfn;
			return 0;
		}
		return mdl_pageinfo_unusable(ctx, "VMCOREINFO has no usable %s",
					     "contig_page_data node_start_pfn/node_spanned_pages");
	}
	if (mdl_read_ptr(ctx, *pgdat + (uint64_t)o_start, &pi->start_pfn) ||
	    mdl_read_ptr(ctx, *pgdat + (uint64_t)o_span, &pi->nr_pages))
		return unreadable(ctx, "contig_page_data");
	if (pi->nr_pages == 0 || pi->start_pfn + pi->nr_pages < pi->start_pfn ||
	    pi->nr_pages > (1ull << 36))
		return mdl_pageinfo_unusable(ctx, "%s", "contig_page_data spans no pages");
	return 0;
}

static int flatmem_init(struct mdl_ctx *ctx)
{
	struct mdl_pageinfo *pi = &ctx->pi;
	uint64_t sym, mem_map, pgdat, v, pa;
	int64_t o_map;

	if (mdl_vi_hex(&ctx->vi, "SYMBOL(mem_map)", &sym))
		return mdl_pageinfo_unusable(ctx, "VMCOREINFO has no usable %s", "SYMBOL(mem_map)");
	if (mdl_read_ptr(ctx, sym, &mem_map) || mem_map == 0)
		return unreadable(ctx, "the mem_map pointer");
	if (node_span(ctx, &pgdat, true))
		return -ENOENT;
	/*
	 * alloc_node_mem_map() makes node_mem_map the struct page of
	 * node_start_pfn and moves mem_map back by the unaligned part.  So
	 * either node_mem_map == &mem_map[node_start_pfn] (mem_map[0] is pfn
	 * 0, x86's ARCH_PFN_OFFSET) or node_mem_map == mem_map (mem_map[0] is
	 * node_start_pfn).  Anything else is inconsistent.
	 */
	pi->base_pfn = 0;
	if (!mdl_vi_num(&ctx->vi, "OFFSET(pglist_data.node_mem_map)", &o_map)) {
		if (mdl_read_ptr(ctx, pgdat + (uint64_t)o_map, &v))
			return unreadable(ctx, "node_mem_map");
		if (v == mem_map + pi->start_pfn * pi->size_page)
			pi->base_pfn = 0;
		else if (v == mem_map)
			pi->base_pfn = pi->start_pfn;
		else
			return mdl_pageinfo_unusable(ctx, "%s",
						     "mem_map and contig_page_data.node_mem_map disagree");
	}
	if (mdl_vtop(ctx, mem_map + (pi->start_pfn - pi->base_pfn) * pi->size_page, &pa)) {
		ctx->err[0] = '\0';
		return mdl_pageinfo_unusable(ctx, "%s", "mem_map is not in any PT_LOAD p_vaddr range");
	}
	pi->mem_map_vaddr = mem_map;
	return 0;
}

static int need_num(struct mdl_ctx *ctx, const char *key, int64_t *v, int64_t lo, int64_t hi)
{
	if (mdl_vi_num(&ctx->vi, key, v) || *v < lo || *v > hi)
		return mdl_pageinfo_unusable(ctx, "VMCOREINFO has no usable %s", key);
	return 0;
}

static int sparsemem_init(struct mdl_ctx *ctx)
{
	struct mdl_pageinfo *pi = &ctx->pi;
	int64_t roots, size, off, sec_bits, phys_bits;
	uint64_t pgdat, nr, per_root;
	unsigned int page_shift = (unsigned int)__builtin_ctz(ctx->page_size);

	if (mdl_vi_hex(&ctx->vi, "SYMBOL(mem_section)", &pi->sec_sym) ||
	    need_num(ctx, "LENGTH(mem_section)", &roots, 1, 1 << 20) ||
	    need_num(ctx, "SIZE(mem_section)", &size, pi->ptr_size, 4096) ||
	    need_num(ctx, "OFFSET(mem_section.section_mem_map)", &off, 0, size - pi->ptr_size) ||
	    need_num(ctx, "NUMBER(SECTION_SIZE_BITS)", &sec_bits, page_shift + 1, 40) ||
	    need_num(ctx, "NUMBER(MAX_PHYSMEM_BITS)", &phys_bits, sec_bits, sec_bits + 20))
		return -ENOENT;
	nr = 1ull << (phys_bits - sec_bits);	/* NR_MEM_SECTIONS */
	per_root = ctx->page_size / (uint64_t)size;
	if ((uint64_t)roots == nr)
		pi->per_root = 1;	/* SPARSEMEM_STATIC */
	else if (per_root > 1 && (uint64_t)roots == (nr + per_root - 1) / per_root)
		pi->per_root = per_root;	/* SPARSEMEM_EXTREME */
	else
		return mdl_pageinfo_unusable(ctx, "%s",
					     "LENGTH(mem_section) fits neither SPARSEMEM layout");
	pi->nr_sections = nr;
	pi->sec_size = (uint32_t)size;
	pi->off_sec_map = (int32_t)off;
	pi->sec_pfn_shift = (uint32_t)sec_bits - page_shift;
	pi->sec_map_mask = (1ull << pi->sec_pfn_shift) * pi->size_page;
	pi->sec_map_mask &= -pi->sec_map_mask;	/* lowest set bit */
	if (pi->sec_map_mask > ctx->page_size)
		pi->sec_map_mask = ctx->page_size;
	pi->sec_map_mask = ~(pi->sec_map_mask - 1);
	pi->sparse = true;
	return node_span(ctx, &pgdat, false);
}

int mdl_memmodel_init(struct mdl_ctx *ctx)
{
	if (mdl_vi_get(&ctx->vi, "SYMBOL(mem_section)"))
		return sparsemem_init(ctx);
	return flatmem_init(ctx);
}

/* The section entry's coded mem_map, or 0 when the section has none. */
static uint64_t section_map(struct mdl_ctx *ctx, uint64_t sec)
{
	const struct mdl_pageinfo *pi = &ctx->pi;
	uint64_t entry = pi->sec_sym + sec * pi->sec_size, root, coded;

	if (pi->per_root > 1) {
		if (mdl_read_ptr(ctx, pi->sec_sym + sec / pi->per_root * pi->ptr_size, &root) ||
		    root == 0)
			return 0;
		entry = root + sec % pi->per_root * pi->sec_size;
	}
	if (mdl_read_ptr(ctx, entry + (uint64_t)pi->off_sec_map, &coded) ||
	    !(coded & SECTION_HAS_MEM_MAP))
		return 0;
	return coded & pi->sec_map_mask;
}

/*
 * For pfn < end: *vaddr of its struct page and *run, how many following
 * pfns have theirs right after it.  -ENOENT (with *run pfns to skip)
 * where there are no struct pages to read.
 */
int mdl_page_run(struct mdl_ctx *ctx, uint64_t pfn, uint64_t end, uint64_t *vaddr, uint64_t *run)
{
	const struct mdl_pageinfo *pi = &ctx->pi;
	uint64_t mask = pi->ptr_size == 4 ? 0xffffffffull : ~0ull, sec, sec_end, base;

	if (!pi->sparse) {
		*vaddr = pi->mem_map_vaddr + (pfn - pi->base_pfn) * pi->size_page;
		*run = end - pfn;
		return 0;
	}
	sec = pfn >> pi->sec_pfn_shift;
	sec_end = (sec + 1) << pi->sec_pfn_shift;
	*run = (sec_end < end ? sec_end : end) - pfn;
	if (sec >= pi->nr_sections) {
		*run = end - pfn;
		return -ENOENT;
	}
	base = section_map(ctx, sec);
	ctx->err[0] = '\0';
	if (!base)
		return -ENOENT;
	*vaddr = (base + pfn * pi->size_page) & mask;	/* coded = map - first pfn */
	return 0;
}
