// SPDX-License-Identifier: GPL-2.0-or-later
/* cgroup.c: cgroup mode, the io tree, and finding a cgroup by path, unit, pid or user */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <linux/magic.h>

#include "cgroup.h"
#include "log.h"
#include "pathnames.h"

const char *io_cg_mode_name(enum io_cg_mode m)
{
	static const char *const names[] = { "none", "v1", "hybrid", "v2" };

	return names[m];
}

/* statfs of a sysroot-relative directory, through the path context's fd */
static long fs_magic(struct path_ctx *ctx, const char *rel)
{
	struct statfs sfs;
	int fd = path_open(ctx, O_PATH | O_DIRECTORY | O_CLOEXEC, "%s", rel);
	long magic;

	if (fd < 0)
		return fd;
	magic = fstatfs(fd, &sfs) < 0 ? -errno : (long)sfs.f_type;
	close(fd);
	return magic;
}

/* the fstype of the last mount at @mnt in the sysroot's mountinfo, or "" */
static void mountinfo_fstype(const char *mi, const char *mnt, char *fstype, size_t size)
{
	const char *line = mi;

	*fstype = '\0';
	while (*line) {
		size_t len = strcspn(line, "\n");
		char buf[1024], point[512], type[64];
		const char *sep;

		if (len < sizeof(buf)) {
			memcpy(buf, line, len);
			buf[len] = '\0';
			/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [TAGS...] - FSTYPE SOURCE SUPER */
			sep = strstr(buf, " - ");
			if (sep && sscanf(buf, "%*s %*s %*s %*s %511s", point) == 1 &&
			    sscanf(sep + 3, "%63s", type) == 1 && strcmp(point, mnt) == 0)
				snprintf(fstype, size, "%s", type);
		}
		line += len + (line[len] ? 1 : 0);
	}
}

int io_cgroup_detect(struct path_ctx *ctx, struct io_cgroups *cg)
{
	char *mi = NULL;

	memset(cg, 0, sizeof(*cg));
	if (path_ctx_is_live(ctx)) {
		long top = fs_magic(ctx, PATH_CGROUP_ROOT);

		if (top == CGROUP2_SUPER_MAGIC)
			cg->mode = IO_CG_V2;
		else if (top == TMPFS_MAGIC)
			cg->mode = fs_magic(ctx, PATH_CGROUP_UNIFIED) == CGROUP2_SUPER_MAGIC
					   ? IO_CG_HYBRID : IO_CG_V1;
	} else if (path_read_alloc(ctx, &mi, NULL, PATH_PROC_MOUNTINFO) == 0) {
		char top[64], uni[64];

		cg->from_mountinfo = true;
		mountinfo_fstype(mi, PATH_CGROUP_ROOT_ABS, top, sizeof(top));
		mountinfo_fstype(mi, PATH_CGROUP_UNIFIED_ABS, uni, sizeof(uni));
		if (strcmp(top, "cgroup2") == 0)
			cg->mode = IO_CG_V2;
		else if (strcmp(top, "tmpfs") == 0)
			cg->mode = strcmp(uni, "cgroup2") == 0 ? IO_CG_HYBRID : IO_CG_V1;
		free(mi);
	} else if (path_exists(ctx, "%s/cgroup.controllers", PATH_CGROUP_ROOT)) {
		cg->mode = IO_CG_V2;
	} else if (path_exists(ctx, PATH_CGROUP_BLKIO)) {
		cg->mode = path_exists(ctx, PATH_CGROUP_UNIFIED) ? IO_CG_HYBRID : IO_CG_V1;
	}
	if (cg->mode == IO_CG_V2)
		cg->tree = PATH_CGROUP_ROOT;
	else if (cg->mode != IO_CG_NONE)
		cg->tree = PATH_CGROUP_BLKIO;
	vfio_dbg("cgroup mode %s (%s)", io_cg_mode_name(cg->mode),
		 path_ctx_is_live(ctx) ? "statfs" : cg->from_mountinfo ? "mountinfo" : "files");
	return 0;
}

