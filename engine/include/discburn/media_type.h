/* IMAPI2 IMAPI_MEDIA_PHYSICAL_TYPE (imapi2.h), same values, and the one
 * mapping from an MMC profile (mmc/profiles.h) to it. DiscFormat2Data's
 * CurrentPhysicalMediaType / SupportedMediaTypes and WriteSpeedDescriptor's
 * MediaType all derive from db_media_physical_type_from_profile(). */
#ifndef DISCBURN_MEDIA_TYPE_H
#define DISCBURN_MEDIA_TYPE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum db_media_physical_type {
	DB_MEDIA_TYPE_UNKNOWN = 0x00, /* unknown medium, or none */
	DB_MEDIA_TYPE_CDROM = 0x01,
	DB_MEDIA_TYPE_CDR = 0x02,
	DB_MEDIA_TYPE_CDRW = 0x03,
	DB_MEDIA_TYPE_DVDROM = 0x04,
	DB_MEDIA_TYPE_DVDRAM = 0x05,
	DB_MEDIA_TYPE_DVDPLUSR = 0x06,
	DB_MEDIA_TYPE_DVDPLUSRW = 0x07,
	DB_MEDIA_TYPE_DVDPLUSR_DUALLAYER = 0x08,
	DB_MEDIA_TYPE_DVDDASHR = 0x09,
	DB_MEDIA_TYPE_DVDDASHRW = 0x0A,
	DB_MEDIA_TYPE_DVDDASHR_DUALLAYER = 0x0B,
	DB_MEDIA_TYPE_DISK = 0x0C, /* randomly writable, hard-disk-like */
	DB_MEDIA_TYPE_DVDPLUSRW_DUALLAYER = 0x0D,
	DB_MEDIA_TYPE_HDDVDROM = 0x0E,
	DB_MEDIA_TYPE_HDDVDR = 0x0F,
	DB_MEDIA_TYPE_HDDVDRAM = 0x10,
	DB_MEDIA_TYPE_BDROM = 0x11,
	DB_MEDIA_TYPE_BDR = 0x12,
	DB_MEDIA_TYPE_BDRE = 0x13,
	DB_MEDIA_TYPE_MAX = 0x13,
};

/* The IMAPI type of an MMC profile (MMC-6 Table 97); DB_MEDIA_TYPE_UNKNOWN
 * for 0 (no medium) and profiles IMAPI has no type for. DVD-RW in
 * restricted overwrite and sequential mode are both DVDDASHRW, DVD-R DL
 * sequential and layer jump both DVDDASHR_DUALLAYER, BD-R SRM and RRM
 * both BDR, as IMAPI names the physical disc, not the recording mode. */
enum db_media_physical_type db_media_physical_type_from_profile(uint16_t profile);
/* "IMAPI_MEDIA_TYPE_DVDPLUSR", ...; "IMAPI_MEDIA_TYPE_UNKNOWN" for any
 * other value. */
const char *db_media_physical_type_name(enum db_media_physical_type t);

#ifdef __cplusplus
}
#endif

#endif
