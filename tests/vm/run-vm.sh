#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC3043 # "local": dash, busybox ash and bash have it
# Boot one vfioctl test scenario in a QEMU guest and report it as TAP.
#
# Usage: run-vm.sh [--scenario NAME] [--binary PATH] [--build-dir DIR]
#                  [--timeout SEC] [--extra FILE[:DEST]]... [--dmesg]
#                  [--append KERNEL_ARGS] [--no-intremap]
#                  [--device QEMU_DEVICE]... [--module NAME]... [--boots N]
#
# --no-intremap gives the guest an IOMMU without interrupt remapping, so that
# VFIO_SET_IOMMU(TYPE1v2) fails with EPERM ("No interrupt remapping support")
# unless --append vfio_iommu_type1.allow_unsafe_interrupts=1.
#
# --device adds a QEMU -device (e.g. e1000e, a card with a host driver).
# --module adds a kernel module to the initramfs (loaded at boot).
# --boots N boots the same disk image N times (a reboot: what the guest
# kept on sda survives); boot K gets "vfioctl.boot=K" and its own timeout.
#
# Output: TAP on stdout.  Exit status: 0 when every check passed (or when
# the harness is missing and CI is not "true": then "1..0 # SKIP ..." and
# exit 0, so automake's TAP driver records a skip); 1 when a check failed,
# VM-DONE never appeared or no check ran; 2 on a usage error.
#
# Environment: CI=true turns a missing harness into a failure; VM_KVER picks
# the kernel (default: newest /boot/vmlinuz-*); QEMU names the emulator
# binary; VM_ACCEL overrides "-accel tcg" (e.g. VM_ACCEL=kvm).

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
PROG=${0##*/}

SCENARIO=smoke
BINARY=${VFIOCTL:-}
BUILD_DIR=${VM_BUILD_DIR:-$PWD/vm-build}
TIMEOUT=120
EXTRAS=
DMESG=0
APPEND_EXTRA=
INTREMAP=on
DEVICES=
BOOTS=1
QEMU=${QEMU:-qemu-system-x86_64}
ACCEL=${VM_ACCEL:-tcg}

usage()
{
	sed -n 's/^# \{0,1\}//; 5,7p' "$0" >&2
	exit "${1:-2}"
}

while [ $# -gt 0 ]; do
	case "$1" in
	--scenario)	SCENARIO=${2:?}; shift ;;
	--binary)	BINARY=${2:?}; shift ;;
	--build-dir)	BUILD_DIR=${2:?}; shift ;;
	--timeout)	TIMEOUT=${2:?}; shift ;;
	--extra)	EXTRAS="$EXTRAS ${2:?}"; shift ;;
	--dmesg)	DMESG=1 ;;
	--append)	APPEND_EXTRA="$APPEND_EXTRA ${2:?}"; shift ;;
	--no-intremap)	INTREMAP=off ;;
	--device)	DEVICES="$DEVICES -device ${2:?}"; shift ;;
	--boots)	BOOTS=${2:?}; shift ;;
	--module)	VM_EXTRA_MODULES="${VM_EXTRA_MODULES:-} ${2:?}"; export VM_EXTRA_MODULES; shift ;;
	-h|--help)	usage 0 ;;
	*)		echo "$PROG: unknown argument: $1" >&2; usage ;;
	esac
	shift
done

case "$TIMEOUT" in
''|*[!0-9]*)
	echo "$PROG: --timeout needs a number of seconds" >&2
	exit 2
	;;
esac

if [ -z "$BINARY" ]; then
	if [ -x "$HERE/../../src/vfioctl" ]; then
		BINARY=$HERE/../../src/vfioctl
	else
		echo "$PROG: no --binary given and no src/vfioctl" >&2
		exit 2
	fi
fi

# Report a missing harness: a failure under CI, a skip otherwise.
harness_missing()
{
	local what="harness missing: $1: install qemu-system-x86 linux-image-amd64 busybox-static cpio kmod fdisk"

	if [ "${CI:-}" = true ]; then
		echo "1..1"
		echo "not ok 1 - vm-$SCENARIO # $what"
		exit 1
	fi
	echo "1..0 # SKIP $what"
	exit 0
}

