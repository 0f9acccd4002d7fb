/* tsopt.c — tcpserver's command line, host and port arguments, limit file. */
#include "tsopt.h"

#include <errno.h>
#include <unistd.h>

#include "byte.h"
#include "ip.h"
#include "open.h"
#include "scan.h"
#include "str.h"

/* the options that take an argument */
static const char ts_withargs[] = "cxBgubltCnkaL";

int tsopt_number(const char *s, unsigned long max, unsigned long *out)
{
  unsigned long u;
  size_t len = str_len(s);
  if (len == 0 || len > 20) return 0;
  if (scan_ulong(s, len, &u) != len || u > max) return 0;
  *out = u;
  return 1;
}

static int all_digits(const char *s)
{
  if (!*s) return 0;
  for (; *s; ++s)
    if (*s < '0' || *s > '9') return 0;
  return 1;
}

static void defaults(struct ts_opts *o)
{
  byte_zero(o, sizeof *o);
  o->limit = TS_LIMIT_DEFAULT;
  o->banner = "";
  o->backlog = TS_BACKLOG_DEFAULT;
  o->timeout = TS_TIMEOUT_DEFAULT;
  o->killopts = 1;
  o->remotehost = 1;
  o->remoteinfo = 1;
  o->verbosity = 1;
}

/* a flag without argument; 0 if c is not one */
static int flag(struct ts_opts *o, char c, const char *env_uid, const char *env_gid)
{
  switch (c) {
  case '1': o->flag1 = 1; break;
  case 'U':
    if (env_uid) o->uid = env_uid;
    if (env_gid) o->gid = env_gid;
    break;
  case 'X': o->allownorules = 1; break;
  case 'p': o->paranoid = 1; break;
  case 'P': o->paranoid = 0; break;
  case 'h': o->remotehost = 1; break;
  case 'H': o->remotehost = 0; break;
  case 'r': o->remoteinfo = 1; break;
  case 'R': o->remoteinfo = 0; break;
  case 'o': o->killopts = 0; break;
  case 'O': o->killopts = 1; break;
  case 'd': o->nodelay = 0; break;
  case 'D': o->nodelay = 1; break;
  case 'q': o->verbosity = 0; break;
  case 'Q': o->verbosity = 1; break;
  case 'v': o->verbosity = 2; break;
  case '4': o->family = 4; break;
  case '6': o->family = 6; break;
  case 's': o->tls = 1; break;
  default: return 0;
  }
  return 1;
}

/* an option with its argument a; 0 with *err when a is not valid */
static int witharg(struct ts_opts *o, char c, const char *a, const char **err)
{
  switch (c) {
  case 'c':
    if (all_digits(a)) {
      if (!tsopt_number(a, TS_LIMIT_MAX, &o->limit) || o->limit == 0) {
        *err = "bad limit for -c: ";
        return 0;
      }
      o->limitfile = 0;
    } else {
      o->limitfile = a;
    }
    return 1;
  case 'C':
    if (!tsopt_number(a, TS_LIMIT_MAX, &o->perip)) { *err = "bad limit for -C: "; return 0; }
    return 1;
  case 'b':
    if (!tsopt_number(a, TS_BACKLOG_MAX, &o->backlog)) { *err = "bad backlog for -b: "; return 0; }
    return 1;
  case 't':
    if (!tsopt_number(a, TS_TIMEOUT_MAX, &o->timeout)) { *err = "bad timeout for -t: "; return 0; }
    return 1;
  case 'x': o->rules = a; return 1;
  case 'B': o->banner = a; return 1;
  case 'u': o->uid = a; return 1;
  case 'g': o->gid = a; return 1;
  case 'l': o->localname = a; return 1;
  case 'n': o->certfile = a; return 1;
  case 'k': o->keyfile = a; return 1;
  case 'a': o->cafile = a; return 1;
  case 'L': o->ciphers = a; return 1;
  default: break;
  }
  *err = "illegal option -- ";
  return 0;
}

/* the options in argv[1..); returns the index of the first argument after
 * them, or 0 with *err */
