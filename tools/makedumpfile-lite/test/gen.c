// SPDX-License-Identifier: GPL-2.0
/*
 * gen: build a synthetic i386 vmcore (ELF32 or ELF64, EM_386) from a spec,
 * plus a manifest saying what every pfn is.
 *
 *   gen SPEC OUT.vmcore OUT.manifest
 *
 * Spec lines ('#' comments):
 *   class 32|64            ELF class (default 32)
 *   machine N              e_machine (default 3, EM_386)
 *   pages N                RAM pages (default 1024)
 *   load PFN N [FILEPAGES] a PT_LOAD of N pages (FILEPAGES < N: tail excluded)
 *   nodestart PFN          contig_page_data.node_start_pfn (default 0)
 *   sparsemem SB PB [extreme]  struct pages per section (SECTION_SIZE_BITS SB,
 *                          MAX_PHYSMEM_BITS PB), STATIC or EXTREME layout
 *   nomemmap SECTION       that section has no mem_map (its pages are kept)
 *   novaddr                PT_LOADs get p_vaddr 0
 *   novmcoreinfo           no VMCOREINFO note
 *   vi KEY=VALUE           add or replace a VMCOREINFO line
 *   vidrop KEY             remove a VMCOREINFO line
 *   corruptnote            a note whose size runs past its PT_NOTE
 *   incomplete             set e_flags DUMP_ELF_INCOMPLETE
 *   range PFN N KIND       KIND: zero cache private swapcache user free:ORDER
 *                          slab thp:ORDER hugetlb:ORDER offline, or content
 *                          only (kernel pages): text random, copy:SRC (page
 *                          SRC, of an earlier range), nearcopy:SRC (one
 *                          byte off it, at a place that moves)
 *   dmesg TEXT             one printk record (ts = index seconds, "\\n" = newline)
 *   dmesgstart ID LPOS     first record id and text lpos (to test wrapping)
 *   vmalloc ADDR           vmap_area_list with one vmap_area at va_start ADDR
 *
 * Layout of the fake 6.1 i386 kernel: pfn 1 holds variables (mem_map
 * pointer, contig_page_data, init_uts_ns, prb), pfns 2.. the mem_map
 * (32-byte struct pages), then the printk descriptor/info/data rings.
 * Pages not named by a range are kernel pages with a pfn pattern.
 * Manifest lines: "PFN CLASS" with CLASS kernel zero cache private user
 * free offline absent (excluded in the input) missing (in no PT_LOAD).
 */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PS 4096u
#define PO 0xc0000000u
#define SPAGE 32u
#define VARS_PFN 1u
#define MEMMAP_PFN 2u
#define PG_lru 4
#define PG_slab 9
#define PG_swapcache 10
#define PG_private 13
#define PG_head 16
#define PG_swapbacked 19
#define BUDDY (-129)
#define OFFLINE (-257)
#define MAXLOADS 64
#define MAXVI 256

enum kind { K_KERNEL, K_ZERO, K_CACHE, K_PRIVATE, K_USER, K_FREE, K_ABSENT, K_OFFLINE, K_MISSING };
static const char *const kname[] = { "kernel", "zero", "cache", "private", "user", "free",
				     "absent", "offline", "missing" };

struct spec {
	int cls, machine;
	unsigned int pages;
	struct { unsigned int pfn, n, filen; } load[MAXLOADS];
	int nload;
	int novaddr, novi, corrupt, incomplete;
	unsigned int nodestart;
	int sparse, extreme;		/* SPARSEMEM layout of struct pages */
	uint32_t dmesg_id, dmesg_lpos, vmalloc;
	unsigned int sec_bits, phys_bits;
	unsigned int nomap[16];	/* sections without a mem_map */
	int nnomap;
	char *vi[MAXVI];
	int nvi;
	char *dmesg[64];
	int ndmesg;
};

static unsigned char *mem;	/* all of RAM */
static unsigned int first_free = 64;	/* first pfn a range may use */
static enum kind *cls;
static struct spec *g_spec;	/* for spage() */

static void die(const char *m, const char *a)
{
	fprintf(stderr, "gen: %s%s\n", m, a ? a : "");
	exit(1);
}

