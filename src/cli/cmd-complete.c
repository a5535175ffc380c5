// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-complete.c: hidden verbs for shell completion and the man page check */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "blockdev.h"
#include "io/cgroup.h"
#include "pathnames.h"

/*
 * Where candidates go: stdout, one a line, for "vfioctl __complete"; a
 * collector for the shell's TAB. Set for the length of one completion.
 */
static void (*sink)(void *data, const char *cand);
static void *sink_data;

static void offer(const char *cand, const char *partial)
{
	if (strncmp(cand, partial, strlen(partial)) == 0)
		sink(sink_data, cand);
}

/*
 * complete the last item of a comma list: "gpu,n" offers "gpu,nic",
 * "gpu,nvme"; a leading '+' (-o +COL) stays in front
 */
static void offer_list_item(const char *cand, const char *partial)
{
	const char *comma = strrchr(partial, ',');
	size_t head = comma ? (size_t)(comma - partial) + 1 : partial[0] == '+';

	char buf[256];

	if (strncmp(cand, partial + head, strlen(partial + head)) == 0) {
		snprintf(buf, sizeof(buf), "%.*s%s", (int)head, partial, cand);
		sink(sink_data, buf);
	}
}

/* "--NAME" of each option of cli_options[] that @cmd takes (NULL: every command's) */
static void offer_options(const struct cli_command *cmd, const char *partial)
{
	char buf[64];

	for (int every = 1; every >= 0; every--)
		for (size_t i = 0; i < cli_noptions; i++) {
			const struct cli_option *o = &cli_options[i];

			if ((o->cmds == 0) != every || !cli_option_is_first(o) ||
			    !(o->cmds == 0 || (cmd && cli_option_accepted(o, cmd->flags))))
				continue;
			snprintf(buf, sizeof(buf), "--%s", o->name);
			offer(buf, partial);
		}
	if (cmd && (cmd->flags & CMD_OWNOPTS))
		for (const char *const *w = cmd_log_option_words(cmd); w && *w; w++)
			offer(*w, partial);
}

static void offer_columns(const struct cli_command *cmd, const char *partial)
{
	const struct col_desc *cols = NULL;
	size_t n = 0;

	if (cmd && strcmp(cmd->name, "group list") == 0)
		cols = group_columns(&n);
	else if (cmd && strcmp(cmd->name, "device list") == 0)
		cols = device_columns(&n);
	else if (cmd && strcmp(cmd->name, "io show") == 0)
		cols = io_show_columns(&n);
	else if (cmd && strcmp(cmd->name, "io top") == 0)
		cols = io_top_columns(&n);
	else if (cmd && strcmp(cmd->name, "scsi list") == 0)
		cols = scsi_list_columns(&n);
	else if (cmd && strcmp(cmd->name, "scsi audit") == 0)
		cols = scsi_audit_columns(&n);
	else if (cmd && strcmp(cmd->name, "persist list") == 0)
		cols = persist_columns(&n);
	for (size_t i = 0; i < n; i++)
		offer_list_item(cols[i].name, partial);
}

static void offer_drivers(struct cli_ctx *ctx, const char *partial)
{
	/* vfioctl loads these itself: offer them before their modules are loaded */
	static const char *const always[] = { "pci-stub", "vfio-pci" };
	char **names = NULL;

	if (!ctx->path && path_ctx_new(ctx->opts.sysroot, &ctx->path) < 0)
		return;
	if (path_list_dir(ctx->path, &names, NULL, PATH_SYS_PCI_DRIVERS) < 0)
		names = NULL;
	for (size_t i = 0; i < sizeof(always) / sizeof(always[0]); i++) {
		bool loaded = false;

		for (char **n = names; n && *n; n++)
			loaded |= strcmp(*n, always[i]) == 0;
		if (!loaded)
			offer(always[i], partial);
	}
	for (char **n = names; n && *n; n++)
		offer(*n, partial);
	strv_free(names);
}

/* block devices as /dev/NAME (the sysroot's topology) */
static void offer_blockdevs(struct cli_ctx *ctx, const char *partial)
{
	struct blockdev_topo *topo;
	char buf[64];

	if (!ctx->path && path_ctx_new(ctx->opts.sysroot, &ctx->path) < 0)
		return;
	if (blockdev_topo_scan(ctx->path, &topo) < 0)
		return;
	for (size_t i = 0; i < topo->count; i++) {
		snprintf(buf, sizeof(buf), "%s%s", PATH_DEVNODE_ABS, topo->devs[i].name);
		offer(buf, partial);
	}
	blockdev_topo_free(topo);
}

/* what one cgroup walk for completion gathers */
struct cgroup_offer {
	const char *partial;
	char (*units)[128];		/* unit names offered so far: offered once */
	size_t nunits;
};

#define COMPLETE_MAX_UNITS 256

