/* Raw CD reads: READ CD (BEh, MMC-6 6.19), READ CD MSF (B9h, MMC-6 6.20)
 * and READ SUB-CHANNEL (42h, MMC-6 6.29).
 *
 * The disc keeps what the host wrote (2048 bytes of a mode 1 sector, 2336
 * of mode 2, 2352 of audio: disc_store_read_sector); everything else a
 * real disc carries is built here from it and from the track layout, as
 * a drive's decoder hands it over: sync, header, EDC and P/Q parity
 * (cd_sector.c, ECMA-130), the Q sub-channel with its CRC. No sector ever
 * has an error, so the C2 error bits are zeros. */
#include <string.h>

#include "mmc/cd_sector.h"
#include "drive.h"
#include "mmc/be.h"
#include "mmc/opcodes.h"

/* READ CD byte 1 bits 4-2: the sector type the host expects. */
enum read_cd_type {
	READ_CD_ANY = 0,
	READ_CD_CDDA = 1,
	READ_CD_MODE1 = 2,
	READ_CD_MODE2 = 3, /* formless */
	READ_CD_MODE2_FORM1 = 4,
	READ_CD_MODE2_FORM2 = 5,
};

/* Byte 9: sync (bit 7), header codes (bits 6-5: 01b header, 10b
 * subheader, 11b both), user data (bit 4), EDC & ECC (bit 3), C2 error
 * information (bits 2-1: 01b the 294 bytes of C2 bits, 10b those and the
 * block error byte with a pad byte, 11b reserved). Byte 10 bits 2-0: the
 * sub-channel (000b none, 001b raw P-W, 010b formatted Q, 100b R-W;
 * the others reserved). */
struct read_cd_req {
	int64_t lba;
	uint32_t blocks;
	unsigned type;
	bool sync, header, subheader, user, edc;
	unsigned c2;
	unsigned sub;
};

enum { SUB_NONE = 0, SUB_RAW = 1, SUB_Q = 2, SUB_RW = 4 };

/* LBA of a READ CD MSF address: MSF 00:02:00 is LBA 0; minutes 90 and up
 * are the lead-in's negative addresses (MMC-6 4.2.3.6). */
static int64_t msf_to_lba(const uint8_t *p)
{
	int64_t f = ((int64_t)p[0] * 60 + p[1]) * 75 + p[2];
	return p[0] >= 90 ? f - 450150 : f - 150;
}

static enum mmc_sense_code decode(struct mmcemu_cmd *c, struct read_cd_req *r)
{
	const uint8_t *cdb = c->cdb;
	memset(r, 0, sizeof(*r));
	r->type = (cdb[1] >> 2) & 7;
	if (r->type > READ_CD_MODE2_FORM2)
		return cdb_field_error(c, 1, 4);
	/* Byte 1 bit 1 is DAP (digital audio play: conceal C2 errors in
	 * audio), which cdparanoia sets; with no errors it changes nothing. */
	if (cdb[0] == MMC_OP_READ_CD) {
		r->lba = (int32_t)mmc_get_be32(&cdb[2]);
		r->blocks = mmc_get_be24(&cdb[6]);
	} else {
		/* READ CD MSF: bytes 3-5 the start, 6-8 the end, which is not
		 * read; an end before the start is 05/24/00 (MMC-6 6.20). */
		for (unsigned i = 3; i <= 6; i += 3) {
			if (cdb[i + 1] >= 60)
				return cdb_field_error(c, i + 1, -1);
			if (cdb[i + 2] >= 75)
				return cdb_field_error(c, i + 2, -1);
		}
		int64_t start = msf_to_lba(&cdb[3]), end = msf_to_lba(&cdb[6]);
		if (end < start)
			return cdb_field_error(c, 6, -1);
		r->lba = start;
		r->blocks = (uint32_t)(end - start);
	}
	uint8_t b9 = cdb[9];
	r->sync = b9 & 0x80;
	r->header = b9 & 0x20;
	r->subheader = b9 & 0x40;
	r->user = b9 & 0x10;
	r->edc = b9 & 0x08;
	r->c2 = (b9 >> 1) & 3;
	if (r->c2 == 3)
		return cdb_field_error(c, 9, 2);
	if (b9 & 0x01)
		return cdb_field_error(c, 9, 0);
	r->sub = cdb[10] & 7;
	if (r->sub != SUB_NONE && r->sub != SUB_RAW && r->sub != SUB_Q && r->sub != SUB_RW)
		return cdb_field_error(c, 10, 2);
	return MMC_SENSE_NO_SENSE;
}

