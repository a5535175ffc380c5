// SPDX-License-Identifier: GPL-2.0-or-later
/* iodev-resolve.c: a device argument to the whole disks io files accept, via blockdev */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blockdev.h"
#include "iodev.h"

int io_target_resolve(struct path_ctx *ctx, const char *spec, struct io_target *t)
{
	struct blockdev_topo *topo = NULL;
	struct blockdev_resolved r = { 0 };
	int rc;

	memset(t, 0, sizeof(*t));
	rc = blockdev_topo_scan(ctx, &topo);
	if (rc < 0)
		return rc;
	rc = blockdev_resolve(ctx, topo, spec, &r);
	if (rc == 0 && r.ndisks > IO_TARGET_MAXDISKS)
		rc = -E2BIG;
	if (rc == 0 && r.ndisks == 0)
		rc = -ENOENT;
	if (rc == 0) {
		snprintf(t->spec_dev, sizeof(t->spec_dev), "%s", r.dev->name);
		t->mapped = r.mapped;
		for (size_t i = 0; i < r.ndisks; i++) {
			snprintf(t->disks[i].name, sizeof(t->disks[i].name), "%s", r.disks[i]->name);
			t->disks[i].maj = r.disks[i]->major;
			t->disks[i].min = r.disks[i]->minor;
		}
		t->ndisks = r.ndisks;
	}
	blockdev_resolved_clear(&r);
	blockdev_topo_free(topo);
	return rc;
}
