# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh: drive vfioctl in a real terminal (tmux) and read the screen, for the tests/term scripts (sourced)
# shellcheck shell=sh

. "$(dirname "$0")/../doc/lib.sh"

: "${VFIOCTL:?VFIOCTL must name the vfioctl binary}"
: "${VFIOCTL_FIXTURES:?VFIOCTL_FIXTURES must name the fixture trees}"

if ! command -v tmux >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		echo "Bail out! tmux is missing (CI=true: tools/test installs it)"
		exit 99
	fi
	echo "1..0 # SKIP tmux is not installed"
	exit 77
fi

term_tmp=$(mktemp -d "${TMPDIR:-/tmp}/vfioctl-term.XXXXXX") || exit 99
# a server of our own: never the user's tmux
term_sock=$term_tmp/tmux.sock
trap 'tmux -S "$term_sock" kill-server 2>/dev/null; rm -rf "$term_tmp"' EXIT INT TERM

# term_start COMMAND...: run COMMAND in a fresh 100x30 terminal
term_start() {
	ts_try=0
	tmux -S "$term_sock" kill-server 2>/dev/null
	# a server that dies while starting (seen under heavy load) gets two more tries
	until tmux -S "$term_sock" -f /dev/null new-session -d -s t -x 100 -y 30 \
		"env TERM=xterm-256color NO_COLOR=1 LC_ALL=C.UTF-8 $*; echo \"[exit \$?]\"; sleep 30"; do
		ts_try=$((ts_try + 1))
		[ "$ts_try" -lt 3 ] || return 1
		sleep 1
	done
}

term_keys() {
	tmux -S "$term_sock" send-keys -t t "$@"
}

# the screen as text; -N keeps trailing spaces, so "group " differs from "group"
term_screen() {
	tmux -S "$term_sock" capture-pane -p -N -t t
}

# term_lacks REGEX: the screen does not match REGEX now
term_lacks() {
	if term_screen | grep -Eq -e "$1"; then
		diag "screen matches /$1/ and must not:" "$(term_screen | grep -v '^ *$')"
		return 1
	fi
}

# term_wait_last REGEX [SECONDS]: wait until the last non-blank line matches REGEX
term_wait_last() {
	tw_i=0
	tw_max=$(( ${2:-10} * 10 ))
	while [ "$tw_i" -lt "$tw_max" ]; do
		term_screen | grep -v '^ *$' | tail -n 1 | grep -Eq -e "$1" && return 0
		sleep 0.1
		tw_i=$((tw_i + 1))
	done
	diag "last line does not match /$1/:" "$(term_screen | grep -v '^ *$')"
	return 1
}

# term_wait REGEX [SECONDS]: wait until the screen matches REGEX
term_wait() {
	tw_i=0
	tw_max=$(( ${2:-10} * 10 ))
	while [ "$tw_i" -lt "$tw_max" ]; do
		term_screen | grep -Eq -e "$1" && return 0
		sleep 0.1
		tw_i=$((tw_i + 1))
	done
	diag "screen does not match /$1/:" "$(term_screen)"
	return 1
}
