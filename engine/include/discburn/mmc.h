/* MMC command layer: one builder per command (fills a db_cmd: CDB bytes,
 * direction, buffer), one decoder per response (bytes -> struct), and an
 * executor that sends it through the device's retry policy. Layouts are
 * MMC-6 / SPC-4 byte tables, accessed with mmc/be.h, never bitfield
 * overlays. Variable-length answers are read twice: the header first, then
 * the length the drive reports (as the kernel's cdrom_get_disc_info). */
#ifndef DISCBURN_MMC_H
#define DISCBURN_MMC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "discburn/device.h"
#include "discburn/status.h"
#include "discburn/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- builders (no I/O) ------------------------------------------------ */

void db_cdb_test_unit_ready(struct db_cmd *c);
void db_cdb_request_sense(struct db_cmd *c, void *buf, uint8_t alloc);
/* EVPD page when evpd; SPC-4 6.6: allocation length is 2 bytes (3-4). */
void db_cdb_inquiry(struct db_cmd *c, void *buf, uint16_t alloc, bool evpd, uint8_t page);
/* rt: 0 all features, 1 current ones, 2 the one starting at `start`. */
/* READ DISC STRUCTURE (MMC-6 6.22): media type 0 = DVD, 1 = BD. */
void db_cdb_read_disc_structure(struct db_cmd *c, void *buf, uint16_t alloc,
				uint8_t media_type, uint8_t format);
void db_cdb_get_configuration(struct db_cmd *c, void *buf, uint16_t alloc,
			      uint8_t rt, uint16_t start);
/* pc: 0 current, 1 changeable, 2 default, 3 saved. DBD is always set:
 * MMC drives have no block descriptors. */
void db_cdb_mode_sense10(struct db_cmd *c, void *buf, uint16_t alloc,
			 uint8_t pc, uint8_t page);
/* PF=1 (page format); buf holds the 8-byte header + the page. */
void db_cdb_mode_select10(struct db_cmd *c, void *buf, uint16_t len);
void db_cdb_read_disc_information(struct db_cmd *c, void *buf, uint16_t alloc);
/* addr_type: 0 LBA, 1 track number, 2 session number. */
void db_cdb_read_track_information(struct db_cmd *c, void *buf, uint16_t alloc,
				   uint8_t addr_type, uint32_t addr);
void db_cdb_read_buffer_capacity(struct db_cmd *c, void *buf, uint16_t alloc);
/* Type 03h, Write Speed descriptors (MMC-5 6.8.5.3). */
void db_cdb_get_performance_write_speed(struct db_cmd *c, void *buf, size_t cap,
					uint16_t max_descriptors);
/* Type 00h, one 28-byte performance descriptor in buf. */
void db_cdb_set_streaming(struct db_cmd *c, void *buf, uint16_t len);
/* Speeds in kB/s, 0xFFFF = maximum; rotation 0 CLV, 1 CAV. */
void db_cdb_set_cd_speed(struct db_cmd *c, uint16_t read_kbps, uint16_t write_kbps,
			 uint8_t rotation);
void db_cdb_write10(struct db_cmd *c, int32_t lba, uint16_t blocks, void *buf, size_t len);
void db_cdb_write12(struct db_cmd *c, int32_t lba, uint32_t blocks, bool streaming,
		    void *buf, size_t len);
void db_cdb_read10(struct db_cmd *c, int32_t lba, uint16_t blocks, void *buf, size_t len);
void db_cdb_read12(struct db_cmd *c, int32_t lba, uint32_t blocks, bool streaming,
		   void *buf, size_t len);
/* READ CD (MMC-6 6.19), LBA addressing: blocks sectors from lba of the
 * expected sector type (enum mmc_read_cd_sector_type), byte 9's selection
 * (MMC_READ_CD_USER_DATA, ...: mmc/read_cd.h) and the sub-channel
 * selection (enum mmc_read_cd_subchannel); len is what the selection
 * makes of blocks sectors (2352 each for CD-DA user data). Transfer
 * length is 3 bytes: blocks below 2^24. */
void db_cdb_read_cd(struct db_cmd *c, int32_t lba, uint32_t blocks, uint8_t sector_type,
		    uint8_t main_channel, uint8_t subchannel, void *buf, size_t len);
