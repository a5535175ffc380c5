// SPDX-License-Identifier: GPL-2.0-or-later
/* options.c: the one option table, and looking rows up in it */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "options.h"

/*
 * ADDING AN OPTION: add ONE ROW to this table. Do not list it anywhere
 * else: getopt_long()'s option array and short-option string (main.c), the
 * "option '--x' does not apply to 'verb'" check (check_option_use() in
 * main.c), vfioctl --help and every command's --help (commands.c), and the
 * option completion and its value's completion (cmd-complete.c) all come
 * from these rows. What remains is what only code can do: an OPT_* code
 * in options.h when the option has no short letter, its case in
 * cli_run()'s switch and its field in struct cli_opts (cli.h); then its
 * entry in the man page. tests/doc/check-options.sh (each verb's --help,
 * accepted options and completion agree), tests/unit/test-options (the
 * rows fit getopt) and the man page checks fail until all of it agrees.
 *
 * Every option vfioctl parses before or after its verb is a row here;
 * a CMD_OWNOPTS verb ("log") parses the words after it itself and lists
 * those in cmd-log.c.
 *
 * A row: .name (the long name), .short_name (a letter, or none), .val
 * (an OPT_* code, for an option without a short letter: getopt_long()
 * returns the short letter otherwise), .arg (the value's name, or none:
 * takes no value), .cmds, .help (and .cmd_help when a command's --help
 * says it differently), .values (what completion offers for the value).
 *
 * .cmds: the CMD_* flags of the commands that take the option; a command
 * takes it when it has any of them; 0 means every command. An option that
 * means something else for other commands (-d of the dashboard and of io
 * top, --force of changes and of scsi) has one row per meaning, with the
 * same name, short letter, val and arg and .cmds that do not overlap; a
 * command's --help shows the row that applies to it. Two options may not
 * share a short letter. The order of the rows is the order of --help: the
 * options of every command (.cmds 0) come last in a command's --help,
 * after the command's own options; vfioctl --help shows those and -J under
 * "Global options", and the CMD_TABLE, CMD_CLASS and CMD_CHANGE rows.
 */
