// SPDX-License-Identifier: GPL-2.0-or-later
/* test-logs.c: the log readers, filters and writers on real captures and constructed input */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-c/json.h>

#include "filter.h"
#include "format.h"
#include "kmsg.h"
#include "logger.h"
#include "source.h"
#include "testutil.h"
#include "write.h"

static const char *data_path(const char *name)
{
	static char buf[4096];
	const char *top = getenv("abs_top_srcdir");

	snprintf(buf, sizeof(buf), "%s/tests/data/logs/%s", top ? top : "..", name);
	return buf;
}

/* read a whole source: counts of entries and of each notice */
struct tally {
	size_t entries, lost, corrupt, truncated, backwards, closed;
	uint64_t lost_count, corrupt_bytes;
};

static struct tally read_all(struct logsrc *s, struct logrec *last)
{
	struct tally t = { 0 };
	struct logrec r;
	int rc;

	logrec_init(&r);
	while ((rc = logsrc_next(s, &r)) == 1) {
		if (r.kind == LOGREC_ENTRY) {
			t.entries++;
			if (last)
				ck_assert_int_eq(logrec_copy(last, &r), 0);
			continue;
		}
		switch (r.notice) {
		case LOGREC_LOST:
			t.lost++;
			t.lost_count += r.count;
			break;
		case LOGREC_CORRUPT:
			t.corrupt++;
			t.corrupt_bytes += r.count;
			break;
		case LOGREC_TRUNCATED:
			t.truncated++;
			break;
		case LOGREC_BACKWARDS:
			t.backwards++;
			break;
		case LOGREC_CLOSED:
			t.closed++;
			break;
		}
	}
	ck_assert_int_eq(rc, 0);
	logrec_free(&r);
	return t;
}

static struct logsrc *open_mem(const void *p, size_t n, enum logsrc_type type)
{
	struct logsrc *s;
	int fds[2];

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(write(fds[1], p, n), (ssize_t)n);
	close(fds[1]);
	ck_assert_int_eq(logsrc_open_fd(fds[0], type, "mem", false, &s), 0);
	return s;
}

START_TEST(test_kmsg_fields_escapes)
{
	static const char rec[] = "6,202,98513,-,caller=T1,comm=a,b;x\\x5cy\\x0az\\x1b\n"
				  " SUBSYSTEM=acpi\n DEVICE=+acpi:PNP0A08:00\n";
	struct logrec r;

	logrec_init(&r);
	ck_assert_int_eq(kmsg_parse(rec, sizeof(rec) - 1, &r), 0);
	ck_assert_uint_eq(r.seq, 202);
	ck_assert_int_eq(r.mono_usec, 98513);
	ck_assert_int_eq(r.level, 6);
	ck_assert_int_eq(r.facility, 0);
	ck_assert_str_eq(r.caller, "T1");
	ck_assert_int_eq(r.pid, 1);
	/* "comm=a,b" holds a comma: it must not split the header */
	ck_assert_str_eq(r.msg, "x\\y\nz\x1b");
	ck_assert_uint_eq(r.nfields, 2);
	ck_assert_str_eq(logrec_field(&r, "SUBSYSTEM"), "acpi");
	ck_assert_str_eq(logrec_field(&r, "DEVICE"), "+acpi:PNP0A08:00");
	/* Linux 3.5: no flags field */
	ck_assert_int_eq(kmsg_parse("5,2,1;Linux", 11, &r), 0);
	ck_assert_str_eq(r.msg, "Linux");
	ck_assert_int_eq(kmsg_parse("30,340,5690716,c;udevd", 22, &r), 0);
	ck_assert_int_eq(r.facility, 3);
	ck_assert_int_eq(r.flag, 'c');
	ck_assert_int_eq(kmsg_parse("hello, world", 12, &r), -EBADMSG);
	ck_assert_int_eq(kmsg_parse("6,1,2,-", 7, &r), -EBADMSG);
	ck_assert_int_eq(kmsg_parse("6,1,99999999999999999999,-;x", 28, &r), -EBADMSG);
	logrec_free(&r);
}
END_TEST

START_TEST(test_kmsg_max_size)
{
	/* a record of the kernel's maximum: 8192 bytes, all of its text escaped */
	char *rec = malloc(KMSG_READ_MAX);
	struct logrec r;
	size_t n = (size_t)snprintf(rec, 64, "4,7,1,-;");

	while (n + 4 <= 8191) {
		memcpy(rec + n, "\\x41", 4);
		n += 4;
	}
	rec[n++] = '\n';
	logrec_init(&r);
	ck_assert_int_eq(kmsg_parse(rec, n, &r), 0);
	ck_assert_uint_eq(r.msg_len, (n - 9) / 4);
	ck_assert_int_eq(r.msg[0], 'A');
	ck_assert_int_eq(r.msg[r.msg_len - 1], 'A');
	logrec_free(&r);
	free(rec);
}
END_TEST

