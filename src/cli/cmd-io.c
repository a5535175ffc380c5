// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-io.c: io show, weight, limit, sched, model, top and undo */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "change.h"
#include "cli.h"
#include "io/cgroup.h"
#include "io/iodev.h"
#include "io/iofmt.h"
#include "io/ioplan.h"
#include "io/rates.h"
#include "io/session.h"
#include "io/verdict.h"
#include "pathnames.h"
#include "plan-text.h"



static int io_load(struct cli_ctx *ctx, struct io_session *io)
{
	struct path_ctx *path;
	int rc;

	memset(io, 0, sizeof(*io));
	io->lockfd = -1;
	rc = cli_path(ctx, &path);
	if (rc)
		return rc;
	rc = io_session_open(io, path);
	if (rc == -ENODEV) {
		cli_err("no cgroup file system is mounted on '%s'", PATH_CGROUP_ROOT_ABS);
		return VFIO_EXIT_FAILURE;
	}
	if (rc < 0) {
		cli_err("cannot read cgroups and disks below '%s': %s", path_ctx_root(path),
			strerror(-rc));
		return VFIO_EXIT_FAILURE;
	}
	return 0;
}

static void io_unload(struct io_session *io)
{
	io_session_close(io);
}

/*
 * The sysroot may be changed (live and root, or a fixture marked
 * writable), and the io lock is held before the old values are read, so
 * that two vfioctl runs cannot journal each other's values. Not for
 * --dry-run, which needs neither.
 */
static int io_prepare_change(struct cli_ctx *ctx, struct io_session *io)
{
	int rc;

	if (ctx->opts.dry_run)
		return 0;
	rc = io_session_lock(io);
	if (rc < 0 && io->stage == IO_SESSION_TARGET)
		return cli_change_target_error(ctx, io->path, rc, "changing io settings");
	if (rc < 0)
		return cli_change_lock_error(ctx, PATH_RUN_IO_LOCK, rc,
					     "another vfioctl is changing io settings");
	return 0;
}


/* the cgroup from --pid, --user or the argument ("/" when none) */
static int io_target_cgroup(struct cli_ctx *ctx, struct io_session *io, const char *arg, char *out,
			    size_t size)
{
	const char *what = arg;
	int rc;

	if (ctx->opts.pid && ctx->opts.user)
		return cli_usage_error("give --pid or --user, not both");
	if (ctx->opts.pid) {
		char *end;
		long pid = strtol(ctx->opts.pid, &end, 10);

		if (!isdigit((unsigned char)*ctx->opts.pid) || *end || pid <= 0)
			return cli_usage_error("invalid process id '%s'", ctx->opts.pid);
		rc = io_cgroup_of_pid(io->path, &io->cg, pid, out, size);
		if (rc == -ESRCH) {
			cli_err("no process '%ld'", pid);
			return VFIO_EXIT_FAILURE;
		}
		what = ctx->opts.pid;
	} else if (ctx->opts.user) {
		rc = io_cgroup_of_user(io->path, &io->cg, ctx->opts.user, out, size);
		if (rc == -ESRCH) {
			cli_err("no user '%s'", ctx->opts.user);
			return VFIO_EXIT_FAILURE;
		}
		if (rc == -ENOENT) {
			cli_err("user '%s' has no slice now (not logged in?)", ctx->opts.user);
			return VFIO_EXIT_FAILURE;
		}
		what = ctx->opts.user;
	} else {
		rc = io_cgroup_resolve(io->path, &io->cg, arg ? arg : "/", out, size);
	}
	if (rc == -ENOENT) {
		char abs[PATH_MAX];

		cli_err("no cgroup '%s' (neither a path nor a unit below '%s')", what,
			cli_abs(ctx, io->cg.tree ? io->cg.tree : PATH_CGROUP_ROOT, abs, sizeof(abs)));
		return VFIO_EXIT_FAILURE;
	}
	if (rc == -EINVAL)
		return cli_usage_error("invalid cgroup '%s': a path such as /machine.slice/vm1 or a unit name such as vm1.scope",
				       what);
	if (rc < 0) {
		cli_err("cannot find the cgroup of '%s': %s", what, strerror(-rc));
		return VFIO_EXIT_FAILURE;
	}
	return 0;
}

static int io_resolve_dev(struct io_session *io, const char *spec, struct io_target *t)
{
	int rc = io_target_resolve(io->path, spec, t);

	switch (rc) {
	case 0:
		return 0;
	case -ENOENT:
		cli_err("no block device '%s'", spec);
		return VFIO_EXIT_FAILURE;
	case -EINVAL:
		return cli_usage_error("invalid device '%s': /dev/sda2, sda, 8:2, a mount point or a volume",
				       spec);
	case -ENOTBLK:
		cli_err("'%s' is neither a block device nor a mount point", spec);
		return VFIO_EXIT_FAILURE;
	case -ENXIO:
		cli_err("'%s' is a mount without a block device below it", spec);
		return VFIO_EXIT_FAILURE;
	default:
		cli_err("cannot resolve '%s': %s", spec, strerror(-rc));
		return VFIO_EXIT_FAILURE;
	}
}

/* "sda2 is a partition of sda: using sda (8:0)" */
static void note_mapping(struct io_plan *p, const struct io_target *t)
{
	char list[256] = "";
	size_t len = 0;

	if (!t->mapped)
		return;
	for (size_t i = 0; i < t->ndisks && len < sizeof(list); i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s (%u:%u)", i ? ", " : "",
					t->disks[i].name, t->disks[i].maj, t->disks[i].min);
	io_plan_note(p, "%s is not a whole disk: mapped to %s", t->spec_dev, list);
}

/* ---------------------------------------------------------------- show */

enum {
	COL_CGROUP, COL_DEVICE, COL_MAJMIN, COL_SCHED, COL_IOCOST, COL_SETTING, COL_VALUE,
	COL_ACTIVE, COL_VERDICT,
};

static const struct col_desc show_cols[] = {
	[COL_CGROUP] = { "CGROUP", 0.3, SCOLS_FL_NOEXTREMES, SCOLS_JSON_STRING, "cgroup path" },
	[COL_DEVICE] = { "DEVICE", 6, 0, SCOLS_JSON_STRING, "whole disk" },
	[COL_MAJMIN] = { "MAJ:MIN", 6, 0, SCOLS_JSON_STRING, "disk number as io files spell it" },
	[COL_SCHED] = { "SCHED", 8, 0, SCOLS_JSON_STRING, "the disk's active I/O scheduler" },
	[COL_IOCOST] = { "IOCOST", 5, 0, SCOLS_JSON_BOOLEAN, "iocost enabled on the disk" },
	[COL_SETTING] = { "SETTING", 12, 0, SCOLS_JSON_STRING, "the file: io.weight, io.bfq.weight, io.max..." },
	[COL_VALUE] = { "VALUE", 10, 0, SCOLS_JSON_STRING, "the value for this disk" },
	[COL_ACTIVE] = { "ACTIVE", 5, 0, SCOLS_JSON_BOOLEAN, "whether the setting takes effect" },
	[COL_VERDICT] = { "VERDICT", 0.3, 0, SCOLS_JSON_STRING, "active or inert, and why" },
};

