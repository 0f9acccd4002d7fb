/* tcpto.c — the table of remote hosts that timed out (see tcpto.h). */
#include <errno.h>
#include <unistd.h>

#include "byte.h"
#include "coe.h"
#include "ip.h"
#include "lock.h"
#include "open.h"
#include "tai.h"
#include "tcpto.h"

/* byte offsets inside a record */
#define REC_FAMILY 0
#define REC_COUNT 1
#define REC_WHEN 8
#define REC_ADDR 16

void tcpto_addr_ip4(struct tcpto_addr *a, const unsigned char ip[4])
{
  byte_zero(a, sizeof *a);
  a->family = TCPTO_IP4;
  byte_copy(a->ip, 4, ip);
}

void tcpto_addr_ip6(struct tcpto_addr *a, const unsigned char ip[16])
{
  if (ip6_is_v4mapped(ip)) {
    tcpto_addr_ip4(a, ip + 12);
    return;
  }
  byte_zero(a, sizeof *a);
  a->family = TCPTO_IP6;
  byte_copy(a->ip, 16, ip);
}

size_t tcpto_addr_fmt(char *out, const struct tcpto_addr *a)
{
  size_t len = a->family == TCPTO_IP6 ? ip6_fmt(out, a->ip) : ip4_fmt(out, a->ip);
  out[len] = 0;
  return len;
}

static int addr_same(const struct tcpto_addr *a, const struct tcpto_addr *b)
{
  return a->family == b->family && byte_equal(a->ip, 16, b->ip);
}

void tcpto_table_load(struct tcpto_table *t, const void *bytes, size_t len)
{
  if (len > TCPTO_FILE_MAX) len = TCPTO_FILE_MAX;
  t->n = len / TCPTO_RECORD;
  byte_copy(t->b, t->n * TCPTO_RECORD, bytes);
}

/* 1 when the bytes from..to of r are all zero */
static int rec_zero(const unsigned char *r, size_t from, size_t to)
{
  for (size_t i = from; i < to; ++i)
    if (r[i]) return 0;
  return 1;
}

int tcpto_get(const struct tcpto_table *t, size_t i, struct tcpto_entry *e)
{
  const unsigned char *r;
  struct tai label;
  time_t when;
  byte_zero(e, sizeof *e);
  if (i >= t->n) return 0;
  r = t->b + i * TCPTO_RECORD;
  if (r[REC_FAMILY] != TCPTO_IP4 && r[REC_FAMILY] != TCPTO_IP6) return 0;
  if (r[REC_COUNT] == 0 || r[REC_COUNT] > TCPTO_COUNT_MAX) return 0;
  if (!rec_zero(r, 2, REC_WHEN)) return 0;
  if (r[REC_FAMILY] == TCPTO_IP4 && !rec_zero(r, REC_ADDR + 4, TCPTO_RECORD)) return 0;
  tai_unpack(r + REC_WHEN, &label);
  if (!tai_tounix(&label, &when)) return 0;
  e->addr.family = r[REC_FAMILY];
  byte_copy(e->addr.ip, 16, r + REC_ADDR);
  e->count = r[REC_COUNT];
  e->when = when;
  return 1;
}

void tcpto_put(struct tcpto_table *t, size_t i, const struct tcpto_entry *e)
{
  unsigned char *r = t->b + i * TCPTO_RECORD;
  struct tai label;
  byte_zero(r, TCPTO_RECORD);
  if (e->count == 0 || e->addr.family == TCPTO_FREE) return;
  if (!tai_unix(&label, (int64_t)e->when)) return;
  r[REC_FAMILY] = (unsigned char)e->addr.family;
  r[REC_COUNT] = (unsigned char)(e->count > TCPTO_COUNT_MAX ? TCPTO_COUNT_MAX : e->count);
  tai_pack(r + REC_WHEN, &label);
  byte_copy(r + REC_ADDR, e->addr.family == TCPTO_IP4 ? 4 : 16, e->addr.ip);
}

/* the index of a's record in use, or -1 */
static long table_find(const struct tcpto_table *t, const struct tcpto_addr *a)
{
  struct tcpto_entry e;
  for (size_t i = 0; i < t->n; ++i)
    if (tcpto_get(t, i, &e) && addr_same(&e.addr, a)) return (long)i;
  return -1;
}

/* a slot for a new record: a free one, a new one at the end, or the one
 * whose last timeout (weighted by its count) is the oldest */
static size_t table_slot(struct tcpto_table *t)
{
  struct tcpto_entry e;
  size_t best = 0;
  long long bestkey = 0;
  for (size_t i = 0; i < t->n; ++i)
    if (!tcpto_get(t, i, &e)) return i;
  if (t->n < TCPTO_SLOTS_MAX) {
    byte_zero(t->b + t->n * TCPTO_RECORD, TCPTO_RECORD);
    return t->n++;
  }
  for (size_t i = 0; i < t->n; ++i) {
    long long key;
    (void)tcpto_get(t, i, &e);
    key = (long long)e.when + ((long long)e.count << 10);
    if (i == 0 || key < bestkey) { best = i; bestkey = key; }
  }
  return best;
}

