// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-log.c: the log verbs: read kmsg, Android logs and log files merged by time; write a record */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "change.h"
#include "cli.h"
#include "filter.h"
#include "format.h"
#include "pathnames.h"
#include "source.h"
#include "write.h"

#define LOG_MAX_SOURCES 16

enum {
	OPT_PID = 0x200,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_GREP,
	OPT_FACILITY,
	OPT_FILE,
	OPT_TAGS,
	OPT_UTC,
	OPT_START,
	OPT_TO,
};

static const struct option log_opts[] = {
	{ "follow", no_argument, NULL, 'f' },
	{ "lines", required_argument, NULL, 'n' },
	{ "priority", required_argument, NULL, 'p' },
	{ "tag", required_argument, NULL, 't' },
	{ "pid", required_argument, NULL, OPT_PID },
	{ "output", required_argument, NULL, 'o' },
	{ "json", no_argument, NULL, 'J' },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "grep", required_argument, NULL, OPT_GREP },
	{ "facility", required_argument, NULL, OPT_FACILITY },
	{ "file", required_argument, NULL, OPT_FILE },
	{ "event-tags", required_argument, NULL, OPT_TAGS },
	{ "utc", no_argument, NULL, OPT_UTC },
	{ "start", required_argument, NULL, OPT_START },
	{ "to", required_argument, NULL, OPT_TO },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* keep these in step with cmd_log_print_options(): tests/doc/check-options.sh compares them */
const char *const *cmd_log_option_words(const struct cli_command *cmd)
{
	static const char *const write_words[] = { "--priority", "--tag", "--to", NULL };
	/* -J/--json comes from cli_options[]: log takes it before its verb too */
	static const char *const read_words[] = {
		"--follow", "--lines", "--priority", "--tag", "--pid", "--facility", "--grep",
		"--since", "--until", "--output", "--file", "--event-tags", "--utc", "--start",
		NULL,
	};

	return strcmp(cmd->name, "log write") == 0 ? write_words : read_words;
}

void cmd_log_print_options(const struct cli_command *cmd)
{
	if (strcmp(cmd->name, "log write") == 0) {
		printf("  -p, --priority PRIO      syslog level or Android letter (default: info)\n");
		printf("  -t, --tag TAG            the record's tag (default: vfioctl)\n");
		printf("      --to TARGET          kmsg (default), main, system, radio, or logd\n");
		return;
	}
	printf("  SOURCE is kmsg (the default), main, events, radio, system, logd, or a file\n");
	printf("  (kmsg-format text as dmesg -K reads it, or logcat -B entries)\n");
	printf("  -f, --follow             wait for new records\n");
	printf("  -n, --lines N            only the last N records\n");
	printf("  -p, --priority PRIO      at least this severe: emerg..debug, 0..7, V D I W E F\n");
	printf("  -t, --tag FILTERSPEC     logcat filterspecs, e.g. 'MyApp:D *:S' (repeatable)\n");
	printf("      --pid PID            only this process\n");
	printf("      --facility LIST      only these kmsg facilities (kern,user,daemon,...)\n");
	printf("      --grep REGEX         only messages matching an extended regex\n");
	printf("      --since TIME         not before TIME: 'YYYY-MM-DD HH:MM:SS', @EPOCH, +SECONDS\n");
	printf("      --until TIME         not after TIME\n");
	printf("  -o, --output FORMAT      %s\n", logfmt_names());
	printf("  -J, --json               one JSON object per line (-o json)\n");
	printf("      --file PATH          read a file (repeatable; like a SOURCE)\n");
	printf("      --event-tags FILE    event-log-tags for the events log\n");
	printf("      --utc                print wall-clock times in UTC\n");
	printf("      --start WHERE        where kmsg starts: data (default), set, end\n");
}

