/* IMultisessionSequential from the drive's own answers: READ DISC
 * INFORMATION (MMC-6 6.21) for the state and the last track, READ TRACK
 * INFORMATION (MMC-5 6.27) of that track for the NWA and free blocks, READ TOC
 * format 0001b (MMC-5 6.26.3.3) for the start of the last complete session, and
 * the track before the invisible one for the last sector it holds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "discburn/multisession.h"
#include "mmc/be.h"
#include "mmc/features.h"
#include "mmc/profiles.h"
#include "mmc/sense.h"

static bool sequential_profile(uint16_t p)
{
	return mmc_profile_is(p, MMC_PA_SEQ);
}

/* The last sector the previous session holds: the Last Recorded Address
 * of the highest track before the open one (or its end when the drive
 * gives no LRA). */
static db_status previous_session_end(struct db_device *d, uint16_t open_track, int32_t *last)
{
	struct db_track_info ti;
	db_status st = db_mmc_read_track_information(d, 1, open_track - 1u, &ti);
	if (db_failed(st))
		return st;
	*last = ti.lra_valid ? ti.last_recorded : ti.start + (int32_t)ti.size - 1;
	return DB_S_OK;
}

static db_status fill_previous(struct db_device *d, const struct db_disc_info *di,
			       struct db_multisession_info *o)
{
	struct db_session_info si;
	db_status st = db_mmc_read_session_info(d, &si);
	if (db_failed(st))
		return st;
	o->start_address_of_previous_session = si.last_session_start;
	o->sessions = si.last_session;
	/* An appendable disc's open session is empty: the previous one's
	 * last track is the one before the invisible track. */
	return previous_session_end(d, di->last_track_last_session,
				    &o->last_written_address_of_previous_session);
}

db_status db_multisession_import(struct db_recorder *r, struct db_multisession_info *o)
{
	struct db_device *d = db_recorder_device(r);
	*o = (struct db_multisession_info){.start_address_of_previous_session = -1,
					   .last_written_address_of_previous_session = -1,
					   .next_writable_address = -1};
	db_status st = db_mmc_test_unit_ready(d);
	if (db_succeeded(st))
		st = db_recorder_current_profile(r, &o->profile);
	struct db_disc_info di;
	if (db_succeeded(st))
		st = db_mmc_read_disc_information(d, &di);
	if (db_failed(st) || !sequential_profile(o->profile) || di.disc_status >= 2)
		return st;
	struct db_track_info ti;
	st = db_mmc_read_track_information(d, 1, di.last_track_last_session, &ti);
	if (db_failed(st) || !ti.nwa_valid)
		return st;
	o->supported_on_current_media_state = true;
	o->next_writable_address = ti.nwa;
	o->free_sectors_on_media = (int32_t)ti.free_blocks;
	o->first_data_session = di.disc_status == 0;
	if (o->first_data_session || di.last_track_last_session <= 1)
		return DB_S_OK;
	return fill_previous(d, &di, o);
}

/* ---- IMultisessionSequential2 -------------------------------------------- */

struct db_multisession_sequential {
	struct db_recorder *r;
	bool in_use;
};

db_status db_multisession_sequential_create(struct db_recorder *r,
					    struct db_multisession_sequential **out)
{
	if (!r || !out)
		return DB_E_POINTER;
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return DB_E_OUTOFMEMORY;
	(*out)->r = r;
	return DB_S_OK;
}

void db_multisession_sequential_destroy(struct db_multisession_sequential *m)
{
	free(m);
}

/* Every address getter: a fresh import, refused when the medium takes no
 * further session (IMAPI: only valid with supported media). */
static db_status seq_import(struct db_multisession_sequential *m, void *out,
			    struct db_multisession_info *mi)
{
	if (!out)
		return DB_E_POINTER;
	db_status st = db_multisession_import(m->r, mi);
	if (db_succeeded(st) && !mi->supported_on_current_media_state)
		st = DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
	return st;
}

