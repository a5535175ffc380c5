#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vfioctl group verify against the real kernel: edu bound to vfio-pci by hand.
#
# With interrupt remapping (the default) every step must pass; with
# run-vm.sh --no-intremap the scenario expects set-iommu to fail with EPERM.

. /scenarios/lib.sh

EDU_ID=1234:11e8
V=$VM_BINARY

edu=$(pci_find_bdf "$EDU_ID" | head -n 1)
group=
[ -n "$edu" ] && group=$(pci_iommu_group "$edu")
if [ -z "$edu" ] || [ -z "$group" ]; then
	result verify-setup fail "no edu device ($EDU_ID) with an IOMMU group"
	return 0
fi
result verify-setup pass "edu $edu in group $group: $(iommu_group_members "$group")"
dev=/sys/bus/pci/devices/$edu

if dmesg | grep -q 'Enabled IRQ remapping'; then
	intremap=1
else
	intremap=0
fi

# --- refusals before anything is bound --------------------------------------

check_exit verify-sysroot-other-refused 2 "$V" --sysroot /tmp group verify "$group"
check_exit verify-bad-arg 2 "$V" group verify x
check_exit verify-unbound-exit 1 "$V" group verify "$group"
check_output verify-unbound-hint "group $group is not bound to vfio-pci.*vfioctl group claim $group" \
	"$V" group verify "$group"

# --- bind edu to vfio-pci by hand --------------------------------------------

if sysfs_write "$dev/driver_override" vfio-pci &&
   sysfs_write /sys/bus/pci/drivers_probe "$edu" &&
   [ "$(pci_driver "$edu")" = vfio-pci ] && wait_for "/dev/vfio/$group" 5; then
	result verify-bind pass "$edu -> vfio-pci, /dev/vfio/$group"
else
	result verify-bind fail "driver '$(pci_driver "$edu")', /dev/vfio: $(ls /dev/vfio 2>&1)"
fi

# --- the VFIO ioctls ---------------------------------------------------------

show verify "$V" group verify "$group"
show verify-json "$V" --json group verify "$group"

if [ $intremap -eq 1 ]; then
	check_exit verify-exit 0 "$V" group verify "$group"
	check_output verify-reset-warning 'warning: opening a device may reset it' \
		"$V" group verify "$group"
	check_output verify-api '^  api-version +ok +version 0$' "$V" group verify "$group"
	check_output verify-viable '^  group-status +ok +viable$' "$V" group verify "$group"
	check_output verify-set-iommu '^  set-iommu +ok ' "$V" group verify "$group"
	check_output verify-pgsizes '^  iommu-info +ok +page sizes [0-9]+[KMG]' \
		"$V" group verify "$group"
	check_output verify-dma-map '^  map-dma +ok +iova 0x[0-9a-f]+ size [1-9][0-9]* ' \
		"$V" group verify "$group"
	check_output verify-dma-unmap '^  unmap-dma +ok ' "$V" group verify "$group"
	check_output verify-devices "^  devices +ok +1 of 1 opened" "$V" group verify "$group"
	# edu: BAR0 is 1 MiB of MMIO, mmap-able; config space is there too
	check_output verify-bar0 '^ +0 BAR0 +1048576 read,write,mmap ' "$V" group verify "$group"
	check_output verify-config '^ +7 CONFIG +[1-9][0-9]* read,write ' "$V" group verify "$group"
	check_output verify-irq-msi '^ +1 MSI +1 ' "$V" group verify "$group"
	check_output verify-interfaces "interfaces: +legacy group /dev/vfio/$group; iommufd /dev/iommu (present|absent)" \
		"$V" group verify "$group"
	check_exit verify-json-exit 0 "$V" --json group verify "$group"
	check_output verify-json-regions '"regions": \[' "$V" --json group verify "$group"
	check_output verify-json-ok '"ok": true' "$V" --json group verify "$group"
	check_output verify-json-bar0-size '"size": 1048576' "$V" --json group verify "$group"
else
	check_exit verify-exit-nointremap 1 "$V" group verify "$group"
	check_output verify-set-iommu-eperm '^  set-iommu +failed +Operation not permitted: no interrupt remapping' \
		"$V" group verify "$group"
	check_output verify-nointremap-error "group $group: set-iommu failed: Operation not permitted" \
		"$V" group verify "$group"
	check_output verify-json-failed-step '"failed_step": "set-iommu"' \
		"$V" --json group verify "$group"
fi

# an unprivileged user: /dev/vfio/N is root's, the open is refused
check_exit verify-unprivileged-exit 1 run_as vmuser "$V" group verify "$group"
check_output verify-unprivileged-open-group '^  open-group +failed +Permission denied' \
	run_as vmuser "$V" group verify "$group"

# --- a busy group: the open is exclusive -------------------------------------

sleep 30 < "/dev/vfio/$group" &
holder=$!
# wait until the holder has the node open
n=50
while [ $n -gt 0 ]; do
	ls -l "/proc/$holder/fd" 2>/dev/null | grep -q "/dev/vfio/$group" && break
	sleep 0.1
	n=$((n - 1))
done
show verify-busy "$V" group verify "$group"
check_exit verify-busy-exit 1 "$V" group verify "$group"
check_output verify-busy-step '^  open-group +failed +Device or resource busy' \
	"$V" group verify "$group"
check_output verify-busy-holder "group $group is busy: held by pid $holder \\(" \
	"$V" group verify "$group"
check_output verify-busy-json-holder "\"pid\": $holder" "$V" --json group verify "$group"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

if [ $intremap -eq 1 ]; then
	check_exit verify-after-release-exit 0 "$V" group verify "$group"
else
	check_output verify-after-release 'set-iommu failed' "$V" group verify "$group"
fi

# --- unbind and clear the override --------------------------------------------

[ -L "$dev/driver" ] && sysfs_write "$dev/driver/unbind" "$edu"
printf '\n' > "$dev/driver_override"
if [ -z "$(pci_driver "$edu")" ] && [ ! -e "/dev/vfio/$group" ] &&
   [ "$(cat "$dev/driver_override")" = "(null)" ]; then
	result verify-restore pass "$edu unbound, override (null), /dev/vfio/$group gone"
else
	result verify-restore fail "driver '$(pci_driver "$edu")', override '$(cat "$dev/driver_override")', /dev/vfio: $(ls /dev/vfio 2>&1)"
fi
check_exit verify-unbound-again-exit 1 "$V" group verify "$group"
