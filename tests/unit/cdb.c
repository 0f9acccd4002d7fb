/* cdb.c — unit test for libqmail/cdb: lookups, iteration, corrupt files, and tinycdb's files. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "cdb.h"
#include "cdb_make.h"
#include "stralloc.h"
#include "tap.h"
#include "tcdb.h"
#include "tfile.h"

#define NREC 12000

static void pack(char *p, uint32_t u)
{
  p[0] = (char)u; p[1] = (char)(u >> 8); p[2] = (char)(u >> 16); p[3] = (char)(u >> 24);
}

/* 1 when the data of the record found last is want[0..n) */
static int data_is(struct cdb *c, const char *want, size_t n)
{
  char x[256];
  if (cdb_datalen(c) != n || n > sizeof x) return 0;
  return cdb_read(c, x, n, cdb_datapos(c)) == 0 && memcmp(x, want, n) == 0;
}

/* a small database made with our writer, in memory */
static int small_db(stralloc *out, const char *dir)
{
  static const char *const kv[][2] = {
    { "one", "1" }, { "two", "2" }, { "one", "uno" }, { "", "empty key" },
    { "nodata", "" }, { "one", "eins" }, { "three", "3" },
  };
  char path[4200];
  struct cdb_make m;
  int fd, good;
  snprintf(path, sizeof path, "%s/small.cdb", dir);
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  good = fd >= 0 && cdb_make_start(&m, fd) == 0;
  for (size_t i = 0; good && i < sizeof kv / sizeof kv[0]; ++i)
    good = cdb_make_add(&m, kv[i][0], strlen(kv[i][0]), kv[i][1], strlen(kv[i][1])) == 0;
  good = good && cdb_make_add(&m, "b\0n", 3, "\0\xff\n", 3) == 0;
  good = good && cdb_make_finish(&m) == 0;
  if (fd >= 0) close(fd);
  return good && tfile_slurp(path, out);
}

static void check_lookups(struct cdb *c, const char *how)
{
  ok(cdb_find(c, "two", 3) == 1 && data_is(c, "2", 1), "%s: find two", how);
  ok(cdb_find(c, "one", 3) == 1 && data_is(c, "1", 1), "%s: first one", how);
  ok(cdb_findnext(c, "one", 3) == 1 && data_is(c, "uno", 3), "%s: second one", how);
  ok(cdb_findnext(c, "one", 3) == 1 && data_is(c, "eins", 4), "%s: third one", how);
  is_int(cdb_findnext(c, "one", 3), 0, "%s: no fourth one", how);
  is_int(cdb_findnext(c, "one", 3), 0, "%s: and still none", how);
  ok(cdb_find(c, "", 0) == 1 && data_is(c, "empty key", 9), "%s: the empty key", how);
  ok(cdb_find(c, "nodata", 6) == 1 && cdb_datalen(c) == 0, "%s: empty data", how);
  ok(cdb_find(c, "b\0n", 3) == 1 && data_is(c, "\0\xff\n", 3), "%s: binary key and data", how);
  is_int(cdb_find(c, "b", 1), 0, "%s: a prefix of a key is not the key", how);
  is_int(cdb_find(c, "four", 4), 0, "%s: a missing key", how);
  is_int(cdb_find(c, "onee", 4), 0, "%s: a longer key", how);
}

