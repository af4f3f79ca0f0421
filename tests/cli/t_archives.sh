#!/bin/sh
# Nested archives (zip in tar.gz in zip, a .gz member inside the tar),
# damaged archives, and archive/compression formats detected by content.
. "$(dirname "$0")/lib.sh"
sh "$fixtures" fx || exit 2

check nested-jsonl scan -j 1 -s "$rules" -f jsonl fx/nested
check nested-csv scan -j 1 -s "$rules" -f csv fx/nested/outer.zip
check nested-text scan -j 1 -s "$rules" -f text fx/nested
check damaged scan -j 1 -s "$rules" -f jsonl fx/damaged
check formats scan -j 1 -s "$rules" -f text fx/formats
# Too deep: the inner tar.gz is not opened with --max-depth 1.
check max-depth scan -j 1 -s "$rules" -f text --max-depth 1 fx/nested
finish
