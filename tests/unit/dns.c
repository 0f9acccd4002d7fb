/* dns.c — unit test for libqmail/dns: server lists, resolv.conf, and lookups against tests/lib/fakedns.py. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dns.h"
#include "tap.h"

#define T_MS 3000  /* timeout for lookups that should succeed */

struct fake {
  pid_t pid;
  int in;        /* the write end of the server's standard input */
  char port[8];
};

static long long now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int have_python3(void)
{
  const char *path = getenv("PATH");
  char buf[4096];
  while (path && *path) {
    size_t n = strcspn(path, ":");
    snprintf(buf, sizeof buf, "%.*s/python3", (int)n, path);
    if (n && access(buf, X_OK) == 0) return 1;
    path += n + (path[n] == ':');
  }
  return 0;
}

static int fake_stop(struct fake *f);

/* fake_start: run fakedns.py on zone; read the port it prints. 0 or -1. */
static int fake_start(struct fake *f, const char *zone)
{
  int in[2], out[2];
  char script[4096], line[64];
  size_t got = 0;
  snprintf(script, sizeof script, "%s/tests/lib/fakedns.py", tap_srcdir());
  if (pipe(in) < 0 || pipe(out) < 0) return -1;
  f->pid = fork();
  if (f->pid < 0) return -1;
  if (f->pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    close(in[0]); close(in[1]); close(out[0]); close(out[1]);
    execlp("python3", "python3", script, zone, "0", (char *)0);
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  f->in = in[1];
  while (got < sizeof line - 1 && !memchr(line, '\n', got)) {
    struct pollfd p = { out[0], POLLIN, 0 };
    if (poll(&p, 1, 10000) <= 0) break;
    ssize_t n = read(out[0], line + got, sizeof line - 1 - got);
    if (n <= 0) break;
    got += (size_t)n;
  }
  close(out[0]);
  line[got] = 0;
  size_t digits = strspn(line, "0123456789");
  if (!digits || digits >= sizeof f->port || line[digits] != '\n') {
    fake_stop(f);
    return -1;
  }
  memcpy(f->port, line, digits);
  f->port[digits] = 0;
  return 0;
}

/* fake_stop: close its standard input and reap it (SIGTERM after 3 s). */
static int fake_stop(struct fake *f)
{
  int st = -1;
  close(f->in);
  for (int i = 0; i < 300; ++i) {
    if (waitpid(f->pid, &st, WNOHANG) == f->pid) return WIFEXITED(st) && WEXITSTATUS(st) == 0;
    usleep(10000);
  }
  kill(f->pid, SIGTERM);
  waitpid(f->pid, &st, 0);
  return 0;
}

static void write_zone(const char *path)
{
  FILE *z = fopen(path, "w");
  if (!z) {
    printf("Bail out! cannot write %s\n", path);
    exit(255);
  }
  fputs("# the test zone\n"
        "example.com A 192.0.2.1\n"
        "Example.COM. A 192.0.2.2\n"
        "example.com AAAA 2001:db8::1\n"
        "example.com MX 20 mx2.example.com\n"
        "example.com MX 10 mx1a.example.com\n"
        "example.com MX 30 mx3.example.com\n"
        "example.com MX 10 mx1b.example.com\n"
        "example.com TXT \"v=spf1 -all\" \" second string\"\n"
        "example.com TXT \"another record\"\n"
        "1.2.0.192.in-addr.arpa PTR host.example.com\n"
        "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"
        " PTR host6.example.com\n"
        "alias.example.com CNAME example.com\n"
        "alias2.example.com CNAME ALIAS.example.com\n"
        "dangling.example.com CNAME nowhere.example.com\n"
        "nullmx.example.com MX 0 .\n"
        "big.example.com TRUNCATE\n"
        "slow.example.com TIMEOUT\n"
        "bad.example.com SERVFAIL\n"
        "refused.example.com REFUSED\n"
        "wrongid.example.com WRONGID\n"
        "wrongid.example.com A 192.0.2.9\n"
        "wrongname.example.com WRONGNAME\n"
        "wrongname.example.com A 192.0.2.12\n"
        "wrongsrc.example.com WRONGSRC\n"
        "wrongsrc.example.com A 192.0.2.10\n"
        "noedns.example.com NOEDNS\n"
        "noedns.example.com A 192.0.2.11\n"
        "AD on\n"
        "_25._tcp.mx.example.com TLSA 3 1 1 "
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789ABCDEF\n"
        "secure.example.com A 192.0.2.20\n"
        "AD off\n", z);
  for (int i = 1; i <= 40; ++i) fprintf(z, "big.example.com A 10.0.0.%d\n", i);
  fputs("bigtxt.example.com TXT \"", z);
  for (int i = 0; i < 2000; ++i) fputc('a' + i % 26, z);
  fputs("\"\n", z);
  fclose(z);
}

/* a resolv.conf with four usable servers among lines to skip */
static const char conf[] =
    "# nameserver 9.9.9.9\n"
    "; nameserver 9.9.9.8\n"
    "search example.com\n"
    "nameserverx 9.9.9.7\n"
    "nameserver 10.0.0.1\n"
    "  nameserver\t2001:db8::53  # trailing comment\n"
    "nameserver fe80::1%eth0\n"
    "nameserver 1.2.3\n"
    "nameserver 1.2.3.4.5\n"
    "nameserver\n"
    "nameserver ::ffff:10.1.2.3\r\n"
    "nameserver 10.0.0.2";

static void test_servers(void)
{
  struct dns_servers sv;

  sv.n = 0;
  dns_servers_parse(&sv, "", 0);
  is_int(sv.n, 0, "parse: empty text");
  dns_servers_parse(&sv, conf, strlen(conf));
  is_int(sv.n, 4, "parse: four servers");
  ok(!sv.s[0].v6 && sv.s[0].ip[0] == 10 && sv.s[0].ip[3] == 1, "first: 10.0.0.1");
  ok(sv.s[1].v6 && sv.s[1].ip[0] == 0x20 && sv.s[1].ip[15] == 0x53, "second: 2001:db8::53");
  ok(!sv.s[2].v6 && sv.s[2].ip[1] == 1 && sv.s[2].ip[3] == 3, "v4-mapped becomes IPv4");
  ok(!sv.s[3].v6 && sv.s[3].ip[3] == 2, "last line without a newline");

  sv.n = 0;
  char many[2000] = "";
  for (int i = 0; i < DNS_MAX_SERVERS + 4; ++i)
    snprintf(many + strlen(many), sizeof many - strlen(many), "nameserver 10.0.1.%d\n", i);
  dns_servers_parse(&sv, many, strlen(many));
  ok(sv.n == DNS_MAX_SERVERS && sv.s[DNS_MAX_SERVERS - 1].ip[3] == DNS_MAX_SERVERS - 1,
     "at most DNS_MAX_SERVERS, the first ones");

  ok(dns_servers_list(&sv, " 192.0.2.1, ::1\t192.0.2.3,") == 0 && sv.n == 3,
     "list: three addresses, mixed separators");
  ok(sv.s[1].v6 && sv.s[1].ip[15] == 1, "list: IPv6 entry");
  errno = 0;
  ok(dns_servers_list(&sv, " , ") == -1 && errno == EINVAL, "list: none is EINVAL");
  ok(dns_servers_list(&sv, "192.0.2.1,bogus") == -1 && errno == EINVAL, "list: bad entry");
  ok(dns_servers_list(&sv, "192.0.2.1:53") == -1 && errno == EINVAL, "list: no port suffix");

}

/* servers_load: the file, a missing file, errors, the environment */
static void test_load(const char *dir)
{
  struct dns_servers sv;
  char path[4200];
  FILE *f;

  unsetenv("DNSCACHEIP");
  unsetenv("DNSCACHEPORT");
  snprintf(path, sizeof path, "%s/resolv.conf", dir);
  f = fopen(path, "w");
  if (f) {
    fputs(conf, f);
    fclose(f);
  }
  ok(dns_servers_load(&sv, path) == 0 && sv.n == 4 && sv.port == 53, "load: from the file");
  snprintf(path, sizeof path, "%s/missing", dir);
  ok(dns_servers_load(&sv, path) == 0 && sv.n == 1 && sv.s[0].ip[0] == 127 &&
         sv.s[0].ip[3] == 1 && !sv.s[0].v6, "load: no file gives 127.0.0.1");
  errno = 0;
  ok(dns_servers_load(&sv, dir) == -1 && errno == EISDIR, "load: a directory is an error");
  setenv("DNSCACHEIP", "192.0.2.53", 1);
  setenv("DNSCACHEPORT", "5353", 1);
  ok(dns_servers_load(&sv, dir) == 0 && sv.n == 1 && sv.s[0].ip[3] == 53 && sv.port == 5353,
     "load: DNSCACHEIP and DNSCACHEPORT win over the file");
  const char *ports[] = { "0", "65536", "53x", "-1", " 53" };
  for (size_t i = 0; i < sizeof ports / sizeof ports[0]; ++i) {
    setenv("DNSCACHEPORT", ports[i], 1);
    errno = 0;
    ok(dns_servers_load(&sv, dir) == -1 && errno == EINVAL, "bad DNSCACHEPORT '%s'", ports[i]);
  }
  setenv("DNSCACHEPORT", "65535", 1);
  ok(dns_servers_load(&sv, dir) == 0 && sv.port == 65535, "DNSCACHEPORT 65535");
  setenv("DNSCACHEIP", "nonsense", 1);
  ok(dns_servers_load(&sv, dir) == -1 && errno == EINVAL, "bad DNSCACHEIP");
  unsetenv("DNSCACHEIP");
  unsetenv("DNSCACHEPORT");

  struct dns_question q;
  struct dns_reply *r = malloc(sizeof *r);
  sv.n = 0;
  if (r && dns_packet_question(&q, "example.com", DNS_T_A, 0) == 0)
    ok(dns_query(&sv, &q, 0, 100, r) == -1 && errno == EINVAL, "query with no servers");
  free(r);
}

static int has_ip4(const struct dns_reply *r, unsigned a, unsigned b, unsigned c, unsigned d)
{
  for (size_t i = 0; i < r->count; ++i)
    if (r->rr[i].ip[0] == a && r->rr[i].ip[1] == b && r->rr[i].ip[2] == c && r->rr[i].ip[3] == d)
      return 1;
  return 0;
}

static void test_types(struct dns_reply *r)
{
  is_int(dns_ip4("example.com", r, T_MS), DNS_OK, "ip4: found");
  ok(r->count == 2 && has_ip4(r, 192, 0, 2, 1) && has_ip4(r, 192, 0, 2, 2), "ip4: both addresses");
  ok(r->rr[0].type == DNS_T_A && !r->h.ad, "ip4: type A, no AD");
  is_int(dns_ip4("EXAMPLE.Com.", r, T_MS), DNS_OK, "ip4: name case and final dot do not matter");
  is_int(dns_ip6("example.com", r, T_MS), DNS_OK, "ip6: found");
  ok(r->count == 1 && r->rr[0].ip[0] == 0x20 && r->rr[0].ip[1] == 0x01 && r->rr[0].ip[15] == 1,
     "ip6: 2001:db8::1");

}

static void test_mx(struct dns_reply *r)
{
  int both[2] = { 0, 0 }, sorted = 1;
  for (int run = 0; run < 20; ++run) {
    if (dns_mx("example.com", r, T_MS) != DNS_OK || r->count != 4) {
      sorted = 0;
      break;
    }
    for (size_t i = 1; i < r->count; ++i)
      if (r->rr[i - 1].pref > r->rr[i].pref) sorted = 0;
    if (strcmp(dns_packet_rrdata(r, &r->rr[2]), "mx2.example.com") ||
        strcmp(dns_packet_rrdata(r, &r->rr[3]), "mx3.example.com"))
      sorted = 0;
    both[strcmp(dns_packet_rrdata(r, &r->rr[0]), "mx1a.example.com") == 0] = 1;
  }
  ok(sorted, "mx: four records sorted by preference, every time");
  ok(both[0] && both[1], "mx: equal preferences come in both orders");
  is_int(dns_mx("nullmx.example.com", r, T_MS), DNS_OK, "mx: null MX");
  ok(r->count == 1 && r->rr[0].pref == 0 && !strcmp(dns_packet_rrdata(r, &r->rr[0]), "."),
     "mx: null MX is preference 0, name '.'");

}

static void test_txt_ptr_tlsa(struct dns_reply *r)
{
  is_int(dns_txt("example.com", r, T_MS), DNS_OK, "txt: found");
  is_int(r->count, 2, "txt: two records");
  int seen = 0;
  for (size_t i = 0; i < r->count; ++i) {
    const char *d = dns_packet_rrdata(r, &r->rr[i]);
    if (!strcmp(d, "v=spf1 -all second string") && r->rr[i].len == 25) seen |= 1;
    if (!strcmp(d, "another record")) seen |= 2;
  }
  is_int(seen, 3, "txt: strings of a record joined, records apart");

  is_int(dns_ptr("192.0.2.1", r, T_MS), DNS_OK, "ptr: IPv4");
  ok(r->count == 1 && !strcmp(dns_packet_rrdata(r, &r->rr[0]), "host.example.com"), "ptr: name");
  is_int(dns_ptr("::ffff:192.0.2.1", r, T_MS), DNS_OK, "ptr: v4-mapped goes to in-addr.arpa");
  is_int(dns_ptr("2001:db8::1", r, T_MS), DNS_OK, "ptr: IPv6");
  ok(r->count == 1 && !strcmp(dns_packet_rrdata(r, &r->rr[0]), "host6.example.com"),
     "ptr: IPv6 name");
  is_int(dns_ptr("192.0.2.99", r, T_MS), DNS_NXDOMAIN, "ptr: unknown address");
  is_int(dns_ptr("192.0.2", r, T_MS), DNS_BADNAME, "ptr: not an address");
  is_int(dns_ptr("", r, T_MS), DNS_BADNAME, "ptr: empty");

  is_int(dns_tlsa("_25._tcp.mx.example.com", r, T_MS), DNS_OK, "tlsa: found");
  ok(r->count == 1 && r->rr[0].usage == 3 && r->rr[0].selector == 1 && r->rr[0].mtype == 1 &&
         r->rr[0].len == 32, "tlsa: 3 1 1 and 32 bytes");
  ok(!memcmp(dns_packet_rrdata(r, &r->rr[0]), "\x01\x23\x45\x67", 4) &&
         (unsigned char)dns_packet_rrdata(r, &r->rr[0])[31] == 0xef, "tlsa: the data");
  ok(r->h.ad, "tlsa: AD bit set");
  is_int(dns_ip4("secure.example.com", r, T_MS), DNS_OK, "AD zone: A");
  ok(r->h.ad, "AD zone: AD bit set");
  is_int(dns_lookup(0, "example.com", DNS_T_NS, r, T_MS), DNS_NODATA, "lookup: NS no data");
}

static void test_answers(struct dns_reply *r)
{
  is_int(dns_ip4("alias.example.com", r, T_MS), DNS_OK, "cname: followed");
  ok(r->count == 2 && has_ip4(r, 192, 0, 2, 1), "cname: the target's addresses");
  is_str(r->name, "example.com", "cname: where the chain ended");
  is_int(dns_ip4("alias2.example.com", r, T_MS), DNS_OK, "cname: two hops");
  is_int(dns_ip4("dangling.example.com", r, T_MS), DNS_NXDOMAIN, "cname to nowhere: NXDOMAIN");
  is_int(dns_ip4("nosuch.example.com", r, T_MS), DNS_NXDOMAIN, "unknown name: NXDOMAIN");
  is_int(r->h.rcode, DNS_R_NXDOMAIN, "rcode 3");
  is_int(dns_tlsa("example.com", r, T_MS), DNS_NODATA, "known name, other type: NODATA");
  is_int(r->count, 0, "no records");
  is_int(dns_ip4("a..b", r, T_MS), DNS_BADNAME, "bad name: DNS_BADNAME");

  errno = 0;
  is_int(dns_ip4("bad.example.com", r, T_MS), -1, "SERVFAIL: temporary");
  is_int(errno, EAGAIN, "SERVFAIL: EAGAIN");
  errno = 0;
  is_int(dns_ip4("refused.example.com", r, T_MS), -1, "REFUSED: temporary");
  is_int(errno, EAGAIN, "REFUSED: EAGAIN");

  long long t0 = now_ms();
  errno = 0;
  is_int(dns_ip4("slow.example.com", r, 300), -1, "no answer: temporary");
  long long took = now_ms() - t0;
  is_int(errno, ETIMEDOUT, "no answer: ETIMEDOUT");
  ok(took >= 280 && took < 1500, "timeout respected (%lld ms for 300)", took);

  is_int(dns_ip4("big.example.com", r, T_MS), DNS_OK, "truncated over UDP: found over TCP");
  ok(r->count == 40 && has_ip4(r, 10, 0, 0, 1) && has_ip4(r, 10, 0, 0, 40), "all 40 addresses");
  is_int(dns_txt("bigtxt.example.com", r, T_MS), DNS_OK, "2000-byte TXT: found");
  ok(r->count == 1 && r->rr[0].len == 2000 && dns_packet_rrdata(r, &r->rr[0])[1999] == 'x',
     "2000-byte TXT: whole (%zu bytes)", r->count ? r->rr[0].len : 0);

  is_int(dns_ip4("wrongid.example.com", r, T_MS), DNS_OK, "answer with a wrong id ignored");
  ok(r->count == 1 && has_ip4(r, 192, 0, 2, 9), "the right answer");
  is_int(dns_ip4("wrongname.example.com", r, T_MS), DNS_OK, "answer to another name ignored");
  ok(r->count == 1 && has_ip4(r, 192, 0, 2, 12), "the right answer");
  is_int(dns_ip4("wrongsrc.example.com", r, T_MS), DNS_OK, "answer from another port ignored");
  ok(r->count == 1 && has_ip4(r, 192, 0, 2, 10), "the right answer");
  is_int(dns_ip4("noedns.example.com", r, T_MS), DNS_OK, "FORMERR to EDNS: asked again without");
  ok(r->count == 1 && has_ip4(r, 192, 0, 2, 11), "the answer without EDNS");
}

static void test_servers_live(struct dns_reply *r, const char *port)
{
  long long t0;
  setenv("DNSCACHEIP", "127.0.0.2,127.0.0.1", 1);
  t0 = now_ms();
  is_int(dns_ip4("example.com", r, T_MS), DNS_OK, "first server dead: the second answers");
  ok(now_ms() - t0 < 1000, "without waiting for the timeout");
  setenv("DNSCACHEIP", "::1 127.0.0.1", 1);
  is_int(dns_ip4("example.com", r, T_MS), DNS_OK, "IPv6 server without a listener, then IPv4");
  setenv("DNSCACHEIP", "127.0.0.2", 1);
  errno = 0;
  t0 = now_ms();
  is_int(dns_ip4("example.com", r, T_MS), -1, "only a dead server: temporary");
  ok(errno == ECONNREFUSED && now_ms() - t0 < 1000, "ECONNREFUSED at once");
  setenv("DNSCACHEIP", "127.0.0.1", 1);
  setenv("DNSCACHEPORT", "0", 1);
  errno = 0;
  is_int(dns_ip4("example.com", r, T_MS), -1, "bad DNSCACHEPORT: temporary failure");
  is_int(errno, EINVAL, "EINVAL");
  setenv("DNSCACHEPORT", port, 1);
}

static void test_log(const char *log)
{
  char text[65536];
  size_t n = 0;
  FILE *f = fopen(log, "r");
  if (f) {
    n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
  }
  text[n] = 0;
  ok(strstr(text, "udp big.example.com A edns\ntcp big.example.com A edns\n") != 0,
     "log: big asked over UDP then TCP");
  ok(strstr(text, "udp bigtxt.example.com TXT edns\ntcp bigtxt.example.com TXT edns\n") != 0,
     "log: a too large answer made the resolver use TCP");
  ok(strstr(text, "udp noedns.example.com A edns\nudp noedns.example.com A noedns\n") != 0,
     "log: noedns asked again without EDNS");
  ok(strstr(text, "udp example.com A edns\n") != 0, "log: plain queries over UDP with EDNS");
}

int main(void)
{
  const char *dir = tap_tmpdir();
  char zone[4200], log[4200];
  struct fake f;
  struct dns_reply *r = malloc(sizeof *r);
  if (!r) return 99;

  test_servers();
  test_load(dir);
  if (!have_python3()) {
    skip(1, "python3 is not installed: no lookups against the fake server");
    tap_rmtree(dir);
    free(r);
    return done_testing();
  }
  snprintf(zone, sizeof zone, "%s/zone", dir);
  snprintf(log, sizeof log, "%s/log", dir);
  write_zone(zone);
  setenv("FAKEDNS_LOG", log, 1);
  if (!ok(fake_start(&f, zone) == 0, "fakedns.py started")) {
    tap_rmtree(dir);
    return done_testing();
  }
  setenv("DNSCACHEIP", "127.0.0.1", 1);
  setenv("DNSCACHEPORT", f.port, 1);
  test_types(r);
  test_mx(r);
  test_txt_ptr_tlsa(r);
  test_answers(r);
  test_servers_live(r, f.port);
  ok(fake_stop(&f), "fakedns.py exits 0 when its standard input closes");
  test_log(log);
  free(r);
  tap_rmtree(dir);
  return done_testing();
}
