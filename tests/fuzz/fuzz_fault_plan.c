/* The fault-plan parser takes text from users and from the tcmu handler's
 * config: any bytes must parse or fail with a message, never crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fault_plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	static struct fault_plan plan;
	char err[256];
	if (fault_plan_parse(text, "fuzz", &plan, err, sizeof(err)) == 0) {
		/* Exercise the matcher over a few commands too. */
		for (unsigned i = 0; i < 64; i++) {
			struct fault_ctx c = {.opcode = (uint8_t)(i * 37), .has_lba = i & 1,
					      .lba = (int64_t)i * 1000 - 150, .blocks = i,
					      .now_ms = i * 100};
			fault_plan_match(&plan, &c);
		}
	} else if (!memchr(err, 0, sizeof(err)) || err[0] == 0) {
		abort(); /* a rejection must say why */
	}
	free(text);
	return 0;
}
