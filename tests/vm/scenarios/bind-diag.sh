#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The kernel's own diagnoses: vfio-pci.ids= catching edu, module vs driver names, a failed bind's kernel reason.
#
# Booted with vfio-pci.ids=1234:11e8, so edu is on vfio-pci from the moment
# vfio-pci loads (once it is loaded by kmod's modprobe, which reads the
# command line), through a dynamic ID and without driver_override; init
# loads ahci, which binds the q35 SATA controller and refuses edu.

. /scenarios/lib.sh

V=$VM_BINARY
EDU_ID=1234:11e8
edu=$(pci_find_bdf "$EDU_ID" | head -n 1)
result edu-found "$([ -n "$edu" ] && echo pass || echo fail)" "edu $edu"

# --- dynamic IDs: vfio-pci.ids= on the command line ------------------------

# as booted: init's busybox modprobe does not read module options from
# /proc/cmdline, so vfio-pci came up without the IDs and edu has no driver
check_output booted-ids-not-applied \
	"dynamic id: +vfio-pci.ids=1234:11e8 on the kernel command line matches it, yet it has no driver" \
	"$V" device show "$edu"
check_output booted-ids-not-applied-status "$edu with no driver\$" "$V" status
# load vfio-pci as a distribution does (kmod's modprobe adds vfio-pci.ids= from /proc/cmdline)
rmmod vfio_pci 2>/dev/null
/extra/modprobe vfio-pci
wait_for "/sys/bus/pci/drivers/vfio-pci/$edu" 5
check_output edu-on-vfio-by-ids '^vfio-pci$' pci_driver "$edu"
check_output edu-no-override '^\(null\)$' cat "/sys/bus/pci/devices/$edu/driver_override"
check_output status-dynamic-ids \
	"^dynamic ids: +vfio-pci.ids=1234:11e8 on the kernel command line: $edu on vfio-pci\$" \
	"$V" status
check_output device-show-dynamic-id \
	"dynamic id: +vfio-pci.ids=1234:11e8 on the kernel command line matches it: vfio-pci takes every device with these IDs" \
	"$V" device show "$edu"
check_output device-show-json-dynamic-id '"state": "caught"' "$V" -J device show "$edu"
check_output claim-plan-dynamic-id "warn +dynamic-id +vfio-pci.ids=1234:11e8 on the kernel command line" \
	"$V" --dry-run device claim "$edu"

# --- module names vs driver names, from this kernel's sysfs and modules.dep ----

check_output module-virtio_pci "'virtio_pci' is a module; its PCI driver is 'virtio-pci'" \
	"$V" --dry-run device bind "$edu" virtio_pci
check_output module-virtio_pci-plan 'override <- virtio-pci|driver_override <- virtio-pci' \
	"$V" --dry-run device bind "$edu" virtio_pci
check_output module-unknown "no PCI driver or kernel module is named 'no_such_mod'" \
	"$V" --dry-run device bind "$edu" no_such_mod
check_exit module-no-pci-driver 1 "$V" --dry-run device bind "$edu" vfio_iommu_type1

# --- a bind the driver refuses: ahci has no AHCI BAR (5) on edu: -EINVAL ------

modprobe ahci 2>/dev/null
check_exit bind-ahci-fails 1 "$V" --yes device bind "$edu" ahci
out=$("$V" --yes device bind "$edu" ahci 2>&1)
check_output bind-fail-symptom "driver is '\(none\)', expected 'ahci'" echo "$out"
check_output bind-fail-probe-errno "the driver's probe failed with EINVAL" echo "$out"
check_output bind-fail-kernel-line "kernel log since the step began" echo "$out"
check_output bind-fail-kernel-probe-line "ahci: probe of $edu failed with error -22|$edu: probe with driver ahci failed with error -22" \
	echo "$out"
json=$("$V" --yes -J device bind "$edu" ahci 2>/dev/null)
check_output bind-fail-json-probe-errno '"probe_errno": "EINVAL"' echo "$json"
check_output bind-fail-json-kernel-log "\"ahci: probe of $edu failed with error -22\"|\"[^\"]*$edu: probe with driver ahci failed with error -22\"" \
	echo "$json"
check_output bind-fail-rolled-back '^vfio-pci$' pci_driver "$edu"
check_output bind-fail-override-back '^\(null\)$' cat "/sys/bus/pci/devices/$edu/driver_override"

# --- a module that is not loaded, from this kernel's modules.dep ------------

rmmod ahci 2>/dev/null
check_output module-unloaded-ahci "'ahci' is a module that is not loaded" \
	"$V" --dry-run device bind "$edu" ahci
