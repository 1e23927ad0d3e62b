/* SPDX-License-Identifier: GPL-2.0 */
/*
 * makedumpfile-lite: shared types.  Everything hangs off struct mdl_ctx;
 * there are no globals.  Functions return 0 or -errno and leave a message
 * in ctx->err (see mdl_err()); only main() prints.
 */
#ifndef MDL_H
#define MDL_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define MDL_ERR_LEN 512

/* makedumpfile's -d bits */
#define MDL_DL_ZERO      0x01
#define MDL_DL_CACHE     0x02
#define MDL_DL_CACHE_PRI 0x04
#define MDL_DL_USER      0x08
#define MDL_DL_FREE      0x10
#define MDL_DL_MAX       0x1f

enum mdl_compress {
	MDL_COMP_NONE = 0,
	MDL_COMP_ZLIB,
	MDL_COMP_LZO,
	MDL_COMP_ZSTD,
};

/* One PT_LOAD of the input, sorted by paddr. */
struct mdl_seg {
	uint64_t paddr;
	uint64_t vaddr;
	uint64_t memsz;
	uint64_t filesz;	/* bytes really in the file (clamped on truncation) */
	uint64_t offset;
};

/* One KEY=VALUE line of VMCOREINFO (pointers into ctx->vi_text). */
struct mdl_vi_entry {
	const char *key;
	const char *val;
};

struct mdl_vmcoreinfo {
	char *text;		/* NUL-separated copy of the note text */
	struct mdl_vi_entry *ent;
	size_t nent;
};

/* Why a page is (not) in the output. */
enum mdl_class {
	MDL_PG_KEEP = 0,
	MDL_PG_ZERO,
	MDL_PG_CACHE,
	MDL_PG_CACHE_PRI,
	MDL_PG_USER,
	MDL_PG_FREE,
	MDL_PG_HWPOISON,
	MDL_PG_OFFLINE,
	MDL_PG_ABSENT,		/* excluded in the input already */
	MDL_PG_NCLASS,
};

/* What the struct page filter needs, resolved once from VMCOREINFO. */
struct mdl_pageinfo {
	bool usable;		/* false: only zero pages may be excluded */
	bool sparse;		/* SPARSEMEM: struct pages found per section */
	uint64_t mem_map_vaddr;	/* FLATMEM: struct page of base_pfn (mem_map[0]) */
	uint64_t base_pfn;	/* FLATMEM: pfn of mem_map[0] */
	uint64_t sec_sym;	/* SPARSEMEM: mem_section array (or root array) */
	uint64_t nr_sections, per_root;	/* per_root 1: SPARSEMEM_STATIC */
	uint32_t sec_pfn_shift;	/* SECTION_SIZE_BITS - PAGE_SHIFT */
	uint64_t sec_map_mask;	/* clears the flag bits of section_mem_map */
	uint32_t sec_size;
	int32_t off_sec_map;
	uint64_t start_pfn;	/* first pfn with a struct page (node_start_pfn) */
	uint64_t nr_pages;	/* node_spanned_pages */
	uint32_t size_page;
	uint32_t ptr_size;
	int32_t off_flags, off_mapping, off_mapcount, off_private;
	int32_t off_compound_dtor, off_compound_order, off_compound_head;
	bool order_is_byte;	/* compound_order/dtor are u8 (from the offsets) */
	int64_t pg_lru, pg_private, pg_swapcache, pg_swapbacked, pg_slab;
	int64_t pg_head_mask, pg_hwpoison;
	int64_t buddy_mapcount, offline_mapcount, hugetlb_dtor;
	int64_t max_order;
};

struct mdl_counts {
	uint64_t pages[MDL_PG_NCLASS];
};

struct mdl_ctx {
	char err[MDL_ERR_LEN];
	char warn[MDL_ERR_LEN * 2];	/* non-fatal notes for main() to print */

	/* input */
	int fd;
	bool own_fd;
	const unsigned char *map;	/* whole input, or NULL: use pread */
	size_t map_len;
	uint64_t map_read;	/* bytes read through map since the last release */
	uint64_t file_size;
	Elf *elf;
	GElf_Ehdr ehdr;
	struct mdl_seg *seg;
	size_t nseg;
	unsigned char *notes;	/* all PT_NOTE contents, concatenated */
	size_t notes_len;
	size_t vi_desc_off;	/* VMCOREINFO desc inside notes */
	size_t vi_desc_len;
	bool have_vi;
	int nr_cpus;		/* NT_PRSTATUS notes */
	bool incomplete;	/* input flagged or found truncated */
	uint32_t page_size;
	uint64_t max_pfn;	/* one past the highest pfn in any PT_LOAD */

	struct mdl_vmcoreinfo vi;
	struct mdl_pageinfo pi;

