#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /init of the vfioctl test VM: set up, run one scenario, report, power off.
#
# Kernel arguments read from /proc/cmdline:
#   vfioctl.scenario=NAME	run /scenarios/NAME.sh (required)
#   vfioctl.timeout=SECS	scenario time limit (default 90)
#   vfioctl.dmesg=1		always print the kernel log before VM-DONE
#				(it is printed anyway when a check failed)
#
# Output on the console: RESULT lines from the scenario, an extra failing
# RESULT if the scenario is missing, times out or exits non-zero, then VM-DONE.

PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
umask 022

mkdir -p /proc /sys /dev /run /tmp
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs tmpfs /dev/shm
mount -t cgroup2 cgroup2 /sys/fs/cgroup
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null

# Keep kernel messages off the console so that RESULT lines stay whole;
# they remain in dmesg and /dev/kmsg.
echo 1 > /proc/sys/kernel/printk
hostname vfioctl-vm

while read -r mod; do
	[ -n "$mod" ] || continue
	modprobe "$mod" || echo "init: modprobe $mod failed"
done < /etc/vm-modules

SCENARIO=
TIMEOUT=90
DMESG=0
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	vfioctl.scenario=*)
		SCENARIO=${arg#*=}
		;;
	vfioctl.timeout=*)
		TIMEOUT=${arg#*=}
		;;
	vfioctl.dmesg=*)
		DMESG=${arg#*=}
		;;
	esac
done

# Give the SCSI scan time to create the harness disks (bounded).
i=0
while [ $i -lt 100 ]; do
	[ -e /sys/class/block/sda2 ] && [ -e /sys/class/block/sr0 ] && break
	sleep 0.1
	i=$((i + 1))
done

[ -f /etc/vm-harness.conf ] && . /etc/vm-harness.conf
export VM_BINARY VM_KVER
VM_RESULTS=/run/vm-results
export VM_RESULTS
: > "$VM_RESULTS"

echo "init: kernel $(uname -r), scenario '${SCENARIO:-<none>}', timeout ${TIMEOUT}s"

fail=0
if [ -z "$SCENARIO" ]; then
	echo "RESULT scenario fail no vfioctl.scenario= on the kernel command line"
	fail=1
elif [ ! -f "/scenarios/$SCENARIO.sh" ]; then
	echo "RESULT scenario-$SCENARIO fail no such scenario: /scenarios/$SCENARIO.sh"
	fail=1
else
	cd /tmp || cd /
	# Source it so that falling off its end counts as success whatever
	# its last command returned; an explicit "exit N" (N > 0), a syntax
	# error or a "set -e" abort still shows as a non-zero status.
	timeout -s TERM -k 5 "$TIMEOUT" \
		sh -c '. "$1"; exit 0' sh "/scenarios/$SCENARIO.sh"
	rc=$?
	cd /
	if [ $rc -eq 143 ] || [ $rc -eq 137 ]; then
		echo "RESULT scenario-$SCENARIO fail timed out after ${TIMEOUT}s (status $rc)"
		fail=1
	elif [ $rc -ne 0 ]; then
		echo "RESULT scenario-$SCENARIO fail scenario exited with status $rc"
		fail=1
	fi
fi

if [ $fail -ne 0 ] || [ "$DMESG" = 1 ] || grep -q '^[^ ]* fail' "$VM_RESULTS"; then
	echo "init: kernel log follows"
	dmesg | sed 's/^/dmesg: /'
fi

echo VM-DONE
sync
poweroff -f
# Not reached; if it is, the kernel panics and QEMU (-no-reboot) exits.
sleep 5
exit 1
