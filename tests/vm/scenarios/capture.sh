#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Capture the guest's sysfs (with edu claimed for vfio-pci) as a fixture tree, printed base64 on the console.

. /scenarios/lib.sh

V=$VM_BINARY
edu=$(pci_find_bdf 1234:11e8 | head -n 1)
group=$(pci_iommu_group "$edu")
check_exit capture-claim 0 "$V" group claim "$group" --yes
check capture-tree sh /extra/capture-sysroot /tmp/cap
check capture-tar tar -C /tmp/cap -czf /tmp/cap.tar.gz .
echo "CAPTURE-BEGIN"
base64 /tmp/cap.tar.gz
echo "CAPTURE-END"
check_exit capture-release 0 "$V" group release "$group" --yes
