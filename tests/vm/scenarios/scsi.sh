#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guarded SG_IO, the kernel's own refusals, sense decoding and eject against the real kernel.

. /scenarios/lib.sh

V=$VM_BINARY

# --- identity: the virtio-scsi disk and the CD-ROM ------------------------

check_output list-sda 'disk +/dev/sda +QEMU' "$V" scsi list -o TYPE,DEVICE,VENDOR
check_output list-sr0 'cd/dvd +/dev/sr0 +QEMU' "$V" scsi list -o TYPE,DEVICE,VENDOR
check_output list-sda-parts '^/dev/sda +sda1,sda2$' "$V" scsi list -n -o DEVICE,PARTS
check_output list-json-sg '"sg": "/dev/sg[0-9]+"' "$V" scsi list --json
check_output inquiry-sda 'QEMU +QEMU HARDDISK' "$V" scsi inquiry /dev/sda
check_output inquiry-sda-type 'type: +0 \(disk\)' "$V" scsi inquiry /dev/sda
check_output inquiry-sda-vpd 'vpd pages: +0x00 .*0x83' "$V" scsi inquiry /dev/sda
check_output inquiry-sda-json '"product": "QEMU HARDDISK"' "$V" scsi inquiry /dev/sda --json
check_exit tur-sda 0 "$V" scsi tur /dev/sda
check_output tur-sda-ready 'ready' "$V" scsi tur /dev/sda
# 64 MiB: 131072 blocks of 512 bytes, as the harness made it
check_output capacity-sda '131072 blocks of 512 bytes' "$V" scsi capacity /dev/sda
check_output capacity-sda-sysfs "^$(cat /sys/block/sda/size)\$" sh -c "'$V' scsi capacity /dev/sda --json | sed -n 's/.*\"blocks\": \\([0-9]*\\).*/\\1/p'"

