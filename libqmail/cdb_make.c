/* cdb_make.c — writer of djb's constant database format, with a 4 GiB limit. */
#include "cdb_make.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cdb.h"

static void cdb_make_pack(char *p, uint32_t u)
{
  p[0] = (char)(u & 255);
  p[1] = (char)(u >> 8 & 255);
  p[2] = (char)(u >> 16 & 255);
  p[3] = (char)(u >> 24);
}

int cdb_make_start(struct cdb_make *m, int fd)
{
  m->rec = 0;
  m->n = m->a = 0;
  m->fd = fd;
  m->pos = CDB_HEADER_SIZE;
  buf_init(&m->b, buf_fdwrite, fd, m->space, sizeof m->space);
  /* the header is written last, when the tables' places are known */
  if (lseek(fd, CDB_HEADER_SIZE, SEEK_SET) == -1) return -1;
  return 0;
}

/* room for one more record in m->rec */
static int cdb_make_grow(struct cdb_make *m)
{
  size_t want, bytes;
  struct cdb_make_slot *p;
  if (m->n < m->a) return 0;
  want = m->a ? m->a + m->a / 2 : 64;
  if (want < m->a || __builtin_mul_overflow(want, sizeof *p, &bytes)) {
    errno = EOVERFLOW;
    return -1;
  }
  p = realloc(m->rec, bytes);
  if (!p) { errno = ENOMEM; return -1; }
  m->rec = p;
  m->a = want;
  return 0;
}

int cdb_make_add(struct cdb_make *m, const char *key, size_t keylen,
                 const char *data, size_t datalen)
{
  uint64_t end, total, tables, count;
  char h[8];
  /* the file once finished: records, this one, and two 8-byte slots per
   * record in the tables */
  if (__builtin_add_overflow((uint64_t)m->n, 1, &count) ||
      __builtin_mul_overflow(count, 16, &tables) ||
      __builtin_add_overflow(m->pos, 8, &end) ||
      __builtin_add_overflow(end, (uint64_t)keylen, &end) ||
      __builtin_add_overflow(end, (uint64_t)datalen, &end) ||
      __builtin_add_overflow(end, tables, &total) || total > CDB_MAKE_SIZE_MAX) {
    errno = EOVERFLOW;
    return -1;
  }
  if (cdb_make_grow(m) == -1) return -1;
  cdb_make_pack(h, (uint32_t)keylen);
  cdb_make_pack(h + 4, (uint32_t)datalen);
  if (buf_put(&m->b, h, sizeof h) == -1) return -1;
  if (keylen && buf_put(&m->b, key, keylen) == -1) return -1;
  if (datalen && buf_put(&m->b, data, datalen) == -1) return -1;
  m->rec[m->n].h = cdb_hash(key, keylen);
  m->rec[m->n].pos = (uint32_t)m->pos;
  ++m->n;
  m->pos = end;
  return 0;
}

/* write one table: the count records of split, each at its hash's slot
 * in a table of 2 * count slots, probing linearly; tab has the room */
static int cdb_make_table(struct cdb_make *m, const struct cdb_make_slot *split,
                          size_t count, struct cdb_make_slot *tab)
{
  size_t len = count * 2; /* count <= n, which fits: checked in add */
  char x[8];
  for (size_t u = 0; u < len; ++u) tab[u].h = tab[u].pos = 0;
  for (size_t u = 0; u < count; ++u) {
    size_t where = (split[u].h >> 8) % len;
    while (tab[where].pos)
      if (++where == len) where = 0;
    tab[where] = split[u];
  }
  for (size_t u = 0; u < len; ++u) {
    cdb_make_pack(x, tab[u].h);
    cdb_make_pack(x + 4, tab[u].pos);
    if (buf_put(&m->b, x, sizeof x) == -1) return -1;
  }
  m->pos += (uint64_t)len * 8;
  return 0;
}

/* write the header at the start of the file */
static int cdb_make_header(struct cdb_make *m, const char *h)
{
  size_t done = 0;
  while (done < CDB_HEADER_SIZE) {
    ssize_t w = pwrite(m->fd, h + done, CDB_HEADER_SIZE - done, (off_t)done);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (w == 0) { errno = EIO; return -1; }
    done += (size_t)w;
  }
  return 0;
}

/* room for n slots (at least one), overflow-checked; NULL with errno */
static struct cdb_make_slot *cdb_make_slots(size_t n)
{
  size_t bytes;
  struct cdb_make_slot *p;
  if (__builtin_mul_overflow(n ? n : 1, sizeof *p, &bytes)) { errno = EOVERFLOW; return 0; }
  p = malloc(bytes);
  if (!p) errno = ENOMEM;
  return p;
}

/* group the records by table, keeping their order, and write the tables;
 * the header gets each table's place */
static int cdb_make_tables(struct cdb_make *m, char *header)
{
  size_t count[256] = { 0 }, start[256], max = 0, sum = 0;
  struct cdb_make_slot *split, *tab;
  int r = 0;
  for (size_t i = 0; i < m->n; ++i) ++count[m->rec[i].h & 255];
  for (int i = 0; i < 256; ++i) {
    start[i] = sum;
    sum += count[i];
    if (count[i] > max) max = count[i];
  }
  /* max <= n, and add kept 16 * n under 4 GiB: 2 * max cannot wrap */
  split = cdb_make_slots(m->n);
  if (!split) return -1;
  tab = cdb_make_slots(2 * max);
  if (!tab) { free(split); return -1; }
  for (size_t i = 0; i < m->n; ++i) split[start[m->rec[i].h & 255]++] = m->rec[i];
  for (int i = 0; i < 256 && r == 0; ++i) {
    cdb_make_pack(header + 8 * i, (uint32_t)m->pos);
    cdb_make_pack(header + 8 * i + 4, (uint32_t)(count[i] * 2));
    r = cdb_make_table(m, split + (start[i] - count[i]), count[i], tab);
  }
  free(split);
  free(tab);
  return r;
}

int cdb_make_finish(struct cdb_make *m)
{
  char header[CDB_HEADER_SIZE];
  int r = -1;
  if (buf_flush(&m->b) == 0 && cdb_make_tables(m, header) == 0 &&
      buf_flush(&m->b) == 0 && cdb_make_header(m, header) == 0)
    r = 0;
  if (r == -1) {
    int e = errno;
    cdb_make_free(m);
    errno = e;
    return -1;
  }
  cdb_make_free(m);
  return 0;
}

void cdb_make_free(struct cdb_make *m)
{
  free(m->rec);
  m->rec = 0;
  m->n = m->a = 0;
}
