/* Disc and track structure commands: READ DISC INFORMATION, READ TRACK
 * INFORMATION, RESERVE TRACK, CLOSE TRACK/SESSION, SEND OPC INFORMATION,
 * SEND CUE SHEET. The rules live in media.c; these handlers decode CDBs,
 * encode answers, and save the disc after every change. */
#include <string.h>

#include "drive.h"
#include "mmc/be.h"
#include "mmc/cdb.h"
#include "mmc/features.h"

static bool is_cd(const struct media_state *m)
{
	return m->profile.family == MMC_FAMILY_CD;
}

/* Commits a state change: the disc must reopen in this state. */
static enum mmc_sense_code changed(struct mmcemu_drive *d, enum mmc_sense_code rc)
{
	return rc == MMC_SENSE_NO_SENSE ? drive_persist(d) : rc;
}

/* CD addresses in disc information are MSF (00 M S F); others are LBAs. */
static void put_disc_address(const struct media_state *m, uint8_t *p, int64_t lba)
{
	if (!is_cd(m)) {
		mmc_put_be32(p, (uint32_t)lba);
		return;
	}
	int64_t f = lba + 150;
	if (f < 0)
		f += 450150;
	p[0] = 0;
	p[1] = (uint8_t)(f / 4500);
	p[2] = (uint8_t)(f / 75 % 60);
	p[3] = (uint8_t)(f % 75);
}

/* ---- READ DISC INFORMATION (MMC-6 6.21) -------------------------------- */

/* Lead-in start of the last (open) session and the last possible lead-out
 * start; FFFFFFFFh on a complete disc (MMC-6 6.21.3.1.16). */
static void put_session_limits(const struct media_state *m, uint8_t *di)
{
	const struct media_track *open = media_invisible_track(m);
	if (m->status == DISC_COMPLETE && m->profile.sequential) {
		memset(&di[16], 0xFF, 8);
		return;
	}
	if (!is_cd(m)) {
		mmc_put_be32(&di[20], m->formatted ? m->formatted_size : m->profile.capacity);
		return;
	}
	if (!open || m->status == DISC_BLANK)
		memcpy(&di[17], m->profile.atip_lead_in_msf, 3);
	else /* lead-in 4500 + pregap 150 before the session's first track */
		put_disc_address(m, &di[16], (int64_t)open->start - 4650);
	put_disc_address(m, &di[20], media_leadout_limit(m));
}

static void build_disc_info(const struct mmcemu_drive *d, uint8_t *di)
{
	const struct media_state *m = &d->media;
	const struct media_session *s = &m->sessions[m->n_sessions - 1];
	memset(di, 0, 34);
	mmc_put_be16(di, 32);
	di[2] = (uint8_t)((m->profile.rewritable ? 0x10 : 0) |
			  (media_last_session_state(m) << 2) | m->status);
	di[3] = 1; /* first track on the disc */
	di[4] = (uint8_t)m->n_sessions;
	di[5] = (uint8_t)s->first_track;
	di[6] = (uint8_t)s->last_track;
	di[7] = 0x20; /* URU: unrestricted use */
	if (mmc_profile_is(m->profile.number, MMC_PA_BGF))
		di[7] |= (uint8_t)m->bg_format;
	di[8] = is_cd(m) ? d->wp.session_format : 0;
	di[9] = (uint8_t)(m->n_sessions >> 8);
	di[10] = (uint8_t)(s->first_track >> 8);
	di[11] = (uint8_t)(s->last_track >> 8);
	put_session_limits(m, di);
}

enum mmc_sense_code cmd_read_disc_information(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	/* Only data type 000b, standard disc information: track resources
	 * (001b) and POW resources (010b) are not modelled. */
	if (c->cdb[1] & 0x07)
		return cdb_field_error(c, 1, 2);
	build_disc_info(d, c->in);
	c->in_len = 34;
	return MMC_SENSE_NO_SENSE;
}

/* ---- READ TRACK INFORMATION (MMC-5 6.27) ------------------------------- */

static const struct media_track *track_by_lba(const struct media_state *m, int64_t lba)
{
	const struct media_track *t = media_track_at(m, lba);
	const struct media_track *open = media_invisible_track(m);
	/* The invisible track runs to the end of the disc. */
	if (!t && open && lba >= open->start && lba < media_leadout_limit(m))
		t = open;
	return t;
}

