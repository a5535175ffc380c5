#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/run.sh [VFIOCTL]: time and size vfioctl against lspci and a shell loop on a large sysroot
#
# Installs hyperfine, pciutils and GNU time (Debian packages) when run as
# root. Prints hyperfine's tables and each command's peak RSS. Results are
# for reading, not asserting: nothing here fails on a slow number.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
vfioctl=${1:-$here/../build/src/vfioctl}
root=${BENCH_ROOT:-/tmp/vfioctl-bench-host}
nslots=${BENCH_SLOTS:-400}

need=
for p in hyperfine pciutils time; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || need="$need $p"
done
if [ -n "$need" ]; then
	[ "$(id -u)" -eq 0 ] || { echo "run: apt-get install -y$need" >&2; exit 1; }
	apt-get install -y -qq $need >/dev/null
fi

[ -d "$root/sys" ] || sh "$here/gen-large-host.sh" "$root" "$nslots"
sysfs="$root/sys/bus/pci"
# the shell idiom most guides give for listing groups (one lspci per device)
loop="for g in $root/sys/kernel/iommu_groups/*; do for d in \$g/devices/*; do lspci -A linux-sysfs -O sysfs.path=$sysfs -nns \${d##*/}; done; done"

hyperfine --warmup 2 --runs 10 --export-markdown /tmp/vfioctl-bench.md \
	-n 'vfioctl device list' "$vfioctl --sysroot $root device list" \
	-n 'vfioctl device list -J' "$vfioctl --sysroot $root device list -J" \
	-n 'lspci -Dnn -k' "lspci -A linux-sysfs -O sysfs.path=$sysfs -Dnn -k" \
	-n 'vfioctl group list' "$vfioctl --sysroot $root group list" \
	-n 'vfioctl status' "$vfioctl --sysroot $root status"
hyperfine --runs 3 -n 'shell loop: lspci per group member' "sh -c '$loop'" \
	-n 'vfioctl group list' "$vfioctl --sysroot $root group list"

echo
echo "peak RSS (KiB):"
for cmd in "$vfioctl --sysroot $root device list -J" "$vfioctl --sysroot $root group list" \
	"lspci -A linux-sysfs -O sysfs.path=$sysfs -Dnn -k"; do
	rss=$(/usr/bin/time -f '%M' sh -c "exec $cmd >/dev/null" 2>&1 | tail -n 1)
	printf '%8s  %s\n' "$rss" "$cmd"
done
