#include "mmc/sense.h"

#include <string.h>

static const struct {
	const char *name;
	struct mmc_sense sense;
	const char *text;
} sense_table[] = {
#define MMC_X_ROW(sym, k, a, q, t) [MMC_SENSE_##sym] = {#sym, {k, a, q}, t},
	MMC_SENSE_LIST(MMC_X_ROW)
#undef MMC_X_ROW
};

struct mmc_sense mmc_sense_of(enum mmc_sense_code code)
{
	if ((unsigned)code >= MMC_SENSE__COUNT)
		return sense_table[MMC_SENSE_HARDWARE_INTERNAL_TARGET_FAILURE].sense;
	return sense_table[code].sense;
}

const char *mmc_sense_code_name(enum mmc_sense_code code)
{
	if ((unsigned)code >= MMC_SENSE__COUNT)
		return "UNKNOWN";
	return sense_table[code].name;
}

int mmc_sense_lookup(struct mmc_sense s)
{
	for (int i = 0; i < MMC_SENSE__COUNT; i++) {
		const struct mmc_sense *t = &sense_table[i].sense;
		if (t->key == s.key && t->asc == s.asc && t->ascq == s.ascq)
			return i;
	}
	return -1;
}

const char *mmc_sense_name(struct mmc_sense s)
{
	int i = mmc_sense_lookup(s);
	return i < 0 ? NULL : sense_table[i].name;
}

const char *mmc_sense_key_name(uint8_t key)
{
	static const char *const names[16] = {
		"NO SENSE", "RECOVERED ERROR", "NOT READY", "MEDIUM ERROR",
		"HARDWARE ERROR", "ILLEGAL REQUEST", "UNIT ATTENTION",
		"DATA PROTECT", "BLANK CHECK", "VENDOR SPECIFIC", "COPY ABORTED",
		"ABORTED COMMAND", "RESERVED", "VOLUME OVERFLOW", "MISCOMPARE",
		"COMPLETED",
	};
	return names[key & 0xF];
}

const char *mmc_sense_text(struct mmc_sense s)
{
	int i = mmc_sense_lookup(s);
	return i < 0 ? mmc_sense_key_name(s.key) : sense_table[i].text;
}

size_t mmc_sense_encode(uint8_t *buf, struct mmc_sense s,
			const struct mmc_field_pointer *fp)
{
	memset(buf, 0, MMC_SENSE_FIXED_LEN);
	buf[0] = 0x70; /* current error, fixed format; VALID=0: no INFORMATION */
	buf[2] = s.key & 0xF;
	buf[7] = MMC_SENSE_FIXED_LEN - 8; /* additional sense length */
	buf[12] = s.asc;
	buf[13] = s.ascq;
	if (fp && fp->valid) {
		buf[15] = 0x80 | (fp->in_cdb ? 0x40 : 0) |
			  (fp->bit_valid ? 0x08 | (fp->bit & 7) : 0);
		buf[16] = (uint8_t)(fp->byte >> 8);
		buf[17] = (uint8_t)fp->byte;
	}
	return MMC_SENSE_FIXED_LEN;
}

bool mmc_sense_decode(const uint8_t *buf, size_t len, struct mmc_sense *out)
{
	if (!buf || len < 1)
		return false;
	uint8_t code = buf[0] & 0x7F;
	if (code == 0x70 || code == 0x71) {
		if (len < 3)
			return false;
		out->key = buf[2] & 0xF;
		out->asc = len > 12 ? buf[12] : 0;
		out->ascq = len > 13 ? buf[13] : 0;
		return true;
	}
	if (code == 0x72 || code == 0x73) {
		if (len < 4)
			return false;
		out->key = buf[1] & 0xF;
		out->asc = buf[2];
		out->ascq = buf[3];
		return true;
	}
	return false;
}
