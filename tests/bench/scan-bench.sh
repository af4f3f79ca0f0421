#!/bin/sh
# SPDX-License-Identifier: MIT
# Scan throughput of hopscan against its peers on the corpus of
# make-corpus.sh, all in one run: every case RUNS times, interleaved (case
# after case within a round, round after round), so that ratios are taken
# between runs made under the same conditions.  Prints, per case, the
# median wall time (min-max), MB/s (MB = 10^6 bytes of uncompressed logs,
# for compressed inputs too), median CPU time, peak RSS and how many of
# the planted lines it found; then the hopscan/peer throughput ratios
# (median of the per-round ratios) against the targets of issue 7.
#
#   tests/bench/scan-bench.sh CORPUS [HOPSCAN] [RUNS]
#
# Peers: ripgrep (rg --no-unicode -f PATTERNS, the pack's lines from
# "hopscan sigs export --patterns --portable"; rg -z for .gz), bsdtar -xOf
# and gzip -dc as decompression floors, libdeflate-gunzip if installed.
# hopscan runs the default pack; hop-same-j1 runs only the rules that rg
# gets (the pack less those the export leaves out); the text cases leave
# out the .evtx files, which hopscan parses record by record (libevtx)
# and rg greps as bytes.  A tar.gz or zip is one stream, decompressed by
# one thread: with -j 2 the other thread scans members and batches of
# lines (against bsdtar, one thread).
# Needs: rg, bsdtar, gzip, GNU time (/usr/bin/time).
set -eu
corpus=${1:?usage: scan-bench.sh CORPUS [HOPSCAN] [RUNS]}
hopscan=${2:-build/hopscan}
runs=${3:-3}
for t in rg bsdtar gzip /usr/bin/time; do
	command -v $t > /dev/null || {
		echo "scan-bench: needs $t (apt-get install ripgrep" \
		    "libarchive-tools gzip time)" >&2
		exit 2
	}
done
[ -f "$corpus/planted.tsv" ] || { echo "scan-bench: $corpus: not a corpus of make-corpus.sh" >&2; exit 2; }
corpus=$(cd "$corpus" && pwd)
hopscan=$(cd "$(dirname "$hopscan")" && pwd)/$(basename "$hopscan")
export LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bytes=$(cat "$corpus/SIZE")

