#include "mmc/profiles.h"

#include <stddef.h>

const char *mmc_profile_name(uint16_t profile)
{
	switch (profile) {
#define MMC_X_NAME(sym, num, name, fam, attrs, fmt) \
	case num:                                   \
		return name;
		MMC_PROFILE_LIST(MMC_X_NAME)
#undef MMC_X_NAME
	}
	return NULL;
}

enum mmc_media_family mmc_profile_family(uint16_t profile)
{
	switch (profile) {
#define MMC_X_FAM(sym, num, name, fam, attrs, fmt) \
	case num:                                  \
		return MMC_FAMILY_##fam;
		MMC_PROFILE_LIST(MMC_X_FAM)
#undef MMC_X_FAM
	}
	return MMC_FAMILY_NONE;
}

unsigned mmc_profile_attrs(uint16_t profile)
{
	switch (profile) {
#define MMC_X_ATTRS(sym, num, name, fam, attrs, fmt) \
	case num:                                    \
		return (attrs);
		MMC_PROFILE_LIST(MMC_X_ATTRS)
#undef MMC_X_ATTRS
	}
	return 0;
}

int mmc_profile_format_type(uint16_t profile)
{
	if (!mmc_profile_is(profile, MMC_PA_FMT))
		return -1;
	switch (profile) {
#define MMC_X_FMT(sym, num, name, fam, attrs, fmt) \
	case num:                                  \
		return (fmt);
		MMC_PROFILE_LIST(MMC_X_FMT)
#undef MMC_X_FMT
	}
	return -1;
}

const char *mmc_family_name(enum mmc_media_family family)
{
	switch (family) {
#define MMC_X_FNAME(sym, name, ecc, one_x, speed_sector) \
	case MMC_FAMILY_##sym:                           \
		return name;
		MMC_FAMILY_LIST(MMC_X_FNAME)
#undef MMC_X_FNAME
	}
	return NULL;
}

uint32_t mmc_family_1x_bytes_per_second(enum mmc_media_family family)
{
	switch (family) {
#define MMC_X_ONE_X(sym, name, ecc, one_x, speed_sector) \
	case MMC_FAMILY_##sym:                           \
		return (one_x);
		MMC_FAMILY_LIST(MMC_X_ONE_X)
#undef MMC_X_ONE_X
	}
	return 0;
}

uint16_t mmc_family_blocking(enum mmc_media_family family)
{
	switch (family) {
#define MMC_X_ECC(sym, name, ecc, one_x, speed_sector) \
	case MMC_FAMILY_##sym:                         \
		return (ecc);
		MMC_FAMILY_LIST(MMC_X_ECC)
#undef MMC_X_ECC
	}
	return 1;
}

uint32_t mmc_family_speed_sector_bytes(enum mmc_media_family family)
{
	switch (family) {
#define MMC_X_SPS(sym, name, ecc, one_x, speed_sector) \
	case MMC_FAMILY_##sym:                         \
		return (speed_sector);
		MMC_FAMILY_LIST(MMC_X_SPS)
#undef MMC_X_SPS
	}
	return 2048;
}

/* Rounded down. CD 1x is exact both ways (176,400 <-> 153,600 B/s). */
uint64_t mmc_speed_field_from_user_rate(enum mmc_media_family family, uint64_t user_bytes_per_s)
{
	return user_bytes_per_s * mmc_family_speed_sector_bytes(family) / 2048;
}

uint64_t mmc_user_rate_from_speed_field(enum mmc_media_family family, uint64_t field_bytes_per_s)
{
	return field_bytes_per_s * 2048 / mmc_family_speed_sector_bytes(family);
}
