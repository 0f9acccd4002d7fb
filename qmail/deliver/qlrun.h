/* qlrun.h — running a .qmail program line (qmail-command(8)) for
 * qmail-local, and what its exit means. Forwards go through qqprog.
 *
 * Return convention: qlrun_status is a pure function of a wait status;
 * qlrun_program returns 0 once the child has been reaped (its wait status
 * in *status), or -1 with errno set when it could not be started or
 * reaped. */
#ifndef QLRUN_H
#define QLRUN_H

/* the shell that runs program lines */
#define QLRUN_SHELL "/bin/sh"

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

/* program: run QLRUN_SHELL -c cmd in the current directory with the
 * environment envp, the message on msgfd (rewound) as standard input,
 * and standard output and error both on our standard output. The shell
 * gets cmd as one argument: nothing in the envelope is ever part of it. */
int qlrun_program(const char *cmd, char *const envp[], int msgfd, int *status) QLRUN_WUR;

#endif
