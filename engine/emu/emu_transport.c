/* The engine's transport onto libmmcemu, in-process: a db_cmd becomes an
 * mmcemu_io, nothing else changes, so everything above the transport runs
 * the same code as on /dev/sgN. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "discburn/emu.h"
#include "mmcemu/mmcemu.h"

/* No kernel in the way: the only limit is what we choose; 1 MiB leaves
 * the engine's own cap (256 KiB) in charge. */
#define EMU_MAX_TRANSFER (1u << 20)

/* One emulated drive per disc in a process, however many transports are
 * open on it: two recorders on one disc are two initiators on one drive,
 * as two opens of /dev/sgN are, not two emulators writing one file. The
 * registry is keyed by the device and inode of DISC.lock, so two spellings
 * of one path meet. Exclusive access follows an sg node opened with
 * O_EXCL (Linux sg_open()): an exclusive open or acquire fails while any
 * other transport has the drive open, and any open fails while one holds
 * it exclusively; each refusal is E_IMAPI_RECORDER_LOCKED and names the
 * holder's client (db_transport_lock_owner). Across processes, the
 * process that has the drive open holds flock(LOCK_EX) on DISC.lock and
 * keeps the exclusive holder's client name in it. */
struct emu_shared {
	struct emu_shared *next;
	pid_t pid; /* a registry copied into a fork()ed child is not its own */
	dev_t dev;
	ino_t ino;
	int lock_fd;
	struct mmcemu_drive *drive;
	char profile[64]; /* as the first open named it ("" unknown) */
	enum mmcemu_clock_kind clock; /* the first open's */
	unsigned opens;
	const struct emu_transport *holder; /* exclusive access, or NULL */
	char owner[64]; /* the holder's client name */
};

