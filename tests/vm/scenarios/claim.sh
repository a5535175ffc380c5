#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Claim, release, rollback, recovery and refusals of vfioctl against the real kernel.

. /scenarios/lib.sh

V=$VM_BINARY
EDU_ID=1234:11e8
RUN=/run/vfioctl

# --- read-only views agree with sysfs ------------------------------------

check_exit status-exit 0 "$V" status
check_output status-iommu-on '^iommu: +on' "$V" status
ngroups=$(ls /sys/kernel/iommu_groups | wc -l)
check_output group-list-count "^$ngroups\$" sh -c "'$V' group list -n -o GROUP | wc -l"
check_output device-list-count "^$(ls /sys/bus/pci/devices | wc -l)\$" \
	sh -c "'$V' device list -n -o BDF | wc -l"

edu=$(pci_find_bdf "$EDU_ID" | head -n 1)
group=$(pci_iommu_group "$edu")
result edu-found "$([ -n "$group" ] && echo pass || echo fail)" "edu $edu in group $group"

# --- claim and release the edu device's group -----------------------------

check_exit claim-needs-yes 2 "$V" group claim "$group"
check_exit claim-dry-run 0 "$V" group claim "$group" --dry-run
check_output dry-run-changes-nothing '^none$' sh -c "basename \$(readlink /sys/bus/pci/devices/$edu/driver 2>/dev/null || echo none)"
check_exit claim-unprivileged 1 run_as vmuser "$V" group claim "$group" --yes

check_exit claim 0 "$V" group claim "$group" --yes
check_output claim-driver '^vfio-pci$' pci_driver "$edu"
check_output claim-override '^vfio-pci$' cat /sys/bus/pci/devices/$edu/driver_override
check dev-vfio-node test -c /dev/vfio/$group
check_output claim-journal '^state applied$' cat $RUN/group-$group.journal
check_output claim-viable "\"viable\": true" "$V" group show "$group" --json
check_exit claim-again-noop 0 "$V" group claim "$group" --yes
check_output claim-again-says-so "already on a vfio driver" "$V" group claim "$group" --yes

check_exit release 0 "$V" group release "$group" --yes
check_output release-no-driver '^none$' sh -c "basename \$(readlink /sys/bus/pci/devices/$edu/driver 2>/dev/null || echo none)"
check_output release-override-null '^\(null\)$' cat /sys/bus/pci/devices/$edu/driver_override
check release-journal-removed test ! -e $RUN/group-$group.journal
check_exit release-again-noop 0 "$V" group release "$group" --yes

# device claim names the device; the whole group comes along
check_exit device-claim 0 "$V" device claim "$edu" --yes
check_output device-claim-driver '^vfio-pci$' pci_driver "$edu"
check_exit device-release 0 "$V" device release "$edu" --yes
check_output device-release-no-driver '^none$' sh -c "basename \$(readlink /sys/bus/pci/devices/$edu/driver 2>/dev/null || echo none)"

# --- the lower-level verbs: bind and unbind one device, then release -------

check_exit bind 0 "$V" device bind "$edu" vfio-pci --yes
check_output bind-driver '^vfio-pci$' pci_driver "$edu"
check_output bind-journal '^op bind$' cat $RUN/device-$edu.journal
check_exit bind-again-noop 0 "$V" device bind "$edu" vfio-pci --yes
check_exit bind-release 0 "$V" device release "$edu" --yes
check_output bind-release-no-driver '^none$' sh -c "basename \$(readlink /sys/bus/pci/devices/$edu/driver 2>/dev/null || echo none)"
check_output bind-release-override '^\(null\)$' cat /sys/bus/pci/devices/$edu/driver_override
check bind-release-journal-removed test ! -e $RUN/device-$edu.journal

# --- several devices as one change: a second edu card (claim.vm --device edu)

