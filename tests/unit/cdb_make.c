/* cdb_make.c — unit test for libqmail/cdb_make: round trips, limits, and tinycdb agreement. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "cdb.h"
#include "cdb_make.h"
#include "stralloc.h"
#include "tap.h"
#include "tcdb.h"
#include "tfile.h"

#define NREC 12000

static int have_cdb(void)
{
  return system("command -v cdb >/dev/null 2>&1") == 0;
}

/* record i of the test set: keys repeat every 5000 (so 2000 keys have two
 * records), record 0 has an empty key, record 1 empty data, and some keys
 * and data hold NUL, newline and 8-bit bytes */
static void record(size_t i, stralloc *k, stralloc *d)
{
  size_t ki = i % 5000;
  k->len = d->len = 0;
  if (ki != 0) {
    if (!stralloc_cats(k, "key") || !stralloc_catulong0(k, ki, 0)) exit(99);
    if (ki % 7 == 0 && !stralloc_catb(k, "\0\n\xff", 3)) exit(99);
  }
  if (i == 1) return;
  if (!stralloc_cats(d, "data-") || !stralloc_catulong0(d, i, 0)) exit(99);
  for (size_t j = 0; j < i % 40; ++j)
    if (!stralloc_append(d, (char)(j * 37 + i))) exit(99);
}

static int write_file(const char *path, const char *s, size_t n)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int good = fd >= 0 && write(fd, s, n) == (ssize_t)n;
  if (fd >= 0) close(fd);
  return good;
}

/* make path with our writer from records 0..n-1; also the native text */
static int make_ours(const char *path, size_t n, stralloc *text)
{
  stralloc k = STRALLOC_ZERO, d = STRALLOC_ZERO;
  struct cdb_make m;
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600), good;
  text->len = 0;
  good = fd >= 0 && cdb_make_start(&m, fd) == 0;
  for (size_t i = 0; good && i < n; ++i) {
    record(i, &k, &d);
    good = cdb_make_add(&m, k.s, k.len, d.s, d.len) == 0 && tcdb_line(text, &k, &d);
  }
  if (good) good = cdb_make_finish(&m) == 0;
  else if (fd >= 0) cdb_make_free(&m);
  if (fd >= 0 && close(fd) != 0) good = 0;
  good = good && stralloc_append(text, '\n');
  stralloc_free(&k);
  stralloc_free(&d);
  return good;
}

static void test_roundtrip(const char *dir)
{
  char path[4200];
  stralloc text = STRALLOC_ZERO;
  struct cdb c;
  int fd, good, missing = 0;
  snprintf(path, sizeof path, "%s/ours.cdb", dir);
  ok(make_ours(path, NREC, &text), "write %d records with cdb_make", NREC);
  fd = open(path, O_RDONLY);
  ok(fd >= 0 && cdb_init(&c, fd) == 0, "our reader opens it");
  /* every record comes back: the duplicates in order through findnext */
  good = tcdb_findall(&c, NREC, 5000, record, &missing);
  ok(good, "every record found, duplicates in the order added");
  ok(!missing, "and nothing more after the last one");
  is_int(cdb_find(&c, "key5000", 7), 0, "a key never added is not there");
  cdb_free(&c);
  if (fd >= 0) close(fd);
  stralloc_free(&text);
}

/* 1 when `cdb -q [-n nth] file key` prints want */
static int tiny_query(const char *dir, const char *file, const stralloc *k, const stralloc *want, int nth)
{
  char kbuf[200], outp[4200], nbuf[32];
  stralloc got = STRALLOC_ZERO;
  char *argv[8];
  int a = 0, good;
  if (k->len >= sizeof kbuf) return 0;
  memcpy(kbuf, k->s, k->len);
  kbuf[k->len] = 0;
  snprintf(outp, sizeof outp, "%s/q.out", dir);
  snprintf(nbuf, sizeof nbuf, "-n%d", nth);
  argv[a++] = (char *)(uintptr_t)"cdb";
  argv[a++] = (char *)(uintptr_t)"-q";
  if (nth) argv[a++] = nbuf;
  argv[a++] = (char *)(uintptr_t)file;
  argv[a++] = kbuf;
  argv[a] = 0;
  good = tfile_run(argv, 0, outp) == 0 && tfile_slurp(outp, &got) && got.len == want->len &&
         (got.len == 0 || memcmp(got.s, want->s, got.len) == 0);
  stralloc_free(&got);
  return good;
}

