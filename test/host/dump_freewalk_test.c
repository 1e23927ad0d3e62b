// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of dump_free_walk() (drivers/dump/dump_freewalk.c) with ASan
 * and UBSan: a snapshot of "struct pages" as a table, free lists built
 * over it, then each way a dying kernel's free lists can be wrong.
 */
#include <stdio.h>
#include <string.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/dump_freewalk.h>

#include "harness.h"

/* A mem_map of NPAGES entries at MAP, one list node per entry. */
#define NPAGES	4096
#define MAP	0xc1000000ULL
#define NODE(i)	(MAP + (u64)(i) * 32 + 4)	/* the buddy_list inside the entry */
#define HEAD(l)	(0xc0800000ULL + (u64)(l) * 8)

static struct dump_fw_page snap[NPAGES];
static struct dump_fw_list lists[8];
static u32 nr_lists;

static int snap_page(void *ctx, u64 node, struct dump_fw_page *p)
{
	u64 i;

	if (node < MAP || (node - MAP) % 32 != 4 || (node - MAP) / 32 >= NPAGES)
		return -EFAULT;
	i = (node - MAP) / 32;
	*p = snap[i];
	return 0;
}

static const struct dump_fw_ops ops = { .page = snap_page };

static void reset(void)
{
	u32 i;

	memset(snap, 0, sizeof(snap));
	for (i = 0; i < NPAGES; i++)
		snap[i].pfn = i;
	memset(lists, 0, sizeof(lists));
	nr_lists = 0;
}

/* A list of order @order in zone 1 over the blocks starting at pfns[]. */
static struct dump_fw_list *mklist(u32 order, const u32 *pfns, u32 n)
{
	struct dump_fw_list *l = &lists[nr_lists];
	u32 i;

	l->head = HEAD(nr_lists);
	l->order = order;
	l->zone = 1;
	l->start_pfn = 0;
	l->end_pfn = NPAGES;
	l->head_next = n ? NODE(pfns[0]) : l->head;
	l->head_prev = n ? NODE(pfns[n - 1]) : l->head;
	for (i = 0; i < n; i++) {
		struct dump_fw_page *p = &snap[pfns[i]];

		p->buddy = true;
		p->order = order;
		p->zone = 1;
		p->prev = i ? NODE(pfns[i - 1]) : l->head;
		p->next = i + 1 < n ? NODE(pfns[i + 1]) : l->head;
	}
	nr_lists++;
	return l;
}

static struct dump_fw_run runs[16];
static struct dump_fw_result res;
static const char *why;

static int walk(u64 min_pfn, u64 want, u32 max_runs)
{
	struct dump_fw_limits lim = {
		.min_pfn = min_pfn, .max_pfn = NPAGES, .want = want,
		.max_steps = 10000, .max_runs = max_runs,
	};

	memset(runs, 0, sizeof(runs));
	return dump_free_walk(lists, nr_lists, &ops, NULL, &lim, runs, &res, &why);
}

static u64 total(void)
{
	u64 t = 0;
	u32 i;

	for (i = 0; i < res.nr_runs; i++)
		t += runs[i].nr;
	return t;
}

static void clean_highest_first(void)
{
	static const u32 small[] = { 3000, 3001, 3002 }, big[] = { 1024, 2048 };

	reset();
	mklist(0, small, 3);
	mklist(9, big, 2);
	EXPECT(walk(256, 600, 16) == 0, "ret (%s)", why ? why : "-");
	EXPECT(res.pages == 600 && total() == 600, "pages %llu", (unsigned long long)res.pages);
	EXPECT(res.nr_runs == 2 && runs[0].pfn == 1024 && runs[0].nr == 512 &&
	       runs[1].pfn == 2048 && runs[1].nr == 88, "runs from the order-9 list, last one trimmed");
	EXPECT(res.highest_order == 9 && !res.bad_lists && !why, "order 9, nothing bad");
}

static void adjacent_blocks_merge(void)
{
	static const u32 b[] = { 512, 520, 528, 1000 };

	reset();
	mklist(3, b, 3);
	EXPECT(walk(256, 24, 16) == 0 && res.nr_runs == 1 && runs[0].pfn == 512 &&
	       runs[0].nr == 24, "one run of 24 (%s)", why ? why : "-");
}

/* The fragmentation hook: alternate pairs of pages, never merged. */
static void split_hook(void)
{
	static const u32 b[] = { 512, 528 };
	struct dump_fw_limits lim = {
		.min_pfn = 256, .max_pfn = NPAGES, .want = 14,
		.max_steps = 10000, .max_runs = 16, .split = 2,
	};
	u32 i;
	int bad = 0;

	reset();
	mklist(4, b, 2);
	memset(runs, 0, sizeof(runs));
	EXPECT(dump_free_walk(lists, nr_lists, &ops, NULL, &lim, runs, &res, &why) == 0,
	       "ret (%s)", why ? why : "-");
	EXPECT(res.nr_runs == 7 && res.pages == 14, "%u runs, %llu pages", res.nr_runs,
	       (unsigned long long)res.pages);
	for (i = 0; i < res.nr_runs; i++)
		if (runs[i].nr != 2 || runs[i].pfn != 512 + 4 * i)
			bad++;
	EXPECT(!bad, "runs of 2 pages, 4 apart, across both blocks");
	lim.max_runs = 3;
	EXPECT(dump_free_walk(lists, nr_lists, &ops, NULL, &lim, runs, &res, &why) == -ENOSPC &&
	       res.nr_runs == 3, "the run table fills up");
}

