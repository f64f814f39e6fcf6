/* Parsing and validation of the handler's configuration string. */
#include "handler_cfg.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (errlen)
		vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool name_ok(const char *s)
{
	/* Profile and preset names: "dvd+r", "bd-re", "loss_of_streaming". */
	if (!*s)
		return false;
	for (; *s; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '+'))
			return false;
	}
	return true;
}

static bool has_dotdot(const char *path)
{
	for (const char *p = path; (p = strstr(p, "..")) != NULL; p += 2) {
		bool starts = p == path || p[-1] == '/';
		bool ends = p[2] == '\0' || p[2] == '/';
		if (starts && ends)
			return true;
	}
	return false;
}

static bool inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return true;
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* An absolute path without ".." whose directory exists and, with symlinks
 * resolved, lies inside base (when given). The file itself may not exist
 * yet: a new disc is created on open. */
static int check_path(const char *key, const char *path, const char *base,
		      char *err, size_t errlen)
{
	if (path[0] != '/')
		return fail(err, errlen, "%s=%s: the path must be absolute", key, path);
	if (has_dotdot(path))
		return fail(err, errlen, "%s=%s: \"..\" is not allowed in paths", key, path);
	if (!base)
		return 0;

	char rbase[PATH_MAX], rdir[PATH_MAX], dir[PATH_MAX];
	if (!realpath(base, rbase))
		return fail(err, errlen, "base directory %s: %s", base, strerror(errno));
	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return fail(err, errlen, "%s: path too long", key);
	char *slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (!realpath(dir, rdir))
		return fail(err, errlen, "%s=%s: directory %s: %s", key, path, dir,
			    strerror(errno));
	if (!inside(rdir, rbase))
		return fail(err, errlen, "%s=%s: outside the allowed directory %s", key,
			    path, rbase);
	/* An existing file that is a symlink could still point outside. */
	char rfile[PATH_MAX];
	if (realpath(path, rfile) && !inside(rfile, rbase))
		return fail(err, errlen, "%s=%s: resolves outside the allowed directory %s",
			    key, path, rbase);
	return 0;
}

static int set_once(const char **slot, const char *key, const char *val, char *err,
		    size_t errlen)
{
	if (*slot)
		return fail(err, errlen, "%s given twice", key);
	if (!*val)
		return fail(err, errlen, "%s has an empty value", key);
	*slot = val;
	return 0;
}

static int parse_pair(struct mmcemu_tcmu_cfg *c, char *pair, const char **clock,
		      char *err, size_t errlen)
{
	char *eq = strchr(pair, '=');
	if (!eq)
		return fail(err, errlen, "\"%s\" is not KEY=VALUE", pair);
	*eq = '\0';
	const char *key = pair, *val = eq + 1;
	if (!strcmp(key, "disc"))
		return set_once(&c->disc, key, val, err, errlen);
	if (!strcmp(key, "profile"))
		return set_once(&c->profile, key, val, err, errlen);
	if (!strcmp(key, "faults"))
		return set_once(&c->faults, key, val, err, errlen);
	if (!strcmp(key, "profiles"))
		return set_once(&c->profiles, key, val, err, errlen);
	if (!strcmp(key, "clock"))
		return set_once(clock, key, val, err, errlen);
	return fail(err, errlen, "unknown key \"%s\" (known: disc, profile, faults, clock, profiles)",
		    key);
}

static int validate(struct mmcemu_tcmu_cfg *c, const char *clock, const char *base,
		    char *err, size_t errlen)
{
	int rc;
	if (c->profile && !name_ok(c->profile))
		return fail(err, errlen, "profile=%s: not a profile name", c->profile);
	if (c->disc && (rc = check_path("disc", c->disc, base, err, errlen)))
		return rc;
	/* A plan with a '/' is a file; otherwise it names a preset. */
	if (c->faults && strchr(c->faults, '/')) {
		if ((rc = check_path("faults", c->faults, base, err, errlen)))
			return rc;
	} else if (c->faults && !name_ok(c->faults)) {
		return fail(err, errlen, "faults=%s: neither a file path nor a preset name",
			    c->faults);
	}
	/* Profiles are only read: no base directory, but no ".." either. */
	if (c->profiles && (rc = check_path("profiles", c->profiles, NULL, err, errlen)))
		return rc;
	if (!clock || !strcmp(clock, "real"))
		c->clock = MMCEMU_CLOCK_REAL;
	else if (!strcmp(clock, "virtual"))
		c->clock = MMCEMU_CLOCK_VIRTUAL;
	else if (!strcmp(clock, "unlimited"))
		c->clock = MMCEMU_CLOCK_UNLIMITED;
	else
		return fail(err, errlen, "clock=%s: use real, virtual or unlimited", clock);
	if (!c->disc && c->profile)
		return fail(err, errlen, "profile=%s without disc=", c->profile);
	return 0;
}

int mmcemu_tcmu_cfg_parse(const char *cfgstring, const char *base_dir,
			  struct mmcemu_tcmu_cfg *out, char *err, size_t errlen)
{
	static const char prefix[] = MMCEMU_TCMU_SUBTYPE "/";
	memset(out, 0, sizeof(*out));
	if (errlen)
		err[0] = '\0';
	if (!cfgstring)
		return fail(err, errlen, "no configuration string");
	if (!strncmp(cfgstring, prefix, sizeof(prefix) - 1))
		cfgstring += sizeof(prefix) - 1;
	if (strchr(cfgstring, ','))
		return fail(err, errlen, "commas are not allowed (configfs splits on them)");

	out->buf = strdup(cfgstring);
	if (!out->buf)
		return -ENOMEM;
	const char *clock = NULL;
	int rc = 0;
	char *save = NULL;
	/* Empty items (";;", a trailing ";") are skipped by strtok_r. */
	for (char *pair = strtok_r(out->buf, ";", &save); pair && !rc;
	     pair = strtok_r(NULL, ";", &save))
		rc = parse_pair(out, pair, &clock, err, errlen);
	if (!rc)
		rc = validate(out, clock, base_dir, err, errlen);
	if (rc)
		mmcemu_tcmu_cfg_free(out);
	return rc;
}

void mmcemu_tcmu_cfg_free(struct mmcemu_tcmu_cfg *cfg)
{
	free(cfg->buf);
	memset(cfg, 0, sizeof(*cfg));
}

static bool str_differs(const char *a, const char *b)
{
	if (!a || !b)
		return a != b;
	return strcmp(a, b) != 0;
}

bool mmcemu_tcmu_cfg_drive_differs(const struct mmcemu_tcmu_cfg *a,
				   const struct mmcemu_tcmu_cfg *b)
{
	return a->clock != b->clock || str_differs(a->faults, b->faults) ||
	       str_differs(a->profiles, b->profiles);
}
