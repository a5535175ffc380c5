// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-common.c: phrases and argument parsing shared by the command handlers */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int parse_group_arg(const char *arg, int *id)
{
	char *end;
	long v;

	if (!*arg || *arg == '-' || *arg == '+')
		return -EINVAL;
	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || *end || v < 0 || v > INT_MAX)
		return -EINVAL;
	*id = (int)v;
	return 0;
}

void format_blocker(char *buf, size_t size, const struct iommu_member *m,
		    int group)
{
	snprintf(buf, size, "%s (%s) blocks group %d", m->name, m->driver, group);
}

const char *host_state_hint(const struct iommu_host *h)
{
	switch (h->state) {
	case IOMMU_STATE_ON:
	case IOMMU_STATE_GROUPS_ONLY:
		return NULL;
	case IOMMU_STATE_OFF_CMDLINE:
		return "remove intel_iommu=off / amd_iommu=off / iommu=off from the kernel command line and reboot";
	case IOMMU_STATE_NO_GROUPS:
		return "IOMMU units are registered but no groups formed: check that the IOMMU driver initialised (dmesg | grep -i -e DMAR -e AMD-Vi)";
	case IOMMU_STATE_NOT_ENABLED:
	default:
		return "enable VT-d (Intel) or AMD-Vi/IOMMU (AMD) in the firmware setup, boot with intel_iommu=on (Intel) or amd_iommu=on (AMD), and reboot";
	}
}
