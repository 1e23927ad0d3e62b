// SPDX-License-Identifier: GPL-2.0
/*
 * Test hooks for the QEMU scenarios (CONFIG_DUMP_SELFTEST; never in a
 * production kernel):
 *   /sys/kernel/dump/selftest_fill   write "N SALT": fill N pages each from
 *	ZONE_DMA (inside the low window), lowmem and highmem with a pattern
 *	derived from each pfn, and keep them; read: "PAGE pfn salt zone" lines.
 *	"N SALT above4g": the highmem pages all from above 4 GiB (PAE).
 *   /sys/kernel/dump/selftest_panic  write "oops": oops right here (with
 *	panic_on_oops the dump is taken from oops_end()); "inside": panic
 *	again inside the dump path; "magic", "checksum": corrupt that header
 *	field after sealing; "nr_cpus": claim one more CPU and seal again, so
 *	that only the capture kernel's note count can catch it; "backup":
 *	flip a byte of the backup copy after sealing; "entry", "staging":
 *	right now, point one source entry of the loaded kexec image at the
 *	next page, or flip a byte of its first staging page (the panic path
 *	must notice and take the normal panic); "panic": panic right here
 *	with a message of its own.
 */
#define pr_fmt(fmt) "dump selftest: " fmt

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/kexec.h>
#include <linux/list.h>
#include <linux/sizes.h>
#include <linux/dump.h>

#define SELFTEST_MAX_PAGES 64

static DEFINE_MUTEX(selftest_lock);
static struct {
	unsigned long pfn;
	u32 salt;
	const char *zone;
} selftest_pages[3 * SELFTEST_MAX_PAGES];
static int selftest_nr;
static char selftest_mode[16];
static u32 selftest_split __ro_after_init;

/* dump_selftest_split=N: dump_backup=free takes N pages of each 2N (fragments). */
static int __init selftest_split_param(char *arg)
{
	return kstrtou32(arg, 0, &selftest_split);
}
early_param("dump_selftest_split", selftest_split_param);

/**
 * dump_selftest_split() - the fragmentation hook of the free-page walk
 *
 * Return: 0, or N from dump_selftest_split=N.
 */
u32 dump_selftest_split(void)
{
	return selftest_split;
}

/* The pattern test/vmcore_check.py and test/guest/dumptest.c expect. */
static void selftest_fill_page(void *p, unsigned long pfn, u32 salt)
{
	u8 *b = p;
	u32 v[2] = { pfn, salt };
	int i;

	memcpy(b, "DUMPPAT", 8);
	memcpy(b + 8, v, sizeof(v));
	for (i = 16; i < PAGE_SIZE; i++)
		b[i] = (pfn * 131 + salt + ((i - 16) & 255)) & 0xff;
}

/*
 * A highmem page above 4 GiB: take highmem pages until one lies there,
 * then give back the others. At most every highmem page is taken once.
 * Movable pageblocks are handed out from the top of RAM, unmovable ones
 * from the bottom; the page is kept, never migrated (it is not on an LRU).
 */
static struct page *selftest_page_above4g(void)
{
	unsigned long tries = totalhigh_pages();
	struct page *page, *tmp, *found = NULL;
	LIST_HEAD(others);

	while (tries--) {
		page = alloc_page(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN | __GFP_NORETRY);
		if (!page)
			break;
		if ((u64)page_to_pfn(page) << PAGE_SHIFT >= SZ_4G) {
			found = page;
			break;
		}
		list_add(&page->lru, &others);
	}
	if (!found)
		pr_info("no highmem page above 4 GiB (%lu highmem pages, %lu left to try)\n",
			totalhigh_pages(), tries);
	list_for_each_entry_safe(page, tmp, &others, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
	return found;
}

static ssize_t selftest_fill_store(struct kobject *kobj, struct kobj_attribute *attr,
				   const char *buf, size_t count)
{
	static const struct { gfp_t gfp; const char *zone; } kinds[] = {
		{ GFP_KERNEL | GFP_DMA, "dma" },
		{ GFP_KERNEL, "normal" },
		{ GFP_HIGHUSER, "high" },
	};
	unsigned int n, salt, i, k;
	char where[8] = "";
	bool above4g;

	if (sscanf(buf, "%u %u %7s", &n, &salt, where) < 2 || n > SELFTEST_MAX_PAGES)
		return -EINVAL;
	above4g = !strcmp(where, "above4g");
	if (where[0] && !above4g)
		return -EINVAL;
	mutex_lock(&selftest_lock);
	selftest_nr = 0;
	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		for (i = 0; i < n; i++) {
			struct page *page;
			void *p;

			if (above4g && kinds[k].gfp == GFP_HIGHUSER)
				page = selftest_page_above4g();
			else
				page = alloc_page(kinds[k].gfp);
			if (!page)
				break;
			p = kmap_local_page(page);
			selftest_fill_page(p, page_to_pfn(page), salt);
			kunmap_local(p);
			selftest_pages[selftest_nr].pfn = page_to_pfn(page);
			selftest_pages[selftest_nr].salt = salt;
			if ((u64)page_to_pfn(page) << PAGE_SHIFT >= SZ_4G)
				selftest_pages[selftest_nr].zone = "above4g";
			else if (PageHighMem(page))
				selftest_pages[selftest_nr].zone = "high";
			else
				selftest_pages[selftest_nr].zone = kinds[k].zone;
			selftest_nr++;
		}
	}
	mutex_unlock(&selftest_lock);
	return count;
}

