// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-persist.c: persist list / persist apply, and the --persist hook of claim and release */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "cli.h"
#include "pathnames.h"
#include "vfio/persist.h"

enum {
	PCOL_BDF,
	PCOL_IDS,
	PCOL_SUBSYS,
	PCOL_CLASS,
	PCOL_GROUP,
	PCOL_DRIVER,
	PCOL_CURRENT,
	PCOL_STATE,
	PCOL_DETAIL,
};

static const struct col_desc persist_cols[] = {
	[PCOL_BDF] = { "BDF", 12, 0, SCOLS_JSON_STRING, "PCI address the claim is kept for" },
	[PCOL_IDS] = { "IDS", 9, 0, SCOLS_JSON_STRING, "vendor:device IDs kept (hex)" },
	[PCOL_SUBSYS] = { "SUBSYS", 9, 0, SCOLS_JSON_STRING, "subsystem vendor:device IDs kept (hex)" },
	[PCOL_CLASS] = { "CLASS", 6, 0, SCOLS_JSON_STRING, "PCI class code kept (CCSSPP, hex)" },
	[PCOL_GROUP] = { "GROUP", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "IOMMU group at claim time" },
	[PCOL_DRIVER] = { "DRIVER", 8, 0, SCOLS_JSON_STRING, "driver bound at boot" },
	[PCOL_CURRENT] = { "CURRENT", 8, 0, SCOLS_JSON_STRING, "the device's driver now" },
	[PCOL_STATE] = { "STATE", 14, 0, SCOLS_JSON_STRING, "matches, bound elsewhere, device missing, ID changed, moved to another group, invalid entry, unreadable" },
	[PCOL_DETAIL] = { "DETAIL", 30, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "what differs" },
};

#define NPERSIST_COLS (sizeof(persist_cols) / sizeof(persist_cols[0]))

const struct col_desc *persist_columns(size_t *n)
{
	*n = NPERSIST_COLS;
	return persist_cols;
}

/* one kept entry as read and checked; @rc < 0 when it could not be read */
struct kept {
	const char *bdf;
	int rc;
	struct persist_entry e;
	struct persist_status st;
};

static const char *kept_state(const struct kept *k)
{
	if (k->rc == -EBADMSG)
		return "invalid entry";
	if (k->rc < 0)
		return "unreadable";
	return persist_state_name(k->st.state);
}

static void kept_load(struct path_ctx *path, const char *bdf, struct kept *k)
{
	memset(k, 0, sizeof(*k));
	k->bdf = bdf;
	k->rc = persist_read(path, bdf, &k->e);
	if (k->rc == 0)
		k->rc = persist_check(path, &k->e, &k->st);
}

static char *persist_cell(const struct kept *k, int col)
{
	char buf[64];

	if (k->rc < 0 && col != PCOL_BDF && col != PCOL_STATE && col != PCOL_DETAIL)
		return strdup("");
	switch (col) {
	case PCOL_BDF:
		return strdup(k->bdf);
	case PCOL_IDS:
		snprintf(buf, sizeof(buf), "%04x:%04x", k->e.vendor_id, k->e.device_id);
		return strdup(buf);
	case PCOL_SUBSYS:
		snprintf(buf, sizeof(buf), "%04x:%04x", k->e.subsys_vendor_id, k->e.subsys_device_id);
		return strdup(buf);
	case PCOL_CLASS:
		snprintf(buf, sizeof(buf), "%06x", (unsigned)k->e.class_code);
		return strdup(buf);
	case PCOL_GROUP:
		if (k->e.group < 0)
			return strdup("");
		snprintf(buf, sizeof(buf), "%d", k->e.group);
		return strdup(buf);
	case PCOL_DRIVER:
		return strdup(k->e.driver);
	case PCOL_CURRENT:
		return strdup(k->st.state == PERSIST_MISSING ? "" : k->st.driver);
	case PCOL_STATE:
		return strdup(kept_state(k));
	case PCOL_DETAIL:
		if (k->rc == -EBADMSG)
			return strdup("not a valid version-1 entry; not applied");
		if (k->rc < 0)
			return strdup(strerror(-k->rc));
		return strdup(k->st.detail);
	}
	return strdup("");
}

static int list_kept(const struct cli_ctx *ctx, struct path_ctx *path, char ***bdfs)
{
	char abs[PATH_MAX];
	int rc = persist_list(path, bdfs);

	if (rc < 0) {
		cli_err("cannot list '%s': %s", cli_abs(ctx, PATH_ETC_PERSIST_DIR, abs, sizeof(abs)),
			strerror(-rc));
		return VFIO_EXIT_FAILURE;
	}
	return 0;
}

int cmd_persist_list(struct cli_ctx *ctx, int argc, char **argv)
{
	struct path_ctx *path;
	struct out_table t;
	char **bdfs = NULL;
	int rc;

	if (ctx->opts.list_columns) {
		out_list_columns(ctx, persist_cols, NPERSIST_COLS);
		return 0;
	}
	rc = out_table_init(ctx, &t, "persist", persist_cols, NPERSIST_COLS,
			    "BDF,IDS,GROUP,DRIVER,CURRENT,STATE");
	if (rc) {
		out_table_free(&t);
		return rc;
	}
	rc = cli_path(ctx, &path);
	if (rc == 0)
		rc = list_kept(ctx, path, &bdfs);
	if (rc) {
		out_table_free(&t);
		return rc;
	}
	for (char **b = bdfs; *b; b++) {
		struct kept k;

		kept_load(path, *b, &k);
		if (out_table_new_row(&t) < 0)
			break;
		for (size_t c = 0; c < t.nids; c++)
			out_table_set(&t, c, persist_cell(&k, t.ids[c]), NULL);
	}
	rc = out_table_print(&t);
	out_table_free(&t);
	strv_free(bdfs);
	return rc;
}

