#!/bin/sh
# Quality of the shipped signature pack (the build tree's signatures/, no -s),
# measured so that it cannot regress unnoticed; see tests/quality/README.md.
#
# Recall: every file of ../shared/corpus/{evtx,archives} that MANIFEST.tsv
# labels credential dumping (t1003 = y) and that can be read must give an
# event tagged T1003*; every one labelled PsExec, service execution or admin
# shares (remote_lateral = y and technique T1569.002 or T1021.002, or PsExec
# in its name) an event tagged T1569.002 or T1021.002.  The files that cannot
# be detected are listed, with the reason, in tests/quality/recall.txt; any
# other miss fails, and so does a listed file that is detected after all.
#
# Precision: the benign real samples (MANIFEST gt_class = benign) and the
# synthetic MSP-routine corpus of tests/quality/make-msp-routine.sh must give
# no high or critical event; the other events are counted per corpus and rule
# and may not exceed the counts in tests/quality/precision.txt.
#
# Without ../shared the recall and the real-sample precision skip, saying so.
# HOP_UPDATE=1 rewrites recall.txt and precision.txt from this run (new
# exceptions get a TODO reason, which fails until a person writes the why).
. "$(dirname "$0")/lib.sh"
case $hopscan in /*) ;; */*) hopscan=$OLDPWD/$hopscan ;; esac
case $srcdir in /*) ;; *) srcdir=$OLDPWD/$srcdir ;; esac
quality=$srcdir/tests/quality
recall_list=$quality/recall.txt
precision_list=$quality/precision.txt
every=$srcdir/tests/cli/rules-every.yml
corpus=$shared_corpus
update=${HOP_UPDATE:-}

# events < CSV: one line per event, tab-separated: the file on disk (the
# archive, not its member), position, signature_id, level, attack.  Columns are found by name in the header; cells are
# RFC 4180 (the scanner escapes tabs and newlines inside them).
events() {
	awk '
	function unquote(s) {
		if (s ~ /^".*"$/) {
			s = substr(s, 2, length(s) - 2)
			gsub(/""/, "\"", s)
		}
		return s
	}
	function csvsplit(line, f,    m, i, n, p, cur, open) {
		m = split(line, p, ",")
		n = 0
		open = 0
		cur = ""
		for (i = 1; i <= m; i++) {
			cur = open ? cur "," p[i] : p[i]
			if (gsub(/"/, "\"", p[i]) % 2)
				open = !open
			if (!open) {
				f[++n] = unquote(cur)
				cur = ""
			}
		}
		if (open)
			f[++n] = unquote(cur)
		return n
	}
	NR == 1 {
		n = csvsplit($0, h)
		for (i = 1; i <= n; i++)
			col[h[i]] = i
		next
	}
	{
		csvsplit($0, f)
		src = f[col["source"]]
		sub(/!.*/, "", src)
		printf "%s\t%s\t%s\t%s\t%s\n", src, f[col["position"]],
		    f[col["signature_id"]], f[col["level"]], f[col["attack"]]
	}'
}

# report FILE: lines "ok", "fail MESSAGE" or "note MESSAGE", counted here.
report() {
	while IFS= read -r line; do
		case $line in
		ok) ok ;;
		fail\ *) fail "${line#fail }" ;;
		note\ *) echo "${line#note }" ;;
		esac
	done < "$1"
}

# scan NAME DIR ARGS...: scan ARGS in DIR with the default pack and with a
# rule that matches every record; NAME.csv, NAME.err, NAME.rc, NAME.every.csv.
scan() {
	name=$1 dir=$2
	shift 2
	(cd "$dir" && "$hopscan" scan -j 1 -f csv "$@") > "$name.csv" 2> "$name.err"
	echo $? > "$name.rc"
	(cd "$dir" && "$hopscan" scan -j 1 -f csv -s "$every" "$@") \
		> "$name.every.csv" 2> /dev/null
}

# --- the corpora -----------------------------------------------------------
rm -rf msp && sh "$quality/make-msp-routine.sh" msp
expect_eq "make-msp-routine.sh exit status" $? 0
scan msp . msp
rc=$(cat msp.rc)
if [ "$rc" -le 1 ]; then ok; else fail "msp-routine scan: exit status $rc"; fi
if [ -s msp.err ]; then fail "msp-routine diagnostics: $(head -3 msp.err)"; else ok; fi
events < msp.csv | awk -F '\t' -v OFS='\t' '{ print "msp-routine", $0 }' \
	> precision.events
events < msp.every.csv | awk -F '\t' -v OFS='\t' '{ print "msp-routine", $1 }' \
	> precision.records

