// SPDX-License-Identifier: GPL-2.0-or-later
/* shell.c: vfioctl's interactive prompt (libedit) and script runner, on the one dispatcher */
#include "config.h"

#include <errno.h>
#include <histedit.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define SHELL_PROMPT PROGRAM_NAME "> "
#define SHELL_HISTORY_SIZE 1000
#define SHELL_MAX_WORDS 64
#define SHELL_MAX_CANDS 4096

/*
 * Every line runs through cli_run(), the dispatcher of the command line,
 * with the global options the shell itself was started with in front
 * (--sysroot, --no-color, -v), so a line means what it would mean after
 * "vfioctl" on the command line.
 */
struct shell {
	char *prefix[8];
	int nprefix;
	EditLine *el;
	History *hist;
	Tokenizer *tok;
	char hist_path[PATH_MAX];
	int last_status;
};

static void shell_prefix(struct shell *sh, const struct cli_ctx *ctx)
{
	static char vflag[] = "-v", sysroot[] = "--sysroot", nocolor[] = "--no-color";
	static char prog[] = PROGRAM_NAME;

	sh->prefix[sh->nprefix++] = prog;
	if (ctx->opts.sysroot) {
		sh->prefix[sh->nprefix++] = sysroot;
		sh->prefix[sh->nprefix++] = (char *)ctx->opts.sysroot;
	}
	if (ctx->opts.no_color)
		sh->prefix[sh->nprefix++] = nocolor;
	for (int i = 0; i < ctx->opts.verbose && i < 2; i++)
		sh->prefix[sh->nprefix++] = vflag;
}

/* drop a "#" comment: a word that starts with '#' ends the line, as in sh */
static int strip_comment(int argc, const char **argv)
{
	for (int i = 0; i < argc; i++)
		if (argv[i][0] == '#')
			return i;
	return argc;
}

enum line_result { LINE_EMPTY, LINE_RAN, LINE_EXIT, LINE_BAD };

/* run the words of one line; *status gets the command's exit status */
static enum line_result shell_run_words(struct shell *sh, int argc, const char **argv,
					int *status)
{
	char *av[SHELL_MAX_WORDS + 8];
	int ac = 0;

	argc = strip_comment(argc, argv);
	if (argc == 0)
		return LINE_EMPTY;
	if (strcmp(argv[0], "exit") == 0 || strcmp(argv[0], "quit") == 0) {
		if (argc > 1) {
			*status = cli_usage_error("'%s' takes no arguments", argv[0]);
			return LINE_BAD;
		}
		return LINE_EXIT;
	}
	if (strcmp(argv[0], "shell") == 0) {
		cli_err("already in the shell");
		*status = VFIO_EXIT_USAGE;
		return LINE_BAD;
	}
	/*
	 * The sysroot is the shell's, for every line: a script meant for a
	 * fixture must not reach the live root with "--sysroot /".
	 */
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--sysroot") == 0 || strncmp(argv[i], "--sysroot=", 10) == 0) {
			*status = cli_usage_error("--sysroot is the shell's (give it before 'shell'), not a line's");
			return LINE_BAD;
		}
	if (argc > SHELL_MAX_WORDS) {
		*status = cli_usage_error("too many words on one line (at most %d)",
					  SHELL_MAX_WORDS);
		return LINE_BAD;
	}
	for (int i = 0; i < sh->nprefix; i++)
		av[ac++] = sh->prefix[i];
	for (int i = 0; i < argc; i++)
		av[ac++] = (char *)argv[i];
	av[ac] = NULL;
	*status = cli_run(ac, av);
	fflush(stdout);
	fflush(stderr);
	return LINE_RAN;
}

/* split @line as sh would (quotes, backslashes) and run it */
static enum line_result shell_run_line(struct shell *sh, const char *line, int *status)
{
	const char **argv;
	int argc, rc;

	tok_reset(sh->tok);
	rc = tok_str(sh->tok, line, &argc, &argv);
	if (rc != 0) {
		*status = cli_usage_error("unterminated quote or backslash in the line");
		return LINE_BAD;
	}
	return shell_run_words(sh, argc, argv, status);
}

/*
 * Not a terminal: one command per line, '#' comments, stop at the first
 * failure unless --keep-going; the exit status is that command's (or the
 * last one's), so a file of commands works as a script.
 */
