// SPDX-License-Identifier: GPL-2.0
/*
 * Input vmcore: ELF32 or ELF64, EM_386, from a file or /proc/vmcore.
 *
 * libelf (through GElf, so one code path for both classes) parses the ELF
 * and program headers.  Page data is reached only through
 * mdl_read_phys(), the single seam to old memory: it maps a physical
 * address to a file offset through the PT_LOADs and reads from an mmap of
 * the input or with pread() when mmap is refused.  Bytes past p_filesz but
 * inside p_memsz were excluded by whoever wrote the input (makedumpfile
 * -E); they read as -ENODATA, never as silent zeros.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mdl.h"

#define MDL_NOTES_MAX (16u << 20)
#define NOTE_ALIGN(x) (((x) + 3u) & ~(size_t)3u)

static int cmp_seg(const void *a, const void *b)
{
	const struct mdl_seg *x = a, *y = b;

	return x->paddr < y->paddr ? -1 : x->paddr > y->paddr;
}

const struct mdl_seg *mdl_find_seg(const struct mdl_ctx *ctx, uint64_t paddr)
{
	size_t lo = 0, hi = ctx->nseg;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct mdl_seg *s = &ctx->seg[mid];

		if (paddr < s->paddr)
			hi = mid;
		else if (paddr - s->paddr >= s->memsz)
			lo = mid + 1;
		else
			return s;
	}
	return NULL;
}

/*
 * Bounded memory: drop our mapping of what was read every 4 MiB so RSS
 * does not grow to the dump size.  Only a hint: a later read (or a
 * worker still compressing from the map) faults the bytes back in.
 */
static void map_used(struct mdl_ctx *ctx, size_t len)
{
	ctx->map_read += len;
	if (ctx->map_read >= (4u << 20) && ctx->fd >= 0) {
		madvise((void *)ctx->map, ctx->map_len, MADV_DONTNEED);
		ctx->map_read = 0;
	}
}

/*
 * len bytes of fd from *off on, *off moved past what was read: 0, the
 * errno of a failed pread(), or -1 at end of file.  Touches no shared
 * state (mdl_peek_page() runs in workers).
 */
static int pread_full(int fd, void *buf, size_t len, uint64_t *off)
{
	char *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)*off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno ? errno : EIO;
		if (n == 0)
			return -1;
		p += n;
		len -= (size_t)n;
		*off += (uint64_t)n;
	}
	return 0;
}

/* Read file bytes [off, off+len) of the input. */
static int read_file(struct mdl_ctx *ctx, uint64_t off, void *buf, size_t len)
{
	int ret;

	if (off > ctx->file_size || len > ctx->file_size - off)
		return mdl_err(ctx, EIO, "read past end of input (offset 0x%llx)",
			       (unsigned long long)off);
	if (ctx->map) {
		memcpy(buf, ctx->map + off, len);
		map_used(ctx, len);
		return 0;
	}
	ret = pread_full(ctx->fd, buf, len, &off);
	if (ret)
		return mdl_err(ctx, EIO, "read at offset 0x%llx: %s", (unsigned long long)off,
			       ret > 0 ? strerror(ret) : "short read");
	return 0;
}

int mdl_read_phys(struct mdl_ctx *ctx, uint64_t paddr, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		const struct mdl_seg *s = mdl_find_seg(ctx, paddr);
		uint64_t in_seg, n;
		int ret;

		if (!s)
			return mdl_err(ctx, EFAULT, "physical address 0x%llx is not in the dump",
				       (unsigned long long)paddr);
		in_seg = paddr - s->paddr;
		if (in_seg >= s->filesz)
			return mdl_err(ctx, ENODATA,
				       "physical address 0x%llx was excluded from the input",
				       (unsigned long long)paddr);
		n = s->filesz - in_seg;
		if (n > len)
			n = len;
		ret = read_file(ctx, s->offset + in_seg, p, (size_t)n);
		if (ret)
			return ret;
		p += n;
		len -= (size_t)n;
		paddr += n;
	}
	return 0;
}

/*
 * Kernel virtual to physical through the PT_LOAD p_vaddr ranges (mainline
 * kdump and our capture kernel set p_vaddr = p_paddr + PAGE_OFFSET for
 * lowmem).  No page-table walk: the tool only needs lowmem objects.
 */
