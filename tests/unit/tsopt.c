/* tsopt.c — unit test for ucspi-tcp/tsopt: tcpserver's options, host
 * literals, and the -c limit file. */
#include <fcntl.h>
#include <unistd.h>

#include "tap.h"
#include "tsopt.h"

/* every argv made, freed at the end (so that LeakSanitizer is quiet) */
static char **made[16];
static int nmade;

/* av: a mutable argv (and its count) from string constants */
static char **av(int *argc, const char *first, ...)
{
  char **v;
  const char *a;
  va_list ap;
  int n = 0;
  v = calloc(64, sizeof *v);
  if (!v) exit(255);
  va_start(ap, first);
  for (a = first; a && n < 63; a = va_arg(ap, const char *)) v[n++] = strdup(a);
  va_end(ap);
  *argc = n;
  if (nmade < 16) made[nmade++] = v;
  return v;
}

static void freeall(void)
{
  int i, j;
  for (i = 0; i < nmade; ++i) {
    for (j = 0; made[i][j]; ++j) free(made[i][j]);
    free(made[i]);
  }
}

static void test_defaults(void)
{
  int v_n;
  char **v = av(&v_n, "tcpserver", "0", "25", "prog", "arg", (const char *)0);
  struct ts_opts o;
  const char *err, *arg;
  ok(tsopt_parse(&o, v_n, v, 0, 0, &err, &arg), "plain arguments parse");
  is_str(o.host, "0", "host");
  is_str(o.port, "25", "port");
  is_str(o.prog[0], "prog", "program");
  is_str(o.prog[1], "arg", "program argument");
  ok(o.prog[2] == 0, "argv ends");
  is_int(o.limit, 40, "-c default 40");
  ok(o.limitfile == 0, "no limit file");
  is_int(o.backlog, 20, "-b default 20");
  is_int(o.timeout, 26, "-t default 26");
  is_int(o.remotehost, 1, "-h by default");
  is_int(o.remoteinfo, 1, "-r by default");
  is_int(o.paranoid, 0, "-P by default");
  is_int(o.killopts, 1, "-O by default");
  is_int(o.nodelay, 0, "-d by default");
  is_int(o.verbosity, 1, "-Q by default");
  is_str(o.banner, "", "no banner");
  is_int(o.perip, 0, "no per-IP limit");
  is_int(o.tls, 0, "no TLS");
  is_int(o.family, 0, "any family");
}

static void test_grouped(void)
{
  int v_n;
  char **v = av(&v_n, "tcpserver", "-vHRl0", "-c", "5", "-C2", "-x", "r.cdb", "-XDpo1", "-6",
                "-b", "7", "-t3", "-B", "hi", "-s", "-n", "c.pem", "-k", "k.pem",
                "-a", "ca.pem", "-L", "HIGH", "-u", "12", "-g", "34", "::", "smtp", "p", (const char *)0);
  struct ts_opts o;
  const char *err, *arg;
  ok(tsopt_parse(&o, v_n, v, 0, 0, &err, &arg), "grouped options parse");
  is_int(o.verbosity, 2, "-v");
  is_int(o.remotehost, 0, "-H");
  is_int(o.remoteinfo, 0, "-R");
  is_str(o.localname, "0", "-l0 takes the rest of the word");
  is_int(o.limit, 5, "-c 5");
  is_int(o.perip, 2, "-C2");
  is_str(o.rules, "r.cdb", "-x");
  is_int(o.allownorules, 1, "-X");
  is_int(o.nodelay, 1, "-D");
  is_int(o.paranoid, 1, "-p");
  is_int(o.killopts, 0, "-o");
  is_int(o.flag1, 1, "-1");
  is_int(o.family, 6, "-6");
  is_int(o.backlog, 7, "-b");
  is_int(o.timeout, 3, "-t3");
  is_str(o.banner, "hi", "-B");
  is_int(o.tls, 1, "-s");
  is_str(o.certfile, "c.pem", "-n");
  is_str(o.keyfile, "k.pem", "-k");
  is_str(o.cafile, "ca.pem", "-a");
  is_str(o.ciphers, "HIGH", "-L");
  is_str(o.uid, "12", "-u");
  is_str(o.gid, "34", "-g");
  is_str(o.host, "::", "host after the options");
  is_str(o.port, "smtp", "port by name is kept as text");
}

