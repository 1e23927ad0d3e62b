# t050: the t040 path with dump_backup=32M@256M on both kernels and
# dump_elf=64 on the capture kernel (passed through capture_args=).
. /scenarios/t040-dump.sh