START_TEST(test_kmsg_gap_is_lost)
{
	/* a seqpacket pair gives one record per read(), as /dev/kmsg does */
	static const char *const recs[] = { "6,1,10,-;a\n", "6,2,20,-;b\n", "6,10,30,-;c\n",
					    "6,11,40,-;d\n" };
	struct logsrc *s;
	struct tally t;
	struct logrec last;
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	for (size_t i = 0; i < 4; i++)
		ck_assert_int_gt(send(sv[1], recs[i], strlen(recs[i]), 0), 0);
	close(sv[1]);
	ck_assert_int_eq(logsrc_open_fd(sv[0], LOGSRC_KMSG_DEV, "kmsg", false, &s), 0);
	logrec_init(&last);
	t = read_all(s, &last);
	ck_assert_uint_eq(t.entries, 4);
	ck_assert_uint_eq(t.lost, 1);
	ck_assert_uint_eq(t.lost_count, 7);	/* seq 3..9 */
	ck_assert_uint_eq(logsrc_stats(s)->lost, 7);
	ck_assert_str_eq(last.msg, "d");
	logrec_free(&last);
	logsrc_free(s);
}
END_TEST

START_TEST(test_kmsg_epipe_midstream)
{
	/* the ring overran the reader twice; a third EPIPE in a row must not spin */
	static const char *const script[] = {
		"6,100,1,-;a\n", "6,101,2,-;b\n", "EPIPE", "6,140,3,-;c\n", "6,141,4,-;d\n",
		"EPIPE", "EPIPE", "EPIPE", "6,150,5,-;e\n", "EAGAIN", "6,151,6,-;f\n", NULL,
	};
	struct logsrc *s;
	struct logrec r;
	char order[32] = "";
	int fds[2], rc;

	fake_read_script(script);
	ck_assert_int_eq(pipe(fds), 0);
	close(fds[1]);
	ck_assert_int_eq(logsrc_open_fd(fds[0], LOGSRC_KMSG_DEV, "kmsg", false, &s), 0);
	logsrc_set_read(s, fake_read);
	logrec_init(&r);
	/* without -f, EAGAIN is the end of what there is */
	while ((rc = logsrc_next(s, &r)) == 1) {
		if (r.kind == LOGREC_NOTICE) {
			ck_assert_int_eq(r.notice, LOGREC_LOST);
			snprintf(order + strlen(order), sizeof(order) - strlen(order), "(%llu)",
				 (unsigned long long)r.count);
		} else {
			strncat(order, r.msg, sizeof(order) - strlen(order) - 1);
		}
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(order, "ab(38)cd(8)e");
	ck_assert_uint_eq(logsrc_stats(s)->epipe, 4);
	ck_assert_uint_eq(logsrc_stats(s)->lost, 46);
	logsrc_free(s);
	/* with -f, EAGAIN says "poll me", and reading goes on after it */
	fake_read_script(script);
	ck_assert_int_eq(pipe(fds), 0);
	close(fds[1]);
	ck_assert_int_eq(logsrc_open_fd(fds[0], LOGSRC_KMSG_DEV, "kmsg", true, &s), 0);
	logsrc_set_read(s, fake_read);
	while ((rc = logsrc_next(s, &r)) == 1)
		;
	ck_assert_int_eq(rc, -EAGAIN);
	ck_assert_int_eq(logsrc_next(s, &r), 1);
	ck_assert_str_eq(r.msg, "f");
	ck_assert_int_eq(logsrc_next(s, &r), 0);
	logsrc_free(s);
	logrec_free(&r);
}
END_TEST

START_TEST(test_kmsg_real_files)
{
	struct logsrc *s;
	struct tally t;
	struct logrec last;

	logrec_init(&last);
	ck_assert_int_eq(logsrc_open_file(data_path("util-linux-kmsg-input.bin"), -1, false, &s), 0);
	ck_assert_int_eq(logsrc_type(s), LOGSRC_KMSG_FILE);
	t = read_all(s, &last);
	ck_assert_uint_eq(t.entries, 45);	/* the records util-linux's expected JSON lists */
	ck_assert_uint_eq(logsrc_stats(s)->corrupt_bytes, 0);
	logsrc_free(s);
	ck_assert_int_eq(logsrc_open_file(data_path("util-linux-kmsg-newlines.bin"), -1, false,
					  &s), 0);
	t = read_all(s, &last);
	ck_assert_uint_eq(t.entries, 5);
	ck_assert_str_eq(last.msg, "line four\nfour\nmore\ntest\nlines");
	logsrc_free(s);
	ck_assert_int_eq(logsrc_open_file(data_path("chromiumos-vm_tools-collector-test.kmsg"), -1,
					  false, &s), 0);
	t = read_all(s, &last);
	ck_assert_uint_eq(t.entries, 3);
	ck_assert_str_eq(logrec_field(&last, "DEVICE"), "+pci:0000:00:04.0");
	logsrc_free(s);
	logrec_free(&last);
}
END_TEST

/* a logger entry with a header of @hs bytes (0: v1) and a text payload */
static size_t make_entry(uint8_t *p, unsigned hs, uint32_t v20, uint32_t uid, int prio,
			 const char *tag, const char *msg)
{
	size_t tl = strlen(tag) + 1, ml = strlen(msg) + 1, len = 1 + tl + ml;
	size_t h = hs ? hs : 20;
	uint32_t w[6] = { 1234, 1235, 1600000000, 5000000, v20, uid };

	p[0] = (uint8_t)len;
	p[1] = (uint8_t)(len >> 8);
	p[2] = (uint8_t)hs;
	p[3] = 0;
	memcpy(p + 4, w, h - 4);
	p[h] = (uint8_t)prio;
	memcpy(p + h + 1, tag, tl);
	memcpy(p + h + 1 + tl, msg, ml);
	return h + len;
}

/* our decoding of util-linux's kmsg input, record by record, against dmesg's own JSON */
START_TEST(test_kmsg_matches_util_linux)
{
	struct json_object *root = json_object_from_file(data_path("util-linux-kmsg-file.expected.json"));
	struct json_object *arr;
	struct logsrc *s;
	struct logrec r;
	size_t i = 0;

	ck_assert_ptr_nonnull(root);
	ck_assert(json_object_object_get_ex(root, "dmesg", &arr));
	ck_assert_int_eq(logsrc_open_file(data_path("util-linux-kmsg-input.bin"), -1, false, &s), 0);
	logrec_init(&r);
	while (logsrc_next(s, &r) == 1) {
		struct json_object *o = json_object_array_get_idx(arr, i++), *v;

		ck_assert_ptr_nonnull(o);
		ck_assert(json_object_object_get_ex(o, "pri", &v));
		ck_assert_int_eq(json_object_get_int(v), r.facility << 3 | r.level);
		ck_assert(json_object_object_get_ex(o, "time", &v));
		ck_assert_int_eq((int64_t)(json_object_get_double(v) * 1e6 + 0.5), r.mono_usec);
		ck_assert(json_object_object_get_ex(o, "msg", &v));
		ck_assert_str_eq(json_object_get_string(v), r.msg);
	}
	ck_assert_uint_eq(i, json_object_array_length(arr));
	logrec_free(&r);
	logsrc_free(s);
	json_object_put(root);
}
END_TEST

/* a legacy logger device: one entry per read(), the log id from the device */
START_TEST(test_logger_device_reads)
{
	uint8_t e[256];
	struct logsrc *s;
	struct tally t;
	struct logrec last;
	int sv[2];
	size_t n;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	n = make_entry(e, 24, 10001, 0, 6, "dev", "one");	/* v2: euid */
	ck_assert_int_eq(send(sv[1], e, n, 0), (ssize_t)n);
	n = make_entry(e, 24, 10001, 0, 3, "dev", "two");
	ck_assert_int_eq(send(sv[1], e, n - 3, 0), (ssize_t)n - 3);	/* cut short */
	n = make_entry(e, 24, 10001, 0, 4, "dev", "three");
	ck_assert_int_eq(send(sv[1], e, n, 0), (ssize_t)n);
	close(sv[1]);
	ck_assert_int_eq(logsrc_open_fd(sv[0], LOGSRC_LOGGER_DEV, "radio", false, &s), 0);
	logrec_init(&last);
	t = read_all(s, &last);
	ck_assert_uint_eq(t.entries, 2);
	ck_assert_uint_eq(t.truncated, 1);
	ck_assert_int_eq(last.uid, 10001);
	ck_assert_str_eq(last.msg, "three");
	logrec_free(&last);
	logsrc_free(s);
}
END_TEST

START_TEST(test_logger_versions)
{
	uint8_t buf[512];
	struct logger_hdr h;
	struct logrec r;
	size_t n;

	logrec_init(&r);
	n = make_entry(buf, 0, 0, 0, 4, "v1tag", "one");
	ck_assert_int_eq(logger_hdr_parse(buf, n, &h), (ssize_t)n);
	ck_assert_int_eq(h.hdr_size, 20);
	ck_assert_int_eq(logger_decode(&h, buf + 20, LOGREC_LID_MAIN, NULL, &r), 0);
	ck_assert_str_eq(r.tag, "v1tag");
	ck_assert_str_eq(r.msg, "one");
	ck_assert_int_eq(r.uid, -1);
	n = make_entry(buf, 24, 10042, 0, 6, "v2", "two");	/* euid */
	ck_assert_int_eq(logger_hdr_parse(buf, n, &h), (ssize_t)n);
	ck_assert_int_eq(h.uid, 10042);
	ck_assert_int_eq(h.lid, LOGREC_LID_UNKNOWN);
	n = make_entry(buf, 24, 3, 0, 6, "v3", "three");	/* lid */
	ck_assert_int_eq(logger_hdr_parse(buf, n, &h), (ssize_t)n);
	ck_assert_int_eq(h.lid, LOGREC_LID_SYSTEM);
	n = make_entry(buf, 28, 0, 1069, 5, "v4", "four");
	ck_assert_int_eq(logger_hdr_parse(buf, n, &h), (ssize_t)n);
	ck_assert_int_eq(h.uid, 1069);
	ck_assert_int_eq(logger_decode(&h, buf + 28, LOGREC_LID_UNKNOWN, NULL, &r), 0);
	ck_assert_int_eq(r.aprio, 5);
	ck_assert_int_eq(r.real_nsec, 1600000000LL * 1000000000 + 5000000);
	/* garbage hdr_size: read as v1 */
	n = make_entry(buf, 0, 0, 0, 4, "g", "x");
	buf[2] = 0x77;
	ck_assert_int_eq(logger_hdr_parse(buf, n, &h), (ssize_t)n);
	ck_assert_int_eq(h.hdr_size, 20);
	/* not enough bytes yet; an impossible length */
	ck_assert_int_eq(logger_hdr_parse(buf, 10, &h), -EAGAIN);
	buf[0] = 0xff;
	buf[1] = 0xff;
	ck_assert_int_eq(logger_hdr_parse(buf, n, &h), -EBADMSG);
	logrec_free(&r);
}
END_TEST

START_TEST(test_logger_events_nested)
{
	/* list(int 7, list(string "ab", long -2, float 1.5), string "") */
	static const uint8_t v[] = { 3, 3, 0, 7, 0, 0, 0, 3, 3, 2, 2, 0, 0, 0, 'a', 'b', 1,
				     0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 4, 0, 0,
				     0xc0, 0x3f, 2, 0, 0, 0, 0 };
	char out[256];
	uint8_t deep[40];

	ck_assert_int_eq(logger_events_text(v, sizeof(v), out, sizeof(out)), (ssize_t)sizeof(v));
	ck_assert_str_eq(out, "[7,[ab,-2,1.500000],]");
	ck_assert_int_eq(logger_events_text(v, sizeof(v) - 1, out, sizeof(out)), -EBADMSG);
	/* lists nested past the limit are garbage */
	for (size_t i = 0; i < sizeof(deep); i += 2) {
		deep[i] = 3;
		deep[i + 1] = 1;
	}
	ck_assert_int_eq(logger_events_text(deep, sizeof(deep), out, sizeof(out)), -EBADMSG);
	out[0] = 9;
	ck_assert_int_eq(logger_events_text((uint8_t *)out, 1, out, sizeof(out)), -EBADMSG);
}
END_TEST

START_TEST(test_logger_resync_truncated)
{
	uint8_t buf[1024];
	size_t n = 0;
	struct logsrc *s;
	struct tally t;
	struct logrec last;

	n += make_entry(buf + n, 24, 0, 0, 4, "A", "first");
	memcpy(buf + n, "\xff\xff\x13\x37garbage!", 12);	/* a corrupt length */
	n += 12;
	n += make_entry(buf + n, 24, 0, 0, 4, "B", "second");
	n += make_entry(buf + n, 24, 0, 0, 4, "C", "cut short") - 5;
	logrec_init(&last);
	s = open_mem(buf, n, LOGSRC_LOGGER_FILE);
	t = read_all(s, &last);
	ck_assert_uint_eq(t.entries, 2);
	ck_assert_uint_eq(t.corrupt, 1);
	ck_assert_uint_eq(t.corrupt_bytes, 12);
	ck_assert_uint_eq(t.truncated, 1);
	ck_assert_str_eq(last.tag, "B");
	logsrc_free(s);
	logrec_free(&last);
}
END_TEST

START_TEST(test_logger_real_files)
{
	struct logger_tags *tags;
	struct logsrc *s;
	struct tally t;
	struct logrec last;
	char *text;
	FILE *f;
	long len;

	logrec_init(&last);
	ck_assert_int_eq(logsrc_open_file(data_path("lokatt-nexus-5-android-5.1-boot.bin"), -1,
					  false, &s), 0);
	t = read_all(s, &last);
	ck_assert_uint_eq(t.entries, 2703);
	ck_assert_uint_eq(t.corrupt + t.truncated, 0);
	ck_assert_uint_eq(t.backwards, logsrc_stats(s)->backwards);
	logsrc_free(s);
	ck_assert_int_eq(logsrc_open_file(data_path("lokatt-shutdown-v1.crlf.bin"), -1, false,
					  &s), 0);
	t = read_all(s, &last);
	ck_assert_uint_eq(t.entries, 125);
	ck_assert(logsrc_stats(s)->crlf_fixed);
	logsrc_free(s);
	ck_assert_int_eq(logsrc_open_file(data_path("adb-ts-logcat-B-v4-truncated.bin"), -1, false,
					  &s), 0);
	t = read_all(s, &last);
	ck_assert_uint_eq(t.entries, 2);
	ck_assert_uint_eq(t.truncated, 1);
	ck_assert_int_eq(last.uid, 1069);
	ck_assert_str_eq(last.msg, "Process polling is supported");
	logsrc_free(s);
	ck_assert_int_eq(logsrc_open_file(data_path("adbkit-logcat-1-broken.dat"), -1, false,
					  &s), 0);
	t = read_all(s, NULL);
	ck_assert_uint_eq(t.entries, 0);
	ck_assert_uint_eq(t.corrupt_bytes, 66);
	logsrc_free(s);
	f = fopen(data_path("android-5.1-x86-event-log-tags"), "r");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = malloc((size_t)len);
	ck_assert_int_eq(fread(text, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	ck_assert_int_eq(logger_tags_load(text, (size_t)len, &tags), 0);
	free(text);
	ck_assert_str_eq(logger_tags_name(tags, 2722), "battery_level");
	ck_assert_int_eq(logsrc_open_file(data_path("advancedsharpadbclient-LogcatEvents.bin"), -1,
					  false, &s), 0);
	logsrc_set_tags(s, tags);
	t = read_all(s, &last);
	ck_assert_uint_eq(t.entries, 3);
	ck_assert_str_eq(last.tag, "am_proc_start");
	ck_assert_int_eq(last.lid, LOGREC_LID_EVENTS);
	ck_assert_str_eq(last.msg, "[0,19712,10129,com.cleanmaster.mguard:worker,broadcast,"
			 "com.cleanmaster.mguard/com.ijinshan.screensavershared.mutual."
			 "CharingSaverStateReceiver]");
	logsrc_free(s);
	logger_tags_free(tags);
	logrec_free(&last);
}
END_TEST

/* a fake logd: accepts one client, reports its request, replays entries, closes */
START_TEST(test_logdr_fake_logd)
{
	char *root = tree_new(), sock[100], req[256] = "";
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct path_ctx *ctx;
	struct logsrc *s;
	struct logrec r;
	int lfd, rep[2], rc, n = 0, closed = 0, trunc = 0;
	pid_t pid;

	tree_mkdir(root, "dev/socket");
	snprintf(sock, sizeof(sock), "%s/dev/socket/logdr", root);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock);
	lfd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	ck_assert_int_ge(lfd, 0);
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(lfd, 1), 0);
	ck_assert_int_eq(pipe(rep), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		uint8_t e[256];
		int c = accept(lfd, NULL, NULL);
		ssize_t k = recv(c, req, sizeof(req) - 1, 0);
		size_t len;

		if (k > 0 && write(rep[1], req, (size_t)k) != k)
			_exit(2);
		close(rep[1]);
		len = make_entry(e, 28, 0, 1000, 4, "logd", "hello");
		send(c, e, len, 0);
		len = make_entry(e, 28, 3, 1000, 6, "sys", "world");
		send(c, e, len, 0);
		/* a packet cut short: the header promises more than it carries */
		send(c, e, len - 4, 0);
		close(c);	/* mid-stream */
		_exit(0);
	}
	close(rep[1]);
	close(lfd);
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
	ck_assert_int_eq(logsrc_open_logdr(ctx, 1u << 0 | 1u << 3, 100, true, &s), 0);
	ck_assert_int_gt(read(rep[0], req, sizeof(req) - 1), 0);
	ck_assert_str_eq(req, "stream lids=0,3 tail=100");
	logrec_init(&r);
	while ((rc = logsrc_next(s, &r)) != 0) {
		if (rc == -EAGAIN) {
			usleep(10000);
			continue;
		}
		ck_assert_int_eq(rc, 1);
		if (r.kind == LOGREC_ENTRY) {
			ck_assert_str_eq(r.tag, n ? "sys" : "logd");
			ck_assert_int_eq(r.lid, n ? LOGREC_LID_SYSTEM : LOGREC_LID_MAIN);
			ck_assert_int_eq(r.uid, 1000);
			n++;
		} else if (r.notice == LOGREC_CLOSED) {
			closed++;
		} else if (r.notice == LOGREC_TRUNCATED) {
			trunc++;
		}
	}
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(trunc, 1);
	ck_assert_int_eq(closed, 1);
	waitpid(pid, NULL, 0);
	logrec_free(&r);
	logsrc_free(s);
	path_ctx_free(ctx);
	close(rep[0]);
	tree_cleanup(root);
}
END_TEST

START_TEST(test_logdr_request_text)
{
	char buf[128];

	logsrc_logdr_request(buf, sizeof(buf), 0, 0, false);
	ck_assert_str_eq(buf, "dumpAndClose lids=0,3,4");
	logsrc_logdr_request(buf, sizeof(buf), 1u << 2, 5, true);
	ck_assert_str_eq(buf, "stream lids=2 tail=5");
}
END_TEST

static struct logrec *text_rec(struct logrec *r, const char *tag, int aprio, int pid,
			       const char *msg)
{
	logrec_reset(r, "t");
	r->tag = tag;
	r->aprio = aprio;
	r->level = logrec_aprio_to_level(aprio);
	r->pid = pid;
	r->tid = pid + 1;
	r->msg = msg;
	r->msg_len = strlen(msg);
	r->real_nsec = 1671458080804000000LL;
	r->has_real = r->real_exact = true;
	r->lid = LOGREC_LID_MAIN;
	return r;
}

START_TEST(test_filters)
{
	struct logfilter f;
	struct logrec r;
	int64_t v;
	bool mono;

	logrec_init(&r);
	logfilter_init(&f);
	ck_assert_int_eq(logfilter_add_specs(&f, "ActivityManager:I MyApp:D *:S"), 0);
	ck_assert(logfilter_match(&f, text_rec(&r, "MyApp", 3, 1, "x")));
	ck_assert(!logfilter_match(&f, text_rec(&r, "MyApp", 2, 1, "x")));
	ck_assert(!logfilter_match(&f, text_rec(&r, "ActivityManager", 3, 1, "x")));
	ck_assert(logfilter_match(&f, text_rec(&r, "ActivityManager", 6, 1, "x")));
	ck_assert(!logfilter_match(&f, text_rec(&r, "Other", 7, 1, "x")));
	ck_assert_int_eq(logfilter_add_specs(&f, "bad:Q"), -EINVAL);
	logfilter_free(&f);
	logfilter_init(&f);
	ck_assert_int_eq(logrec_parse_priority("warning", &f.max_level), 0);
	f.pid = 7;
	ck_assert_int_eq(logfilter_set_regex(&f, "^disk [0-9]+"), 0);
	ck_assert(logfilter_match(&f, text_rec(&r, "t", 6 /* E */, 7, "disk 3 failed")));
	ck_assert(!logfilter_match(&f, text_rec(&r, "t", 4 /* I */, 7, "disk 3 failed")));
	ck_assert(!logfilter_match(&f, text_rec(&r, "t", 6, 8, "disk 3 failed")));
	ck_assert(!logfilter_match(&f, text_rec(&r, "t", 6, 7, "no disk")));
	logfilter_free(&f);
	logfilter_init(&f);
	ck_assert_int_eq(logfilter_parse_time("2022-12-19 13:54:41", true, &v, &mono), 0);
	f.has_since = true;
	f.since = v;
	ck_assert(!logfilter_match(&f, text_rec(&r, "t", 4, 1, "x")));
	ck_assert_int_eq(logfilter_parse_time("+1.5", true, &v, &mono), 0);
	ck_assert(mono);
	ck_assert_int_eq(v, 1500000);
	ck_assert_int_eq(logfilter_parse_time("yesterday", true, &v, &mono), -EINVAL);
	ck_assert_int_eq(logfilter_set_facilities(&f, "kern,daemon"), 0);
	ck_assert_int_eq(logfilter_set_facilities(&f, "kern,nope"), -EINVAL);
	logfilter_free(&f);
	logrec_free(&r);
}
END_TEST

START_TEST(test_formats)
{
	static const struct {
		enum logfmt fmt;
		const char *want;
	} cases[] = {
		{ LOGFMT_BRIEF, "I/lowmemorykiller(  212): a\nI/lowmemorykiller(  212): b\n" },
		{ LOGFMT_PROCESS, "I(  212) a  (lowmemorykiller)\nI(  212) b  (lowmemorykiller)\n" },
		{ LOGFMT_TAG, "I/lowmemorykiller: a\nI/lowmemorykiller: b\n" },
		{ LOGFMT_THREAD, "I(  212:  213) a\nI(  212:  213) b\n" },
		{ LOGFMT_RAW, "a\nb\n" },
		{ LOGFMT_TIME, "12-19 13:54:40.804 I/lowmemorykiller(  212): a\n"
			       "12-19 13:54:40.804 I/lowmemorykiller(  212): b\n" },
		{ LOGFMT_THREADTIME, "12-19 13:54:40.804   212   213 I lowmemorykiller: a\n"
				     "12-19 13:54:40.804   212   213 I lowmemorykiller: b\n" },
		{ LOGFMT_LONG, "[ 12-19 13:54:40.804   212:  213 I/lowmemorykiller ]\na\nb\n\n" },
		{ LOGFMT_JSON, "{\"source\":\"t\",\"log\":\"main\",\"realtime_nsec\":"
			       "1671458080804000000,\"realtime_exact\":true,\"level\":\"info\","
			       "\"priority\":\"I\",\"pid\":212,\"tid\":213,\"tag\":"
			       "\"lowmemorykiller\",\"message\":\"a\\nb\"}\n" },
	};
	struct logbuf b = { 0 };
	struct logrec r;

	logrec_init(&r);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		b.len = 0;
		b.last_lid1 = LOGREC_LID_MAIN + 1;	/* the divider is test_formats_match_logcat's */
		logfmt_record(&b, cases[i].fmt, true, text_rec(&r, "lowmemorykiller", 4, 212, "a\nb"));
		ck_assert_uint_eq(b.len, strlen(cases[i].want));
		ck_assert_int_eq(memcmp(b.p, cases[i].want, b.len), 0);
	}
	/* notices, and JSON escapes of control bytes and broken UTF-8 */
	b.len = 0;
	r.kind = LOGREC_NOTICE;
	r.notice = LOGREC_LOST;
	r.count = 42;
	logfmt_record(&b, LOGFMT_DMESG, true, &r);
	logfmt_record(&b, LOGFMT_JSON, true, &r);
	r.kind = LOGREC_ENTRY;
	text_rec(&r, "q\"", 4, 1, "\x01\xff\xc3\xa9");
	r.has_real = false;
	logfmt_record(&b, LOGFMT_JSON, true, &r);
	b.p[b.len] = '\0';
	ck_assert_str_eq(b.p, "-- 42 records lost --\n{\"source\":\"t\",\"lost\":42}\n"
			 "{\"source\":\"t\",\"log\":\"main\",\"level\":\"info\",\"priority\":\"I\","
			 "\"pid\":1,\"tid\":2,\"tag\":\"q\\\"\",\"message\":\"\\u0001\\ufffd\xc3\xa9\"}\n");
	/* control bytes anywhere, also past the eight-byte fast path, come out as \xHH */
	b.len = 0;
	logfmt_record(&b, LOGFMT_RAW, true,
		      text_rec(&r, "t", 4, 1, "abcdefgh\x7f" "abcdefghij\x01klmnop\tq\x1b\xc3\xa9z"));
	b.p[b.len] = '\0';
	ck_assert_str_eq(b.p, "abcdefgh\\x7fabcdefghij\\x01klmnop\tq\\x1b\xc3\xa9z\n");
	logbuf_free(&b);
	logrec_free(&r);
}
END_TEST

