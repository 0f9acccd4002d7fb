/* qhmaildir.c — a Maildir's messages in delivery order, and tmp/ cleaning. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "byte.h"
#include "qhmaildir.h"
#include "scan.h"
#include "str.h"

int qhmaildir_nametime(const char *name, unsigned long *t)
{
  size_t len = str_len(name), n;
  unsigned long v;
  n = scan_ulong(name, len, &v);
  if (!n || n >= len || name[n] != '.') return 0;
  *t = v;
  return 1;
}

/* append "dir/sub/NAME\0" for every entry of dir/sub; the offsets of
 * the paths and of their names go to offs (two per message) */
static int list_dir(stralloc *names, stralloc *offs, const char *dir, const char *sub)
{
  stralloc path = STRALLOC_ZERO;
  DIR *d;
  struct dirent *e;
  int e2, ok = stralloc_copys(&path, dir) && stralloc_append(&path, '/') &&
           stralloc_cats(&path, sub) && stralloc_0(&path);
  if (!ok) return -1;
  d = opendir(path.s);
  if (!d) { stralloc_free(&path); return -1; }
  path.s[path.len - 1] = '/';
  for (;;) {
    size_t at[2];
    errno = 0;
    if (!(e = readdir(d))) break;
    if (e->d_name[0] == '.') continue;
    if (offs->len / sizeof at >= QHMAILDIR_MAX) { errno = E2BIG; break; }
    at[0] = names->len;
    at[1] = names->len + path.len;
    if (!stralloc_cat(names, &path) || !stralloc_cats(names, e->d_name) ||
        !stralloc_0(names) || !stralloc_catb(offs, (const char *)at, sizeof at))
      break;
  }
  ok = errno == 0;
  e2 = errno;
  closedir(d);
  stralloc_free(&path);
  errno = e2;
  return ok ? 0 : -1;
}

static int by_time(const void *a, const void *b)
{
  const struct qhmaildir_msg *x = a, *y = b;
  if (x->t != y->t) return x->t < y->t ? -1 : 1;
  return str_diff(x->name, y->name);
}

int qhmaildir_scan(struct qhmaildir *m, const char *dir, int cur)
{
  stralloc offs = STRALLOC_ZERO;
  size_t i, n;
  int e;
  m->names.len = 0;
  m->msgs.len = 0;
  if (list_dir(&m->names, &offs, dir, "new") == -1) goto fail;
  if (cur && list_dir(&m->names, &offs, dir, "cur") == -1) goto fail;
  n = offs.len / (2 * sizeof(size_t));
  if (!qhmaildir_list_ready(&m->msgs, n)) goto fail;
  for (i = 0; i < n; ++i) {
    size_t at[2];
    struct qhmaildir_msg *msg = &m->msgs.items[i];
    byte_copy(at, sizeof at, offs.s + i * sizeof at);
    msg->path = m->names.s + at[0];
    msg->name = m->names.s + at[1];
    if (!qhmaildir_nametime(msg->name, &msg->t)) msg->t = 0;
  }
  m->msgs.len = n;
  if (n > 1) qsort(m->msgs.items, n, sizeof m->msgs.items[0], by_time);
  stralloc_free(&offs);
  return 0;
fail:
  e = errno;
  stralloc_free(&offs);
  m->msgs.len = 0;
  errno = e;
  return -1;
}

int qhmaildir_clean(const char *dir, time_t now)
{
  stralloc path = STRALLOC_ZERO;
  DIR *d;
  struct dirent *e;
  size_t base;
  if (!stralloc_copys(&path, dir) || !stralloc_cats(&path, "/tmp") || !stralloc_0(&path)) return -1;
  d = opendir(path.s);
  if (!d) { stralloc_free(&path); return -1; }
  path.s[path.len - 1] = '/';
  base = path.len;
  while ((e = readdir(d))) {
    struct stat st;
    if (e->d_name[0] == '.') continue;
    path.len = base;
    if (!stralloc_cats(&path, e->d_name) || !stralloc_0(&path)) break;
    if (stat(path.s, &st) == -1 || !S_ISREG(st.st_mode)) continue;
    if (now > st.st_atime && now - st.st_atime > QHMAILDIR_TMP_AGE) unlink(path.s);
  }
  closedir(d);
  stralloc_free(&path);
  return 0;
}

void qhmaildir_free(struct qhmaildir *m)
{
  stralloc_free(&m->names);
  qhmaildir_list_free(&m->msgs);
}
