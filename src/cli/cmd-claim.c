// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-claim.c: group/device claim, release, bind, unbind and recover */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bind.h"
#include "bind-reason.h"
#include "driver-name.h"
#include "change.h"
#include "plan-text.h"
#include "cli.h"
#include "vfio-diag.h"
#include "pathnames.h"

static const char *target_action_name(enum bind_target_action a)
{
	static const char *const names[] = { "change", "already", "bridge", "not-pci" };

	return names[a];
}

static struct json_object *plan_json(const struct bind_plan *bp)
{
	struct json_object *o = json_object_new_object();
	struct json_object *devs = json_object_new_array();
	struct json_object *checks = json_object_new_array();
	struct json_object *steps = json_object_new_array();

	json_object_object_add(o, "op", json_object_new_string(bind_op_name(bp->op)));
	json_object_object_add(o, "group", bp->group >= 0 ? json_object_new_int(bp->group) : NULL);
	json_object_object_add(o, "device", json_string_or_null(bp->device));
	json_object_object_add(o, "journal", json_object_new_string(bp->journal_rel));
	if (bp->nparts > 1) {
		/* one change of several groups or devices: each keeps its own journal */
		struct json_object *parts = json_object_new_array();

		for (size_t i = 0; i < bp->nparts; i++) {
			const struct bind_plan *p = &bp->parts[i];
			struct json_object *po = json_object_new_object();

			json_object_object_add(po, "group", p->group >= 0 ? json_object_new_int(p->group) : NULL);
			json_object_object_add(po, "device", json_string_or_null(p->device));
			json_object_object_add(po, "journal", json_object_new_string(p->journal_rel));
			json_object_object_add(po, "noop", json_object_new_boolean(p->noop));
			json_object_array_add(parts, po);
		}
		json_object_object_add(o, "parts", parts);
	}
	json_object_object_add(o, "noop", json_object_new_boolean(bp->noop));
	json_object_object_add(o, "refused", json_object_new_boolean(plan_refused(&bp->plan)));
	for (size_t i = 0; i < bp->ntargets; i++) {
		const struct bind_target *t = &bp->targets[i];
		struct json_object *d = json_object_new_object();

		json_object_object_add(d, "name", json_object_new_string(t->name));
		json_object_object_add(d, "driver", json_string_or_null(t->driver));
		json_object_object_add(d, "driver_override",
				       json_string_or_null(t->override));
		json_object_object_add(d, "want", json_string_or_null(t->want));
		json_object_object_add(d, "action", json_object_new_string(target_action_name(t->action)));
		json_object_object_add(d, "note", json_string_or_null(t->note));
		json_object_array_add(devs, d);
	}
	json_object_object_add(o, "devices", devs);
	for (size_t i = 0; i < bp->plan.nchecks; i++) {
		const struct plan_check *c = &bp->plan.checks[i];
		struct json_object *co = json_object_new_object();

		json_object_object_add(co, "device", json_string_or_null(c->device));
		json_object_object_add(co, "check", json_object_new_string(c->name));
		json_object_object_add(co, "result", json_object_new_string(check_result_name(c->result)));
		json_object_object_add(co, "detail", json_object_new_string(c->detail));
		json_object_array_add(checks, co);
	}
	json_object_object_add(o, "checks", checks);
	for (size_t i = 0; i < bp->plan.nsteps; i++) {
		const struct plan_step *s = &bp->plan.steps[i];
		struct json_object *so = json_object_new_object();

		json_object_object_add(so, "step", json_object_new_int((int)i + 1));
		json_object_object_add(so, "action", json_object_new_string(plan_action_name(s->action)));
		json_object_object_add(so, "device", json_string_or_null(s->device));
		json_object_object_add(so, "path", json_string_or_null(s->path));
		json_object_object_add(so, "value", json_string_or_null(s->value));
		json_object_object_add(so, "why", json_object_new_string(s->why));
		json_object_array_add(steps, so);
	}
	json_object_object_add(o, "steps", steps);
	return o;
}

struct plan_print {
	const struct cli_ctx *ctx;
	FILE *f;
};

static void print_line(void *data, enum plan_line kind, enum check_result result,
		       const char *text)
{
	const struct plan_print *pp = data;
	bool tty = pp->f == stdout;
	const char *color = result == CHECK_PASS ? COLOR_GREEN
			    : result == CHECK_WARN || result == CHECK_FORCED ? COLOR_YELLOW
			    : COLOR_RED;

	if (kind == PLAN_LINE_CHECK)
		fprintf(pp->f, "  %s%-6s%s %s\n", tty ? cli_color(pp->ctx, color) : "",
			check_result_name(result), tty ? cli_color(pp->ctx, COLOR_RESET) : "", text);
	else
		fprintf(pp->f, "%s\n", text);
}

