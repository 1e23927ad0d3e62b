// SPDX-License-Identifier: GPL-2.0
/*
 * dumptest: the guest side of the QEMU tests, one static i386 binary.
 *
 *   dumptest fill-user N SALT     fill N pages of this process with the
 *	pfn pattern (pfn from /proc/self/pagemap), print "PAGE pfn salt user"
 *	lines, then "READY", and sleep holding them until killed.
 *   dumptest verify-oldmem LIST   read every listed page through /dev/oldmem
 *	and compare it with its pattern.
 *   dumptest verify-vmcore FILE LIST  the same through an ELF core's
 *	PT_LOADs with read(), pread() at odd offsets and mmap().
 *   dumptest save-stdin DEV        stdin to DEV at 1 MiB behind a "DUMP <bytes>"
 *	header (test/lib.sh extract_dump).
 *   dumptest vmcore-io FILE       read(), pread(), lseek() and mmap() checks
 *	on /proc/vmcore against its own ELF headers and /dev/oldmem.
 *   dumptest oldmem-edges BACKUP  /dev/oldmem refuses the backup region at
 *	BACKUP and ends at saved_max_pfn.
 *   dumptest read-bench FILE MODE read or mmap FILE whole, print MB/s.
 *   dumptest memcpy-bench         memcpy() between 1 MiB buffers, MB/s.
 *   dumptest wait SECONDS         sleep that long whatever signals arrive
 *	(busybox's sleep, run inside the shell, can return early).
 *   dumptest hold MIB             touch MIB MiB of anonymous memory, keep it.
 *   dumptest eat                  touch anonymous memory until the OOM killer
 *	(or panic_on_oom) ends it.
 *
 * Each check prints "@@ PASS name" or "@@ FAIL name: why".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <elf.h>

#define PAGE 4096

static int failures;

static void result(int ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void result(int ok, const char *name, const char *fmt, ...)
{
	char why[256] = "";
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	printf("@@ %s %s %s\n", ok ? "PASS" : "FAIL", name, why);
	fflush(stdout);
	if (!ok)
		failures++;
}

/* Same pattern as drivers/dump/dump_selftest.c and test/vmcore_check.py. */
static void pattern(unsigned char *b, uint32_t pfn, uint32_t salt)
{
	uint32_t v[2] = { pfn, salt };
	int i;

	memcpy(b, "DUMPPAT", 8);
	memcpy(b + 8, v, sizeof(v));
	for (i = 16; i < PAGE; i++)
		b[i] = (pfn * 131 + salt + ((i - 16) & 255)) & 0xff;
}

static long pfn_of(int pm, void *addr)
{
	uint64_t e;

	if (pread(pm, &e, 8, (uintptr_t)addr / PAGE * 8) != 8)
		return -1;
	if (!(e >> 63) || !(e & ((1ULL << 55) - 1)))
		return -1;
	return e & ((1ULL << 55) - 1);
}

