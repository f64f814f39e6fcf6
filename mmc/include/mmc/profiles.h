/* MMC-6 profile numbers (table 86) of the media a burner reports in
 * GET CONFIGURATION. Columns: symbol, number, name. */
#ifndef MMC_PROFILES_H
#define MMC_PROFILES_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MMC_PROFILE_LIST(X)                                  \
	X(NONE, 0x0000, "no current profile")                 \
	X(CD_ROM, 0x0008, "CD-ROM")                           \
	X(CD_R, 0x0009, "CD-R")                               \
	X(CD_RW, 0x000A, "CD-RW")                             \
	X(DVD_ROM, 0x0010, "DVD-ROM")                         \
	X(DVD_R_SEQ, 0x0011, "DVD-R sequential recording")    \
	X(DVD_RAM, 0x0012, "DVD-RAM")                         \
	X(DVD_RW_RO, 0x0013, "DVD-RW restricted overwrite")   \
	X(DVD_RW_SEQ, 0x0014, "DVD-RW sequential recording")  \
	X(DVD_R_DL_SEQ, 0x0015, "DVD-R DL sequential")        \
	X(DVD_PLUS_RW, 0x001A, "DVD+RW")                      \
	X(DVD_PLUS_R, 0x001B, "DVD+R")                        \
	X(DVD_PLUS_RW_DL, 0x002A, "DVD+RW DL")                \
	X(DVD_PLUS_R_DL, 0x002B, "DVD+R DL")                  \
	X(BD_ROM, 0x0040, "BD-ROM")                           \
	X(BD_R_SRM, 0x0041, "BD-R sequential recording")      \
	X(BD_R_RRM, 0x0042, "BD-R random recording")          \
	X(BD_RE, 0x0043, "BD-RE")

enum mmc_profile {
#define MMC_X_ENUM(sym, num, name) MMC_PROFILE_##sym = num,
	MMC_PROFILE_LIST(MMC_X_ENUM)
#undef MMC_X_ENUM
};

/* "CD-R"-style name, or NULL for a number not in the list. */
const char *mmc_profile_name(uint16_t profile);

enum mmc_media_family { MMC_FAMILY_NONE, MMC_FAMILY_CD, MMC_FAMILY_DVD, MMC_FAMILY_BD };
enum mmc_media_family mmc_profile_family(uint16_t profile);

/* Bytes per second of 1x user data for a family (DESIGN.md "Speed units"):
 * CD 153,600 (75 x 2048), DVD 1,385,000, BD 4,495,625. */
uint32_t mmc_family_1x_bytes_per_second(enum mmc_media_family family);

/* Sectors per ECC block, the unit writes are padded to and the Blocking
 * field of the Random Readable feature (MMC-6 5.3.4): CD 1, DVD 16
 * (ECMA-267), BD 32 (one cluster). */
uint16_t mmc_family_blocking(enum mmc_media_family family);

#ifdef __cplusplus
}
#endif

#endif
