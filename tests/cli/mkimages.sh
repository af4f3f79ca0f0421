#!/bin/sh
# Build the disk-image fixtures in folder $1 (created anew), without root
# and without mounting: ext4 (mkfs.ext4 -d), FAT (mkfs.fat + mtools), NTFS
# (mkntfs + ntfscp, with an alternate data stream), a GPT disk holding the
# ext4 and FAT file systems, an E01 of it (ewfacquire), and damaged ones.
# Planted logs: a syslog, TeamViewer's Connections_incoming.txt, an .evtx
# from fixtures/evtx, a zip; and files the profile passes over.
# Fixed mtimes, TZ=UTC; the images' own ids and creation times vary, but
# nothing of them reaches hopscan's output.
set -eu
out=$1
here=$(cd "$(dirname "$0")" && pwd)
logs=$here/logs
evtx=$here/../../fixtures/evtx/psexec-4688-4697-5145.evtx
export TZ=UTC LC_ALL=C

missing=
for t in mkfs.ext4 debugfs mkfs.fat mmd mcopy mdel mkntfs ntfscp sfdisk ewfacquire \
    zip; do
	command -v "$t" > /dev/null || missing="$missing $t"
done
if [ -n "$missing" ]; then
	echo "mkimages.sh: missing:$missing (run tools/install-deps --test)" >&2
	exit 3
fi

rm -rf "$out"
mkdir -p "$out"
cd "$out"

# --- the planted tree, scanned as a folder and put in every image ---
t=tree
mkdir -p "$t/var/log" "$t/Program Files/TeamViewer" \
	"$t/Windows/System32/winevt/Logs" "$t/Users/admin/Downloads" "$t/bin"
cp "$logs/auth.log" "$t/var/log/auth.log"
cp "$logs/formats/teamviewer/Connections_incoming.txt" \
	"$t/Program Files/TeamViewer/Connections_incoming.txt"
cp "$evtx" "$t/Windows/System32/winevt/Logs/Security.evtx"
cp "$logs/commands.log" build-commands.log
touch -d '2016-03-14 12:00:00' build-commands.log
zip -q -X "$t/Users/admin/Downloads/logs.zip" build-commands.log
rm build-commands.log
# Not logs: a PE, a PNG and zeros, each holding a line a rule matches.
{
	printf 'MZ\220\0'
	head -c 56 /dev/zero
	printf '\100\0\0\0PE\0\0'
	printf '\nmimikatz # sekurlsa::logonpasswords\n'
} > "$t/bin/tool.exe"
{
	printf '\211PNG\r\n\032\n'
	printf '\nmimikatz # sekurlsa::logonpasswords\n'
} > "$t/Users/admin/photo.png"
head -c 4096 /dev/zero > "$t/bin/zeros.bin"
find "$t" -exec touch -d '2016-01-03 00:00:00' {} +

# --- ext4, from the tree; fixed ids and times, so that its bytes are the
#     same every time (badsb.img is scanned as plain bytes) ---
E2FSPROGS_FAKE_TIME=1451606400 mkfs.ext4 -q -F \
	-U 0b9d4c2e-91f3-4d47-8e6a-3c2f5a7b9d10 \
	-E root_owner=0:0,hash_seed=5d0a6e11-7c1b-4f5e-9a7e-2b7c61d5e0a1 \
	-d "$t" ext4.img 8M > /dev/null
# mkfs copies each file's ctime, which no one can set: set it after.
n=$(find "$t" | wc -l)
for i in $(seq 2 $((n + 12))); do
	echo "sif <$i> ctime 20160103000000"
done > debugfs.cmd
debugfs -w -f debugfs.cmd ext4.img > /dev/null 2>&1
rm debugfs.cmd

# --- FAT: the tree by mtools, and a deleted log ---
truncate -s 8M fat.img
mkfs.fat -i 1234abcd -n LOGS fat.img > /dev/null
mcopy -s -m -i fat.img "$t"/* ::/
cp "$logs/commands.log" deleted.log
touch -d '2016-03-14 12:00:00' deleted.log
mcopy -m -i fat.img deleted.log ::/deleted.log
mdel -i fat.img ::/deleted.log
rm deleted.log

# --- NTFS: ntfscp makes no folders, so the logs sit at its root; the
#     auth.log has an alternate data stream "hidden" ---
truncate -s 8M ntfs.img
mkntfs -q -F -Q -L logs ntfs.img > /dev/null 2>&1
ntfscp -q -N hidden ntfs.img "$logs/commands.log" auth.log
ntfscp -q -t ntfs.img "$t/var/log/auth.log" auth.log
ntfscp -q -t ntfs.img "$t/Windows/System32/winevt/Logs/Security.evtx" \
	Security.evtx
ntfscp -q -t ntfs.img "$t/Program Files/TeamViewer/Connections_incoming.txt" \
	Connections_incoming.txt

# --- GPT: p1 ext4, p2 FAT, at 1 MiB and 9 MiB ---
truncate -s 18M gpt.img
printf 'label: gpt\nstart=2048, size=16384\nstart=18432, size=16384\n' |
	sfdisk -q gpt.img
dd if=ext4.img of=gpt.img bs=512 seek=2048 conv=notrunc status=none
dd if=fat.img of=gpt.img bs=512 seek=18432 conv=notrunc status=none

# --- E01 of the GPT disk; one in 1 MiB segments to damage ---
ewfacquire -u -q -t disk -c fast -C case -D gpt -e hopscan -E 1 -N none \
	gpt.img > /dev/null
mkdir -p split
ewfacquire -u -q -t split/disk -c none -S 1MiB -C case -D gpt -e hopscan \
	-E 1 -N none gpt.img > /dev/null

# --- split raw: disk.raw.001 ... in 6 MiB segments ---
mkdir -p rawsplit
split -b 6M -d -a 3 --numeric-suffixes=1 gpt.img rawsplit/disk.raw.

# --- damage ---
# A truncated E01: the FAT partition's segments are gone.
mkdir -p trunc
cp split/disk.E0* trunc/
size=$(wc -c < trunc/disk.E09)
head -c $((size / 2)) split/disk.E09 > trunc/disk.E09
# ext4 whose superblock says 0 inodes per group.
cp ext4.img badsb.img
printf '\0\0\0\0' | dd of=badsb.img bs=1 seek=1064 conv=notrunc status=none
# GPT whose primary header and table are zeroed: only the protective MBR.
cp gpt.img badgpt.img
dd if=/dev/zero of=badgpt.img bs=512 seek=1 count=33 conv=notrunc status=none
# GPT whose FAT partition has a damaged boot sector (no sector size).
cp gpt.img badfat.img
dd if=/dev/zero of=badfat.img bs=1 seek=$((18432 * 512 + 11)) count=2 \
	conv=notrunc status=none
# The images' own mtimes: a year inferred from them stays the same.
find . -type f ! -path './tree/*' -exec touch -d '2016-06-01 00:00:00' {} +