static int fill_user(int n, unsigned int salt)
{
	unsigned char *mem = mmap(NULL, (size_t)n * PAGE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	int pm = open("/proc/self/pagemap", O_RDONLY), i;

	if (mem == MAP_FAILED || pm < 0 || mlock(mem, (size_t)n * PAGE)) {
		perror("fill-user");
		return 1;
	}
	for (i = 0; i < n; i++) {
		long pfn = pfn_of(pm, mem + i * PAGE);

		if (pfn < 0) {
			fprintf(stderr, "fill-user: no pfn for page %d\n", i);
			return 1;
		}
		pattern(mem + i * PAGE, pfn, salt);
		if (pfn_of(pm, mem + i * PAGE) != pfn) {
			fprintf(stderr, "fill-user: page %d moved\n", i);
			return 1;
		}
		printf("PAGE %#lx %u user\n", pfn, salt);
	}
	printf("READY\n");
	fflush(stdout);
	for (;;)
		pause();
}

static int verify_oldmem(const char *list)
{
	FILE *f = fopen(list, "r");
	int fd = open("/dev/oldmem", O_RDONLY);
	unsigned char want[PAGE], got[PAGE];
	char zone[32];
	unsigned long pfn;
	unsigned int salt;
	int ok = 0, bad = 0;

	if (!f || fd < 0) {
		result(0, "oldmem_pages", "cannot open %s or /dev/oldmem: %s", list,
		       strerror(errno));
		return 1;
	}
	while (fscanf(f, " PAGE %lx %u %31s", &pfn, &salt, zone) == 3) {
		pattern(want, pfn, salt);
		if (pread(fd, got, PAGE, (off_t)pfn * PAGE) != PAGE ||
		    memcmp(got, want, PAGE)) {
			printf("oldmem: pfn %#lx (%s) differs: %02x%02x%02x%02x %02x%02x%02x%02x %02x%02x%02x%02x\n",
			       pfn, zone, got[0], got[1], got[2], got[3], got[8], got[9],
			       got[10], got[11], got[12], got[13], got[14], got[15]);
			bad++;
		} else {
			ok++;
		}
	}
	result(ok > 0 && !bad, "oldmem_pages", "%d identical, %d wrong", ok, bad);
	return bad || !ok;
}

/* The PT_LOADs of an ELF32 or ELF64 core, read with pread. */
struct load { uint64_t off, paddr, size; };

static int read_loads(int fd, struct load *ld, int max, uint64_t *notes_off)
{
	unsigned char e[64];
	int n = 0, i, cls;
	uint64_t phoff;
	uint16_t phnum, phentsize;

	if (pread(fd, e, 64, 0) != 64 || memcmp(e, ELFMAG, 4))
		return -1;
	cls = e[EI_CLASS];
	if (cls == ELFCLASS32) {
		Elf32_Ehdr *h = (void *)e;

		phoff = h->e_phoff, phnum = h->e_phnum, phentsize = h->e_phentsize;
	} else {
		Elf64_Ehdr *h = (void *)e;

		phoff = h->e_phoff, phnum = h->e_phnum, phentsize = h->e_phentsize;
	}
	for (i = 0; i < phnum && n < max; i++) {
		unsigned char p[64];
		uint32_t type;
		uint64_t off, paddr, filesz;

		if (pread(fd, p, phentsize, phoff + (uint64_t)i * phentsize) != phentsize)
			return -1;
		if (cls == ELFCLASS32) {
			Elf32_Phdr *ph = (void *)p;

			type = ph->p_type, off = ph->p_offset, paddr = ph->p_paddr,
			filesz = ph->p_filesz;
		} else {
			Elf64_Phdr *ph = (void *)p;

			type = ph->p_type, off = ph->p_offset, paddr = ph->p_paddr,
			filesz = ph->p_filesz;
		}
		if (type == PT_NOTE && notes_off)
			*notes_off = off;
		if (type == PT_LOAD)
			ld[n++] = (struct load){ off, paddr, filesz };
	}
	return n;
}

static uint64_t fnv(const unsigned char *p, size_t n, uint64_t h)
{
	while (n--)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return h;
}

/* Hash of [off, off + len) read in chunks of @chunk bytes. */
static uint64_t hash_range(int fd, uint64_t off, uint64_t len, size_t chunk)
{
	static unsigned char buf[1 << 20];
	uint64_t h = 0xcbf29ce484222325ULL;

	while (len) {
		size_t n = len < chunk ? len : chunk;
		ssize_t r = pread(fd, buf, n, off);

		if (r <= 0)
			return 0;
		h = fnv(buf, r, h);
		off += r;
		len -= r;
	}
	return h;
}

static int vmcore_io(const char *path)
{
	int fd = open(path, O_RDONLY), om = open("/dev/oldmem", O_RDONLY);
	struct load ld[80];
	unsigned char a[3 * PAGE], b[3 * PAGE];
	struct stat st;
	uint64_t size, notes = 0;
	int n, i, bad = 0;

	if (fd < 0 || fstat(fd, &st)) {
		result(0, "vmcore_open", "%s: %s", path, strerror(errno));
		return 1;
	}
	size = st.st_size;
	n = read_loads(fd, ld, 80, &notes);
	result(n > 0, "vmcore_elf_headers", "%d PT_LOAD, %llu bytes", n,
	       (unsigned long long)size);
	if (n <= 0)
		return 1;

	/* Every load's edges, and the window edge, read at odd offsets and
	 * lengths equal /dev/oldmem at the same old addresses. */
	for (i = 0; i < n; i++) {
		uint64_t probes[] = { 0, 1, ld[i].size - 1, ld[i].size / 2 + 3,
				      0x1000000 - ld[i].paddr };
		unsigned int k;

		for (k = 0; k < sizeof(probes) / sizeof(probes[0]); k++) {
			uint64_t rel = probes[k], len;

			if (rel >= ld[i].size)
				continue;
			len = ld[i].size - rel < 5000 ? ld[i].size - rel : 5000;
			if (pread(fd, a, len, ld[i].off + rel) != (ssize_t)len ||
			    pread(om, b, len, ld[i].paddr + rel) != (ssize_t)len ||
			    memcmp(a, b, len)) {
				printf("vmcore: load %d +%#llx differs from oldmem\n", i,
				       (unsigned long long)rel);
				bad++;
			}
		}
	}
	result(!bad, "vmcore_reads_match_oldmem", "%d loads probed", n);

	/* A read across the end of one load and the start of the next. */
	if (n > 1) {
		uint64_t at = ld[0].off + ld[0].size - 100;
		uint64_t gap = ld[1].off - (ld[0].off + ld[0].size), k;
		ssize_t r = gap < PAGE ? pread(fd, a, 200 + gap, at) : -1;
		int okx = r == (ssize_t)(200 + gap);

		okx = okx && pread(om, b, 100, ld[0].paddr + ld[0].size - 100) == 100 &&
		      !memcmp(a, b, 100);
		for (k = 0; okx && k < gap; k++)
			okx = a[100 + k] == 0;
		okx = okx && pread(om, b, 100, ld[1].paddr) == 100 &&
		      !memcmp(a + 100 + gap, b, 100);
		result(okx, "vmcore_read_across_loads", "gap %llu", (unsigned long long)gap);
	}

	/* End of file, bad offsets. */
	result(pread(fd, a, 10, size) == 0, "vmcore_read_at_eof", " ");
	result(pread(fd, a, 10, size + 12345) == 0, "vmcore_read_past_eof", " ");
	result(pread(fd, a, 10, size - 4) == 4, "vmcore_read_short_at_eof", " ");
	errno = 0;
	result(lseek(fd, -1, SEEK_SET) < 0 && errno == EINVAL, "vmcore_seek_negative", " ");
	result(lseek(fd, size + 1, SEEK_SET) < 0 && errno == EINVAL,
	       "vmcore_seek_past_eof", " ");
	result(lseek(fd, 0, SEEK_END) == (off_t)size, "vmcore_seek_end", " ");
	lseek(fd, 0, SEEK_SET);
	result(write(fd, a, 1) < 0, "vmcore_not_writable", " ");

	/* mmap equals read: headers, each load's first page, the window edge. */
	bad = 0;
	for (i = -1; i < n; i++) {
		uint64_t off = i < 0 ? 0 : (ld[i].off & ~(uint64_t)(PAGE - 1));
		size_t len = 2 * PAGE;
		unsigned char *m;

		if (off + len > size)
			len = (size - off + PAGE - 1) & ~(size_t)(PAGE - 1);
		m = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, off);
		if (m == MAP_FAILED) {
			printf("vmcore: mmap at %#llx: %s\n", (unsigned long long)off,
			       strerror(errno));
			bad++;
			continue;
		}
		if (pread(fd, a, len, off) < (ssize_t)(len - PAGE) ||
		    memcmp(a, m + (i < 0 ? 0 : ld[i].off - off),
			   i < 0 ? PAGE : 1000)) {
			printf("vmcore: mmap at %#llx differs from read\n", (unsigned long long)off);
			bad++;
		}
		munmap(m, len);
	}
	result(!bad, "vmcore_mmap_matches_read", "%d regions", n + 1);
	result(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED,
	       "vmcore_mmap_write_refused", " ");
	result(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd,
		    (size + 2 * PAGE) & ~(uint64_t)(PAGE - 1)) == MAP_FAILED,
	       "vmcore_mmap_past_eof_refused", " ");

	/* Two concurrent readers see the same bytes as one sequential reader. */
	{
		uint64_t len = size < (64 << 20) ? size : (64 << 20), h1, h2, hs;
		int pfd[2][2], c;
		pid_t pid[2];

		for (c = 0; c < 2; c++) {
			if (pipe(pfd[c]))
				return 1;
			pid[c] = fork();
			if (pid[c] == 0) {
				int f2 = open(path, O_RDONLY);
				uint64_t h = hash_range(f2, 0, len, c ? 65536 + 17 : 1 << 20);

				if (write(pfd[c][1], &h, 8) != 8)
					_exit(1);
				_exit(0);
			}
		}
		if (read(pfd[0][0], &h1, 8) != 8 || read(pfd[1][0], &h2, 8) != 8)
			h1 = 1, h2 = 2;
		waitpid(pid[0], NULL, 0);
		waitpid(pid[1], NULL, 0);
		hs = hash_range(fd, 0, len, 4096 - 7);
		result(h1 && h1 == h2 && h1 == hs, "vmcore_concurrent_readers",
		       "%llu MiB", (unsigned long long)(len >> 20));
	}
	return failures != 0;
}

