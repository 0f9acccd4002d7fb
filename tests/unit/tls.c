/* tls.c — unit test for libqmail/tls: handshakes, verification, timeouts, and interop with openssl(1). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "tls.h"
#include "tap.h"

#if HAVE_OPENSSL
#include <openssl/err.h>
#include <openssl/ssl.h>
#endif

/* ---- without OpenSSL: the stub ---- */

static void test_stub(void)
{
  char x[4];
  buf b;
  errno = 0;
  ok(tls_ctx_new(TLS_SERVER) == 0 && errno == ENOSYS, "stub: ctx_new fails with ENOSYS");
  ok(strstr(tls_ctx_error(0), "not compiled in") != 0, "stub: ctx_error says why");
  errno = 0;
  ok(tls_conn_new(0, 0, 1) == 0 && errno == ENOSYS, "stub: conn_new ENOSYS");
  errno = 0;
  ok(tls_accept(0, 100) == -1 && errno == ENOSYS, "stub: accept ENOSYS");
  errno = 0;
  ok(tls_connect(0, 100) == -1 && errno == ENOSYS, "stub: connect ENOSYS");
  errno = 0;
  ok(tls_read(0, x, sizeof x, 100) == -1 && errno == ENOSYS, "stub: read ENOSYS");
  errno = 0;
  ok(tls_ctx_cert(0, "a", 0) == -1 && errno == ENOSYS, "stub: ctx_cert ENOSYS");
  tls_bufinit(&b, 0, tls_bufread, x, sizeof x);
  errno = 0;
  ok(buf_feed(&b) == -1 && errno == ENOSYS, "stub: a TLS buf fails with ENOSYS");
  ok(strstr(tls_error(0), "not compiled in") != 0, "stub: error text");
  ok(tls_peer_subject(0) == 0 && !tls_peer_verified(0), "stub: no peer");
}

#if HAVE_OPENSSL

#define WAIT_MS 5000

static char dir[4096];

/* path: dir/name in a rotating static buffer (a few live at once) */
static const char *path(const char *name)
{
  static char space[8][4200];
  static int i;
  char *p = space[i++ % 8];
  snprintf(p, sizeof space[0], "%s/%s", dir, name);
  return p;
}

static long long now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int has_openssl_command(void)
{
  return system("command -v openssl >/dev/null 2>&1") == 0;
}

static const char cnf[] =
  "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = unused\n"
  "[v3_ca]\nbasicConstraints = critical,CA:TRUE\n"
  "keyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n"
  "[srv]\nbasicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature\n"
  "extendedKeyUsage = serverAuth\nsubjectAltName = DNS:localhost,IP:127.0.0.1\n"
  "[other]\nbasicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature\n"
  "extendedKeyUsage = serverAuth\nsubjectAltName = DNS:other.example\n"
  "[cli]\nbasicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature\n"
  "extendedKeyUsage = clientAuth\n";

/* make the CAs and certificates in dir with the openssl command; 0 or -1 */
static int make_certs(void)
{
  static const char script[] =
    "set -e; cd '%s'; K='-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes'\n"
    "o() { openssl \"$@\" >>gen.log 2>&1; }\n"
    "o req -config cnf -x509 $K -keyout ca.key -out ca.pem -days 2 -subj '/CN=Test CA' -extensions v3_ca\n"
    "o req -config cnf -x509 $K -keyout ca2.key -out ca2.pem -days 2 -subj '/CN=Other CA' -extensions v3_ca\n"
    "o req -config cnf -x509 $K -keyout rogue.key -out rogue.pem -days 2 -subj '/CN=rogue' -extensions cli\n"
    "n=2; for c in srv:localhost other:other.example cli:client; do\n"
    "  f=${c%%%%:*}; o req -config cnf $K -keyout $f.key -out $f.csr -subj \"/CN=${c#*:}\"\n"
    "  o x509 -req -in $f.csr -CA ca.pem -CAkey ca.key -set_serial $n -days 2 \\\n"
    "    -extfile cnf -extensions $f -out $f.pem; n=$((n+1))\n"
    "done\ncat srv.pem srv.key > srvall.pem\n";
  char cmd[8192];
  FILE *f = fopen(path("cnf"), "w");
  if (!f) return -1;
  fputs(cnf, f);
  if (fclose(f) != 0) return -1;
  snprintf(cmd, sizeof cmd, script, dir);
  return system(cmd) == 0 ? 0 : -1;
}

/* ---- a report that a forked peer sends back ---- */

static void __attribute__((format(printf, 3, 4)))
rep_add(char *rep, size_t size, const char *fmt, ...)
{
  size_t len = strlen(rep);
  va_list ap;
  if (len + 1 >= size) return;
  va_start(ap, fmt);
  vsnprintf(rep + len, size - len, fmt, ap);
  va_end(ap);
}

/* the read and write fds of one end of a link */
struct end { int rfd, wfd; };

static void end_close(struct end e)
{
  close(e.rfd);
  if (e.wfd != e.rfd) close(e.wfd);
}

static int link_socketpair(struct end *a, struct end *b)
{
  int s[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, s) == -1) return -1;
  a->rfd = a->wfd = s[0];
  b->rfd = b->wfd = s[1];
  return 0;
}

/* one pipe per direction: a reads what b writes and the other way round */
static int link_pipes(struct end *a, struct end *b)
{
  int p1[2], p2[2];
  if (pipe(p1) == -1) return -1;
  if (pipe(p2) == -1) { close(p1[0]); close(p1[1]); return -1; }
  a->rfd = p1[0]; b->wfd = p1[1];
  b->rfd = p2[0]; a->wfd = p2[1];
  return 0;
}

