/* envdir.c — run a program with an environment changed by the files of a
 * directory (envdir(8)). */
#include <errno.h>

#include "dtenvdir.h"
#include "pathexec.h"
#include "dtopt.h"
#include "env.h"
#include "exitcode.h"
#include "pathexec.h"
#include "strerr.h"

#define FATAL "envdir: fatal: "
#define WARNING "envdir: warning: "
#define USAGE "envdir: usage: envdir [ -cipw ] dir child"

struct envdir {
  int clear;        /* -c: start from an empty environment */
  int searchnew;    /* -p: look for child along the PATH dir sets */
  int warn;         /* -w: on an error, warn and run child unchanged */
  int flags;        /* DTENVDIR_IGNORE for -i */
  const char *dir;
  char **child;
  env_builder env;
  struct dtenvdir reader;
};

static void __attribute__((noreturn)) envdir_usage(void)
{
  strerr_die(EXIT_PERM, USAGE, (const char *)0);
}

static void envdir_options(struct envdir *e, int argc, char **argv)
{
  const char *arg;
  int c;
  while ((c = dtopt_next(argc, argv, "cipw", "envdir", &arg)) != -1) {
    switch (c) {
    case 'c': e->clear = 1; break;
    case 'i': e->flags |= DTENVDIR_IGNORE; break;
    case 'p': e->searchnew = 1; break;
    case 'w': e->warn = 1; break;
    default: envdir_usage();
    }
  }
  if (argc - optind < 2) envdir_usage();
  e->dir = argv[optind];
  e->child = argv + optind + 1;
}

/* read the directory into e->env; 1 when it is to be used, 0 when child
 * runs with the environment envdir got (after -w and an error) */
static int envdir_read(struct envdir *e)
{
  struct dtenvdir *r = &e->reader;
  if (!env_init(&e->env, !e->clear))
    strerr_die(EXIT_TEMP, FATAL, "out of memory", (const char *)0);
  r->env = &e->env;
  r->flags = e->flags;
  if (dtenvdir_load(r, e->dir) == 0) return 1;
  errno = r->err;
  if (!e->warn) {
    if (r->err)
      strerr_die(EXIT_TEMP, FATAL, r->what, " ", r->path.s, ": ", STRERR_SYS, (const char *)0);
    strerr_die(EXIT_TEMP, FATAL, r->what, " ", r->path.s, (const char *)0);
  }
  if (r->err)
    strerr_warn(WARNING, r->what, " ", r->path.s, ": ", STRERR_SYS, (const char *)0);
  else
    strerr_warn(WARNING, r->what, " ", r->path.s, (const char *)0);
  return 0;
}

int main(int argc, char **argv)
{
  struct envdir e = { 0, 0, 0, 0, 0, 0, ENV_BUILDER_ZERO, DTENVDIR_ZERO };
  char *const *envp = 0;
  const char *oldpath = env_get("PATH");
  envdir_options(&e, argc, argv);
  if (envdir_read(&e)) envp = env_array(&e.env);
  if (e.searchnew)
    pathexec_run(e.child[0], e.child, envp);
  else
    pathexec_runpath(e.child[0], e.child, envp, oldpath);
  strerr_die(EXIT_TEMP, FATAL, "unable to run ", e.child[0], ": ", STRERR_SYS, (const char *)0);
}
