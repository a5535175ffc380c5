// SPDX-License-Identifier: GPL-2.0-or-later
/* test-textsafe.c: what may reach a terminal or a JSON document from a name */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "testutil.h"
#include "textsafe.h"

/* encode all of @in in one call; the result is NUL-terminated in a static buffer */
static const char *enc(unsigned flags, const char *in, size_t n)
{
	static char out[1024];
	size_t olen, used;

	ck_assert_uint_le(n * TEXTSAFE_MAX_GROWTH, sizeof(out) - 1);
	used = textsafe_encode(flags, in, n, true, out, &olen);
	ck_assert_uint_eq(used, n);
	out[olen] = '\0';
	return out;
}

#define ENC(flags, lit) enc(flags, lit, sizeof(lit) - 1)

START_TEST(test_text_controls)
{
	ck_assert_str_eq(ENC(0, "plain text\twith tab\n"), "plain text\twith tab\n");
	ck_assert_str_eq(ENC(0, "drv\033[2J"), "drv\\x1b[2J");
	ck_assert_str_eq(ENC(0, "DMA\r"), "DMA\\x0d");
	ck_assert_str_eq(ENC(0, "a\0b"), "a\\x00b");
	ck_assert_str_eq(ENC(0, "del\x7f"), "del\\x7f");
	/* without a UTF-8 charset, every byte >= 0x80 is escaped, as libsmartcols does */
	ck_assert_str_eq(ENC(0, "\xc3\xbc"), "\\xc3\\xbc");
}
END_TEST

START_TEST(test_text_utf8)
{
	unsigned f = TEXTSAFE_UTF8;

	ck_assert_str_eq(ENC(f, "Ger\xc3\xa4tebau \xe2\x82\xac"), "Ger\xc3\xa4tebau \xe2\x82\xac");
	/* invalid: a lone continuation, a Latin-1 byte, an overlong '/', a surrogate */
	ck_assert_str_eq(ENC(f, "\x80"), "\\x80");
	ck_assert_str_eq(ENC(f, "caf\xe9!"), "caf\\xe9!");
	ck_assert_str_eq(ENC(f, "\xc0\xaf"), "\\xc0\\xaf");
	ck_assert_str_eq(ENC(f, "\xed\xa0\x80"), "\\xed\\xa0\\x80");
	ck_assert_str_eq(ENC(f, "\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");
	/* valid but not to be shown: a C1 control, a right-to-left override */
	ck_assert_str_eq(ENC(f, "\xc2\x9b" "2J"), "\\xc2\\x9b2J");
	ck_assert_str_eq(ENC(f, "\xe2\x80\xae" "abc"), "\\xe2\\x80\\xaeabc");
	/* a sequence cut short at the end of the input */
	ck_assert_str_eq(ENC(f, "x\xe2\x82"), "x\\xe2\\x82");
}
END_TEST

START_TEST(test_own_colours)
{
	unsigned f = TEXTSAFE_KEEP_SGR;

	ck_assert_str_eq(ENC(f, "\033[31mred\033[0m"), "\033[31mred\033[0m");
	/* a name cannot clear the screen or move the cursor (io top clears past the filter) */
	ck_assert_str_eq(ENC(f, "\033[H\033[2J"), "\\x1b[H\\x1b[2J");
	/* anything else an escape starts is escaped, even on a colour terminal */
	ck_assert_str_eq(ENC(f, "\033[8mhidden"), "\\x1b[8mhidden");
	ck_assert_str_eq(ENC(f, "\033]0;title\007"), "\\x1b]0;title\\x07");
	ck_assert_str_eq(ENC(0, "\033[31m"), "\\x1b[31m");
}
END_TEST

START_TEST(test_json)
{
	unsigned f = TEXTSAFE_JSON;

	/* json-c escaped the controls already; valid UTF-8 stays in any locale */
	ck_assert_str_eq(ENC(f, "{\"n\": \"\xc3\xbc\\u001b\"}"), "{\"n\": \"\xc3\xbc\\u001b\"}");
	/* one U+FFFD per invalid byte, and a valid sequence after it survives */
	ck_assert_str_eq(ENC(f, "\xff\xc3\xbc"), "\xef\xbf\xbd\xc3\xbc");
	ck_assert_str_eq(ENC(f, "\xe2\x82"), "\xef\xbf\xbd\xef\xbf\xbd");
}
END_TEST

/* a sequence split across two writes is held back, then completed */
START_TEST(test_split_sequences)
{
	char out[64];
	size_t olen, used;

	used = textsafe_encode(TEXTSAFE_UTF8, "ab\xc3", 3, false, out, &olen);
	ck_assert_uint_eq(used, 2);
	ck_assert_uint_eq(olen, 2);
	used = textsafe_encode(TEXTSAFE_UTF8, "\xc3\xbc", 2, false, out, &olen);
	ck_assert_uint_eq(used, 2);
	ck_assert_int_eq(memcmp(out, "\xc3\xbc", 2), 0);
	used = textsafe_encode(TEXTSAFE_KEEP_SGR, "x\033[3", 4, false, out, &olen);
	ck_assert_uint_eq(used, 1);
	used = textsafe_encode(TEXTSAFE_KEEP_SGR, "\033[3", 3, true, out, &olen);
	ck_assert_uint_eq(used, 3);
	out[olen] = '\0';
	ck_assert_str_eq(out, "\\x1b[3");
}
END_TEST

static Suite *textsafe_suite(void)
{
	Suite *s = suite_create("textsafe");
	TCase *tc = tcase_create("core");

	/* iswprint() needs a UTF-8 LC_CTYPE; C.UTF-8 is built into glibc */
	setlocale(LC_CTYPE, "C.UTF-8");
	tcase_add_test(tc, test_text_controls);
	tcase_add_test(tc, test_text_utf8);
	tcase_add_test(tc, test_own_colours);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_split_sequences);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(textsafe_suite());
}
