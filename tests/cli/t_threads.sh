#!/bin/sh
# Threads within one archive: the thread that decompresses a tar.gz hands
# members to idle threads.  The timeline and the manifest must be the same
# for every -j, with one archive, with several inputs, and with evtx
# members.
. "$(dirname "$0")/lib.sh"
logs=$srcdir/tests/cli/logs
rm -rf src && mkdir -p src
i=0
while [ $i -lt 120 ]; do
	d=src/host$((i % 9))/var/log
	mkdir -p "$d"
	sed "s/dc01/dc$i/g" "$logs/commands.log" > "$d/commands-$i.log"
	sed "s/web01/web$i/g" "$logs/auth.log" > "$d/auth-$i.log"
	i=$((i + 1))
done
cp "$srcdir"/fixtures/evtx/*.evtx src/
touch -d '2016-03-01 00:00:00' $(find src -type f)
tar --sort=name --owner=0 --group=0 --numeric-owner \
	--mtime='2016-03-01 00:00:00' -czf one.tar.gz -C src .
cp one.tar.gz two.tar.gz

for j in 1 2 3 4; do
	"$hopscan" scan -j $j -s "$rules" -f jsonl --manifest "m$j.json" \
		one.tar.gz two.tar.gz > "t$j.jsonl" 2> "e$j.txt"
	echo $? > "rc$j.txt"
	jq -S 'del(.started, .finished, .command_line)' "m$j.json" > "n$j.json"
done
n=$(wc -l < t1.jsonl)
[ "$n" -gt 1000 ] && ok || fail "only $n events"
for j in 2 3 4; do
	cmp -s t1.jsonl "t$j.jsonl" && ok || fail "-j $j timeline differs"
	cmp -s n1.json "n$j.json" && ok || fail "-j $j manifest differs"
	cmp -s rc1.txt "rc$j.txt" && ok || fail "-j $j exit status differs"
	sort e1.txt > s1.txt
	sort "e$j.txt" > "s$j.txt"
	cmp -s s1.txt "s$j.txt" && ok || fail "-j $j diagnostics differ"
done
# The files of one disk image are handed to idle threads the same way.
rm -f disk.img
mkfs.ext4 -q -F -b 4096 -E root_owner=0:0 -d src disk.img 16M ||
	fail "mkfs.ext4 -d failed (e2fsprogs)"
for j in 1 3; do
	"$hopscan" scan -j $j -s "$rules" -f jsonl --manifest "i$j.json" \
		disk.img > "ti$j.jsonl" 2> "ei$j.txt"
	jq -S 'del(.started, .finished, .command_line)' "i$j.json" > "ni$j.json"
done
n=$(wc -l < ti1.jsonl)
[ "$n" -gt 500 ] && ok || fail "only $n events in the image"
cmp -s ti1.jsonl ti3.jsonl && ok || fail "-j 3 image timeline differs"
cmp -s ni1.json ni3.json && ok || fail "-j 3 image manifest differs"
sort ei1.txt > si1.txt
sort ei3.txt > si3.txt
cmp -s si1.txt si3.txt && ok || fail "-j 3 image diagnostics differ"

# Members listed in archive order under their archive, each with records.
got=$(jq '[.inputs[] | select(.depth == 1 and .type == "text" and
    .records > 0)] | length' m4.json)
expect_eq "members scanned" "$got" 480
finish
