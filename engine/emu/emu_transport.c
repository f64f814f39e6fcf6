/* The engine's transport onto libmmcemu, in-process: a db_cmd becomes an
 * mmcemu_io, nothing else changes, so everything above the transport runs
 * the same code as on /dev/sgN. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "discburn/emu.h"
#include "mmcemu/mmcemu.h"

/* No kernel in the way: the only limit is what we choose; 1 MiB leaves
 * the engine's own cap (256 KiB) in charge. */
#define EMU_MAX_TRANSFER (1u << 20)

struct emu_transport {
	struct db_transport base;
	struct mmcemu_drive *drive;
	enum mmcemu_clock_kind clock;
	int lock_fd;
};

/* The fault plan dropped the command. A real initiator waits out its
 * timeout, then the SCSI error handler probes the device; we report at
 * once, and probe the same way: a drive that answers an INQUIRY (which
 * needs no medium and consumes no unit attention) only timed out, one
 * that does not is gone (the kernel would offline it: ENODEV). */
static db_status dropped_status(struct emu_transport *e)
{
	uint8_t cdb[6] = {0x12, 0, 0, 0, 36, 0}, buf[36];
	struct mmcemu_io probe = {.cdb = cdb, .cdb_len = 6, .data_in = buf, .data_in_cap = 36};
	mmcemu_execute(e->drive, &probe);
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
	mmcemu_execute(e->drive, &io);
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

static db_status emu_set_exclusive(struct db_transport *t, bool exclusive)
{
	/* Held exclusively since open (see emu.h); nothing to change. */
	(void)t;
	(void)exclusive;
	return DB_S_OK;
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
	if (e->clock == MMCEMU_CLOCK_VIRTUAL) {
		mmcemu_advance_clock(e->drive, (uint64_t)ms * 1000000u);
		return;
	}
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* The clock emu_host_wait passes time on: the drive's while it is
 * virtual; the host's own otherwise, where host_wait sleeps (an
 * UNLIMITED drive's clock stands still and would never see it). */
static uint64_t emu_now_ns(struct db_transport *t)
{
	struct emu_transport *e = (struct emu_transport *)t;
	if (e->clock == MMCEMU_CLOCK_VIRTUAL)
		return mmcemu_now_ns(e->drive);
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void emu_close(struct db_transport *t)
{
	struct emu_transport *e = (struct emu_transport *)t;
	if (e->drive) {
		dump_stats(e->drive);
		mmcemu_drive_close(e->drive);
	}
	if (e->lock_fd >= 0)
		close(e->lock_fd);
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

static db_status take_lock(struct emu_transport *e, const char *disc)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s.lock", disc);
	e->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (e->lock_fd < 0)
		return db_status_from_errno(errno);
	if (flock(e->lock_fd, LOCK_EX | LOCK_NB) != 0)
		return DB_E_IMAPI_RECORDER_LOCKED;
	return DB_S_OK;
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

static db_status open_drive(struct emu_transport *e, const char *profile, const char *disc)
{
	struct mmcemu_drive_config cfg = {
		.profile = profile[0] ? profile : NULL,
		.disc_path = disc,
		.fault_plan = getenv("DISCBURN_EMU_FAULTS"),
		.clock = e->clock,
	};
	char err[256] = "";
	int rc = mmcemu_drive_open(&cfg, &e->drive, err, sizeof(err));
	if (rc == 0)
		return DB_S_OK;
	fprintf(stderr, "emu: %s\n", err);
	e->drive = NULL;
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

db_status db_emu_transport_open(const char *spec, unsigned flags, struct db_transport **out)
{
	(void)flags; /* always exclusive, see emu.h */
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
	e->lock_fd = -1;
	e->clock = clock_from_env();
	st = take_lock(e, disc);
	if (db_succeeded(st))
		st = open_drive(e, profile, disc);
	if (db_failed(st)) {
		emu_close(&e->base);
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
	return ((struct emu_transport *)t)->drive;
}

db_status db_emu_register(void)
{
	return db_transport_register("emu", db_emu_transport_open);
}
