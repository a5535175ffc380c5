#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# check-kernel-paths.sh: kernel paths live in pathnames.h and are opened only by path.c
#
# Every /sys, /proc and /dev access must go through the sysroot path context,
# or --sysroot fixtures would silently read the live host. A line that truly
# needs an exception carries the marker "lint: host path" and says why;
# text shown to the user that merely names a path carries "lint: message".
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 99
fail=0

literals=$(grep -rnE '"/?(sys|proc|dev)(/|")' src --include='*.c' --include='*.h' |
	grep -v '^src/core/pathnames.h:' | grep -v -e 'lint: host path' -e 'lint: message' |
	grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/\*|\*)')
if [ -n "$literals" ]; then
	echo "kernel path literal outside src/core/pathnames.h:"
	echo "$literals"
	fail=1
fi

opens=$(grep -rnE '(^|[^_a-z])(open|openat|fopen|opendir|readlink|readlinkat|stat|lstat|fstatat|access)\(' \
	src --include='*.c' | grep -v '^src/core/path.c:' | grep -v 'lint: host path')
if [ -n "$opens" ]; then
	echo "file system call outside src/core/path.c (use the path context):"
	echo "$opens"
	fail=1
fi

[ "$fail" -eq 0 ] && echo "ok: kernel paths go through the sysroot path context"
exit "$fail"
