/* TEMPORARY stub of emu-store's interface (readcd_stub.h): every recorded
 * sector is mode 1. */
#include "readcd_stub.h"

#include <string.h>

enum media_sector_kind media_sector_kind(const struct media_state *m, int64_t lba)
{
	const struct media_track *t = media_track_at(m, lba);
	if (!t || lba - t->start >= (int64_t)media_track_recorded(t))
		return SECTOR_BLANK;
	return SECTOR_MODE1;
}

int disc_store_read_sector(struct disc_store *s, const struct media_state *m, int64_t lba,
			   uint8_t out[2352], size_t *len)
{
	*len = 2048;
	if (media_sector_kind(m, lba) != SECTOR_MODE1) {
		memset(out, 0, 2048);
		return 0;
	}
	return disc_store_read(s, lba, 1, out);
}