int mdl_vtop(struct mdl_ctx *ctx, uint64_t vaddr, uint64_t *paddr)
{
	size_t i;

	for (i = 0; i < ctx->nseg; i++) {
		const struct mdl_seg *s = &ctx->seg[i];

		if (s->vaddr && vaddr >= s->vaddr && vaddr - s->vaddr < s->memsz) {
			*paddr = s->paddr + (vaddr - s->vaddr);
			return 0;
		}
	}
	return mdl_err(ctx, EFAULT, "virtual address 0x%llx is in no PT_LOAD p_vaddr range",
		       (unsigned long long)vaddr);
}

int mdl_read_virt(struct mdl_ctx *ctx, uint64_t vaddr, void *buf, size_t len)
{
	char *p = buf;

	/* Page by page: consecutive virtual pages may sit in different PT_LOADs. */
	while (len) {
		uint64_t paddr = 0, n = ctx->page_size - (vaddr % ctx->page_size);
		int ret;

		if (n > len)
			n = len;
		ret = mdl_vtop(ctx, vaddr, &paddr);
		if (!ret)
			ret = mdl_read_phys(ctx, paddr, p, (size_t)n);
		if (ret)
			return ret;
		p += n;
		len -= (size_t)n;
		vaddr += n;
	}
	return 0;
}

/*
 * Where n whole pages from pfn on are in the file, when one PT_LOAD's
 * file data holds them all (the common case); -ERANGE otherwise.
 */
static int pages_offset(const struct mdl_ctx *ctx, uint64_t pfn, uint64_t n, uint64_t *off)
{
	uint64_t a = pfn * ctx->page_size, len = n * ctx->page_size;
	const struct mdl_seg *s = mdl_find_seg(ctx, a);

	if (!s || a - s->paddr > s->filesz || len > s->filesz - (a - s->paddr))
		return -ERANGE;
	*off = s->offset + (a - s->paddr);
	return *off + len <= ctx->file_size ? 0 : -ERANGE;
}

/* The page in the mapped input (no copy), or NULL: read it with mdl_read_page(). */
const unsigned char *mdl_page_map(struct mdl_ctx *ctx, uint64_t pfn)
{
	uint64_t off;

	if (!ctx->map || pages_offset(ctx, pfn, 1, &off))
		return NULL;
	map_used(ctx, ctx->page_size);
	return ctx->map + off;
}

/*
 * When the whole input is not mapped (an i386 build and a dump over 2 GiB),
 * map the file bytes of the n pages from pfn on for one batch instead of
 * copying them with pread(): the copy is most of the time on such dumps.
 * Returns page pfn's address and the mapping to munmap() in *base, *len;
 * NULL when the pages are not in one PT_LOAD, the span is large, or mmap
 * is refused (then never tried again).
 */
const unsigned char *mdl_map_span(struct mdl_ctx *ctx, uint64_t pfn, uint64_t n,
				  void **base, size_t *len)
{
	uint64_t off, start;
	size_t slack;
	void *m;

	if (ctx->map || ctx->no_mmap || ctx->no_span || ctx->fd < 0 ||
	    n > MDL_SPAN_MAX / ctx->page_size || pages_offset(ctx, pfn, n, &off))
		return NULL;
	start = off & ~(uint64_t)(MDL_SPAN_ALIGN - 1);
	slack = (size_t)(off - start);
	*len = slack + (size_t)(n * ctx->page_size);
	m = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, ctx->fd, (off_t)start);
	if (m == MAP_FAILED) {
		ctx->no_span = true;
		return NULL;
	}
	*base = m;
	return (const unsigned char *)m + slack;
}

/* n consecutive whole pages in one read, or -ERANGE: read them one by one. */
int mdl_read_pages(struct mdl_ctx *ctx, uint64_t pfn, uint64_t n, void *buf)
{
	uint64_t off;

	if (pages_offset(ctx, pfn, n, &off))
		return -ERANGE;
	return read_file(ctx, off, buf, (size_t)(n * ctx->page_size));
}

/*
 * Page pfn as it is in the input, for comparing pages: from the mapped
 * input or with pread(), touching no state of ctx, so that workers may
 * call it at once.  Only a page whole in one PT_LOAD's file data; -ERANGE
 * for any other, -EIO when the read fails.
 */
