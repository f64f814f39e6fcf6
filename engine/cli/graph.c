/* --graph FILE.svg: the burn's write graph, as ImgBurn and QPxTool draw
 * it: the current speed in Nx of the medium and the drive's and host's
 * buffer fills against the LBA. The points are the write progress
 * events --json-events prints (cli_progress_sample), so both show the
 * same burn. A small SVG 1.1 writer: three polylines (speed, drive
 * buffer, host buffer; one left out when it has no data), axes with
 * labels, and a dashed vertical line for each mark (BURN-Free link,
 * fault-plan event) the data has. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define W 900
#define H 420
#define LEFT 70
#define RIGHT 70
#define TOP 40
#define BOTTOM 60
#define PW (W - LEFT - RIGHT)
#define PH (H - TOP - BOTTOM)

void cli_graph_init(struct cli_graph *g, const char *path)
{
	memset(g, 0, sizeof(*g));
	g->path = path;
}

static bool grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t c = *cap ? *cap * 2 : 256;
	void *p = realloc(*v, c * size);
	if (!p)
		return false;
	*v = p;
	*cap = c;
	return true;
}

void cli_graph_add(struct cli_graph *g, const struct cli_graph_point *pt)
{
	/* One point per LBA: a later event at the same LBA replaces it. */
	if (g->n && g->pts[g->n - 1].lba == pt->lba) {
		g->pts[g->n - 1] = *pt;
		return;
	}
	if (grow((void **)&g->pts, &g->cap, g->n, sizeof(*pt)))
		g->pts[g->n++] = *pt;
}

void cli_graph_mark(struct cli_graph *g, int32_t lba, const char *label)
{
	if (!grow((void **)&g->marks, &g->cap_marks, g->n_marks, sizeof(*g->marks)))
		return;
	struct cli_graph_mark *m = &g->marks[g->n_marks++];
	m->lba = lba;
	snprintf(m->label, sizeof(m->label), "%s", label);
}

void cli_graph_free(struct cli_graph *g)
{
	free(g->pts);
	free(g->marks);
	g->pts = NULL;
	g->marks = NULL;
	g->n = g->n_marks = g->cap = g->cap_marks = 0;
}

/* XML text: the five characters XML reserves escaped. */
static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default: fputc(*s, f);
		}
	}
}

static double px(const struct cli_graph *g, int32_t lba)
{
	double span = g->end_lba > g->start_lba ? (double)(g->end_lba - g->start_lba) : 1;
	return LEFT + (lba - g->start_lba) * PW / span;
}

/* A round top for the speed axis: 1, 2, 4, 5 or 10 times a power of 10. */
static double nice_top(double v)
{
	if (v <= 0)
		return 1;
	double p = pow(10, floor(log10(v)));
	static const double steps[] = {1, 2, 4, 5, 10};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (v <= steps[i] * p)
			return steps[i] * p;
	return 10 * p;
}

enum series { SPEED, DRIVE, HOST };

static double value(const struct cli_graph_point *pt, enum series s)
{
	return s == SPEED ? pt->x : s == DRIVE ? pt->drive : pt->host;
}

static void polyline(FILE *f, const struct cli_graph *g, enum series s, double top,
		     const char *cls, const char *color)
{
	fprintf(f, "<polyline class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
		   "points=\"", cls, color);
	for (size_t i = 0; i < g->n; i++) {
		double v = value(&g->pts[i], s);
		if (v < 0)
			continue;
		fprintf(f, "%s%.1f,%.1f", i ? " " : "", px(g, g->pts[i].lba),
			TOP + PH - (v > top ? top : v) * PH / top);
	}
	fputs("\"/>\n", f);
}

static bool has(const struct cli_graph *g, enum series s)
{
	for (size_t i = 0; i < g->n; i++)
		if (value(&g->pts[i], s) >= 0)
			return true;
	return false;
}

