// SPDX-License-Identifier: GPL-2.0-or-later
/* main.c: vfioctl's entry point: global options, dispatch, exit status */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <stdio_ext.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "log.h"
#include "options.h"

/*
 * getopt_long()'s lists, built once from cli_options[] (options.c): one
 * struct option per option name, and ":" then each short letter, with ':'
 * when it takes a value
 */
static struct option long_opts[CLI_OPTIONS_MAX + 1];
static char short_opts[2 + 2 * CLI_OPTIONS_MAX + 1];

static void build_getopt_lists(void)
{
	size_t n = 0;
	char *s = short_opts;

	if (short_opts[0])
		return;
	*s++ = ':';
	for (size_t i = 0; i < cli_noptions; i++) {
		const struct cli_option *o = &cli_options[i];

		if (!cli_option_is_first(o))
			continue;
		long_opts[n++] = (struct option){ o->name, o->arg ? required_argument : no_argument,
						  NULL, cli_option_val(o) };
		/* a letter of several options (-d) is listed once */
		if (o->short_name && !memchr(short_opts, o->short_name, (size_t)(s - short_opts))) {
			*s++ = (char)o->short_name;
			if (o->arg)
				*s++ = ':';
		}
	}
	long_opts[n] = (struct option){ NULL, 0, NULL, 0 };
	*s = '\0';
}

static void log_to_stderr(void *data, enum vfio_log_level level,
			  const char *fmt, va_list ap)
{
	const struct cli_ctx *ctx = data;

	if (level == VFIO_LOG_INFO && ctx->opts.verbose < 1)
		return;
	if (level == VFIO_LOG_DEBUG && ctx->opts.verbose < 2)
		return;
	fprintf(stderr, "%s: %s", PROGRAM_NAME,
		level <= VFIO_LOG_WARNING ? "warning: " : "");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

/* the last command run was a change: its status outlives an output error */
static bool ran_change;

/*
 * like util-linux close_stdout(): a full disk is an error, a closed pipe
 * is not, and a stdout that was closed before we wrote to it is not either.
 * A change keeps its own exit status: the devices changed (or did not)
 * whatever happened to the report, and a script must be told which.
 */
static int close_stdout(int status)
{
	bool pending = __fpending(stdout) != 0;
	int err = ferror(stdout);

	errno = 0;
	if (fclose(stdout) != 0 && (pending || errno != EBADF))
		err = 1;
	if (err && errno != EPIPE) {
		fprintf(stderr, "%s: write error: %s\n", PROGRAM_NAME,
			strerror(errno ? errno : EIO));
		if (!ran_change && status == VFIO_EXIT_OK)
			status = VFIO_EXIT_FAILURE;
	}
	return status;
}

/*
 * every option the user gave (@given: indexed by the option's first row in
 * cli_options[]) must have a row that applies to @cmd
 */
static int check_option_use(const bool *given, const struct cli_command *cmd)
{
	for (size_t i = 0; i < cli_noptions; i++)
		if (given[i] && !cli_option_accepted(&cli_options[i], cmd->flags))
			return cli_usage_error("option '--%s' does not apply to '%s'",
					       cli_options[i].name, cmd->name);
	return 0;
}

/* is @word the first word of a command that parses its own options? */
static bool owns_options(const char *word)
{
	size_t len = strlen(word);

	for (size_t i = 0; i < cli_ncommands; i++)
		if ((cli_commands[i].flags & CMD_OWNOPTS) &&
		    strncmp(cli_commands[i].name, word, len) == 0 &&
		    (cli_commands[i].name[len] == ' ' || cli_commands[i].name[len] == '\0'))
			return true;
	return false;
}

/*
 * A CMD_OWNOPTS verb ("log") parses what follows it itself: global options
 * are only those before it. Returns how many words getopt may see.
 */
static int own_opts_at(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return argc;
		if (argv[i][0] == '-') {
			if (!strchr(argv[i], '=') && cli_option_takes_value(argv[i]))
				i++;
			continue;
		}
		return owns_options(argv[i]) ? i : argc;
	}
	return argc;
}

