// SPDX-License-Identifier: GPL-2.0-or-later
/* session.c: what every io command and the dashboard's 'w' share: the cgroup mode, the disks, the io lock */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "change.h"
#include "pathnames.h"
#include "session.h"

int io_session_open(struct io_session *s, struct path_ctx *path)
{
	int rc;

	memset(s, 0, sizeof(*s));
	s->path = path;
	s->lockfd = -1;
	s->stage = IO_SESSION_LOAD;
	rc = io_cgroup_detect(path, &s->cg);
	if (rc == 0)
		rc = io_disks_scan(path, &s->cg, &s->disks, &s->ndisks);
	if (rc < 0)
		return rc;
	if (s->cg.mode == IO_CG_NONE)
		return -ENODEV;
	s->stage = IO_SESSION_READY;
	return 0;
}

int io_session_lock(struct io_session *s)
{
	int rc;

	s->stage = IO_SESSION_TARGET;
	rc = change_target_check(s->path);
	if (rc < 0)
		return rc;
	s->stage = IO_SESSION_LOCK;
	rc = change_lock(s->path, PATH_RUN_IO_LOCK, &s->lockfd);
	if (rc < 0)
		return rc;
	s->stage = IO_SESSION_READY;
	return 0;
}

void io_session_close(struct io_session *s)
{
	free(s->disks);
	s->disks = NULL;
	if (s->lockfd >= 0)
		close(s->lockfd);
	s->lockfd = -1;
}
