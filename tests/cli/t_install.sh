#!/bin/sh
# "cmake --install" puts the binary, the man pages and the signature pack
# where the installed binary finds the pack by default, wherever the
# prefix is; the build tree's binary finds the source pack too.
. "$(dirname "$0")/lib.sh"
builddir=$(dirname "$hopscan_bin")
rm -rf prefix
cmake --install "$builddir" --prefix "$work/prefix" > install.log 2>&1
expect_eq "install status" $? 0
for f in bin/hopscan share/man/man1/hopscan.1 share/man/man5/hopscan-signatures.5; do
	[ -f "prefix/$f" ] && ok || fail "not installed: $f"
done
n=$(ls prefix/share/hopscan/signatures/*.yml 2>/dev/null | wc -l)
[ "$n" -ge 1 ] && ok || fail "no signature files installed"

# Both binaries load the same pack by default and find the same events.
"$hopscan" scan -j 1 -f jsonl "$srcdir/fixtures/evidence" > build-tree.out
expect_eq "build-tree status" $? 0
${HOP_RUN:+$HOP_RUN --log-file=$work/run-logs/%p.log} \
    prefix/bin/hopscan scan -j 1 -f jsonl "$srcdir/fixtures/evidence" > installed.out
expect_eq "installed status" $? 0
[ -s installed.out ] && cmp -s build-tree.out installed.out && ok ||
	fail "installed binary's default pack differs from the build tree's"
finish