const struct col_desc *io_show_columns(size_t *n)
{
	*n = sizeof(show_cols) / sizeof(show_cols[0]);
	return show_cols;
}

/* the ancestors seen so far in the depth-first walk, with their io state */
struct anc {
	char path[512];
	char undelegated[512];	/* for this cgroup's children */
};

struct show {
	struct cli_ctx *ctx;
	struct io_session *io;
	struct out_table t;
	struct anc stack[80];
	size_t depth;
	size_t rows;
};

static bool is_prefix_dir(const char *anc, const char *path)
{
	size_t n = strlen(anc);

	if (strcmp(anc, "/") == 0)
		return true;
	return strncmp(anc, path, n) == 0 && path[n] == '/';
}

static void show_row(struct show *s, const char *cgroup, const struct io_disk *d,
		     const char *setting, const char *value, const struct io_verdict *v)
{
	struct out_table *t = &s->t;
	char *cell;

	if (out_table_new_row(t) < 0)
		return;
	for (size_t i = 0; i < t->nids; i++) {
		switch (t->ids[i]) {
		case COL_CGROUP:
			cell = strdup(cgroup);
			break;
		case COL_DEVICE:
			cell = strdup(d ? d->name : "");
			break;
		case COL_MAJMIN:
			cell = d && asprintf(&cell, "%u:%u", d->maj, d->min) >= 0 ? cell : strdup("");
			break;
		case COL_SCHED:
			cell = strdup(d ? d->sched.active : "");
			break;
		case COL_IOCOST:
			cell = strdup(!d ? "" : d->iocost ? "true" : "false");
			break;
		case COL_SETTING:
			cell = strdup(setting);
			break;
		case COL_VALUE:
			cell = strdup(value);
			break;
		case COL_ACTIVE:
			cell = strdup(v->active ? "true" : "false");
			break;
		case COL_VERDICT:
			cell = strdup(v->reason);
			break;
		default:
			cell = NULL;
		}
		out_table_set(t, i, cell,
			      t->ids[i] == COL_VERDICT ? (v->active ? COLOR_GREEN : COLOR_YELLOW) : NULL);
	}
	s->rows++;
}

/* a device the disk list leaves out (a dm map): its kernel name, else MAJ:MIN */
static void dev_name(struct io_session *io, unsigned maj, unsigned min, char *buf, size_t size)
{
	if (path_read_link_name(io->path, buf, size, "%s/%u:%u", PATH_SYS_DEV_BLOCK, maj, min) <= 0)
		snprintf(buf, size, "%u:%u", maj, min);
}

/* io.max keys that are not "max", "riops=100 wbps=1048576"; "" when none */
static void limits_text(const struct io_max *m, char *buf, size_t size)
{
	size_t len = 0;

	*buf = '\0';
	for (int k = 0; k < IO_NMAX_KEYS && len < size; k++)
		if (m->v[k] != IO_UNLIMITED)
			len += (size_t)snprintf(buf + len, size - len, "%s%s=%llu", len ? " " : "",
						io_max_key_name(k), (unsigned long long)m->v[k]);
}

static void show_weights(struct show *s, const char *cgroup, const char *file,
			 enum io_setting kind, const char *undelegated, bool v1dev)
{
	struct io_weights w;
	char *text = NULL;

	if (io_cgroup_read(s->io->path, &s->io->cg, cgroup, file, &text) < 0)
		return;
	if ((v1dev ? io_v1_device_parse(text, &w, NULL) : io_weights_parse(text, &w)) < 0) {
		cli_warn("cannot parse '%s' of '%s'", file, cgroup);
		free(text);
		return;
	}
	free(text);
	for (size_t i = 0; i < s->io->ndisks; i++) {
		const struct io_disk *d = &s->io->disks[i];
		struct io_verdict v;
		char val[48];
		bool own;
		unsigned wt = io_weight_for(&w, d->maj, d->min, &own);

		if (!wt && !own)
			continue;
		snprintf(val, sizeof(val), own ? "%u" : "%u (default)", wt);
		io_verdict_for(kind, d, s->io->cg.mode, undelegated, false, &v);
		show_row(s, cgroup, d, file, val, &v);
	}
	io_weights_free(&w);
}

static void show_v2_limits(struct show *s, const char *cgroup, const char *undelegated)
{
	struct io_max *m = NULL;
	size_t n = 0;
	char *text = NULL;

	if (io_cgroup_read(s->io->path, &s->io->cg, cgroup, "io.max", &text) < 0)
		return;
	if (io_max_parse(text, &m, &n) < 0) {
		cli_warn("cannot parse 'io.max' of '%s'", cgroup);
		free(text);
		return;
	}
	free(text);
	for (size_t i = 0; i < n; i++) {
		const struct io_disk *d = io_disk_find(s->io->disks, s->io->ndisks, m[i].maj, m[i].min);
		struct io_disk unknown = { .maj = m[i].maj, .min = m[i].min };
		struct io_verdict v;
		char val[160];

		limits_text(&m[i], val, sizeof(val));
		if (!*val)
			continue;
		if (!d) {
			dev_name(s->io, m[i].maj, m[i].min, unknown.name, sizeof(unknown.name));
			strcpy(unknown.sched.active, "none");
			d = &unknown;
		}
		io_verdict_for(IO_SET_MAX, d, s->io->cg.mode, undelegated, false, &v);
		show_row(s, cgroup, d, "io.max", val, &v);
	}
	free(m);
}

