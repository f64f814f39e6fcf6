/* Basic SPC/MMC commands: TEST UNIT READY, REQUEST SENSE, INQUIRY (+ VPD),
 * START STOP UNIT, PREVENT ALLOW MEDIUM REMOVAL, MECHANISM STATUS and
 * GET EVENT STATUS NOTIFICATION. The dispatcher has checked the CDB length,
 * unit attention and medium presence where the table asks for it. */
#include <string.h>

#include "discburn/version.h"
#include "drive.h"
#include "mmc/be.h"

#define INQUIRY_VENDOR "DISCBURN"
#define INQUIRY_PRODUCT "VIRTUAL BURNER"
/* SPC-4 6.4.2: PRODUCT REVISION LEVEL, four ASCII bytes: the project's
 * MAJOR.MINOR (cmake/version.h.in). */
#define INQUIRY_STR_(x) #x
#define INQUIRY_STR(x) INQUIRY_STR_(x)
#define INQUIRY_REVISION INQUIRY_STR(DISCBURN_VERSION_MAJOR) "." INQUIRY_STR(DISCBURN_VERSION_MINOR)
/* Only when a transport cleared the serial drive.c assigned. */
#define DEFAULT_SERIAL "DB00000000"
/* Block Limits default: the largest transfer a 16-bit READ(10)/WRITE(10)
 * count can ask for, so initiators size WRITEs from the device's own
 * limit (DESIGN.md "Transfer size") rather than a fixed 32 KiB. */
#define DEFAULT_MAX_TRANSFER_BLOCKS 65535

/* Copies s into a fixed-width, space-padded ASCII field (SPC-4 4.4.1). */
static void put_ascii(uint8_t *dst, size_t width, const char *s)
{
	size_t n = strlen(s);
	memset(dst, ' ', width);
	memcpy(dst, s, n < width ? n : width);
}

const char *drive_unit_serial(const struct mmcemu_drive *d)
{
	return d->serial[0] ? d->serial : DEFAULT_SERIAL;
}

/* A medium busy with a long operation is not ready: 02/04/04 format in
 * progress or 02/04/07 operation in progress, with the progress
 * indication in the sense-key-specific bytes. The drive's own FORMAT UNIT
 * / BLANK with Immed comes first; a busy state saved in the disc file
 * (written by hand: the emulator saves results, never a busy disc) keeps
 * its fixed progress. */
static enum mmc_sense_code medium_busy(const struct mmcemu_drive *d, struct mmc_field_pointer *fp)
{
	enum mmc_sense_code rc = drive_long_op_sense(d, fp);
	if (rc != MMC_SENSE_NO_SENSE || !d->has_medium || d->media.busy == MEDIA_IDLE)
		return rc;
	return drive_busy_sense(d->media.busy, d->media.busy_progress, fp);
}

/* TEST UNIT READY, MMC-5 6.42: medium presence and the drive's long operations are
 * checked by the dispatcher (CMD_NEEDS_MEDIUM); what is left is a busy
 * state saved in the disc file. */
enum mmc_sense_code cmd_test_unit_ready(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	return medium_busy(d, &c->fp);
}

/* SPC-4 5.12.2 pollable sense: why the drive would not be ready now —
 * becoming ready or busy with a long write (fault plan timers, the codes
 * the dispatcher gives media commands meanwhile), no medium — or NO SENSE. */
static enum mmc_sense_code pollable_condition(const struct mmcemu_drive *d)
{
	uint64_t now = clock_now_ns(&d->clk);
	if (now < d->not_ready_until_ns)
		return MMC_SENSE_NOT_READY_BECOMING_READY;
	if (now < d->long_write_until_ns)
		return MMC_SENSE_NOT_READY_LONG_WRITE;
	return drive_medium_ready(d);
}

