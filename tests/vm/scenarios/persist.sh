# SPDX-License-Identifier: GPL-2.0-or-later
# Kept claims survive a reboot: boot 1 keeps them on sda2, boot 2 lets udev apply them.
#
# Boot 1 claims edu (no host driver) and an e1000e NIC (a host driver) with
# --persist, and plants an entry whose IDs do not match 00:1f.3, then saves
# /etc/vfioctl on the raw sda2 partition (tar), as the root file system
# would keep it. Boot 2 restores it, unloads e1000e so that only udev loads
# it (as 80-drivers.rules does at boot), starts systemd-udevd with the
# shipped 70-vfioctl.rules and replays the coldplug "add" events, like
# systemd-udev-trigger.service: edu and the NIC must come up on vfio-pci
# although e1000e was loaded for the NIC; 00:1f.3 must be left alone. Then
# the NIC is handed back to e1000e (a host driver that won the race, as
# Debian's initramfs does) and one more "add" must take it back.

. /scenarios/lib.sh

V=$VM_BINARY
STORE=/etc/vfioctl/persist.d
boot=1
for arg in $(cat /proc/cmdline); do
	case $arg in vfioctl.boot=*) boot=${arg#*=} ;; esac
done
edu=$(pci_find_bdf 1234:11e8 | head -n 1)
nic=$(pci_find_bdf 8086:10d3 | head -n 1)

if [ "$boot" = 1 ]; then
	check_exit keep-edu 0 "$V" --yes --persist device claim "$edu"
	check_exit keep-nic 0 "$V" --yes --persist device claim "$nic"
	check_output nic-claimed '^vfio-pci$' pci_driver "$nic"
	check_output list-matches "^$edu matches\$" "$V" -n -r -o BDF,STATE persist list
	# an entry for a device that is not what it says: never bound
	printf 'vfioctl-persist 1\ndevice 0000:00:1f.3\nids 8086:ffff\nsubsystem 1af4:1100\nclass 0x0c0500\ngroup 0\ndriver vfio-pci\n' \
		> "$STORE/0000:00:1f.3"
	check_output list-id-changed '^0000:00:1f.3 ID\\x20changed$' "$V" -n -r -o BDF,STATE persist list
	check save-store tar cf /dev/sda2 -C / etc/vfioctl
	sync
	return 0 2>/dev/null || exit 0
fi

# --- boot 2: the same disk, a fresh kernel ---------------------------------
check restore-store tar xf /dev/sda2 -C /
check_output kept-after-reboot "$edu" ls "$STORE"
check_output edu-unbound-at-boot '^none$' sh -c "basename \$(readlink /sys/bus/pci/devices/$edu/driver 2>/dev/null || echo none)"
# init loaded e1000e; take it away so that udev's kmod builtin loads it
sysfs_write /sys/bus/pci/devices/"$nic"/driver/unbind "$nic" 2>/dev/null
rmmod e1000e
check_output nic-unbound-before-udev '^none$' sh -c "basename \$(readlink /sys/bus/pci/devices/$nic/driver 2>/dev/null || echo none)"
# the rule names the installed binary; make that path reach the one under test
rule_bin=$(sed -n 's|.*RUN+="\([^ ]*\) .*|\1|p' /lib/udev/rules.d/70-vfioctl.rules)
if [ -n "$rule_bin" ] && [ ! -x "$rule_bin" ]; then
	mkdir -p "${rule_bin%/*}" && ln -s "$V" "$rule_bin"
fi
mkdir -p /run/udev
/lib/systemd/systemd-udevd --daemon --resolve-names=never
udevadm trigger --type=devices --subsystem-match=pci --action=add
udevadm settle --timeout=60
check_output edu-on-vfio-after-reboot '^vfio-pci$' pci_driver "$edu"
check_output nic-on-vfio-after-reboot '^vfio-pci$' pci_driver "$nic"
check_output udev-loaded-e1000e '^e1000e' sh -c "lsmod | grep '^e1000e'"
check_output override-kept "^vfio-pci\$" cat /sys/bus/pci/devices/"$nic"/driver_override
check_output mismatch-not-bound '^\(null\)$' cat /sys/bus/pci/devices/0000:00:1f.3/driver_override
check_output list-after-reboot "^$nic matches\$" "$V" -n -r -o BDF,STATE persist list

# a host driver that grabbed the device first (built in, or the initramfs)
sysfs_write /sys/bus/pci/devices/"$nic"/driver_override "e1000e"
sysfs_write /sys/bus/pci/devices/"$nic"/driver/unbind "$nic"
sysfs_write /sys/bus/pci/drivers_probe "$nic"
check_output nic-on-host-driver '^e1000e$' pci_driver "$nic"
check_output list-bound-elsewhere "^$nic bound\\\\x20elsewhere\$" "$V" -n -r -o BDF,STATE persist list
sysfs_write /sys/bus/pci/devices/"$nic"/driver_override "
"
udevadm trigger --type=devices --action=add /sys/bus/pci/devices/"$nic"
udevadm settle --timeout=60
check_output nic-taken-back '^vfio-pci$' pci_driver "$nic"

# release --persist forgets the entries
check_exit release-forgets 0 "$V" --yes --persist device release "$edu"
check_output entry-gone '^gone$' sh -c "[ -e $STORE/$edu ] && echo kept || echo gone"
udevadm control --exit 2>/dev/null
