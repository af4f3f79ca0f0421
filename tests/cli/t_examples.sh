#!/bin/sh
# Every example of hopscan(1) is run, in a folder holding evidence/ (the
# bundled sample evidence), my-rules.yml, disk.E01 and an empty case/, and
# its whole output compared (with what it wrote to timeline.jsonl and case/).
# The default pack is pointed at the test rules so the examples' outputs
# stay those of the options, not of the pack's current contents.
. "$(dirname "$0")/lib.sh"
rm -rf evidence && cp -R "$srcdir/fixtures/evidence" evidence
cp "$rules" my-rules.yml
export HOPSCAN_SIGNATURES="$rules"
sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' "$srcdir/man/hopscan.1" |
	sed -n 's/^\.Dl \$ //p' > examples.txt
# The disk-image example reads an E01 of a GPT disk made by mkimages.sh.
rm -f disk.E01
if grep -q 'disk\.E01' examples.txt; then
	if sh "$srcdir/tests/cli/mkimages.sh" img; then
		cp img/disk.E01 disk.E01
	else
		fail "mkimages.sh failed: the image tools are needed"
	fi
fi
n=0
while IFS= read -r cmd; do
	n=$((n + 1))
	case $cmd in
	hopscan\ *) ;;
	*) fail "example $n does not start with hopscan: $cmd"; continue ;;
	esac
	rm -rf timeline.jsonl case && mkdir case
	sh -c "\"$hopscan\" ${cmd#hopscan } -j 1" > "example-$n.out" 2> "example-$n.err"
	echo $? > "example-$n.rc"
	[ -f timeline.jsonl ] && cat timeline.jsonl >> "example-$n.out"
	[ -f case/timeline.jsonl ] && cat case/timeline.jsonl >> "example-$n.out"
	# The manifest's times and paths vary: compare what does not.
	[ -f case/manifest.json ] && jq -c '{tool, complete, exit_status,
	    rules: .signatures.rules, inputs: [.inputs[] | {provenance, type,
	    size, sha256, format, records, events}], timeline: .timeline.events}' \
	    case/manifest.json >> "example-$n.out"
	for ext in out err rc; do
		compare "example-$n.$ext" "$expected/example-$n.$ext"
	done
done < examples.txt
[ "$n" -ge 4 ] && ok || fail "only $n examples found"
finish
