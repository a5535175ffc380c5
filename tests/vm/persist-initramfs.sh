#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# persist-initramfs.sh: Debian's own initramfs (mkinitramfs + vfioctl's hook) binds kept devices before host drivers
#
# Builds a real initramfs-tools image with the installed-form hook
# (data/initramfs-tools/vfioctl), the udev rule and two kept entries (edu,
# and an e1000e NIC whose module is in the image), plus a test script in
# scripts/init-premount, which runs after initramfs-tools' udev coldplug
# and module loading. Boots it in QEMU and checks that both devices are on
# vfio-pci, that e1000e was loaded (by udev's 80-drivers.rules, in the
# same coldplug) without taking the NIC, and that the process is the one a
# Debian boot follows. Output: TAP; exit 0 pass, 1 fail, 77 skip (a
# missing mkinitramfs, QEMU or kernel; under CI=true that is a failure).
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${abs_top_builddir:-$PWD}
out=$build/tests/vm/build/persist-initramfs
bin=$build/src/vfioctl
PATH=$PATH:/usr/sbin:/sbin
export PATH

skip()
{
	if [ "${CI:-}" = true ]; then
		echo "1..1"
		echo "not ok 1 - persist-initramfs # harness missing: $1"
		exit 1
	fi
	echo "1..0 # SKIP $1"
	exit 77
}

command -v mkinitramfs >/dev/null 2>&1 || skip "no mkinitramfs (install initramfs-tools)"
command -v "${QEMU:-qemu-system-x86_64}" >/dev/null 2>&1 || skip "no QEMU"
kver=${VM_KVER:-$(ls /boot/vmlinuz-* 2>/dev/null | sed 's|^/boot/vmlinuz-||' | sort -V | tail -n 1)}
[ -n "$kver" ] && [ -r "/boot/vmlinuz-$kver" ] || skip "no readable /boot/vmlinuz-*"
for f in "$bin" "$build/data/initramfs-tools/vfioctl" "$build/data/udev/70-vfioctl.rules"; do
	[ -f "$f" ] || { echo "Bail out! not built: $f"; exit 99; }
done

rm -rf "$out"
mkdir -p "$out/conf/hooks" "$out/conf/conf.d" "$out/conf/scripts/init-premount" "$out/store"
sed 's/^MODULES=.*/MODULES=list/' /etc/initramfs-tools/initramfs.conf >"$out/conf/initramfs.conf"
echo e1000e >"$out/conf/modules"
# the hook as installed, pointed at this build and at a store of our own
sed -e "s|^from=.*|from=$out/store|" \
	-e "s|^copy_exec [^ ]* \\([^ ]*\\)|copy_exec $bin \\1|" \
	-e "s|cp -p [^ ]*/70-vfioctl.rules|cp -p $build/data/udev/70-vfioctl.rules|" \
	"$build/data/initramfs-tools/vfioctl" >"$out/conf/hooks/vfioctl"
chmod +x "$out/conf/hooks/vfioctl"
# QEMU's q35 puts -device edu at 00:02.0 and the e1000e after it at 00:03.0
for e in "0000:00:02.0 1234:11e8 1af4:1100 0x00ff00" "0000:00:03.0 8086:10d3 8086:0000 0x020000"; do
	set -- $e
	printf 'vfioctl-persist 1\ndevice %s\nids %s\nsubsystem %s\nclass %s\ngroup GROUP\ndriver vfio-pci\n' \
		"$1" "$2" "$3" "$4" >"$out/store/$1"
done
# the groups of the guest's fixed q35 layout (tests/vm/README.md: edu alone
# in group 2; the e1000e after it alone in group 3)
sed -i 's/^group GROUP$/group 2/' "$out/store/0000:00:02.0"
sed -i 's/^group GROUP$/group 3/' "$out/store/0000:00:03.0"
cat >"$out/conf/scripts/init-premount/zz-vfioctl-test" <<'SCRIPT'
#!/bin/sh
# test: report what initramfs-tools' udev coldplug left, then power off
case "$1" in prereqs) exit 0 ;; esac
drv() { d=/sys/bus/pci/devices/$1/driver; [ -L "$d" ] && basename "$(readlink "$d")" || echo none; }
res() { if [ "$2" = "$3" ]; then echo "RESULT $1 pass $2"; else echo "RESULT $1 fail got '$2', want '$3'"; fi; }
echo	# the console setup leaves escape codes on the first line
res initramfs-has-entries "$(ls /etc/vfioctl/persist.d | tr '\n' ' ')" "0000:00:02.0 0000:00:03.0 "
res edu-on-vfio-in-initramfs "$(drv 0000:00:02.0)" vfio-pci
res nic-on-vfio-in-initramfs "$(drv 0000:00:03.0)" vfio-pci
res e1000e-loaded "$(grep -c '^e1000e ' /proc/modules)" 1
res override-set "$(cat /sys/bus/pci/devices/0000:00:03.0/driver_override)" vfio-pci
res journal-written "$(ls /run/vfioctl | grep -c 'device-.*journal$')" 2
echo VM-DONE
poweroff -f
SCRIPT
chmod +x "$out/conf/scripts/init-premount/zz-vfioctl-test"
if ! mkinitramfs -d "$out/conf" -o "$out/initrd.img" "$kver" >"$out/mkinitramfs.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - mkinitramfs # $(tail -n 1 "$out/mkinitramfs.log")"
	exit 1
fi
timeout -k 5 "${VM_TIMEOUT:-240}" "${QEMU:-qemu-system-x86_64}" -accel "${VM_ACCEL:-tcg}" \
	-M q35,kernel-irqchip=split -m 512 -smp 1 -nographic -no-reboot -net none \
	-device intel-iommu,intremap=on,caching-mode=on -device edu -device e1000e \
	-kernel "/boot/vmlinuz-$kver" -initrd "$out/initrd.img" \
	-append "console=ttyS0 intel_iommu=on panic=-1 quiet no_timer_check root=/dev/nonexistent rootdelay=1" \
	</dev/null >"$out/console.log" 2>&1
tr -d '\r' <"$out/console.log" | awk '
	/^RESULT / { n++; d = $0; sub(/^RESULT [^ ]+ [^ ]+ ?/, "", d)
		if ($3 == "pass") print "ok " n " - " $2 " # " d
		else { print "not ok " n " - " $2 " # " d; bad++ } }
	/^VM-DONE/ { done = 1 }
	END { if (!done) { n++; print "not ok " n " - vm-done # no VM-DONE: see console.log"; bad++ }
		print "1.." n; exit bad ? 1 : 0 }'
rc=$?
[ $rc -ne 0 ] && sed 's/^/# /' "$out/console.log" | tail -n 40
exit $rc
