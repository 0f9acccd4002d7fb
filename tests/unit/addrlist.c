/* addrlist.c — unit test for qmail/inject/addrlist: rewriting, the
 * envelope forms, every error, and the length limits. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "addrlist.h"
#include "tap.h"

static const struct addrlist_hosts hosts = { "dh.example.org", "example.org", "plus.example.org" };

/* the addresses of al joined with '|' */
static const char *joined(const struct addrlist *al)
{
  static char out[4096];
  size_t k, n = 0;
  for (k = 0; k < al->addrs.len && n + 1 < sizeof out; ++k)
    out[n++] = al->addrs.s[k] ? al->addrs.s[k] : '|';
  if (n) --n;   /* the last NUL */
  out[n] = 0;
  return out;
}

/* in for a test name: at most 40 bytes, line ends as spaces */
static const char *shown(const char *in)
{
  static char out[41];
  size_t k;
  for (k = 0; k < 40 && in[k]; ++k) out[k] = in[k] == '\n' || in[k] == '\r' ? ' ' : in[k];
  out[k] = 0;
  return out;
}

/* parse in; the text must be want and the addresses addrs */
static void good(const char *input, const char *want, const char *addrs, size_t count)
{
  struct addrlist al = ADDRLIST_ZERO;
  int r = addrlist_parse(&al, input, strlen(input), &hosts);
  const char *in = shown(input);
  ok(r, "parse '%s'", in);
  if (!r) diag("error: %s", addrlist_strerr(al.err));
  is_mem(al.text.s, al.text.len, want, strlen(want), "text of '%s'", in);
  is_str(joined(&al), addrs, "addresses of '%s'", in);
  is_int(al.count, count, "count of '%s'", in);
  addrlist_free(&al);
}

static void bad(const char *in, size_t len, enum addrlist_err want, int err)
{
  struct addrlist al = ADDRLIST_ZERO;
  errno = 0;
  ok(!addrlist_parse(&al, in, len, &hosts), "'%.40s' fails", in);
  is_int(errno, err, "'%.40s': errno", in);
  is_str(addrlist_strerr(al.err), addrlist_strerr(want), "'%.40s': reason", in);
  addrlist_free(&al);
}

static void host(const char *in, const struct addrlist_hosts *h, const char *want)
{
  stralloc sa = STRALLOC_ZERO;
  int r = addrlist_host(&sa, in, strlen(in), h);
  if (!want) {
    ok(!r && errno == EINVAL, "host '%s' fails with EINVAL", in);
  } else {
    ok(r, "host '%s'", in);
    is_mem(sa.s, sa.len, want, strlen(want), "host '%s' -> '%s'", in, want);
  }
  stralloc_free(&sa);
}

static void quote(const char *in, size_t len, const char *want)
{
  stralloc sa = STRALLOC_ZERO;
  ok(addrlist_quotelocal(&sa, in, len), "quotelocal '%s'", in);
  is_mem(sa.s, sa.len, want, strlen(want), "quotelocal '%s' -> %s", in, want);
  stralloc_free(&sa);
}

static void limits(void)
{
  char *big = malloc(ADDRLIST_TEXT_MAX + 16);
  size_t n;
  if (!big) { skip(6, "no memory"); return; }
  /* 997 + "@" + "x.org" = 1003 bytes: the longest address */
  memset(big, 'a', 997);
  memcpy(big + 997, "@x.org", 7);
  n = strlen(big);
  {
    struct addrlist al = ADDRLIST_ZERO;
    ok(addrlist_parse(&al, big, n, &hosts) && al.addrs.len == 1004, "a 1003-byte address is fine");
    addrlist_free(&al);
  }
  memset(big, 'a', 998);
  memcpy(big + 998, "@x.org", 7);
  bad(big, strlen(big), ADDRLIST_ELONG, EMSGSIZE);
  memset(big, ' ', ADDRLIST_TEXT_MAX + 1);
  bad(big, ADDRLIST_TEXT_MAX + 1, ADDRLIST_ETEXT, EMSGSIZE);
  free(big);
}

