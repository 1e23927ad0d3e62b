/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The free-page walk of dump_backup=free (no reserved backup region): at
 * panic, find pages the buddy allocator holds free, outside the low
 * window, to copy the window into. Pure logic over what an accessor reads
 * of each struct page, so the same code runs over the dying kernel's
 * free lists and over tables of corrupt lists in the host tests.
 */
#ifndef _LINUX_DUMP_FREEWALK_H
#define _LINUX_DUMP_FREEWALK_H

#include <linux/types.h>

/* What the walk needs of one struct page (read by the caller's glue). */
struct dump_fw_page {
	u64 pfn;
	u64 next, prev;	/* its buddy_list links: the neighbours' list nodes */
	u32 order;	/* buddy_order() */
	u32 zone;	/* page_zonenum() */
	bool buddy;	/* PageBuddy() */
};

/*
 * @page: read the struct page whose list node is at @node into @p; -EFAULT
 *	when @node is not the list node of a struct page the glue can vouch
 *	for (outside mem_map, misaligned). Never follows anything itself.
 */
struct dump_fw_ops {
	int (*page)(void *ctx, u64 node, struct dump_fw_page *p);
};

/* One free list: zone->free_area[order].free_list[migratetype]. */
struct dump_fw_list {
	u64 head;		/* the list head's address */
	u64 head_next, head_prev;	/* its links, as read */
	u64 start_pfn, end_pfn;	/* the zone's pfn span */
	u32 order, zone;
};

/* A run of pages taken: [pfn, pfn + nr). */
struct dump_fw_run {
	u64 pfn, nr;
};

struct dump_fw_limits {
	u64 min_pfn, max_pfn;	/* pages taken lie in [min_pfn, max_pfn) */
	u64 want;		/* pages needed */
	u64 max_steps;		/* list nodes read, over all lists */
	u32 max_runs;		/* entries of the run table */
	/* test hook, 0 = off: of each 2 * split pages of a free block take
	 * the first split only, as runs of their own (fragmented free memory)
	 */
	u32 split;
};

struct dump_fw_result {
	u64 pages;		/* pages taken (== want on success) */
	u64 steps;		/* list nodes read */
	u32 nr_runs;
	u32 bad_lists;		/* lists found corrupt: none of their pages taken */
	u32 highest_order;	/* the order the first run came from */
};

int dump_free_walk(const struct dump_fw_list *lists, u32 nr_lists,
		   const struct dump_fw_ops *ops, void *ctx,
		   const struct dump_fw_limits *lim, struct dump_fw_run *runs,
		   struct dump_fw_result *res, const char **why);

#endif /* _LINUX_DUMP_FREEWALK_H */
