/* qlrun.h — the two kinds of delivery that run another program: a .qmail
 * program line (qmail-command(8)) and a forward through the queue
 * program (qmail-queue(8)'s protocol).
 *
 * Return convention: qlrun_status and qlrun_qqstatus are pure functions
 * of a wait status; qlrun_envelope returns 1, or 0 with errno set
 * (ENOMEM, EOVERFLOW); qlrun_program and qlrun_forward return 0 once the
 * child has been reaped (its wait status in *status), or -1 with errno
 * set when it could not be started or reaped. */
#ifndef QLRUN_H
#define QLRUN_H

#include <stddef.h>
#include <sys/types.h>

#include "stralloc.h"

/* the shell that runs program lines */
#define QLRUN_SHELL "/bin/sh"
/* the bytes copied at a time */
#define QLRUN_CHUNK 65536

#define QLRUN_WUR __attribute__((warn_unused_result))

enum qlrun_result {
  QLRUN_OK,     /* delivered */
  QLRUN_STOP,   /* delivered; ignore the rest of the .qmail file (exit 99) */
  QLRUN_PERM,   /* permanent failure: bounce */
  QLRUN_TEMP,   /* temporary failure: try again later */
  QLRUN_CRASH   /* killed by a signal: a temporary failure */
};

/* status: what a program's wait status means: exit 0 OK, 99 STOP, 100,
 * 64, 65, 70, 76, 77, 78 and 112 PERM, any other exit TEMP, a signal
 * CRASH. */
enum qlrun_result qlrun_status(int status);

/* qqstatus: what the queue program's wait status means: exit 0 OK, the
 * permanent codes of qmail-queue (11-40) PERM, other exits TEMP, a signal
 * CRASH. */
enum qlrun_result qlrun_qqstatus(int status);

/* program: run QLRUN_SHELL -c cmd in the current directory with the
 * environment envp, the message on msgfd (rewound) as standard input,
 * and standard output and error both on our standard output. The shell
 * gets cmd as one argument: nothing in the envelope is ever part of it. */
int qlrun_program(const char *cmd, char *const envp[], int msgfd, int *status) QLRUN_WUR;

/* envelope: out = "F" sender NUL, then "T" rcpt NUL for each recipient of
 * rcpts[0..len) (the addresses one after another, each ended by a NUL; a
 * last one without its NUL counts too), then NUL: the envelope of
 * qmail-queue(8). */
int qlrun_envelope(stralloc *out, const char *sender, const char *rcpts,
                   size_t len) QLRUN_WUR;

/* forward: run prog (an absolute path, or a name searched in PATH) with
 * our environment, its descriptor 0 reading head then the message on
 * msgfd (rewound), its descriptor 1 reading env; *pid gets its process
 * id. A queue program that stops reading early is not an error here: its
 * exit status tells. */
int qlrun_forward(const char *prog, int msgfd, const char *head, size_t headlen,
                  const stralloc *env, pid_t *pid, int *status) QLRUN_WUR;

#endif
