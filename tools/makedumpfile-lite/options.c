// SPDX-License-Identifier: GPL-2.0
/*
 * Command line, with makedumpfile 1.7.2's option names so that kdump
 * scripts can call this instead.  Pure: it fills struct mdl_opts or puts
 * a message in o->msg and returns 2; main() prints.  Every makedumpfile
 * option is either honoured, accepted because it cannot change the
 * result (--cyclic-buffer, --splitblock-size, --work-dir: this tool keeps
 * no temporary files and splits by dumpable pages), or refused as not
 * supported -- never silently ignored.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl.h"

enum {
	OPT_SPLIT = 256, OPT_REASSEMBLE, OPT_MESSAGE_LEVEL, OPT_DUMP_DMESG, OPT_HELP,
	OPT_CYCLIC_BUFFER, OPT_NON_MMAP, OPT_MEM_USAGE, OPT_SPLITBLOCK_SIZE, OPT_WORK_DIR,
	OPT_NUM_THREADS, OPT_CHECK_PARAMS, OPT_VERIFY, OPT_UNSUPPORTED,
};

static const struct option longopts[] = {
	{ "split", no_argument, NULL, OPT_SPLIT },
	{ "reassemble", no_argument, NULL, OPT_REASSEMBLE },
	{ "message-level", required_argument, NULL, OPT_MESSAGE_LEVEL },
	{ "dump-dmesg", no_argument, NULL, OPT_DUMP_DMESG },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "cyclic-buffer", required_argument, NULL, OPT_CYCLIC_BUFFER },
	{ "non-mmap", no_argument, NULL, OPT_NON_MMAP },
	{ "mem-usage", no_argument, NULL, OPT_MEM_USAGE },
	{ "splitblock-size", required_argument, NULL, OPT_SPLITBLOCK_SIZE },
	{ "work-dir", required_argument, NULL, OPT_WORK_DIR },
	{ "num-threads", required_argument, NULL, OPT_NUM_THREADS },
	{ "check-params", no_argument, NULL, OPT_CHECK_PARAMS },
	{ "verify", no_argument, NULL, OPT_VERIFY },
	/* makedumpfile's, refused by name */
	{ "xen-syms", required_argument, NULL, OPT_UNSUPPORTED },
	{ "xen-vmcoreinfo", required_argument, NULL, OPT_UNSUPPORTED },
	{ "xen_phys_start", required_argument, NULL, OPT_UNSUPPORTED },
	{ "vtop", required_argument, NULL, OPT_UNSUPPORTED },
	{ "partial-dmesg", no_argument, NULL, OPT_UNSUPPORTED },
	{ "config", required_argument, NULL, OPT_UNSUPPORTED },
	{ "diskset", required_argument, NULL, OPT_UNSUPPORTED },
	{ "eppic", required_argument, NULL, OPT_UNSUPPORTED },
	{ "dry-run", no_argument, NULL, OPT_UNSUPPORTED },
	{ "show-stats", no_argument, NULL, OPT_UNSUPPORTED },
	{ NULL, 0, NULL, 0 },
};

/* makedumpfile's short options: the ones taken here, then b e g i L p X refused */
#define SHORTOPTS "b:cDd:eEFfg:hi:lL:pRvXx:z"

static int usage_err(struct mdl_opts *o, const char *fmt, const char *a)
{
	snprintf(o->msg, sizeof(o->msg), fmt, a);
	return 2;
}

static int number(struct mdl_opts *o, const char *what, const char *s, long lo, long hi,
		  long *out)
{
	char *end;
	long v;

	v = strtol(s, &end, 10);
	if (end == s || *end || v < lo || v > hi) {
		snprintf(o->msg, sizeof(o->msg), "%s must be %ld..%ld, not '%s'", what, lo, hi, s);
		return 2;
	}
	*out = v;
	return 0;
}

/* The name of the option getopt just returned, for messages. */
static const char *opt_name(int opt, int idx, char *buf, size_t len)
{
	if (opt < 256)
		snprintf(buf, len, "-%c", opt);
	else
		snprintf(buf, len, "--%s", longopts[idx].name);
	return buf;
}

