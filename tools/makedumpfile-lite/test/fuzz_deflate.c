// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: deflate.c on any input of up to 32 KiB (the first
 * byte picks the stride and how tight the output buffer is).  One
 * encoder serves every input, as a worker's serves every page.  With
 * room, the stream must inflate back to the input exactly; with a tight
 * buffer the encoder may give up (0) but never write past it or give a
 * stream that does not inflate back.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "mdl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define GUARD 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int strides[4] = { 0, 4, 32, 8 };
	static struct mdl_deflate *d;
	static unsigned char out[2 * MDL_DEFLATE_MAX + 64 + GUARD], back[MDL_DEFLATE_MAX];
	size_t len, cap, n, i;
	z_stream zs;
	int rc;

	if (!d)
		d = mdl_deflate_new(MDL_DEFLATE_MAX);
	if (!d || size < 1)
		return 0;
	len = size - 1 > MDL_DEFLATE_MAX ? MDL_DEFLATE_MAX : size - 1;
	cap = data[0] & 4 ? len / 2 + 1 : 2 * len + 64;	/* tight, or room for any input */
	memset(out, 0xa5, cap + GUARD);
	n = mdl_deflate_raw(d, data + 1, len, strides[data[0] & 3], out, cap);
	for (i = cap; i < cap + GUARD; i++)
		if (out[i] != 0xa5)
			__builtin_trap();	/* wrote past cap */
	if (!n) {
		if (!(data[0] & 4))
			__builtin_trap();	/* room enough, yet gave up */
		return 0;
	}
	if (n > cap)
		__builtin_trap();
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, -15) != Z_OK)
		return 0;
	zs.next_in = out;
	zs.avail_in = (uInt)n;
	zs.next_out = back;
	zs.avail_out = sizeof(back);
	rc = inflate(&zs, Z_FINISH);
	if (rc != Z_STREAM_END || zs.avail_in || sizeof(back) - zs.avail_out != len ||
	    memcmp(back, data + 1, len))
		__builtin_trap();
	inflateEnd(&zs);
	return 0;
}