/* ---- what one sector is ---------------------------------------------------- */

/* A mode 2 track holds CD-ROM XA sectors (form from each subheader)
 * unless it was written formless. */
static bool track_is_xa(const struct media_state *m, int64_t lba)
{
	unsigned index;
	const struct media_track *t = media_sector_track(m, lba, &index);
	return t && t->xa;
}

/* The format of the sector at lba as the stored bytes say (a pregap reads
 * as zeros of its track's mode: the length tells which). */
static enum cd_sector_format sector_format(const struct media_state *m, int64_t lba,
					   const uint8_t *data, size_t len)
{
	if (len == MEDIA_AUDIO_SECTOR)
		return CD_FMT_AUDIO;
	if (len == MEDIA_MODE1_SECTOR)
		return CD_FMT_MODE1;
	if (!track_is_xa(m, lba))
		return CD_FMT_MODE2_FORMLESS;
	return cd_xa_form(data);
}

static bool type_matches(unsigned type, enum cd_sector_format f)
{
	switch (type) {
	case READ_CD_ANY:
		return true;
	case READ_CD_CDDA:
		return f == CD_FMT_AUDIO;
	case READ_CD_MODE1:
		return f == CD_FMT_MODE1;
	case READ_CD_MODE2:
		return f == CD_FMT_MODE2_FORMLESS;
	case READ_CD_MODE2_FORM1:
		return f == CD_FMT_MODE2_FORM1;
	case READ_CD_MODE2_FORM2:
		return f == CD_FMT_MODE2_FORM2;
	default:
		return false;
	}
}

/* The main-channel bytes the selection takes from a sector of format f,
 * as one span; false when the selection is not contiguous in it.
 *
 * MMC-6 6.19: the fields are returned in the order they lie in the sector
 * and must be contiguous there; the table of byte counts per sector type
 * marks the others illegal (05/24/00). A field the format does not have
 * (mode 1's subheader, form 2's EDC/ECC, which MMC counts in its user
 * data) is no gap: header + user data of mode 1 is 2052 bytes, of form 1
 * it is illegal (the subheader lies between); subheader + EDC/ECC skips
 * the user data in every format. An audio sector has no sync, header or
 * EDC: the user data bit returns its 2352 bytes and the rest is ignored. */
static bool main_channel_span(const struct read_cd_req *r, enum cd_sector_format f,
			      struct cd_span *out)
{
	struct cd_layout l;
	cd_sector_layout(f, &l);
	*out = (struct cd_span){0, 0};
	if (f == CD_FMT_AUDIO) {
		if (r->user)
			*out = l.user;
		return true;
	}
	const struct cd_span *field[5] = {&l.sync, &l.header, &l.subheader, &l.user, &l.edc_ecc};
	const bool sel[5] = {r->sync, r->header, r->subheader, r->user, r->edc};
	int first = -1, last = -1;
	for (int i = 0; i < 5; i++) {
		if (sel[i]) {
			if (first < 0)
				first = i;
			last = i;
		}
	}
	if (first < 0)
		return true;
	for (int i = first; i <= last; i++)
		if (!sel[i] && field[i]->len)
			return false;
	unsigned len = 0;
	for (int i = first; i <= last; i++)
		len += field[i]->len;
	*out = (struct cd_span){field[first]->off, (uint16_t)len};
	return true;
}

static size_t c2_len(unsigned c2)
{
	return c2 == 1 ? CD_C2_LEN : c2 == 2 ? CD_C2_LEN + 2 : 0;
}

