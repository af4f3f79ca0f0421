#!/bin/sh
# The real public samples in ../shared/corpus/text (loghub: research-use
# licence, so they stay in ../shared) through the scanner: every non-blank
# line must be an event with a time.  Skips, saying why, without ../shared.
. "$(dirname "$0")/lib.sh"
every=$srcdir/tests/cli/rules-every.yml
corpus=$shared_corpus/text
if [ ! -d "$corpus" ]; then
	echo "SKIP: $corpus is absent (the real samples stay in ../shared)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
for f in "$corpus"/*/*/*.log; do
	name=$(basename "$f")
	"$hopscan" scan -j 1 -s "$every" -f jsonl "$f" > "$name.jsonl" 2> "$name.err"
	expect_eq "$name exit status" $? 0
	lines=$(grep -c '[^[:space:]]' "$f")
	events=$(wc -l < "$name.jsonl")
	expect_eq "$name events" "$events" "$lines"
	untimed=$(grep -c '"datetime":""' "$name.jsonl")
	expect_eq "$name records without a time" "$untimed" 0
	[ -s "$name.err" ] && fail "$name diagnostics: $(head -3 "$name.err")" || ok
done
finish
