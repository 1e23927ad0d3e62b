// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the flattened-stream reader behind -R
 * (mdl_flat_rearrange), fed the input through a memfd, writing into
 * another memfd.  Malformed or truncated streams must end in -errno
 * with a message, never a crash or an unbounded write.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <unistd.h>

#include "mdl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int in = memfd_create("flat-in", 0), out = memfd_create("flat-out", 0);
	struct mdl_ctx ctx;

	mdl_ctx_init(&ctx);
	if (in >= 0 && out >= 0 && write(in, data, size) == (ssize_t)size &&
	    lseek(in, 0, SEEK_SET) == 0) {
		int ret = mdl_flat_rearrange(&ctx, in, out);

		if (ret && !ctx.err[0])
			__builtin_trap();	/* every failure says why */
	}
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	mdl_ctx_deinit(&ctx);
	return 0;
}
