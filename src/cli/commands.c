// SPDX-License-Identifier: GPL-2.0-or-later
/* commands.c: the one command table, and matching words against it */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"

/*
 * This table drives dispatch, --help, the shell completions (through the
 * hidden __complete verb) and the man page check (through __commands).
 * Verbs match exactly; an alias would be a row of its own.
 */
const struct cli_command cli_commands[] = {
	{ "status", cmd_status, 0, 0, CMD_JSON, "", { ARG_NONE },
	  "host overview: kernel, IOMMU, groups, VFIO" },
	{ "group list", cmd_group_list, 0, 0, CMD_TABLE | CMD_JSON | CMD_CLASS | CMD_SELECT, "",
	  { ARG_NONE }, "list IOMMU groups and their VFIO viability" },
	{ "group show", cmd_group_show, 1, 1, CMD_JSON | CMD_TREE, "N", { ARG_GROUP },
	  "show a group's members, regions and blockers" },
	{ "group claim", cmd_group_claim, 1, 1, CMD_JSON | CMD_CHANGE | CMD_WITH | CMD_PERSIST, "N",
	  { ARG_GROUP }, "bind every endpoint of a group to vfio-pci" },
	{ "group release", cmd_group_release, 1, 1, CMD_JSON | CMD_CHANGE | CMD_PERSIST, "N",
	  { ARG_GROUP },
	  "give a claimed group back to its drivers" },
	{ "group verify", cmd_group_verify, 1, 1, CMD_JSON | CMD_VF_TOKEN, "N", { ARG_GROUP },
	  "prove a claimed group with the VFIO ioctls" },
	{ "device list", cmd_device_list, 0, 0, CMD_TABLE | CMD_JSON | CMD_CLASS | CMD_TREE |
	  CMD_SELECT, "",
	  { ARG_NONE }, "list PCI devices with driver and IOMMU group" },
	{ "device show", cmd_device_show, 1, 1, CMD_JSON, "BDF", { ARG_BDF },
	  "show one PCI device in detail" },
	{ "device claim", cmd_device_claim, 1, -1, CMD_JSON | CMD_CHANGE | CMD_WITH | CMD_PERSIST,
	  "BDF...",
	  { ARG_BDF, ARG_BDF }, "claim the whole IOMMU groups of devices for vfio-pci" },
	{ "device release", cmd_device_release, 1, -1, CMD_JSON | CMD_CHANGE | CMD_PERSIST,
	  "BDF...",
	  { ARG_BDF, ARG_BDF },
	  "give claimed devices back to their drivers" },
	{ "device bind", cmd_device_bind, 2, -1, CMD_JSON | CMD_CHANGE, "BDF... DRIVER",
	  { ARG_BDF, ARG_DRIVER }, "bind devices to a driver (driver_override)" },
	{ "device unbind", cmd_device_unbind, 1, -1, CMD_JSON | CMD_CHANGE, "BDF...",
	  { ARG_BDF, ARG_BDF },
	  "unbind devices from their drivers" },
	{ "io show", cmd_io_show, 0, 1, CMD_TABLE | CMD_JSON | CMD_CGROUP, "[CGROUP]",
	  { ARG_CGROUP }, "show io weights, limits and schedulers with a verdict per disk" },
	{ "io weight", cmd_io_weight, 1, 3, CMD_JSON | CMD_CHANGE | CMD_CGROUP | CMD_ENABLE_IO,
	  "CGROUP [DEV] W",
	  { ARG_CGROUP, ARG_BLOCKDEV }, "set a cgroup's io weight, for every disk or one" },
	{ "io limit", cmd_io_limit, 2, 6, CMD_JSON | CMD_CHANGE | CMD_CGROUP | CMD_ENABLE_IO,
	  "CGROUP DEV riops=N wiops=N [rbps=N wbps=N]", { ARG_CGROUP, ARG_BLOCKDEV },
	  "cap a cgroup's IOPS or bytes/s on a disk (io.max)" },
	{ "io sched", cmd_io_sched, 1, 2, CMD_JSON | CMD_CHANGE, "DEV [NAME]",
	  { ARG_BLOCKDEV, ARG_WORD }, "show or switch a disk's I/O scheduler" },
	{ "io model", cmd_io_model, 2, 2, CMD_JSON | CMD_CHANGE | CMD_IOPS, "DEV iops",
	  { ARG_BLOCKDEV, ARG_WORD }, "make iocost share operations on a disk (IOPS model)" },
	{ "io top", cmd_io_top, 0, 2, CMD_TABLE | CMD_JSON | CMD_CGROUP | CMD_TOP, "[CGROUP]",
	  { ARG_CGROUP }, "live IOPS and bytes/s per cgroup and disk against io.max" },
	{ "io undo", cmd_io_undo, 0, 0, CMD_JSON | CMD_CHANGE, "", { ARG_NONE },
	  "write back the values the last io change replaced" },
	{ "scsi list", cmd_scsi_list, 0, 0, CMD_TABLE | CMD_JSON, "", { ARG_NONE },
	  "list SCSI devices: partitions, holders, sg/bsg nodes, openers" },
	{ "scsi inquiry", cmd_scsi_inquiry, 1, 1, CMD_JSON | CMD_SCSI, "DEV", { ARG_BLOCKDEV },
	  "send INQUIRY: standard data and VPD pages 0x00, 0x80, 0x83" },
	{ "scsi tur", cmd_scsi_tur, 1, 1, CMD_JSON | CMD_SCSI, "DEV", { ARG_BLOCKDEV },
	  "send TEST UNIT READY and decode the answer" },
	{ "scsi capacity", cmd_scsi_capacity, 1, 1, CMD_JSON | CMD_SCSI, "DEV", { ARG_BLOCKDEV },
	  "send READ CAPACITY (10, then 16 when needed)" },
	{ "scsi sense", cmd_scsi_sense, 1, 1, CMD_JSON | CMD_SCSI, "DEV", { ARG_BLOCKDEV },
	  "send REQUEST SENSE and decode the sense data" },
	{ "scsi raw", cmd_scsi_raw, 2, 2, CMD_JSON | CMD_SCSI | CMD_RAW, "DEV CDB-HEX",
	  { ARG_BLOCKDEV, ARG_CDB }, "send one CDB after the guard allows it" },
	{ "scsi check", cmd_scsi_check, 2, 2, CMD_JSON | CMD_SCSI, "DEV CDB-HEX",
	  { ARG_BLOCKDEV, ARG_CDB }, "the guard's and the kernel's verdicts on a CDB; nothing is sent" },
	{ "scsi audit", cmd_scsi_audit, 0, 0, CMD_TABLE | CMD_JSON, "", { ARG_NONE },
	  "who can open each block, sg and bsg node, with what SCSI power" },
	{ "eject", cmd_eject, 1, 1, CMD_JSON | CMD_CHANGE | CMD_EJECT, "DEV", { ARG_BLOCKDEV },
	  "eject, close, lock or unlock the disk behind DEV" },
	{ "recover", cmd_recover, 0, 0, CMD_JSON | CMD_CHANGE, "", { ARG_NONE },
	  "undo what an interrupted change left half done" },
	{ "dashboard", cmd_dashboard, 0, 0, CMD_LIVE, "", { ARG_NONE },
	  "live view of groups and devices (ncurses)" },
	{ "shell", cmd_shell, 0, 0, CMD_SCRIPT, "", { ARG_NONE },
	  "interactive prompt, or run commands from standard input" },
	{ "persist list", cmd_persist_list, 0, 0, CMD_TABLE | CMD_JSON, "", { ARG_NONE },
	  "list the claims kept across reboots and whether each still matches" },
	{ "persist apply", cmd_persist_apply, 0, 1, CMD_CHANGE, "[BDF]", { ARG_BDF },
	  "bind kept claims that match the hardware (what udev runs at boot)" },
	{ "log", cmd_log, 0, -1, CMD_JSON | CMD_OWNOPTS, "[SOURCE...]", { ARG_LOGSRC, ARG_LOGSRC },
	  "read kmsg, Android logs and log files, merged by time" },
	{ "log write", cmd_log_write, 1, -1, CMD_OWNOPTS, "MESSAGE", { ARG_NONE },
	  "write a record to the kernel log (or an Android log)" },
	{ "help", cmd_help, 0, 2, 0, "[COMMAND]", { ARG_WORD, ARG_WORD },
	  "show the help of vfioctl or of one command" },
	{ "__complete", cmd_complete, 0, -1, CMD_HIDDEN, "WORD...", { ARG_NONE },
	  "print completion candidates for the last word" },
	{ "__commands", cmd_commands, 0, 0, CMD_HIDDEN, "", { ARG_NONE },
	  "print the command table" },
};

