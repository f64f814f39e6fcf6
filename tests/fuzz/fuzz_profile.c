/* Media profiles are data files users write: any bytes must parse into a
 * valid profile or be rejected with "path:line: problem". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	struct mmcemu_profile p;
	char err[256] = "";
	if (profile_parse_string(text, "fuzz.ini", &p, err, sizeof(err)) == 0) {
		/* What a parser accepts must be usable without checks. */
		if (p.capacity == 0 || p.n_write_speeds > PROFILE_MAX_SPEEDS)
			abort();
		for (unsigned i = 1; i < p.n_write_speeds; i++)
			if (p.write_speeds_kbps[i] < p.write_speeds_kbps[i - 1])
				abort();
	} else if (strncmp(err, "fuzz.ini", 8) != 0) {
		abort(); /* a rejection names the file */
	}
	free(text);
	return 0;
}
