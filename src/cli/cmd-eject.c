// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-eject.c: vfioctl eject DEV [--close|--lock|--unlock] [--unmount] [--power-off] */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd-scsi.h"
#include "scsi/eject.h"
#include "pathnames.h"

/* "partition sda2 of", "LVM logical volume dm-0 on": what the spec named, before its disk */
static void spec_how(const struct eject_plan *p, char *buf, size_t size)
{
	const struct blockdev *d = p->res.dev;
	const char *what = d->kind == BLOCKDEV_PART ? "partition" :
			   d->kind == BLOCKDEV_MD ? "md array" :
			   d->dm_kind == BLOCKDEV_DM_LVM ? "LVM logical volume" :
			   d->dm_kind == BLOCKDEV_DM_CRYPT ? "dm-crypt mapping" :
			   d->dm_kind == BLOCKDEV_DM_PART ? "kpartx map" : "device-mapper map";

	snprintf(buf, size, "%s%s %s %s", p->res.how == BLOCKDEV_SPEC_MOUNT ? "mounted from " : "",
		 what, d->name, d->kind == BLOCKDEV_PART ? "of" : "on");
}

static void print_plan(const struct eject_plan *p, const struct eject_opts *o, const char *spec,
		       FILE *f)
{
	size_t step = 1;
	char how[96];

	if (p->res.mapped && p->disk) {
		spec_how(p, how, sizeof(how));
		fprintf(f, "%s: '%s' is %s disk %s: acting on the whole disk %s%s\n",
			eject_action_name(o->action), spec, how, p->disk->name,
			PATH_DEVNODE_ABS, p->disk->name);
	}
	else if (p->disk)
		fprintf(f, "%s: %s%s\n", eject_action_name(o->action), PATH_DEVNODE_ABS, p->disk->name);
	if (p->has_ident)
		fprintf(f, "disk: %s %s %s, %s, %s\n", p->ident.hctl, p->ident.vendor, p->ident.model,
			scsi_pdt_name(p->ident.pdt),
			p->ident.removable ? "removable" : "not removable");
	if (p->nusers) {
		fprintf(f, "in use:\n");
		for (size_t i = 0; i < p->nusers; i++) {
			const struct blockdev_use *u = &p->users[i];

			fprintf(f, "  %s %s %s\n", u->dev,
				u->kind == BLOCKDEV_USE_MOUNT ? "mounted on" :
				u->kind == BLOCKDEV_USE_SWAP ? "is swap" : "held by", u->what);
		}
	}
	if (!p->nmethods)
		return;
	fprintf(f, "plan:\n");
	for (size_t i = 0; p->unmounts[i]; i++)
		fprintf(f, "  %zu. unmount %s\n", step++, p->unmounts[i]);
	for (size_t i = 0; i < p->nmethods; i++)
		fprintf(f, "  %zu. %s%s\n", step++, i ? "if that fails: " : "", p->methods[i].what);
}

