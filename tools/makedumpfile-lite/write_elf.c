// SPDX-License-Identifier: GPL-2.0
/*
 * Writer for ELF output (-E), same class as the input.
 *
 * Excluded pages are marked the way makedumpfile -E does and drgn
 * documents: a PT_LOAD whose p_filesz < p_memsz has its tail excluded.
 * Each input PT_LOAD is cut into output PT_LOADs at every run of at least
 * ELF_SPLIT_PAGES excluded pages; shorter excluded runs between kept
 * pages are written as zero-filled pages rather than cut (that keeps the
 * program header table small, at the cost of the zeros), and a long run
 * at the start of a segment becomes a PT_LOAD with p_filesz 0.  The union
 * of the p_memsz ranges still says which memory existed.  Unlike
 * makedumpfile -E, which copies the real contents of short excluded runs,
 * excluded pages are never written with their data: -d 8 keeps user
 * data out of the file whatever the format.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mdl.h"

#define ELF_SPLIT_PAGES 256u

struct seg_list {
	struct mdl_out_seg *s;
	size_t n, cap;
};

static int push(struct mdl_ctx *ctx, struct seg_list *l, const struct mdl_seg *in,
		uint64_t start, uint64_t data_end, uint64_t end)
{
	struct mdl_out_seg *o;

	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 64;

		o = realloc(l->s, ncap * sizeof(*o));
		if (!o)
			return mdl_err(ctx, ENOMEM, "out of memory for segments");
		l->s = o;
		l->cap = ncap;
	}
	o = &l->s[l->n++];
	o->paddr = start;
	o->vaddr = in->vaddr ? in->vaddr + (start - in->paddr) : 0;
	o->filesz = data_end - start;
	o->memsz = end - start;
	o->offset = 0;
	return 0;
}

static bool dumpable(const struct mdl_ctx *ctx, uint64_t pfn)
{
	return pfn < ctx->max_pfn && mdl_bit_test(ctx->dumpable, pfn);
}

/*
 * Plan the output PT_LOADs for one input PT_LOAD.  cur is the first byte
 * not yet covered by an output segment; start/data_end describe the open
 * one (kept data from start to data_end).
 */
static int plan_segment(struct mdl_ctx *ctx, struct seg_list *l, const struct mdl_seg *in,
			uint64_t split)
{
	uint64_t ps = ctx->page_size, end = in->paddr + in->memsz;
	uint64_t pfn = in->paddr / ps, last = (end - 1) / ps;
	uint64_t cur = in->paddr, start = 0, data_end = 0;
	bool open = false;
	int ret;

	while (pfn <= last) {
		uint64_t r;

		if (dumpable(ctx, pfn)) {
			uint64_t pstart = pfn * ps > in->paddr ? pfn * ps : in->paddr;

			if (!open) {
				if (cur < pstart) {
					ret = push(ctx, l, in, cur, cur, pstart);
					if (ret)
						return ret;
				}
				start = pstart;
				open = true;
			}
			data_end = (pfn + 1) * ps < end ? (pfn + 1) * ps : end;
			pfn++;
			continue;
		}
		for (r = pfn; r <= last && !dumpable(ctx, r); r++)
			;
		if (r <= last && r - pfn < split) {
			/* short hole, also at the start: zero-filled, no cut */
			if (!open) {
				start = cur;
				open = true;
			}
			pfn = r;
			continue;
		}
		if (open) {
			uint64_t at = r <= last ? r * ps : end;

			ret = push(ctx, l, in, start, data_end, at);
			if (ret)
				return ret;
			cur = at;
			open = false;
		}
		pfn = r;
	}
	if (open)
		return push(ctx, l, in, start, data_end, end);
	if (cur < end)
		return push(ctx, l, in, cur, cur, end);
	return 0;
}

/*
 * Append [paddr, paddr+filesz) of one output segment, zeros for excluded
 * pages, with a checksum per page-sized piece (pieces end at page
 * boundaries of paddr; verify.c cuts them the same way).
 */
static int copy_data(struct mdl_ctx *ctx, struct mdl_sink *sink, struct mdl_sum *sum,
		     const struct mdl_out_seg *o, unsigned char *buf)
{
	uint64_t ps = ctx->page_size, a = o->paddr, end = o->paddr + o->filesz;
	int ret;

	while (a < end) {
		uint64_t pfn = a / ps;
		uint64_t n = (pfn + 1) * ps - a;

		if (n > end - a)
			n = end - a;
		if (dumpable(ctx, pfn)) {
			ret = mdl_read_phys(ctx, a, buf, (size_t)n);
			if (ret)
				return mdl_err_prefix(ctx, ret, "copying page 0x%llx",
						      (unsigned long long)pfn);
		} else {
			memset(buf, 0, (size_t)n);
		}
		ret = mdl_sum_page(ctx, sum, mdl_page_sum(buf, (size_t)n));
		if (!ret)
			ret = mdl_sink_append(sink, buf, (size_t)n);
		if (ret)
			return ret;
		a += n;
	}
	return 0;
}

/* The ELF header, program headers and notes as written, as one region. */
static int sum_headers(struct mdl_ctx *ctx, int fd, struct mdl_sum *sum, uint64_t len)
{
	unsigned char *h = malloc(len ? (size_t)len : 1);
	int ret;

	if (!h)
		return mdl_err(ctx, ENOMEM, "out of memory");
	if (pread(fd, h, (size_t)len, 0) != (ssize_t)len)
		ret = mdl_err(ctx, EIO, "cannot read back the ELF headers");
	else
		ret = mdl_sum_region(ctx, sum, MDL_SUM_ELF_HEADERS, 0, h, (size_t)len);
	free(h);
	return ret;
}

