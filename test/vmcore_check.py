#!/usr/bin/env python3
"""Host-side checks of an ELF vmcore, byte for byte.

  vmcore_check.py elf VMCORE --cpus N [--class 32|64] [--ours]
  vmcore_check.py text VMCORE VMLINUX
  vmcore_check.py pages VMCORE PATTERN-LIST

Exit 0 when every check holds; each failure is one line on stdout.
"""
import mmap
import struct
import sys

ET_CORE, EM_386, PT_LOAD, PT_NOTE, NT_PRSTATUS = 4, 3, 1, 4, 1
PAGE = 4096


class Core:
    def __init__(self, path):
        self.f = open(path, 'rb')
        self.m = mmap.mmap(self.f.fileno(), 0, access=mmap.ACCESS_READ)
        m = self.m
        if m[:4] != b'\x7fELF':
            raise SystemExit('not an ELF file: %s' % path)
        self.cls = {1: 32, 2: 64}.get(m[4])
        if self.cls == 32:
            (self.type, self.machine, _, _, phoff, _, _, _, phentsize,
             phnum) = struct.unpack_from('<HHIIIIIHHH', m, 16)
            fmt = '<IIIIIIII'
        else:
            (self.type, self.machine, _, _, phoff, _, _, _, phentsize,
             phnum) = struct.unpack_from('<HHIQQQIHHH', m, 16)
            fmt = '<IIQQQQQQ'
        self.phdrs = []
        for i in range(phnum):
            v = struct.unpack_from(fmt, m, phoff + i * phentsize)
            if self.cls == 32:
                typ, off, vaddr, paddr, filesz, memsz, flags, align = v
            else:
                typ, flags, off, vaddr, paddr, filesz, memsz, align = v
            self.phdrs.append(dict(type=typ, off=off, vaddr=vaddr, paddr=paddr,
                                   filesz=filesz, memsz=memsz, align=align))

    def notes(self):
        for ph in self.phdrs:
            if ph['type'] != PT_NOTE:
                continue
            pos, end = ph['off'], ph['off'] + ph['filesz']
            while pos + 12 <= end:
                namesz, descsz, typ = struct.unpack_from('<III', self.m, pos)
                if namesz == 0 and descsz == 0 and typ == 0:
                    break
                name = bytes(self.m[pos + 12:pos + 12 + namesz]).rstrip(b'\0')
                d = pos + 12 + ((namesz + 3) & ~3)
                yield name, typ, bytes(self.m[d:d + descsz])
                pos = d + ((descsz + 3) & ~3)

    def read_phys(self, paddr, size):
        for ph in self.phdrs:
            if ph['type'] == PT_LOAD and ph['paddr'] <= paddr and \
                    paddr + size <= ph['paddr'] + ph['filesz']:
                o = ph['off'] + paddr - ph['paddr']
                return bytes(self.m[o:o + size])
        return None

    def vmcoreinfo(self):
        for name, typ, desc in self.notes():
            if name == b'VMCOREINFO':
                return desc.decode('ascii', 'replace')
        return None


