/* GET CONFIGURATION (MMC-6 6.5): the profile list and the features the
 * drive supports, each marked current when the loaded medium makes it so.
 * The header's current profile (bytes 6-7) is what every burner reads
 * first to decide everything else.
 *
 * Features are rows of one table: code, version, persistence, whether the
 * drive has the feature at all (from the profiles it supports), whether it
 * is current, and a builder for the feature dependent data. */
#include <string.h>

#include "drive.h"
#include "mmc/be.h"
#include "mmc/features.h"

struct feature {
	uint16_t code;
	uint8_t version;
	bool persistent;
	/* The drive has this feature (NULL: always). */
	bool (*supported)(const struct mmcemu_drive *d);
	/* The feature is current (NULL: always, for persistent ones). */
	bool (*current)(const struct mmcemu_drive *d);
	/* Writes the feature dependent data at p (after the 4-byte feature
	 * header) and returns its length, a multiple of 4 (NULL: none). */
	size_t (*build)(const struct mmcemu_drive *d, uint8_t *p);
};

/* ---- what the drive has, from its profiles ---- */

static bool has_profile(const struct mmcemu_drive *d, uint16_t number)
{
	for (int i = 0; i < d->n_profiles; i++)
		if (d->profiles[i].number == number)
			return true;
	return false;
}

static bool has_family(const struct mmcemu_drive *d, enum mmc_media_family fam)
{
	for (int i = 0; i < d->n_profiles; i++)
		if (d->profiles[i].family == fam)
			return true;
	return false;
}

static bool has_write_mode(const struct mmcemu_drive *d, enum mmc_media_family fam,
			   unsigned mode)
{
	for (int i = 0; i < d->n_profiles; i++)
		if (d->profiles[i].family == fam && (d->profiles[i].write_modes & mode))
			return true;
	return false;
}

/* The profile classes come from mmc/profiles.h. DVD-R/-RW Write (5.3.18)
 * is sequential DVD-R/-RW recording. */
static bool is_dvd_dash_seq(uint16_t p)
{
	return mmc_profile_is(p, MMC_PA_SEQ | MMC_PA_DASH);
}

/* Random Writable (5.3.9): media written at any LBA. DVD-RW restricted
 * overwrite is random too, but has its own feature (Restricted Overwrite,
 * 0026h) instead of this one. */
static bool is_random_rewritable(uint16_t p)
{
	return mmc_profile_is(p, MMC_PA_RAND) && !mmc_profile_is(p, MMC_PA_DASH);
}

/* Incremental Streaming Writable (5.3.10): the media page 05h records at
 * the NWA (CD-R/RW, DVD-R/-RW sequential). */
static bool is_incremental(uint16_t p)
{
	return mmc_profile_is(p, MMC_PA_SEQ | MMC_PA_P05);
}

static bool has_cd(const struct mmcemu_drive *d) { return has_family(d, MMC_FAMILY_CD); }
static bool has_dvd(const struct mmcemu_drive *d) { return has_family(d, MMC_FAMILY_DVD); }
static bool has_bd(const struct mmcemu_drive *d) { return has_family(d, MMC_FAMILY_BD); }

static bool has_random_writable(const struct mmcemu_drive *d)
{
	for (int i = 0; i < d->n_profiles; i++)
		if (is_random_rewritable(d->profiles[i].number))
			return true;
	return false;
}

static bool has_incremental(const struct mmcemu_drive *d)
{
	for (int i = 0; i < d->n_profiles; i++) {
		if (is_incremental(d->profiles[i].number))
			return true;
	}
	return false;
}

static bool has_formattable(const struct mmcemu_drive *d)
{
	for (int i = 0; i < d->n_profiles; i++)
		if (d->profiles[i].needs_format)
			return true;
	return false;
}

static bool has_bd_re(const struct mmcemu_drive *d) { return has_profile(d, MMC_PROFILE_BD_RE); }
static bool has_dvd_plus_rw(const struct mmcemu_drive *d) { return has_profile(d, MMC_PROFILE_DVD_PLUS_RW); }
static bool has_dvd_plus_r(const struct mmcemu_drive *d) { return has_profile(d, MMC_PROFILE_DVD_PLUS_R); }
static bool has_cd_tao(const struct mmcemu_drive *d) { return has_write_mode(d, MMC_FAMILY_CD, WRITE_MODE_TAO); }

