/* pw2u.c — unit test for qmail/lib/pw2u: passwd lines, subusers, mailnames into users/assign lines. */
#include <errno.h>

#include "constmap.h"
#include "pw2u.h"
#include "qgetpw.h"
#include "tap.h"

static const struct pw2u_opt dflt = { '-', 0 };

/* parse s, expecting success */
static int parse(const char *s, struct pw2u_pw *pw)
{
  return pw2u_parse(s, strlen(s), pw);
}

static void parse_bad(const char *s, size_t len, const char *name)
{
  struct pw2u_pw pw;
  errno = 0;
  is_int(pw2u_parse(s, len, &pw), 0, "parse refuses %s", name);
  is_int(errno, EINVAL, "%s: EINVAL", name);
}

#define PB(s, name) parse_bad(s, sizeof s - 1, name)

static void test_parse(void)
{
  struct pw2u_pw pw;
  static char big[PW2U_NAME_MAX + 40];
  ok(parse("joe:x:503:78:Joe Shmoe:/home/joe:/bin/sh", &pw), "a plain line parses");
  is_mem(pw.user, pw.userlen, "joe", 3, "user");
  is_int(pw.uid, 503, "uid");
  is_int(pw.gid, 78, "gid");
  is_mem(pw.home, pw.homelen, "/home/joe", 9, "home");
  ok(parse("a:::1:2::/h:sh:with:colons", &pw) == 0, "an empty uid field does not parse");
  ok(parse("a::1:2::/h:", &pw), "an empty password, gecos and shell parse");
  is_mem(pw.home, pw.homelen, "/h", 2, "home before an empty shell");
  ok(parse("a:x:1:2:g:/h:sh:with:colons", &pw), "colons in the shell field are ignored");
  is_mem(pw.home, pw.homelen, "/h", 2, "home with a colonful shell");
  ok(parse("a:x:007:0:g::", &pw), "leading zeros and an empty home parse");
  is_int(pw.uid, 7, "007 is 7");
  is_int(pw.homelen, 0, "empty home");
  ok(parse("a:x:4294967294:4294967294:g:/h:", &pw), "the largest id parses");
  PB("a:x:4294967295:1:g:/h:", "uid -1");
  PB("a:x:1:99999999999999999999:g:/h:", "a gid that overflows");
  PB("a:x:1:2:g:/h", "six fields");
  PB("", "an empty line");
  PB(":x:1:2:g:/h:", "an empty user");
  PB("a:x:+1:2:g:/h:", "a signed uid");
  PB("a:x: 1:2:g:/h:", "a uid with a space");
  PB("a:x:1:2x:g:/h:", "a gid with junk");
  PB("a:x:1:2:g:/h\0:", "a NUL in the home");
  PB("a:x:1:2:g:/h::sh\0ell", "a NUL in the shell");
  memset(big, 'u', PW2U_NAME_MAX);
  memcpy(big + PW2U_NAME_MAX, ":x:1:2::/h:", 12);
  ok(parse(big, &pw), "a user of PW2U_NAME_MAX bytes parses");
  memset(big, 'u', PW2U_NAME_MAX + 1);
  memcpy(big + PW2U_NAME_MAX + 1, ":x:1:2::/h:", 12);
  parse_bad(big, strlen(big), "a user one byte longer");
}

static void test_predicates(void)
{
  struct pw2u_pw pw = { "a", 1, 1, 1, "/h", 2 };
  ok(pw2u_skip("", 0), "an empty line is skipped");
  ok(pw2u_skip("#c", 2), "a comment is skipped");
  ok(pw2u_skip("+::::::", 7), "an NIS + entry is skipped");
  ok(pw2u_skip("-joe::::::", 10), "an NIS - entry is skipped");
  ok(!pw2u_skip("joe:x", 5), "an account is not skipped");
  ok(pw2u_hasupper("joE", 3), "upper case found");
  ok(!pw2u_hasupper("joe-1_x.", 8), "no upper case");
  ok(!pw2u_hasupper("joeX", 3), "only the first n bytes count");
  ok(pw2u_homeok(&pw), "an absolute home is fine");
  pw.home = "h";
  pw.homelen = 1;
  ok(!pw2u_homeok(&pw), "a relative home is not");
  pw.homelen = 0;
  ok(!pw2u_homeok(&pw), "an empty home is not");
}

