/* A private D-Bus with a fake systemd-logind on it (tests/support/
 * fake_logind.c), for the inhibitor lock tests: `dbus-daemon --session`
 * listening in a temporary directory, the fake owning
 * org.freedesktop.login1 there and recording every Inhibit call and
 * every release in a log file, and DISCBURN_LOGIND_BUS pointing
 * libdiscburn at it. Waits are bounded (RIG_WAIT_MS). Header-only; include
 * after <cmocka.h>. Needs DBUS_DAEMON and FAKE_LOGIND (paths) defined. */
#ifndef DISCBURN_LOGIND_RIG_H
#define DISCBURN_LOGIND_RIG_H

#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RIG_WAIT_MS 10000

struct logind_rig {
	pid_t bus_pid, fake_pid;
	char dir[64];
	char address[512];
	char log[128];
};

static inline uint64_t rig_now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

/* Starts argv with stdout on a pipe and reads its first line into line
 * (within RIG_WAIT_MS); -1 (the child killed) otherwise. */
static inline pid_t rig_spawn(char *const argv[], char *line, size_t cap)
{
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	size_t n = 0;
	uint64_t end = rig_now_ms() + RIG_WAIT_MS;
	while (n + 1 < cap && (n == 0 || line[n - 1] != '\n')) {
		struct pollfd pf = {.fd = p[0], .events = POLLIN};
		uint64_t now = rig_now_ms();
		if (now >= end || poll(&pf, 1, (int)(end - now)) <= 0)
			break;
		ssize_t k = read(p[0], line + n, cap - 1 - n);
		if (k <= 0)
			break;
		n += (size_t)k;
	}
	close(p[0]);
	line[n] = 0;
	if (n == 0 || line[n - 1] != '\n') {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	line[n - 1] = 0;
	return pid;
}

static inline void rig_start(struct logind_rig *g, bool refuse)
{
	memset(g, 0, sizeof(*g));
	strcpy(g->dir, "/tmp/logind-rig-XXXXXX");
	assert_non_null(mkdtemp(g->dir));
	snprintf(g->log, sizeof(g->log), "%s/log", g->dir);
	char listen[128];
	snprintf(listen, sizeof(listen), "--address=unix:path=%s/bus", g->dir);
	char *bus_argv[] = {DBUS_DAEMON, "--session", "--nofork", "--nopidfile", listen,
			    "--print-address", NULL};
	g->bus_pid = rig_spawn(bus_argv, g->address, sizeof(g->address));
	if (g->bus_pid < 0)
		fail_msg("dbus-daemon did not start: '%s'", g->address);
	char ready[64];
	char *fake_argv[] = {FAKE_LOGIND, refuse ? "--refuse" : g->address,
			     refuse ? g->address : g->log, refuse ? g->log : NULL, NULL};
	g->fake_pid = rig_spawn(fake_argv, ready, sizeof(ready));
	if (g->fake_pid < 0 || strcmp(ready, "ready") != 0) {
		/* leave no daemon behind */
		kill(g->bus_pid, SIGTERM);
		waitpid(g->bus_pid, NULL, 0);
		fail_msg("fake_logind did not start: '%s'", ready);
	}
	setenv("DISCBURN_LOGIND_BUS", g->address, 1);
}

static inline void rig_stop(struct logind_rig *g)
{
	unsetenv("DISCBURN_LOGIND_BUS");
	kill(g->fake_pid, SIGTERM);
	waitpid(g->fake_pid, NULL, 0);
	kill(g->bus_pid, SIGTERM);
	waitpid(g->bus_pid, NULL, 0);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g->dir);
	assert_int_equal(system(cmd), 0);
}

/* Lines of the fake's log that start with word ("inhibit", "release"). */
static inline unsigned rig_count(const struct logind_rig *g, const char *word)
{
	FILE *f = fopen(g->log, "r");
	if (!f)
		return 0;
	char line[1024];
	unsigned n = 0;
	size_t w = strlen(word);
	while (fgets(line, sizeof(line), f))
		n += strncmp(line, word, w) == 0 && line[w] == ' ';
	fclose(f);
	return n;
}

/* The last "inhibit" line, without "inhibit N ". */
static inline void rig_last_inhibit(const struct logind_rig *g, char *out, size_t cap)
{
	FILE *f = fopen(g->log, "r");
	char line[1024];
	out[0] = 0;
	while (f && fgets(line, sizeof(line), f)) {
		char *sp = strncmp(line, "inhibit ", 8) == 0 ? strchr(line + 8, ' ') : NULL;
		if (sp) {
			snprintf(out, cap, "%s", sp + 1);
			out[strcspn(out, "\n")] = 0;
		}
	}
	if (f)
		fclose(f);
}

/* The lock is held now: more calls than releases. */
static inline bool rig_held(const struct logind_rig *g)
{
	return rig_count(g, "inhibit") > rig_count(g, "release");
}

/* Waits (bounded) until the log has at least n lines of word. The fake
 * sees a release asynchronously, when the last copy of the descriptor
 * closes. */
static inline bool rig_wait(const struct logind_rig *g, const char *word, unsigned n)
{
	uint64_t end = rig_now_ms() + RIG_WAIT_MS;
	while (rig_count(g, word) < n) {
		if (rig_now_ms() >= end)
			return false;
		usleep(10000);
	}
	return true;
}

#endif
