#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/logs.sh [RECORDS]: hyperfine 'vfioctl log' on generated kmsg and logcat -B files, and -f's RSS
#
# kmsg: RECORDS (default 1,000,000) kmsg-format records with caller= and
# SUBSYSTEM/DEVICE lines every tenth record, against util-linux 'dmesg -K'
# when this dmesg has it (2.40+), else 'dmesg -F' on the same records in
# syslog form ("<6>[    1.000000] text"), the nearest thing it reads.
# logcat: the same number of v4 entries against 'cat' as the floor.
# RSS: 10 million kmsg records piped through 'vfioctl log --file -'.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
V=${VFIOCTL:-$here/../build/src/vfioctl}
n=${1:-1000000}
out=${BENCH_OUT:-/tmp/vfioctl-bench-logs}
mkdir -p "$out"

gen_kmsg() {
	awk -v n="$1" 'BEGIN {
		for (i = 0; i < n; i++) {
			printf "6,%d,%d,-,caller=T%d;usb 1-%d: new high-speed USB device number %d using xhci_hcd\\x0a\n", i, i * 37, i % 4000, i % 9, i
			if (i % 10 == 0)
				printf " SUBSYSTEM=usb\n DEVICE=c189:%d\n", i % 128
		}
	}'
}
gen_syslog() {
	awk -v n="$1" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "<6>[%5d.%06d] usb 1-%d: new high-speed USB device number %d using xhci_hcd\n", i * 37 / 1000000, i * 37 % 1000000, i % 9, i
	}'
}
# v4 logger entries: 28-byte header, prio, "tag\0", "message\0"
gen_logcat() {
	python3 -c '
import struct, sys
n = int(sys.argv[1]); w = sys.stdout.buffer
for i in range(n):
    p = b"\x04" + b"ActivityManager\x00" + (b"Start proc %d:com.example/u0a%d for activity\x00" % (i, i % 300))
    w.write(struct.pack("<HHiIIIII", len(p), 28, 1000 + i % 50, 1000 + i % 77, 1600000000 + i // 1000, (i % 1000) * 1000000, i % 2 * 3, 1000) + p)
' "$1"
}

[ -s "$out/kmsg-$n" ] || gen_kmsg "$n" > "$out/kmsg-$n"
[ -s "$out/syslog-$n" ] || gen_syslog "$n" > "$out/syslog-$n"
[ -s "$out/logcat-$n" ] || gen_logcat "$n" > "$out/logcat-$n"
ls -l "$out"

if dmesg -K "$out/kmsg-$n" >/dev/null 2>&1; then
	base="dmesg -K $out/kmsg-$n"
else
	echo "note: $(dmesg --version) has no -K/--kmsg-file (util-linux 2.40+); using 'dmesg -F' on the same records in syslog form"
	base="dmesg -F $out/syslog-$n"
fi
# output to a pipe, as a user's pager or grep would read it: to /dev/null,
# cat copies nothing at all (copy_file_range) and is no floor
hyperfine -N -w 1 -r 10 --output=pipe --export-markdown "$out/kmsg.md" \
	"$V log --file $out/kmsg-$n" "$base"
hyperfine -N -w 1 -r 10 --output=pipe --export-markdown "$out/logcat.md" \
	"$V log --utc --file $out/logcat-$n" "$V log -o raw --file $out/logcat-$n" \
	"cat $out/logcat-$n"

# -f keeps a flat RSS: 10x the records streamed through a pipe, max RSS in KiB
for k in 1 10; do
	rss=$( { for _ in $(seq "$k"); do cat "$out/kmsg-$n"; done; } |
		/usr/bin/time -f %M "$V" log -f --file - 2>&1 >/dev/null | tail -n 1)
	echo "records: $((k * n)) max RSS: $rss KiB"
done
