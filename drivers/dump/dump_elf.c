// SPDX-License-Identifier: GPL-2.0
/*
 * The ELF core that /proc/vmcore serves, as pure data: which PT_LOADs
 * there are, where their bytes sit in the file, and the header bytes.
 * ELF32 or ELF64 is a field of the layout; the two header formats are
 * written by one function through small per-class helpers.
 */
#include <linux/types.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/elf.h>
#include <linux/dump_format.h>

#define DUMP_4G BIT_ULL(32)

static u64 dump_round_up(u64 v, u64 a)
{
	return (v + a - 1) & ~(a - 1);
}

static int dump_layout_add(struct dump_elf_layout *l, const struct dump_header *h,
			   u64 start, u64 end)
{
	struct dump_load *ld;

	/* One PT_LOAD per piece that has one meaning of p_vaddr. */
	if (start < h->lowmem_end && end > h->lowmem_end) {
		int ret = dump_layout_add(l, h, start, h->lowmem_end);

		if (ret)
			return ret;
		start = h->lowmem_end;
	}
	if (l->nr_loads == l->max_loads)
		return -ENOSPC;
	ld = &l->loads[l->nr_loads++];
	ld->paddr = start;
	ld->size = end - start;
	ld->vaddr = end <= h->lowmem_end ? h->page_offset + start : 0;
	return 0;
}

/**
 * dump_elf_layout() - lay out the ELF core of a validated dump
 * @l: the layout to fill
 * @h: the dump header (lowmem end, page offset)
 * @notes_size: bytes of notes the PT_NOTE holds
 * @map: the redirect table (old RAM less the backup region)
 * @nr_map: its entries
 * @force_class: 32 or 64 to force an ELF class, 0 to choose
 *
 * Adjacent redirect entries (split only at the window edge) become one
 * PT_LOAD; a load that crosses the end of the old direct map is split so
 * p_vaddr is the direct-map address where there is one, else 0. Data
 * starts on a page boundary and each load's file offset is congruent to
 * its address modulo the page size, so every page can be mmap()ed.
 *
 * The loads go to @l->loads (@l->max_loads of them) when the caller set
 * it, else to @l->inline_loads.
 *
 * Return: 0; -ENOSPC for too many loads; -EOVERFLOW when ELF32 is forced
 * but old RAM ends above 4 GiB; -EINVAL for an empty map.
 */
int dump_elf_layout(struct dump_elf_layout *l, const struct dump_header *h,
		    u32 notes_size, const struct dump_map *map, u32 nr_map,
		    int force_class)
{
	struct dump_load *loads = l->loads;
	u32 max_loads = l->max_loads;
	u64 ehdr, phdr, pos, start, end;
	u32 i;
	int ret;

	memset(l, 0, sizeof(*l));
	l->loads = loads ? loads : l->inline_loads;
	l->max_loads = loads ? max_loads : DUMP_MAX_LOADS;
	if (!nr_map)
		return -EINVAL;
	for (i = 0; i < nr_map; i = i + 1) {
		start = map[i].start;
		end = map[i].end;
		while (i + 1 < nr_map && map[i + 1].start == end)
			end = map[++i].end;
		ret = dump_layout_add(l, h, start, end);
		if (ret)
			return ret;
	}
	end = map[nr_map - 1].end;
	if (force_class == 32 && end > DUMP_4G)
		return -EOVERFLOW;
	l->elf64 = force_class == 64 || (force_class != 32 && end > DUMP_4G);
	ehdr = l->elf64 ? sizeof(struct elf64_hdr) : sizeof(struct elf32_hdr);
	phdr = l->elf64 ? sizeof(struct elf64_phdr) : sizeof(struct elf32_phdr);
	l->notes_size = notes_size;
	l->notes_offset = ehdr + phdr * (1 + l->nr_loads);
	l->headers_size = l->notes_offset + l->notes_size;
	l->data_offset = dump_round_up(l->headers_size, DUMP_PAGE_SIZE);
	pos = l->data_offset;
	for (i = 0; i < l->nr_loads; i++) {
		struct dump_load *ld = &l->loads[i];

		ld->offset = pos + (ld->paddr & (DUMP_PAGE_SIZE - 1));
		pos = dump_round_up(ld->offset + ld->size, DUMP_PAGE_SIZE);
		l->file_size = ld->offset + ld->size;
	}
	return 0;
}

