/* FORMAT UNIT, READ FORMAT CAPACITIES, BLANK.
 *
 * A format or blank changes the medium at once and saves it, so a killed
 * emulator leaves a disc that reopens formatted or blank; what takes time
 * is the drive being busy afterwards, on its clock (drive_long_op_run):
 * with Immed the command returns GOOD and TEST UNIT READY / REQUEST SENSE
 * report 02/04/04 or 02/04/07 with the progress until the end, media
 * commands get the same sense; without Immed the command itself lasts
 * that long, and on a real clock the drive answers the same way meanwhile
 * (drive_long_op_run sleeps without the drive lock). How long:
 * format_duration() and blank_duration() below. What each medium offers,
 * one table per profile: docs/emulator-media.md "Formatting". */
#include <string.h>

#include "drive.h"
#include "mmc/be.h"

/* Format types (FORMAT UNIT, MMC-6 6.4.4.2). */
enum format_type {
	FMT_FULL = 0x00, /* BD-RE: with the default spare areas */
	FMT_BD_SPARES = 0x30, /* BD-RE: with a chosen spare size */
	FMT_BD_NO_SPARES = 0x31, /* BD-RE: without spare areas */
	FMT_DVD_PLUS_RW = 0x26, /* DVD+RW: background format */
};

/* BD-RE single layer: 12,219,392 sectors without spares; the default
 * spare areas (ISA 4096 + OSA 8192 clusters of 32) leave 11,826,176, the
 * smallest (OSA 256 clusters) 12,080,128, the largest (OSA 65536
 * clusters) 9,991,168 (BD-RE part 1; drives offer these three). */
#define BD_CLUSTER 32
#define BD_ISA (4096u * BD_CLUSTER)
#define BD_SPARES_DEFAULT (BD_ISA + 8192u * BD_CLUSTER)
#define BD_SPARES_MIN (BD_ISA + 256u * BD_CLUSTER)
#define BD_SPARES_MAX (BD_ISA + 65536u * BD_CLUSTER)

struct format_offer {
	uint8_t type; /* enum format_type */
	uint32_t blocks;
};

/* The formats a medium offers, in READ FORMAT CAPACITIES order: by the
 * full format mmc/profiles.h names for it (26h DVD+RW and DVD+RW DL; 00h
 * with spares on BD-RE). Media the emulator has no format model for
 * (DVD-RAM) offer none. */
static unsigned format_offers(const struct media_state *m, struct format_offer *o)
{
	uint32_t cap = m->profile.capacity;
	int type = mmc_profile_format_type(m->profile.number);
	if (type == FMT_FULL && m->profile.family != MMC_FAMILY_BD)
		return 0;
	switch (type) {
	case FMT_DVD_PLUS_RW:
		o[0] = (struct format_offer){FMT_DVD_PLUS_RW, cap};
		return 1;
	case FMT_FULL:
		o[0] = (struct format_offer){FMT_FULL, cap - BD_SPARES_DEFAULT};
		o[1] = (struct format_offer){FMT_BD_SPARES, cap - BD_SPARES_DEFAULT};
		o[2] = (struct format_offer){FMT_BD_SPARES, cap - BD_SPARES_MAX};
		o[3] = (struct format_offer){FMT_BD_SPARES, cap - BD_SPARES_MIN};
		o[4] = (struct format_offer){FMT_BD_NO_SPARES, cap};
		return 5;
	default:
		return 0;
	}
}

/* Commits a state change: the disc must reopen in this state. */
static enum mmc_sense_code changed(struct mmcemu_drive *d, enum mmc_sense_code rc)
{
	return rc == MMC_SENSE_NO_SENSE ? drive_persist(d) : rc;
}

/* Saves the change, then keeps the drive busy for duration_ns: only a
 * change that is on disc counts as started. */
static enum mmc_sense_code changed_over_time(struct mmcemu_drive *d, enum mmc_sense_code rc,
					     enum media_busy kind, uint64_t duration_ns,
					     bool immed)
{
	rc = changed(d, rc);
	if (rc == MMC_SENSE_NO_SENSE)
		drive_long_op_run(d, kind, duration_ns, immed);
	return rc;
}

