// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * floor.c: the least a PCI listing can do, for bench/hostscale.sh
 *
 * floor SYSROOT [names]: for every function under SYSROOT/sys/bus/pci/devices
 * it reads what `vfioctl device list` prints (IDs, class and header type from
 * one read of config space, the driver and iommu_group links) and, with
 * "names", the vendor and device names from SYSROOT/usr/share/misc/pci.ids
 * (one pass over the file for the IDs seen, no hash of the whole list), and
 * prints one line a function. No confinement to the tree (plain openat from
 * a directory fd), no sorting, no error handling beyond skipping: it is the
 * floor to measure against, not a tool.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct fn {
	char bdf[16];
	unsigned short ven, dev;
	unsigned cls;
	int group;
	char driver[64];
	const char *vname, *dname;
};

static const char *link_name(int dfd, const char *name, char *buf, size_t size)
{
	ssize_t n = readlinkat(dfd, name, buf, size - 1);
	char *s;

	if (n < 0)
		return NULL;
	buf[n] = '\0';
	s = strrchr(buf, '/');
	return s ? s + 1 : buf;
}

static int cmp_id(const void *a, const void *b)
{
	const struct fn *x = a, *y = b;

	return x->ven != y->ven ? x->ven - y->ven : x->dev - y->dev;
}

/* names for the (vendor, device) pairs in @f (sorted by ID), in one pass */
static char *load_names(const char *path, struct fn *f, size_t n)
{
	struct stat st;
	char *text, *p, *end, *vname = NULL;
	unsigned cur = 0x10000;
	size_t k = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) < 0)
		return NULL;
	text = malloc((size_t)st.st_size + 1);
	if (!text || read(fd, text, (size_t)st.st_size) != st.st_size)
		return NULL;
	close(fd);
	text[st.st_size] = '\0';
	end = text + st.st_size;
	for (p = text; p < end && k < n;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			nl = end;
		*nl = '\0';
		if (p[0] != '#' && p[0] != '\t' && p[0] != 'C' && nl - p > 6) {
			cur = (unsigned)strtoul(p, NULL, 16);
			vname = p + 6;
			while (k < n && f[k].ven < cur)
				k++;
			for (size_t j = k; j < n && f[j].ven == cur; j++)
				f[j].vname = vname;
		} else if (p[0] == '\t' && p[1] != '\t' && k < n && f[k].ven == cur && nl - p > 7) {
			struct fn key = { .ven = (unsigned short)cur };
			size_t lo = k, hi = n;

			/* the first function of this vendor and device: f is sorted by both */
			key.dev = (unsigned short)strtoul(p + 1, NULL, 16);
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;

				if (cmp_id(&f[mid], &key) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (size_t j = lo; j < n && cmp_id(&f[j], &key) == 0; j++)
				f[j].dname = p + 7;
		} else if (p[0] == 'C') {
			break;	/* the class list follows the vendors */
		}
		p = nl + 1;
	}
	return text;
}

int main(int argc, char **argv)
{
	char path[4096], buf[256];
	struct fn *f = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	int names = argc > 2 && strcmp(argv[2], "names") == 0;
	int dfd;
	DIR *d;

	if (argc < 2) {
		fprintf(stderr, "usage: floor SYSROOT [names]\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices", argv[1]);
	d = opendir(path);
	if (!d)
		return 1;
	dfd = dirfd(d);
	while ((de = readdir(d))) {
		unsigned char c[64];
		const char *s;
		int dev, cfg;

		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			f = realloc(f, cap * sizeof(*f));
			if (!f)
				return 1;
		}
		memset(&f[n], 0, sizeof(f[n]));
		snprintf(f[n].bdf, sizeof(f[n].bdf), "%.15s", de->d_name);
		dev = openat(dfd, de->d_name, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (dev < 0)
			continue;
		cfg = openat(dev, "config", O_RDONLY | O_CLOEXEC);
		if (cfg >= 0 && pread(cfg, c, sizeof(c), 0) >= 16) {
			f[n].ven = (unsigned short)(c[0] | c[1] << 8);
			f[n].dev = (unsigned short)(c[2] | c[3] << 8);
			f[n].cls = (unsigned)(c[9] | c[10] << 8 | c[11] << 16);
		}
		if (cfg >= 0)
			close(cfg);
		s = link_name(dev, "driver", buf, sizeof(buf));
		snprintf(f[n].driver, sizeof(f[n].driver), "%.63s", s ? s : "");
		s = link_name(dev, "iommu_group", buf, sizeof(buf));
		f[n].group = s ? atoi(s) : -1;
		close(dev);
		n++;
	}
	closedir(d);
	if (names) {
		snprintf(path, sizeof(path), "%s/usr/share/misc/pci.ids", argv[1]);
		qsort(f, n, sizeof(*f), cmp_id);
		load_names(path, f, n);
	}
	for (size_t i = 0; i < n; i++)
		printf("%s %d %06x %04x:%04x %s %s %s\n", f[i].bdf, f[i].group, f[i].cls, f[i].ven,
		       f[i].dev, f[i].driver, f[i].vname ? f[i].vname : "",
		       f[i].dname ? f[i].dname : "");
	return 0;
}
