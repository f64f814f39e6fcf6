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

#endif
