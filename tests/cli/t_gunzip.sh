#!/bin/sh
# gzip inflated by ISA-L (src/gunzip.c) against zlib through libarchive
# (HOPSCAN_ZLIB): the same timeline and diagnostics on every fixture, on
# gzip files of several members, with a name and time in the header, with
# bytes after the last member, gzip inside gzip; the same message on
# damage, where ISA-L gives at least every line zlib gave.  Only ISA-L
# checks each member's CRC-32 and length (a member that fails is reported
# and the members after it are read) and tells of bytes after the last
# member.
. "$(dirname "$0")/lib.sh"
every=$srcdir/tests/cli/rules-every.yml
sh "$fixtures" fx || exit 2
if "$hopscan" --version | grep -q 'ISA-L'; then
	echo "ISA-L: $("$hopscan" --version | grep -o 'ISA-L [0-9.]*')"
else
	echo "NOTE: hopscan is built without ISA-L: both runs use zlib"
fi

# Run hopscan both ways on "$@": NAME.isal.{out,err}, NAME.zlib.{out,err}.
both() {
	name=$1
	shift
	"$hopscan" "$@" > "$name.isal.out" 2> "$name.isal.err"
	echo $? > "$name.isal.rc"
	HOPSCAN_ZLIB=1 "$hopscan" "$@" > "$name.zlib.out" 2> "$name.zlib.err"
	echo $? > "$name.zlib.rc"
}

same() {
	for x in out err rc; do
		if cmp -s "$1.isal.$x" "$1.zlib.$x"; then ok; else
			fail "$1: ISA-L and zlib differ ($x)"
			diff "$1.isal.$x" "$1.zlib.$x" | head -5
		fi
	done
}

# Every fixture but the truncated archive, whose tail ISA-L reads further.
mv fx/damaged/truncated.tar.gz .
both fixtures scan -j 1 -s "$every" -f jsonl fx
same fixtures
[ "$(wc -l < fixtures.isal.out)" -gt 50 ] && ok ||
	fail "only $(wc -l < fixtures.isal.out) events from the fixtures"

# Members one after another; a name and time in the header (the time
# dates year-less lines); bytes after the last member; gzip in gzip.
mkdir -p gz
cp "$srcdir/tests/cli/logs/auth.log" a.log
cp "$srcdir/tests/cli/logs/commands.log" b.log
touch -d '2015-06-01 00:00:00' a.log b.log
gzip -c a.log > gz/named.gz		# name and time kept
{ gzip -n -c a.log; gzip -n -1 -c b.log; gzip -n -9 -c a.log; } > gz/three.gz
{ gzip -n -c b.log; printf 'not gzip at all, after the member\n'; } \
	> gz/trailing.gz
{ gzip -n -c b.log; head -c 1000 /dev/zero; } > gz/padded.gz
gzip -n -c b.log | gzip -n -c > gz/double.gz
head -c 100000 /dev/zero | tr '\0' 'z' | fold -w 80 | gzip -n -c > gz/long.gz
both members scan -j 1 -s "$every" -f jsonl gz
# Only ISA-L tells of the bytes after the last member (zeros would not).
if "$hopscan" --version | grep -q 'ISA-L'; then
	expect_eq "trailing bytes told" "$(cat members.isal.err)" \
	    "hopscan: gz/trailing.gz: warning: 34 bytes after the last gzip \
member, not gzip, not read"
	: > members.isal.err
fi
same members
n=$(grep -c 'three.gz' members.isal.out)
want=$(($(wc -l < a.log) * 2 + $(wc -l < b.log)))
expect_eq "lines of the three members" "$n" "$want"
grep -q '"time_note":' members.isal.out && ok || fail "no time notes"

# Damage: cut inside the deflate data, a flipped byte, a cut trailer.
# (A damaged stream too short for libarchive to recognise what is inside
# is not opened, either way: zlib's message is then "?", ISA-L's says why.)
mkdir -p bad
seq 1 200000 | sed 's/^/Jun  1 10:00:00 host app[1]: line /' | gzip -n -c > seq.gz
size=$(wc -c < seq.gz)
head -c $((size / 2)) seq.gz > bad/cut.gz
cp gz/three.gz bad/flip.gz
printf '\377\377\377\377' | dd of=bad/flip.gz bs=1 seek=200 conv=notrunc \
	2> /dev/null
