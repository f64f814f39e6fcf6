/* READ TOC/PMA/ATIP (MMC-5 6.26), one small builder per format:
 * 0 formatted TOC, 1 multi-session information, 2 raw (full) TOC, 4 ATIP.
 * CD reports the TOC of its closed sessions, as written in their lead-ins;
 * DVD and BD have no TOC on disc, so it is fabricated from the recorded
 * tracks (MMC-5 6.26.3.2.4). Formats 2 and 4 exist on CD only. */
#include <string.h>

#include "drive.h"
#include "mmc/be.h"

/* Q sub-channel ADR 1 (current position), control from the track mode. */
#define ADR_POSITION 0x10
/* ADR 5: the multi-session pointers B0h/C0h (MMC-6 4.2.3.7). */
#define ADR_MODE5 0x50

struct toc_range {
	unsigned first_track, last_track;
	unsigned last_session;
	int32_t leadout; /* first LBA after the last listed track */
};

static bool is_cd(const struct media_state *m)
{
	return m->profile.family == MMC_FAMILY_CD;
}

/* Whether a track appears in the TOC: on CD only the tracks of closed
 * sessions (the TOC lives in a session's lead-in); elsewhere every track
 * holding data. */
static bool listed(const struct media_state *m, const struct media_track *t)
{
	if (is_cd(m))
		return m->sessions[t->session - 1].closed;
	if (!m->profile.sequential) /* one track: the formatted area */
		return m->formatted;
	return media_track_recorded(t) > 0;
}

static bool toc_range(const struct media_state *m, struct toc_range *r)
{
	unsigned n = 0;
	for (unsigned i = 0; i < m->n_tracks && listed(m, &m->tracks[i]); i++)
		n = i + 1;
	if (n == 0)
		return false;
	const struct media_track *last = &m->tracks[n - 1];
	r->first_track = 1;
	r->last_track = n;
	r->last_session = last->session;
	uint32_t len = last->state == TRACK_COMPLETE ? last->size : media_track_recorded(last);
	r->leadout = last->start + (int32_t)len;
	return true;
}

/* MMC-6 4.2.3.6: MSF counts from the start of the pregap, 150 frames
 * before LBA 0. */
static void put_msf(uint8_t *p, int64_t lba)
{
	int64_t f = lba + 150;
	if (f < 0)
		f += 450150; /* lead-in addresses wrap to 90:00:00 and up */
	int64_t m = f / 4500;
	p[0] = (uint8_t)(m > 255 ? 255 : m);
	p[1] = (uint8_t)(f / 75 % 60);
	p[2] = (uint8_t)(f % 75);
}

static void put_address(uint8_t *p, int64_t lba, bool msf)
{
	if (msf) {
		p[0] = 0;
		put_msf(p + 1, lba);
	} else {
		mmc_put_be32(p, (uint32_t)lba);
	}
}

static enum mmc_sense_code no_toc(void)
{
	/* A disc without a closed session has no TOC to read. */
	return MMC_SENSE_ILLEGAL_INVALID_FIELD_IN_CDB;
}

static uint8_t adr_control(const struct media_track *t)
{
	return ADR_POSITION | (t->track_mode & 0x0F);
}

/* ---- format 0: formatted TOC (MMC-5 6.26.3.2) ------------------------- */

static uint8_t *toc_descriptor(uint8_t *p, uint8_t ctl, uint8_t number, int64_t lba, bool msf)
{
	memset(p, 0, 8);
	p[1] = ctl;
	p[2] = number;
	put_address(p + 4, lba, msf);
	return p + 8;
}