static void test_small(const char *dir)
{
  stralloc db = STRALLOC_ZERO;
  struct cdb c;
  char path[4200];
  uint32_t cur;
  int fd, n = 0, r;
  ok(small_db(&db, dir), "build a small database");
  ok(cdb_init_mem(&c, db.s, db.len) == 0, "init_mem");
  check_lookups(&c, "memory");
  cdb_seqinit(&c, &cur);
  while ((r = cdb_seqnext(&c, &cur)) == 1) {
    if (n == 0)
      ok(cdb_keypos(&c) == 2056 && cdb_keylen(&c) == 3 && memcmp(db.s + 2056, "one", 3) == 0 &&
         cdb_datapos(&c) == 2059 && data_is(&c, "1", 1), "iteration: first record is one/1");
    if (n == 2)
      ok(cdb_keylen(&c) == 3 && memcmp(db.s + cdb_keypos(&c), "one", 3) == 0 && data_is(&c, "uno", 3),
         "iteration: third record is one/uno");
    ++n;
  }
  ok(r == 0 && n == 8, "iteration sees all 8 records, then the end (%d)", n);
  cdb_free(&c);

  snprintf(path, sizeof path, "%s/small.cdb", dir);
  fd = open(path, O_RDONLY);
  ok(fd >= 0 && cdb_init(&c, fd) == 0 && c.map != 0, "init on a file maps it");
  check_lookups(&c, "mmap");
  /* the pread path: drop the mapping as if mmap had failed */
  munmap((void *)(uintptr_t)c.map, (size_t)c.size);
  c.map = 0;
  c.mapped = 0;
  check_lookups(&c, "pread");
  {
    char x[4];
    errno = 0;
    ok(cdb_read(&c, x, 2, (uint32_t)db.len - 1) == -1 && errno == EPROTO, "pread: read past the end: EPROTO");
  }
  cdb_free(&c);
  cdb_free(&c);
  if (fd >= 0) close(fd);
  stralloc_free(&db);
}

/* a fresh copy of the empty-database header with table t at pos/slots */
static void header(char *h, size_t t, uint32_t pos, uint32_t slots)
{
  for (size_t i = 0; i < 256; ++i) { pack(h + 8 * i, 2048); pack(h + 8 * i + 4, 0); }
  pack(h + 8 * t, pos);
  pack(h + 8 * t + 4, slots);
}

/* every slot of the 64-slot table at 3072: hash h, record at pos */
static void slots(char *f, uint32_t h, uint32_t pos)
{
  for (size_t i = 0; i < 64; ++i) { pack(f + 3072 + 8 * i, h); pack(f + 3072 + 8 * i + 4, pos); }
}

