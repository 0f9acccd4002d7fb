/* tsrelay.c — tcpserver -s: starting tcpserver-tls and talking to it. */
#include "tsrelay.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "byte.h"
#include "exitcode.h"
#include "fd.h"
#include "str.h"
#include "strerr.h"
#include "wait.h"

extern char **environ;

int tsrelay_where(stralloc *path, const char *self, const char *prefix)
{
  size_t slash = self ? str_rchr(self, '/') : 0;
  if (self && self[slash] == '/') {
    if (!stralloc_copyb(path, self, slash + 1)) return 0;
  } else {
    if (!stralloc_copys(path, prefix) || !stralloc_cats(path, "/bin/")) return 0;
  }
  return stralloc_cats(path, TSRELAY_NAME) && stralloc_0(path);
}

static void add(char **v, size_t *n, const char *opt, const char *value)
{
  if (!value) return;
  v[(*n)++] = (char *)(uintptr_t)opt;
  v[(*n)++] = (char *)(uintptr_t)value;
}

int tsrelay_argv(char ***argv, const char *path, const struct tsrelay_conf *c,
                 enum tsrelay_mode mode)
{
  static const char *const level[3] = { "-q", "-Q", "-v" };
  size_t n = 0;
  char **v = malloc((TSRELAY_ARGS + 1) * sizeof *v);
  if (!v) return 0;
  v[n++] = (char *)(uintptr_t)path;
  v[n++] = (char *)(uintptr_t)level[c->verbosity < 0 ? 0 : c->verbosity > 2 ? 2 : c->verbosity];
  v[n++] = (char *)(uintptr_t)(mode == TSRELAY_CHECK ? "-C" : "-Z");
  if (c->fds) v[n++] = (char *)(uintptr_t)"-d";
  add(v, &n, "-n", c->certfile);
  add(v, &n, "-k", c->keyfile);
  add(v, &n, "-a", c->cafile);
  add(v, &n, "-L", c->ciphers);
  add(v, &n, "-S", c->suites);
  if (c->banner && *c->banner) add(v, &n, "-B", c->banner);
  v[n] = 0;
  *argv = v;
  return 1;
}

/* the rest of in into out, at most TSRELAY_PEM_MAX bytes in all */
static int copy(int in, int out)
{
  char x[8192];
  size_t total = 0;
  for (;;) {
    ssize_t r = read(in, x, sizeof x);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1) return -1;
    if (r == 0) return 0;
    total += (size_t)r;
    if (total > TSRELAY_PEM_MAX) { errno = EFBIG; return -1; }
    if (fd_writeall(out, x, (size_t)r) == -1) return -1;
  }
}

int tsrelay_copy(const char *file)
{
  int in = open(file, O_RDONLY | O_CLOEXEC), out, e;
  if (in == -1) return -1;
  /* not close-on-exec: the relay server inherits it */
  out = memfd_create(TSRELAY_NAME, MFD_ALLOW_SEALING);
  if (out == -1) {
    e = errno == EINVAL ? ENOSYS : errno;
    close(in);
    errno = e;
    return -1;
  }
  if (copy(in, out) == -1
      || fcntl(out, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) == -1) {
    e = errno;
    close(in);
    close(out);
    errno = e;
    return -1;
  }
  close(in);
  return out;
}

int tsrelay_copies(struct tsrelay *r, struct tsrelay_conf *c, const char **bad)
{
  const char **file[3];
  int k;
  file[0] = &c->certfile;
  file[1] = &c->keyfile;
  file[2] = &c->cafile;
  for (k = 0; k < 3; ++k) {
    r->copy[k] = -1;
    if (!*file[k]) continue;
    r->copy[k] = tsrelay_copy(*file[k]);
    if (r->copy[k] != -1) continue;
    if (errno != ENOSYS) { *bad = *file[k]; return -1; }
    while (k-- > 0) if (r->copy[k] != -1) close(r->copy[k]);  /* the names will do */
    r->copy[0] = r->copy[1] = r->copy[2] = -1;
    return 0;
  }
  for (k = 0; k < 3; ++k) {
    if (r->copy[k] == -1) continue;
    r->num[k][fmt_ulong(r->num[k], (unsigned long)r->copy[k])] = 0;
    *file[k] = r->num[k];
  }
  c->fds = 1;
  return 0;
}

int tsrelay_start(struct tsrelay *r)
{
  int ctl[2], k;
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ctl) == -1) return -1;
  r->pid = tsrelay_run(r->argv, ctl[1]);
  k = errno;
  close(ctl[1]);
  if (r->pid == -1) {
    close(ctl[0]);
    errno = k;
    return -1;
  }
  r->ctl = ctl[0];
  for (k = 0; k < 3; ++k)
    if (r->copy[k] != -1) close(r->copy[k]);
  return 0;
}

int tsrelay_check(char *const *argv)
{
  int status;
  pid_t pid = fork();
  if (pid == -1) return -1;
  if (pid == 0) {
    execve(argv[0], argv, environ);
    strerr_die(EXIT_TEMP, "tcpserver: fatal: unable to run ", argv[0], ": ", STRERR_SYS, (char *)0);
  }
  if (wait_pid(pid, &status) == -1) return -1;
  return status;
}