int mdl_peek_page(const struct mdl_ctx *ctx, uint64_t pfn, void *buf)
{
	uint64_t off;

	if (pages_offset(ctx, pfn, 1, &off))
		return -ERANGE;
	if (ctx->map) {
		memcpy(buf, ctx->map + off, ctx->page_size);
		return 0;
	}
	return pread_full(ctx->fd, buf, ctx->page_size, &off) ? -EIO : 0;
}

/*
 * A whole page; parts of it outside every PT_LOAD (unaligned segment ends)
 * read as zeros, but a page with no byte in the file is -ENODATA.
 */
int mdl_read_page(struct mdl_ctx *ctx, uint64_t pfn, void *buf)
{
	uint64_t start = pfn * ctx->page_size, a;
	bool any = false;
	char *p = buf;

	memset(buf, 0, ctx->page_size);
	for (a = start; a < start + ctx->page_size;) {
		const struct mdl_seg *s = mdl_find_seg(ctx, a);
		uint64_t in_seg, n, end = start + ctx->page_size;
		int ret;

		if (!s) {
			/* skip to the next segment start inside this page */
			size_t i;
			uint64_t next = end;

			for (i = 0; i < ctx->nseg; i++)
				if (ctx->seg[i].paddr > a && ctx->seg[i].paddr < next)
					next = ctx->seg[i].paddr;
			a = next;
			continue;
		}
		in_seg = a - s->paddr;
		n = s->memsz - in_seg;
		if (n > end - a)
			n = end - a;
		if (in_seg < s->filesz) {
			uint64_t f = s->filesz - in_seg;

			if (f > n)
				f = n;
			ret = read_file(ctx, s->offset + in_seg, p + (a - start), (size_t)f);
			if (ret)
				return ret;
			any = true;
		}
		a += n;
	}
	if (!any)
		return mdl_err(ctx, ENODATA, "page 0x%llx is not in the input",
			       (unsigned long long)pfn);
	return 0;
}

/*
 * Walk the notes in buf[start, len) (one PT_NOTE).  A run of zero bytes
 * ends the list (some writers pad).  Anything malformed stops the walk
 * with -EINVAL; *valid_end says how far the notes were sound, and what
 * was found before stays usable.  Offsets recorded are relative to buf.
 */
int mdl_parse_notes(struct mdl_ctx *ctx, const unsigned char *buf, size_t start, size_t len,
		    size_t *valid_end)
{
	size_t off = start;

	*valid_end = start;
	while (off < len) {
		GElf_Nhdr nh;
		size_t name_off, desc_off, next;

		if (len - off < sizeof(nh))
			return mdl_err(ctx, EINVAL, "corrupt note at offset %zu: truncated header",
				       off - start);
		memcpy(&nh, buf + off, sizeof(nh));
		if (nh.n_namesz == 0 && nh.n_descsz == 0 && nh.n_type == 0)
			return 0;
		name_off = off + sizeof(nh);
		if (nh.n_namesz > len - name_off)
			return mdl_err(ctx, EINVAL, "corrupt note at offset %zu: name size %u too big",
				       off - start, nh.n_namesz);
		desc_off = name_off + NOTE_ALIGN(nh.n_namesz);
		if (desc_off > len || nh.n_descsz > len - desc_off)
			return mdl_err(ctx, EINVAL, "corrupt note at offset %zu: desc size %u too big",
				       off - start, nh.n_descsz);
		next = desc_off + NOTE_ALIGN(nh.n_descsz);
		if (next > len)
			next = len;	/* last desc unpadded: accept */
		if (nh.n_namesz == sizeof("VMCOREINFO") &&
		    !memcmp(buf + name_off, "VMCOREINFO", sizeof("VMCOREINFO"))) {
			if (!ctx->have_vi) {
				ctx->have_vi = true;
				ctx->vi_desc_off = desc_off;
				ctx->vi_desc_len = nh.n_descsz;
			}
		} else if (nh.n_namesz == sizeof("CORE") &&
			   !memcmp(buf + name_off, "CORE", sizeof("CORE")) && nh.n_type == NT_PRSTATUS) {
			ctx->nr_cpus++;
		}
		off = next;
		*valid_end = off;
	}
	return 0;
}