static void test_last_wins(void)
{
  int v_n;
  char **v = av(&v_n, "tcpserver", "-hH", "-Hh", "-qv", "-vQ", "-Pp", "-pP", "-46", "-c", "9",
                "-c", "lim", "x", "1", "p", (const char *)0);
  int u_n;
  char **u = av(&u_n, "tcpserver", "-U", "0", "1", "p", (const char *)0);
  int dash_n;
  char **dash = av(&dash_n, "tcpserver", "--", "-x", "1", "p", (const char *)0);
  struct ts_opts o;
  const char *err, *arg;
  ok(tsopt_parse(&o, v_n, v, 0, 0, &err, &arg), "repeated options parse");
  is_int(o.remotehost, 1, "-Hh: the last wins");
  is_int(o.verbosity, 1, "-vQ: the last wins");
  is_int(o.paranoid, 0, "-pP: the last wins");
  is_int(o.family, 6, "-46: the last wins");
  is_str(o.limitfile, "lim", "-c with a non-number is a file");
  ok(tsopt_parse(&o, u_n, u, "1000", "2000", &err, &arg), "-U parses");
  is_str(o.uid, "1000", "-U takes $UID");
  is_str(o.gid, "2000", "-U takes $GID");
  ok(tsopt_parse(&o, dash_n, dash, 0, 0, &err, &arg), "-- ends the options");
  is_str(o.host, "-x", "host after --");
}

static void test_errors(void)
{
  int noarg_n;
  char **noarg = av(&noarg_n, "tcpserver", "0", "25", (const char *)0);
  int bad_n;
  char **bad = av(&bad_n, "tcpserver", "-z", "0", "25", "p", (const char *)0);
  int miss_n;
  char **miss = av(&miss_n, "tcpserver", "0", "25", "p", "-c", (const char *)0);
  int miss2_n;
  char **miss2 = av(&miss2_n, "tcpserver", "-c", (const char *)0);
  int zero_n;
  char **zero = av(&zero_n, "tcpserver", "-c", "0", "0", "25", "p", (const char *)0);
  int big_n;
  char **big = av(&big_n, "tcpserver", "-c", "100001", "0", "25", "p", (const char *)0);
  int perip_n;
  char **perip = av(&perip_n, "tcpserver", "-C", "x", "0", "25", "p", (const char *)0);
  int backlog_n;
  char **backlog = av(&backlog_n, "tcpserver", "-b", "-1", "0", "25", "p", (const char *)0);
  int timeout_n;
  char **timeout = av(&timeout_n, "tcpserver", "-t", "99999999999999999999999", "0", "25", "p", (const char *)0);
  struct ts_opts o;
  const char *err, *arg;
  ok(!tsopt_parse(&o, noarg_n, noarg, 0, 0, &err, &arg), "no program: usage");
  ok(err == 0, "no program: only the usage line");
  ok(!tsopt_parse(&o, bad_n, bad, 0, 0, &err, &arg), "-z: usage");
  is_str(err, "illegal option -- ", "-z: message");
  is_str(arg, "z", "-z: the letter");
  ok(tsopt_parse(&o, miss_n, miss, 0, 0, &err, &arg), "options stop at the host");
  is_str(o.prog[1], "-c", "a -c after the program is the program's");
  ok(!tsopt_parse(&o, miss2_n, miss2, 0, 0, &err, &arg), "-c without value");
  is_str(err, "option requires an argument -- ", "-c without value: message");
  is_str(arg, "c", "-c without value: the letter");
  ok(!tsopt_parse(&o, zero_n, zero, 0, 0, &err, &arg), "-c 0 is refused");
  is_str(err, "bad limit for -c: ", "-c 0: message");
  is_str(arg, "0", "-c 0: the value");
  ok(!tsopt_parse(&o, big_n, big, 0, 0, &err, &arg), "-c over the maximum");
  ok(!tsopt_parse(&o, perip_n, perip, 0, 0, &err, &arg), "-C x");
  is_str(err, "bad limit for -C: ", "-C x: message");
  ok(!tsopt_parse(&o, backlog_n, backlog, 0, 0, &err, &arg), "-b -1");
  ok(!tsopt_parse(&o, timeout_n, timeout, 0, 0, &err, &arg), "-t overflowing");
}

static void test_number(void)
{
  unsigned long u = 7;
  ok(tsopt_number("0", 5, &u) && u == 0, "number 0");
  ok(tsopt_number("65535", 65535, &u) && u == 65535, "number at the maximum");
  ok(!tsopt_number("65536", 65535, &u) && u == 65535, "over the maximum, untouched");
  ok(!tsopt_number("", 5, &u), "empty");
  ok(!tsopt_number("1x", 5, &u), "trailing junk");
  ok(!tsopt_number("+1", 5, &u), "sign");
  ok(!tsopt_number("184467440737095516160", (unsigned long)-1, &u), "overflow");
}