static int options(struct ts_opts *o, int argc, char **argv, const char *env_uid,
                   const char *env_gid, const char **err, const char **errarg)
{
  int i;
  for (i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (a[0] != '-' || a[1] == 0) break;
    if (str_equal(a, "--")) return i + 1;
    for (++a; *a; ++a) {
      if (flag(o, *a, env_uid, env_gid)) continue;
      o->badopt[0] = *a;
      o->badopt[1] = 0;
      if (!ts_withargs[str_chr(ts_withargs, *a)]) {
        *err = "illegal option -- ";
        *errarg = o->badopt;
        return 0;
      }
      if (a[1]) {
        if (!witharg(o, *a, a + 1, err)) { *errarg = a + 1; return 0; }
      } else {
        if (i + 1 >= argc) {
          *err = "option requires an argument -- ";
          *errarg = o->badopt;
          return 0;
        }
        if (!witharg(o, *a, argv[++i], err)) { *errarg = argv[i]; return 0; }
      }
      break;
    }
  }
  return i;
}

int tsopt_parse(struct ts_opts *o, int argc, char **argv, const char *env_uid,
                const char *env_gid, const char **err, const char **errarg)
{
  int i;
  *err = 0;
  *errarg = 0;
  defaults(o);
  i = options(o, argc, argv, env_uid, env_gid, err, errarg);
  if (!i) return 0;
  if (argc - i < 3) return 0;  /* just the usage line, as djb's */
  o->host = argv[i];
  o->port = argv[i + 1];
  o->prog = argv + i + 2;
  return 1;
}

int tsopt_limitparse(const char *s, size_t len, unsigned long *out)
{
  size_t i = 0, n;
  unsigned long u;
  while (i < len && (s[i] == ' ' || s[i] == '\t')) ++i;
  n = 0;
  while (i + n < len && s[i + n] >= '0' && s[i + n] <= '9') ++n;
  if (n == 0 || n > 20) return 0;
  if (scan_ulong(s + i, n, &u) != n || u == 0 || u > TS_LIMIT_MAX) return 0;
  i += n;
  while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) ++i;
  if (i < len && s[i] != '\n') return 0;
  *out = u;
  return 1;
}

int tsopt_limitfile(const char *path, unsigned long *out)
{
  char x[TS_LIMITFILE_MAX];
  size_t len = 0;
  int fd = open_read(path);
  if (fd == -1) return -1;
  while (len < sizeof x) {
    ssize_t r = read(fd, x + len, sizeof x - len);
    if (r == -1) {
      int e = errno;
      if (e == EINTR) continue;
      close(fd);
      errno = e;
      return -1;
    }
    if (r == 0) break;
    len += (size_t)r;
  }
  close(fd);
  if (!tsopt_limitparse(x, len, out)) { errno = EINVAL; return -1; }
  return 0;
}

int tsopt_host(const char *host, int family, unsigned char ip[16], int *is_v6, int *dual)
{
  size_t len = str_len(host);
  unsigned char ip4[4];
  *dual = 0;
  if (len == 0 || str_equal(host, "0")) {
    byte_zero(ip, 16);
    if (family == 6) { *is_v6 = 1; return TSOPT_HOST_LITERAL; }
    byte_zero(ip4, 4);
    ip4_to6(ip, ip4);
    *is_v6 = 0;
    return TSOPT_HOST_LITERAL;
  }
  if (ip4_scan(host, len, ip4) == len) {
    if (family == 6) return TSOPT_HOST_BADFAMILY;
    ip4_to6(ip, ip4);
    *is_v6 = 0;
    return TSOPT_HOST_LITERAL;
  }
  if (ip6_scan(host, len, ip) == len) {
    static const unsigned char any[16];
    if (family == 4) return TSOPT_HOST_BADFAMILY;
    if (ip6_is_v4mapped(ip)) {
      if (family == 6) return TSOPT_HOST_BADFAMILY;
      *is_v6 = 0;
      return TSOPT_HOST_LITERAL;
    }
    *is_v6 = 1;
    if (family != 6 && byte_equal(ip, 16, any)) *dual = 1;
    return TSOPT_HOST_LITERAL;
  }
  return TSOPT_HOST_NAME;
}
