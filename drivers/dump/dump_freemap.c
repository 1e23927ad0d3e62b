// SPDX-License-Identifier: GPL-2.0
/*
 * dump_backup=free, the capture side's pure logic: check the window table
 * the panic path left after the header, and build the redirect table from
 * it. The table says, for each piece of old RAM in the window, where its
 * copy is now: pages that were free at the crash, outside the window. Those
 * pages held nothing the dump keeps, so they are left out of the dump (no
 * PT_LOAD covers them), as is the header area.
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/dump_format.h>

#define DUMP_PG		DUMP_PAGE_SIZE

static int dump_fm_bad(const char **why, const char *reason)
{
	*why = reason;
	return -EBADMSG;
}

static u64 dump_fm_down(u64 v)
{
	return v & ~(DUMP_PG - 1);
}

static u64 dump_fm_up(u64 v)
{
	return (v + DUMP_PG - 1) & ~(DUMP_PG - 1);
}

/* Insertion sort by start: at most DUMP_FREE_TABLE_MAX + 1 entries, once. */
static void dump_fm_sort(struct dump_range *r, u32 n)
{
	u32 i, j;

	for (i = 1; i < n; i++) {
		struct dump_range x = r[i];

		for (j = i; j && r[j - 1].start > x.start; j--)
			r[j] = r[j - 1];
		r[j] = x;
	}
}

/* One entry on its own: shape, and where its copy may be. */
static int dump_fm_entry(const struct dump_header *h, const struct dump_map *e,
			 const char **why)
{
	u64 len = e->end - e->start, hdr = dump_header_addr(h->backup_base, 0);

	if (e->start >= e->end)
		return dump_fm_bad(why, "an empty window table entry");
	if ((e->src & (DUMP_PG - 1)) != (e->start & (DUMP_PG - 1)))
		return dump_fm_bad(why, "a window table entry off its page offset");
	if (e->src < h->backup_size || e->src > h->lowmem_end ||
	    len > h->lowmem_end - e->src)
		return dump_fm_bad(why, "a window copy outside lowmem above the window");
	if (!dump_ranges_contain(h->ranges, h->nr_ranges, dump_fm_down(e->src),
				 dump_fm_up(e->src + len)))
		return dump_fm_bad(why, "a window copy outside old RAM");
	if (e->src < hdr + DUMP_FREE_AREA && hdr < e->src + len)
		return dump_fm_bad(why, "a window copy over the header area");
	return 0;
}

/**
 * dump_free_table_check() - is a free-mode window table sound?
 * @h: the validated header (DUMP_HDR_FREE; nr_table, table_crc)
 * @t: the table, @h->nr_table entries
 * @sorted: room for @h->nr_table + 1 ranges: on success, the pages that
 *	hold the copy (whole pages, one range per entry) and the header area,
 *	sorted by address and disjoint
 * @why: on failure, a one-line reason
 *
 * The entries must tile the old RAM of the window, in order, exactly, with
 * seams inside a RAM range on page boundaries; each copy lies in old
 * lowmem RAM above the window, outside the header area, at the same
 * offset in its page, and no two copies share a page.
 *
 * Return: 0, or -EBADMSG.
 */
int dump_free_table_check(const struct dump_header *h, const struct dump_map *t,
			  struct dump_range *sorted, const char **why)
{
	u64 win = h->backup_size, hdr = dump_header_addr(h->backup_base, 0);
	u32 n = h->nr_table, i, j = 0;
	int ret;

	if (!(h->flags & DUMP_HDR_FREE) || !n || n > DUMP_FREE_TABLE_MAX)
		return dump_fm_bad(why, "bad window table size");
	if (dump_crc32(0, t, (size_t)n * sizeof(*t)) != h->table_crc)
		return dump_fm_bad(why, "window table checksum mismatch");
	for (i = 0; i < h->nr_ranges && h->ranges[i].start < win; i++) {
		u64 pos = h->ranges[i].start;
		u64 end = h->ranges[i].end < win ? h->ranges[i].end : win;

		while (pos < end) {
			if (j == n || t[j].start != pos || t[j].end > end)
				return dump_fm_bad(why, "the window table misses old RAM");
			/* Seams inside a range on page boundaries: mmap() maps pages. */
			if (t[j].end != end && (t[j].end & (DUMP_PG - 1)))
				return dump_fm_bad(why, "a window table seam inside a page");
			ret = dump_fm_entry(h, &t[j], why);
			if (ret)
				return ret;
			sorted[j].start = dump_fm_down(t[j].src);
			sorted[j].end = dump_fm_up(t[j].src + (t[j].end - t[j].start));
			pos = t[j++].end;
		}
	}
	if (j != n)
		return dump_fm_bad(why, "window table entries beyond the window's RAM");
	sorted[n].start = hdr;
	sorted[n].end = hdr + DUMP_FREE_AREA;
	dump_fm_sort(sorted, n + 1);
	for (i = 1; i <= n; i++)
		if (sorted[i].start < sorted[i - 1].end)
			return dump_fm_bad(why, "two window copies share a page");
	*why = NULL;
	return 0;
}

/**
 * dump_map_build_free() - the redirect table of a free-mode dump
 * @h: the validated header
 * @flags: DUMP_MAP_NO_WINDOW to leave the window out (its copy failed its
 *	checksum)
 * @t: the window table, checked by dump_free_table_check()
 * @sorted: what dump_free_table_check() left in it (@h->nr_table + 1)
 * @map: the table to fill, sorted by old address
 * @max: its capacity
 * @nr: entries filled
 *
 * The window's RAM reads from where the table put it; the rest of old RAM
 * is in place, less the pages that held the copy and the header area.
 *
 * Return: 0, or -ENOSPC when @max entries are not enough.
 */
int dump_map_build_free(const struct dump_header *h, u32 flags, const struct dump_map *t,
			const struct dump_range *sorted, struct dump_map *map, u32 max,
			u32 *nr)
{
	u64 win = h->backup_size;
	u32 i, j = 0, k = 0, kk, nx = h->nr_table + 1;
	int ret;

	*nr = 0;
	for (i = 0; i < h->nr_ranges; i++) {
		u64 x = h->ranges[i].start, e = h->ranges[i].end;

		for (; j < h->nr_table && t[j].end <= e; j++) {
			if (flags & DUMP_MAP_NO_WINDOW)
				continue;
			ret = dump_map_add(map, max, nr, t[j].start, t[j].end, t[j].src);
			if (ret)
				return ret;
		}
		if (x < win)
			x = win;
		if (x >= e)
			continue;
		while (k < nx && sorted[k].end <= x)
			k++;
		for (kk = k; kk < nx && sorted[kk].start < e; kk++) {
			if (sorted[kk].start > x) {
				ret = dump_map_add(map, max, nr, x, sorted[kk].start, x);
				if (ret)
					return ret;
			}
			if (sorted[kk].end > x)
				x = sorted[kk].end;
		}
		if (x < e) {
			ret = dump_map_add(map, max, nr, x, e, x);
			if (ret)
				return ret;
		}
	}
	return 0;
}
