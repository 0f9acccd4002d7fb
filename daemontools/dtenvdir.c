/* dtenvdir.c — read an envdir directory (with .envdir and .envfile) into
 * an environment builder. */
#include "dtenvdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "byte.h"
#include "getln.h"
#include "str.h"

size_t dtenvdir_value(char *s, size_t len)
{
  len = byte_chr(s, len, '\n');
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) --len;
  for (size_t i = 0; i < len; ++i)
    if (s[i] == 0) s[i] = '\n';
  return len;
}

static int dtenvdir_blank(char c) { return c == ' ' || c == '\t'; }

int dtenvdir_envline(char *s, size_t len, const char **name, const char **value)
{
  size_t i = 0, eq, nlen;
  s[len] = 0;
  while (i < len && dtenvdir_blank(s[i])) ++i;
  if (i == len || s[i] == '#') return DTENVDIR_SKIP;
  eq = i + byte_chr(s + i, len - i, '=');
  nlen = eq - i;
  if (eq == len)
    while (nlen > 0 && dtenvdir_blank(s[i + nlen - 1])) --nlen;
  if (nlen == 0 || byte_chr(s + i, nlen, 0) < nlen) { errno = EINVAL; return -1; }
  *name = s + i;
  if (eq == len) {
    s[i + nlen] = 0;
    return DTENVDIR_UNSET;
  }
  s[eq] = 0;
  for (size_t j = eq + 1; j < len; ++j)
    if (s[j] == 0) s[j] = '\n';
  *value = s + eq + 1;
  return DTENVDIR_SET;
}

/* record a failure: what failed on d->path, with errno err (0: none) */
static int dtenvdir_fail(struct dtenvdir *d, const char *what, int err)
{
  d->what = what;
  d->err = err;
  errno = err ? err : EINVAL;
  return -1;
}

/* d->path = the first base bytes of it, "/", name (name alone when base
 * is 0 or name is absolute), NUL-terminated but with len not counting it */
static int dtenvdir_path(struct dtenvdir *d, size_t base, const char *name)
{
  if (base > d->path.len) base = d->path.len;
  stralloc_trunc(&d->path, base);
  if (*name == '/') stralloc_trunc(&d->path, 0);
  if (d->path.len && !stralloc_append(&d->path, '/')) return 0;
  if (!stralloc_cats(&d->path, name) || !stralloc_0(&d->path)) return 0;
  --d->path.len;
  return 1;
}

/* d->path back to its first base bytes (a path it held before) */
static void dtenvdir_cut(struct dtenvdir *d, size_t base)
{
  if (base < d->path.len) {
    stralloc_trunc(&d->path, base);
    d->path.s[base] = 0;
  }
}

/* the first line of fd into d->line (newline included when *match) */
static int dtenvdir_firstline(struct dtenvdir *d, int fd, int *match)
{
  char space[BUF_INSIZE];
  buf b;
  buf_init(&b, buf_fdread, fd, space, sizeof space);
  return getln(&b, &d->line, match, '\n', DTENVDIR_LINE_MAX);
}

/* open name in directory dfd for reading (never blocking on the open,
 * refusing directories); -1 with errno */
static int dtenvdir_open(int dfd, const char *name)
{
  struct stat st;
  int fd = openat(dfd, name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd == -1) return -1;
  if (fstat(fd, &st) == -1 || fcntl(fd, F_SETFL, 0) == -1) goto fail;
  if (S_ISDIR(st.st_mode)) { errno = EISDIR; goto fail; }
  return fd;
fail:
  {
    int e = errno;
    close(fd);
    errno = e;
  }
  return -1;
}

/* one variable file name in dfd */
static int dtenvdir_file(struct dtenvdir *d, int dfd, const char *name)
{
  int fd, r, match, e;
  size_t len;
  fd = dtenvdir_open(dfd, name);
  r = fd == -1 ? -1 : dtenvdir_firstline(d, fd, &match);
  e = errno;
  if (fd != -1) close(fd);
  if (r == -1) {
    if (d->flags & DTENVDIR_IGNORE) return 0;
    if (e == EMSGSIZE) return dtenvdir_fail(d, "first line too long in", 0);
    return dtenvdir_fail(d, "unable to read", e);
  }
  if (d->line.len == 0)
    r = env_unset(d->env, name);
  else {
    len = dtenvdir_value(d->line.s, d->line.len);
    if (!stralloc_readyplus(&d->line, 1)) return dtenvdir_fail(d, "unable to set", errno);
    d->line.s[len] = 0;
    r = env_set(d->env, name, d->line.s);
  }
  return r ? 0 : dtenvdir_fail(d, "unable to set", errno);
}

