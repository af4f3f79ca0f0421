#!/bin/sh
# Build the seed corpora of the fuzz targets in folder $1 (made anew), one
# subfolder per target, from the project's fixtures: logs, event logs,
# signatures, and the archives tests/cli/mkfixtures.sh builds.  Nothing
# here is committed; every file is small (event logs are 64 KiB chunks).
set -eu
out=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
for t in lines formats timestamp sigs match evtx input; do
	mkdir -p "$out/$t"
done

# name FILE: a seed's name, made from the file's path.
name() {
	n=${1#"$top"/}
	printf '%s' "${n#"$out"/.tmp/}" | tr -c 'A-Za-z0-9._-' '_'
}

# add TARGET FILE...: copy files in under names made from their paths.
add() {
	t=$1
	shift
	for f in "$@"; do
		[ -f "$f" ] && cp "$f" "$out/$t/$(name "$f")"
	done
	return 0
}

# Text logs: the end-to-end test logs and the bundled evidence, with the
# members of the bundled archive.
logs=$(find "$top/tests/cli/logs" "$top/fixtures/evidence" -type f \
    ! -name '*.gz' ! -name '*.7z' | sort)
mkdir -p "$out/.tmp/a"
tar -xzf "$top/fixtures/evidence/client-a.tar.gz" -C "$out/.tmp/a"
find "$out/.tmp/a" -name '*.gz' -exec gzip -d {} +
logs="$logs $(find "$out/.tmp/a" -type f | sort)"
# shellcheck disable=SC2086
add formats $logs
# shellcheck disable=SC2086
add match $logs
# The line reader takes a byte for its bound and one for its block size.
for f in $logs; do
	n=$(name "$f")
	{ printf '\300\007'; head -c 16384 "$f"; } > "$out/lines/$n"
	{ printf '\020\001'; head -c 2048 "$f"; } > "$out/lines/small-$n"
done

# Timestamps: the first lines of every log, each alone, cut to 96 bytes.
i=0
for f in $logs; do
	head -n 4 "$f" | while IFS= read -r line; do
		i=$((i + 1))
		printf '%s' "$line" | head -c 96 > "$out/timestamp/$(name "$f").$i"
	done
done
for s in '2014-11-03T02:14:07.123456Z' '2016-03-14 03:07:02 +01:00' \
    'Mar  3 14:02:11.123456' '2023/05/04 11:35:27.433' \
    '10/Oct/2000:13:55:36 -0700' '1/5/2021 3:22:52 AM' '1450000000.5' \
    '1450000000123' 'Sun Nov 19 12:04:05 2006' '+05:30' 'UTC' '2016-02-29'; do
	i=$((i + 1))
	printf '%s' "$s" > "$out/timestamp/shape.$i"
done

# Signatures: the pack and the test rules.
add sigs "$top"/signatures/*.yml "$top"/tests/cli/*.yml \
    "$top"/tests/cli/sigs/*.yml

# Event logs, for the adapter and the archive path.
add evtx "$top"/fixtures/evtx/*.evtx
add input "$top"/fixtures/evtx/*.evtx "$top"/fixtures/evidence/client-a.tar.gz

# Archives: every file of the end-to-end fixtures up to 256 KiB.
if sh "$top/tests/cli/mkfixtures.sh" "$out/.tmp/fx" > /dev/null 2>&1; then
	# shellcheck disable=SC2046
	add input $(find "$out/.tmp/fx" -type f -size -257k | sort)
else
	echo "mkseeds.sh: tests/cli/mkfixtures.sh failed; archive seeds missing" >&2
	exit 1
fi
rm -rf "$out/.tmp"
for t in lines formats timestamp sigs match evtx input; do
	printf '%s: %s seeds\n' "$t" "$(ls "$out/$t" | wc -l)"
done
