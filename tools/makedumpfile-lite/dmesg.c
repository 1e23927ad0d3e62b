// SPDX-License-Identifier: GPL-2.0
/*
 * --dump-dmesg: the kernel log from the lockless printk ring buffer
 * (kernel/printk/printk_ringbuffer.[ch], since 5.10), located and laid
 * out entirely by VMCOREINFO: SYMBOL(prb), OFFSET(printk_ringbuffer.*),
 * OFFSET(prb_desc_ring.*), OFFSET(prb_desc.*), OFFSET(printk_info.*),
 * OFFSET(prb_data_ring.*), OFFSET(prb_data_blk_lpos.*).
 *
 * Records are walked from tail_id to head_id; a descriptor whose state
 * word names another id, or that is not committed/finalized, is skipped.
 * Text blocks start with the block id (one unsigned long); a block that
 * wraps stores its text at the start of the data ring.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "endian.h"
#include "mdl.h"

struct prb_layout {
	unsigned int lsz;	/* sizeof(long) */
	int64_t rb_desc_ring, rb_text_ring;
	int64_t dr_count_bits, dr_descs, dr_infos, dr_head_id, dr_tail_id;
	int64_t desc_size, desc_state_var, desc_text_lpos;
	int64_t lpos_begin, lpos_next;
	int64_t info_size, info_ts_nsec, info_text_len;
	int64_t data_size_bits, data_data;
	int64_t atomic_counter;
};

static int need(struct mdl_ctx *ctx, const char *key, int64_t *v)
{
	if (mdl_vi_num(&ctx->vi, key, v) || *v < 0 || *v > 4096)
		return mdl_err(ctx, ENOENT, "VMCOREINFO has no usable %s", key);
	return 0;
}

/* Every field read must lie inside the struct copy it is read from. */
static int check_layout(struct mdl_ctx *ctx, const struct prb_layout *L)
{
	int64_t lpos = L->lpos_begin > L->lpos_next ? L->lpos_begin : L->lpos_next;

	if (L->desc_state_var + L->lsz > L->desc_size ||
	    L->desc_text_lpos + lpos + L->lsz > L->desc_size ||
	    L->info_ts_nsec + 8 > L->info_size || L->info_text_len + 2 > L->info_size)
		return mdl_err(ctx, EINVAL,
			       "VMCOREINFO printk offsets do not fit SIZE(prb_desc)/SIZE(printk_info)");
	return 0;
}

static int get_layout(struct mdl_ctx *ctx, struct prb_layout *L)
{
	int64_t v;

	L->lsz = 4;
	if (!mdl_vi_num(&ctx->vi, "SIZE(list_head)", &v) && (v == 8 || v == 16))
		L->lsz = (unsigned int)(v / 2);
	if (mdl_vi_num(&ctx->vi, "OFFSET(atomic_long_t.counter)", &L->atomic_counter))
		L->atomic_counter = 0;
	return need(ctx, "OFFSET(printk_ringbuffer.desc_ring)", &L->rb_desc_ring) ?:
	       need(ctx, "OFFSET(printk_ringbuffer.text_data_ring)", &L->rb_text_ring) ?:
	       need(ctx, "OFFSET(prb_desc_ring.count_bits)", &L->dr_count_bits) ?:
	       need(ctx, "OFFSET(prb_desc_ring.descs)", &L->dr_descs) ?:
	       need(ctx, "OFFSET(prb_desc_ring.infos)", &L->dr_infos) ?:
	       need(ctx, "OFFSET(prb_desc_ring.head_id)", &L->dr_head_id) ?:
	       need(ctx, "OFFSET(prb_desc_ring.tail_id)", &L->dr_tail_id) ?:
	       need(ctx, "SIZE(prb_desc)", &L->desc_size) ?:
	       need(ctx, "OFFSET(prb_desc.state_var)", &L->desc_state_var) ?:
	       need(ctx, "OFFSET(prb_desc.text_blk_lpos)", &L->desc_text_lpos) ?:
	       need(ctx, "OFFSET(prb_data_blk_lpos.begin)", &L->lpos_begin) ?:
	       need(ctx, "OFFSET(prb_data_blk_lpos.next)", &L->lpos_next) ?:
	       need(ctx, "SIZE(printk_info)", &L->info_size) ?:
	       need(ctx, "OFFSET(printk_info.ts_nsec)", &L->info_ts_nsec) ?:
	       need(ctx, "OFFSET(printk_info.text_len)", &L->info_text_len) ?:
	       need(ctx, "OFFSET(prb_data_ring.size_bits)", &L->data_size_bits) ?:
	       need(ctx, "OFFSET(prb_data_ring.data)", &L->data_data) ?:
	       check_layout(ctx, L);
}

