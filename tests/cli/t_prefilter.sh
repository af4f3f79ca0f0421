#!/bin/sh
# The literal prefilter changes nothing but speed: the shipped pack gives
# byte-identical timelines with it (Vectorscan when built with it), with
# its table engine and without it, on every fixture and, when present, on
# the real samples in ../shared/corpus.
. "$(dirname "$0")/lib.sh"
sh "$fixtures" fx || exit 2
set -- fx "$srcdir/fixtures" "$srcdir/tests/cli/logs"
[ -d "$shared_corpus" ] && set -- "$@" "$shared_corpus" ||
	echo "SKIP: ../shared/corpus absent; fixtures only"
for d in "$@"; do
	"$hopscan" scan -q -j 1 -f jsonl "$d" > with.out 2> /dev/null
	HOPSCAN_NO_PREFILTER=1 "$hopscan" scan -q -j 1 -f jsonl "$d" \
	    > without.out 2> /dev/null
	HOPSCAN_PREFILTER_TABLE=1 "$hopscan" scan -q -j 1 -f jsonl "$d" \
	    > table.out 2> /dev/null
	if [ -s with.out ] && cmp -s with.out without.out; then ok; else
		fail "$d: prefilter changes the timeline"
	fi
	if cmp -s table.out without.out; then ok; else
		fail "$d: the prefilter's table changes the timeline"
	fi
done
finish
