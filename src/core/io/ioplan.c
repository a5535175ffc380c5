// SPDX-License-Identifier: GPL-2.0-or-later
/* ioplan.c: build, journal, apply and undo io changes */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "array.h"
#include "ioplan.h"
#include "pathnames.h"

#define IO_JOURNAL_MAGIC "vfioctl-io-journal 1"

void io_plan_clear(struct io_plan *p)
{
	free(p->steps);
	memset(p, 0, sizeof(*p));
}

void io_plan_note(struct io_plan *p, const char *fmt, ...)
{
	va_list ap;

	if (p->nnotes >= IO_PLAN_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(p->notes[p->nnotes++], sizeof(p->notes[0]), fmt, ap);
	va_end(ap);
}

static int fail(struct io_plan *p, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct io_plan *p, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->error, sizeof(p->error), fmt, ap);
	va_end(ap);
	return err;
}

static bool clean(const char *s)
{
	for (; *s; s++)
		if (*s == '\t' || *s == '\n' || (unsigned char)*s < 0x20)
			return false;
	return true;
}

static int add_step(struct io_plan *p, const char *path, const char *old, const char *new_,
		    const char *what, const char *shown_old, const char *shown_new)
{
	struct io_step *s;

	if (array_grow((void **)&p->steps, &p->cap, p->n, sizeof(*p->steps)) < 0)
		return -ENOMEM;
	if (strlen(path) >= sizeof(s->path) || strlen(old) >= sizeof(s->old) ||
	    strlen(new_) >= sizeof(s->new_) || !clean(path) || !clean(old) || !clean(new_))
		return -ENAMETOOLONG;
	s = &p->steps[p->n++];
	memset(s, 0, sizeof(*s));
	strcpy(s->path, path);
	strcpy(s->old, old);
	strcpy(s->new_, new_);
	snprintf(s->what, sizeof(s->what), "%s", what);
	snprintf(s->shown_old, sizeof(s->shown_old), "%s", shown_old ? shown_old : old);
	snprintf(s->shown_new, sizeof(s->shown_new), "%s", shown_new ? shown_new : new_);
	return 0;
}

int io_plan_append(struct io_plan *dst, const struct io_plan *src)
{
	for (size_t i = 0; i < src->n; i++) {
		const struct io_step *st = &src->steps[i];
		int rc = add_step(dst, st->path, st->old, st->new_, st->what, st->shown_old,
				  st->shown_new);

		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < src->nnotes; i++)
		io_plan_note(dst, "%s", src->notes[i]);
	return 0;
}

static unsigned bfq_mapped(unsigned long long w)
{
	/* systemd's BFQ_WEIGHT(): the io.weight scale squeezed into bfq's 1..1000 */
	return w <= 100 ? (unsigned)w : (unsigned)(100 + (w - 100) * 900 / 9900);
}

