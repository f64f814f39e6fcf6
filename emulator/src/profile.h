/* Media profiles: what one kind of disc is (capacity, speeds, write modes,
 * disc identification), read at run time from media-profiles/NAME.ini with
 * libinih. Format: docs/media-profiles.md. */
#ifndef MMCEMU_PROFILE_H
#define MMCEMU_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mmc/profiles.h"

#define PROFILE_NAME_MAX 32
#define PROFILE_MAX_SPEEDS 16
#define PROFILE_MAX_COUNT 32

/* Write modes a medium accepts (bit set). */
enum profile_write_mode {
	WRITE_MODE_TAO = 1 << 0,
	WRITE_MODE_SAO = 1 << 1, /* SAO on CD, DAO on DVD-R */
	WRITE_MODE_RAW = 1 << 2,
	WRITE_MODE_INCREMENTAL = 1 << 3, /* DVD-R incremental, DVD+R */
	WRITE_MODE_RESTRICTED_OVERWRITE = 1 << 4,
	WRITE_MODE_SRM = 1 << 5, /* BD-R sequential recording mode */
	WRITE_MODE_RANDOM = 1 << 6, /* DVD+RW, BD-RE: write anywhere once formatted */
};

enum profile_speed_model { SPEED_CLV, SPEED_CAV };

struct mmcemu_profile {
	char name[PROFILE_NAME_MAX]; /* file name without .ini: "cd-r" */
	char description[64];
	uint16_t number; /* MMC profile number, e.g. 0x0009 */
	enum mmc_media_family family;
	uint32_t capacity; /* user data sectors of 2048 bytes */
	bool rewritable; /* can be blanked or reformatted */
	bool sequential; /* write-once or sequential recording: NWA rules apply */
	bool needs_format; /* must be formatted before the first write */
	unsigned write_modes; /* enum profile_write_mode bits */
	uint32_t buffer_bytes; /* drive buffer while this medium is loaded */
	/* How long the drive stays busy after FORMAT UNIT before the medium
	 * takes writes (0: at once). A background format (DVD+RW) goes on
	 * after that, reported by the BG format status. */
	uint32_t format_ms;
	/* Write speeds in kB/s (1000 B/s), ascending; the last is the fastest. */
	uint32_t write_speeds_kbps[PROFILE_MAX_SPEEDS];
	unsigned n_write_speeds;
	uint32_t read_speed_kbps;
	enum profile_speed_model speed_model;
	/* CAV: the speed at the inner edge, as a fraction (percent) of the
	 * outer speed. */
	unsigned cav_inner_percent;
	/* CAV: write speeds at or above this one are written CAV, slower ones
	 * CLV, as drives do (a 16x DVD burner spins CAV at 16x and 12x but
	 * records 4x at constant linear velocity). 0: every speed is CAV. */
	uint32_t cav_from_kbps;
	/* Disc identification. CD: ATIP start of lead-in (M:S:F) and disc type
	 * (sub-type); DVD/BD: manufacturer and media type IDs (ADIP/DI). */
	uint8_t atip_lead_in_msf[3];
	uint8_t atip_disc_subtype;
	char manufacturer_id[16];
	char media_type_id[8];
	/* Sectors a closed session costs before the next session's first
	 * track (CD: lead-out + lead-in + pregap = 11400). session_gap is the
	 * gap after the first session, next_session_gap after later ones
	 * (CD: 6900, a later lead-out is 2250 sectors). */
	uint32_t session_gap;
	uint32_t next_session_gap;
	unsigned max_sessions;
};

/* Parses one profile file; the name is taken from the file name. On error
 * returns -EINVAL (or -errno) and writes "path:line: problem" into err. */
int profile_parse_file(const char *path, struct mmcemu_profile *out,
		       char *err, size_t errlen);

/* Loads dir/NAME.ini. */
int profile_load(const char *dir, const char *name, struct mmcemu_profile *out,
		 char *err, size_t errlen);

/* Loads every *.ini in dir, sorted by profile number then name. Returns the
 * count or -errno. */
int profile_load_all(const char *dir, struct mmcemu_profile *out, int max,
		     char *err, size_t errlen);

/* 1x speed of the profile's family in kB/s, for speed conversions, as
 * MMC speed fields count it: CD 176 (176.4 kB/s of 2352-byte sectors, the
 * figure wodim and libburn divide by), DVD 1385, BD 4496. */
uint32_t profile_1x_kbps(const struct mmcemu_profile *p);

/* kB/s of a speed given in tenths of the family's 1x (24 = 2.4x), rounded
 * as drives report it (CD 48x = 8467, DVD 16x = 22160, BD 12x = 53948). */
uint32_t profile_speed_kbps(enum mmc_media_family family, uint32_t tenths_x);

/* True when the drive records this medium at kbps with constant angular
 * velocity (model = cav, kbps at or above cav_from). */
bool profile_speed_is_cav(const struct mmcemu_profile *p, uint32_t kbps);

/* The fraction of the nominal speed kbps the medium passes under the head
 * at lba: 1 for CLV; for CAV the nominal speed is the outer edge's and the
 * linear speed grows with the radius, from cav_inner_percent at LBA 0. */
double profile_speed_factor(const struct mmcemu_profile *p, uint32_t kbps, int64_t lba);

/* Parses a profile from text (tests, fuzzing); path names it in errors. */
int profile_parse_string(const char *text, const char *path,
			 struct mmcemu_profile *out, char *err, size_t errlen);

#endif