head -c $(($(wc -c < gz/named.gz) - 3)) gz/named.gz > bad/trailer.gz
cp truncated.tar.gz bad/
for f in cut flip trailer truncated.tar; do
	both "bad-$f" scan -j 1 -s "$every" -f jsonl "bad/$f.gz"
	if [ $f = trailer ]; then
		grep -q 'cannot open archive: truncated gzip input' \
		    bad-trailer.isal.err && ok || fail "bad/trailer.gz: \
		    $(cat bad-trailer.isal.err)"
	elif cmp -s "bad-$f.isal.err" "bad-$f.zlib.err"; then ok; else
		fail "bad/$f.gz: ISA-L and zlib diagnostics differ"
		diff "bad-$f.isal.err" "bad-$f.zlib.err" | head -5
	fi
	# Every whole line zlib read (its last may be cut shorter), ISA-L read.
	sed '$d' "bad-$f.zlib.out" | sort > zlib.lines
	sort "bad-$f.isal.out" > isal.lines
	missing=$(comm -23 zlib.lines isal.lines | wc -l)
	expect_eq "bad/$f.gz: lines zlib read that ISA-L did not" "$missing" 0
done
# A member whose trailer does not match its bytes (here the CRC-32 and
# then the length of the second of three): reported, the rest read on.
if "$hopscan" --version | grep -q 'ISA-L'; then
	python3 - gz/three.gz bad/crc.gz bad/len.gz <<'PY'
import sys, zlib
d = open(sys.argv[1], 'rb').read()
# The members' ends: decompress one after another.
ends, pos = [], 0
while pos < len(d):
	o = zlib.decompressobj(31)
	o.decompress(d[pos:])
	pos = len(d) - len(o.unused_data)
	ends.append(pos)
crc, size = bytearray(d), bytearray(d)
crc[ends[1] - 8] ^= 0x5a
size[ends[1] - 1] ^= 0x01
open(sys.argv[2], 'wb').write(crc)
open(sys.argv[3], 'wb').write(size)
PY
	for f in crc len; do
		both "bad-$f" scan -j 1 -s "$every" -f jsonl "bad/$f.gz"
		if cmp -s "bad-$f.isal.out" "bad-$f.zlib.out" &&
		    [ "$(grep -c . "bad-$f.isal.out")" -eq \
		    "$(grep -c three.gz members.isal.out)" ]; then ok
		else fail "bad/$f.gz: not every member read"; fi
		expect_eq "bad/$f.gz: status" "$(cat "bad-$f.isal.rc")" 2
		expect_eq "bad/$f.gz: zlib status" "$(cat "bad-$f.zlib.rc")" 0
	done
	expect_eq "bad/crc.gz: message" "$(cat bad-crc.isal.err)" \
	    "hopscan: bad/crc.gz: error: gzip member 2: bad CRC-32: $(python3 -c "
import zlib; print('0x%08x' % zlib.crc32(open('b.log','rb').read()))") \
should be $(python3 -c "
import zlib; print('0x%08x' % (zlib.crc32(open('b.log','rb').read()) ^ 0x5a))") \
(damaged data, scanned as read)"
	expect_eq "bad/len.gz: message" "$(cat bad-len.isal.err)" \
	    "hopscan: bad/len.gz: error: gzip member 2: $(wc -c < b.log) bytes \
(mod 2^32) should be $(($(wc -c < b.log) ^ 16777216)) (damaged data, scanned \
as read)"
fi
grep -q 'truncated gzip input' bad-cut.isal.err && ok ||
	fail "bad/cut.gz: no 'truncated gzip input'"
[ "$(wc -l < bad-cut.isal.out)" -gt 50000 ] && ok ||
	fail "bad/cut.gz: only $(wc -l < bad-cut.isal.out) lines before the cut"
finish
