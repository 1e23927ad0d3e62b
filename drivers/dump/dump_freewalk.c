// SPDX-License-Identifier: GPL-2.0
/*
 * The free-page walk of dump_backup=free, as pure logic.
 *
 * At panic the other CPUs are stopped wherever they were, possibly inside
 * the buddy allocator with zone->lock held and a list half updated, so
 * nothing read from the free lists is trusted: every node is read through
 * the caller's accessor (which refuses anything that is not a struct
 * page), every page must be PageBuddy with its list's order and zone, be
 * aligned to that order, lie in its zone and link back to the node it was
 * reached from, and the list must close on its head. A list that fails
 * any of this gives no page at all; a page reached twice fails the walk.
 * The walk is bounded by a step budget over all lists (a cycle ends it)
 * and by the size of the run table. Highest orders first: few, large runs.
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/dump_freewalk.h>

#define DUMP_FW_ORDERS	32

/* A list that cannot be trusted: say why once, and give none of its pages. */
#define DUMP_FW_BAD	1

static bool dump_fw_overlaps(const struct dump_fw_run *runs, u32 n, u64 pfn, u64 nr)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (pfn < runs[i].pfn + runs[i].nr && runs[i].pfn < pfn + nr)
			return true;
	return false;
}

static int dump_fw_check(const struct dump_fw_list *l, const struct dump_fw_page *p,
			 u64 prev, const char **why)
{
	u64 blk = 1ULL << l->order;

	if (p->prev != prev)
		*why = "a broken back link on a free list";
	else if (!p->buddy)
		*why = "a page on a free list that is not PageBuddy";
	else if (p->order != l->order)
		*why = "a free page of another order than its list";
	else if (p->zone != l->zone)
		*why = "a free page of another zone than its list";
	else if (p->pfn & (blk - 1))
		*why = "a free block not aligned to its order";
	else if (p->pfn < l->start_pfn || l->end_pfn < blk || p->pfn > l->end_pfn - blk)
		*why = "a free block outside its zone";
	else
		return 0;
	return DUMP_FW_BAD;
}

/* Take [pfn, end) as far as wanted; runs from @first on are this list's. */
static int dump_fw_take_one(const struct dump_fw_limits *lim, struct dump_fw_run *runs,
			    struct dump_fw_result *res, u32 first, u64 pfn, u64 end,
			    bool *full, const char **why)
{
	struct dump_fw_run *last;

	if (pfn >= end || res->pages >= lim->want || *full)
		return 0;
	last = res->nr_runs > first && !lim->split ? &runs[res->nr_runs - 1] : NULL;
	if (!(last && last->pfn + last->nr == pfn) && res->nr_runs >= lim->max_runs) {
		*full = true;
		return 0;
	}
	if (dump_fw_overlaps(runs, res->nr_runs, pfn, end - pfn)) {
		*why = "a free page reached twice";
		return -EUCLEAN;
	}
	if (end - pfn > lim->want - res->pages)
		end = pfn + (lim->want - res->pages);
	if (last && last->pfn + last->nr == pfn) {
		last->nr += end - pfn;
	} else {
		runs[res->nr_runs].pfn = pfn;
		runs[res->nr_runs].nr = end - pfn;
		res->nr_runs++;
	}
	res->pages += end - pfn;
	return 0;
}

/* Take what lies in [min_pfn, max_pfn) of the block [pfn, pfn + nr). */
static int dump_fw_take(const struct dump_fw_limits *lim, struct dump_fw_run *runs,
			struct dump_fw_result *res, u32 first, u64 pfn, u64 nr,
			bool *full, const char **why)
{
	u64 end = pfn + nr, c;
	int ret = 0;

	if (pfn < lim->min_pfn)
		pfn = lim->min_pfn;
	if (end > lim->max_pfn)
		end = lim->max_pfn;
	if (!lim->split)
		return dump_fw_take_one(lim, runs, res, first, pfn, end, full, why);
	for (c = pfn; c < end && !ret && !*full; c += 2ULL * lim->split)
		ret = dump_fw_take_one(lim, runs, res, first, c,
				       end - c > lim->split ? c + lim->split : end, full, why);
	return ret;
}

