#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# check-options.sh: for every verb, the options its --help lists, the options it accepts and the options completion offers are the same

# shellcheck disable=SC2317,SC2016 # helpers are called through check(); sh -c scripts
. "$(dirname "$0")/lib.sh"

# The options come from one table (src/cli/options.c); this test runs the
# binary and compares what reaches the user, so a list kept by hand again
# somewhere (an option parsed but not listed, listed but refused, offered
# but refused) fails here.
#
# Every run has --sysroot on a directory that does not exist: a command
# that gets past the option check stops at its first look at the tree, and
# nothing reads or changes this machine.
nosys=$doc_tmp/no-such-sysroot

"$VFIOCTL" __commands >"$doc_tmp/commands" || {
	echo "Bail out! '$VFIOCTL __commands' failed"
	exit 99
}
cut -f1 "$doc_tmp/commands" >"$doc_tmp/usages"
check "__commands lists verbs" test -s "$doc_tmp/usages"

# help_options: the options of the --help on standard input, one a line:
# "--name" or "--name=" (takes a value), then "-X" or "-X=" for a short
# letter; only the left column of an option line counts, not its text
help_options() {
	sed -n 's/^  \(-[A-Za-z], \|    \)\(--[a-z][a-z-]*\)\( [A-Z][A-Z-]*\)\{0,1\}  .*/\1\2\3/p' |
		awk '{
			v = ($NF ~ /^[A-Z]/) ? "=" : ""
			for (i = 1; i <= NF; i++) {
				w = $i; sub(/,$/, "", w)
				if (w ~ /^--?[A-Za-z]/) print w v
			}
		}'
}

# args_of USAGE: placeholder words for the arguments a usage needs (its
# words after the verb, without the [optional] ones), so that the argument
# count is right and the option check is reached
args_of() {
	echo "$1" | awk '{
		s = ($2 ~ /^[a-z][a-z-]*$/) ? 3 : 2
		for (i = s; i <= NF; i++) if ($i !~ /^\[/) printf "%s ", $i
	}'
}

# refused OUT: did vfioctl refuse the option (rather than get past it)?
refused() {
	grep -Eq -e "does not apply|unknown option|invalid option|needs a value" "$1"
}

# own_parser VERB: does VERB parse the words after it itself (log)? Its
# refusal of an unknown option then names it; vfioctl's names no verb.
own_parser() {
	# shellcheck disable=SC2086 # one argument per word
	"$VFIOCTL" --sysroot "$nosys" $1 --no-such-option </dev/null 2>&1 >/dev/null |
		grep -Fq -e "for '$1'"
}

# accepts USAGE OPTION: does the verb of USAGE take OPTION ("--x", "--x=",
# "-X", "-X=")? It may stand before the verb (for every verb; only the
# global options of a verb that parses its own, such as log) or after a
# verb that parses its own ($own: yes). getopt permutes the words of the
# others: after the verb means the same as before it.
accepts() {
	verb=$(verb_of "$1")
	args=$(args_of "$1")
	case $2 in
	--*=) word=${2}1 ;;
	-?=) word=${2%=}1 ;;
	*) word=$2 ;;
	esac
	# shellcheck disable=SC2086 # one argument per word
	"$VFIOCTL" --sysroot "$nosys" "$word" $verb $args </dev/null \
		>/dev/null 2>"$doc_tmp/run.err"
	refused "$doc_tmp/run.err" || return 0
	[ "$own" = yes ] || return 1
	# shellcheck disable=SC2086
	"$VFIOCTL" --sysroot "$nosys" $verb "$word" $args </dev/null \
		>/dev/null 2>"$doc_tmp/run.err"
	! refused "$doc_tmp/run.err"
}

# every option any help, completion or the man pages name: the candidates
: >"$doc_tmp/all"
"$VFIOCTL" --help </dev/null | help_options >>"$doc_tmp/all"
while IFS= read -r usage; do
	verb=$(verb_of "$usage")
	# shellcheck disable=SC2086
	"$VFIOCTL" $verb --help </dev/null 2>/dev/null | help_options >>"$doc_tmp/all"
	# shellcheck disable=SC2086
	"$VFIOCTL" __complete -- $verb -- 2>/dev/null >>"$doc_tmp/all"
