#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Capture the guest's block and SCSI sysfs (sda1 mounted, loose node modes) as a fixture tree, base64 on the console.

. /scenarios/lib.sh

modprobe ext4 2>/dev/null
mkdir -p /mnt/a
check capture-mkfs mke2fs -q /dev/sda1
check capture-mount mount -t ext2 /dev/sda1 /mnt/a
# modes the audit must flag: a readable partition, a writable sg node
chmod 0644 /dev/sda1
chmod 0666 /dev/sg1
chmod 0640 /dev/sda
check capture-tree sh /extra/capture-sysroot /tmp/cap
check capture-tar tar -C /tmp/cap -czf /tmp/cap.tar.gz .
echo "CAPTURE-BEGIN"
base64 /tmp/cap.tar.gz
echo "CAPTURE-END"
umount /mnt/a
