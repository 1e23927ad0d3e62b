#!/bin/bash
# t001: host unit tests of the pure kernel logic (ASan + UBSan).
. "$(dirname "$0")/lib.sh"
sub_results make -s -C "$top/test/host" check
