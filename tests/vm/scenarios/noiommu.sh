#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vfio-noiommu: no IOMMU (intel_iommu=off), enable_unsafe_noiommu_mode=1, edu bound through vfioctl.

. /scenarios/lib.sh

EDU_ID=1234:11e8
V=$VM_BINARY


edu=$(pci_find_bdf "$EDU_ID" | head -n 1)
param=/sys/module/vfio/parameters/enable_unsafe_noiommu_mode
if [ -z "$edu" ] || [ -e "/sys/bus/pci/devices/$edu/iommu_group" ]; then
	result noiommu-setup fail "edu '$edu' missing or has an IOMMU group (is intel_iommu=off on the command line?)"
	return 0
fi
if [ ! -e "$param" ]; then
	# Debian 12's 6.1 kernel is built without CONFIG_VFIO_NOIOMMU: vfio
	# then never makes vfio-noiommu groups, and vfioctl must not offer them
	check_output noiommu-absent-claim "has no IOMMU group, so vfio-pci cannot take it \\(is the IOMMU enabled" \
		"$V" device claim "$edu" --dry-run
	if "$V" device claim "$edu" --dry-run 2>&1 | grep -q noiommu; then
		result noiommu-absent-no-offer fail "offers noiommu on a kernel without it"
	else
		result noiommu-absent-no-offer pass "no noiommu offered"
	fi
	# the rest needs the option: fixtures and unit tests cover it (see tests/vm/README.md)
	return 0
fi
[ "$(cat $param 2>/dev/null)" = Y ] || sysfs_write "$param" Y
if [ "$(cat $param 2>/dev/null)" = Y ]; then
	result noiommu-setup pass "edu $edu without a group, enable_unsafe_noiommu_mode=Y"
else
	result noiommu-setup fail "$param: '$(cat $param 2>&1)' (CONFIG_VFIO_NOIOMMU?)"
	return 0
fi

# the claim of a group-less device is refused, and says why honestly
show claim "$V" device claim "$edu" --yes
check_exit noiommu-claim-refused 3 "$V" device claim "$edu" --yes
check_output noiommu-claim-reason "enable_unsafe_noiommu_mode.*device bind $edu vfio-pci --force" \
	"$V" device claim "$edu" --yes

# bind: refused without --force, with the no-IOMMU warning instead of "cannot take it"
show bind-dry "$V" device bind "$edu" vfio-pci --dry-run
check_output noiommu-bind-check "vfio-noiommu group: UNSAFE" "$V" device bind "$edu" vfio-pci --dry-run
if "$V" device bind "$edu" vfio-pci --dry-run 2>&1 | grep -q 'vfio-pci cannot take it'; then
	result noiommu-bind-no-false-reason fail "still says 'vfio-pci cannot take it'"
else
	result noiommu-bind-no-false-reason pass "no false reason"
fi
check_exit noiommu-bind-unforced 3 "$V" device bind "$edu" vfio-pci --yes
show bind "$V" device bind "$edu" vfio-pci --yes --force
check_output noiommu-bound '^vfio-pci$' pci_driver "$edu"
g=$(pci_iommu_group "$edu")
if [ -n "$g" ] && [ "$(cat "/sys/kernel/iommu_groups/$g/name" 2>/dev/null)" = vfio-noiommu ] &&
   wait_for "/dev/vfio/noiommu-$g" 5; then
	result noiommu-group pass "group $g, /dev/vfio/noiommu-$g, class $(ls /sys/class/vfio)"
else
	result noiommu-group fail "group '$g', /dev/vfio: $(ls /dev/vfio 2>&1)"
	return 0
fi

# shown as no-IOMMU (unsafe)
show list "$V" group list
check_output noiommu-list "^ +$g +[a-z]+ +noiommu\\(unsafe\\)" "$V" group list
check_output noiommu-show "warning:  no-IOMMU \\(vfio-noiommu" "$V" group show "$g"
check_output noiommu-show-node "node: +/dev/vfio/noiommu-$g" "$V" group show "$g"
check_output noiommu-show-json '"noiommu": true' "$V" --json group show "$g"
check_output noiommu-status "no-IOMMU groups \\(UNSAFE\\): $g" "$V" status
check_output noiommu-status-json '"noiommu_group_ids": \[' "$V" --json status

# verify through /dev/vfio/noiommu-N with VFIO_NOIOMMU_IOMMU
show verify "$V" group verify "$g"
check_exit noiommu-verify-exit 0 "$V" group verify "$g"
check_output noiommu-verify-open "^  open-group +ok +/dev/vfio/noiommu-$g" "$V" group verify "$g"
check_output noiommu-verify-set-iommu '^  set-iommu +ok +VFIO_NOIOMMU_IOMMU' "$V" group verify "$g"
check_output noiommu-verify-no-dma '^  map-dma +skipped +no IOMMU' "$V" group verify "$g"
check_output noiommu-verify-devices '^  devices +ok +1 of 1 opened' "$V" group verify "$g"
check_output noiommu-verify-warning 'UNSAFE' "$V" group verify "$g"
check_output noiommu-verify-json '"noiommu": true' "$V" --json group verify "$g"

# restore
show unbind "$V" device unbind "$edu" --yes --force
[ -n "$(pci_driver "$edu")" ] && sysfs_write "/sys/bus/pci/devices/$edu/driver/unbind" "$edu"
printf '\n' > "/sys/bus/pci/devices/$edu/driver_override"
if [ -z "$(pci_driver "$edu")" ]; then
	result noiommu-restore pass "edu unbound"
else
	result noiommu-restore fail "driver '$(pci_driver "$edu")'"
fi