# The patterns rg gets, and a pack of the same rules for the "same" cases.
"$hopscan" sigs export --patterns --portable > "$tmp/patterns" 2> "$tmp/export.err"
sed -n 's/.*warning: \([^:]*\): not exported.*/\1/p' "$tmp/export.err" > "$tmp/left-out"
sigdir=${HOPSCAN_SIGNATURES:-$(dirname "$hopscan")/signatures}
[ -d "$sigdir" ] || { echo "scan-bench: no signature folder $sigdir (set HOPSCAN_SIGNATURES)" >&2; exit 2; }
mkdir "$tmp/same"
for f in "$sigdir"/*.yml; do
	awk -v drop="$tmp/left-out" '
		BEGIN { while ((getline id < drop) > 0) skip[id] = 1 }
		/^---$/ { if (!cut) printf "%s", doc; doc = ""; cut = 0 }
		/^id: / { if ($2 in skip) cut = 1 }
		{ doc = doc $0 "\n" }
		END { if (!cut) printf "%s", doc }' "$f" > "$tmp/same/$(basename "$f")"
done
nrules=$("$hopscan" sigs list | wc -l)
nsame=$("$hopscan" sigs list -s "$tmp/same" | wc -l)
npat=$(wc -l < "$tmp/patterns")
gzs=$(cd "$corpus" && find gz -name '*.gz' | sort)

# Each case: NAME<TAB>GROUP<TAB>COMMAND (run by sh in $corpus, stdout to
# the case's output file).  GROUP names the input for the table.
cases() {
	h="\"$hopscan\" scan -q -f jsonl"
	cat <<EOF
hop-j1	plain	$h -j 1 plain
rg-j1	plain	rg --no-unicode -n -j 1 -f "$tmp/patterns" plain
hop-same-j1	plain	$h -j 1 -s "$tmp/same" plain
hop-j2	plain	$h -j 2 plain
rg-j2	plain	rg --no-unicode -n -j 2 -f "$tmp/patterns" plain
hop-text-j1	text	$h -j 1 \$(cat "$tmp/text")
rg-text-j1	text	rg --no-unicode -n -j 1 -f "$tmp/patterns" \$(cat "$tmp/text")
hop-gz-j1	gz	$h -j 1 gz
rg-z-j1	gz	rg -z --no-unicode -n -j 1 -f "$tmp/patterns" gz
hop-gz-j2	gz	$h -j 2 gz
rg-z-j2	gz	rg -z --no-unicode -n -j 2 -f "$tmp/patterns" gz
gzip-dc	gz	find gz -name '*.gz' | sort | xargs gzip -dc > /dev/null
EOF
	if command -v libdeflate-gunzip > /dev/null; then
		printf 'libdeflate-gunzip\tgz\tfind gz -name "*.gz" | sort | xargs -n 1 libdeflate-gunzip -c > /dev/null\n'
	fi
	cat <<EOF
hop-tgz-j1	tgz	$h -j 1 corpus.tar.gz
hop-tgz-j2	tgz	$h -j 2 corpus.tar.gz
bsdtar-tgz	tgz	bsdtar -xOf corpus.tar.gz > /dev/null
gzip-dc-tgz	tgz	gzip -dc corpus.tar.gz > /dev/null
hop-zip-j1	zip	$h -j 1 corpus.zip
hop-zip-j2	zip	$h -j 2 corpus.zip
bsdtar-zip	zip	bsdtar -xOf corpus.zip > /dev/null
EOF
}
(cd "$corpus" && find plain -type f ! -name '*.evtx' | sort) > "$tmp/text"
textbytes=$(cd "$corpus" && cat $(cat "$tmp/text") | wc -c)
cases > "$tmp/cases"

# found CASE OUTPUT: how many planted lines OUTPUT names, as
# "FILE:LINE" relative to the tree (hopscan's source and position, or rg's
# path:line: prefix).
found() {
	case $1 in
	hop* | rg*) ;;
	*) echo -; return 0 ;;
	esac
	case $1 in
	hop*) sed -n 's/.*"source":"\([^"]*\)","position":"line \([0-9]*\)".*/\1:\2/p' "$2" ;;
	rg*) sed -n 's/^\([^:]*\):\([0-9]*\):.*/\1:\2/p' "$2" ;;
	esac | sed -e "s|^$corpus/||" -e 's|^corpus\.tar\.gz!||' -e 's|^corpus\.zip!||' \
	    -e 's|^plain/||' -e 's|^gz/||' -e 's|\.gz![^:]*:|:|' -e 's|\.gz:|:|' | sort -u > "$tmp/found"
	awk -F '\t' '{ print $1 ":" $2 }' "$corpus/planted.tsv" | sort -u |
	    comm -12 - "$tmp/found" | wc -l
}

# warm GROUP: read the input of a case into the page cache just before it
# runs (untimed), so that no case pays for pages the kernel let go
# meanwhile (the first case of a round did: 4.0 s for 2.9 s here).
warm() {
	case $1 in
	plain | text) find "$corpus/plain" -type f -exec cat {} + ;;
	gz) find "$corpus/gz" -type f -exec cat {} + ;;
	tgz) cat "$corpus/corpus.tar.gz" ;;
	zip) cat "$corpus/corpus.zip" ;;
	esac > /dev/null
}

: > "$tmp/results"
r=1
while [ "$r" -le "$runs" ]; do
	while IFS="$(printf '\t')" read -r name group cmd; do
		warm "$group"
		(cd "$corpus" && /usr/bin/time -f '%e %M %U %S' -o "$tmp/time" \
		    sh -c "$cmd" > "$tmp/out" 2> "$tmp/err") || true
		set -- $(tail -1 "$tmp/time")
		f=$(found "$name" "$tmp/out")
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$name" "$group" \
		    "$1" "$2" "$3" "$4" "${f:--}" >> "$tmp/results"
		echo "round $r: $name $1 s, $(($2 / 1024)) MiB" >&2
	done < "$tmp/cases"
	r=$((r + 1))
done

nplanted=$(wc -l < "$corpus/planted.tsv")
echo "corpus: $bytes bytes of logs ($(wc -l < "$corpus/files.txt") files," \
    "$nplanted planted lines; $textbytes bytes without the .evtx files);" \
    ".gz files $(cd "$corpus" && cat $gzs | wc -c)" \
    "bytes; tar.gz $(wc -c < "$corpus/corpus.tar.gz"); zip $(wc -c < "$corpus/corpus.zip")"
