/* qinject.c — unit test for qmail/inject/qinject's printable description
 * of its control files (qinject_ctlprint, for qmail-showctl). The
 * injection itself is driven by tests/cli/qmail-inject.t. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qinject.h"
#include "tap.h"

int main(void)
{
  const char *dir = tap_tmpdir();
  char path[8192], out[8192];
  FILE *f;
  int fd[2];
  ssize_t n;
  buf b;
  char space[4096];
  stralloc err = STRALLOC_ZERO;

  snprintf(path, sizeof path, "%.4000s/defaulthost", dir);
  f = fopen(path, "w");
  if (!f) { printf("Bail out! %s\n", strerror(errno)); return 255; }
  fputs("mx.example.org\n", f);
  fclose(f);
  setenv("QMAILIDHOST", "id.example.org", 1);
  unsetenv("QMAILDEFAULTHOST");
  if (pipe(fd) == -1) { printf("Bail out! pipe\n"); return 255; }
  buf_init(&b, buf_fdwrite, fd[1], space, sizeof space);
  ok(qinject_ctlprint(dir, &b, &err) == 0 && buf_flush(&b) == 0, "ctlprint");
  close(fd[1]);
  n = read(fd[0], out, sizeof out - 1);
  out[n > 0 ? n : 0] = 0;
  ok(strstr(out, "defaulthost: mx.example.org (control file)") != 0, "defaulthost from its file");
  ok(strstr(out, "idhost: id.example.org (environment QMAILIDHOST)") != 0, "idhost from QMAILIDHOST");
  ok(strstr(out, "plusdomain: (unset) (default)") != 0, "plusdomain unset");
  ok(strstr(out, "# domain added to host names without a dot (default: me)") != 0, "descriptions");
  if (!strstr(out, "idhost: id")) diag("%s", out);
  snprintf(path, sizeof path, "%.4000s/none", dir);
  ok(qinject_ctlprint(path, &b, &err) == 0, "a control directory that does not exist: defaults");
  snprintf(path, sizeof path, "%.4000s/defaulthost", dir);
  errno = 0;
  ok(qinject_ctlprint(path, &b, &err) == -1 && errno == ENOTDIR, "a file as the directory: fails");
  stralloc_free(&err);
  tap_rmtree(dir);
  return done_testing();
}
