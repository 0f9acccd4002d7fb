/* qgetpw.c — the user of a local address: users/cdb, password database, alias (qgetpw.h). */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "byte.h"
#include "case.h"
#include "cdb.h"
#include "cdb_make.h"
#include "fmt.h"
#include "fsync.h"
#include "open.h"
#include "qgetpw.h"
#include "scan.h"
#include "str.h"
#include "strerr.h"
#include "users.h"

/* set: sa = s[0..n) as a C string whose NUL is not counted in len */
static int set(stralloc *sa, const char *s, size_t n)
{
  if (!stralloc_copyb(sa, s, n) || !stralloc_0(sa)) return 0;
  --sa->len;
  return 1;
}

/* cat: append s[0..n) to a string set() made, keeping it a C string */
static int cat(stralloc *sa, const char *s, size_t n)
{
  if (!stralloc_catb(sa, s, n) || !stralloc_0(sa)) return 0;
  --sa->len;
  return 1;
}

int qgetpw_scanid(const char *s, size_t n, unsigned long *out)
{
  unsigned long u;
  if (!n || scan_ulong(s, n, &u) != n) return 0;
  if (u >= (unsigned long)(uid_t)-1 || u >= (unsigned long)(gid_t)-1) return 0;
  *out = u;
  return 1;
}

int qgetpw_field(const char *s, size_t len, char sep, size_t *pos, const char **f, size_t *fl)
{
  size_t k = byte_chr(s + *pos, len - *pos, sep);
  if (*pos + k == len) return 0;
  *f = s + *pos;
  *fl = k;
  *pos += k + 1;
  return 1;
}

static int check_local(const char *local, size_t len)
{
  if (len > QGETPW_LOCAL_MAX || byte_chr(local, len, 0) < len) {
    errno = EINVAL;
    return 0;
  }
  return 1;
}

/* split a users/cdb value into its six fields and fill out; the sixth
 * field gets rest[0..restlen) appended. 1, or 0 with EPROTO/ENOMEM. */
static int cdb_value(const char *d, size_t n, const char *rest, size_t restlen, struct qgetpw *out)
{
  const char *f[6];
  size_t fl[6], pos = 0;
  unsigned long uid, gid;
  for (int i = 0; i < 5; ++i)
    if (!qgetpw_field(d, n, 0, &pos, &f[i], &fl[i])) { errno = EPROTO; return 0; }
  f[5] = d + pos;
  fl[5] = byte_chr(d + pos, n - pos, 0);
  if (!fl[0] || !qgetpw_scanid(f[1], fl[1], &uid) || !qgetpw_scanid(f[2], fl[2], &gid)) {
    errno = EPROTO;
    return 0;
  }
  if (!set(&out->user, f[0], fl[0]) || !set(&out->home, f[3], fl[3]) ||
      !set(&out->dash, f[4], fl[4]) || !set(&out->ext, f[5], fl[5]) ||
      !cat(&out->ext, rest, restlen))
    return 0;
  out->uid = (uid_t)uid;
  out->gid = (gid_t)gid;
  return 1;
}

/* the value of the record cdb_find found last, at most QGETPW_DATA_MAX */
static int cdb_data(struct cdb *c, stralloc *v)
{
  uint32_t n = cdb_datalen(c);
  if (n > QGETPW_DATA_MAX) { errno = EPROTO; return 0; }
  if (!stralloc_ready(v, n ? n : 1)) return 0;
  if (cdb_read(c, v->s, n, cdb_datapos(c)) == -1) return 0;
  v->len = n;
  return 1;
}

/* the lookups of step 1 on an open cdb; 1, 0 or -1 */
static int cdb_search(struct cdb *c, const char *local, size_t len, stralloc *key,
                      stralloc *v, struct qgetpw *out)
{
  char wild[QGETPW_DATA_MAX];
  size_t nwild = 0;
  int r;
  if (!stralloc_copys(key, "!") || !stralloc_catb(key, local, len) || !stralloc_0(key)) return -1;
  case_lowerb(key->s, key->len);
  r = cdb_find(c, key->s, key->len);
  if (r == -1) return -1;
  if (r == 1) {
    if (!cdb_data(c, v) || !cdb_value(v->s, v->len, "", 0, out)) return -1;
    out->source = QGETPW_EXACT;
    return 1;
  }
  r = cdb_find(c, "", 0);
  if (r == -1) return -1;
  if (r == 1) {
    if (!cdb_data(c, v)) return -1;
    nwild = v->len;
    byte_copy(wild, nwild, v->s);
  }
  for (size_t p = len + 1;; --p) {
    /* key->s[0..p) is "!" and the first p - 1 bytes of local */
    if (p == 1 || byte_chr(wild, nwild, key->s[p - 1]) < nwild) {
      r = cdb_find(c, key->s, p);
      if (r == -1) return -1;
      if (r == 1) {
        if (!cdb_data(c, v) || !cdb_value(v->s, v->len, local + p - 1, len - (p - 1), out))
          return -1;
        out->source = QGETPW_WILD;
        return 1;
      }
    }
    if (p == 1) return 0;
  }
}