static void dump_put_phdr(const struct dump_elf_layout *l, void *buf, u32 idx,
			  u32 type, u64 off, u64 vaddr, u64 paddr, u64 size)
{
	u64 ehdr = l->elf64 ? sizeof(struct elf64_hdr) : sizeof(struct elf32_hdr);
	u32 flags = type == PT_LOAD ? PF_R | PF_W | PF_X : 0;

	if (l->elf64) {
		struct elf64_phdr *p = (struct elf64_phdr *)((u8 *)buf + ehdr) + idx;

		p->p_type = type;
		p->p_flags = flags;
		p->p_offset = off;
		p->p_vaddr = vaddr;
		p->p_paddr = paddr;
		p->p_filesz = size;
		p->p_memsz = size;
		p->p_align = 0;
	} else {
		struct elf32_phdr *p = (struct elf32_phdr *)((u8 *)buf + ehdr) + idx;

		p->p_type = type;
		p->p_flags = flags;
		p->p_offset = off;
		p->p_vaddr = vaddr;
		p->p_paddr = paddr;
		p->p_filesz = size;
		p->p_memsz = size;
		p->p_align = 0;
	}
}

/**
 * dump_elf_write() - write the ELF header, program headers and notes
 * @l: the layout
 * @buf: at least @l->headers_size bytes
 * @len: size of @buf
 * @notes: @l->notes_size bytes of notes (NT_PRSTATUS..., VMCOREINFO)
 *
 * p_align is 0 in every program header: crash tells a kdump ELF from a
 * netdump one by it.
 *
 * Return: 0, or -EINVAL when @buf is too small.
 */
int dump_elf_write(const struct dump_elf_layout *l, void *buf, size_t len,
		   const void *notes)
{
	unsigned char *id = buf;
	u16 phnum = 1 + l->nr_loads;
	u32 i;

	if (len < l->headers_size)
		return -EINVAL;
	memset(buf, 0, l->headers_size);
	memcpy(id, ELFMAG, SELFMAG);
	id[EI_CLASS] = l->elf64 ? ELFCLASS64 : ELFCLASS32;
	id[EI_DATA] = ELFDATA2LSB;
	id[EI_VERSION] = EV_CURRENT;
	id[EI_OSABI] = ELFOSABI_NONE;
	if (l->elf64) {
		struct elf64_hdr *e = buf;

		e->e_type = ET_CORE;
		e->e_machine = EM_386;
		e->e_version = EV_CURRENT;
		e->e_phoff = sizeof(*e);
		e->e_ehsize = sizeof(*e);
		e->e_phentsize = sizeof(struct elf64_phdr);
		e->e_phnum = phnum;
	} else {
		struct elf32_hdr *e = buf;

		e->e_type = ET_CORE;
		e->e_machine = EM_386;
		e->e_version = EV_CURRENT;
		e->e_phoff = sizeof(*e);
		e->e_ehsize = sizeof(*e);
		e->e_phentsize = sizeof(struct elf32_phdr);
		e->e_phnum = phnum;
	}
	dump_put_phdr(l, buf, 0, PT_NOTE, l->notes_offset, 0, 0, l->notes_size);
	for (i = 0; i < l->nr_loads; i++) {
		const struct dump_load *ld = &l->loads[i];

		dump_put_phdr(l, buf, i + 1, PT_LOAD, ld->offset, ld->vaddr,
			      ld->paddr, ld->size);
	}
	memcpy((u8 *)buf + l->notes_offset, notes, l->notes_size);
	return 0;
}