db_status db_multisession_sequential_get_is_supported_on_current_media_state(
	struct db_multisession_sequential *m, bool *out)
{
	if (!out)
		return DB_E_POINTER;
	struct db_multisession_info mi;
	db_status st = db_multisession_import(m->r, &mi);
	*out = db_succeeded(st) && mi.supported_on_current_media_state;
	return st;
}

bool db_multisession_sequential_get_in_use(const struct db_multisession_sequential *m)
{
	return m->in_use;
}

db_status db_multisession_sequential_put_in_use(struct db_multisession_sequential *m, bool on)
{
	m->in_use = on;
	return DB_S_OK;
}

struct db_recorder *
db_multisession_sequential_get_import_recorder(const struct db_multisession_sequential *m)
{
	return m->r;
}

db_status db_multisession_sequential_get_is_first_data_session(struct db_multisession_sequential *m,
							       bool *out)
{
	struct db_multisession_info mi;
	db_status st = seq_import(m, out, &mi);
	if (db_succeeded(st))
		*out = mi.first_data_session;
	return st;
}

db_status db_multisession_sequential_get_start_address_of_previous_session(
	struct db_multisession_sequential *m, int32_t *out)
{
	struct db_multisession_info mi;
	db_status st = seq_import(m, out, &mi);
	if (db_succeeded(st))
		*out = mi.start_address_of_previous_session;
	return st;
}

db_status db_multisession_sequential_get_last_written_address_of_previous_session(
	struct db_multisession_sequential *m, int32_t *out)
{
	struct db_multisession_info mi;
	db_status st = seq_import(m, out, &mi);
	if (db_succeeded(st))
		*out = mi.last_written_address_of_previous_session;
	return st;
}

db_status db_multisession_sequential_get_next_writable_address(
	struct db_multisession_sequential *m, int32_t *out)
{
	struct db_multisession_info mi;
	db_status st = seq_import(m, out, &mi);
	if (db_succeeded(st))
		*out = mi.next_writable_address;
	return st;
}

db_status db_multisession_sequential_get_free_sectors_on_media(
	struct db_multisession_sequential *m, int32_t *out)
{
	struct db_multisession_info mi;
	db_status st = seq_import(m, out, &mi);
	if (db_succeeded(st))
		*out = mi.free_sectors_on_media;
	return st;
}

db_status db_multisession_sequential_get_write_unit_size(struct db_multisession_sequential *m,
							 int32_t *out)
{
	struct db_multisession_info mi;
	db_status st = seq_import(m, out, &mi);
	if (db_succeeded(st))
		*out = mmc_family_blocking(mmc_profile_family(mi.profile));
	return st;
}

/* ---- IMultisessionRandomWrite -------------------------------------------- */

struct db_multisession_random {
	struct db_recorder *r;
	bool in_use;
};

db_status db_multisession_random_create(struct db_recorder *r,
					struct db_multisession_random **out)
{
	if (!r || !out)
		return DB_E_POINTER;
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return DB_E_OUTOFMEMORY;
	(*out)->r = r;
	return DB_S_OK;
}

void db_multisession_random_destroy(struct db_multisession_random *m)
{
	free(m);
}

/* A random-access profile (mmc/profiles.h) formatted: READ FORMAT
 * CAPACITIES' Current/Maximum descriptor type 10b (MMC-6 6.24.3.2). */
static db_status random_state(struct db_multisession_random *m, uint16_t *profile, bool *ok)
{
	struct db_device *d = db_recorder_device(m->r);
	*ok = false;
	db_status st = db_mmc_test_unit_ready(d);
	if (db_succeeded(st))
		st = db_recorder_current_profile(m->r, profile);
	if (db_failed(st) || !mmc_profile_is(*profile, MMC_PA_RAND))
		return st;
	struct db_format_capacities fc;
	st = db_mmc_read_format_capacities(d, &fc);
	/* A random-access medium without formats (BD-R RRM) is written as
	 * it is. */
	*ok = db_succeeded(st) ? fc.current.type == 2 || !mmc_profile_is(*profile, MMC_PA_FMT)
			       : false;
	return st;
}

