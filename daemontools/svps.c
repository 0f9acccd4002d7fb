/* svps.c — print the state of svscan and of every service under a service
 * directory, in three sections: svscan, main services and log services. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "exitcode.h"
#include "genalloc.h"
#include "open.h"
#include "paths.h"
#include "scan.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"
#include "svstatus.h"
#include "taia.h"

#define FATAL "svps: fatal: "
#define USAGE "svps: usage: svps [ -ah ] [ dir ]"
/* the most services listed from one directory (svscan's limit is lower) */
#define SVPS_SERVICES_MAX 10000
/* the most bytes read from svscan's pid file and from /proc/PID/cmdline */
#define SVPS_PIDFILE_MAX 32
#define SVPS_CMDLINE_MAX 4096

struct svps_entry {
  char *name;                  /* DIR/service or DIR/service/log */
  struct svstatus_desc d;
};
GENALLOC_DECLARE(svps_list, struct svps_entry)

struct svps {
  const char *dir;
  int details;                 /* -a: the logs section and the remarks */
  struct taia now;
  stralloc out;                /* the whole report */
  stralloc tmp;
  svps_list main, logs;
};

static void nomem(void) { strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL); }

static void help(void)
{
  static const char text[] =
    "svps: print the state of svscan and of every service it supervises\n"
    "usage: svps [ -ah ] [ dir ]\n"
    "  dir  the service directory (default: SERVICEDIR)\n"
    "  -a   also the log services, and remarks such as \"paused\"\n"
    "  -h   this help\n";
  if (buf_putsflush(buf_1, text) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, NULL);
  exit(0);
}

/* readsmall: up to max bytes of path into sa; -1 with errno on failure */
static int readsmall(const char *path, stralloc *sa, size_t max)
{
  int fd = open_read(path);
  if (fd == -1) return -1;
  if (!stralloc_ready(sa, max)) nomem();
  sa->len = 0;
  while (sa->len < max) {
    ssize_t r = read(fd, sa->s + sa->len, max - sa->len);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1) { int e = errno; close(fd); errno = e; return -1; }
    if (r == 0) break;
    sa->len += (size_t)r;
  }
  close(fd);
  return 0;
}

/* svscanname: "ARGV0 DIR", ARGV0 from /proc/PID/cmdline when readable */
static void svscanname(struct svps *p, unsigned long pid, int alive)
{
  stralloc path = STRALLOC_ZERO;
  size_t n;
  p->tmp.len = 0;
  if (alive && stralloc_copys(&path, "/proc/") && stralloc_catlong(&path, (long long)pid) &&
      stralloc_cats(&path, "/cmdline") && stralloc_0(&path) &&
      readsmall(path.s, &p->tmp, SVPS_CMDLINE_MAX) == 0) {
    n = 0;
    while (n < p->tmp.len && p->tmp.s[n]) ++n;
    p->tmp.len = n;
  }
  stralloc_free(&path);
  if (!p->tmp.len && !stralloc_copys(&p->tmp, "svscan")) nomem();
  if (!stralloc_append(&p->tmp, ' ') || !stralloc_cats(&p->tmp, p->dir) || !stralloc_0(&p->tmp))
    nomem();
}

/* svscanline: svscan's section, from the pid file it keeps */
static void svscanline(struct svps *p)
{
  stralloc path = STRALLOC_ZERO, name = STRALLOC_ZERO;
  unsigned long pid = 0, age = 0;
  struct stat st;
  int alive = 0;
  time_t t;

  if (!svstatus_path(&path, p->dir, SVSTATUS_SVSCAN_PIDFILE)) nomem();
  if (stat(path.s, &st) == 0 && readsmall(path.s, &p->tmp, SVPS_PIDFILE_MAX) == 0 &&
      scan_ulong(p->tmp.s, p->tmp.len, &pid) && pid > 0 && pid <= (unsigned long)INT32_MAX) {
    alive = kill((pid_t)pid, 0) == 0 || errno == EPERM;
    t = time(0);
    if (t > st.st_mtime) age = (unsigned long)(t - st.st_mtime);
  }
  svscanname(p, pid, alive);
  if (!stralloc_copy(&name, &p->tmp)) nomem();
  if (!stralloc_cats(&p->out, "------------ svscan ---------------\n") ||
      !svstatus_padname(&p->out, name.s) ||
      !svstatus_pscols(&p->out, alive ? "up" : "down", age, pid ? " pid" : 0, pid) ||
      !stralloc_cats(&p->out, "\n\n"))
    nomem();
  stralloc_free(&path);
  stralloc_free(&name);
}