/* one weight file of a cgroup: the default or each disk of @t */
static int weight_file(struct path_ctx *ctx, const struct io_cgroups *cg, const struct io_disk *disks,
		       size_t ndisks, const char *cgroup, const char *file, const struct io_target *t,
		       unsigned w, bool bfq_only, bool v1dev, struct io_plan *p)
{
	char rel[512], *text = NULL, oldl[64], newl[64], what[64];
	struct io_weights cur;
	int rc;

	rc = io_cgroup_file(cg, cgroup, file, rel, sizeof(rel));
	if (rc < 0)
		return rc;
	rc = path_read_alloc(ctx, &text, NULL, "%s", rel);
	if (rc < 0)
		return rc;
	rc = v1dev ? io_v1_device_parse(text, &cur, NULL) : io_weights_parse(text, &cur);
	free(text);
	if (rc < 0)
		return fail(p, rc, "cannot read '%s': not a weight file", rel);
	if (!t) {
		if (v1dev || !cur.has_default) {
			/* v1 blkio.weight holds just the number */
			snprintf(oldl, sizeof(oldl), "%u", cur.dflt);
			snprintf(newl, sizeof(newl), "%u", w);
		} else {
			snprintf(oldl, sizeof(oldl), "default %u", cur.dflt);
			snprintf(newl, sizeof(newl), "default %u", w);
		}
		snprintf(what, sizeof(what), "%s default", file);
		if (cur.dflt != w || !cur.has_default)
			rc = add_step(p, rel, oldl, newl, what, NULL, NULL);
		io_weights_free(&cur);
		return rc;
	}
	for (size_t i = 0; i < t->ndisks && rc == 0; i++) {
		const struct io_disk *d = io_disk_find(disks, ndisks, t->disks[i].maj, t->disks[i].min);
		bool own;
		unsigned old = io_weight_for(&cur, t->disks[i].maj, t->disks[i].min, &own);

		if (bfq_only && (!d || strcmp(d->sched.active, "bfq") != 0)) {
			io_plan_note(p, "%s left alone for %s: its scheduler is %s, not bfq", file,
				     t->disks[i].name, d ? d->sched.active : "unknown");
			continue;
		}
		/* blkg_conf_prep() answers EOPNOTSUPP before iocost is set up on the disk */
		if (!v1dev && !bfq_only && (!d || !d->iocost_init)) {
			io_plan_note(p, "%s left alone for %s: iocost is not set up on it (vfioctl io model %s iops)",
				     file, t->disks[i].name, t->disks[i].name);
			continue;
		}
		if (own)
			snprintf(oldl, sizeof(oldl), "%u:%u %u", t->disks[i].maj, t->disks[i].min, old);
		else
			snprintf(oldl, sizeof(oldl), "%u:%u %s", t->disks[i].maj, t->disks[i].min,
				 v1dev ? "0" : "default");
		snprintf(newl, sizeof(newl), "%u:%u %u", t->disks[i].maj, t->disks[i].min, w);
		snprintf(what, sizeof(what), "%s %s", file, t->disks[i].name);
		if (!own || old != w) {
			char so[32];

			snprintf(so, sizeof(so), own ? "%u" : "%u (default)", old);
			rc = add_step(p, rel, oldl, newl, what, so, newl + strcspn(newl, " ") + 1);
		}
	}
	io_weights_free(&cur);
	return rc;
}

int io_plan_weight(struct path_ctx *ctx, const struct io_cgroups *cg, const struct io_disk *disks,
		   size_t ndisks, const char *cgroup, const struct io_target *t, unsigned long long w,
		   struct io_plan *p)
{
	char rel[512];
	unsigned lo, hi;
	int rc;

	snprintf(p->op, sizeof(p->op), "weight");
	snprintf(p->target, sizeof(p->target), "%s", cgroup);
	if (strcmp(cgroup, "/") == 0)
		return fail(p, -EPERM, "the root cgroup has no weight: weights share a parent's I/O among its children");
	if (cg->mode == IO_CG_V2) {
		if (io_weight_check(IO_WEIGHT_COST, w) < 0) {
			io_weight_range(IO_WEIGHT_COST, &lo, &hi);
			return fail(p, -ERANGE, "weight %llu is out of range: io.weight takes %u..%u", w, lo, hi);
		}
		rc = weight_file(ctx, cg, disks, ndisks, cgroup, "io.weight", t, (unsigned)w, false,
				 false, p);
		if (rc == -ENOENT)
			return fail(p, rc, "'%s' has no io.weight: the io controller is not enabled for it (see --enable-io) or iocost is not built in", cgroup);
		if (rc < 0)
			return rc;
		if (io_cgroup_file(cg, cgroup, "io.bfq.weight", rel, sizeof(rel)) == 0 &&
		    path_exists(ctx, "%s", rel)) {
			rc = weight_file(ctx, cg, disks, ndisks, cgroup, "io.bfq.weight", t, bfq_mapped(w),
					 true, false, p);
			if (rc < 0)
				return rc;
			if (bfq_mapped(w) != w)
				io_plan_note(p, "io.bfq.weight gets %u: weight %llu mapped to bfq's 1..1000 as systemd does",
					     bfq_mapped(w), w);
		} else {
			io_plan_note(p, "no io.bfq.weight here: bfq is not loaded");
		}
		if (t && !p->n)
			return fail(p, -EOPNOTSUPP, "no weight for %s can act: iocost is not set up on it (run 'vfioctl io model %s iops' first) and its scheduler is not bfq",
				    t->disks[0].name, t->disks[0].name);
		return 0;
	}
	/* v1 and hybrid: the blkio hierarchy */
	if (io_cgroup_file(cg, cgroup, "blkio.weight", rel, sizeof(rel)) == 0 &&
	    path_exists(ctx, "%s", rel)) {
		if (io_weight_check(IO_WEIGHT_V1, w) < 0) {
			io_weight_range(IO_WEIGHT_V1, &lo, &hi);
			return fail(p, -ERANGE, "weight %llu is out of range: blkio.weight takes %u..%u", w, lo, hi);
		}
		rc = weight_file(ctx, cg, disks, ndisks, cgroup, t ? "blkio.weight_device" : "blkio.weight",
				 t, (unsigned)w, false, true, p);
	} else {
		if (io_weight_check(IO_WEIGHT_BFQ, w) < 0) {
			io_weight_range(IO_WEIGHT_BFQ, &lo, &hi);
			return fail(p, -ERANGE, "weight %llu is out of range: blkio.bfq.weight takes %u..%u", w, lo, hi);
		}
		rc = weight_file(ctx, cg, disks, ndisks, cgroup,
				 t ? "blkio.bfq.weight_device" : "blkio.bfq.weight", t, (unsigned)w, false,
				 true, p);
	}
	if (rc == -ENOENT)
		return fail(p, rc, "'%s' has no blkio weight file: neither cfq nor bfq is loaded", cgroup);
	return rc;
}

