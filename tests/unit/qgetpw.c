/* qgetpw.c — unit test for qmail/lib/qgetpw: users/assign, users/cdb, the password rules, the alias. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "cdb_make.h"
#include "paths.h"
#include "qgetpw.h"
#include "tap.h"
#include "users.h"

static char T[4096];
static uid_t U;          /* the uid that owns the test homes */

/* ---- users/assign parsing ---- */

struct collect { stralloc all; int n; };

/* records as "key=data;" with NUL shown as '0' */
static int collect(void *ctx, const char *key, size_t keylen, const char *data, size_t datalen)
{
  struct collect *c = ctx;
  for (size_t i = 0; i < keylen; ++i)
    if (!stralloc_append(&c->all, key[i] ? key[i] : '0')) return 0;
  if (!stralloc_append(&c->all, '=')) return 0;
  for (size_t i = 0; i < datalen; ++i)
    if (!stralloc_append(&c->all, data[i] ? data[i] : '0')) return 0;
  ++c->n;
  return stralloc_append(&c->all, ';');
}

static void parse_ok(const char *text, const char *want, const char *name)
{
  struct collect c = { STRALLOC_ZERO, 0 };
  size_t line = 99;
  int r = qgetpw_assign_parse(text, strlen(text), collect, &c, &line);
  ok(r == 1, "%s: parses", name);
  if (!stralloc_0(&c.all)) return;
  is_str(c.all.s, want, "%s: records", name);
  is_int(line, 0, "%s: no line at fault", name);
  stralloc_free(&c.all);
}

static void parse_bad(const char *text, size_t len, int err, size_t wantline, const char *name)
{
  struct collect c = { STRALLOC_ZERO, 0 };
  size_t line = 0;
  errno = 0;
  is_int(qgetpw_assign_parse(text, len, collect, &c, &line), 0, "%s: refused", name);
  is_int(errno, err, "%s: errno", name);
  is_int(line, wantline, "%s: line %zu", name, wantline);
  stralloc_free(&c.all);
}

static void test_parse(void)
{
  static char longline[QGETPW_LINE_MAX + 40];
  size_t n;
  parse_ok("=Joe.Shmoe:joe:503:78:/home/joe:::\n.\n", "!joe.shmoe0=joe05030780/home/joe00;=;",
           "an exact assignment, lower-cased, with its NUL");
  parse_ok("+Ab-:ab:1:2:/h:-:Pre-:\n+:all:3:4:/a:::\n+x-:x:5:6:/x:-::\n+ab-q:q:7:8:/q:::junk\n.\n",
           "!ab-=ab01020/h0-0Pre-;!=all03040/a00;!x-=x05060/x0-0;!ab-q=q07080/q00;=-q;",
           "wildcards: no NUL; wildchars '-' and 'q' once each; text after the seventh colon ignored");
  parse_ok(".", "=;", "just the dot, without a newline");
  parse_ok("=a:u:1:1:/:::\n.anything\n=b:bad\n", "!a0=u01010/00;=;", "the first dot line ends the file");
  parse_ok("=a:u:1:1:/:::\n=a:v:2:2:/:::\n.\n", "!a0=u01010/00;!a0=v02020/00;=;",
           "duplicates are both kept, in order");

  parse_bad("=a:u:1:1:/:::\n", 14, EINVAL, 2, "no final dot");
  parse_bad("", 0, EINVAL, 1, "empty file");
  parse_bad("=a:u:1:1:/:::\n\n.\n", 17, EINVAL, 2, "an empty line");
  parse_bad("#a:u:1:1:/:::\n.\n", 16, EINVAL, 1, "a line that is not = or +");
  parse_bad("=a:u:1:1:/::\n.\n", 15, EINVAL, 1, "six colons only");
  parse_bad("=a\n.\n", 5, EINVAL, 1, "no colon");
  parse_bad("=a::1:1:/:::\n.\n", 15, EINVAL, 1, "an empty user");
  parse_bad("=a:u:x:1:/:::\n.\n", 16, EINVAL, 1, "a uid that is no number");
  parse_bad("=a:u:1:-1:/:::\n.\n", 17, EINVAL, 1, "a negative gid");
  parse_bad("=a:u:1:99999999999:/:::\n.\n", 26, EINVAL, 1, "a gid out of range");
  parse_bad("=a:u:1:1:home:::\n.\n", 19, EINVAL, 1, "a relative home");
  parse_bad("=a:u:1:1:/:::\n=a\0:u:1:1:/:::\n.\n", 31, EINVAL, 2, "a NUL in a line");
  n = 0;
  memcpy(longline, "=a:u:1:1:/", 10);
  n = 10;
  memset(longline + n, 'h', QGETPW_LINE_MAX);
  n += QGETPW_LINE_MAX;
  memcpy(longline + n, ":::\n.\n", 6);
  parse_bad(longline, n + 6, EMSGSIZE, 1, "a line over QGETPW_LINE_MAX");
}

