# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh: TAP output, the binary, the source tree and the man pages (overview and family pages) for the tests/doc scripts (sourced)
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

# The man pages: vfioctl(8) is the overview, and each family of verbs has its
# page doc/vfioctl-FAMILY.8. VFIOCTL_DOCDIR points the tests at another copy.
doc_dir=${VFIOCTL_DOCDIR:-$top_srcdir/doc}

# roff_lines PAGE: the page as plain lines with "@SH", "@SS" and "@TAG" markers
roff_lines() {
	awk -f "$doc_here/roff2lines.awk" "$1"
}

# section_of LINES NAME: the lines of section NAME, up to the next .SH
section_of() {
	awk -v want="@SH $2" '/^@SH / { on = ($0 == want); next } on' "$1"
}

# subsection_of LINES SECTION NAME: subsection NAME of section SECTION
subsection_of() {
	section_of "$1" "$2" | awk -v want="@SS $3" '/^@SS / { on = ($0 == want); next } on'
}

# verb_of USAGE: the literal words of a usage of 'vfioctl __commands'
# ("group show N" is "group show", "io model DEV iops" is "io model",
# "log [SOURCE...]" is "log")
verb_of() {
	echo "$1" | awk '{ v = $1; if ($2 ~ /^[a-z][a-z-]*$/) v = v " " $2; print v }'
}

# family_of VERB: the family whose page documents VERB, its first word;
# status, recover and help are documented in vfioctl(8) only (empty)
family_of() {
	case $1 in
	status | recover | help) echo "" ;;
	*) echo "${1%% *}" ;;
	esac
}

# page_of FAMILY: the man page of FAMILY (vfioctl.8 for the empty family)
page_of() {
	if [ -n "$1" ]; then
		echo "$doc_dir/vfioctl-$1.8"
	else
		echo "$doc_dir/vfioctl.8"
	fi
}

# table_verbs: the verbs whose --help offers --list-columns, one a line
table_verbs() {
	"$VFIOCTL" __commands | cut -f1 | while IFS= read -r u; do
		v=$(verb_of "$u")
		# shellcheck disable=SC2086 # one argument per word
		if "$VFIOCTL" $v --help </dev/null 2>/dev/null | grep -q -e '--list-columns'; then
			echo "$v"
		fi
	done | uniq
}

# render PAGE OUT ERR: the page as man shows it at 80 columns, warnings in ERR
render() {
	LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l "$1" >"$2" 2>"$3"
}