static int shell_script(struct shell *sh, bool keep_going)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	int status = VFIO_EXIT_OK, first_fail = VFIO_EXIT_OK;

	while ((len = getline(&line, &cap, stdin)) >= 0) {
		enum line_result r;
		int st = VFIO_EXIT_OK;

		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (strlen(line) != (size_t)len) {
			cli_err("line %lu: contains a NUL byte", lineno);
			st = VFIO_EXIT_USAGE;
			r = LINE_BAD;
		} else {
			r = shell_run_line(sh, line, &st);
		}
		if (r == LINE_EXIT)
			break;
		if (r == LINE_EMPTY)
			continue;
		status = st;
		if (st != VFIO_EXIT_OK) {
			if (!keep_going) {
				cli_err("stopped at line %lu (exit status %d)", lineno, st);
				break;
			}
			cli_warn("line %lu failed (exit status %d); going on", lineno, st);
			if (first_fail == VFIO_EXIT_OK)
				first_fail = st;
		}
	}
	free(line);
	/* with --keep-going, any failure makes the run fail: report the first */
	return keep_going && first_fail != VFIO_EXIT_OK ? first_fail : status;
}

static int history_dir(char *buf, size_t size)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	int n;

	if (state && *state == '/')
		n = snprintf(buf, size, "%s/%s", state, PROGRAM_NAME);
	else if (home && *home == '/')
		n = snprintf(buf, size, "%s/.local/state/%s", home, PROGRAM_NAME);
	else
		return -ENOENT;
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* mkdir -p for the user's own state directory (not a kernel path) */
static int make_dirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			*p = '/';
			return -errno;
		}
		*p = '/';
	}
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

static void shell_history_open(struct shell *sh)
{
	HistEvent ev;
	char dir[PATH_MAX - 16];

	sh->hist = history_init();
	if (!sh->hist)
		return;
	history(sh->hist, &ev, H_SETSIZE, SHELL_HISTORY_SIZE);
	history(sh->hist, &ev, H_SETUNIQUE, 1);
	if (history_dir(dir, sizeof(dir)) < 0)
		return;
	snprintf(sh->hist_path, sizeof(sh->hist_path), "%s/history", dir);
	if (make_dirs(dir) < 0) {
		cli_warn("cannot create '%s': %s; history is not kept", dir, strerror(errno));
		sh->hist_path[0] = '\0';
		return;
	}
	/* a missing file is a first run, not an error */
	history(sh->hist, &ev, H_LOAD, sh->hist_path);
}

static void shell_history_add(struct shell *sh, const char *line)
{
	HistEvent ev;

	if (!sh->hist)
		return;
	history(sh->hist, &ev, H_ENTER, line);
	if (sh->hist_path[0] && history(sh->hist, &ev, H_SAVE, sh->hist_path) < 0)
		cli_warn("cannot save the history to '%s'", sh->hist_path);
}

struct cands {
	char *v[SHELL_MAX_CANDS];
	size_t n;
};

static void collect(void *data, const char *cand)
{
	struct cands *c = data;
	char *dup;

	if (c->n >= SHELL_MAX_CANDS)
		return;
	dup = strdup(cand);
	if (dup)
		c->v[c->n++] = dup;
}

static size_t common_prefix(const struct cands *c)
{
	size_t len = strlen(c->v[0]);

	for (size_t i = 1; i < c->n; i++) {
		size_t k = 0;

		while (k < len && c->v[i][k] == c->v[0][k])
			k++;
		len = k;
	}
	return len;
}

static void list_candidates(const struct cands *c)
{
	size_t width = 0, cols, col = 0;

	for (size_t i = 0; i < c->n; i++)
		if (strlen(c->v[i]) > width)
			width = strlen(c->v[i]);
	width += 2;
	cols = width < cli_term_width() ? cli_term_width() / width : 1;
	fputc('\n', stdout);
	for (size_t i = 0; i < c->n; i++) {
		printf("%-*s", (int)width, c->v[i]);
		if (++col == cols || i + 1 == c->n) {
			fputc('\n', stdout);
			col = 0;
		}
	}
	/* before the line editor redraws the line on the terminal stream */
	fflush(stdout);
}

/*
 * TAB: ask the completion engine that answers "vfioctl __complete" for the
 * words before the cursor, then insert what all candidates share, or list
 * them when there is nothing more to insert.
 */
