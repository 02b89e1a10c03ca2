#!/bin/sh
# Instructions a node command executes, counted by valgrind's cachegrind, with V8 in
# single-threaded mode (its optimising compiler then runs on the main thread, in a fixed
# order). A figure the timing noise of a shared machine does not move: identical runs of
# the generated 20K-insn program differed by 1-3 % on the 2-core development machine, where
# wall time moved by 10-30 %. About 50x slower than a normal run.
#
#   npm run build && bench/icount.sh dist/bench/live.js --gen=20000
#
# Prints the count (Ir) of the whole process: compare two builds on the same command, and
# subtract a run on a tiny input (--gen=16) to leave out loading and compiling the rules.
set -eu
command -v valgrind >/dev/null 2>&1 || { echo "icount: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! valgrind --tool=cachegrind --cache-sim=no --smc-check=all-non-file --cachegrind-out-file=/dev/null \
    node --single-threaded "$@" >/dev/null 2>"$log"; then
  cat "$log" >&2
  exit 1
fi
sed -n 's/.*I *refs: *//p' "$log"
