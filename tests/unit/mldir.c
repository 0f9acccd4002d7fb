/* mldir.c — unit test for daemontools/mldir (with mlproc and mlgzip):
 * multilog's log directories, in a temporary directory: rotation by size
 * and in mid-line, the number of old files, the lock, the processor,
 * compression, and recovery from every interrupted state. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "mldir.h"
#include "mlgzip.h"
#include "stralloc.h"
#include "tai64n.h"
#include "tap.h"
#if HAVE_ZLIB
#include <zlib.h>
#endif

static char path[4200];  /* the log directory of the test in progress */

/* p: a file in the log directory (in a static buffer: one at a time) */
static const char *p(const char *name)
{
  static char buf[4400];
  snprintf(buf, sizeof buf, "%s/%s", path, name);
  return buf;
}

/* slurp: a whole file into sa; 1, or 0 when it cannot be read */
static int slurp(const char *file, stralloc *sa)
{
  char b[4096];
  ssize_t r;
  int fd = open(file, O_RDONLY);
  sa->len = 0;
  if (fd == -1) return 0;
  while ((r = read(fd, b, sizeof b)) > 0)
    if (!stralloc_catb(sa, b, (size_t)r)) break;
  close(fd);
  return r == 0;
}

static void spit(const char *file, const char *s)
{
  int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd == -1 || write(fd, s, strlen(s)) != (ssize_t)strlen(s)) diag("cannot write %s", file);
  if (fd != -1) close(fd);
}

