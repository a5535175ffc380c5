/* SPDX-License-Identifier: GPL-2.0-or-later */
/* options.h: the one option table: getopt, check_option_use(), --help and completion read it */
#ifndef VFIO_CLI_OPTIONS_H
#define VFIO_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

/* what getopt_long() returns for an option without a short letter */
enum {
	OPT_SYSROOT = 0x100,
	OPT_LIST_COLUMNS,
	OPT_CLASS,
	OPT_NO_COLOR,
	OPT_DRY_RUN,
	OPT_FORCE,
	OPT_WITH,
	OPT_KEEP_GOING,
	OPT_BATCH,
	OPT_ITERATIONS,
	OPT_PID,
	OPT_USER,
	OPT_COUNT,
	OPT_READ_IOPS,
	OPT_WRITE_IOPS,
	OPT_ENABLE_IO,
	OPT_OWN,
	OPT_WHOLE_DISK,
	OPT_ALLOW,
	OPT_IN,
	OPT_OUT,
	OPT_UNMOUNT,
	OPT_POWER_OFF,
	OPT_CLOSE,
	OPT_LOCK,
	OPT_UNLOCK,
	OPT_PERSIST,
	OPT_TREE,
	OPT_DELAY,
	OPT_ID,
	OPT_VF_TOKEN,
};

/* what completion offers for an option's value */
enum cli_value_kind {
	VALUE_NONE,			/* nothing (a number, a file, a name) */
	VALUE_BDF,			/* the host's PCI addresses */
	VALUE_PCI_KINDS,		/* a comma list of --class kinds */
	VALUE_COLUMNS,			/* a comma list of the command's columns; -o +COL keeps '+' */
	VALUE_SCSI_ALLOW,		/* a comma list of --allow classes */
};

struct cli_option {
	const char *name;		/* the long name without "--": "output" */
	int short_name;			/* 'o', or 0 */
	int val;			/* OPT_*, when there is no short letter */
	const char *arg;		/* the value's name in --help ("LIST"), NULL: no value */
	unsigned cmds;			/* CMD_* of the commands that take it; 0: every command */
	const char *help;		/* one line of --help; '\n' continues it below */
	const char *cmd_help;		/* in a command's --help, when it differs; else NULL */
	enum cli_value_kind values;	/* what completion offers for the value */
};

/* rows sharing a name (--force, -d) share short_name, val and arg; at most this many rows */
#define CLI_OPTIONS_MAX 96

extern const struct cli_option cli_options[];
extern const size_t cli_noptions;

/* does row @o apply to a command with flags @cmd_flags? */
bool cli_option_applies(const struct cli_option *o, unsigned cmd_flags);

/*
 * the row of short letter @letter that applies to a command with flags
 * @cmd_flags, or NULL: a letter shared by options of different names (-d:
 * --delay of the live views, --id of the lists) means the one the command takes
 */
const struct cli_option *cli_option_for_letter(int letter, unsigned cmd_flags);

/* the first row named @name ("output", no dashes), or NULL */
const struct cli_option *cli_option_by_name(const char *name);

/* what getopt_long() returns for @o: its short letter, or its OPT_* code */
int cli_option_val(const struct cli_option *o);

/* the first row whose val is @val (what getopt_long() returned), or NULL */
const struct cli_option *cli_option_by_val(int val);

/* is @o the first row with its name? (later rows only add help for other commands) */
bool cli_option_is_first(const struct cli_option *o);

/* does any row named like @o apply to a command with flags @cmd_flags? */
bool cli_option_accepted(const struct cli_option *o, unsigned cmd_flags);

/* the first row that @word ("--output", "-o") names, or NULL */
const struct cli_option *cli_option_by_word(const char *word);

/* does @word ("--output", "-o") name an option that takes a value? */
bool cli_option_takes_value(const char *word);

/*
 * print @o as a --help line: "  -o, --output LIST        columns ...";
 * @in_command: in a command's --help (cmd_help), not in vfioctl --help
 */
void cli_option_print(const struct cli_option *o, bool in_command);

#endif