PATH=$PATH:/usr/sbin:/sbin	# sfdisk, depmod, modprobe
export PATH
command -v "$QEMU" >/dev/null 2>&1 || harness_missing "no $QEMU in PATH"
if [ -n "${VM_KVER:-}" ]; then
	KVER=$VM_KVER
else
	KVER=$(ls /boot/vmlinuz-* 2>/dev/null | sed 's|^/boot/vmlinuz-||' |
	       sort -V | tail -n 1)
fi
KERNEL=/boot/vmlinuz-$KVER
if [ -z "$KVER" ] || [ ! -r "$KERNEL" ]; then
	harness_missing "no readable /boot/vmlinuz-*"
fi
[ -d "/lib/modules/$KVER" ] || harness_missing "no /lib/modules/$KVER"
[ -x /bin/busybox ] || harness_missing "no /bin/busybox"
for tool in cpio sfdisk depmod modprobe timeout; do
	command -v "$tool" >/dev/null 2>&1 || harness_missing "no $tool"
done
[ -f "$BINARY" ] || { echo "$PROG: binary not found: $BINARY" >&2; exit 2; }

mkdir -p "$BUILD_DIR" || exit 2
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
LOG=$BUILD_DIR/console-$SCENARIO.log

# Print the console log as TAP diagnostics, with only the end of the
# kernel log that init appends after a failure (the file has it all).
dump_log()
{
	echo "# console log (full copy in $LOG):"
	tr -d '\r' < "$LOG" | awk '
		function flush(i) {
			if (nk > 60)
				print "dmesg: [... " nk - 60 " lines left out ...]"
			for (i = (nk > 60 ? nk - 60 : 0); i < nk; i++)
				print kmsg[i % 60]
			nk = 0
		}
		/^dmesg: / { kmsg[nk++ % 60] = $0; next }
		{ flush(); print }
		END { flush() }' | sed 's/^/#   /'
}

# shellcheck disable=SC2086 # EXTRAS is a blank-separated list
if ! VM_KVER=$KVER "$HERE/mkinitramfs.sh" "$BUILD_DIR" "$BINARY" $EXTRAS \
		> "$BUILD_DIR/mkinitramfs.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - vm-$SCENARIO # mkinitramfs.sh failed: $(tail -n 1 "$BUILD_DIR/mkinitramfs.log")"
	sed 's/^/# /' "$BUILD_DIR/mkinitramfs.log"
	exit 1
fi

# A fresh disk each run: two partitions, sda1 and sda2 in the guest.
DISK=$BUILD_DIR/disk-$SCENARIO.img
rm -f "$DISK"
if ! truncate -s 64M "$DISK" ||
   ! printf 'label: dos\n,32M,L\n,,L\n' |
     sfdisk -q "$DISK" > "$BUILD_DIR/sfdisk.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - vm-$SCENARIO # could not create $DISK: $(tail -n 1 "$BUILD_DIR/sfdisk.log")"
	exit 1
fi

# no_timer_check: under TCG on a loaded host the IO-APIC timer test
# (timer_irq_works) can miss its ticks, and with interrupt remapping the
# guest then panics at boot ("timer doesn't work through Interrupt-remapped
# IO-APIC"); virtual machines' kernels skip that test this way.
APPEND="console=ttyS0 intel_iommu=on no_timer_check panic=-1 quiet vfioctl.scenario=$SCENARIO"
APPEND="$APPEND vfioctl.timeout=$((TIMEOUT > 30 ? TIMEOUT - 20 : TIMEOUT))"
[ "$DMESG" = 1 ] && APPEND="$APPEND vfioctl.dmesg=1"
APPEND="$APPEND$APPEND_EXTRA"