static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* SPARSEMEM: section k's array sits in slot (nsec - 1 - k): order reversed */
static unsigned int sec_slot(unsigned int sec)
{
	unsigned int per = 1u << (g_spec->sec_bits - 12);
	unsigned int nsec = (g_spec->pages + per - 1) / per;

	return nsec - 1 - sec;
}

static unsigned char *spage(unsigned int pfn)
{
	if (g_spec && g_spec->sparse) {
		unsigned int shift = g_spec->sec_bits - 12, per = 1u << shift;

		return mem + MEMMAP_PFN * PS +
		       ((size_t)sec_slot(pfn >> shift) * per + (pfn & (per - 1))) * SPAGE;
	}
	return mem + MEMMAP_PFN * PS + (size_t)pfn * SPAGE;
}

static void pattern(unsigned int pfn)
{
	unsigned char *p = mem + (size_t)pfn * PS;
	unsigned int i;

	for (i = 0; i < PS; i++)
		p[i] = (unsigned char)(pfn * 7 + i * 13 + (i >> 8) + 1);
	p[0] = (unsigned char)(pfn | 1);
}

static uint32_t rng = 12345;

static uint32_t next_rand(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

/* words from a small vocabulary, some numbers: compresses about 3:1 */
static void text_page(unsigned int pfn)
{
	static const char *const w[] = { "task", "struct", "0x", "page", "kernel", "mm", "lock",
					 "\n", "ffff", "c1", "inode", "dentry", "  ", "=", "0000" };
	unsigned char *p = mem + (size_t)pfn * PS;
	size_t i = 0;

	while (i < PS) {
		const char *t = w[next_rand() % 15];
		size_t l = strlen(t);

		if (next_rand() % 4 == 0) {
			p[i++] = (unsigned char)next_rand();
			continue;
		}
		if (i + l > PS)
			l = PS - i;
		memcpy(p + i, t, l);
		i += l;
	}
}

static void random_page(unsigned int pfn)
{
	unsigned char *p = mem + (size_t)pfn * PS;
	unsigned int i;

	for (i = 0; i < PS; i++)
		p[i] = (unsigned char)next_rand();
}

static void vi_set(struct spec *s, const char *kv)
{
	size_t klen = strcspn(kv, "=");
	int i;

	for (i = 0; i < s->nvi; i++)
		if (!strncmp(s->vi[i], kv, klen) && s->vi[i][klen] == '=') {
			free(s->vi[i]);
			s->vi[i] = strdup(kv);
			return;
		}
	if (s->nvi == MAXVI)
		die("too many vi lines", NULL);
	s->vi[s->nvi++] = strdup(kv);
}

static void vi_drop(struct spec *s, const char *k)
{
	size_t klen = strlen(k);
	int i;

	for (i = 0; i < s->nvi; i++)
		if (!strncmp(s->vi[i], k, klen) && s->vi[i][klen] == '=') {
			free(s->vi[i]);
			s->vi[i] = s->vi[--s->nvi];
			return;
		}
}

static const char *const default_vi[] = {
	"OSRELEASE=6.1.0-synthetic", "PAGESIZE=4096",
	"SYMBOL(init_uts_ns)=c0001400", "OFFSET(uts_namespace.name)=4",
	"SYMBOL(mem_map)=c0001000", "SYMBOL(contig_page_data)=c0001100",
	"SIZE(page)=32", "SIZE(list_head)=8", "SIZE(pglist_data)=256",
	"OFFSET(page.flags)=0", "OFFSET(page._refcount)=28", "OFFSET(page.mapping)=12",
	"OFFSET(page.lru)=4", "OFFSET(page._mapcount)=24", "OFFSET(page.private)=20",
	"OFFSET(page.compound_dtor)=8", "OFFSET(page.compound_order)=9",
	"OFFSET(page.compound_head)=4",
	"OFFSET(pglist_data.node_mem_map)=8", "OFFSET(pglist_data.node_start_pfn)=16",
	"OFFSET(pglist_data.node_spanned_pages)=20", "LENGTH(zone.free_area)=11",
	"NUMBER(PG_lru)=4", "NUMBER(PG_private)=13", "NUMBER(PG_swapcache)=10",
	"NUMBER(PG_swapbacked)=19", "NUMBER(PG_slab)=9", "NUMBER(PG_head_mask)=65536",
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129", "NUMBER(HUGETLB_PAGE_DTOR)=2",
	"NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)=-257",
	"SYMBOL(prb)=c0001800",
	"SIZE(printk_ringbuffer)=44", "OFFSET(printk_ringbuffer.desc_ring)=0",
	"OFFSET(printk_ringbuffer.text_data_ring)=24", "OFFSET(printk_ringbuffer.fail)=40",
	"SIZE(prb_desc_ring)=24", "OFFSET(prb_desc_ring.count_bits)=0",
	"OFFSET(prb_desc_ring.descs)=4", "OFFSET(prb_desc_ring.infos)=8",
	"OFFSET(prb_desc_ring.head_id)=12", "OFFSET(prb_desc_ring.tail_id)=16",
	"SIZE(prb_desc)=12", "OFFSET(prb_desc.state_var)=0",
	"OFFSET(prb_desc.text_blk_lpos)=4", "SIZE(prb_data_blk_lpos)=8",
	"OFFSET(prb_data_blk_lpos.begin)=0", "OFFSET(prb_data_blk_lpos.next)=4",
	"SIZE(printk_info)=88", "OFFSET(printk_info.seq)=0", "OFFSET(printk_info.ts_nsec)=8",
	"OFFSET(printk_info.text_len)=16", "OFFSET(printk_info.caller_id)=20",
	"OFFSET(printk_info.dev_info)=24", "SIZE(prb_data_ring)=16",
	"OFFSET(prb_data_ring.size_bits)=0", "OFFSET(prb_data_ring.data)=4",
	"OFFSET(prb_data_ring.head_lpos)=8", "OFFSET(prb_data_ring.tail_lpos)=12",
	"SIZE(atomic_long_t)=4", "OFFSET(atomic_long_t.counter)=0",
	"CRASHTIME=1700000000",
};

static void set_struct(unsigned int pfn, uint32_t flags, uint32_t mapping, uint32_t priv,
		       int32_t mapcount)
{
	unsigned char *sp = spage(pfn);

	put32(sp + 0, flags);
	put32(sp + 12, mapping);
	put32(sp + 20, priv);
	put32(sp + 24, (uint32_t)mapcount);
}

static void compound(unsigned int pfn, unsigned int order, uint32_t flags, uint32_t mapping,
		     unsigned char dtor, enum kind k)
{
	unsigned int i, n = 1u << order;

	set_struct(pfn, flags | (1u << PG_head), mapping, 0, -1);
	for (i = 1; i < n; i++) {
		put32(spage(pfn + i) + 4, (PO + MEMMAP_PFN * PS + pfn * SPAGE) | 1);
		put32(spage(pfn + i) + 12, 0x400);	/* TAIL_MAPPING */
		if (i == 1)	/* compound_mapcount -1 sits in the mapping slot */
			put32(spage(pfn + i) + 12, 0xffffffffu);
		cls[pfn + i] = k;
	}
	spage(pfn + 1)[8] = dtor;
	spage(pfn + 1)[9] = (unsigned char)order;
	cls[pfn] = k;
}

static void do_range(struct spec *s, unsigned int pfn, unsigned int n, const char *kind)
{
	unsigned int i, order = 0;
	const char *colon = strchr(kind, ':');

	if (colon)
		order = (unsigned int)atoi(colon + 1);
	if (pfn < first_free || pfn + n > s->pages)
		die("range must lie in [64 or after the mem_map and printk rings, pages): ", kind);
	for (i = 0; i < n; i++) {
		unsigned int p = pfn + i;

		if (!strcmp(kind, "zero")) {
			memset(mem + (size_t)p * PS, 0, PS);
			cls[p] = K_ZERO;
		} else if (!strcmp(kind, "cache")) {
			set_struct(p, 1u << PG_lru, 0xc1000000u, 0, -1);
			cls[p] = K_CACHE;
		} else if (!strcmp(kind, "private")) {
			set_struct(p, 1u << PG_lru | 1u << PG_private, 0xc1000000u, 0x1234, -1);
			cls[p] = K_PRIVATE;
		} else if (!strcmp(kind, "swapcache")) {
			/* swap cache, not on the LRU: cache only with PG_swapbacked */
			set_struct(p, 1u << PG_swapcache | 1u << PG_swapbacked, 0xc1000040u, 5, -1);
			cls[p] = K_CACHE;
		} else if (!strcmp(kind, "user")) {
			set_struct(p, 1u << PG_lru | 1u << PG_swapbacked, 0xc2000001u, 0, 0);
			cls[p] = K_USER;
		} else if (!strcmp(kind, "slab")) {
			/* _mapcount happens to equal the buddy value: must be kept */
			set_struct(p, 1u << PG_slab, 0xc3000000u, 0, BUDDY);
			cls[p] = K_KERNEL;
		} else if (!strcmp(kind, "text")) {
			text_page(p);	/* kernel data that compresses like text */
		} else if (!strcmp(kind, "random")) {
			random_page(p);	/* does not compress */
		} else if (!strncmp(kind, "copy:", 5) || !strncmp(kind, "nearcopy:", 9)) {
			/* page "order" (named in an earlier range) again, or one byte off */
			if (order >= s->pages)
				die("copy of a page past the end: ", kind);
			memcpy(mem + (size_t)p * PS, mem + (size_t)order * PS, PS);
			if (kind[0] == 'n')
				mem[(size_t)p * PS + (i * 509u + 1) % PS] ^= 0x5a;
		} else if (!strcmp(kind, "offline")) {
			set_struct(p, 0, 0, 0, OFFLINE);
			cls[p] = K_OFFLINE;
		} else if (!strncmp(kind, "free:", 5)) {
			if (i % (1u << order) == 0) {
				if (p & ((1u << order) - 1))
					die("unaligned free block", NULL);
				set_struct(p, 0, 0, order, BUDDY);
			}
			cls[p] = K_FREE;
		} else if (!strncmp(kind, "thp:", 4)) {
			if (i % (1u << order) == 0)
				compound(p, order, 1u << PG_lru | 1u << PG_swapbacked,
					 0xc2000001u, 3, K_USER);
		} else if (!strncmp(kind, "hugetlb:", 8)) {
			if (i % (1u << order) == 0)
				compound(p, order, 0, 0, 2, K_USER);
		} else {
			die("unknown range kind ", kind);
		}
	}
}

static void parse(struct spec *s, const char *path, char ranges[][128], int *nr)
{
	FILE *f = fopen(path, "r");
	char line[512];
	size_t i;

	if (!f)
		die("cannot open spec ", path);
	s->cls = 32;
	s->machine = EM_386;
	s->pages = 1024;
	for (i = 0; i < sizeof(default_vi) / sizeof(default_vi[0]); i++)
		vi_set(s, default_vi[i]);
	while (fgets(line, sizeof(line), f)) {
		char *p = line, w[64];
		unsigned int a, b, c;
		int n;

		line[strcspn(line, "\n#")] = '\0';
		if (sscanf(p, "%63s%n", w, &n) != 1)
			continue;
		p += n;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!strcmp(w, "class"))
			s->cls = atoi(p);
		else if (!strcmp(w, "machine"))
			s->machine = atoi(p);
		else if (!strcmp(w, "pages"))
			s->pages = (unsigned int)atoi(p);
		else if (!strcmp(w, "load")) {
			int k = sscanf(p, "%u %u %u", &a, &b, &c);

			if (k < 2 || s->nload == MAXLOADS)
				die("bad load line", NULL);
			s->load[s->nload].pfn = a;
			s->load[s->nload].n = b;
			s->load[s->nload].filen = k == 3 ? c : b;
			s->nload++;
		} else if (!strcmp(w, "nodestart"))
			s->nodestart = (unsigned int)atoi(p);
		else if (!strcmp(w, "sparsemem")) {
			char ext[16] = "";

			s->sparse = 1;
			if (sscanf(p, "%u %u %15s", &s->sec_bits, &s->phys_bits, ext) < 2)
				die("sparsemem SECTION_SIZE_BITS MAX_PHYSMEM_BITS [extreme]", NULL);
			s->extreme = !strcmp(ext, "extreme");
		} else if (!strcmp(w, "dmesgstart")) {
			if (sscanf(p, "%u %u", &s->dmesg_id, &s->dmesg_lpos) != 2)
				die("dmesgstart ID LPOS", NULL);
		} else if (!strcmp(w, "vmalloc"))
			s->vmalloc = (uint32_t)strtoul(p, NULL, 16);
		else if (!strcmp(w, "nomemmap"))
			s->nomap[s->nnomap++] = (unsigned int)atoi(p);
		else if (!strcmp(w, "novaddr"))
			s->novaddr = 1;
		else if (!strcmp(w, "novmcoreinfo"))
			s->novi = 1;
		else if (!strcmp(w, "corruptnote"))
			s->corrupt = 1;
		else if (!strcmp(w, "incomplete"))
			s->incomplete = 1;
		else if (!strcmp(w, "vi"))
			vi_set(s, p);
		else if (!strcmp(w, "vidrop"))
			vi_drop(s, p);
		else if (!strcmp(w, "range"))
			snprintf(ranges[(*nr)++], 128, "%s", p);
		else if (!strcmp(w, "dmesg")) {
			char *d = strdup(p), *q;

			/* "\n" in the spec is a newline inside the record */
			while ((q = strstr(d, "\\n"))) {
				*q = '\n';
				memmove(q + 1, q + 2, strlen(q + 2) + 1);
			}
			s->dmesg[s->ndmesg++] = d;
		}
		else
			die("unknown spec word ", w);
	}
	fclose(f);
	if (!s->nload) {
		s->load[0].pfn = 0;
		s->load[0].n = s->load[0].filen = s->pages;
		s->nload = 1;
	}
}

