/* qhrun.h — running the program that a .qmail helper wraps: on our own
 * descriptors (condredirect, bouncesaying, except), or reading a pipe that
 * gets some lines first and then our standard input (preline, predate,
 * qreceipt); and the forward through the queue program that forward and
 * condredirect share.
 *
 * Return convention: qhrun_verdict and qhrun_exectemp are pure functions;
 * qhrun_wait and qhrun_feed are syscall-like: 0 once the child has been
 * reaped (its wait status in *status), -1 with errno set when it could not
 * be started or reaped. qhrun_test, qhrun_need and qhrun_forward end the
 * program when they fail (qhrun_forward always ends it).
 *
 * The caller ignores SIGPIPE (so that a child that stops reading shows up
 * as a write error, not as our death); the child gets the default action
 * back before its exec. A child whose exec fails writes "FAIL unable to
 * run PROG: REASON" on descriptor 2 (FAIL being the caller's prefix, like
 * "preline: fatal: ") and exits 111 when the failure may go away by
 * itself (qhrun_exectemp), else 100. */
#ifndef QHRUN_H
#define QHRUN_H

#include <stddef.h>

/* the bytes copied at a time by qhrun_feed */
#define QHRUN_CHUNK 65536

#define QHRUN_WUR __attribute__((warn_unused_result))

enum qhrun_verdict {
  QHRUN_ZERO,   /* the program exited 0 */
  QHRUN_TEMP,   /* it exited 111 (a temporary failure) */
  QHRUN_CRASH,  /* it was killed by a signal */
  QHRUN_OTHER   /* any other exit code */
};

/* verdict: what a wait status means to condredirect, bouncesaying and
 * except. */
enum qhrun_verdict qhrun_verdict(int status);

/* exectemp: 1 when an exec that failed with err may work later (out of
 * memory or descriptors, a busy text file, an I/O error), else 0 (no such
 * program, no permission, not an executable ...). */
int qhrun_exectemp(int err);

/* wait: run argv[0] (searched in PATH unless it contains a '/') with argv,
 * our environment and our descriptors, and wait for it to end. */
int qhrun_wait(char *const argv[], const char *fail, int *status) QHRUN_WUR;

/* test: the "does the message match" step of condredirect and
 * bouncesaying: run argv as qhrun_wait does (with its warnings prefixed
 * by warn) and return only when it exited 0. Otherwise it does not
 * return: a crash, a temporary error or a failure to run it exits 111
 * with a message prefixed by fatal; any other exit code exits 0 (the
 * message does not match: nothing to do). */
void qhrun_test(char *const argv[], const char *warn, const char *fatal);

/* feed: run argv[0] as qhrun_wait does, but with a pipe on its descriptor
 * 0, into which go head[0..headlen) and then everything read from copyfd
 * until its end (nothing more when copyfd is -1); then wait for it. The
 * child's own descriptors 1 and 2 are ours. When the child stops reading,
 * the rest is not written and its exit status tells. When reading copyfd
 * fails, the child is killed (SIGKILL) before its pipe is closed, so that
 * it never sees a cut message as a whole one; *readerr is then the errno
 * of the read, else 0. */
int qhrun_feed(char *const argv[], const char *fail, const char *head, size_t headlen,
               int copyfd, int *status, int *readerr) QHRUN_WUR;

/* need: the value of the environment variable name; when it is not set,
 * exits 100 with "FATAL NAME not set". */
const char *qhrun_need(const char *name, const char *fatal);

/* how forward and condredirect word a forward */
struct qhrun_fwd {
  const char *fatal;    /* "forward: fatal: " */
  const char *runfail;  /* "forward: fatal: unable to run " */
  const char *qp;       /* "forward: qp " */
  int okcode;           /* the exit code once the queue took the message */
};

/* forward: hand dtline and then the rest of our standard input to the
 * queue program (qqprog_path) with the envelope sender to rcpts[0..n),
 * and exit: okcode after "QP PID" when it took the message; 100 or 111
 * with its reason ("qq permanently refused (#5.3.0)", a custom text, "qq
 * crashed (#4.3.0)") when it did not; 111 when it could not be run. */
void qhrun_forward(const struct qhrun_fwd *f, const char *sender, const char *dtline,
                   char *const rcpts[], size_t n) __attribute__((noreturn));

#endif