void db_cdb_read_capacity(struct db_cmd *c, void *buf);
void db_cdb_synchronize_cache(struct db_cmd *c, bool immed);
/* func: enum mmc_close_function; number: track or session number. */
void db_cdb_close_track_session(struct db_cmd *c, bool immed, uint8_t func, uint16_t number);
/* size in blocks (ARSV=0). */
void db_cdb_reserve_track(struct db_cmd *c, uint32_t blocks);
/* DoOPC with no parameter list: the drive calibrates itself. */
void db_cdb_send_opc(struct db_cmd *c, bool do_opc);
/* start/load_eject as in SBC-3 START STOP UNIT: eject = start 0 + LoEj,
 * load = start 1 + LoEj. */
void db_cdb_start_stop(struct db_cmd *c, bool immed, bool start, bool load_eject);
void db_cdb_prevent_allow(struct db_cmd *c, bool prevent);
/* BLANK (MMC-6 6.1): type 0 whole disc, 1 minimal (quick), 2 track,
 * ...; addr is the start address or track number the type needs. */
void db_cdb_blank(struct db_cmd *c, bool immed, uint8_t type, uint32_t addr);
/* READ TOC/PMA/ATIP: format 0 TOC, 1 session info, 2 full TOC, 4 ATIP. */
void db_cdb_read_toc(struct db_cmd *c, void *buf, uint16_t alloc, uint8_t format, bool msf,
		     uint8_t track_session);
void db_cdb_read_format_capacities(struct db_cmd *c, void *buf, uint16_t alloc);
/* FmtData=1, format code 001b; param (12 bytes) gets the list header
 * (Immed as asked) and one format descriptor: blocks, type (6 bits),
 * subtype (2 bits), type-dependent parameter (24 bits). */
void db_cdb_format_unit(struct db_cmd *c, uint8_t param[12], bool immed, uint32_t blocks,
			uint8_t type, uint8_t subtype, uint32_t type_param);

/* ---- decoded responses ------------------------------------------------- */

struct db_inquiry {
	uint8_t peripheral_type; /* 05h = CD/DVD device */
	bool removable;
	uint8_t version;
	char vendor[9]; /* trailing blanks trimmed */
	char product[17];
	char revision[5];
};
db_status db_decode_inquiry(const uint8_t *buf, size_t len, struct db_inquiry *out);

/* Block Limits VPD page B0h (SBC-3 6.5.3): 0 = not reported. */
struct db_block_limits {
	uint32_t max_transfer_blocks;
	uint32_t optimal_transfer_blocks;
};
db_status db_decode_block_limits(const uint8_t *buf, size_t len, struct db_block_limits *out);

#define DB_MAX_PROFILES 32
struct db_profile_entry {
	uint16_t number;
	bool current;
};
struct db_configuration {
	uint16_t current_profile; /* header bytes 6-7 */
	struct db_profile_entry profiles[DB_MAX_PROFILES];
	unsigned n_profiles;
	/* Real Time Streaming (0107h): present, current, SW bit (WRITE(12)
	 * with the streaming bit allowed). */
	bool rt_streaming;
	bool rt_streaming_current;
	bool rt_streaming_sw;
	/* The whole answer, for feature lookups. */
	const uint8_t *raw;
	size_t raw_len;
};
db_status db_decode_configuration(const uint8_t *buf, size_t len, struct db_configuration *out);
/* Feature descriptor `code` inside a GET CONFIGURATION answer: its bytes
 * (header included) or NULL. */
const uint8_t *db_config_find_feature(const uint8_t *buf, size_t len, uint16_t code,
				      size_t *desc_len);

struct db_disc_info {
	bool erasable;
	uint8_t disc_status; /* 0 blank, 1 appendable, 2 complete, 3 other */
	uint8_t last_session_state; /* 0 empty, 1 incomplete, 2 damaged, 3 complete */
	uint16_t first_track;
	uint16_t n_sessions;
	uint16_t first_track_last_session;
	uint16_t last_track_last_session;
	uint8_t bg_format_status;
	uint8_t disc_type;
	uint32_t last_session_lead_in; /* raw field (MSF on CD) */
	uint32_t last_possible_lead_out;
};
db_status db_decode_disc_info(const uint8_t *buf, size_t len, struct db_disc_info *out);

