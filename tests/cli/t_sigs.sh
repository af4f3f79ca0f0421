#!/bin/sh
# hopscan sigs list|test|check on rule files with known faults, and the
# shipped pack: it must pass its own samples and lint clean.
. "$(dirname "$0")/lib.sh"
sigs=$srcdir/tests/cli/sigs
cp "$sigs"/*.yml .
check sigs-list sigs list -s "$rules"
check sigs-list-filter sigs list -s "$rules" --level high --tag attack.t1003
check sigs-test-rules sigs test -s "$rules"
check sigs-test-lint sigs test -s lint.yml
check sigs-check-lint sigs check -s lint.yml
check sigs-check-backtrack sigs check -s backtrack.yml
check sigs-usage sigs frobnicate
check sigs-usage-level sigs test --level high

# The shipped pack (the build tree's default): samples pass, lint clean.
"$hopscan" sigs test > pack-test.out 2>&1
expect_eq "pack: sigs test status" $? 0
"$hopscan" sigs check > pack-check.out 2>&1
expect_eq "pack: sigs check status" $? 0
grep -q ' 0 failed$' pack-test.out && ok || fail "pack: $(tail -3 pack-test.out)"
grep -q ', 0 problems$' pack-check.out && ok || fail "pack: $(cat pack-check.out)"
finish
