/* qinject.h — what qmail-inject and sendmail share: read a message on
 * descriptor 0, apply qmail-header(5)'s rules to its header, choose the
 * envelope, and hand the message to the queue program (QMAILQUEUE, else
 * PREFIX/sbin/qmail-multi) — or print it. The body is streamed: memory
 * use does not grow with the size of the message.
 *
 * Return convention: qinject_run returns an enum qinject_status, and for
 * anything but QINJECT_OK a one-line reason in r->why (a C string). It
 * reads descriptor 0 and writes descriptor 1 (when printing) and 2 (what
 * the queue program says), and runs the queue program as a child; it
 * does not exit. SIGPIPE is ignored from the first call on.
 *
 * Configuration (read by qinject_run): the control files me, defaulthost,
 * defaultdomain, plusdomain and idhost under CONTROLDIR, with the
 * overrides QMAILDEFAULTHOST, QMAILDEFAULTDOMAIN, QMAILPLUSDOMAIN and
 * QMAILIDHOST; the identity variables QMAILUSER, MAILUSER, USER, LOGNAME,
 * QMAILNAME, MAILNAME, NAME, QMAILHOST, MAILHOST, QMAILSUSER, QMAILSHOST;
 * QMAILINJECT (letters c s f i r m), QMAILMFTFILE and QMAILQUEUE; PREFIX
 * and CONTROLDIR through paths.h. qmail-inject(8) documents them. */
#ifndef QINJECT_H
#define QINJECT_H

#include <stddef.h>

#include "buf.h"
#include "stralloc.h"


/* where the recipients come from (qmail-inject's -A -a -h -H) */
enum qinject_rcpts {
  QINJECT_ARGS_ELSE_HEADER,  /* -A: the arguments, or the header when none */
  QINJECT_ARGS,              /* -a: the arguments only */
  QINJECT_HEADER,            /* -h: the header only */
  QINJECT_BOTH               /* -H: the header and the arguments */
};

struct qinject_opts {
  const char *prog;          /* program name for messages */
  enum qinject_rcpts rcpts;
  const char *sender;        /* -f: the envelope sender, or NULL */
  const char *name;          /* -F: the personal name, or NULL */
  int print;                 /* -n: print the message instead of queueing */
  int dotstop;               /* a line "." alone ends the message */
  char *const *args;         /* the recipient arguments */
  size_t nargs;
};

enum qinject_status {
  QINJECT_OK,
  QINJECT_NORCPT,    /* no recipient at all */
  QINJECT_BADMSG,    /* a syntax error, an address or a header too long */
  QINJECT_PERM,      /* the queue program refused the message for good */
  QINJECT_TEMP       /* anything that may work later: configuration,
                        memory, I/O, the queue program */
};

struct qinject_result {
  enum qinject_status status;
  stralloc why;      /* the reason, a C string */
};
#define QINJECT_RESULT_ZERO { QINJECT_OK, STRALLOC_ZERO }

/* run: inject the message on descriptor 0 as o says. */
enum qinject_status qinject_run(const struct qinject_opts *o, struct qinject_result *r);

/* ctlprint: read the control files above from controldir (with their
 * variables) and print them to b as cfg_print does, for qmail-showctl.
 * 0, or -1 with errno set and err holding cfg_load's reason. */
int qinject_ctlprint(const char *controldir, buf *b, stralloc *err) __attribute__((warn_unused_result));

#endif