/* SPC-4 6.39 and 5.12.2: REQUEST SENSE returns, in this order, a pending
 * unit attention (and clears it), the progress of a long operation, the
 * sense of the last failed command (never a busy or no-medium refusal:
 * dispatch.c keeps none, the condition is reported as it is now), else
 * the pollable state of the drive (02/04/01, 02/04/08, 02/3A/xx; NO SENSE
 * when ready). DESC=1 asks for
 * descriptor format, which this drive (like the ATAPI burners it models)
 * does not implement: SPC-4 says terminate with INVALID FIELD IN CDB
 * rather than silently answer in fixed format. */
enum mmc_sense_code cmd_request_sense(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	struct mmc_field_pointer fp = {0};
	enum mmc_sense_code rc;
	if (c->cdb[1] & 0x01)
		return cdb_field_error(c, 1, 0);
	c->in_len = MMC_SENSE_FIXED_LEN;
	if (d->unit_attention != MMC_SENSE_NO_SENSE) {
		rc = d->unit_attention;
		d->unit_attention = MMC_SENSE_NO_SENSE;
	} else if ((rc = medium_busy(d, &fp)) == MMC_SENSE_NO_SENSE) {
		if (d->last_sense[2] & 0x0F) {
			memcpy(c->in, d->last_sense, MMC_SENSE_FIXED_LEN);
			return MMC_SENSE_NO_SENSE;
		}
		rc = pollable_condition(d);
	}
	mmc_sense_encode(c->in, mmc_sense_of(rc), &fp);
	return MMC_SENSE_NO_SENSE;
}

/* SPC-4 6.6.2 standard INQUIRY data, 36 bytes. */
static void inquiry_standard(struct mmcemu_cmd *c)
{
	uint8_t *p = c->in;
	memset(p, 0, 36);
	p[0] = 0x05; /* connected, peripheral device type 05h: MMC device */
	p[1] = 0x80; /* RMB: removable medium */
	p[2] = 0x05; /* VERSION: SPC-3 */
	p[3] = 0x02; /* RESPONSE DATA FORMAT 2 */
	p[4] = 36 - 5; /* ADDITIONAL LENGTH */
	put_ascii(&p[8], 8, INQUIRY_VENDOR);
	put_ascii(&p[16], 16, INQUIRY_PRODUCT);
	put_ascii(&p[32], 4, INQUIRY_REVISION);
	c->in_len = 36;
}

/* Each VPD builder fills the page after its 4-byte header and returns
 * the page length (bytes after the header), as Linux's evpd_handlers[]. */
typedef size_t (*vpd_builder)(const struct mmcemu_drive *d, uint8_t *page);

static size_t vpd_supported_pages(const struct mmcemu_drive *d, uint8_t *page);

/* SPC-4 7.8.15 Unit Serial Number. */
static size_t vpd_serial(const struct mmcemu_drive *d, uint8_t *page)
{
	const char *s = drive_unit_serial(d);
	size_t n = strlen(s);
	memcpy(page, s, n);
	return n;
}

/* SPC-4 7.8.6 Device Identification: one T10 vendor ID based designator
 * (type 1, ASCII, associated with the logical unit): vendor + product +
 * serial, unique per drive as long as serials are. */
static size_t vpd_device_id(const struct mmcemu_drive *d, uint8_t *page)
{
	const char *s = drive_unit_serial(d);
	size_t sn = strlen(s);
	page[0] = 0x02; /* code set: ASCII */
	page[1] = 0x01; /* PIV=0, association LU, designator type T10 vendor ID */
	put_ascii(&page[4], 8, INQUIRY_VENDOR);
	put_ascii(&page[12], 16, INQUIRY_PRODUCT);
	memcpy(&page[28], s, sn);
	page[3] = (uint8_t)(24 + sn);
	return 4 + 24 + sn;
}

/* SBC-3 6.5.3 Block Limits: what the drive accepts per command. The
 * optimal granularity is the medium's ECC block (DVD 16, BD 32 sectors)
 * so initiators that honour it never split one. */