static int mode(const char *file)
{
  struct stat st;
  return stat(file, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

/* archives: the old files, sorted, joined by spaces (names only) into
 * names (when not NULL); returns how many */
static int archives(char names[][64], int max)
{
  DIR *d = opendir(path);
  struct dirent *e;
  int n = 0;
  if (!d) return -1;
  while ((e = readdir(d)))
    if (e->d_name[0] == '@') {
      if (n < max && names && strlen(e->d_name) < 64) memcpy(names[n], e->d_name, strlen(e->d_name) + 1);
      ++n;
    }
  closedir(d);
  if (names)
    for (int i = 1; i < n && i < max; ++i)
      for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; --j) {
        char t[64];
        memcpy(t, names[j], 64);
        memcpy(names[j], names[j - 1], 64);
        memcpy(names[j - 1], t, 64);
      }
  return n;
}

/* action: a directory action for path */
static struct ml_action action(size_t size, unsigned long num, const char *proc, int gzip)
{
  struct ml_action a;
  memset(&a, 0, sizeof a);
  a.kind = ML_DIR;
  a.arg = path;
  a.arglen = strlen(path);
  a.size = size;
  a.num = num;
  a.processor = proc;
  a.gzip = gzip;
  return a;
}

static int dopen(struct mldir *d, const struct ml_action *a)
{
  const char *what = "";
  memset(d, 0, sizeof *d);
  d->retry_ms = 10;
  if (mldir_open(d, a, &what) == 0) return 1;
  diag("mldir_open: %s: %s", what, strerror(errno));
  return 0;
}

/* line: one line of 92 bytes numbered i */
static void line(struct mldir *d, int i)
{
  char b[100];
  snprintf(b, sizeof b, "line %05d %080d\n", i, 0);
  mldir_put(d, b, 92);
  mldir_lineend(d);
}

static void test_basic(const char *top)
{
  struct mldir d, d2;
  struct ml_action a;
  char names[8][64];
  stralloc sa = STRALLOC_ZERO;
  const char *what = "";
  snprintf(path, sizeof path, "%s/basic", top);
  a = action(4096, 10, NULL, 0);
  ok(dopen(&d, &a), "open a new directory");
  is_int(mode(path), 0700, "it is created with mode 700");
  is_int(mode(p("lock")), 0600, "lock, mode 600");
  is_int(mode(p("state")), 0644, "state, mode 644");
  is_int(mode(p("current")), 0644, "current, mode 644");

  memset(&d2, 0, sizeof d2);
  errno = 0;
  ok(mldir_open(&d2, &a, &what) == -1 && errno == EWOULDBLOCK, "a second open finds it locked");
  is_str(what, "lock directory", "and says which step failed");

  for (int i = 0; i < 22; ++i) line(&d, i);
  is_int(archives(NULL, 0), 0, "2024 bytes: no rotation yet");
  line(&d, 22);
  is_int(archives(names, 8), 1, "2116 bytes, past 4096 - 2000 at a line end: rotated");
  ok(slurp(p(names[0]), &sa) && sa.len == 2116, "the old file holds the 23 lines");
  is_int(mode(p(names[0])), 0744, "an old file has mode 744");
  ok(strlen(names[0]) == 27 && names[0][25] == '.' && names[0][26] == 's', "named @label.s");
  is_int((int)d.bytes, 0, "current starts empty");

  {
    char big[5000];
    memset(big, 'b', sizeof big);
    mldir_put(&d, big, sizeof big);
  }
  is_int(archives(names, 8), 2, "a 5000-byte line fills current in mid-line");
  ok(slurp(p(names[1]), &sa) && sa.len == 4096, "the old file holds exactly 4096 bytes");
  is_int((int)d.bytes, 904, "the rest of the line is in the new current");
  mldir_put(&d, "\n", 1);
  mldir_lineend(&d);
  mldir_close(&d);
  is_int(mode(p("current")), 0744, "close marks current complete");
  ok(slurp(p("current"), &sa) && sa.len == 905, "and wrote it");

  ok(dopen(&d, &a), "reopen");
  is_int(mode(p("current")), 0644, "a complete current is taken up again, mode 644");
  is_int((int)d.bytes, 905, "with its size");
  is_int(archives(NULL, 0), 2, "and not archived");
  mldir_rotate(&d);
  is_int(archives(NULL, 0), 3, "rotate archives a non-empty current");
  mldir_rotate(&d);
  is_int(archives(NULL, 0), 3, "but not an empty one");
  mldir_close(&d);
  stralloc_free(&sa);
}

static void test_num(const char *top)
{
  struct mldir d;
  struct ml_action a;
  char names[8][64], first[3][64];
  snprintf(path, sizeof path, "%s/num", top);
  a = action(4096, 3, NULL, 0);
  ok(dopen(&d, &a), "open with n3");
  for (int i = 0; i < 3; ++i) {
    line(&d, i);
    mldir_rotate(&d);
    archives(names, 8);
    memcpy(first[i], names[i < 2 ? i : 1], 64);
  }
  is_int(archives(names, 8), 2, "n3 keeps 2 old files");
  ok(strcmp(names[0], first[1]) == 0 && strcmp(names[1], first[2]) == 0, "the oldest went");
  ok(strcmp(names[0], names[1]) < 0, "labels grow");
  mldir_close(&d);
}

static void test_recover(const char *top)
{
  struct mldir d;
  struct ml_action a;
  char names[8][64], future[64];
  stralloc sa = STRALLOC_ZERO;
  snprintf(path, sizeof path, "%s/recover", top);
  a = action(4096, 10, NULL, 0);
  ok(dopen(&d, &a), "open");
  mldir_put(&d, "lost\n", 5);
  mldir_flush(&d);
  /* a crash: current stays 644; forget the lock by closing its fds only */
  close(d.fdcur);
  close(d.fdlock);
  close(d.fddir);
  free(d.out);
  ok(dopen(&d, &a), "reopen after a crash");
  is_int(archives(names, 8), 1, "the unfinished current became an old file");
  ok(names[0][26] == 'u', "named .u");
  ok(slurp(p(names[0]), &sa) && sa.len == 5 && memcmp(sa.s, "lost\n", 5) == 0, "with its lines");
  mldir_close(&d);

  /* an empty unfinished current is not worth a .u */
  chmod(p("current"), 0644);
  ok(dopen(&d, &a), "reopen with an empty 644 current");
  is_int(archives(NULL, 0), 1, "no .u for an empty current");
  mldir_close(&d);

  /* a crash between the link and the unlink of a rotation */
  spit(p("current"), "done\n");
  chmod(p("current"), 0744);
  snprintf(future, sizeof future, "@4000000100000000000000aa.s");
  {
    char cur[4400];
    snprintf(cur, sizeof cur, "%s", p("current"));
    ok(link(cur, p(future)) == 0, "link current to an old name (a future label)");
  }
  ok(dopen(&d, &a), "reopen");
  ok(access(p("current"), F_OK) == 0 && d.bytes == 0, "the linked current was dropped for a new one");
  ok(slurp(p(future), &sa) && sa.len == 5, "its old file stays");
  line(&d, 1);
  mldir_rotate(&d);
  archives(names, 8);
  ok(strcmp(names[2], future) > 0, "new labels sort after the newest old file, clock or not");
  mldir_close(&d);
  stralloc_free(&sa);
}

static void test_processor(const char *top)
{
  struct mldir d;
  struct ml_action a;
  char names[8][64];
  stralloc sa = STRALLOC_ZERO;
  snprintf(path, sizeof path, "%s/proc", top);
  a = action(4096, 10, "echo begin; cat; cat <&4; echo was $(pwd | wc -c) >&5", 0);
  ok(dopen(&d, &a), "open with a processor");
  mldir_put(&d, "one\n", 4);
  mldir_rotate(&d);
  is_int(archives(names, 8), 1, "rotated through the processor");
  ok(slurp(p(names[0]), &sa) && sa.len == 10 && memcmp(sa.s, "begin\none\n", 10) == 0,
     "the processor's output is the old file");
  is_int(mode(p(names[0])), 0744, "mode 744");
  ok(slurp(p("state"), &sa) && sa.len > 4 && memcmp(sa.s, "was ", 4) == 0,
     "what it wrote on fd 5 is the state");
  ok(access(p("previous"), F_OK) == -1 && access(p("processed"), F_OK) == -1
     && access(p("newstate"), F_OK) == -1, "no work files are left");
  mldir_put(&d, "two\n", 4);
  mldir_rotate(&d);
  archives(names, 8);
  ok(slurp(p(names[1]), &sa) && sa.len > 14 && memcmp(sa.s, "begin\ntwo\nwas ", 14) == 0,
     "the next run reads the state on fd 4");
  mldir_close(&d);

  /* a processor that fails once is run again */
  snprintf(path, sizeof path, "%s/proc2", top);
  a = action(4096, 10, "if test -f failed; then cat; else : > failed; exit 3; fi", 0);
  ok(dopen(&d, &a), "open with a processor that fails once");
  mldir_put(&d, "data\n", 5);
  mldir_rotate(&d);
  is_int(archives(names, 8), 1, "rotated after all");
  ok(slurp(p(names[0]), &sa) && sa.len == 5, "with the second run's output");
  ok(access(p("failed"), F_OK) == 0, "the processor runs in the log directory");
  mldir_close(&d);
  stralloc_free(&sa);
}

static void test_process_recover(const char *top)
{
  struct mldir d;
  struct ml_action a;
  char names[8][64];
  stralloc sa = STRALLOC_ZERO;
  snprintf(path, sizeof path, "%s/precover", top);
  ok(mkdir(path, 0700) == 0, "a directory with a processor's leftovers");
  /* crash 1: the processor finished (processed is 744) but was not committed */
  spit(p("previous"), "raw\n");
  spit(p("processed"), "cooked\n");
  chmod(p("processed"), 0744);
  spit(p("newstate"), "new\n");
  spit(p("state"), "old\n");
  a = action(4096, 10, "exit 9", 0);
  ok(dopen(&d, &a), "open");
  is_int(archives(names, 8), 1, "a finished processed becomes an old file");
  ok(slurp(p(names[0]), &sa) && sa.len == 7, "holding what the processor wrote");
  ok(slurp(p("state"), &sa) && sa.len == 4 && memcmp(sa.s, "new\n", 4) == 0, "newstate became state");
  ok(access(p("previous"), F_OK) == -1, "previous is gone");
  mldir_close(&d);

  /* crash 2: the processor was cut short: run it again over previous */
  spit(p("previous"), "again\n");
  spit(p("processed"), "half");
  chmod(p("processed"), 0644);
  spit(p("newstate"), "junk");
  a = action(4096, 10, "tr a-z A-Z", 0);
  ok(dopen(&d, &a), "open");
  is_int(archives(names, 8), 2, "the processor ran again");
  ok(slurp(p(names[1]), &sa) && sa.len == 6 && memcmp(sa.s, "AGAIN\n", 6) == 0, "over previous");
  ok(slurp(p("state"), &sa) && sa.len == 0, "with a fresh state");
  mldir_close(&d);

  /* crash 3: previous left with no processor configured any more */
  spit(p("previous"), "plain\n");
  a = action(4096, 10, NULL, 0);
  ok(dopen(&d, &a), "open");
  is_int(archives(names, 8), 3, "previous becomes an old file as it is");
  mldir_close(&d);
  stralloc_free(&sa);
}

#if HAVE_ZLIB
/* gunzip: the decompression of a gzip file, through zlib */
static int gunzip(const char *file, stralloc *out)
{
  gzFile g = gzopen(file, "rb");
  char b[4096];
  int r;
  out->len = 0;
  if (!g) return 0;
  while ((r = gzread(g, b, sizeof b)) > 0)
    if (!stralloc_catb(out, b, (size_t)r)) break;
  gzclose(g);
  return r == 0;
}
#endif

static void test_gzip(const char *top)
{
#if HAVE_ZLIB
  struct mldir d;
  struct ml_action a;
  char names[8][64];
  stralloc sa = STRALLOC_ZERO;
  snprintf(path, sizeof path, "%s/gz", top);
  ok(mkdir(path, 0700) == 0, "a directory for z");
  spit(p(MLDIR_GZTMP), "leftover");
  spit(p("@400000005000000000000000.s"), "plain old\n");
  spit(p("@400000005000000100000000.s"), "half");
  spit(p("@400000005000000100000000.s.gz"), "");
  a = action(4096, 10, NULL, 1);
  ok(dopen(&d, &a), "open with z");
  ok(access(p(MLDIR_GZTMP), F_OK) == -1, "a leftover temporary file is removed");
  ok(access(p("@400000005000000100000000.s"), F_OK) == -1,
     "a plain file whose .gz exists is removed");
  ok(gunzip(p("@400000005000000000000000.s.gz"), &sa) && sa.len == 10,
     "a plain old file is compressed");
  for (int i = 0; i < 40; ++i) line(&d, i);
  is_int(archives(names, 8), 3, "one rotation");
  ok(strlen(names[2]) == 30 && strcmp(names[2] + 25, ".s.gz") == 0, "named @label.s.gz");
  is_int(mode(p(names[2])), 0744, "mode 744");
  ok(gunzip(p(names[2]), &sa) && sa.len == 23 * 92 && memcmp(sa.s, "line 00000 ", 11) == 0,
     "it decompresses to the lines");
  mldir_close(&d);
  stralloc_free(&sa);
#else
  (void)top;
  skip(9, "built without zlib");
#endif
}

static void test_gzip_fd(const char *top)
{
  char in[4300], out[4300];
  int fi, fo, r;
  snprintf(in, sizeof in, "%s/gzin", top);
  snprintf(out, sizeof out, "%s/gzout", top);
  spit(in, "");
  fi = open(in, O_RDONLY);
  fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  r = mlgzip_fd(fi, fo, MLGZIP_LEVEL);
  close(fi);
  close(fo);
  if (mlgzip_available()) {
#if HAVE_ZLIB
    stralloc sa = STRALLOC_ZERO;
    ok(r == 0, "gzip of an empty file");
    ok(gunzip(out, &sa) && sa.len == 0, "is an empty stream");
    stralloc_free(&sa);
#endif
  } else {
    ok(r == -1 && errno == ENOSYS, "without zlib mlgzip_fd fails with ENOSYS");
    ok(1, "(stub)");
  }
  fi = open(in, O_RDONLY);
  errno = 0;
  ok(mlgzip_fd(fi, -1, MLGZIP_LEVEL) == -1 && errno != 0, "a bad output fd fails");
  close(fi);
}

int main(void)
{
  const char *top = tap_tmpdir();
  char err[4300];
  int fd;
  /* the warnings go to a file, to be checked and to keep the TAP clean */
  snprintf(err, sizeof err, "%s/stderr", top);
  fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd == -1 || dup2(fd, 2) == -1) return 255;
  test_basic(top);
  test_num(top);
  test_recover(top);
  test_processor(top);
  test_process_recover(top);
  test_gzip(top);
  test_gzip_fd(top);
  {
    stralloc sa = STRALLOC_ZERO;
    ok(slurp(err, &sa) && stralloc_0(&sa)
       && strstr(sa.s, "multilog: warning: processor exited nonzero in ") != NULL,
       "a failed processor is reported on stderr");
    stralloc_free(&sa);
  }
  tap_rmtree(top);
  return done_testing();
}
