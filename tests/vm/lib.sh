# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for vfioctl VM scenarios: RESULT reporting, checks, PCI lookups.
# shellcheck disable=SC3043 # "local": dash, busybox ash and bash have it
#
# Source it from a scenario:	. /scenarios/lib.sh
#
# Every check prints exactly one line on the console:
#	RESULT <name> pass|fail|skip <detail>
# <name> has no blanks (they become '-'); <detail> is one line, at most
# VM_DETAIL_MAX characters.  The host turns these lines into TAP.

VM_RESULTS=${VM_RESULTS:-/run/vm-results}
VM_DETAIL_MAX=${VM_DETAIL_MAX:-300}
VM_TAIL_LINES=${VM_TAIL_LINES:-4}

# Flatten stdin to one line of at most VM_DETAIL_MAX characters.
_vm_oneline()
{
	tr '\r\n\t' '   ' | sed 's/  */ /g; s/^ //; s/ $//' |
		cut -c "1-$VM_DETAIL_MAX"
}

# result NAME pass|fail|skip [DETAIL...]
result()
{
	local name status detail

	name=$(printf '%s' "$1" | tr -s ' \t#' '---')
	status=$2
	shift 2
	case "$status" in
	pass|fail|skip)
		;;
	*)
		detail="bad status '$status': $*"
		status=fail
		set -- "$detail"
		;;
	esac
	detail=$(printf '%s' "$*" | _vm_oneline)
	# One write(2) per line keeps it whole on the serial console.
	printf 'RESULT %s %s %s\n' "$name" "$status" "$detail"
	printf '%s %s %s\n' "$name" "$status" "$detail" >> "$VM_RESULTS"
}

# skip NAME [DETAIL...]
skip()
{
	local name="$1"

	shift
	result "$name" skip "$@"
}

# _vm_run OUTFILE CMD...: run CMD with stdout+stderr to OUTFILE, return status
_vm_run()
{
	local out="$1"

	shift
	"$@" > "$out" 2>&1 < /dev/null
}

# _vm_tail OUTFILE: ": " and the last lines of a command's output, flattened
_vm_tail()
{
	local text

	text=$(tail -n "$VM_TAIL_LINES" "$1" | _vm_oneline)
	[ -n "$text" ] && printf ': %s' "$text"
}

# show NAME CMD...: run CMD, print its output and exit status into the
# console log (for the reader of a failed run), and return its status
show()
{
	local name="$1" out rc

	shift
	out=$(mktemp)
	"$@" > "$out" 2>&1 < /dev/null
	rc=$?
	echo "--- $name: $* (exit $rc)"
	sed 's/^/  | /' "$out"
	rm -f "$out"
	return $rc
}

# check NAME CMD...: pass if CMD exits 0.
check()
{
	local name="$1" out rc

	shift
	out=$(mktemp)
	_vm_run "$out" "$@"
	rc=$?
	if [ $rc -eq 0 ]; then
		result "$name" pass
	else
		result "$name" fail "exit $rc from '$*'$(_vm_tail "$out")"
	fi
	rm -f "$out"
	return $rc
}

# check_exit NAME EXPECTED_CODE CMD...: pass if CMD exits EXPECTED_CODE.
check_exit()
{
	local name="$1" want="$2" out rc

	shift 2
	out=$(mktemp)
	_vm_run "$out" "$@"
	rc=$?
	if [ $rc -eq "$want" ]; then
		result "$name" pass "exit $rc"
		rm -f "$out"
		return 0
	fi
	result "$name" fail "exit $rc (want $want) from '$*'$(_vm_tail "$out")"
	rm -f "$out"
	return 1
}

# check_output NAME PATTERN CMD...: pass if the output (stdout+stderr) of
# CMD matches the extended regular expression PATTERN.  The exit status is
# not looked at (pair it with check_exit when it matters).
check_output()
{
	local name="$1" pattern="$2" out rc

	shift 2
	out=$(mktemp)
	_vm_run "$out" "$@"
	rc=$?
	if grep -Eq -- "$pattern" "$out"; then
		result "$name" pass "$(grep -E -m 1 -- "$pattern" "$out" | _vm_oneline)"
		rm -f "$out"
		return 0
	fi
	result "$name" fail "no match for /$pattern/ (exit $rc) from '$*'$(_vm_tail "$out")"
	rm -f "$out"
	return 1
}

# run_as USER CMD...: run CMD as USER (vmuser is uid 1000, nobody 65534).
# busybox su wants its options before USER, and "--" keeps it from taking
# CMD's options as its own; the words after USER become $0 and $@ of -c.
run_as()
{
	local user="$1"

	shift
	su -s /bin/sh -c 'exec "$@"' -- "$user" sh "$@"
}

# wait_for PATH [SECS]: wait until PATH exists (default 10 s).
wait_for()
{
	local path="$1" n=$((${2:-10} * 10))

	while [ $n -gt 0 ]; do
		[ -e "$path" ] && return 0
		sleep 0.1
		n=$((n - 1))
	done
	[ -e "$path" ]
}

# sysfs_write FILE VALUE: write VALUE (no newline added) with one write(2).
sysfs_write()
{
	printf '%s' "$2" > "$1"
}

# pci_find_bdf VENDOR:DEVICE: print the BDF of each matching PCI device.
# Returns 1 when there is none.
pci_find_bdf()
{
	local vendor="${1%%:*}" device="${1#*:}" dev found=1

	for dev in /sys/bus/pci/devices/*; do
		[ -f "$dev/vendor" ] || continue
		[ "$(cat "$dev/vendor")" = "0x$vendor" ] || continue
		[ "$(cat "$dev/device")" = "0x$device" ] || continue
		echo "${dev##*/}"
		found=0
	done
	return $found
}

# pci_iommu_group BDF: print the IOMMU group number of BDF.
# Returns 1 when the device has no group.
pci_iommu_group()
{
	local link="/sys/bus/pci/devices/$1/iommu_group"

	[ -L "$link" ] || return 1
	basename "$(readlink "$link")"
}

# pci_driver BDF: print the name of the bound driver (nothing if unbound).
pci_driver()
{
	local link="/sys/bus/pci/devices/$1/driver"

	[ -L "$link" ] && basename "$(readlink "$link")"
	return 0
}

# iommu_group_members N: print the devices of IOMMU group N.
iommu_group_members()
{
	ls "/sys/kernel/iommu_groups/$1/devices" 2>/dev/null
}