/* ---- users/cdb ---- */

static void path(char *out, size_t size, const char *name)
{
  snprintf(out, size, "%s/%s", T, name);
}

/* a users/cdb at T/name from assign text; 1 on success */
static int mkcdb(const char *name, const char *text)
{
  char fn[4200];
  size_t line;
  int fd, r;
  path(fn, sizeof fn, name);
  fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd == -1) return 0;
  r = qgetpw_assign_cdb(text, strlen(text), fd, &line);
  close(fd);
  return r;
}

/* lookup local in cdb name: "user uid gid home dash ext source" or "none" / "error errno" */
static void cdbis(const char *name, const char *local, const char *want)
{
  struct qgetpw pw = QGETPW_ZERO;
  char fn[4200], got[8192];
  int r;
  path(fn, sizeof fn, name);
  r = qgetpw_cdb(fn, local, strlen(local), &pw);
  if (r == 1)
    snprintf(got, sizeof got, "%s %lu %lu %s [%s] [%s] %d", pw.user.s, (unsigned long)pw.uid,
             (unsigned long)pw.gid, pw.home.s, pw.dash.s, pw.ext.s, (int)pw.source);
  else if (r == 0)
    snprintf(got, sizeof got, "none");
  else
    snprintf(got, sizeof got, "error %s %s", strerror(errno), pw.what);
  is_str(got, want, "cdb %s: %s", name, local);
  qgetpw_free(&pw);
}

static void test_cdb(void)
{
  static const char assign[] =
    "=joe:joe:101:11:/home/joe:::\n"
    "=joe:second:102:12:/home/second:::\n"
    "=Mixed.Case:mc:103:13:/home/mc:-:ext:\n"
    "+joe-:joe:101:11:/home/joe:-::\n"
    "+joe-list-:list:104:14:/home/list:-:list-:\n"
    "+ab:ab:105:15:/home/ab:-:pre:\n"
    "+:catch:106:16:/home/catch:-:all-:\n"
    ".\n";
  char fn[4200];
  int fd;
  struct cdb_make cm;

  ok(mkcdb("users.cdb", assign), "users/cdb built from assign text");
  cdbis("users.cdb", "joe", "joe 101 11 /home/joe [] [] 1");
  cdbis("users.cdb", "JOE", "joe 101 11 /home/joe [] [] 1");
  cdbis("users.cdb", "mixed.case", "mc 103 13 /home/mc [-] [ext] 1");
  cdbis("users.cdb", "joe-Foo", "joe 101 11 /home/joe [-] [Foo] 2");
  cdbis("users.cdb", "joe-", "joe 101 11 /home/joe [-] [] 2");
  cdbis("users.cdb", "joe-list-Bugs", "list 104 14 /home/list [-] [list-Bugs] 2");
  cdbis("users.cdb", "joe-list", "joe 101 11 /home/joe [-] [list] 2");
  cdbis("users.cdb", "ab", "ab 105 15 /home/ab [-] [pre] 2");
  cdbis("users.cdb", "abc", "ab 105 15 /home/ab [-] [prec] 2");
  cdbis("users.cdb", "nobody-here", "catch 106 16 /home/catch [-] [all-nobody-here] 2");
  cdbis("users.cdb", "", "catch 106 16 /home/catch [-] [all-] 2");
  cdbis("missing.cdb", "joe", "none");

  ok(mkcdb("exact.cdb", "=a:u:1:1:/:::\n.\n"), "a cdb without wildcards");
  cdbis("exact.cdb", "a", "u 1 1 / [] [] 1");
  cdbis("exact.cdb", "b", "none");

  /* values as qmail-newu writes them (no final NUL) and with a final NUL,
   * a file without the wildchars record, and a damaged value */
  path(fn, sizeof fn, "hand.cdb");
  fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ok(fd != -1 && cdb_make_start(&cm, fd) == 0 &&
     cdb_make_add(&cm, "!x\0", 3, "ux\0" "7\0" "8\0" "/hx\0" "\0" "e", 13) == 0 &&
     cdb_make_add(&cm, "!y\0", 3, "uy\0" "7\0" "8\0" "/hy\0" "-\0" "f\0", 15) == 0 &&
     cdb_make_add(&cm, "!bad\0", 5, "u\0" "seven\0" "8\0" "/\0" "\0", 13) == 0 &&
     cdb_make_add(&cm, "!short\0", 7, "u\0" "1\0" "2\0", 6) == 0 &&
     cdb_make_add(&cm, "!w", 2, "uw\0" "1\0" "2\0" "/w\0" "-\0" "p", 13) == 0 &&
     cdb_make_finish(&cm) == 0, "a cdb made by hand");
  if (fd != -1) close(fd);
  cdbis("hand.cdb", "x", "ux 7 8 /hx [] [e] 1");
  cdbis("hand.cdb", "y", "uy 7 8 /hy [-] [f] 1");
  cdbis("hand.cdb", "bad", "error Protocol error users/cdb");
  cdbis("hand.cdb", "short", "error Protocol error users/cdb");
  cdbis("hand.cdb", "wz", "none");   /* no wildchars record: only the empty prefix is tried */

  path(fn, sizeof fn, "damaged.cdb");
  fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ok(fd != -1 && write(fd, "short", 5) == 5, "a damaged cdb");
  if (fd != -1) close(fd);
  cdbis("damaged.cdb", "joe", "error Protocol error users/cdb");
}