static void test_corrupt(void)
{
  static char f[4096];
  struct cdb c;
  uint32_t h = cdb_hash("key", 3), cur;
  size_t t = h & 255;
  char x[8];

  errno = 0;
  ok(cdb_init_mem(&c, f, 2047) == -1 && errno == EPROTO, "2047 bytes: EPROTO");
  errno = 0;
  ok(cdb_init_mem(&c, 0, 0) == -1 && errno == EPROTO, "no bytes: EPROTO");
  errno = 0;
  ok(cdb_init_mem(&c, 0, 5000) == -1 && errno == EINVAL, "NULL data: EINVAL");
  is_int(cdb_hash("", 0), 5381, "hash of nothing is 5381");
  is_int(cdb_hash("a", 1), (5381u * 33) ^ 'a', "hash of one byte");

  header(f, t, 4000, 1000);
  ok(cdb_init_mem(&c, f, 4096) == 0, "a header whose table runs past the end opens");
  errno = 0;
  ok(cdb_find(&c, "key", 3) == -1 && errno == EPROTO, "lookup: EPROTO");
  header(f, t, 0xfffffff0u, 1);
  ok(cdb_init_mem(&c, f, 4096) == 0 && cdb_find(&c, "key", 3) == -1 && errno == EPROTO,
     "a table far past the end: EPROTO");
  header(f, t, 2048, 0x20000000u);
  errno = 0;
  ok(cdb_init_mem(&c, f, 4096) == 0 && cdb_find(&c, "key", 3) == -1 && errno == EPROTO,
     "a slot count whose byte size wraps 32 bits: EPROTO");

  /* a full table of matching hashes whose records hold other keys: the
   * lookup looks at each slot once and stops */
  header(f, t, 3072, 64);
  slots(f, h, 2048);
  pack(f + 2048, 3); pack(f + 2052, 0); memcpy(f + 2056, "kez", 3);
  ok(cdb_init_mem(&c, f, 4096) == 0, "a full table with no empty slot opens");
  is_int(cdb_find(&c, "key", 3), 0, "lookup ends: not found");
  is_int(c.loop, 64, "each slot looked at once");
  is_int(cdb_findnext(&c, "key", 3), 0, "findnext after the end: still not found");
  /* the same with the record really holding the key: found 64 times */
  memcpy(f + 2056, "key", 3);
  {
    int n = 0, r;
    cdb_findstart(&c);
    while ((r = cdb_findnext(&c, "key", 3)) == 1) ++n;
    ok(r == 0 && n == 64, "64 slots naming one record: 64 finds, then the end (%d)", n);
  }
  /* slots pointing past the end, or a record running past it */
  slots(f, h, 4093);
  errno = 0;
  ok(cdb_find(&c, "key", 3) == -1 && errno == EPROTO, "a record header past the end: EPROTO");
  slots(f, h, 2048);
  pack(f + 2052, 0xffffffffu);
  errno = 0;
  ok(cdb_find(&c, "key", 3) == -1 && errno == EPROTO, "data running past the end: EPROTO");
  pack(f + 2052, 4096 - 2048 - 8 - 3);
  ok(cdb_find(&c, "key", 3) == 1 && cdb_datapos(&c) == 2059 && cdb_datalen(&c) == 4096 - 2059,
     "data ending exactly at the end is fine");
  slots(f, h, 4086);
  pack(f + 4086, 3);
  pack(f + 4090, 0);
  errno = 0;
  ok(cdb_find(&c, "key", 3) == -1 && errno == EPROTO, "a key running past the end: EPROTO");
  slots(f, h ^ 1, 4093);
  is_int(cdb_find(&c, "key", 3), 0, "slots with other hashes are not followed");
  slots(f, h, 0);
  is_int(cdb_find(&c, "key", 3), 0, "an empty slot ends the lookup");
  is_int(c.loop, 0, "at once");
  errno = 0;
  ok(cdb_read(&c, x, 8, 4089) == -1 && errno == EPROTO, "read over the end: EPROTO");
  ok(cdb_read(&c, x, 8, 4088) == 0, "read up to the end: fine");
  errno = 0;
  ok(cdb_read(&c, x, SIZE_MAX, 0) == -1 && errno == EPROTO, "read of SIZE_MAX bytes: EPROTO");

  /* iteration: the record area ends where the first table starts */
  header(f, t, 2048 + 11, 2);
  pack(f + 2048, 3); pack(f + 2052, 0); memcpy(f + 2056, "key", 3);
  ok(cdb_init_mem(&c, f, 4096) == 0, "one record before its table");
  cdb_seqinit(&c, &cur);
  ok(cdb_seqnext(&c, &cur) == 1 && cdb_keypos(&c) == 2056 && cdb_keylen(&c) == 3 &&
     cdb_datapos(&c) == 2059 && cdb_datalen(&c) == 0, "iteration gives it");
  is_int(cdb_seqnext(&c, &cur), 0, "then the end");
  header(f, t, 2048 + 10, 2);
  ok(cdb_init_mem(&c, f, 4096) == 0, "a record that overlaps the table");
  cdb_seqinit(&c, &cur);
  errno = 0;
  ok(cdb_seqnext(&c, &cur) == -1 && errno == EPROTO, "iteration: EPROTO");
  header(f, t, 2048 + 4, 2);
  ok(cdb_init_mem(&c, f, 4096) == 0, "a table inside a record header");
  cdb_seqinit(&c, &cur);
  ok(cdb_seqnext(&c, &cur) == -1 && errno == EPROTO, "iteration: EPROTO");
  header(f, t, 100, 2);
  ok(cdb_init_mem(&c, f, 4096) == 0, "a table inside the header");
  cdb_seqinit(&c, &cur);
  is_int(cdb_seqnext(&c, &cur), 0, "iteration: no records");
  cur = 5;
  errno = 0;
  ok(cdb_seqnext(&c, &cur) == -1 && errno == EINVAL, "a cursor inside the header: EINVAL");
  header(f, t, 9000, 2);
  ok(cdb_init_mem(&c, f, 4096) == 0 && c.eod == 4096, "a table past the end: records up to the end");
}

