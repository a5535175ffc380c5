#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The log verbs against the guest's real /dev/kmsg: write then read, device fields, ring overrun.

. /scenarios/lib.sh

V=${VM_BINARY:-vfioctl}
# /dev/kmsg writes are rate limited by default: the flood below needs them all
echo on > /proc/sys/kernel/printk_devkmsg 2>/dev/null

# --- write, then read it back ------------------------------------------------
mark="vm-log-$$-$(date +%s)"
if $V log write -p warning -t vmtest "$mark" 2>/tmp/w.err; then
	result log-write pass "$mark"
else
	result log-write fail "$(cat /tmp/w.err)"
fi
check_output log-kmsg-sees-write "vmtest: $mark" $V log kmsg
check_output log-kmsg-json-level "\"level\":\"warning\",\"priority\":\"W\",\"facility\":\"user\".*vmtest: $mark" \
	$V log --json kmsg
check_output log-priority-filter "vmtest: $mark" $V log -p warning --grep "$mark" kmsg

# --- device probe records keep SUBSYSTEM/DEVICE -----------------------------
check_output log-probe-fields '"fields":\{"SUBSYSTEM":"pci","DEVICE":"\+pci:0000:' \
	$V log --json kmsg

# --- a flood that overruns the ring while the reader sleeps -----------------
$V log --json -f --start end kmsg > /tmp/follow.json 2>/tmp/follow.err &
rpid=$!
# the same in text: the notice must say the same number
$V log -f --start end kmsg > /tmp/follow.txt 2>/tmp/follow-txt.err &
tpid=$!
sleep 2
echo "<6>flood-start" > /dev/kmsg
sleep 2
kill -STOP "$rpid" "$tpid"
pad=$(printf '%0200d' 0)
i=0
while [ "$i" -lt 6000 ]; do
	echo "<6>flood $i $pad" > /dev/kmsg
	i=$((i + 1))
done
echo "<6>flood-end" > /dev/kmsg
kill -CONT "$rpid" "$tpid"
sleep 4
kill "$rpid" "$tpid"
wait "$rpid" "$tpid" 2>/dev/null
lost=$(sed -n 's/.*"lost":\([0-9]*\).*/\1/p' /tmp/follow.json | head -n 1)
# the gap: the seq of the record after the notice minus the last one before it, minus one
before=$(grep -B1 '"lost":' /tmp/follow.json | head -n 1 | sed -n 's/.*"seq":\([0-9]*\).*/\1/p')
after=$(grep -A1 '"lost":' /tmp/follow.json | tail -n 1 | sed -n 's/.*"seq":\([0-9]*\).*/\1/p')
if [ -n "$lost" ] && [ -n "$before" ] && [ -n "$after" ] &&
	[ "$lost" -eq $((after - before - 1)) ] && [ "$lost" -gt 0 ]; then
	result log-overrun-lost-count pass "lost $lost = seq $after - $before - 1"
else
	result log-overrun-lost-count fail "lost='$lost' before='$before' after='$after' lines=$(wc -l < /tmp/follow.json) err=$(cat /tmp/follow.err)"
fi
tlost=$(sed -n 's/^-- \([0-9]*\) records lost --$/\1/p' /tmp/follow.txt | head -n 1)
if [ -n "$tlost" ] && [ "$tlost" -gt 0 ] && grep -q 'flood-end' /tmp/follow.txt; then
	result log-overrun-text-notice pass "-- $tlost records lost -- (json reader: $lost)"
else
	result log-overrun-text-notice fail "no '-- N records lost --' line: $(grep -c . /tmp/follow.txt) lines, err=$(cat /tmp/follow-txt.err)"
fi
check_output log-follow-json-valid-end 'flood-end' tail -n 1 /tmp/follow.json

# --- a missing source -------------------------------------------------------
check_exit log-missing-logger 1 $V log main
