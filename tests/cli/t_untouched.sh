#!/bin/sh
# Evidence is never modified: the SHA-256, size, mtime and atime of every
# input file are the same after a scan, and the scan writes nothing next to
# the evidence (-o goes elsewhere).
. "$(dirname "$0")/lib.sh"
sh "$fixtures" fx || exit 2
cp -R "$srcdir/fixtures/evtx" fx/evtx
cp -R "$srcdir/fixtures/evidence" fx/evidence
# Atimes of regular files only: reading a symbolic link (to judge where it
# leads) sets the link's own atime, and Linux has no O_NOATIME for that.
stats() { find fx | LC_ALL=C sort | while IFS= read -r f; do
	if [ -L "$f" ]; then stat -c '%F %s %Y %n' "$f"
	else stat -c '%F %s %Y %X %n' "$f"; fi; done; }
hashes() { find fx -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; }
hashes > hash-before.txt
# Old atimes (after hashing, which reads), so that a read that touched
# them would show: hopscan opens evidence with O_NOATIME.
find fx ! -type l -exec touch -a -d '2015-01-01 00:00:00' {} +
stats > stat-before.txt
"$hopscan" scan -q -f jsonl -o timeline.jsonl fx 2> /dev/null
expect_eq "scan status" $? 2
stats > stat-after.txt
hashes > hash-after.txt
for what in stat hash; do
	if cmp -s "$what-before.txt" "$what-after.txt"; then ok; else
		fail "evidence changed ($what):"
		diff "$what-before.txt" "$what-after.txt" | head -10
	fi
done
[ -s timeline.jsonl ] && ok || fail "no timeline written"
finish