int io_cgroup_file(const struct io_cgroups *cg, const char *cgroup, const char *file,
		   char *buf, size_t size)
{
	int n;

	if (!cg->tree)
		return -ENOENT;
	n = snprintf(buf, size, "%s%s%s%s", cg->tree, strcmp(cgroup, "/") ? cgroup : "",
		     file ? "/" : "", file ? file : "");
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int io_cgroup_read(struct path_ctx *ctx, const struct io_cgroups *cg, const char *cgroup,
		   const char *file, char **out)
{
	char rel[512];
	int rc = io_cgroup_file(cg, cgroup, file, rel, sizeof(rel));

	return rc < 0 ? rc : path_read_alloc(ctx, out, NULL, "%s", rel);
}

/* names in a cgroup directory that are files, never child cgroups */
static bool is_control_file(const char *name)
{
	static const char *const prefixes[] = {
		"cgroup.", "io.", "blkio.", "cpu.", "cpuset.", "cpuacct.", "memory.", "pids.",
		"hugetlb.", "rdma.", "misc.", "net_cls.", "net_prio.", "devices.", "freezer.",
		"perf_event.", "irq.",
	};

	if (strcmp(name, "tasks") == 0 || strcmp(name, "notify_on_release") == 0 ||
	    strcmp(name, "release_agent") == 0)
		return true;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

static int walk(struct path_ctx *ctx, const struct io_cgroups *cg, const char *cgroup,
		int (*fn)(const char *, void *), void *data, int depth)
{
	char rel[512], child[512];
	char **names = NULL;
	int rc;

	rc = fn(cgroup, data);
	if (rc)
		return rc;
	if (depth > 64 || io_cgroup_file(cg, cgroup, NULL, rel, sizeof(rel)) < 0)
		return 0;
	rc = path_list_dir(ctx, &names, NULL, "%s", rel);
	if (rc < 0)
		return depth ? 0 : rc;
	for (char **n = names; *n && rc == 0; n++) {
		if (is_control_file(*n))
			continue;
		snprintf(child, sizeof(child), "%s/%s", strcmp(cgroup, "/") ? cgroup : "", *n);
		/* a plain file the prefix list did not know: its listing fails */
		if (!path_exists(ctx, "%s/%s/", rel, *n))
			continue;
		rc = walk(ctx, cg, child, fn, data, depth + 1);
	}
	strv_free(names);
	return rc;
}

int io_cgroup_walk(struct path_ctx *ctx, const struct io_cgroups *cg, const char *start,
		   int (*fn)(const char *cgroup, void *data), void *data)
{
	return walk(ctx, cg, start, fn, data, 0);
}

struct find_unit {
	const char *name;
	char *out;
	size_t size;
};

static int find_unit_cb(const char *cgroup, void *data)
{
	struct find_unit *f = data;
	const char *base = strrchr(cgroup, '/');

	if (base && strcmp(base + 1, f->name) == 0) {
		snprintf(f->out, f->size, "%s", cgroup);
		return 1;
	}
	return 0;
}

/* "/a/b" with no "..", ".", empty or over-long component */
static int normalize(const char *arg, char *out, size_t size)
{
	const char *p = arg;
	size_t len = 0;

	out[0] = '\0';
	while (*p) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (!n)
			break;
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return -EINVAL;
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)p[i] < 0x20)
				return -EINVAL;
		if (len + n + 2 > size)
			return -ENAMETOOLONG;
		out[len++] = '/';
		memcpy(out + len, p, n);
		len += n;
		out[len] = '\0';
		p += n;
	}
	if (!len) {
		if (size < 2)
			return -ENAMETOOLONG;
		strcpy(out, "/");
	}
	return 0;
}

int io_cgroup_resolve(struct path_ctx *ctx, const struct io_cgroups *cg, const char *arg,
		      char *out, size_t size)
{
	char rel[512];
	int rc;

	if (!cg->tree)
		return -ENOENT;
	if (arg[0] == '/') {
		rc = normalize(arg, out, size);
		if (rc < 0)
			return rc;
	} else {
		struct find_unit f = { arg, out, size };

		if (!*arg || strchr(arg, '/') || strcmp(arg, ".") == 0 || strcmp(arg, "..") == 0)
			return -EINVAL;
		rc = io_cgroup_walk(ctx, cg, "/", find_unit_cb, &f);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return -ENOENT;
	}
	rc = io_cgroup_file(cg, out, NULL, rel, sizeof(rel));
	if (rc < 0)
		return rc;
	return path_exists(ctx, "%s/", rel) ? 0 : -ENOENT;
}