static const char *print_abs(void *data, const char *rel, char *buf, size_t size)
{
	const struct plan_print *pp = data;

	return cli_abs(pp->ctx, rel, buf, size);
}

static void print_plan(const struct cli_ctx *ctx, FILE *f, const struct bind_plan *bp)
{
	struct plan_print pp = { ctx, f };
	struct plan_text_sink sink = { print_line, print_abs, &pp };

	plan_text(bp, &sink);
}

static int plan_error(const struct cli_ctx *ctx, const struct bind_request *req,
		      const struct bind_plan *bp, int rc)
{
	/* of several BDFs, the plan names the one at fault */
	const char *what = req->devices && *bp->device ? bp->device : req->device;
	char abs[PATH_MAX];

	switch (rc) {
	case -ENOENT:
		if (req->op == BIND_OP_RELEASE && !what)
			cli_err("IOMMU group '%d' does not exist", req->group);
		else if (what)
			cli_err("PCI device '%s' does not exist", what);
		else
			cli_err("IOMMU group '%d' does not exist", req->group);
		return VFIO_EXIT_FAILURE;
	case -ENODEV:
		if (cli_noiommu_mode(ctx))
			cli_err("refused: '%s' has no IOMMU group (no IOMMU): vfio is in enable_unsafe_noiommu_mode, so only 'vfioctl device bind %s vfio-pci --force' can hand it to vfio-pci, into a vfio-noiommu group: UNSAFE, no DMA isolation",
				what, what);
		else
			cli_err("refused: '%s' has no IOMMU group, so vfio-pci cannot take it (is the IOMMU enabled? see 'vfioctl status')",
				what);
		return VFIO_EXIT_REFUSED;
	case -EINVAL:
		return cli_usage_error("invalid driver or device name in '%s' request",
				       bind_op_name(req->op));
	case -EILSEQ:
		cli_err("cannot record the state of %s: a driver or driver_override there is not a plain driver name",
			what ? what : "the group");
		return VFIO_EXIT_FAILURE;
	case -EBADMSG:
		cli_err("the journal of this %s is damaged; inspect it under %s",
			req->device || req->devices ? "device" : "group", cli_abs(ctx, PATH_RUN_DIR, abs, sizeof(abs)));
		return VFIO_EXIT_FAILURE;
	case -ETIMEDOUT:
		cli_err("cannot plan %s: a device did not answer in time; a driver holds its device lock (a pending unbind or probe?)",
			bind_op_name(req->op));
		return VFIO_EXIT_FAILURE;
	default:
		cli_error_at(ctx, rc, "cannot plan %s", bind_op_name(req->op));
		return VFIO_EXIT_FAILURE;
	}
}

static const char *noop_reason(const struct bind_plan *bp)
{
	size_t already = 0;

	for (size_t i = 0; i < bp->ntargets; i++)
		already += bp->targets[i].action == TARGET_ALREADY;
	if (bp->nparts > 1)
		return bp->op == BIND_OP_CLAIM ? "every endpoint of those groups is already on a vfio driver"
		       : bp->op == BIND_OP_RELEASE ? "every device is already where it belongs"
		       : bp->op == BIND_OP_BIND ? "every device is already on that driver"
		       : "every device is already unbound";
	switch (bp->op) {
	case BIND_OP_CLAIM:
		return already ? "every endpoint of the group is already on a vfio driver"
			       : "the group has no PCI endpoint that vfio-pci could take";
	case BIND_OP_BIND:
		return "the device is already on that driver";
	case BIND_OP_UNBIND:
		return "the device is already unbound";
	default:
		if (bp->group < 0 && !bp->have_journal)
			return "vfioctl never claimed it (no journal, not on vfio-pci)";
		return bp->have_journal ? "every device is already as its journal recorded"
					: "no device of the group is on vfio-pci";
	}
}

static void print_refusals(const struct bind_plan *bp);
static void journal_subject(const struct journal *j, char *buf, size_t size);

static bool plan_has_deny(const struct plan *p)
{
	for (size_t i = 0; i < p->nchecks; i++)
		if (p->checks[i].result == CHECK_DENY)
			return true;
	return false;
}


/*
 * Test hooks, documented in vfioctl(8): VFIOCTL_FAULT_STEP=N fails step N
 * before it runs (and rolls back); VFIOCTL_CRASH_STEP=N stops the process
 * there without any cleanup, as a crash or a kill -9 would.
 */
