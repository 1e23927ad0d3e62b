// SPDX-License-Identifier: GPL-2.0
/*
 * Memory-preserving crash dumps, dump_backup=free (i386): at panic, once
 * the other CPUs are stopped, find pages the buddy allocator holds free in
 * lowmem above the window and lay out where each piece of the window's
 * RAM goes (the window table after the header).
 *
 * The free lists are read with no lock: a stopped CPU may hold zone->lock
 * with a list half updated. The pure walk (drivers/dump/dump_freewalk.c)
 * trusts nothing it reads; the accessor here only turns a list node into
 * the struct page it must belong to, refusing any address that is not the
 * buddy_list of an entry of mem_map. Only lowmem zones are read: their
 * pages are in the direct map, so the copy needs no mapping at panic.
 */
#define pr_fmt(fmt) "dump: " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/page-flags.h>
#include <linux/memblock.h>
#include <linux/dump.h>
#include <linux/dump_freewalk.h>
#include <asm/dump.h>

#ifdef CONFIG_FLATMEM

#define DUMP_FW_MAX_LISTS	(MAX_NR_ZONES * MAX_ORDER * MIGRATE_TYPES)
/* More list nodes than lowmem has pages: only a cycle can spend it. */
#define DUMP_FW_MAX_STEPS	BIT(20)

/*
 * Panic-time scratch, set aside at boot in free mode only: the panic path
 * allocates nothing.
 */
static struct dump_fw_list *dump_fw_lists __ro_after_init;
static struct dump_fw_run *dump_fw_runs __ro_after_init;

/**
 * dump_free_setup() - at boot, in free mode: the walk's scratch
 *
 * Return: its size in bytes, 0 when it could not be set aside.
 */
size_t __init dump_free_setup(void)
{
	size_t lists = DUMP_FW_MAX_LISTS * sizeof(*dump_fw_lists);
	size_t runs = DUMP_FREE_MAX_RUNS * sizeof(*dump_fw_runs);

	dump_fw_lists = memblock_alloc(lists, SMP_CACHE_BYTES);
	dump_fw_runs = memblock_alloc(runs, SMP_CACHE_BYTES);
	if (dump_fw_lists && dump_fw_runs)
		return lists + runs;
	/* Not half of it: give back what was set aside. */
	if (dump_fw_lists)
		memblock_free(dump_fw_lists, lists);
	if (dump_fw_runs)
		memblock_free(dump_fw_runs, runs);
	dump_fw_lists = NULL;
	dump_fw_runs = NULL;
	return 0;
}

/* @node must be &page->buddy_list of an entry of mem_map below max_pfn. */
static int dump_fw_read(void *ctx, u64 node, struct dump_fw_page *p)
{
	u64 first = (unsigned long)mem_map + offsetof(struct page, buddy_list);
	struct page *page;
	u64 idx;

	if (node < first || (node - first) % sizeof(struct page))
		return -EFAULT;
	idx = div_u64(node - first, sizeof(struct page));
	if (idx >= max_pfn)
		return -EFAULT;
	page = mem_map + (unsigned long)idx;
	p->pfn = idx + ARCH_PFN_OFFSET;
	p->next = (unsigned long)READ_ONCE(page->buddy_list.next);
	p->prev = (unsigned long)READ_ONCE(page->buddy_list.prev);
	p->order = READ_ONCE(page->private);
	p->zone = page_zonenum(page);
	p->buddy = (READ_ONCE(page->page_type) & (PAGE_TYPE_BASE | PG_buddy)) == PAGE_TYPE_BASE;
	return 0;
}

static const struct dump_fw_ops dump_fw_ops = { .page = dump_fw_read };

/* The lowmem zones' free lists, heads and links as they are now. */
static u32 dump_fw_collect(void)
{
	struct pglist_data *pgdat = NODE_DATA(0);
	u32 n = 0;
	int z, o, mt;

	for (z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		if (is_highmem_idx(z) || !zone->spanned_pages)
			continue;
		for (o = 0; o < MAX_ORDER; o++) {
			for (mt = 0; mt < MIGRATE_TYPES; mt++) {
				struct list_head *head = &zone->free_area[o].free_list[mt];
				struct dump_fw_list *l = &dump_fw_lists[n++];

				l->head = (unsigned long)head;
				l->head_next = (unsigned long)READ_ONCE(head->next);
				l->head_prev = (unsigned long)READ_ONCE(head->prev);
				l->start_pfn = zone->zone_start_pfn;
				l->end_pfn = zone->zone_start_pfn + zone->spanned_pages;
				l->order = o;
				l->zone = z;
			}
		}
	}
	return n;
}