static const char *const v1_throttle[IO_NMAX_KEYS] = {
	"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
	"blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
};

static void shown_limits(const struct io_max *m, unsigned set, char *buf, size_t size)
{
	size_t len = 0;

	*buf = '\0';
	for (int k = 0; k < IO_NMAX_KEYS; k++) {
		if (!(set & (1u << k)))
			continue;
		if (m->v[k] == IO_UNLIMITED)
			len += (size_t)snprintf(buf + len, size - len, "%s%s=max", len ? " " : "",
						io_max_key_name(k));
		else
			len += (size_t)snprintf(buf + len, size - len, "%s%s=%llu", len ? " " : "",
						io_max_key_name(k), (unsigned long long)m->v[k]);
		if (len >= size)
			break;
	}
}

int io_plan_limit(struct path_ctx *ctx, const struct io_cgroups *cg, const char *cgroup,
		  const struct io_target *t, const struct io_max *req, struct io_plan *p)
{
	char rel[512], *text = NULL, what[64];
	int rc = 0;

	snprintf(p->op, sizeof(p->op), "limit");
	snprintf(p->target, sizeof(p->target), "%s", cgroup);
	if (!req->set)
		return fail(p, -EINVAL, "no limit given: use riops=N, wiops=N, rbps=N or wbps=N");
	if (strcmp(cgroup, "/") == 0)
		return fail(p, -EPERM, "the root cgroup cannot be limited: the kernel has no io.max there");
	if (cg->mode == IO_CG_V2) {
		struct io_max *cur = NULL;
		size_t ncur = 0;

		rc = io_cgroup_file(cg, cgroup, "io.max", rel, sizeof(rel));
		if (rc == 0)
			rc = path_read_alloc(ctx, &text, NULL, "%s", rel);
		if (rc == -ENOENT)
			return fail(p, rc, "'%s' has no io.max: the io controller is not enabled for it (see --enable-io)", cgroup);
		if (rc < 0)
			return rc;
		rc = io_max_parse(text, &cur, &ncur);
		free(text);
		if (rc < 0)
			return fail(p, rc, "cannot read '%s': not an io.max file", rel);
		for (size_t i = 0; i < t->ndisks && rc == 0; i++) {
			struct io_max old = { .maj = t->disks[i].maj, .min = t->disks[i].min };
			struct io_max nw = *req;
			char oldl[160], newl[160], so[96], sn[96];

			for (int k = 0; k < IO_NMAX_KEYS; k++)
				old.v[k] = IO_UNLIMITED;
			for (size_t j = 0; j < ncur; j++)
				if (cur[j].maj == old.maj && cur[j].min == old.min)
					memcpy(old.v, cur[j].v, sizeof(old.v));
			nw.maj = old.maj;
			nw.min = old.min;
			if (io_max_format(&old, true, oldl, sizeof(oldl)) < 0 ||
			    io_max_format(&nw, false, newl, sizeof(newl)) < 0) {
				rc = -ENAMETOOLONG;
				break;
			}
			shown_limits(&old, req->set, so, sizeof(so));
			shown_limits(&nw, req->set, sn, sizeof(sn));
			snprintf(what, sizeof(what), "io.max %s", t->disks[i].name);
			if (strcmp(so, sn) != 0)
				rc = add_step(p, rel, oldl, newl, what, so, sn);
		}
		free(cur);
		return rc;
	}
	for (int k = 0; k < IO_NMAX_KEYS && rc == 0; k++) {
		struct io_weights cur;
		uint64_t *vals = NULL;

		if (!(req->set & (1u << k)))
			continue;
		rc = io_cgroup_file(cg, cgroup, v1_throttle[k], rel, sizeof(rel));
		if (rc == 0)
			rc = path_read_alloc(ctx, &text, NULL, "%s", rel);
		if (rc == -ENOENT)
			return fail(p, rc, "'%s' has no %s: blk-throttle is not built in", cgroup, v1_throttle[k]);
		if (rc < 0)
			return rc;
		rc = io_v1_device_parse(text, &cur, &vals);
		free(text);
		text = NULL;
		if (rc < 0)
			return fail(p, rc, "cannot read '%s'", rel);
		for (size_t i = 0; i < t->ndisks && rc == 0; i++) {
			uint64_t old = 0, nv = req->v[k] == IO_UNLIMITED ? 0 : req->v[k];
			char oldl[64], newl[64], so[48], sn[48];

			for (size_t j = 0; j < cur.n; j++)
				if (cur.devs[j].maj == t->disks[i].maj && cur.devs[j].min == t->disks[i].min)
					old = vals[j];
			if (old == nv)
				continue;
			snprintf(oldl, sizeof(oldl), "%u:%u %llu", t->disks[i].maj, t->disks[i].min,
				 (unsigned long long)old);
			snprintf(newl, sizeof(newl), "%u:%u %llu", t->disks[i].maj, t->disks[i].min,
				 (unsigned long long)nv);
			snprintf(so, sizeof(so), old ? "%s=%llu" : "%s=max", io_max_key_name(k),
				 (unsigned long long)old);
			snprintf(sn, sizeof(sn), nv ? "%s=%llu" : "%s=max", io_max_key_name(k),
				 (unsigned long long)nv);
			snprintf(what, sizeof(what), "%s %s", v1_throttle[k] + 15, t->disks[i].name);
			rc = add_step(p, rel, oldl, newl, what, so, sn);
		}
		free(vals);
		io_weights_free(&cur);
	}
	return rc;
}

