// SPDX-License-Identifier: GPL-2.0-or-later
/* textsafe.c: make bytes from sysfs, mount tables and pci.ids safe to print */
#include "config.h"

#include <string.h>
#include <wctype.h>

#include "textsafe.h"

#define SEQ_INCOMPLETE	(-1)
#define SEQ_INVALID	0

/*
 * The length of the UTF-8 sequence at @p (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), SEQ_INVALID, or SEQ_INCOMPLETE when
 * the bytes end inside a sequence that could still be valid.
 */
static int utf8_seq(const unsigned char *p, size_t n, unsigned *cp)
{
	unsigned c = p[0], min;
	int len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2, c &= 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, c &= 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		return SEQ_INVALID;
	}
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return SEQ_INCOMPLETE;
		if ((p[i] & 0xc0) != 0x80)
			return SEQ_INVALID;
		c = (c << 6) | (p[i] & 0x3f);
		/* reject as soon as the prefix is known to be overlong or out of range */
		if (i == 1 && ((len == 3 && c < 0x20) || (len == 4 && (c < 0x10 || c > 0x10f)) ||
			       (len == 3 && c >= 0x360 && c <= 0x37f)))
			return SEQ_INVALID;
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return SEQ_INVALID;
	*cp = c;
	return len;
}

static bool printable_cp(unsigned cp)
{
	if (cp < 0xa0)
		return false;		/* C1 controls and NBSP's neighbours below it */
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return false;		/* bidi overrides: text that reads other than it is */
	return iswprint((wint_t)cp) != 0;
}

/*
 * Is the escape sequence at @p one vfioctl writes itself? Its length, 0
 * when it is not, SEQ_INCOMPLETE when more bytes could still make it one.
 */
static int own_escape(const unsigned char *p, size_t n)
{
	static const char *const own[] = {
		"\033[0m", "\033[1m", "\033[31m", "\033[32m", "\033[33m", "\033[39m",
	};

	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		size_t len = strlen(own[i]);

		if (n >= len && memcmp(p, own[i], len) == 0)
			return (int)len;
		if (n < len && memcmp(p, own[i], n) == 0)
			return SEQ_INCOMPLETE;
	}
	return 0;
}

static char *put_hex(char *d, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";

	d[0] = '\\';
	d[1] = 'x';
	d[2] = hex[c >> 4];
	d[3] = hex[c & 15];
	return d + 4;
}

size_t textsafe_encode(unsigned flags, const char *in, size_t n, bool final,
		       char *out, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)in;
	bool json = flags & TEXTSAFE_JSON;
	char *d = out;
	size_t i = 0;

	while (i < n) {
		unsigned char c = u[i];
		unsigned cp;
		int len;

		/* the common case first: printable ASCII, newline, tab */
		if ((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t' || (json && c < 0x80)) {
			*d++ = (char)c;
			i++;
			continue;
		}
		if (c == 0x1b && (flags & TEXTSAFE_KEEP_SGR)) {
			len = own_escape(u + i, n - i);
			if (len == SEQ_INCOMPLETE && !final)
				break;
			if (len > 0) {
				memcpy(d, u + i, (size_t)len);
				d += len;
				i += (size_t)len;
				continue;
			}
		}
		if (c < 0x80) {
			d = put_hex(d, c);
			i++;
			continue;
		}
		len = utf8_seq(u + i, n - i, &cp);
		if (len == SEQ_INCOMPLETE && !final)
			break;
		if (json) {
			if (len > 0) {
				memcpy(d, u + i, (size_t)len);
				d += len;
				i += (size_t)len;
			} else {
				/* U+FFFD for the one byte: the next may start a valid sequence */
				memcpy(d, "\xef\xbf\xbd", 3);
				d += 3;
				i++;
			}
			continue;
		}
		if (len > 0 && (flags & TEXTSAFE_UTF8) && printable_cp(cp)) {
			memcpy(d, u + i, (size_t)len);
			d += len;
			i += (size_t)len;
			continue;
		}
		/* not printable here: every byte of it, or the one invalid byte */
		if (len <= 0)
			len = 1;
		for (int k = 0; k < len; k++)
			d = put_hex(d, u[i + (size_t)k]);
		i += (size_t)len;
	}
	*outlen = (size_t)(d - out);
	return i;
}
