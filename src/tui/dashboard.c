// SPDX-License-Identifier: GPL-2.0-or-later
/* dashboard.c: the live dashboard: one snapshot a tick, panes drawn into a canvas, curses or batch */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "canvas.h"
#include "change.h"
#include "keys.h"
#include "log.h"
#include "logtail.h"
#include "plan-text.h"
#include "io/ioplan.h"
#include "io/session.h"
#include "pane.h"
#include "pci.h"
#include "tui.h"
#include "uevent.h"

/* the panes, in tab order; a pane joins when its core exists */
static const struct pane_class *const pane_classes[] = {
	&pane_groups,
	&pane_blocks,
	&pane_cgroups,
	&pane_logs,
};
#define NPANES (sizeof(pane_classes) / sizeof(pane_classes[0]))

enum dash_mode { MODE_LIST, MODE_DETAIL, MODE_HELP, MODE_FILTER, MODE_DIALOG, MODE_PROMPT };

struct dash {
	const struct tui_options *o;
	struct dash_data data;
	struct pane panes[NPANES];
	size_t cur;			/* the active pane */
	enum dash_mode mode;
	bool paused;
	char filter[64];
	char status[512];		/* the status line: results and errors */
	struct canvas frame;		/* what is drawn */
	size_t detail_top;
	int uevent_fd;			/* live host: kernel device events; -1 otherwise */
	bool stale;			/* the PCI snapshot must be read again */
	bool blocks_stale;		/* the block topology must be read again */
	bool rescan_always;		/* live host without uevents: read every tick */
	/* a claim or release waiting for consent: the same session the CLI runs */
	struct change_session cs;
	bool cs_open;
	/* an io.weight change ('w'): the io session and plan the CLI's io weight uses */
	struct io_session ios;
	struct io_plan iop;
	bool io_open;
	char io_cgroup[256];		/* the cgroup 'w' was pressed on */
	char prompt[16];		/* the weight being typed */
	struct canvas dialog;		/* the plan, as plan_text() words it */
	size_t dialog_top;
	struct logtail logs;		/* kmsg and Android logs, read every tick */
};

/* ---- collection: one snapshot per tick, shared by every pane ---- */

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * The block and cgroup panes: block topology and the node audit only
 * when a block or SCSI uevent came (once for a --sysroot tree); the
 * cgroup list and io.stat every tick, since I/O makes no events, but
 * weights, limits and verdicts only when the list changed or on Ctrl-L.
 */
static void collect_panes(struct dash *d, bool reread)
{
	if (d->blocks_stale || d->rescan_always || !d->data.block_reads) {
		dash_blocks_read(d->o->path, &d->data.blocks);
		d->data.block_reads++;
		d->blocks_stale = false;
	}
	dash_cgroups_read(d->o->path, &d->data.cgroups, mono_s(), reread);
	d->data.io_ticks++;
}

/*
 * Reading every PCI function costs hundreds of syscalls each (about 60 per
 * function), far too much to repeat every second on a host with thousands.
 * PCI state changes only through events the kernel announces (add, remove,
 * bind, unbind), so the host snapshot is read again only after such a
 * uevent, when events were lost, or when the user asks (Ctrl-L); a captured
 * --sysroot tree has no events and is read once.
 */
static void collect(struct dash *d)
{
	struct host_snapshot *snap = NULL;
	int rc;

	d->data.tick++;
	collect_panes(d, d->stale);
	/* the logs move on every tick, whatever the PCI snapshot does */
	logtail_read(&d->logs);
	if (!d->stale && !d->rescan_always && d->data.host)
		return;
	rc = host_snapshot_take(d->o->path, &snap);
	host_snapshot_free(d->data.host);
	d->data.host = rc < 0 ? NULL : snap;
	d->data.host_error = rc < 0 ? rc : 0;
	d->data.rescans++;
	d->stale = false;
}

static bool uevent_touches_pci(const struct uevent *ev)
{
	return strcmp(ev->subsystem, "pci") == 0 || strcmp(ev->subsystem, "vfio") == 0 ||
	       strcmp(ev->subsystem, "iommu_group") == 0 || strcmp(ev->subsystem, "iommu") == 0 ||
	       strcmp(ev->subsystem, "drivers") == 0;
}

static bool uevent_touches_blocks(const struct uevent *ev)
{
	return strcmp(ev->subsystem, "block") == 0 || strcmp(ev->subsystem, "scsi") == 0 ||
	       strcmp(ev->subsystem, "scsi_generic") == 0 || strcmp(ev->subsystem, "bsg") == 0;
}

