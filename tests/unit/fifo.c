/* fifo.c — unit test for libqmail/fifo. */
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifo.h"
#include "open.h"
#include "tap.h"

int main(void)
{
  const char *d = tap_tmpdir();
  char p[4200], q[4200];
  struct stat st;
  char c = 0;
  int r, w;

  alarm(10);
  umask(022);
  snprintf(p, sizeof p, "%s/control", d);
  is_int(fifo_make(p, 0600), 0, "fifo_make");
  ok(stat(p, &st) == 0 && S_ISFIFO(st.st_mode), "it is a FIFO");
  is_int(st.st_mode & 07777, 0600, "mode 0600");
  errno = 0;
  is_int(fifo_make(p, 0600), -1, "again fails");
  is_int(errno, EEXIST, "with EEXIST");

  snprintf(q, sizeof q, "%s/wide", d);
  is_int(fifo_make(q, 0666), 0, "fifo_make 0666");
  ok(stat(q, &st) == 0 && (st.st_mode & 07777) == 0644, "the umask applies");
  snprintf(q, sizeof q, "%s/file", d);
  close(open_trunc(q));
  errno = 0;
  is_int(fifo_make(q, 0600), -1, "over a regular file fails");
  is_int(errno, EEXIST, "with EEXIST");
  snprintf(q, sizeof q, "%s/nodir/f", d);
  errno = 0;
  is_int(fifo_make(q, 0600), -1, "in a missing directory fails");
  is_int(errno, ENOENT, "with ENOENT");
  errno = 0;
  is_int(fifo_make("", 0600), -1, "the empty path fails");
  is_int(errno, ENOENT, "with ENOENT");

  /* one byte through it, as svc talks to supervise */
  r = open_read(p);
  ok(r >= 0, "open the FIFO for reading");
  w = open_write(p);
  ok(w >= 0, "and for writing");
  is_int(write(w, "d", 1), 1, "write a command byte");
  ok(read(r, &c, 1) == 1 && c == 'd', "read it");
  close(w);
  is_int(read(r, &c, 1), 0, "end of file once the writer is gone");
  close(r);
  tap_rmtree(d);
  return done_testing();
}
