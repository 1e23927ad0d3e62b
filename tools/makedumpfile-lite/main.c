// SPDX-License-Identifier: GPL-2.0
/*
 * makedumpfile-lite: filter and compress an i386 vmcore.
 * Only this file prints or exits: 0 ok, 1 failure, 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mdl.h"

#define PROG "makedumpfile-lite"
#define VERSION "1.1"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " [-c|-l|-z|-E] [-d LEVEL] [--num-threads N] [-f] VMCORE DUMPFILE\n"
		"       " PROG " -F [-c|-l|-z] [-d LEVEL] VMCORE > FLAT     (flattened, to stdout)\n"
		"       " PROG " -R DUMPFILE < FLAT                          (rearrange a flattened stream)\n"
		"       " PROG " --split [-c|-l|-z] [-d LEVEL] VMCORE DUMPFILE1 DUMPFILE2...\n"
		"       " PROG " --reassemble DUMPFILE1 DUMPFILE2... DUMPFILE\n"
		"       " PROG " --verify DUMPFILE\n"
		"       " PROG " --mem-usage VMCORE\n"
		"       " PROG " --dump-dmesg VMCORE LOGFILE\n"
		"\n"
		"Copy an i386 vmcore (ELF32/ELF64, file or /proc/vmcore) leaving out\n"
		"pages the dump level excludes, as kdump-compressed (default) or ELF.\n"
		"\n"
		"  -d LEVEL           0..31, sum of: 1 zero pages, 2 non-private cache,\n"
		"                     4 private cache, 8 user data, 16 free pages (default 0)\n"
		"  -c, -l, -z         compress pages with zlib, lzo or zstd\n"
		"  -E                 write ELF instead of kdump-compressed (no compression)\n"
		"  -F                 write makedumpfile's flattened format to stdout\n"
		"  -R                 rearrange a flattened stream on stdin into DUMPFILE\n"
		"  -f                 overwrite DUMPFILE if it exists\n"
		"  --num-threads N    compress with N threads (output identical to N = 0)\n"
		"  --split            one dump in several files (crash reads them together)\n"
		"  --reassemble       join split files into one\n"
		"  --verify           check a dump: structure, every page, checksums, truncation\n"
		"  --mem-usage        what each -d level would keep, per page class\n"
		"  --dump-dmesg       write the kernel log (6.1 printk ring buffer) as text\n"
		"  --message-level N  0..31: 1 progress, 2 common, 4 errors, 8 debug, 16 report\n"
		"  --check-params     only check the command line\n"
		"  --non-mmap         read the vmcore with read() only\n"
		"  -D                 debug messages;  -v  version;  -h, --help  this text\n"
		"  -x VMLINUX, --cyclic-buffer N, --splitblock-size N, --work-dir DIR\n"
		"                     accepted; they do not change the result\n"
		"\n"
		"Exit status: 0 success (--verify: dump intact), 1 failure, 2 usage error.\n");
}

struct ui {
	int level;		/* --message-level bits */
	double start;
	int last_pct;
	const char *last_what;
	bool open_line;		/* a progress line without its newline */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void say(const struct ui *u, int bit, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void say(const struct ui *u, int bit, const char *fmt, ...)
{
	va_list ap;

	if (!(u->level & bit))
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static void show_progress(void *arg, const char *what, uint64_t done, uint64_t total)
{
	struct ui *ps = arg;
	int pct = total ? (int)(done * 100 / total) : 100;

	if (now() - ps->start < 1.0)
		return;	/* short runs stay quiet */
	if (pct == ps->last_pct && what == ps->last_what)
		return;
	ps->last_pct = pct;
	ps->last_what = what;
	fprintf(stderr, "\r%-14s %3d%%%s", what, pct, done == total ? "\n" : "");
	ps->open_line = done != total;
}

static void end_progress(struct ui *ps)
{
	if (ps->open_line)
		fputc('\n', stderr);
	ps->open_line = false;
}

static void print_warnings(const struct ui *u, struct mdl_ctx *ctx)
{
	if (ctx->warn[0])
		say(u, MDL_ML_COMMON, "%s", ctx->warn);
	ctx->warn[0] = '\0';
}

static void print_summary(const struct ui *u, const struct mdl_ctx *ctx)
{
	const struct mdl_counts *c = &ctx->counts;
	const char *sep = "; excluded:";
	int i;

	if (!(u->level & (MDL_ML_COMMON | MDL_ML_REPORT)))
		return;
	fprintf(stderr, PROG ": %llu pages written", (unsigned long long)ctx->nr_dumpable);
	for (i = 1; i < MDL_PG_NCLASS; i++) {
		if (c->pages[i]) {
			fprintf(stderr, "%s %llu %s", sep, (unsigned long long)c->pages[i],
				mdl_class_name((enum mdl_class)i));
			sep = ",";
		}
	}
	fprintf(stderr, "%s\n", ctx->incomplete ? " (input incomplete)" : "");
}

static void setup_ctx(struct mdl_ctx *ctx, const struct mdl_opts *o, struct ui *u)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH"), *e;

	mdl_ctx_init(ctx);
	ctx->dump_level = o->level;
	ctx->comp = o->comp;
	ctx->threads = o->threads;
	ctx->timestamp = epoch ? strtoll(epoch, NULL, 10) : time(NULL);
	/*
	 * MDL_NO_MMAP: test knob, the same as --non-mmap; MDL_NO_MMAP=span:
	 * no mapping of the whole input, as in an i386 build on a dump over
	 * 2 GiB (per-batch mappings, mdl_map_span()).
	 */
	e = getenv("MDL_NO_MMAP");
	ctx->no_mmap = o->non_mmap || (e && strcmp(e, "span"));
	ctx->no_full_map = e && !strcmp(e, "span");
	if (isatty(STDERR_FILENO) && (u->level & MDL_ML_PROGRESS)) {
		ctx->progress = show_progress;
		ctx->progress_arg = u;
	}
}

/* makedumpfile's rule: an existing dump file is kept unless -f. */
static int open_out(const struct ui *u, const struct mdl_opts *o, const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | (o->force ? 0 : O_EXCL),
		      0644);

	if (fd < 0)
		say(u, MDL_ML_ERROR, PROG ": %s: %s%s\n", path, strerror(errno),
		    errno == EEXIST ? " (use -f to overwrite)" : "");
	else if (lseek(fd, 0, SEEK_CUR) < 0) {
		say(u, MDL_ML_ERROR, PROG ": %s: output must be seekable (a file or a block device; use -F for a pipe)\n",
		    path);
		close(fd);
		unlink(path);
		fd = -1;
	}
	return fd;
}

