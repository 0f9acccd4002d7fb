/* qqprog.h — handing a message to the queue program with qmail-queue(8)'s
 * protocol, for qmail-inject, sendmail, forward, condredirect and
 * qmail-local's forwards: the program is QMAILQUEUE, else
 * PREFIX/sbin/qmail-multi; it reads the message on its descriptor 0, then
 * the envelope on its descriptor 1, and its exit code (for 88, the text it
 * wrote on descriptor 2) says what became of the message.
 *
 * Return convention: qqprog_path and qqprog_envelope are builders: 1, or
 * 0 with errno set (ENOMEM, EOVERFLOW; for qqprog_path also what
 * paths_init reports). qqprog_start, qqprog_copy and qqprog_close are
 * syscall-like: 0, or -1 with errno set. qqprog_put reports nothing: a
 * write that fails is kept in q->werr. qqprog_classify is pure.
 *
 * The caller ignores SIGPIPE (the program gets the default action back)
 * and keeps no buffered output that the child could write twice. The
 * envelope goes out only after the whole message, so a queue program
 * never accepts a message that was cut short. How each caller words the
 * outcome (enhanced status codes and so on) is the caller's business:
 * qqprog_end gives the facts. */
#ifndef QQPROG_H
#define QQPROG_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"
#include "stralloc.h"

/* the most bytes of a custom error text (exit 88) that are read */
#define QQPROG_TEXT_MAX 1024u
/* the bytes copied at a time by qqprog_copy, and the message buffer */
#define QQPROG_CHUNK 65536
#define QQPROG_BUFSIZE 8192
/* the longest TMPDIR used for the error file */
#define QQPROG_TMPDIR_MAX 1024

#define QQPROG_WUR __attribute__((warn_unused_result))

/* flags of struct qqprog_how */
#define QQPROG_CUSTOM 1   /* exit 88 with a text that starts with D or Z:
                             that text is the answer, not shown on our 2 */
#define QQPROG_CLEAN 2    /* control bytes of that text made '_' */

/* how the caller wants a run: when the exec fails the child writes
 * "FAILHEAD PROG: REASON FAILTAIL" on its descriptor 2 and exits 81 (qq
 * internal bug); with failhead NULL it writes nothing and qqprog_start
 * fails instead with the exec's errno. */
struct qqprog_how {
  const char *failhead;
  const char *failtail;
  int flags;
};

struct qqprog {
  pid_t pid;     /* the queue program, for "qp PID" */
  int msgfd;     /* its descriptor 0: the message goes here */
  int envfd;     /* its descriptor 1: then the envelope */
  int errfd;     /* its descriptor 2: an unlinked temporary file, or -1
                    when none could be made (it then writes on our 2) */
  int werr;      /* errno of the first write to it that failed, else 0 */
  int flags;
  buf msg;       /* qqprog_put's buffer on msgfd */
  char space[QQPROG_BUFSIZE];
};

enum qqprog_class { QQPROG_OK, QQPROG_PERM, QQPROG_TEMP };

/* what became of the message */
struct qqprog_end {
  enum qqprog_class cls;
  int crashed;   /* killed by a signal (cls is TEMP) */
  int code;      /* its exit code; -1 when it did not exit */
  int custom;    /* 1: cls and text come from exit 88's text */
  char text[QQPROG_TEXT_MAX];   /* custom: the text after its letter, up
                                   to its first LF; a C string */
};

/* path: out = QMAILQUEUE when it is set and not empty, else
 * PREFIX/sbin/qmail-multi, a C string. prefix is PREFIX as the caller's
 * paths(3) resolved it, or NULL to resolve it here. */
int qqprog_path(stralloc *out, const char *prefix) QQPROG_WUR;

/* envelope: out = "F" sender[0..slen) NUL, "T" rcpt NUL for each address
 * of rcpts[0..len) (one after another, each ended by a NUL; a last one
 * without its NUL counts too), then NUL. */
int qqprog_envelope(stralloc *out, const char *sender, size_t slen, const char *rcpts,
                    size_t len) QQPROG_WUR;

/* start: run prog (a path, or a name searched in PATH) with our
 * environment, pipes on its descriptors 0 and 1 and the error file on 2;
 * none of our other descriptors reaches it. -1 with errno when a pipe or
 * the fork fails, or (failhead NULL) when the exec fails: nothing is left
 * open or running then. */
int qqprog_start(struct qqprog *q, const char *prog, const struct qqprog_how *how) QQPROG_WUR;

/* put: write s[0..n) to the message pipe (buffered: the rest goes out at
 * qqprog_close; a caller that writes msgfd itself does not mix the two).
 * After a write fails (the program went away: EPIPE) the rest of the
 * message is dropped and the envelope is not sent: the exit code will
 * tell. */
void qqprog_put(struct qqprog *q, const char *s, size_t n);

/* copy: qqprog_put everything read from fd up to its end (or until a
 * write failed). -1 with errno when reading fd failed. */
int qqprog_copy(struct qqprog *q, int fd) QQPROG_WUR;

/* close: end the message; write env (from qqprog_envelope) when it is
 * not NULL and no write failed (NULL: the message is incomplete, send no
 * envelope); wait for the program and classify its end into *e. What it
 * wrote on descriptor 2 is copied to ours, except a custom text taken as
 * the answer. -1 with errno when the wait fails. */
int qqprog_close(struct qqprog *q, const stralloc *env, struct qqprog_end *e) QQPROG_WUR;

/* classify: what a wait status means: exit 0 OK; 88 with text[0..len)
 * starting with D (PERM) or Z (TEMP) when flags has QQPROG_CUSTOM; a
 * permanent code of qmail-queue(8) (11-40) PERM; anything else, or a
 * crash, TEMP. */
void qqprog_classify(int status, const char *text, size_t len, int flags, struct qqprog_end *e);

#endif
