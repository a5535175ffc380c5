// SPDX-License-Identifier: GPL-2.0-or-later
/* plan-text.c: a claim/release/bind plan as lines of text, for the CLI and the dashboard alike */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "plan-text.h"

static void emit(const struct plan_text_sink *s, enum plan_line kind, enum check_result result,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void emit(const struct plan_text_sink *s, enum plan_line kind, enum check_result result,
		 const char *fmt, ...)
{
	char line[PATH_MAX + 256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	s->line(s->data, kind, result, line);
}

/* a value as the user should read it: "\n" is the override clear */
static const char *shown_value(const char *v)
{
	return strcmp(v, "\n") == 0 ? "\\n (clear)" : v;
}

static void step_text(const struct plan_text_sink *s, size_t n, const struct plan_step *st)
{
	char abs[PATH_MAX];

	switch (st->action) {
	case PLAN_LOAD_MODULE:
		emit(s, PLAN_LINE_ITEM, CHECK_PASS, "  %2zu. load-module     %s", n, st->value);
		break;
	case PLAN_WRITE:
		emit(s, PLAN_LINE_ITEM, CHECK_PASS, "  %2zu. write           %s <- %s", n,
		     s->abs(s->data, st->path, abs, sizeof(abs)), shown_value(st->value));
		break;
	case PLAN_UNBIND:
		emit(s, PLAN_LINE_ITEM, CHECK_PASS, "  %2zu. unbind          %s from %s (timeout %d s)", n,
		     st->device, st->value, BIND_UNBIND_TIMEOUT_MS / 1000);
		break;
	case PLAN_EXPECT_DRIVER:
		emit(s, PLAN_LINE_ITEM, CHECK_PASS, "  %2zu. expect-driver   %s is %s", n, st->device,
		     *st->value ? st->value : "unbound");
		break;
	case PLAN_EXPECT_OVERRIDE:
		emit(s, PLAN_LINE_ITEM, CHECK_PASS, "  %2zu. expect-override %s reads %s", n, st->device,
		     *st->value ? st->value : "(null)");
		break;
	case PLAN_EXPECT_NOT_DRIVER:
		emit(s, PLAN_LINE_ITEM, CHECK_PASS, "  %2zu. expect-driver   %s is not %s", n,
		     st->device, st->value);
		break;
	}
}

/* a part that is a whole group (a claim, or a release of a group rather than a device journal) */
static bool part_is_group(const struct bind_plan *bp, const struct bind_plan *p)
{
	return (bp->op == BIND_OP_CLAIM || bp->op == BIND_OP_RELEASE) && p->group >= 0;
}

void plan_parts_name(const struct bind_plan *bp, char *buf, size_t size)
{
	bool groups = bp->nparts > 0;
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < bp->nparts; i++)
		groups &= part_is_group(bp, &bp->parts[i]);
	if (groups)
		len = (size_t)snprintf(buf, size, "IOMMU groups ");
	for (size_t i = 0; i < bp->nparts && len < size; i++) {
		const struct bind_plan *p = &bp->parts[i];
		char one[64];
		/* room for this name and for " and N more", or the rest is counted, never cut */
		size_t tail = 24;

		if (groups)
			snprintf(one, sizeof(one), "%s%d", i ? ", " : "", p->group);
		else if (part_is_group(bp, p))
			snprintf(one, sizeof(one), "%sIOMMU group %d", i ? ", " : "", p->group);
		else
			snprintf(one, sizeof(one), "%s%s", i ? ", " : "", p->device);
		if (len + strlen(one) + tail >= size) {
			snprintf(buf + len, size - len, " and %zu more", bp->nparts - i);
			return;
		}
		len += (size_t)snprintf(buf + len, size - len, "%s", one);
	}
}

void plan_text(const struct bind_plan *bp, const struct plan_text_sink *s)
{
	if (bp->nparts > 1) {
		char names[256];

		plan_parts_name(bp, names, sizeof(names));
		/* a release is not rolled back: its journals stay for a second run */
		emit(s, PLAN_LINE_TITLE, CHECK_PASS, "plan: %s %s%s (one change: one consent; %s)",
		     bind_op_name(bp->op), names, bp->op == BIND_OP_CLAIM ? " for " BIND_VFIO_DRIVER : "",
		     bp->op == BIND_OP_RELEASE ? "a failed step keeps every journal for a second run"
					       : "a failed step rolls back every device");
	} else if (bp->group >= 0 && bp->op != BIND_OP_BIND && bp->op != BIND_OP_UNBIND)
		emit(s, PLAN_LINE_TITLE, CHECK_PASS, "plan: %s IOMMU group %d%s%s",
		     bind_op_name(bp->op), bp->group, bp->op == BIND_OP_CLAIM ? " for " : "",
		     bp->op == BIND_OP_CLAIM ? BIND_VFIO_DRIVER : "");
	else
		emit(s, PLAN_LINE_TITLE, CHECK_PASS, "plan: %s %s", bind_op_name(bp->op), bp->device);
	emit(s, PLAN_LINE_HEADING, CHECK_PASS, "devices:");
	for (size_t i = 0; i < bp->ntargets; i++) {
		const struct bind_target *t = &bp->targets[i];
		const char *to = t->action != TARGET_CHANGE ? "(unchanged)"
				 : strcmp(t->driver, t->want) == 0 ? "(override only)"
				 : *t->want ? t->want
				 : bp->op == BIND_OP_RELEASE && !bp->have_journal ? "(kernel's pick)"
				 : "(none)";

		emit(s, PLAN_LINE_ITEM, CHECK_PASS, "  %-14s %-14s -> %-15s %s", t->name,
		     *t->driver ? t->driver : "(none)", to, t->note ? t->note : "");
	}
	if (bp->plan.nchecks) {
		emit(s, PLAN_LINE_HEADING, CHECK_PASS, "checks:");
		for (size_t i = 0; i < bp->plan.nchecks; i++) {
			const struct plan_check *c = &bp->plan.checks[i];

			emit(s, PLAN_LINE_CHECK, c->result, "%-14s %s", c->name, c->detail);
		}
	}
	if (bp->plan.nsteps) {
		char abs[PATH_MAX];

		if (bp->nparts > 1) {
			/* each group or device keeps the journal it has alone */
			emit(s, PLAN_LINE_HEADING, CHECK_PASS, "journals:");
			for (size_t i = 0; i < bp->nparts; i++)
				emit(s, PLAN_LINE_ITEM, CHECK_PASS, "  %s%s",
				     s->abs(s->data, bp->parts[i].journal_rel, abs, sizeof(abs)),
				     bp->parts[i].noop ? " (nothing to change)" : "");
			emit(s, PLAN_LINE_HEADING, CHECK_PASS, "steps:");
		} else {
			emit(s, PLAN_LINE_HEADING, CHECK_PASS, "steps (journal %s):",
			     s->abs(s->data, bp->journal_rel, abs, sizeof(abs)));
		}
		for (size_t i = 0; i < bp->plan.nsteps; i++)
			step_text(s, i + 1, &bp->plan.steps[i]);
	}
}

void io_plan_text(const struct io_plan *p, const struct plan_text_sink *s)
{
	char abs[PATH_MAX];

	emit(s, PLAN_LINE_TITLE, CHECK_PASS, "plan: io %s %s", p->op, p->target);
	for (size_t i = 0; i < p->nnotes; i++)
		emit(s, PLAN_LINE_ITEM, CHECK_PASS, "  note: %s", p->notes[i]);
	for (size_t i = 0; i < p->n; i++) {
		const struct io_step *st = &p->steps[i];

		emit(s, PLAN_LINE_ITEM, CHECK_PASS, "  %2zu. %-24s %s -> %s", i + 1, st->what,
		     st->shown_old, st->shown_new);
		emit(s, PLAN_LINE_ITEM, CHECK_PASS, "      write %s <- %s",
		     s->abs(s->data, st->path, abs, sizeof(abs)), st->new_);
	}
}
