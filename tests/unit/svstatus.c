/* svstatus.c — unit test for daemontools/svstatus: the status file layout,
 * the lines of svstat and svps, and reading a service directory. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stralloc.h"
#include "svstatus.h"
#include "tap.h"

/* a status as daemontools' own supervise wrote it (pid 31249, want up) */
static const unsigned char djb18[18] = {
  0x40, 0x00, 0x00, 0x00, 0x6b, 0x05, 0x96, 0xc0, 0x1a, 0x2e, 0xd7, 0xbc,
  0x11, 0x7a, 0x00, 0x00, 0x00, 0x75
};

static void when(struct svstatus *s, uint64_t unixsec)
{
  s->when.sec.x = 4611686018427387914ULL + unixsec;
  s->when.nano = 0;
  s->when.atto = 0;
}

static void test_layout(void)
{
  struct svstatus a = { 0 }, b = { 0 };
  unsigned char x[SVSTATUS_LEN], big[SVSTATUS_READ_MAX];

  when(&a, 1000);
  a.when.nano = 123456789;
  a.pid = 0x01020304;
  a.paused = 1;
  a.want = 'd';
  a.spid = 0xa0b0c0d0;
  svstatus_pack(x, &a);
  is_int(x[0], 0x40, "TAI64N label first, big-endian");
  is_int(x[12], 0x04, "pid little-endian: low byte");
  is_int(x[15], 0x01, "pid little-endian: high byte");
  is_int(x[16], 1, "paused byte");
  is_int(x[17], 'd', "want byte");
  is_int(x[18], 0xd0, "spid after byte 18, little-endian");
  is_int(x[21], 0xa0, "spid high byte");
  ok(svstatus_unpack(x, sizeof x, &b), "unpack what pack wrote");
  ok(b.when.sec.x == a.when.sec.x && b.when.nano == a.when.nano, "time round trip");
  is_int(b.pid, a.pid, "pid round trip");
  is_int(b.paused, 1, "paused round trip");
  is_int(b.want, 'd', "want round trip");
  is_int(b.spid, a.spid, "spid round trip");

  ok(svstatus_unpack(djb18, sizeof djb18, &b), "daemontools' 18 bytes are read");
  is_int(b.pid, 31249, "their pid");
  is_int(b.want, 'u', "their want");
  is_int(b.paused, 0, "their paused");
  is_int(b.spid, 0, "no spid in 18 bytes");

  memset(big, 0xee, sizeof big);
  memcpy(big, x, sizeof x);
  ok(svstatus_unpack(big, sizeof big, &b) && b.spid == a.spid, "longer status: extra bytes ignored");

  b.pid = 77;
  errno = 0;
  ok(!svstatus_unpack(djb18, 17, &b), "17 bytes are refused");
  is_int(errno, EPROTO, "with EPROTO");
  is_int(b.pid, 77, "and the result untouched");
  memcpy(big, djb18, 18);
  big[8] = 0x3b; big[9] = 0x9a; big[10] = 0xca; big[11] = 0x00;
  ok(!svstatus_unpack(big, 18, &b), "10^9 nanoseconds are refused");
  ok(!svstatus_unpack(djb18, 0, &b), "nothing is refused");
}

static void test_age_path(void)
{
  struct svstatus s = { 0 };
  struct taia now = { { 0 }, 0, 0 };
  stralloc p = STRALLOC_ZERO;
  char longdir[SVSTATUS_PATH_MAX + 2];

  when(&s, 1000);
  now.sec.x = s.when.sec.x + 5781;
  is_int(svstatus_age(&s, &now), 5781, "age in seconds");
  now.sec.x = s.when.sec.x - 3;
  is_int(svstatus_age(&s, &now), 0, "a time in the future is 0 seconds old");

  ok(svstatus_path(&p, "svc", "supervise/ok"), "path");
  is_str(p.s, "svc/supervise/ok", "path joined with one slash");
  is_int(p.len, 16, "the NUL is not counted");
  ok(svstatus_path(&p, "svc/", "down") && strcmp(p.s, "svc/down") == 0, "trailing slash not doubled");
  ok(svstatus_path(&p, "/", "x") && strcmp(p.s, "/x") == 0, "the root directory");
  errno = 0;
  ok(!svstatus_path(&p, "", "supervise/control"), "an empty directory name is refused");
  is_int(errno, ENOENT, "with ENOENT (never /supervise/control)");
  memset(longdir, 'a', sizeof longdir - 1);
  longdir[sizeof longdir - 1] = 0;
  errno = 0;
  ok(!svstatus_path(&p, longdir, "x"), "too long a path is refused");
  is_int(errno, ENAMETOOLONG, "with ENAMETOOLONG");
  longdir[SVSTATUS_PATH_MAX - 2] = 0;
  ok(svstatus_path(&p, longdir, "x") && p.len == SVSTATUS_PATH_MAX, "exactly the maximum fits");
  stralloc_free(&p);
}