static void test_tinycdb(const char *dir)
{
  char ours[4200], theirs[4200], input[4200], dump[4200];
  stralloc text = STRALLOC_ZERO, a = STRALLOC_ZERO, b = STRALLOC_ZERO;
  stralloc k = STRALLOC_ZERO, d = STRALLOC_ZERO;
  int good = 1, nq = 0;
  snprintf(ours, sizeof ours, "%s/ours.cdb", dir);
  snprintf(theirs, sizeof theirs, "%s/theirs.cdb", dir);
  snprintf(input, sizeof input, "%s/input", dir);
  snprintf(dump, sizeof dump, "%s/dump", dir);
  ok(make_ours(ours, NREC, &text) && write_file(input, text.s, text.len), "our cdb and its input text");
  /* tinycdb reads our keys (the ones without NUL, which argv cannot hold) */
  for (size_t i = 2; good && i < 5000; i += 37) {
    record(i, &k, &d);
    if (memchr(k.s, 0, k.len)) continue;
    good = tiny_query(dir, ours, &k, &d, 0 + (i + 5000 < NREC ? 1 : 0));
    if (good && i + 5000 < NREC) {
      record(i + 5000, &k, &d);
      good = tiny_query(dir, ours, &k, &d, 2);
    }
    ++nq;
  }
  ok(good, "cdb -q finds our records (%d keys, duplicates with -n)", nq);
  {
    char *argv[] = { (char *)(uintptr_t)"cdb", (char *)(uintptr_t)"-d", ours, 0 };
    ok(tfile_run(argv, 0, dump) == 0 && tfile_slurp(dump, &a), "cdb -d dumps our file");
    is_mem(a.s, a.len, text.s, text.len, "the dump is every record, in order, byte for byte");
  }
  {
    char *argv[] = { (char *)(uintptr_t)"cdb", (char *)(uintptr_t)"-c", (char *)(uintptr_t)"-t",
                     (char *)(uintptr_t)"-", theirs, 0 };
    ok(tfile_run(argv, input, 0) == 0, "cdb -c builds the same records");
    ok(tfile_slurp(ours, &a) && tfile_slurp(theirs, &b), "read both files");
    ok(a.len == b.len && memcmp(a.s, b.s, a.len) == 0, "the two files are byte-identical (%zu bytes)", a.len);
  }
  {
    char *argv[] = { (char *)(uintptr_t)"cdb", (char *)(uintptr_t)"-c", (char *)(uintptr_t)"-t",
                     (char *)(uintptr_t)"-", theirs, 0 };
    ok(make_ours(ours, 0, &text) && write_file(input, text.s, text.len) && tfile_run(argv, input, 0) == 0,
       "an empty database by both");
    ok(tfile_slurp(ours, &a) && tfile_slurp(theirs, &b) && a.len == 2048 && b.len == 2048 &&
       memcmp(a.s, b.s, 2048) == 0, "empty databases are identical (2048 bytes)");
  }
  stralloc_free(&text);
  stralloc_free(&a);
  stralloc_free(&b);
  stralloc_free(&k);
  stralloc_free(&d);
}