static void drain_uevents(struct dash *d)
{
	struct uevent ev;
	int rc;

	if (d->uevent_fd < 0)
		return;
	while ((rc = uevent_monitor_read(d->uevent_fd, &ev)) == 0) {
		if (uevent_touches_pci(&ev))
			d->stale = true;
		if (uevent_touches_blocks(&ev))
			d->blocks_stale = true;
	}
	if (rc != -EAGAIN)
		d->stale = d->blocks_stale = true;	/* lost events (-ENOBUFS): read everything again */
}

/* the panes' rows, again from the data; only a pane whose data changed */
static int rebuild(struct dash *d)
{
	for (size_t i = 0; i < NPANES; i++) {
		struct pane *p = &d->panes[i];
		unsigned long stamp = p->cls->stamp ? p->cls->stamp(&d->data) : d->data.rescans;
		int rc;

		if (p->built == stamp)
			continue;
		p->built = stamp;
		pane_clear(p);
		rc = p->cls->build(p, &d->data);
		if (rc < 0)
			return rc;
		pane_filter(p, i == d->cur ? d->filter : "");
		pane_restore_cursor(p);
	}
	return 0;
}

/* ---- drawing into the canvas ---- */

static void draw_header(struct dash *d, struct canvas *c, bool clock)
{
	const struct host_snapshot *s = d->data.host;
	size_t viable = 0, in_use = 0;
	char when[16] = "";
	int row;

	if (!s) {
		row = canvas_add(c, ST_TITLE, "vfioctl  cannot read the host: %s",
				 strerror(-d->data.host_error));
		canvas_span(c, row, 9, c->width, ST_BAD);
		return;
	}
	for (size_t i = 0; i < s->groups->count; i++)
		viable += s->verdicts[i].viable;
	for (size_t i = 0; i < s->pci->count; i++)
		in_use += pci_driver_is_vfio(s->pci->devs[i].driver);
	if (clock) {
		time_t now = time(NULL);
		struct tm tm;

		strftime(when, sizeof(when), "%H:%M:%S", localtime_r(&now, &tm));
	}
	canvas_add(c, ST_TITLE, "vfioctl  kernel %s  IOMMU %s (%zu unit%s)  groups %zu: %zu viable, %zu not  vfio-pci devices %zu%s%s%s",
		   *s->host.kernel_release ? s->host.kernel_release : "(unknown)",
		   s->host.state == IOMMU_STATE_ON || s->host.state == IOMMU_STATE_GROUPS_ONLY ? "on" : "off",
		   s->host.nunits, s->host.nunits == 1 ? "" : "s", s->groups->count, viable,
		   s->groups->count - viable, in_use, d->paused ? "  [paused]" : "",
		   *when ? "  " : "", when);
}

static void draw_tabs(struct dash *d, struct canvas *c)
{
	char line[256] = "";
	int cols[NPANES], lens[NPANES], row;
	size_t len = 0;

	for (size_t i = 0; i < NPANES && len < sizeof(line); i++) {
		int n = snprintf(line + len, sizeof(line) - len, " %s ", pane_classes[i]->name);

		cols[i] = (int)len;
		lens[i] = n;
		len += (size_t)n;
		if (len < sizeof(line))
			line[len++] = ' ', line[len] = '\0';
	}
	row = canvas_add(c, ST_NORMAL, "%s", line);
	for (size_t i = 0; i < NPANES; i++)
		canvas_span(c, row, cols[i], lens[i], i == d->cur ? ST_TAB_ON : ST_TAB);
}

static void draw_item(struct canvas *c, const struct pane_item *it, bool selected)
{
	int row = canvas_add(c, selected ? ST_SELECTED : it->style, "%s", it->text);

	if (it->badge_len && !selected)
		canvas_span(c, row, it->badge_col, it->badge_len, it->badge_style);
}

/* the rows of pane @p that fit in @height lines, scrolled to keep the cursor in view */
static void draw_pane(struct pane *p, struct canvas *c, int height, bool cursor)
{
	size_t vis = pane_nvisible(p), pos = 0, shown = 0;

	canvas_add(c, ST_HEADER, "%s", p->heading);
	if (!vis) {
		canvas_add(c, ST_DIM, "  %s", p->nitems ? "no row matches the filter" : p->cls->empty);
		return;
	}
	/* the cursor's place among the visible rows */
	for (size_t i = 0; i < p->sel && i < p->nitems; i++)
		pos += p->items[i].visible;
	if (height > 0) {
		if (pos < p->top)
			p->top = pos;
		if (pos >= p->top + (size_t)height)
			p->top = pos - (size_t)height + 1;
		if (p->top + (size_t)height > vis)
			p->top = vis > (size_t)height ? vis - (size_t)height : 0;
	} else {
		p->top = 0;
	}
	for (size_t i = 0, v = 0; i < p->nitems; i++) {
		if (!p->items[i].visible)
			continue;
		if (v++ < p->top)
			continue;
		if (height > 0 && shown == (size_t)height)
			break;
		draw_item(c, &p->items[i], cursor && i == p->sel);
		shown++;
	}
}