static void line(const struct svstatus_desc *d, const struct taia *now, const char *want,
                 const char *name)
{
  stralloc out = STRALLOC_ZERO;
  ok(svstatus_line(&out, "/service/x", d, now) && stralloc_0(&out), "%s: formatted", name);
  is_str(out.s, want, "%s", name);
  stralloc_free(&out);
}

static void test_lines(void)
{
  struct svstatus_desc d = { 0 };
  struct taia now;

  d.kind = SVSTATUS_OK;
  d.normallyup = 1;
  when(&d.st, 1000);
  now = d.st.when;
  now.sec.x += 5781;
  d.st.pid = 45102;
  d.st.want = 'u';
  d.st.spid = 44999;
  line(&d, &now, "/service/x: up 5781 seconds pid 45102\n", "up");
  d.normallyup = 0;
  d.st.paused = 1;
  d.st.want = 'd';
  line(&d, &now, "/service/x: up 5781 seconds pid 45102, normally down, paused, want down\n",
       "up with every remark");
  d.st.pid = 0;
  d.st.paused = 0;
  now.sec.x = d.st.when.sec.x + 12;
  line(&d, &now, "/service/x: down 12 seconds spid 44999\n", "down, normally down");
  d.normallyup = 1;
  d.st.want = 'u';
  line(&d, &now, "/service/x: down 12 seconds spid 44999, normally up, want up\n",
       "down, wanted up");
  d.st.spid = 0;
  d.st.want = 0;
  line(&d, &now, "/service/x: down 12 seconds, normally up\n", "no spid from an 18-byte status");
  d.kind = SVSTATUS_NOTRUNNING;
  line(&d, &now, "/service/x: supervise not running\n", "not running");
  d.kind = SVSTATUS_ERROR;
  d.what = "unable to read supervise/status";
  d.err = EPROTO;
  line(&d, &now, "/service/x: unable to read supervise/status: bad format\n", "bad format");
  d.what = "unable to open supervise/ok";
  d.err = EACCES;
  line(&d, &now, "/service/x: unable to open supervise/ok: permission denied\n", "an error");
}

static void psline(const char *name, const struct svstatus_desc *d, const struct taia *now,
                   int details, const char *want, const char *title)
{
  stralloc out = STRALLOC_ZERO;
  ok(svstatus_psline(&out, name, d, now, details) && stralloc_0(&out), "%s: formatted", title);
  is_str(out.s, want, "%s", title);
  stralloc_free(&out);
}

/* the lines of indimail-mta's README, byte for byte */
static void test_pslines(void)
{
  struct svstatus_desc d = { 0 };
  struct taia now;
  stralloc out = STRALLOC_ZERO;

  d.kind = SVSTATUS_OK;
  d.normallyup = 1;
  when(&d.st, 50000);
  now = d.st.when;
  now.sec.x += 5781;
  d.st.pid = 45102;
  psline("/service/greylist.1999", &d, &now, 0,
         "/service/greylist.1999             up      5781 secs  pid   45102\n", "svps: up");
  d.st.pid = 0;
  d.st.spid = 45007;
  d.normallyup = 0;
  psline("/service/qmail-qmqpd.628", &d, &now, 0,
         "/service/qmail-qmqpd.628           down    5781 secs spid   45007\n", "svps: down");
  d.st.pid = 45140;
  now.sec.x = d.st.when.sec.x + 3;
  psline("/service/proxy-imapd-ssl.9143/log", &d, &now, 0,
         "/service/proxy-imapd-ssl.9143/log  up         3 secs  pid   45140\n",
         "svps: a long name, a short age");
  d.st.paused = 1;
  psline("/service/a", &d, &now, 1,
         "/service/a                         up         3 secs  pid   45140, normally down, paused\n",
         "svps -a: remarks");
  psline("/service/a-name-longer-than-the-column-width", &d, &now, 0,
         "/service/a-name-longer-than-the-column-width up         3 secs  pid   45140\n",
         "svps: a name longer than the column");
  d.kind = SVSTATUS_NOTRUNNING;
  psline("/service/b", &d, &now, 0, "/service/b                         supervise not running\n",
         "svps: not running");
  ok(svstatus_padname(&out, "/usr/sbin/svscan /service") &&
     svstatus_pscols(&out, "up", 5781, " pid", 44997) && stralloc_0(&out), "svscan's columns");
  is_str(out.s, "/usr/sbin/svscan /service          up      5781 secs  pid   44997",
         "svscan's line");
  stralloc_free(&out);
}

