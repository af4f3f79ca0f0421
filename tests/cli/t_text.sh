#!/bin/sh
# Line handling: UTF-16 with a BOM, CRLF, a line longer than the bound,
# NUL bytes, invalid UTF-8 and terminal escapes in a record.
. "$(dirname "$0")/lib.sh"
sh "$fixtures" fx || exit 2

check text-jsonl scan -j 1 -s "$rules" -f jsonl --max-line 4096 fx/text
check text-text scan -j 1 -s "$rules" -f text --max-line 4096 fx/text
check text-csv scan -j 1 -s "$rules" -f csv --max-line 4096 fx/text
# Nothing from the evidence reaches a terminal: no ESC, no CR, no NUL.
if LC_ALL=C grep -q "$(printf '[\033\r\000]')" text-text.out; then
	fail "control characters in text output"
else
	ok
fi
finish
