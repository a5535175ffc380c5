/* SPDX-License-Identifier: GPL-2.0-or-later */
/* filter.h: which records to show: priority, filterspecs, pid, facility, regex, time */
#ifndef VFIO_LOGS_FILTER_H
#define VFIO_LOGS_FILTER_H

#include <regex.h>
#include <stdbool.h>
#include <stdint.h>

#include "record.h"

#define LOGFILTER_MAX_SPECS 32

struct logfilter {
	int max_level;			/* syslog level threshold; 7 passes all */
	struct {
		char tag[64];
		int aprio;		/* show records of this tag at >= aprio; 8 (S) none */
	} specs[LOGFILTER_MAX_SPECS];
	size_t nspecs;
	int default_aprio;		/* for tags no spec names; 0: all */
	int32_t pid;			/* -1: any */
	uint32_t facilities;		/* bit mask; 0: any */
	bool has_regex;
	regex_t regex;
	bool has_since, has_until;
	bool since_mono, until_mono;	/* "+SECONDS": a monotonic bound */
	int64_t since, until;		/* ns since the epoch, or monotonic µs */
};

/** logfilter_init() - a filter that passes everything */
void logfilter_init(struct logfilter *f);
/** logfilter_free() - release the compiled regex; the filter may be set up again */
void logfilter_free(struct logfilter *f);

/**
 * logfilter_add_specs() - add logcat filterspecs "TAG[:P] ..." (blank separated)
 * @specs: P is one of V D I W E F S; a bare TAG means TAG:V; "*:P" sets
 *         the default for other tags (the default default is V, all)
 * Return: 0, -EINVAL (bad priority, too many), -ENAMETOOLONG (tag).
 */
int logfilter_add_specs(struct logfilter *f, const char *specs);

/** logfilter_set_regex() - POSIX extended regex on the message; 0 or -EINVAL */
int logfilter_set_regex(struct logfilter *f, const char *re);

/**
 * logfilter_set_facilities() - a comma list of facility names ("kern,daemon")
 * Return: 0 or -EINVAL.
 */
int logfilter_set_facilities(struct logfilter *f, const char *list);

/**
 * logfilter_parse_time() - a --since/--until value
 * @s: "YYYY-MM-DD[ HH:MM[:SS]]" (local time, or UTC with @utc), "@EPOCH"
 *     (seconds, may have a fraction), or "+SECONDS" (kmsg's monotonic clock)
 * @val: receives ns since the epoch, or µs of monotonic time
 * @mono: receives whether it is a monotonic bound
 * Return: 0 or -EINVAL.
 */
int logfilter_parse_time(const char *s, bool utc, int64_t *val, bool *mono);

/**
 * logfilter_match() - whether @r passes; notices always pass
 *
 * A time bound on a clock the record lacks lets the record pass.
 */
bool logfilter_match(const struct logfilter *f, const struct logrec *r);

#endif