static db_status random_ready(struct db_multisession_random *m, const void *out, uint16_t *profile)
{
	if (!out)
		return DB_E_POINTER;
	bool ok;
	db_status st = random_state(m, profile, &ok);
	if (db_succeeded(st) && !ok)
		st = DB_E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
	return st;
}

db_status db_multisession_random_get_is_supported_on_current_media_state(
	struct db_multisession_random *m, bool *out)
{
	if (!out)
		return DB_E_POINTER;
	uint16_t profile;
	return random_state(m, &profile, out);
}

bool db_multisession_random_get_in_use(const struct db_multisession_random *m)
{
	return m->in_use;
}

db_status db_multisession_random_put_in_use(struct db_multisession_random *m, bool on)
{
	m->in_use = on;
	return DB_S_OK;
}

struct db_recorder *
db_multisession_random_get_import_recorder(const struct db_multisession_random *m)
{
	return m->r;
}

db_status db_multisession_random_get_write_unit_size(struct db_multisession_random *m,
						     int32_t *out)
{
	uint16_t profile;
	db_status st = random_ready(m, out, &profile);
	if (db_failed(st))
		return st;
	*out = mmc_family_blocking(mmc_profile_family(profile));
	uint8_t *buf;
	size_t len, dlen;
	if (db_failed(db_mmc_get_configuration(db_recorder_device(m->r), &buf, &len)))
		return DB_S_OK;
	/* Random Writable feature 0020h (MMC-6 5.3.11): Last LBA bytes 4-7,
	 * Logical Block Size 8-11, Blocking 12-13. */
	const uint8_t *rw = db_config_find_feature(buf, len, MMC_FEATURE_RANDOM_WRITABLE, &dlen);
	if (rw && dlen >= 14 && mmc_get_be16(&rw[12]))
		*out = mmc_get_be16(&rw[12]);
	free(buf);
	return DB_S_OK;
}

db_status db_multisession_random_get_last_written_address(struct db_multisession_random *m,
							  int32_t *out)
{
	uint16_t profile;
	db_status st = random_ready(m, out, &profile);
	if (db_failed(st))
		return st;
	struct db_track_info ti;
	st = db_mmc_read_track_information(db_recorder_device(m->r), 1, 1, &ti);
	if (db_succeeded(st))
		*out = ti.lra_valid ? ti.last_recorded : -1;
	return st;
}

db_status db_multisession_random_get_total_sectors_on_media(struct db_multisession_random *m,
							    int32_t *out)
{
	uint16_t profile;
	db_status st = random_ready(m, out, &profile);
	if (db_failed(st))
		return st;
	struct db_capacity cap;
	st = db_mmc_read_capacity(db_recorder_device(m->r), &cap);
	if (db_succeeded(st))
		*out = cap.last_lba + 1;
	return st;
}

/* ---- reading a disc back ------------------------------------------------ */

/* Every track READ DISC INFORMATION counts, each from READ TRACK
 * INFORMATION. A drive that refuses the first one does not have the
 * command; a later refusal ends the list (as the kernel's
 * cdrom_get_last_written gives up on the track it cannot read). */
static db_status tracks_from_rti(struct db_device *d, struct db_disc_tracks *out)
{
	struct db_disc_info di;
	db_status st = db_mmc_read_disc_information(d, &di);
	if (db_failed(st))
		return st;
	for (unsigned t = di.first_track; t && t <= di.last_track_last_session; t++) {
		if (out->n == DB_MAX_TRACKS) {
			out->truncated = true;
			break;
		}
		st = db_mmc_read_track_information(d, 1, t, &out->t[out->n]);
		if (db_failed(st))
			return out->n == 0 ? st : DB_S_OK;
		out->n++;
	}
	return DB_S_OK;
}

