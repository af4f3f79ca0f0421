# Shared by the end-to-end tests t_*.sh, which are run as
#   sh t_NAME.sh HOPSCAN_BINARY SOURCE_DIR WORK_DIR
# check NAME [ARGS...] runs "hopscan ARGS" in WORK_DIR and compares its
# whole stdout, stderr and exit status with expected/NAME.{out,err,rc}.
# With HOP_UPDATE=1 it writes those files instead (review the diff!).
# With HOP_RUN set (valgrind and its options), $hopscan runs the binary
# under it, each process writing its report to WORK_DIR/run-logs/, and
# finish fails on any report that is not empty.
set -u
hopscan=$1
hopscan_bin=$1
srcdir=$2
work=$3
expected=$srcdir/tests/cli/expected
fixtures=$srcdir/tests/cli/mkfixtures.sh
rules=$srcdir/tests/cli/rules.yml
passed=0
failed=0
mkdir -p "$work"
cd "$work" || exit 2
export TZ=UTC LC_ALL=C NO_COLOR=1
unset HOPSCAN_SIGNATURES TZDIR

# The real samples (see DEVELOPERS.md); not scanned under HOP_RUN, where
# they would take most of an hour.
shared_corpus=$srcdir/../shared/corpus
if [ -n "${HOP_RUN:-}" ] && [ -d "$shared_corpus" ]; then
	echo "NOTE: ../shared/corpus is not scanned under $HOP_RUN (too slow)"
	shared_corpus=$work/no-shared-corpus
fi

if [ -n "${HOP_RUN:-}" ]; then
	rm -rf "$work/run-logs"
	mkdir -p "$work/run-logs" "$work/run"
	# valgrind's --log-file: %p is the process id.
	printf '#!/bin/sh\nexec %s --log-file=%s/run-logs/%%p.log %s "$@"\n' \
	    "$HOP_RUN" "$work" "$hopscan_bin" > "$work/run/hopscan"
	chmod +x "$work/run/hopscan"
	hopscan=$work/run/hopscan
fi

# ok/fail MESSAGE: count one assertion.
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect_eq WHAT GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then ok; else fail "$1: got '$2', want '$3'"; fi
}

# compare FILE EXPECTED_FILE
compare() {
	if [ "${HOP_UPDATE:-}" = 1 ]; then
		cp "$1" "$2"
		ok
	elif diff -u "$2" "$1"; then
		ok
	else
		fail "$1 differs from $2"
	fi
}

check() {
	name=$1
	shift
	"$hopscan" "$@" > "$name.out" 2> "$name.err"
	echo $? > "$name.rc"
	for ext in out err rc; do
		compare "$name.$ext" "$expected/$name.$ext"
	done
}

# done: print the tally and exit with its status.
finish() {
	if [ -n "${HOP_RUN:-}" ]; then
		for f in "$work"/run-logs/*.log; do
			[ -s "$f" ] || continue
			cat "$f"
			fail "$HOP_RUN reported errors: $f"
		done
	fi
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}
