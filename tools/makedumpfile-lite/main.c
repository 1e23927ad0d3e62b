// SPDX-License-Identifier: GPL-2.0
/*
 * makedumpfile-lite: filter and compress an i386 vmcore.
 * Only this file prints or exits: 0 ok, 1 failure, 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mdl.h"

#define PROG "makedumpfile-lite"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " [-c|-l|-z] [-E] [-d LEVEL] VMCORE OUT\n"
		"       " PROG " --dump-dmesg VMCORE OUT\n"
		"\n"
		"Copy an i386 vmcore (ELF32/ELF64, file or /proc/vmcore) leaving out\n"
		"pages the dump level excludes, as kdump-compressed (default) or ELF.\n"
		"\n"
		"  -d LEVEL      0..31, sum of: 1 zero pages, 2 non-private cache,\n"
		"                4 private cache, 8 user data, 16 free pages (default 0)\n"
		"  -c            compress pages with zlib\n"
		"  -l            compress pages with lzo\n"
		"  -z            compress pages with zstd\n"
		"  -E            write ELF instead of kdump-compressed (no compression)\n"
		"  --dump-dmesg  write the kernel log (6.1 printk ring buffer) as text\n"
		"  -h, --help    this text\n"
		"\n"
		"Exit status: 0 success, 1 failure, 2 usage error.\n");
}

struct progress_state {
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

static void show_progress(void *arg, const char *what, uint64_t done, uint64_t total)
{
	struct progress_state *ps = arg;
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

static void end_progress(struct progress_state *ps)
{
	if (ps->open_line)
		fputc('\n', stderr);
	ps->open_line = false;
}

static void print_warnings(struct mdl_ctx *ctx)
{
	if (ctx->warn[0])
		fprintf(stderr, "%s", ctx->warn);
	ctx->warn[0] = '\0';
}

static void print_summary(const struct mdl_ctx *ctx)
{
	const struct mdl_counts *c = &ctx->counts;
	int i;

	const char *sep = "; excluded:";

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

struct opts {
	bool elf_out, dmesg;
	int level;
	enum mdl_compress comp;
	const char *in, *out;
};

/* Returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "dump-dmesg", no_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 },
	};
	int opt, ncomp = 0;
	char *end;

	while ((opt = getopt_long(argc, argv, "clzEd:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
		case 'l':
		case 'z':
			o->comp = opt == 'c' ? MDL_COMP_ZLIB : opt == 'l' ? MDL_COMP_LZO : MDL_COMP_ZSTD;
			ncomp++;
			break;
		case 'E':
			o->elf_out = true;
			break;
		case 'd':
			errno = 0;
			o->level = (int)strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || o->level < 0 || o->level > MDL_DL_MAX) {
				fprintf(stderr, PROG ": dump level must be 0..31, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'M':
			o->dmesg = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind != 2) {
		usage(stderr);
		return 2;
	}
	if (ncomp > 1 || (o->elf_out && ncomp)) {
		fprintf(stderr, PROG ": -c, -l, -z and -E exclude each other\n");
		return 2;
	}
	o->in = argv[optind];
	o->out = argv[optind + 1];
	return -1;
}

static void setup_ctx(struct mdl_ctx *ctx, const struct opts *o, struct progress_state *ps)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");

	mdl_ctx_init(ctx);
	ctx->dump_level = o->level;
	ctx->comp = o->comp;
	ctx->timestamp = epoch ? strtoll(epoch, NULL, 10) : time(NULL);
	ctx->no_mmap = getenv("MDL_NO_MMAP") != NULL;	/* test knob: force pread() */
	if (isatty(STDERR_FILENO)) {
		ctx->progress = show_progress;
		ctx->progress_arg = ps;
	}
}

/* Filter (or extract the log) into out_fd; 0 or -errno with ctx->err. */
static int produce(struct mdl_ctx *ctx, const struct opts *o, int out_fd,
		   struct progress_state *ps)
{
	int ret;

	if (o->dmesg)
		return mdl_dump_dmesg(ctx, out_fd);
	ret = mdl_filter_run(ctx);
	end_progress(ps);
	print_warnings(ctx);
	if (ret)
		return ret;
	return o->elf_out ? mdl_write_elf(ctx, out_fd) : mdl_write_kdump(ctx, out_fd);
}

int main(int argc, char **argv)
{
	struct progress_state ps = { .start = now(), .last_pct = -1 };
	struct opts o = { .comp = MDL_COMP_NONE };
	struct mdl_ctx ctx;
	int in_fd, out_fd, ret;

	ret = parse_args(argc, argv, &o);
	if (ret >= 0)
		return ret;
	setup_ctx(&ctx, &o, &ps);
	in_fd = open(o.in, O_RDONLY | O_CLOEXEC);
	if (in_fd < 0) {
		fprintf(stderr, PROG ": %s: %s\n", o.in, strerror(errno));
		return 1;
	}
	ctx.own_fd = true;
	ret = mdl_open_fd(&ctx, in_fd);
	print_warnings(&ctx);
	if (ret) {
		fprintf(stderr, PROG ": %s: %s\n", o.in, ctx.err);
		mdl_ctx_deinit(&ctx);
		return 1;
	}
	out_fd = open(o.out, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out_fd < 0) {
		fprintf(stderr, PROG ": %s: %s\n", o.out, strerror(errno));
		mdl_ctx_deinit(&ctx);
		return 1;
	}
	if (!o.dmesg && lseek(out_fd, 0, SEEK_CUR) < 0) {
		fprintf(stderr, PROG ": %s: output must be seekable (a file or a block device)\n", o.out);
		close(out_fd);
		mdl_ctx_deinit(&ctx);
		return 1;
	}
	ret = produce(&ctx, &o, out_fd, &ps);
	end_progress(&ps);
	print_warnings(&ctx);
	if (close(out_fd) && !ret)
		ret = mdl_err(&ctx, errno, "%s: %s", o.out, strerror(errno));
	if (ret) {
		fprintf(stderr, PROG ": %s\n", ctx.err);
		unlink(o.out);
	} else if (!o.dmesg) {
		print_summary(&ctx);
	}
	mdl_ctx_deinit(&ctx);
	return ret ? 1 : 0;
}
