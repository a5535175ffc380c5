#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# run-case.sh CASE.cmd: run vfioctl as one CLI case says and compare its output with the expected files
#
# The automake LOG_COMPILER of tests/cli/cases/*.cmd. A case file holds:
#	line 1: the fixture: a name under $VFIOCTL_FIXTURES (the binary gets
#	        "--sysroot DIR" first), "-" (no --sysroot added) or "@live"
#	        (the real host, no --sysroot)
#	line 2: vfioctl's arguments as shell words; @FIXTURE@ is the fixture's
#	        directory (outside quotes); vfioctl runs in $VFIOCTL_FIXTURES,
#	        so "--sysroot NAME" is a relative path to fixture NAME
# Beside it, expected results:
#	NAME.exit	the exit status (required)
#	NAME.out	stdout, exactly; absent means empty, unless NAME.grep exists
#	NAME.err	stderr, exactly; absent means empty
#	NAME.grep	extended regexes, one a line, that stdout must each match
#			("!REGEX": that stdout must not match)
#	NAME.bug	the expected files describe output after a src/ fix that
#			is still to come (the text says which): the case fails
#			until then, and VFIOCTL_REGEN=1 leaves it alone
# The fixture directory in stdout and stderr reads @FIXTURE@ before the
# comparison. "@live" cases compare only NAME.exit and NAME.grep: the host
# differs from machine to machine. JSON output of a successful -J/--json
# run must parse (checked with jq when it is installed).
# Environment: VFIOCTL (the binary), VFIOCTL_FIXTURES (the built trees),
# VFIOCTL_REGEN=1 (write NAME.out/.err/.exit from this run instead of
# comparing; review every regenerated file against the fixture), CI=true
# (a fixture that could not be built fails instead of being skipped).
# Exit: 0 pass, 1 fail, 77 skip, 99 hard error.
set -u