/* the writers against real logcat output of the same three records (andlogview's golden files) */
START_TEST(test_formats_match_logcat)
{
	static const struct {
		int64_t ms;	/* 2022-09-11 12:52:56.962 UTC and on */
		int pid, aprio;
		const char *tag, *msg;
	} g[] = {
		{ 1662900776962, 188, 4, "lowmemorykiller", "Using psi monitors for memory pressure detection" },
		{ 1662900776963, 188, 4, "lowmemorykiller", "Process polling is supported" },
		{ 1662900773169, 187, 5, "auditd",
		  "type=2000 audit(0.0:1): state=initialized audit_enabled=0 res=1" },
	};
	static const char *const names[] = { "brief", "process", "tag", "thread", "raw", "time",
					     "threadtime", "long" };

	for (size_t f = 0; f < sizeof(names) / sizeof(names[0]); f++) {
		struct logbuf b = { 0 };
		struct logrec r;
		enum logfmt fmt;
		char path[64], *want;
		FILE *fp;
		long len;

		ck_assert_int_eq(logfmt_parse(names[f], &fmt), 0);
		logrec_init(&r);
		for (size_t i = 0; i < 3; i++) {
			text_rec(&r, g[i].tag, g[i].aprio, g[i].pid, g[i].msg);
			r.tid = g[i].pid;
			r.real_nsec = g[i].ms * 1000000;
			logfmt_record(&b, fmt, true, &r);
		}
		snprintf(path, sizeof(path), "andlogview-formats/%s.txt", names[f]);
		fp = fopen(data_path(path), "r");
		ck_assert_ptr_nonnull(fp);
		fseek(fp, 0, SEEK_END);
		len = ftell(fp);
		rewind(fp);
		want = malloc((size_t)len + 1);
		ck_assert_int_eq(fread(want, 1, (size_t)len, fp), (size_t)len);
		fclose(fp);
		ck_assert_msg(b.len == (size_t)len && memcmp(b.p, want, b.len) == 0,
			      "format %s differs from logcat's", names[f]);
		free(want);
		logbuf_free(&b);
		logrec_free(&r);
	}
}
END_TEST

