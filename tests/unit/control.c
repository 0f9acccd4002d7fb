/* control.c — unit test for libqmail/control: the parser and the readers. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cdb_make.h"
#include "constmap.h"
#include "control.h"
#include "stralloc.h"
#include "tap.h"

static char dir[4096];

/* path of name in the test directory, in a static buffer */
static const char *p(const char *name)
{
  static char pbuf[2][4200];
  static int i;
  i ^= 1;
  snprintf(pbuf[i], sizeof pbuf[i], "%s/%s", dir, name);
  return pbuf[i];
}

static void put(const char *name, const char *data, size_t len)
{
  int fd = open(p(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd == -1 || write(fd, data, len) != (ssize_t)len || close(fd) == -1) {
    printf("Bail out! cannot write %s\n", p(name));
    exit(255);
  }
}

static void puts0(const char *name, const char *s) { put(name, s, strlen(s)); }

static void test_parse(void)
{
  stralloc out = STRALLOC_ZERO;
  size_t n = 99;
  static const char in[] =
      "first\n"
      "  # an indented comment\n"
      "#comment\n"
      "\n"
      "   \t \r\n"
      "trail \t\r\n"
      "  lead\n"
      "a#b\n"
      "last";
  static const char want[] = "first\0trail\0  lead\0a#b\0last";

  is_int(control_parse(in, sizeof in - 1, &out, 0, &n), 0, "parse: ok");
  is_int(n, 5, "parse: five entries");
  is_mem(out.s, out.len, want, sizeof want, "parse: entries NUL-terminated, white space and comments handled");

  is_int(control_parse("a\r\nb\r\n", 6, &out, 0, &n), 0, "parse CRLF");
  is_mem(out.s, out.len, "a\0b\0", 4, "parse: CRs at the end removed");

  is_int(control_parse("", 0, &out, 0, &n), 0, "parse empty input");
  ok(out.len == 0 && n == 0, "parse: nothing from nothing");
  is_int(control_parse(0, 0, &out, 0, 0), 0, "parse NULL with length 0, nlines NULL");
  is_int(control_parse("# only\n\n  \n#x", 13, &out, 0, &n), 0, "parse comments only");
  ok(out.len == 0 && n == 0, "parse: no entries");

  is_int(control_parse("one\ntwo\nthree\n", 14, &out, 2, &n), 0, "parse maxlines 2");
  is_mem(out.s, out.len, "one\0two\0", 8, "parse: stops after two");
  is_int(n, 2, "parse: counted two");
  is_int(control_parse("#c\none\nbad\0line\n", 16, &out, 1, &n), 0,
         "parse maxlines 1 does not look past the first entry");
  is_mem(out.s, out.len, "one\0", 4, "parse: first entry only");

  errno = 0;
  ok(control_parse("a\nb\0c\n", 6, &out, 0, &n) == -1 && errno == EINVAL,
     "parse: a NUL byte is EINVAL");
  ok(out.len == 0 && n == 0, "parse: output emptied on failure");

  {
    static char big[CONTROL_LINE_MAX + 2];
    memset(big, 'x', sizeof big);
    big[CONTROL_LINE_MAX] = '\n';
    is_int(control_parse(big, CONTROL_LINE_MAX + 1, &out, 0, &n), 0, "parse: a line of CONTROL_LINE_MAX");
    is_int(out.len, CONTROL_LINE_MAX + 1, "parse: kept whole");
    big[CONTROL_LINE_MAX] = 'x';
    errno = 0;
    ok(control_parse(big, CONTROL_LINE_MAX + 1, &out, 0, &n) == -1 && errno == EMSGSIZE,
       "parse: CONTROL_LINE_MAX + 1 is EMSGSIZE");
    /* the length is checked before any byte is looked at */
    errno = 0;
    ok(control_parse(big, (size_t)CONTROL_MAX_BYTES + 1, &out, 0, &n) == -1 && errno == EFBIG,
       "parse: more than CONTROL_MAX_BYTES is EFBIG");
  }
  errno = 0;
  ok(control_parse(0, 3, &out, 0, &n) == -1 && errno == EINVAL, "parse: NULL data with a length");
  stralloc_free(&out);
}

static void test_readline(void)
{
  stralloc sa = STRALLOC_ZERO;
  ok(stralloc_copys(&sa, "keep"), "setup");
  is_int(control_readline(&sa, p("absent")), 0, "readline: absent file is 0");
  is_mem(sa.s, sa.len, "keep", 4, "readline: out untouched when absent");
  is_int(control_readline(&sa, p("nodir/me")), 0, "readline: absent directory is 0 too");

  puts0("me", "# the host\n  mail.example.com  \r\nsecond\n");
  is_int(control_readline(&sa, p("me")), 1, "readline: 1");
  is_mem(sa.s, sa.len, "  mail.example.com", 18, "readline: first entry, trailing white space gone");
  ok(sa.s[sa.len] == 0, "readline: NUL stored past len");

  puts0("empty", "");
  is_int(control_readline(&sa, p("empty")), 1, "readline: empty file is read");
  ok(sa.len == 0 && sa.s && sa.s[0] == 0, "readline: empty string");
  puts0("comments", "#x\n\n");
  is_int(control_readline(&sa, p("comments")), 1, "readline: comments-only file");
  is_int(sa.len, 0, "readline: gives the empty string");

  errno = 0;
  ok(mkdir(p("adir"), 0755) == 0 && control_readline(&sa, p("adir")) == -1 && errno == EISDIR,
     "readline: a directory is an error (EISDIR), not a default");
  errno = 0;
  ok(control_readline(&sa, p("me/x")) == -1 && errno == ENOTDIR, "readline: ENOTDIR is an error");
  errno = 0;
  ok(mkfifo(p("fifo"), 0644) == 0 && control_readline(&sa, p("fifo")) == -1 && errno == EINVAL,
     "readline: a FIFO is refused without hanging");
  if (geteuid() == 0) {
    skip(1, "root reads a mode-000 file");
  } else {
    puts0("secret", "x\n");
    errno = 0;
    ok(chmod(p("secret"), 0) == 0 && control_readline(&sa, p("secret")) == -1 && errno == EACCES,
       "readline: an unreadable file is -1 EACCES");
  }
  {
    /* a sparse file one byte over the limit */
    int fd = open(p("huge"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ok(fd >= 0 && ftruncate(fd, (off_t)CONTROL_MAX_BYTES + 1) == 0 && close(fd) == 0, "setup huge");
    errno = 0;
    ok(control_readline(&sa, p("huge")) == -1 && errno == EFBIG, "readline: a file too big is EFBIG");
  }
  stralloc_free(&sa);
}

static void test_numbers(void)
{
  unsigned long u = 7;
  int i = 7;
  is_int(control_readulong(&u, p("absent")), 0, "readulong: absent");
  is_int(u, 7, "readulong: untouched");
  puts0("n", "#c\n  \n4200\n");
  ok(control_readulong(&u, p("n")) == 1 && u == 4200, "readulong: 4200");
  puts0("n", "18446744073709551615\n");
  ok(control_readulong(&u, p("n")) == 1 && u == 18446744073709551615UL, "readulong: ULONG_MAX");
  u = 7;
  puts0("n", "18446744073709551616\n");
  errno = 0;
  ok(control_readulong(&u, p("n")) == -1 && errno == ERANGE && u == 7, "readulong: overflow is ERANGE");
  {
    static const char *bad[] = { "abc\n", "12abc\n", "12 3\n", " 12\n", "-1\n", "+1\n", "", "0x10\n" };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; ++k) {
      puts0("n", bad[k]);
      errno = 0;
      ok(control_readulong(&u, p("n")) == -1 && errno == EINVAL && u == 7,
         "readulong: '%.*s' is EINVAL", (int)strcspn(bad[k], "\n"), bad[k]);
    }
  }
  puts0("n", "12\t \n");
  ok(control_readulong(&u, p("n")) == 1 && u == 12, "readulong: trailing white space is fine");

  puts0("n", "-5\n");
  ok(control_readint(&i, p("n")) == 1 && i == -5, "readint: -5");
  puts0("n", "+5\n");
  ok(control_readint(&i, p("n")) == 1 && i == 5, "readint: +5");
  puts0("n", "-2147483648\n");
  ok(control_readint(&i, p("n")) == 1 && i == -2147483647 - 1, "readint: INT_MIN");
  puts0("n", "2147483648\n");
  errno = 0;
  ok(control_readint(&i, p("n")) == -1 && errno == ERANGE, "readint: INT_MAX + 1 is ERANGE");
  puts0("n", "-\n");
  errno = 0;
  ok(control_readint(&i, p("n")) == -1 && errno == EINVAL, "readint: a lone sign is EINVAL");
  i = 3;
  is_int(control_readint(&i, p("absent")), 0, "readint: absent");
  is_int(i, 3, "readint: untouched");
}

static void test_lists(void)
{
  stralloc sa = STRALLOC_ZERO, st = STRALLOC_ZERO;
  constmap m;
  puts0("rcpthosts", "example.com\n# comment\nExample.NET \n\n");
  is_int(control_readfile(&sa, p("rcpthosts")), 1, "readfile: 1");
  is_mem(sa.s, sa.len, "example.com\0Example.NET\0", 24, "readfile: entries");
  is_int(control_readfile(&sa, p("absent")), 0, "readfile: absent is 0");
  is_int(sa.len, 0, "readfile: emptied when absent");
  put("bad", "ok\nbad\0\n", 8);
  errno = 0;
  ok(control_readfile(&sa, p("bad")) == -1 && errno == EINVAL && sa.len == 0,
     "readfile: NUL byte is an error, out emptied");

  is_int(control_readmap(&m, &st, p("rcpthosts"), 0), 1, "readmap list: 1");
  is_int(constmap_count(&m), 2, "readmap: two keys");
  ok(constmap_get(&m, "example.net", 11) != 0, "readmap: case-insensitive lookup");
  ok(constmap_get(&m, "example.org", 11) == 0, "readmap: absent key");
  constmap_free(&m);

  puts0("smtproutes", "example.com:relay.example.com\n:smarthost:25\nnocolon\n");
  is_int(control_readmap(&m, &st, p("smtproutes"), 1), 1, "readmap with colon: 1");
  is_str(constmap_get(&m, "EXAMPLE.com", 11), "relay.example.com", "readmap: value after the first colon");
  is_str(constmap_get(&m, "", 0), "smarthost:25", "readmap: empty key");
  ok(constmap_get(&m, "nocolon", 7) == 0, "readmap: a line without a colon is ignored");
  constmap_free(&m);

  is_int(control_readmap(&m, &st, p("absent"), 1), 0, "readmap: absent is 0");
  is_int(constmap_count(&m), 0, "readmap: empty map");
  ok(constmap_get(&m, "x", 1) == 0, "readmap: empty map finds nothing");
  constmap_free(&m);
  errno = 0;
  ok(control_readmap(&m, &st, p("adir"), 0) == -1 && errno == EISDIR, "readmap: error passes through");

  stralloc_free(&sa);
  stralloc_free(&st);
}

static void test_cdb(void)
{
  struct cdb_make cm;
  int fd = open(p("badmailfrom.cdb"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ok(fd >= 0 && cdb_make_start(&cm, fd) == 0 && cdb_make_add(&cm, "spam@example.com", 16, "", 0) == 0
         && cdb_make_add(&cm, "@bad.example", 12, "", 0) == 0 && cdb_make_finish(&cm) == 0
         && close(fd) == 0,
     "setup: cdb written");
  is_int(control_cdb_contains(p("badmailfrom.cdb"), "spam@example.com", 16), 1, "cdb: present");
  is_int(control_cdb_contains(p("badmailfrom.cdb"), "SPAM@Example.COM", 16), 1, "cdb: key folded to lower case");
  is_int(control_cdb_contains(p("badmailfrom.cdb"), "@BAD.example", 12), 1, "cdb: second key");
  is_int(control_cdb_contains(p("badmailfrom.cdb"), "ham@example.com", 15), 0, "cdb: absent key");
  is_int(control_cdb_contains(p("badmailfrom.cdb"), "", 0), 0, "cdb: empty key absent");
  {
    static char longkey[CONTROL_LINE_MAX + 1];
    memset(longkey, 'a', sizeof longkey);
    is_int(control_cdb_contains(p("badmailfrom.cdb"), longkey, sizeof longkey), 0,
           "cdb: a key over CONTROL_LINE_MAX is absent");
  }
  errno = 0;
  ok(control_cdb_contains(p("absent.cdb"), "x", 1) == -1 && errno == ENOENT, "cdb: missing file is -1 ENOENT");
  puts0("short.cdb", "not a cdb");
  errno = 0;
  ok(control_cdb_contains(p("short.cdb"), "x", 1) == -1 && errno == EPROTO, "cdb: a short file is -1 EPROTO");
}

int main(void)
{
  snprintf(dir, sizeof dir, "%s", tap_tmpdir());
  test_parse();
  test_readline();
  test_numbers();
  test_lists();
  test_cdb();
  tap_rmtree(dir);
  return done_testing();
}