/*
 * printk ring: 16 descriptors, 4 KiB of text, right after the mem_map.
 * Ids start at dmesg_id and text at lpos dmesg_lpos ("dmesgstart"), so
 * a spec can make ids wrap at DESC_ID_MASK and a text block wrap to the
 * start of the data ring (stored there, as data_alloc() does).
 */
static void build_prb(struct spec *s, unsigned int ring_pfn)
{
	unsigned char *rb = mem + VARS_PFN * PS + 0x810;
	uint32_t descs = PO + ring_pfn * PS, infos = descs + 0x100, data = PO + (ring_pfn + 1) * PS;
	unsigned char *dp = mem + (size_t)(ring_pfn + 1) * PS;
	const uint32_t idmask = 0x3fffffff, size = 4096;
	uint32_t lpos = s->dmesg_lpos, id = s->dmesg_id & idmask;
	int i;

	put32(mem + VARS_PFN * PS + 0x800, PO + VARS_PFN * PS + 0x810);	/* prb */
	put32(rb + 0, 4);		/* count_bits */
	put32(rb + 4, descs);
	put32(rb + 8, infos);
	put32(rb + 12, (id + (uint32_t)(s->ndmesg ? s->ndmesg - 1 : 0)) & idmask);	/* head_id */
	put32(rb + 16, id);		/* tail_id */
	put32(rb + 24, 12);		/* size_bits */
	put32(rb + 28, data);
	for (i = 0; i < s->ndmesg && i < 16; i++, id = (id + 1) & idmask) {
		unsigned char *d = mem + (size_t)ring_pfn * PS + (id & 15) * 12;
		unsigned char *in = mem + (size_t)ring_pfn * PS + 0x100 + (id & 15) * 88;
		uint32_t len = (uint32_t)strlen(s->dmesg[i]);
		uint32_t blk = (4 + len + 3) & ~3u, begin = lpos, idx = lpos & (size - 1), next;
		uint64_t ts = (uint64_t)(i + 1) * 1000000000ull + 123456000ull;

		if (idx + blk > size) {	/* wraps: id at the end, block at the start */
			if (idx + 4 <= size)
				put32(dp + idx, id);
			next = ((lpos + size) & ~(size - 1)) + blk;
			idx = 0;
		} else {
			next = lpos + blk;
		}
		put32(d, id | 2u << 30);	/* finalized */
		put32(d + 4, begin);
		put32(d + 8, next);
		memcpy(in + 8, &ts, 8);
		in[16] = (unsigned char)len;
		in[17] = (unsigned char)(len >> 8);
		put32(dp + idx, id);
		memcpy(dp + idx + 4, s->dmesg[i], len);
		lpos = next;
	}
}

