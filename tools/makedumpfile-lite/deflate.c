// SPDX-License-Identifier: GPL-2.0
/*
 * A deflate (RFC 1951) encoder for one page at a time, which -c uses for
 * pages that hold arrays.
 *
 * Written for what -c does, millions of independent streams of 4 KiB:
 * - the hash table is not cleared per page.  It holds 16-bit positions
 *   that run on across pages (each page starts where the last one ended;
 *   the table is cleared when they would wrap, every 15 pages of 4 KiB),
 *   so an entry below the page's start is stale.  libdeflate level 1
 *   clears 128 KiB and zlib 16-64 KiB for every page;
 * - matches of 3 bytes and more through a short hash chain, greedy, as
 *   zlib's levels 1-3 parse, with the last match's distance and a stride
 *   the caller names tried first: arrays of structs (the mem_map, 2,000
 *   pages per GiB, kept at every level) repeat at the struct's size in
 *   matches of 3 to 8 bytes, which zlib finds through long hash chains.
 *   On the struct pages of three real dumps this comes out 1% smaller
 *   than zlib's level 2 in two thirds of its time (i386);
 * - one block, whose Huffman codes are built for the page's own symbol
 *   counts; its exact size in bits is known before a bit is written, and
 *   the fixed-code block is taken when that is smaller, so nothing is
 *   written for a page that would not fit.
 *
 * Inputs are at most MDL_DEFLATE_MAX bytes (a deflate window); larger
 * pages go to zlib.  The output depends on the input and stride only,
 * never on what the encoder saw before (--num-threads gives the same
 * bytes).  Pages of ordinary data go to libdeflate, which is faster on
 * them (compress.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mdl.h"

#define HASH_BITS 13
#define MIN_MATCH 3
#define MAX_MATCH 258
#define NICE_MATCH 128
#define MAX_CHAIN 2
#define MAX_INSERT 8
#define NLITLEN 286		/* 0-255 literals, 256 end of block, 257-285 lengths */
#define NFIXED 288		/* the fixed code has 286 and 287 too (never sent) */
#define NDIST 30
#define NCODELEN 19
#define MAX_BITS 15		/* litlen and distance codes */
#define MAX_CL_BITS 7		/* the code-length code */

static const uint16_t len_base[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258
};

static const uint8_t len_extra[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0
};

static const uint16_t dist_base[NDIST] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577
};

static const uint8_t dist_extra[NDIST] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13
};

/* code-length symbols 16, 17 and 18 carry 2, 3 and 7 extra bits */
static const uint8_t cl_extra[NCODELEN] = { [16] = 2, [17] = 3, [18] = 7 };

/* the order the code-length code's lengths are sent in */
static const uint8_t cl_order[NCODELEN] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
};

struct mdl_deflate {
	uint16_t head[1u << HASH_BITS];	/* position + 1 in the epoch; 0: empty */
	uint32_t off;			/* epoch position of this input's byte 0 */
	size_t max_len;
	uint16_t *prev;			/* [max_len]: the chain, as head[] */
	uint32_t *seq;			/* [max_len]: literal byte, or len << 16 | dist */
	uint32_t lfreq[NLITLEN], dfreq[NDIST], cfreq[NCODELEN];
	uint8_t llen[NLITLEN], dlen[NDIST], clen[NCODELEN];
	uint16_t lcode[NLITLEN], dcode[NDIST], ccode[NCODELEN];
	uint8_t fixed_llen[NFIXED], fixed_dlen[NDIST];	/* the fixed-code block's */
	uint16_t fixed_lcode[NFIXED], fixed_dcode[NDIST];
	uint8_t len_sym[MAX_MATCH + 1];	/* match length -> length symbol - 257 */
	uint16_t cl[NLITLEN + NDIST];	/* the code lengths run-length coded */
};

/* Canonical codes for the lengths, bit-reversed: deflate sends them LSB first. */
static void build_codes(const uint8_t *len, unsigned int n, uint16_t *code)
{
	unsigned int count[MAX_BITS + 1] = { 0 }, next[MAX_BITS + 1], i, b, c = 0;

	for (i = 0; i < n; i++)
		count[len[i]]++;
	count[0] = 0;
	for (b = 1; b <= MAX_BITS; b++) {
		c = (c + count[b - 1]) << 1;
		next[b] = c;
	}
	for (i = 0; i < n; i++) {
		unsigned int l = len[i], v;

		if (!l)
			continue;
		v = next[l]++;
		v = ((v >> 1) & 0x5555) | ((v & 0x5555) << 1);
		v = ((v >> 2) & 0x3333) | ((v & 0x3333) << 2);
		v = ((v >> 4) & 0x0f0f) | ((v & 0x0f0f) << 4);
		v = ((v >> 8) & 0x00ff) | ((v & 0x00ff) << 8);
		code[i] = (uint16_t)(v >> (16 - l));
	}
}