static bool has_cd_mastering(const struct mmcemu_drive *d)
{
	return has_write_mode(d, MMC_FAMILY_CD, WRITE_MODE_SAO | WRITE_MODE_RAW);
}

static bool has_dvd_dash(const struct mmcemu_drive *d)
{
	for (int i = 0; i < d->n_profiles; i++)
		if (is_dvd_dash_seq(d->profiles[i].number))
			return true;
	return false;
}

/* A medium the drive records: sequential or random (not a ROM). */
static bool is_writable(uint16_t p)
{
	return mmc_profile_is(p, MMC_PA_SEQ) || mmc_profile_is(p, MMC_PA_RAND);
}

static bool has_bd_write(const struct mmcemu_drive *d)
{
	for (int i = 0; i < d->n_profiles; i++)
		if (d->profiles[i].family == MMC_FAMILY_BD && is_writable(d->profiles[i].number))
			return true;
	return false;
}

/* DVD-R/-RW Write's DVD-RW bit: the drive records DVD-RW, in either mode. */
static bool has_dvd_rw(const struct mmcemu_drive *d)
{
	for (int i = 0; i < d->n_profiles; i++)
		if (mmc_profile_is(d->profiles[i].number, MMC_PA_DASH | MMC_PA_RW))
			return true;
	return false;
}

/* ---- what the loaded medium makes current ---- */

static uint16_t cur(const struct mmcemu_drive *d) { return drive_current_profile(d); }

static enum mmc_media_family cur_family(const struct mmcemu_drive *d)
{
	return d->has_medium ? d->media.profile.family : MMC_FAMILY_NONE;
}

static bool medium_loaded(const struct mmcemu_drive *d) { return d->has_medium; }
static bool cur_cd(const struct mmcemu_drive *d) { return cur_family(d) == MMC_FAMILY_CD; }
static bool cur_dvd(const struct mmcemu_drive *d) { return cur_family(d) == MMC_FAMILY_DVD; }
static bool cur_bd(const struct mmcemu_drive *d) { return cur_family(d) == MMC_FAMILY_BD; }

/* MMC-6 5.3.5: Random Readable is current when the medium has readable
 * logical blocks: not on a blank write-once disc or an unformatted one. */
static bool cur_readable(const struct mmcemu_drive *d)
{
	return d->has_medium && d->media.status != DISC_BLANK;
}

static bool cur_random_writable(const struct mmcemu_drive *d)
{
	return d->has_medium && is_random_rewritable(cur(d)) && !d->media.write_protected;
}

static bool cur_incremental(const struct mmcemu_drive *d)
{
	return is_incremental(cur(d));
}

static bool cur_formattable(const struct mmcemu_drive *d)
{
	return d->has_medium && d->media.profile.needs_format;
}

static bool cur_bd_re(const struct mmcemu_drive *d) { return cur(d) == MMC_PROFILE_BD_RE; }
static bool cur_dvd_plus_rw(const struct mmcemu_drive *d) { return cur(d) == MMC_PROFILE_DVD_PLUS_RW; }
static bool cur_dvd_plus_r(const struct mmcemu_drive *d) { return cur(d) == MMC_PROFILE_DVD_PLUS_R; }
static bool cur_dvd_dash(const struct mmcemu_drive *d) { return is_dvd_dash_seq(cur(d)); }

static bool cur_cd_mode(const struct mmcemu_drive *d, unsigned mode)
{
	return cur_cd(d) && (d->media.profile.write_modes & mode);
}

static bool cur_cd_tao(const struct mmcemu_drive *d) { return cur_cd_mode(d, WRITE_MODE_TAO); }

static bool cur_cd_mastering(const struct mmcemu_drive *d)
{
	return cur_cd_mode(d, WRITE_MODE_SAO | WRITE_MODE_RAW);
}

static bool cur_bd_write(const struct mmcemu_drive *d)
{
	return cur_bd(d) && is_writable(cur(d));
}

/* ---- feature dependent data (MMC-6 5.3.x) ---- */

/* Profile list (5.3.1): every profile the drive knows once, highest
 * number first as drives list them, CurrentP on the loaded one. */
