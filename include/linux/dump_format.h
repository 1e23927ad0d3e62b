/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory-preserving crash dumps: the data the first kernel leaves for the
 * capture kernel, and the pure logic both sides share (parameter parsing,
 * range tables, the low-window redirect, header sealing and validation,
 * ELF core layout). Nothing here touches hardware, locks or allocators, so
 * the same code builds in the kernel, in KUnit and in host unit tests.
 */
#ifndef _LINUX_DUMP_FORMAT_H
#define _LINUX_DUMP_FORMAT_H

#include <linux/types.h>

#define DUMP_PAGE_SIZE		4096ULL
#define DUMP_HEADER_MAGIC	0x31524448504d5544ULL	/* "DUMPHDR1" */
#define DUMP_HEADER_VERSION	3
/* Bytes reserved for the header right after the backup copy. */
#define DUMP_HEADER_AREA	(64 * 1024)
#define DUMP_MAX_RANGES		64
/* Splits at the backup region and at the end of lowmem add one load each. */
#define DUMP_MAX_LOADS		(DUMP_MAX_RANGES + 2)
#define DUMP_WINDOW_MIN		(16ULL << 20)
#define DUMP_BASE_AUTO		(~0ULL)	/* dump_backup=SIZE: the kernel places it */
#define DUMP_WINDOW_MAX		(64ULL << 20)

/*
 * dump_backup=[SIZE@]free: no backup region. At panic the window is copied
 * into pages the buddy allocator holds free, and the header area carries,
 * after the header and notes, the table of where each piece went. A base
 * with bit 0 set is this mode; the rest of it is the header area's
 * address (0: the first kernel places the area itself). The capture
 * kernel is told dump_backup=SIZE@free:ADDR.
 */
#define DUMP_BASE_FREE		0x1ULL
#define DUMP_WINDOW_MAX_FREE	(128ULL << 20)
#define DUMP_FREE_MAX_RUNS	2048
#define DUMP_FREE_TABLE_MAX	(DUMP_FREE_MAX_RUNS + DUMP_MAX_RANGES)
#define DUMP_FREE_TABLE_AREA	(64 * 1024)
#define DUMP_FREE_AREA		(DUMP_HEADER_AREA + DUMP_FREE_TABLE_AREA)
/* header flags */
#define DUMP_HDR_FREE		0x1	/* the window's copy is where the table says */

static inline bool dump_base_is_free(u64 base)
{
	return base != DUMP_BASE_AUTO && (base & DUMP_BASE_FREE);
}

/* Where the header is: after the backup copy, or where free mode put it. */
static inline u64 dump_header_addr(u64 base, u64 size)
{
	return dump_base_is_free(base) ? base & ~DUMP_BASE_FREE : base + size;
}

/* [start, end) in old physical addresses. */
struct dump_range {
	u64 start;
	u64 end;
};

/*
 * The dump header, at backup_base + backup_size, followed by notes_size
 * bytes of ELF notes: one NT_PRSTATUS per CPU, then VMCOREINFO. Every u64
 * sits at a multiple of 8, so the layout is the same for i386 and for the
 * 64-bit host that unit-tests it.
 *
 * Freshness: the first kernel zeroes the header area at boot; the panic
 * path writes magic last, after the window is copied and backup_csum
 * taken, and only then seals; the capture kernel zeroes it again once it
 * has its own copy. A header is therefore only ever seen by the capture
 * kernel booted by the panic that wrote it.
 */
struct dump_header {
	u64 magic;
	u32 version;
	u32 size;		/* sizeof(struct dump_header) + notes_size */
	u32 checksum;		/* CRC-32 of size bytes, this field as 0 */
	u32 nr_cpus;		/* NT_PRSTATUS notes in the notes */
	u64 backup_base;
	u64 backup_size;	/* also the size of the low window */
	u64 saved_max_pfn;	/* the old kernel's max_pfn */
	u64 lowmem_end;		/* end of the old direct map (max_low_pfn) */
	u64 page_offset;	/* the old kernel's PAGE_OFFSET */
	u64 backup_csum;	/* dump_csum_blocks() of each window RAM range, in order */
	u64 cpus_online;	/* bit n: CPU n was online at the panic (n < 64) */
	u64 cpus_saved;		/* bit n: CPU n's registers are in the notes */
	u32 nr_online;		/* CPUs online at the panic */
	u32 flags;		/* DUMP_HDR_FREE in free mode, else 0 */
	u32 us_verify;		/* panic path: checking the kexec image, in us */
	u32 us_copy;		/* copying and checksumming the window, in us */
	u32 nr_ranges;
	u32 notes_size;
	u32 nr_table;		/* free mode: entries of the window table */
	u32 table_crc;		/* free mode: CRC-32 of the table */
	struct dump_range ranges[DUMP_MAX_RANGES];
};

#define DUMP_NOTES_MAX	(DUMP_HEADER_AREA - sizeof(struct dump_header))

/*
 * The redirect table: where the bytes of old physical memory are now.
 * Old RAM in the low window was copied to the backup region before the
 * capture kernel overwrote it; everything else is still in place.
 */
struct dump_map {
	u64 start;	/* old physical address */
	u64 end;
	u64 src;	/* physical address of byte @start now */
};

/* One PT_LOAD of the ELF core and where its bytes sit in the file. */
struct dump_load {
	u64 paddr;
	u64 size;
	u64 offset;
	u64 vaddr;
};

/*
 * @loads holds @max_loads entries; when NULL, dump_elf_layout() uses
 * @inline_loads (enough for a dump with a backup region).
 */