/* a file over 4 GiB (sparse memory): tables must stay in the 32-bit range */
static void test_huge(void)
{
  size_t len = (size_t)UINT32_MAX + 1 + 4096;
  uint32_t h = cdb_hash("key", 3);
  struct cdb c;
  char x[2];
  char *f;
  if (sizeof(size_t) < 8) { skip(4, "32-bit size_t"); return; }
  f = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (f == MAP_FAILED) { skip(4, "cannot map 4 GiB of address space"); return; }
  header(f, h & 255, 0xfffffff8u, 2);
  ok(cdb_init_mem(&c, f, len) == 0, "a 4 GiB + 4 KiB database opens");
  errno = 0;
  ok(cdb_find(&c, "key", 3) == -1 && errno == EPROTO, "a table crossing 4 GiB: EPROTO");
  header(f, h & 255, 0xfffffff0u, 2);
  pack(f + 0xfffffff0u, h);
  pack(f + 0xfffffff4u, 0);
  is_int(cdb_find(&c, "key", 3), 0, "a table ending at 4 GiB is read");
  f[0xffffffffu] = 'a';
  f[(size_t)0xffffffffu + 1] = 'b';
  ok(cdb_read(&c, x, 2, 0xffffffffu) == 0 && x[0] == 'a' && x[1] == 'b', "a read across 4 GiB");
  munmap(f, len);
}

/* flip bytes of a valid database: lookups and iteration may fail but
 * never crash, loop, or read outside (the sanitizers watch) */
static void test_mutations(const char *dir)
{
  stralloc db = STRALLOC_ZERO, copy = STRALLOC_ZERO;
  static const char *const keys[] = { "one", "two", "three", "", "nodata", "four" };
  uint32_t seed = 12345;
  int bad = 0, errors = 0;
  if (!small_db(&db, dir) || !stralloc_copy(&copy, &db)) { ok(0, "small db"); return; }
  for (int round = 0; round < 3000; ++round) {
    struct cdb c;
    uint32_t cur;
    int r, steps;
    memcpy(copy.s, db.s, db.len);
    for (int j = 0; j < 1 + round % 4; ++j) {
      seed = seed * 1103515245u + 12345u;
      copy.s[(seed >> 8) % copy.len] ^= (char)(1u << (seed >> 4 & 7));
    }
    if (cdb_init_mem(&c, copy.s, copy.len) != 0) { bad = 1; break; }
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; ++k) {
      cdb_findstart(&c);
      steps = 0;
      while ((r = cdb_findnext(&c, keys[k], strlen(keys[k]))) == 1 && ++steps < 1000) {
        char x[64];
        if (cdb_datalen(&c) <= sizeof x && cdb_read(&c, x, cdb_datalen(&c), cdb_datapos(&c)) != 0) bad = 1;
      }
      if (r == -1) ++errors;
      if (steps >= 1000) bad = 1; /* more finds than the file has slots */
    }
    cdb_seqinit(&c, &cur);
    steps = 0;
    while ((r = cdb_seqnext(&c, &cur)) == 1 && ++steps < 1000) {}
    if (steps >= 1000) bad = 1; /* more records than the file has room for */
  }
  ok(!bad, "3000 damaged databases: no crash, every walk ends");
  ok(errors > 0, "and damage is reported (%d lookups failed)", errors);
  stralloc_free(&db);
  stralloc_free(&copy);
}

