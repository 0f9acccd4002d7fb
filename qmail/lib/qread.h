/* qread.h — reading queued messages for the queue tools (qmail-qread,
 * qmail-rm), and qmail-qread's output lines.
 *
 * Everything that touches files works in the current directory, which
 * must be the queue (indimail-queue(5)): the caller chdir()s there. Reading
 * takes no lock: the delivery stage may change the files meanwhile, and a
 * message that vanishes while it is read is reported as gone, not as an
 * error.
 *
 * Return convention: qread_queues, qread_scan and qread_exists are
 * syscall-like (0 / -1 with errno; qread_exists 1 / 0 / -1). qread_load
 * and qread_rcpts_open return 1 (done), 0 (the file is not there:
 * the message has gone, or the channel has no file), or -1 with errno;
 * qread_rcpts_next returns 1 (a record), 0 (end), -1 with errno (EMSGSIZE
 * for a record over QREAD_RECORD_MAX). The qread_fmt_ builders append to
 * a stralloc and return 1, or 0 with errno (ENOMEM, EOVERFLOW). */
#ifndef QREAD_H
#define QREAD_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "buf.h"
#include "genalloc.h"
#include "paths.h"
#include "stralloc.h"

/* the longest record of an envelope, info, local or remote file, type
 * byte and NUL included: an address after virtualdomains' prefix is
 * longer than qmail-queue's 1003 bytes, so leave room */
#define QREAD_RECORD_MAX 4096
/* the most message numbers qread_scan keeps for one directory tree */
#define QREAD_MESSAGES_MAX 50000000ul

GENALLOC_DECLARE(qread_nums, unsigned long)

enum qread_chan { QREAD_LOCAL, QREAD_REMOTE, QREAD_TODO };

struct qread_msg {
  unsigned long num;
  int todo;                   /* 1: read from todo/N (not yet preprocessed) */
  time_t birth;               /* mtime of info/S/N (todo/N for todo) */
  unsigned long long size;    /* bytes of mess/S/N */
  int bouncing;               /* bounce/N exists */
  stralloc sender;            /* the F record without 'F' and NUL */
};

struct qread_rcpt {
  char state;                 /* 'T' still to do, 'D' done */
  const char *addr;           /* not NUL-terminated; valid until the next call */
  size_t len;
  off_t off;                  /* the record's offset in its file */
};

struct qread_rcpts {
  int fd;                     /* -1 when closed */
  enum qread_chan chan;
  off_t off;                  /* offset of the next record */
  buf b;
  stralloc rec;
  char space[BUF_INSIZE];
};

/* queues: the queue directories a queue tool works on, as C strings one
 * after the other in out (*count of them): QUEUEDIR alone when the
 * environment sets it, else QUEUE_BASE/queueN for the QUEUE_COUNT queues
 * from QUEUE_START. */
int qread_queues(const struct paths *ps, stralloc *out, size_t *count)
    __attribute__((warn_unused_result));
/* qname: the name a queue is shown by: the last component of dir. */
const char *qread_qname(const char *dir);

/* scan: nums = the message numbers named in d ("info" with its split
 * subdirectories 0 .. split-1, or "todo"), sorted ascending. Names that
 * are not decimal numbers are skipped. EOVERFLOW past QREAD_MESSAGES_MAX. */
int qread_scan(qread_nums *nums, int todo, unsigned long split)
    __attribute__((warn_unused_result));
/* exists: 1 when info/S/num exists, 0 when it does not, -1 on error. */
int qread_exists(unsigned long num, unsigned long split) __attribute__((warn_unused_result));

/* load: m = the state of message num: from info/S/num, or (todo) from
 * todo/num. tmp is scratch space. */
int qread_load(struct qread_msg *m, unsigned long num, int todo, unsigned long split,
               stralloc *tmp) __attribute__((warn_unused_result));

/* rcpts_open: start reading the recipients of message num on chan
 * (local/S/num, remote/S/num or todo/num), read-only, or read-write when
 * rw (for qmail-rm to overwrite records through r->fd). Whatever it
 * returns, qread_rcpts_close on r is then safe. */
int qread_rcpts_open(struct qread_rcpts *r, enum qread_chan chan, unsigned long num,
                     unsigned long split, int rw, stralloc *tmp)
    __attribute__((warn_unused_result));
/* rcpts_next: the next recipient: T and D records of local and remote
 * files, T records of an envelope; other records are skipped. A last
 * record without its NUL (a file being written) ends the list. */
int qread_rcpts_next(struct qread_rcpts *r, struct qread_rcpt *out)
    __attribute__((warn_unused_result));
/* rcpts_close: close the file; harmless twice. */
void qread_rcpts_close(struct qread_rcpts *r);

/* fmt_text: s[0..len) with every byte outside printable ASCII as '_'. */
int qread_fmt_text(stralloc *out, const char *s, size_t len) __attribute__((warn_unused_result));
/* fmt_date: "24 Nov 2026 13:05:09 GMT" for t. */
int qread_fmt_date(stralloc *out, time_t t) __attribute__((warn_unused_result));
/* fmt_head: qmail-qread's line for a message, without the newline:
 *   DATE  QNAME/#NUM  SIZE  <SENDER> [ bouncing]
 * with qmail's spacing ("GMT  #"); bytes of the sender outside printable
 * ASCII are written as '_'. */
int qread_fmt_head(stralloc *out, const struct qread_msg *m, const char *qname)
    __attribute__((warn_unused_result));
/* fmt_rcpt: a recipient line without the newline: "\tremote\tADDR",
 * "  done\tlocal\tADDR" or "\ttodo\tADDR", with the same '_' rule. */
int qread_fmt_rcpt(stralloc *out, enum qread_chan chan, const struct qread_rcpt *r)
    __attribute__((warn_unused_result));

/* free: release m's memory. */
void qread_msg_free(struct qread_msg *m);

#endif
