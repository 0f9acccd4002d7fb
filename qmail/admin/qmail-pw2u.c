/* qmail-pw2u.c — build users/assign lines from a V7 passwd file on standard input (qmail-pw2u(8)). */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "constmap.h"
#include "control.h"
#include "exitcode.h"
#include "fmt.h"
#include "getln.h"
#include "open.h"
#include "paths.h"
#include "pw2u.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"

#define FATAL "qmail-pw2u: fatal: "
#define USAGE "qmail-pw2u: usage: qmail-pw2u [-/ohHuUC] [-c char]"
#define USERS_MAX (256ul << 20)   /* bytes of accounts remembered for subusers */

enum home_mode { HOME_SKIP, HOME_STOP, HOME_NOCHECK };   /* -o -h -H */

struct pw2u {
  struct pw2u_opt opt;
  enum home_mode home;
  int upper;                      /* -u: accept upper-case user names */
  const char *dir;                /* ASSIGNDIR */
  struct paths ps;
  constmap include, exclude, mailnames;
  stralloc incs, excs, mns;
  int hasinclude;
  stralloc users;                 /* accounts assigned, for subusers */
  stralloc line, out, fn;
};

static void nomem(void) __attribute__((noreturn));
static void nomem(void)
{
  strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
}

static void die_write(void) __attribute__((noreturn));
static void die_write(void)
{
  strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, NULL);
}

/* fn = ASSIGNDIR/name as a C string */
static const char *path(struct pw2u *st, const char *name)
{
  if (!stralloc_copys(&st->fn, st->dir) || !stralloc_append(&st->fn, '/') ||
      !stralloc_cats(&st->fn, name) || !stralloc_0(&st->fn))
    nomem();
  return st->fn.s;
}

/* a list of ASSIGNDIR into a map; 1 read, 0 absent */
static int load(struct pw2u *st, constmap *map, stralloc *storage, const char *name, int split)
{
  int r = control_readmap(map, storage, path(st, name), split);
  if (r == -1) strerr_die(EXIT_TEMP, FATAL, "unable to read ", st->fn.s, ": ", STRERR_SYS, NULL);
  return r;
}

/* a C string of s[0..n) in st->fn, for messages and stat */
static const char *cstr(struct pw2u *st, const char *s, size_t n)
{
  if (!stralloc_copyb(&st->fn, s, n) || !stralloc_0(&st->fn)) nomem();
  return st->fn.s;
}

/* whether the account's home passes the -o/-h/-H rule: 1 use, 0 skip */
static int home_ok(struct pw2u *st, const struct pw2u_pw *pw)
{
  struct stat sb;
  if (st->home == HOME_NOCHECK) return pw2u_homeok(pw);
  if (pw2u_homeok(pw)) {
    if (stat(cstr(st, pw->home, pw->homelen), &sb) == 0)
      return S_ISDIR(sb.st_mode) && sb.st_uid == pw->uid && !(sb.st_mode & 022);
    if (errno != ENOENT && errno != ENOTDIR && errno != EACCES && errno != ELOOP &&
        errno != ENAMETOOLONG)
      strerr_die(EXIT_TEMP, FATAL, "unable to stat ", st->fn.s, ": ", STRERR_SYS, NULL);
  }
  if (st->home == HOME_STOP) {
    stralloc user = STRALLOC_ZERO;
    if (!stralloc_copyb(&user, pw->user, pw->userlen) || !stralloc_0(&user)) nomem();
    strerr_die(EXIT_TEMP, FATAL, "home directory ", cstr(st, pw->home, pw->homelen), " of user ",
               user.s, " does not exist", NULL);
  }
  return 0;
}

/* whether the account is a user under the rules and the lists */
static int wanted(struct pw2u *st, const struct pw2u_pw *pw)
{
  if (!pw->uid) return 0;
  if (!st->upper && pw2u_hasupper(pw->user, pw->userlen)) return 0;
  if (st->hasinclude && !constmap_get(&st->include, pw->user, pw->userlen)) return 0;
  if (constmap_get(&st->exclude, pw->user, pw->userlen)) return 0;
  return home_ok(st, pw);
}

static void die_assign(struct pw2u *st, const char *what, const struct pw2u_pw *pw)
  __attribute__((noreturn));
static void die_assign(struct pw2u *st, const char *what, const struct pw2u_pw *pw)
{
  int e = errno;
  cstr(st, pw->user, pw->userlen);
  errno = e;
  if (e == ENOMEM) nomem();
  strerr_die(EXIT_PERM, FATAL, what, st->fn.s, ": ",
             e == EMSGSIZE ? "line too long for users/assign" : "cannot go into users/assign", NULL);
}

/* the lines of one account: its mailnames, else its own name */
static void account(struct pw2u *st, const struct pw2u_pw *pw)
{
  const char *v = constmap_get(&st->mailnames, pw->user, pw->userlen);
  st->out.len = 0;
  if (v) {
    const char *name;
    size_t pos = 0, len, namelen;
    len = str_len(v);
    while (pw2u_nextname(v, len, &pos, &name, &namelen))
      if (!pw2u_user(&st->out, &st->opt, name, namelen, pw)) die_assign(st, "mailnames of user ", pw);
  } else if (!pw2u_user(&st->out, &st->opt, pw->user, pw->userlen, pw))
    die_assign(st, "user ", pw);
  if (buf_put(buf_1, st->out.s, st->out.len) == -1) die_write();
  if (st->users.len > USERS_MAX)
    strerr_die(EXIT_TEMP, FATAL, "too many users to remember for subusers", NULL);
  if (!pw2u_remember(&st->users, pw)) die_assign(st, "user ", pw);
}

