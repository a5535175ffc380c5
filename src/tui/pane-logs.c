// SPDX-License-Identifier: GPL-2.0-or-later
/* pane-logs.c: the live log pane: the newest kmsg and Android records, filtered by priority */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "format.h"
#include "logtail.h"
#include "pane.h"

#define LOGS_FMT "%-6s %-7s %s"

/* the canvas takes printable ASCII only: a log line must not steer the terminal */
static void make_printable(char *s)
{
	for (; *s; s++)
		if (*s == '\t')
			*s = ' ';
		else if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			*s = '?';
}

static enum tui_style record_style(const struct logrec *r)
{
	if (r->kind == LOGREC_NOTICE)
		return ST_WARN;
	if (r->level >= 0 && r->level <= 3)
		return ST_BAD;
	if (r->level == 4)
		return ST_WARN;
	if (r->level == 7)
		return ST_DIM;
	return ST_NORMAL;
}

const char *pane_logs_level_name(int level)
{
	const char *name = logrec_level_name(level);

	return name ? name : "-";
}

/* one record as its text lines, the way 'vfioctl log' prints it */
static int add_record(struct pane *p, struct logbuf *b, const struct logrec *r, uint64_t serial,
		      bool last)
{
	enum tui_style st = record_style(r);
	const char *level = r->kind == LOGREC_NOTICE ? "!" : pane_logs_level_name(r->level);
	char *text, *line, *next, key[48];
	unsigned k = 0;
	int rc = 0;

	b->len = 0;
	/* one pane mixes logs: logcat's "--------- switch to" dividers would be noise */
	if (r->lid >= 0 && r->lid < LOGREC_LID__COUNT)
		b->last_lid1 = r->lid + 1;
	logfmt_record(b, r->lid == LOGREC_LID_KMSG ? LOGFMT_DMESG : LOGFMT_THREADTIME, false, r);
	if (b->oom)
		return -ENOMEM;
	while (b->len && b->p[b->len - 1] == '\n')
		b->len--;
	text = strndup(b->p ? b->p : "", b->len);
	if (!text)
		return -ENOMEM;
	for (line = text; line && rc == 0; line = next, k++) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		make_printable(line);
		/* the newest row is "tail": a cursor left there follows new records */
		if (last && !next)
			snprintf(key, sizeof(key), "l:tail");
		else
			snprintf(key, sizeof(key), "l:%" PRIu64 ".%u", serial, k);
		rc = pane_add(p, -1, st, key, LOGS_FMT, r->source ? r->source : "", level, line);
	}
	free(text);
	return rc;
}

static int build_logs(struct pane *p, const struct dash_data *d)
{
	const struct logtail *t = d->logs;
	struct logfilter f;
	struct logbuf b = { 0 };
	size_t last = 0;
	int rc = 0;

	snprintf(p->heading, sizeof(p->heading),
		 LOGS_FMT "  [priority %s and above (p); %zu kept, ring of %zu; %" PRIu64 " lost]",
		 "SOURCE", "LEVEL", "RECORD", pane_logs_level_name(d->log_level), t ? t->len : 0,
		 t ? t->cap : 0, t ? t->lost : 0);
	if (!t)
		return 0;
	/* a source that cannot be read says so at the top, every tick */
	for (size_t i = 0; i < t->nsrcs && rc == 0; i++) {
		const struct logtail_source *s = &t->srcs[i];
		int err = s->open_error ? s->open_error : s->read_error;
		char key[48];

		if (!err)
			continue;
		snprintf(key, sizeof(key), "e:%s", s->name);
		rc = pane_add(p, -1, ST_BAD, key, LOGS_FMT "'%s': %s", s->name, "!",
			      s->open_error ? "cannot open " : "cannot read ", s->where,
			      strerror(-err));
	}
	if (rc < 0)
		return rc;
	logfilter_init(&f);
	f.max_level = d->log_level;
	/* the newest record that passes gets the "tail" key */
	for (size_t i = t->len; i-- > 0;)
		if (logfilter_match(&f, logtail_at(t, i, NULL))) {
			last = i + 1;
			break;
		}
	for (size_t i = 0; i < t->len && rc == 0; i++) {
		uint64_t serial;
		const struct logrec *r = logtail_at(t, i, &serial);

		if (logfilter_match(&f, r))
			rc = add_record(p, &b, r, serial, i + 1 == last);
	}
	logbuf_free(&b);
	logfilter_free(&f);
	if (!p->sel_key[0])
		snprintf(p->sel_key, sizeof(p->sel_key), "l:tail");
	return rc;
}

