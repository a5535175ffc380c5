#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/gen-cgroup-tree.sh ROOT [N]: a cgroup v2 sysroot with N cgroups (default 1000) and two disks
#
# 10 slices of N/10 - 1 scopes each below machine.slice, io enabled all the
# way down; every cgroup has the files a 6.1 kernel shows (io.weight,
# io.max, io.stat, io.pressure, cgroup.subtree_control), one in seven has a
# per-disk weight and an io.max cap. sda runs bfq, nvme0n1 none.
set -eu
R=$1
n=${2:-1000}
per=$((n / 10 - 1))
CG=$R/sys/fs/cgroup
rm -rf "$R"
mkdir -p "$CG" "$R/proc/self"
printf '28 25 0:25 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n' >"$R/proc/self/mountinfo"
for d in sda:8:0:bfq nvme0n1:259:0:none; do
	name=${d%%:*}
	rest=${d#*:}
	sched=${rest##*:}
	mm=${rest%:*}
	mkdir -p "$R/sys/devices/virtual/bench/$name/queue" "$R/sys/block" "$R/sys/dev/block"
	printf '%s\n' "$mm" >"$R/sys/devices/virtual/bench/$name/dev"
	printf '2097152\n' >"$R/sys/devices/virtual/bench/$name/size"
	printf 'mq-deadline [%s] none\n' "$sched" >"$R/sys/devices/virtual/bench/$name/queue/scheduler"
	ln -s "../devices/virtual/bench/$name" "$R/sys/block/$name"
	ln -s "../../devices/virtual/bench/$name" "$R/sys/dev/block/$mm"
done
printf 'cpu io memory pids\n' >"$CG/cgroup.subtree_control"
: >"$CG/io.cost.qos"
: >"$CG/io.cost.model"
files()
{
	printf 'io memory pids\n' >"$1/cgroup.subtree_control"
	if [ $(( $2 % 7 )) -eq 0 ]; then
		printf 'default 100\n8:0 %s\n' $((100 + $2)) >"$1/io.weight"
		printf '8:0 rbps=max wbps=max riops=%s wiops=max\n' $((200 + $2)) >"$1/io.max"
	else
		printf 'default 100\n' >"$1/io.weight"
		: >"$1/io.max"
	fi
	printf 'default 100\n' >"$1/io.bfq.weight"
	printf '8:0 rbytes=%s wbytes=0 rios=%s wios=0 dbytes=0 dios=0\n' $(($2 * 4096)) "$2" >"$1/io.stat"
	printf 'some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n' >"$1/io.pressure"
}
mkdir -p "$CG/machine.slice"
files "$CG/machine.slice" 0
i=1
for s in 0 1 2 3 4 5 6 7 8; do
	mkdir -p "$CG/machine.slice/group$s.slice"
	files "$CG/machine.slice/group$s.slice" $i
	i=$((i + 1))
	for v in $(seq 1 "$per"); do
		d=$CG/machine.slice/group$s.slice/vm$v.scope
		mkdir "$d"
		files "$d" $i
		i=$((i + 1))
	done
done
# the tenth slice's worth, so that the total is N
while [ "$i" -lt "$n" ]; do
	mkdir -p "$CG/machine.slice/rest.slice/vm$i.scope"
	files "$CG/machine.slice/rest.slice/vm$i.scope" $i
	i=$((i + 1))
done
echo "$(find "$CG" -name io.weight | wc -l) cgroups in $CG"
