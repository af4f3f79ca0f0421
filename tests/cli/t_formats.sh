#!/bin/sh
# Every format's fixture through the scanner with a rule that matches every
# line: the golden files are whole timelines, every record's time and note.
# Then zones: DST fall-back and gap, --tz-map, --host-from, clock turned back.
. "$(dirname "$0")/lib.sh"
every=$srcdir/tests/cli/rules-every.yml
logs=$srcdir/tests/cli/logs
rm -rf fmt dst collections
cp -R "$logs/formats" fmt
cp -R "$logs/dst" dst
cp -R "$logs/collections" collections
find fmt dst collections -type f -exec touch -d '2016-06-01 00:00:00' {} +

for d in fmt/*/; do
	name=$(basename "$d")
	check "fmt-$name" scan -j 1 -s "$every" -f csv "$d"
done
check dst-berlin scan -j 1 -s "$every" -f csv --tz Europe/Berlin dst
check dst-fixed scan -j 1 -s "$every" -f csv --tz +01:00 dst
check tz-map scan -j 1 -s "$every" -f csv --tz-map "$logs/zones.tsv" \
	--host-from 2 collections
check tz-map-default scan -j 1 -s "$every" -f csv --tz UTC collections
check usage-tz scan -s "$every" --tz Mars/Olympus_Mons collections
finish