static int add_notes(struct mdl_ctx *ctx, const GElf_Phdr *ph)
{
	unsigned char *nbuf;
	size_t base = ctx->notes_len, end, good;
	int ret;

	if (ph->p_filesz == 0)
		return 0;
	if (ph->p_filesz > MDL_NOTES_MAX || ctx->notes_len + ph->p_filesz > MDL_NOTES_MAX)
		return mdl_err(ctx, EINVAL, "PT_NOTE of %llu bytes is too big",
			       (unsigned long long)ph->p_filesz);
	if (ph->p_offset > ctx->file_size || ph->p_filesz > ctx->file_size - ph->p_offset)
		return mdl_err(ctx, EINVAL, "PT_NOTE at offset 0x%llx runs past the end of the file",
			       (unsigned long long)ph->p_offset);
	end = base + (size_t)ph->p_filesz;
	nbuf = realloc(ctx->notes, end);
	if (!nbuf)
		return mdl_err(ctx, ENOMEM, "out of memory for notes");
	ctx->notes = nbuf;
	ret = read_file(ctx, ph->p_offset, nbuf + base, (size_t)ph->p_filesz);
	if (ret)
		return ret;
	ret = mdl_parse_notes(ctx, nbuf, base, end, &good);
	if (ret) {
		mdl_warn(ctx, "warning: ignoring the rest of a PT_NOTE: %s", ctx->err);
		ctx->err[0] = '\0';
	}
	/* keep only sound notes for the output; drop zero padding too */
	ctx->notes_len = good;
	return 0;
}

/* PT_LOADs cut short by the end of the file, told in one warning */
struct truncation {
	size_t nseg;
	uint64_t first_paddr, missing;
};

static int add_load(struct mdl_ctx *ctx, const GElf_Phdr *ph, size_t *cap, struct truncation *t)
{
	struct mdl_seg *s;

	if (ph->p_memsz == 0)
		return 0;
	if (ph->p_filesz > ph->p_memsz)
		return mdl_err(ctx, EINVAL, "PT_LOAD at paddr 0x%llx has p_filesz > p_memsz",
			       (unsigned long long)ph->p_paddr);
	if (ph->p_paddr + ph->p_memsz < ph->p_paddr ||
	    ph->p_offset + ph->p_filesz < ph->p_offset)
		return mdl_err(ctx, EINVAL, "PT_LOAD at paddr 0x%llx wraps around",
			       (unsigned long long)ph->p_paddr);
	/* 1 TiB: far beyond i386 PAE's 64 GiB, and a 32 MiB bitmap at most */
	if (ph->p_paddr + ph->p_memsz > (1ull << 40))
		return mdl_err(ctx, EINVAL, "PT_LOAD at paddr 0x%llx ends beyond 1 TiB",
			       (unsigned long long)ph->p_paddr);
	if (ctx->nseg == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;

		s = realloc(ctx->seg, ncap * sizeof(*s));
		if (!s)
			return mdl_err(ctx, ENOMEM, "out of memory for segments");
		ctx->seg = s;
		*cap = ncap;
	}
	s = &ctx->seg[ctx->nseg++];
	s->paddr = ph->p_paddr;
	s->vaddr = ph->p_vaddr;
	s->memsz = ph->p_memsz;
	s->filesz = ph->p_filesz;
	s->offset = ph->p_offset;
	if (s->filesz && (s->offset > ctx->file_size || s->filesz > ctx->file_size - s->offset)) {
		uint64_t have = s->offset > ctx->file_size ? 0 : ctx->file_size - s->offset;

		if (!t->nseg++)
			t->first_paddr = s->paddr;
		t->missing += s->filesz - have;
		s->filesz = have & ~(uint64_t)(ctx->page_size - 1);
		if (s->filesz > have)
			s->filesz = have;
		ctx->incomplete = true;
	}
	return 0;
}

static int check_overlap(struct mdl_ctx *ctx)
{
	size_t i;

	qsort(ctx->seg, ctx->nseg, sizeof(*ctx->seg), cmp_seg);
	for (i = 0; i + 1 < ctx->nseg; i++) {
		const struct mdl_seg *a = &ctx->seg[i], *b = &ctx->seg[i + 1];

		if (b->paddr - a->paddr < a->memsz)
			return mdl_err(ctx, EINVAL,
				       "overlapping PT_LOAD segments at paddr 0x%llx and 0x%llx",
				       (unsigned long long)a->paddr, (unsigned long long)b->paddr);
	}
	for (i = 0; i < ctx->nseg; i++) {
		uint64_t end = ctx->seg[i].paddr + ctx->seg[i].memsz;
		uint64_t pfn = (end + ctx->page_size - 1) / ctx->page_size;

		if (pfn > ctx->max_pfn)
			ctx->max_pfn = pfn;
	}
	return 0;
}

