// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the ELF + note parser (mdl_open_mem), then, for small
 * inputs that parse, VMCOREINFO resolution and the struct page / zero
 * page passes at -d 31 and the dmesg walker.  Built with
 * -fsanitize=fuzzer,address,undefined; run from "make check" for a
 * bounded time on a corpus generated at test time.
 */
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "mdl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mdl_ctx ctx;
	unsigned char *copy = malloc(size ? size : 1);

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	mdl_ctx_init(&ctx);
	if (mdl_open_mem(&ctx, copy, size) == 0 && ctx.max_pfn <= (1u << 16)) {
		int fd = open("/dev/null", O_WRONLY);

		ctx.dump_level = MDL_DL_MAX;
		mdl_filter_run(&ctx);
		if (fd >= 0) {
			mdl_dump_dmesg(&ctx, fd);
			close(fd);
		}
	}
	mdl_ctx_deinit(&ctx);
	free(copy);
	return 0;
}