/* vmap_area_list (VARS + 0x900) -> one vmap_area (VARS + 0x940, list at +20) */
static void build_vmap(struct spec *s)
{
	unsigned char *v = mem + VARS_PFN * PS;
	uint32_t head = PO + VARS_PFN * PS + 0x900, va = PO + VARS_PFN * PS + 0x940;
	char kv[64];

	put32(v + 0x900, va + 20);	/* head.next */
	put32(v + 0x904, va + 20);	/* head.prev */
	put32(v + 0x940, s->vmalloc);	/* va_start */
	put32(v + 0x944, s->vmalloc + 0x2000);	/* va_end */
	put32(v + 0x940 + 20, head);	/* list.next */
	put32(v + 0x940 + 24, head);	/* list.prev */
	snprintf(kv, sizeof(kv), "SYMBOL(vmap_area_list)=%x", head);
	vi_set(s, kv);
	vi_set(s, "OFFSET(vmap_area.va_start)=0");
	vi_set(s, "OFFSET(vmap_area.list)=20");
	vi_set(s, "OFFSET(list_head.next)=0");
}

static void build_sections(struct spec *s)
{
	unsigned int nr = 1u << (s->phys_bits - s->sec_bits), shift = s->sec_bits - 12;
	unsigned int per = 1u << shift, nsec = (s->pages + per - 1) / per, sec;
	unsigned char *v = mem + VARS_PFN * PS;
	uint32_t sym = PO + VARS_PFN * PS + 0xc00, table = sym;
	char kv[64];
	int i;

	if (nr * 8 > 0x300)
		die("too many sections for the fixed layout", NULL);
	put32(v, 0);		/* mem_map is NULL on SPARSEMEM */
	put32(v + 0x100 + 8, 0);	/* node_mem_map too */
	if (s->extreme) {
		table = sym + 0x100;
		put32(v + 0xc00, table);	/* one root: 512 sections per page */
	}
	for (sec = 0; sec < nsec; sec++) {
		uint32_t coded = PO + MEMMAP_PFN * PS + sec_slot(sec) * per * SPAGE - sec * per * SPAGE;

		coded |= 0xf;	/* present, has mem_map, online, early */
		for (i = 0; i < s->nnomap; i++)
			if (s->nomap[i] == sec)
				coded = 0x1;	/* present, no mem_map */
		put32(mem + (table - PO) + sec * 8, coded);
	}
	vi_drop(s, "OFFSET(pglist_data.node_mem_map)");
	snprintf(kv, sizeof(kv), "SYMBOL(mem_section)=%x", sym);
	vi_set(s, kv);
	snprintf(kv, sizeof(kv), "LENGTH(mem_section)=%u", s->extreme ? 1 : nr);
	vi_set(s, kv);
	vi_set(s, "SIZE(mem_section)=8");
	vi_set(s, "OFFSET(mem_section.section_mem_map)=0");
	snprintf(kv, sizeof(kv), "NUMBER(SECTION_SIZE_BITS)=%u", s->sec_bits);
	vi_set(s, kv);
	snprintf(kv, sizeof(kv), "NUMBER(MAX_PHYSMEM_BITS)=%u", s->phys_bits);
	vi_set(s, kv);
}

