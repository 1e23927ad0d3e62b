/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory-preserving crash dumps: the hooks the rest of the kernel calls,
 * and what the pieces share. Without CONFIG_DUMP the hooks are stubs.
 *
 * Three layers, one direction: the boot parameters (drivers/dump/
 * dump_params.c) and the pure core (dump_format.h) below; the first-kernel
 * side (arch/x86/kernel/dump_32.c) and the capture side (drivers/dump/
 * dump_capture.c, oldmem.c, vmcore.c) above, never calling each other.
 */
#ifndef _LINUX_DUMP_H
#define _LINUX_DUMP_H

#include <linux/types.h>
#include <linux/dump_format.h>

struct kimage;
struct pt_regs;
struct kobject;

/* What the capture kernel found at boot (drivers/dump/dump_capture.c). */
struct dump_capture {
	const struct dump_header *hdr;	/* followed by notes_size bytes of notes */
	u32 notes_size;			/* the header's notes, plus ours */
	bool incomplete;		/* the window is left out */
	struct dump_map *map;		/* sorted by old address */
	u32 nr_map;
	u64 free_pages;			/* free mode: pages that held the copy */
};

#ifdef CONFIG_DUMP
/* Boot parameters and /sys/kernel/dump (dump_params.c) */
bool dump_is_capture_kernel(void);
u64 dump_window_size(void);
u64 dump_backup_base(void);
bool dump_backup_is_default(void);
const char *dump_params_why(void);
extern struct kobject *dump_kobj;

/* E820 glue (arch/x86/kernel/dump_e820_32.c) */
void __init dump_setup_e820(void);
int __init dump_e820_ram(struct dump_range *r, u32 *nr, u64 limit);
u64 __init dump_capture_ram(const struct dump_range **fw_ram, u32 *nr);

/* First kernel (arch/x86/kernel/dump_32.c) */
void __init dump_reserve(void);
void dump_kexec_loaded(struct kimage *image);
bool dump_kexec_refused(struct kimage *image);
void dump_crash_kexec(struct pt_regs *regs);

/* Capture kernel (drivers/dump) */
const struct dump_capture *dump_capture_get(void);
struct iov_iter;
ssize_t oldmem_copy_iter(struct iov_iter *iter, u64 paddr, size_t len);
#else
static inline void dump_setup_e820(void) { }
static inline void dump_reserve(void) { }
static inline void dump_kexec_loaded(struct kimage *image) { }
static inline bool dump_kexec_refused(struct kimage *image) { return false; }
static inline void dump_crash_kexec(struct pt_regs *regs) { }
static inline bool dump_is_capture_kernel(void) { return false; }
#endif

#if defined(CONFIG_DUMP) && defined(CONFIG_X86_32)
void dump_park_this_cpu(void);
#else
static inline void dump_park_this_cpu(void) { }
#endif

#ifdef CONFIG_DUMP_SELFTEST
void dump_selftest_in_panic_path(void);
void dump_selftest_header(struct dump_header *h);
bool dump_selftest_leave_bme(void);
u32 dump_selftest_split(void);
#else
static inline void dump_selftest_in_panic_path(void) { }
static inline void dump_selftest_header(struct dump_header *h) { }
static inline bool dump_selftest_leave_bme(void) { return false; }
static inline u32 dump_selftest_split(void) { return 0; }
#endif

#endif /* _LINUX_DUMP_H */