static int fault_step(bool *crash)
{
	const char *f = getenv("VFIOCTL_FAULT_STEP");
	const char *c = getenv("VFIOCTL_CRASH_STEP");

	*crash = c && atoi(c) > 0;
	if (*crash)
		return -atoi(c);
	return f && atoi(f) > 0 ? atoi(f) : 0;
}

/* "claim IOMMU group 1", "release '0000:01:00.0'": the change, for messages */
static void change_name(const struct bind_plan *bp, char *what, size_t size)
{
	if (bp->nparts > 1) {
		char names[256];

		plan_parts_name(bp, names, sizeof(names));
		snprintf(what, size, "%s %s", bind_op_name(bp->op), names);
	} else if (bp->group >= 0 && bp->op == BIND_OP_CLAIM)
		snprintf(what, size, "claim IOMMU group %d", bp->group);
	else if (bp->group >= 0 && (bp->op == BIND_OP_RELEASE || bp->op == BIND_OP_RESTORE) &&
		 !*bp->device)
		snprintf(what, size, "%s IOMMU group %d", bind_op_name(bp->op), bp->group);
	else
		snprintf(what, size, "%s '%s'", bind_op_name(bp->op), bp->device);
}

/* how to undo a change that is in place */
static void undo_command(const struct bind_plan *bp, char *buf, size_t size)
{
	if (bp->nparts > 1) {
		size_t len = (size_t)snprintf(buf, size, "device release");

		for (size_t i = 0; i < bp->nparts && len < size; i++)
			len += (size_t)snprintf(buf + len, size - len, " %s", bp->parts[i].device);
	} else if (bp->group >= 0 && (bp->op == BIND_OP_CLAIM || !*bp->device))
		snprintf(buf, size, "group release %d", bp->group);
	else
		snprintf(buf, size, "device release %s", bp->device);
}

static int report_failure(const struct cli_ctx *ctx, const struct bind_plan *bp,
			  const struct bind_result *res)
{
	const struct plan_step *s = res->failed_step >= 0 ? &bp->plan.steps[res->failed_step] : NULL;
	char what[320], abs[PATH_MAX], self[PATH_MAX + 32], undo[320];

	change_name(bp, what, sizeof(what));
	cli_self(ctx, self, sizeof(self));
	cli_abs(ctx, bp->journal_rel, abs, sizeof(abs));
	if (res->outcome == BIND_DONE_UNRECORDED) {
		/* the change is in place: undoing it through recover would be wrong */
		undo_command(bp, undo, sizeof(undo));
		if (bp->op == BIND_OP_CLAIM || bp->op == BIND_OP_BIND || bp->op == BIND_OP_UNBIND)
			cli_err("%s: done and read back, but the journal '%s' could not be marked complete: %s",
				what, abs, strerror(-res->error));
		else
			cli_err("%s: done and read back, but the journal '%s' could not be removed: %s",
				what, abs, strerror(-res->error));
		if (bp->op == BIND_OP_CLAIM || bp->op == BIND_OP_BIND || bp->op == BIND_OP_UNBIND)
			fprintf(stderr, "%s: the change is in place; undo it with '%s %s' (not 'recover': it would undo it unasked)\n",
				PROGRAM_NAME, self, undo);
		else
			fprintf(stderr, "%s: the devices are back as recorded; remove '%s' by hand, or 'recover' and 'release' will read it again\n",
				PROGRAM_NAME, abs);
		return VFIO_EXIT_FAILURE;
	}
	if (res->outcome == BIND_NOT_STARTED) {
		cli_err("cannot %s: cannot write the journal '%s': %s; nothing was changed", what, abs,
			strerror(-res->error));
		return VFIO_EXIT_FAILURE;
	}
	if (s)
		cli_err("cannot %s: step %d (%s%s%s) failed for '%s': %s%s%s", what,
			res->failed_step + 1, plan_action_name(s->action), *s->path ? " " : "",
			*s->path ? cli_abs(ctx, s->path, abs, sizeof(abs)) : "",
			*s->device ? s->device : s->value, strerror(-res->error),
			*res->failed_detail ? ": " : "", res->failed_detail);
	else
		cli_err("cannot %s: %s%s%s", what, strerror(-res->error),
			*res->failed_detail ? ": " : "", res->failed_detail);
	cli_bind_reason_text(stderr, bp, res);
	cli_abs(ctx, bp->journal_rel, abs, sizeof(abs));
	switch (res->outcome) {
	case BIND_PENDING: {
		char p[PATH_MAX];

		fprintf(stderr, "%s: the write to '%s' is still pending in the kernel (pid %ld): device state uncertain; nothing was rolled back\n",
			PROGRAM_NAME, cli_abs(ctx, res->pending_path, p, sizeof(p)),
			res->pending_pid);
		if (bp->have_journal || bp->op == BIND_OP_CLAIM || bp->op == BIND_OP_BIND ||
		    bp->op == BIND_OP_UNBIND)
			fprintf(stderr, "%s: the journal '%s' records it; once pid %ld has exited, run '%s recover'\n",
				PROGRAM_NAME, abs, res->pending_pid, self);
		break;
	}
	case BIND_ROLLED_BACK:
		fprintf(stderr, "%s: rolled back: every device is as it was before\n", PROGRAM_NAME);
		break;
	case BIND_ROLLBACK_FAILED:
		fprintf(stderr, "%s: rollback failed (%s); the journal%s '%s' keep%s the original state: run '%s recover'\n",
			PROGRAM_NAME, strerror(-res->rollback_error), bp->nparts > 1 ? "s in" : "",
			bp->nparts > 1 ? cli_abs(ctx, PATH_RUN_DIR, abs, sizeof(abs)) : abs,
			bp->nparts > 1 ? "" : "s", self);
		break;
	default:
		if (bp->nparts > 1)
			fprintf(stderr, "%s: the journals of this change are kept in '%s'; fix the cause and run the command again\n",
				PROGRAM_NAME, cli_abs(ctx, PATH_RUN_DIR, abs, sizeof(abs)));
		else if (bp->have_journal)
			fprintf(stderr, "%s: the journal '%s' is kept; fix the cause and run the command again\n",
				PROGRAM_NAME, abs);
		else
			fprintf(stderr, "%s: fix the cause and run the command again\n", PROGRAM_NAME);
		break;
	}
	return VFIO_EXIT_FAILURE;
}

