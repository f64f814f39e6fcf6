/* IBlockRangeList checks: WriteEngine2 writes each range as one section,
 * in order, so the list must be sorted, disjoint and inside the image. */
#include "discburn/block_range.h"

db_status db_block_range_list_check(const struct db_block_range_list *l, int32_t n_blocks)
{
	if (!l || (l->count && !l->ranges))
		return DB_E_POINTER;
	int64_t after_previous = 0;
	for (size_t i = 0; i < l->count; i++) {
		const struct db_block_range *r = &l->ranges[i];
		if (r->start_lba < after_previous || r->end_lba < r->start_lba ||
		    r->end_lba >= n_blocks)
			return DB_E_INVALIDARG;
		after_previous = (int64_t)r->end_lba + 1;
	}
	return DB_S_OK;
}

int64_t db_block_range_list_sectors(const struct db_block_range_list *l)
{
	int64_t n = 0;
	for (size_t i = 0; l && i < l->count; i++)
		n += (int64_t)l->ranges[i].end_lba - l->ranges[i].start_lba + 1;
	return n;
}