done <"$doc_tmp/usages"
for page in "$doc_dir"/vfioctl*.8; do
	roff_lines "$page" | sed -n 's/^@TAG //p' | grep -o -e '--[a-z][a-z-]*'
done >>"$doc_tmp/all"
# "--x" and "--x=" are one option: keep the "=" form when any source has
# it (completion prints no "="); a short letter may mean two things (-n of
# the tables, -n N of log): keep both of its forms
grep -e '^--' "$doc_tmp/all" | sed 's/=$//' | sort -u >"$doc_tmp/names"
while IFS= read -r n; do
	if grep -qx -e "$n=" "$doc_tmp/all"; then echo "$n="; else echo "$n"; fi
done <"$doc_tmp/names" >"$doc_tmp/candidates"
grep -e '^-[A-Za-z]' "$doc_tmp/all" | sort -u >>"$doc_tmp/candidates"
check "the candidates include --json, --force, --delay and -d" sh -c \
	'grep -qx -- --json "$1" && grep -qx -- --force "$1" && grep -qx -- --delay= "$1" &&
	 grep -qx -- -d= "$1"' sh "$doc_tmp/candidates"

while IFS= read -r usage; do
	verb=$(verb_of "$usage")
	# shellcheck disable=SC2086
	"$VFIOCTL" $verb --help </dev/null 2>/dev/null | help_options | sort -u >"$doc_tmp/listed"
	# shellcheck disable=SC2086
	"$VFIOCTL" __complete -- $verb -- 2>/dev/null | sort -u >"$doc_tmp/offered"
	own=no
	! own_parser "$verb" || own=yes
	# the long candidates, and the short letters --help lists
	: >"$doc_tmp/accepted"
	{
		grep -e '^--' "$doc_tmp/candidates"
		grep -v -e '^--' "$doc_tmp/listed"
	} | while IFS= read -r opt; do
		if accepts "$usage" "$opt"; then
			printf '%s\n' "$opt" >>"$doc_tmp/accepted"
		fi
	done

	# listed but refused
	bad=$(grep -Fvx -f "$doc_tmp/accepted" "$doc_tmp/listed" | tr '\n' ' ')
	check "every option '$verb --help' lists is accepted${bad:+ (refused: $bad)}" test -z "$bad"
	# accepted but not listed (long options: a short letter is listed with
	# its long name); getopt takes an abbreviation (--out of log's
	# --output): a prefix of a listed option is not an option of its own
	bad=$(grep -e '^--' "$doc_tmp/accepted" | grep -Fvx -f "$doc_tmp/listed" | sed 's/=$//' |
		while IFS= read -r opt; do
			grep -q -e "^$opt" "$doc_tmp/listed" || printf '%s ' "$opt"
		done)
	check "every option '$verb' accepts is in its --help${bad:+ (missing: $bad)}" test -z "$bad"
	# completion offers exactly the long options of --help
	grep -e '^--' "$doc_tmp/listed" | sed 's/=$//' | sort -u >"$doc_tmp/listed-long"
	if cmp -s "$doc_tmp/listed-long" "$doc_tmp/offered"; then
		ok "completion of '$verb --' offers the long options of its --help"
	else
		not_ok "completion of '$verb --' offers the long options of its --help"
		diag "< --help, > completion" "$(diff "$doc_tmp/listed-long" "$doc_tmp/offered" | grep '^[<>]')"
	fi
done <"$doc_tmp/usages"

# the checks can fail: a refusal is seen, before and after the verb
for probe in "status --class=" "device list --with=" "log --class=" "log write --follow"; do
	own=no
	! own_parser "$(verb_of "${probe% *}")" || own=yes
	if accepts "${probe% *}" "${probe##* }"; then
		not_ok "'${probe% *}' refuses ${probe##* }"
	else
		ok "'${probe% *}' refuses ${probe##* }"
	fi
done

finish