/* /dev/oldmem refuses what was not old RAM: the backup region, and ends
 * at saved_max_pfn. */
static int oldmem_edges(unsigned long long backup)
{
	int om = open("/dev/oldmem", O_RDONLY);
	unsigned char a[16];
	ssize_t r;
	off_t end;
	int e;

	if (om < 0) {
		result(0, "oldmem_open", "%s", strerror(errno));
		return 1;
	}
	errno = 0;
	r = pread(om, a, 16, backup);
	e = errno;
	result(r < 0 && e == ENXIO, "oldmem_backup_refused", "%#llx: %s", backup,
	       r < 0 ? strerror(e) : "read succeeded");
	end = lseek(om, 0, SEEK_END);
	result(end > 0 && pread(om, a, 16, end) == 0, "oldmem_eof", "%#llx",
	       (unsigned long long)end);
	errno = 0;
	result(lseek(om, end + 1, SEEK_SET) < 0 && errno == EINVAL, "oldmem_seek_past_end", " ");
	result(pread(om, a, 16, 0x100000) == 16, "oldmem_read_window", " ");
	return failures != 0;
}

static double now(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec + tv.tv_usec / 1e6;
}

/* Guest-side throughput of reading FILE whole, by read() or mmap(). */
/*
 * Every listed page through FILE (an ELF core: /proc/vmcore) three ways:
 * lseek()+read() of the page, pread() in odd pieces (7 bytes, the rest
 * less 3, the last 3 bytes together with 5 of what follows), and mmap()
 * of the page; each equals its pattern. Pages above 4 GiB need 64-bit
 * file offsets all the way (_FILE_OFFSET_BITS=64, mmap2).
 */
