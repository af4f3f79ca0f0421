#!/bin/sh
# scan --shard K/N and merge: for N = 1..4 the merge of the N shards'
# timelines is byte for byte the timeline of one scan of everything, on
# the bundled evidence, the test logs and the generated fixtures (nested
# and damaged archives); and merge refuses what is not its input.
. "$(dirname "$0")/lib.sh"
sh "$fixtures" fx || exit 2
rm -rf evidence logs && cp -R "$srcdir/fixtures/evidence" evidence
cp -R "$srcdir/tests/cli/logs" logs
pack=$srcdir/signatures

# shards NAME PATH...: one scan (default threads) against N shards (-j 1).
shards() {
	name=$1
	shift
	"$hopscan" scan -q -s "$pack" -f jsonl "$@" > "$name-one.jsonl"
	lines=$(wc -l < "$name-one.jsonl")
	[ "$lines" -gt 0 ] && ok || fail "$name: no events at all"
	for n in 1 2 3 4; do
		k=1
		list=
		while [ "$k" -le "$n" ]; do
			"$hopscan" scan -q -j 1 -s "$pack" -f jsonl --shard "$k/$n" \
			    "$@" > "$name-$k-of-$n.jsonl"
			list="$list $name-$k-of-$n.jsonl"
			k=$((k + 1))
		done
		"$hopscan" merge $list > "$name-merged-$n.jsonl"
		expect_eq "$name: merge status, $n shards" $? 0
		if cmp -s "$name-merged-$n.jsonl" "$name-one.jsonl"; then
			ok
		else
			fail "$name: $n shards merged differ from one scan"
			diff "$name-one.jsonl" "$name-merged-$n.jsonl" | head -5
		fi
	done
	# Every shard has files: the shares are not all in one.
	nonempty=0
	for k in 1 2 3 4; do
		[ -s "$name-$k-of-4.jsonl" ] && nonempty=$((nonempty + 1))
	done
	[ "$nonempty" -ge 2 ] && ok || fail "$name: 4 shards, only $nonempty with events"
}
shards evidence evidence
shards logs logs
shards fx fx/nested fx/damaged fx/formats

# -o writes atomically, the same bytes.
"$hopscan" merge -o merged.jsonl logs-1-of-3.jsonl logs-2-of-3.jsonl logs-3-of-3.jsonl
expect_eq "merge -o status" $? 0
cmp -s merged.jsonl logs-one.jsonl && ok || fail "merge -o differs"
# A shard without events merges as nothing.
: > empty.jsonl
check merge-empty merge empty.jsonl
# Refused: not hopscan's JSONL, unsorted, truncated, missing, no input.
head -3 evidence-one.jsonl > sorted.jsonl
{ sed -n 3p evidence-one.jsonl; sed -n 1,2p evidence-one.jsonl; } > unsorted.jsonl
printf '%s' "$(head -1 evidence-one.jsonl)" > truncated.jsonl
printf '{"datetime":"x"}\n' > other.jsonl
printf 'datetime,timestamp_desc\n' > csv.jsonl
check merge-unsorted merge sorted.jsonl unsorted.jsonl
check merge-truncated merge truncated.jsonl
check merge-other merge sorted.jsonl other.jsonl
check merge-csv merge csv.jsonl
check merge-missing merge sorted.jsonl no-such.jsonl
check merge-usage merge
check merge-format merge -f csv sorted.jsonl
check shard-bad scan --shard 3/2 evidence
check shard-zero scan --shard 0/2 evidence
finish