static int offer_cgroup_cb(const char *cgroup, void *data)
{
	struct cgroup_offer *co = data;
	const char *base = strrchr(cgroup, '/');

	offer(cgroup, co->partial);
	/*
	 * the last part, when it is a systemd unit ("vm1.scope"): the name
	 * io_cgroup_resolve() finds by walking the tree, as the user types it
	 */
	base = base ? base + 1 : cgroup;
	if (!strchr(base, '.') || strlen(base) >= sizeof(co->units[0]))
		return 0;
	for (size_t i = 0; i < co->nunits; i++)
		if (strcmp(co->units[i], base) == 0)
			return 0;
	if (co->nunits < COMPLETE_MAX_UNITS)
		snprintf(co->units[co->nunits++], sizeof(co->units[0]), "%s", base);
	offer(base, co->partial);
	return 0;
}

/* cgroups of the sysroot's io hierarchy: paths ("/machine.slice/vm1.scope") and unit names */
static void offer_cgroups(struct cli_ctx *ctx, const char *partial)
{
	struct cgroup_offer co = { .partial = partial };
	struct io_cgroups cg;

	if (!ctx->path && path_ctx_new(ctx->opts.sysroot, &ctx->path) < 0)
		return;
	if (io_cgroup_detect(ctx->path, &cg) < 0 || !cg.tree)
		return;
	co.units = calloc(COMPLETE_MAX_UNITS, sizeof(*co.units));
	if (!co.units)
		return;
	io_cgroup_walk(ctx->path, &cg, "/", offer_cgroup_cb, &co);
	free(co.units);
}

static void offer_args(struct cli_ctx *ctx, enum arg_kind kind, const char *partial)
{
	struct host_snapshot *snap;
	char buf[32];

	if (kind == ARG_DRIVER) {
		offer_drivers(ctx, partial);
		return;
	}
	if (kind == ARG_BLOCKDEV) {
		offer_blockdevs(ctx, partial);
		return;
	}
	if (kind == ARG_CGROUP) {
		offer_cgroups(ctx, partial);
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

static int complete_words(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *partial = argc ? argv[argc - 1] : "";
	const struct cli_command *cmd;
	char *words[16], seen[64][32];
	int nwords = 0, nseen = 0, matched = 0;
	bool help_words = false;

	for (int i = 0; i < argc - 1; i++) {
		if (strncmp(argv[i], "--sysroot=", 10) == 0) {
			ctx->opts.sysroot = argv[i] + 10;
		} else if (cli_option_takes_value(argv[i])) {
			/* an option's value (cli_options[]) is not a word of the command */
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
	/* "help group sh": the words after help name a command, not arguments */
	if (cmd && cmd->handler == cmd_help && partial[0] != '-') {
		help_words = true;
		memmove(words, words + 1, (size_t)(nwords - 1) * sizeof(words[0]));
		nwords--;
		cmd = NULL;
	}
	/* the value of an option */
	if (argc >= 2 && cli_option_takes_value(argv[argc - 2])) {
		switch (cli_option_by_word(argv[argc - 2])->values) {
		case VALUE_PCI_KINDS:
			for (int k = 0; k < PCI_KIND__COUNT; k++)
				offer_list_item(pci_kind_name((enum pci_kind)k), partial);
			break;
		case VALUE_COLUMNS:
			offer_columns(cmd, partial);
			break;
		case VALUE_BDF:
			offer_args(ctx, ARG_BDF, partial);
			break;
		case VALUE_SCSI_ALLOW:
			for (int k = 0; scsi_allow_words[k]; k++)
				offer_list_item(scsi_allow_words[k], partial);
			break;
		case VALUE_NONE:
			break;
		}
		return 0;
	}
	if (partial[0] == '-') {
		/*
		 * a command's own options once it is named, the global ones
		 * before (cli_options[]); then what a CMD_OWNOPTS verb parses
		 */
		offer_options(cmd, partial);
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
		} else if (!help_words) {
			int argi = nwords - ncw;

			/* BDF...: the last kind repeats */
			if (c->max_args < 0 && argi >= 2)
				argi = 1;
			if (argi < 2 && (c->max_args < 0 || argi < c->max_args))
				offer_args(ctx, c->arg_kinds[argi], partial);
		}
	}
	return 0;
}

static void print_line(void *data, const char *cand)
{
	(void)data;
	puts(cand);
}

/*
 * __complete WORD...: the words after "vfioctl" as typed so far; the last
 * one is the word being completed (possibly empty). Prints one candidate
 * per line. The bash, zsh and fish scripts and the shell's TAB all ask
 * this engine, so they agree.
 */
int cmd_complete(struct cli_ctx *ctx, int argc, char **argv)
{
	sink = print_line;
	sink_data = NULL;
	return complete_words(ctx, argc, argv);
}

void cli_complete(int argc, char **argv, void (*emit)(void *data, const char *cand),
		  void *data)
{
	struct cli_ctx ctx = { 0 };

	sink = emit;
	sink_data = data;
	complete_words(&ctx, argc, argv);
	path_ctx_free(ctx.path);
	sink = print_line;
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