typedef int (*peer_fn)(const void *arg, struct end e, char *rep, size_t size);
struct peer { pid_t pid; int fd; };

/* run fn on end mine in a child; theirs is closed there, mine here */
static int peer_start(struct peer *p, peer_fn fn, const void *arg, struct end mine,
                      struct end theirs)
{
  int pfd[2];
  if (pipe(pfd) == -1) return -1;
  fflush(stdout);
  p->pid = fork();
  if (p->pid == -1) return -1;
  if (p->pid == 0) {
    char rep[4096] = "";
    int r;
    close(pfd[0]);
    end_close(theirs);
    alarm(10);
    r = fn(arg, mine, rep, sizeof rep);
    if (write(pfd[1], rep, strlen(rep)) < 0) r = 99;
    _exit(r);
  }
  close(pfd[1]);
  end_close(mine);
  p->fd = pfd[0];
  return 0;
}

/* collect the child's report and exit status (-1 if it died of a signal,
 * -2 if it could not be waited for) */
static int peer_finish(struct peer *p, char *rep, size_t size)
{
  size_t len = 0;
  ssize_t r;
  int st;
  while (len + 1 < size && (r = read(p->fd, rep + len, size - 1 - len)) > 0) len += (size_t)r;
  rep[len] = 0;
  close(p->fd);
  while (waitpid(p->pid, &st, 0) == -1)
    if (errno != EINTR) return -2;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ---- the line protocol both sides speak ---- */

static char pattern(size_t i) { return (char)(i % 251); }

/* read a line without its \n into s[size]; 1, 0 at EOF, -1 error */
static int get_line(buf *b, char *s, size_t size)
{
  size_t n = 0;
  for (;;) {
    char c;
    int r = buf_getc(b, &c);
    if (r <= 0) return n ? -1 : r;
    if (c == '\n') { s[n] = 0; return 1; }
    if (n + 1 >= size) { errno = E2BIG; return -1; }
    s[n++] = c;
  }
}

/* write n pattern bytes through b; 0 or -1 */
static int put_pattern(buf *b, size_t n)
{
  char chunk[1000];
  size_t i = 0;
  while (i < n) {
    size_t k = n - i < sizeof chunk ? n - i : sizeof chunk;
    for (size_t j = 0; j < k; ++j) chunk[j] = pattern(i + j);
    if (buf_put(b, chunk, k) == -1) return -1;
    i += k;
  }
  return buf_flush(b);
}

/* read n bytes through b and compare them with the pattern; 1 same, 0 not, -1 error */
static int get_pattern(buf *b, size_t n)
{
  char chunk[1500];
  size_t i = 0;
  int same = 1;
  while (i < n) {
    size_t want = n - i < sizeof chunk ? n - i : sizeof chunk;
    ssize_t r = buf_get(b, chunk, want);
    if (r <= 0) return -1;
    for (ssize_t j = 0; j < r; ++j) if (chunk[j] != pattern(i + (size_t)j)) same = 0;
    i += (size_t)r;
  }
  return same;
}

/* answer one command line; 1 go on, 0 stop, -1 error */
static int serve_line(tls_conn *c, buf *out, buf *in, const char *line, char *rep, size_t size)
{
  if (!strcmp(line, "QUIT")) {
    rep_add(rep, size, " io=quit shutdown=%d", tls_shutdown(c, WAIT_MS));
    return 0;
  }
  if (!strncmp(line, "BIG ", 4)) return put_pattern(out, strtoul(line + 4, 0, 10)) ? -1 : 1;
  if (!strncmp(line, "SINK ", 5)) {
    int r = get_pattern(in, strtoul(line + 5, 0, 10));
    if (r < 0) return -1;
    return buf_putsflush(out, r ? "OK\n" : "BAD\n") ? -1 : 1;
  }
  if (buf_puts(out, "echo:") || buf_puts(out, line) || buf_putsflush(out, "\n")) return -1;
  return 1;
}

/* the server's side of the protocol after the handshake; 0 fine, 2 error */
static int serve(tls_conn *c, int once, char *rep, size_t size)
{
  char ib[4096], ob[4096], line[1024];
  buf in, out;
  tls_bufinit(&in, c, tls_bufread, ib, sizeof ib);
  tls_bufinit(&out, c, tls_bufwrite, ob, sizeof ob);
  buf_settimeout(&in, WAIT_MS);
  buf_settimeout(&out, WAIT_MS);
  for (;;) {
    int r = get_line(&in, line, sizeof line);
    if (r == 0) { rep_add(rep, size, " io=eof"); return 0; }
    if (r > 0) r = serve_line(c, &out, &in, line, rep, size);
    if (r < 0) {
      rep_add(rep, size, " io=fail errno=%d (%s)", errno, tls_error(c));
      return 2;
    }
    if (r == 0) return 0;
    if (once) {
      rep_add(rep, size, " io=once shutdown=%d", tls_shutdown(c, WAIT_MS));
      return 0;
    }
  }
}

/* how a test server is set up */
struct srv {
  const char *cert, *key, *ca;
  int verify;
  const char *ciphers, *suites;
  int once;
};

/* describe a finished handshake in the report */
static void rep_conn(const tls_conn *c, char *rep, size_t size)
{
  const char *s = tls_peer_subject(c);
  rep_add(rep, size, "accept=ok version=%s cipher=%s subject=%s verified=%d verr=%s",
          tls_version(c), tls_cipher(c), s ? s : "(none)", tls_peer_verified(c),
          tls_verify_error(c));
}

/* a server context for o; NULL after writing the reason in rep */
static tls_ctx *srv_ctx(const struct srv *o, char *rep, size_t size)
{
  tls_ctx *x = tls_ctx_new(TLS_SERVER);
  if (!x) { rep_add(rep, size, "ctx=fail"); return 0; }
  if (tls_ctx_cert(x, path(o->cert), o->key ? path(o->key) : 0) == -1
      || (o->ca && tls_ctx_ca(x, path(o->ca), 0) == -1)
      || tls_ctx_verify(x, o->verify) == -1
      || tls_ctx_ciphers(x, o->ciphers, o->suites) == -1) {
    rep_add(rep, size, "ctx=fail %s", tls_ctx_error(x));
    tls_ctx_free(x);
    return 0;
  }
  return x;
}

/* a forked server: handshake on e, then serve; exit 0, 1 handshake, 2 I/O, 3 setup */
static int run_server(const void *arg, struct end e, char *rep, size_t size)
{
  const struct srv *o = arg;
  tls_conn *c;
  int r = 3;
  tls_ctx *x = srv_ctx(o, rep, size);
  if (!x) return 3;
  c = tls_conn_new(x, e.rfd, e.wfd);
  if (c && tls_accept(c, WAIT_MS) == 0) {
    rep_conn(c, rep, size);
    r = serve(c, o->once, rep, size);
  } else if (c) {
    rep_add(rep, size, "accept=fail errno=%d err=%s", errno, tls_error(c));
    r = 1;
  }
  tls_free(c);
  tls_ctx_free(x);
  return r;
}

/* ---- the client side, in the test process ---- */

struct cli {
  tls_ctx *x;
  tls_conn *c;
  int rc, err;             /* tls_connect's result and errno */
  char text[TLS_ERROR_MAX];
  buf in, out;
  char ib[2048], ob[2048];
};

struct cliopt {
  const char *ca, *cert, *key, *host;
  int check, verify;
};

/* make a client on e and run the handshake; k->rc says how it went */
static void cli_open(struct cli *k, const struct cliopt *o, struct end e)
{
  memset(k, 0, sizeof *k);
  k->rc = -1;
  k->x = tls_ctx_new(TLS_CLIENT);
  if (!k->x) { k->err = errno; return; }
  if ((o->ca && tls_ctx_ca(k->x, path(o->ca), 0) == -1)
      || (o->cert && tls_ctx_cert(k->x, path(o->cert), o->key ? path(o->key) : 0) == -1)
      || tls_ctx_verify(k->x, o->verify) == -1) {
    k->err = errno;
    snprintf(k->text, sizeof k->text, "%s", tls_ctx_error(k->x));
    return;
  }
  k->c = tls_conn_new(k->x, e.rfd, e.wfd);
  if (!k->c) { k->err = errno; return; }
  if (o->host && tls_conn_sethost(k->c, o->host, o->check) == -1) { k->err = errno; return; }
  k->rc = tls_connect(k->c, WAIT_MS);
  k->err = errno;
  snprintf(k->text, sizeof k->text, "%s", tls_error(k->c));
  tls_bufinit(&k->in, k->c, tls_bufread, k->ib, sizeof k->ib);
  tls_bufinit(&k->out, k->c, tls_bufwrite, k->ob, sizeof k->ob);
  buf_settimeout(&k->in, WAIT_MS);
  buf_settimeout(&k->out, WAIT_MS);
}

static void cli_close(struct cli *k)
{
  tls_free(k->c);
  tls_ctx_free(k->x);
  k->c = 0;
  k->x = 0;
}

/* send a line and read the answer line into ans; 0 or -1 */
static int cli_ask(struct cli *k, const char *line, char *ans, size_t size)
{
  if (buf_puts(&k->out, line) || buf_putsflush(&k->out, "\n")) return -1;
  return get_line(&k->in, ans, size) == 1 ? 0 : -1;
}

/* a link (socketpair, or pipes when pipes is 1) with a forked server s
 * on one end and a client o on the other, *b; the client's connection
 * stays open in k (see finish) */
static int session(struct cli *k, const struct srv *s, const struct cliopt *o,
                   struct peer *p, struct end *b, int pipes)
{
  struct end a;
  if ((pipes ? link_pipes(&a, b) : link_socketpair(&a, b)) == -1) return -1;
  if (peer_start(p, run_server, s, a, *b) == -1) return -1;
  cli_open(k, o, *b);
  return 0;
}

/* close the client and its fds, then collect the server's report and exit
 * status */
static int finish(struct cli *k, struct peer *p, struct end b, char *rep, size_t size)
{
  cli_close(k);
  end_close(b);
  return peer_finish(p, rep, size);
}

/* ---- the tests ---- */

static const struct srv s_local = { "srvall.pem", 0, 0, TLS_VERIFY_NONE, 0, 0, 0 };
static const struct srv s_other = { "other.pem", "other.key", 0, TLS_VERIFY_NONE, 0, 0, 0 };
static const struct cliopt c_local = { "ca.pem", 0, 0, "localhost", 1, TLS_VERIFY_PEER };

static void test_ctx_errors(void)
{
  tls_ctx *x;
  errno = 0;
  ok(tls_ctx_new((enum tls_role)7) == 0 && errno == EINVAL, "ctx_new: an unknown role is EINVAL");
  x = tls_ctx_new(TLS_SERVER);
  if (!ok(x != 0, "ctx_new: a server context")) return;
  is_str(tls_ctx_error(x), "", "no error text yet");
  errno = 0;
  is_int(tls_ctx_cert(x, path("missing.pem"), 0), -1, "cert: a missing file fails");
  is_int(errno, ENOENT, "with ENOENT");
  ok(strstr(tls_ctx_error(x), "missing.pem") != 0, "the text names it: %s", tls_ctx_error(x));
  errno = 0;
  is_int(tls_ctx_cert(x, path("ca.key"), 0), -1, "cert: a key is no certificate");
  is_int(errno, EINVAL, "with EINVAL");
  ok(strstr(tls_ctx_error(x), "certificate chain") != 0, "text: %s", tls_ctx_error(x));
  errno = 0;
  is_int(tls_ctx_cert(x, path("srv.pem"), 0), -1, "cert: no key in the certificate file");
  ok(errno == EINVAL && strstr(tls_ctx_error(x), "private key") != 0, "EINVAL, text: %s",
     tls_ctx_error(x));
  errno = 0;
  is_int(tls_ctx_cert(x, path("srv.pem"), path("other.key")), -1, "cert: the wrong key");
  ok(errno == EINVAL && strstr(tls_ctx_error(x), "mismatch") != 0, "EINVAL, text: %s",
     tls_ctx_error(x));
  is_int(tls_ctx_cert(x, path("srv.pem"), path("srv.key")), 0, "cert: certificate and key files");
  is_int(tls_ctx_cert(x, path("srvall.pem"), 0), 0, "cert: key in the certificate file");
  errno = 0;
  is_int(tls_ctx_ciphers(x, "NO-SUCH-CIPHER", 0), -1, "ciphers: an unknown list fails");
  ok(errno == EINVAL && strstr(tls_ctx_error(x), "NO-SUCH-CIPHER") != 0, "EINVAL, text: %s",
     tls_ctx_error(x));
  is_int(tls_ctx_ciphers(x, "ECDHE+AESGCM", "TLS_AES_128_GCM_SHA256"), 0, "ciphers: good ones");
  errno = 0;
  ok(tls_ctx_verify(x, 9) == -1 && errno == EINVAL, "verify: an unknown mode is EINVAL");
  errno = 0;
  ok(tls_ctx_ca(x, path("missing.pem"), 0) == -1 && errno == ENOENT, "ca: missing file ENOENT");
  errno = 0;
  ok(tls_ctx_ca(x, 0, path("srv.pem")) == -1 && errno == ENOTDIR, "ca: a file as directory ENOTDIR");
  is_int(tls_ctx_ca(x, 0, dir), 0, "ca: a directory");
  is_int(tls_ctx_ca(x, 0, 0), 0, "ca: the default store");
  is_int(tls_ctx_ca(x, path("ca.pem"), 0), 0, "ca: a file");
  tls_ctx_free(x);
  tls_ctx_free(0);
  tls_free(0);
  ok(*tls_ctx_error(0) && *tls_error(0), "texts for NULL objects");
}

static void test_conn_errors(void)
{
  tls_ctx *sx = tls_ctx_new(TLS_SERVER), *cx = tls_ctx_new(TLS_CLIENT);
  tls_conn *s, *c;
  struct end a, b;
  char x[8];
  buf bf;
  if (!ok(sx && cx && link_socketpair(&a, &b) == 0, "contexts and a socketpair")) return;
  errno = 0;
  ok(tls_conn_new(sx, -1, 1) == 0 && errno == EBADF, "conn_new: negative fd EBADF");
  errno = 0;
  ok(tls_conn_new(0, a.rfd, a.wfd) == 0 && errno == EINVAL, "conn_new: no context EINVAL");
  s = tls_conn_new(sx, a.rfd, a.wfd);
  c = tls_conn_new(cx, b.rfd, b.wfd);
  if (!ok(s && c, "conn_new on a socketpair")) return;
  ok(fcntl(a.rfd, F_GETFL) & O_NONBLOCK, "the fd is non-blocking during the connection");
  errno = 0;
  ok(tls_conn_sethost(s, "localhost", 1) == -1 && errno == EINVAL, "sethost on a server EINVAL");
  errno = 0;
  ok(tls_conn_sethost(c, "", 1) == -1 && errno == EINVAL, "sethost with an empty name EINVAL");
  errno = 0;
  ok(tls_connect(s, 100) == -1 && errno == EINVAL, "connect on a server connection EINVAL");
  errno = 0;
  ok(tls_accept(c, 100) == -1 && errno == EINVAL, "accept on a client connection EINVAL");
  ok(strstr(tls_error(c), "client connection") != 0, "text: %s", tls_error(c));
  is_str(tls_version(c), "", "no version before the handshake");
  is_str(tls_cipher(c), "", "no cipher before the handshake");
  ok(tls_peer_subject(c) == 0 && !tls_peer_verified(c), "no peer before the handshake");
  tls_free(s);
  tls_free(c);
  ok(!(fcntl(a.rfd, F_GETFL) & O_NONBLOCK), "free restores the blocking mode");
  fcntl(b.rfd, F_SETFL, fcntl(b.rfd, F_GETFL) | O_NONBLOCK);
  tls_free(tls_conn_new(cx, b.rfd, b.wfd));
  ok(fcntl(b.rfd, F_GETFL) & O_NONBLOCK, "an fd that was non-blocking stays so");
  tls_bufinit(&bf, 0, tls_bufread, x, sizeof x);
  errno = 0;
  ok(buf_feed(&bf) == -1 && errno == EBADF, "a buf without a connection fails with EBADF");
  end_close(a);
  end_close(b);
  tls_ctx_free(sx);
  tls_ctx_free(cx);
}

/* the whole protocol over a link: both directions, large data, close */
static void exchange(struct cli *k, const char *how)
{
  char ans[256], x[16];
  ok(cli_ask(k, "hello", ans, sizeof ans) == 0 && !strcmp(ans, "echo:hello"), "%s: echo", how);
  ok(buf_putsflush(&k->out, "BIG 300000\n") == 0 && get_pattern(&k->in, 300000) == 1,
     "%s: 300000 bytes from the server", how);
  ok(buf_putsflush(&k->out, "SINK 200000\n") == 0 && put_pattern(&k->out, 200000) == 0
     && get_line(&k->in, ans, sizeof ans) == 1 && !strcmp(ans, "OK"),
     "%s: 200000 bytes to the server", how);
  ok(buf_putsflush(&k->out, "QUIT\n") == 0 && tls_read(k->c, x, sizeof x, WAIT_MS) == 0,
     "%s: close_notify reads as end of data", how);
}

static void test_basic(void)
{
  struct cli k;
  struct peer p;
  struct end b;
  char rep[4096], x[16];
  long long t;
  ssize_t r;
  if (!ok(session(&k, &s_local, &c_local, &p, &b, 0) == 0, "basic: start")) return;
  if (!ok(k.rc == 0, "basic: handshake with the CA and the right name")) diag("%s", k.text);
  is_str(tls_version(k.c), "TLSv1.3", "basic: TLS 1.3 by default");
  ok(!strncmp(tls_cipher(k.c), "TLS_", 4), "basic: a TLS 1.3 suite: %s", tls_cipher(k.c));
  ok(tls_peer_subject(k.c) && strstr(tls_peer_subject(k.c), "CN=localhost"),
     "basic: peer subject %s", tls_peer_subject(k.c) ? tls_peer_subject(k.c) : "(none)");
  ok(tls_peer_verified(k.c), "basic: peer verified");
  is_str(tls_verify_error(k.c), "ok", "basic: verify text");
  t = now_ms();
  errno = 0;
  r = tls_read(k.c, x, sizeof x, 200);
  t = now_ms() - t;
  ok(r == -1 && errno == ETIMEDOUT, "basic: a read from a quiet peer times out");
  ok(t >= 190 && t < 2000, "basic: after about 200 ms (%lld)", t);
  exchange(&k, "basic");
  is_int(finish(&k, &p, b, rep, sizeof rep), 0, "basic: server exit");
  ok(strstr(rep, "accept=ok version=TLSv1.3") && strstr(rep, "subject=(none)")
     && strstr(rep, "io=quit shutdown=0"), "basic: server report: %s", rep);
}

/* a peer that dies without close_notify: first read (then write), or
 * first write */
static void test_abrupt(int read_first)
{
  struct cli k;
  struct peer p;
  struct end b;
  struct pollfd pf;
  char rep[4096], x[16];
  ssize_t r;
  const char *how = read_first ? "abrupt, read" : "abrupt, write";
  if (session(&k, &s_local, &c_local, &p, &b, 0) == -1) return;
  if (!ok(k.rc == 0, "%s: handshake", how)) diag("%s", k.text);
  /* a round trip first: a peer that dies with unread data makes ECONNRESET */
  ok(cli_ask(&k, "hi", x, sizeof x) == 0, "%s: a round trip", how);
  kill(p.pid, SIGKILL);
  pf.fd = b.rfd;
  pf.events = POLLIN;
  ok(poll(&pf, 1, WAIT_MS) == 1, "%s: the hang-up is seen", how);
  if (read_first) {
    r = tls_read(k.c, x, sizeof x, WAIT_MS);
    is_int(r, 0, "%s: a hang-up without close_notify reads as end of data", how);
  }
  errno = 0;
  r = tls_write(k.c, "x", 1, WAIT_MS);
  ok(r == -1 && errno == (read_first ? EPROTO : EPIPE), "%s: a write fails (%s): %s", how,
     strerror(errno), tls_error(k.c));
  is_int(finish(&k, &p, b, rep, sizeof rep), -1, "%s: the server was killed", how);
}

static void test_pipes(void)
{
  struct cli k;
  struct peer p;
  struct end b;
  char rep[4096];
  if (!ok(session(&k, &s_local, &c_local, &p, &b, 1) == 0, "pipes: start")) return;
  ok(b.rfd != b.wfd, "pipes: separate read and write fds");
  if (!ok(k.rc == 0, "pipes: handshake")) diag("%s", k.text);
  exchange(&k, "pipes");
  is_int(finish(&k, &p, b, rep, sizeof rep), 0, "pipes: server exit");
  ok(strstr(rep, "accept=ok") && strstr(rep, "io=quit shutdown=0"), "pipes: report: %s", rep);
}

/* one handshake of client o against server s; returns the client's rc and
 * keeps its errno, text, verified flag and subject in the arguments */
struct result { int rc, err, verified, status; char text[TLS_ERROR_MAX]; char subj[256];
                char verr[128]; char rep[4096]; };

static void one(const struct srv *s, const struct cliopt *o, struct result *res)
{
  struct cli k;
  struct peer p;
  struct end b;
  char ans[64];
  memset(res, 0, sizeof *res);
  res->rc = -2;
  if (session(&k, s, o, &p, &b, 0) == -1) return;
  res->rc = k.rc;
  res->err = k.err;
  snprintf(res->text, sizeof res->text, "%s", k.text);
  if (k.rc == 0) {
    const char *subj = tls_peer_subject(k.c);
    res->verified = tls_peer_verified(k.c);
    snprintf(res->subj, sizeof res->subj, "%s", subj ? subj : "(none)");
    snprintf(res->verr, sizeof res->verr, "%s", tls_verify_error(k.c));
    /* a round trip: the server has finished its side of the handshake */
    if (cli_ask(&k, "hi", ans, sizeof ans) == -1) res->rc = -3;
  }
  res->status = finish(&k, &p, b, res->rep, sizeof res->rep);
}

static void test_hosts(void)
{
  struct result r;
  struct cliopt o = c_local;
  one(&s_other, &o, &r);
  ok(r.rc == -1 && r.err == EPROTO, "host: a certificate for another name fails with EPROTO");
  ok(strstr(r.text, "certificate verify failed") && strstr(r.text, "hostname mismatch"),
     "host: text: %s", r.text);
  o.host = "other.example";
  one(&s_other, &o, &r);
  ok(r.rc == 0 && r.verified && strstr(r.subj, "CN=other.example"),
     "host: the same certificate passes for its own name: %s", r.text);
  o.host = "127.0.0.1";
  one(&s_local, &o, &r);
  ok(r.rc == 0 && r.verified, "host: an IP address against the IP entry: %s", r.text);
  o.host = "127.0.0.2";
  one(&s_local, &o, &r);
  ok(r.rc == -1 && r.err == EPROTO && strstr(r.text, "IP address mismatch"),
     "host: the wrong IP address fails: %s", r.text);
  o.host = "wrong.example";
  o.check = 0;
  one(&s_local, &o, &r);
  ok(r.rc == 0 && r.verified, "host: SNI only, no name check: %s", r.text);
  o.check = 1;
  o.verify = TLS_VERIFY_NONE;
  one(&s_local, &o, &r);
  ok(r.rc == 0 && !r.verified, "host: verify none: the handshake goes on, unverified");
  is_str(r.verr, "hostname mismatch", "host: verify none: the reason is kept");
}

static void test_untrusted(void)
{
  struct result r;
  struct cliopt o = c_local;
  o.ca = "ca2.pem";
  one(&s_local, &o, &r);
  ok(r.rc == -1 && r.err == EPROTO, "untrusted CA: handshake fails with EPROTO");
  ok(strstr(r.text, "unable to get local issuer certificate") != 0, "untrusted CA: text: %s",
     r.text);
  ok(strstr(r.rep, "accept=fail") != 0, "untrusted CA: the server saw the alert: %s", r.rep);
}

static void test_client_certs(void)
{
  struct srv s = s_local;
  struct cliopt o = c_local;
  struct result r;
  s.ca = "ca.pem";
  s.verify = TLS_VERIFY_REQUIRE;
  o.cert = "cli.pem";
  o.key = "cli.key";
  one(&s, &o, &r);
  ok(r.rc == 0 && r.status == 0, "client cert: accepted: %s", r.text);
  ok(strstr(r.rep, "subject=/CN=client verified=1 verr=ok") != 0, "client cert: %s", r.rep);
  o.cert = o.key = 0;
  one(&s, &o, &r);
  is_int(r.status, 1, "client cert required, none sent: refused");
  ok(strstr(r.rep, "accept=fail") && strstr(r.rep, "did not return a certificate"),
     "client cert required: %s", r.rep);
  s.verify = TLS_VERIFY_PEER;
  one(&s, &o, &r);
  ok(r.status == 0 && strstr(r.rep, "subject=(none)"), "verify peer, no cert: fine: %s", r.rep);
  o.cert = "rogue.pem";
  o.key = "rogue.key";
  one(&s, &o, &r);
  ok(r.status == 1 && strstr(r.rep, "certificate verify failed"),
     "verify peer: a self-signed client cert is refused: %s", r.rep);
  s.verify = TLS_VERIFY_REQUEST;
  one(&s, &o, &r);
  ok(r.rc == 0 && r.status == 0 && strstr(r.rep, "subject=/CN=rogue verified=0")
     && !strstr(r.rep, "verr=ok"), "verify request: accepted, reported unverified: %s", r.rep);
}

static void test_timeouts(void)
{
  tls_ctx *sx = tls_ctx_new(TLS_SERVER), *cx = tls_ctx_new(TLS_CLIENT);
  struct end a, b;
  tls_conn *c;
  long long t;
  int r;
  if (!ok(sx && cx && tls_ctx_cert(sx, path("srvall.pem"), 0) == 0, "timeouts: contexts")) return;
  if (link_socketpair(&a, &b) == -1) return;
  c = tls_conn_new(sx, a.rfd, a.wfd);
  t = now_ms();
  errno = 0;
  r = c ? tls_accept(c, 300) : 0;
  t = now_ms() - t;
  ok(r == -1 && errno == ETIMEDOUT, "accept from a silent peer: ETIMEDOUT");
  ok(t >= 290 && t < 1500, "after about 300 ms (%lld)", t);
  ok(c && strstr(tls_error(c), "timed out"), "text: %s", c ? tls_error(c) : "");
  tls_free(c);
  c = tls_conn_new(cx, b.rfd, b.wfd);
  t = now_ms();
  errno = 0;
  r = c ? tls_connect(c, 250) : 0;
  t = now_ms() - t;
  ok(r == -1 && errno == ETIMEDOUT, "connect to a silent peer: ETIMEDOUT");
  ok(t >= 240 && t < 1500, "after about 250 ms (%lld)", t);
  tls_free(c);
  end_close(a);
  end_close(b);

  /* a peer that speaks plain text, and one that hangs up at once */
  if (link_socketpair(&a, &b) == -1) return;
  ok(write(b.wfd, "EHLO x\r\n", 8) == 8, "plain text sent");
  end_close(b);
  c = tls_conn_new(sx, a.rfd, a.wfd);
  errno = 0;
  ok(c && tls_accept(c, WAIT_MS) == -1 && errno == EPROTO, "plain text: EPROTO: %s",
     c ? tls_error(c) : "");
  tls_free(c);
  end_close(a);
  if (link_socketpair(&a, &b) == -1) return;
  end_close(b);
  c = tls_conn_new(sx, a.rfd, a.wfd);
  errno = 0;
  ok(c && tls_accept(c, WAIT_MS) == -1 && errno == EPROTO, "hang-up: EPROTO: %s",
     c ? tls_error(c) : "");
  tls_free(c);
  end_close(a);
  tls_ctx_free(sx);
  tls_ctx_free(cx);
}

/* a plain OpenSSL client limited to maxver (security level 0 so that it
 * offers old protocols at all); after a handshake it sends QUIT and reads
 * to the end. 0 handshake done, -1 refused */
static int raw_client(int fd, int maxver)
{
  SSL_CTX *x = SSL_CTX_new(TLS_client_method());
  SSL *s = 0;
  int r = -1;
  char tmp[64];
  size_t got;
  if (x && SSL_CTX_set_min_proto_version(x, TLS1_VERSION)
      && SSL_CTX_set_max_proto_version(x, maxver)
      && SSL_CTX_set_cipher_list(x, "DEFAULT:@SECLEVEL=0")) {
    SSL_CTX_set_security_level(x, 0);
    s = SSL_new(x);
  }
  if (s && SSL_set_fd(s, fd) == 1 && SSL_connect(s) == 1) {
    r = 0;
    if (SSL_write(s, "QUIT\n", 5) == 5) while (SSL_read_ex(s, tmp, sizeof tmp, &got) == 1) {}
  }
  SSL_free(s);
  SSL_CTX_free(x);
  ERR_clear_error();
  return r;
}

static void test_old_protocols(void)
{
  struct srv s = s_local;
  struct peer p;
  struct end a, b;
  char rep[4096];
  int r;
  s.ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256";
  if (link_socketpair(&a, &b) == -1 || peer_start(&p, run_server, &s, a, b) == -1) return;
  r = raw_client(b.rfd, TLS1_1_VERSION);
  end_close(b);
  is_int(r, -1, "a TLS 1.1 client is refused");
  is_int(peer_finish(&p, rep, sizeof rep), 1, "TLS 1.1: the server's handshake fails");
  ok(strstr(rep, "accept=fail") && strstr(rep, "unsupported protocol"), "TLS 1.1: %s", rep);
  if (link_socketpair(&a, &b) == -1 || peer_start(&p, run_server, &s, a, b) == -1) return;
  r = raw_client(b.rfd, TLS1_2_VERSION);
  end_close(b);
  is_int(r, 0, "the same client allowed TLS 1.2 connects");
  is_int(peer_finish(&p, rep, sizeof rep), 0, "TLS 1.2: server exit");
  ok(strstr(rep, "version=TLSv1.2 cipher=ECDHE-ECDSA-AES128-GCM-SHA256")
     && strstr(rep, "io=quit"), "TLS 1.2 with the configured cipher list: %s", rep);
}

static void test_suites(void)
{
  struct srv s = s_local;
  struct cli k;
  struct peer p;
  struct end b;
  char rep[4096];
  s.suites = "TLS_CHACHA20_POLY1305_SHA256";
  if (session(&k, &s, &c_local, &p, &b, 0) == -1) return;
  ok(k.rc == 0, "suites: handshake: %s", k.text);
  is_str(tls_cipher(k.c), "TLS_CHACHA20_POLY1305_SHA256", "suites: the configured TLS 1.3 suite");
  finish(&k, &p, b, rep, sizeof rep);
}

/* ---- openssl s_client and s_server on loopback ---- */

/* run argv with stdin from in and stdout+stderr to out; the pid or -1 */
static pid_t spawn(const char *const *argv, const char *in, const char *out)
{
  pid_t pid;
  fflush(stdout);
  pid = fork();
  if (pid != 0) return pid;
  int i = open(in, O_RDONLY), o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (i == -1 || o == -1 || dup2(i, 0) == -1 || dup2(o, 1) == -1 || dup2(o, 2) == -1) _exit(127);
  execvp(argv[0], (char *const *)(uintptr_t)argv);
  _exit(127);
}

/* wait for pid at most ms; its exit status, -1 if killed by a signal, -2
 * when it had to be killed */
static int wait_ms(pid_t pid, int ms)
{
  long long end = now_ms() + ms;
  int st;
  for (;;) {
    pid_t r = waitpid(pid, &st, WNOHANG);
    if (r == pid) return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    if (r == -1 && errno != EINTR) return -1;
    if (now_ms() > end) {
      kill(pid, SIGKILL);
      waitpid(pid, &st, 0);
      return -2;
    }
    usleep(10000);
  }
}

/* a loopback TCP socket: listening (bound to a free port) or, when
 * listening is 0, just bound and closed to find a free port; *port set */
static int loopback(int listening, unsigned short *port)
{
  struct sockaddr_in sa;
  socklen_t len = sizeof sa;
  int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (s == -1) return -1;
  if (bind(s, (struct sockaddr *)&sa, sizeof sa) == -1 || (listening && listen(s, 4) == -1)
      || getsockname(s, (struct sockaddr *)&sa, &len) == -1) {
    close(s);
    return -1;
  }
  *port = ntohs(sa.sin_port);
  if (!listening) { close(s); return 0; }
  return s;
}

/* connect to 127.0.0.1:port, trying again while nobody listens yet */
static int connect_retry(unsigned short port, int ms)
{
  long long end = now_ms() + ms;
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sa.sin_port = htons(port);
  for (;;) {
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s == -1) return -1;
    if (connect(s, (struct sockaddr *)&sa, sizeof sa) == 0) return s;
    close(s);
    if (errno != ECONNREFUSED || now_ms() > end) return -1;
    usleep(20000);
  }
}

