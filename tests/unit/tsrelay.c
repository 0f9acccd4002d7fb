/* tsrelay.c — unit test for ucspi-tcp/tsrelay: where tcpserver-tls is,
 * its argv, the copies of the certificate files, the requests over the
 * control socket and the answers on the pipe. */
#include <fcntl.h>
#include <sys/socket.h>

#include "tap.h"
#include "tsrelay.h"

static size_t argc_of(char **v)
{
  size_t n = 0;
  while (v[n]) ++n;
  return n;
}

/* argv v joined with spaces, into x */
static const char *joined(char **v, char *x, size_t size)
{
  size_t i;
  x[0] = 0;
  for (i = 0; v[i]; ++i) {
    if (i) strncat(x, " ", size - strlen(x) - 1);
    strncat(x, v[i], size - strlen(x) - 1);
  }
  return x;
}

static void test_where(void)
{
  stralloc p = STRALLOC_ZERO;
  ok(tsrelay_where(&p, "/opt/x/bin/tcpserver", "/usr"), "where: next to us");
  is_str(p.s, "/opt/x/bin/" TSRELAY_NAME, "where: the directory of our executable");
  ok(tsrelay_where(&p, 0, "/usr"), "where: unknown executable");
  is_str(p.s, "/usr/bin/" TSRELAY_NAME, "where: else PREFIX/bin");
  ok(tsrelay_where(&p, "tcpserver", "/usr/local"), "where: a name without a directory");
  is_str(p.s, "/usr/local/bin/" TSRELAY_NAME, "where: PREFIX/bin then");
  free(p.s);
}

static void test_argv(void)
{
  struct tsrelay_conf c;
  char **v, x[1024];
  memset(&c, 0, sizeof c);
  c.certfile = "/c.pem";
  c.verbosity = 1;
  ok(tsrelay_argv(&v, "/r", &c, TSRELAY_CHECK), "argv: check");
  is_str(joined(v, x, sizeof x), "/r -Q -C -n /c.pem", "argv: check, certificate only");
  free(v);
  c.keyfile = "/k.pem";
  c.cafile = "/ca.pem";
  c.ciphers = "HIGH";
  c.suites = "TLS_AES_128_GCM_SHA256";
  c.banner = "hello\r\n";
  c.verbosity = 2;
  c.fds = 1;
  ok(tsrelay_argv(&v, "/r", &c, TSRELAY_SERVE), "argv: serve");
  is_int(argc_of(v), 16, "argv: every option");
  is_str(joined(v, x, sizeof x), "/r -v -Z -d -n /c.pem -k /k.pem -a /ca.pem -L HIGH -S TLS_AES_128_GCM_SHA256 -B hello\r\n",
         "argv: serve, all options");
  ok(argc_of(v) <= TSRELAY_ARGS, "argv: within TSRELAY_ARGS");
  free(v);
  c.banner = "";
  c.verbosity = 0;
  ok(tsrelay_argv(&v, "/r", &c, TSRELAY_SERVE), "argv: no banner");
  is_str(v[1], "-q", "argv: -q");
  is_str(v[argc_of(v) - 2], "-S", "argv: an empty banner is left out");
  free(v);
}

static void test_copy(const char *dir)
{
  char path[4200], back[64], fdpath[64];
  int fd, r;
  ssize_t n;
  FILE *f;
  snprintf(path, sizeof path, "%s/cert.pem", dir);
  f = fopen(path, "w");
  fputs("-----BEGIN CERTIFICATE-----\nxyz\n", f);
  fclose(f);
  fd = tsrelay_copy(path);
  if (fd == -1 && errno == ENOSYS) {
    skip(5, "no memory files");
    return;
  }
  ok(fd >= 0, "copy: a descriptor");
  ok(fcntl(fd, F_GETFD) == 0, "copy: not close-on-exec");
  n = pread(fd, back, sizeof back, 0);
  is_mem(back, n > 0 ? (size_t)n : 0, "-----BEGIN CERTIFICATE-----\nxyz\n", 32, "copy: the contents");
  ok(write(fd, "x", 1) == -1, "copy: sealed against writes");
  /* the relay reads it through /proc/self/fd */
  snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", fd);
  r = open(fdpath, O_RDONLY);
  n = r == -1 ? -1 : read(r, back, sizeof back);
  is_int(n, 32, "copy: readable again from /proc/self/fd");
  if (r != -1) close(r);
  close(fd);
  snprintf(path, sizeof path, "%s/none.pem", dir);
  ok(tsrelay_copy(path) == -1 && errno == ENOENT, "copy: a missing file: ENOENT");
}

static void test_copies(const char *dir)
{
  struct tsrelay r;
  struct tsrelay_conf c;
  char cert[4200], none[4200];
  const char *bad = 0;
  FILE *f;
  memset(&r, 0, sizeof r);
  memset(&c, 0, sizeof c);
  snprintf(cert, sizeof cert, "%s/c2.pem", dir);
  snprintf(none, sizeof none, "%s/missing.pem", dir);
  f = fopen(cert, "w");
  fputs("pem\n", f);
  fclose(f);
  c.certfile = cert;
  c.cafile = none;
  ok(tsrelay_copies(&r, &c, &bad) == -1, "copies: a missing file fails");
  is_str(bad, none, "copies: and is named");
  c.cafile = 0;
  ok(tsrelay_copies(&r, &c, &bad) == 0, "copies: one file");
  if (!c.fds) {
    skip(3, "no memory files");
    return;
  }
  ok(r.copy[0] >= 0 && r.copy[1] == -1 && r.copy[2] == -1, "copies: the certificate only");
  is_int(atoi(c.certfile), r.copy[0], "copies: named by its descriptor");
  ok(c.keyfile == 0 && c.cafile == 0, "copies: the others stay unset");
  close(r.copy[0]);
}

