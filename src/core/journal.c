// SPDX-License-Identifier: GPL-2.0-or-later
/* journal.c: the claim journal under /run, written atomically */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "array.h"
#include "journal.h"
#include "log.h"
#include "pathnames.h"

#define JOURNAL_MAGIC "vfioctl-journal 1"

int journal_path(int group, const char *bdf, char *buf, size_t size)
{
	int n = group >= 0 ? snprintf(buf, size, PATH_RUN_GROUP_JOURNAL, group)
			   : snprintf(buf, size, PATH_RUN_DEVICE_JOURNAL, bdf);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

bool journal_name_valid(const char *name)
{
	/* "." and ".." name directories, never a driver (drivers/%s must be one) */
	if (strlen(name) >= PCI_DRIVER_MAX || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' && *p != '.')
			return false;
	return true;
}

int journal_write(struct path_ctx *ctx, const struct journal *j, const char *rel)
{
	char *buf;
	/* a device line with the longest BDF and names is 26 + 16 + 2 * 63 bytes */
	size_t cap = 256 + sizeof(j->pending_path) + j->ndevs * (32 + BDF_STRLEN + 2 * PCI_DRIVER_MAX), len;
	int rc;

	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	len = (size_t)snprintf(buf, cap, "%s\nop %s\ngroup %d\nstate %s\npid %ld\n",
			       JOURNAL_MAGIC, j->op, j->group,
			       j->state == JOURNAL_APPLIED ? "applied" : "applying", j->pid);
	for (size_t i = 0; i < j->ndevs; i++)
		len += (size_t)snprintf(buf + len, cap - len, "device %s driver=%s override=%s\n",
					j->devs[i].bdf, j->devs[i].driver,
					j->devs[i].override);
	if (j->pending_pid > 0)
		len += (size_t)snprintf(buf + len, cap - len, "pending %ld %s\n", j->pending_pid,
					j->pending_path);
	rc = path_mkdirs(ctx, PATH_RUN_DIR);
	if (rc == 0)
		rc = path_write_atomic(ctx, buf, len, "%s", rel);
	free(buf);
	return rc;
}

static int parse_device(const char *line, struct journal_device *d)
{
	char bdf[32], drv[PCI_DRIVER_MAX + 8], ovr[PCI_DRIVER_MAX + 9];
	struct pci_bdf b;
	int end = 0;

	/* "device BDF driver=X override=Y"; an empty value means none; nothing after it */
	if (sscanf(line, "device %31s %71s %72s%n", bdf, drv, ovr, &end) != 3 || line[end] ||
	    strncmp(drv, "driver=", 7) != 0 || strncmp(ovr, "override=", 9) != 0)
		return -EBADMSG;
	if (bdf_parse(bdf, &b) < 0 || !journal_name_valid(drv + 7) ||
	    !journal_name_valid(ovr + 9))
		return -EBADMSG;
	bdf_format(&b, d->bdf, sizeof(d->bdf));
	strcpy(d->driver, drv + 7);
	strcpy(d->override, ovr + 9);
	return 0;
}

/* the value of a "KEY VALUE" line, or NULL when the line has another key */
static const char *value_of(const char *line, const char *key)
{
	size_t n = strlen(key);

	return strncmp(line, key, n) == 0 && line[n] == ' ' ? line + n + 1 : NULL;
}

/* a whole decimal number, nothing before or after it */
static bool parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s) && !(*s == '-' && isdigit((unsigned char)s[1])))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || errno)
		return false;
	*out = v;
	return true;
}

