/* The rules of the recorded disc: where the next write may go, what a read
 * may see, and how tracks and sessions open and close on each medium. No
 * I/O: handlers ask here first (a sense code), then commit. The model and
 * the choices behind its numbers: docs/emulator-media.md.
 *
 * Sequential media (CD-R/RW, DVD±R, BD-R) always end, until they are
 * complete, with the invisible track: the open track of the open session,
 * which starts at the next writable address and grows with every write
 * (MMC-6 4.2.3, 4.3.6, 4.5.3.5). Random-access media (DVD+RW, BD-RE) hold
 * one session with one track covering the formatted area. */
#include "media.h"

#include "mmc/features.h"

#include <string.h>

/* MMC-6 6.2.3.1.2: a CD track shorter than 4 seconds is padded to 300
 * blocks; TAO adds two run-out blocks after the data (Orange Book). */
#define CD_MIN_TRACK 300
#define CD_RUN_OUT 2
/* The pregap (2 s) in front of every further CD track of a session. */
#define CD_PREGAP 150
/* TAO: a link block and four run-in blocks open the pregap the drive
 * records (MMC-5 4.2.3.11 Figure 23; cdrkit drv_jvc.c skips "5 link & run
 * in blocks" of a data pregap): docs/emulator-media.md "The TAO layout". */
#define CD_LINK_RUN_IN 5

static bool is_random(const struct media_state *m)
{
	return !m->profile.sequential;
}

/* Writes land in whole ECC blocks (DVD: 16 sectors, ECMA-267) or clusters
 * (BD: 32 sectors): a closed track is padded to that unit. */
static uint32_t unit_of(const struct media_state *m)
{
	return mmc_family_blocking(m->profile.family);
}

static uint32_t round_up(uint32_t n, uint32_t unit)
{
	return (n + unit - 1) / unit * unit;
}

/* Mode page 05h (write type, multi-session) governs CD and DVD-R writing;
 * DVD+R and BD-R ignore it (MMC-6 7.5.1). */
static bool uses_write_params(const struct media_state *m)
{
	return mmc_profile_is(m->profile.number, MMC_PA_P05);
}

/* ---- queries ------------------------------------------------------------ */

uint32_t media_track_recorded(const struct media_track *t)
{
	return t->state == TRACK_COMPLETE ? t->size : t->written;
}

/* Sectors a track occupies on the disc (reserved ones: all of them). */
static uint32_t track_extent(const struct media_track *t)
{
	return t->state == TRACK_INVISIBLE ? t->written : t->size;
}

const struct media_track *media_invisible_track(const struct media_state *m)
{
	if (is_random(m) || m->n_tracks == 0)
		return NULL;
	const struct media_track *t = &m->tracks[m->n_tracks - 1];
	return t->state == TRACK_INVISIBLE ? t : NULL;
}

static struct media_track *invisible(struct media_state *m)
{
	return (struct media_track *)media_invisible_track(m);
}

int32_t media_leadout_limit(const struct media_state *m)
{
	return (int32_t)m->profile.capacity;
}

bool media_track_nwa(const struct media_state *m, const struct media_track *t,
		     int32_t *nwa)
{
	if (is_random(m) || t->damaged || m->status == DISC_COMPLETE)
		return false;
	if (t->state == TRACK_COMPLETE)
		return false;
	if (t->state == TRACK_RESERVED && t->written >= t->size)
		return false;
	if (t->state == TRACK_INVISIBLE && m->cue.armed) {
		*nwa = m->cue.next;
		return true;
	}
	*nwa = t->start + (int32_t)t->written;
	return *nwa < media_leadout_limit(m);
}

uint32_t media_track_free(const struct media_state *m, const struct media_track *t)
{
	int32_t nwa;
	if (is_random(m))
		return m->formatted ? t->size : 0;
	if (!media_track_nwa(m, t, &nwa))
		return 0;
	if (t->state == TRACK_INVISIBLE) {
		int32_t end = m->cue.armed ? m->cue.end : media_leadout_limit(m);
		return (uint32_t)(end - nwa);
	}
	return t->size - t->written;
}

bool media_next_writable(const struct media_state *m, int32_t *nwa,
			 uint32_t *free_blocks)
{
	if (is_random(m)) {
		if (!m->formatted || m->write_protected)
			return false;
		*nwa = 0;
		*free_blocks = m->formatted_size;
		return true;
	}
	const struct media_track *t = media_invisible_track(m);
	if (!t || !media_track_nwa(m, t, nwa))
		return false;
	*free_blocks = media_track_free(m, t);
	return true;
}

const struct media_track *media_track_at(const struct media_state *m, int64_t lba)
{
	for (unsigned i = 0; i < m->n_tracks; i++) {
		const struct media_track *t = &m->tracks[i];
		if (lba >= t->start && lba < (int64_t)t->start + track_extent(t))
			return t;
	}
	return NULL;
}

enum media_session_state media_last_session_state(const struct media_state *m)
{
	if (m->status == DISC_COMPLETE)
		return SESSION_COMPLETE;
	if (is_random(m) || m->n_sessions == 0)
		return SESSION_EMPTY;
	const struct media_session *s = &m->sessions[m->n_sessions - 1];
	bool used = false;
	for (unsigned i = s->first_track - 1u; i < m->n_tracks; i++) {
		if (m->tracks[i].damaged)
			return SESSION_DAMAGED;
		used |= m->tracks[i].written > 0 || m->tracks[i].state != TRACK_INVISIBLE;
	}
	return used || m->cue.armed ? SESSION_INCOMPLETE : SESSION_EMPTY;
}

