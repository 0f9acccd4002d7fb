/* tcprules.c — compile tcpserver rules from standard input into a cdb,
 * replacing rules.cdb atomically: tcprules rules.cdb rules.tmp */
#include <errno.h>
#include <unistd.h>

#include "buf.h"
#include "exitcode.h"
#include "fmt.h"
#include "fsync.h"
#include "getln.h"
#include "open.h"
#include "rulesline.h"
#include "rulesmake.h"
#include "stralloc.h"
#include "strerr.h"

#define FATAL "tcprules: fatal: "

struct tcprules {
  const char *fn;               /* rules.cdb */
  const char *fntmp;            /* rules.tmp */
  int fd;                       /* rules.tmp, or -1 before it exists */
  struct rulesmake rm;
  stralloc line;
  struct rulesline rule;
  unsigned long long linenum;
};

/* die: remove the half-written rules.tmp and exit; rules.cdb is untouched */
static void __attribute__((noreturn))
die(struct tcprules *t, int code, const char *a, const char *b, const char *c,
    const char *d, const char *e, const char *f)
{
  int err = errno;
  if (t->fd != -1) unlink(t->fntmp);
  errno = err;
  strerr_die(code, FATAL, a, b, c, d, e, f, (const char *)NULL);
}

static void __attribute__((noreturn)) die_nomem(struct tcprules *t)
{
  die(t, EXIT_TEMP, "out of memory", NULL, NULL, NULL, NULL, NULL);
}

static void __attribute__((noreturn)) die_write(struct tcprules *t)
{
  die(t, EXIT_TEMP, "unable to write to ", t->fntmp, ": ", STRERR_SYS, NULL, NULL);
}

/* die_line: a line tcprules cannot parse: its number and its text (as
 * djb's tcprules shows it: without trailing white space, up to a NUL) */
static void __attribute__((noreturn)) die_line(struct tcprules *t)
{
  char num[FMT_ULONG];
  num[fmt_ullong(num, t->linenum)] = 0;
  t->line.len = rulesline_trim(t->line.s, t->line.len);
  if (!stralloc_0(&t->line)) die_nomem(t);
  die(t, EXIT_PERM, "unable to parse line ", num, ": ", t->line.s, NULL, NULL);
}

static void __attribute__((noreturn)) die_long(struct tcprules *t)
{
  char num[FMT_ULONG], max[FMT_ULONG];
  num[fmt_ullong(num, t->linenum)] = 0;
  max[fmt_ulong(max, RULES_LINE_MAX)] = 0;
  die(t, EXIT_PERM, "line ", num, " is longer than ", max, " bytes", NULL);
}

/* compile: every line of standard input into the cdb */
static void compile(struct tcprules *t)
{
  int match = 1;
  while (match) {
    if (getln(buf_0, &t->line, &match, '\n', RULES_LINE_MAX) == -1) {
      if (errno == EMSGSIZE) {
        ++t->linenum;
        die_long(t);
      }
      die(t, EXIT_TEMP, "unable to read input: ", STRERR_SYS, NULL, NULL, NULL, NULL);
    }
    if (!t->line.len) break;
    ++t->linenum;
    switch (rulesline_parse(&t->rule, t->line.s, t->line.len)) {
      case 1:
        if (rulesmake_add(&t->rm, &t->rule) == -1) die_write(t);
        break;
      case 0: break;
      default:
        if (errno == EINVAL) die_line(t);
        die_nomem(t);
    }
  }
}

int main(int argc, char **argv)
{
  struct tcprules t = { .fd = -1, .rule = RULESLINE_ZERO };
  if (argc < 3) strerr_die(EXIT_PERM, "tcprules: usage: tcprules rules.cdb rules.tmp", (const char *)NULL);
  t.fn = argv[1];
  t.fntmp = argv[2];
  t.fd = open_trunc(t.fntmp);
  if (t.fd == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to create ", t.fntmp, ": ", STRERR_SYS, (const char *)NULL);
  if (rulesmake_start(&t.rm, t.fd) == -1) die_write(&t);
  compile(&t);
  if (rulesmake_finish(&t.rm) == -1) die_write(&t);
  if (fsync_fd(t.fd) == -1) die_write(&t);
  if (close(t.fd) == -1) die_write(&t);   /* NFS reports write errors here */
  if (fsync_rename(t.fntmp, t.fn) == -1)
    die(&t, EXIT_TEMP, "unable to move ", t.fntmp, " to ", t.fn, ": ", STRERR_SYS);
  stralloc_free(&t.line);
  rulesline_free(&t.rule);
  return 0;
}
