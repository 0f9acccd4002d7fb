/* qfix.c — create, check and repair a queue directory. */
#include "qfix.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fifo.h"
#include "scan.h"
#include "stralloc.h"
#include "users.h"

enum qfix_kind { QFIX_DIR, QFIX_FILE, QFIX_FIFO };

struct qfix_entry {
  const char *name;          /* relative to the queue; "" is the queue itself */
  enum qfix_kind kind;
  mode_t mode;
  enum users_role owner;
  int split;                 /* a directory with split subdirectories */
  size_t size;               /* a new file gets this many zero bytes */
};

static const struct qfix_entry qfix_layout[] = {
  { "", QFIX_DIR, 0750, USERS_QMAILQ, 0, 0 },
  { "mess", QFIX_DIR, 0750, USERS_QMAILQ, 1, 0 },
  { "info", QFIX_DIR, 0700, USERS_QMAILS, 1, 0 },
  { "local", QFIX_DIR, 0700, USERS_QMAILS, 1, 0 },
  { "remote", QFIX_DIR, 0700, USERS_QMAILS, 1, 0 },
  { "intd", QFIX_DIR, 0700, USERS_QMAILQ, 0, 0 },
  { "todo", QFIX_DIR, 0750, USERS_QMAILQ, 0, 0 },
  { "bounce", QFIX_DIR, 0700, USERS_QMAILS, 0, 0 },
  { "pid", QFIX_DIR, 0700, USERS_QMAILQ, 0, 0 },
  { "lock", QFIX_DIR, 0750, USERS_QMAILQ, 0, 0 },
  { "lock/sendmutex", QFIX_FILE, 0600, USERS_QMAILS, 0, 0 },
  { "lock/todomutex", QFIX_FILE, 0600, USERS_QMAILS, 0, 0 },
  { "lock/tcpto", QFIX_FILE, 0644, USERS_QMAILR, 0, 1024 },
  { "lock/trigger", QFIX_FIFO, 0622, USERS_QMAILS, 0, 0 },
};

struct qfix {
  const struct qfix_opts *o;
  const char *dir;
  stralloc path;
  stralloc other;
  int problems;
  int warned;                /* said once that the qmail users are missing */
  time_t now;
};

static void qfix_say(struct qfix *f, const char *path, const char *what)
{
  if (f->o->report) f->o->report(f->o->ctx, path, what);
}

/* f->path = dir[/a[/b]] as a C string */
static int qfix_path(stralloc *sa, const char *dir, const char *a, const char *b)
{
  if (!stralloc_copys(sa, dir)) return -1;
  if (a && *a && (!stralloc_append(sa, '/') || !stralloc_cats(sa, a))) return -1;
  if (b && *b && (!stralloc_append(sa, '/') || !stralloc_cats(sa, b))) return -1;
  if (!stralloc_0(sa)) return -1;
  return 0;
}

static int qfix_create(const char *path, const struct qfix_entry *e)
{
  int fd;
  char zero[256];
  size_t left = e->size;
  if (e->kind == QFIX_DIR) return mkdir(path, e->mode);
  if (e->kind == QFIX_FIFO) return fifo_make(path, e->mode);
  fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, e->mode);
  if (fd == -1) return -1;
  memset(zero, 0, sizeof zero);
  while (left) {
    size_t n = left < sizeof zero ? left : sizeof zero;
    if (write(fd, zero, n) != (ssize_t)n) { close(fd); return -1; }
    left -= n;
  }
  return close(fd);
}

static int qfix_kind_ok(const struct stat *st, enum qfix_kind k)
{
  if (k == QFIX_DIR) return S_ISDIR(st->st_mode);
  if (k == QFIX_FIFO) return S_ISFIFO(st->st_mode);
  return S_ISREG(st->st_mode);
}

/* make path exist with e's kind, mode and owner; -1 on a hard failure */
static int qfix_one(struct qfix *f, const char *path, const struct qfix_entry *e)
{
  struct stat st;
  uid_t uid;
  gid_t gid, g;
  char what[96];
  if (users_resolve(e->owner, &uid, &gid) == -1) {
    if (errno != ENOENT) return -1;
    /* root without the qmail users: a private instance owned by root */
    uid = getuid();
    gid = getgid();
    if (!f->warned++)
      qfix_say(f, f->dir, "warning: the qmail users are unknown: owned by the invoking user");
  } else if (users_resolve(USERS_GROUP_QMAIL, 0, &g) == 0 && geteuid() == 0) {
    gid = g;
  }
  if (lstat(path, &st) == -1) {
    if (errno != ENOENT) return -1;
    qfix_say(f, path, f->o->check_only ? "missing" : "created");
    if (f->o->check_only) { ++f->problems; return 0; }
    if (qfix_create(path, e) == -1 || lstat(path, &st) == -1) return -1;
  }
  if (!qfix_kind_ok(&st, e->kind)) {
    qfix_say(f, path, e->kind == QFIX_DIR ? "not a directory: cannot fix"
                                           : "of the wrong file type: cannot fix");
    ++f->problems;
    return 0;
  }
  if ((st.st_mode & 07777) != e->mode) {
    snprintf(what, sizeof what, "mode %o -> %o", (unsigned)(st.st_mode & 07777), (unsigned)e->mode);
    qfix_say(f, path, what);
    if (f->o->check_only) ++f->problems;
    else if (chmod(path, e->mode) == -1) return -1;
  }
  if (geteuid() == 0 && (st.st_uid != uid || st.st_gid != gid)) {
    snprintf(what, sizeof what, "owner %lu:%lu -> %lu:%lu", (unsigned long)st.st_uid,
             (unsigned long)st.st_gid, (unsigned long)uid, (unsigned long)gid);
    qfix_say(f, path, what);
    if (f->o->check_only) ++f->problems;
    else if (lchown(path, uid, gid) == -1) return -1;
  }
  return 0;
}