int64_t media_last_readable_lba(const struct media_state *m)
{
	if (is_random(m))
		return m->formatted ? (int64_t)m->formatted_size - 1 : -1;
	int64_t last = -1;
	for (unsigned i = 0; i < m->n_tracks; i++) {
		const struct media_track *t = &m->tracks[i];
		uint32_t rec = media_track_recorded(t);
		if (rec)
			last = (int64_t)t->start + rec - 1;
	}
	return last;
}

/* ---- status bookkeeping -------------------------------------------------- */

static void update_status(struct media_state *m)
{
	if (is_random(m)) {
		m->status = m->formatted ? DISC_COMPLETE : DISC_BLANK;
		return;
	}
	if (!media_invisible_track(m))
		m->status = DISC_COMPLETE;
	else if (m->n_tracks == 1 && m->n_sessions == 1 && m->tracks[0].written == 0)
		m->status = DISC_BLANK;
	else
		m->status = DISC_APPENDABLE;
}

static struct media_track *append_track(struct media_state *m, int32_t start)
{
	if (m->n_tracks >= MEDIA_MAX_TRACKS || start >= media_leadout_limit(m))
		return NULL;
	struct media_track *t = &m->tracks[m->n_tracks];
	*t = (struct media_track){
		.number = (uint16_t)(m->n_tracks + 1),
		.session = m->n_sessions,
		.start = start,
		.state = TRACK_INVISIBLE,
		.track_mode = 4, /* data, recorded uninterrupted (MMC-6 4.2.3.4) */
		.data_mode = 1,
	};
	m->n_tracks++;
	m->sessions[m->n_sessions - 1].last_track = t->number;
	return t;
}

static void open_session(struct media_state *m, int32_t start)
{
	struct media_session *s = &m->sessions[m->n_sessions++];
	*s = (struct media_session){.number = m->n_sessions,
				    .first_track = (uint16_t)(m->n_tracks + 1),
				    .last_track = (uint16_t)(m->n_tracks + 1),
				    .start = start};
	if (!append_track(m, start))
		m->n_sessions--;
}

static void init_random(struct media_state *m)
{
	m->n_sessions = 1;
	m->sessions[0] = (struct media_session){.number = 1, .first_track = 1,
						.last_track = 1, .closed = true};
	m->n_tracks = 1;
	m->tracks[0] = (struct media_track){.number = 1, .session = 1,
					    .size = m->profile.capacity,
					    .state = TRACK_COMPLETE,
					    .track_mode = 7, /* packet, incremental */
					    .data_mode = 1};
}

void media_init_blank(struct media_state *m, const struct mmcemu_profile *p)
{
	memset(m, 0, sizeof(*m));
	m->profile = *p;
	if (is_random(m))
		init_random(m);
	else
		open_session(m, 0);
	update_status(m);
}

/* ---- writes and reads --------------------------------------------------- */

static enum mmc_sense_code busy_sense(const struct media_state *m)
{
	switch (m->busy) {
	case MEDIA_FORMATTING:
		return MMC_SENSE_NOT_READY_FORMAT_IN_PROGRESS;
	case MEDIA_BLANKING:
		return MMC_SENSE_NOT_READY_OPERATION_IN_PROGRESS;
	default:
		return MMC_SENSE_NO_SENSE;
	}
}

static enum mmc_sense_code check_write_random(const struct media_state *m,
					      int64_t lba, uint32_t blocks)
{
	if (!m->formatted)
		return MMC_SENSE_ILLEGAL_CANNOT_WRITE_INCOMPATIBLE_FORMAT;
	if (lba < 0 || lba + blocks > m->formatted_size)
		return MMC_SENSE_ILLEGAL_LBA_OUT_OF_RANGE;
	return MMC_SENSE_NO_SENSE;
}

static enum mmc_sense_code check_write_cue(const struct media_state *m,
					   int64_t lba, uint32_t blocks)
{
	if (lba != m->cue.next)
		return MMC_SENSE_ILLEGAL_INVALID_ADDRESS_FOR_WRITE;
	if (lba + blocks > m->cue.end)
		return MMC_SENSE_ILLEGAL_LBA_OUT_OF_RANGE;
	return MMC_SENSE_NO_SENSE;
}

/* The open track whose NWA is lba: sequential media take writes only
 * there (MMC-6 4.2.3.5, MMC-5 6.44.3: else 05/21/02). */
static const struct media_track *track_with_nwa(const struct media_state *m, int64_t lba)
{
	for (unsigned i = 0; i < m->n_tracks; i++) {
		int32_t nwa;
		if (media_track_nwa(m, &m->tracks[i], &nwa) && nwa == lba)
			return &m->tracks[i];
	}
	return NULL;
}