static int isdir(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* add: describe the service at path and keep it in list */
static void add(svps_list *list, const char *path)
{
  struct svps_entry e;
  size_t n = str_len(path);
  if (list->len >= SVPS_SERVICES_MAX)
    strerr_die(EXIT_TEMP, FATAL, "more than 10000 services", NULL);
  e.name = malloc(n + 1);
  if (!e.name) nomem();
  for (size_t i = 0; i <= n; ++i) e.name[i] = path[i];
  svstatus_read(e.name, &e.d);
  if (!svps_list_append(list, e)) nomem();
}

/* scan: every subdirectory of dir not starting with a dot, and its log */
static void scan(struct svps *p)
{
  stralloc path = STRALLOC_ZERO;
  struct dirent *de;
  DIR *dh = opendir(p->dir);
  if (!dh) strerr_die(EXIT_TEMP, FATAL, "unable to open ", p->dir, ": ", STRERR_SYS, NULL);
  if (!svstatus_path(&path, p->dir, SVSTATUS_SVSCAN_LOG)) nomem();
  if (isdir(path.s)) add(&p->logs, path.s);
  for (;;) {
    errno = 0;
    de = readdir(dh);
    if (!de) break;
    if (de->d_name[0] == '.') continue;
    if (!svstatus_path(&path, p->dir, de->d_name)) nomem();
    if (!isdir(path.s)) continue;
    add(&p->main, path.s);
    if (!stralloc_cats(&path, "/log") || !stralloc_0(&path)) nomem();
    if (isdir(path.s)) add(&p->logs, path.s);
  }
  if (errno) strerr_die(EXIT_TEMP, FATAL, "unable to read ", p->dir, ": ", STRERR_SYS, NULL);
  closedir(dh);
  stralloc_free(&path);
}

/* rank: services with trouble first, then those down, then those up */
static int rank(const struct svstatus_desc *d)
{
  if (d->kind != SVSTATUS_OK) return 0;
  return d->st.pid ? 2 : 1;
}

static int cmp(const void *a, const void *b)
{
  const struct svps_entry *x = a, *y = b;
  int rx = rank(&x->d), ry = rank(&y->d);
  if (rx != ry) return rx - ry;
  return str_diff(x->name, y->name);
}

static void dropall(svps_list *list)
{
  for (size_t i = 0; i < list->len; ++i) free(list->items[i].name);
  svps_list_free(list);
}

/* section: a title and the sorted lines of list, which is emptied */
static void section(struct svps *p, const char *title, svps_list *list)
{
  if (list->len) qsort(list->items, list->len, sizeof list->items[0], cmp);
  if (!stralloc_cats(&p->out, title)) nomem();
  for (size_t i = 0; i < list->len; ++i)
    if (!svstatus_psline(&p->out, list->items[i].name, &list->items[i].d, &p->now, p->details))
      nomem();
  dropall(list);
}

/* servicedir: SERVICEDIR from the environment or conf-servicedir */
static const char *servicedir(struct paths *ps)
{
  if (paths_init(ps) == -1)
    strerr_die(EXIT_TEMP, FATAL, "bad ", ps->bad ? ps->bad : "path", ": ", STRERR_SYS, NULL);
  return paths_get(ps, PATHS_SERVICEDIR);
}

int main(int argc, char **argv)
{
  struct svps p = { 0 };
  struct paths ps = { 0 };
  int i;

  for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; ++i) {
    if (str_equal(argv[i], "--")) { ++i; break; }
    for (const char *o = argv[i] + 1; *o; ++o) {
      if (*o == 'a') p.details = 1;
      else if (*o == 'h') help();
      else strerr_die(EXIT_PERM, USAGE, NULL);
    }
  }
  if (argc - i > 1) strerr_die(EXIT_PERM, USAGE, NULL);
  p.dir = i < argc ? argv[i] : servicedir(&ps);
  if (!p.dir[0]) strerr_die(EXIT_PERM, USAGE, NULL);
  scan(&p);
  taia_now(&p.now);
  svscanline(&p);
  section(&p, "------------ main -----------------\n", &p.main);
  if (p.details) {
    if (!stralloc_cats(&p.out, "\n")) nomem();
    section(&p, "------------ logs -----------------\n", &p.logs);
  }
  dropall(&p.logs);
  if (buf_putflush(buf_1, p.out.s, p.out.len) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, NULL);
  stralloc_free(&p.out);
  stralloc_free(&p.tmp);
  paths_free(&ps);
  return 0;
}
