#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The claim safety checks against the real kernel: every device node, processes we cannot see, unreadable sysfs, stacked storage.

. /scenarios/lib.sh

V=$VM_BINARY
EDU_ID=1234:11e8

sda_path=$(readlink -f /sys/block/sda/device)
scsi_bdf=$(echo "$sda_path" | tr '/' '\n' | grep -E '^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$' | tail -n 1)
result scsi-controller-found "$([ -n "$scsi_bdf" ] && echo pass || echo fail)" "$scsi_bdf"
sysdev=/sys/bus/pci/devices/$scsi_bdf

# --- item 5: a character node of the controller (SCSI generic, bsg), not a disk

node=
for d in "$sysdev"/virtio*/host*/target*/*/scsi_generic/sg* "$sysdev"/virtio*/host*/target*/*/bsg/*; do
	[ -e "$d/dev" ] || continue
	name=$(sed -n 's/^DEVNAME=//p' "$d/uevent")
	[ -c "/dev/$name" ] && node=/dev/$name && break
done
result char-node-found "$([ -n "$node" ] && echo pass || echo fail)" "$node"
sleep 120 <"$node" &
holder=$!
sleep 0.5
check_exit char-node-open-refused 3 "$V" device claim "$scsi_bdf" --dry-run
check_output char-node-open-named "$node is held open by pid $holder" \
	"$V" device claim "$scsi_bdf" --dry-run

# --- item 6: a user cannot see root's open files: a warning, never a pass

check_exit unprivileged-dry-run-runs 0 run_as vmuser "$V" device claim "$scsi_bdf" --dry-run
check_output unprivileged-open-warns 'warn +open +not fully checked: the open files of [0-9]+ process\(es\) cannot be read \(pid [0-9]+: Permission denied\)' \
	run_as vmuser "$V" device claim "$scsi_bdf" --dry-run
check_output unprivileged-json-warns '"check":"open","result":"warn"' \
	sh -c "su -s /bin/sh -c \"'$V' device claim '$scsi_bdf' --dry-run --json\" vmuser | tr -d '\n '"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# --- item 7: a device directory a user cannot read: unknown, not "no driver"

edu=$(pci_find_bdf "$EDU_ID" | head -n 1)
group=$(pci_iommu_group "$edu")
check_output readable-group-viable 'viable: +yes' run_as vmuser "$V" group show "$group"
chmod 700 "/sys/bus/pci/devices/$edu/"
check_output unreadable-group-unknown 'viable: +unknown' run_as vmuser "$V" group show "$group"
check_output unreadable-names-why "$edu cannot be read \(Permission denied\)" \
	run_as vmuser "$V" group show "$group"
check_output unreadable-device-list "^$edu .*\? +\(unreadable: Permission denied\)" \
	run_as vmuser "$V" device list
check_output unreadable-status 'unknown\)$' run_as vmuser "$V" status
check_output unreadable-json-null '"viable": null' run_as vmuser "$V" group show "$group" --json
check_exit unreadable-claim-denied 3 run_as vmuser "$V" group claim "$group" --dry-run
chmod 755 "/sys/bus/pci/devices/$edu/"
check_output readable-again 'viable: +yes' run_as vmuser "$V" group show "$group"

# --- item 8: storage stacked on the disk: a loop device backed by a file on sda1
# (sda1 itself is mounted too, so only the named loop line proves the walk)

mkdir -p /mnt/a /mnt/b
loop=
step=
if ! { step="mke2fs sda1" && mke2fs -q /dev/sda1 && step="mount sda1" &&
	mount -t ext2 /dev/sda1 /mnt/a && step="image file" &&
	dd if=/dev/zero of=/mnt/a/img bs=1024 count=2048 &&
	step="losetup" && loop=$(losetup -f) && losetup "$loop" /mnt/a/img &&
	step="mke2fs loop" && mke2fs -q "$loop" && step="mount loop" &&
	mount -t ext2 "$loop" /mnt/b; } >/tmp/loop.log 2>&1; then
	result loop-file-found fail "step '$step' failed: $(tr '\n' ' ' </tmp/loop.log)"
else
	lname=${loop#/dev/}
	check_output loop-file-found "$lname \(backed by a file on sda1\) is mounted on /mnt/b" \
		"$V" device claim "$scsi_bdf" --dry-run
	# the loop device's node held open is the controller's business too
	umount /mnt/b
	sleep 120 <"$loop" &
	holder=$!
	sleep 0.5
	check_output loop-node-open "/dev/$lname is held open by pid $holder" \
		"$V" device claim "$scsi_bdf" --dry-run
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	losetup -d "$loop"
	umount /mnt/a
fi
