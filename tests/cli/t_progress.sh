#!/bin/sh
# --progress: one line on stderr, here not a terminal, so written as log
# lines; the last one counts every file and event.  Without --progress
# (stderr not a terminal) and with --no-progress: no such line.  The
# timeline is the same either way.
. "$(dirname "$0")/lib.sh"
rm -rf evidence && cp -R "$srcdir/fixtures/evidence" evidence
"$hopscan" scan -q -j 1 -s "$rules" -f jsonl evidence > plain.out 2> plain.err
"$hopscan" scan -q -j 1 -s "$rules" -f jsonl --progress evidence > prog.out 2> prog.err
expect_eq "progress: status" $? 0
cmp -s plain.out prog.out && ok || fail "progress changes the timeline"
events=$(wc -l < prog.out)
files=$(find evidence -type f | wc -l)
last=$(tail -1 prog.err)
re="^hopscan: $files/$files files, [0-9]*\.[0-9] MB, [0-9]*\.[0-9] MB/s, $events events\$"
printf '%s\n' "$last" | grep -q "$re" && ok || fail "progress: last line '$last' is not like '$re'"
grep -q ' files, ' plain.err && fail "progress without --progress on a file" || ok
"$hopscan" scan -q -j 1 -s "$rules" -f jsonl --progress --no-progress evidence > /dev/null 2> off.err
grep -q ' files, ' off.err && fail "progress with --no-progress" || ok
finish