static void print_help(const char *name)
{
	for (size_t i = 0; i < cli_ncommands; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			cli_print_command_help(&cli_commands[i]);
}

struct log_in {
	struct logsrc *src;
	struct logrec rec;
	bool has, ended, wait;
};

static int open_source(struct cli_ctx *ctx, const char *word, bool is_file, bool follow,
		       enum logsrc_start start, long lines, struct logsrc **out)
{
	static const char *const loggers[] = { "main", "events", "radio", "system", "crash" };
	struct path_ctx *path;
	char abs[4096], rel[64];
	int err;

	if (!is_file) {
		err = cli_path(ctx, &path);
		if (err)
			return -1;
		if (strcmp(word, "kmsg") == 0) {
			err = logsrc_open_kmsg(path, follow, start, out);
			if (err)
				cli_err("cannot open '%s': %s",
					cli_abs(ctx, PATH_DEV_KMSG, abs, sizeof(abs)), strerror(-err));
			return err ? -1 : 0;
		}
		if (strcmp(word, "logd") == 0) {
			/* logd keeps the last N itself: ask for no more (-n 0 -f: none) */
			err = logsrc_open_logdr(path, 0, lines > 0 ? (unsigned)lines : lines == 0 ? 1 : 0,
						follow, out);
			if (err)
				cli_err("cannot connect to '%s': %s",
					cli_abs(ctx, PATH_DEV_SOCKET_LOGDR, abs, sizeof(abs)),
					strerror(-err));
			return err ? -1 : 0;
		}
		for (size_t i = 0; i < sizeof(loggers) / sizeof(loggers[0]); i++) {
			if (strcmp(word, loggers[i]) != 0)
				continue;
			err = logsrc_open_logger(path, word, follow, out);
			snprintf(rel, sizeof(rel), PATH_DEV_LOG, word);
			if (err)
				cli_err("cannot open '%s': %s", cli_abs(ctx, rel, abs, sizeof(abs)),
					strerror(-err));
			return err ? -1 : 0;
		}
	}
	err = logsrc_open_file(word, -1, follow, out);
	if (err)
		cli_err("cannot open '%s': %s", word, strerror(-err));
	return err ? -1 : 0;
}

/* which of two records comes first: wall clock when both have it, else monotonic */
static bool before(const struct logrec *a, const struct logrec *b)
{
	if (a->has_real && b->has_real)
		return a->real_nsec < b->real_nsec;
	if (a->has_mono && b->has_mono)
		return a->mono_usec < b->mono_usec;
	return false;
}

static bool flush_out(struct logbuf *out)
{
	bool ok = fwrite(out->p, 1, out->len, stdout) == out->len;

	out->len = 0;
	return ok && !out->oom;
}

struct log_run {
	struct log_in in[LOG_MAX_SOURCES];
	size_t nin;
	struct logfilter filter;
	enum logfmt fmt;
	bool utc, follow;
	long lines;		/* -1: all */
	struct logrec *ring;	/* the last N for -n; grows up to N as records come */
	size_t ring_len, ring_head, ring_cap;
	bool use_ring;
	struct logbuf out;
	bool failed;
	bool discard;		/* -n 0 -f: skip what is there already */
};

static void emit(struct log_run *run, const struct logrec *r)
{
	if (run->discard)
		return;
	if (run->use_ring) {
		size_t slot;

		if (run->ring_len == run->ring_cap && run->ring_cap < (size_t)run->lines) {
			size_t cap = run->ring_cap ? 2 * run->ring_cap : 64;
			struct logrec *p;

			if (cap > (size_t)run->lines)
				cap = (size_t)run->lines;
			p = realloc(run->ring, cap * sizeof(*p));
			if (!p) {
				run->failed = true;
				return;
			}
			memset(p + run->ring_cap, 0, (cap - run->ring_cap) * sizeof(*p));
			run->ring = p;
			run->ring_cap = cap;
		}
		if (run->ring_len < run->ring_cap) {
			slot = run->ring_len++;
		} else {
			slot = run->ring_head;
			run->ring_head = (run->ring_head + 1) % run->ring_cap;
		}
		if (logrec_copy(&run->ring[slot], r) < 0)
			run->failed = true;
		return;
	}
	logfmt_record(&run->out, run->fmt, run->utc, r);
	if (run->out.len > 60000 && !flush_out(&run->out))
		run->failed = true;
}

/* read source @i's next record into its slot; false when none for now */
static bool peek(struct log_run *run, size_t i)
{
	struct log_in *in = &run->in[i];

	while (!in->has && !in->ended && !in->wait) {
		int rc = logsrc_next(in->src, &in->rec);

		if (rc == 1) {
			if (logfilter_match(&run->filter, &in->rec))
				in->has = true;
		} else if (rc == -EAGAIN) {
			in->wait = true;
		} else {
			if (rc < 0) {
				cli_err("cannot read '%s': %s", logsrc_name(in->src), strerror(-rc));
				run->failed = true;
			}
			in->ended = true;
		}
	}
	return in->has;
}

/* everything available now, merged in time order */
static void drain(struct log_run *run)
{
	for (;;) {
		size_t best = run->nin;

		for (size_t i = 0; i < run->nin; i++)
			if (peek(run, i) && (best == run->nin ||
					     before(&run->in[i].rec, &run->in[best].rec)))
				best = i;
		if (best == run->nin || run->failed)
			return;
		emit(run, &run->in[best].rec);
		run->in[best].has = false;
	}
}

static void follow_loop(struct log_run *run)
{
	struct pollfd pfd[LOG_MAX_SOURCES];

	for (;;) {
		size_t n = 0;
		bool files = false;

		for (size_t i = 0; i < run->nin; i++) {
			struct log_in *in = &run->in[i];
			bool waiting = in->wait && !in->ended;

			/* a followed file is read again after a pause, as tail -f does */
			files |= waiting && !logsrc_pollable(in->src);
			pfd[i].fd = waiting && logsrc_pollable(in->src) ? logsrc_fd(in->src) : -1;
			pfd[i].events = POLLIN;
			n += pfd[i].fd >= 0;
		}
		if ((!n && !files) || run->failed)
			return;
		if (!flush_out(&run->out) || fflush(stdout) != 0) {
			run->failed = true;
			return;
		}
		if (poll(pfd, run->nin, files ? 250 : -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		for (size_t i = 0; i < run->nin; i++)
			if (pfd[i].revents || !logsrc_pollable(run->in[i].src))
				run->in[i].wait = false;
		drain(run);
	}
}

static int parse_start(const char *s, enum logsrc_start *start)
{
	if (strcmp(s, "data") == 0)
		*start = LOGSRC_START_DATA;
	else if (strcmp(s, "set") == 0)
		*start = LOGSRC_START_SET;
	else if (strcmp(s, "end") == 0)
		*start = LOGSRC_START_END;
	else
		return -1;
	return 0;
}

static int load_tags(struct cli_ctx *ctx, const char *file, struct logger_tags **tags)
{
	struct path_ctx *path;
	struct logsrc *unused = NULL;
	char *text = NULL;
	size_t len = 0;
	int err;

	(void)unused;
	if (file) {
		FILE *f = fopen(file, "re"); /* lint: host path (the user's file) */
		size_t cap = 0;
		ssize_t k;
		char *line = NULL;

		if (!f) {
			cli_err("cannot open '%s': %s", file, strerror(errno));
			return -1;
		}
		while ((k = getline(&line, &cap, f)) > 0) {
			char *t = realloc(text, len + (size_t)k + 1);

			if (!t)
				break;
			text = t;
			memcpy(text + len, line, (size_t)k);
			len += (size_t)k;
		}
		free(line);
		fclose(f);
	} else {
		if (cli_path(ctx, &path) || path_read_alloc(path, &text, &len,
							    PATH_ANDROID_EVENT_LOG_TAGS) < 0)
			return 0;	/* none on this system: tags print as numbers */
	}
	err = logger_tags_load(text ? text : "", len, tags);
	free(text);
	return err ? -1 : 0;
}

int cmd_log(struct cli_ctx *ctx, int argc, char **argv)
{
	static struct log_run run;
	const char *files[LOG_MAX_SOURCES], *tags_file = NULL, *fmt_name = NULL;
	enum logsrc_start start = LOGSRC_START_DATA;
	struct logger_tags *tags = NULL;
	struct path_ctx *path;
	bool json = ctx->opts.json, all_kmsg = true;
	size_t nfiles = 0;
	int c, rc = VFIO_EXIT_OK, level;
	char *end;

	memset(&run, 0, sizeof(run));
	logfilter_init(&run.filter);
	run.lines = -1;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc + 1, argv - 1, ":fn:p:t:o:Jh", log_opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			run.follow = true;
			break;
		case 'n':
			run.lines = strtol(optarg, &end, 10);
			if (*end || end == optarg || run.lines < 0 || run.lines > 1000000)
				return cli_usage_error("invalid line count '%s'", optarg);
			break;
		case 'p':
			if (logrec_parse_priority(optarg, &level) < 0)
				return cli_usage_error("unknown priority '%s'", optarg);
			run.filter.max_level = level;
			break;
		case 't':
			if (logfilter_add_specs(&run.filter, optarg) < 0)
				return cli_usage_error("invalid filterspec '%s'", optarg);
			break;
		case OPT_PID:
			run.filter.pid = (int32_t)strtol(optarg, &end, 10);
			if (*end || end == optarg || run.filter.pid < 0)
				return cli_usage_error("invalid pid '%s'", optarg);
			break;
		case 'o':
			fmt_name = optarg;
			break;
		case 'J':
			json = true;
			break;
		case OPT_SINCE:
		case OPT_UNTIL:
			break;	/* parsed below, once --utc is known */
		case OPT_GREP:
			if (logfilter_set_regex(&run.filter, optarg) < 0)
				return cli_usage_error("invalid regex '%s'", optarg);
			break;
		case OPT_FACILITY:
			if (logfilter_set_facilities(&run.filter, optarg) < 0)
				return cli_usage_error("unknown facility in '%s'", optarg);
			break;
		case OPT_FILE:
			if (nfiles >= LOG_MAX_SOURCES)
				return cli_usage_error("too many sources (at most %d)", LOG_MAX_SOURCES);
			files[nfiles++] = optarg;
			break;
		case OPT_TAGS:
			tags_file = optarg;
			break;
		case OPT_UTC:
			run.utc = true;
			break;
		case OPT_START:
			if (parse_start(optarg, &start) < 0)
				return cli_usage_error("--start takes data, set or end (got '%s')", optarg);
			break;
		case 'h':
			print_help("log");
			return VFIO_EXIT_OK;
		case ':':
			return cli_usage_error("option '%s' needs a value", argv[optind - 2]);
		default:
			return cli_usage_error("unknown option '%s' for 'log'", argv[optind - 2]);
		}
	}
	/* the time window, now that --utc is known */
	optind = 0;
	while ((c = getopt_long(argc + 1, argv - 1, ":fn:p:t:o:Jh", log_opts, NULL)) != -1) {
		int64_t *v = c == OPT_SINCE ? &run.filter.since : &run.filter.until;
		bool *mono = c == OPT_SINCE ? &run.filter.since_mono : &run.filter.until_mono;

		if (c != OPT_SINCE && c != OPT_UNTIL)
			continue;
		if (logfilter_parse_time(optarg, run.utc, v, mono) < 0)
			return cli_usage_error("invalid time '%s'", optarg);
		*(c == OPT_SINCE ? &run.filter.has_since : &run.filter.has_until) = true;
	}
	if (json && fmt_name && strcmp(fmt_name, "json") != 0)
		return cli_usage_error("--json and --output %s do not go together", fmt_name);
	if (fmt_name && logfmt_parse(fmt_name, &run.fmt) < 0)
		return cli_usage_error("unknown format '%s' (one of: %s)", fmt_name, logfmt_names());
	/* a sysroot that cannot be opened is a usage error, said once */
	{
		struct path_ctx *root;

		rc = cli_path(ctx, &root);
		if (rc)
			return rc;
	}
	if (load_tags(ctx, tags_file, &tags) < 0)
		return VFIO_EXIT_FAILURE;
	for (int i = optind - 1; i < argc || (run.nin == 0 && nfiles == 0 && i == argc); i++) {
		const char *w = i < argc ? argv[i] : "kmsg";

		if (run.nin >= LOG_MAX_SOURCES) {
			rc = cli_usage_error("too many sources (at most %d)", LOG_MAX_SOURCES);
			goto out;
		}
		if (open_source(ctx, w, false, run.follow, start, run.lines, &run.in[run.nin].src) < 0) {
			rc = VFIO_EXIT_FAILURE;
			goto out;
		}
		run.nin++;
		if (i == argc)
			break;
	}
	for (size_t i = 0; i < nfiles; i++) {
		if (run.nin >= LOG_MAX_SOURCES) {
			rc = cli_usage_error("too many sources (at most %d)", LOG_MAX_SOURCES);
			goto out;
		}
		if (open_source(ctx, files[i], true, run.follow, start, run.lines,
				&run.in[run.nin].src) < 0) {
			rc = VFIO_EXIT_FAILURE;
			goto out;
		}
		run.nin++;
	}
	for (size_t i = 0; i < run.nin; i++) {
		enum logsrc_type t = logsrc_type(run.in[i].src);

		logrec_init(&run.in[i].rec);
		logsrc_set_tags(run.in[i].src, tags);
		all_kmsg &= t == LOGSRC_KMSG_DEV || t == LOGSRC_KMSG_FILE;
		/* kmsg's clock starts at boot: the live host knows when that was */
		if (t == LOGSRC_KMSG_DEV && cli_path(ctx, &path) == 0 && path_ctx_is_live(path)) {
			struct timespec rt, mt;

			clock_gettime(CLOCK_REALTIME, &rt);
			clock_gettime(CLOCK_MONOTONIC, &mt);
			logsrc_set_boot_time(run.in[i].src,
					     (rt.tv_sec - mt.tv_sec) * 1000000000LL +
						     (rt.tv_nsec - mt.tv_nsec));
		}
	}
	if (json)
		run.fmt = LOGFMT_JSON;
	else if (!fmt_name)
		run.fmt = all_kmsg ? LOGFMT_DMESG : LOGFMT_THREADTIME;
	run.use_ring = run.lines > 0;
	if (run.lines != 0)
		drain(&run);
	if (run.use_ring) {
		run.use_ring = false;
		for (size_t k = 0; k < run.ring_len; k++)
			emit(&run, &run.ring[(run.ring_head + k) % run.ring_len]);
		for (size_t k = 0; k < run.ring_cap; k++)
			logrec_free(&run.ring[k]);
		free(run.ring);
		run.ring = NULL;
	}
	if (run.follow && !run.failed) {
		if (run.lines == 0) {
			run.discard = true;
			drain(&run);
			run.discard = false;
		}
		follow_loop(&run);
	}
	if (!flush_out(&run.out))
		run.failed = true;
	for (size_t i = 0; i < run.nin; i++) {
		const struct logsrc_stats *st = logsrc_stats(run.in[i].src);

		if (st->crlf_fixed)
			cli_warn("'%s': undid the LF->CRLF damage of a terminal (adb shell)",
				 logsrc_name(run.in[i].src));
	}
	if (run.failed)
		rc = VFIO_EXIT_FAILURE;
out:
	for (size_t i = 0; i < run.nin; i++) {
		logsrc_free(run.in[i].src);
		logrec_free(&run.in[i].rec);
	}
	logbuf_free(&run.out);
	logfilter_free(&run.filter);
	logger_tags_free(tags);
	return rc;
}

/*
 * The kernel keeps at most about 1 KiB of a /dev/kmsg record and Android's
 * logger about 4 KiB of a payload: a longer message would be cut without a
 * word, and a control byte in the tag would forge another record's header.
 */
#define LOG_WRITE_MESSAGE_MAX 1000
#define LOG_WRITE_TAG_MAX 64

static int check_write_text(const char *tag, const char *msg)
{
	size_t tlen = strlen(tag), mlen = strlen(msg);

	if (!tlen || tlen > LOG_WRITE_TAG_MAX)
		return cli_usage_error("the tag must have 1 to %d characters", LOG_WRITE_TAG_MAX);
	for (const char *p = tag; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == ':' || *p == ' ')
			return cli_usage_error("the tag may not hold spaces, ':' or control characters");
	if (!mlen)
		return cli_usage_error("the message is empty");
	if (mlen > LOG_WRITE_MESSAGE_MAX)
		return cli_usage_error("the message has %zu bytes; the kernel keeps at most %d",
				       mlen, LOG_WRITE_MESSAGE_MAX);
	for (const char *p = msg; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\t')
			return cli_usage_error("the message may not hold control characters (one record is one line)");
	return 0;
}

int cmd_log_write(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *tag = "vfioctl", *to = "kmsg";
	struct path_ctx *path;
	int c, level = 6, err;
	char abs[4096], rel[64];

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc + 1, argv - 1, ":p:t:h", log_opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (logrec_parse_priority(optarg, &level) < 0 || level < 0)
				return cli_usage_error("unknown priority '%s'", optarg);
			break;
		case 't':
			tag = optarg;
			break;
		case OPT_TO:
			to = optarg;
			break;
		case 'h':
			print_help("log write");
			return VFIO_EXIT_OK;
		case ':':
			return cli_usage_error("option '%s' needs a value", argv[optind - 2]);
		default:
			return cli_usage_error("unknown option '%s' for 'log write'", argv[optind - 2]);
		}
	}
	if (optind - 1 != argc - 1)
		return cli_usage_error("'log write' needs one MESSAGE (got %d arguments)",
				       argc - (optind - 1));
	err = check_write_text(tag, argv[argc - 1]);
	if (err)
		return err;
	if (strcmp(to, "kmsg") && strcmp(to, "logd") && strcmp(to, "main") &&
	    strcmp(to, "system") && strcmp(to, "radio"))
		return cli_usage_error("--to takes kmsg, main, system, radio or logd (got '%s')", to);
	if (cli_path(ctx, &path))
		return VFIO_EXIT_USAGE;
	/* a write is a change: the live root, or a tree marked as a writable fixture */
	err = change_target_check(path);
	if (err == -EROFS)
		return cli_change_target_error(ctx, path, err, "writing a log record");
	if (strcmp(to, "kmsg") == 0) {
		err = logwrite_kmsg(path, level, tag, argv[argc - 1]);
		snprintf(rel, sizeof(rel), "%s", PATH_DEV_KMSG);
	} else if (strcmp(to, "logd") == 0) {
		err = logwrite_logdw(path, LOGREC_LID_MAIN, logrec_level_to_aprio(level), tag,
				     argv[argc - 1]);
		snprintf(rel, sizeof(rel), "%s", PATH_DEV_SOCKET_LOGDW);
	} else if (strcmp(to, "main") == 0 || strcmp(to, "system") == 0 ||
		   strcmp(to, "radio") == 0) {
		err = logwrite_logger(path, to, logrec_level_to_aprio(level), tag, argv[argc - 1]);
		snprintf(rel, sizeof(rel), PATH_DEV_LOG, to);
	} else {
		return cli_usage_error("--to takes kmsg, main, system, radio or logd (got '%s')", to);
	}
	if (err) {
		cli_err("cannot write to '%s': %s", cli_abs(ctx, rel, abs, sizeof(abs)),
			strerror(-err));
		return VFIO_EXIT_FAILURE;
	}
	return VFIO_EXIT_OK;
}