static void test_limitparse(void)
{
  unsigned long u = 0;
  ok(tsopt_limitparse("12\n", 3, &u) && u == 12, "12 and newline");
  ok(tsopt_limitparse("  7 \r\nrest", 10, &u) && u == 7, "blanks, CRLF, a second line ignored");
  ok(tsopt_limitparse("100000", 6, &u) && u == 100000, "the maximum, no newline");
  ok(!tsopt_limitparse("100001", 6, &u), "over the maximum");
  ok(!tsopt_limitparse("0\n", 2, &u), "zero");
  ok(!tsopt_limitparse("", 0, &u), "empty");
  ok(!tsopt_limitparse("\n5\n", 3, &u), "an empty first line");
  ok(!tsopt_limitparse("5 6\n", 4, &u), "two numbers");
  ok(!tsopt_limitparse("-5\n", 3, &u), "negative");
  ok(!tsopt_limitparse("99999999999999999999999\n", 24, &u), "overflow");
}

static void test_limitfile(void)
{
  const char *dir = tap_tmpdir();
  char path[4200];
  unsigned long u = 0;
  int fd;
  snprintf(path, sizeof path, "%s/limit", dir);
  errno = 0;
  ok(tsopt_limitfile(path, &u) == -1 && errno == ENOENT, "missing file: ENOENT");
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ok(fd >= 0 && write(fd, "3\n", 2) == 2 && close(fd) == 0, "write a limit file");
  ok(tsopt_limitfile(path, &u) == 0 && u == 3, "read 3");
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ok(fd >= 0 && write(fd, "many\n", 5) == 5 && close(fd) == 0, "write a bad limit file");
  errno = 0;
  ok(tsopt_limitfile(path, &u) == -1 && errno == EINVAL && u == 3, "bad contents: EINVAL");
  tap_rmtree(dir);
}

static void test_host(void)
{
  unsigned char ip[16];
  int v6 = -1, dual = -1;
  static const unsigned char any4[16] = { 0,0,0,0,0,0,0,0,0,0,0xff,0xff,0,0,0,0 };
  static const unsigned char lo4[16] = { 0,0,0,0,0,0,0,0,0,0,0xff,0xff,127,0,0,1 };
  static const unsigned char any6[16] = { 0 };
  static const unsigned char lo6[16] = { 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1 };
  is_int(tsopt_host("0", 0, ip, &v6, &dual), TSOPT_HOST_LITERAL, "0 is a literal");
  ok(!v6 && !dual && memcmp(ip, any4, 16) == 0, "0 is 0.0.0.0");
  is_int(tsopt_host("", 0, ip, &v6, &dual), TSOPT_HOST_LITERAL, "empty is a literal");
  ok(!v6 && memcmp(ip, any4, 16) == 0, "empty is 0.0.0.0");
  is_int(tsopt_host("0", 6, ip, &v6, &dual), TSOPT_HOST_LITERAL, "-6 0");
  ok(v6 && !dual && memcmp(ip, any6, 16) == 0, "-6 0 is :: for IPv6 only");
  is_int(tsopt_host("127.0.0.1", 0, ip, &v6, &dual), TSOPT_HOST_LITERAL, "IPv4 literal");
  ok(!v6 && !dual && memcmp(ip, lo4, 16) == 0, "IPv4 literal value");
  is_int(tsopt_host("::", 0, ip, &v6, &dual), TSOPT_HOST_LITERAL, ":: literal");
  ok(v6 && dual && memcmp(ip, any6, 16) == 0, ":: takes both families");
  is_int(tsopt_host("::", 6, ip, &v6, &dual), TSOPT_HOST_LITERAL, "-6 ::");
  ok(v6 && !dual, "-6 :: is IPv6 only");
  is_int(tsopt_host("::1", 0, ip, &v6, &dual), TSOPT_HOST_LITERAL, "::1");
  ok(v6 && !dual && memcmp(ip, lo6, 16) == 0, "::1 value, not dual");
  is_int(tsopt_host("::ffff:127.0.0.1", 0, ip, &v6, &dual), TSOPT_HOST_LITERAL, "v4-mapped");
  ok(!v6 && memcmp(ip, lo4, 16) == 0, "v4-mapped is IPv4");
  is_int(tsopt_host("127.0.0.1", 6, ip, &v6, &dual), TSOPT_HOST_BADFAMILY, "-6 with IPv4");
  is_int(tsopt_host("::1", 4, ip, &v6, &dual), TSOPT_HOST_BADFAMILY, "-4 with IPv6");
  is_int(tsopt_host("localhost", 0, ip, &v6, &dual), TSOPT_HOST_NAME, "a name");
  is_int(tsopt_host("1.2.3.4.5", 0, ip, &v6, &dual), TSOPT_HOST_NAME, "not an address: a name");
  is_int(tsopt_host("::1%lo", 0, ip, &v6, &dual), TSOPT_HOST_NAME, "zone ids are not literals");
}

int main(void)
{
  test_defaults();
  test_grouped();
  test_last_wins();
  test_errors();
  test_number();
  test_limitparse();
  test_limitfile();
  test_host();
  freeall();
  return done_testing();
}
