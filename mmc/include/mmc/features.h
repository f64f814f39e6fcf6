/* MMC-6 feature codes (GET CONFIGURATION, table 87) and the mode pages
 * burners use. */
#ifndef MMC_FEATURES_H
#define MMC_FEATURES_H

#ifdef __cplusplus
extern "C" {
#endif

#define MMC_FEATURE_LIST(X)                                  \
	X(PROFILE_LIST, 0x0000)                               \
	X(CORE, 0x0001)                                       \
	X(MORPHING, 0x0002)                                   \
	X(REMOVABLE_MEDIUM, 0x0003)                           \
	X(WRITE_PROTECT, 0x0004)                              \
	X(RANDOM_READABLE, 0x0010)                            \
	X(MULTI_READ, 0x001D)                                 \
	X(CD_READ, 0x001E)                                    \
	X(DVD_READ, 0x001F)                                   \
	X(RANDOM_WRITABLE, 0x0020)                            \
	X(INCREMENTAL_STREAMING_WRITABLE, 0x0021)             \
	X(FORMATTABLE, 0x0023)                                \
	X(HARDWARE_DEFECT_MANAGEMENT, 0x0024)                 \
	X(RESTRICTED_OVERWRITE, 0x0026)                       \
	X(MRW, 0x0028)                                        \
	X(DVD_PLUS_RW, 0x002A)                                \
	X(DVD_PLUS_R, 0x002B)                                 \
	X(RIGID_RESTRICTED_OVERWRITE, 0x002C)                 \
	X(CD_TRACK_AT_ONCE, 0x002D)                           \
	X(CD_MASTERING, 0x002E)                               \
	X(DVD_R_RW_WRITE, 0x002F)                             \
	X(BD_READ, 0x0040)                                    \
	X(BD_WRITE, 0x0041)                                   \
	X(POWER_MANAGEMENT, 0x0100)                           \
	X(CD_EXTERNAL_AUDIO_PLAY, 0x0103)                     \
	X(MICROCODE_UPGRADE, 0x0104)                          \
	X(TIMEOUT, 0x0105)                                    \
	X(REAL_TIME_STREAMING, 0x0107)                        \
	X(DRIVE_SERIAL_NUMBER, 0x0108)                        \
	X(DISC_CONTROL_BLOCKS, 0x010A)                        \
	X(FIRMWARE_INFORMATION, 0x010C)

enum mmc_feature {
#define MMC_X_ENUM(sym, code) MMC_FEATURE_##sym = code,
	MMC_FEATURE_LIST(MMC_X_ENUM)
#undef MMC_X_ENUM
};

/* Mode pages (MMC-6 7.x). */
enum mmc_mode_page {
	MMC_MODE_PAGE_READ_WRITE_ERROR_RECOVERY = 0x01,
	MMC_MODE_PAGE_WRITE_PARAMETERS = 0x05,
	MMC_MODE_PAGE_CACHING = 0x08,
	MMC_MODE_PAGE_POWER_CONDITION = 0x1A,
	MMC_MODE_PAGE_TIMEOUT_PROTECT = 0x1D,
	MMC_MODE_PAGE_CAPABILITIES = 0x2A,
	MMC_MODE_PAGE_ALL = 0x3F,
};

/* Write Type field of mode page 05h (MMC-6 7.5.4.3). */
enum mmc_write_type {
	MMC_WRITE_TYPE_PACKET_INCREMENTAL = 0,
	MMC_WRITE_TYPE_TAO = 1,
	MMC_WRITE_TYPE_SAO = 2, /* session at once = DAO on DVD-R */
	MMC_WRITE_TYPE_RAW = 3,
	MMC_WRITE_TYPE_LAYER_JUMP = 4,
};

/* CLOSE TRACK/SESSION close function field (MMC-6 6.2.3). */
enum mmc_close_function {
	MMC_CLOSE_STOP_BACKGROUND_FORMAT_QUICK = 0, /* DVD+RW / BD-RE: quick stop */
	MMC_CLOSE_TRACK = 1,
	MMC_CLOSE_SESSION = 2, /* CD/DVD-R/DVD+R/BD-R: close session; DVD+RW: compatible stop of background format */
	MMC_CLOSE_FINALIZE_BACKGROUND_FORMAT = 3, /* DVD+RW: finish background format */
	MMC_CLOSE_FINALIZE_DVD_PLUS_R_30MM = 5, /* DVD+R: finalize with minimal radius */
	MMC_CLOSE_FINALIZE_DVD_PLUS_R = 6, /* DVD+R: finalize the disc; BD-R: finalize */
};

#ifdef __cplusplus
}
#endif

#endif