static void draw_bar(struct canvas *c)
{
	char bar[512] = "";
	size_t len = 0;

	for (size_t i = 0; i < tui_nkeys && len < sizeof(bar); i++)
		if (tui_keys[i].bar)
			len += (size_t)snprintf(bar + len, sizeof(bar) - len, "%s %s  ",
						tui_keys[i].label, tui_keys[i].bar);
	canvas_add(c, ST_BAR, "%-*s", c->width, bar);
}

static void draw_help(struct canvas *c)
{
	canvas_add(c, ST_HEADER, "%-*s", c->width, "Keys");
	for (size_t i = 0; i < tui_nkeys; i++)
		canvas_add(c, ST_NORMAL, "  %-10s %s", tui_keys[i].label, tui_keys[i].help);
	canvas_add(c, ST_DIM, "  In details, help or a filter, Esc goes back.");
}

static void draw_detail(struct dash *d, struct canvas *c, int height)
{
	struct pane *p = &d->panes[d->cur];
	const struct pane_item *it = pane_selected(p);
	struct canvas body;
	int shown = 0;

	canvas_add(c, ST_HEADER, "%-*s", c->width, "Details (Esc: back)");
	if (!it) {
		canvas_add(c, ST_DIM, "  nothing selected");
		return;
	}
	canvas_init(&body, c->width);
	p->cls->detail(it, &d->data, &body);
	if (d->detail_top >= (size_t)body.nrows)
		d->detail_top = body.nrows ? (size_t)body.nrows - 1 : 0;
	for (int i = (int)d->detail_top; i < body.nrows && shown < height; i++, shown++) {
		int row = canvas_add(c, body.rows[i].style, "%s", body.rows[i].text);

		(void)row;
	}
	canvas_free(&body);
}

/* ---- claim and release: core's change session, rendered in a dialog ---- */

static enum tui_style check_style(enum check_result r)
{
	return r == CHECK_PASS ? ST_GOOD : r == CHECK_WARN || r == CHECK_FORCED ? ST_WARN : ST_BAD;
}

static void dialog_line(void *data, enum plan_line kind, enum check_result result,
			const char *text)
{
	struct dash *d = data;
	struct canvas *c = &d->dialog;
	int row;

	switch (kind) {
	case PLAN_LINE_TITLE:
		canvas_add(c, ST_HEADER, "%s", text);
		break;
	case PLAN_LINE_CHECK:
		row = canvas_add(c, ST_NORMAL, "  %-6s %s", check_result_name(result), text);
		canvas_span(c, row, 2, 6, check_style(result));
		break;
	default:
		canvas_add(c, ST_NORMAL, "%s", text);
		break;
	}
}

static const char *dialog_abs(void *data, const char *rel, char *buf, size_t size)
{
	const struct dash *d = data;

	if (path_abs(d->o->path, buf, size, "%s", rel) < 0)
		snprintf(buf, size, "/%s", rel);
	if (buf[0] == '/' && buf[1] == '/')
		memmove(buf, buf + 1, strlen(buf));
	return buf;
}

static void dialog_close(struct dash *d)
{
	if (d->cs_open)
		change_end(&d->cs);
	d->cs_open = false;
	if (d->io_open) {
		io_plan_clear(&d->iop);
		io_session_close(&d->ios);
	}
	d->io_open = false;
	canvas_reset(&d->dialog);
	d->dialog_top = 0;
	d->mode = MODE_LIST;
}

/* the words for a change that could not begin, as the CLI says them */
static void begin_error(struct dash *d, const char *what, int rc)
{
	const char *why;

	switch (d->cs.stage) {
	case CHANGE_STAGE_TARGET:
		why = rc == -EROFS ? "not the live root and not a test fixture marked writable"
		      : rc == -EPERM ? "changing drivers needs root" : strerror(-rc);
		break;
	case CHANGE_STAGE_LOCK:
		why = rc == -EWOULDBLOCK ? "another vfioctl is changing devices" : strerror(-rc);
		break;
	default:
		why = rc == -ENODEV ? "it has no IOMMU group" : strerror(-rc);
		break;
	}
	snprintf(d->status, sizeof(d->status), "cannot %s: %s", what, why);
}

