#!/bin/sh
# Seized disk images read through The Sleuth Kit, built at test time by
# mkimages.sh without root or mounting: ext4, FAT (and a deleted file),
# NTFS (and an alternate data stream), a GPT disk with both, an E01 of it
# whole and in segments, a split raw image of it, VHD and VMDK copies, and
# damage: a truncated E01, a broken superblock,
# a zeroed GPT, a broken FAT boot sector.  Then the reading profile on the
# same files as a folder: --all-files, --include, --exclude.
. "$(dirname "$0")/lib.sh"
rules_img=$srcdir/tests/cli/rules-images.yml
sh "$srcdir/tests/cli/mkimages.sh" img
rc=$?
if [ "$rc" -ne 0 ]; then
	fail "mkimages.sh failed ($rc): the image tools are needed"
	finish
fi
cd img || exit 2
r="-j 1 -s $rules -s $rules_img -f csv"

check img-ext4 scan $r ext4.img
check img-fat scan $r fat.img
check img-fat-deleted scan $r --deleted fat.img
check img-ntfs scan $r ntfs.img
check img-ntfs-ads scan $r --ads ntfs.img
check img-gpt scan $r --host dc01 gpt.img
# Folders holding segments: each image is read once, from its first.
check img-e01 scan $r disk.E01 split
check img-split-raw scan $r rawsplit
# Damage: other partitions and files are still read; exit status 2.
check img-e01-truncated scan $r trunc/disk.E01
check img-bad-superblock scan $r badsb.img
check img-bad-gpt scan $r badgpt.img
check img-bad-fat scan $r badfat.img

# VHD and VMDK of the GPT disk (qemu-img): the same events as the raw
# disk, but for the image's name in source and host.
qemu-img convert -O vpc gpt.img disk.vhd && qemu-img convert -O vmdk gpt.img disk.vmdk ||
	fail "qemu-img convert failed (qemu-utils)"
"$hopscan" scan $r --host dc01 gpt.img 2> /dev/null | sed 's/gpt\.img!//' > raw.csv
for f in disk.vhd disk.vmdk; do
	"$hopscan" scan $r --host dc01 "$f" 2> /dev/null | sed "s/$f!//" > "$f.csv"
	[ "$(wc -l < raw.csv)" -gt 5 ] && cmp -s raw.csv "$f.csv" && ok ||
		fail "$f: events differ from the raw disk's"
done

# The same files as a folder give the same events, but for their source
# and host.
strip() {
	sed 's/"host":"[^"]*",//; s/"source":"[^"]*",//; s/ @ [^:]*:/ @ H:/' |
		sort
}
"$hopscan" scan $r -f jsonl tree 2>/dev/null | strip > folder.jsonl
"$hopscan" scan $r -f jsonl ext4.img 2>/dev/null | strip > image.jsonl
if [ -s folder.jsonl ] && cmp -s folder.jsonl image.jsonl; then ok; else
	fail "ext4.img and its tree as a folder differ"
	diff folder.jsonl image.jsonl
fi

# The profile on a folder.
check profile-default scan $r tree
check profile-all-files scan $r --all-files tree
check profile-include-exclude scan $r --include 'tool.exe' \
	--exclude '*.zip' --exclude 'var/log/*' tree
finish
