/* sig.c — signal dispositions, the mask, and the self-pipe trick. */
#include "sig.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static int sig_install(int signo, sig_handler h, int flags)
{
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = h;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  return sigaction(signo, &sa, 0) == 0 ? 0 : -1;
}

int sig_catch(int signo, sig_handler h) { return sig_install(signo, h, 0); }
int sig_catch_restart(int signo, sig_handler h) { return sig_install(signo, h, SA_RESTART); }
int sig_ignore(int signo) { return sig_install(signo, SIG_IGN, 0); }
int sig_default(int signo) { return sig_install(signo, SIG_DFL, 0); }

static int sig_mask(int how, int signo)
{
  sigset_t set;
  sigemptyset(&set);
  if (sigaddset(&set, signo) != 0) return -1;
  return sigprocmask(how, &set, 0) == 0 ? 0 : -1;
}

int sig_block(int signo) { return sig_mask(SIG_BLOCK, signo); }
int sig_unblock(int signo) { return sig_mask(SIG_UNBLOCK, signo); }

void sig_blocknone(void)
{
  sigset_t set;
  sigemptyset(&set);
  sigprocmask(SIG_SETMASK, &set, 0);
}

void sig_pause(void)
{
  sigset_t set;
  sigemptyset(&set);
  sigsuspend(&set);
}

int sig_selfpipe(int fd[2])
{
  return pipe2(fd, O_NONBLOCK | O_CLOEXEC) == 0 ? 0 : -1;
}

void sig_selfpipe_write(int wfd, int signo)
{
  int e = errno;
  unsigned char c = (unsigned char)signo;
  ssize_t w;
  do w = write(wfd, &c, 1); while (w < 0 && errno == EINTR);
  errno = e;
}

ssize_t sig_selfpipe_drain(int rfd, unsigned char *sigs, size_t n)
{
  ssize_t r;
  if (n == 0) return 0;
  do r = read(rfd, sigs, n); while (r < 0 && errno == EINTR);
  if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
  return r;
}