/* The full TOC of a CD (MMC-5 6.26.3.4) names each track's session and
 * where each session's lead-out starts (POINT A2h): a track then ends at
 * the next track of its session or at its session's lead-out, not in the
 * lead-out and lead-in after it (as libburn builds its CD TOC from format
 * 2). Left as format 0 gave it when the drive has no full TOC (DVD, BD). */
static void sessions_from_full_toc(struct db_device *d, struct db_disc_tracks *out)
{
	struct db_full_toc *ft = malloc(sizeof(*ft));
	if (!ft || db_failed(db_mmc_read_full_toc(d, ft))) {
		free(ft);
		return;
	}
	for (unsigned i = 0; i < out->n; i++) {
		struct db_track_info *t = &out->t[i];
		const struct db_full_toc_entry *mine = NULL, *leadout = NULL;
		for (unsigned k = 0; k < ft->n; k++)
			if ((ft->e[k].adr_control >> 4) == 1 && ft->e[k].point == t->track)
				mine = &ft->e[k];
		if (!mine || mine->plba != t->start)
			continue; /* the two TOCs disagree: keep format 0's */
		for (unsigned k = 0; k < ft->n; k++)
			if ((ft->e[k].adr_control >> 4) == 1 && ft->e[k].point == 0xA2 &&
			    ft->e[k].session == mine->session)
				leadout = &ft->e[k];
		t->session = mine->session;
		bool last_of_session = i + 1 == out->n || (leadout && out->t[i + 1].start >= leadout->plba);
		if (leadout && last_of_session && leadout->plba > t->start)
			t->size = (uint32_t)(leadout->plba - t->start);
	}
	free(ft);
}

/* A TAO CD track ends in two run-out blocks no drive reads (MMC-5
 * 4.2.3.11 Figure 23; cdrkit README.verify: "All TAO tracks end in 2
 * unreadable run-out sectors"), and the TOC counts them in the track.
 * Without READ TRACK INFORMATION's Last Recorded Address the remedy
 * Thomas Schmitt proposed for Linux sr ("sr: Failures to read TAO CD
 * track ends", linux-scsi 2016): a test READ of a data track's last two
 * blocks; ILLEGAL MODE FOR THIS TRACK (05/64/00) says they are run-out.
 * A session-at-once track reads to its end and keeps its size. */
static void drop_tao_run_out(struct db_device *d, struct db_disc_tracks *out)
{
	uint8_t buf[2 * 2048];
	for (unsigned i = 0; i < out->n; i++) {
		struct db_track_info *t = &out->t[i];
		if (!(t->track_mode & 0x04) || t->size <= 2)
			continue;
		if (db_succeeded(db_mmc_read(d, t->start + (int32_t)t->size - 2, 2, buf)))
			continue;
		if (mmc_sense_lookup(db_device_last_sense(d)) == MMC_SENSE_ILLEGAL_MODE_FOR_THIS_TRACK)
			t->size -= 2;
	}
}

/* The formatted TOC (MMC-5 6.26.3.2): a track runs to the next entry, the
 * last one to the lead-out. It names no session, so a track's size counts
 * the pregap of the next one and, between sessions, the lead-out and
 * lead-in, unless the full TOC says better (sessions_from_full_toc). */
static db_status tracks_from_toc(struct db_device *d, struct db_disc_tracks *out)
{
	struct db_toc toc;
	db_status st = db_mmc_read_toc(d, &toc);
	if (db_failed(st))
		return st;
	for (unsigned i = 0; i + 1 < toc.n; i++) {
		const struct db_toc_entry *e = &toc.e[i];
		out->t[out->n++] = (struct db_track_info){
			.track = e->track,
			.start = e->lba,
			.size = (uint32_t)(toc.e[i + 1].lba - e->lba),
			.track_mode = e->adr_control & 0x0F,
		};
	}
	out->from_toc = true;
	sessions_from_full_toc(d, out);
	drop_tao_run_out(d, out);
	return DB_S_OK;
}

