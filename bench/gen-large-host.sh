#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# gen-large-host.sh ROOT [NSLOTS]: a big server sysroot for benchmarks (NSLOTS x 4-function cards)
#
# Each slot is a root port with a 4-function card behind it, all in one
# IOMMU group, with mixed drivers: 5 functions a slot, so NSLOTS=400 gives
# 2,000 PCI functions and 400 groups, the size of a large GPU/NIC server.
set -eu
root=$1
nslots=${2:-400}
LIBSYSFS_DIR=$(cd "$(dirname "$0")/../tests/fixtures" && pwd)
. "$LIBSYSFS_DIR/lib-sysfs.sh"

rm -rf "$root"
sysroot_init "$root"
kernel_release "$root" 6.1.0-18-amd64
proc_cmdline "$root" "ro quiet intel_iommu=on iommu=pt"
iommu_unit "$root" dmar0
pci_ids "$root"
i=0
while [ "$i" -lt "$nslots" ]; do
	# 200 slots per PCI domain: root port 00:DD.F, its card on bus i%200+1
	dom=$(printf '%04x' $((i / 200)))
	bus=$(printf '%02x' $((i % 200 + 1)))
	pbus=$bus
	rp=$(printf '%s:00:%02x.%d' "$dom" $(( (i % 200) / 8 )) $(( (i % 200) % 8 )))
	pci_dev "$root" "$rp" "pci$dom:00" class=0x060400 vendor=0x8086 device=0x1901 \
		secbus="$pbus" driver=pcieport group="$i"
	for fn in 0 1 2 3; do
		case $fn in
		0) cls=0x030000 drv=nouveau dev=0x1b80 ;;
		1) cls=0x040300 drv=snd_hda_intel dev=0x10f0 ;;
		2) cls=0x0c0330 drv=xhci_hcd dev=0x1ad6 ;;
		3) cls=0x0c8000 drv= dev=0x1ad7 ;;
		esac
		pci_dev "$root" "$dom:$bus:00.$fn" "$rp" class=$cls vendor=0x10de device=$dev \
			mf=1 ${drv:+driver=$drv} group="$i" reset="flr bus"
	done
	i=$((i + 1))
done
echo "$root: $(ls "$root/sys/bus/pci/devices" | wc -l) PCI functions, $(ls "$root/sys/kernel/iommu_groups" | wc -l) IOMMU groups"
