// SPDX-License-Identifier: GPL-2.0
/*
 * Where an output goes: a seekable file (pwrite at each offset, then
 * sized exactly) or makedumpfile's flattened stream (-F) for a pipe.
 *
 * Flattened format (makedumpfile's IMPLEMENTATION, makedumpfile.h): a
 * 4096-byte start header holding "makedumpfile" and two big-endian int64s,
 * type 1 and version 1; then records, each a big-endian int64 file offset
 * and int64 size followed by that many bytes; then an end record whose
 * offset and size are both -1.  "makedumpfile -R" writes every record at
 * its offset.  A record of size 0 would end makedumpfile's reader early,
 * so none is ever written.
 *
 * Page data arrives in file order and goes through a 1 MiB buffer (one
 * write per MiB instead of one per page).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "endian.h"
#include "mdl.h"

#ifdef MDL_SMALL
#define SINK_BUF (128u << 10)
#else
#define SINK_BUF (1u << 20)
#endif

int mdl_sink_init(struct mdl_sink *s, struct mdl_ctx *ctx, int fd, bool flat)
{
	memset(s, 0, sizeof(*s));
	s->ctx = ctx;
	s->fd = fd;
	s->flat = flat;
	s->buf = malloc(SINK_BUF);
	if (!s->buf)
		return mdl_err(ctx, ENOMEM, "out of memory for the output buffer");
	if (flat) {
		unsigned char *h = calloc(1, MDL_FLAT_HDR_SIZE);
		int ret;

		if (!h)
			return mdl_err(ctx, ENOMEM, "out of memory");
		memcpy(h, MDL_FLAT_SIGNATURE, sizeof(MDL_FLAT_SIGNATURE) - 1);
		put_be64(h + 16, 1);	/* TYPE_FLAT_HEADER */
		put_be64(h + 24, 1);	/* VERSION_FLAT_HEADER */
		ret = mdl_write_all(ctx, fd, h, MDL_FLAT_HDR_SIZE);
		free(h);
		return ret;
	}
	return 0;
}

int mdl_sink_write(struct mdl_sink *s, const void *buf, size_t len, uint64_t off)
{
	int ret;

	if (!len)
		return 0;
	if (off + len > s->size)
		s->size = off + len;
	if (!s->flat)
		return mdl_pwrite_all(s->ctx, s->fd, buf, len, off);
	{
		unsigned char rh[16];

		put_be64(rh, off);
		put_be64(rh + 8, len);
		ret = mdl_write_all(s->ctx, s->fd, rh, sizeof(rh));
	}
	return ret ? ret : mdl_write_all(s->ctx, s->fd, buf, len);
}

/* Start the sequential data area at off (only when the buffer is empty). */
void mdl_sink_seek(struct mdl_sink *s, uint64_t off)
{
	s->buf_off = off;
	s->fill = 0;
}

int mdl_sink_flush(struct mdl_sink *s)
{
	int ret = mdl_sink_write(s, s->buf, s->fill, s->buf_off);

	s->buf_off += s->fill;
	s->fill = 0;
	return ret;
}

int mdl_sink_append(struct mdl_sink *s, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	while (len) {
		size_t n = SINK_BUF - s->fill;
		int ret;

		if (n > len)
			n = len;
		memcpy(s->buf + s->fill, p, n);
		s->fill += n;
		p += n;
		len -= n;
		if (s->fill == SINK_BUF) {
			ret = mdl_sink_flush(s);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* Offset the next appended byte lands at. */
uint64_t mdl_sink_pos(const struct mdl_sink *s)
{
	return s->buf_off + s->fill;
}

/* Flush; a file is cut to exactly what was written, a stream gets its end record. */
int mdl_sink_finish(struct mdl_sink *s)
{
	int ret = mdl_sink_flush(s);

	if (ret)
		return ret;
	if (s->flat) {
		unsigned char end[16];

		memset(end, 0xff, sizeof(end));	/* END_FLAG_FLAT_HEADER twice */
		return mdl_write_all(s->ctx, s->fd, end, sizeof(end));
	}
	if (ftruncate(s->fd, (off_t)s->size))
		return mdl_err(s->ctx, errno, "truncate output: %s", strerror(errno));
	return 0;
}

void mdl_sink_deinit(struct mdl_sink *s)
{
	free(s->buf);
	s->buf = NULL;
}