const struct cli_option cli_options[] = {
	{ .name = "sysroot", .val = OPT_SYSROOT, .arg = "DIR",
	  .help = "read /sys, /proc and /dev below DIR" },
	/* hidden verbs (__commands) take -J too */
	{ .name = "json", .short_name = 'J', .cmds = CMD_JSON | CMD_HIDDEN,
	  .help = "use JSON output" },
	{ .name = "verbose", .short_name = 'v',
	  .help = "print diagnostics (repeat for more)" },
	{ .name = "no-color", .val = OPT_NO_COLOR,
	  .help = "never colorize (also: NO_COLOR=1)" },
	{ .name = "help", .short_name = 'h',
	  .help = "display this help (or a command's help)",
	  .cmd_help = "display this help" },
	{ .name = "version", .short_name = 'V',
	  .help = "display version" },
	{ .name = "output", .short_name = 'o', .arg = "LIST", .cmds = CMD_TABLE,
	  .values = VALUE_COLUMNS,
	  .help = "columns to show (see --list-columns; +COL adds)" },
	{ .name = "noheadings", .short_name = 'n', .cmds = CMD_TABLE,
	  .help = "do not print a header line" },
	{ .name = "raw", .short_name = 'r', .cmds = CMD_TABLE,
	  .help = "use raw output" },
	{ .name = "list-columns", .val = OPT_LIST_COLUMNS, .cmds = CMD_TABLE,
	  .help = "list the columns and exit" },
	{ .name = "dry-run", .val = OPT_DRY_RUN, .cmds = CMD_CHANGE,
	  .help = "print the plan and change nothing" },
	{ .name = "yes", .short_name = 'y', .cmds = CMD_CHANGE,
	  .help = "do not ask for confirmation" },
	{ .name = "force", .val = OPT_FORCE, .cmds = CMD_CHANGE,
	  .help = "override checks marked 'refuse'" },
	{ .name = "with", .val = OPT_WITH, .arg = "BDF", .cmds = CMD_WITH,
	  .values = VALUE_BDF,
	  .help = "also claim this other endpoint of the group" },
	{ .name = "delay", .short_name = 'd', .val = OPT_DELAY, .arg = "SECS", .cmds = CMD_LIVE,
	  .help = "seconds between refreshes (default 1)" },
	{ .name = "iterations", .val = OPT_ITERATIONS, .arg = "N", .cmds = CMD_LIVE,
	  .help = "stop after N refreshes" },
	{ .name = "batch", .val = OPT_BATCH, .cmds = CMD_LIVE,
	  .help = "print plain text frames, no terminal needed" },
	{ .name = "keep-going", .val = OPT_KEEP_GOING, .cmds = CMD_SCRIPT,
	  .help = "go on after a failed command (standard input)" },
	{ .name = "pid", .val = OPT_PID, .arg = "PID", .cmds = CMD_CGROUP,
	  .help = "the cgroup of process PID" },
	{ .name = "user", .val = OPT_USER, .arg = "NAME", .cmds = CMD_CGROUP,
	  .help = "the slice of user NAME (user-UID.slice)" },
	{ .name = "enable-io", .val = OPT_ENABLE_IO, .cmds = CMD_ENABLE_IO,
	  .help = "also enable io in each ancestor's subtree_control" },
	{ .name = "delay", .short_name = 'd', .val = OPT_DELAY, .arg = "SECS", .cmds = CMD_TOP,
	  .help = "seconds between samples (default 2)" },
	{ .name = "count", .val = OPT_COUNT, .arg = "N", .cmds = CMD_TOP,
	  .help = "stop after N samples (also: -n N)" },
	{ .name = "own", .val = OPT_OWN, .cmds = CMD_TOP,
	  .help = "subtract the children's I/O (io.stat is hierarchical)" },
	{ .name = "read-iops", .val = OPT_READ_IOPS, .arg = "N", .cmds = CMD_IOPS,
	  .help = "the disk's read IOPS (else a short read probe)" },
	{ .name = "write-iops", .val = OPT_WRITE_IOPS, .arg = "N", .cmds = CMD_IOPS,
	  .help = "the disk's write IOPS (else the read IOPS)" },
	{ .name = "whole-disk", .val = OPT_WHOLE_DISK, .cmds = CMD_SCSI,
	  .help = "send to the whole disk below a partition or volume" },
	{ .name = "allow", .val = OPT_ALLOW, .arg = "CLASS", .cmds = CMD_SCSI,
	  .values = VALUE_SCSI_ALLOW,
	  .help = "allow a dangerous class: write, format, sanitize, unmap,\n"
		  "write-buffer, ata-pt, vendor, unknown, all" },
	{ .name = "force", .val = OPT_FORCE, .cmds = CMD_SCSI,
	  .help = "override the rules that say so" },
	{ .name = "in", .val = OPT_IN, .arg = "N", .cmds = CMD_RAW,
	  .help = "read N bytes of data-in (printed in hex)" },
	{ .name = "out", .val = OPT_OUT, .arg = "FILE", .cmds = CMD_RAW,
	  .help = "send FILE's bytes as data-out" },
	{ .name = "unmount", .val = OPT_UNMOUNT, .cmds = CMD_EJECT,
	  .help = "unmount the disk's file systems first" },
	{ .name = "power-off", .val = OPT_POWER_OFF, .cmds = CMD_EJECT,
	  .help = "also try removing the device through sysfs" },
	{ .name = "close", .val = OPT_CLOSE, .cmds = CMD_EJECT,
	  .help = "close the tray instead" },
	{ .name = "lock", .val = OPT_LOCK, .cmds = CMD_EJECT,
	  .help = "prevent medium removal instead" },
	{ .name = "unlock", .val = OPT_UNLOCK, .cmds = CMD_EJECT,
	  .help = "allow medium removal instead" },
	{ .name = "persist", .val = OPT_PERSIST, .cmds = CMD_PERSIST,
	  .help = "also keep (claim) or forget (release) it over reboots" },
	/* lspci's selectors; -d is --id here, --delay on the live views */
	{ .name = "slot", .short_name = 's', .arg = "SLOT", .cmds = CMD_SELECT,
	  .values = VALUE_BDF,
	  .help = "only these addresses, as lspci -s (hex):\n"
		  "[[[[DOMAIN]:]BUS]:][SLOT][.[FUNC]]" },
	{ .name = "id", .short_name = 'd', .val = OPT_ID, .arg = "ID", .cmds = CMD_SELECT,
	  .help = "only these IDs, as lspci -d (hex; empty or * = any):\n"
		  "[VENDOR]:[DEVICE][:CLASS[:PROGIF]]" },
	{ .name = "tree", .val = OPT_TREE, .cmds = CMD_TREE,
	  .help = "the PCI topology: ports, switches, endpoints, ACS" },
	{ .name = "vf-token", .val = OPT_VF_TOKEN, .arg = "UUID", .cmds = CMD_VF_TOKEN,
	  .help = "the VF token the PF's user set, for VFs of a PF on vfio-pci" },
	{ .name = "class", .val = OPT_CLASS, .arg = "LIST", .cmds = CMD_CLASS,
	  .values = VALUE_PCI_KINDS,
	  .help = "only these kinds: gpu, audio, nic, nvme,\n"
		  "storage, usb, bridge, accel, serial-bus, other" },
};