struct emu_transport {
	struct db_transport base;
	struct emu_shared *sh;
	enum mmcemu_clock_kind clock;
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct emu_shared *registry;

/* The fault plan dropped the command. A real initiator waits out its
 * timeout, then the SCSI error handler probes the device; we report at
 * once, and probe the same way: a drive that answers an INQUIRY (which
 * needs no medium and consumes no unit attention) only timed out, one
 * that does not is gone (the kernel would offline it: ENODEV). */
static db_status dropped_status(struct emu_transport *e)
{
	uint8_t cdb[6] = {0x12, 0, 0, 0, 36, 0}, buf[36];
	struct mmcemu_io probe = {.cdb = cdb, .cdb_len = 6, .data_in = buf, .data_in_cap = 36};
	mmcemu_execute(e->sh->drive, &probe);
	return probe.dropped ? DB_ERROR_DEV_NOT_EXIST : DB_E_IMAPI_RECORDER_COMMAND_TIMEOUT;
}

static db_status emu_execute(struct db_transport *t, struct db_cmd *c)
{
	struct emu_transport *e = (struct emu_transport *)t;
	struct mmcemu_io io = {
		.cdb = c->cdb,
		.cdb_len = c->cdb_len,
		.data_out = c->dir == DB_DIR_OUT ? c->buf : NULL,
		.data_out_len = c->dir == DB_DIR_OUT ? c->len : 0,
		.data_in = c->dir == DB_DIR_IN ? c->buf : NULL,
		.data_in_cap = c->dir == DB_DIR_IN ? c->len : 0,
	};
	mmcemu_execute(e->sh->drive, &io);
	if (io.dropped)
		return dropped_status(e);
	c->scsi_status = io.status;
	c->sense_len = io.sense_len < DB_SENSE_MAX ? io.sense_len : DB_SENSE_MAX;
	memcpy(c->sense, io.sense, c->sense_len);
	c->resid = c->dir == DB_DIR_IN && io.data_in_len < c->len ? c->len - io.data_in_len : 0;
	return DB_S_OK;
}

static size_t emu_max_transfer(struct db_transport *t)
{
	(void)t;
	return EMU_MAX_TRANSFER;
}

/* The lock file carries the exclusive holder's client name, for a
 * process that finds the drive held. */
static void publish_owner(const struct emu_shared *sh)
{
	if (ftruncate(sh->lock_fd, 0) != 0)
		return;
	size_t n = strlen(sh->owner);
	/* A half-written name is worse than none. If even the truncation
	 * fails, nothing is lost: the name is advisory, the flock excludes.
	 * (Tested, not cast to void: glibc's fortified ftruncate is
	 * warn_unused_result, which a cast does not silence.) */
	if (n && pwrite(sh->lock_fd, sh->owner, n, 0) != (ssize_t)n && ftruncate(sh->lock_fd, 0) != 0)
		return;
}

static db_status refuse(const char *owner)
{
	db_transport_note_lock_owner(owner);
	return DB_E_IMAPI_RECORDER_LOCKED;
}

static db_status emu_set_exclusive(struct db_transport *t, bool exclusive, const char *client)
{
	struct emu_transport *e = (struct emu_transport *)t;
	struct emu_shared *sh = e->sh;
	db_status st = DB_S_OK;
	pthread_mutex_lock(&registry_lock);
	if (exclusive) {
		if (sh->holder && sh->holder != e)
			st = refuse(sh->owner);
		else if (!sh->holder && sh->opens > 1)
			st = refuse(""); /* O_EXCL: others have it open, none holds it */
		if (db_succeeded(st)) {
			sh->holder = e;
			snprintf(sh->owner, sizeof(sh->owner), "%s", client ? client : "");
			publish_owner(sh);
		}
	} else if (sh->holder == e) {
		sh->holder = NULL;
		sh->owner[0] = '\0';
		publish_owner(sh);
	}
	pthread_mutex_unlock(&registry_lock);
	return st;
}

/* DISCBURN_EMU_STATS=FILE: the drive's statistics as JSON when the
 * transport closes, so a test of the CLI (a separate process) can assert
 * from the emulator's side what the drive saw. */
static void dump_stats(struct mmcemu_drive *d)
{
	const char *path = getenv("DISCBURN_EMU_STATS");
	if (!path || !*path)
		return;
	struct mmcemu_stats st;
	mmcemu_get_stats(d, &st);
	FILE *f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "{\"write12_streaming\":%llu,\"blocks_written\":%llu,\"blocks_read\":%llu,"
		   "\"commands\":{",
		(unsigned long long)st.write12_streaming, (unsigned long long)st.blocks_written,
		(unsigned long long)st.blocks_read);
	const char *sep = "";
	for (unsigned op = 0; op < 256; op++) {
		if (st.commands[op]) {
			fprintf(f, "%s\"%02X\":%llu", sep, op, (unsigned long long)st.commands[op]);
			sep = ",";
		}
	}
	fprintf(f, "}}\n");
	fclose(f);
}

/* On the VIRTUAL clock the drive only knows the time it is told: a host
 * that waits lets that time pass on the drive's clock (a becoming-ready
 * drive gets ready, a long write ends) without sleeping. The REAL clock
 * runs by itself; an UNLIMITED drive has no timers to wait for. */