struct db_track_info {
	uint16_t track;
	uint16_t session;
	bool damage, copy, rt, blank, packet, fp, nwa_valid, lra_valid;
	uint8_t track_mode;
	uint8_t data_mode;
	int32_t start;
	int32_t nwa;
	uint32_t free_blocks;
	uint32_t fixed_packet_size;
	uint32_t size;
	int32_t last_recorded;
};
db_status db_decode_track_info(const uint8_t *buf, size_t len, struct db_track_info *out);

struct db_buffer_capacity {
	uint32_t size; /* bytes */
	uint32_t available; /* bytes free */
};
db_status db_decode_buffer_capacity(const uint8_t *buf, size_t len, struct db_buffer_capacity *out);

/* IMAPI2 IWriteSpeedDescriptor. */
struct db_write_speed {
	uint32_t write_kbps; /* kB/s */
	uint32_t read_kbps;
	int32_t end_lba; /* MediaType-wide: last LBA the speed holds to */
	uint8_t wrc; /* rotation control: 0 default, 1 CAV (IMAPI RotationType) */
	bool exact;
	bool mrw;
	/* The profile the descriptor is for (IWriteSpeedDescriptor::MediaType):
	 * GET PERFORMANCE does not say, so the decoder leaves 0 and
	 * db_format2data_get_supported_write_speed_descriptors() sets the
	 * current one. */
	uint16_t profile;
};
#define DB_MAX_SPEEDS 32
/* IMAPI's IWriteSpeedDescriptor::WriteSpeed is in sectors per second:
 * kB/s over the sector size the drive counts in, 2352 bytes on CD (MMC
 * CD speeds count raw sectors: 1x = 75/s = 176.4 kB/s), 2048 elsewhere. */
uint32_t db_write_speed_sectors_per_second(const struct db_write_speed *w, uint16_t profile);
/* Decodes up to cap descriptors; *n gets how many. */
db_status db_decode_write_speeds(const uint8_t *buf, size_t len, struct db_write_speed *out,
				 unsigned cap, unsigned *n);

/* DVD physical format information (READ DISC STRUCTURE format 00h,
 * MMC-6 6.22.3.2.1; ECMA-267 3.3.2): what a burner checks before writing. */
struct db_dvd_physical {
	uint8_t book_type; /* 0 DVD-ROM, 2 DVD-R, 9 DVD+RW, 0Ah DVD+R, ... */
	uint8_t part_version;
	uint8_t layers; /* 1 or 2 */
	uint32_t data_start; /* first PSN of the data area */
};
db_status db_decode_dvd_physical(const uint8_t *buf, size_t len, struct db_dvd_physical *out);

struct db_capacity {
	int32_t last_lba; /* -1 on a blank disc */
	uint32_t block_len;
};
db_status db_decode_capacity(const uint8_t *buf, size_t len, struct db_capacity *out);

/* READ FORMAT CAPACITIES (MMC-6 6.23): the current/maximum descriptor
 * and the formattable ones. */
#define DB_MAX_FORMATS 16
struct db_format_descriptor {
	uint32_t blocks;
	uint8_t type; /* 6 bits (formattable) or descriptor type (current) */
	uint32_t param; /* block length or type-dependent parameter */
};
struct db_format_capacities {
	struct db_format_descriptor current; /* type: 1 unformatted, 2 formatted, 3 no media */
	struct db_format_descriptor formats[DB_MAX_FORMATS];
	unsigned n_formats;
};
db_status db_decode_format_capacities(const uint8_t *buf, size_t len, struct db_format_capacities *out);
/* The formattable descriptor of a type, or NULL. */
const struct db_format_descriptor *db_format_find(const struct db_format_capacities *fc, uint8_t type);

/* Sense data with its progress indication (SPC-4 4.5.2.4.4: SKSV and
 * bytes 16-17 while a format/blank/close runs with Immed). */