# the sg and bsg nodes of the same disk answer too
for g in /sys/block/sda/device/scsi_generic/sg*; do
	sg=${g##*/}
done
check_output inquiry-sg 'QEMU +QEMU HARDDISK' "$V" scsi inquiry "/dev/$sg"
check_exit tur-bsg 0 "$V" scsi tur /dev/bsg/0:0:0:0

# --- a partition never reaches its disk without --whole-disk --------------

check_exit inquiry-sda1-refused 3 "$V" scsi inquiry /dev/sda1
check_output inquiry-sda1-names-sda "rule 'whole-disk': 'sda1' is a partition of disk 'sda'.*kernel would have allowed" "$V" scsi inquiry /dev/sda1
check_exit tur-sda1-refused 3 "$V" scsi tur /dev/sda1
check_exit capacity-sda1-refused 3 "$V" scsi capacity /dev/sda1
check_output inquiry-sda1-whole 'QEMU +QEMU HARDDISK' "$V" scsi inquiry /dev/sda1 --whole-disk
check_exit tur-sda1-whole 0 "$V" scsi tur /dev/sda1 --whole-disk
check_output capacity-sda1-whole '131072 blocks' "$V" scsi capacity /dev/sda1 --whole-disk
# root with --force still cannot send to the partition node: that would reach sda
check_exit inquiry-sda1-force-root 3 "$V" scsi inquiry /dev/sda1 --force

# --- vfioctl's per-type rules: vendor opcodes and UNMAP on a disk ---------

check_exit vendor-refused 3 "$V" scsi raw /dev/sda 'c0 00 00 00 00 00'
check_output vendor-rule "rule 'class': opcode 0xc0 .*class vendor" "$V" scsi raw /dev/sda 'c0 00 00 00 00 00'
check_exit unmap-refused 3 "$V" scsi raw /dev/sda '42 00 00 00 00 00 00 00 18 00'
check_output unmap-rule "class unmap.*--allow unmap; the kernel would have allowed it" "$V" scsi raw /dev/sda '42 00 00 00 00 00 00 00 18 00'
check_exit check-unmap-verdict 3 "$V" scsi check /dev/sda '42 00 00 00 00 00 00 00 18 00'
check_exit loej-on-disk-refused 3 "$V" scsi raw /dev/sda '1b 00 00 00 02 00'

# --- a device error decoded: ILLEGAL REQUEST with its ASC/ASCQ name -------

check_exit illegal-request-exit 1 "$V" scsi raw /dev/sda '12 01 fe 00 ff 00' --in 255
check_output illegal-request-decoded 'CHECK CONDITION: ILLEGAL REQUEST, ASC/ASCQ 0x24/0x00 \(Invalid field in cdb\)' "$V" scsi raw /dev/sda '12 01 fe 00 ff 00' --in 255
check_output raw-inquiry-data '0000  00 00 0[0-9] ' "$V" scsi raw /dev/sda '12 00 00 00 24 00' --in 36

# --- the kernel's own gates, as an unprivileged user with read access -----

chmod 0644 /dev/sda /dev/sda1
check_exit unpriv-inquiry-sda 0 run_as vmuser "$V" scsi inquiry /dev/sda
# --force lets a caller without CAP_SYS_RAWIO see the partition gate itself
check_exit unpriv-sda1-exit 1 run_as vmuser "$V" scsi tur /dev/sda1 --force
check_output unpriv-sda1-enotty 'kernel refused TEST UNIT READY on ./dev/sda1.: ENOTTY .*partition gate' run_as vmuser "$V" scsi tur /dev/sda1 --force
# SYNCHRONIZE CACHE(10) is write-safe: a read-only open gets EPERM from the opcode filter
check_exit unpriv-write-exit 1 run_as vmuser "$V" scsi raw /dev/sda '35 00 00 00 00 00 00 00 00 00'
check_output unpriv-write-eperm 'EPERM .*write-safe opcode on a read-only open' run_as vmuser "$V" scsi raw /dev/sda '35 00 00 00 00 00 00 00 00 00'
check_output unpriv-check-table 'non-root read-only +refused +EPERM' run_as vmuser "$V" scsi check /dev/sda '35 00 00 00 00 00 00 00 00 00'
check_output audit-sda-readers '^/dev/sda +disk +sda +root +root +0644 .*read-safe' "$V" scsi audit -o NODE,WHAT,DISK,OWNER,GROUP,MODE,ACL,POWER
check_output audit-sda1-flag '^/dev/sda1 .*part-open' "$V" scsi audit -o NODE,FLAGS
# a read-only sg node is filtered like a block node; a writable one would not be
chmod 0644 "/dev/$sg"
check_output unpriv-sg-eperm 'EPERM .*write-safe opcode on a read-only open' run_as vmuser "$V" scsi raw "/dev/$sg" '35 00 00 00 00 00 00 00 00 00'
chmod 0600 "/dev/$sg"
chmod 0660 /dev/sda /dev/sda1

# --- eject the CD-ROM, then TEST UNIT READY says the medium is gone -------

check_exit eject-sr0-dry-run 0 "$V" eject /dev/sr0 --dry-run
check_exit eject-sr0-needs-yes 2 "$V" eject /dev/sr0
check_output eject-sr0 'done by (driver-ioctl|sg-io)' "$V" eject /dev/sr0 --yes
check_exit tur-sr0-exit 1 "$V" scsi tur /dev/sr0
check_output tur-sr0-no-medium 'NOT READY, ASC/ASCQ 0x3a/0x0[0-2] \(Medium not present' "$V" scsi tur /dev/sr0
check_output close-sr0 'done by' "$V" eject /dev/sr0 --close --yes

# --- eject a partition's disk while another partition is mounted ---------

modprobe ext4 2>/dev/null
mkdir -p /mnt/a
if mke2fs -q /dev/sda1 >/dev/null 2>&1 && mount -t ext2 /dev/sda1 /mnt/a 2>/dev/null ||
   mount -t ext4 /dev/sda1 /mnt/a 2>/dev/null; then
	check_output eject-sda2-plan 'acting on the whole disk /dev/sda' "$V" eject /dev/sda2 --dry-run
	check_exit eject-sda2-refused 3 "$V" eject /dev/sda2 --yes
	check_output eject-sda2-names-mount "'sda1' is mounted on '/mnt/a' \(use --unmount" "$V" eject /dev/sda2 --yes
	check_output eject-mountpoint-resolves 'whole disk /dev/sda' "$V" eject /mnt/a --dry-run
	# with --unmount it unmounts and proceeds; the disk answers as it will
	check_output eject-sda2-not-removable "'sda' is not removable media" "$V" eject /dev/sda2 --unmount --yes
	check_output eject-sda2-unmount 'unmounted /mnt/a' "$V" eject /dev/sda2 --unmount --force --yes
	check_output sda1-unmounted '^0$' sh -c "grep -c ' /mnt/a ' /proc/mounts"
else
	skip eject-sda2-refused "could not make and mount a file system on sda1"
fi
