// SPDX-License-Identifier: GPL-2.0-or-later
/* record.c: the shared log record: arena, fields and priority names */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "record.h"

void logrec_init(struct logrec *r)
{
	memset(r, 0, sizeof(*r));
	logrec_reset(r, "");
}

void logrec_free(struct logrec *r)
{
	free(r->arena);
	r->arena = NULL;
	r->arena_cap = r->arena_len = 0;
}

void logrec_reset(struct logrec *r, const char *source)
{
	/* field by field: clearing the whole struct (fields[] too) shows in profiles */
	r->source = source;
	r->lid = LOGREC_LID_UNKNOWN;
	r->seq = 0;
	r->has_seq = false;
	r->mono_usec = 0;
	r->has_mono = r->mono_exact = false;
	r->real_nsec = 0;
	r->has_real = r->real_exact = false;
	r->level = LOGREC_PRIO_NONE;
	r->aprio = 0;
	r->facility = -1;
	r->flag = 0;
	r->pid = r->tid = -1;
	r->uid = -1;
	r->caller = NULL;
	r->tag = NULL;
	r->msg = "";
	r->msg_len = 0;
	r->nfields = 0;
	r->kind = LOGREC_ENTRY;
	r->notice = 0;
	r->count = 0;
	r->arena_len = 0;
}

int logrec_reserve(struct logrec *r, size_t need)
{
	size_t want = r->arena_len + need;
	char *p;

	if (want <= r->arena_cap)
		return 0;
	/* pointers already taken would dangle: only grow an empty arena */
	if (r->arena_len)
		return -ENOMEM;
	if (want < 4096)
		want = 4096;
	p = realloc(r->arena, want);
	if (!p)
		return -ENOMEM;
	r->arena = p;
	r->arena_cap = want;
	return 0;
}

char *logrec_put(struct logrec *r, const char *s, size_t len)
{
	char *d = r->arena + r->arena_len;

	memcpy(d, s, len);
	d[len] = '\0';
	r->arena_len += len + 1;
	return d;
}

void logrec_add_field(struct logrec *r, const char *key, const char *value)
{
	if (r->nfields >= LOGREC_MAX_FIELDS)
		return;
	r->fields[r->nfields].key = key;
	r->fields[r->nfields].value = value;
	r->nfields++;
}

const char *logrec_field(const struct logrec *r, const char *key)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].key, key) == 0)
			return r->fields[i].value;
	return NULL;
}

/* re-point @p from @old's arena into @base */
static const char *rebase(const char *p, const struct logrec *old, char *base)
{
	if (p && old->arena && p >= old->arena && p < old->arena + old->arena_len)
		return base + (p - old->arena);
	return p;
}

int logrec_copy(struct logrec *dst, const struct logrec *src)
{
	char *arena = dst->arena;
	size_t cap = dst->arena_cap;

	if (cap < src->arena_len) {
		char *p = realloc(arena, src->arena_len);

		if (!p)
			return -ENOMEM;
		arena = p;
		cap = src->arena_len;
	}
	*dst = *src;
	dst->arena = arena;
	dst->arena_cap = cap;
	if (src->arena_len)
		memcpy(arena, src->arena, src->arena_len);
	dst->caller = rebase(src->caller, src, arena);
	dst->tag = rebase(src->tag, src, arena);
	dst->msg = rebase(src->msg, src, arena);
	for (size_t i = 0; i < src->nfields; i++) {
		dst->fields[i].key = rebase(src->fields[i].key, src, arena);
		dst->fields[i].value = rebase(src->fields[i].value, src, arena);
	}
	return 0;
}

static const char *const level_names[] = {
	"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
};

static const char *const facility_names[] = {
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
	"uucp", "cron", "authpriv", "ftp", "res0", "res1", "res2", "res3",
	"local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
};

const char *logrec_level_name(int level)
{
	return level >= 0 && level < 8 ? level_names[level] : NULL;
}

const char *logrec_facility_name(int facility)
{
	return facility >= 0 && facility < 24 ? facility_names[facility] : NULL;
}

char logrec_aprio_char(int aprio)
{
	static const char letters[] = "VDIWEFS";

	return aprio >= 2 && aprio <= 8 ? letters[aprio - 2] : '?';
}

int logrec_aprio_to_level(int aprio)
{
	static const int map[] = { 7, 7, 6, 4, 3, 2, -1 };

	if (aprio < 2)
		return 7;
	if (aprio > 8)
		return 2;
	return map[aprio - 2];
}

int logrec_level_to_aprio(int level)
{
	static const int map[] = { 7, 7, 7, 6, 5, 4, 4, 3 };

	return level >= 0 && level < 8 ? map[level] : 4;
}

int logrec_parse_priority(const char *s, int *level)
{
	static const struct {
		const char *name;
		int level;
	} words[] = {
		{ "emerg", 0 }, { "alert", 1 }, { "crit", 2 }, { "err", 3 }, { "error", 3 },
		{ "warning", 4 }, { "warn", 4 }, { "notice", 5 }, { "info", 6 }, { "debug", 7 },
		{ "verbose", 7 }, { "fatal", 2 }, { "silent", -1 },
		{ "V", 7 }, { "D", 7 }, { "I", 6 }, { "W", 4 }, { "E", 3 }, { "F", 2 }, { "S", -1 },
	};

	if (s[0] >= '0' && s[0] <= '7' && s[1] == '\0') {
		*level = s[0] - '0';
		return 0;
	}
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(s, words[i].name) == 0) {
			*level = words[i].level;
			return 0;
		}
	return -EINVAL;
}

const char *logrec_lid_name(int lid)
{
	static const char *const names[] = {
		"main", "radio", "events", "system", "crash", "stats", "security", "kernel",
	};

	if (lid >= 0 && lid < LOGREC_LID__COUNT)
		return names[lid];
	if (lid == LOGREC_LID_KMSG)
		return "kmsg";
	return "unknown";
}
