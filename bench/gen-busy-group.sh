#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# gen-busy-group.sh ROOT [NMEMBERS [NPIDS [NFDS]]]: one big IOMMU group on a host with many processes, for timing a claim plan
#
# NMEMBERS (default 64) NIC functions 0000:00:DD.F on the root bus, all in
# IOMMU group 0 on ixgbe, each with one device node (/dev/nicN, as a
# driver's char device); NPIDS (default 2000) processes with NFDS (default
# 10) open files each under proc/: /dev/null, ttys, sockets, pipes,
# anon inodes, log files, and every 100th process also one member's node.
# A claim plan of group 0 looks for every member's node in every fd.
set -eu
root=$1
nmembers=${2:-64}
npids=${3:-2000}
nfds=${4:-10}
LIBSYSFS_DIR=$(cd "$(dirname "$0")/../tests/fixtures" && pwd)
. "$LIBSYSFS_DIR/lib-sysfs.sh"

rm -rf "$root"
sysroot_init "$root"
kernel_release "$root" 6.1.0-18-amd64
proc_cmdline "$root" "ro quiet intel_iommu=on"
iommu_unit "$root" dmar0
pci_ids "$root"
i=0
while [ "$i" -lt "$nmembers" ]; do
	bdf=$(printf '0000:00:%02x.%d' $((i / 8 + 1)) $((i % 8)))
	pci_dev "$root" "$bdf" pci0000:00 class=0x020000 vendor=0x8086 device=0x10fb \
		mf=1 driver=ixgbe group=0 iommu=dmar0 reset=flr
	dir=$root/sys/devices/pci0000:00/$bdf/misc/nic$i
	mkdir -p "$dir"
	printf '240:%d\n' "$i" >"$dir/dev"
	printf 'MAJOR=240\nMINOR=%d\nDEVNAME=nic%d\n' "$i" "$i" >"$dir/uevent"
	i=$((i + 1))
done
mkdir -p "$root/proc/self"
printf '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n' >"$root/proc/self/mountinfo"
printf 'Filename\tType\tSize\tUsed\tPriority\n' >"$root/proc/swaps"
# the processes: one python run instead of a fork per link
python3 - "$root/proc" "$npids" "$nfds" "$nmembers" <<'PY'
import os
import sys

proc, npids, nfds, nmembers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
kinds = ['/dev/null', '/dev/pts/%d', 'socket:[%d]', 'pipe:[%d]', 'anon_inode:[eventfd]',
         '/var/log/app%d.log', '/dev/urandom', 'anon_inode:[eventpoll]', '/tmp/f%d', 'socket:[%d]']
for p in range(npids):
    pid = 1000 + p
    fd_dir = os.path.join(proc, str(pid), 'fd')
    os.makedirs(fd_dir)
    with open(os.path.join(proc, str(pid), 'comm'), 'w') as f:
        f.write('proc%d\n' % pid)
    for fd in range(nfds):
        k = kinds[fd % len(kinds)]
        target = k % (pid * 16 + fd) if '%d' in k else k
        if fd == nfds - 1 and p % 100 == 0 and nmembers:
            target = '/dev/nic%d' % ((p // 100) % nmembers)
        os.symlink(target, os.path.join(fd_dir, str(fd)))
PY
