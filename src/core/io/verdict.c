// SPDX-License-Identifier: GPL-2.0-or-later
/* verdict.c: the effectiveness verdict of io weights and limits */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "verdict.h"

const char *io_setting_name(enum io_setting s)
{
	static const char *const names[] = {
		"io.weight", "io.bfq.weight", "io.max", "blkio.weight", "blkio.throttle",
	};

	return names[s];
}

void io_verdict_for(enum io_setting s, const struct io_disk *d, enum io_cg_mode mode,
		    const char *undelegated, bool is_root, struct io_verdict *v)
{
	const char *sched = d->sched.active;
	bool bfq = strcmp(sched, "bfq") == 0;
	bool v1_setting = s == IO_SET_V1_WEIGHT || s == IO_SET_V1_THROTTLE;

	v->active = false;
	if (mode == IO_CG_HYBRID && !v1_setting) {
		snprintf(v->reason, sizeof(v->reason),
			 "inert: hybrid mode, the v2 tree has no controllers");
		return;
	}
	if (undelegated && *undelegated) {
		snprintf(v->reason, sizeof(v->reason), "inert: io not in %s cgroup.subtree_control",
			 undelegated);
		return;
	}
	if (is_root && s != IO_SET_V1_WEIGHT) {
		snprintf(v->reason, sizeof(v->reason), "inert: the root cgroup is not limited");
		return;
	}
	switch (s) {
	case IO_SET_WEIGHT:
		v->active = d->iocost;
		if (d->iocost)
			snprintf(v->reason, sizeof(v->reason), "active: iocost on%s",
				 d->has_model && d->model_user && !d->model.rbps && !d->model.wbps
					 ? " (IOPS model)" : "");
		else if (bfq)
			snprintf(v->reason, sizeof(v->reason),
				 "inert: iocost off (bfq reads io.bfq.weight)");
		else
			snprintf(v->reason, sizeof(v->reason), "inert: %s, iocost off", sched);
		break;
	case IO_SET_BFQ_WEIGHT:
		v->active = bfq;
		snprintf(v->reason, sizeof(v->reason), bfq ? "active: bfq" : "inert: %s, not bfq",
			 sched);
		break;
	case IO_SET_MAX:
	case IO_SET_V1_THROTTLE:
		v->active = true;
		snprintf(v->reason, sizeof(v->reason), "active: blk-throttle");
		break;
	case IO_SET_V1_WEIGHT:
		v->active = bfq || strcmp(sched, "cfq") == 0;
		if (v->active)
			snprintf(v->reason, sizeof(v->reason), "active: %s", sched);
		else
			snprintf(v->reason, sizeof(v->reason), "inert: %s, neither cfq nor bfq",
				 sched);
		break;
	}
}