static int verify_vmcore(const char *path, const char *list)
{
	FILE *f = fopen(list, "r");
	int fd = open(path, O_RDONLY);
	struct load ld[80];
	unsigned char want[PAGE], got[PAGE + 8], *m;
	char zone[32];
	unsigned long pfn;
	unsigned int salt;
	int n, i, ok = 0, bad = 0, above = 0;

	if (!f || fd < 0) {
		result(0, "vmcore_pages", "cannot open %s or %s: %s", list, path,
		       strerror(errno));
		return 1;
	}
	n = read_loads(fd, ld, 80, NULL);
	while (n > 0 && fscanf(f, " PAGE %lx %u %31s", &pfn, &salt, zone) == 3) {
		uint64_t pa = (uint64_t)pfn * PAGE, off = 0;
		const char *why = NULL;

		for (i = 0; i < n; i++)
			if (pa >= ld[i].paddr && pa + PAGE <= ld[i].paddr + ld[i].size)
				off = ld[i].off + pa - ld[i].paddr;
		pattern(want, pfn, salt);
		if (!off)
			why = "in no PT_LOAD";
		else if (lseek(fd, off, SEEK_SET) != (off_t)off || read(fd, got, PAGE) != PAGE ||
			 memcmp(got, want, PAGE))
			why = "read() differs";
		else if (pread(fd, got, 7, off) != 7 ||
			 pread(fd, got + 7, PAGE - 10, off + 7) != PAGE - 10 ||
			 pread(fd, got + PAGE - 3, 8, off + PAGE - 3) < 3 ||
			 memcmp(got, want, PAGE))
			why = "pread() at odd offsets differs";
		else if ((m = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, off)) == MAP_FAILED)
			why = "mmap() failed";
		else if (memcmp(m, want, PAGE) | munmap(m, PAGE))
			why = "mmap() differs";
		if (why) {
			printf("vmcore: pfn %#lx (%s): %s\n", pfn, zone, why);
			bad++;
		} else {
			ok++;
			above += pa >= (1ULL << 32);
		}
	}
	result(ok > 0 && !bad, "vmcore_pages", "%d identical (%d above 4 GiB), %d wrong", ok,
	       above, bad);
	return bad || !ok;
}

static int read_bench(const char *path, const char *mode)
{
	static unsigned char buf[1 << 20];
	int fd = open(path, O_RDONLY);
	struct stat st;
	uint64_t total = 0, sum = 0;
	double t0, t;

	if (fd < 0 || fstat(fd, &st))
		return 1;
	t0 = now();
	if (!strcmp(mode, "read")) {
		ssize_t r;

		while ((r = read(fd, buf, sizeof(buf))) > 0) {
			total += r;
			sum += buf[0];
		}
	} else {
		uint64_t off;
		const uint64_t win = 4 << 20;

		for (off = 0; off < (uint64_t)st.st_size; off += win) {
			uint64_t len = st.st_size - off < win ? st.st_size - off : win;
			unsigned char *m = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, off);
			uint64_t k;

			if (m == MAP_FAILED) {
				printf("@@ INFO bench_error mmap %s\n", strerror(errno));
				return 1;
			}
			for (k = 0; k < len; k += PAGE)
				sum += m[k];
			memcpy(buf, m, len < sizeof(buf) ? len : sizeof(buf));
			total += len;
			munmap(m, len);
		}
	}
	t = now() - t0;
	printf("@@ INFO bench_%s %.1f MB/s (%llu bytes, %.3f s, sum %llu)\n", mode,
	       total / t / 1e6, (unsigned long long)total, t, (unsigned long long)sum);
	return 0;
}