static size_t build_profile_list(const struct mmcemu_drive *d, uint8_t *p)
{
	size_t n = 0;
	uint32_t last = 0x10000;
	for (;;) {
		uint32_t next = 0;
		for (int i = 0; i < d->n_profiles; i++)
			if (d->profiles[i].number < last && d->profiles[i].number > next)
				next = d->profiles[i].number;
		if (!next)
			break;
		memset(&p[n], 0, 4);
		mmc_put_be16(&p[n], (uint16_t)next);
		p[n + 2] = next == cur(d) ? 0x01 : 0x00;
		n += 4;
		last = next;
	}
	return n;
}

/* Core (5.3.2) version 2: physical interface SCSI (1), DBE=1 (required
 * for version 2), INQ2=0. */
static size_t build_core(const struct mmcemu_drive *d, uint8_t *p)
{
	(void)d;
	memset(p, 0, 8);
	mmc_put_be32(&p[0], 0x00000001);
	p[4] = 0x01;
	return 8;
}

/* Morphing (5.3.3) version 1: OCEvent=0, ASYNC=0 (polling only). The
 * drive answers GET EVENT STATUS NOTIFICATION's operational change class
 * but never posts an event in it (no feature change is reported when a
 * session is closed), so it does not claim OCEvent; the kernel's sr polls
 * the media class only anyway (docs/tcmu-handler.md "After a burn"). */
static size_t build_morphing(const struct mmcemu_drive *d, uint8_t *p)
{
	(void)d;
	memset(p, 0, 4);
	return 4;
}

/* Removable medium (5.3.4): tray (001b), Eject, Lock; Pvnt Jmpr=0. */
static size_t build_removable(const struct mmcemu_drive *d, uint8_t *p)
{
	(void)d;
	memset(p, 0, 4);
	p[0] = 0x20 | 0x08 | 0x01;
	return 4;
}

static uint16_t blocking(const struct mmcemu_drive *d)
{
	return mmc_family_blocking(cur_family(d));
}

/* Random readable (5.3.5): 2048-byte blocks, blocking of the medium's
 * ECC block (CD 1, DVD 16, BD 32), PP=1. */
static size_t build_random_readable(const struct mmcemu_drive *d, uint8_t *p)
{
	memset(p, 0, 8);
	mmc_put_be32(&p[0], DISC_SECTOR_SIZE);
	mmc_put_be16(&p[4], blocking(d));
	p[6] = 0x01;
	return 8;
}

/* CD read (5.3.7) version 2: DAP and C2 flags (READ CD takes both,
 * cmd_readcd.c), no CD-Text (READ TOC format 5 is not answered). */
static size_t build_cd_read(const struct mmcemu_drive *d, uint8_t *p)
{
	(void)d;
	memset(p, 0, 4);
	p[0] = 0x80 | 0x02;
	return 4;
}

/* DVD read (5.3.8) version 1: MULTI110=0, DualR=0. */
static size_t build_dvd_read(const struct mmcemu_drive *d, uint8_t *p)
{
	(void)d;
	memset(p, 0, 4);
	return 4;
}

/* Random writable (5.3.9): last LBA, block size, blocking, PP=1. The
 * Last Logical Block Address is the last user addressable one, the figure
 * READ CAPACITY reports: a BD-RE formatted with spares offers less than
 * the medium's raw capacity, an unformatted one nothing (0). */
static size_t build_random_writable(const struct mmcemu_drive *d, uint8_t *p)
{
	int64_t last = d->has_medium ? media_last_readable_lba(&d->media) : -1;
	memset(p, 0, 12);
	mmc_put_be32(&p[0], last < 0 ? 0 : (uint32_t)last);
	mmc_put_be32(&p[4], DISC_SECTOR_SIZE);
	mmc_put_be16(&p[8], blocking(d));
	p[10] = 0x01;
	return 12;
}

/* Incremental streaming writable (5.3.10) version 1: data block types 8
 * and 10 (2048-byte user data), BUF; one link size: 7 on CD, 16 on
 * DVD-R (the ECC block). */
static size_t build_incremental(const struct mmcemu_drive *d, uint8_t *p)
{
	memset(p, 0, 8);
	mmc_put_be16(&p[0], (1u << 8) | (1u << 10));
	p[2] = 0x01;
	p[3] = 1;
	p[4] = cur_dvd(d) ? 16 : 7;
	return 8;
}

/* Formattable (5.3.11): no BD certification or RRM options. */
static size_t build_formattable(const struct mmcemu_drive *d, uint8_t *p)
{
	(void)d;
	memset(p, 0, 8);
	return 8;
}

