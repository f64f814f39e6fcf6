/* Recorder (IDiscRecorder2) over a device. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discburn/recorder.h"

struct db_recorder {
	struct db_device *dev;
	bool have_identity;
	struct db_inquiry identity;
	bool exclusive;
	char client[64];
};

db_status db_recorder_from_device(struct db_device *d, struct db_recorder **out)
{
	*out = NULL;
	struct db_recorder *r = calloc(1, sizeof(*r));
	if (!r) {
		db_device_close(d);
		return DB_E_OUTOFMEMORY;
	}
	r->dev = d;
	*out = r;
	return DB_S_OK;
}

db_status db_recorder_open(const char *drive, unsigned flags, struct db_recorder **out)
{
	struct db_device *d;
	*out = NULL;
	db_status st = db_device_open(drive, flags, &d);
	if (db_failed(st))
		return st;
	st = db_recorder_from_device(d, out);
	if (db_failed(st))
		return st;
	(*out)->exclusive = (flags & DB_OPEN_EXCLUSIVE) != 0;
	return DB_S_OK;
}

void db_recorder_close(struct db_recorder *r)
{
	if (!r)
		return;
	db_device_close(r->dev);
	free(r);
}

struct db_device *db_recorder_device(struct db_recorder *r)
{
	return r->dev;
}

const char *db_recorder_path(const struct db_recorder *r)
{
	return db_device_transport(r->dev)->path;
}

db_status db_recorder_identity(struct db_recorder *r, struct db_inquiry *out)
{
	if (!r->have_identity) {
		db_status st = db_mmc_inquiry(r->dev, &r->identity);
		if (db_failed(st))
			return st;
		r->have_identity = true;
	}
	*out = r->identity;
	return DB_S_OK;
}

/* The decoded configuration points into the raw answer; keep a copy of
 * the fields and drop the buffer. */
db_status db_recorder_profiles(struct db_recorder *r, struct db_configuration *out)
{
	uint8_t *buf;
	size_t len;
	db_status st = db_mmc_get_configuration(r->dev, &buf, &len);
	if (db_failed(st))
		return st;
	st = db_decode_configuration(buf, len, out);
	out->raw = NULL;
	out->raw_len = 0;
	free(buf);
	return st;
}

db_status db_recorder_current_profile(struct db_recorder *r, uint16_t *profile)
{
	struct db_configuration cfg;
	db_status st = db_recorder_profiles(r, &cfg);
	*profile = db_succeeded(st) ? cfg.current_profile : 0;
	return st;
}

db_status db_recorder_streaming_write_supported(struct db_recorder *r, bool *supported)
{
	struct db_configuration cfg;
	db_status st = db_recorder_profiles(r, &cfg);
	*supported = db_succeeded(st) && cfg.rt_streaming_current && cfg.rt_streaming_sw;
	return st;
}

db_status db_recorder_media_present(struct db_recorder *r, bool *present)
{
	db_status st = db_mmc_test_unit_ready(r->dev);
	*present = db_succeeded(st) || st == DB_E_IMAPI_RECORDER_MEDIA_BECOMING_READY ||
		   st == DB_E_IMAPI_RECORDER_MEDIA_BUSY ||
		   st == DB_E_IMAPI_RECORDER_MEDIA_FORMAT_IN_PROGRESS;
	if (st == DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA || *present)
		return DB_S_OK;
	return st;
}

db_status db_recorder_acquire_exclusive(struct db_recorder *r, const char *client)
{
	if (client && strlen(client) >= sizeof(r->client))
		return DB_E_IMAPI_RECORDER_CLIENT_NAME_IS_NOT_VALID;
	struct db_transport *t = db_device_transport(r->dev);
	db_transport_note_lock_owner(NULL);
	db_status st = t->ops->set_exclusive ? t->ops->set_exclusive(t, true, client) : DB_S_OK;
	if (db_failed(st))
		return st;
	r->exclusive = true;
	snprintf(r->client, sizeof(r->client), "%s", client ? client : "");
	return DB_S_OK;
}

db_status db_recorder_release_exclusive(struct db_recorder *r)
{
	struct db_transport *t = db_device_transport(r->dev);
	db_status st = t->ops->set_exclusive ? t->ops->set_exclusive(t, false, NULL) : DB_S_OK;
	if (db_succeeded(st)) {
		r->exclusive = false;
		r->client[0] = '\0';
	}
	return st;
}

const char *db_recorder_exclusive_owner(const struct db_recorder *r)
{
	return r->exclusive ? r->client : NULL;
}

const char *db_recorder_lock_owner(void)
{
	return db_transport_lock_owner();
}

void db_recorder_save_exclusive(const struct db_recorder *r, struct db_exclusive_hold *h)
{
	h->held = r->exclusive;
	snprintf(h->client, sizeof(h->client), "%s", r->client);
}

db_status db_recorder_restore_exclusive(struct db_recorder *r, const struct db_exclusive_hold *h)
{
	if (!h->held)
		return r->exclusive ? db_recorder_release_exclusive(r) : DB_S_OK;
	/* Still held (we took it on top): only the name goes back. */
	return db_recorder_acquire_exclusive(r, h->client);
}

db_status db_recorder_eject(struct db_recorder *r)
{
	/* A drive refuses to open its tray while removal is prevented
	 * (05/53/02); we set the lock ourselves during burns only, so lift
	 * it first. */
	(void)db_mmc_prevent_allow(r->dev, false);
	return db_mmc_start_stop(r->dev, false, true);
}

db_status db_recorder_load(struct db_recorder *r)
{
	return db_mmc_start_stop(r->dev, true, true);
}

db_status db_recorder_write_speeds(struct db_recorder *r, struct db_write_speed *out,
				   unsigned cap, unsigned *n)
{
	return db_mmc_write_speeds(r->dev, out, cap, n);
}