/*
 * The first load whose file bytes (rounded up to a page for mmap) end
 * after @off, or nr_loads. Loads lie in the file in order, a page apart.
 */
static u32 dump_load_after(const struct dump_elf_layout *l, u64 off, bool round)
{
	u32 lo = 0, hi = l->nr_loads;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		u64 end = l->loads[mid].offset + l->loads[mid].size;

		if (round)
			end = dump_round_up(end, DUMP_PAGE_SIZE);
		if (end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/**
 * dump_elf_find() - what the file holds at offset @off
 * @l: the layout
 * @off: file offset
 * @paddr: for DUMP_ELF_DATA, the old physical address at @off
 * @len: bytes from @off with the same answer (same load, same gap)
 *
 * Return: DUMP_ELF_HEADERS (the built headers), DUMP_ELF_DATA (old memory
 * at @paddr), DUMP_ELF_ZERO (padding between loads), or -ENXIO at or past
 * the end of the file.
 */
int dump_elf_find(const struct dump_elf_layout *l, u64 off, u64 *paddr,
		  u64 *len)
{
	u32 i;

	if (off >= l->file_size)
		return -ENXIO;
	if (off < l->headers_size) {
		*len = l->headers_size - off;
		return DUMP_ELF_HEADERS;
	}
	for (i = dump_load_after(l, off, false); i < l->nr_loads; i++) {
		const struct dump_load *ld = &l->loads[i];

		if (off < ld->offset) {
			*len = ld->offset - off;
			return DUMP_ELF_ZERO;
		}
		if (off < ld->offset + ld->size) {
			*paddr = ld->paddr + (off - ld->offset);
			*len = ld->offset + ld->size - off;
			return DUMP_ELF_DATA;
		}
	}
	return -ENXIO;	/* not reached: file_size ends the last load */
}

/**
 * dump_elf_page_run() - what backs the file page at @pos, for mmap()
 * @l: the layout
 * @map: the redirect table
 * @nr_map: its entries
 * @pos: a page-aligned file offset
 * @phys: for DUMP_ELF_DATA, the physical page (now) backing @pos
 * @npages: pages from @pos with the same kind and, for data, consecutive
 *	physical pages
 *
 * Return: DUMP_ELF_HEADERS, DUMP_ELF_DATA or DUMP_ELF_ZERO; -EINVAL for a
 * misaligned @pos; -ENXIO past the last page of the file.
 */
int dump_elf_page_run(const struct dump_elf_layout *l, const struct dump_map *map,
		      u32 nr_map, u64 pos, u64 *phys, u64 *npages)
{
	const u64 pg = DUMP_PAGE_SIZE;
	u32 i;

	if (pos & (pg - 1))
		return -EINVAL;
	if (pos >= dump_round_up(l->file_size, pg))
		return -ENXIO;
	if (pos < l->data_offset) {
		*npages = (l->data_offset - pos) / pg;
		return DUMP_ELF_HEADERS;
	}
	for (i = dump_load_after(l, pos, true); i < l->nr_loads; i++) {
		const struct dump_load *ld = &l->loads[i];
		u64 fs = ld->offset & ~(pg - 1);
		u64 fe = dump_round_up(ld->offset + ld->size, pg);
		u64 pa, look, run;
		const struct dump_map *m;

		if (pos < fs) {
			*npages = (fs - pos) / pg;
			return DUMP_ELF_ZERO;
		}
		if (pos >= fe)
			continue;
		pa = (ld->paddr & ~(pg - 1)) + (pos - fs);
		look = pa < ld->paddr ? ld->paddr : pa;
		m = dump_map_find(map, nr_map, look);
		if (!m)
			return -ENXIO;
		*phys = (m->src + (look - m->start)) & ~(pg - 1);
		run = dump_round_up(m->end, pg) - pa;
		if (run > fe - pos)
			run = fe - pos;
		*npages = run / pg;
		return DUMP_ELF_DATA;
	}
	return -ENXIO;
}
