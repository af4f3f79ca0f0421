#!/bin/sh
# Disk image against folder: the same files scanned as a folder and inside
# a 1 GiB ext4 image (mkfs.ext4 -d, no root), with the whole signature
# pack, RUNS times each, interleaved, warm page cache; prints medians.
# The tree mimics a disk: text logs (syslog lines, some matching rules),
# event logs from fixtures/evtx, and as many bytes of executables the
# profile passes over.  -j 1 compares one reader with one reader; the
# default (all cores) shows that a folder's files spread over the threads
# while an image is one input read by one thread.
#   tests/bench/image-bench.sh [HOPSCAN] [WORKDIR] [RUNS]
set -eu
hopscan=${1:-build/hopscan}
work=${2:-build/image-bench}
runs=${3:-5}
src=$(cd "$(dirname "$0")/../.." && pwd)
case $hopscan in /*) ;; *) hopscan=$PWD/$hopscan ;; esac
export LC_ALL=C TZ=UTC

mkdir -p "$work"
cd "$work"
if [ ! -f disk.img ]; then
	rm -rf tree
	mkdir -p tree
	# 3000 log files of ~150 KiB: 450 MiB of syslog lines.
	awk 'BEGIN {
		srand(1);
		for (f = 0; f < 3000; f++) {
			d = sprintf("tree/var/log/host%02d", f % 40);
			if (f < 40) system("mkdir -p " d);
			out = sprintf("%s/syslog.%d", d, f);
			for (i = 0; i < 1800; i++) {
				if (i % 997 == 5)
					msg = "sshd[4242]: Accepted password for root from 203.0.113.5 port 50000 ssh2";
				else
					msg = sprintf("CRON[%d]: pam_unix(cron:session): session opened for user u%d by (uid=0)", int(rand() * 90000), int(rand() * 500));
				printf "Mar %2d %02d:%02d:%02d host%02d %s\n", 1 + i % 28, i % 24, i % 60, (i * 7) % 60, f % 40, msg > out;
			}
			close(out);
		}
	}'
	# Event logs: the samples, 40 copies each.
	mkdir -p tree/Windows/System32/winevt/Logs
	for i in $(seq 1 40); do
		for e in "$src"/fixtures/evtx/*.evtx; do
			cp "$e" "tree/Windows/System32/winevt/Logs/$i-$(basename "$e")"
		done
	done
	# Executables: 4000 files of 100 KiB, an ELF header then noise.
	mkdir -p tree/usr/lib
	head -c 409600000 /dev/urandom > noise
	i=0
	while [ "$i" -lt 4000 ]; do
		{ printf '\177ELF\2\1\1\0'; dd if=noise bs=102400 skip="$i" count=1 status=none; } \
			> "tree/usr/lib/lib$i.so"
		i=$((i + 1))
	done
	rm noise
	find tree -exec touch -d '2016-06-01 00:00:00' {} +
	mkfs.ext4 -q -F -b 4096 -d tree disk.img 1G > /dev/null
fi

now() { date +%s.%N; }
time_of() { t0=$(now); "$@" > /dev/null 2>&1 || true; t1=$(now); echo "$t1 - $t0" | bc; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
folder1() { "$hopscan" scan -q -j 1 -f jsonl tree; }
image1() { "$hopscan" scan -q -j 1 -f jsonl disk.img; }
folderj() { "$hopscan" scan -q -f jsonl tree; }
imagej() { "$hopscan" scan -q -f jsonl disk.img; }

# Same events both ways, but for source and host.
strip() { sed 's/"host":"[^"]*",//; s/"source":"[^"]*",//; s/ @ [^:]*:/ @ H:/' | sort; }
a=$(folder1 2>/dev/null | strip | cksum)
b=$(image1 2>/dev/null | strip | cksum)
events=$(folder1 2>/dev/null | wc -l)
[ "$a" = "$b" ] && same=yes || same=NO
folder1 > /dev/null 2>&1 || true	# warm the cache
image1 > /dev/null 2>&1 || true

: > times
i=0
while [ "$i" -lt "$runs" ]; do
	for k in folder1 image1 folderj imagej; do
		echo "$k $(time_of $k)" >> times
	done
	i=$((i + 1))
done
files=$(find tree -type f | wc -l)
bytes=$(du -sb tree | cut -f1)
echo "files: $files, bytes: $bytes, image: $(du -b disk.img | cut -f1) bytes (ext4), events: $events, same events: $same, runs: $runs, cores: $(nproc)"
for k in folder1 image1 folderj imagej; do
	m=$(grep "^$k " times | cut -d' ' -f2 | median)
	eval "med_$k=$m"
	printf '%-8s median %.2f s\n' "$k" "$m"
done
printf 'image/folder, -j 1: %.2f; default threads: %.2f\n' \
	"$(echo "$med_image1 / $med_folder1" | bc -l)" \
	"$(echo "$med_imagej / $med_folderj" | bc -l)"