/* Page size from VMCOREINFO when given (it sizes the PT_LOAD checks). */
static void page_size_from_notes(struct mdl_ctx *ctx)
{
	int64_t ps;

	if (!ctx->have_vi || mdl_vi_num(&ctx->vi, "PAGESIZE", &ps))
		return;
	if (ps >= 4096 && ps <= 65536 && !(ps & (ps - 1)))
		ctx->page_size = (uint32_t)ps;
	else
		mdl_warn(ctx, "warning: VMCOREINFO PAGESIZE=%lld is not usable, assuming 4096",
			 (long long)ps);
}

static int parse_elf(struct mdl_ctx *ctx)
{
	struct truncation trunc = { 0 };
	size_t phnum, i, cap = 0;
	int ret;

	if (elf_kind(ctx->elf) != ELF_K_ELF)
		return mdl_err(ctx, EINVAL, "not an ELF file");
	if (!gelf_getehdr(ctx->elf, &ctx->ehdr))
		return mdl_err(ctx, EINVAL, "bad ELF header: %s", elf_errmsg(-1));
	if (gelf_getclass(ctx->elf) != ELFCLASS32 && gelf_getclass(ctx->elf) != ELFCLASS64)
		return mdl_err(ctx, EINVAL, "unsupported ELF class %d", gelf_getclass(ctx->elf));
	if (ctx->ehdr.e_ident[EI_DATA] != ELFDATA2LSB)
		return mdl_err(ctx, EINVAL, "not a little-endian ELF file");
	if (ctx->ehdr.e_machine != EM_386)
		return mdl_err(ctx, EINVAL, "unsupported machine %u (only EM_386 vmcores)",
			       ctx->ehdr.e_machine);
	if (ctx->ehdr.e_type != ET_CORE)
		return mdl_err(ctx, EINVAL, "ELF type %u is not ET_CORE", ctx->ehdr.e_type);
	if (ctx->ehdr.e_flags & 0x1)	/* DUMP_ELF_INCOMPLETE, as makedumpfile/crash */
		ctx->incomplete = true;
	if (elf_getphdrnum(ctx->elf, &phnum) || phnum == 0)
		return mdl_err(ctx, EINVAL, "no program headers");

	/* Notes first: VMCOREINFO gives the page size the PT_LOAD checks use. */
	for (i = 0; i < phnum; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(ctx->elf, (int)i, &ph))
			return mdl_err(ctx, EINVAL, "program header %zu unreadable (truncated file?): %s",
				       i, elf_errmsg(-1));
		if (ph.p_type == PT_NOTE) {
			ret = add_notes(ctx, &ph);
			if (ret)
				return ret;
		}
	}
	if (ctx->have_vi) {
		ret = mdl_vi_parse(&ctx->vi, (const char *)ctx->notes + ctx->vi_desc_off,
				   ctx->vi_desc_len);
		if (ret)
			return mdl_err(ctx, -ret, "cannot parse VMCOREINFO");
		page_size_from_notes(ctx);
	}
	for (i = 0; i < phnum; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(ctx->elf, (int)i, &ph))
			return mdl_err(ctx, EINVAL, "program header %zu unreadable", i);
		if (ph.p_type == PT_LOAD) {
			ret = add_load(ctx, &ph, &cap, &trunc);
			if (ret)
				return ret;
		}
	}
	if (trunc.nseg)
		mdl_warn(ctx, "warning: input truncated: %zu PT_LOAD(s) from paddr 0x%llx lack %llu bytes at the end of the file; they are left out and the output marked incomplete",
			 trunc.nseg, (unsigned long long)trunc.first_paddr,
			 (unsigned long long)trunc.missing);
	if (ctx->nseg == 0)
		return mdl_err(ctx, EINVAL, "no PT_LOAD segments");
	ret = check_overlap(ctx);
	if (ret)
		return ret;
	if (!ctx->have_vi)
		mdl_warn(ctx, "warning: no VMCOREINFO note: only zero pages can be excluded");
	return 0;
}

