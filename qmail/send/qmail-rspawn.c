/* qmail-rspawn.c — run qmail-remote for qmail-send's remote deliveries. */
#include <errno.h>
#include <unistd.h>

#include "env.h"
#include "exitcode.h"
#include "open.h"
#include "pathexec.h"
#include "paths.h"
#include "qpath.h"
#include "spawner.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"

#define FATAL "qmail-rspawn: fatal: "

struct rspawn {
  struct paths ps;
  stralloc remote;            /* the delivery program (QMAILREMOTE), a C string */
};

/* open mess/S/num on fd 0; failures are reported as a qmail-remote record */
static void open_message(struct rspawn *rs, unsigned long num)
{
  stralloc fn = STRALLOC_ZERO;
  int fd;
  if (!qpath_file(&fn, QPATH_MESS, num, rs->ps.split))
    spawner_child_die(EXIT_TEMP, 'Z', "4.3.0 out of memory (#4.3.0)", NULL);
  fd = open_read(fn.s);
  if (fd == -1)
    spawner_child_die(EXIT_TEMP, 'Z', "4.3.0 unable to open ", fn.s, ": ", error_str(errno),
                    " (#4.3.0)", NULL);
  if (fd != 0 && (dup2(fd, 0) == -1 || close(fd) == -1))
    spawner_child_die(EXIT_TEMP, 'Z', "4.3.0 unable to set up the message: ", error_str(errno),
                    " (#4.3.0)", NULL);
  stralloc_free(&fn);
}

static void child(void *ctx, const struct spawner_req *r) __attribute__((noreturn));
static void child(void *ctx, const struct spawner_req *r)
{
  struct rspawn *rs = ctx;
  struct spawner_req req = *r;   /* writable copies for argv */
  size_t len = str_len(req.rcpt), at = str_rchr(req.rcpt, '@');
  char *argv[5];
  if (at == len || at + 1 == len)
    spawner_child_die(EXIT_PERM, 'D', "5.1.2 the recipient address has no domain (#5.1.2)", NULL);
  open_message(rs, req.num);
  argv[0] = rs->remote.s;
  argv[1] = req.rcpt + at + 1;
  argv[2] = req.sender;
  argv[3] = req.rcpt;
  argv[4] = 0;
  pathexec_run(argv[0], argv, 0);
  spawner_child_die(EXIT_TEMP, 'Z', "4.3.0 unable to run ", argv[0], ": ", error_str(errno),
                    " (#4.3.0)", NULL);
}

static int report(void *ctx, int wstat, const char *out, size_t len, int truncated, char *letter,
                  stralloc *text)
{
  (void)ctx;
  return spawner_remote_report(wstat, out, len, truncated, letter, text);
}

int main(int argc, char **argv)
{
  static struct rspawn rs;
  struct spawner_ops ops = { "qmail-rspawn", child, report, &rs };
  const char *remote;
  (void)argv;
  if (argc > 1) strerr_die(EXIT_PERM, "qmail-rspawn: usage: qmail-rspawn", NULL);
  if (paths_init(&rs.ps) == -1)
    strerr_die(EXIT_TEMP, FATAL, "bad ", rs.ps.bad ? rs.ps.bad : "setting", ": ", STRERR_SYS, NULL);
  remote = env_get("QMAILREMOTE");
  if (!(remote && *remote ? stralloc_copys(&rs.remote, remote)
                          : stralloc_copys(&rs.remote, paths_get(&rs.ps, PATHS_PREFIX)) &&
                                stralloc_cats(&rs.remote, "/sbin/qmail-remote")) ||
      !stralloc_0(&rs.remote))
    strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
  if (spawner_run(&ops) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to run deliveries: ", STRERR_SYS, NULL);
  return EXIT_OK;
}
