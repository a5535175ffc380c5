#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# io weights, IOPS limits, scheduler, iocost IOPS model and their verdict against the real kernel.

. /scenarios/lib.sh

V=$VM_BINARY
CG=/sys/fs/cgroup
A=$CG/vmtest-a
B=$CG/vmtest-b
CAP=50

# the read IOPS of cgroup $1 over $2 seconds, from its io.stat and
# /proc/uptime (10 ms resolution), while a direct-I/O reader runs in it
measure_riops()
{
	local cg=$1 secs=$2 r0 r1 t0 t1

	r0=$(sed -n 's/^8:0 .*rios=\([0-9]*\).*/\1/p' "$cg/io.stat")
	t0=$(cut -d' ' -f1 /proc/uptime)
	sleep "$secs"
	r1=$(sed -n 's/^8:0 .*rios=\([0-9]*\).*/\1/p' "$cg/io.stat")
	t1=$(cut -d' ' -f1 /proc/uptime)
	awk -v a="${r0:-0}" -v b="${r1:-0}" -v s="$t0" -v e="$t1" \
		'BEGIN { printf "%.1f\n", (b - a) / (e - s) }'
}

# reader CGROUP: 4 KiB O_DIRECT reads of sda in CGROUP until /tmp/stop-reader
# exists (dd restarts every 64 blocks so that it stops soon after)
start_reader()
{
	rm -f /tmp/stop-reader
	sh -c "echo \$\$ > $1/cgroup.procs; while [ ! -e /tmp/stop-reader ]; do
		dd if=/dev/sda of=/dev/null bs=4096 count=64 iflag=direct 2>/dev/null || break
	done" &
	READER=$!
}

stop_reader()
{
	touch /tmp/stop-reader
	wait "$READER" 2>/dev/null
}

# --- cgroups, and io not yet enabled in the root ----------------------------

mkdir -p "$A" "$B"
check_output cgroup-mode-v2 '^cgroup v2' "$V" io show /vmtest-a
check_output verdict-undelegated '^io +inert: io not in / cgroup.subtree_control' \
	"$V" io show /vmtest-a -o SETTING,VERDICT
check_exit enable-io 0 "$V" io weight --enable-io /vmtest-a 100 --yes
check_output root-subtree-io '(^| )io( |$)' cat $CG/cgroup.subtree_control
check io-files-appear test -e $A/io.max

# --- io.max riops on the disk, given as a partition ----------------------------

check_output limit-maps-partition 'sda2 is not a whole disk: mapped to sda \(8:0\)' \
	"$V" io limit /vmtest-a /dev/sda2 riops=$CAP --yes
check_output limit-written "^8:0 rbps=max wbps=max riops=$CAP wiops=max\$" cat $A/io.max
check_output limit-journal '^step sys/fs/cgroup/vmtest-a/io.max	8:0 rbps=max wbps=max riops=max wiops=max	8:0 riops=50$' \
	cat /run/vfioctl/io/2.journal
check_output limit-verdict 'io.max +riops=50 +active: blk-throttle' \
	"$V" io show /vmtest-a -o SETTING,VALUE,VERDICT

# blk-throttle hands out IOPS in slices of 100 ms (throtl_slice), and the
# window edges can each carry at most one slice of budget: 2 x 5 reads out
# of ~200 in 4 s, 5%; /proc/uptime adds 0.02 s of 4 s. So the measured rate
# must stay under the cap plus 10%, and above half of it (the reader runs).
start_reader "$A"
sleep 1
riops=$(measure_riops "$A" 4)
top=$("$V" io top -J -d 2 --count 1 /vmtest-a 2>&1)
stop_reader
if awk -v r="$riops" -v c=$CAP 'BEGIN { exit !(r <= c * 1.10 && r >= c * 0.5) }'; then
	result capped-riops pass "$riops read IOPS with riops=$CAP"
else
	result capped-riops fail "$riops read IOPS with riops=$CAP (want $((CAP / 2))..$((CAP * 11 / 10)))"
fi
top_riops=$(printf '%s\n' "$top" | sed -n 's/.*"device":"sda","riops":\([0-9.]*\).*/\1/p')
if [ -n "$top_riops" ] && awk -v r="$top_riops" -v c=$CAP 'BEGIN { exit !(r <= c * 1.10 && r >= c * 0.5) }' &&
   printf '%s\n' "$top" | grep -q '"riops_max":50'; then
	result top-shows-cap pass "io top: riops $top_riops of riops_max $CAP"
else
	result top-shows-cap fail "io top said: $(printf '%s' "$top" | head -c 250)"
fi

start_reader "$B"
sleep 1
riops_b=$(measure_riops "$B" 3)
stop_reader
if awk -v r="$riops_b" -v c=$CAP 'BEGIN { exit !(r > c * 2) }'; then
	result uncapped-riops pass "$riops_b read IOPS without a cap"
else
	result uncapped-riops fail "$riops_b read IOPS without a cap (want > $((CAP * 2)))"
