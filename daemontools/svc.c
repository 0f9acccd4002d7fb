/* svc.c — send commands to the supervise processes of services. */
#include <errno.h>
#include <unistd.h>

#include "exitcode.h"
#include "fd.h"
#include "ndelay.h"
#include "open.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"
#include "svstatus.h"

#define WARNING "svc: warning: "
#define USAGE "svc: usage: svc [ -udopchaitkx12 ] dir ..."
/* the option letters, each one sent to supervise/control as it is */
#define SVC_LETTERS "udopchaitkx12"
/* the most command bytes one run sends */
#define SVC_COMMANDS_MAX 256

struct svc {
  char cmd[SVC_COMMANDS_MAX];
  size_t len;
  stralloc path;
  int failed;
};

/* options: collect the letters of the leading options; the index of the
 * first directory argument. Dies with a usage message on a bad option. */
static int options(struct svc *c, int argc, char **argv)
{
  int i;
  for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; ++i) {
    const char *o = argv[i] + 1;
    if (str_equal(argv[i], "--")) return i + 1;
    for (; *o; ++o) {
      if (o[0] == '-' || SVC_LETTERS[str_chr(SVC_LETTERS, *o)] == 0)
        strerr_die(EXIT_PERM, USAGE, NULL);
      if (c->len >= sizeof c->cmd)
        strerr_die(EXIT_PERM, "svc: fatal: too many commands", NULL);
      c->cmd[c->len++] = *o;
    }
  }
  return i;
}

static void warn(struct svc *c, const char *dir)
{
  c->failed = 1;
  if (errno == ENXIO)
    strerr_warn(WARNING, "unable to control ", dir, ": supervise not running", NULL);
  else
    strerr_warn(WARNING, "unable to control ", dir, ": ", STRERR_SYS, NULL);
}

/* control: write the commands to dir/supervise/control */
static void control(struct svc *c, const char *dir)
{
  int fd;
  if (!svstatus_path(&c->path, dir, "supervise/control")) { warn(c, dir); return; }
  fd = open_write(c->path.s);
  if (fd == -1) { warn(c, dir); return; }
  if (ndelay_on(fd) == -1) { warn(c, dir); close(fd); return; }
  if (fd_writeall(fd, c->cmd, c->len) == -1) warn(c, dir);
  close(fd);
}

int main(int argc, char **argv)
{
  struct svc c = { .len = 0, .path = STRALLOC_ZERO, .failed = 0 };
  int i = options(&c, argc, argv);
  if (i >= argc) strerr_die(EXIT_PERM, USAGE, NULL);
  if (c.len)
    for (; i < argc; ++i) control(&c, argv[i]);
  stralloc_free(&c.path);
  return c.failed ? EXIT_TEMP : 0;
}