static struct json_object *plan_json(const struct eject_plan *p, const struct eject_opts *o,
				     const char *spec)
{
	struct json_object *j = json_object_new_object(), *a;

	json_object_object_add(j, "action", json_object_new_string(eject_action_name(o->action)));
	json_object_object_add(j, "spec", json_object_new_string(spec));
	json_object_object_add(j, "device", p->res.dev ? json_object_new_string(p->res.dev->name) : NULL);
	json_object_object_add(j, "disk", p->disk ? json_object_new_string(p->disk->name) : NULL);
	json_object_object_add(j, "mapped", json_object_new_boolean(p->res.mapped));
	a = json_object_new_array();
	for (size_t i = 0; i < p->nusers; i++) {
		struct json_object *u = json_object_new_object();

		json_object_object_add(u, "kind", json_object_new_string(blockdev_use_kind_name(p->users[i].kind)));
		json_object_object_add(u, "device", json_object_new_string(p->users[i].dev));
		json_object_object_add(u, "what", json_object_new_string(p->users[i].what));
		json_object_array_add(a, u);
	}
	json_object_object_add(j, "users", a);
	a = json_object_new_array();
	for (size_t i = 0; p->unmounts && p->unmounts[i]; i++)
		json_object_array_add(a, json_object_new_string(p->unmounts[i]));
	json_object_object_add(j, "unmount", a);
	a = json_object_new_array();
	for (size_t i = 0; i < p->nmethods; i++) {
		struct json_object *m = json_object_new_object();

		json_object_object_add(m, "method", json_object_new_string(eject_method_name(p->methods[i].kind)));
		json_object_object_add(m, "what", json_object_new_string(p->methods[i].what));
		json_object_array_add(a, m);
	}
	json_object_object_add(j, "methods", a);
	json_object_object_add(j, "refused", json_object_new_boolean(p->refused));
	json_object_object_add(j, "reason", json_string_or_null(p->refusal));
	return j;
}

static void attempt_text(const struct eject_attempt *a, char *buf, size_t size)
{
	char s[120];

	if (a->ok)
		snprintf(buf, size, "worked");
	else if (a->has_sense) {
		scsi_cli_sense_text(&a->sense, s, sizeof(s));
		snprintf(buf, size, "%s%sCHECK CONDITION: %s", a->detail, a->detail[0] ? ": " : "", s);
	} else if (a->err) {
		snprintf(buf, size, "%s%s%s (%s)", a->detail, a->detail[0] ? ": " : "",
			 errno_name(a->err), strerror(a->err));
	} else {
		snprintf(buf, size, "%s", a->detail[0] ? a->detail : "failed");
	}
}

static int parse_action(struct cli_ctx *ctx, struct eject_opts *o)
{
	int n = ctx->opts.eject_close + ctx->opts.lock + ctx->opts.unlock;

	if (n > 1)
		return cli_usage_error("--close, --lock and --unlock exclude each other");
	/* what uses the disk is never overridden (only unmounting is offered); --force only ejects fixed media */
	if (ctx->opts.force && (ctx->opts.eject_close || ctx->opts.lock || ctx->opts.unlock))
		return cli_usage_error("--force goes with an eject only");
	o->action = ctx->opts.eject_close ? EJECT_CLOSE : ctx->opts.lock ? EJECT_LOCK :
		    ctx->opts.unlock ? EJECT_UNLOCK : EJECT_OPEN;
	if (ctx->opts.power_off && o->action != EJECT_OPEN)
		return cli_usage_error("--power-off goes with an eject only");
	if (ctx->opts.unmount && o->action != EJECT_OPEN)
		return cli_usage_error("--unmount goes with an eject only");
	o->unmount = ctx->opts.unmount;
	o->power_off = ctx->opts.power_off;
	o->force = ctx->opts.force;
	return 0;
}

