// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-complete.c: hidden verbs for shell completion and the man page check */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pathnames.h"

/* options that take a value: completion must skip that value */
static const char *const value_opts[] = { "--sysroot", "-o", "--output", "--class", "--with" };

/* options and the command flags that allow them (0: every command) */
static const struct {
	const char *name;
	unsigned flags;
} all_opts[] = {
	{ "--sysroot", 0 }, { "--verbose", 0 }, { "--no-color", 0 }, { "--help", 0 },
	{ "--version", 0 }, { "--json", CMD_JSON }, { "--output", CMD_TABLE },
	{ "--noheadings", CMD_TABLE }, { "--raw", CMD_TABLE }, { "--list-columns", CMD_TABLE },
	{ "--class", CMD_CLASS }, { "--dry-run", CMD_CHANGE }, { "--yes", CMD_CHANGE },
	{ "--force", CMD_CHANGE }, { "--with", CMD_WITH },
	{ "--follow", CMD_OWNOPTS }, { "--lines", CMD_OWNOPTS }, { "--priority", CMD_OWNOPTS },
	{ "--tag", CMD_OWNOPTS }, { "--pid", CMD_OWNOPTS }, { "--since", CMD_OWNOPTS },
	{ "--until", CMD_OWNOPTS }, { "--grep", CMD_OWNOPTS }, { "--facility", CMD_OWNOPTS },
	{ "--file", CMD_OWNOPTS }, { "--event-tags", CMD_OWNOPTS }, { "--utc", CMD_OWNOPTS },
	{ "--start", CMD_OWNOPTS }, { "--to", CMD_OWNOPTS },
};

static bool takes_value(const char *w)
{
	for (size_t i = 0; i < sizeof(value_opts) / sizeof(value_opts[0]); i++)
		if (strcmp(w, value_opts[i]) == 0)
			return true;
	return false;
}

static void offer(const char *cand, const char *partial)
{
	if (strncmp(cand, partial, strlen(partial)) == 0)
		puts(cand);
}

/* complete the last item of a comma list: "gpu,n" offers "gpu,nic", "gpu,nvme" */
static void offer_list_item(const char *cand, const char *partial)
{
	const char *comma = strrchr(partial, ',');
	size_t head = comma ? (size_t)(comma - partial) + 1 : 0;

	if (strncmp(cand, partial + head, strlen(partial + head)) == 0)
		printf("%.*s%s\n", (int)head, partial, cand);
}

static void offer_columns(const struct cli_command *cmd, const char *partial)
{
	const struct col_desc *cols = NULL;
	size_t n = 0;

	if (cmd && strcmp(cmd->name, "group list") == 0)
		cols = group_columns(&n);
	else if (cmd && strcmp(cmd->name, "device list") == 0)
		cols = device_columns(&n);
	for (size_t i = 0; i < n; i++)
		offer_list_item(cols[i].name, partial[0] == '+' ? partial + 1 : partial);
}

static void offer_drivers(struct cli_ctx *ctx, const char *partial)
{
	char **names = NULL;

	if (!ctx->path && path_ctx_new(ctx->opts.sysroot, &ctx->path) < 0)
		return;
	if (path_list_dir(ctx->path, &names, NULL, PATH_SYS_PCI_DRIVERS) < 0)
		return;
	for (char **n = names; *n; n++)
		offer(*n, partial);
	strv_free(names);
}

static void offer_args(struct cli_ctx *ctx, enum arg_kind kind, const char *partial)
{
	struct host_snapshot *snap;
	char buf[32];

	if (kind == ARG_DRIVER) {
		offer_drivers(ctx, partial);
		return;
	}
	if (kind == ARG_LOGSRC) {
		static const char *const srcs[] = { "kmsg", "main", "events", "radio", "system",
						    "crash", "logd" };

		for (size_t i = 0; i < sizeof(srcs) / sizeof(srcs[0]); i++)
			offer(srcs[i], partial);
		return;
	}
	if (kind != ARG_GROUP && kind != ARG_BDF)
		return;
	/* completion must stay quiet: no errors on the user's terminal */
	if (!ctx->path && path_ctx_new(ctx->opts.sysroot, &ctx->path) < 0)
		return;
	if (host_snapshot_take(ctx->path, &snap) < 0)
		return;
	if (kind == ARG_GROUP) {
		for (size_t i = 0; i < snap->groups->count; i++) {
			snprintf(buf, sizeof(buf), "%d", snap->groups->groups[i].id);
			offer(buf, partial);
		}
	} else {
		for (size_t i = 0; i < snap->pci->count; i++)
			offer(snap->pci->devs[i].name, partial);
	}
	host_snapshot_free(snap);
}