if [ -f "$corpus/MANIFEST.tsv" ]; then
	have_corpus=1
	scan real "$corpus" evtx archives text
	rc=$(cat real.rc)
	# 2 is expected: some samples are damaged on purpose (see corpus/README).
	if [ "$rc" -le 2 ] && head -1 real.csv | grep -q '^datetime,'; then ok
	else fail "real-sample scan: exit status $rc, $(head -3 real.err)"; fi
	events < real.csv > real.events
	events < real.every.csv > real.records

	# The labels: "cred|psexec PATH READABLE" and "bench CORPUS PATH".
	awk -F '\t' -v OFS='\t' '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{
		p = $c["path"]
		tech = $c["label_technique"]
		lib = $c["libevtx_20181227"]
		notes = $c["notes"]
		if (p ~ /^evtx\//)
			readable = lib ~ /^(ok|partial)/ ? "y" : "n"
		else if (p ~ /^archives\//)
			readable = notes ~ /truncated|damaged|corrupt/ ? "n" : "y"
		else
			readable = "y"
		if (p ~ /^(evtx|archives)\//) {
			if ($c["t1003"] == "y")
				print "cred", p, readable
			if ($c["remote_lateral"] == "y" &&
			    (tech ~ /T1569\.002|T1021\.002/ || tolower(p) ~ /psexec/))
				print "psexec", p, readable
		}
		if ($c["gt_class"] == "benign") {
			split(p, top, "/")
			print "bench", "real-" top[1], p
		}
	}' "$corpus/MANIFEST.tsv" | sort > labels

	# Events and records of the benign files, tagged with their corpus.
	awk -F '\t' -v OFS='\t' '
	FILENAME == "labels" { if ($1 == "bench") corp[$3] = $2; next }
	($1 in corp) { print corp[$1], $0 }' labels real.events >> precision.events
	awk -F '\t' -v OFS='\t' '
	FILENAME == "labels" { if ($1 == "bench") corp[$3] = $2; next }
	($1 in corp) { print corp[$1], $1 }' labels real.records >> precision.records
else
	have_corpus=
	echo "SKIP: $corpus is absent (the real samples stay in ../shared):" \
		"recall and the real-sample precision are not measured"
fi

# --- recall ------------------------------------------------------------------
if [ -n "$have_corpus" ]; then
	# status lines: CLASS PATH READABLE DETECTED(y/n)
	awk -F '\t' -v OFS='\t' '
	FILENAME == "real.events" {
		if ($5 ~ /T1003/) hit["cred" SUBSEP $1] = 1
		if ($5 ~ /T1569\.002|T1021\.002/) hit["psexec" SUBSEP $1] = 1
		next
	}
	$1 == "cred" || $1 == "psexec" {
		print $1, $2, $3, (($1 SUBSEP $2) in hit) ? "y" : "n"
	}' real.events labels > recall.status

	if [ "$update" = 1 ]; then
		[ -f "$recall_list" ] || : > "$recall_list"
		awk '/^#/ || /^$/ { print; next } { exit }' "$recall_list" > recall.new
		awk -F '\t' -v OFS='\t' -v old="$recall_list" '
		FILENAME == old {
			if ($0 !~ /^#/ && NF >= 3) why[$1 SUBSEP $2] = $3
			next
		}
		$3 == "y" && $4 == "n" {
			k = $1 SUBSEP $2
			print $1, $2, (k in why) ? why[k] : \
			    "TODO: say why this file cannot be detected"
		}' "$recall_list" recall.status >> recall.new
		cp recall.new "$recall_list"
		echo "HOP_UPDATE: wrote $recall_list (review the diff)"
	fi

	awk -F '\t' -v list="$recall_list" '
	FILENAME == list {
		if ($0 ~ /^#/ || $0 ~ /^[ \t]*$/) next
		if (NF < 3 || $3 ~ /^[ \t]*$/ || $3 ~ /^TODO/) {
			print "fail recall.txt line " FNR ": " $1 " " $2 \
			    ": write the reason it cannot be detected"
		}
		listed[$1 SUBSEP $2] = 1
		why[$1 SUBSEP $2] = $3
		next
	}
	{
		k = $1 SUBSEP $2
		seen[k] = 1
		lab[$1]++
		if ($3 == "n") {
			unread[$1]++
			print "note   " $1 "  unreadable (not required)" \
			    ($4 == "y" ? ", detected anyway" : "") ": " $2
			if (k in listed)
				print "fail recall.txt lists " $1 " " $2 \
				    ", which is not readable and so not required: remove it"
			next
		}
		readable[$1]++
		if ($4 == "y") {
			det[$1]++
			print "note   " $1 "  detected:   " $2
			if (k in listed)
				print "fail recall.txt lists " $1 " " $2 \
				    " as undetectable, but it is detected now: remove it"
			else
				print "ok"
		} else if (k in listed) {
			exc[$1]++
			print "note   " $1 "  EXCEPTION:  " $2 " (" why[k] ")"
			print "ok"
		} else {
			miss[$1]++
			print "note   " $1 "  MISSED:     " $2
			print "fail recall: " $1 " file not detected: " $2
		}
	}
	END {
		for (k in listed)
			if (!(k in seen)) {
				split(k, a, SUBSEP)
				print "fail recall.txt lists " a[1] " " a[2] \
				    ", which MANIFEST.tsv does not label " a[1]
			}
		print "note RECALL cred (tagged T1003*): " det["cred"] + 0 " of " \
		    readable["cred"] + 0 " readable files detected, " \
		    exc["cred"] + 0 " listed exceptions, " miss["cred"] + 0 \
		    " missed; " lab["cred"] + 0 " labelled, " unread["cred"] + 0 \
		    " unreadable"
		print "note RECALL psexec (tagged T1569.002 or T1021.002): " \
		    det["psexec"] + 0 " of " readable["psexec"] + 0 \
		    " readable files detected, " exc["psexec"] + 0 \
		    " listed exceptions, " miss["psexec"] + 0 " missed; " \
		    lab["psexec"] + 0 " labelled, " unread["psexec"] + 0 " unreadable"
	}' "$recall_list" recall.status > recall.report
	report recall.report
fi

# --- precision ---------------------------------------------------------------
# precision.events: CORPUS FILE POSITION RULE LEVEL ATTACK
# precision.records: CORPUS FILE (one line per record read)
measured=msp-routine
[ -n "$have_corpus" ] && measured="$measured real-evtx real-archives real-text"

awk -F '\t' -v OFS='\t' '$5 != "high" && $5 != "critical" { print $1, $4, $5 }' \
	precision.events | sort | uniq -c |
	awk -v OFS='\t' '{ print $2, $3, $4, $1 }' > precision.got

if [ "$update" = 1 ]; then
	[ -f "$precision_list" ] || : > "$precision_list"
	{
		awk '/^#/ || /^$/ { print; next } { exit }' "$precision_list"
		{
			awk -F '\t' -v m=" $measured " '
			$0 !~ /^#/ && NF >= 4 && index(m, " " $1 " ") == 0' \
				"$precision_list"
			cat precision.got
		} | sort
	} > precision.new
	cp precision.new "$precision_list"
	echo "HOP_UPDATE: wrote $precision_list (review the diff)"
fi

# No high or critical event on routine work or benign samples, per corpus.
for c in $measured; do
	awk -F '\t' -v c="$c" '$1 == c && ($5 == "high" || $5 == "critical") {
		print "fail precision: " $5 " event on " c ": " $4 " at " $2 ", " $3
	}' precision.events > precision.high
	if [ -s precision.high ]; then report precision.high; else ok; fi
done

# The low/medium/informational events per rule may not grow.
awk -F '\t' -v list="$precision_list" -v m=" $measured " '
FILENAME == list {
	if ($0 ~ /^#/ || NF < 4 || index(m, " " $1 " ") == 0) next
	want[$1 SUBSEP $2] = $4
	wlevel[$1 SUBSEP $2] = $3
	next
}
{
	k = $1 SUBSEP $2
	got[k] = $4
	if (!(k in want))
		print "fail precision: " $1 ": " $2 " (" $3 "): " $4 \
		    " events, precision.txt allows none"
	else if ($4 + 0 > want[k] + 0)
		print "fail precision: " $1 ": " $2 " (" $3 "): " $4 \
		    " events, precision.txt allows " want[k]
	else {
		print "ok"
		if ($4 + 0 < want[k] + 0)
			print "note fewer events than recorded: " $1 ": " $2 ": " \
			    $4 " < " want[k] " (HOP_UPDATE=1 to record)"
	}
}
END {
	for (k in want)
		if (!(k in got)) {
			split(k, a, SUBSEP)
			print "note fewer events than recorded: " a[1] ": " a[2] \
			    ": 0 < " want[k] " (HOP_UPDATE=1 to record)"
		}
}' "$precision_list" precision.got > precision.report
report precision.report

# The figures for the issue note.
echo "PRECISION events per level (and the records they come from):"
for c in $measured; do
	awk -F '\t' -v c="$c" '
	FILENAME == "precision.records" { if ($1 == c) { r++; f[$2] = 1 } next }
	$1 == c { n[$5]++ }
	END {
		for (k in f) files++
		printf "  %-13s %2d critical %2d high %3d medium %3d low %3d informational" \
		    "  in %d records of %d files\n", c, n["critical"], n["high"], \
		    n["medium"], n["low"], n["informational"], r, files
	}' precision.records precision.events
done
echo "PRECISION low/medium events per rule:"
sort precision.got | awk -F '\t' '{ printf "  %-13s %-45s %-13s %d\n", $1, $2, $3, $4 }'
finish