# intel-iommu,intremap=on gives the guest interrupt remapping ("DMAR-IR:
# Enabled IRQ remapping in xapic mode"); without it vfio_iommu_type1 refuses
# VFIO_SET_IOMMU(TYPE1v2) with EPERM.  Checked on QEMU 7.2 with TCG and
# Debian's 6.1 kernel: SET_IOMMU(TYPE1v2), MAP_DMA and GET_DEVICE_FD on edu
# all succeed.  Under TCG, intremap is on by default and kernel-irqchip=split
# is accepted but not needed; under KVM (VM_ACCEL=kvm) intremap=on requires
# kernel-irqchip=split, so keep both.  caching-mode=on is not needed for
# VFIO inside the guest; it is kept for parity with nested assignment setups.
start=$(date +%s)
: > "$LOG"
boot=0
qrc=0
while [ "$boot" -lt "$BOOTS" ] && [ "$qrc" -eq 0 ]; do
boot=$((boot + 1))
# shellcheck disable=SC2086 # DEVICES is a list of -device words
timeout -k 5 "$TIMEOUT" "$QEMU" \
	-accel "$ACCEL" -M q35,kernel-irqchip=split -m 512 -smp 1 \
	-nographic -no-reboot -net none \
	-device intel-iommu,intremap=$INTREMAP,caching-mode=on \
	-device edu $DEVICES \
	-device virtio-scsi-pci,id=scsi0 \
	-drive if=none,id=d0,file="$DISK",format=raw \
	-device scsi-hd,drive=d0,bus=scsi0.0 \
	-drive if=none,id=cd0,media=cdrom \
	-device scsi-cd,drive=cd0,bus=scsi0.0 \
	-kernel "$KERNEL" -initrd "$BUILD_DIR/initramfs.cpio.gz" \
	-append "$APPEND vfioctl.boot=$boot" \
	< /dev/null >> "$LOG" 2>&1
qrc=$?
done
elapsed=$(($(date +%s) - start))

TAP=$BUILD_DIR/tap-$SCENARIO.txt
tr -d '\r' < "$LOG" | awk -v qrc="$qrc" -v limit="$TIMEOUT" -v boots="$BOOTS" '
	/^RESULT / {
		n++
		name = $2
		status = $3
		detail = $0
		sub(/^RESULT +[^ ]+ +[^ ]+ ?/, "", detail)
		if (status == "pass") {
			line = "ok " n " - " name
			if (detail != "")
				line = line " # " detail
			# a pass detail must not read as a directive
			if (detail ~ /^[Ss][Kk][Ii][Pp]|^[Tt][Oo][Dd][Oo]/)
				line = "ok " n " - " name " # note: " detail
		} else if (status == "skip") {
			line = "ok " n " - " name " # SKIP " detail
		} else {
			if (detail ~ /^[Ss][Kk][Ii][Pp]|^[Tt][Oo][Dd][Oo]/)
				detail = "fail: " detail
			line = "not ok " n " - " name " # " detail
			failed++
		}
		print line
		next
	}
	/^VM-DONE/ { done++ }
	END {
		if (done < boots) {
			n++
			if (qrc == 124 || qrc == 137)
				why = "timed out after " limit " s"
			else
				why = "qemu exited with status " qrc
			print "not ok " n " - vm-done # VM-DONE never appeared: " why " (kernel panic, hang or crash?)"
			failed++
		} else if (n == 0) {
			n++
			print "not ok " n " - vm-checks # no RESULT lines: zero checks ran"
			failed++
		}
		print "1.." n > "/dev/stderr"
		exit failed ? 1 : 0
	}' > "$TAP" 2> "$TAP.plan"
rc=$?

cat "$TAP.plan" "$TAP"
echo "# scenario $SCENARIO: boot took ${elapsed}s (accel $ACCEL, kernel $KVER, initramfs $(wc -c < "$BUILD_DIR/initramfs.cpio.gz") bytes)"
echo "# console log: $LOG"
if [ $rc -ne 0 ]; then
	dump_log
	exit 1
fi
exit 0