/*
 * One kept entry at boot: the hardware must still be what was claimed,
 * then it goes through the same single-device bind plan as "device bind"
 * (override first, unbind from a host driver that won the race, probe,
 * read back), with the same safety checks, lock and journal.
 */
static int apply_one(struct cli_ctx *ctx, struct path_ctx *path, const char *bdf)
{
	char abs[PATH_MAX], *args[2];
	struct kept k;

	kept_load(path, bdf, &k);
	if (k.rc == -ENOENT) {
		cli_err("no claim of '%s' is kept (see 'vfioctl persist list')", bdf);
		return VFIO_EXIT_FAILURE;
	}
	if (k.rc == -EBADMSG) {
		char rel[128];

		persist_entry_path(bdf, rel, sizeof(rel));
		cli_err("the kept entry '%s' is damaged; not applied",
			cli_abs(ctx, rel, abs, sizeof(abs)));
		return VFIO_EXIT_FAILURE;
	}
	if (k.rc < 0) {
		cli_err("cannot check the kept claim of '%s': %s", bdf, strerror(-k.rc));
		return VFIO_EXIT_FAILURE;
	}
	if (!persist_state_applicable(k.st.state)) {
		cli_err("refused: '%s': %s (%s); not bound: claim it again with '--persist' if it is the device you want, or forget it with 'release --persist'",
			bdf, persist_state_name(k.st.state), k.st.detail);
		return VFIO_EXIT_REFUSED;
	}
	args[0] = k.e.bdf;
	args[1] = k.e.driver;
	return cmd_device_bind(ctx, 2, args);
}

int cmd_persist_apply(struct cli_ctx *ctx, int argc, char **argv)
{
	struct path_ctx *path;
	char **bdfs = NULL, name[BDF_STRLEN];
	struct pci_bdf b;
	int rc, worst = VFIO_EXIT_OK;

	rc = cli_path(ctx, &path);
	if (rc)
		return rc;
	if (argc == 1) {
		if (bdf_parse(argv[0], &b) < 0)
			return cli_usage_error("invalid PCI address '%s': expected DDDD:BB:DD.F or BB:DD.F",
					       argv[0]);
		return apply_one(ctx, path, bdf_format(&b, name, sizeof(name)));
	}
	rc = list_kept(ctx, path, &bdfs);
	if (rc)
		return rc;
	if (!*bdfs && !ctx->opts.json)
		printf("nothing to apply: no claim is kept\n");
	/* every entry gets its turn; a failure beats a refusal in the exit status */
	for (char **p = bdfs; *p; p++) {
		rc = apply_one(ctx, path, *p);
		if (rc == VFIO_EXIT_FAILURE || (rc && worst == VFIO_EXIT_OK))
			worst = rc;
	}
	strv_free(bdfs);
	return worst;
}

/* the devices of a plan that --persist keeps (claim) or forgets (release) */
static bool persist_target(const struct bind_plan *bp, const struct bind_target *t)
{
	if (bp->op == BIND_OP_CLAIM)
		return (t->action == TARGET_CHANGE || t->action == TARGET_ALREADY) &&
		       pci_driver_is_vfio(t->want[0] ? t->want : t->driver);
	return t->action != TARGET_NOT_PCI && t->action != TARGET_BRIDGE;
}

int cli_persist_after_change(struct cli_ctx *ctx, struct path_ctx *path,
			     const struct bind_plan *bp)
{
	bool keep = bp->op == BIND_OP_CLAIM, changed = false;
	char rel[128], abs[PATH_MAX];
	int worst = VFIO_EXIT_OK;

	for (size_t i = 0; i < bp->ntargets; i++) {
		const struct bind_target *t = &bp->targets[i];
		const char *drv = pci_driver_is_vfio(t->want) ? t->want : BIND_VFIO_DRIVER;
		int rc;

		if (!persist_target(bp, t))
			continue;
		if (persist_entry_path(t->name, rel, sizeof(rel)) < 0)
			continue;
		cli_abs(ctx, rel, abs, sizeof(abs));
		changed = true;
		if (ctx->opts.dry_run) {
			if (!ctx->opts.json)
				printf("persist: would %s %s\n", keep ? "keep" : "forget", abs);
			continue;
		}
		rc = keep ? persist_keep(path, t->name, drv) : persist_remove(path, t->name);
		if (rc < 0) {
			cli_err("cannot %s '%s': %s", keep ? "write" : "remove", abs, strerror(-rc));
			worst = VFIO_EXIT_FAILURE;
		} else if (!ctx->opts.json) {
			printf("persist: %s %s\n", keep ? "kept across reboots in" : "forgot", abs);
		}
	}
	/* the initramfs applies its own copy of the store until it is rebuilt */
	if (changed && !ctx->opts.json && path_exists(path, PATH_INITRAMFS_HOOK))
		printf("persist: the initramfs keeps a copy of %s: run 'update-initramfs -u'%s\n",
		       cli_abs(ctx, PATH_ETC_PERSIST_DIR, abs, sizeof(abs)),
		       ctx->opts.dry_run ? " after the change" : "");
	return worst;
}
