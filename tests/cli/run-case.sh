#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# run-case.sh CASE.cmd: run vfioctl as one CLI case says and compare its output with the expected files
#
# The automake LOG_COMPILER of tests/cli/cases/*.cmd. A case file holds:
#	line 1: the fixture: a name under $VFIOCTL_FIXTURES (the binary gets
#	        "--sysroot DIR" first), "-" (no --sysroot added) or "@live"
#	        (the real host, no --sysroot)
#	        or "rw:NAME": a fresh writable copy of fixture NAME, with the
#	        fake kernel (tests/cli/fake-kernel.c, $VFIOCTL_FAKE_KERNEL)
#	        preloaded so that unbind, drivers_probe and bind complete in
#	        it; .fake-kernel/match/BDF names the driver each bound device
#	        is on when the copy is made (the kernel's default match), and
#	        vfio-pci is registered
#	line 2: vfioctl's arguments as shell words; @FIXTURE@ is the fixture's
#	        directory (outside quotes); vfioctl runs in $VFIOCTL_FIXTURES,
#	        so "--sysroot NAME" is a relative path to fixture NAME
#	        rw: only: leading NAME=VALUE words set the environment of that
#	        command, and further lines are further commands on the same
#	        copy, run in order; each command's stdout and stderr then
#	        start with "## vfioctl ARGS" and NAME.exit holds one status
#	        a line. "pid N" in the output reads "pid PID". A line
#	        "! SHELL" runs SHELL in the copy's directory instead (to plant
#	        a /proc entry, say); it adds nothing to the expected files.
# Beside it, expected results:
#	NAME.exit	the exit status (required)
#	NAME.out	stdout, exactly; absent means empty, unless NAME.grep exists
#	NAME.err	stderr, exactly; absent means empty
#	NAME.grep	extended regexes, one a line, that stdout must each match
#			("!REGEX": that stdout must not match)
#	NAME.in		standard input for the command (absent: /dev/null)
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
rw=false
FIXTURE=
case $fixture in
rw:*)
	rw=true
	fixture=${fixture#rw:}
	;;
esac
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

if [ "$rw" = true ]; then
	if [ ! -r "${VFIOCTL_FAKE_KERNEL:-}" ]; then
		echo "$name: ERROR: VFIOCTL_FAKE_KERNEL does not name the fake kernel library" >&2
		exit 99
	fi
	sh "$(dirname "$0")/rw-fixture.sh" "$FIXTURE" "$tmp/fx" || exit 99
	FIXTURE=$tmp/fx
fi

# run_one ARGS: one vfioctl command, @FIXTURE@ standing for the fixture
# directory; rw: cases may start it with NAME=VALUE environment words
run_one()
{
	# shellcheck disable=SC2016 # expanded by the eval below
	words=$(printf '%s\n' "$1" | sed 's/@FIXTURE@/${FIXTURE}/g')
	eval "set -- $words" || {
		echo "$name: ERROR: cannot parse the arguments: $1" >&2
		exit 99
	}
	envs=
	if [ "$rw" = true ]; then
		while [ $# -gt 0 ]; do
			case $1 in
			[A-Z]*=*) envs="$envs $1"; shift ;;
			*) break ;;
			esac
		done
	fi
	if [ -n "$FIXTURE" ]; then
		set -- --sysroot "$FIXTURE" "$@"
	fi
	(
		# a relative --sysroot NAME names a fixture
		cd "$VFIOCTL_FIXTURES" 2>/dev/null || :
		if [ "$rw" = true ]; then
			# shellcheck disable=SC2086 # NAME=VALUE words, split on purpose
			PATH=$tmp/bin:$PATH NO_COLOR=1 LC_ALL=C exec env $envs \
				LD_PRELOAD="$VFIOCTL_FAKE_KERNEL" FAKE_KERNEL_ROOT="$FIXTURE" \
				timeout -k 5 60 vfioctl "$@"
		fi
		# a hang (a FIFO read or written in a fixture) fails the case, exit 124
		PATH=$tmp/bin:$PATH NO_COLOR=1 LC_ALL=C exec timeout -k 5 60 vfioctl "$@"
	)
}

# a fixed environment: no colour, C locale, no terminal width from the
# caller; run as "vfioctl" through PATH, as a user would, so that messages
# which name argv[0] (getopt's) do not depend on the build directory
unset COLUMNS LINES LIBSMARTCOLS_DEBUG LIBSMARTCOLS_JSON LIBSMARTCOLS_COLORS \
	SCOLS_DEBUG LIBPCI_DEBUG
mkdir "$tmp/bin" && ln -s "$VFIOCTL" "$tmp/bin/vfioctl" || exit 99
stdin=/dev/null
[ -e "$base.in" ] && stdin=$base.in
ncmds=$(sed -n '2,$p' "$case_file" | grep -c .)
if [ "$rw" = false ] || [ "$ncmds" -le 1 ]; then
	run_one "$args" >"$tmp/out.raw" 2>"$tmp/err.raw" <"$stdin"
	status=$?
	echo "$status" >"$tmp/exit"
else
	: >"$tmp/out.raw"
	: >"$tmp/err.raw"
	: >"$tmp/exit"
	sed -n '2,$p' "$case_file" | grep . >"$tmp/cmds"
	while IFS= read -r line; do
		case $line in
		'!'*)
			(cd "$FIXTURE" && eval "${line#!}") </dev/null || {
				echo "$name: ERROR: setup line failed: $line" >&2
				exit 99
			}
			continue
			;;
		esac
		echo "## vfioctl $line" >>"$tmp/out.raw"
		echo "## vfioctl $line" >>"$tmp/err.raw"
		run_one "$line" >>"$tmp/out.raw" 2>>"$tmp/err.raw" </dev/null
		echo $? >>"$tmp/exit"
	done <"$tmp/cmds"
	status=$(tail -n 1 "$tmp/exit")
fi
if [ "$rw" = true ]; then
	for s in out err; do
		sed 's/pid [0-9][0-9]*/pid PID/g' "$tmp/$s.raw" >"$tmp/$s.pid" &&
			mv "$tmp/$s.pid" "$tmp/$s.raw"
	done
fi

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
