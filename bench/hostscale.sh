#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/hostscale.sh [VFIOCTL]: the listings against lspci, dpdk-devbind, driverctl and the floor,
# at 64, 512, 4,096 and 16,384 PCI functions
#
# Each size is a tree from bench/gen-host.py (a root port and a 3-function
# card a slot, one IOMMU group a slot, the system's full pci.ids inside).
# Every tool reads the same tree:
#	vfioctl --sysroot TREE device list | group list | group list -J | status
#	lspci -A linux-sysfs -O sysfs.path=TREE/sys/bus/pci -i TREE/.../pci.ids -D -nn -k
#	dpdk-devbind.py --status and driverctl list-devices, which only know
#	  /sys: each runs in a private mount namespace (unshare -m; util-linux
#	  makes it private) where TREE/sys is bind-mounted over /sys. Nothing is
#	  mounted in this shell's namespace. The "namespace" row (unshare, mount,
#	  true) is the wrapper's own cost, included in their times.
#	floor: bench/floor.c, built here with cc: what the listing must read
#	  (config space, driver and iommu_group links; "+names": one pass over
#	  pci.ids for the IDs seen), with no confinement, no checks, no table.
# driverctl forks several processes per device (110 s at 16,384): it runs
# only at sizes up to HOSTSCALE_DRIVERCTL_MAX (512). Figures are hyperfine's
# mean wall time and its user+system CPU time (the fairer figure on a
# shared machine), and the peak RSS of one run (GNU time). Results are for
# reading, not asserting: nothing here fails on a slow number.
#
# Environment: HOSTSCALE_SIZES ("64 512 4096 16384"), HOSTSCALE_DIR (where
# the trees are kept between runs: /tmp/vfioctl-hostscale), HOSTSCALE_RUNS
# (runs per command: 10, 5 from 4,096 on, 3 at 16,384), HOSTSCALE_DRIVERCTL_MAX.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
vfioctl=$(cd "$(dirname "${1:-$here/../build/src/vfioctl}")" && pwd)/$(basename "${1:-vfioctl}")
dir=${HOSTSCALE_DIR:-/tmp/vfioctl-hostscale}
sizes=${HOSTSCALE_SIZES:-64 512 4096 16384}
dc_max=${HOSTSCALE_DRIVERCTL_MAX:-512}

[ "$(id -u)" -eq 0 ] || { echo "hostscale: the namespace rows need root (unshare -m)" >&2; exit 1; }
# shellcheck source=../tools/deps.sh
. "$here/../tools/deps.sh"
ensure_packages $BENCH_DEPS
mkdir -p "$dir"
cc -O2 -o "$dir/floor" "$here/floor.c"

for n in $sizes; do
	root=$dir/host-$n
	[ -f "$root/.complete" ] || { python3 "$here/gen-host.py" "$root" "$n" && : >"$root/.complete"; }
	ids=$root/usr/share/misc/pci.ids
	runs=${HOSTSCALE_RUNS:-$( [ "$n" -ge 16384 ] && echo 3 || { [ "$n" -ge 4096 ] && echo 5 || echo 10; } )}
	ns="unshare -m sh -c 'mount --bind $root/sys /sys && exec"
	set -- \
		-n 'vfioctl device list' "$vfioctl --sysroot $root device list" \
		-n 'vfioctl group list' "$vfioctl --sysroot $root group list" \
		-n 'vfioctl group list -J' "$vfioctl --sysroot $root group list -J" \
		-n 'vfioctl status' "$vfioctl --sysroot $root status" \
		-n 'lspci -D -nn -k' "lspci -A linux-sysfs -O sysfs.path=$root/sys/bus/pci -i $ids -D -nn -k" \
		-n 'floor' "$dir/floor $root" \
		-n 'floor +names' "$dir/floor $root names" \
		-n 'dpdk-devbind --status' "$ns dpdk-devbind.py --status'" \
		-n 'namespace' "$ns true'"
	if [ "$n" -le "$dc_max" ] && command -v driverctl >/dev/null 2>&1; then
		set -- "$@" -n 'driverctl list-devices' "$ns driverctl list-devices'"
	fi
	echo "== $n functions ($runs runs)"
	hyperfine -N --warmup 1 --runs "$runs" --style basic --export-json "$dir/result-$n.json" "$@" \
		>"$dir/hyperfine-$n.txt" 2>&1 || { cat "$dir/hyperfine-$n.txt"; exit 1; }
	# peak RSS of one run of each (KiB)
	: >"$dir/rss-$n.txt"
	while [ $# -gt 0 ]; do
		name=$2 cmd=$3
		shift 3
		rss=$(/usr/bin/time -f '%M' sh -c "exec $cmd >/dev/null 2>&1" 2>&1 | tail -n 1)
		printf '%s\t%s\n' "$name" "$rss" >>"$dir/rss-$n.txt"
	done
done

python3 - "$dir" $sizes <<'EOF'
import json, sys
d, sizes = sys.argv[1], sys.argv[2:]
print('\n| functions | command | wall ms | CPU ms (user+sys) | x lspci (wall) | x lspci (CPU) | peak RSS MiB |')
print('|---:|---|---:|---:|---:|---:|---:|')
for n in sizes:
    res = {r['command']: r for r in json.load(open('%s/result-%s.json' % (d, n)))['results']}
    rss = dict(l.rstrip('\n').split('\t') for l in open('%s/rss-%s.txt' % (d, n)))
    ref = res['lspci -D -nn -k']
    rw, rc = ref['mean'], ref['user'] + ref['system']
    for name, r in res.items():
        cpu = r['user'] + r['system']
        print('| %s | %s | %.1f | %.1f | %.2f | %.2f | %.1f |' % (
            n, name, r['mean'] * 1e3, cpu * 1e3, rw / r['mean'], rc / cpu,
            int(rss.get(name, '0') or 0) / 1024))
EOF