int io_plan_sched(struct path_ctx *ctx, const struct io_disk *disks, size_t ndisks,
		  const struct io_target *t, const char *name, struct io_plan *p)
{
	int rc = 0;

	snprintf(p->op, sizeof(p->op), "sched");
	snprintf(p->target, sizeof(p->target), "%s", t->spec_dev);
	if (!io_sched_name_valid(name))
		return fail(p, -EINVAL, "invalid scheduler name '%s'", name);
	for (size_t i = 0; i < t->ndisks && rc == 0; i++) {
		const struct io_disk *d = io_disk_find(disks, ndisks, t->disks[i].maj, t->disks[i].min);
		char rel[256], what[64];
		bool listed = false;

		if (!d || !d->sched.navail)
			return fail(p, -ENOENT, "'%s' has no scheduler to choose", t->disks[i].name);
		for (size_t k = 0; k < d->sched.navail; k++)
			listed |= strcmp(d->sched.avail[k], name) == 0;
		if (!listed)
			io_plan_note(p, "%s does not list '%s' (%s...): the kernel loads %s-iosched when it can",
				     d->name, name, d->sched.avail[0], name);
		if (strcmp(d->sched.active, name) == 0)
			continue;
		snprintf(rel, sizeof(rel), "%s/%s/queue/scheduler", PATH_SYS_BLOCK, d->name);
		snprintf(what, sizeof(what), "scheduler %s", d->name);
		rc = add_step(p, rel, d->sched.active, name, what, NULL, NULL);
	}
	return rc;
}