/* .envfile in dfd (whose path is d->path[0..base)), when there is one */
static int dtenvdir_envfile_at(struct dtenvdir *d, int dfd, size_t base)
{
  char space[BUF_INSIZE];
  buf b;
  int fd, match = 1, r = 0;
  if (!dtenvdir_path(d, base, ".envfile")) return dtenvdir_fail(d, "unable to read", errno);
  fd = dtenvdir_open(dfd, ".envfile");
  if (fd == -1) {
    if (errno == ENOENT || (d->flags & DTENVDIR_IGNORE)) return 0;
    return dtenvdir_fail(d, "unable to read", errno);
  }
  buf_init(&b, buf_fdread, fd, space, sizeof space);
  while (match && r == 0) {
    const char *name, *value;
    int kind;
    if (getln(&b, &d->line, &match, '\n', DTENVDIR_LINE_MAX) == -1) {
      r = errno == EMSGSIZE ? dtenvdir_fail(d, "line too long in", 0)
                            : dtenvdir_fail(d, "unable to read", errno);
      break;
    }
    if (match) --d->line.len;
    if (!stralloc_readyplus(&d->line, 1)) { r = dtenvdir_fail(d, "unable to set", errno); break; }
    kind = dtenvdir_envline(d->line.s, d->line.len, &name, &value);
    if (kind == -1) r = dtenvdir_fail(d, "invalid line in", 0);
    else if (kind == DTENVDIR_SET && !env_set(d->env, name, value))
      r = dtenvdir_fail(d, "unable to set", errno);
    else if (kind == DTENVDIR_UNSET && !env_unset(d->env, name))
      r = dtenvdir_fail(d, "unable to set", errno);
  }
  close(fd);
  return r;
}

static int dtenvdir_dir(struct dtenvdir *d, int atfd, const char *name, size_t base);

/* the whole of fd, at most DTENVDIR_LIST_MAX bytes, into sa, NUL added */
static int dtenvdir_slurp(struct dtenvdir *d, int fd, stralloc *sa)
{
  char space[BUF_INSIZE];
  buf b;
  buf_init(&b, buf_fdread, fd, space, sizeof space);
  for (;;) {
    ssize_t n = buf_feed(&b);
    if (n == -1) return dtenvdir_fail(d, "unable to read", errno);
    if (n == 0) break;
    if ((size_t)n > DTENVDIR_LIST_MAX - sa->len) return dtenvdir_fail(d, "list too long in", 0);
    if (!stralloc_catb(sa, buf_peek(&b), (size_t)n)) return dtenvdir_fail(d, "unable to read", errno);
    buf_seek(&b, (size_t)n);
  }
  return stralloc_0(sa) ? 0 : dtenvdir_fail(d, "unable to read", errno);
}

/* .envdir as a file in dfd (whose path is d->path[0..base)): each line
 * names a directory, relative to dfd, to read */
static int dtenvdir_list(struct dtenvdir *d, int dfd, size_t base)
{
  stralloc list = STRALLOC_ZERO;
  size_t pos, end;
  int fd, r;
  if (!dtenvdir_path(d, base, ".envdir")) return dtenvdir_fail(d, "unable to read", errno);
  fd = dtenvdir_open(dfd, ".envdir");
  if (fd == -1) return dtenvdir_fail(d, "unable to read", errno);
  r = dtenvdir_slurp(d, fd, &list);
  close(fd);
  /* list.len counts the NUL that dtenvdir_slurp added */
  for (pos = 0; r == 0 && pos + 1 < list.len; pos = end + 1) {
    end = pos + byte_chr(list.s + pos, list.len - 1 - pos, '\n');
    list.s[end] = 0;
    if (list.s[pos] == 0 || list.s[pos] == '#') continue;
    r = dtenvdir_dir(d, dfd, list.s + pos, base);
  }
  stralloc_free(&list);
  return r;
}

/* what dfd's .envdir names, read before dfd's own files */
static int dtenvdir_includes(struct dtenvdir *d, int dfd, size_t base)
{
  struct stat st;
  if (fstatat(dfd, ".envdir", &st, 0) == -1) {
    int e = errno;
    if (e == ENOENT) return 0;
    if (!dtenvdir_path(d, base, ".envdir")) e = errno;
    return dtenvdir_fail(d, "unable to read", e);
  }
  if (S_ISDIR(st.st_mode)) return dtenvdir_dir(d, dfd, ".envdir", base);
  return dtenvdir_list(d, dfd, base);
}

