/* qmail-lspawn.c — run qmail-local for qmail-send's local deliveries, as the recipient's user. */
#include <errno.h>
#include <unistd.h>

#include "byte.h"
#include "env.h"
#include "exitcode.h"
#include "open.h"
#include "pathexec.h"
#include "paths.h"
#include "prot.h"
#include "qgetpw.h"
#include "qpath.h"
#include "spawner.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"

#define FATAL "qmail-lspawn: fatal: "
#define DEFAULT_DELIVERY "./Maildir/"

struct lspawn {
  struct paths ps;
  stralloc local;             /* the delivery program (QMAILLOCAL), a C string */
  char *defaultdelivery;
  stralloc cdb;               /* ASSIGNDIR/cdb */
  stralloc aliashome;         /* QMAILHOME/alias, for a private instance */
  struct qgetpw_ctl ctl;
};

/* the child's user lookup; dies with a Z report when there is none */
static void find_user(struct lspawn *ls, const char *local, size_t len, struct qgetpw *pw)
{
  int r = qgetpw_lookup(&ls->ctl, local, len, pw);
  if (r == 1) return;
  if (r == 0) spawner_child_die(EXIT_TEMP, 0, "4.3.0 unable to find the user (#4.3.0)", NULL);
  spawner_child_die(EXIT_TEMP, 0, "4.3.0 unable to look up the user in ", pw->what, ": ",
                  error_str(errno), " (#4.3.0)", NULL);
}

/* become the user: only as root; a private instance delivers as itself */
static void become(const struct qgetpw *pw)
{
  if (geteuid() != 0) return;
  if (pw->uid == 0)
    spawner_child_die(EXIT_TEMP, 0, "4.3.0 refusing to deliver as root for user ", pw->user.s,
                    " (#4.3.0)", NULL);
  if (prot_gid(pw->gid) == -1 || prot_uid(pw->uid) == -1)
    spawner_child_die(EXIT_TEMP, 0, "4.3.0 unable to switch to user ", pw->user.s, ": ",
                    error_str(errno), " (#4.3.0)", NULL);
  if (getuid() == 0 || geteuid() == 0)
    spawner_child_die(EXIT_TEMP, 0, "4.3.0 still root after switching users (#4.3.0)", NULL);
}

/* open mess/S/num on fd 0 */
static void open_message(struct lspawn *ls, unsigned long num)
{
  stralloc fn = STRALLOC_ZERO;
  int fd;
  if (!qpath_file(&fn, QPATH_MESS, num, ls->ps.split))
    spawner_child_die(EXIT_TEMP, 0, "4.3.0 out of memory (#4.3.0)", NULL);
  fd = open_read(fn.s);
  if (fd == -1)
    spawner_child_die(EXIT_TEMP, 0, "4.3.0 unable to open ", fn.s, ": ", error_str(errno),
                    " (#4.3.0)", NULL);
  if (fd != 0 && (dup2(fd, 0) == -1 || close(fd) == -1))
    spawner_child_die(EXIT_TEMP, 0, "4.3.0 unable to set up the message: ", error_str(errno),
                    " (#4.3.0)", NULL);
  stralloc_free(&fn);
}

static void child(void *ctx, const struct spawner_req *r) __attribute__((noreturn));
static void child(void *ctx, const struct spawner_req *r)
{
  static char dashdash[] = "--", none[] = "";
  struct lspawn *ls = ctx;
  struct qgetpw pw = QGETPW_ZERO;
  struct spawner_req req = *r;   /* writable copies for argv */
  char local[SPAWNER_ADDR_MAX + 1];
  size_t len = str_len(req.rcpt), at = str_rchr(req.rcpt, '@');
  char *domain = at < len ? req.rcpt + at + 1 : none;
  char *argv[11];
  byte_copy(local, at, req.rcpt);
  local[at] = 0;
  if (!at) spawner_child_die(0, 0, "empty local part: nothing to deliver", NULL);
  find_user(ls, local, at, &pw);
  open_message(ls, r->num);
  become(&pw);
  if (chdir(pw.home.s) == -1)
    spawner_child_die(EXIT_TEMP, 0, "4.3.0 unable to switch to ", pw.home.s, ": ", error_str(errno),
                    " (#4.3.0)", NULL);
  argv[0] = ls->local.s;
  argv[1] = dashdash;
  argv[2] = pw.user.s;
  argv[3] = pw.home.s;
  argv[4] = local;
  argv[5] = pw.dash.s;
  argv[6] = pw.ext.s;
  argv[7] = domain;
  argv[8] = req.sender;
  argv[9] = ls->defaultdelivery;
  argv[10] = 0;
  pathexec_run(argv[0], argv, 0);
  spawner_child_die(EXIT_TEMP, 0, "4.3.0 unable to run ", argv[0], ": ", error_str(errno),
                    " (#4.3.0)", NULL);
}

static int report(void *ctx, int wstat, const char *out, size_t len, int truncated, char *letter,
                  stralloc *text)
{
  (void)ctx;
  (void)truncated;
  return spawner_local_report(wstat, out, len, letter, text);
}

/* sa = a + b as a C string */
static int join(stralloc *sa, const char *a, const char *b)
{
  return stralloc_copys(sa, a) && stralloc_cats(sa, b) && stralloc_0(sa);
}

int main(int argc, char **argv)
{
  static struct lspawn ls;
  static char maildir[] = DEFAULT_DELIVERY;
  struct spawner_ops ops = { "qmail-lspawn", child, report, &ls };
  const char *local;
  if (argc > 2) strerr_die(EXIT_PERM, "qmail-lspawn: usage: qmail-lspawn [defaultdelivery]", NULL);
  ls.defaultdelivery = argc == 2 ? argv[1] : maildir;
  if (paths_init(&ls.ps) == -1)
    strerr_die(EXIT_TEMP, FATAL, "bad ", ls.ps.bad ? ls.ps.bad : "setting", ": ", STRERR_SYS, NULL);
  local = env_get("QMAILLOCAL");
  if (!(local && *local ? join(&ls.local, local, "")
                        : join(&ls.local, paths_get(&ls.ps, PATHS_PREFIX), "/sbin/qmail-local")) ||
      !qgetpw_ctl_init(&ls.ctl, &ls.ps, &ls.cdb, &ls.aliashome))
    strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
  if (spawner_run(&ops) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to run deliveries: ", STRERR_SYS, NULL);
  return EXIT_OK;
}
