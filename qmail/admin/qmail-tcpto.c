/* qmail-tcpto.c — list the remote hosts that timed out, from every queue's
 * lock/tcpto. */
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "exitcode.h"
#include "paths.h"
#include "qread.h"
#include "stralloc.h"
#include "strerr.h"
#include "tcpto.h"

#define FATAL "qmail-tcpto: fatal: "
#define WARNING "qmail-tcpto: warning: "

struct tcptolist {
  struct paths ps;
  struct tcpto_table t;
  stralloc fn;
  stralloc line;
  time_t now;
  int trouble;
};

static void tl_nomem(void)
{
  strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
}

/* "QNAME: ADDR timed out AGE seconds ago; # recent timeouts: N" */
static void tl_entry(struct tcptolist *l, const char *qname, const struct tcpto_entry *e)
{
  char addr[TCPTO_ADDR_FMT];
  long long age = (long long)l->now - (long long)e->when;
  size_t len = tcpto_addr_fmt(addr, &e->addr);
  if (age < 0) age = 0; /* the clock went back */
  l->line.len = 0;
  if (!stralloc_cats(&l->line, qname) || !stralloc_cats(&l->line, ": ") ||
      !stralloc_catb(&l->line, addr, len) || !stralloc_cats(&l->line, " timed out ") ||
      !stralloc_catlong(&l->line, age) ||
      !stralloc_cats(&l->line, " seconds ago; # recent timeouts: ") ||
      !stralloc_catulong0(&l->line, e->count, 1) || !stralloc_append(&l->line, '\n'))
    tl_nomem();
  if (buf_put(buf_1, l->line.s, l->line.len) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, NULL);
}

static void tl_queue(struct tcptolist *l, const char *dir)
{
  struct tcpto_entry e;
  if (!stralloc_copys(&l->fn, dir) || !stralloc_cats(&l->fn, "/lock/tcpto") || !stralloc_0(&l->fn))
    tl_nomem();
  if (tcpto_read(l->fn.s, &l->t) == -1) {
    if (buf_flush(buf_1) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, NULL);
    strerr_warn(WARNING, "unable to read ", l->fn.s, ": ", STRERR_SYS, NULL);
    l->trouble = 1;
    return;
  }
  for (size_t i = 0; i < l->t.n; ++i)
    if (tcpto_get(&l->t, i, &e)) tl_entry(l, qread_qname(dir), &e);
}

int main(int argc, char **argv)
{
  static struct tcptolist l;
  stralloc dirs = STRALLOC_ZERO;
  size_t n;
  const char *d;
  (void)argv;
  if (argc > 1) strerr_die(EXIT_PERM, "qmail-tcpto: usage: qmail-tcpto", NULL);
  if (paths_init(&l.ps) == -1)
    strerr_die(EXIT_TEMP, FATAL, "bad ", l.ps.bad ? l.ps.bad : "setting", ": ", STRERR_SYS, NULL);
  if (qread_queues(&l.ps, &dirs, &n) == -1) tl_nomem();
  l.now = time(0);
  d = dirs.s;
  for (size_t i = 0; i < n; ++i, d += strlen(d) + 1) tl_queue(&l, d);
  if (buf_flush(buf_1) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, NULL);
  _exit(l.trouble ? EXIT_TEMP : EXIT_OK);
}
