#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# run-scenario.sh NAME.vm: automake log compiler that boots one scenario with the built vfioctl
set -u
vm=$1
name=$(basename "$vm" .vm)
here=$(cd "$(dirname "$0")" && pwd)
builddir=${abs_top_builddir:-$PWD}
# shellcheck disable=SC2046 # the .vm file holds run-vm.sh words
exec sh "$here/run-vm.sh" --scenario "$name" --binary "$builddir/src/vfioctl" \
	--build-dir "$builddir/tests/vm/build/$name" $(cat "$vm")
