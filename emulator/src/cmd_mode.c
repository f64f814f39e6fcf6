/* MODE SENSE (6/10) and MODE SELECT (6/10) with the pages burners use:
 * 01h read/write error recovery, 05h write parameters, 2Ah capabilities
 * and mechanical status (legacy in MMC-6 but what the kernel's sr and
 * wodim read to call a drive a recorder), 3Fh all of them.
 *
 * Each page is one table row: a builder for the current / changeable /
 * default values and an apply function for MODE SELECT. MODE SELECT checks
 * every sent byte against the current value through the changeable mask
 * (SPC-4 6.13: changing a non-changeable field is INVALID FIELD IN
 * PARAMETER LIST), then lets the page validate its meaning, and commits
 * only when every page of the list is good. */
#include <string.h>

#include "drive.h"
#include "mmc/be.h"
#include "mmc/features.h"
#include "mmc/opcodes.h"

enum page_control { PC_CURRENT = 0, PC_CHANGEABLE = 1, PC_DEFAULT = 2, PC_SAVED = 3 };

/* What MODE SELECT may change, staged until the whole list is valid. */
struct mode_state {
	struct write_params wp;
	uint8_t er_flags;
	uint8_t read_retries;
	uint8_t write_retries;
};

/* Where a page sits in the parameter list, for field pointers. */
struct page_ref {
	const uint8_t *p;
	size_t len; /* whole page, header included */
	size_t off; /* offset of byte 0 in the parameter list */
};

typedef size_t (*page_builder)(const struct mmcemu_drive *d, enum page_control pc,
			       uint8_t *p);
typedef enum mmc_sense_code (*page_apply)(const struct mmcemu_drive *d,
					  struct mode_state *st,
					  const struct page_ref *pg,
					  struct mmcemu_cmd *c);

/* ---- page 01h: read/write error recovery (MMC-6 7.3) ---- */

#define PAGE01_LEN 0x0A

static size_t page01_build(const struct mmcemu_drive *d, enum page_control pc, uint8_t *p)
{
	memset(p, 0, 2 + PAGE01_LEN);
	p[0] = MMC_MODE_PAGE_READ_WRITE_ERROR_RECOVERY;
	p[1] = PAGE01_LEN;
	if (pc == PC_CHANGEABLE) {
		p[2] = 0xF7; /* AWRE ARRE TB RC - PER DTE DCR */
		p[3] = 0xFF;
		p[8] = 0xFF;
	} else if (pc == PC_CURRENT) {
		p[2] = d->err_recovery.flags;
		p[3] = d->err_recovery.read_retries;
		p[8] = d->err_recovery.write_retries;
	}
	return 2 + PAGE01_LEN;
}

static enum mmc_sense_code page01_apply(const struct mmcemu_drive *d, struct mode_state *st,
					const struct page_ref *pg, struct mmcemu_cmd *c)
{
	(void)d;
	(void)c;
	st->er_flags = pg->p[2];
	st->read_retries = pg->p[3];
	if (pg->len > 8)
		st->write_retries = pg->p[8];
	return MMC_SENSE_NO_SENSE;
}

/* ---- page 05h: write parameters (MMC-6 7.5) ---- */

/* MMC-6 7.5.1: the page length is 32h, or 36h with the vendor specific
 * bytes. We report 36h; libburn probes write modes with 32h pages. */
#define PAGE05_LEN 0x36
#define PAGE05_SHORT_LEN 0x32

static void page05_encode(const struct write_params *wp, uint8_t *p)
{
	p[2] = (uint8_t)((wp->bufe ? 0x40 : 0) | (wp->ls_v ? 0x20 : 0) |
			 (wp->test_write ? 0x10 : 0) | (wp->write_type & 0x0F));
	p[3] = (uint8_t)((wp->multisession & 3) << 6 | (wp->fp ? 0x20 : 0) |
			 (wp->copy ? 0x10 : 0) | (wp->track_mode & 0x0F));
	p[4] = wp->data_block_type & 0x0F;
	p[5] = wp->link_size;
	p[8] = wp->session_format;
	mmc_put_be32(&p[10], wp->packet_size);
	mmc_put_be16(&p[14], wp->audio_pause_length);
	memcpy(&p[48], wp->subheader, 4);
	if (wp->mcn[0]) {
		p[16] = 0x80; /* MCVAL */
		memcpy(&p[17], wp->mcn, MEDIA_MCN_LEN);
	}
	if (wp->isrc[0]) {
		p[32] = 0x80; /* TCVAL */
		memcpy(&p[33], wp->isrc, MEDIA_ISRC_LEN);
	}
}

