// SPDX-License-Identifier: GPL-2.0-or-later
/* kver.c: compare kernel releases */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "kver.h"

int kver_parse(const char *release, struct kver *out)
{
	unsigned ma = 0, mi = 0, pa = 0;
	int n;

	if (!release)
		return -EINVAL;
	n = sscanf(release, "%u.%u.%u", &ma, &mi, &pa);
	if (n < 2)
		return -EINVAL;
	out->major = ma;
	out->minor = mi;
	out->patch = n == 3 ? pa : 0;
	return 0;
}

int kver_at_least(const struct kver *v, unsigned major, unsigned minor)
{
	return v->major > major || (v->major == major && v->minor >= minor);
}