struct db_sense_info {
	struct mmc_sense sense;
	bool progress_valid;
	uint16_t progress; /* 0..65535 of the operation done */
};
db_status db_decode_sense_info(const uint8_t *buf, size_t len, struct db_sense_info *out);

/* READ TOC format 1 (session information): the first track of the last
 * complete session, where a multisession ISO image's second session
 * finds the first one. */
struct db_session_info {
	uint8_t first_session;
	uint8_t last_session;
	uint8_t first_track_last_session;
	int32_t last_session_start; /* LBA */
};
db_status db_decode_session_info(const uint8_t *buf, size_t len, struct db_session_info *out);

/* READ TOC/PMA/ATIP format 0100b, the ATIP a CD-R/RW carries in its
 * pregroove (MMC-6 READ TOC/PMA/ATIP, ATIP descriptor): what the medium
 * itself offers, whatever has been recorded on it. Addresses are LBAs
 * (MSF - 150; lead-in minutes 90 and up wrap below 0). */
struct db_atip {
	bool rewritable; /* Disc Type: CD-RW */
	int32_t lead_in_start;
	int32_t lead_out_start; /* last possible start of lead-out: the capacity */
};
db_status db_decode_atip(const uint8_t *buf, size_t len, struct db_atip *out);

/* READ TOC format 0, the formatted TOC (MMC-5 6.26.3.2), LBA addressing:
 * one descriptor per track and the lead-out (track AAh) last. What a
 * drive that does not answer READ TRACK INFORMATION (a CD-ROM drive,
 * QEMU's ide-cd and scsi-cd) still tells about the tracks. */
#define DB_TOC_LEADOUT 0xAA
#define DB_MAX_TOC_ENTRIES 100 /* 99 tracks and the lead-out */
struct db_toc_entry {
	uint8_t track; /* 1..99, or DB_TOC_LEADOUT */
	uint8_t adr_control; /* ADR (high nibble), CONTROL (low): bit 2 = data track */
	int32_t lba;
};
struct db_toc {
	uint8_t first_track, last_track;
	unsigned n; /* entries, the lead-out included */
	struct db_toc_entry e[DB_MAX_TOC_ENTRIES];
};
db_status db_decode_toc(const uint8_t *buf, size_t len, struct db_toc *out);

/* READ TOC format 2, the full (raw) TOC of a CD (MMC-5 6.26.3.4): the
 * lead-in's Q sub-channel, 11-byte descriptors naming their session. Of
 * it the engine needs, per session, its tracks (POINT 01h-63h) and its
 * lead-out (POINT A2h): where the formatted TOC's sessions end. */
#define DB_MAX_FULL_TOC 512
struct db_full_toc_entry {
	uint8_t session;
	uint8_t adr_control;
	uint8_t point;
	int32_t plba; /* PMIN:PSEC:PFRAME as an LBA (ADR 1, POINT 01h-63h and A2h) */
};
struct db_full_toc {
	uint8_t first_session, last_session;
	unsigned n;
	struct db_full_toc_entry e[DB_MAX_FULL_TOC];
};
db_status db_decode_full_toc(const uint8_t *buf, size_t len, struct db_full_toc *out);

/* CD-DA sectors as READ CD returns them (user data only: 2352 bytes, 588
 * stereo frames, each 16-bit sample low byte first) into samples in host
 * order, left then right: 1176 per sector. */
void db_decode_cdda(const uint8_t *sectors, size_t n_sectors, int16_t *samples);

/* Write Parameters mode page 05h (MMC-6 7.5), the fields burners set. */
struct db_write_params {
	bool bufe; /* BURN-Free */
	bool ls_v;
	bool test_write;
	uint8_t write_type; /* enum mmc_write_type */
	uint8_t multisession; /* 0 none, 3 next session allowed */
	bool fp;
	bool copy;
	uint8_t track_mode;
	uint8_t data_block_type; /* 8 = mode 1, 2048 bytes */
	uint8_t link_size;
	uint8_t session_format;
	uint32_t packet_size;
	uint16_t audio_pause_length;
};
/* page points at the page (byte 0 = 05h), as db_mode_page_find gives it. */
db_status db_decode_write_params(const uint8_t *page, size_t len, struct db_write_params *out);
/* Rewrites the fields of w into a page read from the drive, leaving the
 * rest (MCN, ISRC, vendor bytes) as the drive had them. */
