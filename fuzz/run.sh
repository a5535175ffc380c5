#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# fuzz/run.sh [SECONDS]: build the libFuzzer targets with clang and run each for a while
#
# Not part of make check (a fuzzer proves nothing in a fixed time); run it
# after touching a parser. Needs clang and libclang-rt-14-dev (Debian).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$here/..
secs=${1:-60}
out=${FUZZ_OUT:-/tmp/vfioctl-fuzz}
mkdir -p "$out"
[ -f "$top/config.h" ] || [ -f "$top/build/config.h" ] || {
	echo "configure the tree first (tools/quickstart)" >&2
	exit 1
}
cfg=$(dirname "$(ls "$top/build/config.h" "$top/config.h" 2>/dev/null | head -n 1)")
core="bdf.c kver.c path.c log.c strutil.c hoststate.c iommu.c pci.c journal.c logs/record.c logs/kmsg.c logs/logger.c logs/source.c logs/format.c"
srcs=
for f in $core; do srcs="$srcs $top/src/core/$f"; done
for t in parsers journal logs; do
	clang -g -O1 -fsanitize=fuzzer,address,undefined -I"$cfg" -I"$top/src/core" -I"$top/src/core/logs" \
		-include config.h $(pkg-config --cflags libpci) \
		"$here/fuzz-$t.c" $srcs $(pkg-config --libs libpci) -o "$out/fuzz-$t"
	mkdir -p "$out/corpus-$t"
	"$out/fuzz-$t" -max_total_time="$secs" -max_len=4096 "$out/corpus-$t" \
		"$here/seeds-$t" 2>&1 | tail -n 3
done
