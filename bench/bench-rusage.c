/* bench-rusage: runs one command and reports what it cost, as one line
 * of key=value pairs on stderr (or into -o FILE):
 *
 *   bench-rusage [-o FILE] CMD [ARGS...]
 *   -> wall_s=1.234 user_s=0.100 sys_s=0.900 maxrss_kib=10240 status=0
 *
 * The numbers are the child's alone (wait4), so a generator piped into
 * the child's stdin is not counted. Used on the host and in the VM, whose
 * busybox has no `time -f`. Exit status: the child's (128+signal when it
 * was killed), 127 when it could not be started. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	int i = 1;
	if (i + 1 < argc && strcmp(argv[i], "-o") == 0) {
		out = argv[i + 1];
		i += 2;
	}
	if (i >= argc) {
		fputs("usage: bench-rusage [-o FILE] CMD [ARGS...]\n", stderr);
		return 2;
	}
	double t0 = now_s();
	pid_t pid = fork();
	if (pid < 0) {
		perror("bench-rusage: fork");
		return 127;
	}
	if (pid == 0) {
		execvp(argv[i], argv + i);
		fprintf(stderr, "bench-rusage: %s: %s\n", argv[i], strerror(errno));
		_exit(127);
	}
	int st;
	struct rusage ru;
	while (wait4(pid, &st, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("bench-rusage: wait4");
			return 127;
		}
	}
	double wall = now_s() - t0;
	int rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	FILE *f = out ? fopen(out, "w") : stderr;
	if (!f) {
		perror(out);
		f = stderr;
	}
	fprintf(f, "wall_s=%.4f user_s=%.4f sys_s=%.4f maxrss_kib=%ld status=%d\n", wall,
		seconds(ru.ru_utime), seconds(ru.ru_stime), ru.ru_maxrss, rc);
	if (f != stderr)
		fclose(f);
	return rc;
}
