#!/bin/sh
# Build the end-to-end fixtures in folder $1 (created anew): nested
# archives, damaged archives, encodings, long lines, a FIFO and a symlink
# loop.  Everything is synthetic and deterministic: fixed mtimes, TZ=UTC.
set -eu
out=$1
src=$(cd "$(dirname "$0")" && pwd)/logs
rm -rf "$out"
mkdir -p "$out"
cd "$out"
out=$(pwd)	# absolute: some steps below run in other folders
export TZ=UTC LC_ALL=C

# stamp TIME FILE...: give files a fixed modification time.
stamp() { t=$1; shift; touch -d "$t" "$@"; }

# --- nested: zip in tar.gz in zip, and a .gz member inside the tar ---
mkdir -p build/host-b/var/log build/zipsrc
cp "$src/auth.log" build/zipsrc/auth.log
stamp '2015-01-05 12:00:00' build/zipsrc/auth.log
(cd build/zipsrc && zip -q -X ../host-b/logs.zip auth.log)
cp "$src/secure.log" build/host-b/var/log/auth.log.2
stamp '2016-03-01 00:00:00' build/host-b/var/log/auth.log.2
gzip -n build/host-b/var/log/auth.log.2
stamp '2016-03-01 00:00:00' build/host-b/var/log/auth.log.2.gz build/host-b/logs.zip
(cd build && tar --sort=name --owner=0 --group=0 --numeric-owner \
	--mtime='2016-03-02 00:00:00' -cf - host-b | gzip -n > ../inner.tar.gz)
stamp '2016-03-02 00:00:00' inner.tar.gz
mkdir -p nested
zip -q -X nested/outer.zip inner.tar.gz
rm -f inner.tar.gz

# --- damaged: a truncated tar.gz, and a zip whose directory is gone ---
mkdir -p damaged build/trunc
cp "$src/commands.log" build/trunc/a-commands.log
head -c 300000 /dev/zero | tr '\0' 'x' | fold -w 100 > build/trunc/b-filler.log
cp "$src/commands.log" build/trunc/c-commands.log
stamp '2016-01-01 00:00:00' build/trunc/* build/trunc
(cd build && tar --sort=name --owner=0 --group=0 --numeric-owner \
	-cf - trunc | gzip -n -1 > full.tar.gz)
size=$(wc -c < build/full.tar.gz)
head -c $((size * 2 / 3)) build/full.tar.gz > damaged/truncated.tar.gz
(cd build/trunc && zip -q -X ../dir.zip a-commands.log)
size=$(wc -c < build/dir.zip)
head -c $((size - 30)) build/dir.zip > damaged/nodir.zip
(cd build/trunc && zip -q -X -P secret ../enc.zip c-commands.log)
cp build/enc.zip damaged/encrypted.zip
printf '\037\213 not gzip: mimikatz # sekurlsa::logonpasswords\n' > damaged/fake-gzip.log

# --- encodings and line ends ---
mkdir -p text
printf '\357\273\277' > build/bom.txt
cat "$src/connection_trace.txt" >> build/bom.txt
iconv -f UTF-8 -t UTF-16LE build/bom.txt > text/connection_trace.txt
iconv -f UTF-8 -t UTF-16BE build/bom.txt > text/connection_trace_be.txt
sed 's/$/\r/' "$src/commands.log" > text/crlf.log
{
	printf '2016-05-01T10:00:00Z start\n'
	printf '2016-05-01T10:00:01Z '
	head -c 10000 /dev/zero | tr '\0' 'y'
	printf ' sekurlsa::logonpasswords\n'
	printf '2016-05-01T10:00:02Z mimikatz # sekurlsa::logonpasswords after the long line\n'
} > text/longline.log
printf '2016-05-02T00:00:00+02:00 nul\000byte \377\376 sekurlsa::logonpasswords \033[31mred\n' > text/binary.log

# --- single compressed streams and other archive formats, by content ---
mkdir -p formats
for c in gzip bzip2 xz zstd lz4; do
	$c -c < "$src/commands.log" > "formats/commands-$c.log.bin"
done
(cd "$src" && printf 'commands.log\n' | cpio -o -H newc --quiet) > formats/commands.cpio
(cd "$src" && 7z a -bd -bso0 -bsp0 "$out/formats/commands.7z" commands.log)
mkdir -p build/iso/evtlogs && cp "$src/commands.log" build/iso/evtlogs/
stamp '2016-01-01 00:00:00' build/iso/evtlogs/commands.log
genisoimage -quiet -r -o formats/commands.iso build/iso

# --- a folder tree with a FIFO, a symlink loop and links out of the tree ---
mkdir -p tree/dc01/logs tree/dc01/loop
cp "$src/commands.log" tree/dc01/logs/commands.log
mkfifo tree/dc01/logs/pipe
ln -s ../loop tree/dc01/loop/self
ln -s /etc/hostname tree/dc01/logs/outside
ln -s missing tree/dc01/logs/dangling
ln -s loop-b tree/dc01/logs/loop-a
ln -s loop-a tree/dc01/logs/loop-b

# --- plain logs with known mtimes (year inference) ---
mkdir -p plain
cp "$src/auth.log" "$src/secure.log" "$src/commands.log" plain/
stamp '2015-01-05 12:00:00' plain/auth.log
stamp '2016-03-01 00:00:00' plain/secure.log plain/commands.log
printf '2016-06-01T00:00:00Z %s!\n' "$(head -c 40 /dev/zero | tr '\0' a)" > plain/backtrack.log

stamp '2016-01-01 00:00:00' text/* formats/* tree/dc01/logs/commands.log damaged/*
rm -rf build