/* Changeable: every defined field. The vendor bytes are accepted but not
 * stored; MCN, ISRC and the sub-header are (mode 2 block types 10, 12). */
static void page05_mask(uint8_t *p)
{
	memset(&p[2], 0xFF, PAGE05_LEN);
	p[2] = 0x7F;
	p[4] = 0x0F;
	p[6] = 0x00;
	p[7] = 0x3F;
	p[9] = 0x00;
}

static size_t page05_build(const struct mmcemu_drive *d, enum page_control pc, uint8_t *p)
{
	memset(p, 0, 2 + PAGE05_LEN);
	p[0] = MMC_MODE_PAGE_WRITE_PARAMETERS;
	p[1] = PAGE05_LEN;
	if (pc == PC_CHANGEABLE) {
		page05_mask(p);
	} else {
		struct write_params def = drive_default_write_params();
		page05_encode(pc == PC_CURRENT ? &d->wp : &def, p);
	}
	return 2 + PAGE05_LEN;
}

static void page05_decode(const uint8_t *p, size_t len, struct write_params *wp)
{
	wp->bufe = p[2] & 0x40;
	wp->ls_v = p[2] & 0x20;
	wp->test_write = p[2] & 0x10;
	wp->write_type = p[2] & 0x0F;
	wp->multisession = p[3] >> 6;
	wp->fp = p[3] & 0x20;
	wp->copy = p[3] & 0x10;
	wp->track_mode = p[3] & 0x0F;
	wp->data_block_type = p[4] & 0x0F;
	wp->link_size = p[5];
	wp->session_format = p[8];
	wp->packet_size = mmc_get_be32(&p[10]);
	wp->audio_pause_length = len >= 16 ? mmc_get_be16(&p[14]) : 0;
	if (len >= 52)
		memcpy(wp->subheader, &p[48], 4);
	/* MCN and ISRC: each page 05h states them anew (a clear MCVAL or
	 * TCVAL, or a page too short to hold them, means none). The
	 * characters are checked by page05_check_codes. */
	memset(wp->mcn, 0, sizeof(wp->mcn));
	memset(wp->isrc, 0, sizeof(wp->isrc));
	if (len >= 32 && (p[16] & 0x80))
		memcpy(wp->mcn, &p[17], MEDIA_MCN_LEN);
	if (len >= 48 && (p[32] & 0x80))
		memcpy(wp->isrc, &p[33], MEDIA_ISRC_LEN);
}

/* A valid MCN or ISRC must be one Q can carry (media_mcn_valid,
 * media_isrc_valid: digits; ISRC country and owner A-Z/0-9, ISO 3901).
 * A bad one is an invalid field of the parameter list, pointing at the
 * first bad character (SPC-4 6.11 MODE SELECT, 4.5.2.4.2 field pointer). */
static enum mmc_sense_code page05_check_codes(const struct write_params *wp,
					      const struct page_ref *pg, struct mmcemu_cmd *c)
{
	if (wp->mcn[0] && !media_mcn_valid(wp->mcn)) {
		unsigned i = 0;
		while (wp->mcn[i] >= '0' && wp->mcn[i] <= '9')
			i++;
		return param_field_error(c, pg->off + 17 + i, -1);
	}
	if (wp->isrc[0] && !media_isrc_valid(wp->isrc)) {
		unsigned i = 0;
		for (; i < MEDIA_ISRC_LEN; i++) {
			char ch = wp->isrc[i];
			bool digit = ch >= '0' && ch <= '9';
			if (!(digit || (i < 5 && ch >= 'A' && ch <= 'Z')))
				break;
		}
		return param_field_error(c, pg->off + 33 + i, -1);
	}
	return MMC_SENSE_NO_SENSE;
}

/* Write type -> the profile write mode that allows it. CD: packet (0),
 * TAO (1), SAO (2), raw (3); DVD-R: incremental (0) and DAO (2), MMC-6
 * 7.5.4.3. 0 = never valid on that family. */
static unsigned write_type_mode(enum mmc_media_family fam, uint8_t type)
{
	static const unsigned cd[] = {WRITE_MODE_INCREMENTAL, WRITE_MODE_TAO,
				      WRITE_MODE_SAO, WRITE_MODE_RAW, 0};
	static const unsigned dvd_r[] = {WRITE_MODE_INCREMENTAL, 0, WRITE_MODE_SAO, 0, 0};
	if (type > 4)
		return 0;
	return fam == MMC_FAMILY_CD ? cd[type] : dvd_r[type];
}

