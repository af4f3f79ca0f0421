#!/bin/sh
# The man pages are clean under mandoc -T lint (warnings and above).
. "$(dirname "$0")/lib.sh"
for page in "$srcdir"/man/*.[1-9]; do
	if mandoc -T lint -W warning "$page" > lint.out 2>&1 && [ ! -s lint.out ]; then
		ok
	else
		fail "mandoc -T lint $page:"; cat lint.out
	fi
done
expect_eq "man pages" "$(ls "$srcdir"/man | tr '\n' ' ')" "hopscan-signatures.5 hopscan.1 "
finish