/* the warnings of a plan that is applied without being printed (--yes, --json) */
static void print_plan_warnings(const struct bind_plan *bp)
{
	for (size_t i = 0; i < bp->plan.nchecks; i++) {
		const struct plan_check *k = &bp->plan.checks[i];
		bool named = !*k->device || strstr(k->detail, k->device);

		if (k->result == CHECK_WARN || k->result == CHECK_FORCED)
			cli_warn("%s%s%s%s", k->result == CHECK_FORCED ? "forced: " : "",
				 named ? "" : k->device, named ? "" : ": ", k->detail);
	}
}

static const char *outcome_name(enum bind_outcome o)
{
	static const char *const names[] = {
		"done", "not-started", "rolled-back", "rollback-failed", "failed", "pending",
		"done-unrecorded", "crashed",
	};

	return names[o];
}

static struct json_object *result_json(const struct bind_result *res)
{
	struct json_object *r = json_object_new_object();

	json_object_object_add(r, "ok", json_object_new_boolean(res->outcome == BIND_DONE));
	json_object_object_add(r, "steps_done", json_object_new_int64((int64_t)res->steps_done));
	json_object_object_add(r, "failed_step",
			       res->failed_step >= 0 ? json_object_new_int(res->failed_step + 1) : NULL);
	json_object_object_add(r, "error", json_errno(res->error));
	json_object_object_add(r, "detail",
			       json_string_or_null(res->failed_detail));
	json_object_object_add(r, "rolled_back", json_object_new_boolean(res->rolled_back));
	json_object_object_add(r, "outcome", json_object_new_string(outcome_name(res->outcome)));
	json_object_object_add(r, "pending_pid",
			       res->pending_pid > 0 ? json_object_new_int64(res->pending_pid) : NULL);
	cli_bind_reason_json(r, res);
	return r;
}

static int print_json_result(const struct bind_plan *bp, const struct bind_result *res,
			     bool applied)
{
	struct json_object *root = json_object_new_object();
	int rc;

	/* NULL: the plan went out before the question (-J without --yes) */
	if (bp)
		json_object_object_add(root, "plan", plan_json(bp));
	if (applied)
		json_object_object_add(root, "result", result_json(res));
	rc = cli_json_print(root);
	json_object_put(root);
	return rc;
}




