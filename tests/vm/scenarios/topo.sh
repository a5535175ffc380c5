#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# device list --tree and group show's reasons on a real kernel's config space:
# an e1000e behind QEMU's pcie-root-port (1b36:000c), read as root.

. /scenarios/lib.sh

V=$VM_BINARY
RP_ID=1b36:000c
NIC_ID=8086:10d3

tree=$("$V" device list --tree -n -o NAME,ID,TYPE,ACS,ISOLATES 2>&1)
rc=$?
echo "--- device list --tree (exit $rc)"
printf '%s\n' "$tree" | sed 's/^/  | /'
rp=$(printf '%s\n' "$tree" | grep " $RP_ID " | head -n 1)
nic=$(printf '%s\n' "$tree" | grep " $NIC_ID " | head -n 1)
case $rp in
*"root port"*) result topo-root-port pass "$rp" ;;
*) result topo-root-port fail "no root port line for $RP_ID: '$rp'" ;;
esac
# root reads 4096 bytes of a PCIe port: its ACS is known, never '?'
case $rp in
*" ? "* | *unknown*) result topo-acs-read fail "ACS unknown as root: '$rp'" ;;
*) result topo-acs-read pass "$rp" ;;
esac
# the NIC is drawn one level below the root port
case $nic in
*'`-'*endpoint* | *'|-'*endpoint*) result topo-nic-below-port pass "$nic" ;;
*) result topo-nic-below-port fail "'$nic'" ;;
esac
if "$V" device list --tree -J > /tmp/tree.json 2>&1 && grep -q '"children"' /tmp/tree.json; then
	result topo-json pass "nested children"
else
	result topo-json fail "$(head -c 300 /tmp/tree.json)"
fi
nicbdf=$(pci_find_bdf "$NIC_ID" | head -n 1)
group=
[ -n "$nicbdf" ] && group=$(pci_iommu_group "$nicbdf")
if [ -n "$group" ]; then
	out=$("$V" group show "$group" --tree 2>&1)
	rc=$?
	echo "--- group show $group --tree (exit $rc)"
	printf '%s\n' "$out" | sed 's/^/  | /'
	if [ $rc -eq 0 ] && ! printf '%s\n' "$out" | grep -q "64-byte"; then
		result topo-group-show pass "group $group"
	else
		result topo-group-show fail "exit $rc"
	fi
else
	result topo-group-show fail "no IOMMU group for $NIC_ID"
fi