static void test_request(void)
{
  int ctl[2], p[2], fds[TSRELAY_FDS], got[TSRELAY_FDS], i;
  char c;
  ok(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, ctl) == 0, "request: a control socket");
  ok(pipe(p) == 0, "request: a pipe");
  fds[0] = p[1];
  fds[1] = p[1];
  fds[2] = p[1];
  ok(tsrelay_request(ctl[0], fds) == 0, "request: sent");
  is_int(tsrelay_receive(ctl[1], got), TSRELAY_FDS, "receive: the descriptors");
  ok(got[0] != p[1] && fcntl(got[0], F_GETFD) == FD_CLOEXEC, "receive: new, close-on-exec");
  ok(write(got[2], "y", 1) == 1 && read(p[0], &c, 1) == 1 && c == 'y', "receive: the same pipe");
  for (i = 0; i < TSRELAY_FDS; ++i) close(got[i]);
  /* a message with one descriptor only is dropped */
  {
    char one = 'R';
    union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(int))]; } u;
    struct iovec iov = { &one, 1 };
    struct msghdr m;
    struct cmsghdr *h;
    memset(&m, 0, sizeof m);
    memset(&u, 0, sizeof u);
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = u.b;
    m.msg_controllen = sizeof u.b;
    h = CMSG_FIRSTHDR(&m);
    h->cmsg_level = SOL_SOCKET;
    h->cmsg_type = SCM_RIGHTS;
    h->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(h), &p[1], sizeof(int));
    ok(sendmsg(ctl[0], &m, 0) == 1, "receive: a short request sent");
    ok(tsrelay_receive(ctl[1], got) == -1 && errno == EPROTO, "receive: a short request: EPROTO");
  }
  close(ctl[0]);
  is_int(tsrelay_receive(ctl[1], got), 0, "receive: 0 when every sender is gone");
  close(ctl[1]);
  close(p[0]);
  close(p[1]);
}

static void test_answer(void)
{
  char x[TSRELAY_ANSWER_MAX], big[TSRELAY_ANSWER_MAX + 100];
  char e0[] = "TLS=1", e1[] = "TLS_PROTOCOL=TLSv1.3", e2[] = "TLS_CIPHER=TLS_AES_256_GCM_SHA384";
  char *v[] = { e0, e1, e2, 0 }, *got[TSRELAY_VARS_MAX + 1];
  const char *why;
  size_t len;
  int p[2];
  ssize_t n;
  ok(tsrelay_pack(x, &len, v, 0), "pack: a success");
  is_int(tsrelay_unpack(x, len, got, &why), 3, "unpack: three variables");
  is_str(got[1], "TLS_PROTOCOL=TLSv1.3", "unpack: in order");
  ok(got[3] == 0, "unpack: NULL-terminated");
  ok(tsrelay_pack(x, &len, 0, "TLS handshake failed: bad record"), "pack: a failure");
  is_int(tsrelay_unpack(x, len, got, &why), -1, "unpack: a failure");
  is_str(why, "TLS handshake failed: bad record", "unpack: its text");
  is_int(tsrelay_unpack(x, 0, got, &why), -1, "unpack: no answer is a failure");
  is_str(why, "no answer from tcpserver-tls", "unpack: no answer, said so");
  memcpy(x, "SNOEQUALS", 10);
  is_int(tsrelay_unpack(x, 10, got, &why), -1, "unpack: an entry without '=' is malformed");
  memcpy(x, "STLS=1", 6);
  is_int(tsrelay_unpack(x, 6, got, &why), -1, "unpack: an unterminated entry is malformed");
  memcpy(x, "X", 1);
  is_int(tsrelay_unpack(x, 1, got, &why), -1, "unpack: an unknown kind is malformed");
  memset(big, 'a', sizeof big - 1);
  big[sizeof big - 1] = 0;
  ok(tsrelay_pack(x, &len, 0, big), "pack: a failure too long");
  is_int(len, TSRELAY_ANSWER_MAX, "pack: cut to TSRELAY_ANSWER_MAX");
  is_int(tsrelay_unpack(x, len, got, &why), -1, "unpack: the cut failure");
  is_int(strlen(why), TSRELAY_ANSWER_MAX - 2, "unpack: cut, and NUL-terminated");
  /* through a pipe, as the worker sends it */
  ok(pipe(p) == 0, "result: a pipe");
  ok(tsrelay_pack(x, &len, v, 0) && write(p[1], x, len) == (ssize_t)len, "result: written");
  close(p[1]);
  memset(x, 0, sizeof x);
  n = tsrelay_result(p[0], x);
  is_int(n, (ssize_t)len, "result: read to the end");
  is_int(tsrelay_unpack(x, (size_t)n, got, &why), 3, "result: unpacked");
  close(p[0]);
}

int main(void)
{
  const char *dir = tap_tmpdir();
  test_where();
  test_argv();
  test_copy(dir);
  test_copies(dir);
  test_request();
  test_answer();
  tap_rmtree(dir);
  return done_testing();
}
