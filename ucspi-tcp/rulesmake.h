/* rulesmake.h — write parsed tcprules lines into a rules cdb, with the
 * CIDR markers of rules.h.
 *
 * Return convention: syscall-like: 0 on success, -1 with errno set (the
 * errors of cdb_make: EOVERFLOW, ENOMEM, write errors). After a failure
 * the file is unusable: rulesmake_free and discard it.
 *
 * Usage: rulesmake_start on an empty file open for writing, rulesmake_add
 * for each rule rulesline_parse returned, rulesmake_finish; fsync, close
 * and rename are the caller's. Keys go in the order of the lines, so that
 * for a key written twice the first line wins, as with djb's tcprules; the
 * markers go last, and only when a CIDR rule needs one, so a file without
 * CIDR rules is byte for byte what djb's tcprules writes. */
#ifndef RULESMAKE_H
#define RULESMAKE_H

#include "cdb_make.h"
#include "rulesline.h"
#include "stralloc.h"

#define RULESMAKE_WUR __attribute__((warn_unused_result))

struct rulesmake {
  struct cdb_make cm;           /* must not move between start and finish */
  stralloc key;
  unsigned char have4[33];      /* CIDR lengths that occur, per family */
  unsigned char have6[129];
};

/* start: begin a rules database on fd (see cdb_make_start). */
int rulesmake_start(struct rulesmake *, int fd) RULESMAKE_WUR;

/* add: write every key of the rule r with its value. */
int rulesmake_add(struct rulesmake *, const struct rulesline *r) RULESMAKE_WUR;

/* finish: write the markers and finish the cdb; releases the memory,
 * success or not. */
int rulesmake_finish(struct rulesmake *) RULESMAKE_WUR;

/* free: abandon the database after an error. Harmless twice. */
void rulesmake_free(struct rulesmake *);

#endif
