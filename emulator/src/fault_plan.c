/* Fault plan parser and matcher (format: docs/fault-plans.md). */
#include "fault_plan.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mmc/opcodes.h"

struct parser {
	const char *name;
	unsigned line;
	char *err;
	size_t errlen;
};

static int fail(struct parser *p, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s:%u: %s", p->name, p->line, msg);
	return -EINVAL;
}

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;
	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

/* "250", "250ms", "3s" -> milliseconds. */
static bool parse_ms(const char *s, uint64_t *out)
{
	char buf[32];
	size_t n = strlen(s);
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n + 1);
	uint64_t scale = 1;
	if (n > 2 && strcmp(buf + n - 2, "ms") == 0) {
		buf[n - 2] = 0;
	} else if (buf[n - 1] == 's') {
		buf[n - 1] = 0;
		scale = 1000;
	}
	if (!parse_u64(buf, out) || *out > UINT32_MAX / scale)
		return false;
	*out *= scale;
	return true;
}

static bool parse_lba_range(const char *s, int64_t *first, int64_t *last)
{
	char *end;
	errno = 0;
	long long a = strtoll(s, &end, 0);
	if (errno || end == s)
		return false;
	long long b = a;
	if (*end == '-' && end[1]) {
		const char *s2 = end + 1;
		b = strtoll(s2, &end, 0);
		if (errno || end == s2)
			return false;
	}
	if (*end || b < a)
		return false;
	*first = a;
	*last = b;
	return true;
}

static int opcode_by_name(const char *s)
{
	uint64_t v;
	if (parse_u64(s, &v))
		return v <= 0xFF ? (int)v : -1;
	for (int op = 0; op < 256; op++) {
		const char *n = mmc_opcode_name((uint8_t)op);
		if (n && strcasecmp(n, s) == 0)
			return op;
	}
	return -1;
}

/* Aliases for groups a plan author thinks of as one thing. */
static const struct {
	const char *name;
	uint8_t ops[4];
	unsigned n;
} opcode_groups[] = {
	{"WRITE", {MMC_OP_WRITE_10, MMC_OP_WRITE_12, MMC_OP_WRITE_AND_VERIFY_10}, 3},
	{"READ", {MMC_OP_READ_10, MMC_OP_READ_12, MMC_OP_READ_CD}, 3},
	{"MODE_SENSE", {MMC_OP_MODE_SENSE_6, MMC_OP_MODE_SENSE_10}, 2},
	{"MODE_SELECT", {MMC_OP_MODE_SELECT_6, MMC_OP_MODE_SELECT_10}, 2},
};

static int add_opcode(struct parser *p, uint8_t *ops, unsigned *n, uint8_t op)
{
	if (*n == FAULT_MAX_OPCODES)
		return fail(p, "more than %d opcodes in one list", FAULT_MAX_OPCODES);
	ops[(*n)++] = op;
	return 0;
}

/* "WRITE_10|0x2A|WRITE" -> opcode list; "any" leaves it empty when
 * allowed (the rule's opcodes; not "until"). */
static int parse_opcodes(struct parser *p, uint8_t *ops, unsigned *n, char *list,
			 bool any_allowed)
{
	if (strcasecmp(list, "any") == 0) {
		if (any_allowed)
			return 0;
		return fail(p, "'until' wants opcodes, not 'any'");
	}
	for (char *save, *tok = strtok_r(list, "|", &save); tok;
	     tok = strtok_r(NULL, "|", &save)) {
		bool grouped = false;
		for (size_t g = 0; g < sizeof(opcode_groups) / sizeof(opcode_groups[0]); g++) {
			if (strcasecmp(tok, opcode_groups[g].name) != 0)
				continue;
			for (unsigned i = 0; i < opcode_groups[g].n; i++)
				if (add_opcode(p, ops, n, opcode_groups[g].ops[i]))
					return -EINVAL;
			grouped = true;
		}
		if (grouped)
			continue;
		int op = opcode_by_name(tok);
		if (op < 0)
			return fail(p, "unknown opcode '%s'", tok);
		if (add_opcode(p, ops, n, (uint8_t)op))
			return -EINVAL;
	}
	return 0;
}

