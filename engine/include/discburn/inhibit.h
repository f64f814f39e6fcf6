/* Keeping the machine awake during a burn (docs/engine.md, "Keeping the
 * machine awake"). For the whole of a write (DiscFormat2Data::Write,
 * WriteEngine2::WriteSection), an erase (DiscFormat2Erase::EraseMedia)
 * and the verification inside a write, libdiscburn holds a systemd-logind
 * inhibitor lock ("sleep:shutdown:idle", mode "block", who = the client
 * name, why = "burning a disc"), and lets it go when the operation ends,
 * fails or is cancelled; a process that dies loses it with its file
 * descriptors.
 *
 * The system bus is sd-bus's (DBUS_SYSTEM_BUS_ADDRESS overrides where it
 * is); DISCBURN_LOGIND_BUS=ADDRESS names another bus that provides
 * org.freedesktop.login1 (the tests' private bus). Where no logind is
 * reachable the operation goes on, and the first time in a process this
 * is said once: to the notice function below, or by default on stderr. */
#ifndef DISCBURN_INHIBIT_H
#define DISCBURN_INHIBIT_H

#ifdef __cplusplus
extern "C" {
#endif

/* message: one line without a newline, naming why no lock was taken. */
typedef void (*db_inhibit_notice_fn)(const char *message, void *ctx);

/* Where the once-per-process notice goes; fn NULL: stderr (the default).
 * Set it before the first burn. fn runs on the thread that starts the
 * operation, under libdiscburn's inhibitor lock mutex: it must not start
 * a burn itself. */
void db_inhibit_set_notice(db_inhibit_notice_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif

#endif