edu2=$(pci_find_bdf "$EDU_ID" | sed -n 2p)
group2=$(pci_iommu_group "$edu2")
if [ -n "$edu2" ] && [ -n "$group2" ] && [ "$group2" != "$group" ]; then
	result set-edu2-found pass "second edu $edu2 in group $group2"
	check_output set-claim-plan "^plan: claim IOMMU groups $group, $group2 for vfio-pci" \
		"$V" device claim "$edu" "$edu2" "$edu" --dry-run
	check_exit set-claim 0 "$V" device claim "$edu" "$edu2" --yes
	check_output set-claim-driver-1 '^vfio-pci$' pci_driver "$edu"
	check_output set-claim-driver-2 '^vfio-pci$' pci_driver "$edu2"
	check_output set-claim-journal-1 '^state applied$' cat $RUN/group-$group.journal
	check_output set-claim-journal-2 '^state applied$' cat $RUN/group-$group2.journal
	check_exit set-release 0 "$V" device release "$edu2" "$edu" --yes
	for d in "$edu" "$edu2"; do
		check_output "set-release-no-driver-$d" '^none$' sh -c "basename \$(readlink /sys/bus/pci/devices/$d/driver 2>/dev/null || echo none)"
		check_output "set-release-override-$d" '^\(null\)$' cat /sys/bus/pci/devices/$d/driver_override
	done
	check set-release-journals-removed test ! -e $RUN/group-$group.journal -a ! -e $RUN/group-$group2.journal
	# 1 load-module, 2-4 the first edu (override, probe, read-back), 5-7 the second:
	# a failure on the second gives the first back and leaves no journal
	check_output set-fault-second "step 6 \(write /sys/bus/pci/drivers_probe\) failed for '$edu2'" \
		env VFIOCTL_FAULT_STEP=6 "$V" device claim "$edu" "$edu2" --yes
	check_output set-fault-first-back '^none$' sh -c "basename \$(readlink /sys/bus/pci/devices/$edu/driver 2>/dev/null || echo none)"
	check_output set-fault-first-override '^\(null\)$' cat /sys/bus/pci/devices/$edu/driver_override
	check_output set-fault-second-override '^\(null\)$' cat /sys/bus/pci/devices/$edu2/driver_override
	check set-fault-no-journals test ! -e $RUN/group-$group.journal -a ! -e $RUN/group-$group2.journal
	# bind and unbind of both, and their release, as one change each
	check_exit set-bind 0 "$V" device bind "$edu" "$edu2" vfio-pci --yes
	check_output set-bind-driver-2 '^vfio-pci$' pci_driver "$edu2"
	check_exit set-bind-release 0 "$V" device release "$edu" "$edu2" --yes
	check_output set-bind-release-no-driver-2 '^none$' sh -c "basename \$(readlink /sys/bus/pci/devices/$edu2/driver 2>/dev/null || echo none)"
else
	result set-edu2-found fail "no second edu card in another IOMMU group (edu2 '$edu2', group '$group2')"
fi

# --- a failure mid-way rolls back completely ------------------------------

for step in 2 3 4; do
	check_exit "fault-step-$step-exit" 1 env VFIOCTL_FAULT_STEP=$step "$V" group claim "$group" --yes
	check_output "fault-step-$step-no-driver" '^none$' sh -c "basename \$(readlink /sys/bus/pci/devices/$edu/driver 2>/dev/null || echo none)"
	check_output "fault-step-$step-override" '^\(null\)$' cat /sys/bus/pci/devices/$edu/driver_override
	check "fault-step-$step-no-journal" test ! -e $RUN/group-$group.journal
done
# edu has no driver to unbind: 1 load-module, 2 override, 3 drivers_probe, 4 read-back
check_output fault-message-names-step "step 3 \(write /sys/bus/pci/drivers_probe\) failed for '$edu'" \
	env VFIOCTL_FAULT_STEP=3 "$V" group claim "$group" --yes
check_output fault-message-rolled-back 'rolled back: every device is as it was' \
	env VFIOCTL_FAULT_STEP=3 "$V" group claim "$group" --yes

# --- a crash mid-way is repaired by recover -------------------------------

check_exit crash-exit 137 env VFIOCTL_CRASH_STEP=4 "$V" group claim "$group" --yes
check_output crash-left-override '^vfio-pci$' cat /sys/bus/pci/devices/$edu/driver_override
check_output crash-journal-applying '^state applying$' cat $RUN/group-$group.journal
# recover is a change like any other: no terminal, no --yes, no change
check_exit recover-needs-yes 2 "$V" recover
check_output recover-needs-yes-changed-nothing '^vfio-pci$' cat /sys/bus/pci/devices/$edu/driver_override
check_exit recover 0 "$V" recover --yes
check_output recover-override-null '^\(null\)$' cat /sys/bus/pci/devices/$edu/driver_override
check recover-journal-removed test ! -e $RUN/group-$group.journal
check_output recover-nothing-left 'nothing to recover' "$V" recover

# --- recover never takes a group that a process holds open -----------------

