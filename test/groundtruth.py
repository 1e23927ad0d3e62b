#!/usr/bin/env python3
"""Ground truth: a dump against guest RAM saved at the panic.

  groundtruth.py compare NAME SNAPSHOT AFTER VMLINUX [--raw] [--from ADDR] [--verbose]
                         [--flip PFN] [--dma LIST]
      Every page AFTER holds is compared with SNAPSHOT, guest RAM saved when
      a CPU entered panic() (or oops_begin()). AFTER is the dump (an ELF
      vmcore) or, with --raw, a second RAM image (the normal-panic case: RAM
      at the panic against RAM at the restart). --from: only pages at or
      above physical ADDR. Each differing page is put in a named class from
      what the kernel itself says (symbols of VMLINUX, per-CPU offsets, the
      CPUs' saved registers in crash_notes, VMCOREINFO, struct page
      flags); a class over its bound, or a page in no class, fails. Writes
      out/NAME.gt.json; prints the classes and, for each unexplained page,
      its pfn, struct page flags and the nearest symbols. --flip: pretend
      AFTER has one byte of page PFN changed (the check of this check).
      --dma: a file of "DMAPAGE pfn" lines, pages a device was writing into
      when the panic hit (a class of their own).
      --free WINDOW --hdr START-END: dump_backup=free. Every lowmem page
      above WINDOW that the dump leaves out, but for the header area
      [START, END], must have been free (in a buddy block) in SNAPSHOT;
      prints "backup pages: N".
  groundtruth.py report JSON...
      The per-class counts of several comparisons side by side.

Exit status: 0 when every bound holds and no page is unexplained.
"""
import json
import mmap
import os
import re
import struct
import subprocess
import sys
from bisect import bisect_right

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vmcore_check import Core  # noqa: E402

PAGE = 4096
PAGE_OFFSET = 0xc0000000
THREAD_SIZE = 8192

# Class name -> bound on differing pages: (fixed, per online CPU).
CLASSES = [
    ('printk ring', (48, 0)),
    ('VMCOREINFO', (2, 0)),
    ('crash notes', (0, 1)),
    ('panicking CPU stacks', (6, 0)),
    ('per-cpu areas', (0, 6)),
    ('kernel .data/.bss', (48, 0)),
    ('kexec control page', (2, 0)),
    ('stopped CPUs stacks', (8, 4)),
    # An oops is printed between oops_begin (the snapshot) and the NMI while
    # the other CPUs run on: their slab churn grows with that time (31
    # pages seen in one CI run of t045).
    ('slab (stopped CPUs)', (40, 4)),
    ('struct pages (stopped CPUs)', (8, 2)),
    ('free pages (stopped CPUs)', (8, 2)),
    ('device DMA buffers', (16, 0)),
    ('free-walk scratch', (12, 0)),
]


