#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/io-show.sh [VFIOCTL]: 'vfioctl io show' on 1000 cgroups against cat of the same files (the floor)
#
# systemd-cgls cannot be pointed at a sysroot, and it reads no io files:
# the honest floor is cat reading exactly the files io show reads
# (cgroup.subtree_control, io.weight, io.bfq.weight, io.max of every
# cgroup), listed beforehand so that find does not count. Needs hyperfine.
# Results are for reading, not asserting.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
vfioctl=${1:-$here/../build/src/vfioctl}
root=${BENCH_IO_ROOT:-/tmp/vfioctl-bench-io}
[ -d "$root/sys/fs/cgroup/machine.slice" ] || sh "$here/gen-cgroup-tree.sh" "$root" 1000
list=$root.files
find "$root/sys/fs/cgroup" \( -name cgroup.subtree_control -o -name io.weight \
	-o -name io.bfq.weight -o -name io.max \) | sort >"$list"
echo "$(wc -l <"$list") files"
hyperfine --warmup 2 --runs 15 --export-markdown /tmp/vfioctl-bench-io.md \
	-n 'vfioctl io show' "$vfioctl --sysroot $root io show" \
	-n 'vfioctl io show -J' "$vfioctl --sysroot $root io show -J" \
	-n 'cat the same files (floor)' "xargs cat <$list"
