#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/show-scale.sh [VFIOCTL [BASELINE]]: show and plan one device or group at 64 and 16,384 functions, and a claim plan among 2,000 processes
#
# For each host size (BENCH_SIZES, default "64 16384" functions) it times,
# with hyperfine, 'device show' of a function in the middle of the host,
# 'group show' and 'group claim --dry-run' of its group (a plan only:
# nothing is written, and the fixture is not marked writable), and
# 'lspci -s' of the same function on the same tree as the reference. Then
# it times the claim plan of a 64-member group on a host with 2,000
# processes of 10 open files each (bench/gen-busy-group.sh), where every
# member's device nodes are looked for in every fd. With BASELINE (another
# vfioctl binary, e.g. one built from an older commit) every vfioctl
# command is timed with it too.
#
# Hosts are generated once below BENCH_DIR (default /tmp/vfioctl-show-scale)
# by BENCH_GEN ROOT NFUNCS when set, else bench/gen-host.py when present
# (seconds for 16,384 functions), else bench/gen-large-host.sh (5
# functions a slot; about an hour for 16,384). Results are for reading,
# not asserting: nothing here fails on a slow number.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
vfioctl=${1:-$here/../build/src/vfioctl}
base=${2:-}
sizes=${BENCH_SIZES:-64 16384}
dir=${BENCH_DIR:-/tmp/vfioctl-show-scale}
runs=${BENCH_RUNS:-20}

command -v hyperfine >/dev/null || { echo "show-scale: hyperfine is not installed" >&2; exit 1; }
mkdir -p "$dir"

gen()
{
	if [ -n "${BENCH_GEN:-}" ]; then
		$BENCH_GEN "$1" "$2"
	elif [ -f "$here/gen-host.py" ]; then
		python3 "$here/gen-host.py" "$1" "$2"
	else
		sh "$here/gen-large-host.sh" "$1" $((($2 + 4) / 5))
	fi
}

# the vfioctl commands NAME CMD..., once per binary
with_base()
{
	_wb_name=$1
	_wb_args=$2
	set -- -n "$_wb_name" "$vfioctl $_wb_args"
	[ -z "$base" ] || set -- "$@" -n "$_wb_name (baseline)" "$base $_wb_args"
	printf '%s\n' "$@"
}

for n in $sizes; do
	root=$dir/h$n
	[ -d "$root/sys/bus/pci/devices" ] || gen "$root" "$n"
	total=$(ls "$root/sys/bus/pci/devices" | wc -l)
	# a function with a driver in the middle of the host, and its group
	dev=$(ls "$root/sys/bus/pci/devices" | awk -v m=$((total / 2)) 'NR >= m' | while read -r d; do
		[ -e "$root/sys/bus/pci/devices/$d/driver" ] && [ -e "$root/sys/bus/pci/devices/$d/iommu_group" ] &&
			! readlink "$root/sys/bus/pci/devices/$d/driver" | grep -q pcieport && { echo "$d"; break; }
	done)
	grp=$(basename "$(readlink "$root/sys/bus/pci/devices/$dev/iommu_group")")
	echo "== $total functions: device $dev, IOMMU group $grp"
	# hyperfine takes the commands as arguments: build them one a line
	cmds=$(
		with_base "device show ($total)" "--sysroot $root device show $dev"
		with_base "group show ($total)" "--sysroot $root group show $grp"
		with_base "group claim --dry-run ($total)" "--sysroot $root group claim $grp --dry-run"
		printf '%s\n' -n "lspci -s ($total)" \
			"lspci -A linux-sysfs -O sysfs.path=$root/sys/bus/pci -s $dev -nn -k"
	)
	old_ifs=$IFS
	IFS='
'
	# shellcheck disable=SC2086
	hyperfine -N -i --warmup 3 --runs "$runs" --export-markdown "$dir/show-$total.md" $cmds
	IFS=$old_ifs
done

busy=$dir/busy64
[ -d "$busy/proc" ] || sh "$here/gen-busy-group.sh" "$busy" 64 2000 10
echo "== a 64-member group among 2,000 processes x 10 open files"
cmds=$(with_base "group claim --dry-run (64 members, 20k fds)" "--sysroot $busy group claim 0 --dry-run")
IFS='
'
# shellcheck disable=SC2086
hyperfine -N -i --warmup 1 --runs "${BENCH_BUSY_RUNS:-10}" --export-markdown "$dir/busy.md" $cmds
