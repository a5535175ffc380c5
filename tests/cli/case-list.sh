#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# case-list.sh [--update]: check (or rewrite) the case lists of tests/cli/Makemodule.am against tests/cli/cases
#
# automake needs every test and every distributed file named, so
# CLI_CASES (the *.cmd files) and CLI_EXPECTED (their .out, .err, .exit,
# .grep and .bug files) are spelled out in Makemodule.am. Without an
# argument (as a test) this fails when they are out of date; --update
# rewrites them in the source tree. Run from anywhere; $top_srcdir, when
# set (the test environment sets it), names the source tree.
set -eu
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
mk=$top/tests/cli/Makemodule.am
tmp=${TMPDIR:-/tmp}/case-list.$$
trap 'rm -f "$tmp" "$tmp.new"' EXIT INT TERM

# one variable: NAME = \ then the files, one a line, sorted
list()
{
	printf '%s = \\\n' "$1"
	# shellcheck disable=SC2086 # $2 is a list of globs
	(cd "$top" && LC_ALL=C ls $2 2>/dev/null) | sed 's/^/	/; s/$/ \\/; $ s/ \\$//'
}
{
	list CLI_CASES 'tests/cli/cases/*.cmd'
	list CLI_EXPECTED 'tests/cli/cases/*.out tests/cli/cases/*.err tests/cli/cases/*.exit tests/cli/cases/*.grep tests/cli/cases/*.in tests/cli/cases/*.bug'
} >"$tmp"

# replace the two variables in the Makefile fragment, keep everything else
awk -v lists="$tmp" '
BEGIN { while ((getline l < lists) > 0) repl = repl l "\n" }
/^CLI_CASES = \\$/ || /^CLI_EXPECTED = \\$/ {
	skip = 1
	if (!done) { printf "%s", repl; done = 1 }
	next
}
skip { if ($0 !~ /\\$/) skip = 0; next }
{ print }
' "$mk" >"$tmp.new"

if [ "${1:-}" = --update ]; then
	if cmp -s "$mk" "$tmp.new"; then
		echo "$mk is up to date"
	else
		cp "$tmp.new" "$mk"
		echo "updated $mk"
	fi
	exit 0
fi
if ! cmp -s "$mk" "$tmp.new"; then
	echo "tests/cli/Makemodule.am does not list the files in tests/cli/cases:"
	diff -u "$mk" "$tmp.new" || :
	echo "run tests/cli/case-list.sh --update"
	exit 1
fi
echo "tests/cli/Makemodule.am lists every case"
