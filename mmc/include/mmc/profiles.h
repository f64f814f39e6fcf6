/* MMC profiles (the media a drive reports in GET CONFIGURATION) and the
 * media families they belong to: one list each, and every question the
 * engine and the emulator ask about a profile is answered from them
 * (docs/architecture.md, "One list, many outputs"). */
#ifndef MMC_PROFILES_H
#define MMC_PROFILES_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Media families. Columns: symbol, name, ECC block in 2048-byte sectors
 * (the unit writes are padded to and the Blocking field of the Random
 * Readable feature, MMC-6 5.3.4), 1x in bytes per second of 2048-byte
 * user data (DESIGN.md "Speed units"; 0: no speed this project knows),
 * and the bytes per sector MMC speed fields count (MMC-6 6.37: CD speeds
 * count the raw 2352-byte sector, so CD 1x is 176.4 kB/s; DVD and BD
 * speeds are user-data rates).
 *
 * CD: 75 sectors/s (ECMA-130). DVD: 11.08 Mbit/s (ECMA-267, one ECC
 * block of 16 sectors). BD: 36 Mbit/s of user data, 32-sector (64 KiB)
 * clusters (BD-R/RE part 1). HD DVD: 64 KiB ECC blocks (ECMA-374). NONE
 * holds the profiles that are no optical disc family (hard disks, MO) and
 * "no current profile". */
#define MMC_FAMILY_LIST(X)                        \
	X(NONE, "none", 1, 0, 2048)               \
	X(CD, "CD", 1, 75 * 2048, 2352)           \
	X(DVD, "DVD", 16, 1385000, 2048)          \
	X(BD, "BD", 32, 4495625, 2048)            \
	X(HD_DVD, "HD DVD", 32, 0, 2048)          \
	X(DDCD, "DDCD", 1, 0, 2352)

enum mmc_media_family {
#define MMC_X_FAM_ENUM(sym, name, ecc, one_x, speed_sector) MMC_FAMILY_##sym,
	MMC_FAMILY_LIST(MMC_X_FAM_ENUM)
#undef MMC_X_FAM_ENUM
};

/* What a profile's medium is, one bit each (the flags column below):
 *  SEQ   recorded sequentially, in tracks and sessions, at the Next
 *        Writable Address of READ TRACK INFORMATION (MMC-6 6.27; the
 *        Incremental Streaming Writable, CD TAO/Mastering, DVD-R/-RW
 *        Write, +R and BD-R SRM features).
 *  RAND  written at any LBA of its capacity (random writable; DVD-RW
 *        restricted overwrite in whole ECC blocks, BD-R RRM once per
 *        cluster).
 *  RW    can be recorded again: blanked, reformatted or overwritten.
 *  FMT   a blank one takes no WRITE until FORMAT UNIT formats it
 *        (05/30/05 until then, MMC-6 6.5).
 *  P05   the Write Parameters mode page 05h governs how it is recorded
 *        (write type, multi-session, test write; MMC-6 7.5). DVD+R/+RW
 *        and BD take the page but ignore it.
 *  BGF   background formatting with a BG Format Status in READ DISC
 *        INFORMATION (MMC-6 6.21.3.1.13) and the close functions that
 *        stop or finish it (6.2.3): DVD+RW.
 *  PLUS  DVD+ format (ECMA-337/-349/-364): ADIP media identifiers; +R
 *        is finalized with close function 101b (MMC-6 6.3.3.4.4).
 *  DASH  DVD-R/-RW format (ECMA-279/-338/-382): pre-pit media
 *        identifiers, book type 2 or 3.
 *  DL    two recording layers (a "DL" profile of MMC-6 5.3.1: DVD-R DL,
 *        DVD-RW DL, DVD+R/+RW DL, HD DVD-R/-RW DL; BD has no profile per
 *        layer count). IMAPI's IMAPI_MEDIA_PHYSICAL_TYPE tells these
 *        apart (engine/include/discburn/media_type.h). */
enum mmc_profile_attr {
	MMC_PA_SEQ = 1u << 0,
	MMC_PA_RAND = 1u << 1,
	MMC_PA_RW = 1u << 2,
	MMC_PA_FMT = 1u << 3,
	MMC_PA_P05 = 1u << 4,
	MMC_PA_BGF = 1u << 5,
	MMC_PA_PLUS = 1u << 6,
	MMC_PA_DASH = 1u << 7,
	MMC_PA_DL = 1u << 8,
};

