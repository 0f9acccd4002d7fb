/* qhqq.h — handing a message to the queue program with qmail-queue(8)'s
 * protocol, for forward and condredirect: the message on the program's
 * descriptor 0, then the envelope on its descriptor 1; its exit code (for
 * 88, the text it wrote on descriptor 2) says what became of the message.
 *
 * Return convention: qhqq_prog and qhqq_envelope are builders: 1, or 0
 * with errno set (ENOMEM, EOVERFLOW; for qhqq_prog also what paths_init
 * reports about a bad PREFIX). qhqq_open, qhqq_putmsg, qhqq_copy and qhqq_close are
 * syscall-like: 0, or -1 with errno set. qhqq_classify is a pure function
 * returning an enum qhqq_result.
 *
 * The caller ignores SIGPIPE; the queue program gets the default action
 * back. A queue program that stops reading early is not an error of
 * qhqq_putmsg: its exit code tells. */
#ifndef QHQQ_H
#define QHQQ_H

#include <stddef.h>
#include <sys/types.h>

#include "stralloc.h"

/* the most bytes of a custom error text (exit 88) that are read */
#define QHQQ_TEXT_MAX 1024u
/* the bytes copied at a time by qhqq_copy */
#define QHQQ_CHUNK 65536

#define QHQQ_WUR __attribute__((warn_unused_result))

enum qhqq_result { QHQQ_OK, QHQQ_PERM, QHQQ_TEMP };

struct qhqq {
  pid_t pid;     /* the queue program, for "qp PID" */
  int msgfd;     /* its descriptor 0: the message goes here */
  int envfd;     /* its descriptor 1: then the envelope */
  int errfd;     /* its descriptor 2: an unlinked temporary file, or -1
                    when none could be made (it then writes on our 2) */
};

/* prog: out = the value of QMAILQUEUE when it is set and not empty, else
 * PREFIX/sbin/qmail-multi (PREFIX as paths(3) resolves it); a C string. */
int qhqq_prog(stralloc *out) QHQQ_WUR;

/* envelope: out = "F" sender NUL, "T" rcpt NUL for each of rcpts[0..n),
 * then NUL. */
int qhqq_envelope(stralloc *out, const char *sender, char *const *rcpts, size_t n) QHQQ_WUR;

/* open: run prog (a path, or a name searched in PATH) with pipes on its
 * descriptors 0 and 1; none of our other descriptors reaches it except 2
 * when no temporary file could be made. When the exec fails, the program
 * writes "FAIL unable to run PROG: REASON" and exits 81 (qq internal bug,
 * a temporary failure). */
int qhqq_open(struct qhqq *q, const char *prog, const char *fail) QHQQ_WUR;

/* putmsg: write s[0..n) to the message pipe. -1 only for a write error
 * other than the reader going away (EPIPE). */
int qhqq_putmsg(struct qhqq *q, const char *s, size_t n) QHQQ_WUR;

/* copy: qhqq_putmsg everything read from fd up to its end. -1 with
 * errno when reading fd, or writing, failed. */
int qhqq_copy(struct qhqq *q, int fd) QHQQ_WUR;

/* close: end the message, write env (an envelope from qhqq_envelope) to
 * the envelope pipe, wait for the program and classify its end into *res
 * and why (a C string). What it wrote on descriptor 2 is copied to ours,
 * except a custom error text. -1 when the wait or why failed. */
int qhqq_close(struct qhqq *q, const stralloc *env, enum qhqq_result *res, stralloc *why) QHQQ_WUR;

/* classify: what a wait status means: exit 0 OK (why ""); a permanent
 * code of qmail-queue(8) (11-40) PERM; 88 with text[0..len) starting with
 * D (PERM) or Z (TEMP), why then being the text after that letter up to
 * its first LF (control bytes made '_'); anything else, or a crash, TEMP.
 * For a code why is qq_str's description with an enhanced status code,
 * "qq permanently refused (#5.3.0)", "qq temporarily refused (#4.3.0)";
 * for a crash "qq crashed (#4.3.0)". *ok is 0 when why could not be
 * built (out of memory). */
enum qhqq_result qhqq_classify(int status, const char *text, size_t len, stralloc *why, int *ok);

#endif
