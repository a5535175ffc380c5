#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# select-vs-lspci.sh: 'device list -s/-d' selects exactly what lspci selects on the same fixture tree
#
# lspci reads a fixture through libpci's sysfs backend
# (-A linux-sysfs -O sysfs.path=TREE/sys/bus/pci), so both programs see the
# same devices; for each selector the two lists of addresses must be equal,
# and a selector lspci rejects must be a usage error (2) here. lspci comes
# with pciutils (tools/deps.sh TEST_DEPS); without it the test is skipped.
# Environment: as run-case.sh (VFIOCTL, VFIOCTL_FIXTURES).
set -u
set -f	# the selectors hold '*': never file name patterns
: "${VFIOCTL:?VFIOCTL must name the vfioctl binary}"
: "${VFIOCTL_FIXTURES:?VFIOCTL_FIXTURES must name the fixture trees}"
if ! command -v lspci >/dev/null 2>&1; then
	echo "SKIP: lspci (pciutils) is not installed"
	[ "${CI:-}" = true ] && exit 99
	exit 77
fi
fail=0 n=0
for fx in desktop server-sriov qemu-captured acs-override platform-bridges; do
	tree=$VFIOCTL_FIXTURES/$fx
	[ -d "$tree/sys/bus/pci/devices" ] || continue
	for sel in "-s 1:" "-s 01:00" "-s .1" "-s 1f" "-s 0000:00:1f.3" "-s 00:" "-s *:*.0" \
		"-s 10000::" "-s e1:" "-s 0:1:" "-s :.2" "-s 41:02" \
		"-d 8086:" "-d :10f0" "-d 10de:*" "-d ::0403" "-d ::06xx" "-d ::0x00" \
		"-d ::0c03:30" "-d *:*:0200" "-d 1022::06" "-d 144d:a80a:0108:02" \
		"-s 1: -d 10de:" "-s 00: -d ::0c05" \
		"-s 1:2:3:4" "-s 100:" "-s 20" "-s 0.8" "-d 10de" "-d 10de0:" "-d ::3g00" \
		"-d ::0c03:300"; do
		n=$((n + 1))
		# shellcheck disable=SC2086 # $sel is options and their values
		want=$(lspci -A linux-sysfs -O "sysfs.path=$tree/sys/bus/pci" -D -n $sel 2>/dev/null)
		lrc=$?
		# shellcheck disable=SC2086
		got=$(cd "$VFIOCTL_FIXTURES" && "$VFIOCTL" --sysroot "$fx" device list -n -r -o BDF $sel 2>/dev/null)
		vrc=$?
		want=$(printf '%s\n' "$want" | awk 'NF { print $1 }')
		if [ $lrc -ne 0 ] && [ -z "$want" ]; then
			# lspci said the selector is bad (it exits 1 for an empty list too)
			# shellcheck disable=SC2086
			if ! lspci -A linux-sysfs -O "sysfs.path=$tree/sys/bus/pci" $sel 2>&1 >/dev/null |
				grep -q .; then
				want_rc=0
			else
				want_rc=2
			fi
		else
			want_rc=0
		fi
		if [ "$vrc" -ne "$want_rc" ] || [ "$got" != "$want" ]; then
			printf 'FAIL %s %s: lspci (%s) selects:\n%s\nvfioctl (exit %s):\n%s\n' "$fx" "$sel" \
				"$lrc" "$want" "$vrc" "$got"
			fail=1
		fi
	done
done
echo "$n selectors compared with lspci"
exit $fail
