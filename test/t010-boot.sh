#!/bin/bash
# t010: the kernel with our patch series and config boots to /init (-smp 2).
. "$(dirname "$0")/lib.sh"
guest_run t010-boot --mem 256 --smp 2 --timeout 120 --append "t=t010-boot"
cpus=$(guest_info t010-boot cpus)
[ "$cpus" = 2 ] && pass cpus "2" || fail cpus "guest saw '$cpus' CPUs, want 2"
finish
