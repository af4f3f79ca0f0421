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
check sigs-export sigs export --patterns -s export.yml
check sigs-export-portable sigs export --patterns --portable -s export.yml
check sigs-export-usage sigs export -s export.yml
check sigs-check-note sigs check -s export.yml
check sigs-usage sigs frobnicate
check sigs-usage-level sigs test --level high

# The shipped pack (the build tree's default): samples pass, lint clean.
"$hopscan" sigs test > pack-test.out 2>&1
expect_eq "pack: sigs test status" $? 0
"$hopscan" sigs check > pack-check.out 2>&1
expect_eq "pack: sigs check status" $? 0
# The pack's portable export compiles in ripgrep's default engine, and
# each exported rule's match samples match there too.
"$hopscan" sigs export --patterns --portable > pack.pat 2> pack-export.err
expect_eq "pack: sigs export status" $? 0
if command -v rg > /dev/null; then
	printf 'no match here\n' | rg --no-unicode -f pack.pat > /dev/null 2> rg.err
	expect_eq "pack: rg compiles the export ($(head -c 300 rg.err))" $? 1
	printf '%s\n' 'SEKURLSA::LogonPasswords' 'sshd[7]: Accepted password for root from 1.2.3.4 port 22 ssh2' |
		rg --no-unicode -c -f pack.pat > rg.out
	expect_eq "pack: rg matches exported samples" "$(cat rg.out)" 2
else
	echo "SKIP: ripgrep not installed: the export is not tried in rg"
fi
grep -q ' 0 failed$' pack-test.out && ok || fail "pack: $(tail -3 pack-test.out)"
grep -q ', 0 problems$' pack-check.out && ok || fail "pack: $(cat pack-check.out)"
finish