static void emu_host_wait(struct db_transport *t, unsigned ms)
{
	struct emu_transport *e = (struct emu_transport *)t;
	if (e->sh->clock == MMCEMU_CLOCK_VIRTUAL) {
		mmcemu_advance_clock(e->sh->drive, (uint64_t)ms * 1000000u);
		return;
	}
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* The clock emu_host_wait passes time on, and the one erase progress
 * reports: the drive's while it is virtual (what the drive spent, not the
 * milliseconds the test took); the host's own otherwise, where host_wait
 * sleeps (an UNLIMITED drive's clock stands still and would never see it;
 * a REAL one runs with the host's). */
static uint64_t emu_now_ns(struct db_transport *t)
{
	struct emu_transport *e = (struct emu_transport *)t;
	if (e->sh->clock == MMCEMU_CLOCK_VIRTUAL)
		return mmcemu_now_ns(e->sh->drive);
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void unlink_shared(struct emu_shared *sh)
{
	for (struct emu_shared **p = &registry; *p; p = &(*p)->next) {
		if (*p == sh) {
			*p = sh->next;
			return;
		}
	}
}

/* The last close of a drive closes the emulator and gives the disc to
 * whichever process opens it next. */
static void emu_close(struct db_transport *t)
{
	struct emu_transport *e = (struct emu_transport *)t;
	struct emu_shared *sh = e->sh;
	if (sh) {
		pthread_mutex_lock(&registry_lock);
		if (sh->holder == e) {
			sh->holder = NULL;
			sh->owner[0] = '\0';
			publish_owner(sh);
		}
		bool last = --sh->opens == 0;
		if (last)
			unlink_shared(sh);
		pthread_mutex_unlock(&registry_lock);
		if (last) {
			if (sh->drive) {
				dump_stats(sh->drive);
				mmcemu_drive_close(sh->drive);
			}
			close(sh->lock_fd);
			free(sh);
		}
	}
	free(e);
}

static const struct db_transport_ops emu_ops = {
	.name = "emu",
	.execute = emu_execute,
	.max_transfer = emu_max_transfer,
	.set_exclusive = emu_set_exclusive,
	.host_wait = emu_host_wait,
	.now_ns = emu_now_ns,
	.close = emu_close,
};

static enum mmcemu_clock_kind clock_from_env(void)
{
	const char *v = getenv("DISCBURN_EMU_CLOCK");
	if (v && strcmp(v, "real") == 0)
		return MMCEMU_CLOCK_REAL;
	if (v && strcmp(v, "unlimited") == 0)
		return MMCEMU_CLOCK_UNLIMITED;
	return MMCEMU_CLOCK_VIRTUAL;
}

/* Another process has the drive: who holds it, from the lock file. */
static db_status held_elsewhere(int fd)
{
	char owner[64] = "";
	ssize_t n = pread(fd, owner, sizeof(owner) - 1, 0);
	owner[n > 0 ? n : 0] = '\0';
	return refuse(owner);
}

static struct emu_shared *find_shared(const struct stat *st)
{
	for (struct emu_shared *sh = registry; sh; sh = sh->next)
		if (sh->pid == getpid() && sh->dev == st->st_dev && sh->ino == st->st_ino)
			return sh;
	return NULL;
}

/* "PROFILE:DISCFILE" -> profile (NULL when empty) and disc path. */
static db_status parse_spec(const char *spec, char *profile, size_t cap, const char **disc)
{
	const char *colon = strchr(spec, ':');
	if (!colon || !colon[1] || (size_t)(colon - spec) >= cap)
		return DB_E_INVALIDARG;
	memcpy(profile, spec, (size_t)(colon - spec));
	profile[colon - spec] = '\0';
	*disc = colon + 1;
	return DB_S_OK;
}

static db_status open_drive(struct emu_shared *sh, enum mmcemu_clock_kind clock,
			    const char *profile, const char *disc)
{
	struct mmcemu_drive_config cfg = {
		.profile = profile[0] ? profile : NULL,
		.disc_path = disc,
		.fault_plan = getenv("DISCBURN_EMU_FAULTS"),
		.clock = clock,
	};
	char err[256] = "";
	int rc = mmcemu_drive_open(&cfg, &sh->drive, err, sizeof(err));
	if (rc == 0)
		return DB_S_OK;
	fprintf(stderr, "emu: %s\n", err);
	sh->drive = NULL;
	switch (rc) {
	case MMCEMU_E_PROFILE:
		return DB_E_DISCBURN_EMU_PROFILE;
	case MMCEMU_E_FAULT_PLAN:
		return DB_E_DISCBURN_EMU_FAULT_PLAN;
	case MMCEMU_E_DISC:
		return DB_E_DISCBURN_EMU_DISC;
	default:
		return rc == -ENOENT || rc == -EINVAL ? DB_E_INVALIDARG : db_status_from_errno(-rc);
	}
}

/* The first open of a disc in this process: the cross-process lock,
 * then the emulator. Called with registry_lock held. */
static db_status open_shared(int fd, const struct stat *st, const char *profile,
			     const char *disc, enum mmcemu_clock_kind clock,
			     struct emu_shared **out)
{
	if (flock(fd, LOCK_EX | LOCK_NB) != 0)
		return errno == EWOULDBLOCK ? held_elsewhere(fd) : db_status_from_errno(errno);
	struct emu_shared *sh = calloc(1, sizeof(*sh));
	if (!sh)
		return DB_E_OUTOFMEMORY;
	sh->pid = getpid();
	sh->dev = st->st_dev;
	sh->ino = st->st_ino;
	sh->lock_fd = fd;
	sh->clock = clock;
	snprintf(sh->profile, sizeof(sh->profile), "%s", profile);
	db_status rc = open_drive(sh, clock, profile, disc);
	if (db_failed(rc)) {
		free(sh);
		return rc;
	}
	sh->next = registry;
	registry = sh;
	*out = sh;
	return DB_S_OK;
}

/* A further open of a disc this process has open: the same drive, unless
 * exclusivity says no (see struct emu_shared). */
static db_status join_shared(struct emu_shared *sh, const char *profile, bool exclusive)
{
	if (sh->holder)
		return refuse(sh->owner);
	if (exclusive)
		return refuse("");
	/* The emulator checks a named profile against the disc when it opens
	 * it; a drive already open was checked against the first name. */
	if (profile[0] && sh->profile[0] && strcmp(profile, sh->profile) != 0) {
		fprintf(stderr, "emu: the disc is a %s, not a %s\n", sh->profile, profile);
		return DB_E_DISCBURN_EMU_DISC;
	}
	return DB_S_OK;
}

static db_status attach(struct emu_transport *e, const char *profile, const char *disc,
			bool exclusive)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s.lock", disc);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		db_status err = db_status_from_errno(errno);
		if (fd >= 0)
			close(fd);
		return err;
	}
	pthread_mutex_lock(&registry_lock);
	struct emu_shared *sh = find_shared(&st);
	db_status rc;
	if (sh) {
		close(fd);
		rc = join_shared(sh, profile, exclusive);
	} else {
		rc = open_shared(fd, &st, profile, disc, e->clock, &sh);
		if (db_failed(rc))
			close(fd);
	}
	if (db_succeeded(rc)) {
		sh->opens++;
		e->sh = sh;
		if (exclusive) {
			sh->holder = e;
			sh->owner[0] = '\0';
			publish_owner(sh);
		}
	}
	pthread_mutex_unlock(&registry_lock);
	return rc;
}

