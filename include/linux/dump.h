/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory-preserving crash dumps: the hooks the rest of the kernel calls.
 * Without CONFIG_DUMP they are empty stubs.
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
	const struct dump_header *hdr;
	struct dump_map map[2 * DUMP_MAX_RANGES + 2];
	u32 nr_map;
};

#ifdef CONFIG_DUMP
void __init dump_setup_e820(void);
void __init dump_reserve(void);
void dump_kexec_loaded(struct kimage *image);
void dump_crash_kexec(struct pt_regs *regs);
bool dump_is_capture_kernel(void);
u64 dump_window_size(void);
u64 dump_backup_base(void);
u64 dump_capture_ram(const struct dump_range **fw_ram, u32 *nr);
extern struct kobject *dump_kobj;

const struct dump_capture *dump_capture_get(void);
const char *dump_capture_status(void);
struct iov_iter;
ssize_t oldmem_copy_iter(struct iov_iter *iter, u64 paddr, size_t len);
#else
static inline void dump_setup_e820(void) { }
static inline void dump_reserve(void) { }
static inline void dump_kexec_loaded(struct kimage *image) { }
static inline void dump_crash_kexec(struct pt_regs *regs) { }
static inline bool dump_is_capture_kernel(void) { return false; }
#endif

#ifdef CONFIG_DUMP_SELFTEST
void dump_selftest_in_panic_path(void);
void dump_selftest_header(struct dump_header *h);
#else
static inline void dump_selftest_in_panic_path(void) { }
static inline void dump_selftest_header(struct dump_header *h) { }
#endif

#endif /* _LINUX_DUMP_H */
