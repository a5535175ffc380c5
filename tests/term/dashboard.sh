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
check "the key bar is on the last line" term_wait_last '^Tab pane  j/Down move  Enter details  / filter  c claim  r release  Space pause  \? keys  q quit *$'

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
check "a resize redraws the bar at the new width" term_wait_last '^Tab pane  j/Down move  Enter details  / filter  c claim  r r *$'

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

# claim and release from the dashboard: the fixture as it is cannot be changed
term_start "$run"
term_wait '^GROUP  VIABILITY' >/dev/null
term_keys G k c
check "'c' on a tree that is not writable says why, and changes nothing" \
	term_wait "^cannot claim IOMMU group 5: not the live root and not a test fixture marked writable"
term_keys q

# a writable copy, with the test suite's fake kernel completing the writes
rw=$term_tmp/rw
sh "$(dirname "$0")/../cli/rw-fixture.sh" "$fx" "$rw" || exit 99
drv() {
	link=$(readlink "$rw/sys/bus/pci/devices/0000:02:00.0/driver")
	[ "${link##*/}" = "$1" ] || { diag "driver of 0000:02:00.0 is '${link##*/}', want '$1'"; return 1; }
}
term_start "LD_PRELOAD=$VFIOCTL_FAKE_KERNEL FAKE_KERNEL_ROOT=$rw $VFIOCTL --sysroot $rw dashboard -d 0.2"
term_wait '^GROUP  VIABILITY' >/dev/null
term_keys G k c
check "'c' shows the plan of the claim" term_wait '^plan: claim IOMMU group 5 for vfio-pci *$'
check "the plan lists its steps" term_wait '^   3\. unbind          0000:02:00\.0 from nvme'
check "the dialog asks before it changes anything" \
	term_wait '^Apply these 5 steps\? y applies, n or Esc cancels'
term_keys n
check "'n' cancels the dialog" term_wait '^cancelled: nothing was changed'
check "a cancelled claim changes nothing" drv nvme
term_keys c
term_wait '^Apply these 5 steps' >/dev/null
term_keys y
check "'y' applies the claim and says so" term_wait '^claim IOMMU group 5: done \(5 steps\)'
check "the claim bound the device to vfio-pci" drv vfio-pci
check "the view shows the change at once" term_wait '`- 0000:02:00\.0  vfio-pci '
term_keys r
check "'r' shows the plan of the release" term_wait '^plan: release IOMMU group 5'
term_keys y
check "the release is done" term_wait '^release IOMMU group 5: done'
check "the release gave the device back to nvme" drv nvme
term_keys q
check "q after a change still restores the terminal" term_wait '^\[exit 0\]$'

# the block / SCSI pane: Tab from the groups, disks as trees, Enter on a node
term_start "$VFIOCTL --sysroot $VFIOCTL_FIXTURES/scsi-stack dashboard -d 0.2"
term_wait '^GROUP  VIABILITY' >/dev/null
term_keys Tab
check "Tab shows the block / SCSI pane's heading" \
	term_wait '^NAME +TYPE +HCTL +SIZE +OWNER:GROUP MODE SCSI POWER +FLAGS'
check "the block pane shows a partition's holder in the disk's tree" \
	term_wait '^\| `-dm-1 +crypt '
check "the block pane shows a writable sg node" \
	term_wait '^\|-sg0 +sg +0:0:0:0 +root:disk 0660 +unfiltered'
term_keys j j j j j Enter
check "Enter on an sg node shows its owner and power" term_wait '^  scsi power:  unfiltered'
check "the details name the openers" term_wait '^  write openers: group:disk \(unfiltered\)'
term_keys Escape
term_keys c
check "'c' on the block pane changes nothing and says why" \
	term_wait '^select an IOMMU group or a device first'
term_keys BTab
check "S-Tab goes back to the groups" term_wait '^GROUP  VIABILITY'
term_keys q
term_wait '^\[exit 0\]$' >/dev/null

# the cgroups pane: its heading, the tree, and rates once two samples exist
term_start "$VFIOCTL --sysroot $VFIOCTL_FIXTURES/io-v2 dashboard -d 0.2"
term_wait '^GROUP  VIABILITY' >/dev/null
term_keys Tab Tab
check "a second Tab shows the cgroups pane's heading" \
	term_wait '^CGROUP +R-IOPS +W-IOPS +WEIGHT +IO\.MAX +VERDICT'
check "the cgroups pane shows the root and its verdict" \
	term_wait '^/ +0\.0 +0\.0 +- +- +inert: th'
term_keys / v m 1 Enter
check "a filtered cgroup shows its weight and io.max" \
	term_wait '^      vm1\.scope +0\.0 +0\.0 +100\+ +sda riops=500 '
term_keys j j j Enter
check "Enter shows the cgroup's details" term_wait '^cgroup /machine\.slice/vms\.slice/vm1\.scope'
check "the details give the verdict per disk" \
	term_wait '^  disk sda +8:0 scheduler mq-deadline, iocost off: io\.weight inert'
term_keys Escape Tab
check "Tab after the last pane comes back to the groups" term_wait '^GROUP  VIABILITY'
term_keys q
check "q from the cgroups run restores the terminal" term_wait '^\[exit 0\]$'

# live IOPS: a copy of io-v2 whose vm1.scope reads 20 more on sda every 0.1 s
# (about 200 per second), from two io.stat samples a tick apart
cp -R "$VFIOCTL_FIXTURES/io-v2" "$term_tmp/io-live"
st=$term_tmp/io-live/sys/fs/cgroup/machine.slice/vms.slice/vm1.scope/io.stat
term_start "$VFIOCTL --sysroot $term_tmp/io-live dashboard -d 0.5"
term_wait '^GROUP  VIABILITY' >/dev/null
term_keys Tab Tab / v m 1 Enter
(
	n=10
	while [ -f "$st" ] && [ "$n" -lt 4000 ]; do
		n=$((n + 20))
		printf '8:0 rbytes=%s wbytes=0 rios=%s wios=0 dbytes=0 dios=0\n' $((n * 4096)) "$n" >"$st.new"
		mv "$st.new" "$st"
		sleep 0.1
	done
) &
writer=$!
check "the cgroups pane shows live read IOPS from io.stat" \
	term_wait '^      vm1\.scope +(1[0-9]{2}|2[0-9]{2}) +0\.0 '
kill "$writer" 2>/dev/null
wait "$writer" 2>/dev/null
term_keys q
term_wait '^\[exit 0\]$' >/dev/null

echo "1..$doc_n"
[ "$doc_failed" -eq 0 ]
