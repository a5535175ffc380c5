#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# stdout-errors.sh: a full or closed stdout: reports stay honest, and a change keeps its own exit status

. "$(dirname "$0")/../doc/lib.sh"

: "${VFIOCTL:?VFIOCTL must name the vfioctl binary}"
: "${VFIOCTL_FIXTURES:?VFIOCTL_FIXTURES must name the fixture trees}"
fx=$VFIOCTL_FIXTURES/desktop
err=$doc_tmp/err

# run_full WANT_STATUS ARGS...: run with stdout on /dev/full
run_full() {
	want=$1
	shift
	"$VFIOCTL" --sysroot "$fx" "$@" >/dev/full 2>"$err"
	got=$?
	[ "$got" -eq "$want" ] || { diag "exit $got, want $want: vfioctl $*" "$(cat "$err")"; return 1; }
}

reports_write_error() {
	grep -q '^vfioctl: write error: No space left on device$' "$err" ||
		{ diag "stderr:" "$(cat "$err")"; return 1; }
}

check "a listing to a full disk fails (exit 1)" run_full 1 status
check "... and says why" reports_write_error
check "a dry-run plan to a full disk fails (exit 1): the plan was its only result" run_full 1 group claim 5 --dry-run
check "... and reports the write error" reports_write_error
check "a refused change to a full disk keeps its status (3)" run_full 3 group claim 1 --yes
check "... and its refusal still reaches stderr" grep -q '^vfioctl: refusing to change' "$err"
# a closed pipe is not an error: head(1) stops reading early
"$VFIOCTL" --sysroot "$fx" device list 2>"$err" | head -n 1 >/dev/null
check "a closed pipe is not reported" test ! -s "$err"

echo "1..$doc_n"
[ "$doc_failed" -eq 0 ]