static void window_pages_skipped(void)
{
	static const u32 b[] = { 0, 128, 512 };

	reset();
	mklist(7, b, 3);
	/* [0, 256) is the window: block 128 is half in it, 0 wholly */
	EXPECT(walk(256, 128, 16) == 0 && res.nr_runs == 1 && runs[0].pfn == 512,
	       "only the block above the window (%s)", why ? why : "-");
}

static void not_enough(void)
{
	static const u32 b[] = { 1024 };

	reset();
	mklist(4, b, 1);
	EXPECT(walk(256, 64, 16) == -ENOSPC && res.pages == 16 && why, "ENOSPC with a reason");
}

static void run_table_full(void)
{
	static const u32 b[] = { 300, 302, 304, 306, 308 };

	reset();
	mklist(0, b, 5);
	EXPECT(walk(256, 5, 3) == -ENOSPC && res.nr_runs == 3 && res.pages == 3 && why &&
	       strstr(why, "fragmented"), "run table full (%s)", why ? why : "-");
}

/* Each corruption makes its list give nothing; a clean list still serves. */
static void corrupt_lists(void)
{
	static const u32 bad[] = { 512, 640, 768 }, good[] = { 1024, 1280 };
	static const char *const what[] = {
		"back link", "not buddy", "order", "zone", "misaligned", "outside zone",
		"not a struct page", "head back link",
	};
	u32 k;

	for (k = 0; k < TABLE_SIZE(what); k++) {
		struct dump_fw_list *l;

		reset();
		l = mklist(7, bad, 3);
		mklist(7, good, 2);
		switch (k) {
		case 0: snap[640].prev = NODE(999); break;
		case 1: snap[768].buddy = false; break;
		case 2: snap[640].order = 6; break;
		case 3: snap[512].zone = 2; break;
		case 4: snap[640].pfn = 641; break;
		case 5: l->end_pfn = 700; break;
		case 6: snap[640].next = 0xdead0000ULL; break;
		case 7: l->head_prev = NODE(640); break;
		}
		EXPECT(walk(256, 256, 16) == 0, "%s: ret (%s)", what[k], why ? why : "-");
		EXPECT(res.bad_lists == 1 && why, "%s: one bad list, named", what[k]);
		EXPECT(res.nr_runs == 2 && runs[0].pfn == 1024 && runs[1].pfn == 1280,
		       "%s: only the clean list's pages", what[k]);
		EXPECT(walk(256, 512, 16) == -ENOSPC, "%s: the bad list cannot make up", what[k]);
	}
}

static void cycle_bounded(void)
{
	static const u32 b[] = { 512, 640 };

	reset();
	mklist(7, b, 2);
	snap[640].next = NODE(512);	/* 512 -> 640 -> 512 ... */
	snap[512].prev = NODE(640);
	EXPECT(walk(256, 1024, 16) == -ENOSPC && why && res.steps <= 10000 && !res.pages,
	       "a cycle ends on the bound, no pages (%s)", why ? why : "-");
}

static void listed_twice(void)
{
	static const u32 a[] = { 512 }, b[] = { 512 };

	reset();
	mklist(7, a, 1);
	mklist(7, b, 1);	/* same page, rewired into a second list */
	lists[1].head_next = NODE(512);
	EXPECT(walk(256, 256, 16) == -EUCLEAN || res.bad_lists == 1,
	       "a page on two lists is refused (%s)", why ? why : "-");
	EXPECT(res.pages <= 128, "never taken twice");
}

static void overlap_across_orders(void)
{
	static const u32 big[] = { 1024 }, small[] = { 1030 };

	reset();
	mklist(4, big, 1);	/* [1024, 1040) */
	mklist(0, small, 1);	/* 1030 inside it: both claim to be free */
	EXPECT(walk(256, 17, 16) == -EUCLEAN && why, "overlapping blocks fail the walk (%s)",
	       why ? why : "-");
}

static void empty_and_bad_args(void)
{
	struct dump_fw_limits lim = { .min_pfn = 5, .max_pfn = 5, .want = 1, .max_steps = 1,
				      .max_runs = 1 };

	reset();
	EXPECT(walk(256, 1, 16) == -ENOSPC && why, "no lists: ENOSPC");
	EXPECT(dump_free_walk(lists, 0, &ops, NULL, &lim, runs, &res, &why) == -EINVAL,
	       "empty pfn range: EINVAL");
	lists[0].order = 40;
	nr_lists = 1;
	lists[0].head = lists[0].head_next = lists[0].head_prev = HEAD(0);
	EXPECT(walk(256, 1, 16) == -ENOSPC && res.bad_lists == 1, "impossible order counted");
}

int main(void)
{
	run("freewalk_clean_highest_first", clean_highest_first);
	run("freewalk_adjacent_blocks_merge", adjacent_blocks_merge);
	run("freewalk_window_pages_skipped", window_pages_skipped);
	run("freewalk_split_hook", split_hook);
	run("freewalk_not_enough", not_enough);
	run("freewalk_run_table_full", run_table_full);
	run("freewalk_corrupt_lists", corrupt_lists);
	run("freewalk_cycle_bounded", cycle_bounded);
	run("freewalk_listed_twice", listed_twice);
	run("freewalk_overlap_across_orders", overlap_across_orders);
	run("freewalk_empty_and_bad_args", empty_and_bad_args);
	return failures ? 1 : 0;
}