/* 'c' or 'r' on a group or a device: plan it and ask */
static void dialog_open(struct dash *d, enum bind_op op)
{
	const struct pane_item *it = pane_selected(&d->panes[d->cur]);
	struct bind_request req = { .op = op, .group = -1 };
	struct plan_text_sink sink = { dialog_line, dialog_abs, NULL };
	char what[64];
	int rc;

	if (!it || (it->group < 0 && !*it->bdf)) {
		snprintf(d->status, sizeof(d->status), "select an IOMMU group or a device first");
		return;
	}
	if (*it->bdf) {
		req.device = it->bdf;
		snprintf(what, sizeof(what), "%s %s", bind_op_name(op), it->bdf);
	} else {
		req.group = it->group;
		snprintf(what, sizeof(what), "%s IOMMU group %d", bind_op_name(op), it->group);
	}
	rc = change_begin(&d->cs, d->o->path, &req, false);
	d->cs_open = true;
	if (rc < 0) {
		begin_error(d, what, rc);
		dialog_close(d);
		return;
	}
	if (d->cs.plan.noop) {
		/* as on the command line: nothing to change, the journal is settled */
		change_apply(&d->cs, &bind_ops_kernel, 0);
		snprintf(d->status, sizeof(d->status), "%s: nothing to do", what);
		dialog_close(d);
		return;
	}
	canvas_reset(&d->dialog);
	d->dialog.width = 1000;
	sink.data = d;
	plan_text(&d->cs.plan, &sink);
	if (plan_refused(&d->cs.plan.plan))
		canvas_add(&d->dialog, ST_BAD, "refused: fix what the checks say (the command line takes --force where a check only refuses); Esc closes");
	else
		canvas_add(&d->dialog, ST_TITLE, "Apply these %zu steps? y applies, n or Esc cancels",
			   d->cs.plan.plan.nsteps);
	d->mode = MODE_DIALOG;
	d->dialog_top = 0;
}

/* 'w' on a cgroup: the cgroup of the selected row, or -ENOENT */
static int selected_cgroup(struct dash *d, char *out, size_t size)
{
	const struct pane_item *it = pane_selected(&d->panes[d->cur]);
	const struct dash_cgroups *cgs = &d->data.cgroups;
	unsigned int i;

	if (d->panes[d->cur].cls != &pane_cgroups || !it || sscanf(it->key, "c:%u:", &i) != 1 ||
	    i >= cgs->n)
		return -ENOENT;
	snprintf(out, size, "%s", cgs->v[i].path);
	return 0;
}

static void weight_prompt(struct dash *d)
{
	if (selected_cgroup(d, d->io_cgroup, sizeof(d->io_cgroup)) < 0) {
		snprintf(d->status, sizeof(d->status), "select a cgroup in the Cgroups pane first");
		return;
	}
	d->prompt[0] = '\0';
	d->mode = MODE_PROMPT;
}

/*
 * Enter at the weight prompt: the same io session and plan as
 * "vfioctl io weight CGROUP W" (target check and io lock first, then the
 * old values), drawn in the dialog with the CLI's own lines.
 */
static void weight_plan(struct dash *d)
{
	struct plan_text_sink sink = { dialog_line, dialog_abs, d };
	char *end;
	unsigned long w = strtoul(d->prompt, &end, 10);
	int rc;

	d->mode = MODE_LIST;
	if (!*d->prompt || *end || w < 1 || w > 10000) {
		snprintf(d->status, sizeof(d->status), "invalid weight '%s': io.weight takes 1 to 10000",
			 d->prompt);
		return;
	}
	rc = io_session_open(&d->ios, d->o->path);
	d->io_open = true;
	if (rc == 0)
		rc = io_session_lock(&d->ios);
	if (rc < 0) {
		snprintf(d->status, sizeof(d->status), "cannot set the io.weight of %s: %s", d->io_cgroup,
			 rc == -EROFS ? "not the live root and not a test fixture marked writable"
			 : rc == -EPERM ? "changing io settings needs root"
			 : rc == -EWOULDBLOCK ? "another vfioctl is changing io settings"
			 : rc == -ENODEV ? "no cgroup file system is mounted" : strerror(-rc));
		dialog_close(d);
		return;
	}
	memset(&d->iop, 0, sizeof(d->iop));
	rc = io_plan_weight(d->ios.path, &d->ios.cg, d->ios.disks, d->ios.ndisks, d->io_cgroup,
			    NULL, w, &d->iop);
	snprintf(d->iop.op, sizeof(d->iop.op), "weight");
	if (rc < 0 || !d->iop.n) {
		snprintf(d->status, sizeof(d->status), "%s io.weight of %s: %s",
			 rc < 0 ? "cannot set the" : "nothing to do for the", d->io_cgroup,
			 rc < 0 ? (*d->iop.error ? d->iop.error : strerror(-rc))
				: "every value is already so");
		dialog_close(d);
		return;
	}
	canvas_reset(&d->dialog);
	d->dialog.width = 1000;
	io_plan_text(&d->iop, &sink);
	canvas_add(&d->dialog, ST_TITLE, "Apply these %zu steps? y applies, n or Esc cancels",
		   d->iop.n);
	d->mode = MODE_DIALOG;
	d->dialog_top = 0;
}