static unsigned char shell_complete(EditLine *el, int ch)
{
	struct shell *sh;
	const LineInfo *li = el_line(el);
	char *text, *words[SHELL_MAX_WORDS + 8];
	const char **argv;
	int argc, nw = 0, cur_arg = 0, cur_off = 0, rc;
	struct cands c = { .n = 0 };
	unsigned char ret = CC_REFRESH;
	size_t plen, shared;
	(void)ch;

	el_get(el, EL_CLIENTDATA, &sh);
	text = strndup(li->buffer, (size_t)(li->cursor - li->buffer));
	if (!text)
		return CC_ERROR;
	tok_reset(sh->tok);
	rc = tok_line(sh->tok, &(LineInfo){ text, text + strlen(text), text + strlen(text) },
		      &argc, &argv, &cur_arg, &cur_off);
	if (rc != 0 && rc != 1 && rc != 2 && rc != 3) {
		free(text);
		return CC_ERROR;
	}
	/* the global options the shell was started with come first */
	for (int i = 1; i < sh->nprefix; i++)
		words[nw++] = sh->prefix[i];
	for (int i = 0; i < argc && nw < SHELL_MAX_WORDS; i++)
		words[nw++] = (char *)argv[i];
	/* the cursor after a space: completing a new, empty word */
	if (cur_arg >= argc) {
		static char empty[] = "";

		words[nw++] = empty;
	}
	cli_complete(nw, words, collect, &c);
	plen = strlen(words[nw - 1]);
	free(text);
	if (c.n == 0) {
		ret = CC_REFRESH_BEEP;
		goto out;
	}
	shared = common_prefix(&c);
	if (shared > plen) {
		char ins[256];

		snprintf(ins, sizeof(ins), "%.*s%s", (int)(shared - plen), c.v[0] + plen,
			 c.n == 1 ? " " : "");
		el_insertstr(el, ins);
	} else if (c.n > 1) {
		list_candidates(&c);
		ret = CC_REDISPLAY;
	}
out:
	for (size_t i = 0; i < c.n; i++)
		free(c.v[i]);
	return ret;
}

static const char *shell_prompt(EditLine *el)
{
	(void)el;
	return SHELL_PROMPT;
}

static int shell_interactive(struct shell *sh)
{
	const char *line;
	int count;

	/* the line editor drives the terminal itself, past the output filter */
	sh->el = el_init(PROGRAM_NAME, stdin, safeout_terminal(), stderr);
	if (!sh->el) {
		cli_err("cannot start the line editor");
		return VFIO_EXIT_FAILURE;
	}
	el_set(sh->el, EL_CLIENTDATA, sh);
	el_set(sh->el, EL_PROMPT, shell_prompt);
	el_set(sh->el, EL_EDITOR, "emacs");
	el_set(sh->el, EL_SIGNAL, 1);
	shell_history_open(sh);
	if (sh->hist)
		el_set(sh->el, EL_HIST, history, sh->hist);
	el_set(sh->el, EL_ADDFN, "vfioctl-complete", "complete a vfioctl word",
	       shell_complete);
	el_set(sh->el, EL_BIND, "^I", "vfioctl-complete", NULL);
	/* the user's ~/.editrc may rebind keys, as in other libedit programs */
	el_source(sh->el, NULL);

	printf("%s %s shell: 'help' lists the commands, 'exit' or Ctrl-D ends.\n",
	       PROGRAM_NAME, PACKAGE_VERSION);
	while ((line = el_gets(sh->el, &count)) != NULL) {
		char *copy;
		int st = VFIO_EXIT_OK;
		enum line_result r;

		if (count <= 0)
			continue;
		copy = strndup(line, (size_t)count);
		if (!copy)
			break;
		if (copy[0] && copy[strlen(copy) - 1] == '\n')
			copy[strlen(copy) - 1] = '\0';
		r = shell_run_line(sh, copy, &st);
		if (r != LINE_EMPTY)
			shell_history_add(sh, copy);
		free(copy);
		if (r == LINE_EXIT)
			break;
		if (r != LINE_EMPTY)
			sh->last_status = st;
	}
	if (!line)
		fputc('\n', stdout);	/* Ctrl-D: end the prompt's line */
	if (sh->hist)
		history_end(sh->hist);
	el_end(sh->el);
	return sh->last_status;
}

int cmd_shell(struct cli_ctx *ctx, int argc, char **argv)
{
	struct shell sh = { .nprefix = 0 };
	int rc;
	(void)argc;
	(void)argv;

	shell_prefix(&sh, ctx);
	sh.tok = tok_init(NULL);
	if (!sh.tok) {
		cli_err("cannot start the tokenizer: %s", strerror(ENOMEM));
		return VFIO_EXIT_FAILURE;
	}
	if (isatty(STDIN_FILENO))
		rc = shell_interactive(&sh);
	else
		rc = shell_script(&sh, ctx->opts.keep_going);
	tok_end(sh.tok);
	return rc;
}