static bool parse_sense(const char *s, struct mmc_sense *out)
{
	unsigned k, a, q;
	char tail;
	if (sscanf(s, "%x/%x/%x%c", &k, &a, &q, &tail) == 3 && k <= 0xF && a <= 0xFF && q <= 0xFF) {
		*out = (struct mmc_sense){(uint8_t)k, (uint8_t)a, (uint8_t)q};
		return true;
	}
	for (int i = 0; i < MMC_SENSE__COUNT; i++) {
		if (strcasecmp(s, mmc_sense_code_name((enum mmc_sense_code)i)) == 0) {
			*out = mmc_sense_of((enum mmc_sense_code)i);
			return true;
		}
	}
	return false;
}

static const struct {
	const char *word;
	enum fault_action_kind kind;
	bool takes_ms;
} action_words[] = {
	{"delay", FAULT_DELAY, true},
	{"not-ready", FAULT_NOT_READY, true},
	{"long-write", FAULT_LONG_WRITE, true},
	{"eject", FAULT_EJECT, false},
	{"change-medium", FAULT_CHANGE_MEDIUM, false},
	{"write-protect", FAULT_WRITE_PROTECT, false},
	{"drop", FAULT_DROP, false},
	{"vanish", FAULT_VANISH, false},
	{"corrupt", FAULT_CORRUPT, false},
	{"garbage", FAULT_GARBAGE, false},
};

static int parse_action(struct parser *p, struct fault_action *a, char **tok, int n)
{
	if (n < 1)
		return fail(p, "missing action after 'do'");
	if (strcasecmp(tok[0], "sense") == 0) {
		if (n != 2 || !parse_sense(tok[1], &a->sense))
			return fail(p, "'sense' wants KEY/ASC/ASCQ in hex or a sense name");
		a->kind = FAULT_SENSE;
		return 0;
	}
	for (size_t i = 0; i < sizeof(action_words) / sizeof(action_words[0]); i++) {
		if (strcasecmp(tok[0], action_words[i].word) != 0)
			continue;
		a->kind = action_words[i].kind;
		if (!action_words[i].takes_ms)
			return n == 1 ? 0 : fail(p, "'%s' takes no argument", tok[0]);
		uint64_t ms;
		if (n != 2 || !parse_ms(tok[1], &ms))
			return fail(p, "'%s' wants a duration (e.g. 500ms, 3s)", tok[0]);
		a->ms = (uint32_t)ms;
		return 0;
	}
	return fail(p, "unknown action '%s'", tok[0]);
}

/* Trigger words between "on OPCODES" and "do". */
static int parse_trigger(struct parser *p, struct fault_rule *r, char **tok, int n)
{
	for (int i = 0; i < n; i++) {
		const char *w = tok[i];
		const char *arg = i + 1 < n ? tok[i + 1] : NULL;
		if (strcasecmp(w, "once") == 0) {
			r->repeat = FAULT_ONCE;
			continue;
		}
		if (strcasecmp(w, "always") == 0) {
			r->repeat = FAULT_ALWAYS;
			continue;
		}
		if (!arg)
			return fail(p, "'%s' needs a value", w);
		uint64_t v;
		i++;
		if (strcasecmp(w, "lba") == 0) {
			if (!parse_lba_range(arg, &r->lba_first, &r->lba_last))
				return fail(p, "bad LBA range '%s' (want N or N-M)", arg);
			r->has_lba = true;
		} else if (strcasecmp(w, "nth") == 0) {
			if (!parse_u64(arg, &v) || v == 0)
				return fail(p, "'nth' wants a count from 1");
			r->nth = v;
		} else if (strcasecmp(w, "after") == 0) {
			if (!parse_ms(arg, &v))
				return fail(p, "'after' wants a duration (e.g. 1500ms, 2s)");
			r->after_ms = v;
		} else if (strcasecmp(w, "times") == 0) {
			if (!parse_u64(arg, &v) || v == 0 || v > UINT32_MAX)
				return fail(p, "'times' wants a count from 1");
			r->repeat = FAULT_TIMES;
			r->times = (uint32_t)v;
		} else if (strcasecmp(w, "until") == 0) {
			if (parse_opcodes(p, r->until_ops, &r->n_until, tok[i], false))
				return -EINVAL;
		} else {
			return fail(p, "unknown trigger word '%s'", w);
		}
	}
	return 0;
}