int cli_run(int argc, char **argv)
{
	struct cli_ctx ctx = { 0 };
	const struct cli_command *cmd;
	int c, nwords, nargs, rc;
	size_t nwith = 0, nallow = 0;
	bool given[CLI_OPTIONS_MAX] = { false };

	/*
	 * __complete takes the user's words verbatim, options included:
	 * getopt must not reorder or consume them.
	 */
	if (argc >= 2 && strcmp(argv[1], "__complete") == 0) {
		int first = argc >= 3 && strcmp(argv[2], "--") == 0 ? 3 : 2;

		rc = cmd_complete(&ctx, argc - first, argv + first);
		path_ctx_free(ctx.path);
		return rc;
	}
	opterr = 0;	/* our messages, with our name, not argv[0] */
	optind = 0;	/* the shell runs many command lines: rescan from the start */
	build_getopt_lists();
	while ((c = getopt_long(own_opts_at(argc, argv), argv, short_opts, long_opts,
				NULL)) != -1) {
		const struct cli_option *given_opt = cli_option_by_val(c);

		if (given_opt)
			given[given_opt - cli_options] = true;
		switch (c) {
		case OPT_SYSROOT:
			/* "" must not quietly mean the live system */
			if (!*optarg)
				return cli_usage_error("--sysroot needs a directory");
			ctx.opts.sysroot = optarg;
			break;
		case 'J':
			ctx.opts.json = true;
			break;
		case 'o':
			ctx.opts.output = optarg;
			break;
		case 'n':
			ctx.opts.noheadings = true;
			break;
		case 'r':
			ctx.opts.raw = true;
			break;
		case OPT_LIST_COLUMNS:
			ctx.opts.list_columns = true;
			break;
		case OPT_CLASS:
			ctx.opts.class_filter = optarg;
			break;
		case 'v':
			ctx.opts.verbose++;
			break;
		case OPT_NO_COLOR:
			ctx.opts.no_color = true;
			break;
		case OPT_DRY_RUN:
			ctx.opts.dry_run = true;
			break;
		case 'y':
			ctx.opts.yes = true;
			break;
		case OPT_FORCE:
			ctx.opts.force = true;
			break;
		case 'd':
			/* lspci's -d on a list, top's -d on a live view: see below */
			ctx.opts.short_d_twice |= ctx.opts.short_d != NULL;
			ctx.opts.short_d = optarg;
			break;
		case OPT_DELAY:
			ctx.opts.delay = optarg;
			break;
		case 's':
			if (ctx.opts.slot_sel)
				return cli_usage_error("option '--slot' given twice: one slot selector, as lspci takes it");
			ctx.opts.slot_sel = optarg;
			break;
		case OPT_ID:
			if (ctx.opts.id_sel)
				return cli_usage_error("option '--id' given twice: one ID selector, as lspci takes it");
			ctx.opts.id_sel = optarg;
			break;
		case OPT_BATCH:
			ctx.opts.batch = true;
			break;
		case OPT_ITERATIONS:
			ctx.opts.iterations = optarg;
			break;
		case OPT_KEEP_GOING:
			ctx.opts.keep_going = true;
			break;
		case OPT_WITH:
			if (nwith >= sizeof(ctx.opts.with) / sizeof(ctx.opts.with[0]) - 1)
				return cli_usage_error("too many --with options (at most %zu)",
						       sizeof(ctx.opts.with) / sizeof(ctx.opts.with[0]) - 1);
			ctx.opts.with[nwith++] = optarg;
			break;
		case OPT_PID:
			ctx.opts.pid = optarg;
			break;
		case OPT_USER:
			ctx.opts.user = optarg;
			break;
		case OPT_COUNT:
			ctx.opts.count = optarg;
			break;
		case OPT_READ_IOPS:
			ctx.opts.read_iops = optarg;
			break;
		case OPT_WRITE_IOPS:
			ctx.opts.write_iops = optarg;
			break;
		case OPT_ENABLE_IO:
			ctx.opts.enable_io = true;
			break;
		case OPT_OWN:
			ctx.opts.own = true;
			break;
		case OPT_WHOLE_DISK:
			ctx.opts.whole_disk = true;
			break;
		case OPT_ALLOW:
			if (nallow >= sizeof(ctx.opts.allow) / sizeof(ctx.opts.allow[0]) - 1)
				return cli_usage_error("too many --allow options");
			ctx.opts.allow[nallow++] = optarg;
			break;
		case OPT_IN:
			ctx.opts.in_len = optarg;
			break;
		case OPT_OUT:
			ctx.opts.out_file = optarg;
			break;
		case OPT_UNMOUNT:
			ctx.opts.unmount = true;
			break;
		case OPT_POWER_OFF:
			ctx.opts.power_off = true;
			break;
		case OPT_CLOSE:
			ctx.opts.eject_close = true;
			break;
		case OPT_LOCK:
			ctx.opts.lock = true;
			break;
		case OPT_UNLOCK:
			ctx.opts.unlock = true;
			break;
		case OPT_PERSIST:
			ctx.opts.persist = true;
			break;
		case OPT_TREE:
			ctx.opts.tree = true;
			break;
		case OPT_VF_TOKEN:
			ctx.opts.vf_token = optarg;
			break;
		case 'h':
			ctx.opts.help = true;
			break;
		case 'V':
			printf("%s %s\n", PROGRAM_NAME, PACKAGE_VERSION);
			return VFIO_EXIT_OK;
		case ':':
			return cli_usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			/* "--json=x": getopt names the short letter of an option that takes no value */
			if (optopt && optind > 0 && strncmp(argv[optind - 1], "--", 2) == 0 &&
			    strchr(argv[optind - 1], '='))
				return cli_usage_error("option '%.*s' takes no value",
						       (int)(strchr(argv[optind - 1], '=') - argv[optind - 1]),
						       argv[optind - 1]);
			if (optopt)
				return cli_usage_error("invalid option '-%c'", optopt);
			return cli_usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;

	ctx.color = !ctx.opts.no_color && !getenv("NO_COLOR") &&
		    !ctx.opts.json && isatty(STDOUT_FILENO);
	safeout_set_mode(ctx.opts.json, ctx.color);
	vfio_log_set(log_to_stderr, &ctx);

	if (argc == 0) {
		if (ctx.opts.help) {
			cli_print_usage_all();
			return VFIO_EXIT_OK;
		}
		/* no verb on a terminal: the interactive shell */
		if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && !ctx.opts.json) {
			rc = cmd_shell(&ctx, 0, argv);
			path_ctx_free(ctx.path);
			return rc;
		}
		return cli_usage_error("no command given");
	}
	cmd = cli_command_match(argc, argv, &nwords);
	if (!cmd) {
		/* "vfioctl group --help": the verbs of that family */
		if (ctx.opts.help && argc == 1 && cli_print_family_help(argv[0]) == 0)
			return VFIO_EXIT_OK;
		return cli_unknown_command(argc, argv);
	}
	if (ctx.opts.help) {
		cli_print_command_help(cmd);
		return VFIO_EXIT_OK;
	}
	nargs = argc - nwords;
	if (!(cmd->flags & CMD_OWNOPTS) &&
	    (nargs < cmd->min_args || (cmd->max_args >= 0 && nargs > cmd->max_args))) {
		if (nargs > cmd->max_args && cmd->max_args == 0)
			return cli_usage_error("'%s' takes no arguments (got '%s')",
					       cmd->name, argv[nwords]);
		/* max_args -1: any number (BDF...), so only too few is possible */
		if (cmd->max_args >= 0 && nargs > cmd->max_args)
			return cli_usage_error("too many arguments for '%s %s' (got '%s')",
					       cmd->name, cmd->args,
					       argv[nwords + cmd->max_args]);
		return cli_usage_error("'%s' needs an argument: %s %s", cmd->name,
				       cmd->name, cmd->args);
	}
	/*
	 * -d is lspci's device selector on the lists (what their users type)
	 * and the refresh delay of the live views (as top's -d): the row of
	 * the letter that applies to this command says which (options.c)
	 */
	if (ctx.opts.short_d) {
		const struct cli_option *o = cli_option_for_letter('d', cmd->flags);

		if (!o)
			return cli_usage_error("option '-d' does not apply to '%s'", cmd->name);
		given[cli_option_by_name(o->name) - cli_options] = true;
		if (o->val == OPT_ID) {
			if (ctx.opts.id_sel || ctx.opts.short_d_twice)
				return cli_usage_error("option '--id' given twice: one ID selector, as lspci takes it");
			ctx.opts.id_sel = ctx.opts.short_d;
		} else {
			ctx.opts.delay = ctx.opts.short_d;
		}
	}
	rc = check_option_use(given, cmd);
	if (rc)
		return rc;
	/* a dry run changed nothing: a lost report is its only result */
	ran_change = (cmd->flags & CMD_CHANGE) && !ctx.opts.dry_run;
	rc = cmd->handler(&ctx, nargs, argv + nwords);
	path_ctx_free(ctx.path);
	return rc;
}

/*
 * A descriptor 0-2 closed by the caller would be taken by the next file opened:
 * a journal or a sysfs attribute opened for writing would then receive
 * what printf() meant for stdout. /dev/null takes the place instead.
 */
static unsigned std_fds_open(void)
{
	unsigned closed = 0;

	for (int fd = 0; fd <= 2; fd++) {
		int nfd;

		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		closed |= 1u << fd;
		/* lint: host path (our own descriptors, before any sysroot) */
		nfd = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY); /* lint: host path */
		if (nfd >= 0 && nfd != fd) {
			dup2(nfd, fd);
			close(nfd);
		}
	}
	return closed;
}

int main(int argc, char **argv)
{
	unsigned closed = std_fds_open();

	/*
	 * The charset only: names print as UTF-8 text where the terminal
	 * takes it; numbers (JSON) and messages stay as scripts expect.
	 */
	setlocale(LC_CTYPE, "");
	/* output to a stdout the caller closed still fails as it did (EBADF) */
	if (safeout_install(closed & (1u << STDOUT_FILENO)) < 0)
		fprintf(stderr, "%s: cannot filter standard output: %s\n", PROGRAM_NAME,
			strerror(errno));
	return close_stdout(cli_run(argc, argv));
}