static void show_v1_limits(struct show *s, const char *cgroup)
{
	static const char *const files[IO_NMAX_KEYS] = {
		"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
		"blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
	};

	for (int k = 0; k < IO_NMAX_KEYS; k++) {
		struct io_weights w;
		uint64_t *vals = NULL;
		char *text = NULL;

		if (io_cgroup_read(s->io->path, &s->io->cg, cgroup, files[k], &text) < 0)
			continue;
		if (io_v1_device_parse(text, &w, &vals) < 0) {
			free(text);
			continue;
		}
		free(text);
		for (size_t i = 0; i < w.n; i++) {
			const struct io_disk *d = io_disk_find(s->io->disks, s->io->ndisks,
							       w.devs[i].maj, w.devs[i].min);
			struct io_disk unknown = { .maj = w.devs[i].maj, .min = w.devs[i].min };
			struct io_verdict v;
			char val[64];

			if (!vals[i])
				continue;
			if (!d) {
				dev_name(s->io, w.devs[i].maj, w.devs[i].min, unknown.name,
					 sizeof(unknown.name));
				strcpy(unknown.sched.active, "none");
				d = &unknown;
			}
			snprintf(val, sizeof(val), "%s=%llu", io_max_key_name(k),
				 (unsigned long long)vals[i]);
			io_verdict_for(IO_SET_V1_THROTTLE, d, s->io->cg.mode, "", false, &v);
			show_row(s, cgroup, d, files[k] + 6, val, &v);
		}
		free(vals);
		io_weights_free(&w);
	}
}

static int show_cb(const char *cgroup, void *data)
{
	struct show *s = data;
	char undelegated[512] = "";
	char *sc = NULL;

	/* leave the ancestors that are not ancestors of this cgroup */
	while (s->depth && !is_prefix_dir(s->stack[s->depth - 1].path, cgroup))
		s->depth--;
	if (s->depth)
		memcpy(undelegated, s->stack[s->depth - 1].undelegated, sizeof(undelegated));
	if (s->depth < sizeof(s->stack) / sizeof(s->stack[0])) {
		struct anc *a = &s->stack[s->depth++];

		snprintf(a->path, sizeof(a->path), "%s", cgroup);
		snprintf(a->undelegated, sizeof(a->undelegated), "%s", undelegated);
		if (!*undelegated && s->io->cg.mode == IO_CG_V2) {
			bool io = false;

			if (io_cgroup_read(s->io->path, &s->io->cg, cgroup, "cgroup.subtree_control",
					   &sc) == 0) {
				for (char *w = strtok(sc, " \n"); w; w = strtok(NULL, " \n"))
					io |= strcmp(w, "io") == 0;
				free(sc);
			}
			if (!io)
				snprintf(a->undelegated, sizeof(a->undelegated), "%s", cgroup);
		}
	}
	if (strcmp(cgroup, "/") == 0)
		return 0;	/* the root has no weight or limit of its own */
	if (s->io->cg.mode == IO_CG_V2) {
		char rel[512];

		if (io_cgroup_file(&s->io->cg, cgroup, "io.weight", rel, sizeof(rel)) == 0 &&
		    !path_exists(s->io->path, "%s", rel) &&
		    !(io_cgroup_file(&s->io->cg, cgroup, "io.max", rel, sizeof(rel)) == 0 &&
		      path_exists(s->io->path, "%s", rel))) {
			struct io_verdict v;
			struct io_disk none = { .name = "" };

			strcpy(none.sched.active, "none");
			if (*undelegated)
				io_verdict_for(IO_SET_WEIGHT, &none, s->io->cg.mode, undelegated, false, &v);
			else
				snprintf(v.reason, sizeof(v.reason), "inert: no io files here (io.weight needs iocost in the kernel)");
			v.active = false;
			show_row(s, cgroup, NULL, "io", "", &v);
			return 0;
		}
		show_weights(s, cgroup, "io.weight", IO_SET_WEIGHT, undelegated, false);
		show_weights(s, cgroup, "io.bfq.weight", IO_SET_BFQ_WEIGHT, undelegated, false);
		show_v2_limits(s, cgroup, undelegated);
		return 0;
	}
	show_weights(s, cgroup, "blkio.weight", IO_SET_V1_WEIGHT, "", true);
	show_weights(s, cgroup, "blkio.weight_device", IO_SET_V1_WEIGHT, "", true);
	show_weights(s, cgroup, "blkio.bfq.weight", IO_SET_V1_WEIGHT, "", false);
	show_v1_limits(s, cgroup);
	return 0;
}

static const char *mode_line(const struct io_cgroups *cg)
{
	switch (cg->mode) {
	case IO_CG_V2:
		return "cgroup v2: io controls in the unified tree";
	case IO_CG_V1:
		return "cgroup v1: io controls in the blkio hierarchy";
	case IO_CG_HYBRID:
		return "cgroup hybrid: the v2 tree has no controllers; io controls are in the v1 blkio hierarchy";
	default:
		return "no cgroups";
	}
}

int cmd_io_show(struct cli_ctx *ctx, int argc, char **argv)
{
	struct show *s;
	struct io_session io;
	char cgroup[512];
	int rc;

	if (ctx->opts.list_columns) {
		out_list_columns(ctx, show_cols, sizeof(show_cols) / sizeof(show_cols[0]));
		return VFIO_EXIT_OK;
	}
	if (argc && (ctx->opts.pid || ctx->opts.user))
		return cli_usage_error("give a cgroup or --pid/--user, not both");
	rc = io_load(ctx, &io);
	if (rc)
		return rc;
	rc = io_target_cgroup(ctx, &io, argc ? argv[0] : NULL, cgroup, sizeof(cgroup));
	if (rc)
		goto out;
	s = calloc(1, sizeof(*s));
	if (!s) {
		rc = VFIO_EXIT_FAILURE;
		goto out;
	}
	s->ctx = ctx;
	s->io = &io;
	rc = out_table_init(ctx, &s->t, "io", show_cols, sizeof(show_cols) / sizeof(show_cols[0]),
			    "CGROUP,DEVICE,SCHED,SETTING,VALUE,VERDICT");
	if (rc) {
		free(s);
		goto out;
	}
	/* a walk from a deep cgroup must know its ancestors' delegation */
	if (strcmp(cgroup, "/") != 0 && io.cg.mode == IO_CG_V2) {
		char und[256];

		if (io_cgroup_undelegated(io.path, &io.cg, cgroup, und, sizeof(und), NULL, 0) > 0) {
			snprintf(s->stack[0].path, sizeof(s->stack[0].path), "/");
			snprintf(s->stack[0].undelegated, sizeof(s->stack[0].undelegated), "%s", und);
			s->depth = 1;
		}
	}
	rc = io_cgroup_walk(io.path, &io.cg, cgroup, show_cb, s);
	if (rc < 0) {
		cli_error_at(ctx, rc, "cannot walk the cgroup '%s'", cgroup);
		rc = VFIO_EXIT_FAILURE;
	} else {
		if (s->t.root) {
			json_object_object_add(s->t.root, "mode",
					       json_object_new_string(io_cg_mode_name(io.cg.mode)));
			json_object_object_add(s->t.root, "mode_note",
					       json_object_new_string(mode_line(&io.cg)));
		} else if (!ctx->opts.raw && !ctx->opts.noheadings) {
			printf("%s\n", mode_line(&io.cg));
		}
		rc = s->rows || s->t.root ? out_table_print(&s->t) : 0;
		if (!s->rows && !s->t.root)
			printf("no io settings below '%s'\n", cgroup);
	}
	out_table_free(&s->t);
	free(s);
out:
	io_unload(&io);
	return rc;
}

