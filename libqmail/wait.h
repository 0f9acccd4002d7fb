/* wait.h — reaping children and decoding their wait status.
 *
 * Return convention: wait_pid and wait_nohang are syscall-like: the pid
 * reaped, or -1 with errno set (ECHILD when there is no such child). The
 * decoders are pure functions of a status word from waitpid(2). */
#ifndef WAIT_H
#define WAIT_H

#include <sys/types.h>

#define WAIT_WUR __attribute__((warn_unused_result))

/* pid: wait for pid (-1 = any child) to end and store its status; a
 * signal that interrupts the wait does not end it (EINTR is retried).
 * status may be NULL. */
pid_t wait_pid(pid_t pid, int *status) WAIT_WUR;
/* nohang: reap one child that has already ended: its pid, 0 when children
 * exist but none has ended, -1 with errno (ECHILD: no children at all). */
pid_t wait_nohang(int *status) WAIT_WUR;

/* crashed: 1 when the child was killed by a signal, else 0. */
int wait_crashed(int status);
/* exitcode: the exit code 0..255 of a child that exited, -1 otherwise. */
int wait_exitcode(int status);
/* termsig: the signal that killed the child, 0 when it was not killed. */
int wait_termsig(int status);
/* stopped: 1 for the status of a stopped child (WUNTRACED), else 0. */
int wait_stopped(int status);
/* stopsig: the signal that stopped the child, 0 when it is not stopped. */
int wait_stopsig(int status);

#endif
