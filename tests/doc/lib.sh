# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh: TAP output, the binary and the source tree for the tests/doc scripts (sourced)
# shellcheck shell=sh disable=SC2034 # sets variables for the scripts that source it

# Each check prints a TAP line; the script exits 1 if any failed, so it reads
# the same under automake's plain test-driver and under tap-driver.sh.
doc_n=0
doc_failed=0

ok() {
	doc_n=$((doc_n + 1))
	echo "ok $doc_n - $*"
}

not_ok() {
	doc_n=$((doc_n + 1))
	doc_failed=$((doc_failed + 1))
	echo "not ok $doc_n - $*"
}

skip() {
	doc_n=$((doc_n + 1))
	echo "ok $doc_n # SKIP $*"
}

# check DESCRIPTION COMMAND...: one TAP line for the exit status of COMMAND
check() {
	doc_desc=$1
	shift
	if "$@"; then
		ok "$doc_desc"
	else
		not_ok "$doc_desc"
	fi
}

# print "# ..." lines: diagnostics that TAP consumers show but do not count
diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

finish() {
	echo "1..$doc_n"
	[ "$doc_failed" -eq 0 ] || {
		echo "# $doc_failed of $doc_n checks failed"
		exit 1
	}
	exit 0
}

doc_here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=$(cd "$doc_here/../.." && pwd)
# tests/doc/Makemodule.am passes the binary; a hand run from the build tree finds it too
if [ -n "${VFIOCTL:-}" ]; then
	doc_from="VFIOCTL"
else
	doc_from="default"
	VFIOCTL=./src/vfioctl
fi
case $VFIOCTL in
*/*) VFIOCTL=$(cd "$(dirname "$VFIOCTL")" && pwd)/$(basename "$VFIOCTL") ;;
esac
if [ ! -x "$VFIOCTL" ]; then
	echo "Bail out! no vfioctl binary at '$VFIOCTL' (set VFIOCTL)"
	exit 99
fi
echo "# vfioctl: $VFIOCTL ($doc_from)"
doc_tmp=$(mktemp -d "${TMPDIR:-/tmp}/vfioctl-doc.XXXXXX") || exit 99
trap 'rm -rf "$doc_tmp"' EXIT