static int take_option(struct mdl_opts *o, int opt, int idx, const char *arg)
{
	char name[40];
	long v;

	switch (opt) {
	case 'c': case 'l': case 'z':
		o->comp = opt == 'c' ? MDL_COMP_ZLIB : opt == 'l' ? MDL_COMP_LZO : MDL_COMP_ZSTD;
		o->ncomp++;
		return 0;
	case 'd':
		if (number(o, "dump level", arg, 0, MDL_DL_MAX, &v))
			return 2;
		o->level = (int)v;
		return 0;
	case 'E': o->elf_out = true; return 0;
	case 'F': o->flatten = true; return 0;
	case 'f': o->force = true; return 0;
	case 'R': o->mode = MDL_MODE_REARRANGE; return 0;
	case 'D': o->msg_level |= MDL_ML_DEBUG; return 0;
	case 'v': o->mode = MDL_MODE_VERSION; return 0;
	case 'h': case OPT_HELP: o->mode = MDL_MODE_HELP; return 0;
	case 'x': o->vmlinux = arg; return 0;
	case OPT_SPLIT: o->split = true; return 0;
	case OPT_REASSEMBLE: o->mode = MDL_MODE_REASSEMBLE; return 0;
	case OPT_DUMP_DMESG: o->mode = MDL_MODE_DMESG; return 0;
	case OPT_MEM_USAGE: o->mode = MDL_MODE_MEM_USAGE; return 0;
	case OPT_VERIFY: o->mode = MDL_MODE_VERIFY; return 0;
	case OPT_NON_MMAP: o->non_mmap = true; return 0;
	case OPT_CHECK_PARAMS: o->check_params = true; return 0;
	case OPT_MESSAGE_LEVEL:
		if (number(o, "message level", arg, 0, 31, &v))
			return 2;
		o->msg_level = (int)v | (o->msg_level & MDL_ML_DEBUG);
		return 0;
	case OPT_NUM_THREADS:
		if (number(o, "number of threads", arg, 0, MDL_MAX_THREADS, &v))
			return 2;
		o->threads = (unsigned int)v;
		return 0;
	case OPT_CYCLIC_BUFFER:
	case OPT_SPLITBLOCK_SIZE:
		/* memory is bounded by bitmaps anyway; splits go by dumpable pages */
		return number(o, opt_name(opt, idx, name, sizeof(name)), arg, 1, 1L << 30, &v);
	case OPT_WORK_DIR:
		return 0;	/* no temporary files are written */
	case '?':
		return usage_err(o, "%s", "unknown option or missing argument");
	default:
		return usage_err(o, "option %s is not supported by makedumpfile-lite",
				 opt_name(opt, idx, name, sizeof(name)));
	}
}

/* Operands each mode takes, and options that do not mix. */
static int check_operands(struct mdl_opts *o)
{
	int n = o->nfiles;

	if (o->ncomp > 1 || (o->elf_out && o->ncomp))
		return usage_err(o, "%s", "-c, -l, -z and -E exclude each other");
	if (o->ncomp && !mdl_compress_supported(o->comp))
		return usage_err(o, "%s", "this build supports only -c (zlib) compression");
	switch (o->mode) {
	case MDL_MODE_HELP:
	case MDL_MODE_VERSION:
		return 0;
	case MDL_MODE_REARRANGE:
		return n == 1 ? 0 : usage_err(o, "%s", "-R takes one operand: the dump file to write");
	case MDL_MODE_REASSEMBLE:
		return n >= 2 ? 0 : usage_err(o, "%s", "--reassemble takes split files and the file to write");
	case MDL_MODE_VERIFY:
		return n == 1 ? 0 : usage_err(o, "%s", "--verify takes one operand: the dump to check");
	case MDL_MODE_MEM_USAGE:
		return n == 1 ? 0 : usage_err(o, "%s", "--mem-usage takes one operand: the vmcore");
	case MDL_MODE_DMESG:
		return n == 2 ? 0 : usage_err(o, "%s", "--dump-dmesg takes VMCORE and the file to write");
	case MDL_MODE_DUMP:
		break;
	}
	if (o->flatten && o->split)
		return usage_err(o, "%s", "-F and --split exclude each other");
	if (o->elf_out && (o->flatten || o->split))
		return usage_err(o, "%s", "-E with -F or --split is not supported by makedumpfile-lite");
	if (o->flatten)
		return n == 1 ? 0 : usage_err(o, "%s", "with -F the only operand is VMCORE (output goes to stdout)");
	if (o->split)
		return n >= 3 ? 0 : usage_err(o, "%s", "--split takes VMCORE and at least two dump files");
	return n == 2 ? 0 : usage_err(o, "%s", "expected VMCORE and the dump file to write");
}

int mdl_parse_options(int argc, char **argv, struct mdl_opts *o)
{
	int opt, idx;

	memset(o, 0, sizeof(*o));
	o->msg_level = MDL_ML_DEFAULT;
	optind = 0;	/* full rescan (glibc): parsing may run more than once */
	opterr = 0;
	for (;;) {
		idx = 0;
		opt = getopt_long(argc, argv, SHORTOPTS, longopts, &idx);
		if (opt == -1)
			break;
		if (opt == '?' && optopt) {
			char name[3] = { '-', (char)optopt, 0 };

			return usage_err(o, strchr("bdgiLx", optopt) ? "option %s needs an argument" :
					 "unknown option %s", name);
		}
		if (take_option(o, opt, idx, optarg))
			return 2;
	}
	o->files = argv + optind;
	o->nfiles = argc - optind;
	return check_operands(o);
}
