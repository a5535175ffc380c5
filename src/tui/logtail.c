// SPDX-License-Identifier: GPL-2.0-or-later
/* logtail.c: the log pane's collection: kmsg and Android logs read without blocking into a bounded ring */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logger.h"
#include "logtail.h"
#include "pathnames.h"
#include "source.h"

static struct logtail_source *add_source(struct logtail *t, const struct path_ctx *path,
					  const char *name, const char *rel)
{
	struct logtail_source *s;

	if (t->nsrcs == LOGTAIL_MAX_SOURCES)
		return NULL;
	s = &t->srcs[t->nsrcs++];
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	if (path_abs(path, s->where, sizeof(s->where), "%s", rel) < 0)
		snprintf(s->where, sizeof(s->where), "/%s", rel);
	if (s->where[0] == '/' && s->where[1] == '/')	/* the live root "/" doubles the slash */
		memmove(s->where, s->where + 1, strlen(s->where));
	return s;
}

/* event tags make the events log readable; without them tags print as numbers */
static void load_tags(struct logtail *t, const struct path_ctx *path)
{
	char *text = NULL;
	size_t len = 0;

	if (path_read_alloc(path, &text, &len, PATH_ANDROID_EVENT_LOG_TAGS) < 0)
		return;
	if (logger_tags_load(text, len, &t->tags) < 0)
		t->tags = NULL;
	free(text);
}

int logtail_open(struct logtail *t, const struct path_ctx *path, size_t cap)
{
	static const char *const loggers[] = { "main", "system", "radio", "events", "crash" };
	struct logtail_source *s;
	struct logsrc *src;
	int rc;

	memset(t, 0, sizeof(*t));
	logrec_init(&t->cur);
	t->next_serial = 1;
	t->version = 1;
	t->cap = cap ? cap : LOGTAIL_DEFAULT_CAP;
	/* enough for a busy second, small enough that a flood cannot stall a tick */
	t->tick_max = 4 * t->cap;
	t->ring = calloc(t->cap, sizeof(*t->ring));
	t->serial = calloc(t->cap, sizeof(*t->serial));
	if (!t->ring || !t->serial) {
		logtail_close(t);
		return -ENOMEM;
	}
	load_tags(t, path);

	s = add_source(t, path, "kmsg", PATH_DEV_KMSG);
	s->open_error = logsrc_open_kmsg(path, true, LOGSRC_START_DATA, &s->src);
	for (size_t i = 0; i < sizeof(loggers) / sizeof(loggers[0]); i++) {
		/* most hosts have no Android logs: only those present are shown */
		if (!path_exists(path, PATH_DEV_LOG, loggers[i]))
			continue;
		char rel[64];

		rc = logsrc_open_logger(path, loggers[i], true, &src);
		snprintf(rel, sizeof(rel), PATH_DEV_LOG, loggers[i]);
		s = add_source(t, path, loggers[i], rel);
		if (!s) {
			if (rc == 0)
				logsrc_free(src);
			break;
		}
		s->open_error = rc;
		s->src = rc < 0 ? NULL : src;
	}
	if (path_exists(path, "%s", PATH_DEV_SOCKET_LOGDR)) {
		/* logd keeps its own ring: ask for no more than ours holds */
		rc = logsrc_open_logdr(path, 0, (unsigned)t->cap, true, &src);
		s = add_source(t, path, "logd", PATH_DEV_SOCKET_LOGDR);
		if (s) {
			s->open_error = rc;
			s->src = rc < 0 ? NULL : src;
		} else if (rc == 0) {
			logsrc_free(src);
		}
	}
	for (size_t i = 0; i < t->nsrcs; i++)
		if (t->srcs[i].src)
			logsrc_set_tags(t->srcs[i].src, t->tags);
	return 0;
}

int logtail_add(struct logtail *t, struct logsrc *src, const char *name, const char *where)
{
	struct logtail_source *s;

	if (t->nsrcs == LOGTAIL_MAX_SOURCES) {
		logsrc_free(src);
		return -ENOSPC;
	}
	s = &t->srcs[t->nsrcs++];
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	snprintf(s->where, sizeof(s->where), "%s", where);
	s->src = src;
	logsrc_set_tags(src, t->tags);
	return 0;
}

/* keep @r as the newest; the oldest goes when the ring is full */
static int ring_push(struct logtail *t, const struct logrec *r)
{
	size_t slot = t->len < t->cap ? (t->head + t->len) % t->cap : t->head;

	/* a failed copy leaves the slot as it was: the record is counted, not kept */
	if (logrec_copy(&t->ring[slot], r) < 0) {
		t->dropped++;
		return -ENOMEM;
	}
	if (t->len < t->cap)
		t->len++;
	else
		t->head = (t->head + 1) % t->cap;
	t->serial[slot] = t->next_serial++;
	return 0;
}

size_t logtail_read(struct logtail *t)
{
	size_t added = 0;

	for (size_t i = 0; i < t->nsrcs; i++) {
		struct logtail_source *s = &t->srcs[i];

		for (size_t n = 0; s->src && !s->ended && n < t->tick_max; n++) {
			int rc = logsrc_next(s->src, &t->cur);

			if (rc == 1) {
				if (t->cur.kind == LOGREC_NOTICE && t->cur.notice == LOGREC_LOST)
					t->lost += t->cur.count;
				added += ring_push(t, &t->cur) == 0;
				continue;
			}
			if (rc == 0) {
				s->ended = true;
			} else if (rc != -EAGAIN) {
				/* a read error: say so in the pane and stop reading it */
				s->read_error = rc;
				s->ended = true;
			}
			break;
		}
	}
	if (added)
		t->version++;
	return added;
}

const struct logrec *logtail_at(const struct logtail *t, size_t i, uint64_t *serial)
{
	size_t slot = (t->head + i) % t->cap;

	if (serial)
		*serial = t->serial[slot];
	return &t->ring[slot];
}

void logtail_close(struct logtail *t)
{
	for (size_t i = 0; i < t->nsrcs; i++)
		logsrc_free(t->srcs[i].src);
	for (size_t i = 0; t->ring && i < t->cap; i++)
		logrec_free(&t->ring[i]);
	free(t->ring);
	free(t->serial);
	logrec_free(&t->cur);
	logger_tags_free(t->tags);
	memset(t, 0, sizeof(*t));
}
