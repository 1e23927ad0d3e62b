// SPDX-License-Identifier: GPL-2.0
/*
 * -R: rearrange makedumpfile's flattened stream (sink.c describes it) from
 * a pipe into a file, writing each record at its offset, the way
 * "makedumpfile -R" does, so both give the same file.  Unlike a silent
 * short read, a stream that stops before its end record is an error that
 * says where it stopped.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "endian.h"
#include "mdl.h"

#define FLAT_CHUNK (1u << 20)
#define FLAT_MAX_OFFSET (1ull << 50)	/* 1 PiB: no dump is bigger */

/* Read exactly len bytes; *got says how many came before end of stream. */
static int read_full(struct mdl_ctx *ctx, int fd, void *buf, size_t len, size_t *got)
{
	char *p = buf;

	*got = 0;
	while (*got < len) {
		ssize_t n = read(fd, p + *got, len - *got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return mdl_err(ctx, errno, "reading the flattened stream: %s", strerror(errno));
		if (n == 0)
			return -ENODATA;
		*got += (size_t)n;
	}
	return 0;
}

int mdl_flat_rearrange(struct mdl_ctx *ctx, int in_fd, int out_fd)
{
	unsigned char *buf = malloc(FLAT_CHUNK), rh[16];
	uint64_t pos = MDL_FLAT_HDR_SIZE, nrec = 0;
	size_t got;
	int ret;

	if (!buf)
		return mdl_err(ctx, ENOMEM, "out of memory");
	ret = read_full(ctx, in_fd, buf, MDL_FLAT_HDR_SIZE, &got);
	if (ret == -ENODATA) {
		ret = mdl_err(ctx, EINVAL, "not a flattened dump: stream ends after %zu bytes", got);
		goto out;
	}
	if (ret)
		goto out;
	if (memcmp(buf, MDL_FLAT_SIGNATURE, sizeof(MDL_FLAT_SIGNATURE)) ||
	    get_be64(buf + 16) != 1) {
		ret = mdl_err(ctx, EINVAL, "not a flattened dump (no \"%s\" type 1 header)",
			      MDL_FLAT_SIGNATURE);
		goto out;
	}
	for (;;) {
		uint64_t off, size, done = 0;

		ret = read_full(ctx, in_fd, rh, sizeof(rh), &got);
		if (ret == -ENODATA) {
			ret = mdl_err(ctx, EIO,
				      "flattened stream truncated at byte %llu after %llu records: no end record",
				      (unsigned long long)(pos + got), (unsigned long long)nrec);
			goto out;
		}
		if (ret)
			goto out;
		pos += sizeof(rh);
		off = get_be64(rh);
		size = get_be64(rh + 8);
		if (off == UINT64_MAX && size == UINT64_MAX)
			break;	/* END_FLAG_FLAT_HEADER */
		if (off >= FLAT_MAX_OFFSET || size == 0 || size >= FLAT_MAX_OFFSET - off) {
			ret = mdl_err(ctx, EINVAL,
				      "bad record %llu at stream byte %llu: offset 0x%llx size 0x%llx",
				      (unsigned long long)nrec, (unsigned long long)(pos - sizeof(rh)),
				      (unsigned long long)off, (unsigned long long)size);
			goto out;
		}
		while (done < size) {
			size_t n = size - done < FLAT_CHUNK ? (size_t)(size - done) : FLAT_CHUNK;

			ret = read_full(ctx, in_fd, buf, n, &got);
			if (ret == -ENODATA) {
				ret = mdl_err(ctx, EIO,
					      "flattened stream truncated at byte %llu: record %llu (file offset 0x%llx) has %llu of %llu bytes",
					      (unsigned long long)(pos + got), (unsigned long long)nrec,
					      (unsigned long long)off,
					      (unsigned long long)(done + got), (unsigned long long)size);
				goto out;
			}
			if (!ret)
				ret = mdl_pwrite_all(ctx, out_fd, buf, n, off + done);
			if (ret)
				goto out;
			done += n;
			pos += n;
		}
		nrec++;
	}
	ret = 0;
out:
	free(buf);
	return ret;
}
