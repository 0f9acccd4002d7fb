/* paths.h — the one place that resolves installation paths and queue layout.
 *
 * Return convention: syscall-like: paths_init, paths_queue and paths_print
 * return 0 on success, -1 with errno set. paths_get and paths_name return
 * a string or NULL (for an id out of range); paths_fromenv returns 1 or 0.
 *
 * Every value starts from a compile-time default (the conf-* files, through
 * the generated conf_defaults.h) and can be overridden at run time by the
 * environment variable of the same name, read once by paths_init through
 * env_get. The results live in a struct paths that the program owns: the
 * library keeps no state. The variables (documented in indimail-env(7)):
 *
 *   PREFIX       conf-prefix                       binaries in PREFIX/bin, sbin
 *   QMAILHOME    conf-qmail
 *   SYSCONFDIR   conf-sysconfdir
 *   CONTROLDIR   SYSCONFDIR/control; a relative value is taken relative to
 *                SYSCONFDIR (as indimail does: CONTROLDIR=control2 means
 *                SYSCONFDIR/control2)
 *   CERTDIR      SYSCONFDIR/certs
 *   ASSIGNDIR    QMAILHOME/users                   (users/assign, cdb)
 *   LIBEXECDIR   conf-libexec
 *   SHAREDDIR    conf-shared
 *   SERVICEDIR   conf-servicedir
 *   QUEUE_BASE   QMAILHOME/queue                   holds queue1 .. queueN
 *   QUEUE_COUNT  PATHS_QUEUE_COUNT_DEFAULT (5, as indimail installs)
 *   QUEUE_START  PATHS_QUEUE_START_DEFAULT (1): the first queue's number
 *   QUEUEDIR     QUEUE_BASE/queue<QUEUE_START>: the one queue a program
 *                works on; when it comes from the environment, qmail-multi
 *                uses it instead of choosing among the QUEUE_COUNT queues
 *   CONFSPLIT    conf-split: subdirectories per queue split directory
 *
 * Queue N (QUEUE_START <= N < QUEUE_START + QUEUE_COUNT) is the directory
 * QUEUE_BASE/queueN, indimail's layout (/var/indimail/queue/queue1, ...).
 *
 * Rules: every path must be absolute (CONTROLDIR alone may be relative, see
 * above), non-empty, without a newline, and at most PATHS_VALUE_MAX bytes;
 * trailing slashes are removed ("/" stays "/"). Numbers are plain decimal
 * digits. errno: EINVAL for an empty, relative or multi-line path or a
 * number that is not one, ERANGE for a number out of its range,
 * ENAMETOOLONG past PATHS_VALUE_MAX, ENOMEM. */
#ifndef PATHS_H
#define PATHS_H

#include <stddef.h>

#include "buf.h"
#include "stralloc.h"

#define PATHS_VALUE_MAX 4095           /* the longest path (PATH_MAX - 1) */
#define PATHS_QUEUE_MAX 1000ul         /* QUEUE_COUNT and QUEUE_START at most */
#define PATHS_SPLIT_MAX 10000ul        /* CONFSPLIT at most */
#define PATHS_QUEUE_COUNT_DEFAULT 5ul
#define PATHS_QUEUE_START_DEFAULT 1ul

#define PATHS_WUR __attribute__((warn_unused_result))

enum paths_id {
  PATHS_PREFIX,
  PATHS_QMAILHOME,
  PATHS_SYSCONFDIR,
  PATHS_CONTROLDIR,
  PATHS_CERTDIR,
  PATHS_ASSIGNDIR,
  PATHS_LIBEXECDIR,
  PATHS_SHAREDDIR,
  PATHS_SERVICEDIR,
  PATHS_QUEUE_BASE,
  PATHS_QUEUE_COUNT,
  PATHS_QUEUE_START,
  PATHS_QUEUEDIR,
  PATHS_CONFSPLIT,
  PATHS_N
};

struct paths {
  stralloc value[PATHS_N];        /* each a C string (NUL stored past len) */
  unsigned char fromenv[PATHS_N]; /* 1 when the environment gave the value */
  unsigned long queue_count;      /* QUEUE_COUNT as a number */
  unsigned long queue_start;      /* QUEUE_START */
  unsigned long split;            /* CONFSPLIT */
  const char *bad;                /* after a failed paths_init: the variable
                                     at fault (a static string), else NULL */
};

/* init: resolve every value into ps, which is overwritten (paths_free it
 * before calling paths_init on it again). 0, or -1 with errno and ps->bad
 * naming the variable; on failure nothing needs freeing. */
int paths_init(struct paths *ps) PATHS_WUR;

/* get: the value of id (a path, or a number in decimal), valid until
 * paths_free; NULL for an id out of range. */
const char *paths_get(const struct paths *ps, enum paths_id id);

/* name: the environment variable of id ("QMAILHOME"), or NULL. */
const char *paths_name(enum paths_id id);

/* fromenv: 1 when id's value came from the environment, else 0. */
int paths_fromenv(const struct paths *ps, enum paths_id id);

/* queue: out = QUEUE_BASE/queueN, a C string (NUL stored past len). -1
 * with ERANGE when n is not one of the QUEUE_COUNT queues from
 * QUEUE_START. */
int paths_queue(const struct paths *ps, unsigned long n, stralloc *out) PATHS_WUR;

/* print: one line per variable, in enum order, "NAME=value (default)" or
 * "NAME=value (environment)", to b (not flushed). 0 or -1 as buf_put. */
int paths_print(const struct paths *ps, buf *b) PATHS_WUR;

/* free: release every value; harmless twice and after a failed init. */
void paths_free(struct paths *ps);

#endif
