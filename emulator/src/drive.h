/* The drive: everything a burner keeps between commands (tray, loaded disc,
 * pending unit attention, mode page 05h, speeds, statistics), the command
 * context handlers work on, and the dispatch table that maps an opcode to
 * its handler. The dispatcher (dispatch.c) does the shared checks once —
 * CDB length, unit attention, medium present, allocation and parameter list
 * lengths — so handlers never re-validate them. */
#ifndef MMCEMU_DRIVE_H
#define MMCEMU_DRIVE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "disc_store.h"
#include "drive_buffer.h"
#include "fault_plan.h"
#include "media.h"
#include "mmc/sense.h"
#include "mmcemu/mmcemu.h"
#include "profile.h"

/* Largest response any non-READ handler builds (GET CONFIGURATION with
 * every feature, READ TOC, GET PERFORMANCE...). READ data goes straight
 * into the caller's buffer. */
#define DRIVE_RESPONSE_MAX 65536

/* Mode page 05h, Write Parameters (MMC-6 7.5), as the host last set it. */
struct write_params {
	bool bufe; /* BURN-Free (buffer underrun free) enabled */
	bool ls_v; /* link size valid */
	bool test_write; /* simulate: laser off */
	uint8_t write_type; /* enum mmc_write_type */
	uint8_t multisession; /* 0 = no next session, 3 = next session allowed */
	bool fp; /* fixed packet */
	bool copy;
	uint8_t track_mode; /* CD control nibble */
	uint8_t data_block_type; /* 8 = mode 1, 2048 bytes */
	uint8_t link_size;
	uint8_t session_format; /* 00h CD-DA/CD-ROM, 10h CD-I, 20h CD-ROM XA */
	uint32_t packet_size;
	uint16_t audio_pause_length;
	/* Sub-header bytes 0-3 (page bytes 48-51): file, channel, submode,
	 * coding information, the CD-ROM XA subheader the drive records on
	 * blocks of types 10 and 12, which carry none (MMC-6 7.5.4). */
	uint8_t subheader[4];
	/* Media catalogue number (bytes 17-29, valid with MCVAL, byte 16 bit
	 * 7) and ISRC (bytes 33-44, valid with TCVAL, byte 32 bit 7), MMC-6
	 * 7.5.4 (cdrecord's struct mode_page_05 places them the same).
	 * "" = not valid. The next track written takes them. */
	char mcn[MEDIA_MCN_LEN + 1];
	char isrc[MEDIA_ISRC_LEN + 1];
};

/* GET EVENT STATUS NOTIFICATION media class events (MMC-6 6.6). */
enum gesn_media_event {
	GESN_NO_CHANGE = 0,
	GESN_EJECT_REQUEST = 1,
	GESN_NEW_MEDIA = 2,
	GESN_MEDIA_REMOVAL = 3,
};

/* A long operation the drive is busy with (FORMAT UNIT, BLANK). The
 * medium already holds its result, saved when the command ran, so a
 * killed emulator leaves a disc that reopens formatted or blank; what
 * lasts is the drive being busy, on its clock, from start_ns (after the
 * buffer is written out) to end_ns. Not persisted: like a fault-plan
 * timer, it belongs to the drive, not the disc. */
struct drive_long_op {
	enum media_busy kind; /* MEDIA_IDLE: none */
	uint64_t start_ns;
	uint64_t end_ns;
};

/* Sequential media: what the drive has recorded since it last saved the
 * disc with the laser off (SYNCHRONIZE CACHE, CLOSE, ...), so the saved
 * disc can follow the medium while a burn runs (drive_record.c,
 * docs/emulator-media.md "Interrupted recording"). Writes go to the image
 * at once; the sectors still in the drive buffer are the tail of the
 * newest writes, and a drive that loses power loses exactly those. */
#define DRIVE_RECENT_WRITES 32
struct drive_recent_write {
	uint16_t track; /* index into media.tracks */
	int64_t lba;
	uint32_t blocks;
};

struct drive_recording {
	bool active; /* writes since the last clean save */
	/* The newest writes, oldest first, contiguous ones merged: those the
	 * buffer may still hold part of. */
	struct drive_recent_write recent[DRIVE_RECENT_WRITES];
	unsigned n_recent;
	uint64_t recent_blocks;
	/* Tracks with sectors on the medium since the last clean save. */
	bool touched[MEDIA_MAX_TRACKS];
	uint64_t committed; /* sectors written since the last clean save */
	uint64_t saved; /* of those, on the medium in the saved disc */
};