/* The data block types the emulator records (MMC-6 7.5.4.12, Table 662
 * "Data Block Type Codes"; cdrkit drv_mmc.c db2df lists the same): 8
 * (mode 1, 2048), 9 (mode 2 formless, 2336), 10 (XA form 1, 2048), 11 (XA
 * form 1 with its subheader, 2056), 12 (XA form 2, 2324), 13 (XA form 1
 * or 2 with subheader, 2332) for TAO and packet writing, 0 (2352 bytes
 * raw: CD-DA audio) for TAO (audio is not packet written). Other
 * types are refused here so initiators that probe modes (libburn's
 * spc_probe_write_modes) learn what really works. Write type RAW needs
 * the raw types 1-3 (MMC-6 7.5.4.8), which are not emulated, so it never
 * passes. SAO takes its formats from the cue sheet. Whether the type fits
 * the Track Mode is checked by WRITE (05/64/00), as libburn and cdrecord
 * send both in one page and probe types with any mode. */
static bool block_type_ok(const struct write_params *wp)
{
	if (wp->write_type == MMC_WRITE_TYPE_SAO)
		return true;
	if (wp->write_type == MMC_WRITE_TYPE_RAW)
		return false;
	if (wp->data_block_type == 0)
		return wp->write_type == MMC_WRITE_TYPE_TAO;
	return wp->data_block_type >= 8 && wp->data_block_type <= 13;
}

static enum mmc_sense_code page05_check_cd(const struct write_params *wp,
					   const struct page_ref *pg, struct mmcemu_cmd *c)
{
	if (!block_type_ok(wp))
		return param_field_error(c, pg->off + 4, 3);
	/* MMC-6 7.5.4.9: CD-DA/CD-ROM, CD-I, CD-ROM XA. */
	if (wp->session_format != 0x00 && wp->session_format != 0x10 &&
	    wp->session_format != 0x20)
		return param_field_error(c, pg->off + 8, 7);
	if (wp->write_type == MMC_WRITE_TYPE_PACKET_INCREMENTAL && wp->fp &&
	    wp->packet_size == 0)
		return param_field_error(c, pg->off + 10, 7);
	return MMC_SENSE_NO_SENSE;
}

/* DVD-R/-RW sequential recording is the other medium page 05h governs;
 * DVD+R/+RW and BD take the page but ignore it, as real drives do
 * (growisofs never sends it for them), so only the common checks apply. */
static bool profile_uses_page05(const struct mmcemu_profile *p)
{
	return mmc_profile_is(p->number, MMC_PA_P05);
}

static enum mmc_sense_code page05_apply(const struct mmcemu_drive *d, struct mode_state *st,
					const struct page_ref *pg, struct mmcemu_cmd *c)
{
	struct write_params wp = st->wp;
	page05_decode(pg->p, pg->len, &wp);
	if (wp.write_type > MMC_WRITE_TYPE_LAYER_JUMP)
		return param_field_error(c, pg->off + 2, 3);
	if (wp.multisession == 2) /* reserved */
		return param_field_error(c, pg->off + 3, 7);
	enum mmc_sense_code codes = page05_check_codes(&wp, pg, c);
	if (codes != MMC_SENSE_NO_SENSE)
		return codes;
	if (d->has_medium && profile_uses_page05(&d->media.profile)) {
		const struct mmcemu_profile *p = &d->media.profile;
		unsigned mode = write_type_mode(p->family, wp.write_type);
		if (!(mode & p->write_modes))
			return param_field_error(c, pg->off + 2, 3);
		enum mmc_sense_code rc = p->family == MMC_FAMILY_CD
						 ? page05_check_cd(&wp, pg, c)
						 : MMC_SENSE_NO_SENSE;
		if (rc != MMC_SENSE_NO_SENSE)
			return rc;
	}
	st->wp = wp;
	return MMC_SENSE_NO_SENSE;
}

/* ---- page 2Ah: capabilities and mechanical status (MMC-3 6.3.11) ---- */

static bool drive_has_profile(const struct mmcemu_drive *d, uint16_t number)
{
	for (int i = 0; i < d->n_profiles; i++)
		if (d->profiles[i].number == number)
			return true;
	return false;
}

