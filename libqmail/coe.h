/* coe.h — close-on-exec (FD_CLOEXEC) on and off for a descriptor.
 *
 * Return convention: syscall-like: 0 on success, -1 with errno set.
 * The flag belongs to the descriptor alone, not to dup'ed copies; dup2
 * onto 0, 1 or 2 makes a copy without it, which is how a program hands a
 * descriptor to the program it execs. */
#ifndef COE_H
#define COE_H

/* on: fd is closed when the process execs. */
int coe_on(int fd) __attribute__((warn_unused_result));
/* off: fd stays open across exec. */
int coe_off(int fd) __attribute__((warn_unused_result));

#endif
