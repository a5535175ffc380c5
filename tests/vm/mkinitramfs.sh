#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC3043 # "local": dash, busybox ash and bash have it
# Build the initramfs of the vfioctl real-kernel test VM into OUTDIR.
#
# Usage: mkinitramfs.sh OUTDIR BINARY [EXTRA_FILE[:DEST]...]
#
# OUTDIR/initramfs.cpio.gz holds a static busybox, BINARY at /usr/bin/<name>
# with its shared libraries, the kernel modules the scenarios need, /init
# (init.sh) and /scenarios (lib.sh, scenarios/*.sh).  An EXTRA_FILE lands at
# DEST, or at /extra/<name> when no DEST is given; ELF extras get their
# libraries too.
#
# Environment: VM_KVER (kernel version, default: newest /boot/vmlinuz-*),
# VM_BUSYBOX (default: /bin/busybox), VM_MODULES (module list override).

set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
PROG=${0##*/}

MODULES=${VM_MODULES:-"virtio_pci virtio_scsi sd_mod sr_mod sg cdrom vfio vfio-pci vfio_iommu_type1 bfq loop scsi_debug ext4"}
# modules a scenario adds (run-vm.sh --module), loaded after the others
MODULES="$MODULES ${VM_EXTRA_MODULES:-}"

die()
{
	echo "$PROG: $*" >&2
	exit 1
}

if [ $# -lt 2 ]; then
	echo "usage: $PROG OUTDIR BINARY [EXTRA_FILE[:DEST]...]" >&2
	exit 2
fi

OUTDIR=$1
BINARY=$2
shift 2

[ -f "$BINARY" ] || die "binary not found: $BINARY"

if [ -n "${VM_KVER:-}" ]; then
	KVER=$VM_KVER
else
	KVER=$(ls /boot/vmlinuz-* 2>/dev/null | sed 's|^/boot/vmlinuz-||' |
	       sort -V | tail -n 1)
fi
[ -n "$KVER" ] || die "no kernel in /boot/vmlinuz-* (install linux-image-amd64)"
[ -d "/lib/modules/$KVER" ] || die "no /lib/modules/$KVER"

BUSYBOX=${VM_BUSYBOX:-/bin/busybox}
[ -x "$BUSYBOX" ] || die "no $BUSYBOX (install busybox-static)"
if ldd "$BUSYBOX" >/dev/null 2>&1; then
	die "$BUSYBOX is dynamically linked (install busybox-static)"
fi

PATH=$PATH:/usr/sbin:/sbin	# depmod, modprobe, ldconfig
export PATH
for tool in cpio gzip modprobe depmod ldd; do
	command -v "$tool" >/dev/null 2>&1 || die "missing tool: $tool"
done

mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
case "$OUTDIR/" in
"$HERE"/*)
	die "refusing to build inside the source tree ($OUTDIR)"
	;;
esac

IMAGE=$OUTDIR/initramfs.cpio.gz
STAMP=$OUTDIR/initramfs.stamp

# Inputs digest: skip the rebuild when nothing changed.
inputs_digest()
{
	{
		echo "kver=$KVER modules=$MODULES binary=$BINARY extras=$*"
		for f in "$0" "$HERE/init.sh" "$HERE/lib.sh" \
			 "$HERE"/scenarios/*.sh "$BUSYBOX" "$BINARY"; do
			[ -f "$f" ] && echo "$f" && cat "$f"
		done
		for e in "$@"; do
			[ -f "${e%%:*}" ] && cat "${e%%:*}"
		done
	} | sha256sum | cut -d' ' -f1
}

DIGEST=$(inputs_digest "$@")
if [ -f "$IMAGE" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$DIGEST" ]; then
	echo "$PROG: $IMAGE is up to date"
	exit 0
fi

ROOT=$OUTDIR/initramfs-root
rm -rf "$ROOT"
mkdir -p "$ROOT"
for d in bin sbin usr/bin usr/sbin lib lib64 etc proc sys dev run tmp \
	 root scenarios extra; do
	mkdir -p "$ROOT/$d"
done
chmod 1777 "$ROOT/tmp"

# Copy FILE to ROOT/DEST, dereferencing symlinks.
install_file()
{
	mkdir -p "$ROOT/$(dirname "$2")"
	rm -f "$ROOT/$2"
	cp -L "$1" "$ROOT/$2"
}

# Copy the shared libraries (and loader) an ELF file needs.
install_libs()
{
	local libs

	if ! libs=$(ldd "$1" 2>/dev/null); then
		return 0	# static or not ELF: nothing to do
	fi
	if echo "$libs" | grep -q 'not found'; then
		die "$1: unresolved libraries: $(echo "$libs" | grep 'not found')"
	fi
	echo "$libs" | awk '
		$2 == "=>" && $3 ~ /^\// { print $3; next }
		$1 ~ /^\// { print $1 }' |
	while read -r lib; do
		[ -e "$ROOT/$lib" ] || install_file "$lib" "$lib"
	done
}

# busybox and its applets
install_file "$BUSYBOX" /bin/busybox
chmod 0755 "$ROOT/bin/busybox"
"$BUSYBOX" --list-full | while read -r applet; do
	case "$applet" in
	*/busybox|busybox|"")
		continue
		;;
	esac
	[ -e "$ROOT/$applet" ] || ln -s /bin/busybox "$ROOT/$applet"
done

# the program under test
install_file "$BINARY" "/usr/bin/${BINARY##*/}"
chmod 0755 "$ROOT/usr/bin/${BINARY##*/}"
install_libs "$BINARY"

# extra files
for extra in "$@"; do
	src=${extra%%:*}
	if [ "$src" = "$extra" ]; then
		dest=/extra/${src##*/}
	else
		dest=${extra#*:}
	fi
	[ -f "$src" ] || die "extra file not found: $src"
	install_file "$src" "$dest"
	install_libs "$src"
done

# libpci name lookups
if [ -f /usr/share/misc/pci.ids ]; then
	install_file /usr/share/misc/pci.ids /usr/share/misc/pci.ids
fi

# Let the dynamic loader find libraries in any directory they came from.
if [ -n "$(find "$ROOT/lib" "$ROOT/lib64" "$ROOT/usr" -name '*.so*' 2>/dev/null | head -n 1)" ]; then
	find "$ROOT" -name '*.so*' ! -path "$ROOT/lib/modules/*" \
		-exec dirname {} \; | sed "s|^$ROOT||" | sort -u \
		> "$ROOT/etc/ld.so.conf"
	if command -v ldconfig >/dev/null 2>&1; then
		ldconfig -r "$ROOT" 2>/dev/null || true
	fi
fi

# kernel modules and their dependencies
MODDIR=/lib/modules/$KVER
mkdir -p "$ROOT$MODDIR"
: > "$ROOT/etc/vm-modules"
for mod in $MODULES; do
	if ! deps=$(modprobe -S "$KVER" --show-depends "$mod" 2>/dev/null); then
		echo "$PROG: warning: module $mod not found for $KVER" >&2
		continue
	fi
	echo "$deps" | while read -r kind path _; do
		case "$kind" in
		insmod)
			rel=${path#"$MODDIR"/}
			case "$rel" in
			*.ko.xz)
				dst=$ROOT$MODDIR/${rel%.xz}
				mkdir -p "$(dirname "$dst")"
				xz -dc "$path" > "$dst"
				;;
			*.ko.zst)
				dst=$ROOT$MODDIR/${rel%.zst}
				mkdir -p "$(dirname "$dst")"
				zstd -qdc "$path" > "$dst"
				;;
			*.ko.gz)
				dst=$ROOT$MODDIR/${rel%.gz}
				mkdir -p "$(dirname "$dst")"
				gzip -dc "$path" > "$dst"
				;;
			*)
				install_file "$path" "$MODDIR/$rel"
				;;
			esac
			;;
		builtin)
			;;
		esac
	done
	# Builtin modules need no loading: list only the loadable ones.
	if echo "$deps" | grep -q '^insmod '; then
		echo "$mod" >> "$ROOT/etc/vm-modules"
	fi
