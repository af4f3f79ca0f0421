#!/bin/sh
# Event-log throughput: hopscan scanning with the whole signature pack
# against evtxexport (libevtx-utils) writing XML to /dev/null, on the same
# .evtx files, in one run, RUNS times each, interleaved; prints medians,
# records per second and the ratios.  hop_each: one hopscan per file, as
# exp_each runs one evtxexport per file; hop_all: one hopscan, -j 1;
# hop_allj: one hopscan, all cores (the default).
#   tests/bench/evtx-bench.sh [HOPSCAN] [EVTX_DIR] [RUNS]
set -eu
hopscan=${1:-build/hopscan}
dir=${2:-../shared/corpus/evtx}
runs=${3:-7}
command -v evtxexport > /dev/null || { echo "evtxexport not installed" >&2; exit 2; }
list=$(mktemp)
trap 'rm -f "$list"' EXIT
find "$dir" -name '*.evtx' | sort > "$list"
records=0
while IFS= read -r f; do
	n=$(evtxexport "$f" 2>/dev/null | grep -c '^Event number' || true)
	records=$((records + n))
done < "$list"

now() { date +%s.%N; }
# time_of CMD...: wall seconds of one run.
time_of() { t0=$(now); "$@" > /dev/null 2>&1 || true; t1=$(now); echo "$t1 - $t0" | bc; }
hop_each() { while IFS= read -r f; do "$hopscan" scan -q -j 1 -f jsonl "$f"; done < "$list"; }
exp_each() { while IFS= read -r f; do evtxexport -f xml "$f"; done < "$list"; }
hop_all() { tr '\n' '\0' < "$list" | xargs -0 "$hopscan" scan -q -j 1 -f jsonl; }
hop_allj() { tr '\n' '\0' < "$list" | xargs -0 "$hopscan" scan -q -f jsonl; }

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
: > /tmp/evtx-bench.$$
i=0
while [ "$i" -lt "$runs" ]; do
	echo "exp_each $(time_of exp_each)" >> /tmp/evtx-bench.$$
	echo "hop_each $(time_of hop_each)" >> /tmp/evtx-bench.$$
	echo "hop_all $(time_of hop_all)" >> /tmp/evtx-bench.$$
	echo "hop_allj $(time_of hop_allj)" >> /tmp/evtx-bench.$$
	i=$((i + 1))
done
files=$(wc -l < "$list")
echo "files: $files, records (evtxexport): $records, runs: $runs"
for k in exp_each hop_each hop_all hop_allj; do
	m=$(grep "^$k " /tmp/evtx-bench.$$ | cut -d' ' -f2 | median)
	eval "med_$k=$m"
	printf '%-9s median %.3f s  %8.0f records/s\n' "$k" "$m" "$(echo "$records / $m" | bc -l)"
done
printf 'ratio hopscan/evtxexport, one process per file: %.2f\n' "$(echo "$med_hop_each / $med_exp_each" | bc -l)"
printf 'ratio hopscan (one process, all files, -j 1)/evtxexport: %.2f\n' "$(echo "$med_hop_all / $med_exp_each" | bc -l)"
printf 'ratio hopscan (one process, all files, all cores)/evtxexport: %.2f\n' "$(echo "$med_hop_allj / $med_exp_each" | bc -l)"
rm -f /tmp/evtx-bench.$$