/* Pages of sections without a mem_map cannot be judged: the tool keeps them. */
static void keep_unmapped_sections(struct spec *s)
{
	unsigned int shift = s->sec_bits - 12, pfn;
	int i;

	for (i = 0; s->sparse && i < s->nnomap; i++)
		for (pfn = s->nomap[i] << shift; pfn < ((s->nomap[i] + 1) << shift) && pfn < s->pages; pfn++)
			if (cls[pfn] != K_ZERO && cls[pfn] != K_MISSING && cls[pfn] != K_ABSENT)
				cls[pfn] = K_KERNEL;
}

static void build_memory(struct spec *s, char ranges[][128], int nr)
{
	unsigned int pfn, mm_pages = (s->pages * SPAGE + PS - 1) / PS, ring = MEMMAP_PFN + mm_pages;
	unsigned char *v;
	int i;

	if (ring + 2 > 64)
		first_free = ring + 2;	/* big dumps: ranges start after the rings */
	mem = calloc(s->pages, PS);
	cls = calloc(s->pages, sizeof(*cls));
	for (pfn = 0; pfn < s->pages; pfn++)
		pattern(pfn);
	memset(mem + MEMMAP_PFN * PS, 0, (size_t)(mm_pages + 2) * PS);
	memset(mem + VARS_PFN * PS, 0, PS);
	for (pfn = 0; pfn < s->pages; pfn++)
		put32(spage(pfn) + 28, 1);	/* _refcount 1: no all-zero struct page */
	v = mem + VARS_PFN * PS;
	put32(v, PO + MEMMAP_PFN * PS);				/* mem_map */
	/* as alloc_node_mem_map(): node_mem_map is &mem_map[node_start_pfn] */
	put32(v + 0x100 + 8, PO + MEMMAP_PFN * PS + s->nodestart * SPAGE);
	put32(v + 0x100 + 16, s->nodestart);			/* node_start_pfn */
	put32(v + 0x100 + 20, s->pages - s->nodestart);		/* node_spanned_pages */
	strcpy((char *)v + 0x404 + 0 * 65, "Linux");
	strcpy((char *)v + 0x404 + 1 * 65, "synthetic");
	strcpy((char *)v + 0x404 + 2 * 65, "6.1.0-synthetic");
	strcpy((char *)v + 0x404 + 3 * 65, "#1 SMP");
	strcpy((char *)v + 0x404 + 4 * 65, "i686");
	build_prb(s, ring);
	if (s->vmalloc)
		build_vmap(s);
	if (s->sparse)
		build_sections(s);
	for (i = 0; i < nr; i++) {
		unsigned int a, n;
		char kind[64];

		if (sscanf(ranges[i], "%u %u %63s", &a, &n, kind) != 3)
			die("bad range ", ranges[i]);
		do_range(s, a, n, kind);
	}
}