/* 1 when dfd is a directory read already; otherwise it is recorded */
static int dtenvdir_visited(struct dtenvdir *d, int dfd, int *full)
{
  struct stat st;
  *full = 0;
  if (fstat(dfd, &st) == -1) return -1;
  for (size_t i = 0; i < d->nseen; ++i)
    if (d->seen[i].dev == st.st_dev && d->seen[i].ino == st.st_ino) return 1;
  if (d->nseen >= DTENVDIR_DIRS_MAX) { *full = 1; return 0; }
  d->seen[d->nseen].dev = st.st_dev;
  d->seen[d->nseen].ino = st.st_ino;
  ++d->nseen;
  return 0;
}

/* the files of the open directory dfd (taken over and closed) */
static int dtenvdir_files(struct dtenvdir *d, int dfd, size_t base)
{
  DIR *dir = fdopendir(dfd);
  int r = 0;
  if (!dir) {
    int e = errno;
    close(dfd);
    dtenvdir_cut(d, base);
    return dtenvdir_fail(d, "unable to read directory", e);
  }
  for (;;) {
    struct dirent *de;
    errno = 0;
    de = readdir(dir);
    if (!de) {
      if (errno) {
        int e = errno;
        dtenvdir_cut(d, base);
        r = dtenvdir_fail(d, "unable to read directory", e);
      }
      break;
    }
    if (de->d_name[0] == '.') continue;
    if (!dtenvdir_path(d, base, de->d_name)) { r = dtenvdir_fail(d, "unable to read", errno); break; }
    r = dtenvdir_file(d, dirfd(dir), de->d_name);
    if (r) break;
  }
  closedir(dir);
  return r;
}

/* directory name, relative to atfd, shown as d->path[0..base) "/" name
 * (or as name alone when it is absolute) */
static int dtenvdir_readdir(struct dtenvdir *d, int atfd, const char *name, size_t base)
{
  int fd, seen, full, r;
  size_t mine;
  if (!dtenvdir_path(d, base, name)) return dtenvdir_fail(d, "unable to read directory", errno);
  mine = d->path.len;
  fd = openat(atfd, name, O_RDONLY | O_DIRECTORY | O_NOCTTY | O_CLOEXEC);
  if (fd == -1) return dtenvdir_fail(d, "unable to switch to directory", errno);
  seen = dtenvdir_visited(d, fd, &full);
  if (seen != 0 || full) {
    int e = errno;
    close(fd);
    if (seen == 1) return 0;
    if (full) return dtenvdir_fail(d, "too many directories at", 0);
    return dtenvdir_fail(d, "unable to read directory", e);
  }
  r = dtenvdir_includes(d, fd, mine);
  if (r == 0) r = dtenvdir_envfile_at(d, fd, mine);
  if (r == 0) return dtenvdir_files(d, fd, mine);
  close(fd);
  return r;
}

/* dtenvdir_readdir, keeping d->path[0..base) for the caller: an absolute
 * name replaces the whole shown path, so the caller's part is saved and
 * put back afterwards (on success; after a failure the path shown is the
 * one that failed) */
static int dtenvdir_dir(struct dtenvdir *d, int atfd, const char *name, size_t base)
{
  stralloc saved = STRALLOC_ZERO;
  int r;
  if (*name != '/' || base == 0) return dtenvdir_readdir(d, atfd, name, base);
  if (!stralloc_copyb(&saved, d->path.s, base)) return dtenvdir_fail(d, "unable to read", errno);
  r = dtenvdir_readdir(d, atfd, name, base);
  if (r == 0) {
    stralloc_trunc(&d->path, 0);
    if (!stralloc_cat(&d->path, &saved) || !stralloc_0(&d->path))
      r = dtenvdir_fail(d, "unable to read", errno);
    else
      --d->path.len;
  }
  stralloc_free(&saved);
  return r;
}

int dtenvdir_load(struct dtenvdir *d, const char *dir)
{
  d->what = 0;
  d->err = 0;
  d->nseen = 0;
  stralloc_trunc(&d->path, 0);
  return dtenvdir_dir(d, AT_FDCWD, dir, 0);
}

void dtenvdir_free(struct dtenvdir *d)
{
  stralloc_free(&d->path);
  stralloc_free(&d->line);
}