/* Every profile number MMC-6 defines (5.3.1, the Profile List feature's
 * table of profiles; the same numbers as MMC-5 table 89 plus 0017h,
 * 0018h and HD DVD), and 0000h for "no current profile" (6.6.2.1).
 * Columns: symbol, number, name, family, attributes (enum
 * mmc_profile_attr bits), format type of the full
 * format a blank medium gets (MMC-6 6.4.4.2: 26h DVD+RW, 00h the others;
 * meaningful with FMT only).
 *
 * Where MMC leaves the recording method to a separate standard this
 * project does not follow (MO, DDCD, HD DVD-RW), only what the name says
 * is claimed; no code path writes those media. */
#define MMC_PROFILE_LIST(X)                                                                   \
	X(NONE, 0x0000, "no current profile", NONE, 0, 0)                                    \
	X(NON_REMOVABLE_DISK, 0x0001, "non-removable disk", NONE, MMC_PA_RAND | MMC_PA_RW, 0) \
	X(REMOVABLE_DISK, 0x0002, "removable disk", NONE, MMC_PA_RAND | MMC_PA_RW, 0)         \
	X(MO_ERASABLE, 0x0003, "MO erasable", NONE, MMC_PA_RAND | MMC_PA_RW, 0)               \
	X(MO_WRITE_ONCE, 0x0004, "optical write once", NONE, MMC_PA_RAND, 0)                  \
	X(AS_MO, 0x0005, "AS-MO", NONE, MMC_PA_RAND | MMC_PA_RW, 0)                           \
	X(CD_ROM, 0x0008, "CD-ROM", CD, 0, 0)                                                 \
	X(CD_R, 0x0009, "CD-R", CD, MMC_PA_SEQ | MMC_PA_P05, 0)                               \
	X(CD_RW, 0x000A, "CD-RW", CD, MMC_PA_SEQ | MMC_PA_RW | MMC_PA_P05, 0)                 \
	X(DVD_ROM, 0x0010, "DVD-ROM", DVD, 0, 0)                                              \
	X(DVD_R_SEQ, 0x0011, "DVD-R sequential recording", DVD,                              \
	  MMC_PA_SEQ | MMC_PA_P05 | MMC_PA_DASH, 0)                                           \
	X(DVD_RAM, 0x0012, "DVD-RAM", DVD, MMC_PA_RAND | MMC_PA_RW | MMC_PA_FMT, 0x00)        \
	X(DVD_RW_RO, 0x0013, "DVD-RW restricted overwrite", DVD,                             \
	  MMC_PA_RAND | MMC_PA_RW | MMC_PA_DASH, 0)                                           \
	X(DVD_RW_SEQ, 0x0014, "DVD-RW sequential recording", DVD,                            \
	  MMC_PA_SEQ | MMC_PA_RW | MMC_PA_P05 | MMC_PA_DASH, 0)                               \
	X(DVD_R_DL_SEQ, 0x0015, "DVD-R DL sequential recording", DVD,                        \
	  MMC_PA_SEQ | MMC_PA_P05 | MMC_PA_DASH | MMC_PA_DL, 0)                                           \
	X(DVD_R_DL_LJR, 0x0016, "DVD-R DL layer jump recording", DVD,                        \
	  MMC_PA_SEQ | MMC_PA_P05 | MMC_PA_DASH | MMC_PA_DL, 0)                                           \
	X(DVD_RW_DL, 0x0017, "DVD-RW DL", DVD,                                              \
	  MMC_PA_SEQ | MMC_PA_RW | MMC_PA_P05 | MMC_PA_DASH | MMC_PA_DL, 0) \
	X(DVD_DOWNLOAD, 0x0018, "DVD-Download disc recording", DVD,                          \
	  MMC_PA_SEQ | MMC_PA_P05 | MMC_PA_DASH, 0)                                           \
	X(DVD_PLUS_RW, 0x001A, "DVD+RW", DVD,                                                \
	  MMC_PA_RAND | MMC_PA_RW | MMC_PA_FMT | MMC_PA_BGF | MMC_PA_PLUS, 0x26)              \
	X(DVD_PLUS_R, 0x001B, "DVD+R", DVD, MMC_PA_SEQ | MMC_PA_PLUS, 0)                      \
	X(DDCD_ROM, 0x0020, "DDCD-ROM", DDCD, 0, 0)                                           \
	X(DDCD_R, 0x0021, "DDCD-R", DDCD, MMC_PA_SEQ, 0)                                      \
	X(DDCD_RW, 0x0022, "DDCD-RW", DDCD, MMC_PA_SEQ | MMC_PA_RW, 0)                        \
	X(DVD_PLUS_RW_DL, 0x002A, "DVD+RW DL", DVD,                                          \
	  MMC_PA_RAND | MMC_PA_RW | MMC_PA_FMT | MMC_PA_BGF | MMC_PA_PLUS | MMC_PA_DL, 0x26) \
	X(DVD_PLUS_R_DL, 0x002B, "DVD+R DL", DVD, MMC_PA_SEQ | MMC_PA_PLUS | MMC_PA_DL, 0)                \
	X(BD_ROM, 0x0040, "BD-ROM", BD, 0, 0)                                                 \
	X(BD_R_SRM, 0x0041, "BD-R sequential recording", BD, MMC_PA_SEQ, 0)                   \
	X(BD_R_RRM, 0x0042, "BD-R random recording", BD, MMC_PA_RAND, 0)                      \
	X(BD_RE, 0x0043, "BD-RE", BD, MMC_PA_RAND | MMC_PA_RW | MMC_PA_FMT, 0x00)             \
	X(HD_DVD_ROM, 0x0050, "HD DVD-ROM", HD_DVD, 0, 0)                                     \
	X(HD_DVD_R, 0x0051, "HD DVD-R", HD_DVD, MMC_PA_SEQ, 0)                                \
	X(HD_DVD_RAM, 0x0052, "HD DVD-RAM", HD_DVD, MMC_PA_RAND | MMC_PA_RW | MMC_PA_FMT, 0x00) \
	X(HD_DVD_RW, 0x0053, "HD DVD-RW", HD_DVD, MMC_PA_RW, 0)                               \
	X(HD_DVD_R_DL, 0x0058, "HD DVD-R DL", HD_DVD, MMC_PA_SEQ | MMC_PA_DL, 0)                          \
	X(HD_DVD_RW_DL, 0x005A, "HD DVD-RW DL", HD_DVD, MMC_PA_RW | MMC_PA_DL, 0)                         \
	X(NONSTANDARD, 0xFFFF, "nonstandard", NONE, 0, 0)

