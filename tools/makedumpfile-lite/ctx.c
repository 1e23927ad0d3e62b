// SPDX-License-Identifier: GPL-2.0
/* Context lifetime and error/warning text kept in the context. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mdl.h"

void mdl_ctx_init(struct mdl_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->fd = -1;
	ctx->page_size = 4096;
}

void mdl_ctx_deinit(struct mdl_ctx *ctx)
{
	if (ctx->elf)
		elf_end(ctx->elf);
	if (ctx->map && ctx->fd >= 0)
		munmap((void *)ctx->map, ctx->map_len);
	if (ctx->own_fd && ctx->fd >= 0)
		close(ctx->fd);
	free(ctx->seg);
	free(ctx->notes);
	free(ctx->present);
	free(ctx->dumpable);
	mdl_vi_free(&ctx->vi);
	ctx->elf = NULL;
	ctx->map = NULL;
	ctx->seg = NULL;
	ctx->notes = NULL;
	ctx->present = NULL;
	ctx->dumpable = NULL;
}

/* Set the message (replacing any) and return -err. */
int mdl_err(struct mdl_ctx *ctx, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->err, sizeof(ctx->err), fmt, ap);
	va_end(ap);
	return -err;
}

/* Prepend context to the existing message: "outer: inner". */
int mdl_err_prefix(struct mdl_ctx *ctx, int err, const char *fmt, ...)
{
	char head[MDL_ERR_LEN / 2], old[MDL_ERR_LEN / 2 - 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	memcpy(old, ctx->err, sizeof(old));
	old[sizeof(old) - 1] = '\0';
	if (old[0])
		snprintf(ctx->err, sizeof(ctx->err), "%s: %s", head, old);
	else
		snprintf(ctx->err, sizeof(ctx->err), "%s", head);
	return err < 0 ? err : -err;
}

/* Append one line to the warnings main() prints on stderr. */
void mdl_warn(struct mdl_ctx *ctx, const char *fmt, ...)
{
	size_t used = strlen(ctx->warn);
	va_list ap;

	if (used + 2 >= sizeof(ctx->warn))
		return;
	va_start(ap, fmt);
	vsnprintf(ctx->warn + used, sizeof(ctx->warn) - used - 1, fmt, ap);
	va_end(ap);
	used = strlen(ctx->warn);
	ctx->warn[used] = '\n';
	ctx->warn[used + 1] = '\0';
}

int mdl_pwrite_all(struct mdl_ctx *ctx, int fd, const void *buf, size_t len, uint64_t off)
{
	const char *p = buf;

	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : ENOSPC;

			return mdl_err(ctx, e, "write at offset %llu failed: %s",
				       (unsigned long long)off, strerror(e));
		}
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

/* Sequential write (pipes too); for outputs written front to back. */
int mdl_write_all(struct mdl_ctx *ctx, int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : ENOSPC;

			return mdl_err(ctx, e, "write failed: %s", strerror(e));
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Append one line to a report (verify, mem-usage); -ENOMEM if it cannot grow. */
int mdl_report_add(struct mdl_report *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t room = r->cap - r->len;

		va_start(ap, fmt);
		n = vsnprintf(r->text ? r->text + r->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0)
			return -EINVAL;
		if ((size_t)n + 2 <= room)
			break;
		{
			size_t ncap = (r->cap + (size_t)n + 2) * 2;
			char *t = realloc(r->text, ncap);

			if (!t)
				return -ENOMEM;
			r->text = t;
			r->cap = ncap;
		}
	}
	r->len += (size_t)n;
	r->text[r->len++] = '\n';
	r->text[r->len] = '\0';
	return 0;
}

void mdl_report_free(struct mdl_report *r)
{
	free(r->text);
	memset(r, 0, sizeof(*r));
}
