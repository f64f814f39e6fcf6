/* IMAPI_MEDIA_PHYSICAL_TYPE (imapi2.h): the kind of disc in a drive, as
 * IMAPI2's CurrentPhysicalMediaType and SupportedMediaTypes of every
 * IDiscFormat2 report it. The values are imapi2.h's, so a program ported
 * from IMAPI2 can compare them as it did there.
 *
 * The mapping from an MMC profile number (GET CONFIGURATION, MMC-6
 * 5.3.1) is derived from the one profile list (mmc/profiles.h: family and
 * attribute bits), not from a second table of profiles. Profiles IMAPI
 * has no type for (DDCD, HD DVD-RW, "nonstandard", no current profile)
 * map to DB_MEDIA_TYPE_UNKNOWN. */
#ifndef DISCBURN_MEDIA_TYPE_H
#define DISCBURN_MEDIA_TYPE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum db_media_physical_type {
	DB_MEDIA_TYPE_UNKNOWN = 0,
	DB_MEDIA_TYPE_CDROM = 1,
	DB_MEDIA_TYPE_CDR = 2,
	DB_MEDIA_TYPE_CDRW = 3,
	DB_MEDIA_TYPE_DVDROM = 4,
	DB_MEDIA_TYPE_DVDRAM = 5,
	DB_MEDIA_TYPE_DVDPLUSR = 6,
	DB_MEDIA_TYPE_DVDPLUSRW = 7,
	DB_MEDIA_TYPE_DVDPLUSR_DUALLAYER = 8,
	DB_MEDIA_TYPE_DVDDASHR = 9,
	DB_MEDIA_TYPE_DVDDASHRW = 10,
	DB_MEDIA_TYPE_DVDDASHR_DUALLAYER = 11,
	DB_MEDIA_TYPE_DISK = 12,
	DB_MEDIA_TYPE_DVDPLUSRW_DUALLAYER = 13,
	DB_MEDIA_TYPE_HDDVDROM = 14,
	DB_MEDIA_TYPE_HDDVDR = 15,
	DB_MEDIA_TYPE_HDDVDRAM = 16,
	DB_MEDIA_TYPE_BDROM = 17,
	DB_MEDIA_TYPE_BDR = 18,
	DB_MEDIA_TYPE_BDRE = 19,
	DB_MEDIA_TYPE_MAX = 19,
};

/* Enough room for every type: the cap a caller of a SupportedMediaTypes
 * getter needs at most. */
#define DB_MEDIA_TYPE_COUNT (DB_MEDIA_TYPE_MAX + 1)

/* The physical type of the medium a drive reports as profile (MMC-6
 * 5.3.1). 0000h (no medium) and numbers not in the list: UNKNOWN. */
enum db_media_physical_type db_media_physical_type_from_profile(uint16_t profile);

/* imapi2.h's name without the prefix's IMAPI_ ("MEDIA_TYPE_DVDPLUSR"),
 * or NULL for a value that is none. */
const char *db_media_physical_type_name(enum db_media_physical_type t);

/* The distinct physical types of the n profiles, in IMAPI's order
 * (ascending value), UNKNOWN left out; out has room for
 * DB_MEDIA_TYPE_COUNT. Returns how many. For SupportedMediaTypes: the
 * caller passes the profiles that both the drive and the format support. */
unsigned db_media_physical_types_of_profiles(const uint16_t *profiles, unsigned n,
					      enum db_media_physical_type *out);

#ifdef __cplusplus
}
#endif

#endif