/* -f on a regular file: its end is "not yet", and what is appended comes next */
START_TEST(test_follow_growing_file)
{
	char *root = tree_new(), path[4096];
	struct logsrc *s;
	struct logrec r;
	FILE *f;

	snprintf(path, sizeof(path), "%s/grow.kmsg", root);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("6,1,10,-;one\n6,2,20,-;tw", f);
	fflush(f);
	ck_assert_int_eq(logsrc_open_file(path, -1, true, &s), 0);
	ck_assert(!logsrc_pollable(s));
	logrec_init(&r);
	ck_assert_int_eq(logsrc_next(s, &r), 1);
	ck_assert_str_eq(r.msg, "one");
	/* the second record is incomplete: wait, do not cut it */
	ck_assert_int_eq(logsrc_next(s, &r), -EAGAIN);
	fputs("o\n6,3,30,-;three\n", f);
	fflush(f);
	ck_assert_int_eq(logsrc_next(s, &r), 1);
	ck_assert_str_eq(r.msg, "two");
	ck_assert_int_eq(logsrc_next(s, &r), 1);
	ck_assert_str_eq(r.msg, "three");
	ck_assert_int_eq(logsrc_next(s, &r), -EAGAIN);
	fclose(f);
	logsrc_free(s);
	/* without -f the same file simply ends */
	ck_assert_int_eq(logsrc_open_file(path, -1, false, &s), 0);
	ck_assert(logsrc_pollable(s));
	while (logsrc_next(s, &r) == 1)
		;
	ck_assert_int_eq(logsrc_next(s, &r), 0);
	logsrc_free(s);
	logrec_free(&r);
	tree_cleanup(root);
}
END_TEST

