/*
 * Host stand-in for <linux/elf.h>: glibc's <elf.h> plus the kernel's
 * struct names for the same layouts.
 */
#ifndef _HOST_LINUX_ELF_H
#define _HOST_LINUX_ELF_H
#include <elf.h>

struct elf32_note { Elf32_Word n_namesz, n_descsz, n_type; };

struct elf32_hdr {
	unsigned char e_ident[EI_NIDENT];
	Elf32_Half e_type, e_machine;
	Elf32_Word e_version;
	Elf32_Addr e_entry;
	Elf32_Off e_phoff, e_shoff;
	Elf32_Word e_flags;
	Elf32_Half e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_hdr {
	unsigned char e_ident[EI_NIDENT];
	Elf64_Half e_type, e_machine;
	Elf64_Word e_version;
	Elf64_Addr e_entry;
	Elf64_Off e_phoff, e_shoff;
	Elf64_Word e_flags;
	Elf64_Half e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf32_phdr {
	Elf32_Word p_type;
	Elf32_Off p_offset;
	Elf32_Addr p_vaddr, p_paddr;
	Elf32_Word p_filesz, p_memsz, p_flags, p_align;
};

struct elf64_phdr {
	Elf64_Word p_type, p_flags;
	Elf64_Off p_offset;
	Elf64_Addr p_vaddr, p_paddr;
	Elf64_Xword p_filesz, p_memsz, p_align;
};

_Static_assert(sizeof(struct elf32_hdr) == sizeof(Elf32_Ehdr), "elf32_hdr");
_Static_assert(sizeof(struct elf64_hdr) == sizeof(Elf64_Ehdr), "elf64_hdr");
_Static_assert(sizeof(struct elf32_phdr) == sizeof(Elf32_Phdr), "elf32_phdr");
_Static_assert(sizeof(struct elf64_phdr) == sizeof(Elf64_Phdr), "elf64_phdr");
#endif