static int write_headers(struct mdl_ctx *ctx, int fd, const struct seg_list *l,
			 uint64_t note_off)
{
	int cls = gelf_getclass(ctx->elf);
	GElf_Ehdr eh;
	GElf_Phdr ph;
	Elf *elf;
	size_t i;
	int ret = 0;

	elf = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!elf || !gelf_newehdr(elf, cls) || !gelf_getehdr(elf, &eh))
		goto out_elf;
	memcpy(eh.e_ident, ctx->ehdr.e_ident, EI_NIDENT);
	eh.e_type = ET_CORE;
	eh.e_machine = EM_386;
	eh.e_version = EV_CURRENT;
	eh.e_phoff = gelf_fsize(elf, ELF_T_EHDR, 1, EV_CURRENT);
	eh.e_flags = ctx->incomplete ? 0x1 : 0;	/* DUMP_ELF_INCOMPLETE */
	if (!gelf_update_ehdr(elf, &eh) || !gelf_newphdr(elf, l->n + 1))
		goto out_elf;
	memset(&ph, 0, sizeof(ph));
	ph.p_type = PT_NOTE;
	ph.p_offset = note_off;
	ph.p_filesz = ctx->notes_len;
	if (!gelf_update_phdr(elf, 0, &ph))
		goto out_elf;
	for (i = 0; i < l->n; i++) {
		memset(&ph, 0, sizeof(ph));
		ph.p_type = PT_LOAD;
		ph.p_flags = PF_R | PF_W | PF_X;
		ph.p_offset = l->s[i].offset;
		ph.p_paddr = l->s[i].paddr;
		ph.p_vaddr = l->s[i].vaddr;
		ph.p_filesz = l->s[i].filesz;
		ph.p_memsz = l->s[i].memsz;
		if (!gelf_update_phdr(elf, (int)(i + 1), &ph))
			goto out_elf;
	}
	elf_flagelf(elf, ELF_C_SET, ELF_F_LAYOUT);
	if (elf_update(elf, ELF_C_WRITE) < 0)
		goto out_elf;
	elf_end(elf);
	return 0;
out_elf:
	ret = mdl_err(ctx, EIO, "libelf: %s", elf_errmsg(-1));
	if (elf)
		elf_end(elf);
	return ret;
}

/*
 * The output PT_LOADs (file offsets still 0) for the dumpable bitmap:
 * runs of at least split excluded pages cut a segment.
 */
int mdl_elf_plan(struct mdl_ctx *ctx, uint64_t split, struct mdl_out_seg **out, size_t *n)
{
	struct seg_list l = { 0 };
	size_t i;
	int ret = 0;

	for (i = 0; i < ctx->nseg && !ret; i++)
		ret = plan_segment(ctx, &l, &ctx->seg[i], split);
	if (ret) {
		free(l.s);
		return ret;
	}
	*out = l.s;
	*n = l.n;
	return 0;
}

int mdl_write_elf(struct mdl_ctx *ctx, int out_fd)
{
	struct seg_list l = { 0 };
	struct mdl_sink sink;
	struct mdl_sum sum = { 0 };
	int cls = gelf_getclass(ctx->elf);
	uint64_t ehsz = cls == ELFCLASS32 ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr);
	uint64_t phsz = cls == ELFCLASS32 ? sizeof(Elf32_Phdr) : sizeof(Elf64_Phdr);
	uint64_t note_off, off, data_off, done = 0;
	unsigned char *buf = NULL;
	size_t i;
	int ret;

	ret = mdl_sink_init(&sink, ctx, out_fd, false);
	if (!ret && (ctx->dump_level & MDL_DL_ZERO))
		ret = mdl_filter_zero(ctx);
	if (!ret)
		ret = mdl_elf_plan(ctx, ELF_SPLIT_PAGES, &l.s, &l.n);
	if (ret)
		goto out;
	if (cls == ELFCLASS32 && l.n + 1 >= 0xffff) {
		ret = mdl_err(ctx, E2BIG, "%zu PT_LOADs do not fit an ELF32 header", l.n);
		goto out;
	}
	note_off = ehsz + phsz * (l.n + 1);
	data_off = off = (note_off + ctx->notes_len + ctx->page_size - 1) &
			 ~(uint64_t)(ctx->page_size - 1);
	for (i = 0; i < l.n; i++) {
		l.s[i].offset = l.s[i].filesz ? off : 0;
		off += l.s[i].filesz;
	}
	ret = write_headers(ctx, out_fd, &l, note_off);
	if (!ret && ctx->notes_len)
		ret = mdl_pwrite_all(ctx, out_fd, ctx->notes, ctx->notes_len, note_off);
	if (!ret)
		ret = sum_headers(ctx, out_fd, &sum, note_off + ctx->notes_len);
	buf = malloc(ctx->page_size);
	if (!ret && !buf)
		ret = mdl_err(ctx, ENOMEM, "out of memory");
	mdl_sink_seek(&sink, data_off);
	sink.size = data_off;
	for (i = 0; i < l.n && !ret; i++) {
		ret = copy_data(ctx, &sink, &sum, &l.s[i], buf);
		done += l.s[i].filesz / ctx->page_size;
		if (ctx->progress)
			ctx->progress(ctx->progress_arg, "writing", done, ctx->nr_dumpable);
	}
	if (!ret)
		ret = mdl_sum_write(ctx, &sink, &sum, ctx->page_size);
	if (!ret)
		ret = mdl_sink_finish(&sink);
out:
	mdl_sink_deinit(&sink);
	mdl_sum_free(&sum);
	free(buf);
	free(l.s);
	return ret;
}
