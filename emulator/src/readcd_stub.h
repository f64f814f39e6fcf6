/* TEMPORARY (emu-readcd branch only): the two functions emu-store provides
 * in media.h / disc_store.h (ISSUE15.md "Interfaces fixed now"), stubbed
 * for mode 1 discs until that branch lands; dropped at the rebase. */
#ifndef MMCEMU_READCD_STUB_H
#define MMCEMU_READCD_STUB_H

#include <stddef.h>
#include <stdint.h>

#include "disc_store.h"
#include "media.h"

enum media_sector_kind {
	SECTOR_BLANK,
	SECTOR_UNREADABLE,
	SECTOR_PREGAP,
	SECTOR_AUDIO,
	SECTOR_MODE1,
	SECTOR_MODE2,
};
enum media_sector_kind media_sector_kind(const struct media_state *m, int64_t lba);
int disc_store_read_sector(struct disc_store *s, const struct media_state *m, int64_t lba,
			   uint8_t out[2352], size_t *len);

#endif