/* ---- the password database ---- */

static struct passwd fakepw[8];
static char homes[8][4200];
static int fake_eio;

static struct passwd *fake_getpwnam(const char *name)
{
  if (fake_eio) { errno = EIO; return 0; }
  for (size_t i = 0; i < sizeof fakepw / sizeof fakepw[0]; ++i)
    if (fakepw[i].pw_name && strcmp(fakepw[i].pw_name, name) == 0) return &fakepw[i];
  errno = 0;
  return 0;
}

/* a fake account i: name, uid, home dir T/dir made with mode (mode 0: not
 * made; dir NULL: "/") */
static void account(int i, const char *name, uid_t uid, const char *dir, mode_t mode, int file)
{
  static char names[8][64];
  snprintf(names[i], sizeof names[i], "%s", name);
  fakepw[i].pw_name = names[i];
  fakepw[i].pw_uid = uid;
  fakepw[i].pw_gid = 77;
  if (!dir) snprintf(homes[i], sizeof homes[i], "/");
  else snprintf(homes[i], sizeof homes[i], "%s/%s", T, dir);
  fakepw[i].pw_dir = homes[i];
  if (dir && mode) {
    if (file) close(open(homes[i], O_WRONLY | O_CREAT, 0644));
    else mkdir(homes[i], 0700);
    if (chown(homes[i], U, 77) == -1 && getuid() == 0) diag("chown %s failed", homes[i]);
    chmod(homes[i], mode);
  }
}

static void lookupis(const struct qgetpw_ctl *ctl, const char *local, const char *want, const char *name)
{
  struct qgetpw pw = QGETPW_ZERO;
  char got[8192];
  int r = qgetpw_lookup(ctl, local, strlen(local), &pw);
  if (r == 1) {
    const char *home = pw.home.s;
    if (strncmp(home, T, strlen(T)) == 0) home += strlen(T);
    snprintf(got, sizeof got, "%s %s [%s] [%s] %d", pw.user.s, home, pw.dash.s, pw.ext.s, (int)pw.source);
  } else if (r == 0)
    snprintf(got, sizeof got, "none");
  else
    snprintf(got, sizeof got, "error %s %s", strerror(errno), pw.what);
  is_str(got, want, "%s: %s", name, local);
  qgetpw_free(&pw);
}