static void test_limits(const char *dir)
{
  char path[4200];
  struct cdb_make m;
  int fd;
  snprintf(path, sizeof path, "%s/limits.cdb", dir);
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ok(fd >= 0 && cdb_make_start(&m, fd) == 0, "start");
  errno = 0;
  ok(cdb_make_add(&m, "k", SIZE_MAX, "d", 1) == -1 && errno == EOVERFLOW, "key of SIZE_MAX bytes: EOVERFLOW");
  errno = 0;
  ok(cdb_make_add(&m, "k", 1, "d", (size_t)UINT32_MAX) == -1 && errno == EOVERFLOW,
     "data of 4 GiB: EOVERFLOW");
  errno = 0;
  ok(cdb_make_add(&m, "k", (size_t)UINT32_MAX - 2048 - 8 - 16 + 1, "", 0) == -1 && errno == EOVERFLOW,
     "a record that leaves no room for its slots: EOVERFLOW");
  is_int(m.n, 0, "refused records are not counted");
  /* pretend the file is nearly full: the limit is exact */
  m.pos = CDB_MAKE_SIZE_MAX - 100;
  ok(cdb_make_add(&m, "", 0, "0123456789012345678901234567890123456789012345678901234567890123456789012345", 76) == 0,
     "a record that ends the file at exactly 4 GiB - 1 is taken");
  errno = 0;
  ok(cdb_make_add(&m, "", 0, "", 0) == -1 && errno == EOVERFLOW, "one byte more is refused");
  cdb_make_free(&m);
  cdb_make_free(&m);
  if (fd >= 0) close(fd);

  {
    int p[2];
    errno = 0;
    ok(pipe(p) == 0 && cdb_make_start(&m, p[1]) == -1 && errno == ESPIPE, "start on a pipe: ESPIPE");
    close(p[0]);
    close(p[1]);
  }
  fd = open("/dev/full", O_WRONLY);
  if (fd < 0) skip(2, "no /dev/full");
  else {
    ok(cdb_make_start(&m, fd) == 0 && cdb_make_add(&m, "k", 1, "d", 1) == 0, "buffered add to /dev/full");
    errno = 0;
    ok(cdb_make_finish(&m) == -1 && errno == ENOSPC, "finish reports ENOSPC");
    close(fd);
  }
  fd = open(path, O_RDONLY);
  if (fd >= 0) {
    char big[20000];
    memset(big, 'z', sizeof big);
    errno = 0;
    ok(cdb_make_start(&m, fd) == 0 && cdb_make_add(&m, "k", 1, big, sizeof big) == -1 && errno == EBADF,
       "a record larger than the buffer is written at once (EBADF on a read-only fd)");
    cdb_make_free(&m);
    close(fd);
  }
}

/* a record bigger than the buffer, and many records, read back */
static void test_big(const char *dir)
{
  char path[4200];
  static char big[100000];
  struct cdb_make m;
  struct cdb c;
  int fd;
  for (size_t i = 0; i < sizeof big; ++i) big[i] = (char)(i % 253);
  snprintf(path, sizeof path, "%s/big.cdb", dir);
  fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  ok(fd >= 0 && cdb_make_start(&m, fd) == 0 && cdb_make_add(&m, "a", 1, "1", 1) == 0 &&
     cdb_make_add(&m, "big", 3, big, sizeof big) == 0 && cdb_make_add(&m, "b", 1, "2", 1) == 0 &&
     cdb_make_finish(&m) == 0, "write a 100000-byte record between two small ones");
  ok(cdb_init(&c, fd) == 0 && cdb_find(&c, "big", 3) == 1 && cdb_datalen(&c) == sizeof big, "find it");
  {
    static char back[100000];
    ok(cdb_read(&c, back, sizeof back, cdb_datapos(&c)) == 0 && memcmp(back, big, sizeof big) == 0,
       "its data is right");
  }
  ok(cdb_find(&c, "b", 1) == 1 && cdb_datalen(&c) == 1, "the record after it is right");
  cdb_free(&c);
  if (fd >= 0) close(fd);
}

int main(void)
{
  const char *dir = tap_tmpdir();
  test_roundtrip(dir);
  test_limits(dir);
  test_big(dir);
  if (have_cdb()) test_tinycdb(dir);
  else skip(9, "tinycdb's cdb is not installed");
  tap_rmtree(dir);
  return done_testing();
}
