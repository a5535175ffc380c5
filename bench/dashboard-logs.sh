#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/dashboard-logs.sh [VFIOCTL]: the log pane's cost per tick, and its memory, on a followed kmsg of 100,000 records
#
# A sysroot whose dev/kmsg is a file of RECORDS (default 100,000) records:
# every tick reads at most 2,000 of them (4x the 500-record ring), formats
# the ring and, in --batch, prints it. hyperfine times 1, 51 and 101 frames:
# (t51 - t1) / 50 is a busy tick (2,000 new records), (t101 - t51) / 50 a
# quiet one (all read; the ring printed again). Peak RSS after 10 and after
# 50 busy ticks shows whether memory stays flat. For reading, not asserting.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
vfioctl=${1:-$here/../build/src/vfioctl}
n=${RECORDS:-100000}
root=${BENCH_ROOT_LOGS:-/tmp/vfioctl-bench-logs-root}

command -v hyperfine >/dev/null 2>&1 || { echo "run: apt-get install -y hyperfine" >&2; exit 1; }
mkdir -p "$root/sys" "$root/dev"
awk -v n="$n" 'BEGIN {
	for (i = 0; i < n; i++)
		printf "%d,%d,%d,-;bench record %06d: some kernel text about device 0000:00:%02x.0\n",
			i % 8, i, i * 1000, i, i % 32
}' >"$root/dev/kmsg"
dash="$vfioctl --sysroot $root dashboard --batch -d 0"

hyperfine -N --warmup 1 --runs 10 --export-json /tmp/vfioctl-bench-dashboard-logs.json \
	-n '1 frame' "$dash --iterations 1" \
	-n '51 frames' "$dash --iterations 51" \
	-n '101 frames' "$dash --iterations 101"
python3 - /tmp/vfioctl-bench-dashboard-logs.json <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
print(f"busy tick (2,000 new records): {(r['51 frames'] - r['1 frame']) / 50 * 1000:.2f} ms")
print(f"quiet tick (nothing new): {(r['101 frames'] - r['51 frames']) / 50 * 1000:.2f} ms")
PY
if [ -x /usr/bin/time ]; then
	for it in 10 50; do
		/usr/bin/time -f "peak RSS after $it busy ticks: %M KiB" $dash --iterations "$it" >/dev/null
	done
fi