static int rd(struct mdl_ctx *ctx, uint64_t va, unsigned int size, uint64_t *out)
{
	unsigned char b[8];
	int ret = mdl_read_virt(ctx, va, b, size);

	if (!ret)
		*out = get_le(b, size);
	return ret;
}

struct prb {
	uint64_t descs, infos, data;
	uint64_t head_id, tail_id;
	unsigned int count_bits, size_bits;
};

static int read_prb(struct mdl_ctx *ctx, const struct prb_layout *L, struct prb *p)
{
	uint64_t sym, rb, dr, tr, v;
	unsigned int ls = L->lsz;
	int ret;

	if (mdl_vi_hex(&ctx->vi, "SYMBOL(prb)", &sym))
		return mdl_err(ctx, ENOENT, "VMCOREINFO has no SYMBOL(prb) (not a printk_ringbuffer kernel)");
	ret = rd(ctx, sym, ls, &rb);
	if (ret)
		return mdl_err_prefix(ctx, ret, "reading prb");
	dr = rb + (uint64_t)L->rb_desc_ring;
	tr = rb + (uint64_t)L->rb_text_ring;
	ret = rd(ctx, dr + (uint64_t)L->dr_count_bits, 4, &v);
	if (!ret) {
		p->count_bits = (unsigned int)v;
		ret = rd(ctx, dr + (uint64_t)L->dr_descs, ls, &p->descs);
	}
	if (!ret)
		ret = rd(ctx, dr + (uint64_t)L->dr_infos, ls, &p->infos);
	if (!ret)
		ret = rd(ctx, dr + (uint64_t)(L->dr_head_id + L->atomic_counter), ls, &p->head_id);
	if (!ret)
		ret = rd(ctx, dr + (uint64_t)(L->dr_tail_id + L->atomic_counter), ls, &p->tail_id);
	if (!ret)
		ret = rd(ctx, tr + (uint64_t)L->data_size_bits, 4, &v);
	if (!ret) {
		p->size_bits = (unsigned int)v;
		ret = rd(ctx, tr + (uint64_t)L->data_data, ls, &p->data);
	}
	if (ret)
		return mdl_err_prefix(ctx, ret, "reading the printk ring buffer");
	if (p->count_bits == 0 || p->count_bits > 24 || p->size_bits < 4 || p->size_bits > 30)
		return mdl_err(ctx, EINVAL, "printk ring buffer sizes look wrong (count_bits %u, size_bits %u)",
			       p->count_bits, p->size_bits);
	return 0;
}

/* Text of one record into buf (at most cap bytes); returns its length or -errno. */
static long record_text(struct mdl_ctx *ctx, const struct prb_layout *L, const struct prb *p,
			uint64_t begin, uint64_t next, unsigned int text_len, char *buf)
{
	uint64_t size = 1ull << p->size_bits, mask = size - 1, off, len;
	uint64_t lmask = L->lsz == 4 ? 0xffffffffull : ~0ull;

	if (begin & 1)
		return 0;	/* data-less record */
	if ((begin >> p->size_bits) == (next >> p->size_bits) && begin < next) {
		off = begin & mask;
		len = next - begin;
	} else if ((((begin + size) & lmask) >> p->size_bits) == (next >> p->size_bits)) {
		off = 0;
		len = next & mask;
	} else {
		return 0;	/* inconsistent block: skip text */
	}
	if (len < L->lsz || len > size)
		return 0;
	len -= L->lsz;
	if (len > text_len)
		len = text_len;
	if (mdl_read_virt(ctx, p->data + off + L->lsz, buf, (size_t)len))
		return -EFAULT;
	return (long)len;
}

/*
 * Format one record as dmesg/makedumpfile do: continuation lines after
 * an embedded newline are indented to the text column, bytes that are
 * not printable ASCII (tab passes) become \xNN.  Returns the length in out.
 */