/* ------------------------------------------------------------- changes */

static struct json_object *plan_json(const struct io_plan *p)
{
	struct json_object *o = json_object_new_object();
	struct json_object *notes = json_object_new_array(), *steps = json_object_new_array();

	json_object_object_add(o, "op", json_object_new_string(p->op));
	json_object_object_add(o, "target", json_string_or_null(p->target));
	for (size_t i = 0; i < p->nnotes; i++)
		json_object_array_add(notes, json_object_new_string(p->notes[i]));
	json_object_object_add(o, "notes", notes);
	for (size_t i = 0; i < p->n; i++) {
		struct json_object *s = json_object_new_object();

		json_object_object_add(s, "step", json_object_new_int((int)i + 1));
		json_object_object_add(s, "what", json_object_new_string(p->steps[i].what));
		json_object_object_add(s, "path", json_object_new_string(p->steps[i].path));
		json_object_object_add(s, "old", json_object_new_string(p->steps[i].shown_old));
		json_object_object_add(s, "new", json_object_new_string(p->steps[i].shown_new));
		json_object_object_add(s, "write", json_object_new_string(p->steps[i].new_));
		json_object_object_add(s, "restore", json_object_new_string(p->steps[i].old));
		json_object_array_add(steps, s);
	}
	json_object_object_add(o, "steps", steps);
	return o;
}

static void print_line(void *data, enum plan_line kind, enum check_result result,
		       const char *text)
{
	(void)data;
	(void)kind;
	(void)result;
	puts(text);
}

static const char *print_abs(void *data, const char *rel, char *buf, size_t size)
{
	return cli_abs(data, rel, buf, size);
}

static void print_plan(const struct cli_ctx *ctx, const struct io_plan *p)
{
	struct plan_text_sink sink = { print_line, print_abs, (void *)ctx };

	io_plan_text(p, &sink);
}



static int run_plan(struct cli_ctx *ctx, struct io_session *io, struct io_plan *p)
{
	struct io_apply_result res;
	const char *fault = getenv("VFIOCTL_FAULT_STEP");
	char abs[PATH_MAX], self[PATH_MAX + 32];
	int rc;

	if (!p->n) {
		if (ctx->opts.json) {
			struct json_object *root = json_object_new_object();

			json_object_object_add(root, "plan", plan_json(p));
			cli_json_print(root);
			json_object_put(root);
		} else {
			for (size_t i = 0; i < p->nnotes; i++)
				printf("note: %s\n", p->notes[i]);
			printf("nothing to do: every value is already so\n");
		}
		return VFIO_EXIT_OK;
	}
	if (!ctx->opts.json && (ctx->opts.dry_run || !ctx->opts.yes))
		print_plan(ctx, p);
	else if (!ctx->opts.json)
		for (size_t i = 0; i < p->nnotes; i++)
			printf("note: %s\n", p->notes[i]);
	if (ctx->opts.dry_run) {
		if (ctx->opts.json) {
			struct json_object *root = json_object_new_object();

			json_object_object_add(root, "plan", plan_json(p));
			cli_json_print(root);
			json_object_put(root);
		}
		return VFIO_EXIT_OK;
	}
	/* what is asked about is shown first, in JSON too; the result follows as its own document */
	if (ctx->opts.json && !ctx->opts.yes) {
		struct json_object *root = json_object_new_object();

		json_object_object_add(root, "plan", plan_json(p));
		cli_json_print(root);
		json_object_put(root);
		fflush(stdout);
	}
	rc = cli_consent(ctx, cli_steps_question(p->n, abs, sizeof(abs)), "change io settings");
	if (rc)
		return rc;
	rc = io_plan_apply(io->path, p, fault ? atoi(fault) : 0, &res);
	if (ctx->opts.json) {
		struct json_object *root = json_object_new_object(), *r = json_object_new_object();

		if (ctx->opts.yes)
			json_object_object_add(root, "plan", plan_json(p));
		json_object_object_add(r, "ok", json_object_new_boolean(rc == 0));
		json_object_object_add(r, "steps_done", json_object_new_int((int)res.steps_done));
		json_object_object_add(r, "failed_step", res.failed_step >= 0
					   ? json_object_new_int(res.failed_step + 1) : NULL);
		json_object_object_add(r, "error", rc < 0 ? json_errno(rc) : NULL);
		json_object_object_add(r, "message", rc < 0 && res.failed_step >= 0
					   ? json_object_new_string(io_write_error(rc, p->steps[res.failed_step].path))
					   : rc < 0 ? json_object_new_string(strerror(-rc)) : NULL);
		json_object_object_add(r, "rolled_back", json_object_new_boolean(res.rolled_back));
		json_object_object_add(r, "journal", json_string_or_null(res.journal));
		json_object_object_add(root, "result", r);
		cli_json_print(root);
		json_object_put(root);
	}
	if (rc < 0) {
		if (res.failed_step < 0) {
			cli_err("cannot write the journal '%s': %s",
				cli_abs(ctx, res.journal, abs, sizeof(abs)), strerror(-rc));
			return VFIO_EXIT_FAILURE;
		}
		const struct io_step *s = &p->steps[res.failed_step];

		cli_err("cannot write '%s' to '%s': %s", s->new_, cli_abs(ctx, s->path, abs, sizeof(abs)),
			io_write_error(rc, s->path));
		if (res.rolled_back)
			fprintf(stderr, "%s: %s\n", PROGRAM_NAME, res.steps_done
				? "rolled back: every value is as it was" : "nothing was changed");
		else
			fprintf(stderr, "%s: rollback failed; '%s io undo' may restore the rest\n",
				PROGRAM_NAME, cli_self(ctx, self, sizeof(self)));
		return VFIO_EXIT_FAILURE;
	}
	if (!ctx->opts.json) {
		if (strcmp(p->op, "undo") == 0)
			printf("restored %zu values\n", res.steps_done);
		else
			printf("done: %zu steps (undo with '%s io undo')\n", res.steps_done,
			       cli_self(ctx, self, sizeof(self)));
	}
	return VFIO_EXIT_OK;
}