static bool drive_has_family(const struct mmcemu_drive *d, enum mmc_media_family fam)
{
	for (int i = 0; i < d->n_profiles; i++)
		if (d->profiles[i].family == fam)
			return true;
	return false;
}

/* Speeds come from the loaded medium; with an empty tray, from the first
 * CD profile (what a drive reports for its CD capabilities), else none. */
static const struct mmcemu_profile *speed_profile(const struct mmcemu_drive *d)
{
	if (d->has_medium)
		return &d->media.profile;
	for (int i = 0; i < d->n_profiles; i++)
		if (d->profiles[i].family == MMC_FAMILY_CD)
			return &d->profiles[i];
	return NULL;
}

static uint16_t clamp16(uint32_t v)
{
	return v > 0xFFFF ? 0xFFFF : (uint16_t)v;
}

/* Bytes 2-3: media the drive reads and writes, from its profiles. */
static void page2a_media_bits(const struct mmcemu_drive *d, uint8_t *p)
{
	bool cdr = drive_has_profile(d, MMC_PROFILE_CD_R);
	bool cdrw = drive_has_profile(d, MMC_PROFILE_CD_RW);
	bool dvdr = false; /* any DVD-R/-RW profile (mmc/profiles.h DASH) */
	for (int i = 0; i < d->n_profiles; i++)
		dvdr = dvdr || mmc_profile_is(d->profiles[i].number, MMC_PA_DASH);
	bool dvdram = drive_has_profile(d, MMC_PROFILE_DVD_RAM);
	bool dvd = drive_has_family(d, MMC_FAMILY_DVD);
	p[2] = (uint8_t)((dvdram ? 0x20 : 0) | (dvdr ? 0x10 : 0) | (dvd ? 0x08 : 0) |
			 0x04 /* method 2 */ | 0x02 /* CD-RW read */ | 0x01);
	p[3] = (uint8_t)((dvdram ? 0x20 : 0) | (dvdr ? 0x10 : 0) |
			 (cdr || dvdr ? 0x04 : 0) /* test write */ |
			 (cdrw ? 0x02 : 0) | (cdr ? 0x01 : 0));
}

/* Bytes 8-31 and the write speed descriptors: speeds in kB/s. */
static size_t page2a_speeds(const struct mmcemu_drive *d, uint8_t *p)
{
	const struct mmcemu_profile *sp = speed_profile(d);
	unsigned n = sp ? sp->n_write_speeds : 0;
	uint32_t max_w = n ? sp->write_speeds_kbps[n - 1] : 0;
	uint32_t max_r = sp ? sp->read_speed_kbps : 0;
	uint32_t cur_w = d->has_medium ? d->write_speed_kbps : max_w;
	uint32_t cur_r = d->has_medium ? d->read_speed_kbps : max_r;
	uint8_t rot = sp && profile_speed_is_cav(sp, cur_w) ? 1 : 0;
	uint32_t buf = sp ? sp->buffer_bytes / 1024 : 0;
	mmc_put_be16(&p[8], clamp16(max_r));
	mmc_put_be16(&p[12], clamp16(buf));
	mmc_put_be16(&p[14], clamp16(cur_r));
	mmc_put_be16(&p[18], clamp16(max_w));
	mmc_put_be16(&p[20], clamp16(cur_w));
	p[27] = rot; /* rotation control selected */
	mmc_put_be16(&p[28], clamp16(cur_w));
	mmc_put_be16(&p[30], (uint16_t)n);
	for (unsigned i = 0; i < n; i++) { /* fastest first, as drives list them */
		uint32_t w = sp->write_speeds_kbps[n - 1 - i];
		p[32 + 4 * i + 1] = profile_speed_is_cav(sp, w) ? 1 : 0;
		mmc_put_be16(&p[32 + 4 * i + 2], clamp16(w));
	}
	return 32 + 4 * n;
}

static size_t page2a_build(const struct mmcemu_drive *d, enum page_control pc, uint8_t *p)
{
	size_t len = 32 + 4 * (size_t)(speed_profile(d) ? speed_profile(d)->n_write_speeds : 0);
	memset(p, 0, len);
	if (pc != PC_CHANGEABLE) {
		page2a_media_bits(d, p);
		/* BUF (BURN-Free), multi-session, mode 2 form 2 and form 1 */
		p[4] = 0x80 | 0x40 | 0x20 | 0x10;
		/* What READ CD and READ SUB-CHANNEL answer (cmd_readcd.c): UPC
		 * (MCN) and ISRC, C2 pointers, R-W de-interleaved and raw, an
		 * accurate CD-DA stream, CD-DA commands (cdparanoia looks at
		 * bit 0: "Drive is MMC, but reports CDDA incapable" without it). */
		p[5] = 0x40 | 0x20 | 0x10 | 0x08 | 0x04 | 0x02 | 0x01;
		/* tray loading mechanism, eject, lock, lock state */
		p[6] = 0x20 | 0x08 | 0x01 | (d->prevent_removal ? 0x02 : 0);
		page2a_speeds(d, p);
	}
	p[0] = MMC_MODE_PAGE_CAPABILITIES;
	p[1] = (uint8_t)(len - 2);
	return len;
}