long tcpto_table_mark(struct tcpto_table *t, const struct tcpto_addr *a, time_t now)
{
  struct tcpto_entry e;
  long i = table_find(t, a);
  if (i >= 0) {
    (void)tcpto_get(t, (size_t)i, &e);
    if ((long long)now < (long long)e.when + TCPTO_MERGE) return -1;
    if (e.count < TCPTO_COUNT_MAX) ++e.count;
  } else {
    i = (long)table_slot(t);
    e.addr = *a;
    e.count = 1;
  }
  e.when = now;
  tcpto_put(t, (size_t)i, &e);
  return i;
}

long tcpto_table_ok(struct tcpto_table *t, const struct tcpto_addr *a)
{
  struct tcpto_entry e;
  long i = table_find(t, a);
  if (i < 0) return -1;
  e.count = 0;
  e.addr.family = TCPTO_FREE;
  tcpto_put(t, (size_t)i, &e);
  return i;
}

int tcpto_table_check(const struct tcpto_table *t, const struct tcpto_addr *a,
                      time_t now, unsigned int spread)
{
  struct tcpto_entry e;
  long long window = (60LL + spread % (TCPTO_SPREAD_MAX + 1)) * 64;
  long i = table_find(t, a);
  if (i < 0) return 0;
  (void)tcpto_get(t, (size_t)i, &e);
  if (e.count < TCPTO_COUNT_SKIP) return 0;
  return (long long)now - (long long)e.when < window;
}

/* open path (rw: read and write), lock it, load the table; the fd or -1 */
static int table_open(const char *path, int rw, struct tcpto_table *t)
{
  size_t got = 0;
  int fd = rw ? open_readwrite(path) : open_read(path);
  if (fd == -1) return -1;
  if (coe_on(fd) == -1 || (rw ? lock_ex(fd) : lock_sh(fd)) == -1) goto fail;
  while (got < sizeof t->b) {
    ssize_t r = pread(fd, t->b + got, sizeof t->b - got, (off_t)got);
    if (r == -1) {
      if (errno == EINTR) continue;
      goto fail;
    }
    if (r == 0) break;
    got += (size_t)r;
  }
  t->n = got / TCPTO_RECORD;
  return fd;
fail:
  {
    int e = errno;
    close(fd);
    errno = e;
  }
  return -1;
}

/* write record i of t back at its place; close fd (releasing the lock) */
static int table_write(int fd, const struct tcpto_table *t, long i)
{
  int r = 0;
  if (i >= 0) {
    const unsigned char *rec = t->b + (size_t)i * TCPTO_RECORD;
    ssize_t w = pwrite(fd, rec, TCPTO_RECORD, (off_t)i * TCPTO_RECORD);
    if (w != TCPTO_RECORD) {
      if (w >= 0) errno = EIO;
      r = -1;
    }
  }
  if (r == -1) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return close(fd);
}

int tcpto_read(const char *path, struct tcpto_table *t)
{
  int fd = table_open(path, 0, t);
  if (fd == -1) return -1;
  close(fd);
  return 0;
}

int tcpto_check(const char *path, const struct tcpto_addr *a, time_t now, unsigned int spread)
{
  struct tcpto_table t;
  if (tcpto_read(path, &t) == -1) return -1;
  return tcpto_table_check(&t, a, now, spread);
}

int tcpto_mark(const char *path, const struct tcpto_addr *a, time_t now)
{
  struct tcpto_table t;
  int fd = table_open(path, 1, &t);
  if (fd == -1) return -1;
  return table_write(fd, &t, tcpto_table_mark(&t, a, now));
}

int tcpto_ok(const char *path, const struct tcpto_addr *a)
{
  struct tcpto_table t;
  int fd = table_open(path, 1, &t);
  if (fd == -1) return -1;
  return table_write(fd, &t, tcpto_table_ok(&t, a));
}

int tcpto_clear(const char *path)
{
  static const unsigned char zero[4096];
  off_t size, pos = 0;
  int fd = open_write(path);
  if (fd == -1) return -1;
  if (coe_on(fd) == -1 || lock_ex(fd) == -1) goto fail;
  size = lseek(fd, 0, SEEK_END);
  if (size == -1) goto fail;
  while (pos < size) {
    size_t n = size - pos < (off_t)sizeof zero ? (size_t)(size - pos) : sizeof zero;
    ssize_t w = pwrite(fd, zero, n, pos);
    if (w == -1) {
      if (errno == EINTR) continue;
      goto fail;
    }
    pos += w;
  }
  if (fsync(fd) == -1) goto fail;
  return close(fd);
fail:
  {
    int e = errno;
    close(fd);
    errno = e;
  }
  return -1;
}