/* ---- READ FORMAT CAPACITIES (MMC-6 6.23) ------------------------------- */

/* Descriptor type of the current/maximum capacity descriptor. */
enum { CAP_UNFORMATTED = 1, CAP_FORMATTED = 2 };

static uint8_t *capacity_descriptor(uint8_t *p, uint32_t blocks, uint8_t type_byte,
				    uint32_t param)
{
	mmc_put_be32(p, blocks);
	p[4] = type_byte;
	mmc_put_be24(p + 5, param);
	return p + 8;
}

enum mmc_sense_code cmd_read_format_capacities(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	const struct media_state *m = &d->media;
	struct format_offer offers[8];
	unsigned n = format_offers(m, offers);
	bool formatted = m->profile.sequential ? m->status != DISC_BLANK : m->formatted;
	uint32_t current = m->formatted ? m->formatted_size : m->profile.capacity;
	uint8_t *p = c->in + 4;
	memset(c->in, 0, 4);
	p = capacity_descriptor(p, current, formatted ? CAP_FORMATTED : CAP_UNFORMATTED,
				DISC_SECTOR_SIZE);
	for (unsigned i = 0; i < n; i++)
		p = capacity_descriptor(p, offers[i].blocks, (uint8_t)(offers[i].type << 2), 0);
	c->in_len = (size_t)(p - c->in);
	c->in[3] = (uint8_t)(c->in_len - 4);
	return MMC_SENSE_NO_SENSE;
}

/* ---- FORMAT UNIT (MMC-6 6.4) -------------------------------------------- */

/* Parameter list: 4-byte header (byte 1: FOV, ..., Immed; bytes 2-3:
 * descriptor length = 8) and one format descriptor (bytes 4-11). */
#define FMT_LIST_LEN 12

/* Blocks to format for a requested type and count: DVD+RW takes any
 * count (FFFFFFFFh included: "all", MMC-6 6.4.4.2.14); BD-RE 30h takes a
 * size between the largest and the smallest spare offer; 0 or all-ones
 * elsewhere ask for the offered size. 0 when the request is not offered. */
static uint32_t format_blocks(const struct media_state *m, uint8_t type, uint32_t want)
{
	struct format_offer o[8];
	unsigned n = format_offers(m, o);
	uint32_t cap = m->profile.capacity;
	for (unsigned i = 0; i < n; i++) {
		if (o[i].type != type)
			continue;
		if (type == FMT_DVD_PLUS_RW)
			return want && want <= cap ? want : cap;
		if (want == 0 || want == 0xFFFFFFFFu)
			return o[i].blocks;
		if (type == FMT_BD_SPARES && want >= cap - BD_SPARES_MAX &&
		    want <= cap - BD_SPARES_MIN && want % BD_CLUSTER == 0)
			return want;
		if (want == o[i].blocks)
			return want;
	}
	return 0;
}

static enum mmc_sense_code check_format_cdb(struct mmcemu_cmd *c)
{
	/* MMC drives format from a parameter list only: FmtData = 1 and
	 * format code 001b (MMC-6 6.4.2). */
	if (!(c->cdb[1] & 0x10))
		return cdb_field_error(c, 1, 4);
	if ((c->cdb[1] & 0x07) != 1)
		return cdb_field_error(c, 1, 2);
	if (c->out_avail < FMT_LIST_LEN)
		return MMC_SENSE_ILLEGAL_PARAMETER_LIST_LENGTH;
	if (mmc_get_be16(&c->out[2]) != 8)
		return param_field_error(c, 2, -1);
	return MMC_SENSE_NO_SENSE;
}

/* How long the drive is busy after FORMAT UNIT: the profile's format_ms
 * (docs/media-profiles.md: DVD+RW 2 s before the background format takes
 * over, BD-RE 5 s of quick format); none on an unlimited clock. */