int io_plan_model(struct path_ctx *ctx, const struct io_cgroups *cg, const struct io_disk *disks,
		  size_t ndisks, const struct io_target *t, uint64_t riops, uint64_t wiops,
		  struct io_plan *p)
{
	char mrel[256], qrel[256];
	int rc = 0;

	snprintf(p->op, sizeof(p->op), "model");
	snprintf(p->target, sizeof(p->target), "%s", t->spec_dev);
	if (cg->mode != IO_CG_V2)
		return fail(p, -EOPNOTSUPP, "iocost needs cgroup v2 (this host is %s)", io_cg_mode_name(cg->mode));
	if (!riops || !wiops || riops > UINT32_MAX || wiops > UINT32_MAX)
		return fail(p, -ERANGE, "read and write IOPS must be 1..4294967295");
	if (io_cgroup_file(cg, "/", "io.cost.model", mrel, sizeof(mrel)) < 0 ||
	    io_cgroup_file(cg, "/", "io.cost.qos", qrel, sizeof(qrel)) < 0)
		return -ENAMETOOLONG;
	if (!path_exists(ctx, "%s", mrel) || !path_exists(ctx, "%s", qrel))
		return fail(p, -EOPNOTSUPP, "the root cgroup has no io.cost.model: the kernel lacks CONFIG_BLK_CGROUP_IOCOST");
	for (size_t i = 0; i < t->ndisks && rc == 0; i++) {
		const struct io_disk *d = io_disk_find(disks, ndisks, t->disks[i].maj, t->disks[i].min);
		char oldl[192], newl[192], what[64], so[96], sn[96];
		unsigned maj = t->disks[i].maj, min = t->disks[i].min;

		if (d && d->has_model && d->model_user)
			snprintf(oldl, sizeof(oldl),
				 "%u:%u ctrl=user model=linear rbps=%llu rseqiops=%llu rrandiops=%llu wbps=%llu wseqiops=%llu wrandiops=%llu",
				 maj, min, (unsigned long long)d->model.rbps,
				 (unsigned long long)d->model.rseqiops, (unsigned long long)d->model.rrandiops,
				 (unsigned long long)d->model.wbps, (unsigned long long)d->model.wseqiops,
				 (unsigned long long)d->model.wrandiops);
		else
			snprintf(oldl, sizeof(oldl), "%u:%u ctrl=auto", maj, min);
		rc = io_cost_model_format(maj, min, riops, wiops, newl, sizeof(newl));
		if (rc < 0)
			return rc;
		snprintf(what, sizeof(what), "io.cost.model %s", t->disks[i].name);
		if (d && d->has_model && d->model_user)
			snprintf(so, sizeof(so), "user: rbps=%llu riops=%llu wbps=%llu wiops=%llu",
				 (unsigned long long)d->model.rbps, (unsigned long long)d->model.rrandiops,
				 (unsigned long long)d->model.wbps, (unsigned long long)d->model.wrandiops);
		else
			snprintf(so, sizeof(so), "auto");
		snprintf(sn, sizeof(sn), "user: rbps=0 riops=%llu wbps=0 wiops=%llu",
			 (unsigned long long)riops, (unsigned long long)wiops);
		rc = add_step(p, mrel, oldl, newl, what, so, sn);
		if (rc == 0 && !(d && d->iocost)) {
			snprintf(oldl, sizeof(oldl), "%u:%u enable=0", maj, min);
			snprintf(newl, sizeof(newl), "%u:%u enable=1", maj, min);
			snprintf(what, sizeof(what), "io.cost.qos %s", t->disks[i].name);
			rc = add_step(p, qrel, oldl, newl, what, "enable=0", "enable=1");
		}
	}
	return rc;
}

int io_plan_enable_io(struct path_ctx *ctx, const struct io_cgroups *cg, const char *cgroup,
		      struct io_plan *p)
{
	char first[256], missing[32][256];
	int n, rc = 0;

