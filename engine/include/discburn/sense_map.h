/* Sense key/ASC/ASCQ (+ the opcode that got it) -> status, and whether the
 * initiator retries. One table, most specific rule first; the documented
 * copy is docs/status-codes.md (a unit test checks the two agree on every
 * row the doc lists). */
#ifndef DISCBURN_SENSE_MAP_H
#define DISCBURN_SENSE_MAP_H

#include <stdint.h>

#include "discburn/status.h"
#include "mmc/sense.h"

#ifdef __cplusplus
extern "C" {
#endif

enum db_retry {
	DB_RETRY_NEVER,
	DB_RETRY_UNIT_ATTENTION, /* repeat at once, a bounded number of times */
	DB_RETRY_WAIT, /* repeat after a backoff, within the ready budget */
	DB_RETRY_WAIT_BUFFER, /* WRITE: poll READ BUFFER CAPACITY, then repeat */
	/* 02/04/02: the drive waits for the host to start it. Send START STOP
	 * UNIT (Start=1), then repeat the command; once per command. */
	DB_RETRY_START_UNIT,
};

/* Wildcards in the table. */
#define DB_ANY (-1)

struct db_sense_rule {
	uint8_t key;
	int asc; /* DB_ANY or a value */
	int ascq;
	int opcode; /* DB_ANY or the CDB opcode the rule applies to */
	db_status status;
	enum db_retry retry;
};

/* The first matching rule (the table ends with per-key defaults and a
 * catch-all, so there is always one). */
const struct db_sense_rule *db_sense_rule_for(uint8_t opcode, struct mmc_sense s);

static inline db_status db_status_from_sense(uint8_t opcode, struct mmc_sense s)
{
	return db_sense_rule_for(opcode, s)->status;
}

/* The whole table, for the docs generator and tests. */
const struct db_sense_rule *db_sense_rules(unsigned *count);

#ifdef __cplusplus
}
#endif

#endif