static uint64_t format_duration(const struct mmcemu_drive *d)
{
	if (!clock_is_timed(&d->clk))
		return 0;
	return (uint64_t)d->media.profile.format_ms * 1000000u;
}

enum mmc_sense_code cmd_format_unit(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	enum mmc_sense_code rc = check_format_cdb(c);
	if (rc != MMC_SENSE_NO_SENSE)
		return rc;
	struct media_state *m = &d->media;
	if (m->profile.sequential)
		return MMC_SENSE_ILLEGAL_INCOMPATIBLE_MEDIUM;
	uint8_t type = c->out[8] >> 2;
	uint32_t blocks = format_blocks(m, type, mmc_get_be32(&c->out[4]));
	if (!blocks) {
		bool known = format_blocks(m, type, 0) != 0;
		return known ? param_field_error(c, 4, -1) : param_field_error(c, 8, 7);
	}
	bool background = type == FMT_DVD_PLUS_RW;
	bool immed = c->out[1] & 0x02; /* format list header, byte 1 bit 1 */
	return changed_over_time(d, media_format_with(m, blocks, background), MEDIA_FORMATTING,
				 format_duration(d), immed);
}

/* ---- BLANK (MMC-6 6.1) --------------------------------------------------- */

enum blank_type { BLANK_FULL = 0, BLANK_MINIMAL = 1 };

/* Sectors from the ATIP start of lead-in to LBA 0: the lead-in, then the
 * 150-sector pregap of track 1. Lead-in addresses are MSF 90:00:00 and up,
 * LBA = frames - 450150 (the wrap cmd_toc.c's put_msf undoes). */
static uint32_t lead_in_sectors(const struct mmcemu_profile *p)
{
	const uint8_t *msf = p->atip_lead_in_msf;
	uint32_t frames = ((uint32_t)msf[0] * 60 + msf[1]) * 75 + msf[2];
	return frames < 450150 ? 450150 - frames : 0;
}

/* A blank passes the laser over the sectors it erases at the current
 * write speed (CD-RW is recorded CLV: one rate from inner to outer edge).
 * Minimal (PMA, TOC, first pregap) covers the lead-in and the pregap of
 * track 1; full covers that and the whole program area up to the last
 * possible lead-out start (the capacity). On the shipped CD-RW: 11,076 +
 * 359,849 sectors, 200 s at 24x, 20 min at 4x; minimal 6 s at 24x, 37 s at
 * 4x, as real drives take. None on an unlimited clock (rate 0). */
static uint64_t blank_duration(const struct mmcemu_drive *d, bool full)
{
	const struct mmcemu_profile *p = &d->media.profile;
	uint64_t rate = drive_write_rate(d);
	uint64_t sectors = lead_in_sectors(p) + (full ? p->capacity : 0);
	if (rate == 0)
		return 0;
	return (uint64_t)((unsigned __int128)sectors * DISC_SECTOR_SIZE * 1000000000u / rate);
}

enum mmc_sense_code cmd_blank(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	/* Blanking a track, unreserving, tail, unclosing a session are for
	 * packet-written CD-RW and DVD-RW, which are not emulated. */
	unsigned type = c->cdb[1] & 0x07;
	if (type != BLANK_FULL && type != BLANK_MINIMAL)
		return cdb_field_error(c, 1, 2);
	struct media_state *m = &d->media;
	enum mmc_sense_code rc = media_blank(m, type == BLANK_FULL);
	if (rc != MMC_SENSE_NO_SENSE)
		return rc;
	/* Both types leave nothing readable; dropping the image's data keeps
	 * a re-written disc from showing old sectors in its padding. */
	if (disc_store_discard(&d->store, 0, m->profile.capacity) != 0)
		return MMC_SENSE_HARDWARE_INTERNAL_TARGET_FAILURE;
	bool immed = c->cdb[1] & 0x10;
	return changed_over_time(d, rc, MEDIA_BLANKING, blank_duration(d, type == BLANK_FULL),
				 immed);
}