static int plan_failed(struct io_plan *p, int rc)
{
	if (*p->error && (rc == -ERANGE || rc == -EINVAL))
		return cli_usage_error("%s", p->error);
	if (*p->error)
		cli_err("%s", p->error);
	else
		cli_err("cannot plan io %s: %s", p->op, strerror(-rc));
	if (rc == -ERANGE || rc == -EINVAL)
		return VFIO_EXIT_USAGE;
	return rc == -EPERM ? VFIO_EXIT_REFUSED : VFIO_EXIT_FAILURE;
}

/* the --enable-io steps go first: files below appear only after them */
static int with_enable_io(struct cli_ctx *ctx, struct io_session *io, const char *cgroup,
			  struct io_plan *p)
{
	int rc;

	if (!ctx->opts.enable_io)
		return 0;
	rc = io_plan_enable_io(io->path, &io->cg, cgroup, p);
	if (rc < 0)
		return plan_failed(p, rc);
	return 0;
}

static int parse_weight(const char *s, unsigned long long *w)
{
	uint64_t v;

	if (io_u64_parse(s, &v) < 0)
		return cli_usage_error("invalid weight '%s': expected a number (io.weight 1..10000)", s);
	*w = v;
	return 0;
}

/*
 * @sub (the weight or limit steps, planned with result @rc) goes behind the
 * enable-io steps already in @p; while io is being enabled its files do
 * not exist yet (-ENOENT), which is a note, not an error. Frees @sub.
 */
static int behind_enable_io(struct io_plan *p, struct io_plan *sub, int rc, const char *op,
			    const char *cgroup)
{
	if (rc == -ENOENT && p->n) {
		io_plan_note(p, "%s not planned: run the command again once io is enabled", op);
		rc = 0;
	} else if (rc < 0) {
		rc = plan_failed(sub, rc);
	} else if (io_plan_append(p, sub) < 0) {
		rc = VFIO_EXIT_FAILURE;
	}
	snprintf(p->op, sizeof(p->op), "%s", op);
	snprintf(p->target, sizeof(p->target), "%s", cgroup);
	io_plan_clear(sub);
	return rc;
}

int cmd_io_weight(struct cli_ctx *ctx, int argc, char **argv)
{
	bool by_opt = ctx->opts.pid || ctx->opts.user;
	int first = by_opt ? 0 : 1, rc;
	struct io_plan p = { 0 };
	struct io_target t;
	unsigned long long w = 0;
	struct io_session io;
	char cgroup[512];

	if (argc - first < 1 || argc - first > 2)
		return cli_usage_error(by_opt ? "'io weight' with --pid or --user takes [DEV] W"
					      : "'io weight' needs CGROUP [DEV] W");
	rc = parse_weight(argv[argc - 1], &w);
	if (rc)
		return rc;
	rc = io_load(ctx, &io);
	if (rc == 0)
		rc = io_prepare_change(ctx, &io);
	if (rc) {
		io_unload(&io);
		return rc;
	}
	rc = io_target_cgroup(ctx, &io, by_opt ? NULL : argv[0], cgroup, sizeof(cgroup));
	if (rc == 0 && argc - first == 2)
		rc = io_resolve_dev(&io, argv[first], &t);
	if (rc == 0 && ctx->opts.enable_io && io.cg.mode == IO_CG_V2) {
		/* the files appear once io is enabled: plan on what is there now */
		rc = with_enable_io(ctx, &io, cgroup, &p);
	}
	if (rc == 0) {
		struct io_plan wp = { 0 };

		rc = io_plan_weight(io.path, &io.cg, io.disks, io.ndisks, cgroup,
				    argc - first == 2 ? &t : NULL, w, &wp);
		rc = behind_enable_io(&p, &wp, rc, "weight", cgroup);
	}
	if (rc == 0 && argc - first == 2)
		note_mapping(&p, &t);
	if (rc == 0)
		rc = run_plan(ctx, &io, &p);
	io_plan_clear(&p);
	io_unload(&io);
	return rc;
}

int cmd_io_limit(struct cli_ctx *ctx, int argc, char **argv)
{
	bool by_opt = ctx->opts.pid || ctx->opts.user;
	int first = by_opt ? 0 : 1, rc;
	struct io_max req = { 0 };
	struct io_plan p = { 0 };
	struct io_target t;
	struct io_session io;
	char cgroup[512];

	if (argc - first < 2)
		return cli_usage_error("'io limit' needs %sDEV and at least one of riops=N wiops=N rbps=N wbps=N",
				       by_opt ? "" : "CGROUP ");
	for (int i = first + 1; i < argc; i++) {
		rc = io_max_arg(&req, argv[i]);
		if (rc == -EEXIST)
			return cli_usage_error("limit '%.*s' given twice", (int)strcspn(argv[i], "="), argv[i]);
		if (rc == -ERANGE)
			return cli_usage_error("limit '%s' is out of range: the kernel takes 2 or more (IOPS up to 4294967295), or max",
					       argv[i]);
		if (rc < 0)
			return cli_usage_error("invalid limit '%s': use riops=N, wiops=N, rbps=N or wbps=N (N a number or max)",
					       argv[i]);
	}
	rc = io_load(ctx, &io);
	if (rc == 0)
		rc = io_prepare_change(ctx, &io);
	if (rc) {
		io_unload(&io);
		return rc;
	}
	rc = io_target_cgroup(ctx, &io, by_opt ? NULL : argv[0], cgroup, sizeof(cgroup));
	if (rc == 0)
		rc = io_resolve_dev(&io, argv[first], &t);
	if (rc == 0)
		rc = with_enable_io(ctx, &io, cgroup, &p);
	if (rc == 0) {
		struct io_plan lp = { 0 };

		rc = io_plan_limit(io.path, &io.cg, cgroup, &t, &req, &lp);
		rc = behind_enable_io(&p, &lp, rc, "limit", cgroup);
	}
	if (rc == 0)
		note_mapping(&p, &t);
	if (rc == 0)
		rc = run_plan(ctx, &io, &p);
	io_plan_clear(&p);
	io_unload(&io);
	return rc;
}