void db_encode_write_params(uint8_t *page, size_t len, const struct db_write_params *w);

/* Mode page inside a MODE SENSE(10) answer: pointer to its first byte
 * and its total length, or NULL. */
const uint8_t *db_mode_page_find(const uint8_t *buf, size_t len, uint8_t page, size_t *page_len);

/* Fills a 28-byte SET STREAMING performance descriptor: [start,end] LBA at
 * write_kbps (kB/s per second: write size kB over 1000 ms); cav asks for
 * Write Rotation Control 01b (CAV), else 00b (the drive's default). */
void db_streaming_descriptor(uint8_t desc[28], int32_t start_lba, int32_t end_lba,
			     uint32_t read_kbps, uint32_t write_kbps, bool exact, bool cav);

/* ---- issue 14: IDiscRecorder2 / IDiscRecorder2Ex helpers ---------------- */

/* READ DISC STRUCTURE (MMC-6 6.22) with every CDB field: address (bytes
 * 2-5), layer (6), format (7), AGID (byte 10 bits 7-6). */
void db_cdb_read_disc_structure_at(struct db_cmd *c, void *buf, uint16_t alloc,
				   uint8_t media_type, uint32_t address, uint8_t layer,
				   uint8_t format, uint8_t agid);
/* SEND DISC STRUCTURE (MMC-6 6.37): the parameter list in buf (its 4-byte
 * header included), format in byte 7, length in bytes 8-9. */
void db_cdb_send_disc_structure(struct db_cmd *c, void *buf, uint16_t len, uint8_t media_type,
				uint8_t format);

/* Feature codes of a GET CONFIGURATION answer (MMC-6 5.2: descriptors
 * after the 8-byte header, each 4 bytes + additional length), in the
 * drive's order; only the current ones when current_only (byte 2 bit 0).
 * Up to cap stored, *n counts all. */
db_status db_decode_feature_codes(const uint8_t *buf, size_t len, bool current_only,
				  uint16_t *out, unsigned cap, unsigned *n);
/* Page codes of a MODE SENSE(10) answer (SPC-4 7.5.5/7.5.7: 8-byte header,
 * then pages; SPF=1 pages have a 2-byte length). */
db_status db_decode_mode_page_codes(const uint8_t *buf, size_t len, uint8_t *out, unsigned cap,
				    unsigned *n);
/* A stable identifier of the drive from its Device Identification VPD
 * page 83h (SPC-4 7.8.6) or, without a usable designator, its Unit Serial
 * Number page 80h (SPC-4 7.8.15) qualified by vendor and product: the
 * logical unit's NAA ("naa.<hex>"), EUI-64 ("eui.<hex>") or T10 vendor ID
 * ("t10.<ascii>", blank runs as one '_') designator, in that order of
 * preference, as Linux names a device's wwid; else
 * "serial.<vendor>_<product>_<serial>". Either page may be NULL/0 long.
 * False when neither gives an id (or it does not fit cap). */
bool db_decode_unique_id(const uint8_t *vpd83, size_t len83, const uint8_t *vpd80, size_t len80,
			 const char *vendor, const char *product, char *out, size_t cap);
/* Loading mechanism type of mode page 2Ah byte 6 bits 7-5 (MMC-3 6.3.11):
 * 000b caddy, 001b tray, 010b pop-up, 100b/101b changer. */
uint8_t db_capabilities_loading_mechanism(const uint8_t *page, size_t len);

/* ---- executors --------------------------------------------------------- */

db_status db_mmc_test_unit_ready(struct db_device *d);
db_status db_mmc_inquiry(struct db_device *d, struct db_inquiry *out);
db_status db_mmc_block_limits(struct db_device *d, struct db_block_limits *out);
/* The whole GET CONFIGURATION answer (rt 0), malloc'ed into *buf. */
db_status db_mmc_get_configuration(struct db_device *d, uint8_t **buf, size_t *len);
/* One mode page (current values), malloc'ed whole answer (header + page). */
db_status db_mmc_mode_sense10(struct db_device *d, uint8_t page, uint8_t **buf, size_t *len);
db_status db_mmc_mode_select10(struct db_device *d, const uint8_t *page, size_t page_len);
db_status db_mmc_read_disc_information(struct db_device *d, struct db_disc_info *out);
db_status db_mmc_read_dvd_physical(struct db_device *d, struct db_dvd_physical *out);
db_status db_mmc_read_track_information(struct db_device *d, uint8_t addr_type, uint32_t addr,
					struct db_track_info *out);
