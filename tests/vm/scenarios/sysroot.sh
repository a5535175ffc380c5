#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The sysroot path context and the bridge test against the real kernel's sysfs (issue 6, items 4, 10, 13).

. /scenarios/lib.sh

V=$VM_BINARY

# --- config space is read right: header type byte 0x0e of each function ---

# header type as the kernel's config file says, 0x7f masked: 0 endpoint, 1 bridge
header_of()
{
	od -An -tu1 -j14 -N1 "/sys/bus/pci/devices/$1/config" | awk '{ print $1 % 128 }'
}
bad=
for d in /sys/bus/pci/devices/*; do
	bdf=${d##*/}
	want=$(header_of "$bdf")
	case $want in 0) want=endpoint ;; 1) want=bridge ;; *) want=cardbus ;; esac
	got=$("$V" device show "$bdf" --json | sed -n 's/.*"header_type": "\([a-z]*\)".*/\1/p')
	[ "$got" = "$want" ] || bad="$bad $bdf:$got/$want"
done
result header-type-from-config "$([ -z "$bad" ] && echo pass || echo fail)" "${bad:-every function agrees with its config file}"

# --- one bridge test: every class 06 function is KIND bridge and BRIDGE true ---

bad=
for d in /sys/bus/pci/devices/*; do
	bdf=${d##*/}
	cls=$(cat "$d/class")
	row=$("$V" device list -n -o BDF,KIND,BRIDGE | awk -v b="$bdf" '$1 == b { print $2, $3 }')
	case $cls in
	0x06*) [ "$row" = "bridge true" ] || bad="$bad $bdf($cls):$row" ;;
	*) [ "$row" != "bridge true" ] || bad="$bad $bdf($cls):$row" ;;
	esac
done
result bridge-kind-agrees "$([ -z "$bad" ] && echo pass || echo fail)" "${bad:-KIND and BRIDGE follow class 06}"

# q35: 00:00.0 is the host bridge, 00:1f.0 the ICH9 LPC bridge (header type 0)
check_output hostbridge-platform 'platform bridge' "$V" device show 0000:00:00.0
lpc=0000:00:1f.0
lpc_driver=$(pci_driver "$lpc")
lpc_group=$(pci_iommu_group "$lpc")
check_output lpc-plan-never-bound "$lpc .*platform bridge: never bound" \
	"$V" group claim "$lpc_group" --dry-run
check_exit lpc-bind-refused 3 "$V" device bind "$lpc" vfio-pci --yes
check_output lpc-driver-unchanged "^${lpc_driver:-none}\$" \
	sh -c "basename \$(readlink /sys/bus/pci/devices/$lpc/driver 2>/dev/null || echo none)"

# --- a --sysroot tree over the real sysfs: openat2 and the fallback agree ---

T=/tmp/tree
mkdir -p $T/sys $T/proc $T/dev
mount -o bind /sys $T/sys && mount -o bind /proc $T/proc && mount -o bind /dev $T/dev
"$V" device list -o BDF,GROUP,KIND,DRIVER,BRIDGE >/tmp/live.txt 2>&1
"$V" --sysroot $T device list -o BDF,GROUP,KIND,DRIVER,BRIDGE >/tmp/openat2.txt 2>&1
VFIOCTL_TEST_NO_OPENAT2=1 "$V" --sysroot $T device list -o BDF,GROUP,KIND,DRIVER,BRIDGE \
	>/tmp/walk.txt 2>&1
check sysroot-openat2-equals-live cmp /tmp/live.txt /tmp/openat2.txt
check sysroot-walk-equals-live cmp /tmp/live.txt /tmp/walk.txt
"$V" group list >/tmp/live-g.txt 2>&1
VFIOCTL_TEST_NO_OPENAT2=1 "$V" --sysroot $T group list >/tmp/walk-g.txt 2>&1
check sysroot-walk-groups-equal-live cmp /tmp/live-g.txt /tmp/walk-g.txt
umount $T/dev $T/proc $T/sys
