// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the ELF + note parser (mdl_open_mem), then, for small
 * inputs that parse, VMCOREINFO resolution, the struct page / zero page
 * passes at -d 31, both writers (into a memfd) and the dmesg walker.  Built with
 * -fsanitize=fuzzer,address,undefined; run from "make check" for a
 * bounded time on a corpus generated at test time.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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
		int fd = memfd_create("mdl-fuzz", 0);

		ctx.dump_level = MDL_DL_MAX;
		ctx.comp = (enum mdl_compress)(size % 4);
		if (fd >= 0 && mdl_filter_run(&ctx) == 0) {
			struct mdl_kdump_part part = { 0, ctx.max_pfn, false };
			struct mdl_sink sink;

			if (mdl_sink_init(&sink, &ctx, fd, false) == 0)
				mdl_write_kdump(&ctx, &sink, &part);
			mdl_sink_deinit(&sink);
			if (ftruncate(fd, 0) == 0)
				mdl_write_elf(&ctx, fd);
			if (ftruncate(fd, 0) == 0)
				mdl_dump_dmesg(&ctx, fd);
		}
		if (fd >= 0)
			close(fd);
	}
	mdl_ctx_deinit(&ctx);
	free(copy);
	return 0;
}