static size_t format_record(char *out, const char *head, size_t hl, const char *text, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = hl, i;

	memcpy(out, head, hl);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\n') {
			out[o++] = '\n';
			memset(out + o, ' ', hl);
			o += hl;
		} else if ((c >= 0x20 && c < 0x7f) || c == '\t') {
			out[o++] = (char)c;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o++] = '\n';
	return o;
}

struct dmesg_bufs {
	char *text, *fmt;
	unsigned char *desc, *info;
};

/*
 * One descriptor: print it when its state word names this id and it is
 * committed or finalized (others are being written or were recycled).
 */
static int print_one(struct mdl_ctx *ctx, const struct prb_layout *L, const struct prb *p,
		     uint64_t id, struct dmesg_bufs *b, int out_fd)
{
	uint64_t idmask = (L->lsz == 4 ? 0xffffffffull : ~0ull) >> 2;	/* DESC_ID_MASK */
	uint64_t idx = id & ((1ull << p->count_bits) - 1), sv, ts;
	unsigned int state;
	char head[96];
	long len;
	int hl;

	if (mdl_read_virt(ctx, p->descs + idx * (uint64_t)L->desc_size, b->desc,
			  (size_t)L->desc_size) ||
	    mdl_read_virt(ctx, p->infos + idx * (uint64_t)L->info_size, b->info,
			  (size_t)L->info_size))
		return mdl_err_prefix(ctx, -EFAULT, "reading record %llu", (unsigned long long)id);
	sv = get_le(b->desc + L->desc_state_var, L->lsz);
	state = (unsigned int)(sv >> (L->lsz == 8 ? 62 : 30)) & 3;	/* DESC_FLAGS_SHIFT */
	if ((sv & idmask) != id || (state != 1 && state != 2))
		return 0;
	len = record_text(ctx, L, p, get_le(b->desc + L->desc_text_lpos + L->lpos_begin, L->lsz),
			  get_le(b->desc + L->desc_text_lpos + L->lpos_next, L->lsz),
			  (unsigned int)get_le(b->info + L->info_text_len, 2), b->text);
	if (len < 0)
		len = 0;	/* text unreadable: keep the timestamp line */
	ts = get_le(b->info + L->info_ts_nsec, 8);
	hl = snprintf(head, sizeof(head), "[%5llu.%06llu] ", (unsigned long long)(ts / 1000000000ull),
		      (unsigned long long)(ts % 1000000000ull / 1000));
	return mdl_write_all(ctx, out_fd, b->fmt,
			     format_record(b->fmt, head, (size_t)hl, b->text, (size_t)len));
}

int mdl_dump_dmesg(struct mdl_ctx *ctx, int out_fd)
{
	struct prb_layout L = { .lsz = 4 };
	struct prb p = { 0 };
	struct dmesg_bufs b;
	uint64_t id, idmask, n, count;
	int ret;

	if (!ctx->have_vi)
		return mdl_err(ctx, ENOENT, "no VMCOREINFO: cannot find the kernel log");
	ret = get_layout(ctx, &L);
	if (!ret)
		ret = read_prb(ctx, &L, &p);
	if (ret)
		return ret;
	idmask = (L.lsz == 4 ? 0xffffffffull : ~0ull) >> 2;
	count = 1ull << p.count_bits;
	b.text = malloc(65536);
	b.fmt = malloc(65536 * 4 + 96 * 65536 / 2);	/* worst case: all \xNN or all newlines */
	b.desc = malloc((size_t)L.desc_size);
	b.info = malloc((size_t)L.info_size);
	if (!b.text || !b.fmt || !b.desc || !b.info) {
		ret = mdl_err(ctx, ENOMEM, "out of memory");
		goto out;
	}
	/* oldest to newest; at most one lap of the descriptor ring */
	for (id = p.tail_id & idmask, n = 0; n <= count; id = (id + 1) & idmask, n++) {
		ret = print_one(ctx, &L, &p, id, &b, out_fd);
		if (ret || id == (p.head_id & idmask))
			break;
	}
	if (!ret)
		ctx->err[0] = '\0';
out:
	free(b.text);
	free(b.fmt);
	free(b.desc);
	free(b.info);
	return ret;
}
