# t010: the kernel with our patches and config boots to /init.
pass boot "$(uname -r)"
info cpus "$(grep -c ^processor /proc/cpuinfo)"
info memtotal_kb "$(sed -n 's/^MemTotal: *\([0-9]*\).*/\1/p' /proc/meminfo)"
