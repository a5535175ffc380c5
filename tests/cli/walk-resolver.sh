#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# walk-resolver.sh: every CLI case again without openat2(), and vfioctl under valgrind (which lacks it)
#
# Where openat2(2) is missing (Linux < 5.6) or refused (seccomp, valgrind),
# the path context resolves tree paths component by component (path_walk()
# in src/core/path.c). VFIOCTL_TEST_NO_OPENAT2=1 forces that fallback: each
# case must give the very output it gives with openat2(). Then, when
# valgrind is installed (tools/deps.sh TEST_DEPS), vfioctl runs under it
# for real: valgrind 3.19 does not know openat2 (ENOSYS), so the fallback
# is found by the probe, and the output must equal the plain run's.
# Environment: as run-case.sh (VFIOCTL, VFIOCTL_FIXTURES, top_srcdir).
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
: "${VFIOCTL:?VFIOCTL must name the vfioctl binary}"
: "${VFIOCTL_FIXTURES:?VFIOCTL_FIXTURES must name the fixture trees}"
fail=0 n=0
for c in "$top"/tests/cli/cases/*.cmd; do
	n=$((n + 1))
	out=$(VFIOCTL_TEST_NO_OPENAT2=1 sh "$top/tests/cli/run-case.sh" "$c" 2>&1)
	case $? in
	0 | 77) ;;
	*)
		printf 'FAIL without openat2: %s\n%s\n' "$c" "$out"
		fail=1
		;;
	esac
done
echo "$n cases run with the openat2() fallback forced"

if command -v valgrind >/dev/null 2>&1; then
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/walk-resolver.XXXXXX") || exit 99
	trap 'rm -rf "$tmp"' EXIT INT TERM
	for args in "device list" "group list" "status" "group show 1"; do
		# shellcheck disable=SC2086 # $args is a few plain words
		LC_ALL=C "$VFIOCTL" --sysroot "$VFIOCTL_FIXTURES/desktop" $args >"$tmp/plain" 2>&1
		# shellcheck disable=SC2086
		LC_ALL=C valgrind -q --error-exitcode=99 --log-file="$tmp/vg" \
			"$VFIOCTL" --sysroot "$VFIOCTL_FIXTURES/desktop" $args >"$tmp/vg-out" 2>&1
		rc=$?
		if [ "$rc" -eq 99 ] || ! cmp -s "$tmp/plain" "$tmp/vg-out"; then
			printf 'FAIL under valgrind: vfioctl %s (exit %d)\n' "$args" "$rc"
			diff "$tmp/plain" "$tmp/vg-out"
			grep -v '^--' "$tmp/vg"
			fail=1
		fi
	done
	echo "4 commands compared under valgrind"
else
	echo "valgrind is not installed: the run under valgrind is left out"
fi
exit "$fail"