/* one line after the magic; keys are matched whole, values exactly */
static int parse_line(const char *line, struct journal *j, bool *state)
{
	const char *v;
	long n;

	if ((v = value_of(line, "op"))) {
		if (!*v || strlen(v) >= sizeof(j->op) || !journal_name_valid(v))
			return -EBADMSG;
		strcpy(j->op, v);
	} else if ((v = value_of(line, "group"))) {
		if (!parse_long(v, &n) || n < -1 || n > INT_MAX)
			return -EBADMSG;
		j->group = (int)n;
	} else if ((v = value_of(line, "pid"))) {
		if (!parse_long(v, &j->pid))
			return -EBADMSG;
	} else if ((v = value_of(line, "state"))) {
		if (*state)
			return -EBADMSG;	/* one state only: which would be true? */
		if (strcmp(v, "applied") == 0)
			j->state = JOURNAL_APPLIED;
		else if (strcmp(v, "applying") == 0)
			j->state = JOURNAL_APPLYING;
		else
			return -EBADMSG;
		*state = true;
	} else if ((v = value_of(line, "pending"))) {
		char path[sizeof(j->pending_path) + 1];
		int end = 0;

		/* "pending PID PATH": a sysroot-relative attribute, plain characters */
		if (j->pending_pid || sscanf(v, "%ld %128s%n", &j->pending_pid, path, &end) != 2 ||
		    v[end] || j->pending_pid <= 0 || strlen(path) >= sizeof(j->pending_path) ||
		    strspn(path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:/-") !=
			    strlen(path) || *path == '/' || strstr(path, ".."))
			return -EBADMSG;
		strcpy(j->pending_path, path);
	} else if (value_of(line, "device")) {
		struct journal_device d;

		if (parse_device(line, &d) < 0)
			return -EBADMSG;
		/* one record per device: two would contradict each other */
		if (journal_find(j, d.bdf))
			return -EBADMSG;
		return journal_add_device(j, d.bdf, d.driver, d.override);
	} else {
		return -EBADMSG;
	}
	return 0;
}

int journal_name_parse(const char *rel, int *group, char *bdf)
{
	const char *base = strrchr(rel, '/');
	char num[16], dev[32];
	struct pci_bdf b;
	size_t len;

	base = base ? base + 1 : rel;
	len = strlen(base);
	if (len < 9 || strcmp(base + len - 8, ".journal") != 0)
		return -EINVAL;
	len -= 8;
	if (strncmp(base, "group-", 6) == 0 && len - 6 > 0 && len - 6 < sizeof(num)) {
		long n;

		memcpy(num, base + 6, len - 6);
		num[len - 6] = '\0';
		/* the name journal_path() makes: no sign, no leading zero */
		if (!parse_long(num, &n) || n < 0 || n > INT_MAX || (*num == '0' && num[1]))
			return -EINVAL;
		*group = (int)n;
		*bdf = '\0';
		return 0;
	}
	if (strncmp(base, "device-", 7) == 0 && len - 7 > 0 && len - 7 < sizeof(dev)) {
		memcpy(dev, base + 7, len - 7);
		dev[len - 7] = '\0';
		if (bdf_parse(dev, &b) < 0)
			return -EINVAL;
		bdf_format(&b, bdf, BDF_STRLEN);
		/* only the canonical spelling is a name vfioctl wrote */
		if (strcmp(bdf, dev) != 0)
			return -EINVAL;
		*group = -1;
		return 0;
	}
	return -EINVAL;
}

/* a claim journal: directly in PATH_RUN_DIR */
static bool in_run_dir(const char *rel)
{
	size_t n = strlen(PATH_RUN_DIR);

	while (*rel == '/')
		rel++;
	return strncmp(rel, PATH_RUN_DIR "/", n + 1) == 0 && !strchr(rel + n + 1, '/');
}

/* the group or the one device its name gives is what it records */
static bool name_matches(const char *rel, const struct journal *j)
{
	char bdf[BDF_STRLEN];
	int group;

	if (journal_name_parse(rel, &group, bdf) < 0)
		return false;
	if (group >= 0)
		return j->group == group;
	return j->group == -1 && j->ndevs == 1 && strcmp(j->devs[0].bdf, bdf) == 0;
}

int journal_read(struct path_ctx *ctx, const char *rel, struct journal *j)
{
	char *text, *line, *save = NULL;
	bool magic = false, state = false;
	size_t len;
	int rc;

	memset(j, 0, sizeof(*j));
	j->group = -1;
	rc = path_read_alloc(ctx, &text, &len, "%s", rel);
	if (rc < 0)
		return rc;
	if (strlen(text) != len) {
		free(text);
		return -EBADMSG;	/* a NUL byte: not a journal this code wrote */
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!magic) {
			if (strcmp(line, JOURNAL_MAGIC) != 0)
				break;
			magic = true;
		} else if ((rc = parse_line(line, j, &state)) < 0) {
			magic = false;
			break;
		}
	}
	free(text);
	if (rc == -ENOMEM || !magic || !state || !*j->op || !j->ndevs) {
		journal_clear(j);
		return rc == -ENOMEM ? rc : -EBADMSG;
	}
	return in_run_dir(rel) && !name_matches(rel, j) ? -ENOTUNIQ : 0;
}