int qgetpw_cdb(const char *path, const char *local, size_t len, struct qgetpw *out)
{
  stralloc key = STRALLOC_ZERO, v = STRALLOC_ZERO;
  struct cdb c;
  int fd, r, e;
  out->what = "users/cdb";
  if (!check_local(local, len)) return -1;
  fd = open_read(path);
  if (fd == -1) return errno == ENOENT ? 0 : -1;
  if (cdb_init(&c, fd) == -1) {
    e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  r = cdb_search(&c, local, len, &key, &v, out);
  e = errno;
  cdb_free(&c);
  close(fd);
  stralloc_free(&key);
  stralloc_free(&v);
  errno = e;
  return r;
}

/* errno values after getpwnam(3) or stat(2) that only mean "not there" */
static int notthere(int e)
{
  return e == 0 || e == ENOENT || e == ESRCH || e == EBADF || e == EPERM ||
         e == ENOTDIR || e == EACCES || e == ELOOP || e == ENAMETOOLONG;
}

/* whether account pw qualifies under qmail-getpw's rules: 1, 0, or -1 */
static int pw_isuser(const struct passwd *pw, struct qgetpw *out)
{
  struct stat st;
  if (!pw->pw_uid || !pw->pw_dir || pw->pw_dir[0] != '/') return 0;
  if (stat(pw->pw_dir, &st) == -1) {
    if (notthere(errno)) return 0;
    out->what = "the home directory";
    return -1;
  }
  if (!S_ISDIR(st.st_mode) || st.st_uid != pw->pw_uid || (st.st_mode & 022)) return 0;
  return 1;
}

/* fill out from an account: name, ids, home; dash; ext[0..extlen) */
static int fill(struct qgetpw *out, const char *name, uid_t uid, gid_t gid, const char *home,
                const char *dash, const char *ext, size_t extlen, enum qgetpw_source src)
{
  if (!set(&out->user, name, str_len(name)) || !set(&out->home, home, str_len(home)) ||
      !set(&out->dash, dash, str_len(dash)) || !set(&out->ext, ext, extlen))
    return 0;
  out->uid = uid;
  out->gid = gid;
  out->source = src;
  return 1;
}

int qgetpw_passwd(const struct qgetpw_ctl *ctl, const char *local, size_t len, struct qgetpw *out)
{
  qgetpw_getpwnam_fn get = ctl->getpwnam ? ctl->getpwnam : getpwnam;
  char name[QGETPW_USERNAME_MAX + 1];
  out->what = "the password database";
  if (!check_local(local, len)) return -1;
  for (size_t e = len; e > 0; --e) {
    struct passwd *pw;
    int r;
    if (e < len && local[e] != ctl->breakc) continue;
    if (e > QGETPW_USERNAME_MAX) continue;
    byte_copy(name, e, local);
    name[e] = 0;
    case_lowerb(name, e);
    errno = 0;
    pw = get(name);
    if (!pw) {
      if (notthere(errno)) continue;
      return -1;
    }
    r = pw_isuser(pw, out);
    if (r == -1) return -1;
    if (r == 0) continue;
    if (e == len)
      r = fill(out, pw->pw_name, pw->pw_uid, pw->pw_gid, pw->pw_dir, "", "", 0, QGETPW_PASSWD);
    else
      r = fill(out, pw->pw_name, pw->pw_uid, pw->pw_gid, pw->pw_dir, "-", local + e + 1,
               len - e - 1, QGETPW_PASSWD);
    return r ? 1 : -1;
  }
  return 0;
}

/* step 3 */
static int alias(const struct qgetpw_ctl *ctl, const char *local, size_t len, struct qgetpw *out)
{
  qgetpw_getpwnam_fn get = ctl->getpwnam ? ctl->getpwnam : getpwnam;
  struct passwd *pw;
  int r;
  out->what = "the password database";
  if (!ctl->alias || !*ctl->alias) return 0;
  if (ctl->aliashome)
    r = fill(out, ctl->alias, getuid(), getgid(), ctl->aliashome, "-", local, len, QGETPW_ALIAS);
  else {
    errno = 0;
    pw = get(ctl->alias);
    if (!pw) return notthere(errno) ? 0 : -1;
    if (!pw->pw_dir || !pw->pw_name) return 0;
    r = fill(out, pw->pw_name, pw->pw_uid, pw->pw_gid, pw->pw_dir, "-", local, len, QGETPW_ALIAS);
  }
  return r ? 1 : -1;
}

int qgetpw_ctl_init(struct qgetpw_ctl *ctl, const struct paths *ps, stralloc *cdb,
                    stralloc *aliashome)
{
  if (!stralloc_copys(cdb, paths_get(ps, PATHS_ASSIGNDIR)) || !stralloc_cats(cdb, "/cdb") ||
      !stralloc_0(cdb) || !stralloc_copys(aliashome, paths_get(ps, PATHS_QMAILHOME)) ||
      !stralloc_cats(aliashome, "/alias") || !stralloc_0(aliashome))
    return 0;
  ctl->cdb = cdb->s;
  ctl->alias = users_name(USERS_ALIAS);
  ctl->aliashome = geteuid() == 0 ? 0 : aliashome->s;
  ctl->breakc = QGETPW_BREAK_DEFAULT;
  ctl->getpwnam = 0;
  return 1;
}

int qgetpw_lookup(const struct qgetpw_ctl *ctl, const char *local, size_t len, struct qgetpw *out)
{
  int r;
  out->source = QGETPW_NONE;
  out->what = 0;
  if (!check_local(local, len)) return -1;
  if (ctl->cdb) {
    r = qgetpw_cdb(ctl->cdb, local, len, out);
    if (r != 0) return r;
  }
  r = qgetpw_passwd(ctl, local, len, out);
  if (r != 0) return r;
  return alias(ctl, local, len, out);
}

void qgetpw_free(struct qgetpw *out)
{
  stralloc_free(&out->user);
  stralloc_free(&out->home);
  stralloc_free(&out->dash);
  stralloc_free(&out->ext);
}

/* ---- users/assign ---- */

struct assign_state {
  stralloc key, data;
  char wild[256];
  unsigned char seen[256];
  size_t nwild;
};

/* one assignment line l[0..n) (no newline) into st->key and st->data;
 * 1, or 0 with errno */
static int assign_line(struct assign_state *st, const char *l, size_t n)
{
  const char *f[6];
  size_t fl[6], c, pos;
  unsigned long id;
  if (!n || (l[0] != '=' && l[0] != '+') || byte_chr(l, n, 0) < n) goto bad;
  c = byte_chr(l, n, ':');
  if (c == n || c - 1 > QGETPW_LOCAL_MAX) goto bad;
  pos = c + 1;
  for (int i = 0; i < 6; ++i)
    if (!qgetpw_field(l, n, ':', &pos, &f[i], &fl[i])) goto bad;
  if (!fl[0] || !qgetpw_scanid(f[1], fl[1], &id) || !qgetpw_scanid(f[2], fl[2], &id) || !fl[3] || f[3][0] != '/')
    goto bad;
  if (!stralloc_copys(&st->key, "!") || !stralloc_catb(&st->key, l + 1, c - 1)) return 0;
  if (l[0] == '=' && !stralloc_0(&st->key)) return 0;
  case_lowerb(st->key.s, st->key.len);
  if (l[0] == '+' && c > 1) {
    unsigned char w = (unsigned char)st->key.s[st->key.len - 1];
    if (!st->seen[w]) { st->seen[w] = 1; st->wild[st->nwild++] = (char)w; }
  }
  if (!stralloc_copyb(&st->data, f[0], fl[0])) return 0;
  for (int i = 1; i < 6; ++i)
    if (!stralloc_append(&st->data, 0) || !stralloc_catb(&st->data, f[i], fl[i])) return 0;
  return 1;
bad:
  errno = EINVAL;
  return 0;
}

/* the loop of qgetpw_assign_parse; st is the caller's */
static int assign_lines(struct assign_state *st, const char *s, size_t len, qgetpw_assign_fn fn,
                        void *ctx, size_t *errline)
{
  size_t pos = 0, line = 0;
  for (;;) {
    size_t n = byte_chr(s + pos, len - pos, '\n');
    ++line;
    if (errline) *errline = line;
    if (n && s[pos] == '.') break;
    if (pos + n == len) { errno = EINVAL; return 0; }    /* no final dot */
    if (n > QGETPW_LINE_MAX) { errno = EMSGSIZE; return 0; }
    if (!assign_line(st, s + pos, n)) return 0;
    if (errline) *errline = 0;
    if (!fn(ctx, st->key.s, st->key.len, st->data.s, st->data.len)) return 0;
    pos += n + 1;
  }
  if (errline) *errline = 0;
  return fn(ctx, "", 0, st->wild, st->nwild);
}

int qgetpw_assign_parse(const char *s, size_t len, qgetpw_assign_fn fn, void *ctx, size_t *errline)
{
  struct assign_state st;
  int r, e;
  byte_zero(&st, sizeof st);
  r = assign_lines(&st, s, len, fn, ctx, errline);
  e = errno;
  stralloc_free(&st.key);
  stralloc_free(&st.data);
  errno = e;
  return r;
}

static int add_record(void *ctx, const char *key, size_t keylen, const char *data, size_t datalen)
{
  return cdb_make_add(ctx, key, keylen, data, datalen) == 0;
}

int qgetpw_assign_cdb(const char *s, size_t len, int fd, size_t *errline)
{
  struct cdb_make cm;
  int e;
  if (cdb_make_start(&cm, fd) == -1) return 0;
  if (!qgetpw_assign_parse(s, len, add_record, &cm, errline)) {
    e = errno;
    cdb_make_free(&cm);
    errno = e;
    return 0;
  }
  return cdb_make_finish(&cm) == 0;
}

/* read the whole file path into sa, at most QGETPW_ASSIGN_MAX bytes */
static int slurp(const char *path, stralloc *sa)
{
  int fd = open_read(path), e;
  if (fd == -1) return 0;
  sa->len = 0;
  for (;;) {
    ssize_t r;
    if (sa->len >= QGETPW_ASSIGN_MAX) { errno = EFBIG; break; }
    if (!stralloc_readyplus(sa, 65536)) break;
    r = read(fd, sa->s + sa->len, 65536);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1) break;
    if (r == 0) { close(fd); return 1; }
    sa->len += (size_t)r;
  }
  e = errno;
  close(fd);
  errno = e;
  return 0;
}

