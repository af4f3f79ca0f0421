#!/bin/sh
# A folder tree with a FIFO (must not hang), a symlink loop, a link out of
# the tree, a dangling link and a link back into the tree.
. "$(dirname "$0")/lib.sh"
sh "$fixtures" fx || exit 2

start=$(date +%s)
check tree scan -j 1 -s "$rules" -f text fx/tree
elapsed=$(( $(date +%s) - start ))
[ "$elapsed" -lt $((30 * ${HOP_TIME_SCALE:-1})) ] && ok || fail "tree scan took ${elapsed}s"
# A FIFO named on the command line is not opened either.
check fifo-arg scan -j 1 -s "$rules" fx/tree/dc01/logs/pipe
finish