db_status db_mmc_read_buffer_capacity(struct db_device *d, struct db_buffer_capacity *out);
db_status db_mmc_write_speeds(struct db_device *d, struct db_write_speed *out, unsigned cap,
			      unsigned *n);
db_status db_mmc_set_streaming(struct db_device *d, int32_t start_lba, int32_t end_lba,
			       uint32_t read_kbps, uint32_t write_kbps, bool cav);
db_status db_mmc_set_cd_speed(struct db_device *d, uint16_t read_kbps, uint16_t write_kbps);
db_status db_mmc_read_capacity(struct db_device *d, struct db_capacity *out);
db_status db_mmc_synchronize_cache(struct db_device *d);
db_status db_mmc_close_track_session(struct db_device *d, uint8_t func, uint16_t number);
db_status db_mmc_reserve_track(struct db_device *d, uint32_t blocks);
db_status db_mmc_send_opc(struct db_device *d);
db_status db_mmc_start_stop(struct db_device *d, bool start, bool load_eject);
db_status db_mmc_prevent_allow(struct db_device *d, bool prevent);
db_status db_mmc_read_format_capacities(struct db_device *d, struct db_format_capacities *out);
/* FORMAT UNIT with one descriptor; immed returns at once (poll with
 * TEST UNIT READY / REQUEST SENSE while 02/04/04 is reported). */
db_status db_mmc_format_unit(struct db_device *d, bool immed, uint32_t blocks, uint8_t type,
			     uint8_t subtype, uint32_t type_param);
db_status db_mmc_blank(struct db_device *d, bool immed, uint8_t type, uint32_t addr);
db_status db_mmc_request_sense(struct db_device *d, struct db_sense_info *out);
/* Polls REQUEST SENSE while the drive reports a long operation in
 * progress (02/04/04 format, 02/04/07 operation, 02/04/08 long write,
 * 02/04/01 becoming ready), calling fn with its progress (0..65535, or
 * -1 when the drive gives none) every poll_ms, for at most max_ms
 * (then E_IMAPI_RECORDER_COMMAND_TIMEOUT). The final sense decides:
 * none -> S_OK, else its status from the sense table. */
typedef void (*db_progress_fn)(int progress, void *ctx);
db_status db_mmc_wait_while_busy(struct db_device *d, unsigned max_ms, unsigned poll_ms,
				 db_progress_fn fn, void *ctx);
db_status db_mmc_read_session_info(struct db_device *d, struct db_session_info *out);
/* READ TOC format 4 (CD only; others answer ILLEGAL REQUEST). */
db_status db_mmc_read_atip(struct db_device *d, struct db_atip *out);

db_status db_mmc_read_toc(struct db_device *d, struct db_toc *out);
db_status db_mmc_read_full_toc(struct db_device *d, struct db_full_toc *out);
/* Mode page 05h read (current values) and written back with w. */
db_status db_mmc_get_write_params(struct db_device *d, struct db_write_params *out);
db_status db_mmc_set_write_params(struct db_device *d, const struct db_write_params *w);
/* Reads blocks of 2048 bytes (READ(10), or READ(12) past 65535). */
db_status db_mmc_read(struct db_device *d, int32_t lba, uint32_t blocks, void *buf);
/* Reads blocks CD-DA sectors, 2352 bytes each, through READ CD (expected
 * sector type CD-DA, user data only, no sub-channel). A sector that is
 * not CD-DA fails as the drive says (05/64/00, illegal mode for this
 * track); db_device_last_sense() keeps the sense. */
db_status db_mmc_read_cd_audio(struct db_device *d, int32_t lba, uint32_t blocks, void *buf);

#ifdef __cplusplus
}
#endif

#endif