class Raw:
    """A RAM image: byte n is physical address n."""

    def __init__(self, path):
        self.f = open(path, 'rb')
        self.m = mmap.mmap(self.f.fileno(), 0, access=mmap.ACCESS_READ)

    def read_phys(self, paddr, size):
        if paddr + size > len(self.m):
            return None
        return self.m[paddr:paddr + size]

    def pages(self):
        return range(len(self.m) // PAGE)


class Dump:
    """The pages an ELF vmcore holds, by pfn."""

    def __init__(self, path):
        self.core = Core(path)

    def read_phys(self, paddr, size):
        return self.core.read_phys(paddr, size)

    def pages(self):
        for ph in self.core.phdrs:
            if ph['type'] != 1:
                continue
            first = (ph['paddr'] + PAGE - 1) // PAGE
            last = (ph['paddr'] + ph['filesz']) // PAGE
            yield from range(first, last)


def symbols(vmlinux):
    out = subprocess.run(['nm', '-S', '--defined-only', vmlinux], capture_output=True,
                         text=True, check=True).stdout
    syms = {}
    for line in out.splitlines():
        w = line.split()
        if len(w) == 4:
            syms[w[3]] = (int(w[0], 16), int(w[1], 16))
        elif len(w) == 3:
            syms.setdefault(w[2], (int(w[0], 16), 0))
    return syms


class Kernel:
    """The crashed kernel's variables, read from the dump."""

    def __init__(self, mem, syms):
        self.mem, self.syms = mem, syms

    def u32(self, vaddr):
        b = self.mem.read_phys(vaddr - PAGE_OFFSET, 4)
        return struct.unpack('<I', b)[0] if b else None

    def sym(self, name):
        return self.syms[name][0]

    def var(self, name, index=0):
        return self.u32(self.sym(name) + 4 * index)


def pfns(start, size):
    """Physical page numbers of lowmem virtual range [start, start + size)."""
    if start is None or size <= 0 or start < PAGE_OFFSET:
        return set()
    return set(range((start - PAGE_OFFSET) // PAGE, (start - PAGE_OFFSET + size - 1) // PAGE + 1))


def vmcoreinfo(k):
    """VMCOREINFO: the dump's note, or the kernel's vmcoreinfo_data page
    (mainline kdump moves that page into crashkernel=, out of the dump)."""
    text = b''
    if isinstance(k.mem, Dump):
        text = next((d for n, t, d in k.mem.core.notes() if n == b'VMCOREINFO'), b'')
    elif 'vmcoreinfo_data' in k.syms:
        data = k.var('vmcoreinfo_data')
        text = bytes(k.mem.read_phys(data - PAGE_OFFSET, PAGE) or b'') if data else b''
    text = text.split(b'\0')[0].decode(errors='replace')
    return dict(l.split('=', 1) for l in text.split('\n') if '=' in l)


def cpu_offsets(k):
    """CPU number -> per-cpu offset, for the online CPUs (the first 32)."""
    online = k.var('__cpu_online_mask') or 1
    n = k.syms['__per_cpu_offset'][1] // 4
    return {i: k.var('__per_cpu_offset', i) for i in range(n) if online >> i & 1}


def saved_esps(k, offs):
    """CPU -> the stack pointer its NT_PRSTATUS in crash_notes holds."""
    notes = k.var('crash_notes')
    esps = {}
    for cpu, off in offs.items():
        b = k.mem.read_phys(((notes + off) & 0xffffffff) - PAGE_OFFSET, 12 + 8 + 136) \
            if notes else None
        if not b:
            continue
        namesz, descsz, typ = struct.unpack_from('<III', b, 0)
        if namesz == 5 and typ == 1 and bytes(b[12:16]) == b'CORE' and descsz >= 136:
            esps[cpu] = struct.unpack_from('<I', b, 20 + 72 + 15 * 4)[0]
    return esps


def offsets(vmlinux, fields):
    """offsetof() of each 'struct s.field', from VMLINUX's DWARF."""
    cmd = ['gdb', '-batch']
    for f in fields:
        s, m = f.split('.')
        cmd += ['-ex', 'print (int)&((struct %s *)0)->%s' % (s, m)]
    out = subprocess.run(cmd + [vmlinux], capture_output=True, text=True).stdout
    vals = [int(v) for v in re.findall(r'^\$\d+ = (\d+)$', out, re.M)]
    return dict(zip(fields, vals)) if len(vals) == len(fields) else {}


def task_stacks(k, off):
    """The stack pages of every task on init_task's list (bounded walk)."""
    stacks = set()
    try:
        head = k.sym('init_task') + off['task_struct.tasks']
    except KeyError:
        return stacks
    pos = k.u32(head)
    for _ in range(4096):
        if pos is None or pos == head:
            break
        task = pos - off['task_struct.tasks']
        stacks |= pfns(k.u32(task + off['task_struct.stack']), THREAD_SIZE)
        pos = k.u32(pos)
    return stacks


def classify_sets(k, after, syms, info, vmlinux):
    """Class name -> set of pfns, from what the kernel says: @k reads RAM
    at the panic, @after the dump (for what the panic itself set)."""
    S = lambda n: syms.get(n, (None, 0))  # noqa: E731
    cl = {c: set() for c, _ in CLASSES}
    for n in ('__log_buf', '_printk_rb_static_descs', '_printk_rb_static_infos',
              'printk_rb_static', 'prb'):
        cl['printk ring'] |= pfns(*S(n))
    for n, size in (('vmcoreinfo_note', 4096), ('vmcoreinfo_data', 4096)):
        if n in syms:
            cl['VMCOREINFO'] |= pfns(k.var(n), size)
    offs = cpu_offsets(k)
    unit = k.var('pcpu_unit_size') or 0
    notes = k.var('crash_notes')
    panic_cpu = after.var('panic_cpu')
    for cpu, off in offs.items():
        base = (S('__per_cpu_start')[0] + off) & 0xffffffff
        cl['per-cpu areas'] |= pfns(base, unit)
        if notes:
            cl['crash notes'] |= pfns((notes + off) & 0xffffffff, 512)
        stacks = set()
        for n in ('hardirq_stack_ptr', 'softirq_stack_ptr'):
            if n in syms:
                stacks |= pfns(k.u32((S(n)[0] + off) & 0xffffffff), THREAD_SIZE)
        key = 'panicking CPU stacks' if cpu == panic_cpu else 'stopped CPUs stacks'
        cl[key] |= stacks
    for cpu, esp in saved_esps(after, offs).items():
        key = 'panicking CPU stacks' if cpu == panic_cpu else 'stopped CPUs stacks'
        cl[key] |= pfns(esp & ~(THREAD_SIZE - 1), THREAD_SIZE)
    for a, b in (('_sdata', '_edata'), ('__bss_start', '__bss_stop'),
                 ('__brk_base', '__brk_limit')):
        if a in syms and b in syms:
            cl['kernel .data/.bss'] |= pfns(S(a)[0], S(b)[0] - S(a)[0])
    cl['kernel .data/.bss'] |= pfns(S('__vvar_page')[0], PAGE)
    # dump_backup=free: the lists and runs the panic path's walk fills
    # (set aside at boot, dump_free_32.c); sizes are bounds, not exact.
    for n, size in (('dump_fw_lists', 16384), ('dump_fw_runs', 32768)):
        if n in syms and k.var(n):
            cl['free-walk scratch'] |= pfns(k.var(n), size)
    off = offsets(vmlinux, ['kimage.control_code_page', 'task_struct.tasks',
                            'task_struct.stack'])
    cl['stopped CPUs stacks'] |= task_stacks(k, off) - cl['panicking CPU stacks']
    off_ccp = off.get('kimage.control_code_page')
    mem_map = k.var('mem_map')
    psize = int(info.get('SIZE(page)', '0'))
    for n in ('kexec_image', 'kexec_crash_image'):
        img = k.var(n) if n in syms else None
        if img and off_ccp is not None and mem_map and psize:
            page = k.u32(img + off_ccp)
            if page:
                pfn = (page - mem_map) // psize
                cl['kexec control page'] |= {pfn}
    return cl, panic_cpu


def page_flags(k, info, pfn):
    try:
        mem_map = k.var('mem_map')
        psize = int(info['SIZE(page)'])
        foff = int(info['OFFSET(page.flags)'])
    except (KeyError, ValueError, TypeError):
        return None
    if not mem_map:
        return None
    return k.u32(mem_map + pfn * psize + foff)


def page_field(k, info, pfn, field):
    try:
        return k.u32(k.var('mem_map') + pfn * int(info['SIZE(page)']) +
                     int(info['OFFSET(page.%s)' % field]))
    except (KeyError, ValueError, TypeError):
        return None


def is_free(k, info, pfn):
    """No reference: a free page (a buddy block's head or tail)."""
    return page_field(k, info, pfn, '_refcount') == 0


def buddy_block(k, info, pfn):
    """The free buddy block holding pfn in k's struct pages, or None."""
    try:
        pg_buddy = ~int(info['NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)']) & 0xffffffff
    except (KeyError, ValueError):
        return None
    for o in range(11):
        head = pfn & ~((1 << o) - 1)
        t = page_field(k, info, head, '_mapcount')
        if t is not None and (t & (0xf0000000 | pg_buddy)) == 0xf0000000:
            order = page_field(k, info, head, 'private')
            if order is not None and order < 11 and pfn < head + (1 << order):
                return head, order
    return None


def free_check(k, info, dump, window, hdr, report, bad):
    """dump_backup=free: the pages left out above the window were free."""
    have = set(dump.pages())
    top = min(max(have) + 1, k.var('max_low_pfn') or 0)
    missing = [p for p in range(window // PAGE, top)
               if p not in have and not hdr[0] <= p * PAGE <= hdr[1]]
    not_free = [p for p in missing if buddy_block(k, info, p) is None]
    hdr_left_out = all(p not in have for p in range(hdr[0] // PAGE, hdr[1] // PAGE + 1))
    print('backup pages: %d' % len(missing))
    print('  left out above the window: %d pages, not free at the panic: %d; header area left out: %s'
          % (len(missing), len(not_free), hdr_left_out))
    report['backup_pages'] = len(missing)
    report['backup_not_free'] = [hex(p) for p in not_free[:50]]
    if not missing:
        bad.append('no backup pages left out (was this free mode?)')
    if not_free:
        bad.append('%d left-out pages were not free at the panic (first %#x)'
                   % (len(not_free), not_free[0]))
    if not hdr_left_out:
        bad.append('the header area is in the dump')


def is_stack_on_rcu(page, syms):
    """The stack of a task that exited: its first words are the rcu_head
    that frees it (kernel/fork.c thread_stack_free_rcu)."""
    fn = syms.get('thread_stack_free_rcu', (None, 0))[0]
    return fn is not None and struct.unpack_from('<I', page, 4)[0] == fn


def is_slab(k, info, pfn):
    """PG_slab on the page, or on its compound head."""
    bit = info.get('NUMBER(PG_slab)')
    flags = page_flags(k, info, pfn)
    if flags is None or bit is None:
        return False
    try:
        head = k.u32(k.var('mem_map') + pfn * int(info['SIZE(page)']) +
                     int(info['OFFSET(page.compound_head)']))
    except (KeyError, ValueError, TypeError):
        head = None
    if head and head & 1:
        mem_map, psize = k.var('mem_map'), int(info['SIZE(page)'])
        flags = page_flags(k, info, (head - 1 - mem_map) // psize)
    return flags is not None and flags >> int(bit) & 1


def nearest(syms_sorted, addrs, vaddr):
    i = bisect_right(addrs, vaddr) - 1
    if i < 0:
        return '-'
    a, name = syms_sorted[i]
    return '%s+%#x' % (name, vaddr - a)


def compare(args):
    name, snap_path, dump_path, vmlinux = args[:4]
    raw = '--raw' in args
    verbose = '--verbose' in args
    start = int(args[args.index('--from') + 1], 0) // PAGE if '--from' in args else 0
    flip = int(args[args.index('--flip') + 1], 0) if '--flip' in args else None
    snap = Raw(snap_path)
    dump = Raw(dump_path) if raw else Dump(dump_path)
    syms = symbols(vmlinux)
    # Kernel variables as they were at the panic: read them from the snapshot
    # (the dump's own copy may be the very page that differs).
    k = Kernel(snap, syms)
    after = Kernel(dump, syms)
    info = vmcoreinfo(after)
    cl, panic_cpu = classify_sets(k, after, syms, info, vmlinux)
    if '--dma' in args:
        for line in open(args[args.index('--dma') + 1]):
            w = line.split()
            if len(w) == 2 and w[0] == 'DMAPAGE':
                cl['device DMA buffers'].add(int(w[1], 0))
    counts = {c: 0 for c, _ in CLASSES}
    # The struct page array: the stopped CPUs' allocations and frees write it.
    mem_map = pfns(k.var('mem_map'), int(info.get('SIZE(page)', '0')) *
                   int(info.get('NUMBER(max_pfn)', k.var('max_pfn') or 0)))
    unexplained = []
    compared = 0
    for pfn in dump.pages():
        if pfn < start or pfn * PAGE + PAGE > len(snap.m):
            continue
        a = snap.read_phys(pfn * PAGE, PAGE)
        b = dump.read_phys(pfn * PAGE, PAGE)
        if b is None:
            continue
        if pfn == flip:
            b = bytes([b[0] ^ 1]) + bytes(b[1:])
        compared += 1
        if a == b:
            continue
        for c, _ in CLASSES:
            if pfn in cl[c]:
                counts[c] += 1
                if verbose:
                    print('    pfn %#x: %s' % (pfn, c))
                break
        else:
            if is_slab(k, info, pfn):
                counts['slab (stopped CPUs)'] += 1
            elif is_stack_on_rcu(b, syms):
                counts['stopped CPUs stacks'] += 1
            elif pfn in mem_map:
                counts['struct pages (stopped CPUs)'] += 1
            elif is_free(k, info, pfn) or is_free(after, info, pfn):
                counts['free pages (stopped CPUs)'] += 1
            else:
                unexplained.append((pfn, page_flags(k, info, pfn)))
    syms_sorted = sorted((v[0], n) for n, v in syms.items() if v[0] >= PAGE_OFFSET)
    addrs = [a for a, _ in syms_sorted]
    report = dict(name=name, compared=compared, counts=counts, panic_cpu=panic_cpu,
                  unexplained=[dict(pfn=hex(p), flags=hex(f) if f is not None else '?',
                                    near=nearest(syms_sorted, addrs, PAGE_OFFSET + p * PAGE),
                                    first_diff=first_diff(snap, dump, p))
                               for p, f in unexplained[:50]],
                  nr_unexplained=len(unexplained))
    with open(os.path.join('out', name + '.gt.json'), 'w') as f:
        json.dump(report, f, indent=1)
    bad = []
    print('ground truth %s: %d pages compared, panic on CPU %s' % (name, compared, panic_cpu))
    if '--free' in args:
        a, b = args[args.index('--hdr') + 1].split('-')
        free_check(k, info, dump, int(args[args.index('--free') + 1], 0),
                   (int(a, 0), int(b, 0)), report, bad)
    ncpu = len(cpu_offsets(k))
    for c, (fixed, per_cpu) in CLASSES:
        bound = fixed + per_cpu * ncpu
        over = counts[c] > bound
        print('  %-28s %6d  (bound %s)%s' % (c, counts[c], bound, '  OVER' if over else ''))
        if over:
            bad.append('%s: %d pages, bound %d' % (c, counts[c], bound))
    print('  %-28s %6d' % ('unexplained', len(unexplained)))
    for u in report['unexplained']:
        print('    pfn %s flags %s near %s, first difference at +%#x' %
              (u['pfn'], u['flags'], u['near'], u['first_diff']))
    if unexplained:
        bad.append('%d unexplained pages' % len(unexplained))
    if bad:
        print('FAIL: ' + '; '.join(bad))
        return 1
    return 0


def first_diff(snap, dump, pfn):
    a = snap.read_phys(pfn * PAGE, PAGE)
    b = dump.read_phys(pfn * PAGE, PAGE)
    for i in range(PAGE):
        if a[i] != b[i]:
            return i
    return 0


def report(paths):
    rs = [json.load(open(p)) for p in paths]
    print('%-28s' % 'class' + ''.join('%22s' % r['name'][:21] for r in rs))
    for c, _ in CLASSES:
        print('%-28s' % c + ''.join('%22d' % r['counts'].get(c, 0) for r in rs))
    print('%-28s' % 'unexplained' + ''.join('%22d' % r['nr_unexplained'] for r in rs))
    print('%-28s' % 'pages compared' + ''.join('%22d' % r['compared'] for r in rs))
    return 0


def main():
    if len(sys.argv) >= 6 and sys.argv[1] == 'compare':
        return compare(sys.argv[2:])
    if len(sys.argv) >= 3 and sys.argv[1] == 'report':
        return report(sys.argv[2:])
    print(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main())