echo "rules: hopscan $nrules (default pack), same-cases $nsame; rg $npat patterns" \
    "(sigs export --patterns --portable); runs: $runs, interleaved"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg);" \
    "$("$hopscan" version | head -1); $(rg --version | head -1)"
echo
printf '| case | input | wall s median (min-max) | MB/s | CPU s | peak RSS MiB | planted found |\n'
printf '|---|---|---|---|---|---|---|\n'
awk -F '\t' -v bytes="$bytes" -v tbytes="$textbytes" -v np="$nplanted" '
	function med(s,   a, n, i, j, t) {
		n = split(s, a, " ")
		for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		lo = a[1]; hi = a[n]
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	!($2 in seen) { seen[$2] = 1; order[++nc] = $2; grp[$2] = $3 }
	{ w[$2] = w[$2] " " $4; m[$2] = $5 > m[$2] ? $5 : m[$2]; c[$2] = c[$2] " " ($6 + $7)
	  f[$2] = f[$2] == "" || $8 + 0 < f[$2] + 0 ? $8 : f[$2] }
	END {
		for (i = 1; i <= nc; i++) {
			k = order[i]; mw = med(w[k]); l = lo; h = hi; mc = med(c[k])
			printf "| %s | %s | %.2f (%.2f-%.2f) | %.0f | %.2f | %.0f | %s |\n", k, grp[k],
			    mw, l, h, (grp[k] == "text" ? tbytes : bytes) / 1e6 / mw, mc, m[k] / 1024, f[k] == "-" ? "-" : f[k] "/" np
		}
	}' "$tmp/results"
echo
echo "hopscan/peer throughput (peer wall / hopscan wall, median of per-round ratios):"
ratio() {	# HOP PEER TARGET [cpu]
	awk -F '\t' -v a="$1" -v b="$2" -v tgt="$3" -v cpu="${4:-}" '
		$2 == a { x[$1] = cpu ? $6 + $7 : $4 } $2 == b { y[$1] = cpu ? $6 + $7 : $4 }
		END {
			for (r in x) if ((r in y) && x[r] > 0) v[++n] = y[r] / x[r]
			for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
			m = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
			printf "  %-12s / %-18s %6.2fx  (target >= %s: %s)\n", a, b, m, tgt, (m >= tgt ? "met" : "MISSED")
		}' "$tmp/results"
}
ratio hop-j1 rg-j1 1.5
ratio hop-j2 rg-j2 1.5
ratio hop-same-j1 rg-j1 1.5
ratio hop-gz-j1 rg-z-j1 1.5
ratio hop-gz-j2 rg-z-j2 1.5
ratio hop-text-j1 rg-text-j1 1.5
ratio hop-tgz-j1 bsdtar-tgz 0.8
ratio hop-tgz-j2 bsdtar-tgz 0.8
ratio hop-zip-j1 bsdtar-zip 0.8
ratio hop-zip-j2 bsdtar-zip 0.8
echo "the same in CPU time (user+sys, children included: rg -z's gzip), which"
echo "a loaded machine disturbs less than wall time:"
ratio hop-j1 rg-j1 1.5 cpu
ratio hop-j2 rg-j2 1.5 cpu
ratio hop-same-j1 rg-j1 1.5 cpu
ratio hop-gz-j1 rg-z-j1 1.5 cpu
ratio hop-gz-j2 rg-z-j2 1.5 cpu
ratio hop-text-j1 rg-text-j1 1.5 cpu
ratio hop-tgz-j1 bsdtar-tgz 0.8 cpu
ratio hop-zip-j1 bsdtar-zip 0.8 cpu
awk -F '\t' '$2 ~ /^hop/ { if ($5 > m) m = $5 } END {
	printf "hopscan peak RSS: %.0f MiB (target <= 64: %s)\n", m / 1024, (m <= 65536 ? "met" : "MISSED") }' "$tmp/results"
awk -F '\t' -v np="$nplanted" '$8 != "-" && $8 + 0 != np { bad = bad " " $2 "(round " $1 ": " $8 ")" }
	END { if (bad == "") print "planted lines: every tool found all " np; else { print "planted lines missed by:" bad; exit 1 } }' "$tmp/results"