enum mmc_profile {
#define MMC_X_ENUM(sym, num, name, fam, attrs, fmt) MMC_PROFILE_##sym = num,
	MMC_PROFILE_LIST(MMC_X_ENUM)
#undef MMC_X_ENUM
};

/* "CD-R"-style name, or NULL for a number not in the list. */
const char *mmc_profile_name(uint16_t profile);

/* The family; MMC_FAMILY_NONE for a number not in the list. */
enum mmc_media_family mmc_profile_family(uint16_t profile);

/* The attribute bits (enum mmc_profile_attr); 0 for a number not in the
 * list. */
unsigned mmc_profile_attrs(uint16_t profile);

/* True when the profile has every bit of attrs. */
static inline bool mmc_profile_is(uint16_t profile, unsigned attrs)
{
	return attrs && (mmc_profile_attrs(profile) & attrs) == attrs;
}

/* FORMAT UNIT format type of the full format a blank medium of this
 * profile gets (26h DVD+RW, 00h DVD-RAM / BD-RE, MMC-6 6.4.4.2); -1 when
 * the profile needs no format. */
int mmc_profile_format_type(uint16_t profile);

/* The family's name ("CD"), or NULL for a value not in the list. */
const char *mmc_family_name(enum mmc_media_family family);

/* Bytes per second of 1x user data for a family (DESIGN.md "Speed units"):
 * CD 153,600 (75 x 2048), DVD 1,385,000, BD 4,495,625; 0 when unknown. */
uint32_t mmc_family_1x_bytes_per_second(enum mmc_media_family family);

/* Sectors per ECC block, the unit writes are padded to and the Blocking
 * field of the Random Readable feature (MMC-6 5.3.4): CD 1, DVD 16
 * (ECMA-267), BD 32 (one cluster). */
uint16_t mmc_family_blocking(enum mmc_media_family family);

/* Bytes per sector that MMC speed fields count for the family: 2352 on
 * CD (1x = 75 raw sectors a second = 176.4 kB/s), 2048 elsewhere. */
uint32_t mmc_family_speed_sector_bytes(enum mmc_media_family family);

/* The one conversion between the user-data rate (bytes of 2048-byte
 * sectors per second, the unit of every rate in discburn) and the kB/s
 * (1000 B/s) of MMC speed fields (SET CD SPEED, SET STREAMING, GET
 * PERFORMANCE, mode page 2Ah): scaled by the speed sector size. */
uint64_t mmc_speed_field_from_user_rate(enum mmc_media_family family, uint64_t user_bytes_per_s);
uint64_t mmc_user_rate_from_speed_field(enum mmc_media_family family, uint64_t field_bytes_per_s);

#ifdef __cplusplus
}
#endif

#endif
