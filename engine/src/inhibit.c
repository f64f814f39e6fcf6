/* systemd-logind inhibitor lock over D-Bus with sd-bus (see inhibit.h).
 *
 * org.freedesktop.login1.Manager.Inhibit(what, who, why, mode) returns a
 * file descriptor; the lock lasts until every copy of it is closed
 * (systemd's "Inhibitor Locks" and org.freedesktop.login1(5)). Mode
 * "block" stops the listed transitions outright instead of delaying
 * them: a disc that loses power mid-track is damaged. */
#include "inhibit.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The declarations only: libsystemd is loaded at run time (below). */
#include <systemd/sd-bus.h>

#include "discburn/inhibit.h"

#define INHIBIT_WHAT "sleep:shutdown:idle"
#define INHIBIT_WHY "burning a disc"
#define INHIBIT_MODE "block"
/* A logind that does not answer within this long is treated as absent:
 * the burn must not wait on it. */
#define CALL_TIMEOUT_USEC (5u * 1000u * 1000u)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned holders; /* takes not yet released */
static int lock_fd = -1;
static bool noticed; /* the once-per-process notice was given */
static db_inhibit_notice_fn notice_fn;
static void *notice_ctx;

void db_inhibit_set_notice(db_inhibit_notice_fn fn, void *ctx)
{
	pthread_mutex_lock(&lock);
	notice_fn = fn;
	notice_ctx = ctx;
	pthread_mutex_unlock(&lock);
}

/* sd-bus, from libsystemd.so.0 opened with dlopen rather than linked:
 * a burn must not need libsystemd to start (a container, the test VM's
 * initramfs), only to keep the machine awake; without it the burn says
 * so once and goes on, as without logind. This is how systemd itself
 * treats its optional libraries. DISCBURN_LIBSYSTEMD names another file
 * (the tests' "library missing" case). */
#define SD_FUNCS(X)                         \
	X(sd_bus_open_system)               \
	X(sd_bus_new)                       \
	X(sd_bus_set_address)               \
	X(sd_bus_set_bus_client)            \
	X(sd_bus_start)                     \
	X(sd_bus_unref)                     \
	X(sd_bus_flush_close_unref)         \
	X(sd_bus_message_new_method_call)   \
	X(sd_bus_message_append)            \
	X(sd_bus_call)                      \
	X(sd_bus_message_read)              \
	X(sd_bus_message_unref)             \
	X(sd_bus_error_free)                \
	X(sd_bus_error_is_set)

static struct {
#define X_FIELD(name) __typeof__(name) *name;
	SD_FUNCS(X_FIELD)
#undef X_FIELD
} sd;
static bool sd_tried, sd_loaded;
static char sd_error[256];

/* Under lock. */
static bool load_sd_bus(void)
{
	if (sd_tried)
		return sd_loaded;
	sd_tried = true;
	const char *file = getenv("DISCBURN_LIBSYSTEMD");
	if (!file || !*file)
		file = "libsystemd.so.0";
	void *h = dlopen(file, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(sd_error, sizeof(sd_error), "%s", dlerror());
		return false;
	}
#define X_LOAD(name)                                                        \
	if (!(sd.name = (__typeof__(name) *)dlsym(h, #name))) {            \
		snprintf(sd_error, sizeof(sd_error), "%s has no %s", file, #name); \
		dlclose(h);                                                 \
		return false;                                               \
	}
	SD_FUNCS(X_LOAD)
#undef X_LOAD
	sd_loaded = true;
	return true;
}

static void notice(const char *what, const char *detail)
{
	if (noticed)
		return;
	noticed = true;
	char msg[512];
	snprintf(msg, sizeof(msg),
		 "no systemd-logind inhibitor lock (%s: %s): the burn goes on, but the "
		 "machine may sleep or shut down during it",
		 what, detail);
	if (notice_fn)
		notice_fn(msg, notice_ctx);
	else
		fprintf(stderr, "discburn: %s\n", msg);
}

/* The bus logind is on: DISCBURN_LOGIND_BUS when set, else the system
 * bus (sd-bus honours DBUS_SYSTEM_BUS_ADDRESS). */
static int open_bus(sd_bus **out, const char **where)
{
	const char *addr = getenv("DISCBURN_LOGIND_BUS");
	if (!addr || !*addr) {
		*where = "system bus";
		return sd.sd_bus_open_system(out);
	}
	*where = addr;
	sd_bus *bus = NULL;
	int r = sd.sd_bus_new(&bus);
	if (r >= 0)
		r = sd.sd_bus_set_address(bus, addr);
	if (r >= 0)
		r = sd.sd_bus_set_bus_client(bus, 1);
	if (r >= 0)
		r = sd.sd_bus_start(bus);
	if (r < 0) {
		sd.sd_bus_unref(bus);
		return r;
	}
	*out = bus;
	return 0;
}

/* The lock's descriptor, or -1 after the notice. */
static int inhibit(const char *who)
{
	sd_bus *bus = NULL;
	sd_bus_message *m = NULL, *reply = NULL;
	sd_bus_error err = SD_BUS_ERROR_NULL;
	const char *where = "";
	int fd = -1;
	if (!load_sd_bus()) {
		notice("cannot load sd-bus", sd_error);
		return -1;
	}
	int r = open_bus(&bus, &where);
	if (r < 0) {
		char what[320];
		snprintf(what, sizeof(what), "cannot connect to %s", where);
		notice(what, strerror(-r));
		return -1;
	}
	r = sd.sd_bus_message_new_method_call(bus, &m, "org.freedesktop.login1",
					   "/org/freedesktop/login1",
					   "org.freedesktop.login1.Manager", "Inhibit");
	if (r >= 0)
		r = sd.sd_bus_message_append(m, "ssss", INHIBIT_WHAT, who, INHIBIT_WHY, INHIBIT_MODE);
	if (r >= 0)
		r = sd.sd_bus_call(bus, m, CALL_TIMEOUT_USEC, &err, &reply);
	int in_fd = -1;
	if (r >= 0)
		r = sd.sd_bus_message_read(reply, "h", &in_fd);
	/* The reply owns its descriptor: keep a copy of our own. */
	if (r >= 0 && (fd = fcntl(in_fd, F_DUPFD_CLOEXEC, 3)) < 0)
		r = -errno;
	if (r < 0)
		notice("org.freedesktop.login1.Manager.Inhibit failed",
		       sd.sd_bus_error_is_set(&err) ? err.message : strerror(-r));
	sd.sd_bus_error_free(&err);
	sd.sd_bus_message_unref(reply);
	sd.sd_bus_message_unref(m);
	sd.sd_bus_flush_close_unref(bus);
	return fd;
}

void db__inhibit_take(const char *who)
{
	pthread_mutex_lock(&lock);
	if (holders++ == 0)
		lock_fd = inhibit(who && *who ? who : "discburn");
	pthread_mutex_unlock(&lock);
}

void db__inhibit_release(void)
{
	pthread_mutex_lock(&lock);
	if (holders > 0 && --holders == 0 && lock_fd >= 0) {
		close(lock_fd);
		lock_fd = -1;
	}
	pthread_mutex_unlock(&lock);
}