bool cli_graph_write_svg(const struct cli_graph *g, FILE *f)
{
	double max_x = 0;
	for (size_t i = 0; i < g->n; i++)
		if (g->pts[i].x > max_x)
			max_x = g->pts[i].x;
	double top = nice_top(max_x);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" "
		   "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
		   "font-size=\"12\">\n", W, H, W, H);
	fputs("<title>discburn write graph", f);
	if (g->medium[0]) {
		fputs(": ", f);
		xml_text(f, g->medium);
	}
	fputs("</title>\n", f);
	fprintf(f, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
	fprintf(f, "<rect class=\"plot\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		   "fill=\"none\" stroke=\"black\"/>\n", LEFT, TOP, PW, PH);
	/* Grid and tick labels: 5 steps on each axis. */
	for (int i = 0; i <= 5; i++) {
		double y = TOP + PH - i * PH / 5.0;
		fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
			LEFT, y, LEFT + PW, y);
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%gx</text>\n", LEFT - 6,
			y + 4, top * i / 5);
		fprintf(f, "<text x=\"%d\" y=\"%.1f\">%d%%</text>\n", LEFT + PW + 6, y + 4, i * 20);
		double lba = g->start_lba + (double)(g->end_lba - g->start_lba) * i / 5;
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f</text>\n",
			LEFT + i * PW / 5.0, TOP + PH + 16, lba);
	}
	fprintf(f, "<text class=\"axis-label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">LBA</text>\n",
		LEFT + PW / 2, H - 18);
	fprintf(f, "<text class=\"axis-label\" x=\"16\" y=\"%d\" text-anchor=\"middle\" "
		   "transform=\"rotate(-90 16 %d)\">speed (x)</text>\n", TOP + PH / 2, TOP + PH / 2);
	fprintf(f, "<text class=\"axis-label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
		   "transform=\"rotate(90 %d %d)\">buffer fill (%%)</text>\n", W - 16, TOP + PH / 2,
		W - 16, TOP + PH / 2);
	if (has(g, SPEED))
		polyline(f, g, SPEED, top, "speed", "#1f5fbf");
	if (has(g, DRIVE))
		polyline(f, g, DRIVE, 100, "drive-buffer", "#2a9d2a");
	if (has(g, HOST))
		polyline(f, g, HOST, 100, "host-buffer", "#d08000");
	for (size_t i = 0; i < g->n_marks; i++) {
		double x = px(g, g->marks[i].lba);
		fprintf(f, "<line class=\"mark\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
			   "stroke=\"red\" stroke-dasharray=\"4 3\"/>\n", x, TOP, x, TOP + PH);
		fprintf(f, "<text class=\"mark\" x=\"%.1f\" y=\"%d\" fill=\"red\">", x + 3, TOP + 12);
		xml_text(f, g->marks[i].label);
		fputs("</text>\n", f);
	}
	/* Legend. */
	static const char *const names[] = {"speed", "drive buffer", "host buffer"};
	static const char *const colors[] = {"#1f5fbf", "#2a9d2a", "#d08000"};
	for (int i = 0; i < 3; i++) {
		int x = LEFT + i * 150;
		fprintf(f, "<line x1=\"%d\" y1=\"22\" x2=\"%d\" y2=\"22\" stroke=\"%s\" "
			   "stroke-width=\"3\"/><text x=\"%d\" y=\"26\">%s</text>\n",
			x, x + 20, colors[i], x + 26, names[i]);
	}
	fputs("</svg>\n", f);
	return !ferror(f);
}

bool cli_graph_save(const struct cli_graph *g)
{
	FILE *f = fopen(g->path, "w");
	if (!f) {
		fprintf(stderr, "discburn: %s: cannot write the graph %s: %s\n", cli_command,
			g->path, strerror(errno));
		return false;
	}
	bool ok = cli_graph_write_svg(g, f);
	if (fclose(f) != 0)
		ok = false;
	if (!ok)
		fprintf(stderr, "discburn: %s: writing the graph %s failed\n", cli_command, g->path);
	return ok;
}

bool cli_graph_check_path(const char *path)
{
	size_t n = strlen(path);
	if (n < 5 || strcmp(path + n - 4, ".svg") != 0) {
		fprintf(stderr, "discburn: %s: --graph '%s': the graph is an SVG file: give a "
				"name ending in .svg\n", cli_command, path);
		return false;
	}
	/* Refused now, not after a burn of an hour: a path that cannot be
	 * created. A file this check creates is removed again. */
	struct stat st;
	bool existed = stat(path, &st) == 0;
	FILE *f = fopen(path, "a");
	if (!f) {
		fprintf(stderr, "discburn: %s: --graph: cannot write %s: %s\n", cli_command, path,
			strerror(errno));
		return false;
	}
	fclose(f);
	if (!existed)
		unlink(path);
	return true;
}