done
for f in modules.builtin modules.builtin.modinfo modules.order; do
	[ -f "$MODDIR/$f" ] && install_file "$MODDIR/$f" "$MODDIR/$f"
done
depmod -b "$ROOT" "$KVER"

# init, scenarios, configuration
install_file "$HERE/init.sh" /init
chmod 0755 "$ROOT/init"
install_file "$HERE/lib.sh" /scenarios/lib.sh
for s in "$HERE"/scenarios/*.sh; do
	[ -f "$s" ] && install_file "$s" "/scenarios/${s##*/}"
done

cat > "$ROOT/etc/vm-harness.conf" <<CONF
VM_BINARY=/usr/bin/${BINARY##*/}
VM_KVER=$KVER
CONF
cat > "$ROOT/etc/passwd" <<CONF
root:x:0:0:root:/root:/bin/sh
vmuser:x:1000:1000:unprivileged test user:/tmp:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
CONF
cat > "$ROOT/etc/group" <<CONF
root:x:0:
vmuser:x:1000:
nogroup:x:65534:
CONF
printf '/bin/sh\n' > "$ROOT/etc/shells"

# The kernel's built-in initramfs already has /dev/console; add it anyway
# when we can, so the image also works with kernels that lack it.
if [ "$(id -u)" = 0 ]; then
	mknod -m 600 "$ROOT/dev/console" c 5 1 2>/dev/null || true
	mknod -m 666 "$ROOT/dev/null" c 1 3 2>/dev/null || true
fi

(
	cd "$ROOT"
	find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --owner=0:0 --reproducible --quiet
) | gzip -9n > "$IMAGE.tmp"
mv "$IMAGE.tmp" "$IMAGE"
echo "$DIGEST" > "$STAMP"
echo "$PROG: built $IMAGE ($(wc -c < "$IMAGE") bytes, kernel $KVER)"