/* record i of the big set: keys repeat every 4000; record 0 has an empty
 * key and empty data; keys and data hold NUL, newline and 8-bit bytes */
static void record(size_t i, stralloc *k, stralloc *d)
{
  size_t ki = i % 4000;
  k->len = d->len = 0;
  if (ki && (!stralloc_catulong0(k, ki * 2654435761u % 1000003, 0) || !stralloc_catb(k, "\0\n\x80", ki % 4)))
    exit(99);
  if (i == 0) return;
  for (size_t j = 0; j < i % 50; ++j)
    if (!stralloc_append(d, (char)(i * 31 + j))) exit(99);
}

static void test_tinycdb(const char *dir)
{
  char input[4200], file[4200];
  stralloc text = STRALLOC_ZERO, k = STRALLOC_ZERO, d = STRALLOC_ZERO, got = STRALLOC_ZERO;
  struct cdb c;
  uint32_t cur;
  int fd, good = 1, r, extra;
  size_t n = 0;
  char *argv[] = { (char *)(uintptr_t)"cdb", (char *)(uintptr_t)"-c", (char *)(uintptr_t)"-t",
                   (char *)(uintptr_t)"-", file, 0 };
  snprintf(input, sizeof input, "%s/tiny.in", dir);
  snprintf(file, sizeof file, "%s/tiny.cdb", dir);
  for (size_t i = 0; good && i < NREC; ++i) {
    record(i, &k, &d);
    good = tcdb_line(&text, &k, &d);
  }
  good = good && stralloc_append(&text, '\n');
  fd = open(input, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ok(good && fd >= 0 && write(fd, text.s, text.len) == (ssize_t)text.len, "tinycdb input: %d records", NREC);
  if (fd >= 0) close(fd);
  ok(tfile_run(argv, input, 0) == 0, "cdb -c builds it");
  fd = open(file, O_RDONLY);
  ok(fd >= 0 && cdb_init(&c, fd) == 0, "our reader opens tinycdb's file");
  /* every key: all its records through findnext, in input order */
  extra = 0;
  good = good && tcdb_findall(&c, NREC, 4000, record, &extra);
  ok(good && !extra, "every record of every key found, duplicates in order, then no more");
  /* iteration gives the input back */
  good = 1;
  cdb_seqinit(&c, &cur);
  while (good && (r = cdb_seqnext(&c, &cur)) == 1) {
    record(n++, &k, &d);
    good = cdb_keylen(&c) == k.len && cdb_datalen(&c) == d.len && stralloc_ready(&got, k.len + d.len + 1) &&
           cdb_read(&c, got.s, k.len + d.len, cdb_keypos(&c)) == 0 &&
           memcmp(got.s, k.s, k.len) == 0 && memcmp(got.s + k.len, d.s, d.len) == 0;
  }
  ok(good && r == 0 && n == NREC, "iteration gives all %zu records in input order", n);
  cdb_free(&c);
  if (fd >= 0) close(fd);
  stralloc_free(&text);
  stralloc_free(&k);
  stralloc_free(&d);
  stralloc_free(&got);
}

int main(void)
{
  const char *dir = tap_tmpdir();
  test_small(dir);
  test_corrupt();
  test_huge();
  test_mutations(dir);
  if (system("command -v cdb >/dev/null 2>&1") == 0) test_tinycdb(dir);
  else skip(5, "tinycdb's cdb is not installed");
  {
    int fd = open("/dev/null", O_RDONLY);
    struct cdb c;
    errno = 0;
    ok(fd >= 0 && cdb_init(&c, fd) == -1 && errno == EPROTO, "init on an empty file: EPROTO");
    if (fd >= 0) close(fd);
    errno = 0;
    ok(cdb_init(&c, -1) == -1 && errno == EBADF, "init on a bad fd: EBADF");
  }
  tap_rmtree(dir);
  return done_testing();
}
