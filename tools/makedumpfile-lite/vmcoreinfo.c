// SPDX-License-Identifier: GPL-2.0
/*
 * VMCOREINFO: the "KEY=VALUE\n" text the old kernel left in its note
 * (kernel/crash_core.c, kernel/printk/printk.c).  Keys look like
 * SYMBOL(mem_map) (hex), OFFSET(page.flags), SIZE(page), LENGTH(...),
 * NUMBER(PG_lru) (decimal, may be negative), PAGESIZE, OSRELEASE.
 * Callers branch on which keys exist, never on OSRELEASE.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl.h"

#define MDL_VI_MAX_ENTRIES 4096

void mdl_vi_free(struct mdl_vmcoreinfo *vi)
{
	free(vi->text);
	free(vi->ent);
	vi->text = NULL;
	vi->ent = NULL;
	vi->nent = 0;
}

int mdl_vi_parse(struct mdl_vmcoreinfo *vi, const char *text, size_t len)
{
	char *p, *end;
	size_t cap = 0;

	mdl_vi_free(vi);
	vi->text = malloc(len + 1);
	if (!vi->text)
		return -ENOMEM;
	memcpy(vi->text, text, len);
	vi->text[len] = '\0';
	p = vi->text;
	end = vi->text + len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *eq;

		if (!nl)
			nl = end;
		*nl = '\0';
		eq = strchr(p, '=');	/* stops at an embedded NUL too */
		if (eq && eq != p) {
			*eq = '\0';
			if (vi->nent == MDL_VI_MAX_ENTRIES)
				break;
			if (vi->nent == cap) {
				size_t ncap = cap ? cap * 2 : 64;
				struct mdl_vi_entry *e = realloc(vi->ent, ncap * sizeof(*e));

				if (!e) {
					mdl_vi_free(vi);
					return -ENOMEM;
				}
				vi->ent = e;
				cap = ncap;
			}
			vi->ent[vi->nent].key = p;
			vi->ent[vi->nent].val = eq + 1;
			vi->nent++;
		}
		p = nl + 1;
	}
	return 0;
}

/* Last one wins, like a shell: the kernel never repeats a key. */
const char *mdl_vi_get(const struct mdl_vmcoreinfo *vi, const char *key)
{
	size_t i;

	for (i = vi->nent; i-- > 0;)
		if (!strcmp(vi->ent[i].key, key))
			return vi->ent[i].val;
	return NULL;
}

int mdl_vi_num(const struct mdl_vmcoreinfo *vi, const char *key, int64_t *out)
{
	const char *v = mdl_vi_get(vi, key);
	char *e;
	long long n;

	if (!v)
		return -ENOENT;
	errno = 0;
	n = strtoll(v, &e, 10);
	if (errno || e == v || *e)
		return -EINVAL;
	*out = n;
	return 0;
}

int mdl_vi_hex(const struct mdl_vmcoreinfo *vi, const char *key, uint64_t *out)
{
	const char *v = mdl_vi_get(vi, key);
	char *e;
	unsigned long long n;

	if (!v)
		return -ENOENT;
	if (*v == '-' || *v == '+' || *v == ' ')
		return -EINVAL;
	errno = 0;
	n = strtoull(v, &e, 16);
	if (errno || e == v || *e)
		return -EINVAL;
	*out = n;
	return 0;
}

/*
 * Two lines added to the VMCOREINFO copy of kdump-compressed output so
 * that libkdumpfile 0.5.1-0.5.3 (Debian 12's python3-libkdumpfile, and
 * drgn through it) can read i386 dumps.  Their sym_offsetof callback
 * looks up OFFSET(type.type) instead of OFFSET(type.member) (fixed
 * upstream by commit b3d1d7d "kdumpfile: Fix the sym_offsetof callback",
 * 0.5.4), so addrxlat's ia32 setup (src/addrxlat/ia32.c,
 * set_linux_directmap) never learns VMALLOC_START from vmap_area_list,
 * maps no direct region, and walks swapper_pg_dir through itself
 * ("Infinite recursion loop").  Its fallback reads *SYMBOL(vmlist) +
 * OFFSET(vm_struct.vm_struct) (the buggy key): pointing SYMBOL(vmlist) at
 * vmap_area_list and that offset at va_start - list makes the fallback
 * read the first vmap_area's va_start, VMALLOC_START.  makedumpfile and
 * fixed libkdumpfile use vmap_area_list first and never read these;
 * crash does not read them.  Nothing is added when the kernel already
 * has either key or lacks what the values come from.
 */
int mdl_vi_reader_shim(const struct mdl_vmcoreinfo *vi, char *buf, size_t len)
{
	uint64_t list_sym;
	int64_t va_start, list;

	buf[0] = '\0';
	if (mdl_vi_get(vi, "SYMBOL(vmlist)") || mdl_vi_get(vi, "OFFSET(vm_struct.vm_struct)") ||
	    mdl_vi_hex(vi, "SYMBOL(vmap_area_list)", &list_sym) ||
	    mdl_vi_num(vi, "OFFSET(vmap_area.va_start)", &va_start) ||
	    mdl_vi_num(vi, "OFFSET(vmap_area.list)", &list))
		return 0;
	if ((size_t)snprintf(buf, len, "SYMBOL(vmlist)=%llx\nOFFSET(vm_struct.vm_struct)=%lld\n",
			     (unsigned long long)list_sym, (long long)(va_start - list)) >= len)
		return -ENOSPC;
	return 0;
}