/* One list: 0, DUMP_FW_BAD (@why says why), -EUCLEAN or -E2BIG. */
static int dump_fw_list(const struct dump_fw_list *l, const struct dump_fw_ops *ops,
			void *ctx, const struct dump_fw_limits *lim,
			struct dump_fw_run *runs, struct dump_fw_result *res,
			bool *full, const char **why)
{
	u64 node = l->head_next, prev = l->head;
	u32 first = res->nr_runs;
	struct dump_fw_page p;
	int ret;

	while (node != l->head) {
		if (res->steps >= lim->max_steps) {
			*why = "free lists longer than the walk's bound (a cycle?)";
			return -E2BIG;
		}
		res->steps++;
		if (ops->page(ctx, node, &p)) {
			*why = "a free list link to something that is not a struct page";
			return DUMP_FW_BAD;
		}
		ret = dump_fw_check(l, &p, prev, why);
		if (ret)
			return ret;
		ret = dump_fw_take(lim, runs, res, first, p.pfn, 1ULL << l->order, full, why);
		if (ret)
			return ret;
		prev = node;
		node = p.next;
	}
	if (l->head_prev != prev) {
		*why = "a free list head whose back link is not its last page";
		return DUMP_FW_BAD;
	}
	return 0;
}

/**
 * dump_free_walk() - find free pages to hold the low window's copy
 * @lists: the zones' free lists (any order of lists; walked by order)
 * @nr_lists: their number
 * @ops: reads a struct page by its list node
 * @ctx: for @ops
 * @lim: where pages may come from, how many are wanted, the bounds
 * @runs: the run table, @lim->max_runs entries
 * @res: what was found (filled on every return)
 * @why: the first problem met, or NULL (set on every return)
 *
 * Return: 0 when @lim->want pages were taken into @runs; -ENOSPC when not
 * enough clean free pages were found (or the run table filled up: free
 * memory too fragmented); -EUCLEAN when a page was reached twice; -EINVAL
 * for bad arguments. A list found corrupt counts in @res->bad_lists and
 * gives no page; @why then names the problem even on success.
 */
int dump_free_walk(const struct dump_fw_list *lists, u32 nr_lists,
		   const struct dump_fw_ops *ops, void *ctx,
		   const struct dump_fw_limits *lim, struct dump_fw_run *runs,
		   struct dump_fw_result *res, const char **why)
{
	const char *list_why = NULL;
	bool full = false, stop = false;
	int order, ret;
	u32 i, first;
	u64 pages;

	res->pages = 0;
	res->steps = 0;
	res->nr_runs = 0;
	res->bad_lists = 0;
	res->highest_order = 0;
	*why = NULL;
	if (!ops || !ops->page || !lim || !runs || !lim->max_runs ||
	    lim->min_pfn >= lim->max_pfn) {
		*why = "bad arguments";
		return -EINVAL;
	}
	for (order = DUMP_FW_ORDERS - 1; order >= 0 && !stop; order--) {
		for (i = 0; i < nr_lists && !stop; i++) {
			if (lists[i].order != (u32)order)
				continue;
			first = res->nr_runs;
			pages = res->pages;
			ret = dump_fw_list(&lists[i], ops, ctx, lim, runs, res, &full, &list_why);
			if (ret == -EUCLEAN) {
				*why = list_why;
				return ret;
			}
			/* a bad list, or the budget spent in it: none of its pages */
			if (ret) {
				res->nr_runs = first;
				res->pages = pages;
				if (ret == DUMP_FW_BAD)
					res->bad_lists++;
				if (!*why)
					*why = list_why;
				stop = ret == -E2BIG;
				continue;
			}
			if (!first && res->nr_runs)
				res->highest_order = order;
			/* a full run table ends the walk: no more scans at panic */
			stop = res->pages >= lim->want || full;
		}
	}
	for (i = 0; i < nr_lists; i++)
		if (lists[i].order >= DUMP_FW_ORDERS) {
			res->bad_lists++;
			if (!*why)
				*why = "a free list of an impossible order";
		}
	if (res->pages >= lim->want)
		return 0;
	if (!*why)
		*why = full ? "the run table is full (free memory too fragmented)" :
			      "not enough free pages outside the window";
	return -ENOSPC;
}
