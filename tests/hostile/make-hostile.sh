#!/bin/sh
# Build the hostile corpus in folder $1 (created anew), one case per
# folder: evidence made to hurt the tools that read it.  Nothing large is
# committed; everything is generated here, deterministically (TZ=UTC, fixed
# mtimes, seeded junk), in well under a minute and about 20 MB of disk.
#
#   bomb42/      42.zip-style recursive zip bomb: 4 levels of 16 zips, each
#                leaf 256 MiB of zeros (16^4 leaves, 16 TiB in all)
#   gzip10g/     a gzip file of 10 GiB of zeros (10240 concatenated gzip
#                members of 1 MiB, a valid multi-member gzip stream)
#   nested100/   100 archives nested in each other, a log at every level
#   encrypted/   a zip whose member is encrypted
#   names/       a tar whose members are named ../../, /absolute, and with
#                a newline and terminal escapes in their names
#   junk/        1 MiB of NUL-free pseudo-random binary
#   escapes/     terminal escape sequences and invalid UTF-8 in log lines
#   longline/    one 50 MiB line, with an attack at its end
#   truncated/   a syslog cut mid-line, a tar.gz cut mid-member, an event
#                log cut mid-record
#   special/     a FIFO and a symlink loop
#   midway/      damage between readable members: a tar whose second
#                header fails its checksum, a zip whose deflated member
#                fails its CRC
#   empty/       archives and compressed files of nothing: a gzip and an
#                xz of no bytes, zips of no members (one with a comment)
#   backtrack/   a line crafted against backtrack.yml's pattern
set -eu
out=$1
here=$(cd "$(dirname "$0")" && pwd)
logs=$here/../cli/logs
evtx=$here/../../fixtures/evtx
rm -rf "$out"
mkdir -p "$out"
cd "$out"
export TZ=UTC LC_ALL=C
stamp() { t=$1; shift; touch -d "$t" "$@"; }
mkdir tmp