static int open_in(const struct ui *u, struct mdl_ctx *ctx, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0) {
		say(u, MDL_ML_ERROR, PROG ": %s: %s\n", path, strerror(errno));
		return 1;
	}
	ctx->own_fd = true;
	ret = mdl_open_fd(ctx, fd);
	print_warnings(u, ctx);
	if (ret) {
		say(u, MDL_ML_ERROR, PROG ": %s: %s\n", path, ctx->err);
		return 1;
	}
	return 0;
}

/* -x only stands in for VMCOREINFO, which every dump this tool reads has. */
static int check_vmlinux(const struct ui *u, const struct mdl_opts *o, const struct mdl_ctx *ctx)
{
	if (!o->vmlinux || ctx->have_vi)
		return 0;
	say(u, MDL_ML_ERROR,
	    PROG ": -x %s: filtering with vmlinux debug info instead of VMCOREINFO is not supported (the dump has no VMCOREINFO)\n",
	    o->vmlinux);
	return 2;
}

/* Filter and write the dump files (one, -F's stream, or --split's). */
static int write_dumps(const struct ui *u, struct mdl_ctx *ctx, const struct mdl_opts *o)
{
	const char *const *outs = (const char *const *)o->files + 1;
	unsigned int n = o->split ? (unsigned int)o->nfiles - 1 : 1, i;
	uint64_t *bounds;
	double t0 = now(), t1;
	int ret = mdl_filter_run(ctx), fd;

	t1 = now();
	print_warnings(u, ctx);
	say(u, MDL_ML_DEBUG, PROG ": debug: %zu PT_LOADs, max_pfn %llu, page size %u, %s, struct pages %s; filter %.3f s\n",
	    ctx->nseg, (unsigned long long)ctx->max_pfn, ctx->page_size,
	    ctx->map ? "mmap" : "pread", ctx->pi.usable ? "used" : "not used", t1 - t0);
	if (ret)
		return ret;
	bounds = calloc(n + 1, sizeof(*bounds));
	if (!bounds)
		return mdl_err(ctx, ENOMEM, "out of memory");
	mdl_split_ranges(ctx, n, bounds);
	for (i = 0; i < n && !ret; i++) {
		struct mdl_kdump_part part = { bounds[i], bounds[i + 1], o->split };
		struct mdl_sink sink;

		fd = o->flatten ? STDOUT_FILENO : open_out(u, o, outs[i]);
		if (fd < 0) {
			ret = -EIO;
			ctx->err[0] = '\0';
			break;
		}
		if (o->elf_out)
			ret = mdl_write_elf(ctx, fd);
		else {
			ret = mdl_sink_init(&sink, ctx, fd, o->flatten);
			if (!ret)
				ret = mdl_write_kdump(ctx, &sink, &part);
			mdl_sink_deinit(&sink);
		}
		if (!o->flatten && close(fd) && !ret)
			ret = mdl_err(ctx, errno, "%s: %s", outs[i], strerror(errno));
		if (ret && !o->flatten)
			unlink(outs[i]);
	}
	for (; ret && !o->flatten && i-- > 0;)
		unlink(outs[i]);	/* no half set of split files */
	free(bounds);
	say(u, MDL_ML_DEBUG, PROG ": debug: %u file(s), %u compression thread(s); write %.3f s\n", n,
	    ctx->threads > 1 ? ctx->threads : 1, now() - t1);
	return ret;
}