int journal_add_device(struct journal *j, const char *bdf, const char *driver,
		       const char *override)
{
	struct journal_device *d;
	int rc = array_grow((void **)&j->devs, &j->cap, j->ndevs, sizeof(*j->devs));

	if (rc < 0)
		return rc;
	d = &j->devs[j->ndevs++];
	memset(d, 0, sizeof(*d));
	snprintf(d->bdf, sizeof(d->bdf), "%s", bdf);
	snprintf(d->driver, sizeof(d->driver), "%s", driver);
	snprintf(d->override, sizeof(d->override), "%s", override);
	return 0;
}

void journal_clear(struct journal *j)
{
	free(j->devs);
	j->devs = NULL;
	j->ndevs = j->cap = 0;
}

int journal_remove(struct path_ctx *ctx, const char *rel)
{
	return path_unlink(ctx, "%s", rel);
}

int journal_list(struct path_ctx *ctx, char ***out)
{
	char **names = NULL;
	size_t n = 0, kept = 0;
	int rc = path_list_dir(ctx, &names, &n, PATH_RUN_DIR);

	if (rc == -ENOENT) {
		*out = calloc(1, sizeof(char *));
		return *out ? 0 : -ENOMEM;
	}
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		char *full;

		if (len < 8 || strcmp(names[i] + len - 8, ".journal") != 0 ||
		    asprintf(&full, "%s/%s", PATH_RUN_DIR, names[i]) < 0) {
			free(names[i]);
			continue;
		}
		free(names[i]);
		names[kept++] = full;
	}
	names[kept] = NULL;
	*out = names;
	return 0;
}

const struct journal_device *journal_find(const struct journal *j, const char *bdf)
{
	for (size_t i = 0; i < j->ndevs; i++)
		if (strcmp(j->devs[i].bdf, bdf) == 0)
			return &j->devs[i];
	return NULL;
}

int journal_clean_tmp(struct path_ctx *ctx, const struct timespec *locked_at, size_t *removed)
{
	char **names = NULL;
	size_t n = 0;
	int rc = path_list_dir(ctx, &names, &n, PATH_RUN_DIR);

	if (rc == -ENOENT)
		return 0;
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const char *tag = strstr(names[i], ".journal.tmp.");
		struct stat st;
		long pid;
		bool stale;
		int fd;

		/* path_write_atomic()'s name: "NAME.journal.tmp.PID" */
		if (!tag || !parse_long(tag + 13, &pid) || pid <= 0)
			continue;
		fd = path_open(ctx, O_PATH | O_NOFOLLOW | O_CLOEXEC, PATH_RUN_DIR "/%s", names[i]);
		if (fd < 0)
			continue;
		rc = fstat(fd, &st);
		close(fd);
		if (rc < 0 || !S_ISREG(st.st_mode))
			continue;	/* not a file this code wrote: left alone */
		stale = !path_exists(ctx, PATH_PROC "/%ld", pid) ||
			st.st_mtim.tv_sec < locked_at->tv_sec ||
			(st.st_mtim.tv_sec == locked_at->tv_sec &&
			 st.st_mtim.tv_nsec < locked_at->tv_nsec);
		if (!stale || path_unlink(ctx, PATH_RUN_DIR "/%s", names[i]) < 0)
			continue;
		{
			char abs[PATH_MAX];

			path_abs(ctx, abs, sizeof(abs), PATH_RUN_DIR "/%s", names[i]);
			vfio_info("removed '%s': a journal write by process %ld that never reached its rename",
				  abs, pid);
		}
		if (removed)
			(*removed)++;
	}
	strv_free(names);
	return 0;
}
