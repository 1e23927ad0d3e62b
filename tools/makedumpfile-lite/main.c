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
	time_t start;
	int last_pct;
	const char *last_what;
};

static void show_progress(void *arg, const char *what, uint64_t done, uint64_t total)
{
	struct progress_state *ps = arg;
	int pct = total ? (int)(done * 100 / total) : 100;

	if (time(NULL) - ps->start < 1)
		return;	/* short runs stay quiet */
	if (pct == ps->last_pct && what == ps->last_what)
		return;
	ps->last_pct = pct;
	ps->last_what = what;
	fprintf(stderr, "\r%-14s %3d%%%s", what, pct, done == total ? "\n" : "");
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

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "dump-dmesg", no_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 },
	};
	struct mdl_ctx ctx;
	struct progress_state ps = { .start = time(NULL), .last_pct = -1 };
	bool elf_out = false, dmesg = false;
	int opt, level = 0, ncomp = 0, in_fd, out_fd, ret;
	enum mdl_compress comp = MDL_COMP_NONE;
	const char *epoch;
	char *end;

	while ((opt = getopt_long(argc, argv, "clzEd:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			comp = MDL_COMP_ZLIB;
			ncomp++;
			break;
		case 'l':
			comp = MDL_COMP_LZO;
			ncomp++;
			break;
		case 'z':
			comp = MDL_COMP_ZSTD;
			ncomp++;
			break;
		case 'E':
			elf_out = true;
			break;
		case 'd':
			errno = 0;
			level = (int)strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || level < 0 || level > MDL_DL_MAX) {
				fprintf(stderr, PROG ": dump level must be 0..31, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'M':
			dmesg = true;
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
	if (ncomp > 1 || (elf_out && ncomp)) {
		fprintf(stderr, PROG ": -c, -l, -z and -E exclude each other\n");
		return 2;
	}

	mdl_ctx_init(&ctx);
	ctx.dump_level = level;
	ctx.comp = comp;
	ctx.timestamp = time(NULL);
	epoch = getenv("SOURCE_DATE_EPOCH");
	if (epoch)
		ctx.timestamp = strtoll(epoch, NULL, 10);
	ctx.no_mmap = getenv("MDL_NO_MMAP") != NULL;	/* test knob: force pread() */
	if (isatty(STDERR_FILENO)) {
		ctx.progress = show_progress;
		ctx.progress_arg = &ps;
	}
	in_fd = open(argv[optind], O_RDONLY | O_CLOEXEC);
	if (in_fd < 0) {
		fprintf(stderr, PROG ": %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	ctx.own_fd = true;
	ret = mdl_open_fd(&ctx, in_fd);
	print_warnings(&ctx);
	if (ret) {
		fprintf(stderr, PROG ": %s: %s\n", argv[optind], ctx.err);
		mdl_ctx_deinit(&ctx);
		return 1;
	}
	out_fd = open(argv[optind + 1], O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out_fd < 0) {
		fprintf(stderr, PROG ": %s: %s\n", argv[optind + 1], strerror(errno));
		mdl_ctx_deinit(&ctx);
		return 1;
	}
	if (dmesg) {
		ret = mdl_dump_dmesg(&ctx, out_fd);
	} else {
		ret = mdl_filter_run(&ctx);
		print_warnings(&ctx);
		if (!ret)
			ret = elf_out ? mdl_write_elf(&ctx, out_fd) : mdl_write_kdump(&ctx, out_fd);
	}
	print_warnings(&ctx);
	if (ret) {
		fprintf(stderr, PROG ": %s\n", ctx.err);
		unlink(argv[optind + 1]);
	} else if (!dmesg) {
		print_summary(&ctx);
	}
	if (close(out_fd) && !ret) {
		fprintf(stderr, PROG ": %s: %s\n", argv[optind + 1], strerror(errno));
		ret = -EIO;
	}
	mdl_ctx_deinit(&ctx);
	return ret ? 1 : 0;
}