enum mmc_sense_code media_check_write(const struct media_state *m, int64_t lba,
				      uint32_t blocks)
{
	if (m->write_protected)
		return MMC_SENSE_DATA_PROTECT_WRITE_PROTECTED;
	enum mmc_sense_code rc = busy_sense(m);
	if (rc != MMC_SENSE_NO_SENSE)
		return rc;
	if (is_random(m))
		return check_write_random(m, lba, blocks);
	if (m->status == DISC_COMPLETE)
		return MMC_SENSE_ILLEGAL_INVALID_ADDRESS_FOR_WRITE;
	if (m->cue.armed)
		return check_write_cue(m, lba, blocks);
	const struct media_track *t = track_with_nwa(m, lba);
	if (!t)
		return lba >= media_leadout_limit(m) ? MMC_SENSE_ILLEGAL_LBA_OUT_OF_RANGE
						     : MMC_SENSE_ILLEGAL_INVALID_ADDRESS_FOR_WRITE;
	if (t->state == TRACK_RESERVED && lba + blocks > (int64_t)t->start + t->size)
		return MMC_SENSE_ILLEGAL_END_OF_USER_AREA;
	if (lba + blocks > media_leadout_limit(m))
		return MMC_SENSE_ILLEGAL_LBA_OUT_OF_RANGE;
	return MMC_SENSE_NO_SENSE;
}

static void close_session_now(struct media_state *m, bool keep_appendable);

/* Session at once: the pregap (negative LBAs) is not stored; data from
 * LBA 0 fills the track; the last sector closes the session. */
static void commit_cue(struct media_state *m, int64_t lba, uint32_t blocks)
{
	struct media_track *t = invisible(m);
	m->cue.next = (int32_t)(lba + blocks);
	if (t && m->cue.next > t->start)
		t->written = (uint32_t)(m->cue.next - t->start);
	if (m->cue.next < m->cue.end || !t)
		return;
	t->state = TRACK_COMPLETE;
	t->size = t->written;
	m->cue.armed = false;
	close_session_now(m, m->cue.multisession);
}

void media_commit_write(struct media_state *m, int64_t lba, uint32_t blocks)
{
	media_commit_write_format(m, lba, blocks, NULL);
}

