/* SPDX-License-Identifier: GPL-2.0-or-later */
/* textsafe.h: make bytes from sysfs, mount tables and pci.ids safe to print */
#ifndef VFIO_TEXTSAFE_H
#define VFIO_TEXTSAFE_H

#include <stdbool.h>
#include <stddef.h>

/* the output is JSON text: only invalid UTF-8 is replaced (by U+FFFD) */
#define TEXTSAFE_JSON		(1u << 0)
/* the terminal's charset is UTF-8: printable UTF-8 stays as it is */
#define TEXTSAFE_UTF8		(1u << 1)
/* vfioctl's own colours stay (SGR 0, 1, 31-33, 39): nothing that moves the cursor or clears */
#define TEXTSAFE_KEEP_SGR	(1u << 2)

/* the worst case growth: one byte becomes "\xHH" */
#define TEXTSAFE_MAX_GROWTH	4

/**
 * textsafe_encode() - escape what must not reach a terminal, or repair JSON
 * @flags: TEXTSAFE_* bits
 * @in: bytes to print; @n of them (NULs included: they are escaped too)
 * @final: no more bytes follow; without it an incomplete UTF-8 or escape
 *         sequence at the end is left unconsumed for the next call
 * @out: room for TEXTSAFE_MAX_GROWTH * @n bytes; not NUL-terminated
 * @outlen: set to the number of bytes written to @out
 *
 * Text: newline and tab stay; every other C0 control byte, DEL, a C1
 * control, a bidirectional override (U+202A-U+202E, U+2066-U+2069), invalid
 * UTF-8 and, without TEXTSAFE_UTF8, every byte >= 0x80 becomes "\xHH", as
 * util-linux and dmesg print them. An escape sequence is kept only with
 * TEXTSAFE_KEEP_SGR and only when it is one vfioctl itself writes, so a
 * name cannot move the cursor, retitle the window or hide text.
 * JSON: the writer (json-c) already escapes control bytes; an invalid UTF-8
 * sequence becomes U+FFFD so that the document stays valid (RFC 8259 8.1).
 *
 * Return: the number of bytes of @in consumed (all of them when @final).
 */
size_t textsafe_encode(unsigned flags, const char *in, size_t n, bool final,
		       char *out, size_t *outlen);

#endif
