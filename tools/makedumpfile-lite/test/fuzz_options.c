// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: option parsing (mdl_parse_options).  The input is
 * split at NUL bytes into argv.  Every refusal must be exit status 2
 * with a message; an accepted command line must have operands that fit
 * its mode.
 */
#include <stdlib.h>
#include <string.h>

#include "mdl.h"

#define MAX_ARGS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[MAX_ARGS + 2];
	struct mdl_opts o;
	int argc = 1, ret;
	size_t i, start = 0;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = "makedumpfile-lite";
	for (i = 0; i <= size && argc <= MAX_ARGS; i++) {
		if (buf[i] == '\0') {
			argv[argc++] = buf + start;
			start = i + 1;
		}
	}
	argv[argc] = NULL;
	ret = mdl_parse_options(argc, argv, &o);
	if (ret != 0 && (ret != 2 || !o.msg[0]))
		__builtin_trap();
	if (ret == 0 && o.mode == MDL_MODE_DUMP && !o.flatten && !o.split && o.nfiles != 2)
		__builtin_trap();
	if (ret == 0 && o.mode == MDL_MODE_DUMP && o.split && o.nfiles < 3)
		__builtin_trap();
	free(buf);
	return 0;
}