static int sched_show(struct cli_ctx *ctx, struct io_session *io, const struct io_target *t)
{
	struct json_object *root = NULL, *arr = NULL;

	if (ctx->opts.json) {
		root = json_object_new_object();
		arr = json_object_new_array();
		json_object_object_add(root, "schedulers", arr);
	}
	if (t->mapped && !ctx->opts.json)
		printf("%s is not a whole disk: showing %s\n", t->spec_dev, t->disks[0].name);
	for (size_t i = 0; i < t->ndisks; i++) {
		const struct io_disk *d = io_disk_find(io->disks, io->ndisks, t->disks[i].maj,
						       t->disks[i].min);

		if (!d)
			continue;
		if (arr) {
			struct json_object *o = json_object_new_object(), *av = json_object_new_array();

			json_object_object_add(o, "device", json_object_new_string(d->name));
			json_object_object_add(o, "active", json_object_new_string(d->sched.active));
			for (size_t k = 0; k < d->sched.navail; k++)
				json_object_array_add(av, json_object_new_string(d->sched.avail[k]));
			json_object_object_add(o, "available", av);
			json_object_object_add(o, "iocost", json_object_new_boolean(d->iocost));
			json_object_array_add(arr, o);
			continue;
		}
		printf("%s:", d->name);
		for (size_t k = 0; k < d->sched.navail; k++)
			printf(strcmp(d->sched.avail[k], d->sched.active) ? " %s" : " [%s]",
			       d->sched.avail[k]);
		printf("%s\n", d->iocost ? " (iocost on)" : "");
	}
	if (root) {
		cli_json_print(root);
		json_object_put(root);
	}
	return VFIO_EXIT_OK;
}

int cmd_io_sched(struct cli_ctx *ctx, int argc, char **argv)
{
	struct io_plan p = { 0 };
	struct io_target t;
	struct io_session io;
	int rc;

	if (argc == 2 && !io_sched_name_valid(argv[1]))
		return cli_usage_error("invalid scheduler name '%s'", argv[1]);
	if (argc == 1 && (ctx->opts.dry_run || ctx->opts.yes))
		return cli_usage_error("'io sched DEV' only shows; give a NAME to change it");
	rc = io_load(ctx, &io);
	if (rc == 0 && argc == 2)
		rc = io_prepare_change(ctx, &io);
	if (rc) {
		io_unload(&io);
		return rc;
	}
	rc = io_resolve_dev(&io, argv[0], &t);
	if (rc == 0 && argc == 1)
		rc = sched_show(ctx, &io, &t);
	else if (rc == 0) {
		rc = io_plan_sched(io.path, io.disks, io.ndisks, &t, argv[1], &p);
		if (rc < 0)
			rc = plan_failed(&p, rc);
		else {
			note_mapping(&p, &t);
			rc = run_plan(ctx, &io, &p);
		}
	}
	io_plan_clear(&p);
	io_unload(&io);
	return rc;
}

static int parse_iops_opt(const char *opt, const char *s, uint64_t *v)
{
	if (io_u64_parse(s, v) < 0 || !*v || *v > UINT32_MAX)
		return cli_usage_error("invalid %s '%s': expected 1..4294967295", opt, s);
	return 0;
}

int cmd_io_model(struct cli_ctx *ctx, int argc, char **argv)
{
	struct io_plan p = { 0 };
	struct io_target t;
	struct io_session io;
	uint64_t riops = 0, wiops = 0;
	int rc;

	if (strcmp(argv[1], "iops") != 0)
		return cli_usage_error("unknown model '%s': the only model is 'iops'", argv[1]);
	if (ctx->opts.read_iops && (rc = parse_iops_opt("--read-iops", ctx->opts.read_iops, &riops)))
		return rc;
	if (ctx->opts.write_iops && (rc = parse_iops_opt("--write-iops", ctx->opts.write_iops, &wiops)))
		return rc;
	rc = io_load(ctx, &io);
	if (rc == 0)
		rc = io_prepare_change(ctx, &io);
	if (rc) {
		io_unload(&io);
		return rc;
	}
	rc = io_resolve_dev(&io, argv[0], &t);
	if (rc == 0 && !riops) {
		if (!path_ctx_is_live(io.path)) {
			cli_err("give --read-iops (and --write-iops): the probe reads the live disk only");
			rc = VFIO_EXIT_USAGE;
		} else {
			int prc = io_probe_read_iops(io.path, t.disks[0].name, 1000, &riops);

			if (prc < 0) {
				cli_err("cannot probe '%s': %s (give --read-iops)", t.disks[0].name,
					strerror(-prc));
				rc = VFIO_EXIT_FAILURE;
			} else {
				io_plan_note(&p, "probe: %s reads %llu IOPS (4 KiB random, queue depth 1, 1 s)",
					     t.disks[0].name, (unsigned long long)riops);
			}
		}
	}
	if (rc == 0) {
		struct io_plan mp = { 0 };

		if (!wiops) {
			wiops = riops;
			io_plan_note(&p, "write IOPS taken equal to read IOPS (writes are never probed)");
		}
		rc = io_plan_model(io.path, &io.cg, io.disks, io.ndisks, &t, riops, wiops, &mp);
		if (rc < 0) {
			rc = plan_failed(&mp, rc);
		} else {
			for (size_t i = 0; i < p.nnotes; i++)
				io_plan_note(&mp, "%s", p.notes[i]);
			note_mapping(&mp, &t);
			rc = run_plan(ctx, &io, &mp);
		}
		io_plan_clear(&mp);
	}
	io_plan_clear(&p);
	io_unload(&io);
	return rc;
}

int cmd_io_undo(struct cli_ctx *ctx, int argc, char **argv)
{
	struct io_plan p = { 0 };
	struct io_session io;
	int rc = io_load(ctx, &io);

	if (rc == 0)
		rc = io_prepare_change(ctx, &io);
	if (rc) {
		io_unload(&io);
		return rc;
	}
	rc = io_plan_undo(io.path, &p);
	if (rc == -ENOENT && !*p.undo_journal) {
		printf("nothing to undo\n");
		rc = VFIO_EXIT_OK;
	} else if (rc < 0) {
		rc = plan_failed(&p, rc);
	} else {
		char abs[PATH_MAX];

		snprintf(p.target, sizeof(p.target), "%s", cli_abs(ctx, p.undo_journal, abs, sizeof(abs)));
		rc = run_plan(ctx, &io, &p);
	}
	io_plan_clear(&p);
	io_unload(&io);
	return rc;
}

/* ----------------------------------------------------------------- top */

enum {
	TCOL_CGROUP, TCOL_DEVICE, TCOL_RIOPS, TCOL_WIOPS, TCOL_RBPS, TCOL_WBPS, TCOL_DIOS,
	TCOL_RCAP, TCOL_WCAP, TCOL_RPCT, TCOL_WPCT, TCOL_PSI, TCOL_STATE,
};