static void test_passwd(void)
{
  struct qgetpw_ctl ctl = { 0, "alias", 0, '-', fake_getpwnam };
  struct qgetpw pw = QGETPW_ZERO;
  char cdbfn[4200], local[QGETPW_LOCAL_MAX + 2];
  account(0, "joe", U, "joe", 0755, 0);
  account(1, "joe-list", U, "list", 0750, 0);
  account(2, "root", 0, "root", 0755, 0);
  account(3, "gw", U, "gw", 0775, 0);
  account(4, "ww", U, "ww", 0757, 0);
  account(5, "gone", U, "gone", 0, 0);
  account(6, "file", U, "file", 0644, 1);
  account(7, "other", U == 1 ? 2 : 1, "other", 0755, 0);   /* home owned by U, not by this uid */

  lookupis(&ctl, "joe", "joe /joe [] [] 3", "passwd");
  lookupis(&ctl, "Joe", "joe /joe [] [] 3", "passwd");
  lookupis(&ctl, "joe-Foo-bar", "joe /joe [-] [Foo-bar] 3", "passwd");
  lookupis(&ctl, "joe-list", "joe-list /list [] [] 3", "passwd");
  lookupis(&ctl, "joe-list-x", "joe-list /list [-] [x] 3", "passwd");
  lookupis(&ctl, "joe-", "joe /joe [-] [] 3", "passwd");
  lookupis(&ctl, "joefoo", "none", "passwd: no break, no user, no alias");
  lookupis(&ctl, "root", "none", "passwd: uid 0 is never a user");
  lookupis(&ctl, "gw", "none", "passwd: group-writable home");
  lookupis(&ctl, "ww-x", "none", "passwd: world-writable home");
  lookupis(&ctl, "gone", "none", "passwd: missing home");
  lookupis(&ctl, "file", "none", "passwd: home is a file");
  lookupis(&ctl, "other", "none", "passwd: home owned by another uid");
  ctl.breakc = '+';
  lookupis(&ctl, "joe+ext", "joe /joe [-] [ext] 3", "break character +");
  lookupis(&ctl, "joe-ext", "none", "break character +: '-' is no break");
  ctl.breakc = '-';

  memset(local, 'a', 40);
  memcpy(local, "joe", 3);
  local[40] = 0;
  account(5, "joeaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", U, "joe", 0755, 0);
  lookupis(&ctl, local, "none", "passwd: names over QGETPW_USERNAME_MAX are not tried");

  /* the alias user */
  account(5, "alias", U, "aliashome", 0755, 0);
  lookupis(&ctl, "Nobody-Else", "alias /aliashome [-] [Nobody-Else] 4", "alias from the password database");
  lookupis(&ctl, "gw", "alias /aliashome [-] [gw] 4", "alias for a rejected account");
  ctl.aliashome = "/private/alias";
  ok(qgetpw_lookup(&ctl, "x", 1, &pw) == 1 && pw.uid == getuid() && pw.gid == getgid(),
     "private instance: alias with the invoking ids");
  lookupis(&ctl, "x-y", "alias /private/alias [-] [x-y] 4", "private instance alias home");
  ctl.aliashome = 0;
  ctl.alias = "noalias";
  lookupis(&ctl, "x", "none", "no alias user: none");

  fake_eio = 1;
  lookupis(&ctl, "joe", "error Input/output error the password database", "a failing password database");
  fake_eio = 0;

  /* users/cdb first */
  ok(mkcdb("order.cdb", "=joe:cdbjoe:5:5:/cdb:::\n.\n"), "a cdb for the order test");
  path(cdbfn, sizeof cdbfn, "order.cdb");
  ctl.cdb = cdbfn;
  lookupis(&ctl, "joe", "cdbjoe /cdb [] [] 1", "users/cdb before the password database");
  lookupis(&ctl, "joe-x", "joe /joe [-] [x] 3", "then the password database");
  path(cdbfn, sizeof cdbfn, "damaged.cdb");
  lookupis(&ctl, "joe", "error Protocol error users/cdb", "a damaged users/cdb defers");

  memset(local, 'a', sizeof local - 1);
  local[sizeof local - 1] = 0;
  errno = 0;
  is_int(qgetpw_lookup(&ctl, local, QGETPW_LOCAL_MAX + 1, &pw), -1, "a local part over the maximum");
  is_int(errno, EINVAL, "EINVAL");
  is_int(qgetpw_lookup(&ctl, "a\0b", 3, &pw), -1, "a NUL in the local part");
  qgetpw_free(&pw);
}

static void test_newu(void)
{
  char dir[4200], fn[4300];
  stralloc err = STRALLOC_ZERO;
  struct stat st;
  FILE *f;
  path(dir, sizeof dir, "users");
  mkdir(dir, 0755);
  errno = 0;
  is_int(qgetpw_newu(dir, &err), 0, "newu without assign fails");
  if (!stralloc_0(&err)) return;
  ok(strstr(err.s, "unable to read ") && strstr(err.s, "/users/assign: no such file"), "and says why: %s", err.s);
  snprintf(fn, sizeof fn, "%s/assign", dir);
  f = fopen(fn, "w");
  if (f) { fputs("=joe:joe:1:1:/home/joe:::\n.\n", f); fclose(f); }
  is_int(qgetpw_newu(dir, &err), 1, "newu builds users/cdb");
  snprintf(fn, sizeof fn, "%s/cdb", dir);
  ok(stat(fn, &st) == 0 && (st.st_mode & 0777) == 0644, "users/cdb exists, mode 0644");
  cdbis("users/cdb", "joe", "joe 1 1 /home/joe [] [] 1");
  snprintf(fn, sizeof fn, "%s/assign", dir);
  f = fopen(fn, "w");
  if (f) { fputs("=bob:bob:1:1:/home/bob:::\n=bad\n.\n", f); fclose(f); }
  is_int(qgetpw_newu(dir, &err), 0, "a bad assign is refused");
  if (!stralloc_0(&err)) return;
  ok(strstr(err.s, "bad format in ") && strstr(err.s, "/users/assign line 2: "), "naming the line: %s", err.s);
  cdbis("users/cdb", "joe", "joe 1 1 /home/joe [] [] 1");
  snprintf(fn, sizeof fn, "%s/cdb.tmp", dir);
  ok(stat(fn, &st) == -1, "and the old users/cdb stays, no cdb.tmp left");
  stralloc_free(&err);
}