/* Nothing in 2Ah is changeable: the mask check already refused any
 * difference from the current values. */
static enum mmc_sense_code page2a_apply(const struct mmcemu_drive *d, struct mode_state *st,
					const struct page_ref *pg, struct mmcemu_cmd *c)
{
	(void)d, (void)st, (void)pg, (void)c;
	return MMC_SENSE_NO_SENSE;
}

static const struct mode_page {
	uint8_t code;
	page_builder build;
	page_apply apply;
	uint8_t alt_len; /* another page length MODE SELECT accepts, or 0 */
} mode_pages[] = {
	{MMC_MODE_PAGE_READ_WRITE_ERROR_RECOVERY, page01_build, page01_apply, 0},
	{MMC_MODE_PAGE_WRITE_PARAMETERS, page05_build, page05_apply, PAGE05_SHORT_LEN},
	{MMC_MODE_PAGE_CAPABILITIES, page2a_build, page2a_apply, 0},
};
#define N_MODE_PAGES (sizeof(mode_pages) / sizeof(mode_pages[0]))

static const struct mode_page *find_page(uint8_t code)
{
	for (size_t i = 0; i < N_MODE_PAGES; i++)
		if (mode_pages[i].code == code)
			return &mode_pages[i];
	return NULL;
}

/* ---- MODE SENSE ---- */

/* Appends the requested page (or all of them for 3Fh) after the header. */
static size_t mode_sense_pages(const struct mmcemu_drive *d, uint8_t code,
			       enum page_control pc, uint8_t *p)
{
	size_t n = 0;
	for (size_t i = 0; i < N_MODE_PAGES; i++)
		if (code == MMC_MODE_PAGE_ALL || code == mode_pages[i].code)
			n += mode_pages[i].build(d, pc, p + n);
	return n;
}

/* SPC-4 6.11/6.12 and MMC-6 7.2: no block descriptors (an MMC drive has
 * none, so DBD and LLBAA change nothing); medium type and device-specific
 * parameter are 0. Saved values are not implemented: 05/39/00. */
enum mmc_sense_code cmd_mode_sense(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	bool is10 = c->cdb[0] == MMC_OP_MODE_SENSE_10;
	enum page_control pc = (enum page_control)(c->cdb[2] >> 6);
	uint8_t code = c->cdb[2] & 0x3F;
	uint8_t subpage = c->cdb[3];
	size_t hlen = is10 ? 8 : 4;

	if (pc == PC_SAVED)
		return MMC_SENSE_ILLEGAL_SAVING_PARAMETERS_NOT_SUPPORTED;
	if (code != MMC_MODE_PAGE_ALL && !find_page(code))
		return cdb_field_error(c, 2, 5);
	/* No page has subpages: only subpage 0 or FFh (all subpages). */
	if (subpage != 0x00 && subpage != 0xFF)
		return cdb_field_error(c, 3, 7);
	memset(c->in, 0, hlen);
	size_t len = hlen + mode_sense_pages(d, code, pc, c->in + hlen);
	if (is10)
		mmc_put_be16(&c->in[0], (uint16_t)(len - 2));
	else
		c->in[0] = (uint8_t)(len - 1);
	c->in_len = len;
	return MMC_SENSE_NO_SENSE;
}

/* ---- MODE SELECT ---- */

/* SPC-4 6.13: a field the drive does not let the host change must be
 * sent with its current value. Byte 0 (PS, SPF, page code) and byte 1
 * (length) are checked by the caller. */