/* memcpy() bandwidth between two 1 MiB buffers: what read() of 1 MiB copies. */
static int memcpy_bench(void)
{
	static unsigned char a[1 << 20], b[1 << 20];
	const int rounds = 512;
	double t0, t;
	int i;

	memset(a, 1, sizeof(a));
	memset(b, 2, sizeof(b));
	t0 = now();
	for (i = 0; i < rounds; i++) {
		memcpy(i & 1 ? a : b, i & 1 ? b : a, sizeof(a));
		__asm__ __volatile__("" : : "r"(a), "r"(b) : "memory");
	}
	t = now() - t0;
	printf("@@ INFO bench_memcpy %.1f MB/s (%d MiB, %.3f s)\n", rounds / t * 1.048576,
	       rounds, t);
	return 0;
}

static int eat(void)
{
	for (;;) {
		char *p = malloc(1 << 20);

		if (!p)
			return 1;
		memset(p, 0x5a, 1 << 20);
	}
}

/* Touch MIB MiB of anonymous memory and keep it until killed. */
static int hold(long mib)
{
	long i;

	for (i = 0; i < mib; i++) {
		char *p = malloc(1 << 20);

		if (!p)
			return 1;
		memset(p, 0x5a, 1 << 20);
	}
	printf("@@ INFO held %ld MiB\n", mib);
	fflush(stdout);
	for (;;)
		pause();
}

static int wait_for(int secs)
{
	struct timespec t = { secs, 0 };

	while (nanosleep(&t, &t) && errno == EINTR)
		;
	return 0;
}

/* Copy stdin to DEV at 1 MiB behind a "DUMP <bytes>" header sector, as
 * save_dump in guest.sh does for files (busybox dd cannot count a pipe). */
static int save_stdin(const char *dev)
{
	static unsigned char buf[1 << 16];
	int fd = open(dev, O_WRONLY);
	unsigned long long total = 0;
	char hdr[512] = "";
	ssize_t r;

	if (fd < 0) {
		result(0, "save_dump", "%s: %s", dev, strerror(errno));
		return 1;
	}
	while ((r = read(0, buf, sizeof(buf))) > 0) {
		if (pwrite(fd, buf, r, (off_t)(1 << 20) + total) != r) {
			result(0, "save_dump", "write: %s", strerror(errno));
			return 1;
		}
		total += r;
	}
	snprintf(hdr, sizeof(hdr), "DUMP %llu\n", total);
	if (r < 0 || pwrite(fd, hdr, sizeof(hdr), 0) != sizeof(hdr) || fsync(fd)) {
		result(0, "save_dump", "%s", strerror(errno));
		return 1;
	}
	printf("@@ INFO dump_bytes %llu\n", total);
	return close(fd) != 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "wait"))
		return wait_for(atoi(argv[2]));
	if (argc == 2 && !strcmp(argv[1], "eat"))
		return eat();
	if (argc == 4 && !strcmp(argv[1], "fill-user"))
		return fill_user(atoi(argv[2]), atoi(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "verify-oldmem"))
		return verify_oldmem(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "verify-vmcore"))
		return verify_vmcore(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "save-stdin"))
		return save_stdin(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "vmcore-io"))
		return vmcore_io(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "oldmem-edges"))
		return oldmem_edges(strtoull(argv[2], NULL, 0));
	if (argc == 2 && !strcmp(argv[1], "memcpy-bench"))
		return memcpy_bench();
	if (argc == 3 && !strcmp(argv[1], "hold"))
		return hold(strtol(argv[2], NULL, 0));
	if (argc == 4 && !strcmp(argv[1], "read-bench"))
		return read_bench(argv[2], argv[3]);
	fprintf(stderr, "usage: dumptest fill-user N SALT | verify-oldmem LIST | verify-vmcore FILE LIST | save-stdin DEV | vmcore-io FILE | oldmem-edges BACKUP | hold MIB | read-bench FILE read|mmap | memcpy-bench\n");
	return 2;
}
