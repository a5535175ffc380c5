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
core="bdf.c kver.c path.c log.c strutil.c array.c hoststate.c iommu.c pci.c timedio.c journal.c vfio/persist.c vfio/dynids.c logs/record.c logs/kmsg.c logs/logger.c logs/source.c logs/format.c"
srcs=
for f in $core; do srcs="$srcs $top/src/core/$f"; done
scsi="scsi/cdb.c scsi/sense.c scsi/cmds.c scsi/audit.c scsi/ident.c scsi/kfilter.c blockdev.c"
for t in parsers journal scsi persist walk logs dynids; do
core="bdf.c kver.c path.c log.c strutil.c array.c hoststate.c iommu.c pci.c pciids.c timedio.c journal.c vfio/persist.c logs/record.c logs/kmsg.c logs/logger.c logs/source.c logs/format.c"
for t in parsers journal scsi persist walk logs pciids; do
	extra=
	libs=
	if [ "$t" = scsi ]; then
		for f in $scsi; do extra="$extra $top/src/core/$f"; done
		libs=-lsgutils2
	fi
	# shellcheck disable=SC2086,SC2046 # word lists
	clang -g -O1 -fsanitize=fuzzer,address,undefined -I"$cfg" -I"$top/src/core" -I"$top/src/core/logs" \
		-include config.h $(pkg-config --cflags libpci) \
		"$here/fuzz-$t.c" $srcs $extra $(pkg-config --libs libpci) $libs -o "$out/fuzz-$t"
	mkdir -p "$out/corpus-$t"
	"$out/fuzz-$t" -max_total_time="$secs" -max_len=4096 "$out/corpus-$t" \
		"$here/seeds-$t" 2>&1 | tail -n 3
done
# the cgroup io parsers (src/core/io/iofmt.c) need only the array helper
clang -g -O1 -fsanitize=fuzzer,address,undefined -I"$cfg" -I"$top/src/core" -include config.h \
	"$here/fuzz-io.c" "$top/src/core/io/iofmt.c" "$top/src/core/array.c" -o "$out/fuzz-io"
mkdir -p "$out/corpus-io"
"$out/fuzz-io" -max_total_time="$secs" -max_len=4096 "$out/corpus-io" "$here/seeds-io" 2>&1 | tail -n 3