static const struct col_desc top_cols[] = {
	[TCOL_CGROUP] = { "CGROUP", 0.3, SCOLS_FL_NOEXTREMES, SCOLS_JSON_STRING, "cgroup path" },
	[TCOL_DEVICE] = { "DEVICE", 6, 0, SCOLS_JSON_STRING, "disk" },
	[TCOL_RIOPS] = { "RIOPS", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "reads per second" },
	[TCOL_WIOPS] = { "WIOPS", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "writes per second" },
	[TCOL_RBPS] = { "RBPS", 8, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "bytes read per second" },
	[TCOL_WBPS] = { "WBPS", 8, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "bytes written per second" },
	[TCOL_DIOS] = { "DIOS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "discards per second" },
	[TCOL_RCAP] = { "RIOPS-MAX", 6, SCOLS_FL_RIGHT, SCOLS_JSON_STRING, "io.max riops (max: none)" },
	[TCOL_WCAP] = { "WIOPS-MAX", 6, SCOLS_FL_RIGHT, SCOLS_JSON_STRING, "io.max wiops (max: none)" },
	[TCOL_RPCT] = { "R%CAP", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "read IOPS in percent of the cap" },
	[TCOL_WPCT] = { "W%CAP", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "write IOPS in percent of the cap" },
	[TCOL_PSI] = { "PSI-FULL", 6, SCOLS_FL_RIGHT, SCOLS_JSON_STRING, "io.pressure full avg10 (%)" },
	[TCOL_STATE] = { "STATE", 5, 0, SCOLS_JSON_STRING, "ok, new, reset (recreated) or gone" },
};

const struct col_desc *io_top_columns(size_t *n)
{
	*n = sizeof(top_cols) / sizeof(top_cols[0]);
	return top_cols;
}

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static volatile sig_atomic_t top_stop;

static void on_signal(int sig)
{
	(void)sig;
	top_stop = 1;
}

/* io.max and io.pressure of a cgroup, read once per refresh */
struct top_extra {
	struct io_max *caps;
	size_t ncaps;
	struct io_pressure psi;
	bool has_psi;
};

static void top_extra_read(struct io_session *io, const char *cgroup, struct top_extra *e)
{
	char *text = NULL;

	memset(e, 0, sizeof(*e));
	if (io->cg.mode == IO_CG_V2 &&
	    io_cgroup_read(io->path, &io->cg, cgroup, "io.max", &text) == 0)
		io_max_parse(text, &e->caps, &e->ncaps);
	free(text);
	text = NULL;
	if (io_cgroup_read(io->path, &io->cg, cgroup, "io.pressure", &text) == 0)
		e->has_psi = io_pressure_parse(text, &e->psi) == 0;
	free(text);
}

/* a number in JSON with @digits decimals, not json-c's 17 digits */
static struct json_object *json_fixed(double v, int digits)
{
	char buf[48];

	snprintf(buf, sizeof(buf), "%.*f", digits, v);
	return json_object_new_double_s(v, buf);
}

static struct json_object *json_rate(double v)
{
	return json_fixed(v, 1);
}

static char *fmt_rate(double v)
{
	char *s;

	return asprintf(&s, "%.0f", v) < 0 ? NULL : s;
}

static int top_render(struct cli_ctx *ctx, struct io_session *io, const struct io_rate *r, size_t n,
		      double dt, double t)
{
	struct json_object *line = NULL, *arr = NULL;
	struct out_table tb;
	char last[512] = "";
	struct top_extra ex = { 0 };
	int rc = 0;

	if (ctx->opts.json) {
		line = json_object_new_object();
		arr = json_object_new_array();
		json_object_object_add(line, "time", json_fixed(t, 3));
		json_object_object_add(line, "interval", json_fixed(dt, 3));
		json_object_object_add(line, "own", json_object_new_boolean(ctx->opts.own));
		json_object_object_add(line, "rates", arr);
	} else {
		rc = out_table_init(ctx, &tb, "rates", top_cols, sizeof(top_cols) / sizeof(top_cols[0]),
				    "CGROUP,DEVICE,RIOPS,WIOPS,RBPS,WBPS,RIOPS-MAX,R%CAP,WIOPS-MAX,W%CAP,PSI-FULL,STATE");
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < n; i++) {
		const struct io_disk *d = io_disk_find(io->disks, io->ndisks, r[i].maj, r[i].min);
		uint64_t rcap = IO_UNLIMITED, wcap = IO_UNLIMITED;
		char dev[32], rc_s[24], wc_s[24], psi[24];

		if (strcmp(last, r[i].cgroup) != 0) {
			free(ex.caps);
			if (r[i].state == IO_RATE_GONE)
				memset(&ex, 0, sizeof(ex));
			else
				top_extra_read(io, r[i].cgroup, &ex);
			snprintf(last, sizeof(last), "%s", r[i].cgroup);
		}
		for (size_t k = 0; k < ex.ncaps; k++)
			if (ex.caps[k].maj == r[i].maj && ex.caps[k].min == r[i].min) {
				rcap = ex.caps[k].v[IO_RIOPS];
				wcap = ex.caps[k].v[IO_WIOPS];
			}
		if (d)
			snprintf(dev, sizeof(dev), "%s", d->name);
		else
			snprintf(dev, sizeof(dev), "%u:%u", r[i].maj, r[i].min);
		snprintf(rc_s, sizeof(rc_s), rcap == IO_UNLIMITED ? "max" : "%llu", (unsigned long long)rcap);
		snprintf(wc_s, sizeof(wc_s), wcap == IO_UNLIMITED ? "max" : "%llu", (unsigned long long)wcap);
		if (ex.has_psi && ex.psi.has_full)
			snprintf(psi, sizeof(psi), "%.2f", ex.psi.full_avg10);
		else
			psi[0] = '\0';
		if (arr) {
			struct json_object *o = json_object_new_object();
			bool ok = r[i].state == IO_RATE_OK;

			json_object_object_add(o, "cgroup", json_object_new_string(r[i].cgroup));
			json_object_object_add(o, "device", json_object_new_string(dev));
			json_object_object_add(o, "riops", ok ? json_rate(r[i].riops) : NULL);
			json_object_object_add(o, "wiops", ok ? json_rate(r[i].wiops) : NULL);
			json_object_object_add(o, "rbps", ok ? json_rate(r[i].rbps) : NULL);
			json_object_object_add(o, "wbps", ok ? json_rate(r[i].wbps) : NULL);
			json_object_object_add(o, "dios", ok ? json_rate(r[i].dios) : NULL);
			json_object_object_add(o, "riops_max", rcap == IO_UNLIMITED ? NULL
					       : json_object_new_int64((int64_t)rcap));
			json_object_object_add(o, "wiops_max", wcap == IO_UNLIMITED ? NULL
					       : json_object_new_int64((int64_t)wcap));
			json_object_object_add(o, "pressure_full_avg10", ex.has_psi && ex.psi.has_full
					       ? json_fixed(ex.psi.full_avg10, 2) : NULL);
			json_object_object_add(o, "pressure_some_avg10", ex.has_psi
					       ? json_fixed(ex.psi.some_avg10, 2) : NULL);
			json_object_object_add(o, "state",
					       json_object_new_string(io_rate_state_name(r[i].state)));
			json_object_array_add(arr, o);
			continue;
		}
		if (out_table_new_row(&tb) < 0)
			break;
		for (size_t c = 0; c < tb.nids; c++) {
			bool ok = r[i].state == IO_RATE_OK;
			char *cell = NULL;

			switch (tb.ids[c]) {
			case TCOL_CGROUP:
				cell = strdup(r[i].cgroup);
				break;
			case TCOL_DEVICE:
				cell = strdup(dev);
				break;
			case TCOL_RIOPS:
				cell = ok ? fmt_rate(r[i].riops) : strdup("");
				break;
			case TCOL_WIOPS:
				cell = ok ? fmt_rate(r[i].wiops) : strdup("");
				break;
			case TCOL_RBPS:
				cell = ok ? fmt_rate(r[i].rbps) : strdup("");
				break;
			case TCOL_WBPS:
				cell = ok ? fmt_rate(r[i].wbps) : strdup("");
				break;
			case TCOL_DIOS:
				cell = ok ? fmt_rate(r[i].dios) : strdup("");
				break;
			case TCOL_RCAP:
				cell = strdup(rc_s);
				break;
			case TCOL_WCAP:
				cell = strdup(wc_s);
				break;
			case TCOL_RPCT:
				cell = ok && rcap != IO_UNLIMITED ? fmt_rate(100.0 * r[i].riops / (double)rcap)
								  : strdup("");
				break;
			case TCOL_WPCT:
				cell = ok && wcap != IO_UNLIMITED ? fmt_rate(100.0 * r[i].wiops / (double)wcap)
								  : strdup("");
				break;
			case TCOL_PSI:
				cell = strdup(psi);
				break;
			case TCOL_STATE:
				cell = strdup(io_rate_state_name(r[i].state));
				break;
			}
			out_table_set(&tb, c, cell, NULL);
		}
	}
	free(ex.caps);
	if (line) {
		puts(json_object_to_json_string_ext(line, JSON_C_TO_STRING_PLAIN |
							    JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(line);
	} else {
		/* cursor moves go to the terminal itself: the filter lets no data move it */
		if (isatty(STDOUT_FILENO)) {
			fflush(stdout);
			fputs("\033[H\033[2J", safeout_terminal());
			fflush(safeout_terminal());
		}
		printf("io top: %.1f s interval, %s rates%s\n", dt,
		       ctx->opts.own ? "own" : "hierarchical", isatty(STDOUT_FILENO) ? " (Ctrl-C quits)" : "");
		rc = out_table_print(&tb);
		out_table_free(&tb);
		putchar('\n');
	}
	fflush(stdout);
	return rc;
}

static int sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts) < 0 && !top_stop)
		;
	return top_stop ? -EINTR : 0;
}

