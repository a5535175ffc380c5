#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# check-completion.sh: the bash completion offers what 'vfioctl __complete' says; the zsh and fish scripts parse

# shellcheck disable=SC2317,SC2016 # helpers are called through check(); bash -c scripts
. "$(dirname "$0")/lib.sh"

comp=$top_srcdir/completions
bash_comp=$comp/vfioctl

if ! command -v bash >/dev/null 2>&1; then
	echo "Bail out! bash is needed to test the bash completion"
	exit 99
fi

# A small sysroot: one GPU in IOMMU group 7 and one bridge without a group,
# so that group numbers and PCI addresses are known whatever the host has.
root=$doc_tmp/root
mkdir -p "$root/sys/bus/pci/devices" "$root/sys/kernel/iommu_groups/7/devices" \
	"$root/proc/sys/kernel" "$root/dev" || exit 99
echo 6.1.0 >"$root/proc/sys/kernel/osrelease"
for dev in 0000:00:03.0:0x030000:7 0000:00:1f.0:0x060400:; do
	bdf=${dev%:*:*}
	rest=${dev#"$bdf":}
	class=${rest%:*}
	group=${rest#*:}
	d=$root/sys/devices/pci0000:00/$bdf
	mkdir -p "$d" || exit 99
	echo "$class" >"$d/class"
	echo 0x10de >"$d/vendor"
	echo 0x1234 >"$d/device"
	ln -s "../../../devices/pci0000:00/$bdf" "$root/sys/bus/pci/devices/$bdf"
	if [ -n "$group" ]; then
		ln -s "../../../kernel/iommu_groups/$group" "$d/iommu_group"
		ln -s "../../../../devices/pci0000:00/$bdf" \
			"$root/sys/kernel/iommu_groups/$group/devices/$bdf"
	fi
done
mkdir -p "$doc_tmp/dirs/sysroot-dir" && : >"$doc_tmp/dirs/sysroot-file"
# a cgroup v2 tree (cgroup.controllers at the top says v2): a VM's scope and a service
for cg in '' /machine.slice /machine.slice/vm1.scope /system.slice /system.slice/sshd.service; do
	mkdir -p "$root/sys/fs/cgroup$cg" && echo "cpu io memory pids" >"$root/sys/fs/cgroup$cg/cgroup.controllers" ||
		exit 99
done

# complete LINE: what the bash completion offers at the end of LINE (one a
# line). The words are split as bash splits them: at blanks, and again at ':'
# and '=' (COMP_WORDBREAKS), with COMP_LINE and COMP_POINT set.
complete_bash() {
	bash --norc --noprofile -c '
		. "$1" || exit 2
		line="$2 $3"
		COMP_WORDS=()
		for w in $line; do
			while [[ $w =~ ^([^:=]*)([:=]+)(.*)$ ]]; do
				[[ -n ${BASH_REMATCH[1]} ]] && COMP_WORDS+=("${BASH_REMATCH[1]}")
				COMP_WORDS+=("${BASH_REMATCH[2]}")
				w=${BASH_REMATCH[3]}
			done
			[[ -n $w ]] && COMP_WORDS+=("$w")
		done
		[[ $line == *[[:blank:]] ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE=$line
		COMP_POINT=${#line}
		complete -p vfioctl >/dev/null || exit 3
		$(complete -p vfioctl | sed -n "s/.* -F \([^ ]*\) .*/\1/p") vfioctl \
			"${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" || exit 4
		((${#COMPREPLY[@]} == 0)) || printf "%s\n" "${COMPREPLY[@]}"
	' bash "$bash_comp" "$VFIOCTL" "$1"
}

# offers LINE WORD...: the completion at the end of LINE offers every WORD
offers() {
	line=$1
	shift
	complete_bash "$line" >"$doc_tmp/reply" || return 1
	for w; do
		grep -Fqx -e "$w" "$doc_tmp/reply" || {
			diag "'vfioctl $line' offers:" "$(cat "$doc_tmp/reply")"
			return 1
		}
	done
}

# offers_nothing LINE: the completion at the end of LINE offers nothing
offers_nothing() {
	complete_bash "$1" >"$doc_tmp/reply" || return 1
	[ ! -s "$doc_tmp/reply" ] || {
		diag "'vfioctl $1' offers:" "$(cat "$doc_tmp/reply")"
		return 1
	}
}

# lacks LINE WORD...: the completion at the end of LINE offers no WORD
lacks() {
	line=$1
	shift
	complete_bash "$line" >"$doc_tmp/reply" || return 1
	for w; do
		! grep -Fqx -e "$w" "$doc_tmp/reply" || {
			diag "'vfioctl $line' offers:" "$(cat "$doc_tmp/reply")"
			return 1
		}
	done
}

# offers_exactly LINE WORD...: the completion offers these WORDs, in this order
offers_exactly() {
	line=$1
	shift
	complete_bash "$line" >"$doc_tmp/reply" || return 1
	printf '%s\n' "$@" >"$doc_tmp/want"
	cmp -s "$doc_tmp/want" "$doc_tmp/reply" || {
		diag "'vfioctl $line' offers:" "$(cat "$doc_tmp/reply")"
		return 1
	}
}

check "bash parses the bash completion" bash -n "$bash_comp"
check "the bash completion registers with 'complete -F'" \
	bash --norc --noprofile -c '. "$1" && complete -p vfioctl | grep -q -e " -F "' \
	bash "$bash_comp"

# the verbs come from the program, not from the scripts
"$VFIOCTL" __commands | cut -f1 | cut -d' ' -f1 | uniq >"$doc_tmp/first-words"
verbs_in_scripts=
while IFS= read -r verb; do
	if grep -qw -e "$verb" "$bash_comp" "$comp/_vfioctl" "$comp/vfioctl.fish"; then
		verbs_in_scripts="$verbs_in_scripts $verb"
	fi
done <"$doc_tmp/first-words"
check "no script names a verb (found:${verbs_in_scripts:- none})" test -z "$verbs_in_scripts"
for f in "$bash_comp" "$comp/_vfioctl" "$comp/vfioctl.fish"; do
	check "${f##*/} asks 'vfioctl __complete'" grep -q -e '__complete' "$f"
done

# first word
check "first word offers status, group and device" offers '' status group device
check "first word offers no hidden verb" lacks '' __complete __commands
# shellcheck disable=SC2046 # one argument per verb
check "first word offers exactly the verbs of __commands" \
	offers_exactly '' $(cat "$doc_tmp/first-words")
check "'g' offers group" offers_exactly 'g' group
check "'group ' offers list and show" offers 'group ' list show
"$VFIOCTL" __commands | cut -f1 | sed -n 's/^group \([^ ]*\).*/\1/p' >"$doc_tmp/group-verbs"
# shellcheck disable=SC2046 # one argument per verb
check "'group ' offers exactly the group verbs of __commands" \
	offers_exactly 'group ' $(cat "$doc_tmp/group-verbs")
check "'group sh' offers show" offers_exactly 'group sh' show

# options and their values
check "'--class ' offers gpu" offers '--class ' gpu bridge
check "'device list --class g' offers gpu" offers_exactly 'device list --class g' gpu
check "'--class=g' offers gpu" offers_exactly '--class=g' gpu
# every long option of --help is offered once its command is named, and a
# command is not offered the options it would reject
"$VFIOCTL" --help | grep -o -e '--[a-z][a-z-]*' | sort -u >"$doc_tmp/long-options"
: >"$doc_tmp/offered"
for words in '-' 'group list -' 'group claim -' 'device claim -' 'status -'; do
	"$VFIOCTL" __complete -- $words >>"$doc_tmp/offered"
done
sort -u "$doc_tmp/offered" -o "$doc_tmp/offered"
check "every long option of --help is offered for some command" \
	sh -c '[ -z "$(comm -23 "$1" "$2")" ]' sh "$doc_tmp/long-options" "$doc_tmp/offered"
check "'-' offers the global options" offers '-' --sysroot --verbose --help --version
check "'group claim -' offers --dry-run and --yes" offers 'group claim -' --dry-run --yes --force
check "'device list --' does not offer --dry-run" \
	sh -c '! "$1" __complete -- device list -- | grep -qx -e --dry-run' sh "$VFIOCTL"
check "'device list -o BDF,DR' offers BDF,DRIVER" offers 'device list -o BDF,DR' BDF,DRIVER
check "'--class gpu,n' offers gpu,nic and gpu,nvme" offers '--class gpu,n' gpu,nic gpu,nvme
check "'device list -o +DR' keeps the '+'" offers_exactly 'device list -o +DR' +DRIVER
check "'device list -o +BDF,DR' keeps the '+'" offers_exactly 'device list -o +BDF,DR' +BDF,DRIVER
check "'help ' offers the verbs" offers 'help ' status group device
check "'help gr' offers group" offers_exactly 'help gr' group
check "'help group ' offers the group verbs" offers 'help group ' list show claim
check "'help group show ' offers nothing more" offers_nothing 'help group show '
check "'--sysroot DIR/s' falls back to directories" \
	offers_exactly "--sysroot $doc_tmp/dirs/s" "$doc_tmp/dirs/sysroot-dir"
check "'--sysroot=DIR/s' falls back to directories" \
	offers_exactly "--sysroot=$doc_tmp/dirs/s" "$doc_tmp/dirs/sysroot-dir"

# arguments, read below --sysroot; bash replaces only the text after the last ':'
check "'group show ' offers the groups of the sysroot" \
	offers_exactly "--sysroot $root group show " 7
check "'device show ' offers the devices of the sysroot" \
	offers_exactly "--sysroot $root device show " 0000:00:03.0 0000:00:1f.0
check "'device show 0000:00:1' offers 1f.0 (after the last ':')" \
	offers_exactly "--sysroot $root device show 0000:00:1" 1f.0
check "'device show 0000:' offers 00:03.0 and 00:1f.0" \
	offers_exactly "--sysroot=$root device show 0000:" 00:03.0 00:1f.0
check "'device show BDF ' offers nothing more" \
	offers_nothing "--sysroot $root device show 0000:00:03.0 "
check "'device bind BDF ' offers vfio-pci and pci-stub before they are loaded" \
	offers_exactly "--sysroot $root device bind 0000:00:03.0 " pci-stub vfio-pci
check "'device bind BDF v' offers vfio-pci" \
	offers_exactly "--sysroot $root device bind 0000:00:03.0 v" vfio-pci

# cgroups for io's CGROUP arguments: paths of the sysroot's tree and unit names
check "'io show ' offers the cgroups of the sysroot, as paths and unit names" \
	offers_exactly "--sysroot $root io show " / /machine.slice machine.slice \
	/machine.slice/vm1.scope vm1.scope /system.slice system.slice /system.slice/sshd.service \
	sshd.service
check "'io weight vm' offers the unit vm1.scope" \
	offers_exactly "--sysroot $root io weight vm" vm1.scope
check "'io limit /machine.slice/' offers the VM's cgroup path" \
	offers_exactly "--sysroot $root io limit /machine.slice/" /machine.slice/vm1.scope
check "'io top ' offers cgroups too" offers "--sysroot $root io top " /machine.slice/vm1.scope sshd.service
check "'group show ' offers no cgroup" lacks "--sysroot $root group show " / vm1.scope

# zsh and fish: parse only, when they are installed (the tests install nothing)
if command -v zsh >/dev/null 2>&1; then
	check "zsh parses _vfioctl" zsh -n "$comp/_vfioctl"
else
	skip "zsh is not installed"
fi
check "_vfioctl starts with '#compdef vfioctl'" \
	sh -c 'head -n1 "$1" | grep -qx "#compdef vfioctl"' sh "$comp/_vfioctl"
if command -v fish >/dev/null 2>&1; then
	check "fish parses vfioctl.fish" fish -n "$comp/vfioctl.fish"
else
	skip "fish is not installed"
fi

finish