/* out after pw2u_user(name) on a fresh stralloc, as a C string */
static void user_is(const struct pw2u_opt *opt, const char *name, const struct pw2u_pw *pw,
                    const char *want, const char *what)
{
  stralloc out = STRALLOC_ZERO;
  int r = pw2u_user(&out, opt, name, strlen(name), pw);
  ok(r == 1, "%s: built", what);
  if (r == 1) is_mem(out.s, out.len, want, strlen(want), "%s: lines", what);
  stralloc_free(&out);
}

static void refused(int r, stralloc *out, size_t keep, int err, const char *what)
{
  is_int(r, 0, "%s: refused", what);
  is_int(errno, err, "%s: errno", what);
  is_int(out->len, keep, "%s: output unchanged", what);
}

static void test_user(void)
{
  struct pw2u_pw pw = { "joe", 3, 503, 78, "/home/joe", 9 };
  struct pw2u_opt slash = { '-', 1 }, plus = { '+', 0 }, none = { 0, 0 };
  static char home[QGETPW_LINE_MAX];
  stralloc out = STRALLOC_ZERO;
  user_is(&dflt, "joe", &pw, "=joe:joe:503:78:/home/joe:::\n+joe-:joe:503:78:/home/joe:-::\n",
          "default");
  user_is(&dflt, "Joe.Shmoe", &pw,
          "=Joe.Shmoe:joe:503:78:/home/joe:::\n+Joe.Shmoe-:joe:503:78:/home/joe:-::\n", "a mailname");
  user_is(&slash, "joe", &pw, "=joe:joe:503:78:/home/joe:::\n+joe-:joe:503:78:/home/joe:-/::\n",
          "-/");
  user_is(&plus, "joe", &pw, "=joe:joe:503:78:/home/joe:::\n+joe+:joe:503:78:/home/joe:-::\n",
          "-c+");
  user_is(&none, "joe", &pw, "=joe:joe:503:78:/home/joe:::\n", "-C");
  if (!stralloc_copys(&out, "keep\n")) return;
  errno = 0;
  refused(pw2u_user(&out, &dflt, "", 0, &pw), &out, 5, EINVAL, "an empty name");
  refused(pw2u_user(&out, &dflt, "a:b", 3, &pw), &out, 5, EINVAL, "a name with a colon");
  refused(pw2u_user(&out, &dflt, "a\nb", 3, &pw), &out, 5, EINVAL, "a name with a newline");
  pw.home = "home/joe";
  pw.homelen = 8;
  refused(pw2u_user(&out, &dflt, "joe", 3, &pw), &out, 5, EINVAL, "a relative home");
  pw.home = "/a\nb";
  pw.homelen = 4;
  refused(pw2u_user(&out, &dflt, "joe", 3, &pw), &out, 5, EINVAL, "a newline in the home");
  memset(home, 'h', sizeof home);
  home[0] = '/';
  pw.home = home;
  pw.homelen = QGETPW_LINE_MAX - 22;   /* "=joe:joe:503:78:" + home + ":::" = MAX - 3 */
  ok(pw2u_user(&out, &none, "joe", 3, &pw), "a line of QGETPW_LINE_MAX - 3 bytes");
  out.len = 5;
  ok(pw2u_user(&out, &dflt, "joe", 3, &pw), "a '+' line of QGETPW_LINE_MAX - 1 bytes");
  out.len = 5;
  pw.homelen = QGETPW_LINE_MAX - 19;
  ok(pw2u_user(&out, &none, "joe", 3, &pw), "an '=' line of exactly QGETPW_LINE_MAX bytes");
  out.len = 5;
  errno = 0;
  refused(pw2u_user(&out, &dflt, "joe", 3, &pw), &out, 5, EMSGSIZE,
          "a '+' line two bytes over: the '=' line is taken back too");
  pw.homelen = QGETPW_LINE_MAX - 18;
  refused(pw2u_user(&out, &none, "joe", 3, &pw), &out, 5, EMSGSIZE, "an '=' line one byte over");
  stralloc_free(&out);
}