static enum mmc_sense_code toc_formatted(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	const struct media_state *m = &d->media;
	struct toc_range r;
	bool msf = c->cdb[1] & 0x02;
	if (!toc_range(m, &r))
		return no_toc();
	unsigned from = c->cdb[6];
	if (from > r.last_track && from != 0xAA)
		return cdb_field_error(c, 6, -1);
	uint8_t *p = c->in + 4;
	for (unsigned t = from > r.first_track ? from : r.first_track; t <= r.last_track; t++)
		p = toc_descriptor(p, adr_control(&m->tracks[t - 1]), (uint8_t)t,
				   m->tracks[t - 1].start, msf);
	p = toc_descriptor(p, adr_control(&m->tracks[r.last_track - 1]), 0xAA, r.leadout, msf);
	c->in_len = (size_t)(p - c->in);
	mmc_put_be16(c->in, (uint16_t)(c->in_len - 2));
	c->in[2] = (uint8_t)r.first_track;
	c->in[3] = (uint8_t)r.last_track;
	return MMC_SENSE_NO_SENSE;
}

/* ---- format 1: multi-session information (MMC-5 6.26.3.3) -------------- */

static enum mmc_sense_code toc_session_info(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	const struct media_state *m = &d->media;
	struct toc_range r;
	if (!toc_range(m, &r))
		return no_toc();
	const struct media_track *first = &m->tracks[m->sessions[r.last_session - 1].first_track - 1];
	memset(c->in, 0, 12);
	mmc_put_be16(c->in, 10);
	c->in[2] = 1;
	c->in[3] = (uint8_t)r.last_session;
	toc_descriptor(c->in + 4, adr_control(first), (uint8_t)first->number, first->start,
		       c->cdb[1] & 0x02);
	c->in_len = 12;
	return MMC_SENSE_NO_SENSE;
}

/* ---- format 2: raw TOC, CD only (MMC-5 6.26.3.4) ------------ */

struct raw_point {
	uint8_t session, adr_ctl, point;
	int64_t min_lba; /* MIN/SEC/FRAME as an address, or -1: zero */
	uint8_t zero;
	uint8_t pmin, psec, pframe;
};

static uint8_t *put_raw(uint8_t *p, const struct raw_point *rp)
{
	memset(p, 0, 11);
	p[0] = rp->session;
	p[1] = rp->adr_ctl;
	p[3] = rp->point;
	if (rp->min_lba >= 0)
		put_msf(p + 4, rp->min_lba);
	p[7] = rp->zero;
	p[8] = rp->pmin;
	p[9] = rp->psec;
	p[10] = rp->pframe;
	return p + 11;
}

static uint8_t *put_raw_at(uint8_t *p, struct raw_point rp, int64_t lba)
{
	uint8_t msf[3];
	put_msf(msf, lba);
	rp.pmin = msf[0], rp.psec = msf[1], rp.pframe = msf[2];
	return put_raw(p, &rp);
}

/* A0h PSEC, the disc type of the session (MMC-6 Table 480 / 4.2.3.7, the
 * session format of mode page 05h): 20h CD-ROM XA when the session holds
 * a mode 2 XA track (an Enhanced CD's data session), else 00h CD-DA or
 * CD-ROM. */
static uint8_t disc_type(const struct media_state *m, const struct media_session *ss)
{
	for (unsigned t = ss->first_track; t <= ss->last_track; t++) {
		const struct media_track *tr = &m->tracks[t - 1];
		if (media_track_kind(tr) == SECTOR_MODE2 && tr->xa)
			return 0x20;
	}
	return 0x00;
}

/* A0h first track, A1h last track, A2h lead-out, then the tracks; each
 * point's control is that of the track it names (A2h: the last track's),
 * so an audio session followed by a data one reads 10h, then 14h. */
static uint8_t *raw_session(const struct media_state *m, unsigned s, uint8_t *p)
{
	const struct media_session *ss = &m->sessions[s - 1];
	const struct media_track *first = &m->tracks[ss->first_track - 1];
	const struct media_track *last = &m->tracks[ss->last_track - 1];
	uint8_t ctl = adr_control(first);
	p = put_raw(p, &(struct raw_point){(uint8_t)s, ctl, 0xA0, -1, 0,
					   (uint8_t)first->number, disc_type(m, ss), 0});
	p = put_raw(p, &(struct raw_point){(uint8_t)s, adr_control(last), 0xA1, -1, 0,
					   (uint8_t)last->number, 0, 0});
	struct raw_point lo = {(uint8_t)s, adr_control(last), 0xA2, -1, 0, 0, 0, 0};
	p = put_raw_at(p, lo, last->start + (int64_t)last->size);
	for (unsigned t = ss->first_track; t <= ss->last_track; t++) {
		const struct media_track *tr = &m->tracks[t - 1];
		struct raw_point rp = {(uint8_t)s, adr_control(tr), (uint8_t)t, -1, 0, 0, 0, 0};
		p = put_raw_at(p, rp, tr->start);
	}
	return p;
}