def cmd_elf(args):
    core = Core(args[0])
    cpus = int(args[args.index('--cpus') + 1])
    want_cls = int(args[args.index('--class') + 1]) if '--class' in args else None
    errs = []
    if want_cls and core.cls != want_cls:
        errs.append('ELF class %s, want %s' % (core.cls, want_cls))
    if core.type != ET_CORE:
        errs.append('e_type %d, want ET_CORE' % core.type)
    if core.machine != EM_386:
        errs.append('e_machine %d, want EM_386' % core.machine)
    if not core.phdrs or core.phdrs[0]['type'] != PT_NOTE:
        errs.append('first program header is not PT_NOTE')
    if sum(1 for p in core.phdrs if p['type'] == PT_NOTE) != 1:
        errs.append('want exactly one PT_NOTE (merged)')
    loads = [p for p in core.phdrs if p['type'] == PT_LOAD]
    if not loads:
        errs.append('no PT_LOAD')
    prstatus = [d for n, t, d in core.notes() if n == b'CORE' and t == NT_PRSTATUS]
    if len(prstatus) != cpus:
        errs.append('%d NT_PRSTATUS notes, want %d' % (len(prstatus), cpus))
    for d in prstatus:
        if len(d) != 144:
            errs.append('NT_PRSTATUS desc %d bytes, want 144 (i386)' % len(d))
    info = core.vmcoreinfo()
    if info is None:
        errs.append('no VMCOREINFO note')
    elif 'OSRELEASE=' not in info or 'PAGESIZE=4096' not in info:
        errs.append('VMCOREINFO lacks OSRELEASE/PAGESIZE')
    size = len(core.m)
    prev_end = 0
    seen_high = False
    for p in loads:
        if p['align'] != 0:
            errs.append('PT_LOAD %#x p_align %d, want 0' % (p['paddr'], p['align']))
        if p['off'] + p['filesz'] > size:
            errs.append('PT_LOAD %#x runs past EOF' % p['paddr'])
        if p['paddr'] < prev_end:
            errs.append('PT_LOADs overlap or are unsorted at %#x' % p['paddr'])
        prev_end = p['paddr'] + p['memsz']
        # p_vaddr is the direct-map address, or 0 for highmem (no direct
        # map); once 0, every later load is highmem too.
        direct = p['vaddr'] == p['paddr'] + 0xc0000000
        if not direct and p['vaddr'] != 0:
            errs.append('PT_LOAD %#x p_vaddr %#x, want direct map or 0' % (p['paddr'], p['vaddr']))
        if direct and seen_high:
            errs.append('PT_LOAD %#x has a direct map after a highmem load' % p['paddr'])
        seen_high = seen_high or not direct
    if '--ours' in args and info is not None and 'CRASHTIME=' not in info:
        errs.append('VMCOREINFO lacks CRASHTIME')
    for e in errs:
        print(e)
    print('ELF%s %d PT_LOAD, %d NT_PRSTATUS, %d MiB of RAM' % (
        core.cls, len(loads), len(prstatus), sum(p['memsz'] for p in loads) >> 20))
    return 1 if errs else 0


def elf_symbols_text(vmlinux):
    """(vaddr, bytes) of vmlinux's .text section."""
    m = open(vmlinux, 'rb').read()
    shoff, = struct.unpack_from('<I', m, 32)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', m, 46)
    sh = [struct.unpack_from('<IIIIIIIIII', m, shoff + i * shentsize) for i in range(shnum)]
    stroff = sh[shstrndx][4]
    for s in sh:
        name = m[stroff + s[0]:m.index(b'\0', stroff + s[0])]
        if name == b'.text':
            return s[3], m[s[4]:s[4] + s[5]]
    raise SystemExit('vmlinux has no .text')


def cmd_text(args):
    core = Core(args[0])
    vaddr, text = elf_symbols_text(args[1])
    got = core.read_phys(vaddr - 0xc0000000, len(text))
    if got is None:
        print('kernel text %#x+%#x not in the vmcore' % (vaddr, len(text)))
        return 1
    # Alternatives and jump labels are patched at boot: count the pages
    # that differ and require that nearly all match.
    pages = (len(text) + PAGE - 1) // PAGE
    same = sum(1 for i in range(pages)
               if got[i * PAGE:(i + 1) * PAGE] == text[i * PAGE:(i + 1) * PAGE])
    bytes_same = sum(1 for a, b in zip(got, text) if a == b)
    print('.text %d pages, %d identical; %d of %d bytes equal' % (
        pages, same, bytes_same, len(text)))
    return 0 if bytes_same >= len(text) * 0.999 else 1


def pattern(pfn, salt):
    """The page content the guest test program writes for pfn."""
    head = struct.pack('<8sII', b'DUMPPAT\0', pfn, salt)
    body = bytes(((pfn * 131 + salt + i) & 0xff) for i in range(256))
    page = head + body * ((PAGE - len(head)) // 256 + 1)
    return page[:PAGE]


def cmd_pages(args):
    core = Core(args[0])
    errs = ok = 0
    for line in open(args[1]):
        w = line.split()
        if len(w) < 3 or w[0] != 'PAGE':
            continue
        pfn, salt, where = int(w[1], 0), int(w[2], 0), w[3] if len(w) > 3 else ''
        got = core.read_phys(pfn * PAGE, PAGE)
        if got is None:
            print('pfn %#x (%s) not in the vmcore' % (pfn, where))
            errs += 1
        elif got != pattern(pfn, salt):
            diff = next(i for i in range(PAGE) if got[i] != pattern(pfn, salt)[i])
            print('pfn %#x (%s) differs at byte %d' % (pfn, where, diff))
            errs += 1
        else:
            ok += 1
    print('%d pages identical, %d wrong' % (ok, errs))
    return 1 if errs or not ok else 0


if __name__ == '__main__':
    cmds = {'elf': cmd_elf, 'text': cmd_text, 'pages': cmd_pages}
    if len(sys.argv) < 3 or sys.argv[1] not in cmds:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(cmds[sys.argv[1]](sys.argv[2:]))