/* subdirectories numbered split or more that hold something */
static int qfix_extra_splits(struct qfix *f, const char *name)
{
  DIR *d;
  struct dirent *de;
  if (qfix_path(&f->path, f->dir, name, 0) == -1) return -1;
  d = opendir(f->path.s);
  if (!d) return f->o->check_only && errno == ENOENT ? 0 : -1;
  while ((de = readdir(d))) {
    unsigned long n;
    size_t len = strlen(de->d_name);
    if (scan_ulong(de->d_name, len, &n) != len || n < f->o->split) continue;
    if (qfix_path(&f->other, f->dir, name, de->d_name) == -1) { closedir(d); return -1; }
    if (rmdir(f->other.s) == 0 || errno == ENOENT) continue;
    qfix_say(f, f->other.s, "beyond the split count and not empty: its messages are lost to qmail-send");
    ++f->problems;
  }
  closedir(d);
  return 0;
}

static int qfix_layout_all(struct qfix *f)
{
  for (size_t i = 0; i < sizeof qfix_layout / sizeof qfix_layout[0]; ++i) {
    const struct qfix_entry *e = &qfix_layout[i];
    if (qfix_path(&f->path, f->dir, e->name, 0) == -1) return -1;
    if (qfix_one(f, f->path.s, e) == -1) return -1;
    if (!e->split) continue;
    for (unsigned long s = 0; s < f->o->split; ++s) {
      char num[24];
      snprintf(num, sizeof num, "%lu", s);
      if (qfix_path(&f->path, f->dir, e->name, num) == -1) return -1;
      if (qfix_one(f, f->path.s, e) == -1) return -1;
    }
    if (qfix_extra_splits(f, e->name) == -1) return -1;
  }
  return 0;
}

/* 1 when dir/a/b exists */
static int qfix_exists(struct qfix *f, const char *a, const char *b)
{
  struct stat st;
  if (qfix_path(&f->other, f->dir, a, b) == -1) return -1;
  return lstat(f->other.s, &st) == 0;
}

/* remove sub/name when it is an orphan old enough */
static int qfix_orphan(struct qfix *f, const char *sub, const char *name, int split)
{
  struct stat st;
  char splitdir[32];
  int r;
  if (!strcmp(sub, "intd") || split) {
    if ((r = qfix_exists(f, "todo", name)) != 0) return r < 0 ? -1 : 0;
  }
  if (split) {
    unsigned long n;
    if (scan_ulong(name, strlen(name), &n) != strlen(name)) return 0;
    snprintf(splitdir, sizeof splitdir, "info/%lu", n % f->o->split);
    if ((r = qfix_exists(f, "intd", name)) != 0) return r < 0 ? -1 : 0;
    if ((r = qfix_exists(f, splitdir, name)) != 0) return r < 0 ? -1 : 0;
  }
  if (qfix_path(&f->path, f->dir, sub, name) == -1) return -1;
  if (lstat(f->path.s, &st) == -1 || !S_ISREG(st.st_mode)) return 0;
  if (f->now - st.st_mtime < f->o->orphan_age) return 0;
  qfix_say(f, f->path.s, f->o->check_only ? "orphan" : "orphan removed");
  if (f->o->check_only) { ++f->problems; return 0; }
  return unlink(f->path.s) == -1 && errno != ENOENT ? -1 : 0;
}

static int qfix_clean_dir(struct qfix *f, const char *sub, int split)
{
  DIR *d;
  struct dirent *de;
  stralloc names = STRALLOC_ZERO;
  int r = 0;
  if (qfix_path(&f->path, f->dir, sub, 0) == -1) return -1;
  if (!(d = opendir(f->path.s))) return errno == ENOENT ? 0 : -1;
  while ((de = readdir(d)))
    if (de->d_name[0] != '.' && !stralloc_catb(&names, de->d_name, strlen(de->d_name) + 1)) r = -1;
  closedir(d);
  for (size_t i = 0; r == 0 && i < names.len; i += strlen(names.s + i) + 1)
    r = qfix_orphan(f, sub, names.s + i, split);
  stralloc_free(&names);
  return r;
}

static int qfix_clean(struct qfix *f)
{
  if (qfix_clean_dir(f, "pid", 0) == -1 || qfix_clean_dir(f, "intd", 0) == -1) return -1;
  for (unsigned long s = 0; s < f->o->split; ++s) {
    char sub[32];
    snprintf(sub, sizeof sub, "mess/%lu", s);
    if (qfix_clean_dir(f, sub, 1) == -1) return -1;
  }
  return 0;
}

int qfix_queue(const char *dir, const struct qfix_opts *opts)
{
  struct qfix f;
  int r;
  if (opts->split == 0) { errno = EINVAL; return -1; }
  memset(&f, 0, sizeof f);
  f.o = opts;
  f.dir = dir;
  f.now = time(0);
  r = qfix_layout_all(&f);
  if (r == 0 && opts->clean) r = qfix_clean(&f);
  stralloc_free(&f.path);
  stralloc_free(&f.other);
  return r == -1 ? -1 : f.problems;
}
