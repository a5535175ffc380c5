#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# check-manpage.sh: doc/vfioctl.8 documents every verb, option and exit status, the family pages every table's columns, and all render without warnings

# shellcheck disable=SC2317,SC2016 # helpers are called through check(); sh -c scripts
. "$(dirname "$0")/lib.sh"

page=${VFIOCTL_MANPAGE:-$doc_dir/vfioctl.8}
lines=$doc_tmp/page.lines
if [ ! -r "$page" ]; then
	echo "Bail out! no man page at '$page'"
	exit 99
fi
roff_lines "$page" >"$lines" || exit 99

# section NAME: its lines, up to the next .SH
section() {
	section_of "$lines" "$1"
}

# has_line TEXT: is TEXT a whole line of standard input?
has_line() {
	grep -Fqx -e "$1"
}

for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS \
	'EXIT STATUS' ENVIRONMENT FILES EXAMPLES 'SEE ALSO'; do
	check "section $s exists" has_line "@SH $s" <"$lines"
done

# the verbs, as the command table prints them: "group show N<TAB>help"
"$VFIOCTL" __commands >"$doc_tmp/commands" || {
	echo "Bail out! '$VFIOCTL __commands' failed"
	exit 99
}
check "__commands lists verbs" test -s "$doc_tmp/commands"
section SYNOPSIS >"$doc_tmp/synopsis"
section COMMANDS >"$doc_tmp/commands-section"
cut -f1 "$doc_tmp/commands" >"$doc_tmp/usages"
while IFS= read -r usage; do
	check "SYNOPSIS has 'vfioctl [options] $usage'" \
		has_line "vfioctl [options] $usage" <"$doc_tmp/synopsis"
	check "COMMANDS has an entry for '$usage'" \
		has_line "@TAG $usage" <"$doc_tmp/commands-section"
done <"$doc_tmp/usages"
if grep -q '__' "$doc_tmp/synopsis" "$doc_tmp/commands-section"; then
	not_ok "hidden verbs stay out of SYNOPSIS and COMMANDS"
else
	ok "hidden verbs stay out of SYNOPSIS and COMMANDS"
fi

# every option of --help is an OPTIONS entry (the tag line of a .TP)
"$VFIOCTL" --help >"$doc_tmp/help" || {
	echo "Bail out! '$VFIOCTL --help' failed"
	exit 99
}
section OPTIONS | grep '^@TAG ' | sed 's/^@TAG //; s/$/ /' >"$doc_tmp/option-tags"
grep -o -e '--[a-z][a-z-]*' "$doc_tmp/help" | sort -u >"$doc_tmp/long-options"
check "--help lists long options" test -s "$doc_tmp/long-options"
while IFS= read -r opt; do
	check "OPTIONS has an entry for $opt" \
		grep -Eq -e "(^|[ ,])${opt}[ ,]" "$doc_tmp/option-tags"
done <"$doc_tmp/long-options"
sed -n 's/^ *\(-[A-Za-z]\), --.*/\1/p' "$doc_tmp/help" | sort -u >"$doc_tmp/short-options"
while IFS= read -r opt; do
	check "OPTIONS has an entry for $opt" \
		grep -Eq -e "(^|[ ,])${opt}[ ,]" "$doc_tmp/option-tags"
done <"$doc_tmp/short-options"

# the kinds that --class takes, from the completion of its value
"$VFIOCTL" __complete -- --class '' >"$doc_tmp/kinds" 2>"$doc_tmp/kinds.err"
check "__complete offers the --class kinds" test -s "$doc_tmp/kinds"
while IFS= read -r kind; do
	check "OPTIONS describes --class kind '$kind'" \
		has_line "$kind " <"$doc_tmp/option-tags"
done <"$doc_tmp/kinds"

# every table (a verb whose --help offers --list-columns) has its columns,
# in the program's order, in OUTPUT COLUMNS of its family's page
table_verbs >"$doc_tmp/tables"
check "the tables include 'group list' and 'device list'" \
	sh -c 'grep -qx "group list" "$1" && grep -qx "device list" "$1"' sh "$doc_tmp/tables"
while IFS= read -r cmd; do
	fpage=$(page_of "$(family_of "$cmd")")
	name=${fpage##*/}
	# shellcheck disable=SC2086 # two words on purpose
	"$VFIOCTL" $cmd --list-columns </dev/null | awk '{ print $1 }' >"$doc_tmp/cols.want"
	: >"$doc_tmp/cols.have"
	if [ -r "$fpage" ]; then
		roff_lines "$fpage" >"$doc_tmp/family.lines"
		subsection_of "$doc_tmp/family.lines" 'OUTPUT COLUMNS' "$cmd" |
			sed -n 's/^@TAG //p' >"$doc_tmp/cols.have"
	fi
	if [ -s "$doc_tmp/cols.want" ] && cmp -s "$doc_tmp/cols.want" "$doc_tmp/cols.have"; then
		ok "OUTPUT COLUMNS '$cmd' in $name matches '$cmd --list-columns'"
	else
		not_ok "OUTPUT COLUMNS '$cmd' in $name matches '$cmd --list-columns'"
		diag "$(diff "$doc_tmp/cols.want" "$doc_tmp/cols.have")"
	fi
done <"$doc_tmp/tables"

# EXIT STATUS has every code of src/cli/exitcodes.h
codes=$top_srcdir/src/cli/exitcodes.h
if [ -r "$codes" ]; then
	section 'EXIT STATUS' >"$doc_tmp/exit"
	sed -n 's/^#define[ \t]*VFIO_EXIT_[A-Z_]*[ \t]*\([0-9][0-9]*\).*/\1/p' "$codes" >"$doc_tmp/codes"
	check "exitcodes.h defines exit codes" test -s "$doc_tmp/codes"
	while IFS= read -r code; do
		check "EXIT STATUS has an entry for $code" has_line "@TAG $code" <"$doc_tmp/exit"
	done <"$doc_tmp/codes"
else
	skip "no $codes"
fi
check "ENVIRONMENT has NO_COLOR" has_line "@TAG NO_COLOR" <"$lines"

# rendering: what a reader sees, and no warnings from groff
if command -v man >/dev/null 2>&1; then
	LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l "$page" \
		>"$doc_tmp/rendered" 2>"$doc_tmp/warnings"
	rc=$?
	if [ "$rc" -eq 0 ] && [ ! -s "$doc_tmp/warnings" ]; then
		ok "man renders the page without warnings"
	else
		not_ok "man renders the page without warnings (exit status $rc)"
		diag "$(cat "$doc_tmp/warnings")"
	fi
	# the SYNOPSIS as rendered, one verb a line
	LC_ALL=C.UTF-8 MANWIDTH=200 man -E UTF-8 -l "$page" 2>/dev/null |
		sed 's/.\x08//g' |
		awk '/^[A-Z]/ { on = ($0 == "SYNOPSIS"); next } on' |
		sed 's/^[ \t]*//; s/[ \t][ \t]*/ /g' >"$doc_tmp/synopsis.rendered"
	while IFS= read -r usage; do
		check "rendered SYNOPSIS shows 'vfioctl [options] $usage'" \
			has_line "vfioctl [options] $usage" <"$doc_tmp/synopsis.rendered"
	done <"$doc_tmp/usages"
elif [ "${CI:-}" = true ]; then
	not_ok "man is installed (required in CI to check the rendering)"
else
	skip "man is not installed: rendering not checked"
fi

finish
