#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The group node: missing, someone else's MAJ:MIN, not the user's (two edu devices on vfio-pci).

. /scenarios/lib.sh

EDU_ID=1234:11e8
V=$VM_BINARY


# bind_vfio BDF: edu to vfio-pci by hand, as verify.sh does
bind_vfio()
{
	sysfs_write "/sys/bus/pci/devices/$1/driver_override" vfio-pci &&
		sysfs_write /sys/bus/pci/drivers_probe "$1" &&
		[ "$(pci_driver "$1")" = vfio-pci ]
}

unbind()
{
	[ -L "/sys/bus/pci/devices/$1/driver" ] &&
		sysfs_write "/sys/bus/pci/devices/$1/driver/unbind" "$1"
	printf '\n' > "/sys/bus/pci/devices/$1/driver_override"
}

set -- $(pci_find_bdf "$EDU_ID")
edu=$1 edu2=${2:-}
if [ -z "$edu" ] || [ -z "$edu2" ]; then
	result node-setup fail "two edu devices wanted (verify-node.vm adds one): '$*'"
	return 0
fi
g=$(pci_iommu_group "$edu")
g2=$(pci_iommu_group "$edu2")
if bind_vfio "$edu" && bind_vfio "$edu2" && wait_for "/dev/vfio/$g" 5 &&
   wait_for "/dev/vfio/$g2" 5; then
	result node-setup pass "$edu group $g, $edu2 group $g2 on vfio-pci"
else
	result node-setup fail "drivers '$(pci_driver "$edu")' '$(pci_driver "$edu2")', /dev/vfio: $(ls /dev/vfio 2>&1)"
	return 0
fi
dev=$(cat "/sys/class/vfio/$g/dev")
dev2=$(cat "/sys/class/vfio/$g2/dev")
check_exit node-baseline-verify 0 "$V" group verify "$g"

# --- 1. the node is missing while the group is on vfio-pci -------------------
rm -f "/dev/vfio/$g"
show missing-verify "$V" group verify "$g"
check_exit node-missing-exit 1 "$V" group verify "$g"
check_output node-missing-verify "/dev/vfio/$g is missing although $edu is bound to vfio-pci.*udev" \
	"$V" group verify "$g"
if "$V" group verify "$g" 2>&1 | grep -q -e 'not bound to vfio-pci' -e 'group claim'; then
	result node-missing-no-false-reason fail "still says 'not bound to vfio-pci'"
else
	result node-missing-no-false-reason pass "no 'not bound to vfio-pci'"
fi
check_output node-missing-verify-json '"failed_step": "group-node"' "$V" --json group verify "$g"
check_output node-missing-verify-json-state '"state": "missing"' "$V" --json group verify "$g"
check_output node-missing-show "node: +missing: /dev/vfio/$g is missing" "$V" group show "$g"
check_output node-missing-show-json '"state": "missing"' "$V" --json group show "$g"
check_output node-missing-status "group $g: /dev/vfio/$g is missing" "$V" status
check_output node-missing-status-json "\"group_dev\": \"$dev\"" "$V" --json status
check_output node-missing-mknod-hint "mknod /dev/vfio/$g c ${dev%%:*} ${dev##*:}" "$V" group show "$g"

# --- 2. the node has the other group's MAJ:MIN --------------------------------
mknod "/dev/vfio/$g" c "${dev2%%:*}" "${dev2##*:}"
show wrong-verify "$V" group verify "$g"
check_exit node-wrong-exit 1 "$V" group verify "$g"
check_output node-wrong-verify "/dev/vfio/$g is the device $dev2, which is VFIO group $g2's .*not group $g's \\($dev\\)" \
	"$V" group verify "$g"
check_output node-wrong-no-device-opened '^  devices +skipped' "$V" group verify "$g"
check_output node-wrong-show "node: +wrong-device" "$V" group show "$g"
check_output node-wrong-json "\"belongs_to\": \"$g2\"" "$V" --json group verify "$g"
check_output node-wrong-status "group $g: /dev/vfio/$g is the device $dev2" "$V" status
# the other group itself is fine
check_exit node-wrong-other-ok 0 "$V" group verify "$g2"
rm -f "/dev/vfio/$g"

# a node of no VFIO group at all (the container's number plus nothing)
mknod "/dev/vfio/$g" c 1 3
check_output node-foreign-verify "/dev/vfio/$g is the device 1:3, which is no VFIO group's" \
	"$V" group verify "$g"
rm -f "/dev/vfio/$g"

# --- 3. the right node, restored; then not the user's -----------------------
mknod -m 0600 "/dev/vfio/$g" c "${dev%%:*}" "${dev##*:}"
check_exit node-restored-verify 0 "$V" group verify "$g"
check_output node-restored-open-group "^  open-group +ok +/dev/vfio/$g \\($dev, the group's device\\)" \
	"$V" group verify "$g"
show noaccess-verify run_as vmuser "$V" group verify "$g"
check_output node-noaccess-verify "open-group failed: Permission denied: /dev/vfio/$g is crw------- uid 0 gid 0: this user \\(uid 1000\\)" \
	run_as vmuser "$V" group verify "$g"
check_output node-noaccess-show "node: +no-access" run_as vmuser "$V" group show "$g"

# --- 4. a leftover node of a group that is not on vfio-pci -------------------
unbind "$edu2"
wait_for_gone=50
while [ $wait_for_gone -gt 0 ] && [ -e "/sys/class/vfio/$g2" ]; do
	sleep 0.1
	wait_for_gone=$((wait_for_gone - 1))
done
rm -f "/dev/vfio/$g2"
mknod "/dev/vfio/$g2" c "${dev%%:*}" "${dev##*:}"
show leftover-verify "$V" group verify "$g2"
check_output node-leftover-verify "/dev/vfio/$g2 is the device $dev, which is VFIO group $g's .*group $g2 has no group device" \
	"$V" group verify "$g2"
if "$V" group verify "$g2" 2>&1 | grep -q 'open-group +ok'; then
	result node-leftover-not-opened fail "verified group $g through /dev/vfio/$g2"
else
	result node-leftover-not-opened pass "not opened"
fi
check_output node-leftover-show "node: +wrong-device" "$V" group show "$g2"
rm -f "/dev/vfio/$g2"

# --- restore ------------------------------------------------------------------
unbind "$edu"
unbind "$edu2"
if [ -z "$(pci_driver "$edu")" ] && [ -z "$(pci_driver "$edu2")" ]; then
	result node-restore pass "both edu unbound"
else
	result node-restore fail "drivers '$(pci_driver "$edu")' '$(pci_driver "$edu2")'"
fi