/* When the drive brings the saved disc up to the medium. */
enum drive_record_point {
	RECORD_AT_WRITE, /* a WRITE: every buffer's worth of drain */
	RECORD_AT_IDLE, /* any other command: also once the buffer ran empty */
	RECORD_AT_DAMAGE, /* the track was ruined: now */
	RECORD_AT_POWER_OFF, /* the medium leaves or the drive goes: now */
};

struct mmcemu_drive {
	/* Held by every command and API call, except while a command waits
	 * on a REAL clock (drive_sleep_until, drive_hold_medium_until): a
	 * drive's firmware answers status commands while it writes or
	 * blanks, and the kernel's sr polls must not hit their 30 s
	 * timeouts (docs/emulator-commands.md, "While the drive works"). */
	pthread_mutex_t lock;
	/* A WRITE or SYNCHRONIZE CACHE waiting for the medium with the lock
	 * dropped holds the medium: commands other than CMD_STATUS wait on
	 * medium_free until it is done, so nothing changes the disc under a
	 * command that goes on with it after the wait. */
	bool medium_held;
	pthread_cond_t medium_free;
	char *profiles_dir;
	/* Every profile the drive supports: GET CONFIGURATION lists them all. */
	struct mmcemu_profile profiles[PROFILE_MAX_COUNT];
	int n_profiles;
	enum mmcemu_clock_kind clock;

	/* Tray and medium. */
	bool has_medium;
	bool tray_open;
	bool prevent_removal;
	struct media_state media; /* valid when has_medium */
	struct disc_store store;

	/* Pending unit attention, reported once (power on, medium changed). */
	enum mmc_sense_code unit_attention;
	enum gesn_media_event media_event;
	/* What REQUEST SENSE returns: the sense of the last failed command. */
	uint8_t last_sense[MMC_SENSE_FIXED_LEN];

	struct write_params wp;
	/* Test write (page 05h Test Write on CD-R/RW, DVD-R/-RW): the writes
	 * of the simulation go to this copy of the disc state, so the next
	 * WRITE finds its NWA where a real burn would have left it, while
	 * the disc itself (media, image, DISC file) is untouched. Valid when
	 * sim_active; a MODE SELECT of page 05h or a new disc drops it. */
	bool sim_active;
	struct media_state sim;
	/* Mode page 01h fields the host may change (MMC-6 7.3). */
	struct {
		uint8_t flags; /* AWRE ARRE TB RC PER DTE DCR */
		uint8_t read_retries;
		uint8_t write_retries;
	} err_recovery;
	/* The disc left on the open tray by an eject: START STOP UNIT with
	 * LoEj=1 Start=1 loads it back (NULL: the tray is empty). */
	char *tray_disc_path;
	/* Unit serial number (VPD 80h/83h, feature 0108h): DB + 8 digits in
	 * the order drives were opened; a transport may set its own. */
	char serial[24];
	/* Block Limits VPD maximum transfer length in blocks; 0 = default
	 * (65535). A transport lowers it to what it carries (the tcmu handler:
	 * the device's hw_max_sectors). */
	uint32_t max_transfer_blocks;
	/* The last sector READ CD transferred (cmd_readcd.c): READ
	 * SUB-CHANNEL's current position, where a drive's head is. */
	bool subq_valid;
	int64_t subq_lba;
	uint32_t write_speed_kbps; /* current, from SET STREAMING / SET CD SPEED */
	uint32_t read_speed_kbps;

	/* Time, the write buffer and injected faults (issue 5). */
	struct emu_clock clk;
	struct drive_buffer buffer;
	/* Bytes a sector takes in the buffer now: the host block size of the
	 * writes it holds (2048; 2352 for CD-DA, 2336... for mode 2), so it
	 * drains 75 such sectors a second at CD 1x (drive_buffer_rate_at). */
	uint32_t buffer_block;
	struct fault_plan *faults; /* NULL: no plan */
	uint64_t not_ready_until_ns; /* fault: 02/04/01 until then */
	uint64_t long_write_until_ns; /* fault: 02/04/08 until then */
	bool gone; /* fault "vanish": the device no longer answers */
	struct drive_long_op long_op; /* FORMAT UNIT / BLANK still running */
	struct drive_recording rec;

