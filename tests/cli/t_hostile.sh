#!/bin/sh
# The hostile corpus (tests/hostile/make-hostile.sh): every case gives its
# exact diagnostics, exit status and events (the ones readable before the
# damage), finishes within a time bound, writes no terminal escapes and
# only valid JSON, and leaves the evidence as it was.  Then SIGINT and
# SIGTERM in the middle of a scan.
. "$(dirname "$0")/lib.sh"
hrules=$srcdir/tests/hostile/rules.yml
sh "$srcdir/tests/hostile/make-hostile.sh" hz || exit 2
scale=${HOP_TIME_SCALE:-1}
BOUND=${HOP_HOSTILE_BOUND:-$((60 * scale))}	# seconds per case
DELAY=${HOP_SIGNAL_DELAY:-$((2 * scale))}	# into a scan, to send a signal

# The evidence before: digest, size and times of every regular file.
sums() { find hz -type f -exec sha256sum {} + | sort; \
	find hz -type f -exec stat -c '%n %s %Y %X' {} + | sort; }
sums > before.txt

# timed NAME ARGS...: check NAME ARGS..., within BOUND seconds.
timed() {
	name=$1
	start=$(date +%s)
	check "$@"
	took=$(( $(date +%s) - start ))
	[ "$took" -le "$BOUND" ] && ok || fail "$name took ${took}s (> ${BOUND}s)"
	# No escape byte may reach a terminal; JSONL must parse.
	if grep -q "$(printf '\033')" "$name.out" "$name.err"; then
		fail "$name: an escape byte in the output"
	else
		ok
	fi
	case " $* " in
	*" jsonl "*) jq -e . "$name.out" > /dev/null && ok ||
		fail "$name: output is not valid JSON lines" ;;
	esac
}

# Zeros are no text: the profile passes over them (nothing is inflated
# past their first 40 KiB); with --all-files the limits must stop them.
timed hostile-bomb42 scan -j 1 -s "$hrules" -f jsonl hz/bomb42
timed hostile-bomb42-all scan -j 1 -s "$hrules" -f jsonl --all-files hz/bomb42
timed hostile-gzip10g scan -j 1 -s "$hrules" -f jsonl hz/gzip10g
timed hostile-gzip10g-all scan -j 1 -s "$hrules" -f jsonl --all-files hz/gzip10g
timed hostile-nested100 scan -j 1 -s "$hrules" -f jsonl hz/nested100
timed hostile-encrypted scan -j 1 -s "$hrules" -f jsonl hz/encrypted
timed hostile-names scan -j 1 -s "$hrules" -f jsonl hz/names
timed hostile-names-text scan -j 1 -s "$hrules" -f text hz/names
timed hostile-junk scan -j 1 -s "$hrules" -f jsonl hz/junk
timed hostile-escapes scan -j 1 -s "$hrules" -f jsonl hz/escapes
timed hostile-escapes-text scan -j 1 -s "$hrules" -f text hz/escapes
timed hostile-escapes-csv scan -j 1 -s "$hrules" -f csv hz/escapes
timed hostile-longline scan -j 1 -s "$hrules" -f jsonl hz/longline
timed hostile-truncated scan -j 1 -s "$hrules" -f jsonl hz/truncated
timed hostile-special scan -j 1 -s "$hrules" -f jsonl hz/special
timed hostile-midway scan -j 1 -s "$hrules" -f jsonl hz/midway
timed hostile-empty scan -j 1 -s "$hrules" -f jsonl hz/empty
timed hostile-backtrack scan -j 1 -s "$srcdir/tests/hostile/backtrack.yml" \
	-f jsonl hz/backtrack

# The limits can be raised or lowered: a smaller ratio, members, records.
timed hostile-max-members scan -j 1 -s "$hrules" -f jsonl --max-members 1 \
	hz/names
timed hostile-max-records scan -j 1 -s "$hrules" -f jsonl --max-records 3 \
	hz/truncated/cut-mid-line.log
timed hostile-max-bytes scan -j 1 -s "$hrules" -f jsonl --max-bytes 1M \
	--all-files hz/gzip10g
timed hostile-max-depth scan -j 1 -s "$hrules" -f jsonl --max-depth 2 \
	hz/nested100

# All of it at once, on two threads: the same events as case by case
# (backtrack/ aside, scanned with its own rules above).
start=$(date +%s)
"$hopscan" scan -j 2 -s "$hrules" -f jsonl --manifest all.json hz \
	> all.out 2> all.err
expect_eq "whole corpus exit status" $? 2
took=$(( $(date +%s) - start ))
[ "$took" -le $((2 * BOUND)) ] && ok || fail "whole corpus took ${took}s"
# (Hosts differ: they come from the first folder under the scan root.)
key='{datetime, source, position, signature_id, excerpt}'
for c in bomb42 gzip10g nested100 encrypted names junk escapes longline \
    truncated special midway empty; do
	jq -c "$key" "hostile-$c.out"
done | sort > cases.sorted
jq -c "select(.source | startswith(\"hz/backtrack/\") | not) | $key" all.out |
	sort > all.sorted
if cmp -s cases.sorted all.sorted; then ok; else fail "whole-corpus events differ from the cases'"; fi
jq -e '.complete == true and .exit_status == 2' all.json > /dev/null && ok ||
	fail "manifest of the whole corpus"
# The bomb's top file is hashed whole; the member the limit stopped is not.
top=$(sha256sum < hz/bomb42/42.zip | cut -d' ' -f1)
got=$(jq -r '.inputs[] | select(.provenance == "hz/bomb42/42.zip") | .sha256' all.json)
expect_eq "bomb's digest" "$got" "$top"
got=$(jq -r '[.inputs[] | select(.complete == false)] | length' all.json)
[ "$got" -ge 2 ] && ok || fail "members cut short by limits: $got marked incomplete"

# Interruption: the timeline so far is written, marked incomplete, no
# temporary file is left, and the exit status is 128 + the signal.
for sig in INT TERM; do
	rm -rf out && mkdir out
	"$hopscan" scan -j 1 -s "$hrules" --max-ratio 0 --max-bytes 0 --all-files \
		-o out/t.jsonl --manifest out/m.json hz/escapes hz/gzip10g \
		2> "sig-$sig.err" &
	pid=$!
	sleep "$DELAY"
	kill -s "$sig" "$pid"
	wait "$pid"
	rc=$?
	want=130
	[ "$sig" = TERM ] && want=143
	expect_eq "SIG$sig exit status" "$rc" "$want"
	expect_eq "SIG$sig files left" "$(ls out | tr '\n' ' ')" "m.json t.jsonl "
	last=$(tail -n 1 "sig-$sig.err")
	expect_eq "SIG$sig diagnostic" "$last" "hopscan: error: interrupted by SIG$sig: the timeline is incomplete; it holds the 3 events found until then"
	expect_eq "SIG$sig events written" "$(jq -c .signature_id out/t.jsonl | tr '\n' ' ')" \
		'"h-mimikatz" "h-psexesvc" "h-lsass-dumpers" '
	jq -e --arg s "SIG$sig" '.complete == false and .interrupted_by == $s and
	    .exit_status == '"$want" out/m.json > /dev/null && ok ||
		fail "SIG$sig manifest"
done

sums > after.txt
if cmp -s before.txt after.txt; then ok; else fail "evidence changed"; diff before.txt after.txt; fi
finish
