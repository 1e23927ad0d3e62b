#!/usr/bin/python3
# readers.py DUMP [VMLINUX]: open DUMP with libkdumpfile and drgn (Debian's
# python3-libkdumpfile and python3-drgn) and read the kernel release
# through a kernel virtual address: init_uts_ns from VMCOREINFO for
# libkdumpfile (and for drgn without VMLINUX), init_uts_ns.name.release and
# the task list through drgn's debug info with VMLINUX.  One line per
# reader, "OK ..." or "FAIL ..."; exit 1 if any failed.
import struct
import sys


def vmcoreinfo(k):
    vi = {}
    for line in bytes(k.attr['linux.vmcoreinfo.raw']).decode(errors='replace').splitlines():
        key, _, val = line.partition('=')
        vi[key] = val
    return vi


def libkdumpfile(path):
    import kdumpfile
    k = kdumpfile.kdumpfile(path)
    k.attr['addrxlat.ostype'] = 'linux'
    vi = vmcoreinfo(k)
    addr = int(vi['SYMBOL(init_uts_ns)'], 16) + int(vi.get('OFFSET(uts_namespace.name)', '4')) + 2 * 65
    rel = k.read(kdumpfile.KDUMP_KVADDR, addr, 65).split(b'\0')[0].decode()
    return 'release %s at KVADDR 0x%x' % (rel, addr), rel


def drgn_read(path, vmlinux):
    import drgn
    prog = drgn.Program()
    prog.set_core_dump(path)
    if vmlinux:
        prog.load_debug_info([vmlinux], default=False, main=False)
        rel = prog['init_uts_ns'].name.release.string_().decode()
        head = prog['init_task'].tasks.address_of_()
        node, n = head.next, 0
        while node != head and n < 100000:
            node, n = node.next, n + 1
        return 'release %s, %d tasks' % (rel, n)
    import kdumpfile
    k = kdumpfile.kdumpfile(path)
    vi = vmcoreinfo(k)
    addr = int(vi['SYMBOL(init_uts_ns)'], 16) + int(vi.get('OFFSET(uts_namespace.name)', '4')) + 2 * 65
    return 'release %s' % prog.read(addr, 65).split(b'\0')[0].decode()


def main():
    path = sys.argv[1]
    vmlinux = sys.argv[2] if len(sys.argv) > 2 else None
    bad = 0
    for name, fn in (('libkdumpfile', lambda: libkdumpfile(path)[0]),
                     ('drgn', lambda: drgn_read(path, vmlinux))):
        try:
            print('OK %s: %s' % (name, fn()))
        except Exception as e:  # report every reader, whatever failed
            bad += 1
            print('FAIL %s: %s: %s' % (name, type(e).__name__, str(e)[:300]))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
