#!/bin/bash
# t005: makedumpfile-lite's own suite: unit, golden (generated vmcores),
# bad input under ASan/UBSan, and a bounded libFuzzer run.
. "$(dirname "$0")/lib.sh"
sub_results make -s -C "$top/tools/makedumpfile-lite" check