check_exit held-crash-exit 137 env VFIOCTL_CRASH_STEP=4 "$V" group claim "$group" --yes
check_output held-crash-bound '^vfio-pci$' pci_driver "$edu"
sh -c 'exec sleep 60' 3<>/dev/vfio/$group &
holder=$!
sleep 0.3
check_exit held-recover-denied 3 "$V" recover --yes
check_output held-recover-names-pid "/dev/vfio/$group is held open by pid $holder" \
	sh -c "'$V' recover --yes 2>&1"
check_exit held-release-force-denied 3 "$V" group release "$group" --yes --force
check_output held-still-bound '^vfio-pci$' pci_driver "$edu"
kill "$holder"
wait "$holder" 2>/dev/null
check_exit held-recover-after 0 "$V" recover --yes
check_output held-recover-unbound '^none$' sh -c "basename \$(readlink /sys/bus/pci/devices/$edu/driver 2>/dev/null || echo none)"

# --- a release is read back: a dynamic ID that takes the device back fails it

echo "${EDU_ID%%:*} ${EDU_ID##*:}" >/sys/bus/pci/drivers/vfio-pci/new_id
check_output new-id-binds '^vfio-pci$' pci_driver "$edu"
check_exit release-dynamic-id-fails 1 "$V" group release "$group" --yes
check_output release-dynamic-id-says-why 'still on vfio-pci: a dynamic ID' \
	sh -c "'$V' group release '$group' --yes 2>&1"
echo "${EDU_ID%%:*} ${EDU_ID##*:}" >/sys/bus/pci/drivers/vfio-pci/remove_id
check_exit release-after-remove-id 0 "$V" group release "$group" --yes
check_output release-after-remove-id-unbound '^none$' sh -c "basename \$(readlink /sys/bus/pci/devices/$edu/driver 2>/dev/null || echo none)"

# --- a write stuck in the kernel is pending, never "rolled back" -----------

if [ -x /extra/vfio-hold ]; then
	check_exit stuck-bind 0 "$V" device bind "$edu" vfio-pci --yes
	/extra/vfio-hold "$group" "$edu" >/tmp/hold.out 2>&1 &
	hold=$!
	sleep 0.5
	check_output stuck-holder-ready '^held$' cat /tmp/hold.out
	# vfio-pci's remove now waits for the holder: the unbind hangs for real
	start=$(date +%s)
	"$V" device unbind "$edu" --yes 2>/tmp/stuck.err | cat >/tmp/stuck.out
	took=$(($(date +%s) - start))
	result stuck-pipeline-returns "$([ "$took" -lt 25 ] && echo pass || echo fail)" \
		"'vfioctl | cat' returned after $took s (limit 10 s)"
	check_output stuck-says-pending \
		'still pending in the kernel \(pid [0-9]+\): device state uncertain' cat /tmp/stuck.err
	if grep -q 'rolled back:' /tmp/stuck.err; then
		result stuck-not-rolled-back fail "$(grep 'rolled back' /tmp/stuck.err)"
	else
		result stuck-not-rolled-back pass "no rollback claimed"
	fi
	check_output stuck-journal-pending '^pending [0-9]+ sys/bus/pci/devices/.*/driver/unbind$' \
		cat $RUN/device-$edu.journal
	# the lock is free (no "another vfioctl"), and recover waits for the write
	check_exit stuck-recover-denied 3 "$V" recover --yes
	check_output stuck-recover-says-why 'is still writing .* in the kernel' \
		sh -c "'$V' recover --yes 2>&1"
	# listing does not wait on the device lock that the unbind holds
	start=$(date +%s)
	check_output stuck-list-unknown "^$edu +\\?\$" "$V" device list -n -o BDF,OVERRIDE
	took=$(($(date +%s) - start))
	result stuck-list-bounded "$([ "$took" -lt 8 ] && echo pass || echo fail)" "device list took $took s"
	kill "$hold"
	wait "$hold" 2>/dev/null
	sleep 1
	check_exit stuck-recover-after 0 "$V" recover --yes
	check_output stuck-recovered-unbound '^none$' sh -c "basename \$(readlink /sys/bus/pci/devices/$edu/driver 2>/dev/null || echo none)"
	check_output stuck-recovered-override '^\(null\)$' cat /sys/bus/pci/devices/$edu/driver_override
else
	skip stuck-bind "no vfio-hold in the guest (run-vm.sh --extra tests/vm/vfio-hold)"