/* the record behind a row: "l:SERIAL.LINE", or "l:tail" for the newest shown */
static const struct logrec *find_record(const struct pane_item *it, const struct dash_data *d)
{
	const struct logtail *t = d->logs;
	const struct logrec *found = NULL;
	struct logfilter f;
	uint64_t want, serial;

	if (!t || strncmp(it->key, "l:", 2) != 0)
		return NULL;
	if (strcmp(it->key, "l:tail") == 0) {
		logfilter_init(&f);
		f.max_level = d->log_level;
		for (size_t i = t->len; i-- > 0 && !found;)
			if (logfilter_match(&f, logtail_at(t, i, NULL)))
				found = logtail_at(t, i, NULL);
		logfilter_free(&f);
		return found;
	}
	want = strtoull(it->key + 2, NULL, 10);
	for (size_t i = 0; i < t->len; i++) {
		const struct logrec *r = logtail_at(t, i, &serial);

		if (serial == want)
			return r;
	}
	return NULL;
}

static void detail_line(struct canvas *out, const char *label, const char *value)
{
	char *v = strdup(value ? value : "");

	if (!v)
		return;
	make_printable(v);
	canvas_add(out, ST_NORMAL, "  %-12s %s", label, v);
	free(v);
}

static int detail_logs(const struct pane_item *it, const struct dash_data *d, struct canvas *out)
{
	const struct logrec *r = find_record(it, d);
	char buf[64];

	if (!r) {
		canvas_add(out, ST_DIM, "  %s", it->text);
		return 0;
	}
	canvas_add(out, ST_HEADER, "%s record", r->source ? r->source : "log");
	if (r->kind == LOGREC_NOTICE) {
		detail_line(out, "Notice", it->text);
		return 0;
	}
	detail_line(out, "Log", logrec_lid_name(r->lid));
	detail_line(out, "Level", pane_logs_level_name(r->level));
	if (r->facility >= 0)
		detail_line(out, "Facility", logrec_facility_name(r->facility));
	if (r->has_seq) {
		snprintf(buf, sizeof(buf), "%" PRIu64, r->seq);
		detail_line(out, "Sequence", buf);
	}
	if (r->has_mono) {
		snprintf(buf, sizeof(buf), "%" PRId64 ".%06" PRId64 " s since boot",
			 r->mono_usec / 1000000, r->mono_usec % 1000000);
		detail_line(out, "Time", buf);
	}
	if (r->pid >= 0) {
		snprintf(buf, sizeof(buf), "%" PRId32 " (thread %" PRId32 ")", r->pid, r->tid);
		detail_line(out, "PID", buf);
	}
	if (r->tag)
		detail_line(out, "Tag", r->tag);
	if (r->caller)
		detail_line(out, "Caller", r->caller);
	for (size_t i = 0; i < r->nfields; i++)
		detail_line(out, r->fields[i].key, r->fields[i].value);
	canvas_add(out, ST_HEADER, "Message");
	if (r->msg) {
		char *m = strndup(r->msg, r->msg_len), *line, *save = NULL;

		if (!m)
			return -ENOMEM;
		for (line = strtok_r(m, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			make_printable(line);
			canvas_add(out, ST_NORMAL, "  %s", line);
		}
		free(m);
	}
	return 0;
}

/* rows change with new records and with the priority; "8 *" keeps the pairs apart */
static unsigned long stamp_logs(const struct dash_data *d)
{
	unsigned long version = d->logs ? (unsigned long)d->logs->version : 1;

	return version * 8 + (unsigned long)(d->log_level & 7);
}

const struct pane_class pane_logs = {
	.name = "Logs",
	.empty = "no log records yet",
	.build = build_logs,
	.detail = detail_logs,
	.stamp = stamp_logs,
};