static size_t vpd_block_limits(const struct mmcemu_drive *d, uint8_t *page)
{
	uint32_t max = d->max_transfer_blocks ? d->max_transfer_blocks
					      : DEFAULT_MAX_TRANSFER_BLOCKS;
	uint16_t gran = d->has_medium ? (uint16_t)mmc_family_blocking(d->media.profile.family) : 1;
	memset(page, 0, 0x3C);
	mmc_put_be16(&page[2], gran);
	mmc_put_be32(&page[4], max);
	mmc_put_be32(&page[8], max);
	return 0x3C;
}

static const struct {
	uint8_t code;
	vpd_builder build;
} vpd_pages[] = {
	{0x00, vpd_supported_pages},
	{0x80, vpd_serial},
	{0x83, vpd_device_id},
	{0xB0, vpd_block_limits},
};
#define N_VPD_PAGES (sizeof(vpd_pages) / sizeof(vpd_pages[0]))

/* SPC-4 7.8.16 Supported VPD Pages, ascending. */
static size_t vpd_supported_pages(const struct mmcemu_drive *d, uint8_t *page)
{
	(void)d;
	for (size_t i = 0; i < N_VPD_PAGES; i++)
		page[i] = vpd_pages[i].code;
	return N_VPD_PAGES;
}

enum mmc_sense_code cmd_inquiry(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	bool evpd = c->cdb[1] & 0x01;
	uint8_t code = c->cdb[2];
	/* SPC-4 6.6.1: a page code without EVPD is an error; CMDDT (bit 1)
	 * is obsolete and must be zero. */
	if (c->cdb[1] & 0x02)
		return cdb_field_error(c, 1, 1);
	if (!evpd) {
		if (code != 0)
			return cdb_field_error(c, 2, 7);
		inquiry_standard(c);
		return MMC_SENSE_NO_SENSE;
	}
	for (size_t i = 0; i < N_VPD_PAGES; i++) {
		if (vpd_pages[i].code != code)
			continue;
		memset(c->in, 0, 4);
		c->in[0] = 0x05;
		c->in[1] = code;
		size_t n = vpd_pages[i].build(d, &c->in[4]);
		mmc_put_be16(&c->in[2], (uint16_t)n);
		c->in_len = 4 + n;
		return MMC_SENSE_NO_SENSE;
	}
	return cdb_field_error(c, 2, 7);
}

/* MMC-5 6.40 START STOP UNIT. LoEj=1: Start=0 ejects (opens the tray,
 * refused 05/53/02 under PREVENT), Start=1 loads (closes the tray and
 * reloads the disc left on it). LoEj=0: spin up / down, which this drive
 * does not model; spinning up with no disc is 02/3A/xx as on real
 * drives. A non-zero power condition ignores LoEj and Start (6.40.2). */
enum mmc_sense_code cmd_start_stop_unit(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	uint8_t b4 = c->cdb[4];
	bool start = b4 & 0x01, loej = b4 & 0x02;
	if (b4 & 0xF0)
		return MMC_SENSE_NO_SENSE;
	if (!loej)
		return start ? drive_medium_ready(d) : MMC_SENSE_NO_SENSE;
	if (!start)
		return drive_eject_locked(d);
	bool had = d->has_medium;
	enum mmc_sense_code rc = drive_load_tray_locked(d);
	if (rc == MMC_SENSE_NO_SENSE && !had && d->has_medium)
		d->unit_attention = MMC_SENSE_UNIT_ATTENTION_MEDIUM_CHANGED;
	return rc;
}

/* PREVENT ALLOW MEDIUM REMOVAL, MMC-6 6.13: bit 0 Prevent, bit 1 Persistent; either keeps the tray
 * locked. The emulator has one initiator, so one lock state. */
enum mmc_sense_code cmd_prevent_allow(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	d->prevent_removal = (c->cdb[4] & 0x03) != 0;
	return MMC_SENSE_NO_SENSE;
}

/* MMC-6 6.10 MECHANISM STATUS: header only (no changer): idle mechanism,
 * door open bit, current LBA 0, no slot tables. */
enum mmc_sense_code cmd_mechanism_status(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	memset(c->in, 0, 8);
	if (d->tray_open)
		c->in[1] = 0x10;
	c->in_len = 8;
	return MMC_SENSE_NO_SENSE;
}

