#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# check-family-pages.sh: each verb of the command table is in its family's man page and in the completions; every page is installed and renders cleanly

# shellcheck disable=SC2317 # helpers are called through check()
. "$(dirname "$0")/lib.sh"

# The verbs, their families and their pages come from the program: a verb is
# documented on the page of its first word (vfioctl-group(8) for "group
# claim N"), except status, recover and help, which vfioctl(8) documents.
"$VFIOCTL" __commands >"$doc_tmp/commands" || {
	echo "Bail out! '$VFIOCTL __commands' failed"
	exit 99
}
cut -f1 "$doc_tmp/commands" >"$doc_tmp/usages"
check "__commands lists verbs" test -s "$doc_tmp/usages"
: >"$doc_tmp/families"
while IFS= read -r usage; do
	fam=$(family_of "$(verb_of "$usage")")
	[ -z "$fam" ] || echo "$fam" >>"$doc_tmp/families"
done <"$doc_tmp/usages"
sort -u "$doc_tmp/families" -o "$doc_tmp/families"
check "the command table has families (group among them)" \
	grep -qx group "$doc_tmp/families"

# lines_of FAMILY: the marked plain lines of the family's page, made once
lines_of() {
	f=$doc_tmp/lines.${1:-overview}
	[ -f "$f" ] || roff_lines "$(page_of "$1")" >"$f"
	echo "$f"
}

# has_line TEXT: is TEXT a whole line of standard input?
has_line() {
	grep -Fqx -e "$1"
}

# section_has LINES SECTION TEXT: a line of the section contains TEXT
section_has() {
	section_of "$1" "$2" | grep -Fq -e "$3"
}

# documented LINES USAGE: the page's SYNOPSIS shows the usage and its COMMANDS
# section has an entry for it (the tag line of a .TP)
documented() {
	section_of "$1" SYNOPSIS | has_line "vfioctl [options] $2" || {
		diag "no 'vfioctl [options] $2' in SYNOPSIS"
		return 1
	}
	section_of "$1" COMMANDS | has_line "@TAG $2" || {
		diag "no entry '$2' in COMMANDS"
		return 1
	}
}

# the pages: each exists, has its sections and names itself
while IFS= read -r fam; do
	page=$(page_of "$fam")
	if [ ! -r "$page" ]; then
		not_ok "vfioctl-$fam(8) exists (no $page)"
		continue
	fi
	ok "vfioctl-$fam(8) exists"
	lines=$(lines_of "$fam")
	for s in NAME SYNOPSIS DESCRIPTION COMMANDS 'EXIT STATUS' FILES EXAMPLES 'SEE ALSO'; do
		check "vfioctl-$fam(8) has section $s" has_line "@SH $s" <"$lines"
	done
	check "vfioctl-$fam(8) NAME is 'vfioctl-$fam - ...'" \
		section_has "$lines" NAME "vfioctl-$fam - "
	check "vfioctl-$fam(8) SEE ALSO names vfioctl(8)" \
		section_has "$lines" 'SEE ALSO' "vfioctl(8)"
	check "vfioctl(8) SEE ALSO names vfioctl-$fam(8)" \
		section_has "$(lines_of '')" 'SEE ALSO' "vfioctl-$fam(8)"
done <"$doc_tmp/families"

# every verb: on its family's page (SYNOPSIS and COMMANDS), and the page shows
# no verb of another family or one the program does not have
while IFS= read -r usage; do
	verb=$(verb_of "$usage")
	fam=$(family_of "$verb")
	[ -n "$fam" ] || continue
	[ -r "$(page_of "$fam")" ] || continue
	check "vfioctl-$fam(8) documents '$usage'" documented "$(lines_of "$fam")" "$usage"
done <"$doc_tmp/usages"
while IFS= read -r fam; do
	[ -r "$(page_of "$fam")" ] || continue
	section_of "$(lines_of "$fam")" SYNOPSIS | sed -n 's/^vfioctl \[options\] //p' |
		while IFS= read -r usage; do
			if ! has_line "$usage" <"$doc_tmp/usages" ||
				[ "$(family_of "$(verb_of "$usage")")" != "$fam" ]; then
				echo "$usage"
			fi
		done >"$doc_tmp/strangers"
	if [ -s "$doc_tmp/strangers" ]; then
		not_ok "vfioctl-$fam(8) SYNOPSIS shows only verbs of '$fam'"
		diag "$(cat "$doc_tmp/strangers")"
	else
		ok "vfioctl-$fam(8) SYNOPSIS shows only verbs of '$fam'"
	fi
done <"$doc_tmp/families"

