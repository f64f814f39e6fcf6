/* IWriteSpeedDescriptor (discburn/recorder.h) over a decoded GET
 * PERFORMANCE type 03h Write Speed descriptor (MMC-6 6.8.5.3). */
#include "discburn/recorder.h"

enum db_media_physical_type db_write_speed_get_media_type(const struct db_write_speed *w)
{
	return db_media_physical_type_from_profile(w->profile);
}

/* WRC (byte 0 bits 4-3): 00b the drive's default rotation, 01b CAV. */
bool db_write_speed_get_rotation_type_is_pure_cav(const struct db_write_speed *w)
{
	return w->wrc == 1;
}

int32_t db_write_speed_get_write_speed(const struct db_write_speed *w)
{
	uint32_t sps = db_write_speed_sectors_per_second(w, w->profile);
	return sps > INT32_MAX ? INT32_MAX : (int32_t)sps;
}