static size_t build_zero4(const struct mmcemu_drive *d, uint8_t *p)
{
	(void)d;
	memset(p, 0, 4);
	return 4;
}

/* DVD+RW (5.3.13) and DVD+R (5.3.14): Write=1. DVD+RW: no Quick Start,
 * Close Only=0. */
static size_t build_write_bit(const struct mmcemu_drive *d, uint8_t *p)
{
	(void)d;
	memset(p, 0, 4);
	p[0] = 0x01;
	return 4;
}

/* CD Track at Once (5.3.16) version 2: BUF, Test Write, CD-RW when the
 * drive has the profile; data types 0 (audio) and 8-13 (mode 1, mode 2
 * formless and XA) as page 05h accepts for TAO. */
static size_t build_cd_tao(const struct mmcemu_drive *d, uint8_t *p)
{
	memset(p, 0, 4);
	p[0] = 0x40 | 0x04 | (has_profile(d, MMC_PROFILE_CD_RW) ? 0x02 : 0);
	mmc_put_be16(&p[2], 1u << 0 | 0x3F00u);
	return 4;
}

/* CD Mastering (5.3.17): BUF, SAO, Test Write, CD-RW; no raw (page 05h
 * refuses raw block types); 64 KiB cue sheets. */
static size_t build_cd_mastering(const struct mmcemu_drive *d, uint8_t *p)
{
	memset(p, 0, 4);
	p[0] = 0x40 | 0x20 | 0x04 | (has_profile(d, MMC_PROFILE_CD_RW) ? 0x02 : 0);
	mmc_put_be24(&p[1], 0xFFFF);
	return 4;
}

/* DVD-R/-RW write (5.3.18): BUF, Test Write, DVD-RW when present. */
static size_t build_dvd_dash_write(const struct mmcemu_drive *d, uint8_t *p)
{
	memset(p, 0, 4);
	p[0] = 0x40 | 0x04 | (has_dvd_rw(d) ? 0x02 : 0);
	return 4;
}

/* BD read (5.3.21): class 0 version bitmaps for BD-RE (v1, v2), BD-R
 * (v1) and BD-ROM (v1). */
static size_t build_bd_read(const struct mmcemu_drive *d, uint8_t *p)
{
	(void)d;
	memset(p, 0, 28);
	mmc_put_be16(&p[4], 0x0006);
	mmc_put_be16(&p[12], 0x0002);
	mmc_put_be16(&p[20], 0x0002);
	return 28;
}

/* BD write (5.3.22): SVNR=0, class 0 BD-RE v1-2 and BD-R v1. */
static size_t build_bd_write(const struct mmcemu_drive *d, uint8_t *p)
{
	(void)d;
	memset(p, 0, 20);
	mmc_put_be16(&p[4], 0x0006);
	mmc_put_be16(&p[12], 0x0002);
	return 20;
}

/* Real-time streaming (5.3.28): SW (streaming WRITE(12), which libburn
 * uses on BD-RE/DVD-RAM only when this is current with SW=1), WSPD
 * (GET PERFORMANCE type 03h), SCS (SET CD SPEED), RBCB (READ BUFFER
 * CAPACITY Block bit). */
static size_t build_streaming(const struct mmcemu_drive *d, uint8_t *p)
{
	(void)d;
	memset(p, 0, 4);
	p[0] = 0x10 | 0x08 | 0x02 | 0x01;
	return 4;
}

/* Drive serial number (5.3.29): ASCII, padded with spaces to 4 bytes. */
static size_t build_serial(const struct mmcemu_drive *d, uint8_t *p)
{
	const char *s = drive_unit_serial(d);
	size_t n = strlen(s), padded = (n + 3) & ~(size_t)3;
	memset(p, ' ', padded);
	memcpy(p, s, n);
	return padded;
}

