#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# rw-fixture.sh SRC DST: a fresh writable copy of fixture SRC at DST, for the fake kernel
#
# DST is marked as a writable test fixture, vfio-pci is registered (as after
# "modprobe vfio-pci"), and tests/cli/fake-kernel.so is told which driver
# each bound device matches, so that a reprobe finds it again. Used by the
# "rw:" CLI cases and the terminal tests.
set -eu
src=$1
dst=$2
cp -a "$src" "$dst"
: >"$dst/.vfioctl-fixture-writable"
mkdir -p "$dst/.fake-kernel/match"
vfio=$dst/sys/bus/pci/drivers/vfio-pci
mkdir -p "$vfio"
for f in bind unbind new_id remove_id; do
	[ -e "$vfio/$f" ] || : >"$vfio/$f"
done
for dev in "$dst"/sys/bus/pci/devices/*; do
	[ -L "$dev/driver" ] || continue
	drv=$(readlink "$dev/driver")
	printf '%s\n' "${drv##*/}" >"$dst/.fake-kernel/match/${dev##*/}"
done
