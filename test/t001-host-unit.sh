#!/bin/bash
# t001: host unit tests of the pure kernel logic (ASan + UBSan).
. "$(dirname "$0")/lib.sh"
make -s -C "$top/test/host" check 2>&1 | sed "s|^PASS |PASS $T/|; s|^FAIL |FAIL $T/|"
exit "${PIPESTATUS[0]}"
