/* sendmail.c — the sendmail command line, for programs that expect one. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "env.h"
#include "fmt.h"
#include "injopt.h"
#include "pathexec.h"
#include "paths.h"
#include "qinject.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"
#include "wait.h"

#define USAGE "sendmail: usage: sendmail [ -t ] [ -i ] [ -f sender ] [ -F name ] " \
  "[ -bm | -bp | -bs ] [ -q ] [ recipient ... ]"

/* sendmail's exit codes (the values of <sysexits.h>) */
enum sm_exit {
  SM_OK = 0,
  SM_USAGE = 64,        /* EX_USAGE */
  SM_DATAERR = 65,      /* EX_DATAERR */
  SM_UNAVAILABLE = 69,  /* EX_UNAVAILABLE */
  SM_TEMPFAIL = 75      /* EX_TEMPFAIL */
};

/* the most service directories -q signals */
#define SM_SERVICES_MAX 1000

/* the options (injopt.h): those with a value, attached or as the next
 * argument, of which only b f F o r mean something and the rest are
 * accepted and ignored; those without, of which only i and t mean
 * something; and -q[time], whose time is only ever attached */
#define SM_OPTIONS "A:b:B:C:d:e:f:F:h:L:N:o:O:p:R:r:V:X:" "EGiJmntUvx" "q::"

enum sm_mode { SM_MAIL, SM_PRINTQ, SM_SMTP, SM_RUNQ };

struct sendmail {
  enum sm_mode mode;
  struct qinject_opts o;
  struct qinject_result r;
  struct paths ps;
  stralloc path;
  char *svcargv[SM_SERVICES_MAX + 3];  /* svc -a DIR... for -q */
  stralloc services;                   /* the DIRs */
};

static void __attribute__((noreturn)) sm_usage(const char *a, const char *b)
{
  strerr_warn("sendmail: ", a, b, (char *)0);
  strerr_die(SM_USAGE, USAGE, (char *)0);
}

/* one option c with value v (NULL for those without) */
static void sm_option(struct sendmail *sm, char c, const char *v)
{
  if (c == 't') sm->o.rcpts = QINJECT_BOTH;
  else if (c == 'i') sm->o.dotstop = 0;
  else if (c == 'f' || c == 'r') sm->o.sender = v;
  else if (c == 'F') sm->o.name = v;
  else if (c == 'o' && v[0] == 'i') sm->o.dotstop = 0;
  else if (c == 'b') {
    if (!strcmp(v, "m")) sm->mode = SM_MAIL;
    else if (!strcmp(v, "p")) sm->mode = SM_PRINTQ;
    else if (!strcmp(v, "s")) sm->mode = SM_SMTP;
    else sm_usage("unsupported mode -b", v);
  }
}

/* the options, getopt style; -q[time] takes no separate value */
static void sm_options(struct sendmail *sm, int argc, char **argv)
{
  struct injopt s;
  const char *v;
  int c;
  injopt_init(&s, argc, argv);
  while ((c = injopt_next(&s, SM_OPTIONS, &v)) != INJOPT_END) {
    if (c == INJOPT_NOVALUE) sm_usage("option requires an argument -- ", s.bad);
    if (c == INJOPT_UNKNOWN) sm_usage("unknown option -- ", s.bad);
    if (c == 'q') sm->mode = SM_RUNQ;
    else sm_option(sm, (char)c, v);
  }
  sm->o.args = argv + s.ind;
  sm->o.nargs = (size_t)(argc - s.ind);
}

/* path = PREFIX/dir/name, a C string */
static const char *sm_path(struct sendmail *sm, const char *dir, const char *name)
{
  if (!stralloc_copys(&sm->path, paths_get(&sm->ps, PATHS_PREFIX)) ||
      !stralloc_append(&sm->path, '/') || !stralloc_cats(&sm->path, dir) ||
      !stralloc_append(&sm->path, '/') || !stralloc_cats(&sm->path, name) || !stralloc_0(&sm->path))
    strerr_die(SM_TEMPFAIL, "sendmail: fatal: out of memory", (char *)0);
  return sm->path.s;
}

/* -bp: the queue listing of qmail-qread */
static void __attribute__((noreturn)) sm_printq(struct sendmail *sm)
{
  char *argv[2];
  argv[0] = (char *)(uintptr_t)sm_path(sm, "bin", "qmail-qread");
  argv[1] = 0;
  pathexec_run(argv[0], argv, 0);
  strerr_die(SM_UNAVAILABLE, "sendmail: fatal: unable to run ", argv[0], ": ", STRERR_SYS, (char *)0);
}

/* -bs: an SMTP session on descriptors 0 and 1, with qmail-smtpd; the
 * tcpserver variables are set for a local client unless PROTO is set */
static void __attribute__((noreturn)) sm_smtp(struct sendmail *sm)
{
  char *argv[2], uid[FMT_ULONG];
  argv[0] = (char *)(uintptr_t)sm_path(sm, "sbin", "qmail-smtpd");
  argv[1] = 0;
  uid[fmt_ulong(uid, (unsigned long)getuid())] = 0;
  if (access(argv[0], X_OK) == -1 && errno == ENOENT)
    strerr_die(SM_UNAVAILABLE, "sendmail: fatal: qmail-smtpd is not installed", (char *)0);
  if (!env_get("PROTO"))
    if (!env_put("PROTO", "TCP") || !env_put("TCPLOCALIP", "127.0.0.1") ||
        !env_put("TCPLOCALHOST", "localhost") || !env_put("TCPREMOTEIP", "127.0.0.1") ||
        !env_put("TCPREMOTEHOST", "localhost") || !env_put("TCPREMOTEINFO", uid) ||
        !env_put("RELAYCLIENT", ""))
      strerr_die(SM_TEMPFAIL, "sendmail: fatal: out of memory", (char *)0);
  pathexec_run(argv[0], argv, 0);
  if (errno == ENOENT) strerr_die(SM_UNAVAILABLE, "sendmail: fatal: qmail-smtpd is not installed", (char *)0);
  strerr_die(SM_UNAVAILABLE, "sendmail: fatal: unable to run ", argv[0], ": ", STRERR_SYS, (char *)0);
}