/* the whole file into s[size] (cut), NUL-terminated */
static void slurp(const char *file, char *s, size_t size)
{
  FILE *f = fopen(file, "r");
  size_t n = f ? fread(s, 1, size - 1, f) : 0;
  s[n] = 0;
  if (f) fclose(f);
}

/* accept one connection on l within ms; the fd or -1 */
static int accept_ms(int l, int ms)
{
  struct pollfd p = { l, POLLIN, 0 };
  if (poll(&p, 1, ms) != 1) return -1;
  return accept(l, 0, 0);
}

/* openssl s_client (protocol flag proto) against our server */
static void test_s_client(const char *proto, const char *want)
{
  char portarg[64], rep[4096], out[65536];
  unsigned short port;
  int l = loopback(1, &port), fd;
  const char *argv[] = { "openssl", "s_client", "-connect", portarg, "-servername",
    "localhost", "-CAfile", path("ca.pem"), "-verify_hostname", "localhost",
    "-verify_return_error", "-ign_eof", proto, 0 };
  tls_ctx *x;
  tls_conn *c = 0;
  pid_t pid;
  if (!ok(l != -1, "s_client %s: a loopback port", proto)) return;
  snprintf(portarg, sizeof portarg, "127.0.0.1:%u", port);
  pid = spawn(argv, path("ping.in"), path("s_client.out"));
  fd = accept_ms(l, WAIT_MS);
  rep[0] = 0;
  x = srv_ctx(&s_local, rep, sizeof rep);
  if (x && fd != -1) c = tls_conn_new(x, fd, fd);
  if (c && tls_accept(c, WAIT_MS) == 0) {
    rep_conn(c, rep, sizeof rep);
    serve(c, 1, rep, sizeof rep);
  } else {
    rep_add(rep, sizeof rep, "accept=fail %s", tls_error(c));
  }
  tls_free(c);
  tls_ctx_free(x);
  if (fd != -1) close(fd);
  close(l);
  is_int(wait_ms(pid, WAIT_MS), 0, "s_client %s: exit status", proto);
  slurp(path("s_client.out"), out, sizeof out);
  ok(strstr(rep, "accept=ok") && strstr(rep, "io=once shutdown=0"), "s_client %s: our side: %s",
     proto, rep);
  ok(strstr(out, want) != 0, "s_client %s: it shows %s", proto, want);
  ok(strstr(out, "Verify return code: 0 (ok)") != 0, "s_client %s: it verified us", proto);
  if (!ok(strstr(out, "echo:ping") != 0, "s_client %s: data both ways", proto))
    diag("s_client output:\n%s", out);
}

