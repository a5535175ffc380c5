#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shell.sh: the interactive shell in a real terminal: prompt, TAB completion of a verb, a BDF and a cgroup, history across restarts

. "$(dirname "$0")/lib.sh"

fx=$VFIOCTL_FIXTURES/desktop
export XDG_STATE_HOME="$term_tmp/state"
run="XDG_STATE_HOME=$XDG_STATE_HOME $VFIOCTL --sysroot $fx"

# no verb on a terminal: the shell
term_start "$run"
check "no verb on a terminal starts the shell" term_wait_last '^vfioctl> +$'

# TAB completes a verb: "gro" -> "group ", then "sh" -> "show "
term_keys 'gro' Tab
check "TAB completes 'gro' to 'group '" term_wait_last '^vfioctl> group +$'
term_keys 'sh' Tab
check "TAB completes 'group sh' to 'group show '" term_wait_last '^vfioctl> group show +$'
# a second TAB with nothing to add lists the group numbers
term_keys Tab
check "TAB lists the group numbers" term_wait '^0 +1 +2 +3 +4 +5 *$'
term_keys C-u

# TAB completes a BDF: the two functions of 01:00 share "0000:01:00."
term_keys 'device show 0000:01' Tab
check "TAB completes a BDF to the shared prefix" term_wait_last '^vfioctl> device show 0000:01:00\. *$'
term_keys '1' Enter
check "the command runs at the prompt" term_wait 'snd_hda_intel'
check "the prompt comes back after the command" term_wait_last '^vfioctl> +$'

# an error does not end the shell
term_keys 'group show 99' Enter
check "an error is one line and the shell goes on" \
	term_wait "^vfioctl: IOMMU group '99' does not exist"
term_keys 'exit' Enter
check "exit ends the shell with the last command's status" term_wait '^\[exit 1\]$'
check "the history file is written" test -s "$XDG_STATE_HOME/vfioctl/history"

# history survives a restart: Up brings back the commands of the last run
term_start "$run shell"
term_wait_last '^vfioctl> +$' >/dev/null
term_keys Up Up
check "Up recalls a command of the previous run" term_wait_last '^vfioctl> group show 99 *$'
term_keys C-u C-d
check "Ctrl-D ends the shell" term_wait '^\[exit 0\]$'

# TAB completes cgroups for io's CGROUP arguments: unit names and paths of the io-v2 tree
term_start "$VFIOCTL --sysroot $VFIOCTL_FIXTURES/io-v2 shell"
term_wait_last '^vfioctl> +$' >/dev/null
term_keys 'io weight vm1' Tab
check "TAB completes a unit name to its cgroup's unit" term_wait_last '^vfioctl> io weight vm1\.scope +$'
term_keys C-u 'io show /machine.slice/vms.slice/vm2' Tab
check "TAB completes a cgroup path" term_wait_last '^vfioctl> io show /machine\.slice/vms\.slice/vm2\.scope +$'
term_keys C-u C-d
term_wait '^\[exit 0\]$' >/dev/null

echo "1..$doc_n"
[ "$doc_failed" -eq 0 ]
