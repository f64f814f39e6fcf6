/* Progress output: a one-line bar with the current speed (Nx of the
 * medium), ETA and both buffers (the drive's and the host ring's) on a
 * terminal; a plain line every few seconds otherwise (logs stay short);
 * one JSON object per line with --json-events. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "discburn/emu.h"
#include "discburn/mmc.h"
#include "mmc/profiles.h"

#define PLAIN_INTERVAL_MS 2000
#define TTY_INTERVAL_MS 100
/* The current speed: the last 2.5 s, as burners' displays smooth it. */
#define RATE_WINDOW_MS 2500
/* READ BUFFER CAPACITY (MMC-6 6.17) at most twice a second, as cdrecord
 * and libburn poll it while writing: often enough for a display, rare
 * enough to cost the WRITE stream nothing. */
#define DRIVE_POLL_MS 500

/* ---- pure arithmetic ---------------------------------------------------- */

void cli_rate_init(struct cli_rate *r, uint64_t window_ms)
{
	memset(r, 0, sizeof(*r));
	r->window_ms = window_ms;
}

void cli_rate_add(struct cli_rate *r, uint64_t ms, int64_t done)
{
	if (!r->count || (ms >= r->now_ms && done >= r->now_done)) {
		r->now_ms = ms;
		r->now_done = done;
	}
	if (r->count) {
		unsigned last = (r->first + r->count - 1) % CLI_RATE_SAMPLES;
		if (ms < r->ms[last] + r->window_ms / 32 || done < r->done[last])
			return;
	}
	if (r->count == CLI_RATE_SAMPLES) {
		r->first = (r->first + 1) % CLI_RATE_SAMPLES;
		r->count--;
	}
	unsigned at = (r->first + r->count) % CLI_RATE_SAMPLES;
	r->ms[at] = ms;
	r->done[at] = done;
	r->count++;
	/* Keep one sample at or before the window's start, so the rate
	 * spans the whole window. */
	while (r->count > 1) {
		unsigned second = (r->first + 1) % CLI_RATE_SAMPLES;
		if (r->ms[second] + r->window_ms > ms)
			break;
		r->first = second;
		r->count--;
	}
}

double cli_rate_per_second(const struct cli_rate *r)
{
	if (!r->count)
		return 0;
	uint64_t dt = r->now_ms - r->ms[r->first];
	return dt ? (double)(r->now_done - r->done[r->first]) * 1000.0 / (double)dt : 0;
}

double cli_eta_seconds(int64_t done, int64_t total, double rate)
{
	if (done >= total)
		return 0;
	return rate > 0 ? (double)(total - done) / rate : -1;
}

double cli_speed_x(double sectors_per_s, uint32_t bytes_per_sector, uint32_t one_x)
{
	return one_x ? sectors_per_s * bytes_per_sector / one_x : -1;
}