/* the words for a change that could not begin; returns the exit status */
static int begin_error(struct cli_ctx *ctx, const struct change_session *cs,
		       const struct bind_request *req, int rc)
{
	switch (cs->stage) {
	case CHANGE_STAGE_TARGET:
		return cli_change_target_error(ctx, cs->ctx, rc, "changing drivers");
	case CHANGE_STAGE_LOCK:
		return cli_change_lock_error(ctx, PATH_RUN_LOCK, rc,
					     "another vfioctl is changing devices");
	case CHANGE_STAGE_SNAPSHOT:
		cli_error_at(ctx, rc, "cannot read PCI and IOMMU state");
		return VFIO_EXIT_FAILURE;
	default:
		if (rc == -ENOTUNIQ) {
			char abs[PATH_MAX], what[64] = "another group or device";
			struct journal j;

			/* the plan's journal_rel is the one that was read: say what it records */
			if (journal_read(cs->ctx, cs->plan.journal_rel, &j) == -ENOTUNIQ)
				journal_subject(&j, what, sizeof(what));
			journal_clear(&j);
			cli_err("refused: the journal '%s' records %s, not what its file name says; inspect it: it is never acted on",
				cli_abs(ctx, cs->plan.journal_rel, abs, sizeof(abs)), what);
			return VFIO_EXIT_REFUSED;
		}
		return plan_error(ctx, req, &cs->plan, rc);
	}
}

static int check_with(const struct cli_ctx *ctx)
{
	struct pci_bdf b;

	for (char *const *w = ctx->opts.with; *w; w++)
		if (bdf_parse(*w, &b) < 0)
			return cli_usage_error("invalid PCI address '%s' in --with", *w);
	return 0;
}

static int run_bind(struct cli_ctx *ctx, struct bind_request *req)
{
	struct change_session cs;
	struct bind_plan *bp = &cs.plan;
	struct path_ctx *path;
	bool crash = false;
	char abs[PATH_MAX];
	int rc;

	req->force = ctx->opts.force;
	req->with = (const char *const *)ctx->opts.with;
	rc = check_with(ctx);
	if (rc)
		return rc;
	rc = cli_path(ctx, &path);
	if (rc)
		return rc;
	rc = change_begin(&cs, path, req, ctx->opts.dry_run);
	if (rc < 0) {
		rc = begin_error(ctx, &cs, req, rc);
		goto out;
	}
	if (ctx->opts.json && (ctx->opts.dry_run || bp->noop || plan_refused(&bp->plan))) {
		print_json_result(bp, &cs.res, false);
	} else if (!ctx->opts.json && (ctx->opts.dry_run || plan_refused(&bp->plan) ||
				       (!bp->noop && !ctx->opts.yes))) {
		print_plan(ctx, plan_refused(&bp->plan) ? stderr : stdout, bp);
	}
	if (plan_refused(&bp->plan)) {
		print_refusals(bp);
		rc = VFIO_EXIT_REFUSED;
		goto out;
	}
	if (ctx->opts.dry_run) {
		if (bp->noop && !ctx->opts.json)
			printf("nothing to do: %s\n", noop_reason(bp));
		rc = VFIO_EXIT_OK;
		goto out;
	}
	if (bp->noop) {
		if (change_apply(&cs, &bind_ops_kernel, 0) < 0)
			cli_warn("cannot update the journal '%s': %s",
				 cli_abs(ctx, bp->journal_rel, abs, sizeof(abs)), strerror(-cs.res.error));
		if (!ctx->opts.json)
			printf("nothing to do: %s\n", noop_reason(bp));
		rc = VFIO_EXIT_OK;
		goto out;
	}
	/* what is asked about is shown first, in JSON too; the result follows as its own document */
	if (ctx->opts.json && !ctx->opts.yes) {
		print_json_result(bp, &cs.res, false);
		fflush(stdout);
	}
	rc = cli_consent(ctx, cli_steps_question(bp->plan.nsteps, abs, sizeof(abs)),
			 "change devices");
	if (rc)
		goto out;
	if (ctx->opts.yes || ctx->opts.json)
		print_plan_warnings(bp);
	rc = change_apply(&cs, &bind_ops_kernel, fault_step(&crash));
	if (rc < 0 && crash) {
		fprintf(stderr, "%s: simulated crash at step %d (VFIOCTL_CRASH_STEP)\n",
			PROGRAM_NAME, cs.res.failed_step + 1);
		_exit(137);
	}
	if (ctx->opts.json)
		print_json_result(ctx->opts.yes ? bp : NULL, &cs.res, true);
	if (rc < 0) {
		rc = report_failure(ctx, bp, &cs.res);
		goto out;
	}
	if (!ctx->opts.json && bp->nparts > 1) {
		char names[256];

		plan_parts_name(bp, names, sizeof(names));
		if (bp->op == BIND_OP_CLAIM)
			printf("claimed %s for vfio-pci (%zu steps; one change, a journal per group in %s)\n",
			       names, cs.res.steps_done, cli_abs(ctx, PATH_RUN_DIR, abs, sizeof(abs)));
		else if (bp->op == BIND_OP_RELEASE)
			printf("released %s (%zu steps)\n", names, cs.res.steps_done);
		else
			printf("%s %s: done (%zu steps)\n", bind_op_name(bp->op), names,
			       cs.res.steps_done);
	} else if (!ctx->opts.json) {
		if (bp->op == BIND_OP_CLAIM)
			printf("claimed IOMMU group %d for vfio-pci (%zu steps; journal %s)\n",
			       bp->group, cs.res.steps_done, cli_abs(ctx, bp->journal_rel, abs, sizeof(abs)));
		else if (bp->op == BIND_OP_RELEASE && !*bp->device)
			printf("released IOMMU group %d (%zu steps)\n", bp->group, cs.res.steps_done);
		else
			printf("%s %s: done (%zu steps)\n", bind_op_name(bp->op), bp->device,
			       cs.res.steps_done);
	}
	rc = VFIO_EXIT_OK;
out:
	/* --persist: keep or forget the devices over reboots (cmd-persist.c) */
	if (rc == VFIO_EXIT_OK && ctx->opts.persist && cs.stage >= CHANGE_STAGE_PLANNED)
		rc = cli_persist_after_change(ctx, path, bp);
	change_end(&cs);
	return rc;
}

