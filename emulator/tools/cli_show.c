/* mmcemu show DISC [--json]: what is recorded on a disc, read from its
 * metadata without powering a drive on. */
#include <string.h>

#include "cli.h"
#include "disc_store.h"
#include "media.h"
#include "mmcemu/mmcemu.h"

static const char *status_name(enum media_disc_status s)
{
	static const char *const names[] = {"blank", "appendable", "complete", "random"};
	return (unsigned)s < 4 ? names[s] : "?";
}

static const char *track_state_name(enum media_track_state s)
{
	static const char *const names[] = {"invisible", "incomplete", "reserved", "complete"};
	return (unsigned)s < 4 ? names[s] : "?";
}

static const char *session_state_name(enum media_session_state s)
{
	static const char *const names[] = {"empty", "incomplete", "damaged", "complete"};
	return (unsigned)s < 4 ? names[s] : "?";
}

/* What a track's sectors hold (media_track_kind; docs/emulator-media.md). */
static const char *track_kind_name(const struct media_track *t)
{
	switch (media_track_kind(t)) {
	case SECTOR_AUDIO:
		return "audio";
	case SECTOR_MODE2:
		return t->xa ? "mode 2 XA" : "mode 2";
	default:
		return "mode 1";
	}
}

/* A track's size: fixed once reserved or closed, else what is recorded. */
static uint32_t track_size(const struct media_track *t)
{
	return t->size ? t->size : media_track_recorded(t);
}

struct disc_view {
	const char *path;
	const struct media_state *m;
	bool has_nwa;
	int32_t nwa;
	uint32_t free_blocks;
};

static void show_text(const struct disc_view *v)
{
	const struct media_state *m = v->m;
	const struct mmcemu_profile *p = &m->profile;
	const char *kind = mmc_profile_name(p->number);
	printf("disc:           %s\n", v->path);
	printf("profile:        %s (%s, %04Xh) %s\n", p->name, kind ? kind : "?", p->number,
	       p->description);
	printf("capacity:       %u sectors\n", p->capacity);
	printf("status:         %s, last session %s\n", status_name(m->status),
	       session_state_name(media_last_session_state(m)));
	if (p->rewritable)
		printf("formatted:      %s (%u sectors)\n", m->formatted ? "yes" : "no",
		       m->formatted_size);
	printf("write-protect:  %s\n", m->write_protected ? "yes" : "no");
	if (m->mcn[0])
		printf("mcn:            %s\n", m->mcn);
	printf("sessions:       %u\n", m->n_sessions);
	for (unsigned i = 0; i < m->n_sessions; i++) {
		const struct media_session *s = &m->sessions[i];
		printf("  session %u: tracks %u-%u, start %d, %s\n", s->number, s->first_track,
		       s->last_track, s->start, s->closed ? "closed" : "open");
	}
	printf("tracks:         %u\n", m->n_tracks);
	for (unsigned i = 0; i < m->n_tracks; i++) {
		const struct media_track *t = &m->tracks[i];
		printf("  track %u: session %u, start %d, size %u, recorded %u, %s%s, %s%s, control %Xh\n",
		       t->number, t->session, t->start, track_size(t), media_track_recorded(t),
		       track_state_name(t->state), t->damaged ? ", damaged" : "",
		       track_kind_name(t), t->tao ? " TAO" : "", t->track_mode);
		if (t->isrc[0])
			printf("    isrc %s\n", t->isrc);
	}
	const struct media_track *last = m->n_tracks ? &m->tracks[m->n_tracks - 1] : NULL;
	if (v->has_nwa)
		printf("nwa:            %d\n", v->nwa);
	else if (last && last->damaged && last->state != TRACK_COMPLETE)
		/* MMC-5 6.27.3.7, Damage bit: closing is the repair (cdrecord -fix,
		 * libburn's burn_disc_close_damaged) */
		printf("nwa:            none (track %u damaged: CLOSE TRACK/SESSION closes it)\n",
		       last->number);
	else
		printf("nwa:            none\n");
	printf("free:           %u sectors\n", v->free_blocks);
	printf("links:          %llu\n", (unsigned long long)m->link_count);
}

