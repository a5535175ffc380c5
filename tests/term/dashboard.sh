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
check "'?' lists the log pane's priority key" term_wait '^  p +log pane: cycle the lowest priority shown'
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
term_keys Escape Tab Tab
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
# the log pane: kmsg and the Android logs of a copy of the logs fixture,
# read again every tick; 'p' raises the lowest priority shown
logs=$term_tmp/logs
cp -R "$VFIOCTL_FIXTURES/logs" "$logs" || exit 99
term_start "$VFIOCTL --sysroot $logs dashboard -d 0.2"
term_wait '^GROUP  VIABILITY' >/dev/null
term_keys BTab
check "S-Tab from the groups reaches the log pane, which shows every priority at first" \
	term_wait '^SOURCE LEVEL   RECORD  \[priority debug and above \(p\); 8 kept, ring of 500; 0 lost\]'
check "the log pane shows kmsg records as 'vfioctl log' does" \
	term_wait '^kmsg   info    \[    0\.500157\] device-mapper: ioctl: 4\.34\.0-ioctl'
check "the log pane shows the Android logs too" \
	term_wait '^events info    11-16 [0-9:. ]+ 707  1291 I am_proc_died: \[0,19512,com\.amazon\.kindle\]'
term_keys p
check "'p' raises the priority in the pane's heading" term_wait '\[priority info and above \(p\);'
check "'p' says the new priority in the status line" term_wait '^logs: priority info and above'
term_keys p p
check "two more 'p' reach warning" term_wait '\[priority warning and above \(p\);'
check "at warning the info records are hidden" term_lacks 'device-mapper|am_proc_died'
check "at warning the crit record stays" term_wait '^kmsg   crit    \[    0\.408127\] virtio-pci 0000:00:04\.0'
printf '3,400,900000,-;vfioctl-term: written while the pane follows\n' >>"$logs/dev/kmsg"
check "a record written meanwhile appears on a later tick" \
	term_wait '^kmsg   err     \[    0\.900000\] vfioctl-term: written while the pane follows'
term_keys p p p p p
check "'p' goes round to debug again" term_wait '\[priority debug and above \(p\); 9 kept'
term_keys / l o w m e m
check "'/' filters log records by tag" term_wait '^main   info    [0-9: .-]+ 212   212 I lowmemorykiller: Using psi'
check "'/' hides the other records" term_lacks 'virtio-pci|am_proc_died'
term_keys Enter Enter
check "Enter on a log record shows its details" term_wait '^  Tag +lowmemorykiller'
term_keys Escape q
check "q from the log pane restores the terminal" term_wait '^\[exit 0\]$'

# 'w' sets a cgroup's io.weight through the io plan the CLI uses
iorw=$term_tmp/io-rw
sh "$(dirname "$0")/../cli/rw-fixture.sh" "$VFIOCTL_FIXTURES/io-v2" "$iorw" || exit 99
weight_file=$iorw/sys/fs/cgroup/machine.slice/vms.slice/vm1.scope/io.weight
term_start "$VFIOCTL --sysroot $iorw dashboard -d 0.2"
term_wait '^GROUP  VIABILITY' >/dev/null
term_keys w
check "'w' outside the cgroups pane says where it works" \
	term_wait '^select a cgroup in the Cgroups pane first'
term_keys Tab Tab / v m 1 Enter
term_wait '^      vm1\.scope ' >/dev/null
term_keys j j j w 3 0 0
check "'w' asks for the weight of the selected cgroup" \
	term_wait '^io\.weight of /machine\.slice/vms\.slice/vm1\.scope \(1-10000, Enter sets, Esc cancels\): 300_'
term_keys Enter
check "the weight dialog shows the io plan with old and new values" \
	term_wait '^   1\. io\.weight default +default 100 -> default 300'
term_keys n
check "'n' cancels the weight and changes nothing" term_wait '^cancelled: nothing was changed'
check "a cancelled weight leaves io.weight alone" sh -c "! grep -q 'default 300' '$weight_file'"
term_keys w 3 0 0 Enter
term_wait '^Apply these 1 steps' >/dev/null
term_keys y
check "'y' writes the weight and names the io journal" \
	term_wait '^io weight /machine\.slice/vms\.slice/vm1\.scope: done \(1 steps; journal '
check "io.weight holds the new default" grep -q 'default 300' "$weight_file"
check "the pane shows the new weight" term_wait '^      vm1\.scope +[0-9.]+ +[0-9.]+ +300 '
term_keys w 0 Enter
check "a weight out of range is refused before anything is planned" \
	term_wait "^invalid weight '0': io\.weight takes 1 to 10000"
term_keys q
term_wait '^\[exit 0\]$' >/dev/null
check "'vfioctl io undo' takes the dashboard's weight back" \
	sh -c "$VFIOCTL --sysroot '$iorw' io undo --yes >/dev/null && grep -q 'default 100' '$weight_file'"

echo "1..$doc_n"
[ "$doc_failed" -eq 0 ]
