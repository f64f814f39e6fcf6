/* IMAPI_MEDIA_PHYSICAL_TYPE from the profile list (see media_type.h). */
#include "discburn/media_type.h"

#include <stdbool.h>
#include <stddef.h>

#include "mmc/profiles.h"

/* DVD: the DVD+ and DVD-R/-RW formats by their attribute bits, DVD-RAM
 * the rewritable random-access DVD of neither (MMC-6 5.3.1). */
static enum db_media_physical_type dvd_type(uint16_t p)
{
	bool rw = mmc_profile_is(p, MMC_PA_RW), dl = mmc_profile_is(p, MMC_PA_DL);
	if (mmc_profile_is(p, MMC_PA_PLUS)) {
		if (rw)
			return dl ? DB_MEDIA_TYPE_DVDPLUSRW_DUALLAYER : DB_MEDIA_TYPE_DVDPLUSRW;
		return dl ? DB_MEDIA_TYPE_DVDPLUSR_DUALLAYER : DB_MEDIA_TYPE_DVDPLUSR;
	}
	/* IMAPI has one DVD-RW type for the single and dual layer discs and
	 * both of their recording modes. */
	if (mmc_profile_is(p, MMC_PA_DASH))
		return rw ? DB_MEDIA_TYPE_DVDDASHRW
			  : dl ? DB_MEDIA_TYPE_DVDDASHR_DUALLAYER : DB_MEDIA_TYPE_DVDDASHR;
	if (mmc_profile_is(p, MMC_PA_RAND | MMC_PA_RW))
		return DB_MEDIA_TYPE_DVDRAM;
	return mmc_profile_attrs(p) == 0 ? DB_MEDIA_TYPE_DVDROM : DB_MEDIA_TYPE_UNKNOWN;
}

/* HD DVD: IMAPI knows ROM, R (single and dual layer) and RAM, no RW. */
static enum db_media_physical_type hd_dvd_type(uint16_t p)
{
	if (mmc_profile_is(p, MMC_PA_RAND | MMC_PA_RW))
		return DB_MEDIA_TYPE_HDDVDRAM;
	if (mmc_profile_is(p, MMC_PA_RW))
		return DB_MEDIA_TYPE_UNKNOWN;
	if (mmc_profile_is(p, MMC_PA_SEQ))
		return DB_MEDIA_TYPE_HDDVDR;
	return DB_MEDIA_TYPE_HDDVDROM;
}

enum db_media_physical_type db_media_physical_type_from_profile(uint16_t p)
{
	if (!mmc_profile_name(p))
		return DB_MEDIA_TYPE_UNKNOWN;
	switch (mmc_profile_family(p)) {
	case MMC_FAMILY_CD:
		return mmc_profile_is(p, MMC_PA_RW)    ? DB_MEDIA_TYPE_CDRW
		       : mmc_profile_is(p, MMC_PA_SEQ) ? DB_MEDIA_TYPE_CDR
						       : DB_MEDIA_TYPE_CDROM;
	case MMC_FAMILY_DVD:
		return dvd_type(p);
	case MMC_FAMILY_BD: /* BD-R in either recording mode is one type */
		return mmc_profile_is(p, MMC_PA_RW)	? DB_MEDIA_TYPE_BDRE
		       : mmc_profile_attrs(p) != 0 ? DB_MEDIA_TYPE_BDR
						   : DB_MEDIA_TYPE_BDROM;
	case MMC_FAMILY_HD_DVD:
		return hd_dvd_type(p);
	case MMC_FAMILY_NONE:
		/* IMAPI_MEDIA_TYPE_DISK: a randomly writable medium with a
		 * disk profile (hard disk, removable disk, MO) */
		return mmc_profile_is(p, MMC_PA_RAND | MMC_PA_RW) ? DB_MEDIA_TYPE_DISK
								   : DB_MEDIA_TYPE_UNKNOWN;
	case MMC_FAMILY_DDCD:
		break;
	}
	return DB_MEDIA_TYPE_UNKNOWN;
}

const char *db_media_physical_type_name(enum db_media_physical_type t)
{
	static const char *const names[DB_MEDIA_TYPE_COUNT] = {
		"MEDIA_TYPE_UNKNOWN", "MEDIA_TYPE_CDROM", "MEDIA_TYPE_CDR",
		"MEDIA_TYPE_CDRW", "MEDIA_TYPE_DVDROM", "MEDIA_TYPE_DVDRAM",
		"MEDIA_TYPE_DVDPLUSR", "MEDIA_TYPE_DVDPLUSRW",
		"MEDIA_TYPE_DVDPLUSR_DUALLAYER", "MEDIA_TYPE_DVDDASHR",
		"MEDIA_TYPE_DVDDASHRW", "MEDIA_TYPE_DVDDASHR_DUALLAYER",
		"MEDIA_TYPE_DISK", "MEDIA_TYPE_DVDPLUSRW_DUALLAYER",
		"MEDIA_TYPE_HDDVDROM", "MEDIA_TYPE_HDDVDR", "MEDIA_TYPE_HDDVDRAM",
		"MEDIA_TYPE_BDROM", "MEDIA_TYPE_BDR", "MEDIA_TYPE_BDRE",
	};
	return (unsigned)t < DB_MEDIA_TYPE_COUNT ? names[t] : NULL;
}

unsigned db_media_physical_types_of_profiles(const uint16_t *profiles, unsigned n,
					      enum db_media_physical_type *out)
{
	bool seen[DB_MEDIA_TYPE_COUNT] = {false};
	for (unsigned i = 0; i < n; i++)
		seen[db_media_physical_type_from_profile(profiles[i])] = true;
	unsigned k = 0;
	for (unsigned t = DB_MEDIA_TYPE_UNKNOWN + 1; t < DB_MEDIA_TYPE_COUNT; t++)
		if (seen[t])
			out[k++] = (enum db_media_physical_type)t;
	return k;
}
