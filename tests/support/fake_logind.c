/* A stand-in for systemd-logind on a private bus, for the inhibitor lock
 * tests: owns org.freedesktop.login1, serves
 * org.freedesktop.login1.Manager.Inhibit(ssss) -> h at
 * /org/freedesktop/login1 as logind(8) does (the lock lasts until every
 * copy of the returned descriptor is closed), and records each call and
 * each release, one line each, in LOGFILE:
 *   inhibit N what=W who=C why=Y mode=M
 *   release N
 * With --refuse it answers Inhibit with org.freedesktop.DBus.Error.
 * AccessDenied, as logind does for a caller polkit refuses.
 *
 * usage: fake_logind [--refuse] BUS-ADDRESS LOGFILE
 * Prints "ready" on stdout once it owns the name; exits on SIGTERM or
 * when the bus goes away. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

static int log_fd = -1;
static unsigned next_id = 1;
static bool refuse;

static void record(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void record(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	/* One write per line on an O_APPEND file: a reader never sees half. */
	if (write(log_fd, line, (size_t)n) != n)
		_exit(3);
}

/* The read end saw the last writer close: the lock is gone. */
static int on_release(sd_event_source *s, int fd, uint32_t revents, void *id)
{
	(void)revents;
	char buf[64];
	if (read(fd, buf, sizeof(buf)) > 0)
		return 0; /* nobody writes to it; ignore */
	record("release %u", (unsigned)(uintptr_t)id);
	sd_event_source_set_enabled(s, SD_EVENT_OFF);
	sd_event_source_unref(s);
	close(fd);
	return 0;
}

static int on_inhibit(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	(void)userdata;
	const char *what, *who, *why, *mode;
	int r = sd_bus_message_read(m, "ssss", &what, &who, &why, &mode);
	if (r < 0)
		return r;
	if (refuse)
		return sd_bus_error_set(err, SD_BUS_ERROR_ACCESS_DENIED,
					"fake logind refuses inhibitor locks");
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	unsigned id = next_id++;
	record("inhibit %u what=%s who=%s why=%s mode=%s", id, what, who, why, mode);
	r = sd_event_add_io(sd_bus_get_event(sd_bus_message_get_bus(m)), NULL, p[0],
			    EPOLLIN | EPOLLHUP, on_release, (void *)(uintptr_t)id);
	if (r >= 0)
		r = sd_bus_reply_method_return(m, "h", p[1]); /* sd-bus sends a copy */
	close(p[1]);
	return r;
}

static const sd_bus_vtable manager_vtable[] = {
	SD_BUS_VTABLE_START(0),
	SD_BUS_METHOD("Inhibit", "ssss", "h", on_inhibit, SD_BUS_VTABLE_UNPRIVILEGED),
	SD_BUS_VTABLE_END,
};

static int fail(const char *what, int r)
{
	fprintf(stderr, "fake_logind: %s: %s\n", what, strerror(-r));
	return 1;
}

int main(int argc, char **argv)
{
	int a = 1;
	if (a < argc && strcmp(argv[a], "--refuse") == 0) {
		refuse = true;
		a++;
	}
	if (argc - a != 2) {
		fprintf(stderr, "usage: fake_logind [--refuse] BUS-ADDRESS LOGFILE\n");
		return 2;
	}
	log_fd = open(argv[a + 1], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (log_fd < 0)
		return fail(argv[a + 1], -errno);
	sigset_t ss;
	sigemptyset(&ss);
	sigaddset(&ss, SIGTERM);
	sigprocmask(SIG_BLOCK, &ss, NULL);
	sd_event *ev = NULL;
	sd_bus *bus = NULL;
	int r = sd_event_new(&ev);
	if (r >= 0)
		r = sd_event_add_signal(ev, NULL, SIGTERM, NULL, NULL); /* exits the loop */
	if (r < 0)
		return fail("sd_event", r);
	r = sd_bus_new(&bus);
	if (r >= 0)
		r = sd_bus_set_address(bus, argv[a]);
	if (r >= 0)
		r = sd_bus_set_bus_client(bus, 1);
	if (r >= 0)
		r = sd_bus_start(bus);
	if (r < 0)
		return fail(argv[a], r);
	r = sd_bus_add_object_vtable(bus, NULL, "/org/freedesktop/login1",
				     "org.freedesktop.login1.Manager", manager_vtable, NULL);
	if (r >= 0)
		r = sd_bus_request_name(bus, "org.freedesktop.login1", 0);
	if (r >= 0)
		r = sd_bus_attach_event(bus, ev, 0);
	if (r >= 0)
		r = sd_bus_set_exit_on_disconnect(bus, 1);
	if (r < 0)
		return fail("org.freedesktop.login1", r);
	printf("ready\n");
	fflush(stdout);
	r = sd_event_loop(ev);
	sd_bus_flush_close_unref(bus);
	sd_event_unref(ev);
	return r < 0 ? fail("event loop", r) : 0;
}
