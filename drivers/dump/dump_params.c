// SPDX-License-Identifier: GPL-2.0
/*
 * Memory-preserving crash dumps: the boot parameters both kernels share,
 * and /sys/kernel/dump. The first-kernel side (arch/x86/kernel/dump_32.c)
 * and the capture side (drivers/dump/dump_capture.c) both read these and
 * add their own files to the directory; neither calls the other.
 *
 *   dump                  boot as a capture kernel
 *   dump_backup=SIZE@BASE the window size and where its backup copy lives
 *                         (CONFIG_DUMP_BACKUP_SIZE/BASE by default);
 *                         SIZE alone: the first kernel places it itself
 *   dump_backup=free      no backup region: the window's copy goes to free
 *   dump_backup=SIZE@free memory at panic (CONFIG_DUMP_BACKUP_FREE);
 *                         a capture kernel is told SIZE@free:HEADER
 */
#define pr_fmt(fmt) "dump: " fmt

#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/cache.h>
#include <linux/kobject.h>
#include <linux/string.h>
#include <linux/dump.h>

#ifdef CONFIG_DUMP_BACKUP_FREE
static u64 dump_base __ro_after_init = DUMP_BASE_FREE;
#else
static u64 dump_base __ro_after_init = (u64)CONFIG_DUMP_BACKUP_BASE << 20;
#endif
static u64 dump_size __ro_after_init = (u64)CONFIG_DUMP_BACKUP_SIZE << 20;
static bool dump_capture __ro_after_init;
static bool dump_param_bad __ro_after_init;
static bool dump_param_given __ro_after_init;

static int __init dump_param(char *arg)
{
	if (arg) {
		pr_err("'dump' takes no value (got dump=%s); not a capture boot\n", arg);
		return 0;
	}
	dump_capture = true;
	/* Drivers that can reset their hardware at probe should: it was not shut down. */
	reset_devices = 1;
	return 0;
}
early_param("dump", dump_param);

static int __init dump_backup_param(char *arg)
{
	int ret;

	dump_param_given = true;
	if (arg && !strcmp(arg, "free")) {
		/* The configured window size, no backup region. */
		dump_base = DUMP_BASE_FREE;
		return 0;
	}
	ret = dump_parse_backup(arg, &dump_size, &dump_base);
	if (ret) {
		pr_err("bad dump_backup=%s (want SIZE[@BASE] with SIZE 16M..64M, BASE >= SIZE, below 4G; or free, SIZE@free with SIZE up to 128M): dumping disabled\n",
		       arg ? arg : "");
		dump_param_bad = true;
	}
	return 0;
}
early_param("dump_backup", dump_backup_param);

/**
 * dump_is_capture_kernel() - was this kernel booted with "dump"?
 *
 * Return: true for a capture kernel.
 */
bool dump_is_capture_kernel(void)
{
	return dump_capture;
}

/**
 * dump_params_why() - why the parameters leave dumping off
 *
 * The Kconfig defaults are checked like a dump_backup= value: a kernel
 * configured with a region that breaks the rules does not dump.
 *
 * Return: NULL when the window and backup region are usable, else a reason.
 */
const char *dump_params_why(void)
{
	if (dump_param_bad)
		return "bad dump_backup= boot parameter";
	if (dump_check_backup(dump_size, dump_base))
		return "CONFIG_DUMP_BACKUP_SIZE/BASE break the rules of dump_backup=";
	if (dump_capture && dump_base == DUMP_BASE_AUTO)
		return "dump_backup= names no BASE (a capture kernel needs the first kernel's)";
	if (dump_capture && dump_base == DUMP_BASE_FREE)
		return "dump_backup= names no header (a capture kernel needs SIZE@free:HEADER)";
	return NULL;
}

/**
 * dump_window_size() - size of the low window (and of the backup copy)
 *
 * Return: the size in bytes, 0 when the parameters disable dumping.
 */
u64 dump_window_size(void)
{
	return dump_params_why() ? 0 : dump_size;
}

/**
 * dump_backup_base() - physical start of the backup region
 *
 * Return: the address; the header follows the copy at base + window size.
 * DUMP_BASE_AUTO when the first kernel is to place the region itself.
 */
u64 dump_backup_base(void)
{
	return dump_base;
}

/**
 * dump_backup_is_default() - does this kernel use its built-in region?
 *
 * Return: true when no dump_backup= was given.
 */
bool dump_backup_is_default(void)
{
	return !dump_param_given;
}

struct kobject *dump_kobj;

static int __init dump_kobj_init(void)
{
	dump_kobj = kobject_create_and_add("dump", kernel_kobj);
	return dump_kobj ? 0 : -ENOMEM;
}
postcore_initcall(dump_kobj_init);
