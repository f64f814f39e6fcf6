/* Progress output: a one-line bar with rate, ETA and buffer fill on a
 * terminal; a plain line every few seconds otherwise (logs stay short);
 * one JSON object per line with --json-events. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define PLAIN_INTERVAL_MS 2000
#define TTY_INTERVAL_MS 100

void cli_progress_init(struct cli_progress *p, const char *verb, bool json)
{
	memset(p, 0, sizeof(*p));
	p->verb = verb;
	p->json = json;
	p->tty = !json && isatty(STDERR_FILENO);
	p->last_percent = -1;
}

static void show_json_write(const struct db_write_progress *ev)
{
	printf("{\"event\":\"progress\",\"start_lba\":%d,\"sector_count\":%d,"
	       "\"last_read_lba\":%d,\"last_written_lba\":%d,\"total_system_buffer\":%u,"
	       "\"used_system_buffer\":%u,\"free_system_buffer\":%u,\"elapsed_ms\":%llu}\n",
	       ev->start_lba, ev->sector_count, ev->last_read_lba, ev->last_written_lba,
	       ev->total_system_buffer, ev->used_system_buffer, ev->free_system_buffer,
	       (unsigned long long)ev->elapsed_ms);
	fflush(stdout);
}

void cli_progress_write(const struct db_write_progress *ev, void *ctx)
{
	struct cli_progress *p = ctx;
	int64_t done = (int64_t)ev->last_written_lba - ev->start_lba + 1;
	if (p->json) {
		show_json_write(ev);
		return;
	}
	int fill = ev->total_system_buffer
			   ? (int)((uint64_t)ev->used_system_buffer * 100 / ev->total_system_buffer)
			   : -1;
	cli_progress_show(p, done, ev->sector_count, ev->elapsed_ms, fill,
			  done >= ev->sector_count);
}

static void format_eta(char *out, size_t cap, double seconds)
{
	unsigned s = seconds < 0 ? 0 : (unsigned)(seconds + 0.5);
	snprintf(out, cap, "%u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
}

static void show_tty(struct cli_progress *p, int64_t done, int64_t total, double mib_s,
		     const char *eta, int fill)
{
	int pct = total ? (int)(done * 100 / total) : 100;
	char bar[31];
	int full = pct * 30 / 100;
	memset(bar, '#', (size_t)full);
	memset(bar + full, '.', (size_t)(30 - full));
	bar[30] = '\0';
	fprintf(stderr, "\r%s [%s] %3d%% %7.2f MiB/s ETA %s", p->verb, bar, pct, mib_s, eta);
	if (fill >= 0)
		fprintf(stderr, " buf %3d%%", fill);
	fflush(stderr);
}

void cli_progress_show(struct cli_progress *p, int64_t done, int64_t total, uint64_t ms,
		       int fill, bool final)
{
	if (p->json)
		return;
	unsigned interval = p->tty ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS;
	if (!final && ms < p->last_ms + interval && p->last_percent >= 0)
		return;
	p->last_ms = ms;
	double secs = ms / 1000.0;
	double rate = secs > 0 ? done / secs : 0; /* sectors/s */
	double mib_s = rate * 2048.0 / (1 << 20);
	char eta[32];
	format_eta(eta, sizeof(eta), rate > 0 ? (total - done) / rate : 0);
	int pct = total ? (int)(done * 100 / total) : 100;
	p->last_percent = pct;
	if (p->tty) {
		show_tty(p, done, total, mib_s, eta, fill);
		return;
	}
	fprintf(stderr, "%s: %lld/%lld sectors (%d%%), %.2f MiB/s, ETA %s", p->verb,
		(long long)done, (long long)total, pct, mib_s, eta);
	if (fill >= 0)
		fprintf(stderr, ", buffer %d%%", fill);
	fprintf(stderr, "\n");
}

void cli_progress_end(struct cli_progress *p, db_status st)
{
	if (p->json) {
		const char *name = db_status_name(st);
		printf("{\"event\":\"done\",\"status\":");
		json_string(stdout, name ? name : "UNKNOWN");
		printf(",\"hresult\":\"0x%08X\",\"message\":", db_status_hex(st));
		json_string(stdout, p->message ? p->message : db_strerror(st));
		printf("}\n");
		fflush(stdout);
	} else if (p->tty) {
		fprintf(stderr, "\n");
	}
}