void cli_format_time(char *out, size_t cap, double seconds)
{
	if (seconds < 0) {
		snprintf(out, cap, "-:--:--");
		return;
	}
	unsigned s = (unsigned)(seconds + 0.5);
	snprintf(out, cap, "%u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
}

/* ---- state -------------------------------------------------------------- */

void cli_progress_init(struct cli_progress *p, const char *verb, bool json)
{
	memset(p, 0, sizeof(*p));
	p->verb = verb;
	p->json = json;
	p->tty = !json && isatty(STDERR_FILENO);
	p->last_percent = -1;
	p->drive_fill = -1;
	p->host_fill = -1;
	p->bytes_per_sector = 2048;
	cli_rate_init(&p->rate, RATE_WINDOW_MS);
}

void cli_progress_restart(struct cli_progress *p, const char *verb)
{
	p->verb = verb;
	p->last_ms = 0;
	p->last_percent = -1;
	p->rate_sps = 0;
	p->host_fill = -1;
	p->drive_fill = -1;
	cli_rate_init(&p->rate, RATE_WINDOW_MS);
}

void cli_progress_attach(struct cli_progress *p, struct db_recorder *r)
{
	uint16_t profile = 0;
	p->dev = db_recorder_device(r);
	p->transport = db_device_transport(p->dev);
	p->links_known = db_emu_burnfree_links(p->transport, &p->links0);
	p->links = p->links0;
	if (db_succeeded(db_recorder_current_profile(r, &profile)))
		p->one_x = mmc_family_1x_bytes_per_second(mmc_profile_family(profile));
	if (p->graph) {
		const char *name = mmc_profile_name(profile);
		snprintf(p->graph->medium, sizeof(p->graph->medium), "%s", name ? name : "");
	}
}

/* The drive's buffer: READ BUFFER CAPACITY (MMC-6 6.17), between WRITEs
 * on the writer's own thread (the progress callback), so it never races
 * a WRITE. A drive that refuses it is not asked again. */
static void poll_drive(struct cli_progress *p, uint64_t ms)
{
	if (!p->dev || p->poll_failed || (p->polled && ms < p->last_poll_ms + DRIVE_POLL_MS))
		return;
	p->polled = true;
	p->last_poll_ms = ms;
	struct db_buffer_capacity bc;
	if (db_failed(db_mmc_read_buffer_capacity(p->dev, &bc)) || !bc.size ||
	    bc.available > bc.size) {
		p->poll_failed = true;
		p->drive_fill = -1;
		return;
	}
	p->drive_size = bc.size;
	p->drive_free = bc.available;
	p->drive_fill = (int)((uint64_t)(bc.size - bc.available) * 100 / bc.size);
}

void cli_progress_sample(struct cli_progress *p, const struct db_write_progress *ev)
{
	int64_t done = (int64_t)ev->last_written_lba - ev->start_lba + 1;
	cli_rate_add(&p->rate, ev->elapsed_ms, done);
	p->rate_sps = cli_rate_per_second(&p->rate);
	p->host_fill = ev->total_system_buffer
			       ? (int)((uint64_t)ev->used_system_buffer * 100 / ev->total_system_buffer)
			       : -1;
	poll_drive(p, ev->elapsed_ms);
	uint64_t links;
	if (p->links_known && db_emu_burnfree_links(p->transport, &links) && links > p->links) {
		if (p->graph)
			cli_graph_mark(p->graph, ev->last_written_lba, "BURN-Free link");
		p->links = links;
	}
	p->written = done;
	p->write_ms = ev->elapsed_ms;
	if (p->graph && done > 0) {
		if (!p->graph->n) {
			p->graph->start_lba = ev->start_lba;
			p->graph->end_lba = ev->start_lba + ev->sector_count - 1;
		}
		struct cli_graph_point pt = {
			.lba = ev->last_written_lba,
			.x = cli_speed_x(p->rate_sps, p->bytes_per_sector, p->one_x),
			.host = p->host_fill,
			.drive = p->drive_fill,
		};
		cli_graph_add(p->graph, &pt);
	}
}

void cli_progress_json_extra(const struct cli_progress *p, FILE *f)
{
	fprintf(f, ",\"rate_sectors_per_second\":%.1f", p->rate_sps);
	double x = cli_speed_x(p->rate_sps, p->bytes_per_sector, p->one_x);
	if (x >= 0)
		fprintf(f, ",\"speed_x\":%.2f", x);
	if (p->host_fill >= 0)
		fprintf(f, ",\"host_buffer_percent\":%d", p->host_fill);
	if (p->drive_fill >= 0)
		fprintf(f, ",\"drive_buffer_size\":%u,\"drive_buffer_free\":%u,"
			   "\"drive_buffer_percent\":%d",
			p->drive_size, p->drive_free, p->drive_fill);
}

static void show_json_write(const struct cli_progress *p, const struct db_write_progress *ev)
{
	printf("{\"event\":\"progress\",\"start_lba\":%d,\"sector_count\":%d,"
	       "\"last_read_lba\":%d,\"last_written_lba\":%d,\"total_system_buffer\":%u,"
	       "\"used_system_buffer\":%u,\"free_system_buffer\":%u,\"elapsed_ms\":%llu",
	       ev->start_lba, ev->sector_count, ev->last_read_lba, ev->last_written_lba,
	       ev->total_system_buffer, ev->used_system_buffer, ev->free_system_buffer,
	       (unsigned long long)ev->elapsed_ms);
	cli_progress_json_extra(p, stdout);
	printf("}\n");
	fflush(stdout);
}

void cli_progress_write(const struct db_write_progress *ev, void *ctx)
{
	struct cli_progress *p = ctx;
	int64_t done = (int64_t)ev->last_written_lba - ev->start_lba + 1;
	cli_progress_sample(p, ev);
	if (p->json) {
		show_json_write(p, ev);
		return;
	}
	cli_progress_show(p, done, ev->sector_count, ev->elapsed_ms, p->host_fill,
			  done >= ev->sector_count);
}

/* ---- display ------------------------------------------------------------ */

/* "7.9x" of the medium, or MiB/s when its 1x is unknown (read of an
 * unknown medium). */
static void format_speed(const struct cli_progress *p, char *out, size_t cap)
{
	double x = cli_speed_x(p->rate_sps, p->bytes_per_sector, p->one_x);
	if (x >= 0)
		snprintf(out, cap, "%.1fx", x);
	else
		snprintf(out, cap, "%.2f MiB/s", p->rate_sps * p->bytes_per_sector / (1 << 20));
}

static void show_tty(struct cli_progress *p, int pct, const char *speed, const char *eta,
		     const char *elapsed, int fill)
{
	char bar[31];
	int full = pct * 30 / 100;
	memset(bar, '#', (size_t)full);
	memset(bar + full, '.', (size_t)(30 - full));
	bar[30] = '\0';
	if (p->time_only) {
		fprintf(stderr, "\r%s [%s] %3d%% %s ETA %s", p->verb, bar, pct, elapsed, eta);
		fflush(stderr);
		return;
	}
	fprintf(stderr, "\r%s [%s] %3d%% %9s ETA %s", p->verb, bar, pct, speed, eta);
	if (p->drive_fill >= 0)
		fprintf(stderr, " drive %3d%%", p->drive_fill);
	if (fill >= 0)
		fprintf(stderr, " host %3d%%", fill);
	fprintf(stderr, "\033[K"); /* the line may have been longer */
	fflush(stderr);
}

void cli_progress_show(struct cli_progress *p, int64_t done, int64_t total, uint64_t ms,
		       int fill, bool final)
{
	if (p->json)
		return;
	cli_rate_add(&p->rate, ms, done);
	p->rate_sps = cli_rate_per_second(&p->rate);
	unsigned interval = p->tty ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS;
	if (!final && ms < p->last_ms + interval && p->last_percent >= 0)
		return;
	p->last_ms = ms;
	char eta[32], elapsed[32], speed[32];
	cli_format_time(eta, sizeof(eta), cli_eta_seconds(done, total, p->rate_sps));
	cli_format_time(elapsed, sizeof(elapsed), ms / 1000.0);
	format_speed(p, speed, sizeof(speed));
	int pct = total ? (int)(done * 100 / total) : 100;
	p->last_percent = pct;
	if (p->tty) {
		show_tty(p, pct, speed, eta, elapsed, fill);
		return;
	}
	if (p->time_only) {
		fprintf(stderr, "%s: %d%%, %s elapsed, ETA %s\n", p->verb, pct, elapsed, eta);
		return;
	}
	fprintf(stderr, "%s: %lld/%lld sectors (%d%%), %s, ETA %s", p->verb, (long long)done,
		(long long)total, pct, speed, eta);
	if (p->drive_fill >= 0)
		fprintf(stderr, ", drive buffer %d%%", p->drive_fill);
	if (fill >= 0)
		fprintf(stderr, ", host buffer %d%%", fill);
	fprintf(stderr, "\n");
}

void cli_progress_summary(const struct cli_progress *p, char *out, size_t cap)
{
	if (p->written <= 0 || !p->write_ms) {
		snprintf(out, cap, "%s", "");
		return;
	}
	char t[32];
	cli_format_time(t, sizeof(t), p->write_ms / 1000.0);
	double avg = p->written * 1000.0 / (double)p->write_ms;
	double x = cli_speed_x(avg, p->bytes_per_sector, p->one_x);
	char links[48] = "";
	if (p->links_known) {
		uint64_t n = p->links - p->links0;
		snprintf(links, sizeof(links), ", %llu BURN-Free link%s", (unsigned long long)n,
			 n == 1 ? "" : "s");
	}
	if (x >= 0)
		snprintf(out, cap, ", written in %s, average %.1fx%s", t, x, links);
	else
		snprintf(out, cap, ", written in %s%s", t, links);
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
	/* A failed burn (a fault plan's sense, a real drive's error) is marked
	 * where it stopped, with the drive's sense when it gave one. */
	if (p->graph && db_failed(st) && p->graph->n) {
		char label[48];
		struct mmc_sense s = p->dev ? db_device_last_sense(p->dev) : (struct mmc_sense){0};
		const char *name = db_status_name(st);
		if (s.key || s.asc || s.ascq)
			snprintf(label, sizeof(label), "failed: sense %X/%02X/%02X", s.key, s.asc, s.ascq);
		else
			snprintf(label, sizeof(label), "failed: %s", name ? name : "error");
		cli_graph_mark(p->graph, p->graph->pts[p->graph->n - 1].lba, label);
	}
	if (p->graph && !cli_graph_save(p->graph))
		p->graph = NULL; /* reported; the burn's status stands */
}