static void weight_apply(struct dash *d)
{
	struct io_apply_result res;
	char abs[PATH_MAX];
	int rc = io_plan_apply(d->ios.path, &d->iop, 0, &res);

	if (rc == 0)
		snprintf(d->status, sizeof(d->status), "io weight %s: done (%zu steps; journal %s)",
			 d->io_cgroup, res.steps_done, dialog_abs(d, res.journal, abs, sizeof(abs)));
	else if (res.failed_step >= 0)
		snprintf(d->status, sizeof(d->status), "cannot set the io.weight of %s: %s%s",
			 d->io_cgroup, io_write_error(rc, d->iop.steps[res.failed_step].path),
			 res.rolled_back ? "; rolled back" : "; 'vfioctl io undo' may restore the rest");
	else
		snprintf(d->status, sizeof(d->status), "cannot write the io journal: %s",
			 strerror(-rc));
	dialog_close(d);
	d->stale = true;
}

static void prompt_key(struct dash *d, int ch)
{
	size_t len = strlen(d->prompt);

	if (ch == 27) {
		d->mode = MODE_LIST;
		snprintf(d->status, sizeof(d->status), "cancelled: nothing was changed");
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		weight_plan(d);
	} else if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) && len) {
		d->prompt[len - 1] = '\0';
	} else if (ch >= '0' && ch <= '9' && len + 1 < sizeof(d->prompt)) {
		d->prompt[len] = (char)ch;
		d->prompt[len + 1] = '\0';
	}
}

/* 'y' in the dialog: apply, and say what happened in the status line */
static void dialog_apply(struct dash *d)
{
	const struct bind_plan *bp = &d->cs.plan;
	char what[64];
	int rc;

	if (d->io_open) {
		weight_apply(d);
		return;
	}
	if (!d->cs_open || plan_refused(&bp->plan))
		return;
	if (*bp->device && (bp->op != BIND_OP_CLAIM || bp->group < 0))
		snprintf(what, sizeof(what), "%s %s", bind_op_name(bp->op), bp->device);
	else
		snprintf(what, sizeof(what), "%s IOMMU group %d", bind_op_name(bp->op), bp->group);
	rc = change_apply(&d->cs, &bind_ops_kernel, 0);
	if (rc == 0)
		snprintf(d->status, sizeof(d->status), "%s: done (%zu steps)", what,
			 d->cs.res.steps_done);
	else if (d->cs.res.outcome == BIND_PENDING)
		snprintf(d->status, sizeof(d->status),
			 "cannot %s: a write is still pending in the kernel (pid %ld): device state uncertain; run 'vfioctl recover' once it exits",
			 what, d->cs.res.pending_pid);
	else
		snprintf(d->status, sizeof(d->status), "cannot %s: %s%s%s%s", what,
			 strerror(-d->cs.res.error), *d->cs.res.failed_detail ? ": " : "",
			 d->cs.res.failed_detail,
			 d->cs.res.outcome == BIND_ROLLED_BACK ? "; rolled back"
			 : d->cs.res.outcome == BIND_ROLLBACK_FAILED ? "; rollback failed: run 'vfioctl recover'"
			 : "");
	dialog_close(d);
	d->stale = true;	/* show what the change did, uevents or not */
}

static void draw_dialog(struct dash *d, struct canvas *c, int height)
{
	int shown = 0;

	if (d->dialog_top >= (size_t)d->dialog.nrows)
		d->dialog_top = d->dialog.nrows ? (size_t)d->dialog.nrows - 1 : 0;
	for (int i = (int)d->dialog_top; i < d->dialog.nrows && shown < height; i++, shown++) {
		const struct canvas_row *r = &d->dialog.rows[i];
		int row = canvas_add(c, r->style, "%s", r->text);

		for (int k = 0; k < r->nspans; k++)
			canvas_span(c, row, r->spans[k].col, r->spans[k].len, r->spans[k].style);
	}
}

/* one interactive frame of @height lines */
static void compose(struct dash *d, int height)
{
	struct canvas *c = &d->frame;
	int body = height - 5;	/* header, tabs, heading, status, bar */

	canvas_reset(c);
	c->width = COLS;
	draw_header(d, c, true);
	draw_tabs(d, c);
	switch (d->mode) {
	case MODE_HELP:
		draw_help(c);
		break;
	case MODE_DETAIL:
		draw_detail(d, c, body);
		break;
	case MODE_DIALOG:
		draw_dialog(d, c, body + 1);
		break;
	default:
		draw_pane(&d->panes[d->cur], c, body, true);
		break;
	}
	while (c->nrows < height - 2)
		canvas_add(c, ST_NORMAL, "%s", "");
	if (d->mode == MODE_FILTER)
		canvas_add(c, ST_NORMAL, "filter: %s_", d->filter);
	else if (d->mode == MODE_PROMPT)
		canvas_add(c, ST_NORMAL, "io.weight of %s (1-10000, Enter sets, Esc cancels): %s_",
			   d->io_cgroup, d->prompt);
	else
		canvas_add(c, ST_NORMAL, "%s", d->status);
	draw_bar(c);
}