	if (cg->mode != IO_CG_V2)
		return 0;
	n = io_cgroup_undelegated(ctx, cg, cgroup, first, sizeof(first), missing, 32);
	if (n < 0)
		return n;
	for (int i = 0; i < n && i < 32 && rc == 0; i++) {
		char rel[512], what[64];

		rc = io_cgroup_file(cg, missing[i], "cgroup.subtree_control", rel, sizeof(rel));
		snprintf(what, sizeof(what), "cgroup.subtree_control");
		if (rc == 0)
			rc = add_step(p, rel, "-io", "+io", what, "io off", "io on");
	}
	return rc;
}

/* journal: magic, "state applying|applied", "pid N", then "step PATH\tOLD\tNEW" lines */
static int journal_store(struct path_ctx *ctx, const struct io_plan *p, const char *rel,
			 bool applied)
{
	size_t cap = 256 + p->n * (sizeof(p->steps[0].path) + 2 * sizeof(p->steps[0].old) + 16);
	char *buf = malloc(cap);
	size_t len;
	int rc;

	if (!buf)
		return -ENOMEM;
	len = (size_t)snprintf(buf, cap, "%s\nop %s\nstate %s\npid %ld\n", IO_JOURNAL_MAGIC, p->op,
			       applied ? "applied" : "applying", (long)getpid());
	for (size_t i = 0; i < p->n; i++)
		len += (size_t)snprintf(buf + len, cap - len, "step %s\t%s\t%s\n", p->steps[i].path,
					p->steps[i].old, p->steps[i].new_);
	rc = path_mkdirs(ctx, PATH_RUN_IO_DIR);
	if (rc == 0)
		rc = path_write_atomic(ctx, buf, len, "%s", rel);
	free(buf);
	return rc;
}

/* the highest N of run/vfioctl/io/N.journal, 0 when there is none */
static unsigned journal_last(struct path_ctx *ctx)
{
	char **names = NULL;
	unsigned best = 0;

	if (path_list_dir(ctx, &names, NULL, PATH_RUN_IO_DIR) < 0)
		return 0;
	for (char **n = names; *n; n++) {
		unsigned v;
		char tail[16];

		if (sscanf(*n, "%u.%15s", &v, tail) == 2 && strcmp(tail, "journal") == 0 && v > best)
			best = v;
	}
	strv_free(names);
	return best;
}

static bool path_ok(const char *path)
{
	/* only cgroup and queue files, and never a way out of the sysroot */
	return (strncmp(path, PATH_CGROUP_ROOT "/", strlen(PATH_CGROUP_ROOT) + 1) == 0 ||
		strncmp(path, PATH_SYS_BLOCK "/", strlen(PATH_SYS_BLOCK) + 1) == 0) &&
	       !strstr(path, "/../") && !strstr(path, "/./");
}