struct dump_elf_layout {
	bool elf64;
	u32 nr_loads;
	u32 max_loads;
	struct dump_load *loads;
	u32 notes_size;
	u64 notes_offset;
	u64 headers_size;	/* ELF header + program headers + notes */
	u64 data_offset;	/* headers_size rounded up to a page */
	u64 file_size;
	struct dump_load inline_loads[DUMP_MAX_LOADS];
};

/* A kexec segment as the image checks see it. */
struct dump_segment {
	u64 mem;
	u64 memsz;
	u64 bufsz;
	bool kernel;	/* holds kernel_info ("LToP") at kernel_info_offset */
};

/*
 * A kexec entry list and how to read it. entry() reads word @idx of the
 * indirection page at physical @page; page() is called for every
 * (destination, source) pair in relocation order. Both return 0 or -errno.
 */
struct dump_kexec_list {
	int (*entry)(void *ctx, u64 page, u32 idx, u64 *val);
	int (*page)(void *ctx, u64 dest, u64 src);
	void *ctx;
	u32 entries_per_page;
	u32 max_ind;		/* bound on indirection pages */
	u32 max_pages;		/* bound on source pages */
	u64 window;		/* every destination page lies below it */
	u64 *links;		/* max_ind indirection page addresses, or NULL */
	bool check_links;	/* compare with @links instead of filling it */
};

struct dump_kexec_sum {
	u64 entries;		/* dump_csum of every entry word, in order */
	u32 nr_ind;
	u32 nr_pages;
};

/* dump_map_build() flags */
#define DUMP_MAP_NO_WINDOW	0x1	/* the backup failed its checksum */

int dump_parse_size(const char *s, u64 *val, const char **end);
int dump_parse_backup(const char *arg, u64 *size, u64 *base);
int dump_check_backup(u64 size, u64 base);
u32 dump_crc32(u32 crc, const void *buf, size_t len);
u64 dump_csum(u64 seed, const void *buf, size_t len);
u64 dump_csum_u64(u64 seed, u64 v);
/* The backup copy's checksum: dump_csum() chained over blocks of this size. */
#define DUMP_CSUM_BLOCK		0x100000ULL
u64 dump_csum_copy(u64 seed, void *dst, const void *src, size_t len);
u64 dump_csum_blocks(u64 seed, void *dst, const void *src, u64 len);

int dump_ranges_add(struct dump_range *r, u32 *nr, u32 max, u64 start, u64 end);
bool dump_ranges_overlap(const struct dump_range *r, u32 nr, u64 start, u64 end);
bool dump_ranges_contain(const struct dump_range *r, u32 nr, u64 start, u64 end);

void dump_header_seal(struct dump_header *h);
int dump_header_validate(const struct dump_header *h, size_t avail,
			 u64 backup_base, u64 backup_size, const char **why);
int dump_notes_scan(const void *notes, u32 size, u32 *nr_prstatus,
		    bool *has_vmcoreinfo);
int dump_note_len(const void *note, u32 avail);
u32 dump_missed_cpus(const struct dump_header *h, u32 *first);

int dump_map_add(struct dump_map *map, u32 max, u32 *nr, u64 start, u64 end, u64 src);
int dump_map_build(const struct dump_header *h, u32 flags, struct dump_map *map,
		   u32 max, u32 *nr);
const struct dump_map *dump_map_find(const struct dump_map *map, u32 nr,
				     u64 paddr);
int dump_map_chunk(u64 src, u64 len, u64 max_map, u64 *base, u64 *map_len,
		   u64 *chunk);
int dump_free_table_check(const struct dump_header *h, const struct dump_map *t,
			  struct dump_range *sorted, const char **why);
int dump_map_build_free(const struct dump_header *h, u32 flags, const struct dump_map *t,
			const struct dump_range *sorted, struct dump_map *map, u32 max,
			u32 *nr);

int dump_segment_check(u64 mem, u64 memsz, u64 window);
int dump_kexec_walk(const struct dump_kexec_list *l, u64 head,
		    struct dump_kexec_sum *sum, const char **why);
bool dump_is_boot_params(const u8 *page);
int dump_boot_footprint(const u8 *bp, const struct dump_segment *segs, u32 nr,
			u32 bp_seg, u64 *end, const char **why);
struct dump_cmdline_facts {
	bool capture;		/* "dump" */
	bool backup_ours;	/* a dump_backup= naming this kernel's region */
	bool backup_other;	/* a dump_backup= naming anything else */
	bool kaslr_off;		/* "nokaslr", or mem= within the window */
};

void dump_cmdline_scan(const char *cmdline, u64 window, u64 base,
		       struct dump_cmdline_facts *f);
int dump_cmdline_check(const char *cmdline, u64 window, u64 base, const char **why);

int dump_elf_layout(struct dump_elf_layout *l, const struct dump_header *h,
		    u32 notes_size, const struct dump_map *map, u32 nr_map,
		    int force_class);
int dump_elf_write(const struct dump_elf_layout *l, void *buf, size_t len,
		   const void *notes);
enum { DUMP_ELF_ZERO, DUMP_ELF_DATA, DUMP_ELF_HEADERS };
int dump_elf_find(const struct dump_elf_layout *l, u64 off, u64 *paddr,
		  u64 *len);
int dump_elf_page_run(const struct dump_elf_layout *l, const struct dump_map *map,
		      u32 nr_map, u64 pos, u64 *phys, u64 *npages);

#endif /* _LINUX_DUMP_FORMAT_H */