static void test_sub(void)
{
  struct pw2u_pw pw = { "joe", 3, 503, 78, "/home/joe", 9 };
  struct pw2u_opt slash = { '-', 1 }, plus = { '+', 0 }, none = { 0, 0 };
  stralloc out = STRALLOC_ZERO;
  ok(pw2u_sub(&out, &dflt, "sales", 5, "work", 4, &pw), "a subuser");
  is_mem(out.s, out.len,
         "=sales:joe:503:78:/home/joe:-:work:\n+sales-:joe:503:78:/home/joe:-:work-:\n", 74,
         "subuser lines");
  out.len = 0;
  ok(pw2u_sub(&out, &slash, "sales", 5, "", 0, &pw), "a subuser with an empty pre, -/");
  is_str((stralloc_0(&out) ? out.s : ""),
         "=sales:joe:503:78:/home/joe:-/::\n+sales-:joe:503:78:/home/joe:-/:-:\n", "-/ lines");
  out.len = 0;
  ok(pw2u_sub(&out, &plus, "s", 1, "p", 1, &pw), "a subuser, -c+");
  is_str((stralloc_0(&out) ? out.s : ""),
         "=s:joe:503:78:/home/joe:-:p:\n+s+:joe:503:78:/home/joe:-:p-:\n", "-c+ lines");
  out.len = 0;
  ok(pw2u_sub(&out, &none, "s", 1, "p", 1, &pw), "a subuser, -C");
  is_str((stralloc_0(&out) ? out.s : ""), "=s:joe:503:78:/home/joe:-:p:\n", "-C: one line");
  out.len = 0;
  errno = 0;
  refused(pw2u_sub(&out, &dflt, "s", 1, "a:b", 3, &pw), &out, 0, EINVAL, "a colon in pre");
  refused(pw2u_sub(&out, &dflt, "", 0, "p", 1, &pw), &out, 0, EINVAL, "an empty sub");
  stralloc_free(&out);
}

static void test_subparse(void)
{
  const char *sub, *user, *pre;
  size_t sl, ul, pl;
  ok(pw2u_subparse("sales:joe:work:", 15, &sub, &sl, &user, &ul, &pre, &pl), "subusers line");
  is_mem(sub, sl, "sales", 5, "sub");
  is_mem(user, ul, "joe", 3, "user");
  is_mem(pre, pl, "work", 4, "pre");
  ok(pw2u_subparse("s:u::junk", 9, &sub, &sl, &user, &ul, &pre, &pl), "empty pre, junk after");
  is_int(pl, 0, "empty pre");
  ok(!pw2u_subparse("s:u:p", 5, &sub, &sl, &user, &ul, &pre, &pl), "no third colon: refused");
  ok(!pw2u_subparse(":u:p:", 5, &sub, &sl, &user, &ul, &pre, &pl), "empty sub: refused");
  ok(!pw2u_subparse("s::p:", 5, &sub, &sl, &user, &ul, &pre, &pl), "empty user: refused");
  ok(!pw2u_subparse("s:u\0:p:", 7, &sub, &sl, &user, &ul, &pre, &pl), "a NUL: refused");
}