/* Address/number type (byte 1 bits 1-0): 00b LBA, 01b track (FFh: the
 * invisible track), 10b session (its first track). */
static enum mmc_sense_code find_track(const struct media_state *m, struct mmcemu_cmd *c,
				      const struct media_track **out)
{
	uint32_t n = mmc_get_be32(&c->cdb[2]);
	switch (c->cdb[1] & 3) {
	case 0:
		*out = track_by_lba(m, mmc_lba_from_u32(n));
		return *out ? MMC_SENSE_NO_SENSE : MMC_SENSE_ILLEGAL_LBA_OUT_OF_RANGE;
	case 1:
		if (n == 0xFF && media_invisible_track(m))
			*out = media_invisible_track(m);
		else if (n >= 1 && n <= m->n_tracks)
			*out = &m->tracks[n - 1];
		else
			return cdb_field_error(c, 2, -1);
		return MMC_SENSE_NO_SENSE;
	case 2:
		if (n == 0 || n > m->n_sessions)
			return cdb_field_error(c, 2, -1);
		*out = &m->tracks[m->sessions[n - 1].first_track - 1];
		return MMC_SENSE_NO_SENSE;
	default:
		return cdb_field_error(c, 1, 1);
	}
}

/* Byte 5: damage, copy, track mode; byte 6: RT, blank, Packet/Inc, FP,
 * data mode; bytes 20-23: Fixed Packet Size / Blocking Factor (MMC-5
 * 6.27.3, Track Information Block).
 *
 * DVD-R/-RW sequential recording has no fixed packets: FP is always zero
 * and bytes 20-23 carry the blocking factor, one ECC block of 16 sectors.
 * Packet/Inc says the track is recorded incrementally: a track still to
 * be written (invisible or reserved) follows the write type in mode page
 * 05h (Incremental 0 sets it, DAO 2 clears it, MMC-6 7.5.4.3); a complete
 * track was written incrementally unless it is the one track of a
 * disc-at-once disc, which DAO always leaves complete (the medium keeps
 * no write type per track, so that case is told by page 05h still saying
 * DAO). growisofs refuses a
 * DVD-R track that reports FP ("track is formatted for fixed packet size").
 * DVD+R records fixed 16-sector packets (Packet/Inc and FP set). */
static void put_track_flags(const struct media_state *m, const struct write_params *wp,
			    const struct media_track *t, uint8_t *ti)
{
	bool seq_dvd = m->profile.sequential && m->profile.family == MMC_FAMILY_DVD;
	bool dvd_minus = seq_dvd && (m->profile.number == MMC_PROFILE_DVD_R_SEQ ||
				     m->profile.number == MMC_PROFILE_DVD_RW_SEQ ||
				     m->profile.number == MMC_PROFILE_DVD_R_DL_SEQ);
	uint8_t packet = 0;
	if (dvd_minus) {
		bool dao = wp->write_type == MMC_WRITE_TYPE_SAO;
		bool dao_disc = m->status == DISC_COMPLETE && m->n_tracks == 1 && dao;
		bool to_write = t->state != TRACK_COMPLETE;
		if (to_write ? !dao : !dao_disc)
			packet = 0x20;
	} else if (seq_dvd) {
		packet = 0x30;
	}
	ti[5] = (uint8_t)((t->damaged ? 0x20 : 0) | (t->track_mode & 0x0F));
	ti[6] = (uint8_t)((t->state == TRACK_RESERVED ? 0x80 : 0) |
			  (media_track_recorded(t) == 0 && m->profile.sequential ? 0x40 : 0) |
			  packet | (t->data_mode & 0x0F));
	if (seq_dvd)
		mmc_put_be32(&ti[20], 16);
}

/* Sizes: a closed or reserved track has its size; the invisible one runs
 * to the end of the disc (or of the cue sheet session). */
static uint32_t track_size(const struct media_state *m, const struct media_track *t)
{
	if (t->state != TRACK_INVISIBLE)
		return t->size;
	int32_t end = m->cue.armed ? m->cue.end : media_leadout_limit(m);
	return (uint32_t)(end - t->start);
}

