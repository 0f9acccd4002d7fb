/* qread.c — reading queued messages and qmail-qread's lines (see qread.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "byte.h"
#include "coe.h"
#include "fmt.h"
#include "getln.h"
#include "open.h"
#include "qpath.h"
#include "qread.h"
#include "scan.h"
#include "str.h"

int qread_queues(const struct paths *ps, stralloc *out, size_t *count)
{
  stralloc q = STRALLOC_ZERO;
  out->len = 0;
  *count = 0;
  if (paths_fromenv(ps, PATHS_QUEUEDIR)) {
    if (!stralloc_copys(out, paths_get(ps, PATHS_QUEUEDIR)) || !stralloc_0(out)) return -1;
    *count = 1;
    return 0;
  }
  for (unsigned long i = 0; i < ps->queue_count; ++i) {
    if (paths_queue(ps, ps->queue_start + i, &q) == -1 || !stralloc_catb(out, q.s, q.len) ||
        !stralloc_0(out)) {
      stralloc_free(&q);
      return -1;
    }
    ++*count;
  }
  stralloc_free(&q);
  return 0;
}

const char *qread_qname(const char *dir)
{
  size_t len = str_len(dir);
  size_t i;
  while (len > 1 && dir[len - 1] == '/') --len;
  for (i = len; i > 0 && dir[i - 1] != '/'; --i) {}
  return dir + i;
}

static int num_cmp(const void *a, const void *b)
{
  unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
  return x < y ? -1 : x > y;
}

/* add the numeric names of directory dir to nums */
static int scan_dir(qread_nums *nums, const char *dir)
{
  DIR *d = opendir(dir);
  struct dirent *de;
  if (!d) return -1;
  for (;;) {
    unsigned long n;
    size_t len;
    errno = 0;
    if (!(de = readdir(d))) break;
    len = str_len(de->d_name);
    if (!len || scan_ulong(de->d_name, len, &n) != len) continue;
    if (nums->len >= QREAD_MESSAGES_MAX) { errno = EOVERFLOW; break; }
    if (!qread_nums_append(nums, n)) break;
  }
  {
    int e = errno;
    closedir(d);
    errno = e;
  }
  return errno ? -1 : 0;
}

int qread_scan(qread_nums *nums, int todo, unsigned long split)
{
  char dir[8 + FMT_ULONG];
  nums->len = 0;
  if (todo) {
    if (scan_dir(nums, "todo") == -1) return -1;
  } else {
    for (unsigned long s = 0; s < split; ++s) {
      size_t i = fmt_str(dir, "info/");
      dir[i + fmt_ulong(dir + i, s)] = 0;
      if (scan_dir(nums, dir) == -1) return -1;
    }
  }
  if (nums->len) qsort(nums->items, nums->len, sizeof nums->items[0], num_cmp);
  return 0;
}

int qread_exists(unsigned long num, unsigned long split)
{
  stralloc fn = STRALLOC_ZERO;
  struct stat st;
  int r;
  if (!qpath_file(&fn, QPATH_INFO, num, split)) return -1;
  r = stat(fn.s, &st) == 0 ? 1 : errno == ENOENT ? 0 : -1;
  stralloc_free(&fn);
  return r;
}

/* the F record of the file on fd into m->sender */
static int load_sender(struct qread_msg *m, int fd, stralloc *tmp)
{
  char space[1024];
  buf b;
  int match;
  buf_init(&b, buf_fdread, fd, space, sizeof space);
  m->sender.len = 0;
  for (;;) {
    if (getln(&b, tmp, &match, 0, QREAD_RECORD_MAX) == -1) return -1;
    if (!match) return 0;    /* no sender (yet): shown as <> */
    if (tmp->len && tmp->s[0] == 'F') break;
    if (!m->todo) return 0;  /* an info file holds the F record only */
  }
  return stralloc_copyb(&m->sender, tmp->s + 1, tmp->len - 2) ? 0 : -1;
}

/* stat fn into st; 1, 0 when it is not there, -1 */
static int stat_opt(const char *fn, struct stat *st)
{
  if (stat(fn, st) == 0) return 1;
  return errno == ENOENT ? 0 : -1;
}