if [ $# -lt 1 ]; then
	echo "usage: $0 CASE.cmd" >&2
	exit 99
fi
for case_file; do :; done
base=${case_file%.cmd}
name=${base##*/}
: "${VFIOCTL:?VFIOCTL must name the vfioctl binary}"
: "${VFIOCTL_FIXTURES:?VFIOCTL_FIXTURES must name the fixture trees}"
case $VFIOCTL in
/*) ;;
*) VFIOCTL=$(pwd)/$VFIOCTL ;;
esac

if [ ! -r "$case_file" ]; then
	echo "$name: cannot read $case_file" >&2
	exit 99
fi
fixture=$(sed -n 1p "$case_file")
args=$(sed -n 2p "$case_file")

live=false
FIXTURE=
case $fixture in
@live)
	live=true
	;;
- | '')
	;;
*)
	FIXTURE=$VFIOCTL_FIXTURES/$fixture
	if [ ! -d "$FIXTURE" ]; then
		why="fixture '$fixture' was not built"
		[ -r "$FIXTURE.skip" ] && why="$why: $(cat "$FIXTURE.skip")"
		if [ ! -e "$FIXTURE.skip" ]; then
			echo "$name: ERROR: $why" >&2
			exit 99
		fi
		if [ "${CI:-}" = true ]; then
			echo "$name: FAIL (CI=true): $why" >&2
			exit 1
		fi
		echo "$name: SKIP: $why"
		exit 77
	fi
	;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vfioctl-cli.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

# the arguments, with @FIXTURE@ standing for the fixture directory
# shellcheck disable=SC2016 # expanded by the eval below
words=$(printf '%s\n' "$args" | sed 's/@FIXTURE@/${FIXTURE}/g')
eval "set -- $words" || {
	echo "$name: ERROR: cannot parse the arguments: $args" >&2
	exit 99
}
if [ -n "$FIXTURE" ]; then
	set -- --sysroot "$FIXTURE" "$@"
fi

# a fixed environment: no colour, C locale, no terminal width from the
# caller; run as "vfioctl" through PATH, as a user would, so that messages
# which name argv[0] (getopt's) do not depend on the build directory
unset COLUMNS LINES LIBSMARTCOLS_DEBUG LIBSMARTCOLS_JSON LIBSMARTCOLS_COLORS \
	SCOLS_DEBUG LIBPCI_DEBUG
mkdir "$tmp/bin" && ln -s "$VFIOCTL" "$tmp/bin/vfioctl" || exit 99
(
	# a relative --sysroot NAME names a fixture
	cd "$VFIOCTL_FIXTURES" 2>/dev/null || :
	# a hang (a FIFO read or written in a fixture) fails the case, exit 124
	PATH=$tmp/bin:$PATH NO_COLOR=1 LC_ALL=C exec timeout -k 5 60 vfioctl "$@"
) >"$tmp/out.raw" 2>"$tmp/err.raw" </dev/null
status=$?
echo "$status" >"$tmp/exit"

# the fixture's path reads @FIXTURE@, the tree directory @FIXTURES@
scrub()
{
	if [ -n "$FIXTURE" ]; then
		awk -v fx="$FIXTURE" -v fxs="$VFIOCTL_FIXTURES" '
			function sub_all(s, from, to,    out, i) {
				out = ""
				while ((i = index(s, from)) > 0) {
					out = out substr(s, 1, i - 1) to
					s = substr(s, i + length(from))
				}
				return out s
			}
			{ print sub_all(sub_all($0, fx, "@FIXTURE@"), fxs, "@FIXTURES@") }
		' "$1"
	else
		cat "$1"
	fi
}
scrub "$tmp/out.raw" >"$tmp/out"
scrub "$tmp/err.raw" >"$tmp/err"

echo "case:    $case_file"
echo "fixture: $fixture"
echo "command: vfioctl $args"
echo "exit:    $status"

if [ "${VFIOCTL_REGEN:-}" = 1 ] && [ -e "$base.bug" ]; then
	echo "not regenerated: $name expects a src/ fix ($base.bug)"
elif [ "${VFIOCTL_REGEN:-}" = 1 ]; then
	cp "$tmp/exit" "$base.exit"
	if [ "$live" = false ]; then
		for s in out err; do
			if [ -s "$tmp/$s" ]; then
				[ "$s" = out ] && [ -e "$base.grep" ] && [ ! -e "$base.out" ] &&
					continue
				cp "$tmp/$s" "$base.$s"
			else
				rm -f "$base.$s"
			fi
		done
	fi
	echo "regenerated the expected files of $name: review them"
	exit 0
fi

fail=0
check_file()
{
	# check_file WHAT EXPECTED ACTUAL
	if ! diff -u "$2" "$3" >"$tmp/diff"; then
		echo "--- $1 differs (expected $2, actual below):"
		cat "$tmp/diff"
		fail=1
	fi
}

if [ ! -r "$base.exit" ]; then
	echo "ERROR: $base.exit is missing (VFIOCTL_REGEN=1 writes it)"
	exit 99
fi
check_file "exit status" "$base.exit" "$tmp/exit"

if [ "$live" = false ]; then
	if [ -e "$base.out" ]; then
		check_file stdout "$base.out" "$tmp/out"
	elif [ ! -e "$base.grep" ]; then
		check_file stdout /dev/null "$tmp/out"
	fi
	if [ -e "$base.err" ]; then
		check_file stderr "$base.err" "$tmp/err"
	else
		check_file stderr /dev/null "$tmp/err"
	fi
fi

if [ -e "$base.grep" ]; then
	while IFS= read -r re || [ -n "$re" ]; do
		case $re in
		'') ;;
		!*)
			if grep -E -q -e "${re#!}" "$tmp/out"; then
				echo "--- stdout matches /${re#!}/ and must not"
				fail=1
			fi
			;;
		*)
			if ! grep -E -q -e "$re" "$tmp/out"; then
				echo "--- stdout does not match /$re/"
				fail=1
			fi
			;;
		esac
	done <"$base.grep"
fi

# JSON output must parse
case " $args " in
*" -J "* | *" --json "*)
	if [ "$status" -eq 0 ]; then
		if command -v jq >/dev/null 2>&1; then
			if ! jq . "$tmp/out" >/dev/null 2>"$tmp/jq"; then
				echo "--- stdout is not valid JSON:"
				cat "$tmp/jq"
				fail=1
			fi
		else
			echo "(jq not installed: JSON syntax not checked)"
		fi
	fi
	;;
esac

if [ "$fail" -ne 0 ]; then
	echo "--- actual stdout:"
	cat "$tmp/out"
	echo "--- actual stderr:"
	cat "$tmp/err"
	if [ -e "$base.bug" ]; then
		echo "--- known src/ bug this case expects fixed:"
		cat "$base.bug"
	fi
	echo "FAIL: $name"
	exit 1
fi
echo "PASS: $name"
exit 0