	/* options */
	bool no_mmap;		/* read with pread() only (tests the /proc/vmcore fallback) */
	bool no_full_map;	/* never map the whole input (tests the big-dump path) */
	bool no_span;		/* mdl_map_span() was refused once: pread from then on */
	int dump_level;
	enum mdl_compress comp;
	int64_t timestamp;	/* seconds, for the kdump header */
	unsigned int threads;	/* compression workers; 0 or 1: inline */

	/* results */
	uint8_t *present;	/* bitmap: pfn has memory in the input */
	uint8_t *dumpable;	/* bitmap: pfn goes into the output */
	uint64_t nr_dumpable;
	struct mdl_counts counts;
	void (*progress)(void *arg, const char *what, uint64_t done, uint64_t total);
	void *progress_arg;
};

/* ctx.c */
void mdl_ctx_init(struct mdl_ctx *ctx);
void mdl_ctx_deinit(struct mdl_ctx *ctx);
int mdl_err(struct mdl_ctx *ctx, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int mdl_err_prefix(struct mdl_ctx *ctx, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void mdl_warn(struct mdl_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int mdl_pwrite_all(struct mdl_ctx *ctx, int fd, const void *buf, size_t len, uint64_t off);
int mdl_write_all(struct mdl_ctx *ctx, int fd, const void *buf, size_t len);

/* reader.c: the one seam to old memory */
int mdl_open_fd(struct mdl_ctx *ctx, int fd);
int mdl_open_mem(struct mdl_ctx *ctx, const void *buf, size_t len);
int mdl_read_phys(struct mdl_ctx *ctx, uint64_t paddr, void *buf, size_t len);
int mdl_read_virt(struct mdl_ctx *ctx, uint64_t vaddr, void *buf, size_t len);
int mdl_vtop(struct mdl_ctx *ctx, uint64_t vaddr, uint64_t *paddr);
int mdl_read_page(struct mdl_ctx *ctx, uint64_t pfn, void *buf);
int mdl_peek_page(const struct mdl_ctx *ctx, uint64_t pfn, void *buf);
const unsigned char *mdl_page_map(struct mdl_ctx *ctx, uint64_t pfn);
#define MDL_SPAN_MAX (16u << 20)	/* bytes one batch's mapping may span */
#define MDL_SPAN_ALIGN 4096u		/* mmap offsets: the smallest page size */
const unsigned char *mdl_map_span(struct mdl_ctx *ctx, uint64_t pfn, uint64_t n,
				  void **base, size_t *len);
int mdl_read_pages(struct mdl_ctx *ctx, uint64_t pfn, uint64_t n, void *buf);
const struct mdl_seg *mdl_find_seg(const struct mdl_ctx *ctx, uint64_t paddr);
int mdl_notes_extend_vi(struct mdl_ctx *ctx, const char *extra, unsigned char **out,
			size_t *out_len, size_t *vi_off, size_t *vi_len);
int mdl_parse_notes(struct mdl_ctx *ctx, const unsigned char *buf, size_t start, size_t len,
		    size_t *valid_end);

/* vmcoreinfo.c */
int mdl_vi_parse(struct mdl_vmcoreinfo *vi, const char *text, size_t len);
void mdl_vi_free(struct mdl_vmcoreinfo *vi);
const char *mdl_vi_get(const struct mdl_vmcoreinfo *vi, const char *key);
int mdl_vi_num(const struct mdl_vmcoreinfo *vi, const char *key, int64_t *out);
int mdl_vi_hex(const struct mdl_vmcoreinfo *vi, const char *key, uint64_t *out);
int mdl_vi_reader_shim(const struct mdl_vmcoreinfo *vi, char *buf, size_t len);

/* filter.c: page classification */
int mdl_pageinfo_init(struct mdl_ctx *ctx);
int mdl_pageinfo_unusable(struct mdl_ctx *ctx, const char *fmt, const char *what);
int mdl_read_ptr(struct mdl_ctx *ctx, uint64_t vaddr, uint64_t *out);

/* memmodel.c: where the struct page of a pfn is (FLATMEM, SPARSEMEM) */
int mdl_memmodel_init(struct mdl_ctx *ctx);
int mdl_page_run(struct mdl_ctx *ctx, uint64_t pfn, uint64_t end, uint64_t *vaddr, uint64_t *run);
enum mdl_class mdl_classify_struct_page(const struct mdl_pageinfo *pi, int dump_level,
					const unsigned char *page,
					const unsigned char *next_page,
					uint64_t pfn, uint64_t *nr_pages);
int mdl_filter_run(struct mdl_ctx *ctx);
bool mdl_page_is_zero(const unsigned char *p, size_t n);
int mdl_filter_zero(struct mdl_ctx *ctx);
int mdl_filter_classes(struct mdl_ctx *ctx, int level, uint8_t *dumpable);
const char *mdl_class_name(enum mdl_class c);

/* bitmap.c */
uint8_t *mdl_bitmap_alloc(uint64_t nbits);
static inline bool mdl_bit_test(const uint8_t *bm, uint64_t bit)
{
	return bm[bit >> 3] & (1u << (bit & 7));
}
static inline void mdl_bit_set(uint8_t *bm, uint64_t bit)
{
	bm[bit >> 3] |= (uint8_t)(1u << (bit & 7));
}
static inline void mdl_bit_clear(uint8_t *bm, uint64_t bit)
{
	bm[bit >> 3] &= (uint8_t)~(1u << (bit & 7));
}
uint64_t mdl_bitmap_count(const uint8_t *bm, uint64_t nbits);
uint64_t mdl_bitmap_count_range(const uint8_t *bm, uint64_t from, uint64_t to);
uint64_t mdl_bitmap_next_set(const uint8_t *bm, uint64_t from, uint64_t nbits);
uint64_t mdl_bitmap_next_clear(const uint8_t *bm, uint64_t from, uint64_t nbits);

/* compress.c */
struct mdl_compressor;
int mdl_compressor_create(struct mdl_ctx *ctx, enum mdl_compress kind, size_t page_size,
			  struct mdl_compressor **out);
void mdl_compressor_destroy(struct mdl_compressor *c);
/* returns 0 and *out_len; *out_len == 0 means "store uncompressed" */
int mdl_compress_page(struct mdl_compressor *c, const void *in, size_t in_len,
		      void **out, size_t *out_len);
int mdl_decompress_page(enum mdl_compress kind, const void *in, size_t in_len,
			void *out, size_t out_len);
uint32_t mdl_compress_flag(enum mdl_compress kind);
bool mdl_compress_supported(enum mdl_compress kind);
int mdl_compress_kind_of_flags(uint32_t flags, enum mdl_compress *kind);
/* -c: a page deflate would not shrink, judged without trying (compress.c) */
bool mdl_looks_random(const unsigned char *p, size_t len);

/*
 * deflate.c: one raw deflate stream per page, matches at stride and
 * 2 * stride tried first (0: none); 0 = it does not fit in cap bytes
 */
#define MDL_DEFLATE_MAX 32768
struct mdl_deflate;
struct mdl_deflate *mdl_deflate_new(size_t max_len);
void mdl_deflate_free(struct mdl_deflate *d);
size_t mdl_deflate_raw(struct mdl_deflate *d, const void *src, size_t len, unsigned int stride,
		       void *out, size_t cap);
/* a complete prefix code's lengths for freq[0..n), n <= 286, none above limit */
void mdl_huffman_lengths(const uint32_t *freq, unsigned int n, unsigned int limit, uint8_t *len);

/* pool.c: worker threads */
struct mdl_pool;
int mdl_pool_create(struct mdl_ctx *ctx, unsigned int nthreads, struct mdl_pool **out);
void mdl_pool_start(struct mdl_pool *p, void (*fn)(void *arg, size_t i, unsigned int worker),
		    void *arg, size_t n);
void mdl_pool_wait(struct mdl_pool *p);
void mdl_pool_destroy(struct mdl_pool *p);

/* sink.c: output file or makedumpfile's flattened stream */
#define MDL_FLAT_SIGNATURE "makedumpfile"
#define MDL_FLAT_HDR_SIZE 4096u
struct mdl_sink {
	struct mdl_ctx *ctx;
	int fd;
	bool flat;
	uint64_t size;		/* end of the highest write */
	unsigned char *buf;	/* sequential data not yet written */
	size_t fill;
	uint64_t buf_off;
};
int mdl_sink_init(struct mdl_sink *s, struct mdl_ctx *ctx, int fd, bool flat);
int mdl_sink_write(struct mdl_sink *s, const void *buf, size_t len, uint64_t off);
void mdl_sink_seek(struct mdl_sink *s, uint64_t off);
int mdl_sink_append(struct mdl_sink *s, const void *buf, size_t len);
uint64_t mdl_sink_pos(const struct mdl_sink *s);
int mdl_sink_flush(struct mdl_sink *s);
int mdl_sink_finish(struct mdl_sink *s);
void mdl_sink_deinit(struct mdl_sink *s);

/* flat.c: -R */
int mdl_flat_rearrange(struct mdl_ctx *ctx, int in_fd, int out_fd);

/*
 * sum.c: integrity record at the end of every output.  Version 02 keeps
 * the page checksums of kdump-compressed output in the page descriptors
 * (page_flags) instead of the table; 01 files are not checked.
 */
#define MDL_SUM_MAGIC "MDLSUM02"
#define MDL_SUM_REG_LEN 32u
/*
 * Page descriptors per checksummed region in kdump-compressed output (96
 * KiB; 1,024 cost 3.7 KB of regions on a 2.7 MB descriptor table, 0.02%
 * of a -d 1 dump, and each descriptor's checksum already names the pfns
 * it fails for).
 */
#define MDL_SUM_DESC_BLOCK 4096u
#define MDL_SUM_TRAILER_LEN 64u
enum mdl_sum_kind {
	MDL_SUM_DISK_HEADER = 1,
	MDL_SUM_SUB_HEADER,
	MDL_SUM_BITMAP1,
	MDL_SUM_BITMAP2,
	MDL_SUM_DESCS,
	MDL_SUM_ELF_HEADERS,
};
struct mdl_sum_region {
	uint64_t off, len, digest;
	uint32_t kind;
};
struct mdl_sum {
	struct mdl_sum_region *reg;
	size_t nreg, reg_cap;
	uint64_t *page;
	size_t npage, page_cap;
};
uint64_t mdl_hash64(const void *buf, size_t len, uint64_t seed);
const char *mdl_sum_kind_name(uint32_t kind);
int mdl_sum_region(struct mdl_ctx *ctx, struct mdl_sum *s, uint32_t kind, uint64_t off,
		   const void *buf, size_t len);
uint64_t mdl_page_sum(const void *buf, size_t len);
int mdl_sum_page(struct mdl_ctx *ctx, struct mdl_sum *s, uint64_t csum);
int mdl_sum_write(struct mdl_ctx *ctx, struct mdl_sink *sink, const struct mdl_sum *s,
		  uint32_t page_size);
void mdl_sum_free(struct mdl_sum *s);

/* write_elf.c, write_kdump.c */
struct mdl_out_seg {
	uint64_t paddr, vaddr, filesz, memsz, offset;
};
int mdl_elf_plan(struct mdl_ctx *ctx, uint64_t split, struct mdl_out_seg **out, size_t *n);
int mdl_write_elf(struct mdl_ctx *ctx, int out_fd);
/* the pfn range one kdump file holds; split: it is one of several */
struct mdl_kdump_part {
	uint64_t start, end;
	bool split;
};
int mdl_write_kdump(struct mdl_ctx *ctx, struct mdl_sink *sink, const struct mdl_kdump_part *part);
void mdl_split_ranges(const struct mdl_ctx *ctx, unsigned int n, uint64_t *bounds);

/* reassemble.c: --reassemble */
int mdl_reassemble(struct mdl_ctx *ctx, const char *const *in, unsigned int n, int out_fd);

/* verify.c: --verify; report lines for main() to print, bad counts damage found */
struct mdl_report {
	char *text;
	size_t len, cap;
	unsigned int bad;
};
int mdl_report_add(struct mdl_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void mdl_report_free(struct mdl_report *r);
int mdl_verify(struct mdl_ctx *ctx, int fd, struct mdl_report *r);
int mdl_verify_mem(struct mdl_ctx *ctx, const unsigned char *buf, size_t len,
		   struct mdl_report *r);

/* usage.c: --mem-usage */
int mdl_mem_usage(struct mdl_ctx *ctx, struct mdl_report *r);

/* options.c: makedumpfile's command line */
enum mdl_mode {
	MDL_MODE_DUMP = 0,
	MDL_MODE_DMESG,
	MDL_MODE_REARRANGE,
	MDL_MODE_REASSEMBLE,
	MDL_MODE_VERIFY,
	MDL_MODE_MEM_USAGE,
	MDL_MODE_HELP,
	MDL_MODE_VERSION,
};
/* --message-level bits, as makedumpfile's */
#define MDL_ML_PROGRESS 0x01
#define MDL_ML_COMMON   0x02
#define MDL_ML_ERROR    0x04
#define MDL_ML_DEBUG    0x08
#define MDL_ML_REPORT   0x10
#define MDL_ML_DEFAULT  (MDL_ML_PROGRESS | MDL_ML_COMMON | MDL_ML_ERROR)
#define MDL_MAX_THREADS 64
struct mdl_opts {
	enum mdl_mode mode;
	bool elf_out, flatten, force, check_params, split, non_mmap;
	int level, msg_level, ncomp;
	unsigned int threads;
	enum mdl_compress comp;
	const char *vmlinux;
	char **files;		/* operands */
	int nfiles;
	char msg[256];		/* why the command line is refused */
};
int mdl_parse_options(int argc, char **argv, struct mdl_opts *o);

/* dmesg.c */
int mdl_dump_dmesg(struct mdl_ctx *ctx, int out_fd);

#endif
