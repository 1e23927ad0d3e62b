/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory-preserving crash dumps, first-kernel side (i386): what
 * arch/x86/kernel/dump_32.c and dump_image_32.c share.
 */
#ifndef _ASM_X86_DUMP_H
#define _ASM_X86_DUMP_H

#include <linux/types.h>
#include <linux/kexec.h>
#include <linux/dump_format.h>

#define DUMP_WHY_LEN	160

/* The page-table pages machine_kexec_prepare() built for an image. */
#ifdef CONFIG_X86_PAE
#define DUMP_KEXEC_TABLES 5
#else
#define DUMP_KEXEC_TABLES 3
#endif

/*
 * Indirection pages of the largest window's image: each links at least
 * 511 sources (1023 entries, at worst every other one a destination).
 */
#define DUMP_MAX_LINKS	((DUMP_WINDOW_MAX_FREE >> 12) / 511 + 2)

/* What the panic path verifies of a loaded image before it trusts it. */
struct dump_image {
	struct kimage *image;
	u64 head;			/* image->head */
	u64 start;			/* image->start */
	struct page *control;		/* image->control_code_page */
	void *tables[DUMP_KEXEC_TABLES];	/* kexec's page-table pages */
	u64 links[DUMP_MAX_LINKS];	/* the indirection pages, in order */
	struct dump_kexec_sum list;	/* the entry list */
	u64 pages;			/* dump_csum of the staging pages */
	u64 tables_sum;			/* dump_csum of the page-table pages */
};

/* What the panic path stops before the jump (dump_quiesce_32.c). */
#define DUMP_MAX_BUS_MASTERS	64
struct dump_bme {
	u32 nr;
	u32 cfg[DUMP_MAX_BUS_MASTERS];	/* type-1 configuration addresses */
};

/* dump_backup=free (dump_free_32.c) */
size_t dump_free_setup(void);
const void *dump_free_mem_map(void);
int dump_free_plan(const struct dump_header *h, struct dump_map *t, const char **why);
unsigned long dump_free_lowmem_pages(void);

int dump_dma_record(struct dump_bme *b);
void dump_dma_stop(const struct dump_bme *b);
void dump_park_cpus(void);
void dump_park_arm(void);

/* What a load told about an image's command line. */
struct dump_boot {
	bool capture;			/* it says "dump" */
	bool ours;			/* its dump_backup= is this kernel's */
};

int dump_image_measure(struct kimage *image, u64 window, const struct dump_range *ram,
		       u32 nr_ram, struct dump_image *m, const char **why);
int dump_image_verify(const struct dump_image *m, u64 window, const struct dump_range *ram,
		      u32 nr_ram, const char **why);
int dump_image_check_boot(struct kimage *image, u64 window, u64 base,
			  const struct dump_range *ram, u32 nr_ram,
			  struct dump_boot *boot, char *why);

static inline int dump_kexec_tables(const struct kimage *image, void **pages)
{
	int n = 0;

	pages[n++] = image->arch.pgd;
#ifdef CONFIG_X86_PAE
	pages[n++] = image->arch.pmd0;
	pages[n++] = image->arch.pmd1;
#endif
	pages[n++] = image->arch.pte0;
	pages[n++] = image->arch.pte1;
	return n;
}

#endif /* _ASM_X86_DUMP_H */