/* Pages the window's RAM needs: each piece in whole pages of its own. */
static u64 dump_free_pages_wanted(const struct dump_header *h)
{
	u64 pages = 0;
	u32 i;

	for (i = 0; i < h->nr_ranges && h->ranges[i].start < h->backup_size; i++) {
		u64 e = min(h->ranges[i].end, h->backup_size);

		pages += (round_up(e, (u64)PAGE_SIZE) -
			  round_down(h->ranges[i].start, (u64)PAGE_SIZE)) >> PAGE_SHIFT;
	}
	return pages;
}

/**
 * dump_free_plan() - at panic: where the window's RAM goes
 * @h: the header being written (ranges, window size, lowmem end)
 * @t: the window table, DUMP_FREE_TABLE_MAX entries after the header area
 * @why: on failure, why
 *
 * Called with the other CPUs stopped. Each piece of old RAM in the window
 * gets whole pages of its own, taken in order from the runs the walk
 * found; the entries tile the window's RAM in address order, as
 * dump_free_table_check() on the capture side wants them.
 *
 * Return: the number of entries, or -errno.
 */
int dump_free_plan(const struct dump_header *h, struct dump_map *t, const char **why)
{
	struct dump_fw_limits lim = {
		.min_pfn = PFN_UP(h->backup_size),
		.max_pfn = max_low_pfn,
		.want = dump_free_pages_wanted(h),
		.max_steps = DUMP_FW_MAX_STEPS,
		.max_runs = DUMP_FREE_MAX_RUNS,
		.split = dump_selftest_split(),
	};
	struct dump_fw_result res;
	u32 i, r = 0, nt = 0;
	u64 used = 0;
	int ret;

	if (!dump_fw_lists || !dump_fw_runs) {
		*why = "no scratch for the walk";
		return -ENOMEM;
	}
	ret = dump_free_walk(dump_fw_lists, dump_fw_collect(), &dump_fw_ops, NULL, &lim,
			     dump_fw_runs, &res, why);
	if (ret)
		return ret;
	/* The capture kernel takes copies only inside the header's RAM ranges. */
	for (i = 0; i < res.nr_runs; i++) {
		u64 s = dump_fw_runs[i].pfn << PAGE_SHIFT;

		if (!dump_ranges_contain(h->ranges, h->nr_ranges, s,
					 s + (dump_fw_runs[i].nr << PAGE_SHIFT))) {
			*why = "a free page outside the RAM ranges recorded at boot";
			return -ERANGE;
		}
	}
	/* Printed into the ring (the dump keeps it); the console may be held. */
	if (res.bad_lists)
		pr_emerg("dump_backup=free: %u free lists left alone (%s)\n", res.bad_lists, *why);
	for (i = 0; i < h->nr_ranges && h->ranges[i].start < h->backup_size; i++) {
		u64 s = h->ranges[i].start, e = min(h->ranges[i].end, h->backup_size);
		u64 pa = round_down(s, (u64)PAGE_SIZE);

		while (pa < e) {
			u64 take, start = max(pa, s);

			if (nt == DUMP_FREE_TABLE_MAX || r == res.nr_runs) {
				*why = "the window table is full";
				return -ENOSPC;
			}
			take = min(dump_fw_runs[r].nr - used,
				   (round_up(e, (u64)PAGE_SIZE) - pa) >> PAGE_SHIFT);
			t[nt].start = start;
			t[nt].end = min(pa + (take << PAGE_SHIFT), e);
			t[nt].src = ((dump_fw_runs[r].pfn + used) << PAGE_SHIFT) + (start - pa);
			nt++;
			used += take;
			pa += take << PAGE_SHIFT;
			if (used == dump_fw_runs[r].nr) {
				r++;
				used = 0;
			}
		}
	}
	*why = NULL;
	return nt;
}

/* mem_map, sealed at arming and compared at panic. */
const void *dump_free_mem_map(void)
{
	return mem_map;
}

/**
 * dump_free_lowmem_pages() - free lowmem pages, for the status file and the
 *	arm check
 *
 * An estimate from the zone counters (no lock, no walk): without
 * ZONE_DMA (16 MiB, the smallest window) it counts free pages inside the
 * window too, and the panic path also needs them in at most
 * DUMP_FREE_MAX_RUNS pieces. The panic path decides.
 *
 * Return: the count.
 */
unsigned long dump_free_lowmem_pages(void)
{
	unsigned long pages = 0;
	struct zone *zone;

	for_each_populated_zone(zone) {
		if (is_highmem(zone))
			continue;
#ifdef CONFIG_ZONE_DMA
		if (zone_idx(zone) == ZONE_DMA)
			continue;
#endif
		pages += zone_page_state(zone, NR_FREE_PAGES);
	}
	return pages;
}

#else

const void *dump_free_mem_map(void)
{
	return NULL;
}

size_t __init dump_free_setup(void)
{
	return 0;
}

int dump_free_plan(const struct dump_header *h, struct dump_map *t, const char **why)
{
	*why = "dump_backup=free needs FLATMEM";
	return -EOPNOTSUPP;
}

unsigned long dump_free_lowmem_pages(void)
{
	return 0;
}

#endif