static int parse_rule(struct parser *p, struct fault_plan *plan, char *line)
{
	char *tok[24];
	int n = 0;
	for (char *save, *t = strtok_r(line, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (n == 24)
			return fail(p, "too many words");
		tok[n++] = t;
	}
	if (n < 4 || strcasecmp(tok[0], "on") != 0)
		return fail(p, "a rule reads 'on OPCODES [trigger...] do ACTION'");
	int d = 0;
	while (d < n && strcasecmp(tok[d], "do") != 0)
		d++;
	if (d == n)
		return fail(p, "missing 'do'");
	if (plan->n_rules == FAULT_MAX_RULES)
		return fail(p, "more than %d rules", FAULT_MAX_RULES);
	struct fault_rule *r = &plan->rules[plan->n_rules];
	memset(r, 0, sizeof(*r));
	r->line = p->line;
	r->repeat = FAULT_ONCE;
	if (parse_opcodes(p, r->opcodes, &r->n_opcodes, tok[1], true) ||
	    parse_trigger(p, r, tok + 2, d - 2) ||
	    parse_action(p, &r->action, tok + d + 1, n - d - 1))
		return -EINVAL;
	plan->n_rules++;
	return 0;
}

int fault_plan_parse(const char *text, const char *name, struct fault_plan *out,
		     char *err, size_t errlen)
{
	struct parser p = {.name = name, .err = err, .errlen = errlen};
	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", name);
	const char *s = text;
	while (*s) {
		const char *eol = strchr(s, '\n');
		size_t len = eol ? (size_t)(eol - s) : strlen(s);
		char line[512];
		p.line++;
		if (len >= sizeof(line))
			return fail(&p, "line too long");
		memcpy(line, s, len);
		line[len] = 0;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		char *t = line;
		while (isspace((unsigned char)*t))
			t++;
		if (*t && parse_rule(&p, out, t))
			return -EINVAL;
		s += len + (eol ? 1 : 0);
	}
	return 0;
}

static char *read_small_file(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s (not a preset name either; see 'mmcemu faults')",
			 path, strerror(errno));
		return NULL;
	}
	char *buf = calloc(1, 65537);
	size_t n = buf ? fread(buf, 1, 65536, f) : 0;
	bool too_big = buf && n == 65536 && fgetc(f) != EOF;
	fclose(f);
	if (!buf || too_big || memchr(buf, 0, n)) {
		snprintf(err, errlen, "%s: not a fault plan (binary or over 64 KiB)", path);
		free(buf);
		return NULL;
	}
	return buf;
}

int fault_plan_load(const char *preset_or_path, struct fault_plan *out,
		    char *err, size_t errlen)
{
	const struct fault_preset *preset = fault_preset_find(preset_or_path);
	if (preset)
		return fault_plan_parse(preset->text, preset->name, out, err, errlen);
	char *text = read_small_file(preset_or_path, err, errlen);
	if (!text)
		return -EINVAL;
	int rc = fault_plan_parse(text, preset_or_path, out, err, errlen);
	free(text);
	return rc;
}

static bool trigger_matches(const struct fault_rule *r, const struct fault_ctx *c)
{
	if (r->n_opcodes) {
		bool hit = false;
		for (unsigned i = 0; i < r->n_opcodes && !hit; i++)
			hit = r->opcodes[i] == c->opcode;
		if (!hit)
			return false;
	}
	if (r->has_lba) {
		if (!c->has_lba)
			return false;
		int64_t last = c->lba + (c->blocks ? c->blocks - 1 : 0);
		if (last < r->lba_first || c->lba > r->lba_last)
			return false;
	}
	return c->now_ms >= r->after_ms;
}

static bool may_fire(const struct fault_rule *r)
{
	if (r->nth && r->matched < r->nth)
		return false;
	switch (r->repeat) {
	case FAULT_ONCE:
		return r->fired == 0;
	case FAULT_TIMES:
		return r->fired < r->times;
	case FAULT_ALWAYS:
		return true;
	}
	return false;
}

const struct fault_action *fault_plan_match(struct fault_plan *plan,
					    const struct fault_ctx *ctx)
{
	if (!plan)
		return NULL;
	const struct fault_action *hit = NULL;
	for (unsigned i = 0; i < plan->n_rules; i++) {
		struct fault_rule *r = &plan->rules[i];
		/* The "until" command itself already runs without the fault:
		 * START STOP UNIT is what clears 02/04/02. */
		for (unsigned k = 0; k < r->n_until && !r->ended; k++)
			r->ended = r->until_ops[k] == ctx->opcode;
		if (r->ended || !trigger_matches(r, ctx))
			continue;
		r->matched++;
		/* First rule that fires wins; later rules still count the
		 * command so their "nth" stays true to the command stream. */
		if (!hit && may_fire(r)) {
			r->fired++;
			hit = &r->action;
		}
	}
	return hit;
}