	struct mmcemu_stats stats;
	/* Responses are built here (under the lock) before the cut to the
	 * allocation length. A handler that waits with the lock dropped
	 * must not have built anything here: a status command meanwhile
	 * builds its own answer in it. */
	uint8_t *scratch;
};

/* One command in flight. */
struct mmcemu_cmd {
	const uint8_t *cdb;
	size_t cdb_len;
	const uint8_t *out; /* data-out, length checked against the CDB */
	size_t out_len;
	/* Every byte the initiator sent, for commands whose parameter list
	 * length is not a CDB field (FORMAT UNIT: the list header says). */
	size_t out_avail;
	/* Response buffer. Handlers write the whole response (up to in_cap)
	 * and set in_len to its full length; the dispatcher cuts it to the
	 * allocation length. For READ-type commands in points at the caller's
	 * buffer, already checked to hold the transfer. */
	uint8_t *in;
	size_t in_cap;
	size_t in_len;
	/* Field pointer for 05/24/00 and 05/26/00. */
	struct mmc_field_pointer fp;
};

typedef enum mmc_sense_code (*drive_handler)(struct mmcemu_drive *d,
					       struct mmcemu_cmd *c);

enum drive_cmd_flags {
	/* Fails with 02/3A/xx when no medium is loaded. */
	CMD_NEEDS_MEDIUM = 1 << 0,
	/* Executes without reporting a pending unit attention (SPC-4 5.14,
	 * MMC-6 4.1.6.1: INQUIRY, REQUEST SENSE, GET CONFIGURATION, GESN). */
	CMD_NO_UNIT_ATTENTION = 1 << 1,
	/* Takes a parameter list: data-out must match
	 * mmc_parameter_list_length(). */
	CMD_PARAMETER_LIST = 1 << 2,
	/* Transfers sectors directly to/from the caller (READ/WRITE). */
	CMD_SECTOR_DATA = 1 << 3,
	/* Reports the drive's state and changes nothing on the medium:
	 * answered at once while another command holds the medium (a paced
	 * WRITE, SYNCHRONIZE CACHE), as a drive's firmware answers a status
	 * poll while it records. Every other command waits its turn. */
	CMD_STATUS = 1 << 4,
};

struct drive_command {
	const char *name;
	drive_handler handler;
	unsigned flags;
};

/* The table, indexed by opcode (dispatch.c). */
extern const struct drive_command drive_commands[256];

/* Field-pointer helpers: every 05/24/00 and 05/26/00 names the byte (and
 * bit, or -1) at fault, as SPC-4 4.5.2.4.2 asks. */
enum mmc_sense_code cdb_field_error(struct mmcemu_cmd *c, unsigned byte, int bit);
enum mmc_sense_code param_field_error(struct mmcemu_cmd *c, unsigned byte, int bit);

/* Saves the disc's metadata after a state change (track/session close,
 * format, blank, reserve). A failure to save is a hardware error. */
enum mmc_sense_code drive_persist(struct mmcemu_drive *d);

/* drive_record.c. A committed WRITE of sequential media (lba may be in a
 * cue sheet's pregap); the sectors reach the medium as the buffer drains. */
void drive_record_write(struct mmcemu_drive *d, int64_t lba, uint32_t blocks);
/* Saves the disc as the medium holds it now, when `at` says it is due;
 * a failure to save is 04/44/00. */
enum mmc_sense_code drive_record_checkpoint(struct mmcemu_drive *d, enum drive_record_point at);
/* The saved disc is the drive's state again (drive_persist did it, or
 * a new medium came): nothing recorded is unsaved. */
void drive_record_reset(struct mmcemu_drive *d);
/* The medium leaves the drive, or the drive closes: the disc keeps what
 * reached the medium; the buffer's content is lost, as at a power off. */
void drive_record_power_off(struct mmcemu_drive *d);

/* Medium loaded and ready for media access? (handlers call this for
 * commands that need a medium only in some forms). */
enum mmc_sense_code drive_medium_ready(const struct mmcemu_drive *d);

/* Waits until t_ns on the drive clock. A VIRTUAL clock jumps, with the
 * lock held (tests stay deterministic); a REAL one sleeps with the lock
 * dropped, so other commands are answered meanwhile; the caller holds
 * the lock again on return and must not rely on state it read before. */