int io_plan_undo(struct path_ctx *ctx, struct io_plan *p)
{
	unsigned last = journal_last(ctx);
	char rel[64], *text = NULL, *line, *save = NULL;
	bool magic = false;
	int rc;

	snprintf(p->op, sizeof(p->op), "undo");
	if (!last)
		return fail(p, -ENOENT, "nothing to undo: no io journal");
	snprintf(rel, sizeof(rel), PATH_RUN_IO_JOURNAL, last);
	snprintf(p->undo_journal, sizeof(p->undo_journal), "%s", rel);
	rc = path_read_alloc(ctx, &text, NULL, "%s", rel);
	if (rc < 0)
		return rc;
	for (line = strtok_r(text, "\n", &save); line && rc == 0;
	     line = strtok_r(NULL, "\n", &save)) {
		char *path, *old, *nw;

		if (!magic) {
			magic = strcmp(line, IO_JOURNAL_MAGIC) == 0;
			if (!magic)
				rc = -EBADMSG;
			continue;
		}
		if (strncmp(line, "op ", 3) == 0) {
			snprintf(p->target, sizeof(p->target), "%s", line + 3);
			continue;
		}
		if (strncmp(line, "state ", 6) == 0 || strncmp(line, "pid ", 4) == 0)
			continue;
		if (strncmp(line, "step ", 5) != 0) {
			rc = -EBADMSG;
			break;
		}
		path = line + 5;
		old = strchr(path, '\t');
		nw = old ? strchr(old + 1, '\t') : NULL;
		if (!nw || strchr(nw + 1, '\t')) {
			rc = -EBADMSG;
			break;
		}
		*old++ = '\0';
		*nw++ = '\0';
		if (!path_ok(path)) {
			rc = -EBADMSG;
			break;
		}
		rc = add_step(p, path, nw, old, "restore", nw, old);
	}
	free(text);
	if (rc == 0 && !magic)
		rc = -EBADMSG;
	if (rc < 0)
		return fail(p, rc, "the io journal '%s' is damaged", rel);
	/* write back in reverse: the last change first */
	for (size_t i = 0; i < p->n / 2; i++) {
		struct io_step tmp = p->steps[i];

		p->steps[i] = p->steps[p->n - 1 - i];
		p->steps[p->n - 1 - i] = tmp;
	}
	for (size_t i = 0; i < p->n; i++) {
		const char *slash = strrchr(p->steps[i].path, '/');

		snprintf(p->steps[i].what, sizeof(p->steps[i].what), "restore %s", slash ? slash + 1 : "");
	}
	return 0;
}

int io_plan_apply(struct path_ctx *ctx, const struct io_plan *p, int fault_step,
		  struct io_apply_result *res)
{
	bool undo = strcmp(p->op, "undo") == 0;
	int rc = 0;

	memset(res, 0, sizeof(*res));
	res->failed_step = -1;
	if (!undo) {
		snprintf(res->journal, sizeof(res->journal), PATH_RUN_IO_JOURNAL, journal_last(ctx) + 1);
		rc = journal_store(ctx, p, res->journal, false);
		if (rc < 0) {
			res->error = rc;
			return rc;
		}
	}
	for (size_t i = 0; i < p->n; i++) {
		rc = fault_step == (int)i + 1 ? -EIO
					     : path_write_string(ctx, p->steps[i].new_, "%s", p->steps[i].path);
		if (rc < 0) {
			res->failed_step = (int)i;
			res->error = rc;
			break;
		}
		res->steps_done++;
	}
	if (rc < 0) {
		int rb = 0;

		for (size_t i = res->steps_done; i-- > 0;) {
			int r = path_write_string(ctx, p->steps[i].old, "%s", p->steps[i].path);

			if (r < 0 && !rb)
				rb = r;
		}
		res->rolled_back = rb == 0;
		if (!undo && res->rolled_back)
			path_unlink(ctx, "%s", res->journal);
		return rc;
	}
	if (undo)
		return path_unlink(ctx, "%s", p->undo_journal);
	return journal_store(ctx, p, res->journal, true);
}

const char *io_write_error(int err, const char *path)
{
	const char *file = strrchr(path, '/');

	file = file ? file + 1 : path;
	switch (-err) {
	case EINVAL:
		if (strcmp(file, "scheduler") == 0)
			return "the kernel has no such scheduler for this disk";
		return "the kernel refused the value: wrong syntax, or out of its range";
	case ENODEV:
		return "the kernel takes whole disks only, and no such disk is there (a partition?)";
	case EOPNOTSUPP:
		if (strcmp(file, "io.bfq.weight") == 0 || strncmp(file, "blkio.bfq", 9) == 0)
			return "the disk's scheduler is not bfq, so it has no bfq weight";
		if (strcmp(file, "io.weight") == 0)
			return "iocost is not set up on this disk: run 'vfioctl io model DEV iops' first";
		return "the disk has no controller for this setting";
	case EPERM:
	case EACCES:
		return "permission denied: it needs root, or the cgroup is not delegated to you";
	case ENOENT:
		return "the file does not exist: the io controller is not enabled for this cgroup";
	case EBUSY:
		return "the cgroup has processes of its own, and a cgroup with processes cannot enable controllers for children";
	case ERANGE:
		return "the value is out of the kernel's range";
	case EIO:
		return "input/output error (or a test fault)";
	default:
		return strerror(-err);
	}
}