/* ---- curses output ---- */

static bool curses_on;
static bool use_color;

static void curses_end(void)
{
	if (curses_on) {
		endwin();
		curses_on = false;
	}
}

static attr_t style_attr(enum tui_style st)
{
	static const struct {
		short fg, bg;
		attr_t mono;
	} map[ST__COUNT] = {
		[ST_NORMAL] = { -1, -1, A_NORMAL },
		[ST_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD },
		[ST_HEADER] = { COLOR_BLACK, COLOR_GREEN, A_REVERSE },
		[ST_TAB] = { -1, -1, A_NORMAL },
		[ST_TAB_ON] = { COLOR_BLACK, COLOR_CYAN, A_REVERSE | A_BOLD },
		[ST_SELECTED] = { COLOR_BLACK, COLOR_CYAN, A_REVERSE },
		[ST_GOOD] = { COLOR_GREEN, -1, A_NORMAL },
		[ST_BAD] = { COLOR_RED, -1, A_BOLD },
		[ST_WARN] = { COLOR_YELLOW, -1, A_UNDERLINE },
		[ST_DIM] = { -1, -1, A_DIM },
		[ST_BAR] = { COLOR_BLACK, COLOR_CYAN, A_REVERSE },
	};

	if (!use_color)
		return map[st].mono;
	if (st == ST_NORMAL || st == ST_TAB)
		return A_NORMAL;
	return COLOR_PAIR(st) | (st == ST_TITLE || st == ST_BAD ? A_BOLD : 0);
}

static void curses_colors(bool want)
{
	use_color = want && has_colors() && start_color() == OK;
	if (!use_color)
		return;
	use_default_colors();
	init_pair(ST_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(ST_HEADER, COLOR_BLACK, COLOR_GREEN);
	init_pair(ST_TAB_ON, COLOR_BLACK, COLOR_CYAN);
	init_pair(ST_SELECTED, COLOR_BLACK, COLOR_CYAN);
	init_pair(ST_GOOD, COLOR_GREEN, -1);
	init_pair(ST_BAD, COLOR_RED, -1);
	init_pair(ST_WARN, COLOR_YELLOW, -1);
	init_pair(ST_DIM, COLOR_WHITE, -1);
	init_pair(ST_BAR, COLOR_BLACK, COLOR_CYAN);
}

static void blit(const struct canvas *c)
{
	erase();
	for (int y = 0; y < c->nrows && y < LINES; y++) {
		const struct canvas_row *r = &c->rows[y];
		attr_t a = style_attr(r->style);

		attron(a);
		mvaddnstr(y, 0, r->text, COLS);
		/* rows with a background run to the right edge */
		if (r->style == ST_SELECTED || r->style == ST_TITLE || r->style == ST_HEADER ||
		    r->style == ST_BAR)
			for (int x = (int)strlen(r->text); x < COLS; x++)
				mvaddch(y, x, ' ');
		attroff(a);
		for (int s = 0; s < r->nspans; s++) {
			const struct canvas_span *sp = &r->spans[s];
			attr_t sa = style_attr(sp->style);

			if (sp->col < COLS)
				mvchgat(y, sp->col, sp->len, sa & ~A_COLOR, (short)PAIR_NUMBER(sa), NULL);
		}
	}
	refresh();
}

/* ---- signals: SIGINT and SIGTERM end the loop through a self-pipe ---- */

static int sig_pipe[2] = { -1, -1 };
static volatile sig_atomic_t sig_quit;

static void on_quit_signal(int sig)
{
	int saved = errno;

	sig_quit = sig;
	if (sig_pipe[1] >= 0 && write(sig_pipe[1], "q", 1) < 0) {
		/* the loop also checks sig_quit after poll() */
	}
	errno = saved;
}

static void on_fatal_signal(int sig)
{
	/* as htop does: give the terminal back before dying */
	curses_end();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int signals_setup(void)
{
	struct sigaction sa = { .sa_handler = on_quit_signal };

	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_fatal_signal;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	return 0;
}

static void signals_restore(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	for (int i = 0; i < 2; i++)
		if (sig_pipe[i] >= 0) {
			close(sig_pipe[i]);
			sig_pipe[i] = -1;
		}
}

/* ---- keys ---- */

static void set_mode_list(struct dash *d)
{
	d->mode = MODE_LIST;
	d->detail_top = 0;
}

static void filter_key(struct dash *d, int ch)
{
	size_t len = strlen(d->filter);

	if (ch == 27) {			/* Esc: drop the filter */
		d->filter[0] = '\0';
		set_mode_list(d);
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		set_mode_list(d);
	} else if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) && len) {
		d->filter[len - 1] = '\0';
	} else if (ch >= 0x20 && ch < 0x7f && len + 1 < sizeof(d->filter)) {
		d->filter[len] = (char)ch;
		d->filter[len + 1] = '\0';
	}
	pane_filter(&d->panes[d->cur], d->filter);
	pane_restore_cursor(&d->panes[d->cur]);
}

