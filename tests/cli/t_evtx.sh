#!/bin/sh
# Windows event logs: the permitted real samples in fixtures/evtx (records,
# fields, times, hosts), one inside a zip inside a tar.gz, a truncated one;
# hostile ones, refused in part; and, over ../shared/corpus/evtx, at least
# as many records per file as evtxexport reads.
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

# Hostile event logs (src/binxml.c): records whose binary XML would make
# libevtx 20181227 allocate gigabytes and read past its buffer.  A fixture
# whose record 2 claims 2^30 + 18 template values (its count, 18, is at
# byte 6918), and the fuzzer's finds (tests/fuzz/regress/evtx).  Each
# hostile record is refused with its reason, the others read, within a
# time bound and in 1 GB of address space, where a libevtx that
# allocated would fail instead, with another message.  Under ASan or
# valgrind, which need more address space, single allocations are capped
# at 1 GB instead (ASan).
mkdir -p dos
cp "$srcdir/fixtures/evtx/security-short.evtx" dos/count.evtx
expect_eq "template value count at byte 6918" \
	"$(od -An -tx1 -j 6918 -N 4 dos/count.evtx)" " 12 00 00 00"
printf '\100' | dd of=dos/count.evtx bs=1 seek=6921 conv=notrunc 2> /dev/null
cp "$srcdir/tests/fuzz/regress/evtx/template-count-recovered" \
	"$srcdir/tests/fuzz/regress/evtx/template-count-binxml" dos/
printf '#!/bin/sh\nulimit -v 1000000 && exec "%s" "$@"\n' "$hopscan" \
	> dos/run
chmod +x dos/run
unlimited=$hopscan
if dos/run --version > /dev/null 2>&1; then
	hopscan=$work/dos/run
else
	echo "NOTE: hopscan cannot run in 1 GB of address space here;" \
	    "allocations capped at 1 GB instead"
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}max_allocation_size_mb=1024"
	export ASAN_OPTIONS
fi
bound=$((10 * ${HOP_TIME_SCALE:-1}))
for f in count.evtx template-count-recovered template-count-binxml; do
	start=$(date +%s)
	check "evtx-dos-${f%.evtx}" scan -j 1 -s "$every" -f csv "dos/$f"
	took=$(($(date +%s) - start))
	[ "$took" -le "$bound" ] && ok || fail "dos/$f took ${took}s (> ${bound}s)"
done
hopscan=$unlimited

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
