#!/bin/sh
# Every example of hopscan(1) is run, in a folder holding evidence/ (the
# bundled sample evidence), my-rules.yml, disk.E01 and an empty case/, and
# its whole output compared (with what it wrote to timeline.jsonl and case/).
# The default pack is pointed at the test rules so the examples' outputs
# stay those of the options, not of the pack's current contents.
#   .Dl $ hopscan ...     run as it is (scan gets -j 1 added)
#   .Dl $ parallel ...    run with GNU parallel, or, when it is not
#                         installed, each job in turn by this script
#   .Bd -literal blocks   a Slurm job script (#SBATCH --array=A-B) is run
#                         once per task with SLURM_ARRAY_TASK_ID set; a
#                         Kubernetes Indexed Job's "sh -c" command once per
#                         index with JOB_COMPLETION_INDEX set
# Examples that write shard-*.jsonl have those files appended to their
# output.
. "$(dirname "$0")/lib.sh"
rm -rf evidence && cp -R "$srcdir/fixtures/evidence" evidence
cp "$rules" my-rules.yml
export HOPSCAN_SIGNATURES="$rules"
mkdir -p bin && ln -sf "$hopscan" bin/hopscan
PATH=$(pwd)/bin:$PATH
# The examples, one per line: "cmd<TAB>COMMAND" or "block<TAB>FILE".
sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' "$srcdir/man/hopscan.1" | awk '
	/^\.Dl \$ / { sub(/^\.Dl \$ /, ""); print "cmd\t" $0; next }
	/^\.Bd -literal/ { nb++; f = "example-block-" nb ".txt"; printf "" > f; inb = 1; next }
	/^\.Ed/ { if (inb) print "block\t" f; inb = 0; next }
	inb { gsub(/\\e/, "\\"); print >> f }' > examples.txt

# run_block FILE: run a literal block as its scheduler would.
run_block() {
	if a=$(sed -n 's/^#SBATCH --array=\([0-9]*\)-\([0-9]*\)$/\1 \2/p' "$1") &&
	    [ -n "$a" ]; then
		for t in $(seq $a); do
			SLURM_ARRAY_TASK_ID=$t sh "$1" || return
		done
	elif grep -q 'completionMode: Indexed' "$1"; then
		c=$(sed -n 's/^ *completions: \([0-9]*\)$/\1/p' "$1")
		cmd=$(sed -n "s/^ *command: \[sh, -c, '\(.*\)'\]$/\1/p" "$1")
		# Here, the current folder stands for the job's workingDir.
		for i in $(seq 0 $((c - 1))); do
			JOB_COMPLETION_INDEX=$i sh -c "$cmd" || return
		done
	else
		echo "unknown kind of example block: $1" >&2
		return 2
	fi
}

# run_parallel COMMAND: GNU parallel's "CMD ::: ARGS", done in turn.
run_parallel() {
	cmd=${1%% ::: *}
	cmd=${cmd#parallel }
	cmd=${cmd#\'}
	cmd=${cmd%\'}
	for a in ${1##* ::: }; do
		sh -c "$(printf '%s\n' "$cmd" | sed "s/{}/$a/g")" || return
	done
}

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
while IFS="$(printf '\t')" read -r kind cmd; do
	n=$((n + 1))
	rm -rf timeline.jsonl case && mkdir case
	case $kind:$cmd in
	cmd:hopscan\ scan\ *)
		sh -c "$cmd -j 1" > "example-$n.out" 2> "example-$n.err" ;;
	cmd:hopscan\ *)
		sh -c "$cmd" > "example-$n.out" 2> "example-$n.err" ;;
	cmd:parallel\ *)
		rm -f shard-*.jsonl
		if command -v parallel > /dev/null; then
			sh -c "$cmd" < /dev/null > "example-$n.out" 2> "example-$n.err"
		else
			echo "example $n: GNU parallel not installed; jobs run in turn"
			run_parallel "$cmd" > "example-$n.out" 2> "example-$n.err"
		fi ;;
	block:*)
		rm -f shard-*.jsonl
		run_block "$cmd" > "example-$n.out" 2> "example-$n.err" ;;
	*)
		fail "example $n is not a hopscan, parallel or job example: $cmd"
		continue ;;
	esac
	echo $? > "example-$n.rc"
	[ -f timeline.jsonl ] && cat timeline.jsonl >> "example-$n.out"
	case $kind:$cmd in
	cmd:parallel\ * | block:*) cat shard-*.jsonl >> "example-$n.out" ;;
	esac
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
[ "$n" -ge 8 ] && ok || fail "only $n examples found"
finish