static ssize_t selftest_fill_show(struct kobject *kobj, struct kobj_attribute *attr,
				  char *buf)
{
	int i, n = 0;

	mutex_lock(&selftest_lock);
	for (i = 0; i < selftest_nr; i++)
		n += sysfs_emit_at(buf, n, "PAGE %#lx %u %s\n", selftest_pages[i].pfn,
				   selftest_pages[i].salt, selftest_pages[i].zone);
	mutex_unlock(&selftest_lock);
	return n;
}

static int *selftest_null;

/* The first source entry of the loaded image's entry list, or NULL. */
static kimage_entry_t *selftest_first_source(void)
{
	kimage_entry_t *e;
	int i;

	if (!kexec_image || !(kexec_image->head & IND_INDIRECTION))
		return NULL;
	e = phys_to_virt(kexec_image->head & PAGE_MASK);
	for (i = 0; i < PAGE_SIZE / sizeof(*e) - 1; i++)
		if (e[i] & IND_SOURCE)
			return &e[i];
	return NULL;
}

static void selftest_corrupt_image(const char *what)
{
	kimage_entry_t *e = selftest_first_source();
	u8 *page;

	if (!e) {
		pr_err("no kexec image to corrupt\n");
		return;
	}
	if (!strcmp(what, "entry")) {
		*e += PAGE_SIZE;
	} else {
		page = kmap_local_pfn(*e >> PAGE_SHIFT);
		page[100] ^= 0xff;
		kunmap_local(page);
	}
	pr_info("corrupted the kexec image's %s\n", what);
}

static ssize_t selftest_panic_store(struct kobject *kobj, struct kobj_attribute *attr,
				    const char *buf, size_t count)
{
	strscpy(selftest_mode, buf, sizeof(selftest_mode));
	strim(selftest_mode);
	/* An oops in process context, for the oops_end() -> crash_kexec() path. */
	if (!strcmp(selftest_mode, "oops"))
		WRITE_ONCE(*selftest_null, 1);
	if (!strcmp(selftest_mode, "panic"))
		panic("dump selftest: panic on request");
	if (!strcmp(selftest_mode, "entry") || !strcmp(selftest_mode, "staging"))
		selftest_corrupt_image(selftest_mode);
	return count;
}

static ssize_t selftest_panic_show(struct kobject *kobj, struct kobj_attribute *attr,
				   char *buf)
{
	return sysfs_emit(buf, "%s\n", selftest_mode);
}

/**
 * dump_selftest_in_panic_path() - panic again inside the dump path, if asked
 */
void dump_selftest_in_panic_path(void)
{
	if (!strcmp(selftest_mode, "inside"))
		panic("dump selftest: panic inside the dump path");
}

/**
 * dump_selftest_header() - corrupt one sealed header field, if asked
 * @h: the sealed header
 */
void dump_selftest_header(struct dump_header *h)
{
	if (!strcmp(selftest_mode, "magic")) {
		h->magic = 0;
	} else if (!strcmp(selftest_mode, "checksum")) {
		h->checksum ^= 1;
	} else if (!strcmp(selftest_mode, "nr_cpus")) {
		h->nr_cpus++;
		h->nr_online++;
		dump_header_seal(h);
	} else if (!strcmp(selftest_mode, "backup")) {
		u64 at = h->backup_base + 0x123456;

		if (h->flags & DUMP_HDR_FREE) {
			/* free mode: a byte of the last piece's copy */
			u64 hdr = dump_header_addr(h->backup_base, 0);
			const struct dump_map *t = phys_to_virt(hdr + DUMP_HEADER_AREA);

			at = t[h->nr_table - 1].src;
		}
		((u8 *)phys_to_virt(at))[0] ^= 0x5a;
	} else {
		return;
	}
	pr_emerg("corrupted the header's %s\n", selftest_mode);
}

static struct kobj_attribute selftest_fill_attr =
	__ATTR(selftest_fill, 0600, selftest_fill_show, selftest_fill_store);
static struct kobj_attribute selftest_panic_attr =
	__ATTR(selftest_panic, 0600, selftest_panic_show, selftest_panic_store);

static struct attribute *selftest_attrs[] = {
	&selftest_fill_attr.attr,
	&selftest_panic_attr.attr,
	NULL,
};

static const struct attribute_group selftest_group = {
	.attrs = selftest_attrs,
};

static int __init dump_selftest_init(void)
{
	if (!dump_kobj)
		return -ENODEV;
	return sysfs_create_group(dump_kobj, &selftest_group);
}
late_initcall(dump_selftest_init);
