/* sendscan.c — qmail-send's view of the queue directory (sendscan.h). */
#include "sendscan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "qpath.h"
#include "scan.h"
#include "str.h"
#include "stralloc.h"

/* what one directory's entries are for */
struct sendscan_walk {
  struct msgtab *t;
  struct sendsched *heaps;
  unsigned long split;
  enum qpath_dir kind;
  time_t now;
  sendscan_orphan orphan;
  sendscan_warn warn;
  void *ctx;
  stralloc fn;
};

/* the message number a directory entry names, or 0 with errno EINVAL */
static int sendscan_num(const char *name, unsigned long *num)
{
  size_t len = str_len(name);
  if (!len || scan_ulong(name, len, num) != len) return 0;
  return 1;
}

/* 1 when path does not exist (stat says ENOENT) */
static int sendscan_absent(struct sendscan_walk *w, enum qpath_dir d, unsigned long num)
{
  struct stat st;
  if (!qpath_file(&w->fn, d, num, w->split)) return 0;
  return stat(w->fn.s, &st) == -1 && errno == ENOENT;
}

/* one entry of info/, local/, remote/, bounce/, mess/ or intd/ */
static int sendscan_entry(struct sendscan_walk *w, int dfd, const char *name, unsigned long num)
{
  struct stat st;
  uint32_t id = msgtab_find(w->t, num);
  struct msgtab_msg *m;
  int c = w->kind == QPATH_LOCAL ? MSGTAB_LOCAL : MSGTAB_REMOTE;
  if (w->kind == QPATH_MESS || w->kind == QPATH_INTD) {
    if (id != MSGTAB_NONE || fstatat(dfd, name, &st, 0) == -1) return 0;
    if (w->now - st.st_mtime <= SENDSCAN_ORPHAN_AGE) return 0;
    if (!sendscan_absent(w, QPATH_TODO, num) || !sendscan_absent(w, QPATH_INFO, num)) return 0;
    return w->orphan(w->ctx, num);
  }
  if (w->kind == QPATH_INFO) {
    if (id != MSGTAB_NONE || fstatat(dfd, name, &st, 0) == -1 || !S_ISREG(st.st_mode)) return 0;
    if (!msgtab_add(w->t, num, &id)) return -1;
    msgtab_get(w->t, id)->birth = st.st_mtime;
    return 0;
  }
  if (id == MSGTAB_NONE) return 0;
  m = msgtab_get(w->t, id);
  if (w->kind == QPATH_BOUNCE) { m->hasbounce = 1; return 0; }
  if (m->ch[c].hasfile || fstatat(dfd, name, &st, 0) == -1) return 0;
  m->ch[c].hasfile = 1;
  return sendsched_push(&w->heaps[c], id, st.st_mtime, m->birth) ? 0 : -1;
}

/* every entry of directory dir (the split subdirectory split, or -1) */
static int sendscan_dir(struct sendscan_walk *w, const char *dir, long split)
{
  DIR *d = opendir(dir);
  struct dirent *de;
  int r = 0;
  if (!d) {
    if (w->warn) w->warn(w->ctx, dir, errno);
    return 0;
  }
  while (r == 0 && (de = readdir(d))) {
    unsigned long num;
    if (!sendscan_num(de->d_name, &num)) continue;
    if (split >= 0 && num % w->split != (unsigned long)split) continue;  /* not its place */
    r = sendscan_entry(w, dirfd(d), de->d_name, num);
  }
  closedir(d);
  return r;
}

/* every split subdirectory of kind's directory, or the directory itself */
static int sendscan_kind(struct sendscan_walk *w, enum qpath_dir kind)
{
  w->kind = kind;
  if (!qpath_issplit(kind)) return sendscan_dir(w, qpath_name(kind), -1);
  for (unsigned long s = 0; s < w->split; ++s) {
    /* qpath_dir wants a number that lands in split s: s itself */
    if (!qpath_dir(&w->fn, kind, s, w->split)) return -1;
    if (sendscan_dir(w, w->fn.s, (long)s) == -1) return -1;
  }
  return 0;
}

int sendscan_queue(struct msgtab *t, struct sendsched heaps[2], unsigned long split,
                   sendscan_warn warn, void *ctx)
{
  static const enum qpath_dir order[] = { QPATH_INFO, QPATH_LOCAL, QPATH_REMOTE, QPATH_BOUNCE };
  struct sendscan_walk w = { t, heaps, split, QPATH_INFO, 0, 0, warn, ctx, STRALLOC_ZERO };
  int r = 0;
  for (size_t i = 0; r == 0 && i < sizeof order / sizeof order[0]; ++i) r = sendscan_kind(&w, order[i]);
  stralloc_free(&w.fn);
  return r;
}

/* 1 when path exists; its mtime in *mtime */
static int sendscan_stat(stralloc *fn, enum qpath_dir d, unsigned long num, unsigned long split,
                         time_t *mtime)
{
  struct stat st;
  if (!qpath_file(fn, d, num, split)) return -1;
  if (stat(fn->s, &st) == -1) return errno == ENOENT ? 0 : -1;
  *mtime = st.st_mtime;
  return 1;
}

uint32_t sendscan_message(struct msgtab *t, struct sendsched heaps[2], unsigned long split,
                          unsigned long num)
{
  static const enum qpath_dir chans[2] = { QPATH_LOCAL, QPATH_REMOTE };
  stralloc fn = STRALLOC_ZERO;
  time_t birth = 0, due = 0;
  uint32_t id = MSGTAB_NONE;
  int r;
  if (msgtab_find(t, num) != MSGTAB_NONE) { errno = EEXIST; return MSGTAB_NONE; }
  r = sendscan_stat(&fn, QPATH_INFO, num, split, &birth);
  if (r == 0) errno = ENOENT;
  if (r != 1 || !msgtab_add(t, num, &id)) { stralloc_free(&fn); return MSGTAB_NONE; }
  msgtab_get(t, id)->birth = birth;
  for (int c = 0; c < 2; ++c) {
    if (sendscan_stat(&fn, chans[c], num, split, &due) != 1) continue;
    if (!sendsched_push(&heaps[c], id, due, birth)) {
      int e = errno;
      sendsched_remove(&heaps[0], id);
      msgtab_del(t, id);
      stralloc_free(&fn);
      errno = e;
      return MSGTAB_NONE;
    }
    msgtab_get(t, id)->ch[c].hasfile = 1;
  }
  if (sendscan_stat(&fn, QPATH_BOUNCE, num, split, &due) == 1) msgtab_get(t, id)->hasbounce = 1;
  stralloc_free(&fn);
  return id;
}

int sendscan_orphans(const struct msgtab *t, unsigned long split, time_t now,
                     sendscan_orphan orphan, sendscan_warn warn, void *ctx)
{
  /* the walk only reads the table for these two kinds */
  struct sendscan_walk w = { (struct msgtab *)(uintptr_t)t, 0, split, QPATH_MESS, now, orphan, warn, ctx, STRALLOC_ZERO };
  int r = sendscan_kind(&w, QPATH_MESS);
  if (r == 0) r = sendscan_kind(&w, QPATH_INTD);
  stralloc_free(&w.fn);
  return r;
}