static void build_track_info(const struct media_state *m, const struct write_params *wp,
			     const struct media_track *t, uint8_t *ti)
{
	memset(ti, 0, 48);
	mmc_put_be16(ti, 46);
	ti[2] = (uint8_t)t->number;
	ti[3] = (uint8_t)t->session;
	ti[32] = (uint8_t)(t->number >> 8);
	ti[33] = (uint8_t)(t->session >> 8);
	put_track_flags(m, wp, t, ti);
	mmc_put_be32(&ti[8], (uint32_t)t->start);
	int32_t nwa;
	if (media_track_nwa(m, t, &nwa)) {
		ti[7] |= 0x01;
		mmc_put_be32(&ti[12], (uint32_t)nwa);
	}
	mmc_put_be32(&ti[16], media_track_free(m, t));
	mmc_put_be32(&ti[24], track_size(m, t));
	/* LRA: the last sector the host wrote (padding is not user data). */
	if (t->written) {
		ti[7] |= 0x02;
		mmc_put_be32(&ti[28], (uint32_t)(t->start + (int32_t)t->written - 1));
	}
}

enum mmc_sense_code cmd_read_track_information(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	const struct media_track *t = NULL;
	enum mmc_sense_code rc = find_track(&d->media, c, &t);
	if (rc != MMC_SENSE_NO_SENSE)
		return rc;
	build_track_info(&d->media, &d->wp, t, c->in);
	c->in_len = 48;
	return MMC_SENSE_NO_SENSE;
}

/* ---- RESERVE TRACK (MMC-5 6.31) ---------------------------------------- */

enum mmc_sense_code cmd_reserve_track(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	/* ARSV=1 (reserve up to an address) and RMZ (BD-R) are not offered. */
	if (c->cdb[1] & 0x01)
		return cdb_field_error(c, 1, 0);
	if (c->cdb[1] & 0x02)
		return cdb_field_error(c, 1, 1);
	uint32_t blocks = mmc_get_be32(&c->cdb[5]);
	if (blocks == 0)
		return cdb_field_error(c, 5, -1);
	return changed(d, media_reserve_track(&d->media, blocks));
}

/* ---- CLOSE TRACK/SESSION (MMC-6 6.2) ----------------------------------- */

enum mmc_sense_code cmd_close_track_session(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	struct media_state *m = &d->media;
	unsigned fn = c->cdb[2] & 0x07;
	unsigned track = mmc_get_be16(&c->cdb[4]);
	if (!media_close_function_supported(m, fn))
		return cdb_field_error(c, 2, 2);
	bool cd_open_track = track == 0xFF && is_cd(m);
	if (fn == MMC_CLOSE_TRACK && m->profile.sequential && !cd_open_track &&
	    (track == 0 || track > m->n_tracks))
		return cdb_field_error(c, 4, -1);
	/* Mode page 05h multi-session 11b keeps CD and DVD-R appendable
	 * (MMC-6 6.2.3.1.3, 6.2.3.2.3). */
	/* Test write (page 05h, CD-R/RW and DVD-R/-RW): nothing was recorded,
	 * so nothing is closed; the simulation ends here (cdrecord -dummy
	 * does not fixate, MMC-6 7.5.4.4: the medium is not written). */
	if (d->wp.test_write && mmc_profile_is(m->profile.number, MMC_PA_P05)) {
		d->sim_active = false;
		return MMC_SENSE_NO_SENSE;
	}
	struct media_close_opts opts = {.multisession = d->wp.multisession == 3};
	return changed(d, media_close_with(m, fn, track, &opts));
}

/* ---- SEND OPC INFORMATION (MMC-5 6.36) --------------------------------- */

/* Power calibration always succeeds (a fault plan makes it fail); an OPC
 * table the host sends is accepted as 8-byte entries. */
enum mmc_sense_code cmd_send_opc_information(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	(void)d;
	if (c->out_len % 8)
		return MMC_SENSE_ILLEGAL_PARAMETER_LIST_LENGTH;
	return MMC_SENSE_NO_SENSE;
}

/* ---- SEND CUE SHEET (MMC-5 6.33) --------------------------------------- */

/* Cue sheet entry fields (SEND CUE SHEET, MMC-5 6.33). */
enum { CUE_CTL_ADR, CUE_TNO, CUE_INDEX, CUE_FORM, CUE_SCMS, CUE_MIN, CUE_SEC, CUE_FRAME };
#define CUE_DATA_MODE1 0x10 /* CD-ROM mode 1, 2048 bytes of user data */
#define CUE_DATA_PAUSE 0x14 /* data lead-in / lead-out */
#define CUE_LEADOUT 0xAA

