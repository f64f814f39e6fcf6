#include "mmc/profiles.h"

#include <stddef.h>

const char *mmc_profile_name(uint16_t profile)
{
	switch (profile) {
#define MMC_X_NAME(sym, num, name) \
	case num:                  \
		return name;
		MMC_PROFILE_LIST(MMC_X_NAME)
#undef MMC_X_NAME
	}
	return NULL;
}

enum mmc_media_family mmc_profile_family(uint16_t profile)
{
	if (profile >= 0x08 && profile <= 0x0A)
		return MMC_FAMILY_CD;
	if (profile >= 0x10 && profile <= 0x2B)
		return MMC_FAMILY_DVD;
	if (profile >= 0x40 && profile <= 0x43)
		return MMC_FAMILY_BD;
	return MMC_FAMILY_NONE;
}

uint32_t mmc_family_1x_bytes_per_second(enum mmc_media_family family)
{
	switch (family) {
	case MMC_FAMILY_CD:
		return 75 * 2048;
	case MMC_FAMILY_DVD:
		return 1385000;
	case MMC_FAMILY_BD:
		return 4495625;
	default:
		return 0;
	}
}

uint16_t mmc_family_blocking(enum mmc_media_family family)
{
	switch (family) {
	case MMC_FAMILY_DVD:
		return 16;
	case MMC_FAMILY_BD:
		return 32;
	default:
		return 1;
	}
}