struct mdl_deflate *mdl_deflate_new(size_t max_len)
{
	struct mdl_deflate *d;
	unsigned int s, l;

	if (!max_len || max_len > MDL_DEFLATE_MAX)
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->max_len = max_len;
	d->prev = malloc(max_len * sizeof(*d->prev));
	d->seq = malloc(max_len * sizeof(*d->seq));
	if (!d->prev || !d->seq) {
		mdl_deflate_free(d);
		return NULL;
	}
	for (s = 0; s < 29; s++)
		for (l = len_base[s]; l < len_base[s] + (1u << len_extra[s]) && l <= MAX_MATCH; l++)
			d->len_sym[l] = (uint8_t)s;
	d->len_sym[MAX_MATCH] = 28;	/* 258 has its own symbol, not 227 + 31 */
	/* RFC 1951 3.2.6; 286 and 287 are never sent but shape the code */
	for (s = 0; s < NFIXED; s++)
		d->fixed_llen[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
	memset(d->fixed_dlen, 5, sizeof(d->fixed_dlen));
	build_codes(d->fixed_llen, NFIXED, d->fixed_lcode);
	build_codes(d->fixed_dlen, NDIST, d->fixed_dcode);
	return d;
}

void mdl_deflate_free(struct mdl_deflate *d)
{
	if (!d)
		return;
	free(d->prev);
	free(d->seq);
	free(d);
}

static inline unsigned int dist_sym(unsigned int dist)
{
	unsigned int d = dist - 1, n;

	if (d < 4)
		return d;
	n = 31 - (unsigned int)__builtin_clz(d);
	return 2 * n + ((d >> (n - 1)) & 1);
}

/* the hash of the 3 bytes at p; 4 may be read */
static inline uint32_t hash3(const unsigned char *p)
{
	uint32_t w;

	memcpy(&w, p, 4);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	w &= 0xffffff;
#else
	w >>= 8;
#endif
	return (w * 2654435761u) >> (32 - HASH_BITS);
}

static inline unsigned int match_len(const unsigned char *a, const unsigned char *b,
				     unsigned int max)
{
	unsigned int n = 0;

	while (n + 4 <= max) {
		uint32_t x, y;

		memcpy(&x, a + n, 4);
		memcpy(&y, b + n, 4);
		if (x != y) {
			uint32_t z = x ^ y;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return n + ((unsigned int)__builtin_ctz(z) >> 3);
#else
			return n + ((unsigned int)__builtin_clz(z) >> 3);
#endif
		}
		n += 4;
	}
	while (n < max && a[n] == b[n])
		n++;
	return n;
}

/*
 * The parse: greedy, the longest match of the last match's distance, the
 * caller's stride and twice it, and up to MAX_CHAIN earlier positions with
 * the same 3-byte hash.  Positions inside a match are entered in the
 * table only for short matches (longer ones are runs and copies, which
 * the next match finds from their start).  Returns the number of items
 * in d->seq and counts the symbols.
 */
static size_t parse(struct mdl_deflate *d, const unsigned char *in, size_t len,
		    unsigned int stride)
{
	const uint32_t off = d->off;
	size_t i = 0, n = 0;
	unsigned int rep = 0;

	memset(d->lfreq, 0, sizeof(d->lfreq));
	memset(d->dfreq, 0, sizeof(d->dfreq));
	if (stride > len)
		stride = 0;	/* and 2 * stride cannot wrap */
	/* 4 bytes are read for a hash: the last 3 bytes are literals */
	while (i + 4 <= len) {
		unsigned int max = len - i < MAX_MATCH ? (unsigned int)(len - i) : MAX_MATCH;
		unsigned int best = 0, dist = 0, chain = MAX_CHAIN, l, k;
		uint32_t h = hash3(in + i), cand = d->head[h];

		d->prev[i] = (uint16_t)cand;
		d->head[h] = (uint16_t)(off + i + 1);
		if (rep && rep <= i && in[i] == in[i - rep]) {
			best = match_len(in + i - rep, in + i, max);
			dist = rep;
		}
		for (k = 1; stride && k <= 2 && best < max; k++) {
			unsigned int dd = k * stride;

			if (dd > i || dd == rep || in[i - dd + best] != in[i + best])
				continue;
			l = match_len(in + i - dd, in + i, max);
			if (l > best) {
				best = l;
				dist = dd;
			}
		}
		for (; cand > off && chain && best < NICE_MATCH && best < max; chain--) {
			size_t c = cand - off - 1;

			if (in[c + best] == in[i + best]) {
				l = match_len(in + c, in + i, max);
				if (l > best) {
					best = l;
					dist = (unsigned int)(i - c);
				}
			}
			cand = d->prev[c];
		}
		if (best < MIN_MATCH) {
			d->seq[n++] = in[i];
			d->lfreq[in[i]]++;
			i++;
			continue;
		}
		d->seq[n++] = (uint32_t)best << 16 | dist;
		d->lfreq[257 + d->len_sym[best]]++;
		d->dfreq[dist_sym(dist)]++;
		rep = dist;
		for (l = 1; best <= MAX_INSERT && l < best && i + l + 4 <= len; l++) {
			h = hash3(in + i + l);
			d->prev[i + l] = d->head[h];
			d->head[h] = (uint16_t)(off + i + l + 1);
		}
		i += best;
	}
	for (; i < len; i++) {
		d->seq[n++] = in[i];
		d->lfreq[in[i]]++;
	}
	d->lfreq[256] = 1;
	return n;
}

/*
 * Code lengths for freq[0..n) (n <= 286), none longer than limit, by
 * Moffat and Katajainen's in-place method ("In-place calculation of
 * minimum-redundancy codes", 1995) over the used symbols sorted by
 * count.  Too long a code is rare on a page: the counts are then halved
 * (keeping them non-zero) and the code built again.  After at most 16
 * rounds all counts are 1 or 2, whose code is at most ceil(log2 n) bits
 * deep: within any limit with 2^limit >= n (deflate's: 15 for 286
 * symbols, 7 for 19), so the loop ends.  Fewer than two used symbols
 * get two codes of one bit.  The code is always complete: zlib's inflate
 * refuses an incomplete one.
 */
void mdl_huffman_lengths(const uint32_t *freq, unsigned int n, unsigned int limit, uint8_t *len)
{
	uint32_t f[NLITLEN], a[NLITLEN], tmp[NLITLEN];
	uint16_t sym[NLITLEN], stmp[NLITLEN];
	unsigned int m = 0, i, pass, round, npass = 1;

	memset(len, 0, n);
	for (i = 0; i < n; i++)
		if (freq[i]) {
			f[m] = freq[i] > 0xffff ? 0xffff : freq[i];
			sym[m++] = (uint16_t)i;
		}
	for (i = 0; i < m; i++)
		if (f[i] > 0xff)
			npass = 2;
	if (m < 2) {
		len[0] = 1;
		len[m && sym[0] ? sym[0] : 1] = 1;
		return;
	}
	/*
	 * Sorted by count: counting passes of 8 bits (one if all counts are
	 * < 256), stable.  Halving keeps the order, so this is done once.
	 */
	for (pass = 0; pass < npass; pass++) {
		unsigned int cnt[257] = { 0 }, sh = pass * 8;

		for (i = 0; i < m; i++)
			cnt[((f[i] >> sh) & 0xff) + 1]++;
		for (i = 1; i < 257; i++)
			cnt[i] += cnt[i - 1];
		for (i = 0; i < m; i++) {
			unsigned int k = cnt[(f[i] >> sh) & 0xff]++;

			tmp[k] = f[i];
			stmp[k] = sym[i];
		}
		memcpy(f, tmp, m * sizeof(*f));
		memcpy(sym, stmp, m * sizeof(*sym));
	}
	for (round = 0; round < 20; round++) {
		unsigned int root, leaf, next, avbl, used, depth, maxd = 0;
		int r;

		memcpy(a, f, m * sizeof(*a));
		/* phase 1: internal node weights and parent pointers */
		a[0] += a[1];
		root = 0;
		leaf = 2;
		for (next = 1; next < m - 1; next++) {
			if (leaf >= m || a[root] < a[leaf]) {
				a[next] = a[root];
				a[root++] = next;
			} else {
				a[next] = a[leaf++];
			}
			if (leaf >= m || (root < next && a[root] < a[leaf])) {
				a[next] += a[root];
				a[root++] = next;
			} else {
				a[next] += a[leaf++];
			}
		}
		/* phase 2: depths of the internal nodes */
		a[m - 2] = 0;
		for (r = (int)m - 3; r >= 0; r--)
			a[r] = a[a[r]] + 1;
		/* phase 3: depths of the leaves, a[0] the deepest */
		avbl = 1;
		used = 0;
		depth = 0;
		r = (int)m - 2;
		next = m - 1;
		while (avbl > 0) {
			while (r >= 0 && a[r] == depth) {
				used++;
				r--;
			}
			while (avbl > used) {
				a[next--] = depth;
				avbl--;
			}
			avbl = 2 * used;
			depth++;
			used = 0;
		}
		for (i = 0; i < m; i++) {
			len[sym[i]] = (uint8_t)a[i];
			if (a[i] > maxd)
				maxd = a[i];
		}
		if (maxd <= limit)
			return;
		for (i = 0; i < m; i++)
			f[i] = f[i] / 2 + 1;
	}
}

/*
 * The code lengths of HLIT litlen and HDIST distance codes as the
 * code-length alphabet codes them: 16 repeats the previous length 3-6
 * times, 17 and 18 give 3-10 and 11-138 zeros.  Items are sym | extra << 5.
 */
static size_t rle_lengths(struct mdl_deflate *d, unsigned int hlit, unsigned int hdist)
{
	uint8_t all[NLITLEN + NDIST];
	unsigned int total = hlit + hdist, i = 0, run;
	size_t k = 0;

	memcpy(all, d->llen, hlit);
	memcpy(all + hlit, d->dlen, hdist);
	memset(d->cfreq, 0, sizeof(d->cfreq));
	while (i < total) {
		uint8_t v = all[i];

		for (run = 1; i + run < total && all[i + run] == v; run++)
			;
		i += run;
		if (!v) {
			while (run >= 11) {
				unsigned int r = run > 138 ? 138 : run;

				d->cl[k++] = (uint16_t)(18 | (r - 11) << 5);
				run -= r;
			}
			if (run >= 3) {
				d->cl[k++] = (uint16_t)(17 | (run - 3) << 5);
				run = 0;
			}
		} else {
			d->cl[k++] = v;
			run--;
			while (run >= 3) {
				unsigned int r = run > 6 ? 6 : run;

				d->cl[k++] = (uint16_t)(16 | (r - 3) << 5);
				run -= r;
			}
		}
		while (run--)
			d->cl[k++] = v;
	}
	for (i = 0; i < k; i++)
		d->cfreq[d->cl[i] & 31]++;
	return k;
}

struct bitw {
	unsigned char *out;
	size_t pos, cap;
	uint32_t acc;
	unsigned int cnt;
};

/* n <= 16 bits; the size was checked against cap before writing began */
static inline void put(struct bitw *w, uint32_t bits, unsigned int n)
{
	w->acc |= bits << w->cnt;
	w->cnt += n;
	if (w->cnt >= 16) {
		if (w->pos + 2 <= w->cap) {
			w->out[w->pos] = (unsigned char)w->acc;
			w->out[w->pos + 1] = (unsigned char)(w->acc >> 8);
		}
		w->pos += 2;
		w->acc >>= 16;
		w->cnt -= 16;
	}
}

static void put_symbols(const struct mdl_deflate *d, struct bitw *w, size_t nseq,
			const uint8_t *llen, const uint16_t *lcode, const uint8_t *dlen,
			const uint16_t *dcode)
{
	size_t i;

	for (i = 0; i < nseq; i++) {
		uint32_t s = d->seq[i];
		unsigned int l, dist, ls, ds;

		if (s < 256) {
			put(w, lcode[s], llen[s]);
			continue;
		}
		l = s >> 16;
		dist = s & 0xffff;
		ls = d->len_sym[l];
		put(w, lcode[257 + ls], llen[257 + ls]);
		if (len_extra[ls])
			put(w, l - len_base[ls], len_extra[ls]);
		ds = dist_sym(dist);
		put(w, dcode[ds], dlen[ds]);
		if (dist_extra[ds])
			put(w, dist - dist_base[ds], dist_extra[ds]);
	}
	put(w, lcode[256], llen[256]);
}

size_t mdl_deflate_raw(struct mdl_deflate *d, const void *src, size_t len, unsigned int stride,
		       void *out, size_t cap)
{
	const unsigned char *in = src;
	unsigned int hlit, hdist, hclen, i;
	uint64_t extra = 0, dyn, fixed;
	size_t nseq, ncl, bytes;
	struct bitw w = { .out = out, .cap = cap };
	bool use_fixed;

	if (len > d->max_len)
		return 0;
	/* a new epoch when this input's positions would not fit 16 bits */
	if (d->off + len >= 0xffff) {
		memset(d->head, 0, sizeof(d->head));
		d->off = 0;
	}
	nseq = parse(d, in, len, stride);
	d->off += (uint32_t)len;

	mdl_huffman_lengths(d->lfreq, NLITLEN, MAX_BITS, d->llen);
	mdl_huffman_lengths(d->dfreq, NDIST, MAX_BITS, d->dlen);
	for (i = NLITLEN; i > 257 && !d->llen[i - 1]; i--)
		;
	hlit = i;
	for (i = NDIST; i > 1 && !d->dlen[i - 1]; i--)
		;
	hdist = i;
	ncl = rle_lengths(d, hlit, hdist);
	mdl_huffman_lengths(d->cfreq, NCODELEN, MAX_CL_BITS, d->clen);
	for (i = NCODELEN; i > 4 && !d->clen[cl_order[i - 1]]; i--)
		;
	hclen = i;

	for (i = 0; i < 29; i++)
		extra += (uint64_t)d->lfreq[257 + i] * len_extra[i];
	for (i = 0; i < NDIST; i++)
		extra += (uint64_t)d->dfreq[i] * dist_extra[i];
	dyn = 3 + 5 + 5 + 4 + 3 * hclen + extra;
	fixed = 3 + extra;
	for (i = 0; i < NLITLEN; i++) {
		dyn += (uint64_t)d->lfreq[i] * d->llen[i];
		fixed += (uint64_t)d->lfreq[i] * d->fixed_llen[i];
	}
	for (i = 0; i < NDIST; i++) {
		dyn += (uint64_t)d->dfreq[i] * d->dlen[i];
		fixed += (uint64_t)d->dfreq[i] * d->fixed_dlen[i];
	}
	for (i = 0; i < NCODELEN; i++)
		dyn += (uint64_t)d->cfreq[i] * (d->clen[i] + cl_extra[i]);
	use_fixed = fixed <= dyn;
	bytes = (size_t)(((use_fixed ? fixed : dyn) + 7) / 8);
	if (bytes > cap)
		return 0;

	if (use_fixed) {
		put(&w, 1 | 1 << 1, 3);		/* BFINAL, BTYPE 01 */
		put_symbols(d, &w, nseq, d->fixed_llen, d->fixed_lcode, d->fixed_dlen,
			    d->fixed_dcode);
	} else {
		build_codes(d->llen, NLITLEN, d->lcode);
		build_codes(d->dlen, NDIST, d->dcode);
		build_codes(d->clen, NCODELEN, d->ccode);
		put(&w, 1 | 2 << 1, 3);		/* BFINAL, BTYPE 10 */
		put(&w, hlit - 257, 5);
		put(&w, hdist - 1, 5);
		put(&w, hclen - 4, 4);
		for (i = 0; i < hclen; i++)
			put(&w, d->clen[cl_order[i]], 3);
		for (i = 0; i < ncl; i++) {
			unsigned int s = d->cl[i] & 31, x = d->cl[i] >> 5;

			put(&w, d->ccode[s], d->clen[s]);
			if (cl_extra[s])
				put(&w, x, cl_extra[s]);
		}
		put_symbols(d, &w, nseq, d->llen, d->lcode, d->dlen, d->dcode);
	}
	if (w.cnt > 8)
		put(&w, 0, 16 - w.cnt);		/* pad to 16: flushes both bytes */
	else if (w.cnt && w.pos < cap)
		w.out[w.pos++] = (unsigned char)w.acc;
	else if (w.cnt)
		w.pos++;
	return w.pos == bytes ? bytes : 0;
}
