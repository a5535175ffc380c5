/* SPDX-License-Identifier: GPL-2.0-or-later */
/* logger.h: Android logger_entry v1..v4 headers, text and binary events payloads, event-log-tags */
#ifndef VFIO_LOGS_LOGGER_H
#define VFIO_LOGS_LOGGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>

#include "record.h"

/* the legacy kernel driver's ioctls (drivers/staging/android/uapi/logger.h) */
#define LOGGER_IOCTL_BASE	0xAE
#define LOGGER_GET_LOG_BUF_SIZE	_IO(LOGGER_IOCTL_BASE, 1)
#define LOGGER_GET_LOG_LEN	_IO(LOGGER_IOCTL_BASE, 2)
#define LOGGER_GET_NEXT_ENTRY_LEN _IO(LOGGER_IOCTL_BASE, 3)
#define LOGGER_FLUSH_LOG	_IO(LOGGER_IOCTL_BASE, 4)
#define LOGGER_GET_VERSION	_IO(LOGGER_IOCTL_BASE, 5)
#define LOGGER_SET_VERSION	_IO(LOGGER_IOCTL_BASE, 6)

#define LOGGER_V1_HDR	20	/* user_logger_entry_compat: no hdr_size */
#define LOGGER_V2_HDR	24	/* euid (v2) or lid (v3) at offset 20 */
#define LOGGER_V4_HDR	28	/* lid, uid */
/* liblog's LOGGER_ENTRY_MAX_LEN: no entry, header included, is longer */
#define LOGGER_ENTRY_MAX_LEN	(5 * 1024)
/* pid_max cannot exceed PID_MAX_LIMIT (4M): a larger pid means garbage */
#define LOGGER_PID_LIMIT	4194304

/* event payload types on the wire (liblog AndroidEventLogType) */
enum logger_evtype {
	LOGGER_EV_INT = 0,
	LOGGER_EV_LONG = 1,
	LOGGER_EV_STRING = 2,
	LOGGER_EV_LIST = 3,
	LOGGER_EV_FLOAT = 4,
};

struct logger_hdr {
	uint16_t len;		/* payload bytes */
	uint16_t hdr_size;	/* as sniffed: 20, 24 or 28 */
	int32_t pid;
	uint32_t tid;
	uint32_t sec, nsec;
	int lid;		/* enum logrec_lid, LOGREC_LID_UNKNOWN for v1/v2 */
	int64_t uid;		/* v2 euid or v4 uid; -1 for v1/v3 */
};

/**
 * logger_hdr_parse() - sniff and check the header of the entry at @p
 * @p, @avail: the bytes at hand from the entry's start
 * @h: receives the header
 *
 * The header size comes from each entry's hdr_size: 0 means the v1 layout
 * (the field was padding), 24 is v2/v3 (a value below 8 at offset 20 is
 * v3's lid, anything else v2's euid), 28 is v4. Any other hdr_size is
 * garbage and the entry is read with the 20-byte v1 layout. The entry must
 * look real: payload length 1..LOGGER_ENTRY_MAX_LEN, pid and tid within
 * PID_MAX_LIMIT, nsec below 10^9.
 * Return: the whole entry's length (header plus payload) when it is all in
 * @avail, -EAGAIN when more bytes are needed, -EBADMSG when the header is
 * not plausible.
 */
ssize_t logger_hdr_parse(const uint8_t *p, size_t avail, struct logger_hdr *h);

struct logger_tags;

/**
 * logger_tags_load() - parse an event-log-tags file's text
 * @text, @len: lines "TAG NAME [(field|type[|unit]),...]"; '#' comments
 * @out: receives the table; free with logger_tags_free()
 * Return: 0, -ENOMEM. Lines that do not parse are skipped.
 */
int logger_tags_load(const char *text, size_t len, struct logger_tags **out);
/** logger_tags_free() - free a table from logger_tags_load(); NULL is allowed */
void logger_tags_free(struct logger_tags *t);
/** logger_tags_name() - the name of event tag @tag, or NULL */
const char *logger_tags_name(const struct logger_tags *t, uint32_t tag);

/**
 * logger_decode() - turn one entry into a record
 * @h: its parsed header; @payload: its @h->len payload bytes
 * @lid: the log id to assume when the header carries none (v1/v2); for a
 *       file, LOGREC_LID_UNKNOWN guesses text or events from the payload
 * @tags: optional event-log-tags table
 * @r: receives the record (reset first; @source is kept)
 *
 * Text logs carry u8 prio, tag\0, message\0; events logs a s32 tag and one
 * typed value (a list for several), printed logcat's way: "[1,2,str]"
 * with nested lists in brackets.
 * Return: 0, -EBADMSG for a malformed payload (no tag terminator, an
 * unknown event type, a value running past the payload), -ENOMEM.
 */
int logger_decode(const struct logger_hdr *h, const uint8_t *payload, int lid,
		  const struct logger_tags *tags, struct logrec *r);

/**
 * logger_events_text() - decode an events payload's values (after the tag) to text
 * @p, @len: the typed values; @out, @size: output, NUL-terminated, truncated
 * Return: bytes consumed (>= 0) or -EBADMSG.
 */
ssize_t logger_events_text(const uint8_t *p, size_t len, char *out, size_t size);

#endif
