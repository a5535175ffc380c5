// SPDX-License-Identifier: GPL-2.0-or-later
/* iodev.c: whole disks with their scheduler and iocost state */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iodev.h"
#include "pathnames.h"

static void cost_state(struct path_ctx *ctx, const struct io_cgroups *cg, struct io_disk *d,
		       size_t n)
{
	struct io_cost *c = NULL;
	size_t nc = 0;
	char *text = NULL;

	if (cg->mode != IO_CG_V2)
		return;
	if (io_cgroup_read(ctx, cg, "/", "io.cost.qos", &text) == 0 &&
	    io_cost_parse(text, &c, &nc) == 0) {
		for (size_t i = 0; i < nc; i++)
			for (size_t k = 0; k < n; k++)
				if (d[k].maj == c[i].maj && d[k].min == c[i].min) {
					d[k].iocost = c[i].enable;
					d[k].iocost_init = true;
				}
		free(c);
	}
	free(text);
	text = NULL;
	if (io_cgroup_read(ctx, cg, "/", "io.cost.model", &text) == 0 &&
	    io_cost_parse(text, &c, &nc) == 0) {
		for (size_t i = 0; i < nc; i++)
			for (size_t k = 0; k < n; k++)
				if (d[k].maj == c[i].maj && d[k].min == c[i].min) {
					d[k].model = c[i];
					d[k].has_model = true;
					d[k].model_user = c[i].user;
				}
		free(c);
	}
	free(text);
}

int io_disks_scan(struct path_ctx *ctx, const struct io_cgroups *cg, struct io_disk **out,
		  size_t *n)
{
	char **names = NULL;
	struct io_disk *d;
	size_t cnt = 0, k = 0;
	int rc = path_list_dir(ctx, &names, &cnt, PATH_SYS_BLOCK);

	*out = NULL;
	*n = 0;
	if (rc == -ENOENT)
		return 0;
	if (rc < 0)
		return rc;
	d = calloc(cnt ? cnt : 1, sizeof(*d));
	if (!d) {
		strv_free(names);
		return -ENOMEM;
	}
	for (size_t i = 0; i < cnt; i++) {
		struct io_disk *e = &d[k];
		char buf[256];
		uint64_t v;

		if (strlen(names[i]) >= sizeof(e->name) ||
		    path_read_string(ctx, buf, sizeof(buf), "%s/%s/dev", PATH_SYS_BLOCK, names[i]) < 0 ||
		    io_devnum_parse(buf, &e->maj, &e->min) < 0)
			continue;
		/* an unused loop device, a CD-ROM drive without a disc */
		if (path_read_u64(ctx, &v, "%s/%s/size", PATH_SYS_BLOCK, names[i]) == 0 && v == 0)
			continue;
		/* dm and md maps pass I/O down to their disks, where the controls act */
		if (path_exists(ctx, "%s/%s/dm", PATH_SYS_BLOCK, names[i]) ||
		    path_exists(ctx, "%s/%s/md", PATH_SYS_BLOCK, names[i]))
			continue;
		strcpy(e->name, names[i]);
		if (path_read_string(ctx, buf, sizeof(buf), "%s/%s/queue/scheduler", PATH_SYS_BLOCK,
				     names[i]) < 0 ||
		    io_sched_parse(buf, &e->sched) < 0) {
			memset(&e->sched, 0, sizeof(e->sched));
			strcpy(e->sched.active, "none");
		}
		e->rotational = path_read_u64(ctx, &v, "%s/%s/queue/rotational", PATH_SYS_BLOCK,
					      names[i]) == 0 && v == 1;
		k++;
	}
	strv_free(names);
	cost_state(ctx, cg, d, k);
	*out = d;
	*n = k;
	return 0;
}

const struct io_disk *io_disk_find(const struct io_disk *d, size_t n, unsigned maj, unsigned min)
{
	for (size_t i = 0; i < n; i++)
		if (d[i].maj == maj && d[i].min == min)
			return &d[i];
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int io_probe_read_iops(struct path_ctx *ctx, const char *name, unsigned ms, uint64_t *iops)
{
	uint64_t sectors, blocks, done = 0, x = 88172645463325252ULL;
	double start, end;
	void *buf;
	int fd, rc = 0;

	if (path_read_u64(ctx, &sectors, "%s/%s/size", PATH_SYS_BLOCK, name) < 0 || sectors < 64)
		return -EINVAL;
	blocks = sectors / 8;
	fd = path_open(ctx, O_RDONLY | O_DIRECT | O_CLOEXEC, PATH_DEV_NODE, name);
	if (fd < 0)
		return fd;
	if (posix_memalign(&buf, 4096, 4096)) {
		close(fd);
		return -ENOMEM;
	}
	start = now_s();
	end = start + ms / 1000.0;
	while (now_s() < end) {
		/* xorshift64: spread the reads over the disk, defeating read-ahead */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (pread(fd, buf, 4096, (off_t)((x % blocks) * 4096)) != 4096) {
			rc = -EIO;
			break;
		}
		done++;
	}
	if (rc == 0)
		*iops = (uint64_t)((double)done / (now_s() - start));
	free(buf);
	close(fd);
	return rc;
}
