/* sendout.c — unit test for qmail/send/sendout (queued non-blocking output). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "sendout.h"
#include "tap.h"

int main(void)
{
  struct sendout o;
  int p[2];
  char b[70000];
  static char big[200000];
  size_t got = 0;
  ssize_t n;

  signal(SIGPIPE, SIG_IGN);
  if (pipe(p) == -1 || fcntl(p[1], F_SETFL, O_NONBLOCK) == -1) return 1;
  sendout_init(&o, p[1]);
  ok(!sendout_waiting(&o), "nothing waiting");
  ok(sendout_put(&o, "ab", 2) && sendout_put(&o, "c\0", 2), "put");
  ok(sendout_waiting(&o), "queued, not written");
  ok(sendout_flush(&o) == 0 && !sendout_waiting(&o), "flushed");
  n = read(p[0], b, sizeof b);
  is_mem(b, (size_t)n, "abc\0", 4, "written in order");

  memset(big, 'x', sizeof big);
  ok(sendout_put(&o, big, sizeof big), "more than the pipe holds");
  ok(sendout_flush(&o) == 0, "flush does not block on a full pipe");
  ok(sendout_waiting(&o), "the rest waits");
  while (sendout_waiting(&o)) {
    n = read(p[0], b, sizeof b);
    if (n <= 0) break;
    got += (size_t)n;
    if (sendout_flush(&o) == -1) break;
  }
  while ((n = read(p[0], b, sizeof b)) > 0) {
    got += (size_t)n;
    if (n < (ssize_t)sizeof b) break;
  }
  is_int(got, sizeof big, "every byte arrives");
  close(p[0]);
  ok(sendout_put(&o, "z", 1), "put after the reader is gone");
  errno = 0;
  ok(sendout_flush(&o) == -1 && errno == EPIPE, "flush: -1 EPIPE");
  sendout_free(&o);
  ok(o.s.s == 0 && !sendout_waiting(&o), "free");
  return done_testing();
}
