#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# capture-guest.sh VFIOCTL OUT.tar.gz: boot the guest, capture its sysfs with tools/capture-sysroot, save the tree
#
# A maintainer's tool, not a test: the result is committed under
# tests/fixtures/captured/ so that the CLI tests read a tree a real
# kernel produced.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
vfioctl=$1
out=$2
build=${VM_BUILD_DIR:-$(mktemp -d)}
scenario=${CAPTURE_SCENARIO:-capture}	# capture-scsi: the block and SCSI tree
sh "$here/run-vm.sh" --scenario "$scenario" --binary "$vfioctl" --build-dir "$build" \
	--extra "$here/../../tools/capture-sysroot:/extra/capture-sysroot" >/dev/null
sed -n '/^CAPTURE-BEGIN/,/^CAPTURE-END/p' "$build/console-$scenario.log" |
	sed '1d;$d' | tr -d '\r' | base64 -d > "$out"
tar -tzf "$out" >/dev/null
echo "captured $(tar -tzf "$out" | wc -l) entries into $out"
