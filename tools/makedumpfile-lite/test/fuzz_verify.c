// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: --verify's reader (mdl_verify_mem) on arbitrary
 * bytes: kdump-compressed headers, descriptors, the integrity record and
 * ELF input.  It must report, never crash or read out of bounds.
 */
#include <stdlib.h>
#include <string.h>

#include "mdl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *copy = malloc(size ? size : 1);
	struct mdl_report r = { 0 };
	struct mdl_ctx ctx;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	mdl_ctx_init(&ctx);
	mdl_verify_mem(&ctx, copy, size, &r);
	mdl_report_free(&r);
	mdl_ctx_deinit(&ctx);
	free(copy);
	return 0;
}
