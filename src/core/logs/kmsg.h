/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmsg.h: parse /dev/kmsg records and kmsg-format files (Documentation/ABI/testing/dev-kmsg) */
#ifndef VFIO_LOGS_KMSG_H
#define VFIO_LOGS_KMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"

/*
 * The kernel formats one record in at most CONSOLE_EXT_LOG_MAX (8192)
 * bytes; a read() with a smaller buffer fails with EINVAL. Twice that
 * leaves room for kernels that grow it.
 */
#define KMSG_READ_MAX	16384

/**
 * kmsg_parse() - decode one record as read() returns it
 * @buf, @len: "pri,seq,ts_usec,flag[,more];text\n KEY=VALUE\n..." (need
 *             not be NUL-terminated). The 3.5 form "pri,seq,ts;text" is
 *             accepted too. Header fields after the flag are ignored unless
 *             known (caller=, pid=); a field is split off only at ",KEY=",
 *             so a free-text comm= cannot break the split.
 * @r: receives the record (reset first, source "kmsg"); strings live in
 *     its arena. "\xHH" escapes in the text and field values are decoded;
 *     " KEY=VALUE" lines become fields; any other line (a raw newline some
 *     writers leave) continues the message.
 *
 * Return: 0, -EBADMSG when the header is not a kmsg header, -ENOMEM.
 */
int kmsg_parse(const char *buf, size_t len, struct logrec *r);

/**
 * kmsg_is_header() - does @p (with @len bytes left) start a kmsg record?
 * True for "digits,digits,digits" followed by ',' or ';'.
 */
bool kmsg_is_header(const char *p, size_t len);

/**
 * kmsg_record_end() - where the record starting at @p ends in a kmsg file
 * @p, @len: buffered bytes from the start of a record
 * @eof: no more bytes will follow @len
 *
 * Records end at a NUL (util-linux's --kmsg-file layout) or at a newline
 * whose next line is another record header; a line starting with a blank
 * is a continuation field, any other line a raw newline in the message.
 * Return: the record's length (its terminator not included; the caller
 * skips one '\0' or '\n'), or -EAGAIN when more bytes are needed to know.
 */
ssize_t kmsg_record_end(const char *p, size_t len, bool eof);

/**
 * kmsg_unescape() - decode "\xHH" escapes
 * @dst: room for @len bytes (decoding never grows the text)
 * Return: the decoded length. A malformed escape is kept as is.
 */
size_t kmsg_unescape(char *dst, const char *src, size_t len);

#endif