bool media_mcn_valid(const char *s)
{
	for (unsigned i = 0; i < MEDIA_MCN_LEN; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return s[MEDIA_MCN_LEN] == 0;
}

bool media_isrc_valid(const char *s)
{
	for (unsigned i = 0; i < MEDIA_ISRC_LEN; i++) {
		bool digit = s[i] >= '0' && s[i] <= '9';
		bool upper = s[i] >= 'A' && s[i] <= 'Z';
		if (i < 5 ? !(digit || upper) : !digit)
			return false;
	}
	return s[MEDIA_ISRC_LEN] == 0;
}

void media_commit_write_format(struct media_state *m, int64_t lba, uint32_t blocks,
			       const struct media_track_format *f)
{
	if (blocks == 0)
		return;
	if (f && !is_random(m)) {
		struct media_track *t = m->cue.armed ? invisible(m)
						     : (struct media_track *)track_with_nwa(m, lba);
		if (t && t->written == 0 && (!m->cue.armed || lba + blocks > t->start)) {
			t->track_mode = f->track_mode;
			t->data_mode = f->data_mode;
			t->xa = f->xa;
			t->tao = f->tao;
			/* Only audio tracks carry an ISRC (Q mode 3 is
			 * CD-DA's, MMC-6 4.2.3, Q sub-channel). */
			memcpy(t->isrc, f->isrc, sizeof(t->isrc));
			if (t->track_mode & MEDIA_CONTROL_DATA)
				t->isrc[0] = 0;
			/* The MCN is the disc's (Q mode 2 in every track of
			 * it, MMC-6 4.2.3): the latest one written stands. */
			if (f->mcn[0])
				memcpy(m->mcn, f->mcn, sizeof(m->mcn));
		}
	}
	if (is_random(m)) {
		if (lba + blocks > m->high_water)
			m->high_water = (uint32_t)(lba + blocks);
		m->tracks[0].written = m->high_water;
		return;
	}
	if (m->cue.armed) {
		commit_cue(m, lba, blocks);
	} else {
		struct media_track *t = (struct media_track *)track_with_nwa(m, lba);
		if (!t)
			return;
		t->written += blocks;
	}
	update_status(m);
}

/* ---- sector kinds --------------------------------------------------- */

enum media_sector_kind media_track_kind(const struct media_track *t)
{
	if (!(t->track_mode & MEDIA_CONTROL_DATA))
		return SECTOR_AUDIO;
	return t->data_mode == 2 ? SECTOR_MODE2 : SECTOR_MODE1;
}

size_t media_kind_size(enum media_sector_kind k)
{
	switch (k) {
	case SECTOR_AUDIO:
		return MEDIA_AUDIO_SECTOR;
	case SECTOR_MODE2:
		return MEDIA_MODE2_SECTOR;
	default:
		return MEDIA_MODE1_SECTOR;
	}
}

static bool is_cd(const struct media_state *m)
{
	return m->profile.family == MMC_FAMILY_CD;
}

/* The track whose pregap (the 150 blocks before its start) holds lba.
 * The drive records a pregap when it starts recording the track. */
static const struct media_track *pregap_track(const struct media_state *m, int64_t lba)
{
	for (unsigned i = 0; i < m->n_tracks; i++) {
		const struct media_track *t = &m->tracks[i];
		if (lba >= (int64_t)t->start - CD_PREGAP && lba < t->start)
			return t->written || t->state == TRACK_COMPLETE ? t : NULL;
	}
	return NULL;
}

const struct media_track *media_sector_track(const struct media_state *m, int64_t lba,
					     unsigned *index)
{
	const struct media_track *t = media_track_at(m, lba);
	*index = 1;
	if (t || !is_cd(m))
		return t;
	*index = 0;
	for (unsigned i = 0; i < m->n_tracks; i++)
		if (lba >= (int64_t)m->tracks[i].start - CD_PREGAP && lba < m->tracks[i].start)
			return &m->tracks[i];
	return NULL;
}

/* The two run-out blocks at the end of a closed TAO track. */
static bool in_run_out(const struct media_track *t, int64_t lba)
{
	return t->tao && t->state == TRACK_COMPLETE && t->size >= CD_RUN_OUT &&
	       lba >= (int64_t)t->start + t->size - CD_RUN_OUT;
}

enum media_sector_kind media_sector_kind(const struct media_state *m, int64_t lba)
{
	if (is_random(m))
		return m->formatted && lba >= 0 && lba < m->formatted_size ? SECTOR_MODE1
									     : SECTOR_BLANK;
	const struct media_track *t = media_track_at(m, lba);
	if (t) {
		if (lba >= (int64_t)t->start + media_track_recorded(t))
			return SECTOR_BLANK;
		enum media_sector_kind k = media_track_kind(t);
		/* Audio blocks carry no header to mark them run-out: they
		 * read as silence, like the padding before them. */
		if (is_cd(m) && in_run_out(t, lba) && k != SECTOR_AUDIO)
			return SECTOR_UNREADABLE;
		return k;
	}
	if (!is_cd(m) || !(t = pregap_track(m, lba)))
		return SECTOR_BLANK;
	if (t->tao && media_track_kind(t) != SECTOR_AUDIO &&
	    lba < (int64_t)t->start - CD_PREGAP + CD_LINK_RUN_IN)
		return SECTOR_UNREADABLE;
	return SECTOR_PREGAP;
}

/* READ(10)/(12) return 2048-byte user data: audio sectors and the run-out
 * a TAO data track ends with are 05/64/00 ILLEGAL MODE FOR THIS TRACK, as
 * real drives answer (MMC-6 6.15; FreeBSD cd(4) logs of READ(10) on an
 * audio CD; the Linux sr "TAO read-ahead" reports quoted in
 * docs/emulator-media.md "The TAO layout"). Mode 2 sectors are sorted out
 * sector by sector by the READ (their form is in their subheader). */
static enum mmc_sense_code check_read_kinds(const struct media_state *m,
					    const struct media_track *t, int64_t to)
{
	if (!is_cd(m))
		return MMC_SENSE_NO_SENSE;
	if (media_track_kind(t) == SECTOR_AUDIO)
		return MMC_SENSE_ILLEGAL_MODE_FOR_THIS_TRACK;
	/* The run-out ends the track: a range reaching into it ends in it. */
	if (media_sector_kind(m, to - 1) == SECTOR_UNREADABLE)
		return MMC_SENSE_ILLEGAL_MODE_FOR_THIS_TRACK;
	return MMC_SENSE_NO_SENSE;
}

enum mmc_sense_code media_check_write_format(const struct media_state *m, int64_t lba,
					     const struct media_track_format *f)
{
	if (!f || is_random(m))
		return MMC_SENSE_NO_SENSE;
	const struct media_track *t = m->cue.armed ? media_invisible_track(m)
						   : track_with_nwa(m, lba);
	if (!t || t->written == 0)
		return MMC_SENSE_NO_SENSE;
	struct media_track probe = *t;
	probe.track_mode = f->track_mode;
	probe.data_mode = f->data_mode;
	if (media_track_kind(&probe) != media_track_kind(t) ||
	    (media_track_kind(t) == SECTOR_MODE2 && f->xa != t->xa))
		return MMC_SENSE_ILLEGAL_MODE_FOR_THIS_TRACK;
	return MMC_SENSE_NO_SENSE;
}

enum mmc_sense_code media_check_read(const struct media_state *m, int64_t lba,
				     uint32_t blocks)
{
	enum mmc_sense_code rc = busy_sense(m);
	if (rc != MMC_SENSE_NO_SENSE)
		return rc;
	if (blocks == 0)
		return MMC_SENSE_NO_SENSE;
	if (lba < 0)
		return MMC_SENSE_ILLEGAL_LBA_OUT_OF_RANGE;
	if (is_random(m))
		return lba + blocks - 1 > media_last_readable_lba(m)
			       ? MMC_SENSE_ILLEGAL_LBA_OUT_OF_RANGE : MMC_SENSE_NO_SENSE;
	/* Every sector must lie in the recorded part of a track: reads of
	 * unrecorded areas (beyond the last written sector, between
	 * sessions, the unwritten rest of a reserved track) fail. */
	int64_t pos = lba, end = lba + blocks;
	while (pos < end) {
		const struct media_track *t = media_track_at(m, pos);
		/* A TAO link or run-in block: recorded, not readable. */
		if (!t && media_sector_kind(m, pos) == SECTOR_UNREADABLE)
			return MMC_SENSE_ILLEGAL_MODE_FOR_THIS_TRACK;
		if (!t || pos >= (int64_t)t->start + media_track_recorded(t))
			return MMC_SENSE_ILLEGAL_LBA_OUT_OF_RANGE;
		int64_t stop = (int64_t)t->start + media_track_recorded(t);
		rc = check_read_kinds(m, t, end < stop ? end : stop);
		if (rc != MMC_SENSE_NO_SENSE)
			return rc;
		pos = stop;
	}
	return MMC_SENSE_NO_SENSE;
}

/* ---- an interrupted recording ------------------------------------------ */

void media_unrecord_tail(struct media_state *m, unsigned i, uint32_t blocks)
{
	/* Rewritables keep no such state; a closed track was flushed. */
	if (is_random(m) || i >= m->n_tracks || blocks == 0)
		return;
	struct media_track *t = &m->tracks[i];
	if (t->state == TRACK_COMPLETE)
		return;
	if (m->cue.armed && t == invisible(m)) {
		/* Session at once counts from the pregap (negative LBAs). */
		m->cue.next -= (int32_t)blocks;
		t->written = m->cue.next > t->start ? (uint32_t)(m->cue.next - t->start) : 0;
	} else {
		t->written -= blocks < t->written ? blocks : t->written;
	}
	update_status(m);
}

void media_interrupt_track(struct media_state *m, unsigned i)
{
	if (is_random(m) || i >= m->n_tracks)
		return;
	struct media_track *t = &m->tracks[i];
	if (t->state == TRACK_COMPLETE || t->written == 0)
		return;
	/* MMC-5 6.27.3.7, the Damage bit (as libburn quotes it): Damage 1
	 * with NWA_V 0, "not closed due to an incomplete write" (libburn
	 * reads it so: "damaged, not closed and not writable", and closes
	 * such a track before it writes again).
	 * The run-out, the link and, on CD, the PMA entry a TAO track gets
	 * were never written; the drive's write position was in its RAM. */
	t->damaged = true;
	if (m->cue.armed && t == invisible(m))
		m->cue.armed = false; /* the cue sheet was in the drive's RAM */
	update_status(m);
}

/* ---- tracks ------------------------------------------------------------- */

/* Sectors between the end of one track and the start of the next track of
 * the same session. */
static uint32_t track_gap(const struct media_state *m)
{
	return m->profile.family == MMC_FAMILY_CD ? CD_PREGAP : 0;
}

/* The size a track gets when it is closed: CD pads to 4 s and adds the
 * TAO run-out, DVD and BD pad to the ECC block / cluster. */
static uint32_t closed_size(const struct media_state *m, uint32_t written)
{
	if (m->profile.family == MMC_FAMILY_CD)
		return (written < CD_MIN_TRACK ? CD_MIN_TRACK : written) + CD_RUN_OUT;
	return round_up(written, unit_of(m));
}

static void finish_track(struct media_state *m, struct media_track *t)
{
	if (t->state == TRACK_INVISIBLE || t->state == TRACK_INCOMPLETE) {
		uint32_t size = closed_size(m, t->written);
		uint32_t room = (uint32_t)(media_leadout_limit(m) - t->start);
		t->size = size < room ? size : room;
	}
	if (t->written > t->size)
		t->written = t->size;
	t->state = TRACK_COMPLETE;
	/* Closing is the repair of a damaged track (MMC-5 6.27.3.7, Damage bit): the
	 * drive writes what the track lacked and the track is complete. */
	t->damaged = false;
}

enum mmc_sense_code media_reserve_track(struct media_state *m, uint32_t blocks)
{
	if (is_random(m))
		return MMC_SENSE_ILLEGAL_INCOMPATIBLE_MEDIUM;
	if (m->write_protected)
		return MMC_SENSE_DATA_PROTECT_WRITE_PROTECTED;
	struct media_track *t = invisible(m);
	if (!t)
		return MMC_SENSE_ILLEGAL_INVALID_ADDRESS_FOR_WRITE;
	/* MMC-5 6.31.1: a reservation is cut from the start of a blank
	 * invisible track; once written to, it can only be closed. */
	if (t->written > 0 || m->cue.armed)
		return MMC_SENSE_ILLEGAL_COMMAND_SEQUENCE_ERROR;
	if (blocks == 0)
		return MMC_SENSE_ILLEGAL_INVALID_FIELD_IN_CDB;
	if (m->n_tracks >= MEDIA_MAX_TRACKS)
		return MMC_SENSE_ILLEGAL_NO_MORE_TRACK_RESERVATIONS;
	if (blocks > m->profile.capacity) /* also keeps the rounding from wrapping */
		return MMC_SENSE_ILLEGAL_LBA_OUT_OF_RANGE;
	uint32_t size = m->profile.family == MMC_FAMILY_CD && blocks < CD_MIN_TRACK
				? CD_MIN_TRACK : round_up(blocks, unit_of(m));
	int64_t next = (int64_t)t->start + size + track_gap(m);
	if (next >= media_leadout_limit(m))
		return MMC_SENSE_ILLEGAL_LBA_OUT_OF_RANGE;
	t->state = TRACK_RESERVED;
	t->size = size;
	append_track(m, (int32_t)next);
	update_status(m);
	return MMC_SENSE_NO_SENSE;
}

/* CD TAO may name the open track FFh (MMC-2; libburn, cdrecord): the
 * track being written, else the last reserved one. */
static struct media_track *track_to_close(struct media_state *m, unsigned number)
{
	if (number == 0xFF && m->profile.family == MMC_FAMILY_CD) {
		for (unsigned i = m->n_tracks; i-- > 0;)
			if (m->tracks[i].state != TRACK_COMPLETE &&
			    (m->tracks[i].state != TRACK_INVISIBLE || m->tracks[i].written))
				return &m->tracks[i];
		return NULL;
	}
	if (number == 0 || number > m->n_tracks)
		return NULL;
	return &m->tracks[number - 1];
}

static enum mmc_sense_code close_track(struct media_state *m, unsigned number)
{
	if (m->status == DISC_COMPLETE || m->cue.armed)
		return MMC_SENSE_ILLEGAL_COMMAND_SEQUENCE_ERROR;
	struct media_track *t = track_to_close(m, number);
	if (!t)
		return number == 0xFF ? MMC_SENSE_NO_SENSE : MMC_SENSE_ILLEGAL_INVALID_FIELD_IN_CDB;
	/* Closing a closed track, or the blank invisible track, changes
	 * nothing: drives accept it (libburn closes defensively). */
	if (t->state == TRACK_COMPLETE || (t->state == TRACK_INVISIBLE && !t->written))
		return MMC_SENSE_NO_SENSE;
	bool was_invisible = t->state == TRACK_INVISIBLE;
	finish_track(m, t);
	/* No room for another track: the session can only be closed, and
	 * with nothing left to write the drive closes the disc. */
	if (was_invisible &&
	    !append_track(m, t->start + (int32_t)t->size + (int32_t)track_gap(m))) {
		close_session_now(m, false);
		return MMC_SENSE_NO_SENSE;
	}
	update_status(m);
	return MMC_SENSE_NO_SENSE;
}

/* ---- sessions ----------------------------------------------------------- */

/* Sectors from the lead-out start of a closed session to the first track
 * of the next one (docs/emulator-media.md "Sessions"). */
static int64_t next_session_start(const struct media_state *m, int32_t leadout)
{
	uint32_t gap = m->n_sessions == 1 ? m->profile.session_gap
					  : m->profile.next_session_gap;
	return round_up((uint32_t)leadout + gap, unit_of(m));
}

static int32_t session_leadout(const struct media_state *m, const struct media_session *s)
{
	const struct media_track *last = &m->tracks[s->last_track - 1];
	return last->start + (int32_t)last->size;
}

/* Closes the open session (its tracks already complete) and opens the
 * next one when the disc stays appendable and there is room. */
static void close_session_now(struct media_state *m, bool keep_appendable)
{
	struct media_session *s = &m->sessions[m->n_sessions - 1];
	s->closed = true;
	int32_t leadout = session_leadout(m, s);
	int64_t next = next_session_start(m, leadout);
	if (keep_appendable && m->n_sessions < m->profile.max_sessions &&
	    m->n_sessions < MEDIA_MAX_SESSIONS && next < media_leadout_limit(m))
		open_session(m, (int32_t)next);
	update_status(m);
}

/* Drops the blank invisible track of the open session, if any. */
static void drop_blank_invisible(struct media_state *m)
{
	struct media_track *t = invisible(m);
	if (t && t->written == 0) {
		m->n_tracks--;
		m->sessions[m->n_sessions - 1].last_track = m->n_tracks;
	}
}

static enum mmc_sense_code close_session(struct media_state *m, bool finalize,
					 const struct media_close_opts *opts)
{
	if (m->status == DISC_COMPLETE || m->cue.armed)
		return MMC_SENSE_ILLEGAL_COMMAND_SEQUENCE_ERROR;
	struct media_session *s = &m->sessions[m->n_sessions - 1];
	bool empty = media_last_session_state(m) == SESSION_EMPTY;
	if (empty && (!finalize || m->n_sessions == 1))
		return MMC_SENSE_ILLEGAL_COMMAND_SEQUENCE_ERROR;
	drop_blank_invisible(m);
	if (empty) {
		/* Finalizing after a closed session: the empty one vanishes. */
		m->n_sessions--;
		update_status(m);
		return MMC_SENSE_NO_SENSE;
	}
	for (unsigned i = s->first_track - 1u; i < m->n_tracks; i++)
		finish_track(m, &m->tracks[i]);
	bool keep = !finalize && (!uses_write_params(m) || opts->multisession);
	close_session_now(m, keep);
	return MMC_SENSE_NO_SENSE;
}

/* DVD+RW and BD-RE: CLOSE only steers the background format
 * (MMC-6 6.2.3.6, 6.2.3.7). */
static enum mmc_sense_code close_random(struct media_state *m, unsigned fn)
{
	switch (fn) {
	case MMC_CLOSE_STOP_BACKGROUND_FORMAT_QUICK:
	case MMC_CLOSE_SESSION:
		if (m->bg_format == BG_FORMAT_IN_PROGRESS)
			m->bg_format = BG_FORMAT_SUSPENDED;
		return MMC_SENSE_NO_SENSE;
	case MMC_CLOSE_TRACK:
		return MMC_SENSE_NO_SENSE;
	case MMC_CLOSE_FINALIZE_BACKGROUND_FORMAT:
		if (!mmc_profile_is(m->profile.number, MMC_PA_BGF))
			return MMC_SENSE_ILLEGAL_INVALID_FIELD_IN_CDB;
		if (!m->formatted)
			return MMC_SENSE_ILLEGAL_COMMAND_SEQUENCE_ERROR;
		m->bg_format = BG_FORMAT_COMPLETE;
		return MMC_SENSE_NO_SENSE;
	default:
		return MMC_SENSE_ILLEGAL_INVALID_FIELD_IN_CDB;
	}
}

bool media_close_function_supported(const struct media_state *m, unsigned fn)
{
	uint16_t n = m->profile.number;
	if (is_random(m))
		return fn <= 2 || (fn == 3 && mmc_profile_is(n, MMC_PA_BGF));
	switch (fn) {
	case MMC_CLOSE_TRACK:
	case MMC_CLOSE_SESSION:
		return true;
	case MMC_CLOSE_FINALIZE_DVD_PLUS_R_30MM: /* 101b: DVD+R only */
		return mmc_profile_is(n, MMC_PA_PLUS);
	case MMC_CLOSE_FINALIZE_DVD_PLUS_R: /* 110b: DVD+R and BD-R */
		return mmc_profile_is(n, MMC_PA_PLUS) || m->profile.family == MMC_FAMILY_BD;
	default:
		return false;
	}
}

enum mmc_sense_code media_close_with(struct media_state *m, unsigned close_function,
				     unsigned track_number,
				     const struct media_close_opts *opts)
{
	if (!media_close_function_supported(m, close_function))
		return MMC_SENSE_ILLEGAL_INVALID_FIELD_IN_CDB;
	if (m->write_protected && close_function != MMC_CLOSE_STOP_BACKGROUND_FORMAT_QUICK)
		return MMC_SENSE_DATA_PROTECT_WRITE_PROTECTED;
	if (is_random(m))
		return close_random(m, close_function);
	switch (close_function) {
	case MMC_CLOSE_TRACK:
		return close_track(m, track_number);
	case MMC_CLOSE_SESSION:
		return close_session(m, false, opts);
	default: /* 101b, 110b: finalize */
		return close_session(m, true, opts);
	}
}

enum mmc_sense_code media_close(struct media_state *m, unsigned close_function,
				unsigned track_number)
{
	const struct media_close_opts opts = {.multisession = true};
	return media_close_with(m, close_function, track_number, &opts);
}

/* ---- format, blank, cue sheet ------------------------------------------- */

enum mmc_sense_code media_format_with(struct media_state *m, uint32_t blocks,
				      bool background)
{
	if (!is_random(m))
		return MMC_SENSE_ILLEGAL_INCOMPATIBLE_MEDIUM;
	if (m->write_protected)
		return MMC_SENSE_DATA_PROTECT_WRITE_PROTECTED;
	if (blocks == 0 || blocks > m->profile.capacity)
		return MMC_SENSE_ILLEGAL_INVALID_FIELD_IN_PARAMETER_LIST;
	/* Re-formatting a formatted disc does not erase what it holds (DVD+RW
	 * 26h restarts the background format, BD-RE quick format re-writes
	 * the defect lists): a disc shrunk by the new size loses its tail. */
	m->formatted = true;
	m->formatted_size = blocks;
	if (m->high_water > blocks)
		m->high_water = blocks;
	m->tracks[0].size = blocks;
	m->tracks[0].written = m->high_water;
	if (!mmc_profile_is(m->profile.number, MMC_PA_BGF))
		m->bg_format = BG_FORMAT_NONE;
	else if (!background)
		m->bg_format = BG_FORMAT_COMPLETE;
	else if (m->bg_format != BG_FORMAT_COMPLETE)
		m->bg_format = BG_FORMAT_IN_PROGRESS;
	m->busy = MEDIA_IDLE;
	m->format_count++;
	update_status(m);
	return MMC_SENSE_NO_SENSE;
}

enum mmc_sense_code media_format(struct media_state *m, uint32_t blocks)
{
	return media_format_with(m, blocks, false);
}

enum mmc_sense_code media_blank(struct media_state *m, bool full)
{
	(void)full; /* both erase what the model records: TOC, PMA, tracks */
	if (!m->profile.rewritable || is_random(m))
		return MMC_SENSE_ILLEGAL_INCOMPATIBLE_MEDIUM;
	if (m->write_protected)
		return MMC_SENSE_DATA_PROTECT_WRITE_PROTECTED;
	struct media_state old = *m;
	media_init_blank(m, &old.profile);
	m->link_count = old.link_count;
	m->format_count = old.format_count;
	m->blank_count = old.blank_count + 1;
	return MMC_SENSE_NO_SENSE;
}

enum mmc_sense_code media_arm_cue(struct media_state *m, int32_t first,
				  int32_t leadout, bool multisession)
{
	if (m->profile.family != MMC_FAMILY_CD)
		return MMC_SENSE_ILLEGAL_INCOMPATIBLE_MEDIUM;
	if (m->write_protected)
		return MMC_SENSE_DATA_PROTECT_WRITE_PROTECTED;
	const struct media_track *t = media_invisible_track(m);
	/* SAO writes a whole session: only from a fresh session. */
	if (!t || t->written || t->number != m->sessions[m->n_sessions - 1].first_track)
		return MMC_SENSE_ILLEGAL_COMMAND_SEQUENCE_ERROR;
	if (first > t->start || leadout <= t->start || leadout > media_leadout_limit(m))
		return MMC_SENSE_ILLEGAL_INVALID_FIELD_IN_PARAMETER_LIST;
	m->cue = (struct media_cue){.armed = true, .next = first, .end = leadout,
				    .multisession = multisession};
	return MMC_SENSE_NO_SENSE;
}

/* ---- invariants (loading a disc, fuzzing) ------------------------------- */

static const char *validate_random(const struct media_state *m)
{
	if (m->n_tracks != 1 || m->n_sessions != 1)
		return "a random-access disc has one session with one track";
	if (m->formatted_size > m->profile.capacity)
		return "formatted size exceeds the capacity";
	if (m->high_water > (m->formatted ? m->formatted_size : 0))
		return "data recorded beyond the formatted area";
	if (m->cue.armed)
		return "cue sheet on a random-access disc";
	const struct media_track *t = &m->tracks[0];
	if (t->start != 0 || t->size > m->profile.capacity || t->written > t->size ||
	    t->written != m->high_water)
		return "the track of a random-access disc is wrong";
	if (m->sessions[0].first_track != 1 || m->sessions[0].last_track != 1)
		return "the session of a random-access disc is wrong";
	return NULL;
}

static const char *validate_track(const struct media_state *m, unsigned i)
{
	const struct media_track *t = &m->tracks[i];
	if (t->number != i + 1)
		return "track numbers are not consecutive";
	if (t->session < 1 || t->session > m->n_sessions)
		return "track in a session that does not exist";
	if (t->state > TRACK_COMPLETE)
		return "bad track state";
	if (t->state == TRACK_INVISIBLE && i + 1 != m->n_tracks)
		return "invisible track before the last track";
	if (t->state != TRACK_INVISIBLE && t->written > t->size)
		return "track holds more than its size";
	if (t->state != TRACK_INVISIBLE && t->size == 0)
		return "closed or reserved track of size 0";
	if (t->start < 0 || (int64_t)t->start + track_extent(t) > media_leadout_limit(m))
		return "track outside the disc";
	if (i > 0) {
		const struct media_track *p = &m->tracks[i - 1];
		if ((int64_t)p->start + track_extent(p) > t->start)
			return "tracks overlap";
		if (p->session > t->session)
			return "tracks out of session order";
	}
	return NULL;
}

static const char *validate_sessions(const struct media_state *m)
{
	for (unsigned i = 0; i < m->n_sessions; i++) {
		const struct media_session *s = &m->sessions[i];
		bool last = i + 1 == m->n_sessions;
		if (s->number != i + 1)
			return "session numbers are not consecutive";
		if (s->first_track < 1 || s->first_track > m->n_tracks ||
		    s->last_track < s->first_track || s->last_track > m->n_tracks)
			return "session track range is wrong";
		for (unsigned t = s->first_track; t <= s->last_track; t++)
			if (m->tracks[t - 1].session != s->number)
				return "track and session disagree";
		if (!last && !s->closed)
			return "an earlier session is open";
		if (last && s->closed != (m->status == DISC_COMPLETE))
			return "last session state does not match the disc status";
	}
	return NULL;
}

/* The status a disc with these tracks has (update_status on a copy). */
static bool status_consistent(const struct media_state *m)
{
	struct media_state copy = *m; /* about 5 KiB */
	update_status(&copy);
	return copy.status == m->status;
}

const char *media_validate(const struct media_state *m)
{
	if (m->status > DISC_OTHER)
		return "bad disc status";
	if (m->n_tracks > MEDIA_MAX_TRACKS || m->n_sessions > MEDIA_MAX_SESSIONS)
		return "too many tracks or sessions";
	if (is_random(m)) {
		const char *e = validate_random(m);
		return e ? e : status_consistent(m) ? NULL : "disc status does not match its tracks";
	}
	if (m->n_tracks == 0 || m->n_sessions == 0)
		return "no track or session";
	for (unsigned i = 0; i < m->n_tracks; i++) {
		const char *e = validate_track(m, i);
		if (e)
			return e;
	}
	const char *e = validate_sessions(m);
	if (e)
		return e;
	if (m->tracks[m->n_tracks - 1].session != m->n_sessions)
		return "last session has no track";
	if ((m->status == DISC_COMPLETE) != !media_invisible_track(m))
		return "disc status does not match its open track";
	if (!status_consistent(m))
		return "disc status does not match its tracks";
	/* A cue sheet session starts at most in the lead-in (MSF 90:00:00
	 * and up wrap to LBA -45150 and below: MMC-6 4.2.3.6). */
	if (m->cue.armed && (m->status == DISC_COMPLETE || m->cue.next < -45150 ||
			     m->cue.next > m->cue.end ||
			     m->cue.end > media_leadout_limit(m)))
		return "cue sheet range is wrong";
	return NULL;
}
