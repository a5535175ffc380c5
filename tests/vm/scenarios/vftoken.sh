#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The SR-IOV VF token: QEMU's NVMe PF on vfio-pci (enable_sriov) with 2 VFs; verify a VF without, with a wrong and with the right token.

. /scenarios/lib.sh

V=$VM_BINARY
NULL_TOKEN=00000000-0000-0000-0000-000000000000
OTHER_TOKEN=2ab74924-c335-45f4-9b16-8569e5b08258


pf=$(pci_find_bdf 1b36:0010 | head -n 1)
if [ -z "$pf" ] || [ ! -e "/sys/bus/pci/devices/$pf/sriov_totalvfs" ]; then
	result vftoken-setup fail "no SR-IOV NVMe PF (vftoken.vm adds one): '$pf'"
	return 0
fi
p=/sys/bus/pci/devices/$pf
[ -L "$p/driver" ] && sysfs_write "$p/driver/unbind" "$pf"
sysfs_write /sys/module/vfio_pci/parameters/enable_sriov Y
sysfs_write "$p/driver_override" vfio-pci
sysfs_write /sys/bus/pci/drivers_probe "$pf"
sysfs_write "$p/sriov_numvfs" 2
vf=$(basename "$(readlink "$p/virtfn0")" 2>/dev/null)
n=50
while [ $n -gt 0 ] && [ -n "$vf" ] && [ "$(pci_driver "$vf")" != vfio-pci ]; do
	sleep 0.1
	n=$((n - 1))
done
vg=
[ -n "$vf" ] && vg=$(pci_iommu_group "$vf")
if [ "$(pci_driver "$pf")" = vfio-pci ] && [ -n "$vf" ] && [ "$(pci_driver "$vf")" = vfio-pci ] &&
   [ -n "$vg" ] && wait_for "/dev/vfio/$vg" 5; then
	result vftoken-setup pass "PF $pf on vfio-pci, numvfs $(cat "$p/sriov_numvfs"), VF $vf in group $vg ($(iommu_group_members "$vg"))"
else
	result vftoken-setup fail "PF driver '$(pci_driver "$pf")', numvfs '$(cat "$p/sriov_numvfs" 2>&1)', VF '$vf' driver '$(pci_driver "$vf" 2>/dev/null)' group '$vg'"
	return 0
fi

show no-token "$V" group verify "$vg"
check_exit vftoken-none-exit 1 "$V" group verify "$vg"
check_output vftoken-none-explained "the PF $pf is bound to vfio-pci with SR-IOV enabled: $vf needs the VF token the PF's user set; pass --vf-token UUID" \
	"$V" group verify "$vg"
check_output vftoken-none-json "\"hint\": \"the PF $pf is bound to vfio-pci with SR-IOV enabled" \
	"$V" --json group verify "$vg"
show wrong-token "$V" group verify "$vg" --vf-token "$OTHER_TOKEN"
check_output vftoken-wrong-explained "refused the VF token: it is not the one the PF's user set" \
	"$V" group verify "$vg" --vf-token "$OTHER_TOKEN"
# the PF's user sets the token: it opens the PF as "BDF vf_token=UUID"
pg=$(pci_iommu_group "$pf")
/extra/vfio-hold "$pg" "$pf vf_token=$OTHER_TOKEN" > /tmp/hold.out 2>&1 &
holder=$!
n=50
while [ $n -gt 0 ] && ! grep -q held /tmp/hold.out; do
	sleep 0.1
	n=$((n - 1))
done
if grep -q held /tmp/hold.out; then
	result vftoken-pf-user pass "pid $holder holds PF $pf (group $pg) with vf_token=$OTHER_TOKEN"
else
	result vftoken-pf-user fail "vfio-hold: $(cat /tmp/hold.out)"
fi
# one open of the VF with the token (a second open of QEMU's NVMe VF in
# the same boot was seen to hang under TCG): JSON, then check its parts
"$V" --json group verify "$vg" --vf-token "$OTHER_TOKEN" > /tmp/right.json 2>&1
rc=$?
sed 's/^/  | /' /tmp/right.json | head -40
if [ $rc -eq 0 ]; then
	result vftoken-right-exit pass "exit 0"
else
	result vftoken-right-exit fail "exit $rc: $(tail -n 3 /tmp/right.json)"
fi
check_output vftoken-right-opened '"opened": true' cat /tmp/right.json
check_output vftoken-json-used '"vf_token": true' cat /tmp/right.json
check_output vftoken-null-wrong "refused the VF token" "$V" group verify "$vg" --vf-token "$NULL_TOKEN"
# the token is never passed to the PF itself (it would change the VFs' token)
check_output vftoken-pf-not-passed "not passed: no member of group $pg is a VF" \
	"$V" group verify "$pg" --vf-token "$NULL_TOKEN"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# restore
sysfs_write "$p/sriov_numvfs" 0
[ -L "$p/driver" ] && sysfs_write "$p/driver/unbind" "$pf"
printf '\n' > "$p/driver_override"
if [ -z "$(pci_driver "$pf")" ] && [ "$(cat "$p/sriov_numvfs")" = 0 ]; then
	result vftoken-restore pass "PF unbound, no VFs"
else
	result vftoken-restore fail "PF driver '$(pci_driver "$pf")', numvfs '$(cat "$p/sriov_numvfs")'"
fi