static void die_line(size_t n, const char *why) __attribute__((noreturn));
static void die_line(size_t n, const char *why)
{
  char num[FMT_ULONG];
  num[fmt_sizet(num, n)] = 0;
  strerr_die(EXIT_PERM, FATAL, "standard input line ", num, ": ", why, NULL);
}

/* every line of standard input */
static void passwd(struct pw2u *st)
{
  size_t n = 0;
  for (;;) {
    struct pw2u_pw pw;
    int match;
    ++n;
    if (getln(buf_0, &st->line, &match, '\n', PW2U_LINE_MAX + 1) == -1) {
      if (errno == EMSGSIZE) die_line(n, "line too long");
      strerr_die(EXIT_TEMP, FATAL, "unable to read standard input: ", STRERR_SYS, NULL);
    }
    if (!match && !st->line.len) return;
    if (match) --st->line.len;
    if (!pw2u_skip(st->line.s, st->line.len)) {
      if (!pw2u_parse(st->line.s, st->line.len, &pw)) die_line(n, "bad format");
      if (wanted(st, &pw)) account(st, &pw);
    }
    if (!match) return;
  }
}

/* the entries of ASSIGNDIR/subusers, for the accounts assigned above */
static void subusers(struct pw2u *st)
{
  stralloc list = STRALLOC_ZERO;
  constmap users;
  const char *sub, *user, *pre, *e, *v;
  size_t sublen, userlen, prelen, elen;
  struct pw2u_pw pw;
  int r = control_readfile(&list, path(st, "subusers"));
  if (r == -1) strerr_die(EXIT_TEMP, FATAL, "unable to read ", st->fn.s, ": ", STRERR_SYS, NULL);
  if (!r || !list.len) return;
  if (!constmap_init(&users, st->users.s, st->users.len, 1))
    strerr_die(EXIT_TEMP, FATAL, "unable to index the users: ", STRERR_SYS, NULL);
  for (e = list.s; e < list.s + list.len; e += elen + 1) {
    for (elen = 0; e[elen]; ++elen) {}
    if (!pw2u_subparse(e, elen, &sub, &sublen, &user, &userlen, &pre, &prelen))
      strerr_die(EXIT_PERM, FATAL, "bad line in ", path(st, "subusers"), ": ", e, NULL);
    v = constmap_get(&users, user, userlen);
    if (!v) strerr_die(EXIT_PERM, FATAL, "subusers: no such user: ", cstr(st, user, userlen), NULL);
    if (!pw2u_recall(v, &pw)) strerr_die(EXIT_BUG, FATAL, "bad record for ", v, NULL);
    st->out.len = 0;
    if (!pw2u_sub(&st->out, &st->opt, sub, sublen, pre, prelen, &pw)) {
      if (errno == ENOMEM) nomem();
      strerr_die(EXIT_PERM, FATAL, "subusers: bad entry: ", e, NULL);
    }
    if (buf_put(buf_1, st->out.s, st->out.len) == -1) die_write();
  }
  constmap_free(&users);
  stralloc_free(&list);
}

/* ASSIGNDIR/append, copied as it is (a final newline added when missing) */
static void append(struct pw2u *st)
{
  char space[8192];
  char last = '\n';
  int fd = open_read(path(st, "append"));
  if (fd == -1) {
    if (errno == ENOENT) return;
    strerr_die(EXIT_TEMP, FATAL, "unable to open ", st->fn.s, ": ", STRERR_SYS, NULL);
  }
  for (;;) {
    ssize_t r = read(fd, space, sizeof space);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1) strerr_die(EXIT_TEMP, FATAL, "unable to read ", st->fn.s, ": ", STRERR_SYS, NULL);
    if (r == 0) break;
    if (buf_put(buf_1, space, (size_t)r) == -1) die_write();
    last = space[r - 1];
  }
  close(fd);
  if (last != '\n' && buf_put(buf_1, "\n", 1) == -1) die_write();
}

static void options(struct pw2u *st, int argc, char **argv)
{
  int opt;
  st->opt.breakc = QGETPW_BREAK_DEFAULT;
  st->home = HOME_SKIP;
  opterr = 0;
  while ((opt = getopt(argc, argv, "/ohHuUCc:")) != -1) {
    switch (opt) {
    case '/': st->opt.slash = 1; break;
    case 'o': st->home = HOME_SKIP; break;
    case 'h': st->home = HOME_STOP; break;
    case 'H': st->home = HOME_NOCHECK; break;
    case 'u': st->upper = 1; break;
    case 'U': st->upper = 0; break;
    case 'C': st->opt.breakc = 0; break;
    case 'c':
      if (!optarg[0] || optarg[1] || optarg[0] == ':' || optarg[0] == '\n')
        strerr_die(EXIT_PERM, USAGE, NULL);
      st->opt.breakc = optarg[0];
      break;
    default: strerr_die(EXIT_PERM, USAGE, NULL);
    }
  }
  if (optind != argc) strerr_die(EXIT_PERM, USAGE, NULL);
}

int main(int argc, char **argv)
{
  static struct pw2u st;
  options(&st, argc, argv);
  if (paths_init(&st.ps) == -1)
    strerr_die(EXIT_TEMP, FATAL, "bad ", st.ps.bad ? st.ps.bad : "setting", ": ", STRERR_SYS, NULL);
  st.dir = paths_get(&st.ps, PATHS_ASSIGNDIR);
  st.hasinclude = load(&st, &st.include, &st.incs, "include", 0);
  load(&st, &st.exclude, &st.excs, "exclude", 0);
  load(&st, &st.mailnames, &st.mns, "mailnames", 1);
  passwd(&st);
  subusers(&st);
  append(&st);
  if (buf_putsflush(buf_1, ".\n") == -1) die_write();
  return EXIT_OK;
}