int qread_load(struct qread_msg *m, unsigned long num, int todo, unsigned long split, stralloc *tmp)
{
  struct stat st;
  int fd, r;
  m->num = num;
  m->todo = todo;
  if (!qpath_file(tmp, todo ? QPATH_TODO : QPATH_INFO, num, split)) return -1;
  fd = open_read(tmp->s);
  if (fd == -1) return errno == ENOENT ? 0 : -1;
  if (fstat(fd, &st) == -1 || load_sender(m, fd, tmp) == -1) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  close(fd);
  m->birth = st.st_mtime;
  if (!qpath_file(tmp, QPATH_MESS, num, split)) return -1;
  if ((r = stat_opt(tmp->s, &st)) != 1) {
    if (r == 0) errno = ENOENT;  /* info without mess: trouble */
    return -1;
  }
  m->size = (unsigned long long)st.st_size;
  m->bouncing = 0;
  if (!todo) {
    if (!qpath_file(tmp, QPATH_BOUNCE, num, split)) return -1;
    if ((r = stat_opt(tmp->s, &st)) == -1) return -1;
    m->bouncing = r;
  }
  return 1;
}

int qread_rcpts_open(struct qread_rcpts *r, enum qread_chan chan, unsigned long num,
                     unsigned long split, int rw, stralloc *tmp)
{
  static const enum qpath_dir dirs[] = { QPATH_LOCAL, QPATH_REMOTE, QPATH_TODO };
  r->fd = -1;
  r->rec.s = 0;
  r->rec.len = r->rec.a = 0;
  if (!qpath_file(tmp, dirs[chan], num, split)) return -1;
  r->fd = rw ? open_readwrite(tmp->s) : open_read(tmp->s);
  if (r->fd == -1) return errno == ENOENT ? 0 : -1;
  if (coe_on(r->fd) == -1) {
    qread_rcpts_close(r);
    return -1;
  }
  r->chan = chan;
  r->off = 0;
  buf_init(&r->b, buf_fdread, r->fd, r->space, sizeof r->space);
  return 1;
}

int qread_rcpts_next(struct qread_rcpts *r, struct qread_rcpt *out)
{
  int match;
  for (;;) {
    off_t here = r->off;
    char type;
    if (getln(&r->b, &r->rec, &match, 0, QREAD_RECORD_MAX) == -1) return -1;
    if (!match) return 0;
    r->off += (off_t)r->rec.len;
    type = r->rec.s[0];
    if (type != 'T' && (type != 'D' || r->chan == QREAD_TODO)) continue;
    out->state = type;
    out->addr = r->rec.s + 1;
    out->len = r->rec.len - 2;
    out->off = here;
    return 1;
  }
}

void qread_rcpts_close(struct qread_rcpts *r)
{
  if (r->fd != -1) close(r->fd);
  r->fd = -1;
  stralloc_free(&r->rec);
}

int qread_fmt_text(stralloc *out, const char *s, size_t len)
{
  size_t start = out->len;
  if (!stralloc_catb(out, s, len)) return 0;
  for (size_t i = start; i < out->len; ++i)
    if ((unsigned char)out->s[i] < 32 || (unsigned char)out->s[i] > 126) out->s[i] = '_';
  return 1;
}

int qread_fmt_date(stralloc *out, time_t t)
{
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  struct tm tm;
  if (!gmtime_r(&t, &tm)) { errno = EOVERFLOW; return 0; }
  return stralloc_catulong0(out, (unsigned long long)tm.tm_mday, 1) && stralloc_append(out, ' ') &&
         stralloc_catb(out, months + 3 * tm.tm_mon, 3) && stralloc_append(out, ' ') &&
         stralloc_catlong(out, (long long)tm.tm_year + 1900) && stralloc_append(out, ' ') &&
         stralloc_catulong0(out, (unsigned long long)tm.tm_hour, 2) && stralloc_append(out, ':') &&
         stralloc_catulong0(out, (unsigned long long)tm.tm_min, 2) && stralloc_append(out, ':') &&
         stralloc_catulong0(out, (unsigned long long)tm.tm_sec, 2) && stralloc_cats(out, " GMT");
}

int qread_fmt_head(stralloc *out, const struct qread_msg *m, const char *qname)
{
  return qread_fmt_date(out, m->birth) && stralloc_cats(out, "  ") &&
         qread_fmt_text(out, qname, str_len(qname)) && stralloc_cats(out, "/#") &&
         stralloc_catulong0(out, m->num, 1) && stralloc_cats(out, "  ") &&
         stralloc_catulong0(out, m->size, 1) && stralloc_cats(out, "  <") &&
         qread_fmt_text(out, m->sender.s, m->sender.len) && stralloc_cats(out, "> ") &&
         (!m->bouncing || stralloc_cats(out, " bouncing"));
}

int qread_fmt_rcpt(stralloc *out, enum qread_chan chan, const struct qread_rcpt *r)
{
  static const char *const names[] = { "\tlocal\t", "\tremote\t", "\ttodo\t" };
  return (r->state != 'D' || stralloc_cats(out, "  done")) && stralloc_cats(out, names[chan]) &&
         qread_fmt_text(out, r->addr, r->len);
}

void qread_msg_free(struct qread_msg *m)
{
  stralloc_free(&m->sender);
}