static void classify_rest(struct spec *s)
{
	unsigned int pfn, j;
	int l;
	static const unsigned char z[PS];

	for (pfn = 0; pfn < s->pages; pfn++) {
		enum kind k = K_MISSING;

		for (l = 0; l < s->nload; l++) {
			if (pfn >= s->load[l].pfn && pfn < s->load[l].pfn + s->load[l].n)
				k = pfn < s->load[l].pfn + s->load[l].filen ? cls[pfn] : K_ABSENT;
		}
		if (k == K_KERNEL && !memcmp(mem + (size_t)pfn * PS, z, PS))
			k = K_ZERO;
		cls[pfn] = k;
		(void)j;
	}
}

static size_t note(unsigned char *p, const char *name, uint32_t type, const void *desc,
		   uint32_t dlen)
{
	uint32_t nlen = (uint32_t)strlen(name) + 1;
	size_t off = 12;

	put32(p, nlen);
	put32(p + 4, dlen);
	put32(p + 8, type);
	memcpy(p + off, name, nlen);
	off += (nlen + 3) & ~3u;
	memcpy(p + off, desc, dlen);
	return off + ((dlen + 3) & ~3u);
}

int main(int argc, char **argv)
{
	static char ranges[256][128];
	struct spec s = { 0 };
	unsigned char notes[16384], prstatus[144] = { 0 };
	char vitext[8192];
	size_t nlen = 0, vlen = 0, ehsz, phsz, off;
	int nr = 0, i, nph;
	FILE *f;

	if (argc != 4)
		die("usage: gen SPEC OUT.vmcore OUT.manifest", NULL);
	parse(&s, argv[1], ranges, &nr);
	g_spec = &s;
	build_memory(&s, ranges, nr);
	classify_rest(&s);
	keep_unmapped_sections(&s);

	nlen += note(notes + nlen, "CORE", NT_PRSTATUS, prstatus, sizeof(prstatus));
	nlen += note(notes + nlen, "CORE", NT_PRSTATUS, prstatus, sizeof(prstatus));
	for (i = 0; i < s.nvi; i++)
		vlen += (size_t)snprintf(vitext + vlen, sizeof(vitext) - vlen, "%s\n", s.vi[i]);
	if (!s.novi)
		nlen += note(notes + nlen, "VMCOREINFO", 0, vitext, (uint32_t)vlen);
	if (s.corrupt) {
		put32(notes + nlen, 5);
		put32(notes + nlen + 4, 0x7fffffff);
		put32(notes + nlen + 8, 0);
		nlen += 12;
	}

	nph = 1 + s.nload;
	ehsz = s.cls == 64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	phsz = s.cls == 64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
	f = fopen(argv[2], "wb");
	if (!f)
		die("cannot write ", argv[2]);
	off = (ehsz + phsz * (size_t)nph + nlen + PS - 1) & ~(size_t)(PS - 1);
	{
		unsigned char hdr[65536] = { 0 };
		unsigned char *ph = hdr + ehsz;
		size_t doff = off;

		memcpy(hdr, ELFMAG, SELFMAG);
		hdr[EI_CLASS] = s.cls == 64 ? ELFCLASS64 : ELFCLASS32;
		hdr[EI_DATA] = ELFDATA2LSB;
		hdr[EI_VERSION] = EV_CURRENT;
		if (s.cls == 64) {
			Elf64_Ehdr *e = (Elf64_Ehdr *)hdr;

			e->e_type = ET_CORE; e->e_machine = (uint16_t)s.machine;
			e->e_version = EV_CURRENT; e->e_phoff = ehsz; e->e_ehsize = (uint16_t)ehsz;
			e->e_phentsize = (uint16_t)phsz; e->e_phnum = (uint16_t)nph;
			e->e_flags = s.incomplete ? 1 : 0;
		} else {
			Elf32_Ehdr *e = (Elf32_Ehdr *)hdr;

			e->e_type = ET_CORE; e->e_machine = (uint16_t)s.machine;
			e->e_version = EV_CURRENT; e->e_phoff = (uint32_t)ehsz; e->e_ehsize = (uint16_t)ehsz;
			e->e_phentsize = (uint16_t)phsz; e->e_phnum = (uint16_t)nph;
			e->e_flags = s.incomplete ? 1 : 0;
		}
		for (i = 0; i < nph; i++) {
			uint64_t type = i ? PT_LOAD : PT_NOTE, o, pa, va, fs, ms;

			if (i == 0) {
				o = ehsz + phsz * (size_t)nph; pa = va = 0; fs = ms = nlen;
			} else {
				pa = (uint64_t)s.load[i - 1].pfn * PS;
				va = s.novaddr ? 0 : pa + PO;
				fs = (uint64_t)s.load[i - 1].filen * PS;
				ms = (uint64_t)s.load[i - 1].n * PS;
				o = doff;
				doff += fs;
			}
			if (s.cls == 64) {
				Elf64_Phdr *p = (Elf64_Phdr *)(ph + i * phsz);

				p->p_type = (uint32_t)type; p->p_offset = o; p->p_paddr = pa;
				p->p_vaddr = va; p->p_filesz = fs; p->p_memsz = ms; p->p_flags = PF_R;
			} else {
				Elf32_Phdr *p = (Elf32_Phdr *)(ph + i * phsz);

				p->p_type = (uint32_t)type; p->p_offset = (uint32_t)o;
				p->p_paddr = (uint32_t)pa; p->p_vaddr = (uint32_t)va;
				p->p_filesz = (uint32_t)fs; p->p_memsz = (uint32_t)ms; p->p_flags = PF_R;
			}
		}
		memcpy(hdr + ehsz + phsz * (size_t)nph, notes, nlen);
		fwrite(hdr, 1, off, f);
		for (i = 0; i < s.nload; i++)
			fwrite(mem + (size_t)s.load[i].pfn * PS, PS, s.load[i].filen, f);
	}
	if (fclose(f))
		die("write failed ", argv[2]);
	f = fopen(argv[3], "w");
	if (!f)
		die("cannot write ", argv[3]);
	for (unsigned int pfn = 0; pfn < s.pages; pfn++)
		fprintf(f, "%u %s\n", pfn, kname[cls[pfn]]);
	fclose(f);
	for (i = 0; i < s.nvi; i++)
		free(s.vi[i]);
	for (i = 0; i < s.ndmesg; i++)
		free(s.dmesg[i]);
	free(mem);
	free(cls);
	return 0;
}
