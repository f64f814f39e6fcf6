/* Without a logind the burn goes on and says so once per process
 * (docs/engine.md "Keeping the machine awake"): no bus at all (in the
 * library, with the notice function, and in the CLI, on stderr), no
 * libsystemd to load, and a
 * logind that refuses the lock (the fake in --refuse mode). Its own
 * executable: the notice is once per process. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cli_run.h"
#include "discburn/erase.h"
#include "discburn/inhibit.h"
#include "format2data_harness.h"
#include "logind_rig.h"

#define NO_BUS "unix:path=/nonexistent/discburn-test/bus"
#define NOTICE "no systemd-logind inhibitor lock"

struct notices {
	unsigned n;
	char last[512];
};

static void on_notice(const char *msg, void *ctx)
{
	struct notices *c = ctx;
	c->n++;
	snprintf(c->last, sizeof(c->last), "%s", msg);
}

static unsigned occurrences(const char *hay, const char *needle)
{
	unsigned n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_no_bus_burns_and_says_once(void **s)
{
	(void)s;
	struct notices c = {0};
	db_inhibit_set_notice(on_notice, &c);
	setenv("DISCBURN_LOGIND_BUS", NO_BUS, 1);
	struct h_disc *x = h_open("dvd+rw");
	h_burn_pattern(x, 1000, 1, &(struct h_burn){.verify = DB_VERIFY_FULL});
	h_burn_pattern(x, 1000, 2, &(struct h_burn){.force_overwrite = true});
	struct db_format2erase *e;
	assert_int_equal(db_format2erase_create(&e), DB_S_OK);
	assert_int_equal(db_format2erase_put_recorder(e, x->r), DB_S_OK);
	assert_int_equal(db_format2erase_erase_media(e), DB_S_OK);
	db_format2erase_destroy(e);
	unsetenv("DISCBURN_LOGIND_BUS");
	h_close(x);
	db_inhibit_set_notice(NULL, NULL);
	assert_int_equal(c.n, 1);
	/* it names what is missing */
	assert_non_null(strstr(c.last, NOTICE));
	assert_non_null(strstr(c.last, NO_BUS));
}

/* env: the environment assignments of the CLI's command line. */
static void cli_burn_says_once(const char *env, const char *why)
{
	char dir[] = "/tmp/inhibit-cli-XXXXXX";
	assert_non_null(mkdtemp(dir));
	int rc = cli_run("cd %s && head -c 4194304 /dev/zero > img && "
			 "%s " DISCBURN_BUILD_DIR
			 "/bin/discburn write --verify full --drive emu:dvd+r:%s/disc img",
			 dir, env, dir);
	if (rc != 0)
		fail_msg("discburn write: %d: %s", rc, cli_out);
	if (occurrences(cli_out, NOTICE) != 1 || !strstr(cli_out, why))
		fail_msg("expected one notice naming '%s': %s", why, cli_out);
	char cmd[96];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_cli_no_bus_says_once(void **s)
{
	(void)s;
	cli_burn_says_once("DISCBURN_LOGIND_BUS=" NO_BUS, NO_BUS);
}

/* No libsystemd.so.0 to load (a container, the VM's initramfs): the
 * same, naming the library. */
static void test_cli_no_libsystemd_says_once(void **s)
{
	(void)s;
	cli_burn_says_once("DISCBURN_LIBSYSTEMD=/nonexistent/libsystemd.so.0",
			   "/nonexistent/libsystemd.so.0");
}

/* A logind that answers but refuses (polkit says no): the same. The
 * rig is set up and torn down around the test, so a failure leaves no
 * daemon behind. */
static struct logind_rig refusing;

static int refusing_up(void **s)
{
	(void)s;
	rig_start(&refusing, true);
	return 0;
}

static int refusing_down(void **s)
{
	(void)s;
	rig_stop(&refusing);
	return 0;
}

static void test_cli_refused_says_once(void **s)
{
	(void)s;
	char env[600];
	snprintf(env, sizeof(env), "DISCBURN_LOGIND_BUS='%s'", refusing.address);
	cli_burn_says_once(env, "fake logind refuses");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_bus_burns_and_says_once),
		cmocka_unit_test(test_cli_no_bus_says_once),
		cmocka_unit_test(test_cli_no_libsystemd_says_once),
		cmocka_unit_test_setup_teardown(test_cli_refused_says_once, refusing_up, refusing_down),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