/* writes land as the kernel and the logger driver expect them */
START_TEST(test_write_records)
{
	char *root = tree_new(), path[4096], buf[256];
	struct path_ctx *ctx;
	struct logsrc *s;
	struct logrec last;
	struct tally t;
	ssize_t n;
	int fd;

	tree_write(root, "dev/kmsg", "");
	tree_write(root, "dev/log/main", "");
	ck_assert_int_eq(path_ctx_new(root, &ctx), 0);
	ck_assert_int_eq(logwrite_kmsg(ctx, 4, "vmtest", "hello"), 0);
	snprintf(path, sizeof(path), "%s/dev/kmsg", root);
	fd = open(path, O_RDONLY);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	/* the newline finalises the record: without it readers wait for the next one */
	ck_assert_int_eq(n, 18);
	ck_assert_int_eq(memcmp(buf, "<12>vmtest: hello\n", 18), 0);
	ck_assert_int_eq(logwrite_kmsg(ctx, 8, "x", "y"), -EINVAL);
	/* prio, tag NUL, message NUL: the payload a logger reader decodes */
	ck_assert_int_eq(logwrite_logger(ctx, "main", 5, "MyTag", "m"), 0);
	snprintf(path, sizeof(path), "%s/dev/log/main", root);
	fd = open(path, O_RDONLY);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	ck_assert_int_eq(n, 9);
	ck_assert_int_eq(memcmp(buf, "\x05MyTag\0m\0", 9), 0);
	ck_assert_int_eq(logwrite_logdw(ctx, 0, 4, "t", "m"), -ENOENT);
	/* and the kmsg line reads back through a sysroot */
	tree_write(root, "dev/kmsg", "12,5,77,-;vmtest: hello\n");
	ck_assert_int_eq(logsrc_open_kmsg(ctx, false, LOGSRC_START_DATA, &s), 0);
	logrec_init(&last);
	t = read_all(s, &last);
	ck_assert_uint_eq(t.entries, 1);
	ck_assert_int_eq(last.facility, 1);
	ck_assert_str_eq(last.msg, "vmtest: hello");
	logrec_free(&last);
	logsrc_free(s);
	path_ctx_free(ctx);
	tree_cleanup(root);
}
END_TEST

static Suite *logs_suite(void)
{
	Suite *s = suite_create("logs");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_kmsg_fields_escapes);
	tcase_add_test(tc, test_kmsg_max_size);
	tcase_add_test(tc, test_kmsg_gap_is_lost);
	tcase_add_test(tc, test_kmsg_epipe_midstream);
	tcase_add_test(tc, test_logger_device_reads);
	tcase_add_test(tc, test_kmsg_real_files);
	tcase_add_test(tc, test_kmsg_matches_util_linux);
	tcase_add_test(tc, test_logger_versions);
	tcase_add_test(tc, test_logger_events_nested);
	tcase_add_test(tc, test_logger_resync_truncated);
	tcase_add_test(tc, test_logger_real_files);
	tcase_add_test(tc, test_logdr_fake_logd);
	tcase_add_test(tc, test_logdr_request_text);
	tcase_add_test(tc, test_filters);
	tcase_add_test(tc, test_formats);
	tcase_add_test(tc, test_write_records);
	tcase_add_test(tc, test_follow_growing_file);
	tcase_add_test(tc, test_formats_match_logcat);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(logs_suite());
}