static int group_request(struct cli_ctx *ctx, const char *arg, enum bind_op op)
{
	struct bind_request req = { .op = op };

	if (parse_group_arg(arg, &req.group) < 0)
		return cli_usage_error("invalid IOMMU group '%s': expected a group number", arg);
	return run_bind(ctx, &req);
}

/*
 * Several BDFs are one change (bind-set.h): one plan, one consent, one
 * rollback. One BDF, or the same one repeated, is exactly the change of
 * that device alone.
 */
static int device_request(struct cli_ctx *ctx, int argc, char **argv, enum bind_op op,
			  const char *driver)
{
	struct bind_request req = { .op = op, .group = -1, .driver = driver };
	struct pci_bdf bdf, first = { 0 };
	char name[BDF_STRLEN], drvbuf[PCI_DRIVER_MAX];
	bool several = false;

	for (int i = 0; i < argc; i++) {
		if (bdf_parse(argv[i], &bdf) < 0)
			return cli_usage_error("invalid PCI address '%s': expected DDDD:BB:DD.F or BB:DD.F",
					       argv[i]);
		if (i == 0)
			first = bdf;
		else
			several |= bdf_compare(&bdf, &first) != 0;
	}
	bdf_format(&first, name, sizeof(name));
	req.device = name;
	if (several)
		req.devices = (const char *const *)argv;	/* NULL-terminated below */
	if (driver && (!*driver || !journal_name_valid(driver)))
		return cli_usage_error("invalid driver name '%s'", driver);
	/* a module name where a driver name belongs: bochs is the driver bochs-drm */
	if (driver) {
		int rc = cli_driver_name(ctx, driver, drvbuf, sizeof(drvbuf));

		if (rc)
			return rc;
		req.driver = drvbuf;
	}
	return run_bind(ctx, &req);
}

int cmd_group_claim(struct cli_ctx *ctx, int argc, char **argv)
{
	return group_request(ctx, argv[0], BIND_OP_CLAIM);
}

int cmd_group_release(struct cli_ctx *ctx, int argc, char **argv)
{
	return group_request(ctx, argv[0], BIND_OP_RELEASE);
}

/* the BDFs of a device verb as a NULL-terminated copy (argv need not end there) */
static int device_verb(struct cli_ctx *ctx, int argc, char **argv, enum bind_op op,
		       const char *driver)
{
	char **bdfs = calloc((size_t)argc + 1, sizeof(*bdfs));
	int rc;

	if (!bdfs) {
		cli_err("cannot plan %s: %s", bind_op_name(op), strerror(ENOMEM));
		return VFIO_EXIT_FAILURE;
	}
	memcpy(bdfs, argv, (size_t)argc * sizeof(*bdfs));
	rc = device_request(ctx, argc, bdfs, op, driver);
	free(bdfs);
	return rc;
}

int cmd_device_claim(struct cli_ctx *ctx, int argc, char **argv)
{
	return device_verb(ctx, argc, argv, BIND_OP_CLAIM, NULL);
}

int cmd_device_release(struct cli_ctx *ctx, int argc, char **argv)
{
	return device_verb(ctx, argc, argv, BIND_OP_RELEASE, NULL);
}

