/* A disc's metadata file may be damaged or hand-edited: loading any bytes
 * must either give a consistent media state or fail with a message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "disc_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dir[] = "/dev/shm/fuzz-meta-XXXXXX"; /* tmpfs: fsync is cheap */
	if (!mkdtemp(dir))
		return 0;
	char meta[64], img[72];
	snprintf(meta, sizeof(meta), "%s/disc", dir);
	snprintf(img, sizeof(img), "%s/disc.img", dir);
	FILE *f = fopen(meta, "wb");
	if (f) {
		fwrite(data, 1, size, f);
		fclose(f);
	}
	f = fopen(img, "wb");
	if (f)
		fclose(f);
	struct disc_store s = {.img_fd = -1};
	static struct media_state m;
	char err[256] = "";
	if (disc_store_open(&s, meta, DISCBURN_PROFILES_DIR, NULL, &m, err, sizeof(err)) == 0) {
		/* Accepted state is internally consistent. */
		if (m.n_tracks > MEDIA_MAX_TRACKS || m.n_sessions > MEDIA_MAX_SESSIONS)
			abort();
		for (unsigned i = 0; i < m.n_tracks; i++)
			if (m.tracks[i].written > m.profile.capacity)
				abort();
		disc_store_close(&s);
	} else if (err[0] == 0) {
		abort(); /* a rejection says why */
	}
	unlink(img);
	unlink(meta);
	rmdir(dir);
	return 0;
}
