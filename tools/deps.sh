# SPDX-License-Identifier: GPL-2.0-or-later
# tools/deps.sh: the Debian packages vfioctl needs, and installing the missing ones
# Sourced by tools/quickstart and tools/test.

BUILD_DEPS="autoconf automake autoconf-archive pkg-config gcc make udev \
libpci-dev pci.ids libsmartcols-dev libjson-c-dev libkmod-dev check \
libedit-dev libncurses-dev libmount-dev libblkid-dev libsgutils2-dev"
# the real-kernel harness, the man page checks, the terminal tests (tmux), and
# valgrind (a real system without openat2: tests/cli/walk-resolver.sh), lspci
# (pciutils: the oracle of tests/cli/select-vs-lspci.sh)
TEST_DEPS="qemu-system-x86 linux-image-amd64 busybox-static cpio kmod fdisk initramfs-tools \
man-db groff-base jq tmux xz-utils valgrind pciutils"
# bench/hostscale.sh: the peer tools, hyperfine, GNU time and the tree generator's python3
BENCH_DEPS="hyperfine pciutils time python3 dpdk driverctl util-linux"

missing_packages() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q 'install ok installed' || printf '%s ' "$p"
	done
}

# ensure_packages PKG...: install what is missing when root, else say how
ensure_packages() {
	need=$(missing_packages "$@")
	[ -z "$need" ] && return 0
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "missing packages: $need (not a Debian system: install their equivalents)" >&2
		return 1
	fi
	if [ "$(id -u)" -ne 0 ]; then
		echo "missing packages; run as root:" >&2
		echo "  apt-get install -y $need" >&2
		return 1
	fi
	echo ">>> installing: $need"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || return 1
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $need >/dev/null || return 1
}

# configure_build SRCDIR BUILDDIR: bootstrap and configure once
configure_build() {
	src=$1
	build=$2
	if [ ! -x "$src/configure" ] || [ "$src/configure.ac" -nt "$src/configure" ]; then
		(cd "$src" && ./autogen.sh) || return 1
	fi
	mkdir -p "$build"
	if [ ! -f "$build/config.status" ]; then
		(cd "$build" && "$src/configure" --quiet) || return 1
	fi
}

jobs() {
	nproc 2>/dev/null || echo 2
}