/* ---- the shared pieces: ids, fields, the lookup set-up ---- */

static void test_pieces(void)
{
  unsigned long u = 7;
  const char *f = 0;
  size_t fl = 9, pos = 0;
  char big[64];
  struct paths ps;
  struct qgetpw_ctl ctl;
  stralloc cdb = STRALLOC_ZERO, ah = STRALLOC_ZERO;
  ok(qgetpw_scanid("0", 1, &u) && u == 0, "scanid 0");
  ok(qgetpw_scanid("1234x", 4, &u) && u == 1234, "scanid reads exactly n bytes");
  ok(!qgetpw_scanid("", 0, &u), "scanid refuses nothing");
  ok(!qgetpw_scanid("12a", 3, &u), "scanid refuses a non-digit");
  ok(!qgetpw_scanid("-1", 2, &u) && !qgetpw_scanid(" 1", 2, &u), "scanid refuses signs and blanks");
  snprintf(big, sizeof big, "%lu", (unsigned long)(uid_t)-1);
  ok(!qgetpw_scanid(big, strlen(big), &u), "scanid refuses (uid_t)-1");
  snprintf(big, sizeof big, "%lu", (unsigned long)(uid_t)-1 - 1);
  ok(qgetpw_scanid(big, strlen(big), &u) && u == (unsigned long)(uid_t)-1 - 1,
     "scanid takes (uid_t)-2");
  ok(!qgetpw_scanid("99999999999999999999999", 23, &u), "scanid refuses an overflow");

  ok(qgetpw_field("ab:c:", 5, ':', &pos, &f, &fl) && fl == 2 && !memcmp(f, "ab", 2) && pos == 3,
     "field: the first");
  ok(qgetpw_field("ab:c:", 5, ':', &pos, &f, &fl) && fl == 1 && *f == 'c' && pos == 5,
     "field: the second");
  ok(!qgetpw_field("ab:c:", 5, ':', &pos, &f, &fl) && pos == 5, "field: no sep left");
  pos = 0;
  ok(qgetpw_field("x\0y", 3, 0, &pos, &f, &fl) && fl == 1 && pos == 2, "field: a NUL separator");
  ok(!qgetpw_field("x\0y", 3, 0, &pos, &f, &fl) && pos == 2, "field: the rest is no field");

  setenv("QMAILHOME", "/q/home", 1);
  setenv("ASSIGNDIR", "/q/assign", 1);
  if (paths_init(&ps) == -1) {
    skip(6, "paths_init failed");
    return;
  }
  memset(&ctl, 0xff, sizeof ctl);
  ok(qgetpw_ctl_init(&ctl, &ps, &cdb, &ah), "ctl_init");
  is_str(ctl.cdb, "/q/assign/cdb", "  users/cdb under ASSIGNDIR");
  is_str(ctl.alias, users_name(USERS_ALIAS), "  the alias user of conf-users");
  if (geteuid() == 0) ok(ctl.aliashome == 0, "  as root: the alias user's own home");
  else is_str(ctl.aliashome, "/q/home/alias", "  not root: QMAILHOME/alias");
  ok(ctl.breakc == QGETPW_BREAK_DEFAULT, "  the default break");
  ok(ctl.getpwnam == 0, "  getpwnam(3)");
  unsetenv("QMAILHOME");
  unsetenv("ASSIGNDIR");
  stralloc_free(&cdb);
  stralloc_free(&ah);
  paths_free(&ps);
}

int main(void)
{
  snprintf(T, sizeof T, "%s", tap_tmpdir());
  U = getuid() ? getuid() : 4242;
  if (getuid() == 0) chmod(T, 0755);
  test_parse();
  test_cdb();
  test_passwd();
  test_newu();
  test_pieces();
  tap_rmtree(T);
  return done_testing();
}