int io_cgroup_of_pid(struct path_ctx *ctx, const struct io_cgroups *cg, long pid,
		     char *out, size_t size)
{
	char *text = NULL, *line, *save = NULL;
	int rc = path_read_alloc(ctx, &text, NULL, PATH_PROC_PID_CGROUP, pid);

	if (rc == -ENOENT)
		return -ESRCH;
	if (rc < 0)
		return rc;
	rc = -ENOENT;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		/* HIERARCHY-ID:CONTROLLERS:PATH; v2 is "0::PATH" */
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		bool match = false;

		if (!c2)
			continue;
		*c2 = '\0';
		if (cg->mode == IO_CG_V2) {
			match = strcmp(line, "0:") == 0;
		} else {
			for (char *w = strtok(c1 + 1, ","); w; w = strtok(NULL, ","))
				match |= strcmp(w, "blkio") == 0;
		}
		if (match) {
			rc = normalize(c2 + 1, out, size);
			break;
		}
	}
	free(text);
	return rc;
}

static int uid_of(struct path_ctx *ctx, const char *name, unsigned long *uid)
{
	char *text = NULL, *line, *save = NULL;
	char *end;
	int rc;

	if (isdigit((unsigned char)*name)) {
		*uid = strtoul(name, &end, 10);
		return *end ? -ESRCH : 0;
	}
	if (path_ctx_is_live(ctx)) {
		/* NSS knows LDAP and systemd-homed users that etc/passwd lacks */
		struct passwd *pw = getpwnam(name);

		if (!pw)
			return -ESRCH;
		*uid = pw->pw_uid;
		return 0;
	}
	rc = path_read_alloc(ctx, &text, NULL, PATH_ETC_PASSWD);
	if (rc < 0)
		return rc == -ENOENT ? -ESRCH : rc;
	rc = -ESRCH;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t n = strcspn(line, ":");
		char *f;

		if (strlen(name) != n || strncmp(line, name, n) != 0)
			continue;
		/* NAME:PASSWD:UID:... */
		f = strchr(line + n + 1, ':');
		if (f && isdigit((unsigned char)f[1])) {
			*uid = strtoul(f + 1, &end, 10);
			if (*end == ':')
				rc = 0;
		}
		break;
	}
	free(text);
	return rc;
}

int io_cgroup_of_user(struct path_ctx *ctx, const struct io_cgroups *cg, const char *name,
		      char *out, size_t size)
{
	unsigned long uid;
	char path[128];
	int rc = uid_of(ctx, name, &uid);

	if (rc < 0)
		return rc;
	snprintf(path, sizeof(path), "/user.slice/user-%lu.slice", uid);
	return io_cgroup_resolve(ctx, cg, path, out, size);
}

static bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = text; (p = strstr(p, word)); p += n)
		if ((p == text || isspace((unsigned char)p[-1])) &&
		    (!p[n] || isspace((unsigned char)p[n])))
			return true;
	return false;
}

int io_cgroup_undelegated(struct path_ctx *ctx, const struct io_cgroups *cg, const char *cgroup,
			  char *out, size_t size, char (*missing)[256], size_t nmissing)
{
	char anc[256] = "/";
	const char *p = cgroup;
	int count = 0;

	*out = '\0';
	if (cg->mode != IO_CG_V2)
		return 0;
	/* the ancestors of /a/b/c are /, /a, /a/b */
	while (*p) {
		const char *next;
		char *text = NULL;
		bool ok;

		while (*p == '/')
			p++;
		next = p + strcspn(p, "/");
		if (!*p)
			break;
		if (io_cgroup_read(ctx, cg, anc, "cgroup.subtree_control", &text) < 0)
			ok = false;
		else
			ok = has_word(text, "io");
		free(text);
		if (!ok) {
			if (!count)
				snprintf(out, size, "%s", anc);
			if (missing && (size_t)count < nmissing)
				snprintf(missing[count], sizeof(missing[count]), "%s", anc);
			count++;
		}
		if ((size_t)(next - cgroup) >= sizeof(anc))
			return -ENAMETOOLONG;
		memcpy(anc, cgroup, (size_t)(next - cgroup));
		anc[next - cgroup] = '\0';
		p = next;
	}
	return count;
}
