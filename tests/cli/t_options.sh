#!/bin/sh
# Options of "hopscan scan": filters, output file, threads, zones, exit
# status, usage errors, help, and rules that hit the PCRE2 limits.
. "$(dirname "$0")/lib.sh"
sh "$fixtures" fx || exit 2
plain="fx/plain/auth.log fx/plain/secure.log fx/plain/commands.log"

check plain scan -j 1 -s "$rules" -f jsonl $plain
check since-until scan -j 1 -s "$rules" -f csv --since 2015-01-01 \
	--until 2016-02-10T09:16:00Z $plain
check since-date scan -j 1 -s "$rules" -f csv --since 2016-02-29 $plain
check min-level scan -j 1 -s "$rules" -f text --min-level high $plain
check none-found scan -j 1 -s "$rules" -f text --min-level critical fx/plain/auth.log
check tz scan -j 1 -s "$rules" -f text --tz +02:00 fx/plain/auth.log fx/plain/commands.log
check missing-path scan -j 1 -s "$rules" -f text fx/plain/secure.log fx/no-such-file
check usage-format scan -f xml fx/plain
check usage-nopath scan -s "$rules"
check usage-time scan --since yesterday fx/plain
check usage-command frobnicate
check help --help
check scan-help scan --help

# -o writes the same bytes as stdout, atomically: no temporary file left.
rm -rf outdir
mkdir outdir
"$hopscan" scan -j 1 -s "$rules" -f jsonl -o outdir/timeline.jsonl $plain
expect_eq "-o exit status" $? 0
if cmp -s outdir/timeline.jsonl plain.out; then ok; else fail "-o output differs"; fi
expect_eq "-o leaves one file" "$(ls outdir)" timeline.jsonl

# What is not a regular file is written through, never replaced: a FIFO
# (as /dev/null or a terminal would be), a symbolic link (/dev/stdout).
rm -f outdir/*
mkfifo outdir/fifo
timeout 20 cat outdir/fifo > fifo.got &
reader=$!
"$hopscan" scan -j 1 -s "$rules" -f jsonl -o outdir/fifo $plain
expect_eq "-o FIFO exit status" $? 0
wait $reader
if cmp -s fifo.got plain.out; then ok; else fail "-o FIFO output differs"; fi
[ -p outdir/fifo ] && ok || fail "-o replaced the FIFO"
printf 'an older and much longer file than the timeline %0800d\n' 0 \
	> outdir/target
ln -s target outdir/link
"$hopscan" scan -j 1 -s "$rules" -f jsonl -o outdir/link \
	--manifest outdir/mlink $plain
expect_eq "-o link exit status" $? 0
[ -L outdir/link ] && ok || fail "-o replaced the link"
if cmp -s outdir/target plain.out; then ok; else fail "-o link: target differs"; fi
mkfifo outdir/mfifo
timeout 20 cat outdir/mfifo > mfifo.got &
reader=$!
"$hopscan" scan -j 1 -s "$rules" -f jsonl -o outdir/m.jsonl \
	--manifest outdir/mfifo $plain
expect_eq "--manifest FIFO exit status" $? 0
wait $reader
[ -p outdir/mfifo ] && ok || fail "--manifest replaced the FIFO"
if [ -s mfifo.got ] &&
    jq -e '.complete and .exit_status == 0' mfifo.got > /dev/null; then ok
else fail "--manifest FIFO: no manifest read"; fi
mkfifo outdir/gfifo
timeout 20 cat outdir/gfifo > gfifo.got &
reader=$!
"$hopscan" merge -o outdir/gfifo plain.out
expect_eq "merge -o FIFO exit status" $? 0
wait $reader
if cmp -s gfifo.got plain.out; then ok; else fail "merge -o FIFO differs"; fi
[ -p outdir/gfifo ] && ok || fail "merge -o replaced the FIFO"
"$hopscan" scan -j 1 -s "$rules" -f jsonl -o outdir $plain 2> dir.err
expect_eq "-o folder exit status" $? 2
expect_eq "-o folder message" "$(cat dir.err)" "hopscan: outdir: Is a directory"

# The same input gives byte-identical output whatever the thread count.
"$hopscan" scan -j 2 -s "$rules" -f jsonl fx > j2.out 2> /dev/null
"$hopscan" scan -j 1 -s "$rules" -f jsonl fx > j1.out 2> /dev/null
if [ -s j1.out ] && cmp -s j1.out j2.out; then ok; else fail "-j 2 differs from -j 1"; fi

# A rule with catastrophic backtracking hits the match limit: an error
# naming the record, exit status 2, no hang.
cat > limit.yml <<'YML'
id: t-backtrack
title: Catastrophic backtracking
level: low
detection:
  pattern: '^\S+ (a|aa)+$'
YML
start=$(date +%s)
check limit scan -j 1 -s limit.yml -f text fx/plain/backtrack.log
elapsed=$(( $(date +%s) - start ))
[ "$elapsed" -lt $((20 * ${HOP_TIME_SCALE:-1})) ] && ok || fail "limit case took ${elapsed}s"

v=$("$hopscan" version | head -n 1)
expect_eq version "$v" "hopscan 0.1.0"
finish
