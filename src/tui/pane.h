/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pane.h: what every dashboard pane is: rows built from one tick's data, a cursor, a detail view */
#ifndef VFIO_TUI_PANE_H
#define VFIO_TUI_PANE_H

#include <stdbool.h>
#include <stddef.h>

#include "bdf.h"
#include "canvas.h"
#include "collect.h"
#include "host.h"

/* what one tick collected; every pane renders from the same data */
struct dash_data {
	struct host_snapshot *host;	/* NULL when the collection failed */
	int host_error;			/* its -errno */
	unsigned long tick;
	unsigned long rescans;		/* full reads of the host so far */
	struct dash_blocks blocks;	/* block devices, SCSI identities, node audit */
	unsigned long block_reads;	/* its reads so far (on block uevents only) */
	struct dash_cgroups cgroups;	/* the v2 tree, io.stat sampled every tick */
	unsigned long io_ticks;		/* its samples so far */
	const struct logtail *logs;	/* the log pane's ring; NULL: none */
	int log_level;			/* the log pane shows levels 0..log_level */
};

struct pane_item {
	char *text;
	enum tui_style style;
	int parent;			/* index of the tree parent, -1 for a top row */
	int badge_col, badge_len;	/* a restyled part, such as "not viable" */
	enum tui_style badge_style;
	char key[48];			/* identity across ticks: "g:12", "d:0000:01:00.0" */
	int group;			/* the IOMMU group of the row, -1 none */
	char bdf[BDF_STRLEN];		/* the PCI function of the row, "" none */
	bool visible;			/* after the filter */
};

struct pane;
struct logtail;

/* a pane kind: const, one per pane, in the manner of htop's classes */
struct pane_class {
	const char *name;		/* the tab's label */
	const char *empty;		/* shown when the pane has no rows */
	/* rebuild the rows and the column heading from @d */
	int (*build)(struct pane *p, const struct dash_data *d);
	/* the lines of the detail view of @it (Enter) */
	int (*detail)(const struct pane_item *it, const struct dash_data *d, struct canvas *out);
	/* what the rows depend on: rebuilt when it changes (NULL: the host rescans) */
	unsigned long (*stamp)(const struct dash_data *d);
};

struct pane {
	const struct pane_class *cls;
	struct pane_item *items;
	size_t nitems, cap;
	char heading[256];
	size_t sel;			/* index into items; always a visible one */
	size_t top;			/* first visible row on screen, counted in visible rows */
	char sel_key[48];		/* the cursor follows this key across ticks */
	unsigned long built;		/* the stamp the rows come from; 0: never built */
};

/* append a row; 0 or -ENOMEM; @key identifies it across ticks */
int pane_add(struct pane *p, int parent, enum tui_style style, const char *key,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* restyle part of the last row added */
void pane_badge(struct pane *p, int col, int len, enum tui_style style);
void pane_clear(struct pane *p);

/* apply @filter (case-insensitive substring; "" shows all); a match shows its tree */
void pane_filter(struct pane *p, const char *filter);
size_t pane_nvisible(const struct pane *p);
/* put the cursor back on the row with sel_key, or the nearest visible row */
void pane_restore_cursor(struct pane *p);
/* move the cursor by @delta visible rows */
void pane_move(struct pane *p, long delta);
const struct pane_item *pane_selected(const struct pane *p);

extern const struct pane_class pane_groups;
extern const struct pane_class pane_blocks;
extern const struct pane_class pane_cgroups;
extern const struct pane_class pane_logs;

/* "emerg".."debug" for a syslog level, "-" otherwise */
const char *pane_logs_level_name(int level);

#endif