void drive_sleep_until(struct mmcemu_drive *d, uint64_t t_ns);
/* The same for a command that goes on with the medium afterwards (WRITE,
 * SYNCHRONIZE CACHE): it holds the medium while it sleeps, so only
 * CMD_STATUS commands run meanwhile. Returns NO SENSE, or 02/3A/xx when
 * the medium left meanwhile (a fault plan's eject). */
enum mmc_sense_code drive_hold_medium_until(struct mmcemu_drive *d, uint64_t t_ns);
/* Waits (lock dropped) until no command holds the medium. */
void drive_wait_medium_free(struct mmcemu_drive *d);

/* Runs a long operation of duration_ns on the drive clock, after the
 * buffer is written out. Immed: the command returns now and the drive
 * stays busy until the end (drive_long_op_sense); else the command itself
 * lasts until then (drive_sleep_until: a REAL clock sleeps without the
 * lock, and the drive answers meanwhile as it does after Immed). */
void drive_long_op_run(struct mmcemu_drive *d, enum media_busy kind, uint64_t duration_ns,
		       bool immed);
/* While a long operation runs: 02/04/04 (formatting) or 02/04/07
 * (blanking) with its progress, elapsed / duration in 65536ths, in fp.
 * NO SENSE otherwise. */
enum mmc_sense_code drive_long_op_sense(const struct mmcemu_drive *d,
					struct mmc_field_pointer *fp);
/* The sense of a medium busy with kind, progress (0..65536, capped at
 * FFFFh) as the sense-key-specific progress indication. */
enum mmc_sense_code drive_busy_sense(enum media_busy kind, uint32_t progress,
				     struct mmc_field_pointer *fp);

/* Mode page 05h as the drive powers on (also its "default" values). */
struct write_params drive_default_write_params(void);

/* Eject (the disc stays on the tray, remembered for a reload) and load
 * back the disc on the tray; both with the lock held. Eject honours
 * PREVENT (05/53/02); load with an empty tray just closes it. */
enum mmc_sense_code drive_eject_locked(struct mmcemu_drive *d);
enum mmc_sense_code drive_load_tray_locked(struct mmcemu_drive *d);

/* User-data bytes per second the medium takes at the current write speed.
 * MMC speed fields are kB/s of the medium's raw rate: on CD 1x is
 * 176.4 kB/s of 2352-byte sectors, of which 2048 bytes a sector are data;
 * DVD and BD speeds are data rates already. 0 on an unlimited clock. */
uint64_t drive_write_rate(const struct mmcemu_drive *d);
/* The rate the buffer drains at for sectors of buffer_block bytes, at
 * lba (CAV): the medium takes sectors, not bytes. */
uint64_t drive_buffer_rate_at(const struct mmcemu_drive *d, int64_t lba);
uint32_t drive_buffer_block(const struct mmcemu_drive *d);
/* Bytes a WRITE sends per block: mode page 05h's Data Block Type on CD
 * TAO and packet writing (2352 for audio), else 2048 (cmd_rw.c). */
size_t drive_write_block_size(const struct mmcemu_drive *d);
/* The same at lba: lower towards the inner edge when the current speed is
 * recorded CAV (profile_speed_factor). */
uint64_t drive_write_rate_at(const struct mmcemu_drive *d, int64_t lba);

/* Default write speed (fastest the profile allows) and read speed. */
void drive_reset_speeds(struct mmcemu_drive *d);

/* The unit serial INQUIRY VPD 80h/83h and feature 0108h report. */
const char *drive_unit_serial(const struct mmcemu_drive *d);

/* The profile currently reported (0 with no medium). */
uint16_t drive_current_profile(const struct mmcemu_drive *d);

