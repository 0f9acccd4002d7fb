/* forward.c — forward the message on standard input to the given addresses
 * through the queue program, as a .qmail forward line would. */
#include <signal.h>

#include "env.h"
#include "exitcode.h"
#include "fmt.h"
#include "qhqq.h"
#include "sig.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"

#define FATAL "forward: fatal: "
#define USAGE "forward: usage: forward address [ address ... ]"

struct forward {
  const char *sender;   /* NEWSENDER */
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

int main(int argc, char **argv)
{
  struct forward f = { 0, 0, STRALLOC_ZERO, STRALLOC_ZERO, STRALLOC_ZERO, { -1, -1, -1, -1 } };
  enum qhqq_result res;
  char num[FMT_ULONG];
  if (argc < 2) strerr_die(EXIT_PERM, USAGE, (char *)0);
  if (sig_ignore(SIGPIPE) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to ignore SIGPIPE", (char *)0);
  f.sender = need("NEWSENDER");
  f.dtline = need("DTLINE");
  if (!qhqq_prog(&f.prog)) strerr_die(EXIT_TEMP, FATAL, "unable to find the queue program: ", STRERR_SYS, (char *)0);
  if (!qhqq_envelope(&f.env, f.sender, argv + 1, (size_t)(argc - 1))) nomem();
  if (qhqq_open(&f.qq, f.prog.s, FATAL) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to start ", f.prog.s, ": ", STRERR_SYS, (char *)0);
  if (qhqq_putmsg(&f.qq, f.dtline, str_len(f.dtline)) == -1 || qhqq_copy(&f.qq, 0) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to copy the message: ", STRERR_SYS, (char *)0);
  if (qhqq_close(&f.qq, &f.env, &res, &f.why) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to wait for ", f.prog.s, ": ", STRERR_SYS, (char *)0);
  if (res == QHQQ_PERM) strerr_die(EXIT_PERM, FATAL, f.why.s, (char *)0);
  if (res == QHQQ_TEMP) strerr_die(EXIT_TEMP, FATAL, f.why.s, (char *)0);
  num[fmt_ulong(num, (unsigned long)f.qq.pid)] = 0;
  strerr_die(EXIT_OK, "forward: qp ", num, (char *)0);
}