# every option a verb's --help names is an OPTIONS entry of its family's page
# or of vfioctl(8)
section_of "$(lines_of '')" OPTIONS | sed -n 's/^@TAG \(.*\)/\1 /p' >"$doc_tmp/overview-options"
while IFS= read -r usage; do
	verb=$(verb_of "$usage")
	fam=$(family_of "$verb")
	[ -n "$fam" ] || continue
	[ -r "$(page_of "$fam")" ] || continue
	# shellcheck disable=SC2086 # one argument per word
	"$VFIOCTL" $verb --help </dev/null 2>/dev/null | grep -o -e '--[a-z][a-z-]*' |
		grep -vx -e --help | sort -u >"$doc_tmp/verb-options"
	{
		section_of "$(lines_of "$fam")" OPTIONS | sed -n 's/^@TAG \(.*\)/\1 /p'
		cat "$doc_tmp/overview-options"
	} >"$doc_tmp/option-tags"
	missing=
	while IFS= read -r opt; do
		grep -Eq -e "(^|[ ,])${opt}[ ,]" "$doc_tmp/option-tags" || missing="$missing $opt"
	done <"$doc_tmp/verb-options"
	check "OPTIONS of vfioctl-$fam(8) or vfioctl(8) describe the options of '$verb'${missing:+ (missing:$missing)}" \
		test -z "$missing"
done <"$doc_tmp/usages"

# the check above can fail: the lines of a page without the entry, or
# without the SYNOPSIS line, of one verb are caught
probe=
while IFS= read -r usage; do
	if [ -n "$(family_of "$(verb_of "$usage")")" ]; then
		probe=$usage
		break
	fi
done <"$doc_tmp/usages"
fam=$(family_of "$(verb_of "$probe")")
if [ -n "$probe" ] && [ -r "$(page_of "$fam")" ]; then
	grep -Fvx -e "@TAG $probe" "$(lines_of "$fam")" >"$doc_tmp/mutant.lines"
	if documented "$doc_tmp/mutant.lines" "$probe" >/dev/null; then
		not_ok "a page without the COMMANDS entry of '$probe' is caught"
	else
		ok "a page without the COMMANDS entry of '$probe' is caught"
	fi
	grep -Fvx -e "vfioctl [options] $probe" "$(lines_of "$fam")" >"$doc_tmp/mutant.lines"
	if documented "$doc_tmp/mutant.lines" "$probe" >/dev/null; then
		not_ok "a page without the SYNOPSIS line of '$probe' is caught"
	else
		ok "a page without the SYNOPSIS line of '$probe' is caught"
	fi
else
	not_ok "a verb with a family page to probe the check with"
fi

# installed: every page of doc/ is in dist_man_MANS of doc/Makemodule.am, and
# so is every family's page
mk=$doc_dir/Makemodule.am
awk '{ while (sub(/\\$/, "")) { line = $0; if ((getline) <= 0) break; $0 = line " " $0 } print }' \
	"$mk" | sed -n 's/^[ \t]*dist_man_MANS[ \t]*+\{0,1\}=//p' | tr -s '[:blank:]' '\n' |
	sed -n 's|^doc/||p' >"$doc_tmp/installed"
check "doc/Makemodule.am installs pages" test -s "$doc_tmp/installed"
{
	echo vfioctl.8
	sed 's/.*/vfioctl-&.8/' "$doc_tmp/families"
	(cd "$doc_dir" && ls -- *.8)
} | sort -u >"$doc_tmp/pages"
while IFS= read -r name; do
	check "doc/Makemodule.am installs $name (dist_man_MANS)" has_line "$name" <"$doc_tmp/installed"
done <"$doc_tmp/pages"

# rendering: no page makes man or groff warn
if command -v man >/dev/null 2>&1; then
	while IFS= read -r name; do
		[ -r "$doc_dir/$name" ] || continue
		render "$doc_dir/$name" "$doc_tmp/rendered" "$doc_tmp/warnings"
		rc=$?
		if [ "$rc" -eq 0 ] && [ ! -s "$doc_tmp/warnings" ]; then
			ok "man renders $name without warnings"
		else
			not_ok "man renders $name without warnings (exit status $rc)"
			diag "$(cat "$doc_tmp/warnings")"
		fi
	done <"$doc_tmp/pages"
elif [ "${CI:-}" = true ]; then
	not_ok "man is installed (required in CI to check the rendering)"
else
	skip "man is not installed: rendering not checked"
fi

# completions: 'vfioctl __complete' offers every first word, and after a
# family's first word every second word of its verbs
"$VFIOCTL" __complete -- '' >"$doc_tmp/offered" 2>/dev/null
cut -d' ' -f1 "$doc_tmp/usages" | uniq >"$doc_tmp/first-words"
while IFS= read -r word; do
	check "__complete offers the verb '$word'" has_line "$word" <"$doc_tmp/offered"
done <"$doc_tmp/first-words"
while IFS= read -r usage; do
	verb=$(verb_of "$usage")
	case $verb in
	*" "*) ;;
	*) continue ;;
	esac
	"$VFIOCTL" __complete -- "${verb%% *}" '' >"$doc_tmp/offered" 2>/dev/null
	check "__complete offers '${verb#* }' after '${verb%% *}'" has_line "${verb#* }" <"$doc_tmp/offered"
done <"$doc_tmp/usages"

finish