int main(void)
{
  good("a@b.c", "a@b.c", "a@b.c", 1);
  good(" bob", " bob@dh.example.org", "bob@dh.example.org", 1);
  good("djb@silverton", "djb@silverton.example.org", "djb@silverton.example.org", 1);
  good("eric@mammoth.cs+", "eric@mammoth.cs.plus.example.org", "eric@mammoth.cs.plus.example.org", 1);
  good("x@+", "x@plus.example.org", "x@plus.example.org", 1);
  good("a@[10.0.0.1]", "a@[10.0.0.1]", "a@[10.0.0.1]", 1);
  good("A Person <e@f>", "A Person <e@f.example.org>", "e@f.example.org", 1);
  good("\"J. Doe\" <jd@host.org>", "\"J. Doe\" <jd@host.org>", "jd@host.org", 1);
  good("a@b.c (Somebody)", "a@b.c (Somebody)", "a@b.c", 1);
  good("a@b.c, c@d (Somebody), A Person <e@f>,\n   random group: g@h, i@j;, k@l",
       "a@b.c, c@d.example.org (Somebody), A Person <e@f.example.org>,\n   random group: "
       "g@h.example.org, i@j.example.org;, k@l.example.org",
       "a@b.c|c@d.example.org|e@f.example.org|g@h.example.org|i@j.example.org|k@l.example.org", 6);
  good("djb fred", "djb@dh.example.org, fred@dh.example.org", "djb@dh.example.org|fred@dh.example.org", 2);
  good("a@b.c (x) d@e.f", "a@b.c (x), d@e.f", "a@b.c|d@e.f", 2);
  good("<a@b.c> d@e.f", "<a@b.c>, d@e.f", "a@b.c|d@e.f", 2);
  good("g: a@b.c; d@e.f", "g: a@b.c;, d@e.f", "a@b.c|d@e.f", 2);
  good("<@route1,@route2:user@host.org>", "<user@host.org>", "user@host.org", 1);
  good("Name <@r.org:u>", "Name <u@dh.example.org>", "u@dh.example.org", 1);
  good("<>", "<>", "", 1);
  good("Nobody <>", "Nobody <>", "", 1);
  good("john (c1) . doe @ host.org", "john.doe@host.org (c1)", "john.doe@host.org", 1);
  good("Name <(c) a@b.c>", "Name <a@b.c> (c)", "a@b.c", 1);
  good("\"foo bar\"@x.org", "\"foo bar\"@x.org", "foo bar@x.org", 1);
  good("\"plain\"@x.org", "plain@x.org", "plain@x.org", 1);
  good("\"a\\\"q\"@x.org", "\"a\\\"q\"@x.org", "a\"q@x.org", 1);
  good("\"fold\r\n ed\"@x.org", "\"fold ed\"@x.org", "fold ed@x.org", 1);
  good("a\\@b@c.org", "\"a@b\"@c.org", "a@b@c.org", 1);
  good("undisclosed-recipients:;", "undisclosed-recipients:;", "", 0);
  good("grp: a@b.c", "grp: a@b.c;", "a@b.c", 1);
  good("grp: a@b.c (note)", "grp: a@b.c (note);", "a@b.c", 1);
  good(" first@a.org,\n\tsecond@x.org", " first@a.org,\n\tsecond@x.org", "first@a.org|second@x.org", 2);
  good("", "", "", 0);
  good("  ", "  ", "", 0);
  good(" , ,a@b.c,,", " , ,a@b.c,,", "a@b.c", 1);
  good("J\xc3\xb6rg <j@x.org>", "J\xc3\xb6rg <j@x.org>", "j@x.org", 1);
  good("j\xc3\xb6rg@x.org", "j\xc3\xb6rg@x.org", "j\xc3\xb6rg@x.org", 1);
  good("a..b@x.org", "\"a..b\"@x.org", "a..b@x.org", 1);
  good("a@b..c", "a@b..c", "a@b..c", 1);
  good("a@b\\ c", "a@b\\ c.example.org", "a@b\\ c.example.org", 1);
  good("a@b\\\n c", "a@b.example.org, c@dh.example.org", "a@b.example.org|c@dh.example.org", 2);
  good("a@[1\\\r\\]]", "a@[1\\]]", "a@[1\\]]", 1);
  good("(only a comment)", "(only a comment)", "", 0);
  good("a@b.c\t(tab)", "a@b.c\t(tab)", "a@b.c", 1);

  bad("\"unterminated", 13, ADDRLIST_EQUOTE, EINVAL);
  bad("a@b.c (unterminated", 19, ADDRLIST_ECOMMENT, EINVAL);
  bad("(nested (still open)", 20, ADDRLIST_ECOMMENT, EINVAL);
  bad("a)", 2, ADDRLIST_ECOMMENT, EINVAL);
  bad("a@[1.2", 6, ADDRLIST_ELITERAL, EINVAL);
  bad("a@b]", 4, ADDRLIST_ELITERAL, EINVAL);
  bad("a\x01@b.c", 6, ADDRLIST_ECTRL, EINVAL);
  bad("\"a\0b\"@c", 7, ADDRLIST_ECTRL, EINVAL);
  bad("a\\\x02@b", 5, ADDRLIST_ECTRL, EINVAL);
  bad("(a\x7f)", 4, ADDRLIST_ECTRL, EINVAL);
  bad("<a@b.c", 6, ADDRLIST_EANGLE, EINVAL);
  bad("<<a@b>>", 7, ADDRLIST_EANGLE, EINVAL);
  bad("<a@b.c d@e.f>", 13, ADDRLIST_EANGLE, EINVAL);
  bad("<@route user@x>", 15, ADDRLIST_EANGLE, EINVAL);
  bad("a@b.c>", 6, ADDRLIST_EUNEXPECTED, EINVAL);
  bad("g: h: a@b;;", 11, ADDRLIST_EGROUP, EINVAL);
  bad("a@b.c;", 6, ADDRLIST_EGROUP, EINVAL);
  bad("@x", 2, ADDRLIST_EUNEXPECTED, EINVAL);
  bad("g: a@b\\", 7, ADDRLIST_EUNEXPECTED, EINVAL);
  bad(": a;", 4, ADDRLIST_EUNEXPECTED, EINVAL);
  bad("a@", 2, ADDRLIST_EEMPTY, EINVAL);
  bad("a@,b", 4, ADDRLIST_EEMPTY, EINVAL);
  bad("\"\"@x.org", 8, ADDRLIST_EEMPTY, EINVAL);
  limits();

  {
    const struct addrlist_hosts nodom = { "h", "", "" };
    host("", &hosts, 0);
    host("[1.2.3.4]", &hosts, "[1.2.3.4]");
    host("a.b", &hosts, "a.b");
    host("a", &hosts, "a.example.org");
    host("a+", &hosts, "a.plus.example.org");
    host("a.b+", &hosts, "a.b.plus.example.org");
    host("a", &nodom, "a");
    host("a+", &nodom, "a");
    host("+", &nodom, 0);
  }
  quote("a.b", 3, "a.b");
  quote("a-b_c+d", 7, "a-b_c+d");
  quote(".a", 2, "\".a\"");
  quote("a.", 2, "\"a.\"");
  quote("a..b", 4, "\"a..b\"");
  quote("a b", 3, "\"a b\"");
  quote("a\"b\\", 4, "\"a\\\"b\\\\\"");
  quote("", 0, "\"\"");
  is_str(addrlist_strerr((enum addrlist_err)99), "unknown error", "strerr of an unknown code");
  return done_testing();
}
