#!/bin/sh
# Windows event logs: the permitted real samples in fixtures/evtx (records,
# fields, times, hosts), one inside a zip inside a tar.gz, a truncated one;
# and, over ../shared/corpus/evtx, at least as many records per file as
# evtxexport reads.
. "$(dirname "$0")/lib.sh"
every=$srcdir/tests/cli/rules-every.yml
rm -rf evtx nest && cp -R "$srcdir/fixtures/evtx" evtx
check evtx-samples scan -j 1 -s "$every" -f csv evtx

# An .evtx inside a zip inside a tar.gz, and a truncated copy.
mkdir -p nest/in
cp evtx/ntds-ifm-4688.evtx nest/in/Security.evtx
head -c 12000 evtx/psexec-4688-4697-5145.evtx > nest/in/truncated.evtx
touch -d '2016-06-01 00:00:00' nest/in/*
(cd nest/in && TZ=UTC zip -q -X ../logs.zip Security.evtx truncated.evtx)
(cd nest && tar --owner=0 --group=0 --numeric-owner --mtime='2016-06-01' \
	-cf - logs.zip | gzip -n > dc01.tar.gz && rm -rf in logs.zip)
check evtx-nested scan -j 1 -s "$every" -f csv nest

corpus=$shared_corpus/evtx
if [ ! -d "$corpus" ]; then
	echo "SKIP: $corpus is absent; record counts against evtxexport not compared"
elif ! command -v evtxexport > /dev/null; then
	fail "evtxexport (libevtx-utils) is not installed"
else
	find "$corpus" -name '*.evtx' | sort > corpus.list
	while IFS= read -r f; do
		want=$(evtxexport "$f" 2>/dev/null | grep -c '^Event number')
		got=$("$hopscan" scan -j 1 -s "$every" -f csv "$f" 2>/dev/null |
			grep -c ',record [0-9]*,evtx,')
		if [ "$got" -ge "$want" ]; then ok; else
			fail "$f: hopscan read $got records, evtxexport $want"
		fi
	done < corpus.list
fi
finish