db_status db_disc_tracks_read(struct db_device *d, struct db_disc_tracks *out)
{
	memset(out, 0, sizeof(*out));
	db_status st = tracks_from_rti(d, out);
	if (db_succeeded(st))
		return st;
	memset(out, 0, sizeof(*out));
	db_status toc = tracks_from_toc(d, out);
	return db_succeeded(toc) ? toc : st;
}

/* CONTROL (MMC-6 4.2.3.4, the TOC's and READ TRACK INFORMATION's Track
 * Mode): bit 2 set is a data track; clear with bit 3 clear, two-channel
 * audio, which READ(10) cannot return. */
static bool audio_track(const struct db_track_info *t)
{
	return (t->track_mode & 0x0C) == 0;
}

uint32_t db_track_data_sectors(const struct db_track_info *t)
{
	if (t->blank || audio_track(t))
		return 0;
	if (!t->lra_valid)
		return t->size;
	int64_t n = (int64_t)t->last_recorded - t->start + 1;
	if (n <= 0)
		return 0;
	/* An open track's size counts its free space too: the LRA decides. */
	return t->size && (uint64_t)n > t->size ? t->size : (uint32_t)n;
}

static int64_t data_end(const struct db_track_info *t)
{
	return (int64_t)t->start + db_track_data_sectors(t);
}

bool db_disc_tracks_hold(const struct db_disc_tracks *tr, int64_t lba, int64_t *end)
{
	int64_t next = INT64_MAX;
	for (unsigned i = 0; i < tr->n; i++) {
		const struct db_track_info *t = &tr->t[i];
		if (db_track_data_sectors(t) == 0)
			continue;
		if (lba >= t->start && lba < data_end(t)) {
			*end = data_end(t);
			return true;
		}
		if (t->start > lba && t->start < next)
			next = t->start;
	}
	*end = next;
	return false;
}

/* The first LBA of the newest session holding data, -1 when the drive
 * named no sessions. */
static int32_t newest_session_start(const struct db_disc_tracks *tr)
{
	unsigned best = 0;
	int32_t start = -1;
	for (unsigned i = 0; i < tr->n; i++) {
		const struct db_track_info *t = &tr->t[i];
		if (t->session > best && db_track_data_sectors(t) > 0) {
			best = t->session;
			start = t->start;
		}
	}
	return start;
}

db_status db_read_plan_for(const struct db_disc_tracks *tr, unsigned track, unsigned session,
			   struct db_read_plan *out, const char **bad)
{
	*out = (struct db_read_plan){.start = 0, .n = 0, .last_session_start = -1};
	*bad = NULL;
	int64_t first = -1, end = 0;
	for (unsigned i = 0; i < tr->n; i++) {
		const struct db_track_info *t = &tr->t[i];
		if (track ? t->track != track : session ? t->session != session : false)
			continue;
		if (track && db_track_data_sectors(t) == 0)
			break; /* the track exists but holds nothing to read */
		if (db_track_data_sectors(t) == 0)
			continue;
		if (first < 0)
			first = t->start;
		if (data_end(t) > end)
			end = data_end(t);
	}
	if ((track || session) && first < 0) {
		*bad = track ? "track" : "session";
		return DB_E_INVALIDARG;
	}
	if (track || session)
		out->start = (int32_t)first;
	out->n = end > out->start ? end - out->start : 0;
	out->last_session_start = track ? -1 : session ? out->start : newest_session_start(tr);
	return DB_S_OK;
}

void db_disc_tracks_extent(const struct db_disc_tracks *tr, struct db_disc_extent *out)
{
	*out = (struct db_disc_extent){0};
	for (unsigned i = 0; i < tr->n; i++)
		if (db_track_data_sectors(&tr->t[i]) && data_end(&tr->t[i]) > out->end)
			out->end = data_end(&tr->t[i]);
	for (int64_t pos = 0, e; pos < out->end; pos = e) {
		if (db_disc_tracks_hold(tr, pos, &e)) {
			out->data_sectors += e - pos;
		} else {
			out->gaps++;
			out->gap_sectors += e - pos;
		}
	}
}
