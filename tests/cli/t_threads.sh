#!/bin/sh
# Threads within one archive: the thread that decompresses a tar.gz hands
# members to idle threads; within one big log, batches of lines.  The
# timeline and the manifest must be the same for every -j, with one
# archive, with several inputs, with evtx members and with a big log.
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

# One big log is read by one thread and matched in batches by the others:
# the same events and diagnostics, in the same order, for every -j; also
# with lines cut for length, stopped by --max-records in a batch, and
# gzipped (size unknown).  Year-less stamps roll over from December to
# January past the first batches.
awk 'BEGIN {
	for (i = 1; i <= 200000; i++) {
		mon = i < 150000 ? "Dec" : "Jan"
		if (i % 1999 == 0)
			printf "%s 31 10:%02d:%02d jump01 sshd[%d]: Accepted password for root from 203.0.113.5 port %d ssh2\n", mon, i % 60, i % 60, i, i
		else if (i == 160001) {
			printf "%s 31 11:00:00 jump01 app[1]: ", mon
			for (k = 0; k < 700; k++)
				printf "padding "
			printf "Accepted password for root from 203.0.113.9\n"
		} else
			printf "%s 31 10:%02d:%02d jump01 app[%d]: routine message number %d of the day\n", mon, i % 60, i % 60, i, i
	}
}' > big.log
gzip -c -n big.log > big.log.gz
touch -d '2016-03-01 00:00:00' big.log big.log.gz
for v in plain cut gz; do
	case $v in
	plain) set -- big.log ;;
	cut) set -- --max-line 4096 --max-records 170000 big.log ;;
	gz) set -- big.log.gz ;;
	esac
	for j in 1 2 3; do
		"$hopscan" scan -j $j -s "$rules" -f jsonl "$@" \
			> "b$v$j.jsonl" 2> "b$v$j.txt"
		echo $? >> "b$v$j.txt"
	done
	n=$(wc -l < "b${v}1.jsonl")
	[ "$n" -gt 80 ] && ok || fail "big $v: only $n events"
	for j in 2 3; do
		cmp -s "b${v}1.jsonl" "b$v$j.jsonl" && ok ||
			fail "big $v: -j $j timeline differs"
		cmp -s "b${v}1.txt" "b$v$j.txt" && ok ||
			fail "big $v: -j $j diagnostics differ"
	done
done
grep -q "more than 170000 records" bcut2.txt && ok || fail "no --max-records diagnostic"
grep -q "line longer than 4096 bytes" bcut2.txt && ok || fail "no cut-line diagnostic"
expect_eq "events of the big log, the same in every year" \
    "$(jq -r '.datetime[0:4]' bplain1.jsonl | sort | uniq -c |
    awk '{ printf "%s %s;", $2, $1 }')" "2015 75;2016 25;"

# Members listed in archive order under their archive, each with records.
got=$(jq '[.inputs[] | select(.depth == 1 and .type == "text" and
    .records > 0)] | length' m4.json)
expect_eq "members scanned" "$got" 480
finish