/*
 * __complete WORD...: the words after "vfioctl" as typed so far; the last
 * one is the word being completed (possibly empty). Prints one candidate
 * per line. The bash, zsh and fish scripts all call this, so they agree.
 */
int cmd_complete(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *partial = argc ? argv[argc - 1] : "";
	const struct cli_command *cmd;
	char *words[16], seen[64][32];
	int nwords = 0, nseen = 0, matched = 0;

	for (int i = 0; i < argc - 1; i++) {
		if (strncmp(argv[i], "--sysroot=", 10) == 0) {
			ctx->opts.sysroot = argv[i] + 10;
		} else if (takes_value(argv[i])) {
			if (i + 1 < argc - 1 && strcmp(argv[i], "--sysroot") == 0)
				ctx->opts.sysroot = argv[i + 1];
			i++;
		} else if (argv[i][0] != '-' && nwords < 16) {
			words[nwords++] = argv[i];
		}
	}
	cmd = nwords ? cli_command_match(nwords, words, &matched) : NULL;
	if (cmd && (cmd->flags & CMD_HIDDEN))
		cmd = NULL;
	/* the value of an option */
	if (argc >= 2 && takes_value(argv[argc - 2])) {
		const char *opt = argv[argc - 2];

		if (strcmp(opt, "--class") == 0)
			for (int k = 0; k < PCI_KIND__COUNT; k++)
				offer_list_item(pci_kind_name((enum pci_kind)k), partial);
		else if (strcmp(opt, "-o") == 0 || strcmp(opt, "--output") == 0)
			offer_columns(cmd, partial);
		else if (strcmp(opt, "--with") == 0)
			offer_args(ctx, ARG_BDF, partial);
		return 0;
	}
	if (partial[0] == '-') {
		/* a command's own options once it is named, the global ones before */
		for (size_t i = 0; i < sizeof(all_opts) / sizeof(all_opts[0]); i++)
			if (!all_opts[i].flags || (cmd && (cmd->flags & all_opts[i].flags)))
				offer(all_opts[i].name, partial);
		return 0;
	}
	for (size_t i = 0; i < cli_ncommands; i++) {
		const struct cli_command *c = &cli_commands[i];
		char cw[4][32];
		int ncw = 0, d;

		if (c->flags & CMD_HIDDEN)
			continue;
		for (const char *p = c->name; *p && ncw < 4; ncw++) {
			size_t len = strcspn(p, " ");

			snprintf(cw[ncw], sizeof(cw[ncw]), "%.*s", (int)len, p);
			p += len + (p[len] == ' ');
		}
		for (d = 0; d < nwords && d < ncw; d++)
			if (strcmp(words[d], cw[d]) != 0)
				break;
		if (d < nwords && d < ncw)
			continue;
		if (nwords < ncw) {
			bool dup = false;

			for (int k = 0; k < nseen; k++)
				dup |= strcmp(seen[k], cw[nwords]) == 0;
			if (!dup && nseen < 64) {
				snprintf(seen[nseen++], sizeof(seen[0]), "%s", cw[nwords]);
				offer(cw[nwords], partial);
			}
		} else {
			int argi = nwords - ncw;

			if (argi < 2 && (c->max_args < 0 || argi < c->max_args))
				offer_args(ctx, c->arg_kinds[argi], partial);
		}
	}
	return 0;
}

int cmd_commands(struct cli_ctx *ctx, int argc, char **argv)
{
	for (size_t i = 0; i < cli_ncommands; i++) {
		const struct cli_command *c = &cli_commands[i];

		if (c->flags & CMD_HIDDEN)
			continue;
		printf("%s%s%s\t%s\n", c->name, *c->args ? " " : "", c->args, c->help);
	}
	return 0;
}
