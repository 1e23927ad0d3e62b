/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kdump-compressed ("KDUMP   ") layout as crash and makedumpfile
 * read it on i386: the structs are written with the i386 ABI (4-byte
 * long, 8-byte off_t with _FILE_OFFSET_BITS=64, 4-byte alignment of
 * 64-bit members), so offsets are spelt out here rather than taken from
 * host structs.
 *
 *   block 0                 struct disk_dump_header (452 bytes)
 *   block 1..               struct kdump_sub_header (80 bytes), then the
 *                           ELF notes (VMCOREINFO inside), sub_hdr_size blocks
 *   next bitmap_blocks      1st bitmap (pfn exists), 2nd bitmap (pfn dumped),
 *                           each bitmap_blocks/2 blocks
 *   next                    page_desc[number of bits set in the 2nd bitmap]
 *   then                    page data, each page_desc.offset/size
 */
#ifndef MDL_KDUMP_FORMAT_H
#define MDL_KDUMP_FORMAT_H

#define KD_SIGNATURE "KDUMP   "
#define KD_HEADER_VERSION 6
#define KD_UTS_LEN 65		/* each of the 6 new_utsname fields */

/* struct disk_dump_header */
#define KD_H_SIGNATURE		0
#define KD_H_VERSION		8
#define KD_H_UTSNAME		12	/* sysname, nodename, release, version, machine, domainname */
#define KD_H_TV_SEC		404
#define KD_H_TV_USEC		408
#define KD_H_STATUS		412
#define KD_H_BLOCK_SIZE		416
#define KD_H_SUB_HDR_SIZE	420
#define KD_H_BITMAP_BLOCKS	424
#define KD_H_MAX_MAPNR		428
#define KD_H_TOTAL_RAM_BLOCKS	432
#define KD_H_DEVICE_BLOCKS	436
#define KD_H_WRITTEN_BLOCKS	440
#define KD_H_CURRENT_CPU	444
#define KD_H_NR_CPUS		448
#define KD_H_SIZE		452

/* struct kdump_sub_header */
#define KD_S_PHYS_BASE		0
#define KD_S_DUMP_LEVEL		4
#define KD_S_SPLIT		8
#define KD_S_START_PFN		12
#define KD_S_END_PFN		16
#define KD_S_OFF_VMCOREINFO	20	/* 8 bytes */
#define KD_S_SIZE_VMCOREINFO	28
#define KD_S_OFF_NOTE		32	/* 8 bytes */
#define KD_S_SIZE_NOTE		40
#define KD_S_OFF_ERASEINFO	44	/* 8 bytes */
#define KD_S_SIZE_ERASEINFO	52
#define KD_S_START_PFN_64	56
#define KD_S_END_PFN_64		64
#define KD_S_MAX_MAPNR_64	72
#define KD_S_SIZE		80

/* struct page_desc */
#define KD_PD_OFFSET		0	/* 8 bytes */
#define KD_PD_SIZE		8
#define KD_PD_FLAGS		12
#define KD_PD_PAGE_FLAGS	16	/* 8 bytes */
#define KD_PD_LEN		24

#define KD_DH_COMPRESSED_INCOMPLETE 0x8

#endif