fi

# --- the module is loaded on demand (libkmod) ------------------------------

if rmmod vfio_pci 2>/dev/null; then
	check_exit claim-loads-vfio-pci 0 "$V" group claim "$group" --yes
	check module-loaded test -d /sys/module/vfio_pci
	check_exit release-after-load 0 "$V" group release "$group" --yes
else
	skip claim-loads-vfio-pci "vfio_pci could not be removed (built in?)"
fi

# --- concurrent changes serialise on the lock ------------------------------

if [ -x /extra/flock ]; then
	mkdir -p $RUN
	/extra/flock $RUN/lock sleep 2 &
	sleep 0.3
	check_exit concurrent-waits 0 "$V" group claim "$group" --yes
	wait
	check_exit concurrent-release 0 "$V" group release "$group" --yes
	/extra/flock $RUN/lock sleep 14 &
	sleep 0.3
	check_output concurrent-refuses 'another vfioctl is changing devices' \
		"$V" group claim "$group" --yes
	wait
	check_output concurrent-changed-nothing '^none$' sh -c "basename \$(readlink /sys/bus/pci/devices/$edu/driver 2>/dev/null || echo none)"
else
	skip concurrent-waits "no flock in the guest (run-vm.sh --extra /usr/bin/flock)"
fi

# --- the disk controller is refused while a filesystem on it is mounted -----

sda_path=$(readlink -f /sys/block/sda/device)
scsi_bdf=$(echo "$sda_path" | tr '/' '\n' | grep -E '^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$' | tail -n 1)
result scsi-controller-found "$([ -n "$scsi_bdf" ] && echo pass || echo fail)" "$scsi_bdf"
mkdir -p /mnt/a
if mke2fs -q /dev/sda1 >/dev/null 2>&1 && mount -t ext2 /dev/sda1 /mnt/a; then
	check_exit mounted-claim-refused 3 "$V" device claim "$scsi_bdf" --yes
	check_output mounted-claim-says-why 'sda1 is mounted on /mnt/a' "$V" device claim "$scsi_bdf" --yes
	check_output mounted-claim-unchanged '^virtio-pci$' pci_driver "$scsi_bdf"
	umount /mnt/a
else
	result mounted-claim-refused fail "could not make or mount an ext2 filesystem on /dev/sda1"
fi

# a bound device: 1 load-module, 2 override, 3 unbind, 4 drivers_probe, 5 read-back;
# a failure after the unbind must bind it back to virtio-pci
check_exit scsi-fault-exit 1 env VFIOCTL_FAULT_STEP=4 "$V" device claim "$scsi_bdf" --yes
check_output scsi-fault-driver-back '^virtio-pci$' pci_driver "$scsi_bdf"
check_output scsi-fault-override '^\(null\)$' cat /sys/bus/pci/devices/$scsi_bdf/driver_override
if wait_for /dev/sda1 10; then
	result scsi-fault-disk-back pass
else
	result scsi-fault-disk-back fail "sda1 did not come back after the rollback"
fi

# unbind takes the controller off its driver (the disk goes away) and
# release brings it back
check_exit scsi-unbind 0 "$V" device unbind "$scsi_bdf" --yes
check_output scsi-unbind-no-driver '^none$' sh -c "basename \$(readlink /sys/bus/pci/devices/$scsi_bdf/driver 2>/dev/null || echo none)"
check scsi-unbind-disk-gone test ! -e /sys/block/sda
check_exit scsi-unbind-release 0 "$V" device release "$scsi_bdf" --yes
check_output scsi-unbind-release-driver '^virtio-pci$' pci_driver "$scsi_bdf"
if wait_for /dev/sda1 10; then
	result scsi-unbind-disk-back pass
else
	result scsi-unbind-disk-back fail "sda1 did not come back after the release"
fi

# unmounted, the controller may go to vfio-pci and must come back to virtio-pci
check_exit scsi-claim 0 "$V" device claim "$scsi_bdf" --yes
check_output scsi-claim-driver '^vfio-pci$' pci_driver "$scsi_bdf"
check_exit scsi-release 0 "$V" device release "$scsi_bdf" --yes
check_output scsi-release-driver '^virtio-pci$' pci_driver "$scsi_bdf"
if wait_for /dev/sda1 10; then
	result scsi-disk-back pass
else
	result scsi-disk-back fail "sda1 did not come back after the release"
fi