fi

# --- a bad value: refused before any write, nothing changes ------------------

check_output bad-limit-plain 'out of range: the kernel takes 2 or more' \
	"$V" io limit /vmtest-a sda riops=0 --yes
check_output bad-limit-unchanged "riops=$CAP" cat $A/io.max
check_output bad-weight-plain 'out of range: io.weight takes 1..10000' \
	"$V" io weight /vmtest-b 0 --yes
# a per-disk weight that nothing would honour (no iocost on sda, not bfq):
# the kernel would answer EOPNOTSUPP, vfioctl says why before writing
check_output weight-refused-plain "no weight for sda can act: iocost is not set up on it" \
	"$V" io weight /vmtest-b sda 300 --yes
check_output weight-refused-unchanged '^default 100$' cat $B/io.weight
# the kernel's own refusal, in plain words: a scheduler it cannot load
check_output kernel-refusal-plain "the kernel has no such scheduler for this disk" \
	"$V" io sched sda nosuch --yes
check_output kernel-refusal-unchanged '^\[mq-deadline\]' cat /sys/block/sda/queue/scheduler

# --- bfq: io.bfq.weight goes from inert to active ------------------------------

check_output sched-before '^io.weight +sda +inert: mq-deadline, iocost off' \
	"$V" io show /vmtest-b -o SETTING,DEVICE,VERDICT
check_output sched-before-bfq '^io.bfq.weight +sda +inert: mq-deadline, not bfq' \
	"$V" io show /vmtest-b -o SETTING,DEVICE,VERDICT
check_output sched-show '^sda: \[mq-deadline\]' "$V" io sched sda
check_exit sched-bfq 0 "$V" io sched /dev/sda1 bfq --yes
check_output sched-is-bfq '\[bfq\]' cat /sys/block/sda/queue/scheduler
check_exit weight-default 0 "$V" io weight /vmtest-b 300 --yes
check_output weight-written '^default 300$' cat $B/io.weight
# systemd's BFQ_WEIGHT(): 300 on the 1..10000 scale is 118 on bfq's 1..1000
check_output bfq-weight-written '^default 118$' cat $B/io.bfq.weight
check_output bfq-verdict-active '^io.bfq.weight +sda +active: bfq' \
	"$V" io show /vmtest-b -o SETTING,DEVICE,VERDICT
check_output iocost-still-off '^io.weight +sda +inert: iocost off \(bfq reads io.bfq.weight\)' \
	"$V" io show /vmtest-b -o SETTING,DEVICE,VERDICT

# --- iocost in IOPS mode: io.weight goes from inert to active -----------------

# the probe: one second of 4 KiB direct random reads, planned only
check_output model-probe 'probe: sda reads [0-9]+ IOPS' "$V" io model sda iops --dry-run
check_exit model-iops 0 "$V" io model sda iops --read-iops 2000 --write-iops 1000 --yes
check_output model-written '^8:0 ctrl=user model=linear rbps=0 rseqiops=2000 rrandiops=2000 wbps=0 wseqiops=1000 wrandiops=1000' \
	cat $CG/io.cost.model
check_output qos-enabled '^8:0 enable=1' cat $CG/io.cost.qos
check_output weight-verdict-active '^io.weight +sda +active: iocost on \(IOPS model\)' \
	"$V" io show /vmtest-b -o SETTING,DEVICE,VERDICT
check_exit weight-per-disk 0 "$V" io weight /vmtest-b sda 400 --yes
check_output weight-per-disk-written '^8:0 400$' cat $B/io.weight
check_output show-json-verdict '"verdict": "active: iocost on \(IOPS model\)"' \
	"$V" io show /vmtest-b --json

# vfioctl's own check, before the kernel would answer EACCES
check_output unprivileged-plain 'needs root' run_as vmuser "$V" io limit /vmtest-a sda riops=100 --yes

# --- undo everything, newest first ------------------------------------------

check_output undo-1-disk-weight '^default 300 $' sh -c "'$V' io undo --yes >/dev/null; tr '\\n' ' ' <$B/io.weight"
check_output undo-2-qos '^8:0 enable=0' sh -c "'$V' io undo --yes >/dev/null; cat $CG/io.cost.qos"
check_output undo-3-weight '^default 100$' sh -c "'$V' io undo --yes >/dev/null; cat $B/io.bfq.weight $B/io.weight"
check_output undo-4-sched '\[mq-deadline\]' sh -c "'$V' io undo --yes >/dev/null; cat /sys/block/sda/queue/scheduler"
check_exit undo-5-limit 1 sh -c "'$V' io undo --yes >/dev/null; grep -q riops=$CAP $A/io.max"
check_exit undo-6-subtree 1 sh -c "'$V' io undo --yes >/dev/null; grep -qw io $CG/cgroup.subtree_control"
check_output undo-nothing-left 'nothing to undo' "$V" io undo --yes

rmdir "$A" "$B" 2>/dev/null