/* B0h (next program area, last possible lead-out) while the disc is
 * appendable; C0h (ATIP lead-in start) in the first session of a
 * multi-session disc (MMC-6 4.2.3.7, mode-5 Q). */
static uint8_t *raw_pointers(const struct mmcemu_drive *d, unsigned s, unsigned last, uint8_t *p)
{
	const struct media_state *m = &d->media;
	const struct media_track *open = media_invisible_track(m);
	if (s == last && open) {
		struct raw_point b0 = {(uint8_t)s, ADR_MODE5, 0xB0, open->start, 1, 0, 0, 0};
		p = put_raw_at(p, b0, media_leadout_limit(m));
	}
	if (s == 1 && (open || m->n_sessions > 1)) {
		const uint8_t *li = m->profile.atip_lead_in_msf;
		p = put_raw(p, &(struct raw_point){1, ADR_MODE5, 0xC0, -1, 0, li[0], li[1], li[2]});
	}
	return p;
}

static enum mmc_sense_code toc_raw(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	struct toc_range r;
	if (!toc_range(&d->media, &r))
		return no_toc();
	uint8_t *p = c->in + 4;
	for (unsigned s = 1; s <= r.last_session; s++) {
		p = raw_session(&d->media, s, p);
		p = raw_pointers(d, s, r.last_session, p);
	}
	c->in_len = (size_t)(p - c->in);
	mmc_put_be16(c->in, (uint16_t)(c->in_len - 2));
	c->in[2] = 1;
	c->in[3] = (uint8_t)r.last_session;
	return MMC_SENSE_NO_SENSE;
}

/* ---- format 4: ATIP, CD only (MMC-5 6.26.3.6) --------------- */

static enum mmc_sense_code toc_atip(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	const struct mmcemu_profile *p = &d->media.profile;
	uint8_t *a = c->in + 4;
	memset(c->in, 0, 32);
	mmc_put_be16(c->in, 30);
	/* Indicative target writing power 5, reference speed 2 (2x). */
	a[0] = 0x50 | 0x02;
	a[1] = 0x40; /* URU: unrestricted use */
	a[2] = (uint8_t)((p->rewritable ? 0x40 : 0) | ((p->atip_disc_subtype & 7) << 3));
	memcpy(&a[4], p->atip_lead_in_msf, 3);
	put_msf(&a[8], media_leadout_limit(&d->media));
	c->in_len = 32;
	return MMC_SENSE_NO_SENSE;
}

/* ---- dispatch over formats ---------------------------------------------- */

static const struct toc_format {
	unsigned format;
	drive_handler build;
	bool cd_only;
} toc_formats[] = {
	{0, toc_formatted, false},
	{1, toc_session_info, false},
	{2, toc_raw, true},
	{4, toc_atip, true},
};

enum mmc_sense_code cmd_read_toc(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	unsigned format = c->cdb[2] & 0x0F;
	/* SFF-8020i put the format in the control byte's top bits; ATAPI
	 * initiators (the kernel among them) may still send it there. */
	if (format == 0 && (c->cdb[9] >> 6))
		format = c->cdb[9] >> 6;
	for (size_t i = 0; i < sizeof(toc_formats) / sizeof(toc_formats[0]); i++) {
		const struct toc_format *f = &toc_formats[i];
		if (f->format != format)
			continue;
		if (f->cd_only && !is_cd(&d->media))
			return cdb_field_error(c, 2, 3);
		return f->build(d, c);
	}
	return cdb_field_error(c, 2, 3);
}
