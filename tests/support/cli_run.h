/* Running a command line from a cmocka test: stdout and stderr collected
 * into one buffer, the exit status returned (-1 when it did not exit). */
#ifndef DISCBURN_CLI_RUN_H
#define DISCBURN_CLI_RUN_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

static char cli_out[8192];

static inline int cli_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline int cli_run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	strncat(cmd, " 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	size_t n = fread(cli_out, 1, sizeof(cli_out) - 1, p);
	cli_out[n] = 0;
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A whole command line (a pipeline too) in a subshell, every stage's
 * stderr with the stdout, up to 64 KiB kept, for tests that read long
 * output. The result is static: the next call overwrites it. Needs
 * cmocka.h included first (cli_expect_in fails the test). */
struct cli_capture {
	int rc; /* exit status, -1 when it did not exit */
	char out[1 << 16];
};

static inline struct cli_capture *cli_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline struct cli_capture *cli_sh(const char *fmt, ...)
{
	static struct cli_capture r;
	char cmd[2048], line[2100];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "( %s ) 2>&1", cmd);
	FILE *p = popen(line, "r");
	assert_non_null(p);
	size_t n = fread(r.out, 1, sizeof(r.out) - 1, p);
	r.out[n] = '\0';
	int status = pclose(p);
	r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	return &r;
}

static inline void cli_expect_in(const struct cli_capture *r, const char *needle)
{
	if (!strstr(r->out, needle))
		fail_msg("'%s' not in output:\n%s", needle, r->out);
}

#endif
