// SPDX-License-Identifier: GPL-2.0-or-later
/* filter.c: record filters with logcat's filterspec rules (liblog android_log_addFilterRule) */
#include "config.h"

#define _GNU_SOURCE 1
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "filter.h"

void logfilter_init(struct logfilter *f)
{
	memset(f, 0, sizeof(*f));
	f->max_level = 7;
	f->pid = -1;
}

void logfilter_free(struct logfilter *f)
{
	if (f->has_regex)
		regfree(&f->regex);
	f->has_regex = false;
}

static int aprio_of(char c)
{
	static const char letters[] = "VDIWEFS";
	const char *p = c ? strchr(letters, c >= 'a' ? c - 32 : c) : NULL;

	return p ? (int)(p - letters) + 2 : -1;
}

int logfilter_add_specs(struct logfilter *f, const char *specs)
{
	const char *p = specs;

	while (*p) {
		size_t n;
		const char *colon, *w;
		int prio = 2;	/* a bare tag means TAG:V */

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		w = p;
		n = strcspn(p, " \t");
		p += n;
		colon = memrchr(w, ':', n);
		if (colon) {
			if (w + n - colon != 2 || (prio = aprio_of(colon[1])) < 0)
				return -EINVAL;
			n = (size_t)(colon - w);
		} else if (n == 1 && *w == '*') {
			prio = 3;	/* "*" alone is *:D */
		}
		if (n == 1 && *w == '*') {
			f->default_aprio = prio;
			continue;
		}
		if (n == 0)
			return -EINVAL;
		if (n >= sizeof(f->specs[0].tag))
			return -ENAMETOOLONG;
		if (f->nspecs >= LOGFILTER_MAX_SPECS)
			return -EINVAL;
		memcpy(f->specs[f->nspecs].tag, w, n);
		f->specs[f->nspecs].tag[n] = '\0';
		f->specs[f->nspecs].aprio = prio;
		f->nspecs++;
	}
	return 0;
}

int logfilter_set_regex(struct logfilter *f, const char *re)
{
	logfilter_free(f);
	if (regcomp(&f->regex, re, REG_EXTENDED | REG_NOSUB) != 0)
		return -EINVAL;
	f->has_regex = true;
	return 0;
}

int logfilter_set_facilities(struct logfilter *f, const char *list)
{
	char *dup = strdup(list), *save = NULL;

	if (!dup)
		return -ENOMEM;
	for (char *w = strtok_r(dup, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		int i;

		for (i = 0; i < 24; i++)
			if (strcmp(w, logrec_facility_name(i)) == 0)
				break;
		if (i == 24) {
			free(dup);
			return -EINVAL;
		}
		f->facilities |= 1u << i;
	}
	free(dup);
	return f->facilities ? 0 : -EINVAL;
}

int logfilter_parse_time(const char *s, bool utc, int64_t *val, bool *mono)
{
	struct tm tm = { 0 };
	const char *end;
	char *e;

	if (s[0] == '@' || s[0] == '+') {
		double d = strtod(s + 1, &e);

		if (e == s + 1 || *e || d < 0 || d > 1e11)
			return -EINVAL;
		*mono = s[0] == '+';
		*val = *mono ? (int64_t)(d * 1e6) : (int64_t)(d * 1e9);
		return 0;
	}
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end && *end == ' ')
		end = strptime(end + 1, "%H:%M", &tm);
	if (end && *end == ':')
		end = strptime(end + 1, "%S", &tm);
	if (!end || *end)
		return -EINVAL;
	tm.tm_isdst = -1;
	*val = (int64_t)(utc ? timegm(&tm) : mktime(&tm)) * 1000000000;
	*mono = false;
	return 0;
}

static bool tag_passes(const struct logfilter *f, const struct logrec *r)
{
	const char *tag = r->tag ? r->tag : "kernel";

	if (!f->nspecs && !f->default_aprio)
		return true;
	for (size_t i = 0; i < f->nspecs; i++)
		if (strcmp(f->specs[i].tag, tag) == 0)
			return r->aprio >= f->specs[i].aprio;
	return r->aprio >= (f->default_aprio ? f->default_aprio : 2);
}

static bool time_ok(bool has, bool mono, int64_t bound, const struct logrec *r, bool since)
{
	int64_t t;

	if (!has)
		return true;
	if (mono ? !r->has_mono : !r->has_real)
		return true;
	t = mono ? r->mono_usec : r->real_nsec;
	return since ? t >= bound : t <= bound;
}

bool logfilter_match(const struct logfilter *f, const struct logrec *r)
{
	if (r->kind == LOGREC_NOTICE)
		return true;
	if (r->level > f->max_level)
		return false;
	if (f->pid >= 0 && r->pid != f->pid)
		return false;
	if (f->facilities && (r->facility < 0 || r->facility > 23 ||
			      !(f->facilities & (1u << r->facility))))
		return false;
	if (!tag_passes(f, r))
		return false;
	if (!time_ok(f->has_since, f->since_mono, f->since, r, true) ||
	    !time_ok(f->has_until, f->until_mono, f->until, r, false))
		return false;
	if (f->has_regex && regexec(&f->regex, r->msg, 0, NULL, 0) != 0)
		return false;
	return true;
}
