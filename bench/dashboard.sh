#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/dashboard.sh [VFIOCTL]: the dashboard's cost per tick on a host of 4,096 PCI functions
#
# A tick is what the dashboard does every -d seconds: drain the kernel's
# uevents, read the host again only when one touched PCI/VFIO, and draw.
# hyperfine times 1 frame and 201 frames of --batch on the same generated
# tree; (t201 - t1) / 200 is the cost of a tick, t1 that of the first full
# read. Results are for reading, not asserting.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
vfioctl=${1:-$here/../build/src/vfioctl}
root=${BENCH_ROOT_4096:-/tmp/vfioctl-bench-host-4096}

command -v hyperfine >/dev/null 2>&1 || {
	[ "$(id -u)" -eq 0 ] || { echo "run: apt-get install -y hyperfine" >&2; exit 1; }
	apt-get install -y -qq hyperfine >/dev/null
}
# 820 slots of a root port and a 4-function card: 4,100 functions
[ -d "$root/sys" ] || sh "$here/gen-large-host.sh" "$root" 820
dash="$vfioctl --sysroot $root dashboard --batch -d 0"

hyperfine --warmup 1 --runs 10 --export-json /tmp/vfioctl-bench-dashboard.json \
	-n '1 frame' "$dash --iterations 1" \
	-n '201 frames' "$dash --iterations 201"
python3 - /tmp/vfioctl-bench-dashboard.json <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
one, many = r["1 frame"]["median"], r["201 frames"]["median"]
print(f"first frame (full read of 4,100 functions): {one * 1000:.0f} ms")
print(f"each further tick, every row of every pane printed: {(many - one) / 200 * 1000:.2f} ms")
PY
