#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# What devices are used for (device show, USED) on the real kernel, and a capture that says the same (issue 11).

. /scenarios/lib.sh

V=$VM_BINARY
CAP=/extra/capture-sysroot

# --- an e1000e with its interface up, an address and the default route
nic=$(pci_find_bdf 8086:10d3 | head -n 1)
result nic-found "$([ -n "$nic" ] && echo pass || echo fail)" "$nic"
ifname=$(ls "/sys/bus/pci/devices/$nic/net" 2>/dev/null | head -n 1)
if ! { ip link set "$ifname" up && ip addr add 10.0.2.15/24 dev "$ifname" &&
	ip route add default via 10.0.2.2 dev "$ifname"; } >/tmp/net.log 2>&1; then
	result nic-setup fail "$(tr '\n' ' ' </tmp/net.log)"
fi
# the link may not be up yet: the kernel's operstate is shown beside IFF_UP then
check_output nic-show-routed "network: +$ifname up( \(operstate [a-z]+\))?, routed \(default route\)" \
	"$V" device show "$nic"
check_output nic-show-in-use "in use: +yes: $ifname routed" "$V" device show "$nic"
check_output nic-list-used "^$nic +$ifname routed\$" "$V" device list -n -o BDF,USED
check_output nic-json-default-route '"default_route":true' \
	sh -c "'$V' device show '$nic' -J | tr -d ' \n'"

# --- the virtio-scsi disk: sda1 mounted, sda held open
sda_path=$(readlink -f /sys/block/sda/device)
scsi=$(echo "$sda_path" | tr '/' '\n' | grep -E '^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$' | tail -n 1)
mkdir -p /mnt/u
if ! { mke2fs -q /dev/sda1 && mount -t ext2 /dev/sda1 /mnt/u; } >/tmp/mnt.log 2>&1; then
	result scsi-mount fail "$(tr '\n' ' ' </tmp/mnt.log)"
fi
sleep 120 </dev/sda &
holder=$!
sleep 0.5
check_output scsi-show-mounted 'sda1: mounted on /mnt/u' "$V" device show "$scsi"
check_output scsi-show-open "/dev/sda by pid $holder \(sleep\)" "$V" device show "$scsi"
check_output scsi-list-used "^$scsi +/mnt/u mounted, sda open\$" "$V" device list -n -o BDF,USED

# --- a capture (as root) says what the host says
check capture-root sh "$CAP" /tmp/cap
for b in "$nic" "$scsi"; do
	"$V" device show "$b" >/tmp/live.txt 2>&1
	"$V" --sysroot /tmp/cap device show "$b" >/tmp/capd.txt 2>&1
	if cmp -s /tmp/live.txt /tmp/capd.txt; then
		result "capture-show-$b" pass "same device show"
	else
		result "capture-show-$b" fail "$(diff /tmp/live.txt /tmp/capd.txt | tr '\n' ' ')"
	fi
	"$V" device claim "$b" --dry-run 2>&1 | sed 's|/tmp/cap||g' >/tmp/live.txt
	"$V" --sysroot /tmp/cap device claim "$b" --dry-run 2>&1 | sed 's|/tmp/cap||g' >/tmp/capd.txt
	if cmp -s /tmp/live.txt /tmp/capd.txt; then
		result "capture-plan-$b" pass "same plan"
	else
		result "capture-plan-$b" fail "$(diff /tmp/live.txt /tmp/capd.txt | tr '\n' ' ')"
	fi
done
"$V" device list -o BDF,DRIVER,USED >/tmp/live.txt 2>&1
"$V" --sysroot /tmp/cap device list -o BDF,DRIVER,USED >/tmp/capd.txt 2>&1
check capture-list-same cmp /tmp/live.txt /tmp/capd.txt

# --- a capture by a user cannot see root's descriptors: the plan says so
rm -rf /tmp/capu
check capture-user run_as vmuser sh "$CAP" /tmp/capu
check_output capture-user-not-checked 'warn +open +not fully checked: the open files of [0-9]+ process\(es\) cannot be read' \
	"$V" --sysroot /tmp/capu device claim "$scsi" --dry-run
check_output capture-user-show-unknown 'not checked: +open: the open files of' \
	"$V" --sysroot /tmp/capu device show "$scsi"

kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
umount /mnt/u