static const struct feature features[] = {
	{MMC_FEATURE_PROFILE_LIST, 0, true, NULL, NULL, build_profile_list},
	{MMC_FEATURE_CORE, 2, true, NULL, NULL, build_core},
	{MMC_FEATURE_MORPHING, 1, true, NULL, NULL, build_morphing},
	{MMC_FEATURE_REMOVABLE_MEDIUM, 0, true, NULL, NULL, build_removable},
	{MMC_FEATURE_RANDOM_READABLE, 0, false, NULL, cur_readable, build_random_readable},
	{MMC_FEATURE_MULTI_READ, 0, false, has_cd, cur_cd, NULL},
	{MMC_FEATURE_CD_READ, 2, false, has_cd, cur_cd, build_cd_read},
	{MMC_FEATURE_DVD_READ, 1, false, has_dvd, cur_dvd, build_dvd_read},
	{MMC_FEATURE_RANDOM_WRITABLE, 0, false, has_random_writable, cur_random_writable,
	 build_random_writable},
	{MMC_FEATURE_INCREMENTAL_STREAMING_WRITABLE, 1, false, has_incremental,
	 cur_incremental, build_incremental},
	{MMC_FEATURE_FORMATTABLE, 0, false, has_formattable, cur_formattable,
	 build_formattable},
	{MMC_FEATURE_HARDWARE_DEFECT_MANAGEMENT, 1, false, has_bd_re, cur_bd_re, build_zero4},
	{MMC_FEATURE_DVD_PLUS_RW, 0, false, has_dvd_plus_rw, cur_dvd_plus_rw, build_write_bit},
	{MMC_FEATURE_DVD_PLUS_R, 0, false, has_dvd_plus_r, cur_dvd_plus_r, build_write_bit},
	{MMC_FEATURE_CD_TRACK_AT_ONCE, 2, false, has_cd_tao, cur_cd_tao, build_cd_tao},
	{MMC_FEATURE_CD_MASTERING, 1, false, has_cd_mastering, cur_cd_mastering,
	 build_cd_mastering},
	{MMC_FEATURE_DVD_R_RW_WRITE, 1, false, has_dvd_dash, cur_dvd_dash,
	 build_dvd_dash_write},
	{MMC_FEATURE_BD_READ, 1, false, has_bd, cur_bd, build_bd_read},
	{MMC_FEATURE_BD_WRITE, 1, false, has_bd_write, cur_bd_write, build_bd_write},
	{MMC_FEATURE_POWER_MANAGEMENT, 0, true, NULL, NULL, NULL},
	{MMC_FEATURE_TIMEOUT, 1, true, NULL, NULL, build_zero4},
	{MMC_FEATURE_REAL_TIME_STREAMING, 3, false, NULL, medium_loaded, build_streaming},
	{MMC_FEATURE_DRIVE_SERIAL_NUMBER, 0, true, NULL, NULL, build_serial},
};
#define N_FEATURES (sizeof(features) / sizeof(features[0]))

static bool feature_current(const struct mmcemu_drive *d, const struct feature *f)
{
	return f->current ? f->current(d) : true;
}

/* One feature descriptor (MMC-6 5.2.2): code, version, Persistent,
 * Current, additional length, data. Returns its size. */
static size_t put_feature(const struct mmcemu_drive *d, const struct feature *f, uint8_t *p)
{
	size_t n = f->build ? f->build(d, &p[4]) : 0;
	mmc_put_be16(&p[0], f->code);
	p[2] = (uint8_t)(f->version << 2 | (f->persistent ? 0x02 : 0) |
			 (feature_current(d, f) ? 0x01 : 0));
	p[3] = (uint8_t)n;
	return 4 + n;
}

/* RT field (MMC-6 6.5.2.2): 00b every feature from the starting one,
 * 01b only current ones, 10b exactly the starting one. */
static bool feature_wanted(const struct mmcemu_drive *d, const struct feature *f,
			   unsigned rt, uint16_t sfn)
{
	if (f->supported && !f->supported(d))
		return false;
	if (rt == 2)
		return f->code == sfn;
	if (f->code < sfn)
		return false;
	return rt == 0 || feature_current(d, f);
}

enum mmc_sense_code cmd_get_configuration(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	unsigned rt = c->cdb[1] & 0x03;
	uint16_t sfn = mmc_get_be16(&c->cdb[2]);
	if (rt == 3)
		return cdb_field_error(c, 1, 1);
	size_t len = 8;
	memset(c->in, 0, 8);
	mmc_put_be16(&c->in[6], drive_current_profile(d));
	for (size_t i = 0; i < N_FEATURES; i++)
		if (feature_wanted(d, &features[i], rt, sfn))
			len += put_feature(d, &features[i], c->in + len);
	mmc_put_be32(&c->in[0], (uint32_t)(len - 4));
	c->in_len = len;
	return MMC_SENSE_NO_SENSE;
}