static int run_dump(struct ui *u, struct mdl_ctx *ctx, const struct mdl_opts *o)
{
	int ret = open_in(u, ctx, o->files[0]);

	if (ret)
		return ret;
	ret = check_vmlinux(u, o, ctx);
	if (ret)
		return ret;
	ret = write_dumps(u, ctx, o);
	end_progress(u);
	print_warnings(u, ctx);
	if (ret) {
		if (ctx->err[0])
			say(u, MDL_ML_ERROR, PROG ": %s\n", ctx->err);
		return 1;
	}
	print_summary(u, ctx);
	return 0;
}

static int run_dmesg(struct ui *u, struct mdl_ctx *ctx, const struct mdl_opts *o)
{
	int ret = open_in(u, ctx, o->files[0]), fd;

	if (ret)
		return ret;
	/* a log may go to a pipe or an existing file (/proc/self/fd/1) */
	fd = open(o->files[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		say(u, MDL_ML_ERROR, PROG ": %s: %s\n", o->files[1], strerror(errno));
		return 1;
	}
	ret = mdl_dump_dmesg(ctx, fd);
	if (close(fd) && !ret)
		ret = mdl_err(ctx, errno, "%s: %s", o->files[1], strerror(errno));
	if (ret) {
		say(u, MDL_ML_ERROR, PROG ": %s\n", ctx->err);
		unlink(o->files[1]);
		return 1;
	}
	return 0;
}

static int run_rearrange(struct ui *u, struct mdl_ctx *ctx, const struct mdl_opts *o)
{
	int fd = open_out(u, o, o->files[0]), ret;

	if (fd < 0)
		return 1;
	ret = mdl_flat_rearrange(ctx, STDIN_FILENO, fd);
	if (close(fd) && !ret)
		ret = mdl_err(ctx, errno, "%s: %s", o->files[0], strerror(errno));
	if (ret) {
		say(u, MDL_ML_ERROR, PROG ": %s\n", ctx->err);
		unlink(o->files[0]);
		return 1;
	}
	return 0;
}

static int run_reassemble(struct ui *u, struct mdl_ctx *ctx, const struct mdl_opts *o)
{
	const char *out = o->files[o->nfiles - 1];
	int fd = open_out(u, o, out), ret;

	if (fd < 0)
		return 1;
	ret = mdl_reassemble(ctx, (const char *const *)o->files, (unsigned int)o->nfiles - 1, fd);
	if (close(fd) && !ret)
		ret = mdl_err(ctx, errno, "%s: %s", out, strerror(errno));
	if (ret) {
		say(u, MDL_ML_ERROR, PROG ": %s\n", ctx->err);
		unlink(out);
		return 1;
	}
	return 0;
}

/* --verify and --mem-usage: a report on stdout. */
static int run_report(struct ui *u, struct mdl_ctx *ctx, const struct mdl_opts *o)
{
	struct mdl_report r = { 0 };
	int ret, fd;

	if (o->mode == MDL_MODE_VERIFY) {
		fd = open(o->files[0], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			say(u, MDL_ML_ERROR, PROG ": %s: %s\n", o->files[0], strerror(errno));
			return 1;
		}
		printf("%s:\n", o->files[0]);
		ret = mdl_verify(ctx, fd, &r);
		close(fd);
		ctx->fd = -1;
	} else {
		ret = open_in(u, ctx, o->files[0]);
		if (ret)
			return ret;
		ret = mdl_mem_usage(ctx, &r);
		print_warnings(u, ctx);
	}
	if (r.text)
		fputs(r.text, stdout);
	if (ret)
		say(u, MDL_ML_ERROR, PROG ": %s: %s\n", o->files[0], ctx->err);
	else if (o->mode == MDL_MODE_VERIFY)
		printf("%s\n", r.bad ? "verify: DAMAGED" : "verify: intact");
	ret = ret || r.bad ? 1 : 0;
	mdl_report_free(&r);
	return ret;
}

int main(int argc, char **argv)
{
	struct mdl_opts o;
	struct ui u = { .start = now(), .last_pct = -1 };
	struct mdl_ctx ctx;
	int ret;

	ret = mdl_parse_options(argc, argv, &o);
	u.level = o.msg_level;
	if (ret) {
		fprintf(stderr, PROG ": %s\nUsage: " PROG " [OPTIONS] VMCORE DUMPFILE (--help for more)\n",
			o.msg);
		return 2;
	}
	if (o.mode == MDL_MODE_HELP) {
		usage(stdout);
		return 0;
	}
	if (o.mode == MDL_MODE_VERSION) {
		printf(PROG " " VERSION " (makedumpfile 1.7.2 compatible options)\n");
		return 0;
	}
	if (o.check_params)
		return 0;	/* the command line is valid; nothing is opened */
	setup_ctx(&ctx, &o, &u);
	switch (o.mode) {
	case MDL_MODE_DMESG:
		ret = run_dmesg(&u, &ctx, &o);
		break;
	case MDL_MODE_REARRANGE:
		ret = run_rearrange(&u, &ctx, &o);
		break;
	case MDL_MODE_REASSEMBLE:
		ret = run_reassemble(&u, &ctx, &o);
		break;
	case MDL_MODE_VERIFY:
	case MDL_MODE_MEM_USAGE:
		ret = run_report(&u, &ctx, &o);
		break;
	default:
		ret = run_dump(&u, &ctx, &o);
		break;
	}
	mdl_ctx_deinit(&ctx);
	return ret;
}