static void test_names(void)
{
  const char *v = "a:bb::c:", *n;
  size_t pos = 0, nl;
  ok(pw2u_nextname(v, 8, &pos, &n, &nl), "first name");
  is_mem(n, nl, "a", 1, "a");
  ok(pw2u_nextname(v, 8, &pos, &n, &nl), "second name");
  is_mem(n, nl, "bb", 2, "bb");
  ok(pw2u_nextname(v, 8, &pos, &n, &nl), "empty names are passed over");
  is_mem(n, nl, "c", 1, "c");
  ok(!pw2u_nextname(v, 8, &pos, &n, &nl), "then no more");
  pos = 0;
  ok(pw2u_nextname("last", 4, &pos, &n, &nl) && nl == 4 && pos == 4, "a name without a colon");
  pos = 0;
  ok(!pw2u_nextname("::", 2, &pos, &n, &nl), "only colons: no names");
  pos = 0;
  ok(!pw2u_nextname("", 0, &pos, &n, &nl), "empty: no names");
}

static void test_remember(void)
{
  struct pw2u_pw pw = { "Joe", 3, 503, 78, "/home/joe", 9 }, back;
  stralloc sa = STRALLOC_ZERO;
  constmap map;
  const char *v;
  ok(pw2u_remember(&sa, &pw), "remember");
  pw.user = "ann";
  pw.uid = 7;
  pw.home = "/a";
  pw.homelen = 2;
  ok(pw2u_remember(&sa, &pw), "remember another");
  is_mem(sa.s, sa.len, "Joe:Joe:503:78:/home/joe\0ann:ann:7:78:/a\0", 41, "records");
  ok(constmap_init(&map, sa.s, sa.len, 1), "a map over the records");
  v = constmap_get(&map, "joe", 3);
  ok(v != 0, "found by name, any case");
  ok(v && pw2u_recall(v, &back), "recall");
  if (v) {
    is_mem(back.user, back.userlen, "Joe", 3, "recalled user keeps its case");
    is_int(back.uid, 503, "recalled uid");
    is_int(back.gid, 78, "recalled gid");
    is_mem(back.home, back.homelen, "/home/joe", 9, "recalled home");
  }
  ok(!pw2u_recall("x:1", &back), "a short record is refused");
  ok(!pw2u_recall("x:one:2:/h", &back), "a bad uid is refused");
  constmap_free(&map);
  stralloc_free(&sa);
}

static int count(void *ctx, const char *key, size_t keylen, const char *data, size_t datalen)
{
  (void)key, (void)keylen, (void)data, (void)datalen;
  ++*(int *)ctx;
  return 1;
}

/* what pw2u writes, qmail-newu reads */
static void test_roundtrip(void)
{
  struct pw2u_pw pw;
  struct pw2u_opt slash = { '+', 1 };
  stralloc out = STRALLOC_ZERO;
  size_t line = 99;
  int n = 0;
  ok(parse("Joe:x:503:78::/home/joe:/bin/sh", &pw), "parse for the round trip");
  ok(pw2u_user(&out, &dflt, "joe", 3, &pw) && pw2u_user(&out, &slash, "j.s", 3, &pw) &&
     pw2u_sub(&out, &dflt, "s", 1, "", 0, &pw) && pw2u_sub(&out, &slash, "t", 1, "p", 1, &pw) &&
     stralloc_cats(&out, ".\n"), "lines built");
  ok(qgetpw_assign_parse(out.s, out.len, count, &n, &line), "qgetpw_assign_parse takes them");
  is_int(n, 9, "eight records and the wildchars");
  {
    static char name[PW2U_NAME_MAX + 1];
    memset(name, 'n', sizeof name);
    out.len = 0;
    n = 0;
    ok(pw2u_user(&out, &dflt, name, PW2U_NAME_MAX, &pw) && stralloc_cats(&out, ".\n"),
       "a name of PW2U_NAME_MAX bytes");
    ok(qgetpw_assign_parse(out.s, out.len, count, &n, &line), "its '+' line still parses");
    out.len = 0;
    ok(!pw2u_user(&out, &dflt, name, PW2U_NAME_MAX + 1, &pw), "one byte longer is refused");
  }
  stralloc_free(&out);
}

int main(void)
{
  test_parse();
  test_predicates();
  test_user();
  test_sub();
  test_subparse();
  test_names();
  test_remember();
  test_roundtrip();
  return done_testing();
}