static enum mmc_sense_code check_changeable(const struct mmcemu_drive *d,
					    const struct mode_page *mp,
					    const struct page_ref *pg, struct mmcemu_cmd *c)
{
	uint8_t cur[256], chg[256];
	size_t n = mp->build(d, PC_CURRENT, cur);
	mp->build(d, PC_CHANGEABLE, chg);
	for (size_t i = 2; i < pg->len && i < n; i++) {
		uint8_t bad = (uint8_t)((pg->p[i] ^ cur[i]) & ~chg[i]);
		if (!bad)
			continue;
		int bit = 7;
		while (!(bad & (1u << bit)))
			bit--;
		return param_field_error(c, pg->off + i, bit);
	}
	return MMC_SENSE_NO_SENSE;
}

/* One page of the list: known code, no subpage format, the length this
 * drive reports (or the page's alternative), changeable bytes only. */
static enum mmc_sense_code select_page(const struct mmcemu_drive *d, struct mode_state *st,
				       const struct page_ref *pg, struct mmcemu_cmd *c)
{
	uint8_t tmp[256];
	const struct mode_page *mp = find_page(pg->p[0] & 0x3F);
	if (pg->p[0] & 0x40) /* SPF: sub-page format, none supported */
		return param_field_error(c, pg->off, 6);
	if (!mp)
		return param_field_error(c, pg->off, 5);
	size_t want = mp->build(d, PC_CURRENT, tmp) - 2;
	if (pg->p[1] != want && (!mp->alt_len || pg->p[1] != mp->alt_len))
		return param_field_error(c, pg->off + 1, 7);
	enum mmc_sense_code rc = check_changeable(d, mp, pg, c);
	if (rc != MMC_SENSE_NO_SENSE)
		return rc;
	return mp->apply(d, st, pg, c);
}

/* Header and block descriptors: returns the offset of the first page, or
 * 0 with *rc set. SPC-4 6.13: a list that truncates a header, descriptor
 * or page is PARAMETER LIST LENGTH ERROR; MMC drives take no block
 * descriptors but tolerate (and ignore) whole 8-byte ones. */
static size_t select_first_page(struct mmcemu_cmd *c, bool is10, enum mmc_sense_code *rc)
{
	size_t hlen = is10 ? 8 : 4;
	if (c->out_len < hlen) {
		*rc = MMC_SENSE_ILLEGAL_PARAMETER_LIST_LENGTH;
		return 0;
	}
	size_t bdl = is10 ? mmc_get_be16(&c->out[6]) : c->out[3];
	if (bdl % 8) {
		*rc = param_field_error(c, is10 ? 6 : 3, -1);
		return 0;
	}
	if (hlen + bdl > c->out_len) {
		*rc = MMC_SENSE_ILLEGAL_PARAMETER_LIST_LENGTH;
		return 0;
	}
	return hlen + bdl;
}

static void commit_mode_state(struct mmcemu_drive *d, const struct mode_state *st)
{
	d->wp = st->wp;
	/* A new page 05h starts a new burn: a test write starts from the
	 * disc as it is, not where an earlier simulation stopped. */
	d->sim_active = false;
	d->err_recovery.flags = st->er_flags;
	d->err_recovery.read_retries = st->read_retries;
	d->err_recovery.write_retries = st->write_retries;
}

/* MMC-6 7.2: PF must be 1. SPC-4 6.13: SP=1 without saved pages is
 * INVALID FIELD IN CDB. A zero-length list changes nothing. */
enum mmc_sense_code cmd_mode_select(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	bool is10 = c->cdb[0] == MMC_OP_MODE_SELECT_10;
	if (!(c->cdb[1] & 0x10))
		return cdb_field_error(c, 1, 4);
	if (c->cdb[1] & 0x01)
		return cdb_field_error(c, 1, 0);
	if (c->out_len == 0)
		return MMC_SENSE_NO_SENSE;
	enum mmc_sense_code rc = MMC_SENSE_NO_SENSE;
	size_t off = select_first_page(c, is10, &rc);
	if (!off)
		return rc;
	struct mode_state st = {.wp = d->wp, .er_flags = d->err_recovery.flags,
				.read_retries = d->err_recovery.read_retries,
				.write_retries = d->err_recovery.write_retries};
	while (off < c->out_len) {
		if (c->out_len - off < 2 || off + 2 + c->out[off + 1] > c->out_len)
			return MMC_SENSE_ILLEGAL_PARAMETER_LIST_LENGTH;
		struct page_ref pg = {.p = &c->out[off], .len = 2 + (size_t)c->out[off + 1],
				      .off = off};
		rc = select_page(d, &st, &pg, c);
		if (rc != MMC_SENSE_NO_SENSE)
			return rc;
		off += pg.len;
	}
	commit_mode_state(d, &st);
	return MMC_SENSE_NO_SENSE;
}
