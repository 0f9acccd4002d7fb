/* condredirect.c — run a program on the message; when it exits 0, forward
 * the message to a new address and exit 99 so that the rest of the .qmail
 * file is skipped. */
#include <signal.h>
#include <unistd.h>

#include "env.h"
#include "exitcode.h"
#include "fmt.h"
#include "qhqq.h"
#include "qhrun.h"
#include "sig.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"

#define FATAL "condredirect: fatal: "
#define USAGE "condredirect: usage: condredirect newaddress program [ arg ... ]"
/* the exit code that tells qmail-local to ignore the rest of .qmail */
#define EXIT_STOP 99

struct redirect {
  const char *sender;   /* SENDER */
  const char *dtline;   /* DTLINE */
  stralloc prog;        /* the queue program */
  stralloc env;         /* the envelope */
  stralloc why;
  struct qhqq qq;
};

static void __attribute__((noreturn)) nomem(void)
{
  strerr_die(EXIT_TEMP, FATAL, "out of memory", (char *)0);
}

static const char *need(const char *name)
{
  const char *v = env_get(name);
  if (!v) strerr_die(EXIT_PERM, FATAL, name, " not set", (char *)0);
  return v;
}

/* the message, rewound, with our Delivered-To line, to newaddress */
static void redirect(struct redirect *r, char *newaddress)
{
  enum qhqq_result res;
  char num[FMT_ULONG];
  if (lseek(0, 0, SEEK_SET) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to rewind the message: ", STRERR_SYS, (char *)0);
  if (!qhqq_prog(&r->prog)) strerr_die(EXIT_TEMP, FATAL, "unable to find the queue program: ", STRERR_SYS, (char *)0);
  if (!qhqq_envelope(&r->env, r->sender, &newaddress, 1)) nomem();
  if (qhqq_open(&r->qq, r->prog.s, FATAL) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to start ", r->prog.s, ": ", STRERR_SYS, (char *)0);
  if (qhqq_putmsg(&r->qq, r->dtline, str_len(r->dtline)) == -1 || qhqq_copy(&r->qq, 0) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to copy the message: ", STRERR_SYS, (char *)0);
  if (qhqq_close(&r->qq, &r->env, &res, &r->why) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to wait for ", r->prog.s, ": ", STRERR_SYS, (char *)0);
  if (res == QHQQ_PERM) strerr_die(EXIT_PERM, FATAL, r->why.s, (char *)0);
  if (res == QHQQ_TEMP) strerr_die(EXIT_TEMP, FATAL, r->why.s, (char *)0);
  num[fmt_ulong(num, (unsigned long)r->qq.pid)] = 0;
  strerr_die(EXIT_STOP, "condredirect: qp ", num, (char *)0);
}

int main(int argc, char **argv)
{
  struct redirect r = { 0, 0, STRALLOC_ZERO, STRALLOC_ZERO, STRALLOC_ZERO, { -1, -1, -1, -1 } };
  if (argc < 3) strerr_die(EXIT_PERM, USAGE, (char *)0);
  if (sig_ignore(SIGPIPE) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to ignore SIGPIPE", (char *)0);
  r.sender = need("SENDER");
  r.dtline = need("DTLINE");
  qhrun_test(argv + 2, "condredirect: warning: ", FATAL);
  redirect(&r, argv[1]);
  return EXIT_BUG;
}