static void json_sessions(const struct media_state *m)
{
	printf("  \"sessions\": [");
	for (unsigned i = 0; i < m->n_sessions; i++) {
		const struct media_session *s = &m->sessions[i];
		printf("%s\n    {\"number\": %u, \"first_track\": %u, \"last_track\": %u, "
		       "\"start\": %d, \"closed\": %s}",
		       i ? "," : "", s->number, s->first_track, s->last_track, s->start,
		       s->closed ? "true" : "false");
	}
	printf("%s],\n", m->n_sessions ? "\n  " : "");
}

static void json_tracks(const struct media_state *m)
{
	printf("  \"tracks\": [");
	for (unsigned i = 0; i < m->n_tracks; i++) {
		const struct media_track *t = &m->tracks[i];
		printf("%s\n    {\"number\": %u, \"session\": %u, \"start\": %d, \"size\": %u, "
		       "\"recorded\": %u, \"state\": \"%s\", \"damaged\": %s, \"mode\": \"%s\", "
		       "\"tao\": %s, \"control\": %u}",
		       i ? "," : "", t->number, t->session, t->start, track_size(t),
		       media_track_recorded(t), track_state_name(t->state),
		       t->damaged ? "true" : "false", track_kind_name(t), t->tao ? "true" : "false",
		       t->track_mode);
	}
	printf("%s],\n", m->n_tracks ? "\n  " : "");
}

/* One key per line, so shell tests can grep it as well as parse it. */
static void show_json(const struct disc_view *v)
{
	const struct media_state *m = v->m;
	const struct mmcemu_profile *p = &m->profile;
	const char *kind = mmc_profile_name(p->number);
	printf("{\n  \"disc\": ");
	cli_json_string(stdout, v->path);
	printf(",\n  \"profile\": ");
	cli_json_string(stdout, p->name);
	printf(",\n  \"profile_number\": %u,\n  \"profile_name\": ", p->number);
	cli_json_string(stdout, kind ? kind : "?");
	printf(",\n  \"capacity\": %u,\n", p->capacity);
	printf("  \"status\": \"%s\",\n", status_name(m->status));
	printf("  \"last_session_state\": \"%s\",\n",
	       session_state_name(media_last_session_state(m)));
	printf("  \"formatted\": %s,\n", m->formatted ? "true" : "false");
	printf("  \"write_protected\": %s,\n", m->write_protected ? "true" : "false");
	printf("  \"session_count\": %u,\n", m->n_sessions);
	json_sessions(m);
	printf("  \"track_count\": %u,\n", m->n_tracks);
	json_tracks(m);
	if (v->has_nwa)
		printf("  \"nwa\": %d,\n", v->nwa);
	else
		printf("  \"nwa\": null,\n");
	printf("  \"free_sectors\": %u,\n", v->free_blocks);
	printf("  \"link_count\": %llu\n}\n", (unsigned long long)m->link_count);
}

int cli_show(const struct cli *cli, int argc, char **argv)
{
	static struct media_state m;
	const char *disc = NULL;
	bool json = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (argv[i][0] == '-' || disc)
			return cli_fail(cli, "show: unexpected argument %s", argv[i]);
		else
			disc = argv[i];
	}
	if (!disc)
		return cli_fail(cli, "usage: mmcemu show DISC [--json]");
	struct disc_store store = {.img_fd = -1};
	char err[512] = "";
	const char *dir = cli->profiles_dir ? cli->profiles_dir : mmcemu_default_profiles_dir();
	if (disc_store_open(&store, disc, dir, NULL, &m, err, sizeof(err)) != 0)
		return cli_fail(cli, "%s", err[0] ? err : disc);
	disc_store_close(&store);
	struct disc_view v = {.path = disc, .m = &m};
	v.has_nwa = media_next_writable(&m, &v.nwa, &v.free_blocks);
	if (!v.has_nwa)
		v.free_blocks = 0;
	if (json)
		show_json(&v);
	else
		show_text(&v);
	return CLI_OK;
}
