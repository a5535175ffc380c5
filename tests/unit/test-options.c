// SPDX-License-Identifier: GPL-2.0-or-later
/* test-options.c: the option table (src/cli/options.c) fits getopt and the checks */
#include "config.h"

#include <string.h>

#include "cli.h"
#include "options.h"
#include "testutil.h"

/* is @letter the short letter of options of different names? */
static bool shared_letter(int letter)
{
	const char *name = NULL;

	for (size_t i = 0; i < cli_noptions; i++)
		if (cli_options[i].short_name == letter) {
			if (name && strcmp(name, cli_options[i].name) != 0)
				return true;
			name = cli_options[i].name;
		}
	return false;
}

/* rows of one name are one option for getopt: same letter, code and value */
START_TEST(test_rows_of_one_name_agree)
{
	for (size_t i = 0; i < cli_noptions; i++) {
		const struct cli_option *a = &cli_options[i];

		ck_assert_msg(a->name && *a->name && a->help && *a->help, "row %zu", i);
		ck_assert_msg(cli_option_val(a) != 0, "--%s: no short letter and no OPT_*",
			      a->name);
		/*
		 * getopt returns the letter for -X: the switch sees the same as for
		 * --name, unless the letter belongs to several options (-d), which
		 * cli_run() resolves by the command (cli_option_for_letter())
		 */
		ck_assert_msg(
			!a->short_name || !a->val || a->val == a->short_name ||
				shared_letter(a->short_name),
			"--%s: getopt returns the letter for -%c, the switch must see the same",
			a->name, a->short_name);
		ck_assert_msg(a->arg || a->values == VALUE_NONE, "--%s: values but no value",
			      a->name);
		for (size_t j = i + 1; j < cli_noptions; j++) {
			const struct cli_option *b = &cli_options[j];

			if (strcmp(a->name, b->name) != 0) {
				ck_assert_msg(cli_option_val(a) != cli_option_val(b),
					      "--%s and --%s return the same code", a->name,
					      b->name);
				/* a shared letter means one option per command */
				ck_assert_msg(!a->short_name || a->short_name != b->short_name ||
						      (a->cmds && b->cmds && !(a->cmds & b->cmds)),
					      "--%s and --%s share -%c", a->name, b->name,
					      a->short_name);
				continue;
			}
			ck_assert_msg(a->short_name == b->short_name &&
					      cli_option_val(a) == cli_option_val(b) &&
					      !a->arg == !b->arg &&
					      (!a->arg || !strcmp(a->arg, b->arg)),
				      "the rows of --%s differ for getopt", a->name);
			/* which row's help a command shows must not depend on the order */
			ck_assert_msg(a->cmds && b->cmds && !(a->cmds & b->cmds),
				      "the rows of --%s overlap (cmds %#x and %#x)", a->name,
				      a->cmds, b->cmds);
		}
	}
	ck_assert_uint_le(cli_noptions, CLI_OPTIONS_MAX);
}
END_TEST

START_TEST(test_lookups)
{
	ck_assert(cli_option_takes_value("-o"));
	ck_assert(cli_option_takes_value("--output"));
	ck_assert(cli_option_takes_value("--sysroot"));
	ck_assert(cli_option_takes_value("-d"));
	ck_assert(!cli_option_takes_value("-n"));
	ck_assert(!cli_option_takes_value("--json"));
	ck_assert(!cli_option_takes_value("--no-such-option"));
	ck_assert(!cli_option_takes_value("-od"));
	ck_assert(!cli_option_takes_value("output"));
	ck_assert_ptr_eq(cli_option_by_val('J'), cli_option_by_name("json"));
	ck_assert_ptr_eq(cli_option_by_val(OPT_FORCE), cli_option_by_name("force"));
	ck_assert_ptr_null(cli_option_by_name("nope"));
	ck_assert_ptr_eq(cli_option_by_word("-o"), cli_option_by_name("output"));
	ck_assert_ptr_eq(cli_option_by_word("--with"), cli_option_by_name("with"));
	ck_assert_ptr_null(cli_option_by_word("with"));
	ck_assert_int_eq(cli_option_by_word("--class")->values, VALUE_PCI_KINDS);
}
END_TEST

/* the special cases the hand-written check had */
START_TEST(test_accepted)
{
	const struct cli_option *force = cli_option_by_name("force");
	const struct cli_option *delay = cli_option_by_name("delay");
	const struct cli_option *json = cli_option_by_name("json");

	ck_assert(cli_option_accepted(force, CMD_CHANGE));
	ck_assert(cli_option_accepted(force, CMD_SCSI | CMD_JSON));
	ck_assert(!cli_option_accepted(force, CMD_TABLE | CMD_JSON));
	ck_assert(cli_option_accepted(delay, CMD_LIVE));
	ck_assert(cli_option_accepted(delay, CMD_TOP | CMD_TABLE));
	ck_assert(!cli_option_accepted(delay, CMD_JSON));
	ck_assert(cli_option_accepted(json, CMD_HIDDEN));
	ck_assert(!cli_option_accepted(json, CMD_OWNOPTS));
	ck_assert(cli_option_accepted(cli_option_by_name("verbose"), 0));
	ck_assert(!cli_option_accepted(cli_option_by_name("with"), CMD_CHANGE | CMD_JSON));
}
END_TEST

static Suite *options_suite(void)
{
	Suite *s = suite_create("options");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_rows_of_one_name_agree);
	tcase_add_test(tc, test_lookups);
	tcase_add_test(tc, test_accepted);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(options_suite());
}