static size_t sub_len(unsigned sub)
{
	return sub == SUB_Q ? 16 : sub == SUB_NONE ? 0 : CD_SUBCHANNEL_RAW;
}

/* ---- the Q position from the track layout ---------------------------------- */

/* Track, index and relative time of lba (media_sector_track: the track
 * holding it, run-out and padding included, index 1 counting up from its
 * start; or the track whose pregap holds it, index 0 counting down to
 * it). Anything else is no sector READ CD returns; READ SUB-CHANNEL
 * before any read reports the first track's start. */
static void q_position(const struct media_state *m, int64_t lba, struct cd_q_position *q)
{
	unsigned index = 1;
	const struct media_track *t = media_sector_track(m, lba, &index);
	*q = (struct cd_q_position){.control = MEDIA_CONTROL_DATA, .track = 1, .index = 1,
				    .lba = lba, .rel = lba};
	if (!t)
		return;
	q->control = t->track_mode & 0x0F;
	q->track = (uint8_t)t->number;
	q->index = (uint8_t)index;
	q->rel = lba - t->start;
}

/* MMC-6 6.19, sub-channel selection 010b: the 12 bytes of Q as the disc
 * carries them (control/ADR, TNO, INDEX, MIN, SEC, FRAME, ZERO, AMIN,
 * ASEC, AFRAME, times in BCD) in 16 bytes; bytes 10-11 may carry the CRC
 * and do here, 12-15 are zero. */
static void put_subchannel(const struct media_state *m, int64_t lba, unsigned sub, uint8_t *p)
{
	struct cd_q_position pos;
	uint8_t q[CD_SUBQ_LEN];
	q_position(m, lba, &pos);
	cd_subq_position(q, &pos);
	switch (sub) {
	case SUB_RAW:
		cd_subchannel_raw(p, q, pos.index == 0);
		break;
	case SUB_Q:
		memset(p, 0, 16);
		memcpy(p, q, CD_SUBQ_LEN);
		break;
	case SUB_RW:
		/* De-interleaved, corrected R-W: the disc has no CD-TEXT or
		 * CD+G packs, so all zeros. */
		memset(p, 0, CD_SUBCHANNEL_RAW);
		break;
	default:
		break;
	}
}

/* ---- READ CD, READ CD MSF -------------------------------------------------- */

/* The last sector a READ CD transferred: READ SUB-CHANNEL reports it as
 * the current position, as a drive reports where its head is. */
static void set_head(struct mmcemu_drive *d, int64_t lba)
{
	d->subq_lba = lba;
	d->subq_valid = true;
}

/* What a sector of this kind is to READ CD: stored sectors are read, the
 * others refused as READ(10) refuses them: never recorded 05/21/00; the
 * link, run-in and run-out blocks of a TAO data track 05/64/00, whose
 * header marks them as such (docs/emulator-media.md, "The TAO layout"). */
static enum mmc_sense_code check_kind(enum media_sector_kind k)
{
	switch (k) {
	case SECTOR_BLANK:
		return MMC_SENSE_ILLEGAL_LBA_OUT_OF_RANGE;
	case SECTOR_UNREADABLE:
		return MMC_SENSE_ILLEGAL_MODE_FOR_THIS_TRACK;
	default:
		return MMC_SENSE_NO_SENSE;
	}
}

/* DVD and BD media have no CD sectors: READ CD reads their user data
 * (2048 bytes) and nothing else, as before issue 15. */