int mdl_open_fd(struct mdl_ctx *ctx, int fd)
{
	struct stat st;
	void *m;

	ctx->fd = fd;
	if (fstat(fd, &st))
		return mdl_err(ctx, errno, "stat: %s", strerror(errno));
	ctx->file_size = (uint64_t)st.st_size;
	if (ctx->file_size < 52)
		return mdl_err(ctx, EINVAL, "file too short for an ELF header (%llu bytes)",
			       (unsigned long long)ctx->file_size);
	/*
	 * mmap where the kernel allows it (files, /proc/vmcore read-only) and
	 * the address space has room (an i386 build and a big dump); else pread.
	 */
	m = MAP_FAILED;
	if (!ctx->no_mmap && !ctx->no_full_map && ctx->file_size <= SIZE_MAX / 2)
		m = mmap(NULL, (size_t)ctx->file_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m != MAP_FAILED) {
		ctx->map = m;
		ctx->map_len = (size_t)ctx->file_size;
	}
	elf_version(EV_CURRENT);
	ctx->elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!ctx->elf)
		return mdl_err(ctx, EINVAL, "libelf: %s", elf_errmsg(-1));
	return parse_elf(ctx);
}

/* Same as mdl_open_fd() on a buffer the caller keeps alive (tests, fuzzer). */
int mdl_open_mem(struct mdl_ctx *ctx, const void *buf, size_t len)
{
	ctx->map = buf;
	ctx->map_len = len;
	ctx->file_size = len;
	if (len < 52)
		return mdl_err(ctx, EINVAL, "file too short for an ELF header (%zu bytes)", len);
	elf_version(EV_CURRENT);
	ctx->elf = elf_memory((char *)buf, len);
	if (!ctx->elf)
		return mdl_err(ctx, EINVAL, "libelf: %s", elf_errmsg(-1));
	return parse_elf(ctx);
}

/*
 * A copy of the input notes whose VMCOREINFO text has extra appended
 * (the note's n_descsz grows; notes after it move).  vi_off and vi_len
 * locate the new text in the copy (offset and length).
 */
int mdl_notes_extend_vi(struct mdl_ctx *ctx, const char *extra, unsigned char **out,
			size_t *out_len, size_t *vi_off, size_t *vi_len)
{
	size_t hdr = ctx->vi_desc_off - 12 - NOTE_ALIGN(sizeof("VMCOREINFO"));
	size_t old_end = NOTE_ALIGN(ctx->vi_desc_off + ctx->vi_desc_len);
	size_t add = strlen(extra), nl, len, text_len;
	const unsigned char *text = ctx->notes + ctx->vi_desc_off;
	unsigned char *n;

	if (!ctx->have_vi || ctx->vi_desc_off < 24)
		return mdl_err(ctx, EINVAL, "no VMCOREINFO note to extend");
	if (old_end > ctx->notes_len)
		old_end = ctx->notes_len;
	nl = ctx->vi_desc_len && text[ctx->vi_desc_len - 1] != '\n';
	text_len = ctx->vi_desc_len + nl + add;
	len = ctx->vi_desc_off + NOTE_ALIGN(text_len) + (ctx->notes_len - old_end);
	n = calloc(1, len);
	if (!n)
		return mdl_err(ctx, ENOMEM, "out of memory for notes");
	memcpy(n, ctx->notes, ctx->vi_desc_off + ctx->vi_desc_len);
	if (nl)
		n[ctx->vi_desc_off + ctx->vi_desc_len] = '\n';
	memcpy(n + ctx->vi_desc_off + ctx->vi_desc_len + nl, extra, add);
	memcpy(n + ctx->vi_desc_off + NOTE_ALIGN(text_len), ctx->notes + old_end,
	       ctx->notes_len - old_end);
	n[hdr + 4] = (unsigned char)text_len;	/* n_descsz, little-endian */
	n[hdr + 5] = (unsigned char)(text_len >> 8);
	n[hdr + 6] = (unsigned char)(text_len >> 16);
	n[hdr + 7] = (unsigned char)(text_len >> 24);
	*out = n;
	*out_len = len;
	*vi_off = ctx->vi_desc_off;
	*vi_len = text_len;
	return 0;
}