static void writefile(const char *path, const void *x, size_t n)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ok(fd >= 0 && write(fd, x, n) == (ssize_t)n && close(fd) == 0, "write %s", path);
}

static void test_read(void)
{
  const char *t = tap_tmpdir();
  struct svstatus_desc d;
  struct svstatus st = { 0 };
  unsigned char x[SVSTATUS_LEN];
  stralloc p = STRALLOC_ZERO, q = STRALLOC_ZERO;
  int fd;

  ok(svstatus_path(&p, t, "nothere"), "path");
  ok(!svstatus_read(p.s, &d) && d.kind == SVSTATUS_ERROR && d.err == ENOENT,
     "missing directory: an error");
  is_str(d.what, "unable to access directory", "missing directory: what");
  ok(svstatus_path(&p, t, "file"), "path");
  writefile(p.s, "x", 1);
  ok(!svstatus_read(p.s, &d) && d.kind == SVSTATUS_ERROR && d.err == ENOTDIR,
     "a file: not a directory");
  ok(svstatus_path(&p, t, "svc") && mkdir(p.s, 0755) == 0, "service directory");
  ok(!svstatus_read(p.s, &d) && d.kind == SVSTATUS_ERROR && d.err == ENOENT,
     "never supervised: supervise/ok is missing");
  is_str(d.what, "unable to open supervise/ok", "never supervised: what");
  ok(svstatus_path(&q, p.s, "supervise") && mkdir(q.s, 0700) == 0, "supervise/");
  ok(svstatus_path(&q, p.s, "supervise/ok") && mkfifo(q.s, 0600) == 0, "supervise/ok");
  ok(!svstatus_read(p.s, &d) && d.kind == SVSTATUS_NOTRUNNING, "no reader: not running");
  fd = open(q.s, O_RDONLY | O_NONBLOCK);
  ok(fd >= 0, "hold supervise/ok open as supervise does");
  ok(!svstatus_read(p.s, &d) && d.kind == SVSTATUS_ERROR && d.err == ENOENT,
     "running but no status yet");
  ok(svstatus_path(&q, p.s, "supervise/status"), "path");
  writefile(q.s, djb18, 10);
  ok(!svstatus_read(p.s, &d) && d.err == EPROTO, "a short status: bad format");
  writefile(q.s, djb18, sizeof djb18);
  ok(svstatus_read(p.s, &d) && d.kind == SVSTATUS_OK, "daemontools' status");
  ok(d.st.pid == 31249 && d.normallyup && svstatus_up(&d), "read: up, normally up");
  st.pid = 0;
  st.spid = 4242;
  st.want = 'd';
  when(&st, 1);
  svstatus_pack(x, &st);
  writefile(q.s, x, sizeof x);
  ok(svstatus_path(&q, p.s, "down"), "path");
  writefile(q.s, "", 0);
  ok(svstatus_read(p.s, &d) && d.st.spid == 4242 && !d.normallyup && !svstatus_up(&d),
     "our status, a down file: down, normally down, spid");
  close(fd);
  stralloc_free(&p);
  stralloc_free(&q);
  tap_rmtree(t);
}

int main(void)
{
  test_layout();
  test_age_path();
  test_lines();
  test_pslines();
  test_read();
  return done_testing();
}