/* device bind BDF... DRIVER: the last word is the driver */
int cmd_device_bind(struct cli_ctx *ctx, int argc, char **argv)
{
	return device_verb(ctx, argc - 1, argv, BIND_OP_BIND, argv[argc - 1]);
}

int cmd_device_unbind(struct cli_ctx *ctx, int argc, char **argv)
{
	return device_verb(ctx, argc, argv, BIND_OP_UNBIND, NULL);
}

static void print_refusals(const struct bind_plan *bp)
{
	bool forceable = false;

	for (size_t i = 0; i < bp->plan.nchecks; i++) {
		const struct plan_check *k = &bp->plan.checks[i];
		bool named = !*k->device || strstr(k->detail, k->device);

		if (k->result != CHECK_REFUSE && k->result != CHECK_DENY)
			continue;
		forceable |= k->result == CHECK_REFUSE;
		cli_err("%s: %s%s%s", k->result == CHECK_DENY ? "denied" : "refused",
			named ? "" : k->device, named ? "" : ": ", k->detail);
	}
	if (forceable)
		fprintf(stderr, "%s: a check that refuses can be overridden with --force%s\n",
			PROGRAM_NAME, plan_has_deny(&bp->plan) ? "; one that denies cannot" : "");
}

/* what a journal records, for messages: "IOMMU group 5", "device 0000:02:00.0" */
static void journal_subject(const struct journal *j, char *buf, size_t size)
{
	if (j->group >= 0)
		snprintf(buf, size, "IOMMU group %d", j->group);
	else
		snprintf(buf, size, "device %s", j->ndevs ? j->devs[0].bdf : "?");
}

/* a journal recover cannot act on: say why, in text or as a JSON item */
static void recover_unreadable(const struct cli_ctx *ctx, const char *rel, const struct journal *j,
			       int rc, struct json_object *out)
{
	char abs[PATH_MAX], what[64];

	cli_abs(ctx, rel, abs, sizeof(abs));
	if (rc == -ENOTUNIQ) {
		journal_subject(j, what, sizeof(what));
		cli_err("refused: '%s' records %s, not what its file name says; left alone", abs,
			what);
	} else {
		cli_warn("'%s' is damaged; left alone", abs);
	}
	if (out) {
		struct json_object *item = json_object_new_object();

		json_object_object_add(item, "journal", json_object_new_string(rel));
		json_object_object_add(item, "state", json_object_new_string(
						rc == -ENOTUNIQ ? "name-mismatch" : "damaged"));
		json_object_array_add(out, item);
	}
}

/* a journal whose change completed: what recover says about it */
static void recover_completed(const struct cli_ctx *ctx, const char *rel, const struct journal *j,
			      struct json_object *out)
{
	char undo[64], abs[PATH_MAX], self[PATH_MAX + 32];
	struct json_object *item;

	if (j->group >= 0)
		snprintf(undo, sizeof(undo), "group release %d", j->group);
	else
		snprintf(undo, sizeof(undo), "device release %s", j->devs[0].bdf);
	cli_abs(ctx, rel, abs, sizeof(abs));
	if (!out) {
		printf("%s: %s completed; undo it with '%s %s'\n", abs, j->op,
		       cli_self(ctx, self, sizeof(self)), undo);
		/* a release that left a write pending keeps the claim's journal */
		if (j->pending_pid > 0)
			printf("%s: a release left the write of '%s' pending (pid %ld): device state uncertain\n",
			       abs, j->pending_path, j->pending_pid);
		return;
	}
	item = json_object_new_object();
	json_object_object_add(item, "journal", json_object_new_string(rel));
	json_object_object_add(item, "state", json_object_new_string("applied"));
	json_object_object_add(item, "op", json_object_new_string(j->op));
	json_object_object_add(item, "group", j->group >= 0 ? json_object_new_int(j->group) : NULL);
	json_object_object_add(item, "undo", json_object_new_string(undo));
	json_object_object_add(item, "pending_pid",
			       j->pending_pid > 0 ? json_object_new_int64(j->pending_pid) : NULL);
	json_object_object_add(item, "pending_path",
			       j->pending_pid > 0 ? json_object_new_string(j->pending_path) : NULL);
	json_object_array_add(out, item);
}