int cmd_eject(struct cli_ctx *ctx, int argc, char **argv)
{
	struct eject_opts o = { 0 };
	struct eject_plan p;
	struct eject_result res;
	struct path_ctx *path;
	struct blockdev_topo *topo = NULL;
	struct json_object *top = NULL;
	char text[400];
	int rc;

	memset(&p, 0, sizeof(p));
	rc = parse_action(ctx, &o);
	if (rc)
		return rc;
	rc = scsi_cli_topo(ctx, &path, &topo);
	if (rc)
		return rc;
	rc = eject_plan_build(path, topo, argv[0], &o, &p);
	if (rc < 0) {
		rc = scsi_cli_resolve_error(argv[0], rc);
		goto out;
	}
	if (ctx->opts.json) {
		top = json_object_new_object();
		json_object_object_add(top, "plan", plan_json(&p, &o, argv[0]));
	} else if (ctx->opts.dry_run || p.refused || !ctx->opts.yes) {
		print_plan(&p, &o, argv[0], p.refused ? stderr : stdout);
	}
	if (p.refused) {
		cli_err("refusing to %s '%s': %s", eject_action_name(o.action), argv[0], p.refusal);
		rc = VFIO_EXIT_REFUSED;
		goto out;
	}
	if (ctx->opts.dry_run) {
		rc = VFIO_EXIT_OK;
		goto out;
	}
	if (!path_ctx_is_live(path)) {
		cli_err("refusing to %s in '%s': not the live root (use --dry-run on a --sysroot tree)",
			eject_action_name(o.action), path_ctx_root(path));
		rc = VFIO_EXIT_REFUSED;
		goto out;
	}
	snprintf(text, sizeof(text), "%s %s%s", eject_action_name(o.action), PATH_DEVNODE_ABS,
		 p.disk->name);
	/* what is asked about is shown first, in JSON too; the result follows as its own document */
	if (top && !ctx->opts.yes) {
		cli_json_print(top);
		fflush(stdout);
		json_object_put(top);
		top = json_object_new_object();
	}
	rc = cli_consent(ctx, text, eject_action_name(o.action));
	if (rc)
		goto out;
	rc = eject_plan_apply(path, &p, &o, &scsi_ops_kernel, eject_umount_libmount, &res);
	if (top) {
		struct json_object *r = json_object_new_object(), *a = json_object_new_array();

		json_object_object_add(r, "ok", json_object_new_boolean(rc == 0));
		json_object_object_add(r, "method", res.worked >= 0 ?
				       json_object_new_string(eject_method_name(res.attempts[res.worked].kind)) : NULL);
		for (size_t i = 0; i < res.nattempts; i++) {
			struct json_object *t = json_object_new_object();

			attempt_text(&res.attempts[i], text, sizeof(text));
			json_object_object_add(t, "method", json_object_new_string(eject_method_name(res.attempts[i].kind)));
			json_object_object_add(t, "ok", json_object_new_boolean(res.attempts[i].ok));
			json_object_object_add(t, "detail", json_object_new_string(text));
			if (res.attempts[i].has_sense)
				json_object_object_add(t, "sense", scsi_cli_sense_json(&res.attempts[i].sense));
			json_object_array_add(a, t);
		}
		json_object_object_add(r, "attempts", a);
		json_object_object_add(top, "result", r);
	} else {
		for (size_t i = 0; i < res.nunmounted; i++)
			printf("unmounted %s\n", res.unmounted[i]);
		for (size_t i = 0; i < res.nattempts; i++) {
			attempt_text(&res.attempts[i], text, sizeof(text));
			printf("%s: %s: %s\n", eject_method_name(res.attempts[i].kind),
			       p.methods[i].what, text);
		}
	}
	if (rc == -EBUSY) {
		cli_err("cannot unmount a file system of '%s': nothing was sent", p.disk->name);
		rc = VFIO_EXIT_FAILURE;
	} else if (rc < 0 && rc != -EIO) {
		cli_err("cannot open '%s%s': %s", PATH_DEVNODE_ABS, p.disk->name, strerror(-rc));
		rc = VFIO_EXIT_FAILURE;
	} else if (rc < 0) {
		cli_err("cannot %s '%s%s': every method failed", eject_action_name(o.action),
			PATH_DEVNODE_ABS, p.disk->name);
		rc = VFIO_EXIT_FAILURE;
	} else {
		if (!top)
			printf("%s %s%s: done by %s\n", eject_action_name(o.action), PATH_DEVNODE_ABS,
			       p.disk->name, eject_method_name(res.attempts[res.worked].kind));
		rc = VFIO_EXIT_OK;
	}
out:
	if (top) {
		int jrc = cli_json_print(top);

		json_object_put(top);
		if (jrc && !rc)
			rc = jrc;
	}
	eject_plan_clear(&p);
	blockdev_topo_free(topo);
	return rc;
}
