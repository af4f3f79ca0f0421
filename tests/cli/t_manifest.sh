#!/bin/sh
# --manifest: every digest is checked against sha256sum of the file, or of
# the member extracted by bsdtar/bsdcat; the timeline's digest against the
# bytes written; the document is whole-compared (times and paths aside),
# and is the same for -j 1 and -j 2.
. "$(dirname "$0")/lib.sh"
sh "$fixtures" fx || exit 2
cp "$srcdir/fixtures/evtx/psexec-4688-4697-5145.evtx" fx/plain/
cp /bin/true fx/plain/tool	# an executable: the profile passes over it
rm -rf fx/tree	# a FIFO and links: walked, not hashed (t_tree covers them)

"$hopscan" scan -j 1 -s "$rules" -f jsonl -o t1.jsonl --manifest m1.json fx \
	2> m1.err
expect_eq "exit status" $? 2
"$hopscan" scan -j 2 -s "$rules" -f jsonl --manifest m2.json fx > t2.jsonl \
	2> /dev/null

# The document without what varies from run to run: times, the command
# line, where the rules and the timeline were, and the bytes of archives
# the fixture script makes (an ISO holds its creation time); all digests
# are checked against the bytes below.
norm() {
	jq 'del(.started, .finished, .command_line, .timeline.path) |
	    .signatures.files[].path |= sub(".*/"; "") |
	    .inputs[] |= (if .type == "archive" or .type == "compressed"
	    then .size = "varies" | .sha256 |= (if . then "varies" else . end)
	    else . end)' "$1"
}
norm m1.json > manifest.out
compare manifest.out "$expected/manifest.out"
norm m2.json > manifest-j2.out
if cmp -s manifest.out manifest-j2.out; then ok; else fail "-j 2 manifest differs"; fi

# The timeline digest is that of the bytes written, to a file or stdout.
expect_eq "timeline digest (-o)" "$(jq -r .timeline.sha256 m1.json)" \
	"$(sha256sum < t1.jsonl | cut -d' ' -f1)"
expect_eq "timeline digest (stdout)" "$(jq -r .timeline.sha256 m2.json)" \
	"$(sha256sum < t2.jsonl | cut -d' ' -f1)"
expect_eq "rule file digest" "$(jq -r '.signatures.files[0].sha256' m1.json)" \
	"$(sha256sum < "$rules" | cut -d' ' -f1)"

# bytes PROV: the bytes the provenance names, extracted anew.  A member of
# a compressed stream (type "compressed") is its decompressed bytes.
bytes() {
	prov=$1
	file=${prov%%!*}
	rest=${prov#"$file"}
	cp "$file" cur.bin
	parent=$file
	while [ -n "$rest" ]; do
		rest=${rest#!}
		name=${rest%%!*}
		rest=${rest#"$name"}
		type=$(jq -r --arg p "$parent" \
		    '.inputs[] | select(.provenance == $p) | .type' m1.json)
		if [ "$type" = compressed ]; then
			bsdcat < cur.bin > next.bin
		else
			bsdtar -xOf cur.bin "$name" > next.bin 2> /dev/null ||
				bsdtar -xOf cur.bin "./$name" > next.bin
		fi
		mv next.bin cur.bin
		parent=$parent!$name
	done
	cat cur.bin
}

n=0
jq -r '.inputs[] | select(.sha256 != null) | [.provenance, .sha256, .size] |
    @tsv' m1.json > digests.tsv
while IFS="$(printf '\t')" read -r prov sum size; do
	got=$(bytes "$prov" 2> /dev/null | sha256sum | cut -d' ' -f1)
	len=$(bytes "$prov" 2> /dev/null | wc -c)
	expect_eq "digest of $prov" "$got" "$sum"
	expect_eq "size of $prov" "$len" "$size"
	n=$((n + 1))
done < digests.tsv
[ "$n" -ge 20 ] && ok || fail "only $n digests checked"

# What a limit or damage cut short has no digest and says so.
got=$(jq -r '.inputs[] | select(.complete == false) | .provenance' m1.json |
	tr '\n' ' ')
expect_eq "incomplete streams" "$got" \
	"fx/damaged/encrypted.zip!c-commands.log fx/damaged/truncated.tar.gz!trunc/b-filler.log "
got=$(jq -r '.inputs[] | select(.type == "encrypted") | .provenance' m1.json)
expect_eq "encrypted member listed" "$got" "fx/damaged/encrypted.zip!c-commands.log"
got=$(jq -r '.skipped[] | "\(.provenance): \(.why)"' m1.json)
case $got in
"fx/plain/tool: "?*) ok ;;
*) fail "skipped files: got '$got'" ;;
esac
# Every diagnostic printed is in the manifest, under its input or not.
expect_eq "diagnostics kept" \
	"$(jq '[.inputs[].diagnostics[], .diagnostics[]] | length' m1.json)" \
	"$(wc -l < m1.err | tr -d ' ')"
finish