static enum mmc_sense_code read_non_cd(struct mmcemu_drive *d, struct mmcemu_cmd *c,
				       const struct read_cd_req *r)
{
	if (r->type != READ_CD_ANY && r->type != READ_CD_MODE1)
		return MMC_SENSE_ILLEGAL_MODE_FOR_THIS_TRACK;
	if (r->sync || r->header || r->subheader || r->edc || r->c2)
		return cdb_field_error(c, 9, -1);
	if (r->sub)
		return cdb_field_error(c, 10, 2);
	enum mmc_sense_code rc = media_check_read(&d->media, r->lba, r->blocks);
	if (rc != MMC_SENSE_NO_SENSE || !r->user || !r->blocks)
		return rc;
	if ((uint64_t)r->blocks * DISC_SECTOR_SIZE > c->in_cap)
		return cdb_field_error(c, 6, -1);
	if (disc_store_read(&d->store, r->lba, r->blocks, c->in) != 0)
		return MMC_SENSE_MEDIUM_UNRECOVERED_READ_ERROR;
	c->in_len = (size_t)r->blocks * DISC_SECTOR_SIZE;
	d->stats.blocks_read += r->blocks;
	return MMC_SENSE_NO_SENSE;
}

/* Reads sector lba into raw (2352 bytes, built) and says its format. */
static enum mmc_sense_code load_sector(struct mmcemu_drive *d, int64_t lba, uint8_t *raw,
				       enum cd_sector_format *f)
{
	uint8_t data[CD_RAW_SECTOR];
	size_t len = 0;
	if (disc_store_read_sector(&d->store, &d->media, lba, data, &len) != 0)
		return MMC_SENSE_MEDIUM_UNRECOVERED_READ_ERROR;
	*f = sector_format(&d->media, lba, data, len);
	cd_sector_build(raw, *f, lba, data);
	return MMC_SENSE_NO_SENSE;
}

static enum mmc_sense_code read_cd(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	struct read_cd_req r;
	enum mmc_sense_code rc = decode(c, &r);
	if (rc != MMC_SENSE_NO_SENSE)
		return rc;
	if (d->media.profile.family != MMC_FAMILY_CD)
		return read_non_cd(d, c, &r);
	/* A medium busy formatting or blanking answers first (media_check_read
	 * of no blocks checks only that); READ CD then goes sector by
	 * sector, as it reads audio and pregaps READ(10) refuses. */
	rc = media_check_read(&d->media, r.lba, 0);
	if (rc != MMC_SENSE_NO_SENSE)
		return rc;
	c->in_len = 0;
	uint8_t raw[CD_RAW_SECTOR];
	bool first_audio = false;
	size_t extra = c2_len(r.c2) + sub_len(r.sub);
	for (uint32_t i = 0; i < r.blocks; i++) {
		int64_t lba = r.lba + i;
		enum cd_sector_format f;
		rc = check_kind(media_sector_kind(&d->media, lba));
		if (rc == MMC_SENSE_NO_SENSE)
			rc = load_sector(d, lba, raw, &f);
		if (rc != MMC_SENSE_NO_SENSE)
			return rc;
		/* The expected sector type, and with "any type" the transition
		 * between CD-DA and data, end the command at that sector
		 * (MMC-6 6.19: 05/64/00 ILLEGAL MODE FOR THIS TRACK). */
		bool audio = f == CD_FMT_AUDIO;
		if (i == 0)
			first_audio = audio;
		if (!type_matches(r.type, f) || audio != first_audio)
			return MMC_SENSE_ILLEGAL_MODE_FOR_THIS_TRACK;
		struct cd_span span;
		if (!main_channel_span(&r, f, &span))
			return cdb_field_error(c, 9, -1);
		if (c->in_len + span.len + extra > c->in_cap)
			return cdb_field_error(c, 6, -1);
		uint8_t *p = c->in + c->in_len;
		memcpy(p, raw + span.off, span.len);
		p += span.len;
		/* C2 error bits (and the block error byte and its pad): none. */
		memset(p, 0, c2_len(r.c2));
		p += c2_len(r.c2);
		put_subchannel(&d->media, lba, r.sub, p);
		c->in_len += span.len + extra;
		set_head(d, lba);
	}
	d->stats.blocks_read += r.blocks;
	return MMC_SENSE_NO_SENSE;
}

enum mmc_sense_code cmd_read_cd(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	return read_cd(d, c);
}

enum mmc_sense_code cmd_read_cd_msf(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	return read_cd(d, c);
}

/* ---- READ SUB-CHANNEL ------------------------------------------------------ */

