/* control.c — qmail control files: the list parser and the bounded readers. */
#include "control.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "case.h"
#include "cdb.h"
#include "scan.h"

/* how much is read at a time */
#define CONTROL_CHUNK 65536u

static int control_isblank(char c) { return c == ' ' || c == '\t'; }
static int control_istrail(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* one physical line: append it to out as an entry unless it is blank or a
 * comment. 1 appended, 0 dropped, -1 error. */
static int control_line(const char *line, size_t ll, stralloc *out)
{
  size_t j = 0;
  if (ll > CONTROL_LINE_MAX) { errno = EMSGSIZE; return -1; }
  if (ll && memchr(line, 0, ll)) { errno = EINVAL; return -1; }
  while (ll && control_istrail(line[ll - 1])) --ll;
  if (!ll) return 0;
  while (j < ll && control_isblank(line[j])) ++j;
  if (line[j] == '#') return 0;
  if (!stralloc_catb(out, line, ll) || !stralloc_0(out)) return -1;
  return 1;
}

int control_parse(const char *data, size_t len, stralloc *out, size_t maxlines,
                  size_t *nlines)
{
  size_t pos = 0, n = 0;
  if (nlines) *nlines = 0;
  out->len = 0;
  if (len > CONTROL_MAX_BYTES) { errno = EFBIG; return -1; }
  if (len && !data) { errno = EINVAL; return -1; }
  while (pos < len && (!maxlines || n < maxlines)) {
    const char *line = data + pos;
    const char *nl = memchr(line, '\n', len - pos);
    size_t ll = nl ? (size_t)(nl - line) : len - pos;
    int r;
    pos += nl ? ll + 1 : ll;
    r = control_line(line, ll, out);
    if (r < 0) { out->len = 0; return -1; }
    n += (size_t)r;
  }
  if (nlines) *nlines = n;
  return 0;
}

/* read all of the open regular file fd into raw, at most CONTROL_MAX_BYTES */
static int control_slurpfd(int fd, stralloc *raw)
{
  struct stat st;
  raw->len = 0;
  if (fstat(fd, &st) == -1) return -1;
  if (S_ISDIR(st.st_mode)) { errno = EISDIR; return -1; }
  if (!S_ISREG(st.st_mode)) { errno = EINVAL; return -1; }
  for (;;) {
    ssize_t r;
    if (!stralloc_readyplus(raw, CONTROL_CHUNK)) return -1;
    r = read(fd, raw->s + raw->len, CONTROL_CHUNK);
    if (r == -1) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (r == 0) return 1;
    raw->len += (size_t)r;
    if (raw->len > CONTROL_MAX_BYTES) { errno = EFBIG; return -1; }
  }
}

/* the raw bytes of the file at path: 1 read, 0 absent, -1 error */
static int control_slurp(const char *path, stralloc *raw)
{
  int fd, r, e;
  /* O_NONBLOCK: a FIFO put where a control file belongs must not hang us */
  fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  if (fd == -1) return errno == ENOENT ? 0 : -1;
  r = control_slurpfd(fd, raw);
  e = errno;
  close(fd);
  errno = e;
  return r;
}

/* the file's entries (at most maxlines) parsed into out: 1, 0 absent, -1 */
static int control_load(const char *path, stralloc *out, size_t maxlines, size_t *n)
{
  stralloc raw = STRALLOC_ZERO;
  int r = control_slurp(path, &raw), e;
  if (r == 1 && control_parse(raw.s, raw.len, out, maxlines, n) == -1) r = -1;
  e = errno;
  stralloc_free(&raw);
  errno = e;
  return r;
}

int control_readline(stralloc *out, const char *path)
{
  stralloc tmp = STRALLOC_ZERO;
  size_t n;
  int r = control_load(path, &tmp, 1, &n), e;
  if (r == 1) {
    /* tmp holds "entry\0" or nothing: keep the NUL, uncounted */
    if (n == 0 && !stralloc_0(&tmp)) r = -1;
    else if (!stralloc_copyb(out, tmp.s, tmp.len)) r = -1;
    else out->len--;
  }
  e = errno;
  stralloc_free(&tmp);
  errno = e;
  return r;
}

/* readnum: the first line of path, which must be a number and nothing
 * else, through scan (a scan_* of scan.h that stores in out only on
 * success); the return and errno conventions of control_readulong */
static int control_readnum(const char *path, size_t (*scan)(const char *, size_t, void *),
                           void *out)
{
  stralloc line = STRALLOC_ZERO;
  int r = control_readline(&line, path), e;
  if (r == 1) {
    size_t k = scan(line.s, line.len, out);
    if (!k) r = -1;
    else if (k != line.len) { errno = EINVAL; r = -1; }
  }
  e = errno;
  stralloc_free(&line);
  errno = e;
  return r;
}

static size_t control_scan_ulong(const char *s, size_t len, void *out)
{
  unsigned long v;
  size_t k = scan_ulong(s, len, &v);
  if (k && k == len) *(unsigned long *)out = v;
  return k;
}

static size_t control_scan_int(const char *s, size_t len, void *out)
{
  int v;
  size_t k = scan_int(s, len, &v);
  if (k && k == len) *(int *)out = v;
  return k;
}

int control_readulong(unsigned long *out, const char *path)
{
  return control_readnum(path, control_scan_ulong, out);
}

int control_readint(int *out, const char *path)
{
  return control_readnum(path, control_scan_int, out);
}

int control_readfile(stralloc *out, const char *path)
{
  int r = control_load(path, out, 0, 0);
  if (r != 1) out->len = 0;
  return r;
}

int control_readmap(constmap *map, stralloc *storage, const char *path, int splitcolon)
{
  int r = control_readfile(storage, path), e;
  if (r == -1) {
    e = errno;
    stralloc_free(storage);
    errno = e;
    return -1;
  }
  if (!constmap_init(map, storage->len ? storage->s : 0, storage->len, splitcolon)) {
    e = errno;
    stralloc_free(storage);
    errno = e;
    return -1;
  }
  return r;
}

int control_cdb_contains(const char *path, const char *key, size_t keylen)
{
  char fold[CONTROL_LINE_MAX];
  struct cdb c;
  int fd, r, e;
  if (keylen && !key) { errno = EINVAL; return -1; }
  fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  if (fd == -1) return -1;
  if (keylen > sizeof fold) { close(fd); return 0; }
  if (keylen) memcpy(fold, key, keylen);
  case_lowerb(fold, keylen);
  if (cdb_init(&c, fd) == -1) {
    e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  r = cdb_find(&c, fold, keylen);
  e = errno;
  cdb_free(&c);
  close(fd);
  errno = e;
  return r;
}
