/* Block ranges (IMAPI2 IBlockRange / IBlockRangeList): the sectors of an
 * image that changed, so a rewrite of a random-access disc (DVD+RW, BD-RE)
 * sends only those. Ranges are inclusive [start_lba, end_lba] in sectors of
 * the image, which is recorded from sector 0. */
#ifndef DISCBURN_BLOCK_RANGE_H
#define DISCBURN_BLOCK_RANGE_H

#include <stddef.h>
#include <stdint.h>

#include "discburn/status.h"

#ifdef __cplusplus
extern "C" {
#endif

struct db_block_range {
	int32_t start_lba;
	int32_t end_lba; /* inclusive, as IBlockRange::EndLba */
};

struct db_block_range_list {
	const struct db_block_range *ranges;
	size_t count;
};

/* S_OK when every range is inside [0, n_blocks), start <= end, sorted
 * and not overlapping; E_INVALIDARG otherwise. */
db_status db_block_range_list_check(const struct db_block_range_list *l, int32_t n_blocks);

/* Sectors the list covers. */
int64_t db_block_range_list_sectors(const struct db_block_range_list *l);

#ifdef __cplusplus
}
#endif

#endif