int cmd_io_top(struct cli_ctx *ctx, int argc, char **argv)
{
	struct io_sample prev = { 0 }, cur = { 0 };
	const char *arg = argc ? argv[0] : NULL;
	double delay = 2.0;
	long count = -1;
	struct io_session io;
	char cgroup[512];
	int rc;

	if (ctx->opts.list_columns) {
		out_list_columns(ctx, top_cols, sizeof(top_cols) / sizeof(top_cols[0]));
		return VFIO_EXIT_OK;
	}
	/* "-n COUNT": getopt took -n as --noheadings and left COUNT behind */
	if (ctx->opts.noheadings && arg && isdigit((unsigned char)*arg) &&
	    strspn(arg, "0123456789") == strlen(arg)) {
		if (ctx->opts.count)
			return cli_usage_error("give the count once (-n N or --count N)");
		ctx->opts.count = arg;
		ctx->opts.noheadings = false;
		arg = argc > 1 ? argv[1] : NULL;
	} else if (argc > 1) {
		return cli_usage_error("too many arguments for 'io top [CGROUP]' (got '%s')", argv[1]);
	}
	if (ctx->opts.delay) {
		char *end;

		delay = strtod(ctx->opts.delay, &end);
		if (*end || !(delay >= 0.1 && delay <= 3600))
			return cli_usage_error("invalid delay '%s': seconds from 0.1 to 3600", ctx->opts.delay);
	}
	if (ctx->opts.count) {
		char *end;

		count = strtol(ctx->opts.count, &end, 10);
		if (!isdigit((unsigned char)*ctx->opts.count) || *end || count < 1)
			return cli_usage_error("invalid count '%s': a number from 1", ctx->opts.count);
	} else if (ctx->opts.json || !isatty(STDOUT_FILENO)) {
		count = ctx->opts.json ? -1 : 1;
	}
	if (arg && (ctx->opts.pid || ctx->opts.user))
		return cli_usage_error("give a cgroup or --pid/--user, not both");
	/* a bad -o is a usage error before the first sample, not a failed sample */
	if (!ctx->opts.json) {
		struct out_table probe;

		rc = out_table_init(ctx, &probe, "rates", top_cols, sizeof(top_cols) / sizeof(top_cols[0]),
				    "CGROUP");
		if (rc)
			return rc;
		out_table_free(&probe);
	}
	rc = io_load(ctx, &io);
	if (rc)
		return rc;
	rc = io_target_cgroup(ctx, &io, arg, cgroup, sizeof(cgroup));
	if (rc)
		goto out;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	rc = io_sample_take(io.path, &io.cg, cgroup, mono_now(), &prev);
	for (long i = 0; rc == 0 && (count < 0 || i < count) && !top_stop; i++) {
		struct io_rate *r = NULL;
		size_t n = 0;

		if (sleep_s(delay) < 0)
			break;
		rc = io_sample_take(io.path, &io.cg, cgroup, mono_now(), &cur);
		if (rc == 0)
			rc = io_rates_compute(&prev, &cur, ctx->opts.own, &r, &n);
		if (rc == 0)
			rc = top_render(ctx, &io, r, n, cur.t - prev.t, cur.t) ? -EIO : 0;
		free(r);
		io_sample_clear(&prev);
		prev = cur;
		memset(&cur, 0, sizeof(cur));
	}
	if (rc < 0) {
		cli_error_at(ctx, rc, "cannot sample io.stat below '%s'", cgroup);
		rc = VFIO_EXIT_FAILURE;
	}
	io_sample_clear(&prev);
	io_sample_clear(&cur);
out:
	io_unload(&io);
	return rc;
}