static int newu_fail(stralloc *err, const char *what, const char *path, size_t line)
{
  char num[FMT_ULONG];
  int e = errno;
  if (!stralloc_copys(err, what) || !stralloc_cats(err, path)) goto out;
  if (line && (!stralloc_cats(err, " line ") || !stralloc_catb(err, num, fmt_sizet(num, line))))
    goto out;
  if (!stralloc_cats(err, ": ")) goto out;
  if (!stralloc_cats(err, error_str(e))) goto out;
out:
  errno = e;
  return 0;
}

/* newu's writing half: text into tmp, then renamed to final */
static int newu_write(const stralloc *text, const char *tmp, const char *final,
                      const char *assign, stralloc *err)
{
  size_t line = 0;
  int fd = open_trunc_mode(tmp, 0644), e;
  if (fd == -1) return newu_fail(err, "unable to create ", tmp, 0);
  if (fchmod(fd, 0644) == -1) goto werr;
  if (!qgetpw_assign_cdb(text->s, text->len, fd, &line)) {
    e = errno;
    close(fd);
    unlink(tmp);
    errno = e;
    if (line) return newu_fail(err, "bad format in ", assign, line);
    return newu_fail(err, "unable to write ", tmp, 0);
  }
  if (fsync_fd(fd) == -1) goto werr;
  if (close(fd) == -1) { fd = -1; goto werr; }
  if (fsync_rename(tmp, final) == -1) {
    e = errno;
    unlink(tmp);
    errno = e;
    return newu_fail(err, "unable to move it to ", final, 0);
  }
  return 1;
werr:
  e = errno;
  if (fd != -1) close(fd);
  unlink(tmp);
  errno = e;
  return newu_fail(err, "unable to write ", tmp, 0);
}

int qgetpw_newu(const char *assigndir, stralloc *err)
{
  stralloc assign = STRALLOC_ZERO, tmp = STRALLOC_ZERO, final = STRALLOC_ZERO, text = STRALLOC_ZERO;
  int r = 0, e;
  if (!stralloc_copys(&assign, assigndir) || !stralloc_cats(&assign, "/assign") || !stralloc_0(&assign) ||
      !stralloc_copys(&tmp, assigndir) || !stralloc_cats(&tmp, "/cdb.tmp") || !stralloc_0(&tmp) ||
      !stralloc_copys(&final, assigndir) || !stralloc_cats(&final, "/cdb") || !stralloc_0(&final)) {
    newu_fail(err, "out of memory in ", assigndir, 0);
    goto done;
  }
  if (!slurp(assign.s, &text)) {
    newu_fail(err, "unable to read ", assign.s, 0);
    goto done;
  }
  r = newu_write(&text, tmp.s, final.s, assign.s, err);
done:
  e = errno;
  stralloc_free(&assign);
  stralloc_free(&tmp);
  stralloc_free(&final);
  stralloc_free(&text);
  errno = e;
  return r;
}