/* GET EVENT STATUS NOTIFICATION (MMC-6 6.6), polled only. The drive
 * supports three notification classes (bit n of the request = class n):
 * operational change (1), power management (2, required by feature 0100h)
 * and media (4), which the kernel's sr polls. Each class says whether it
 * has an event pending and builds its 4-byte event descriptor, consuming
 * the event. */
enum gesn_class { GESN_OPERATIONAL = 1, GESN_POWER = 2, GESN_MEDIA = 4 };

static bool gesn_never_pending(const struct mmcemu_drive *d)
{
	(void)d;
	return false;
}

/* Nothing changes the drive's operational state: always "no change",
 * status available. */
static void gesn_operational(struct mmcemu_drive *d, uint8_t *ev)
{
	(void)d;
	memset(ev, 0, 4);
}

/* Power status 01h: active. */
static void gesn_power(struct mmcemu_drive *d, uint8_t *ev)
{
	(void)d;
	memset(ev, 0, 4);
	ev[1] = 0x01;
}

static bool gesn_media_pending(const struct mmcemu_drive *d)
{
	return d->media_event != GESN_NO_CHANGE;
}

/* MMC-6 6.6.2.5: media event code (reported once: reading consumes it),
 * media status (bit 1 media present, bit 0 door or tray open). */
static void gesn_media(struct mmcemu_drive *d, uint8_t *ev)
{
	memset(ev, 0, 4);
	ev[0] = (uint8_t)d->media_event;
	ev[1] = (uint8_t)((d->has_medium ? 0x02 : 0) | (d->tray_open ? 0x01 : 0));
	d->media_event = GESN_NO_CHANGE;
}

static const struct {
	enum gesn_class cls;
	bool (*pending)(const struct mmcemu_drive *d);
	void (*build)(struct mmcemu_drive *d, uint8_t *ev);
} gesn_classes[] = {
	{GESN_OPERATIONAL, gesn_never_pending, gesn_operational},
	{GESN_POWER, gesn_never_pending, gesn_power},
	{GESN_MEDIA, gesn_media_pending, gesn_media},
};
#define N_GESN_CLASSES (sizeof(gesn_classes) / sizeof(gesn_classes[0]))

static uint8_t gesn_supported_mask(void)
{
	uint8_t m = 0;
	for (size_t i = 0; i < N_GESN_CLASSES; i++)
		m |= (uint8_t)(1u << gesn_classes[i].cls);
	return m;
}

/* The class to report: the first requested one (lowest number = highest
 * priority, MMC-6 6.6.2.2) with an event pending, else the lowest
 * requested one, which reports "no change". */
static size_t gesn_pick(const struct mmcemu_drive *d, uint8_t requested)
{
	size_t first = N_GESN_CLASSES;
	for (size_t i = 0; i < N_GESN_CLASSES; i++) {
		if (!(requested & (1u << gesn_classes[i].cls)))
			continue;
		if (gesn_classes[i].pending(d))
			return i;
		if (first == N_GESN_CLASSES)
			first = i;
	}
	return first;
}

enum mmc_sense_code cmd_get_event_status(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	/* MMC-6 6.6.2.1: asynchronous operation is not supported. */
	if (!(c->cdb[1] & 0x01))
		return cdb_field_error(c, 1, 0);
	uint8_t supported = gesn_supported_mask();
	uint8_t requested = c->cdb[4] & supported;
	memset(c->in, 0, 8);
	c->in[3] = supported;
	if (!requested) {
		/* NEA: no requested class is supported; header only. */
		mmc_put_be16(&c->in[0], 2);
		c->in[2] = 0x80;
		c->in_len = 4;
		return MMC_SENSE_NO_SENSE;
	}
	size_t i = gesn_pick(d, requested);
	mmc_put_be16(&c->in[0], 6);
	c->in[2] = (uint8_t)gesn_classes[i].cls;
	gesn_classes[i].build(d, &c->in[4]);
	c->in_len = 8;
	return MMC_SENSE_NO_SENSE;
}
