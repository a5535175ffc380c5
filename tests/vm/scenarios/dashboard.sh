#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The dashboard against the real kernel: batch frames show edu's group, and a
# bind announced by a kernel uevent reaches the next frame without Ctrl-L.

. /scenarios/lib.sh

EDU_ID=1234:11e8
V=$VM_BINARY

edu=$(pci_find_bdf "$EDU_ID" | head -n 1)
group=
[ -n "$edu" ] && group=$(pci_iommu_group "$edu")
if [ -z "$edu" ] || [ -z "$group" ]; then
	result dashboard-setup fail "no edu device ($EDU_ID) with an IOMMU group"
	return 0
fi
result dashboard-setup pass "edu $edu in group $group"
dev=/sys/bus/pci/devices/$edu

check_exit dashboard-batch-exit 0 "$V" dashboard --batch
check_output dashboard-batch-group "^ +$group  viable  " "$V" dashboard --batch
check_output dashboard-batch-edu "^       \`- $edu  \(none\) " "$V" dashboard --batch
check_output dashboard-batch-header "^vfioctl  kernel $(uname -r)  IOMMU on " "$V" dashboard --batch
check_exit dashboard-needs-terminal 2 "$V" dashboard

# frames every 2 s; edu is bound by hand after the first one. The snapshot
# is read again only on a PCI uevent, so a later frame showing vfio-pci
# proves the uevent path on a real kernel.
out=/tmp/dashboard-frames
"$V" dashboard --batch --iterations 3 -d 2 > "$out" 2>&1 &
pid=$!
sleep 1
sysfs_write "$dev/driver_override" vfio-pci
sysfs_write /sys/bus/pci/drivers_probe "$edu"
wait "$pid"
echo "--- dashboard frames around a bind:"
sed 's/^/  | /' "$out"
first=$(awk -v RS= 'NR == 1' "$out" | grep -c -- "- $edu  (none) ")
last=$(awk -v RS= 'NR == 3' "$out" | grep -c -- "- $edu  vfio-pci ")
if [ "$first" = 1 ] && [ "$last" = 1 ]; then
	result dashboard-uevent-refresh pass "frame 1: (none), frame 3: vfio-pci"
else
	result dashboard-uevent-refresh fail "frame 1 unbound: $first, frame 3 on vfio-pci: $last"
fi
check_output dashboard-vfio-count "vfio-pci devices 1" "$V" dashboard --batch

# back as it was
sysfs_write "$dev/driver/unbind" "$edu"
sysfs_write "$dev/driver_override" ""

# --- a claim and a release made from the dashboard's own keys ---------------
# The dashboard runs on a pseudo-terminal (script(1)); the keys filter the
# groups pane down to edu's group, then 'c' opens the claim dialog and 'y'
# applies it through core's change session, as a user at the screen would.
dash_keys()
{
	# $1: the action key; the dashboard needs a moment to draw under TCG
	sleep 6
	printf '/%s\r' "$edu"
	sleep 2
	printf '%s' "$1"
	sleep 4
	printf 'y'
	sleep 6
	printf 'q'
	sleep 2
}
if [ -x /extra/script ] && [ -r /lib/terminfo/v/vt100 ]; then
	dash_keys c | TERM=vt100 timeout 60 /extra/script -qfec "$V dashboard -d 1" /dev/null \
		> /tmp/dash-claim.log 2>&1
	echo "--- dashboard claim (screen bytes, tail):"
	# the screen's bytes, made printable; the last line ends so that the
	# RESULT line after it starts a line of its own on the console
	tail -c 2000 /tmp/dash-claim.log | tr -c '[:print:]\n' ' ' | sed 's/^/  | /' | tail -n 20
	echo
	if [ "$(pci_driver "$edu")" = vfio-pci ]; then
		result dashboard-claim-binds pass "$edu -> vfio-pci through the dashboard's 'c' and 'y'"
	else
		result dashboard-claim-binds fail "driver of $edu is '$(pci_driver "$edu")' after the dashboard's claim"
	fi
	check_output dashboard-claim-journal "^claimed|group-$group" ls /run/vfioctl
	dash_keys r | TERM=vt100 timeout 60 /extra/script -qfec "$V dashboard -d 1" /dev/null \
		> /tmp/dash-release.log 2>&1
	if [ -z "$(pci_driver "$edu")" ]; then
		result dashboard-release-unbinds pass "$edu back to no driver through 'r' and 'y'"
	else
		result dashboard-release-unbinds fail "driver of $edu is '$(pci_driver "$edu")' after the dashboard's release"
	fi
else
	result dashboard-claim-binds fail "script(1) or the vt100 terminfo is missing from the guest"
fi