/* our client against openssl s_server -rev (which answers lines reversed) */
static void test_s_server(void)
{
  char portarg[64], ans[64];
  unsigned short port;
  const char *argv[] = { "openssl", "s_server", "-accept", portarg, "-cert", path("srv.pem"),
    "-key", path("srv.key"), "-naccept", "1", "-rev", 0 };
  struct cliopt o = c_local;
  struct cli k;
  struct end e;
  pid_t pid;
  if (!ok(loopback(0, &port) == 0, "s_server: a free loopback port")) return;
  snprintf(portarg, sizeof portarg, "127.0.0.1:%u", port);
  pid = spawn(argv, "/dev/null", path("s_server.out"));
  e.rfd = e.wfd = connect_retry(port, WAIT_MS);
  if (!ok(e.rfd != -1, "s_server: connected")) { wait_ms(pid, 0); return; }
  o.host = "127.0.0.1";
  cli_open(&k, &o, e);
  ok(k.rc == 0 && tls_peer_verified(k.c), "s_server: handshake, verified: %s", k.text);
  is_str(tls_version(k.c), "TLSv1.3", "s_server: TLS 1.3");
  ok(cli_ask(&k, "hello", ans, sizeof ans) == 0 && !strcmp(ans, "olleh"),
     "s_server: a line there and back");
  ok(tls_shutdown(k.c, WAIT_MS) == 0, "s_server: shutdown");
  cli_close(&k);
  close(e.rfd);
  is_int(wait_ms(pid, WAIT_MS), 0, "s_server: exits after the one connection");
}