/* Handlers, by group (one file each). */
#define DRIVE_HANDLER_LIST(X)                                  \
	/* cmd_basic.c */                                        \
	X(TEST_UNIT_READY, test_unit_ready, CMD_NEEDS_MEDIUM | CMD_STATUS) \
	X(REQUEST_SENSE, request_sense, CMD_NO_UNIT_ATTENTION | CMD_STATUS) \
	X(INQUIRY, inquiry, CMD_NO_UNIT_ATTENTION | CMD_STATUS) \
	X(START_STOP_UNIT, start_stop_unit, 0)                   \
	X(PREVENT_ALLOW_MEDIUM_REMOVAL, prevent_allow, 0)        \
	X(MECHANISM_STATUS, mechanism_status, CMD_STATUS)        \
	X(GET_EVENT_STATUS_NOTIFICATION, get_event_status, CMD_NO_UNIT_ATTENTION | CMD_STATUS) \
	/* cmd_mode.c */                                         \
	X(MODE_SENSE_6, mode_sense, CMD_STATUS)                  \
	X(MODE_SENSE_10, mode_sense, CMD_STATUS)                 \
	X(MODE_SELECT_6, mode_select, CMD_PARAMETER_LIST)        \
	X(MODE_SELECT_10, mode_select, CMD_PARAMETER_LIST)       \
	/* cmd_config.c */                                       \
	X(GET_CONFIGURATION, get_configuration, CMD_NO_UNIT_ATTENTION | CMD_STATUS) \
	/* cmd_perf.c */                                         \
	X(GET_PERFORMANCE, get_performance, CMD_STATUS)          \
	X(SET_STREAMING, set_streaming, CMD_PARAMETER_LIST)      \
	X(SET_CD_SPEED, set_cd_speed, 0)                         \
	X(READ_BUFFER_CAPACITY, read_buffer_capacity, CMD_STATUS) \
	/* cmd_structure.c */                                    \
	X(READ_DISC_STRUCTURE, read_disc_structure, 0)           \
	/* cmd_rw.c */                                           \
	X(READ_CAPACITY, read_capacity, CMD_NEEDS_MEDIUM)        \
	X(READ_10, read, CMD_NEEDS_MEDIUM | CMD_SECTOR_DATA)     \
	X(READ_12, read, CMD_NEEDS_MEDIUM | CMD_SECTOR_DATA)     \
	X(WRITE_10, write, CMD_NEEDS_MEDIUM | CMD_SECTOR_DATA)   \
	X(WRITE_12, write, CMD_NEEDS_MEDIUM | CMD_SECTOR_DATA)   \
	X(WRITE_AND_VERIFY_10, write, CMD_NEEDS_MEDIUM | CMD_SECTOR_DATA) \
	X(VERIFY_10, verify, CMD_NEEDS_MEDIUM)                   \
	X(SYNCHRONIZE_CACHE, synchronize_cache, CMD_NEEDS_MEDIUM) \
	/* cmd_readcd.c */                                       \
	X(READ_CD, read_cd, CMD_NEEDS_MEDIUM | CMD_SECTOR_DATA)  \
	X(READ_CD_MSF, read_cd_msf, CMD_NEEDS_MEDIUM | CMD_SECTOR_DATA) \
	X(READ_SUBCHANNEL, read_subchannel, CMD_NEEDS_MEDIUM)    \
	/* cmd_toc.c */                                          \
	X(READ_TOC_PMA_ATIP, read_toc, CMD_NEEDS_MEDIUM)         \
	/* cmd_track.c */                                        \
	X(READ_DISC_INFORMATION, read_disc_information, CMD_NEEDS_MEDIUM) \
	X(READ_TRACK_INFORMATION, read_track_information, CMD_NEEDS_MEDIUM) \
	X(RESERVE_TRACK, reserve_track, CMD_NEEDS_MEDIUM)        \
	X(CLOSE_TRACK_SESSION, close_track_session, CMD_NEEDS_MEDIUM) \
	X(SEND_OPC_INFORMATION, send_opc_information, CMD_NEEDS_MEDIUM | CMD_PARAMETER_LIST) \
	X(SEND_CUE_SHEET, send_cue_sheet, CMD_NEEDS_MEDIUM | CMD_PARAMETER_LIST) \
	/* cmd_format.c */                                       \
	X(FORMAT_UNIT, format_unit, CMD_NEEDS_MEDIUM)            \
	X(READ_FORMAT_CAPACITIES, read_format_capacities, CMD_NEEDS_MEDIUM) \
	X(BLANK, blank, CMD_NEEDS_MEDIUM)

#define DRIVE_X_DECL(op, fn, flags) \
	enum mmc_sense_code cmd_##fn(struct mmcemu_drive *d, struct mmcemu_cmd *c);
DRIVE_HANDLER_LIST(DRIVE_X_DECL)
#undef DRIVE_X_DECL

#endif
