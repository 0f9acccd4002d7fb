/* cdb.c — bounds-checked reader of djb's constant database format. */
#include "cdb.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* bytes compared at a time when the file is read with pread */
#define CDB_CMP_CHUNK 256

static uint32_t cdb_unpack(const char *p)
{
  const unsigned char *u = (const unsigned char *)p;
  return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
}

uint32_t cdb_hash(const char *key, size_t len)
{
  uint32_t h = 5381;
  for (size_t i = 0; i < len; ++i) h = ((h << 5) + h) ^ (unsigned char)key[i];
  return h;
}

/* read len bytes at pos (64 bits, so that the pread loop cannot wrap) */
static int cdb_readat(struct cdb *c, char *buf, size_t len, uint64_t pos)
{
  if ((uint64_t)len > c->size || pos > c->size - len) { errno = EPROTO; return -1; }
  if (c->map) {
    if (len) memcpy(buf, c->map + pos, len);
    return 0;
  }
  while (len) {
    ssize_t r = pread(c->fd, buf, len, (off_t)pos);
    if (r < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (r == 0) { errno = EPROTO; return -1; } /* the file shrank under us */
    buf += r;
    len -= (size_t)r;
    pos += (uint64_t)r;
  }
  return 0;
}

int cdb_read(struct cdb *c, char *buf, size_t len, uint32_t pos)
{
  return cdb_readat(c, buf, len, pos);
}

/* read the two numbers of an 8-byte (a, b) pair at pos */
static int cdb_pair(struct cdb *c, uint32_t pos, uint32_t *a, uint32_t *b)
{
  char x[8];
  if (cdb_read(c, x, sizeof x, pos) == -1) return -1;
  *a = cdb_unpack(x);
  *b = cdb_unpack(x + 4);
  return 0;
}

/* the end of the record area: where the first non-empty table starts,
 * clamped to the file; the header when no table has slots */
static int cdb_setup(struct cdb *c)
{
  char h[CDB_HEADER_SIZE];
  uint64_t eod = UINT64_MAX;
  c->loop = 0;
  c->keypos = c->keylen = c->dpos = c->dlen = 0;
  if (c->size < CDB_HEADER_SIZE) { errno = EPROTO; return -1; }
  if (cdb_read(c, h, sizeof h, 0) == -1) return -1;
  for (int i = 0; i < 256; ++i) {
    uint32_t pos = cdb_unpack(h + 8 * i), slots = cdb_unpack(h + 8 * i + 4);
    if (slots && pos < eod) eod = pos;
  }
  if (eod == UINT64_MAX || eod < CDB_HEADER_SIZE) eod = CDB_HEADER_SIZE;
  if (eod > c->size) eod = c->size;
  c->eod = (uint32_t)eod;
  return 0;
}

int cdb_init_mem(struct cdb *c, const char *data, size_t len)
{
  memset(c, 0, sizeof *c);
  c->fd = -1;
  if (!data && len) { errno = EINVAL; return -1; }
  c->map = data;
  c->size = len;
  if (cdb_setup(c) == -1) { c->map = 0; return -1; }
  return 0;
}

int cdb_init(struct cdb *c, int fd)
{
  struct stat st;
  memset(c, 0, sizeof *c);
  c->fd = fd;
  if (fstat(fd, &st) == -1) return -1;
  if (st.st_size < CDB_HEADER_SIZE) { errno = EPROTO; return -1; }
  c->size = (uint64_t)st.st_size;
  if (S_ISREG(st.st_mode) && c->size <= SIZE_MAX) {
    void *m = mmap(0, (size_t)c->size, PROT_READ, MAP_SHARED, fd, 0);
    if (m != MAP_FAILED) { c->map = m; c->mapped = 1; }
  }
  if (cdb_setup(c) == -1) {
    int e = errno;
    cdb_free(c);
    errno = e;
    return -1;
  }
  return 0;
}

void cdb_free(struct cdb *c)
{
  if (c->mapped && c->map) munmap((void *)(uintptr_t)c->map, (size_t)c->size);
  c->map = 0;
  c->mapped = 0;
  c->size = 0;
}

void cdb_findstart(struct cdb *c) { c->loop = 0; }

/* 1 when the file holds key[0..len) at pos, 0 when not, -1 on error */
static int cdb_match(struct cdb *c, const char *key, size_t len, uint64_t pos)
{
  char x[CDB_CMP_CHUNK];
  if ((uint64_t)len > c->size || pos > c->size - len) { errno = EPROTO; return -1; }
  if (c->map) return len == 0 || memcmp(c->map + pos, key, len) == 0;
  while (len) {
    size_t n = len < sizeof x ? len : sizeof x;
    if (cdb_readat(c, x, n, pos) == -1) return -1;
    if (memcmp(x, key, n)) return 0;
    key += n;
    len -= n;
    pos += n;
  }
  return 1;
}

/* look at the record at rpos: 1 when its key is key (and record it as
 * found), 0 when not, -1 when the record is corrupt */
static int cdb_try(struct cdb *c, const char *key, uint32_t len, uint32_t rpos)
{
  uint32_t klen, dlen;
  uint64_t dpos;
  int r;
  if (cdb_pair(c, rpos, &klen, &dlen) == -1) return -1;
  if (klen != len) return 0;
  dpos = (uint64_t)rpos + 8 + klen;
  if (dpos > UINT32_MAX || dpos + dlen > c->size) { errno = EPROTO; return -1; }
  r = cdb_match(c, key, len, rpos + 8);
  if (r != 1) return r;
  c->keypos = rpos + 8;
  c->keylen = klen;
  c->dpos = (uint32_t)dpos;
  c->dlen = dlen;
  return 1;
}

/* find the table of hash h: 1 when it has slots, 0 when empty, -1 */
static int cdb_table(struct cdb *c, uint32_t h)
{
  uint64_t end;
  if (cdb_pair(c, (h & 255) << 3, &c->hpos, &c->hslots) == -1) return -1;
  if (!c->hslots) return 0;
  /* the table must lie inside the file and inside the 32-bit range */
  end = (uint64_t)c->hpos + (uint64_t)c->hslots * 8;
  if (end > c->size || end > (uint64_t)UINT32_MAX + 1) { errno = EPROTO; return -1; }
  c->khash = h;
  c->kslot = (h >> 8) % c->hslots;
  return 1;
}

int cdb_findnext(struct cdb *c, const char *key, size_t keylen)
{
  if (keylen > UINT32_MAX) return 0; /* no record can have such a key */
  if (!c->loop) {
    int r = cdb_table(c, cdb_hash(key, keylen));
    if (r <= 0) return r;
  }
  /* each slot of the table is looked at once at most, so a table with no
   * empty slot cannot make this loop forever */
  while (c->loop < c->hslots) {
    uint32_t h, rpos;
    int r;
    if (cdb_pair(c, (uint32_t)(c->hpos + (uint64_t)c->kslot * 8), &h, &rpos) == -1) return -1;
    if (!rpos) return 0;
    ++c->loop;
    if (++c->kslot == c->hslots) c->kslot = 0;
    if (h != c->khash) continue;
    r = cdb_try(c, key, (uint32_t)keylen, rpos);
    if (r != 0) return r;
  }
  return 0;
}

int cdb_find(struct cdb *c, const char *key, size_t keylen)
{
  cdb_findstart(c);
  return cdb_findnext(c, key, keylen);
}

uint32_t cdb_datapos(const struct cdb *c) { return c->dpos; }
uint32_t cdb_datalen(const struct cdb *c) { return c->dlen; }
uint32_t cdb_keypos(const struct cdb *c) { return c->keypos; }
uint32_t cdb_keylen(const struct cdb *c) { return c->keylen; }

void cdb_seqinit(const struct cdb *c, uint32_t *cursor)
{
  (void)c;
  *cursor = CDB_HEADER_SIZE;
}

int cdb_seqnext(struct cdb *c, uint32_t *cursor)
{
  uint32_t klen, dlen;
  uint64_t end;
  if (*cursor < CDB_HEADER_SIZE) { errno = EINVAL; return -1; }
  if (*cursor >= c->eod) return 0;
  if ((uint64_t)*cursor + 8 > c->eod) { errno = EPROTO; return -1; }
  if (cdb_pair(c, *cursor, &klen, &dlen) == -1) return -1;
  end = (uint64_t)*cursor + 8 + klen + dlen;
  if (end > c->eod) { errno = EPROTO; return -1; }
  c->keypos = *cursor + 8;
  c->keylen = klen;
  c->dpos = c->keypos + klen;
  c->dlen = dlen;
  *cursor = (uint32_t)end;
  return 1;
}