static int sm_cmp(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* the service directories of the delivery stage: SERVICEDIR/qmail-send
 * and SERVICEDIR/qmail-send.* (what svctool makes), sorted, after "-a" */
static size_t sm_services(struct sendmail *sm, char **argv, stralloc *names)
{
  const char *dir = paths_get(&sm->ps, PATHS_SERVICEDIR);
  DIR *d = opendir(dir);
  struct dirent *de;
  size_t n = 0, k, off;
  if (!d) strerr_die(SM_UNAVAILABLE, "sendmail: fatal: unable to read ", dir, ": ", STRERR_SYS, (char *)0);
  while ((de = readdir(d))) {
    if (strcmp(de->d_name, "qmail-send") && strncmp(de->d_name, "qmail-send.", 11)) continue;
    if (n == SM_SERVICES_MAX) break;
    if (!stralloc_cats(names, dir) || !stralloc_append(names, '/') ||
        !stralloc_cats(names, de->d_name) || !stralloc_0(names))
      strerr_die(SM_TEMPFAIL, "sendmail: fatal: out of memory", (char *)0);
    ++n;
  }
  closedir(d);
  for (k = 0, off = 0; k < n; ++k, off += str_len(names->s + off) + 1) argv[k + 2] = names->s + off;
  qsort(argv + 2, n, sizeof *argv, sm_cmp);
  return n;
}

/* -q: every delivery service tries its deferred messages now (svc -a,
 * which qscheduler passes on to each qmail-send as SIGALRM) */
static void __attribute__((noreturn)) sm_runq(struct sendmail *sm)
{
  char **argv = sm->svcargv;
  int status;
  pid_t pid;
  size_t n = sm_services(sm, argv, &sm->services);
  if (!n)
    strerr_die(SM_UNAVAILABLE, "sendmail: fatal: no qmail-send service in ",
               paths_get(&sm->ps, PATHS_SERVICEDIR), ": unable to run the queue", (char *)0);
  argv[0] = (char *)(uintptr_t)sm_path(sm, "bin", "svc");
  argv[1] = (char *)(uintptr_t)"-a";
  argv[n + 2] = 0;
  pid = fork();
  if (pid == -1) strerr_die(SM_TEMPFAIL, "sendmail: fatal: unable to fork: ", STRERR_SYS, (char *)0);
  if (pid == 0) {
    pathexec_run(argv[0], argv, 0);
    strerr_die(SM_UNAVAILABLE, "sendmail: fatal: unable to run ", argv[0], ": ", STRERR_SYS, (char *)0);
  }
  if (wait_pid(pid, &status) == -1)
    strerr_die(SM_TEMPFAIL, "sendmail: fatal: unable to wait for svc: ", STRERR_SYS, (char *)0);
  if (wait_exitcode(status) == SM_UNAVAILABLE) _exit(SM_UNAVAILABLE);
  if (wait_exitcode(status) != 0)
    strerr_die(SM_TEMPFAIL, "sendmail: fatal: svc -a failed: the queue may not run now", (char *)0);
  _exit(SM_OK);
}

/* qinject's result as sendmail's exit code */
static int sm_exitcode(enum qinject_status st)
{
  switch (st) {
  case QINJECT_OK: return SM_OK;
  case QINJECT_NORCPT: return SM_USAGE;
  case QINJECT_BADMSG: return SM_DATAERR;
  case QINJECT_PERM: return SM_UNAVAILABLE;
  case QINJECT_TEMP: break;
  }
  return SM_TEMPFAIL;
}

int main(int argc, char **argv)
{
  static struct sendmail sm;
  const char *base = argv[0] ? argv[0] + str_rchr(argv[0], '/') : "";
  enum qinject_status st;
  sm.o.prog = "sendmail";
  sm.o.rcpts = QINJECT_ARGS;
  sm.o.dotstop = 1;
  sm.mode = str_equal(base + (*base == '/'), "mailq") ? SM_PRINTQ : SM_MAIL;
  sm_options(&sm, argc, argv);
  if (sm.mode != SM_MAIL && paths_init(&sm.ps) == -1)
    strerr_die(SM_TEMPFAIL, "sendmail: fatal: bad value of ", sm.ps.bad ? sm.ps.bad : "a path variable",
               ": ", STRERR_SYS, (char *)0);
  if (sm.mode == SM_PRINTQ) sm_printq(&sm);
  if (sm.mode == SM_SMTP) sm_smtp(&sm);
  if (sm.mode == SM_RUNQ) sm_runq(&sm);
  if (sm.o.rcpts != QINJECT_BOTH && !sm.o.nargs)
    strerr_die(SM_USAGE, "sendmail: fatal: no recipients given (name them, or use -t to take them from the header)",
               (char *)0);
  st = qinject_run(&sm.o, &sm.r);
  if (st != QINJECT_OK)
    strerr_die(sm_exitcode(st), "sendmail: fatal: ", sm.r.why.s ? sm.r.why.s : "out of memory", (char *)0);
  return SM_OK;
}
