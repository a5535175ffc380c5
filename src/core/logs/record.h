/* SPDX-License-Identifier: GPL-2.0-or-later */
/* record.h: the one log record model shared by kmsg, logger devices, logd and logcat -B files */
#ifndef VFIO_LOGS_RECORD_H
#define VFIO_LOGS_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* syslog levels (kmsg, LOG_EMERG..LOG_DEBUG); Android priorities map onto them */
#define LOGREC_PRIO_NONE	(-1)

/* Android log ids (liblog log_id_t); kmsg records use LOGREC_LID_KMSG */
enum logrec_lid {
	LOGREC_LID_MAIN = 0,
	LOGREC_LID_RADIO = 1,
	LOGREC_LID_EVENTS = 2,
	LOGREC_LID_SYSTEM = 3,
	LOGREC_LID_CRASH = 4,
	LOGREC_LID_STATS = 5,
	LOGREC_LID_SECURITY = 6,
	LOGREC_LID_KERNEL = 7,
	LOGREC_LID__COUNT = 8,
	LOGREC_LID_KMSG = 100,
	LOGREC_LID_UNKNOWN = 101,
};

/* what a record is: a log entry, or a notice about the stream */
enum logrec_kind {
	LOGREC_ENTRY = 0,
	LOGREC_NOTICE,
};

enum logrec_notice {
	LOGREC_LOST = 1,		/* @count records lost (kmsg seq gap after EPIPE) */
	LOGREC_CORRUPT,			/* @count bytes skipped to resynchronise */
	LOGREC_TRUNCATED,		/* the stream ended @count bytes into an entry */
	LOGREC_BACKWARDS,		/* time went backwards in log @lid: a loss signal */
	LOGREC_CLOSED,			/* the server closed the stream */
};

struct logrec_field {
	const char *key;		/* points into the record's arena */
	const char *value;
};

#define LOGREC_MAX_FIELDS 16

/**
 * struct logrec - one log record, whatever its source
 *
 * Strings point into @arena, which the record owns and reuses from one
 * record to the next (logrec_reserve()), so reading a stream costs no
 * allocation per record. Times: @mono_usec is CLOCK_MONOTONIC (kmsg's own
 * clock, which pauses in suspend); @real_nsec is wall-clock nanoseconds
 * since the epoch. Each is flagged present and exact (read from the
 * record) or estimated (derived, e.g. boot time plus monotonic).
 */
struct logrec {
	const char *source;		/* "kmsg", "main", "events", a file name */
	int lid;			/* enum logrec_lid */
	uint64_t seq;			/* kmsg sequence number */
	bool has_seq;
	int64_t mono_usec;
	bool has_mono, mono_exact;
	int64_t real_nsec;
	bool has_real, real_exact;
	int level;			/* syslog level 0..7, LOGREC_PRIO_NONE if unknown */
	int aprio;			/* Android priority 2(V)..7(F); derived for kmsg */
	int facility;			/* syslog facility, -1 when not kmsg */
	char flag;			/* kmsg flag: '-', 'c', '+'; 0 otherwise */
	int32_t pid, tid;		/* -1 when unknown */
	int64_t uid;			/* -1 when unknown */
	const char *caller;		/* kmsg caller=T123 / C4, or NULL */
	const char *tag;		/* Android tag / event tag name; NULL for kmsg */
	const char *msg;		/* decoded text; may hold newlines */
	size_t msg_len;
	struct logrec_field fields[LOGREC_MAX_FIELDS];
	size_t nfields;
	enum logrec_kind kind;
	enum logrec_notice notice;	/* for LOGREC_NOTICE */
	uint64_t count;			/* the notice's number */
	char *arena;
	size_t arena_len, arena_cap;
};

/** logrec_init() - an empty record with no arena yet */
void logrec_init(struct logrec *r);

/** logrec_free() - release the arena; the record may be initialised again */
void logrec_free(struct logrec *r);

/**
 * logrec_reset() - clear every field for the next record, keeping the arena
 * @source: the source name (not copied: it must outlive the record)
 */
void logrec_reset(struct logrec *r, const char *source);

/**
 * logrec_reserve() - make sure the arena holds @need more bytes
 *
 * Call it once per record before taking pointers into the arena: growing
 * it moves the arena. Return: 0 or -ENOMEM.
 */
int logrec_reserve(struct logrec *r, size_t need);

/**
 * logrec_put() - copy @len bytes plus a NUL into the reserved arena
 * Return: the copy (inside the arena). The caller reserved the space.
 */
char *logrec_put(struct logrec *r, const char *s, size_t len);

/** logrec_add_field() - add a KEY=VALUE pair (pointers into the arena); extra ones are dropped */
void logrec_add_field(struct logrec *r, const char *key, const char *value);

/** logrec_field() - the value of field @key, or NULL */
const char *logrec_field(const struct logrec *r, const char *key);

/** logrec_copy() - deep copy @src into @dst (arena included); 0 or -ENOMEM */
int logrec_copy(struct logrec *dst, const struct logrec *src);

/** logrec_level_name() - "emerg".."debug", or NULL for an out-of-range level */
const char *logrec_level_name(int level);

/** logrec_facility_name() - "kern", "user", ... "local7", or NULL */
const char *logrec_facility_name(int facility);

/** logrec_aprio_char() - 'V','D','I','W','E','F','S' for Android priority 2..8, '?' otherwise */
char logrec_aprio_char(int aprio);

/** logrec_aprio_to_level() - Android priority to syslog level (V,D: debug; F: crit) */
int logrec_aprio_to_level(int aprio);

/** logrec_level_to_aprio() - syslog level to Android priority (emerg..crit: F, notice: I) */
int logrec_level_to_aprio(int level);

/**
 * logrec_parse_priority() - a priority as a user writes it
 * @s: a syslog name ("err", "warning", "warn"), a digit 0..7, or an Android
 *     letter or word (V D I W E F S, "verbose".."silent")
 * @level: receives the threshold as a syslog level (S gives -1: nothing passes)
 * Return: 0 or -EINVAL.
 */
int logrec_parse_priority(const char *s, int *level);

/** logrec_lid_name() - "main", "radio", "events", ... "kmsg" */
const char *logrec_lid_name(int lid);

#endif
