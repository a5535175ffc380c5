// SPDX-License-Identifier: GPL-2.0-or-later
/* kreason.c: kmsg lines about one device since a mark, read through the log sources */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kreason.h"
#include "source.h"

struct kreason_watch {
	struct logsrc *src;
	struct logrec rec;
	uint64_t mark_seq; /* records up to this one are old */
	bool have_mark;
};

int kreason_watch_open(const struct path_ctx *ctx, struct kreason_watch **out)
{
	struct kreason_watch *w = calloc(1, sizeof(*w));
	struct stat st;
	int rc;

	*out = NULL;
	if (!w)
		return -ENOMEM;
	/*
	 * Following, so that reads at the end answer -EAGAIN instead of
	 * blocking; the live device starts at its end (nothing old is read),
	 * a fixture's file at its start (the first mark reads it all).
	 */
	rc = logsrc_open_kmsg(ctx, true, LOGSRC_START_END, &w->src);
	if (rc < 0) {
		free(w);
		return rc;
	}
	/* the kernel's device or a fixture's file: a FIFO in a tree could block a read */
	if (fstat(logsrc_fd(w->src), &st) < 0 || !(S_ISCHR(st.st_mode) || S_ISREG(st.st_mode))) {
		logsrc_free(w->src);
		free(w);
		return -EINVAL;
	}
	logrec_init(&w->rec);
	kreason_watch_mark(w);
	*out = w;
	return 0;
}

void kreason_watch_mark(struct kreason_watch *w)
{
	if (!w)
		return;
	while (logsrc_next(w->src, &w->rec) == 1)
		if (w->rec.kind == LOGREC_ENTRY && w->rec.has_seq &&
		    (!w->have_mark || w->rec.seq > w->mark_seq)) {
			w->mark_seq = w->rec.seq;
			w->have_mark = true;
		}
}

/* does the record name @bdf: "vfio-pci 0000:01:00.0: ..." or DEVICE=+pci:0000:01:00.0 */
static bool names_device(const struct logrec *r, const char *bdf)
{
	const char *dev = logrec_field(r, "DEVICE");

	if (dev && strncmp(dev, "+pci:", 5) == 0 && strcmp(dev + 5, bdf) == 0)
		return true;
	return r->msg && memmem(r->msg, r->msg_len, bdf, strlen(bdf)) != NULL;
}

size_t kreason_watch_collect(struct kreason_watch *w, const char *bdf,
			     char lines[][KREASON_LINE_MAX], size_t max)
{
	size_t n = 0;

	if (!w || !bdf || !*bdf)
		return 0;
	while (logsrc_next(w->src, &w->rec) == 1) {
		const struct logrec *r = &w->rec;
		size_t len;

		if (r->kind != LOGREC_ENTRY || !r->has_seq)
			continue;
		if (w->have_mark && r->seq <= w->mark_seq)
			continue;
		w->mark_seq = r->seq;
		w->have_mark = true;
		if (n >= max || !names_device(r, bdf))
			continue;
		len = strcspn(r->msg, "\n");
		if (len > r->msg_len)
			len = r->msg_len;
		snprintf(lines[n], KREASON_LINE_MAX, "%.*s", (int)len, r->msg);
		/* the text is the kernel's, decoded from \xHH: no control byte reaches a terminal
		 */
		for (char *c = lines[n]; *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				*c = '?';
		n++;
	}
	return n;
}

void kreason_watch_free(struct kreason_watch *w)
{
	if (!w)
		return;
	logsrc_free(w->src);
	logrec_free(&w->rec);
	free(w);
}

int kreason_probe_errno(const char *line)
{
	static const char key[] = "failed with error -";
	const char *p = strstr(line, key);
	char *end;
	long e;

	if (!p || !strstr(line, "probe"))
		return 0;
	e = strtol(p + sizeof(key) - 1, &end, 10);
	if (end == p + sizeof(key) - 1 || e <= 0 || e > 4095)
		return 0;
	return (int)e;
}