const size_t cli_noptions = sizeof(cli_options) / sizeof(cli_options[0]);

_Static_assert(sizeof(cli_options) / sizeof(cli_options[0]) <= CLI_OPTIONS_MAX,
	       "raise CLI_OPTIONS_MAX in options.h");

bool cli_option_applies(const struct cli_option *o, unsigned cmd_flags)
{
	return o->cmds == 0 || (o->cmds & cmd_flags) != 0;
}

const struct cli_option *cli_option_for_letter(int letter, unsigned cmd_flags)
{
	for (size_t i = 0; i < cli_noptions; i++)
		if (cli_options[i].short_name == letter &&
		    cli_option_applies(&cli_options[i], cmd_flags))
			return &cli_options[i];
	return NULL;
}

const struct cli_option *cli_option_by_name(const char *name)
{
	for (size_t i = 0; i < cli_noptions; i++)
		if (strcmp(cli_options[i].name, name) == 0)
			return &cli_options[i];
	return NULL;
}

int cli_option_val(const struct cli_option *o)
{
	return o->val ? o->val : o->short_name;
}

const struct cli_option *cli_option_by_val(int val)
{
	for (size_t i = 0; i < cli_noptions; i++)
		if (cli_option_val(&cli_options[i]) == val)
			return &cli_options[i];
	return NULL;
}

bool cli_option_is_first(const struct cli_option *o)
{
	return cli_option_by_name(o->name) == o;
}

bool cli_option_accepted(const struct cli_option *o, unsigned cmd_flags)
{
	for (size_t i = 0; i < cli_noptions; i++)
		if (strcmp(cli_options[i].name, o->name) == 0 &&
		    cli_option_applies(&cli_options[i], cmd_flags))
			return true;
	return false;
}

const struct cli_option *cli_option_by_word(const char *word)
{
	if (word[0] != '-')
		return NULL;
	if (word[1] == '-')
		return cli_option_by_name(word + 2);
	if (word[1] && !word[2])
		for (size_t i = 0; i < cli_noptions; i++)
			if (cli_options[i].short_name == word[1])
				return &cli_options[i];
	return NULL;
}

bool cli_option_takes_value(const char *word)
{
	const struct cli_option *o = cli_option_by_word(word);

	return o && o->arg;
}

void cli_option_print(const struct cli_option *o, bool in_command)
{
	const char *help = in_command && o->cmd_help ? o->cmd_help : o->help;
	char left[64];

	snprintf(left, sizeof(left), "%c%c%s --%s%s%s", o->short_name ? '-' : ' ',
		 o->short_name ? o->short_name : ' ', o->short_name ? "," : " ", o->name,
		 o->arg ? " " : "", o->arg ? o->arg : "");
	/* a long value name (lspci's selectors) puts the help on a line of its own */
	if (strlen(left) > 24)
		printf("  %s\n%27s", left, "");
	else
		printf("  %-24s ", left);
	for (const char *p = help; *p; p++) {
		putchar(*p);
		if (*p == '\n')
			printf("%27s", "");
	}
	putchar('\n');
}