db_status db_emu_transport_open(const char *spec, unsigned flags, struct db_transport **out)
{
	*out = NULL;
	char profile[64];
	const char *disc;
	db_status st = parse_spec(spec, profile, sizeof(profile), &disc);
	if (db_failed(st))
		return st;
	struct emu_transport *e = calloc(1, sizeof(*e));
	if (!e)
		return DB_E_OUTOFMEMORY;
	e->base.ops = &emu_ops;
	e->clock = clock_from_env();
	st = attach(e, profile, disc, (flags & DB_OPEN_EXCLUSIVE) != 0);
	if (db_failed(st)) {
		free(e);
		return st;
	}
	snprintf(e->base.path, sizeof(e->base.path), "emu:%s", spec);
	*out = &e->base;
	return DB_S_OK;
}

struct mmcemu_drive *db_emu_drive(struct db_transport *t)
{
	if (!t || t->ops != &emu_ops)
		return NULL;
	return ((struct emu_transport *)t)->sh->drive;
}

bool db_emu_burnfree_links(struct db_transport *t, uint64_t *links)
{
	struct mmcemu_drive *d = db_emu_drive(t);
	if (!d)
		return false;
	struct mmcemu_stats st;
	mmcemu_get_stats(d, &st);
	*links = st.links;
	return true;
}

db_status db_emu_register(void)
{
	return db_transport_register("emu", db_emu_transport_open);
}