pid_t tsrelay_run(char *const *argv, int ctl)
{
  int null;
  pid_t pid = fork();
  if (pid != 0) return pid;
  null = open("/dev/null", O_WRONLY);
  if (null == -1 || dup2(null, 1) == -1 || dup2(ctl, 0) == -1) _exit(EXIT_TEMP);
  if (null > 1) close(null);
  execve(argv[0], argv, environ);
  strerr_die(EXIT_TEMP, "tcpserver: fatal: unable to run ", argv[0], ": ", STRERR_SYS, (char *)0);
}

/* msg: m carries the one byte *one, with control[0..len) for the
 * descriptors */
static void msg_one(struct msghdr *m, struct iovec *iov, char *one, char *control, size_t len)
{
  byte_zero(m, sizeof *m);
  iov->iov_base = one;
  iov->iov_len = 1;
  m->msg_iov = iov;
  m->msg_iovlen = 1;
  m->msg_control = control;
  m->msg_controllen = len;
}

int tsrelay_request(int ctl, const int fds[TSRELAY_FDS])
{
  union { struct cmsghdr h; char b[CMSG_SPACE(TSRELAY_FDS * sizeof(int))]; } u;
  char one = 'R';
  struct iovec iov;
  struct msghdr m;
  struct cmsghdr *c;
  byte_zero(&u, sizeof u);
  msg_one(&m, &iov, &one, u.b, sizeof u.b);
  c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(TSRELAY_FDS * sizeof(int));
  byte_copy(CMSG_DATA(c), TSRELAY_FDS * sizeof(int), fds);
  for (;;) {
    ssize_t r = sendmsg(ctl, &m, MSG_NOSIGNAL);
    if (r == 1) return 0;
    if (r == -1 && errno == EINTR) continue;
    if (r != -1) errno = EPROTO;
    return -1;
  }
}

/* close the descriptors of every SCM_RIGHTS message in m */
static void drop_fds(struct msghdr *m)
{
  struct cmsghdr *c;
  for (c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
    size_t n, i;
    int fd;
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (i = 0; i < n; ++i) {
      byte_copy(&fd, sizeof fd, CMSG_DATA(c) + i * sizeof(int));
      close(fd);
    }
  }
}

int tsrelay_receive(int ctl, int fds[TSRELAY_FDS])
{
  /* room for more than a request holds, so that extra ones are seen */
  union { struct cmsghdr h; char b[CMSG_SPACE(2 * TSRELAY_FDS * sizeof(int))]; } u;
  char one;
  struct iovec iov;
  struct msghdr m;
  struct cmsghdr *c;
  ssize_t r;
  msg_one(&m, &iov, &one, u.b, sizeof u.b);
  do r = recvmsg(ctl, &m, MSG_CMSG_CLOEXEC); while (r == -1 && errno == EINTR);
  if (r <= 0) return (int)r;
  c = CMSG_FIRSTHDR(&m);
  if (r != 1 || (m.msg_flags & MSG_CTRUNC) || !c || c->cmsg_level != SOL_SOCKET
      || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(TSRELAY_FDS * sizeof(int))
      || CMSG_NXTHDR(&m, c)) {
    drop_fds(&m);
    errno = EPROTO;
    return -1;
  }
  byte_copy(fds, TSRELAY_FDS * sizeof(int), CMSG_DATA(c));
  return TSRELAY_FDS;
}

ssize_t tsrelay_result(int fd, char *x)
{
  size_t len = 0;
  for (;;) {
    char sink[256];
    ssize_t r;
    if (len < TSRELAY_ANSWER_MAX) r = read(fd, x + len, TSRELAY_ANSWER_MAX - len);
    else r = read(fd, sink, sizeof sink);  /* too long: kept cut, read to the end */
    if (r == -1 && errno == EINTR) continue;
    if (r == -1) return -1;
    if (r == 0) return (ssize_t)len;
    if (len < TSRELAY_ANSWER_MAX) len += (size_t)r;
  }
}

int tsrelay_pack(char *x, size_t *len, char *const *v, const char *why)
{
  size_t n = 1, i, k;
  if (why) {
    x[0] = 'F';
    k = str_len(why);
    if (k > TSRELAY_ANSWER_MAX - 1) k = TSRELAY_ANSWER_MAX - 1;
    byte_copy(x + 1, k, why);
    *len = 1 + k;
    return 1;
  }
  x[0] = 'S';
  for (i = 0; v[i] && i < TSRELAY_VARS_MAX; ++i) {
    k = str_len(v[i]) + 1;
    if (k > TSRELAY_ANSWER_MAX - n) continue;
    byte_copy(x + n, k, v[i]);
    n += k;
  }
  *len = n;
  return 1;
}

int tsrelay_unpack(char *x, size_t len, char **v, const char **why)
{
  size_t i = 1, n = 0;
  *why = "no answer from " TSRELAY_NAME;
  if (len == 0 || len > TSRELAY_ANSWER_MAX) return -1;
  if (x[0] == 'F') {
    if (len == TSRELAY_ANSWER_MAX) --len;  /* room for the NUL */
    x[len] = 0;
    *why = x + 1;
    return -1;
  }
  if (x[0] != 'S') return -1;
  while (i < len) {
    size_t k = byte_chr(x + i, len - i, 0);
    if (k == len - i || n == TSRELAY_VARS_MAX || !k || x[i] == '=' || byte_chr(x + i, k, '=') == k)
      return -1;
    v[n++] = x + i;
    i += k + 1;
  }
  v[n] = 0;
  return (int)n;
}
