/* SPDX-License-Identifier: GPL-2.0-or-later */
/* plan-text.h: a claim/release/bind plan as lines of text, for the CLI and the dashboard alike */
#ifndef VFIO_PLAN_TEXT_H
#define VFIO_PLAN_TEXT_H

#include <stddef.h>

#include "bind.h"
#include "io/ioplan.h"

enum plan_line {
	PLAN_LINE_TITLE,	/* "plan: claim IOMMU group 5 for vfio-pci" */
	PLAN_LINE_HEADING,	/* "devices:", "checks:", "steps (journal ...):" */
	PLAN_LINE_ITEM,		/* a device or a step */
	PLAN_LINE_CHECK,	/* a check: @result says its outcome, @text is "NAME  DETAIL" */
};

/*
 * Where the lines go. The CLI prints them (coloring a check's outcome), the
 * dashboard draws them in its dialog; neither formats a plan on its own, so
 * the two cannot drift.
 */
struct plan_text_sink {
	void (*line)(void *data, enum plan_line kind, enum check_result result, const char *text);
	/* a sysroot-relative path as the user should read it */
	const char *(*abs)(void *data, const char *rel, char *buf, size_t size);
	void *data;
};

/* hand the lines of @bp to @sink, in the order the CLI prints them */
void plan_text(const struct bind_plan *bp, const struct plan_text_sink *sink);

/*
 * The groups or devices of a change of several (bp->nparts > 1):
 * "IOMMU groups 2, 5", "0000:00:14.0, 0000:02:00.0", or a mix
 * ("IOMMU group 5, 0000:00:14.0") for a release of group and device journals
 */
void plan_parts_name(const struct bind_plan *bp, char *buf, size_t size);

/* the same for an io plan (io weight, limit, sched, model, undo): old and new values */
void io_plan_text(const struct io_plan *p, const struct plan_text_sink *sink);

#endif