/* Byte 3, the sub-channel parameter list code (MMC-6 6.29). */
enum { SUBQ_POSITION = 0x01, SUBQ_MCN = 0x02, SUBQ_ISRC = 0x03 };

/* Audio status (header byte 1): the drive does not play audio (no PLAY
 * AUDIO), so there is never a play operation to report. */
#define AUDIO_STATUS_NONE 0x15

static void put_address(uint8_t *p, int64_t lba, bool msf, bool relative)
{
	if (!msf) {
		mmc_put_be32(p, (uint32_t)(int32_t)lba);
		return;
	}
	/* MSF form: the time Q carries (binary). The relative time is the
	 * distance to index 1, also in the pause before it. */
	uint8_t t[3];
	cd_lba_to_msf(relative ? (lba < 0 ? -lba : lba) - 150 : lba, t);
	p[0] = 0;
	memcpy(p + 1, t, 3);
}

static const struct media_track *track_numbered(const struct media_state *m, unsigned n)
{
	for (unsigned i = 0; i < m->n_tracks; i++)
		if (m->tracks[i].number == n)
			return &m->tracks[i];
	return NULL;
}

enum mmc_sense_code cmd_read_subchannel(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	const struct media_state *m = &d->media;
	bool msf = c->cdb[1] & 0x02;
	bool subq = c->cdb[2] & 0x40;
	unsigned format = c->cdb[3];
	uint8_t *p = c->in;
	memset(p, 0, 24);
	p[1] = AUDIO_STATUS_NONE;
	if (format < SUBQ_POSITION || format > SUBQ_ISRC)
		return cdb_field_error(c, 3, -1);
	const struct media_track *isrc_track = NULL;
	if (format == SUBQ_ISRC) {
		isrc_track = track_numbered(m, c->cdb[6]);
		if (!isrc_track)
			return cdb_field_error(c, 6, -1);
	}
	/* SubQ = 0: the header alone, no sub-channel data. */
	if (!subq) {
		c->in_len = 4;
		return MMC_SENSE_NO_SENSE;
	}
	p[4] = (uint8_t)format;
	switch (format) {
	case SUBQ_POSITION: {
		/* Where the last READ CD left the head; the start of the first
		 * track before any. */
		int64_t lba = d->subq_valid ? d->subq_lba : (m->n_tracks ? m->tracks[0].start : 0);
		struct cd_q_position q;
		q_position(m, lba, &q);
		p[5] = (uint8_t)(0x10 | q.control); /* ADR 1 in bits 7-4, control 3-0 */
		p[6] = q.track;
		p[7] = q.index;
		put_address(p + 8, lba, msf, false);
		put_address(p + 12, q.rel, msf, true);
		mmc_put_be16(p + 2, 12);
		c->in_len = 16;
		break;
	}
	case SUBQ_MCN:
		/* MMC-6 6.29, format 02h: MCVal (byte 8 bit 7), then N1-N13
		 * in bytes 9-21 as ASCII; the disc's number, from page 05h
		 * when it was written (media.h). */
		if (m->mcn[0]) {
			p[8] = 0x80;
			memcpy(p + 9, m->mcn, MEDIA_MCN_LEN);
		}
		mmc_put_be16(p + 2, 20);
		c->in_len = 24;
		break;
	case SUBQ_ISRC:
		/* Format 03h: ADR 3 / control, the track, TCVal (byte 8 bit 7),
		 * I1-I12 in bytes 9-20 as ASCII; audio tracks written with
		 * page 05h's TCVAL set carry one. */
		p[5] = (uint8_t)(0x30 | (isrc_track->track_mode & 0x0F));
		p[6] = (uint8_t)isrc_track->number;
		if (isrc_track->isrc[0]) {
			p[8] = 0x80;
			memcpy(p + 9, isrc_track->isrc, MEDIA_ISRC_LEN);
		}
		mmc_put_be16(p + 2, 20);
		c->in_len = 24;
		break;
	}
	return MMC_SENSE_NO_SENSE;
}