struct cue_plan {
	bool have_leadin, have_track;
	int64_t first; /* LBA of the first sector the host writes */
	int64_t start; /* LBA of track 1 index 1 */
	unsigned start_entry; /* its offset in the list, for the field pointer */
	int64_t leadout;
};

static int64_t cue_lba(const uint8_t *e)
{
	return (int64_t)e[CUE_MIN] * 4500 + e[CUE_SEC] * 75 + e[CUE_FRAME] - 150;
}

/* One entry; only ADR 1 (time) entries shape the session. The emulator
 * records one mode 1 data track: audio or mode 2 forms are refused. */
static enum mmc_sense_code cue_entry(struct mmcemu_cmd *c, unsigned i, struct cue_plan *p)
{
	const uint8_t *e = c->out + (size_t)i * 8;
	unsigned adr = e[CUE_CTL_ADR] & 0x0F, base = i * 8;
	if (adr == 2 || adr == 3) /* catalog number, ISRC */
		return MMC_SENSE_NO_SENSE;
	if (adr != 1)
		return param_field_error(c, base + CUE_CTL_ADR, 3);
	if (e[CUE_SEC] > 59 || e[CUE_FRAME] > 74)
		return param_field_error(c, base + CUE_SEC, -1);
	if (e[CUE_TNO] == 0) {
		p->have_leadin = true;
		return e[CUE_FORM] == CUE_DATA_PAUSE ? MMC_SENSE_NO_SENSE
						     : param_field_error(c, base + CUE_FORM, -1);
	}
	if (e[CUE_TNO] == CUE_LEADOUT) {
		p->leadout = cue_lba(e);
		return MMC_SENSE_NO_SENSE;
	}
	if (e[CUE_TNO] != 1)
		return param_field_error(c, base + CUE_TNO, -1);
	if (e[CUE_FORM] != CUE_DATA_MODE1)
		return param_field_error(c, base + CUE_FORM, -1);
	if (e[CUE_INDEX] == 0 || (e[CUE_INDEX] == 1 && !p->have_track))
		p->first = p->first < cue_lba(e) ? p->first : cue_lba(e);
	if (e[CUE_INDEX] == 1 && !p->have_track) {
		p->start = cue_lba(e);
		p->start_entry = base;
		p->have_track = true;
	}
	return MMC_SENSE_NO_SENSE;
}

static enum mmc_sense_code parse_cue(struct mmcemu_cmd *c, struct cue_plan *p)
{
	*p = (struct cue_plan){.first = INT32_MAX, .leadout = -1};
	if (c->out_len == 0 || c->out_len % 8)
		return MMC_SENSE_ILLEGAL_PARAMETER_LIST_LENGTH;
	for (unsigned i = 0; i < c->out_len / 8; i++) {
		enum mmc_sense_code rc = cue_entry(c, i, p);
		if (rc != MMC_SENSE_NO_SENSE)
			return rc;
	}
	if (!p->have_leadin || !p->have_track || p->leadout < 0)
		return param_field_error(c, 0, -1);
	if (p->leadout <= p->start)
		return param_field_error(c, (unsigned)c->out_len - 8 + CUE_MIN, -1);
	return MMC_SENSE_NO_SENSE;
}

enum mmc_sense_code cmd_send_cue_sheet(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	struct media_state *m = &d->media;
	if (!is_cd(m))
		return MMC_SENSE_ILLEGAL_INCOMPATIBLE_MEDIUM;
	/* A cue sheet belongs to session-at-once writing (MMC-5 6.33.1). */
	if (d->wp.write_type != MMC_WRITE_TYPE_SAO)
		return MMC_SENSE_ILLEGAL_COMMAND_SEQUENCE_ERROR;
	struct cue_plan p;
	enum mmc_sense_code rc = parse_cue(c, &p);
	if (rc != MMC_SENSE_NO_SENSE)
		return rc;
	const struct media_track *open = media_invisible_track(m);
	/* Track 1 must start where the session's program area does. */
	if (!open || open->written)
		return MMC_SENSE_ILLEGAL_COMMAND_SEQUENCE_ERROR;
	if (p.start != open->start)
		return param_field_error(c, p.start_entry + CUE_MIN, -1);
	return changed(d, media_arm_cue(m, (int32_t)p.first, (int32_t)p.leadout,
					d->wp.multisession == 3));
}