# --- bomb42 ---
mkdir bomb42
head -c 268435456 /dev/zero > tmp/0
(cd tmp && zip -q -X -9 l0.zip 0 && rm 0)
for level in 1 2 3 4; do
	prev=l$((level - 1)).zip
	mkdir tmp/d$level
	for i in 0 1 2 3 4 5 6 7 8 9 a b c d e f; do
		cp "tmp/$prev" "tmp/d$level/$i.zip"
	done
	stamp '2016-01-01 00:00:00' tmp/d$level/*
	(cd "tmp/d$level" && zip -q -X -9 "../l$level.zip" ./*.zip)
	rm -r "tmp/d$level"
done
mv tmp/l4.zip bomb42/42.zip
rm -f tmp/l*.zip

# --- gzip10g ---
mkdir gzip10g
head -c 1048576 /dev/zero | gzip -n -9 > tmp/1m.gz
i=0
: > tmp/16m.gz
while [ $i -lt 16 ]; do cat tmp/1m.gz >> tmp/16m.gz; i=$((i + 1)); done
i=0
: > gzip10g/zeros.gz
while [ $i -lt 640 ]; do cat tmp/16m.gz >> gzip10g/zeros.gz; i=$((i + 1)); done

# --- nested100: level-N.tar holds level-N.log and level-(N+1).tar ---
mkdir -p nested100 tmp/n
n=100
cp /dev/null tmp/n/next
while [ $n -ge 1 ]; do
	rm -rf tmp/n/l && mkdir tmp/n/l
	printf '2016-02-%02dT00:00:00Z host mimikatz # sekurlsa::logonpasswords level %d\n' \
		$((n % 28 + 1)) "$n" > "tmp/n/l/level-$n.log"
	[ $n -lt 100 ] && mv tmp/n/next "tmp/n/l/level-$((n + 1)).tar"
	stamp '2016-03-01 00:00:00' tmp/n/l/*
	(cd tmp/n/l && tar --sort=name --owner=0 --group=0 --numeric-owner \
		--mtime='2016-03-01 00:00:00' -cf ../next ./*)
	n=$((n - 1))
done
mv tmp/n/next nested100/level-1.tar

# --- encrypted ---
mkdir encrypted tmp/e
cp "$logs/commands.log" tmp/e/commands.log
stamp '2016-01-01 00:00:00' tmp/e/commands.log
(cd tmp/e && zip -q -X -P secret ../../encrypted/secret.zip commands.log)

# --- names: ../, absolute, newline and escapes in member names ---
mkdir names tmp/t
line='2016-04-01T00:00:00Z dc01 mimikatz # sekurlsa::logonpasswords'
printf '%s up\n' "$line" > tmp/t/up.log
printf '%s abs\n' "$line" > tmp/t/abs.log
printf '%s newline\n' "$line" > "tmp/t/new
line.log"
printf '%s escape\n' "$line" > "$(printf 'tmp/t/esc\033[2J\033]0;pwned\007.log')"
stamp '2016-04-01 00:00:00' tmp/t/*
(cd tmp/t && tar --owner=0 --group=0 --numeric-owner -cf ../../names/names.tar \
	--transform 's,^up\.log$,../../up.log,' \
	--transform 's,^abs\.log$,/etc/abs.log,' -P \
	up.log abs.log "new
line.log" "$(printf 'esc\033[2J\033]0;pwned\007.log')")

# --- junk: seeded pseudo-random bytes 1..255 ---
mkdir junk
awk 'BEGIN { srand(42); for (i = 0; i < 1048576; i++)
	printf "%c", 1 + int(rand() * 255) }' > junk/junk.bin

# --- escapes: terminal escapes, C1 controls, bidi, invalid UTF-8 ---
mkdir escapes
{
	printf '2016-05-01T00:00:00Z ws01 \033]0;pwned\007\033[2J\033[31mmimikatz # sekurlsa::logonpasswords\033[0m\n'
	printf '2016-05-01T00:00:01Z ws01 \302\233 C1 CSI \342\200\256 bidi \377\376\300\200 invalid psexesvc\r\n'
	printf '=cmd|calc!A1 2016-05-01T00:00:02Z ws01 procdump -ma lsass.exe\n'
} > escapes/term.log

# --- longline: 50 MiB in one line, the attack at its end ---
mkdir longline
{
	printf '2016-06-01T00:00:00Z ws02 '
	head -c 52428800 /dev/zero | tr '\0' 'A'
	printf ' mimikatz # sekurlsa::logonpasswords\n'
	printf '2016-06-01T00:00:01Z ws02 psexesvc after the long line\n'
} > longline/one-line.log

# --- truncated: readable parts before the damage must be found ---
mkdir truncated tmp/tr
{
	cat "$logs/commands.log"
	printf 'Mar  1 10:00:00 ws03 cmd[1]: procdump -ma lsa'
} > truncated/cut-mid-line.log
cp "$logs/commands.log" tmp/tr/a-commands.log
awk 'BEGIN { srand(7); for (i = 0; i < 20000; i++)
	printf "Mar  1 10:%02d:%02d ws03 filler[%d]: %08x\n", i / 60 % 60, i % 60,
	i, int(rand() * 2147483647) }' > tmp/tr/b-filler.log
stamp '2016-03-01 00:00:00' tmp/tr/*
(cd tmp/tr && tar --sort=name --owner=0 --group=0 --numeric-owner \
	-cf - a-commands.log b-filler.log | gzip -n -1 > ../full.tar.gz)
size=$(wc -c < tmp/full.tar.gz)
head -c $((size / 2)) tmp/full.tar.gz > truncated/cut-mid-member.tar.gz
# Its records start at 4608, 8488 and 10024: cut the third in two.
head -c 11000 "$evtx/mimikatz-lsass-sysmon10.evtx" > truncated/cut-mid-record.evtx
stamp '2016-03-01 00:00:00' truncated/*

# --- special: a FIFO and a symlink loop ---
mkdir special
mkfifo special/pipe
ln -s loop-b special/loop-a
ln -s loop-a special/loop-b
mkdir special/dir && ln -s .. special/dir/up

# --- midway: members after (or with) damage inside an archive ---
mkdir midway tmp/m
cp "$logs/commands.log" tmp/m/a.log
printf '2016-03-02T00:00:00Z ws04 psexesvc in the damaged member\n' > tmp/m/b.log
printf '2016-03-02T00:00:01Z ws04 mimikatz # sekurlsa::logonpasswords after it\n' \
	> tmp/m/c.log
stamp '2016-03-01 00:00:00' tmp/m/*
(cd tmp/m && tar --format=ustar --owner=0 --group=0 --numeric-owner \
	-cf ../../midway/bad-header.tar a.log b.log c.log)
# b.log's header follows a.log's header and data: spoil its checksum.
size=$(wc -c < tmp/m/a.log)
printf '0000000' | dd of=midway/bad-header.tar bs=1 conv=notrunc \
	seek=$((512 + (size + 511) / 512 * 512 + 148)) 2> /dev/null
# Deflated b.log first, its CRC wrong in the local header (offset 14) and
# in the central directory (16 into the record the end record points to).
(cd tmp/m && zip -q -X -9 ../../midway/bad-crc.zip b.log a.log)
size=$(wc -c < midway/bad-crc.zip)
cd_at=$(od -An -tu4 -j $((size - 6)) -N4 midway/bad-crc.zip | tr -d ' ')
for at in 14 $((cd_at + 16)); do
	printf '\377\377\377\377' | dd of=midway/bad-crc.zip bs=1 conv=notrunc \
		seek=$at 2> /dev/null
done

# --- empty: compressed nothing, zips of no members ---
mkdir empty
gzip -n -c < /dev/null > empty/rotated.log.1.gz
xz -c < /dev/null > empty/nothing.xz
printf 'PK\005\006\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0' > empty/none.zip
printf 'PK\005\006\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\011\0no files.' \
	> empty/commented.zip

# --- backtrack: 'a' * 40 then a mismatch for ^\S+ (a|aa)+$ ---
mkdir backtrack
printf '2016-07-01T00:00:00Z %s!\n' "$(head -c 40 /dev/zero | tr '\0' a)" > backtrack/crafted.log
printf '2016-07-01T00:00:01Z mimikatz # sekurlsa::logonpasswords\n' >> backtrack/crafted.log

stamp '2016-01-01 00:00:00' bomb42/* gzip10g/* nested100/* encrypted/* names/* junk/* \
	escapes/* longline/* midway/* empty/* backtrack/*
rm -rf tmp
