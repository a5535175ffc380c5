#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dashboard.sh: the live dashboard in a real terminal: first screen, cursor, details, filter, help, resize, and the terminal given back

. "$(dirname "$0")/lib.sh"

fx=$VFIOCTL_FIXTURES/desktop
run="$VFIOCTL --sysroot $fx dashboard -d 0.2"

term_start "$run"
check "the header names the kernel and the groups" \
	term_wait '^vfioctl  kernel 6\.1\.0-18-amd64  IOMMU on \(2 units\)  groups 6: 1 viable, 5 not'
check "the groups pane shows a blocked group" \
	term_wait '^    1  not viable  DMA-FQ    blocked by 0000:01:00\.0 \(nouveau\)'
check "the groups pane shows the devices as a tree" \
	term_wait '^       \|- 0000:01:00\.0  nouveau        gpu        blocks  NVIDIA'
check "the key bar is on the last line" term_wait_last '^Tab next pane .* q quit'

# the cursor: down three rows is 0000:00:01.0; Enter shows its details
term_keys j j j Enter
check "Enter shows the selected device's details" term_wait '^0000:00:01\.0 Intel Corporation'
check "details show driver_override" term_wait '^  driver_override: \(none\)'
term_keys Escape
check "Esc goes back to the list" term_wait '^GROUP  VIABILITY'

# '/' filters rows: a device matches, its group stays as its parent
term_keys / n o u v
check "the filter prompt shows what is typed" term_wait '^filter: nouv_'
check "the filter keeps the matching device" term_wait '0000:01:00\.0  nouveau'
check "the filter hides other groups" term_lacks '0000:02:00\.0'
term_keys Enter Escape

# '?' lists every key of the key table
term_keys '?'
check "'?' lists the keys" term_wait '^  S-Tab +previous pane'
term_keys '?'

# a resize redraws at the new size
tmux -S "$term_sock" resize-window -t t -x 60 -y 12
check "a resize redraws the bar at the new width" term_wait_last '^Tab next pane  j/Down move down  Enter details  / filter row$'

# Space pauses the refresh
term_keys ' '
check "Space pauses" term_wait '^paused: Space resumes'
term_keys ' '

# q gives the terminal back: the shell's line after the dashboard is visible
term_keys q
check "q ends the dashboard with status 0" term_wait '^\[exit 0\]$'
check "the terminal is restored (no dashboard left on screen)" term_lacks 'GROUP  VIABILITY'

# SIGTERM also gives the terminal back
term_start "$run"
term_wait '^GROUP  VIABILITY' >/dev/null
pid=$(tmux -S "$term_sock" list-panes -t t -F '#{pane_pid}')
pkill -TERM -P "$pid" -f 'dashboard' 2>/dev/null || pkill -TERM -f "$fx dashboard"
check "SIGTERM ends the dashboard" term_wait '^\[exit 0\]$'
check "SIGTERM restores the terminal" term_lacks 'GROUP  VIABILITY'

echo "1..$doc_n"
[ "$doc_failed" -eq 0 ]