static int run_all(void)
{
  const char *d;
  ok(tls_available(), "TLS is compiled in");
  if (!has_openssl_command()) skip_all("the openssl command is not installed");
  d = tap_tmpdir();
  snprintf(dir, sizeof dir, "%s", d);
  if (!ok(make_certs() == 0, "certificates made with openssl(1)")) {
    char log[8192];
    slurp(path("gen.log"), log, sizeof log);
    diag("openssl said:\n%s", log);
    tap_rmtree(dir);
    return done_testing();
  }
  FILE *f = fopen(path("ping.in"), "w");
  if (f) { fputs("ping\n", f); fclose(f); }
  test_ctx_errors();
  test_conn_errors();
  test_basic();
  test_pipes();
  test_abrupt(1);
  test_abrupt(0);
  test_hosts();
  test_untrusted();
  test_client_certs();
  test_timeouts();
  test_old_protocols();
  test_suites();
  test_s_client("-tls1_3", "New, TLSv1.3, Cipher is TLS_");
  test_s_client("-tls1_2", "New, TLSv1.2, Cipher is ECDHE-");
  test_s_server();
  tap_rmtree(dir);
  return done_testing();
}

#endif /* HAVE_OPENSSL */

int main(void)
{
  signal(SIGPIPE, SIG_IGN);
  if (!tls_available()) {
    test_stub();
    return done_testing();
  }
#if HAVE_OPENSSL
  return run_all();
#else
  ok(0, "tls_available() is 1 in a build without OpenSSL");
  return done_testing();
#endif
}
