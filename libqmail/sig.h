/* sig.h — signal dispositions, the signal mask, and the self-pipe trick.
 *
 * Return convention: syscall-like, 0 on success, -1 with errno set (EINVAL
 * for a signal number that cannot be caught, blocked or ignored).
 *
 * sig_catch installs a handler WITHOUT SA_RESTART: a slow system call
 * (read, poll, accept, wait) that the signal interrupts fails with EINTR,
 * so a daemon's main loop notices the signal at once. sig_catch_restart
 * asks for SA_RESTART instead. Neither blocks other signals while the
 * handler runs. The library keeps no state: a handler that needs the
 * self-pipe's descriptor finds it in the program's own storage. */
#ifndef SIG_H
#define SIG_H

#include <stddef.h>
#include <sys/types.h>

#define SIG_WUR __attribute__((warn_unused_result))

typedef void (*sig_handler)(int);

/* catch: run h when signo arrives; interrupted calls fail with EINTR. */
int sig_catch(int signo, sig_handler h) SIG_WUR;
/* catch_restart: the same, but interrupted calls restart (SA_RESTART). */
int sig_catch_restart(int signo, sig_handler h) SIG_WUR;
/* ignore / default: SIG_IGN, SIG_DFL for signo. */
int sig_ignore(int signo) SIG_WUR;
int sig_default(int signo) SIG_WUR;

/* block / unblock: add signo to, or take it from, the process mask. */
int sig_block(int signo) SIG_WUR;
int sig_unblock(int signo) SIG_WUR;
/* blocknone: empty the process mask (cannot fail). */
void sig_blocknone(void);
/* pause: wait, with every signal unblocked, until a handler has run; the
 * mask is back as it was on return. This is the race-free way to sleep
 * for a signal that is kept blocked the rest of the time. */
void sig_pause(void);

/* selfpipe: a pipe for the self-pipe trick, both ends non-blocking and
 * close-on-exec: fd[0] is polled by the main loop, fd[1] is written by
 * the handlers. Returns 0 or -1 with errno. */
int sig_selfpipe(int fd[2]) SIG_WUR;
/* selfpipe_write: for use inside a signal handler: one byte, the signal
 * number (mod 256), to wfd. Async-signal-safe; errno is preserved; when
 * the pipe is full the byte is dropped (the reader is awake anyway). */
void sig_selfpipe_write(int wfd, int signo);
/* selfpipe_drain: read what is waiting on rfd into sigs (at most n
 * bytes, one per signal delivered). Returns the number read, 0 when none
 * is waiting, -1 with errno on error. */
ssize_t sig_selfpipe_drain(int rfd, unsigned char *sigs, size_t n) SIG_WUR;

#endif