/* returns false when the dashboard should end */
static bool handle_key(struct dash *d, int ch, int page)
{
	struct pane *p = &d->panes[d->cur];
	enum tui_action act;

	if (d->mode == MODE_FILTER) {
		filter_key(d, ch);
		return true;
	}
	if (d->mode == MODE_PROMPT) {
		prompt_key(d, ch);
		return true;
	}
	act = tui_key_action(ch);
	if (d->mode == MODE_DIALOG) {
		/* the dialog takes y, n, Esc and scrolling, nothing else */
		if (act == ACT_YES)
			dialog_apply(d);
		else if (act == ACT_NO || ch == 27 || act == ACT_QUIT) {
			if (d->io_open || (d->cs_open && !plan_refused(&d->cs.plan.plan)))
				snprintf(d->status, sizeof(d->status), "cancelled: nothing was changed");
			dialog_close(d);
		} else if (act == ACT_DOWN)
			d->dialog_top++;
		else if (act == ACT_UP && d->dialog_top)
			d->dialog_top--;
		return true;
	}
	if (ch == 27 && d->mode != MODE_LIST) {
		set_mode_list(d);
		return true;
	}
	if (d->mode == MODE_DETAIL) {
		/* in details the arrows scroll the text */
		if (act == ACT_DOWN) {
			d->detail_top++;
			return true;
		}
		if (act == ACT_UP) {
			if (d->detail_top)
				d->detail_top--;
			return true;
		}
		if (act == ACT_DETAIL) {
			set_mode_list(d);
			return true;
		}
	}
	switch (act) {
	case ACT_QUIT:
		return false;
	case ACT_NEXT_PANE:
	case ACT_PREV_PANE:
		d->cur = (d->cur + (act == ACT_NEXT_PANE ? 1 : NPANES - 1)) % NPANES;
		d->filter[0] = '\0';
		pane_filter(&d->panes[d->cur], "");
		set_mode_list(d);
		break;
	case ACT_UP:
		pane_move(p, -1);
		break;
	case ACT_DOWN:
		pane_move(p, 1);
		break;
	case ACT_PAGE_UP:
		pane_move(p, -page);
		break;
	case ACT_PAGE_DOWN:
		pane_move(p, page);
		break;
	case ACT_HOME:
		pane_move(p, -(long)p->nitems);
		break;
	case ACT_END:
		pane_move(p, (long)p->nitems);
		break;
	case ACT_DETAIL:
		d->mode = MODE_DETAIL;
		d->detail_top = 0;
		break;
	case ACT_FILTER:
		d->mode = MODE_FILTER;
		break;
	case ACT_PAUSE:
		d->paused = !d->paused;
		snprintf(d->status, sizeof(d->status), "%s",
			 d->paused ? "paused: Space resumes" : "resumed");
		break;
	case ACT_REFRESH:
		d->stale = d->blocks_stale = true;
		clearok(curscr, TRUE);
		break;
	case ACT_HELP:
		d->mode = d->mode == MODE_HELP ? MODE_LIST : MODE_HELP;
		break;
	case ACT_CLAIM:
	case ACT_RELEASE:
		dialog_open(d, act == ACT_CLAIM ? BIND_OP_CLAIM : BIND_OP_RELEASE);
		break;
	case ACT_WEIGHT:
		weight_prompt(d);
		break;
	case ACT_PRIORITY:
		/* debug (all), info, ... emerg, and round again */
		d->data.log_level = d->data.log_level ? d->data.log_level - 1 : 7;
		snprintf(d->status, sizeof(d->status), "logs: priority %s and above",
			 pane_logs_level_name(d->data.log_level));
		rebuild(d);
		break;
	case ACT_YES:
	case ACT_NO:
	case ACT_NONE:
		break;
	}
	return true;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* core's diagnostics: the status line, never stderr under curses */
static void dash_log(void *data, enum vfio_log_level level, const char *fmt, va_list ap)
{
	struct dash *d = data;

	if (level > VFIO_LOG_WARNING)
		return;
	vsnprintf(d->status, sizeof(d->status), fmt, ap);
}

static int run_interactive(struct dash *d)
{
	long long next = 0;
	long ticks = 0;
	int rc = 0;

	rc = signals_setup();
	if (rc < 0)
		return rc;
	if (!initscr()) {
		signals_restore();
		return -ENOTTY;
	}
	curses_on = true;
	atexit(curses_end);
	vfio_log_set(dash_log, d);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	curses_colors(d->o->color);

	while (!sig_quit) {
		struct pollfd pfd[3] = { { STDIN_FILENO, POLLIN, 0 }, { sig_pipe[0], POLLIN, 0 },
					 { d->uevent_fd, POLLIN, 0 } };
		long long t = now_ms();
		int ch, timeout;

		drain_uevents(d);
		if (!d->paused && d->mode != MODE_DIALOG && (t >= next || d->stale)) {
			if (d->o->iterations && ticks == d->o->iterations)
				break;
			collect(d);
			rc = rebuild(d);
			if (rc < 0)
				break;
			ticks++;
			next = t + d->o->delay_ms;
		}
		compose(d, LINES);
		blit(&d->frame);
		timeout = d->paused || d->mode == MODE_DIALOG ? -1 : (int)(next - now_ms());
		if (timeout < 0 && !d->paused && d->mode != MODE_DIALOG)
			timeout = 0;
		if (poll(pfd, d->uevent_fd >= 0 ? 3 : 2, timeout) < 0 && errno != EINTR) {
			rc = -errno;
			break;
		}
		while ((ch = getch()) != ERR) {
			if (ch == KEY_RESIZE)
				continue;	/* LINES and COLS are new; the next frame fits them */
			if (!handle_key(d, ch, LINES - 6)) {
				sig_quit = -1;
				break;
			}
		}
	}
	dialog_close(d);
	vfio_log_set(NULL, NULL);
	curses_end();
	signals_restore();
	return rc;
}

/* ---- batch: plain frames on stdout ---- */

static void print_canvas(const struct canvas *c)
{
	for (int i = 0; i < c->nrows; i++) {
		size_t len = strlen(c->rows[i].text);

		while (len && c->rows[i].text[len - 1] == ' ')
			len--;
		printf("%.*s\n", (int)len, c->rows[i].text);
	}
}

static int run_batch(struct dash *d)
{
	long n = d->o->iterations > 0 ? d->o->iterations : 1;
	int rc = 0;

	for (long i = 0; i < n; i++) {
		struct canvas *c = &d->frame;

		if (i) {
			struct timespec ts = { d->o->delay_ms / 1000,
					       (long)(d->o->delay_ms % 1000) * 1000000 };

			nanosleep(&ts, NULL);
			putchar('\n');
		}
		drain_uevents(d);
		collect(d);
		rc = rebuild(d);
		if (rc < 0)
			break;
		canvas_reset(c);
		draw_header(d, c, false);
		for (size_t p = 0; p < NPANES; p++) {
			canvas_add(c, ST_TITLE, "[%s]", pane_classes[p]->name);
			draw_pane(&d->panes[p], c, 0, false);
		}
		print_canvas(c);
		if (fflush(stdout) != 0) {
			rc = -errno;
			break;
		}
	}
	return rc;
}

static int batch_width(void)
{
	const char *cols = getenv("COLUMNS");
	long w = cols ? strtol(cols, NULL, 10) : 0;

	return w >= 40 && w <= 1000 ? (int)w : 160;
}

int tui_dashboard_run(const struct tui_options *o)
{
	struct dash d = { .o = o, .uevent_fd = -1, .stale = true };
	int rc;

	d.data.log_level = 7;	/* every priority, until 'p' */
	logtail_open(&d.logs, o->path, 0);	/* on -ENOMEM the pane stays empty */
	d.data.logs = &d.logs;

	/* events describe the live host only, never a --sysroot tree */
	if (path_ctx_is_live(o->path) && uevent_monitor_open(&d.uevent_fd) < 0) {
		d.uevent_fd = -1;
		d.rescan_always = true;	/* no netlink (seccomp): read every tick instead */
	}

	for (size_t i = 0; i < NPANES; i++)
		d.panes[i].cls = pane_classes[i];
	if (o->batch) {
		canvas_init(&d.frame, batch_width());
		rc = run_batch(&d);
	} else {
		setlocale(LC_ALL, "");
		canvas_init(&d.frame, 1000);
		rc = run_interactive(&d);
	}
	for (size_t i = 0; i < NPANES; i++) {
		pane_clear(&d.panes[i]);
		free(d.panes[i].items);
	}
	canvas_free(&d.frame);
	canvas_free(&d.dialog);
	host_snapshot_free(d.data.host);
	dash_blocks_free(&d.data.blocks);
	dash_cgroups_free(&d.data.cgroups);
	logtail_close(&d.logs);
	if (d.uevent_fd >= 0)
		close(d.uevent_fd);
	return rc;
}
