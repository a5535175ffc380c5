// SPDX-License-Identifier: GPL-2.0-or-later
/* eject.c: plan and apply eject/close/lock/unlock on the whole disk behind a spec */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmount.h>

#include "cmds.h"
#include "eject.h"
#include "pathnames.h"

const char *eject_action_name(enum eject_action a)
{
	switch (a) {
	case EJECT_OPEN:	return "eject";
	case EJECT_CLOSE:	return "close";
	case EJECT_LOCK:	return "lock";
	case EJECT_UNLOCK:	return "unlock";
	}
	return "?";
}

const char *eject_method_name(enum eject_method_kind k)
{
	switch (k) {
	case EJECT_M_DRIVER:	return "driver-ioctl";
	case EJECT_M_SGIO:	return "sg-io";
	case EJECT_M_POWER_OFF:	return "power-off";
	}
	return "?";
}

static void add_method(struct eject_plan *p, enum eject_method_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_method(struct eject_plan *p, enum eject_method_kind kind, const char *fmt, ...)
{
	va_list ap;

	if (p->nmethods >= sizeof(p->methods) / sizeof(p->methods[0]))
		return;
	p->methods[p->nmethods].kind = kind;
	va_start(ap, fmt);
	vsnprintf(p->methods[p->nmethods].what, sizeof(p->methods[0].what), fmt, ap);
	va_end(ap);
	p->nmethods++;
}

static void plan_methods(struct eject_plan *p, const struct eject_opts *o)
{
	const char *n = p->disk->name;
	bool cd = p->has_ident && p->ident.pdt == 5;

	switch (o->action) {
	case EJECT_OPEN:
		add_method(p, EJECT_M_DRIVER, "ioctl CDROMEJECT on /dev/%s", n);
		add_method(p, EJECT_M_SGIO,
			   "SG_IO ALLOW MEDIUM REMOVAL (1e 00 00 00 00 00, ILLEGAL REQUEST tolerated), then START STOP UNIT LOEJ (1b 00 00 00 02 00)");
		if (o->power_off)
			add_method(p, EJECT_M_POWER_OFF, "write 1 to the SCSI device %s's delete (it disappears)",
				   p->has_ident ? p->ident.hctl : n);
		break;
	case EJECT_CLOSE:
		add_method(p, EJECT_M_DRIVER, "ioctl CDROMCLOSETRAY on /dev/%s", n);
		add_method(p, EJECT_M_SGIO, "SG_IO START STOP UNIT LOEJ+START (1b 00 00 00 03 00)");
		break;
	case EJECT_LOCK:
	case EJECT_UNLOCK:
		/* the driver's call keeps sd's door-lock bookkeeping right */
		add_method(p, EJECT_M_DRIVER, "ioctl %s on /dev/%s",
			   cd ? "CDROM_LOCKDOOR" : (o->action == EJECT_LOCK ? "SCSI_IOCTL_DOORLOCK" :
							 "SCSI_IOCTL_DOORUNLOCK"), n);
		add_method(p, EJECT_M_SGIO, "SG_IO PREVENT ALLOW MEDIUM REMOVAL (1e 00 00 00 %02x 00)",
			   o->action == EJECT_LOCK ? 1 : 0);
		break;
	}
}

static void refuse(struct eject_plan *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void refuse(struct eject_plan *p, const char *fmt, ...)
{
	va_list ap;

	if (p->refused)
		return;
	p->refused = true;
	va_start(ap, fmt);
	vsnprintf(p->refusal, sizeof(p->refusal), fmt, ap);
	va_end(ap);
}

static int add_unmount(struct eject_plan *p, size_t *n, const char *target)
{
	char **v;

	for (size_t i = 0; i < *n; i++)
		if (strcmp(p->unmounts[i], target) == 0)
			return 0;
	v = realloc(p->unmounts, (*n + 2) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	p->unmounts = v;
	v[*n] = strdup(target);
	if (!v[*n])
		return -ENOMEM;
	v[++*n] = NULL;
	return 0;
}

/* deepest first: /mnt/a/b before /mnt/a */
static int depth_cmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	size_t lx = strlen(x), ly = strlen(y);

	return lx != ly ? (lx < ly ? 1 : -1) : strcmp(x, y);
}

int eject_plan_build(struct path_ctx *ctx, const struct blockdev_topo *topo, const char *spec,
		     const struct eject_opts *opts, struct eject_plan *p)
{
	size_t nun = 0;
	int rc;

	memset(p, 0, sizeof(*p));
	p->unmounts = calloc(1, sizeof(char *));
	if (!p->unmounts)
		return -ENOMEM;
	rc = blockdev_resolve(ctx, topo, spec, &p->res);
	if (rc < 0)
		return rc;
	if (p->res.ndisks != 1) {
		refuse(p, "'%s' lies on %zu disks: name one disk to %s", spec, p->res.ndisks,
		       eject_action_name(opts->action));
		return 0;
	}
	p->disk = p->res.disks[0];
	snprintf(p->node, sizeof(p->node), PATH_DEV "/%s", p->disk->name);
	p->has_ident = scsi_ident_of_disk(ctx, p->disk, &p->ident) == 0;
	rc = blockdev_users(ctx, topo, p->disk, &p->users, &p->nusers);
	if (rc < 0)
		return rc;
	plan_methods(p, opts);

	/* locking and closing take nothing away from the users of the disk */
	if (opts->action != EJECT_OPEN)
		return 0;
	for (size_t i = 0; i < p->nusers; i++) {
		const struct blockdev_use *u = &p->users[i];

		switch (u->kind) {
		case BLOCKDEV_USE_MOUNT:
			if (strcmp(u->what, "/") == 0) {
				/* the host runs from it: no option takes it away */
				refuse(p, "'%s' holds the root filesystem: it is never ejected", u->dev);
			} else if (opts->unmount) {
				rc = add_unmount(p, &nun, u->what);
				if (rc < 0)
					return rc;
			} else {
				refuse(p, "'%s' is mounted on '%s' (use --unmount to unmount it first)",
				       u->dev, u->what);
			}
			break;
		case BLOCKDEV_USE_SWAP:
			refuse(p, "'%s' is in use as swap ('%s'): swapoff it first", u->dev, u->what);
			break;
		case BLOCKDEV_USE_HOLDER:
			refuse(p, "'%s' is held by '%s' (dm, md or LUKS): close that first", u->dev,
			       u->what);
			break;
		}
	}
	if (nun > 1)
		qsort(p->unmounts, nun, sizeof(char *), depth_cmp);
	/* START STOP UNIT with LOEJ on a fixed disk spins it down for good */
	if (!p->disk->removable && !(p->has_ident && p->ident.removable) && !opts->force)
		refuse(p, "'%s' is not removable media: an eject would stop the disk (use --force if that is meant)",
		       p->disk->name);
	return 0;
}

void eject_plan_clear(struct eject_plan *p)
{
	blockdev_resolved_clear(&p->res);
	free(p->users);
	strv_free(p->unmounts);
	memset(p, 0, sizeof(*p));
}

static void attempt_sense(struct eject_attempt *a, const struct scsi_io *io)
{
	if (io->result == SCSI_IO_SENSE && scsi_sense_decode(io->sense, io->sense_len, &a->sense) == 0)
		a->has_sense = true;
}

/* one SG_IO command; true when the device answered GOOD */
static bool sgio(const struct scsi_ops *ops, int fd, struct scsi_io *io, struct eject_attempt *a)
{
	int rc = ops->exec(fd, io);

	if (rc < 0) {
		a->err = -rc;
		return false;
	}
	if (io->result == SCSI_IO_OS_ERR) {
		a->err = io->os_err;
		return false;
	}
	attempt_sense(a, io);
	return io->result == SCSI_IO_GOOD;
}

static void try_sgio(const struct scsi_ops *ops, int fd, const struct eject_opts *o,
		     struct eject_attempt *a)
{
	struct scsi_io io;

	memset(&io, 0, sizeof(io));
	switch (o->action) {
	case EJECT_OPEN:
		scsi_cmd_prevent_allow(&io, false);
		/* a device without a lock answers ILLEGAL REQUEST: go on (eject PR #4209) */
		if (!sgio(ops, fd, &io, a) &&
		    !(a->has_sense && a->sense.key == 0x05)) {
			snprintf(a->detail, sizeof(a->detail), "ALLOW MEDIUM REMOVAL failed");
			return;
		}
		a->has_sense = false;
		memset(&io, 0, sizeof(io));
		scsi_cmd_start_stop(&io, true, false);
		break;
	case EJECT_CLOSE:
		scsi_cmd_start_stop(&io, true, true);
		break;
	case EJECT_LOCK:
	case EJECT_UNLOCK:
		scsi_cmd_prevent_allow(&io, o->action == EJECT_LOCK);
		break;
	}
	a->ok = sgio(ops, fd, &io, a);
	if (!a->ok && !a->detail[0])
		snprintf(a->detail, sizeof(a->detail), "%s failed",
			 io.cdb[0] == 0x1b ? "START STOP UNIT" : "PREVENT ALLOW MEDIUM REMOVAL");
}

static void try_driver(const struct scsi_ops *ops, int fd, const struct eject_plan *p,
		       const struct eject_opts *o, struct eject_attempt *a)
{
	enum scsi_drv_ioctl what;
	int rc;

	switch (o->action) {
	case EJECT_OPEN:	what = SCSI_DRV_EJECT; break;
	case EJECT_CLOSE:	what = SCSI_DRV_CLOSE; break;
	case EJECT_LOCK:	what = SCSI_DRV_LOCK; break;
	default:		what = SCSI_DRV_UNLOCK; break;
	}
	rc = ops->drv_ioctl(fd, what);
	a->ok = rc == 0;
	a->err = rc < 0 ? -rc : 0;
	(void)p;
}

int eject_plan_apply(struct path_ctx *ctx, const struct eject_plan *p,
		     const struct eject_opts *o, const struct scsi_ops *ops,
		     eject_umount_fn umount_fn, struct eject_result *res)
{
	int fd = -1, rc;

	memset(res, 0, sizeof(*res));
	res->worked = -1;
	if (p->refused || !p->disk)
		return -EPERM;
	for (size_t i = 0; p->unmounts[i]; i++) {
		rc = umount_fn(p->unmounts[i]);
		if (rc < 0)
			return -EBUSY;
		if (res->nunmounted < sizeof(res->unmounted) / sizeof(res->unmounted[0]))
			snprintf(res->unmounted[res->nunmounted++], sizeof(res->unmounted[0]), "%s",
				 p->unmounts[i]);
	}
	/* as eject(1): read-write for the SG_IO path, read-only when that is all we may */
	rc = ops->open_node(ctx, p->node, true, &fd);
	if (rc == -EACCES || rc == -EROFS)
		rc = ops->open_node(ctx, p->node, false, &fd);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < p->nmethods && res->worked < 0; i++) {
		struct eject_attempt *a = &res->attempts[res->nattempts++];

		a->kind = p->methods[i].kind;
		switch (a->kind) {
		case EJECT_M_DRIVER:
			try_driver(ops, fd, p, o, a);
			break;
		case EJECT_M_SGIO:
			try_sgio(ops, fd, o, a);
			break;
		case EJECT_M_POWER_OFF:
			ops->close(fd);
			fd = -1;
			rc = path_write_string(ctx, "1", "%s/" PATH_SCSI_DEV_DELETE, p->disk->syspath);
			a->ok = rc == 0;
			a->err = rc < 0 ? -rc : 0;
			break;
		}
		if (a->ok)
			res->worked = (int)i;
	}
	if (fd >= 0)
		ops->close(fd);
	return res->worked >= 0 ? 0 : -EIO;
}

int eject_umount_libmount(const char *target)
{
	struct libmnt_context *cxt = mnt_new_context();
	int rc;

	if (!cxt)
		return -ENOMEM;
	rc = mnt_context_set_target(cxt, target);
	if (rc == 0)
		rc = mnt_context_umount(cxt);
	/* > 0: umount(2) itself failed; its errno is kept in the context */
	if (rc > 0) {
		int e = mnt_context_get_syscall_errno(cxt);

		rc = e ? -e : -EIO;
	}
	mnt_free_context(cxt);
	return rc < 0 ? rc : 0;
}
