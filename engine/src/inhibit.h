/* The logind inhibitor lock around a write, erase or verify (public
 * side: discburn/inhibit.h). Counted per process: the first take opens
 * the lock, the last release closes it, so nested operations (Write ->
 * WriteSection, EraseMedia -> WriteSection) and concurrent burns on two
 * drives share one lock. Neither call fails: a burn never depends on
 * logind. */
#ifndef DISCBURN_SRC_INHIBIT_H
#define DISCBURN_SRC_INHIBIT_H

/* who: the client name (NULL or "": "discburn"). */
void db__inhibit_take(const char *who);
void db__inhibit_release(void);

#endif
