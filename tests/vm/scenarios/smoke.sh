#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Smoke test of the VM harness against the real kernel, without vfioctl.

. /scenarios/lib.sh

EDU_ID=1234:11e8

# --- IOMMU --------------------------------------------------------------

check_output iommu-units '^dmar[0-9]+' ls /sys/class/iommu

ngroups=$(ls /sys/kernel/iommu_groups 2>/dev/null | wc -l)
if [ "$ngroups" -gt 0 ]; then
	result iommu-groups pass "$ngroups groups"
else
	result iommu-groups fail "/sys/kernel/iommu_groups is empty or missing"
fi

# VFIO_SET_IOMMU(TYPE1v2) fails with EPERM without interrupt remapping
# (unless vfio_iommu_type1.allow_unsafe_interrupts=1).
check_output iommu-irq-remapping 'Enabled IRQ remapping' dmesg
check_output vfio-unsafe-interrupts-off '^N$' \
	cat /sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts

# --- the edu device ------------------------------------------------------

edu=$(pci_find_bdf "$EDU_ID" | head -n 1)
if [ -n "$edu" ]; then
	result edu-present pass "$edu"
else
	result edu-present fail "no PCI device $EDU_ID (is -device edu on the QEMU command line?)"
fi

group=
if [ -n "$edu" ] && group=$(pci_iommu_group "$edu"); then
	result edu-iommu-group pass "group $group: $(iommu_group_members "$group")"
else
	result edu-iommu-group fail "${edu:-edu} has no iommu_group link"
fi

# --- block and SCSI devices -------------------------------------------------

for dev in sda sda1 sda2 sr0; do
	if wait_for "/sys/class/block/$dev" 10 && [ -b "/dev/$dev" ]; then
		result "block-$dev" pass "$(cat "/sys/class/block/$dev/size") sectors"
	else
		result "block-$dev" fail "/sys/class/block/$dev or /dev/$dev missing: $(ls /sys/class/block)"
	fi
done
check_output scsi-generic '^sg[0-9]+' ls /sys/class/scsi_generic
check_output sda-scheduler-bfq 'bfq' cat /sys/block/sda/queue/scheduler

# --- kernel log -----------------------------------------------------------

check_output kmsg-readable '^[0-9]+,[0-9]+,[0-9]+,' \
	timeout 5 head -n 1 /dev/kmsg

# --- cgroup v2 io -----------------------------------------------------------

check_output cgroup2-io-controller '(^| )io( |$)' cat /sys/fs/cgroup/cgroup.controllers

cg=/sys/fs/cgroup/vm-smoke
if sysfs_write /sys/fs/cgroup/cgroup.subtree_control "+io" 2>/dev/null &&
   mkdir "$cg" 2>/dev/null; then
	missing=
	for f in io.weight io.max io.stat io.pressure io.bfq.weight; do
		[ -f "$cg/$f" ] || missing="$missing $f"
	done
	if [ -z "$missing" ]; then
		result cgroup2-io-files pass "io.weight io.max io.stat io.pressure io.bfq.weight"
	else
		result cgroup2-io-files fail "missing in $cg:$missing"
	fi
	rmdir "$cg"
else
	result cgroup2-io-files fail "cannot enable +io or create $cg"
fi

# --- bind edu to vfio-pci and back (the sysfs ABI vfioctl relies on) -------

dev=/sys/bus/pci/devices/$edu
if [ -z "$edu" ] || [ -z "$group" ]; then
	skip vfio-bind "no edu device with an IOMMU group"
	skip vfio-group-node "no edu device with an IOMMU group"
	skip vfio-unbind "no edu device with an IOMMU group"
	skip vfio-override-clear "no edu device with an IOMMU group"
else
	check vfio-pci-driver test -d /sys/bus/pci/drivers/vfio-pci

	# An unprivileged user must not be able to set driver_override.
	check_output run-as-vmuser '^1000$' run_as vmuser id -u
	check_output vfio-override-unprivileged-refused 'Permission denied' \
		run_as vmuser sh -c "printf vfio-pci > $dev/driver_override"

	if sysfs_write "$dev/driver_override" vfio-pci &&
	   sysfs_write /sys/bus/pci/drivers_probe "$edu"; then
		drv=$(pci_driver "$edu")
		if [ "$drv" = vfio-pci ]; then
			result vfio-bind pass "$edu -> vfio-pci"
		else
			result vfio-bind fail "$edu driver is '${drv:-<none>}' after drivers_probe"
		fi
	else
		result vfio-bind fail "writing driver_override or drivers_probe failed"
	fi

	if wait_for "/dev/vfio/$group" 5 && [ -c "/dev/vfio/$group" ] &&
	   [ -c /dev/vfio/vfio ]; then
		result vfio-group-node pass "/dev/vfio/$group $(ls /dev/vfio | tr '\n' ' ')"
	else
		result vfio-group-node fail "no /dev/vfio/$group: $(ls /dev/vfio 2>&1)"
	fi

	if [ -L "$dev/driver" ]; then
		sysfs_write "$dev/driver/unbind" "$edu"
	fi
	drv=$(pci_driver "$edu")
	if [ -z "$drv" ] && [ ! -e "/dev/vfio/$group" ]; then
		result vfio-unbind pass "$edu unbound, /dev/vfio/$group gone"
	else
		result vfio-unbind fail "driver '${drv}' /dev/vfio: $(ls /dev/vfio 2>&1)"
	fi

	# Clear with "\n" and read back "(null)" (a "\0" write is not portable).
	printf '\n' > "$dev/driver_override"
	check_output vfio-override-clear '^\(null\)$' cat "$dev/driver_override"
fi

# --- the program under test (optional here) ----------------------------------

if [ -z "${VM_BINARY:-}" ] || [ ! -x "$VM_BINARY" ]; then
	result binary-installed fail "VM_BINARY '${VM_BINARY:-}' is not executable"
else
	result binary-installed pass "$VM_BINARY"
	loader=$(ls /lib64/ld-linux-*.so.* 2>/dev/null | head -n 1)
	if [ -n "$loader" ] && "$loader" --verify "$VM_BINARY" >/dev/null 2>&1; then
		if libs=$("$loader" --list "$VM_BINARY" 2>&1) &&
		   ! echo "$libs" | grep -q 'not found'; then
			result binary-libs-resolve pass "$(echo "$libs" | awk '{print $1}')"
		else
			result binary-libs-resolve fail "$libs"
		fi
	else
		skip binary-libs-resolve "not a dynamically linked ELF"
	fi
fi
