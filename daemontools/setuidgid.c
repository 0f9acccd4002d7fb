/* setuidgid.c — run a program as another account: its uid, its gid, and
 * no other groups unless asked (setuidgid(8), with indimail's -e -s -g). */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include "dtgroups.h"
#include "dtopt.h"
#include "env.h"
#include "exitcode.h"
#include "pathexec.h"
#include "prot.h"
#include "stralloc.h"
#include "strerr.h"

#define FATAL "setuidgid: fatal: "
#define USAGE "setuidgid: usage: setuidgid [ -e ] [ -s ] [ -g groups ] account child"

struct setuidgid {
  int setenv;          /* -e: HOME, USER, LOGNAME */
  int supplementary;   /* -s: the account's groups from the group file */
  const char *extra;   /* -g: more groups, comma-separated */
  const char *account;
  char **child;
  uid_t uid;
  gid_t gid;
  stralloc home;       /* the account's home directory, for -e */
  dtgroups groups;
};

static void __attribute__((noreturn)) setuidgid_usage(void)
{
  strerr_die(EXIT_PERM, USAGE, (const char *)0);
}

static void __attribute__((noreturn)) setuidgid_nomem(void)
{
  strerr_die(EXIT_TEMP, FATAL, "out of memory", (const char *)0);
}

static void setuidgid_options(struct setuidgid *s, int argc, char **argv)
{
  const char *arg;
  int c;
  while ((c = dtopt_next(argc, argv, "esg:", "setuidgid", &arg)) != -1) {
    switch (c) {
    case 'e': s->setenv = 1; break;
    case 's': s->supplementary = 1; break;
    case 'g': s->extra = arg; break;
    default: setuidgid_usage();
    }
  }
  if (argc - optind < 2) setuidgid_usage();
  s->account = argv[optind];
  s->child = argv + optind + 1;
}

/* look the account up: uid, gid, home */
static void setuidgid_lookup(struct setuidgid *s)
{
  struct passwd *pw;
  errno = 0;
  pw = getpwnam(s->account);
  if (!pw) {
    if (errno == 0 || errno == ENOENT || errno == ESRCH || errno == EBADF || errno == EPERM)
      strerr_die(EXIT_TEMP, FATAL, "unknown account ", s->account, (const char *)0);
    strerr_die(EXIT_TEMP, FATAL, "unable to look up account ", s->account, ": ",
               STRERR_SYS, (const char *)0);
  }
  s->uid = pw->pw_uid;
  s->gid = pw->pw_gid;
  if (!stralloc_copys(&s->home, pw->pw_dir ? pw->pw_dir : "/") || !stralloc_0(&s->home))
    setuidgid_nomem();
}

/* the groups for -s and -g: the primary gid first, then the rest */
static void setuidgid_grouplist(struct setuidgid *s)
{
  stralloc spec = STRALLOC_ZERO;
  const char *bad;
  if (dtgroups_add(&s->groups, s->gid) == -1) setuidgid_nomem();
  if (s->supplementary && dtgroups_account(&s->groups, s->account, s->gid) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to get the groups of ", s->account, ": ",
               STRERR_SYS, (const char *)0);
  if (!s->extra) return;
  /* a copy, because dtgroups_parse cuts it up */
  if (!stralloc_copys(&spec, s->extra) || !stralloc_0(&spec)) setuidgid_nomem();
  if (dtgroups_parse(&s->groups, spec.s, &bad) == -1) {
    if (errno == ENOENT) strerr_die(EXIT_TEMP, FATAL, "unknown group ", bad, (const char *)0);
    strerr_die(EXIT_TEMP, FATAL, "bad group ", bad, ": ", STRERR_SYS, (const char *)0);
  }
  stralloc_free(&spec);
}

/* become the account for good */
static void setuidgid_become(struct setuidgid *s)
{
  if (s->supplementary || s->extra) {
    setuidgid_grouplist(s);
    if (setgroups(s->groups.len, s->groups.items) == -1)
      strerr_die(EXIT_TEMP, FATAL, "unable to setgroups: ", STRERR_SYS, (const char *)0);
    if (setresgid(s->gid, s->gid, s->gid) == -1)
      strerr_die(EXIT_TEMP, FATAL, "unable to setgid: ", STRERR_SYS, (const char *)0);
  } else if (prot_gid(s->gid) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to setgid: ", STRERR_SYS, (const char *)0);
  if (prot_uid(s->uid) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to setuid: ", STRERR_SYS, (const char *)0);
}

int main(int argc, char **argv)
{
  struct setuidgid s = { 0, 0, 0, 0, 0, 0, 0, STRALLOC_ZERO, GENALLOC_ZERO };
  setuidgid_options(&s, argc, argv);
  setuidgid_lookup(&s);
  /* an ordinary user naming itself has nothing to change (a private
   * instance); any other change needs root and fails without it */
  if (geteuid() == 0 || s.uid != getuid() || s.uid != geteuid()) setuidgid_become(&s);
  if (s.setenv && (!env_put("USER", s.account) || !env_put("LOGNAME", s.account)
                   || !env_put("HOME", s.home.s)))
    setuidgid_nomem();
  pathexec_run(s.child[0], s.child, 0);
  strerr_die(EXIT_TEMP, FATAL, "unable to run ", s.child[0], ": ", STRERR_SYS, (const char *)0);
}
