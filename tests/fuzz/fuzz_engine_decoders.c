/* A drive (or something pretending to be one) may answer anything: every
 * decoder of the engine gets arbitrary bytes as the answer to its command
 * and must decode or refuse them, never read past them. The first byte
 * picks the decoder, the rest is the answer, copied into a buffer of
 * exactly its length so ASan sees any overread. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "discburn/mmc.h"
#include "discburn/sense_map.h"

static void decode(uint8_t which, const uint8_t *b, size_t n)
{
	union {
		struct db_inquiry inq;
		struct db_block_limits bl;
		struct db_configuration cfg;
		struct db_disc_info di;
		struct db_track_info ti;
		struct db_buffer_capacity bc;
		struct db_write_speed ws[DB_MAX_SPEEDS];
		struct db_capacity cap;
		struct db_format_capacities fc;
		struct db_sense_info si;
		struct db_session_info ss;
		struct db_write_params wp;
		struct db_toc toc;
		struct db_full_toc ft;
	} u;
	unsigned count;
	size_t page_len;
	switch (which % 15) {
	case 0: db_decode_inquiry(b, n, &u.inq); break;
	case 1: db_decode_block_limits(b, n, &u.bl); break;
	case 2: db_decode_configuration(b, n, &u.cfg); break;
	case 3: db_decode_disc_info(b, n, &u.di); break;
	case 4: db_decode_track_info(b, n, &u.ti); break;
	case 5: db_decode_buffer_capacity(b, n, &u.bc); break;
	case 6:
		if (db_succeeded(db_decode_write_speeds(b, n, u.ws, DB_MAX_SPEEDS, &count)) &&
		    count > DB_MAX_SPEEDS)
			abort();
		break;
	case 7: db_decode_capacity(b, n, &u.cap); break;
	case 8:
		if (db_succeeded(db_decode_format_capacities(b, n, &u.fc)) &&
		    u.fc.n_formats > DB_MAX_FORMATS)
			abort();
		break;
	case 9: db_decode_sense_info(b, n, &u.si); break;
	case 10: db_decode_session_info(b, n, &u.ss); break;
	case 11: {
		const uint8_t *page = db_mode_page_find(b, n, 0x05, &page_len);
		if (page) {
			if (page < b || page + page_len > b + n)
				abort(); /* a page must lie inside the answer */
			db_decode_write_params(page, page_len, &u.wp);
		}
		break;
	}
	case 12: {
		struct mmc_sense s;
		if (mmc_sense_decode(b, n, &s))
			(void)db_status_from_sense(b[0], s);
		break;
	}
	case 13:
		if (db_succeeded(db_decode_toc(b, n, &u.toc)) &&
		    (u.toc.n == 0 || u.toc.n > DB_MAX_TOC_ENTRIES))
			abort();
		break;
	case 14:
		if (db_succeeded(db_decode_full_toc(b, n, &u.ft)) && u.ft.n > DB_MAX_FULL_TOC)
			abort();
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t n = size - 1;
	uint8_t *copy = malloc(n ? n : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, n);
	decode(data[0], copy, n);
	free(copy);
	return 0;
}