const size_t cli_ncommands = sizeof(cli_commands) / sizeof(cli_commands[0]);

/* how many leading words of @argv spell @name exactly (0 if they do not) */
static int words_match(const char *name, int argc, char **argv)
{
	const char *p = name;
	int n = 0;

	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);

		if (n >= argc || strlen(argv[n]) != len ||
		    strncmp(argv[n], p, len) != 0)
			return 0;
		n++;
		p += len;
		if (*p == ' ')
			p++;
	}
	return n;
}

const struct cli_command *cli_command_match(int argc, char **argv, int *nwords)
{
	const struct cli_command *best = NULL;
	int best_n = 0;

	for (size_t i = 0; i < cli_ncommands; i++) {
		int n = words_match(cli_commands[i].name, argc, argv);

		if (n > best_n) {
			best = &cli_commands[i];
			best_n = n;
		}
	}
	*nwords = best_n;
	return best;
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = calloc(lb + 1, sizeof(*row));
	size_t d;

	if (!row)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = prev + cost;

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

/* the word at position @depth of @name, or NULL when @name is shorter */
static int nth_word(const char *name, int depth, char *buf, size_t size)
{
	const char *p = name;

	for (int i = 0; i < depth; i++) {
		p = strchr(p, ' ');
		if (!p)
			return -1;
		p++;
	}
	snprintf(buf, size, "%.*s", (int)strcspn(p, " "), p);
	return 0;
}

/* does @name start with the first @depth words of argv? */
static bool prefix_matches(const char *name, int depth, char **argv)
{
	char w[64];

	for (int i = 0; i < depth; i++)
		if (nth_word(name, i, w, sizeof(w)) < 0 || strcmp(w, argv[i]) != 0)
			return false;
	return true;
}

int cli_unknown_command(int argc, char **argv)
{
	char w[64], best[64] = "", prefix[256] = "";
	size_t best_d = (size_t)-1;
	int depth = 0;

	/* how many words are a known prefix ("group" of "group lst") */
	while (depth < argc) {
		bool any = false;

		for (size_t i = 0; i < cli_ncommands; i++)
			if (!(cli_commands[i].flags & CMD_HIDDEN) &&
			    prefix_matches(cli_commands[i].name, depth + 1, argv))
				any = true;
		if (!any)
			break;
		depth++;
	}
	for (int i = 0; i < depth; i++) {
		strncat(prefix, argv[i], sizeof(prefix) - strlen(prefix) - 2);
		strcat(prefix, " ");
	}
	if (depth == argc) {
		/* a command family without its verb: list the verbs */
		char verbs[512] = "";

		for (size_t i = 0; i < cli_ncommands; i++) {
			if ((cli_commands[i].flags & CMD_HIDDEN) ||
			    !prefix_matches(cli_commands[i].name, depth, argv) ||
			    nth_word(cli_commands[i].name, depth, w, sizeof(w)) < 0)
				continue;
			if (*verbs)
				strncat(verbs, ", ", sizeof(verbs) - strlen(verbs) - 1);
			strncat(verbs, w, sizeof(verbs) - strlen(verbs) - 1);
		}
		return cli_usage_error("'%.*s' needs a verb: %s", (int)strlen(prefix) - 1,
				       prefix, verbs);
	}
	for (size_t i = 0; i < cli_ncommands; i++) {
		size_t d;

		if ((cli_commands[i].flags & CMD_HIDDEN) ||
		    !prefix_matches(cli_commands[i].name, depth, argv) ||
		    nth_word(cli_commands[i].name, depth, w, sizeof(w)) < 0)
			continue;
		d = edit_distance(argv[depth], w);
		if (d < best_d) {
			best_d = d;
			snprintf(best, sizeof(best), "%s", w);
		}
	}
	/* close enough to be a typo: at most one edit per two letters */
	if (*best && best_d * 2 <= strlen(argv[depth])) {
		cli_err("unknown command '%s%s'; did you mean '%s%s'?", prefix,
			argv[depth], prefix, best);
		fprintf(stderr, "Try '%s --help' for more information.\n",
			PROGRAM_NAME);
		return VFIO_EXIT_USAGE;
	}
	return cli_usage_error("unknown command '%s%s'", prefix, argv[depth]);
}

/*
 * the --help lines of cli_options[] (options.c): the rows that apply to
 * @flags, each name once (its first row that applies); @every: the rows of
 * every command (cmds 0) instead of the others; @in_command: for a
 * command's --help
 */
static void print_option_lines(unsigned flags, bool every, bool in_command)
{
	for (size_t i = 0; i < cli_noptions; i++) {
		const struct cli_option *o = &cli_options[i];
		bool shown = false;

		if ((o->cmds == 0) != every || !cli_option_applies(o, flags))
			continue;
		for (size_t j = 0; j < i; j++)
			shown |= strcmp(cli_options[j].name, o->name) == 0 &&
				 (cli_options[j].cmds == 0) == every &&
				 cli_option_applies(&cli_options[j], flags);
		if (!shown)
			cli_option_print(o, in_command);
	}
}

void cli_print_usage_all(void)
{
	printf("Usage: %s [options] <command> [arguments]\n\n", PROGRAM_NAME);
	printf("Administer a VM host: IOMMU groups and VFIO, guarded SCSI pass-through,\nper-cgroup I/O weights and limits, and kernel and Android log streams.\n\n");
	printf("Commands:\n");
	for (size_t i = 0; i < cli_ncommands; i++) {
		const struct cli_command *c = &cli_commands[i];
		char left[64];

		if (c->flags & CMD_HIDDEN)
			continue;
		snprintf(left, sizeof(left), "%s%s%s", c->name, *c->args ? " " : "",
			 c->args);
		printf("  %-24s %s\n", left, c->help);
	}
	printf("\nGlobal options:\n");
	/* the options of every command, and -J (most commands) */
	for (size_t i = 0; i < cli_noptions; i++)
		if ((cli_options[i].cmds == 0 || (cli_options[i].cmds & CMD_JSON)) &&
		    cli_option_is_first(&cli_options[i]))
			cli_option_print(&cli_options[i], false);
	printf("\nTable options (list commands):\n");
	print_option_lines(CMD_TABLE | CMD_CLASS | CMD_SELECT, false, false);
	printf("\nChange options (every command that changes the host):\n");
	print_option_lines(CMD_CHANGE, false, false);
	printf("\nEach command's --help lists the options it takes (--with, --persist, ...).\n");
	printf("\nExit status: 0 success, 1 failure, 2 usage error, 3 refused by a safety check.\n");
	printf("See vfioctl(8) and the page of each family, such as vfioctl-group(8).\n");
}

int cli_print_family_help(const char *family)
{
	size_t len = strlen(family);
	bool any = false;

	for (size_t i = 0; i < cli_ncommands; i++) {
		const struct cli_command *c = &cli_commands[i];
		char left[64];

		if ((c->flags & CMD_HIDDEN) || strncmp(c->name, family, len) != 0 ||
		    c->name[len] != ' ')
			continue;
		if (!any)
			printf("Usage: %s [options] %s <verb> [arguments]\n\nVerbs:\n",
			       PROGRAM_NAME, family);
		any = true;
		snprintf(left, sizeof(left), "%s%s%s", c->name, *c->args ? " " : "", c->args);
		printf("  %-24s %s\n", left, c->help);
	}
	if (any)
		printf("\nSee '%s %s <verb> --help' for a verb's options.\n", PROGRAM_NAME, family);
	return any ? 0 : -1;
}

int cmd_help(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *cmd;
	int nwords;

	if (argc == 0) {
		cli_print_usage_all();
		return VFIO_EXIT_OK;
	}
	cmd = cli_command_match(argc, argv, &nwords);
	if (cmd && nwords == argc && !(cmd->flags & CMD_HIDDEN)) {
		cli_print_command_help(cmd);
		return VFIO_EXIT_OK;
	}
	if (argc == 1 && cli_print_family_help(argv[0]) == 0)
		return VFIO_EXIT_OK;
	return cli_unknown_command(argc, argv);
}

void cli_print_command_help(const struct cli_command *cmd)
{
	printf("Usage: %s [options] %s%s%s\n\n", PROGRAM_NAME, cmd->name,
	       *cmd->args ? " " : "", cmd->args);
	printf("%c%s.\n", cmd->help[0] - ('a' - 'A'), cmd->help + 1);
	printf("\nOptions:\n");
	/* a CMD_OWNOPTS verb (log) prints its own -J with its own options */
	print_option_lines(cmd->flags & ~(cmd->flags & CMD_OWNOPTS ? CMD_JSON : 0), false, true);
	if (cmd->flags & CMD_OWNOPTS)
		cmd_log_print_options(cmd);
	print_option_lines(cmd->flags, true, true);
}