/* recover: finish what a crashed vfioctl left "applying" */
int cmd_recover(struct cli_ctx *ctx, int argc, char **argv)
{
	struct path_ctx *path;
	struct json_object *out = NULL;
	char **journals = NULL;
	int lockfd = -1, rc, worst = VFIO_EXIT_OK;
	size_t pending = 0;
	char abs[PATH_MAX];

	rc = cli_path(ctx, &path);
	if (rc)
		return rc;
	if (!ctx->opts.dry_run) {
		rc = change_target_check(path);
		if (rc < 0)
			return cli_change_target_error(ctx, path, rc, "changing drivers");
		rc = change_lock(path, PATH_RUN_LOCK, &lockfd);
		if (rc < 0)
			return cli_change_lock_error(ctx, PATH_RUN_LOCK, rc,
						     "another vfioctl is changing devices");
		change_clean_tmp(path);
	}
	rc = journal_list(path, &journals);
	if (rc < 0) {
		cli_error_at(ctx, rc, "cannot list the claim journals");
		worst = VFIO_EXIT_FAILURE;
		goto out;
	}
	if (ctx->opts.json)
		out = json_object_new_array();
	for (char **j = journals; *j; j++) {
		struct bind_result res = { .failed_step = -1 };
		struct json_object *item = NULL;
		struct journal jr;
		struct bind_plan bp;
		bool applied = false;

		rc = journal_read(path, *j, &jr);
		if (rc < 0) {
			recover_unreadable(ctx, *j, &jr, rc, out);
			journal_clear(&jr);
			if (worst != VFIO_EXIT_REFUSED)
				worst = rc == -ENOTUNIQ ? VFIO_EXIT_REFUSED : VFIO_EXIT_FAILURE;
			continue;
		}
		if (jr.state == JOURNAL_APPLIED) {
			recover_completed(ctx, *j, &jr, out);
			journal_clear(&jr);
			continue;
		}
		journal_clear(&jr);
		pending++;
		rc = bind_plan_restore(path, &bind_ops_kernel, *j, &bp);
		if (rc < 0) {
			cli_err("cannot plan the recovery of '%s': %s", cli_abs(ctx, *j, abs, sizeof(abs)),
				strerror(-rc));
			worst = VFIO_EXIT_FAILURE;
			if (out) {
				item = json_object_new_object();
				json_object_object_add(item, "journal", json_object_new_string(*j));
				json_object_object_add(item, "state", json_object_new_string("applying"));
				json_object_object_add(item, "error", json_errno(rc));
				json_object_array_add(out, item);
			}
			continue;
		}
		if (!ctx->opts.json && (!ctx->opts.yes || ctx->opts.dry_run || plan_refused(&bp.plan)))
			print_plan(ctx, plan_refused(&bp.plan) ? stderr : stdout, &bp);
		if (plan_refused(&bp.plan)) {
			print_refusals(&bp);
			worst = VFIO_EXIT_REFUSED;
		} else if (!ctx->opts.dry_run && !bp.noop && !ctx->opts.yes &&
			   !isatty(STDIN_FILENO)) {
			/* recover changes drivers like any other change: no silent apply */
			cli_err("refusing to recover without --yes: standard input is not a terminal (review with --dry-run)");
			if (worst == VFIO_EXIT_OK)
				worst = VFIO_EXIT_USAGE;
		} else if (!ctx->opts.dry_run && !bp.noop && !ctx->opts.yes &&
			   !cli_confirm(cli_steps_question(bp.plan.nsteps, abs, sizeof(abs)))) {
			cli_err("cancelled: '%s' was not recovered", cli_abs(ctx, *j, abs, sizeof(abs)));
			worst = VFIO_EXIT_FAILURE;
		} else if (!ctx->opts.dry_run) {
			if (ctx->opts.yes || ctx->opts.json)
				print_plan_warnings(&bp);
			applied = true;
			rc = bind_plan_apply(path, &bp, &bind_ops_kernel, 0, &res);
			if (rc < 0)
				worst = report_failure(ctx, &bp, &res);
			else if (!ctx->opts.json)
				printf("recovered: %s restored\n", cli_abs(ctx, *j, abs, sizeof(abs)));
		}
		if (out) {
			item = json_object_new_object();
			json_object_object_add(item, "journal", json_object_new_string(*j));
			json_object_object_add(item, "state", json_object_new_string("applying"));
			json_object_object_add(item, "plan", plan_json(&bp));
			if (applied)
				json_object_object_add(item, "result", result_json(&res));
			json_object_array_add(out, item);
		}
		bind_plan_clear(&bp);
	}
	if (out) {
		struct json_object *root = json_object_new_object();

		json_object_object_add(root, "recover", out);
		cli_json_print(root);
		json_object_put(root);
	} else if (!pending) {
		printf("nothing to recover\n");
	}
out:
	strv_free(journals);
	if (lockfd >= 0)
		close(lockfd);
	return worst;
}
