/* pw2u.c — passwd, subusers and mailnames lines into users/assign lines (pw2u.h). */
#include <errno.h>
#include <sys/types.h>

#include "byte.h"
#include "fmt.h"
#include "pw2u.h"
#include "str.h"

static int bad(void)
{
  errno = EINVAL;
  return 0;
}

int pw2u_parse(const char *s, size_t len, struct pw2u_pw *pw)
{
  const char *f[6];
  size_t fl[6], pos = 0;
  if (byte_chr(s, len, 0) < len) return bad();
  for (int i = 0; i < 6; ++i)
    if (!qgetpw_field(s, len, ':', &pos, &f[i], &fl[i])) return bad();
  if (!fl[0] || fl[0] > PW2U_NAME_MAX) return bad();
  if (!qgetpw_scanid(f[2], fl[2], &pw->uid) || !qgetpw_scanid(f[3], fl[3], &pw->gid)) return bad();
  pw->user = f[0];
  pw->userlen = fl[0];
  pw->home = f[5];
  pw->homelen = fl[5];
  return 1;
}

int pw2u_skip(const char *s, size_t len)
{
  return !len || s[0] == '#' || s[0] == '+' || s[0] == '-';
}

int pw2u_hasupper(const char *s, size_t n)
{
  for (size_t i = 0; i < n; ++i)
    if (s[i] >= 'A' && s[i] <= 'Z') return 1;
  return 0;
}

int pw2u_homeok(const struct pw2u_pw *pw)
{
  return pw->homelen && pw->home[0] == '/' && byte_chr(pw->home, pw->homelen, 0) == pw->homelen;
}

/* a name that can be the local part of an assign line */
static int nameok(const char *s, size_t n)
{
  return n && n <= PW2U_NAME_MAX && byte_chr(s, n, ':') == n && byte_chr(s, n, '\n') == n &&
         byte_chr(s, n, 0) == n;
}

/* a field between colons: no colon, newline or NUL */
static int fieldok(const char *s, size_t n)
{
  return byte_chr(s, n, ':') == n && byte_chr(s, n, '\n') == n && byte_chr(s, n, 0) == n;
}

/* one assign line: kind name [breakc] ":" user ":" uid ":" gid ":" home
 * ":" dash ":" pre [prebreak] ":\n", appended to out; out is unchanged on
 * failure */
struct line {
  char kind, breakc, prebreak;
  const char *name, *dash, *pre;
  size_t namelen, prelen;
};

static int put_line(stralloc *out, const struct line *l, const struct pw2u_pw *pw)
{
  char num[FMT_ULONG];
  size_t start = out->len;
  if (!stralloc_append(out, l->kind) || !stralloc_catb(out, l->name, l->namelen) ||
      (l->breakc && !stralloc_append(out, l->breakc)) || !stralloc_append(out, ':') ||
      !stralloc_catb(out, pw->user, pw->userlen) || !stralloc_append(out, ':') ||
      !stralloc_catb(out, num, fmt_ulong(num, pw->uid)) || !stralloc_append(out, ':') ||
      !stralloc_catb(out, num, fmt_ulong(num, pw->gid)) || !stralloc_append(out, ':') ||
      !stralloc_catb(out, pw->home, pw->homelen) || !stralloc_append(out, ':') ||
      !stralloc_cats(out, l->dash) || !stralloc_append(out, ':') ||
      !stralloc_catb(out, l->pre, l->prelen) ||
      (l->prebreak && !stralloc_append(out, l->prebreak)) || !stralloc_cats(out, ":\n"))
    goto fail;
  if (out->len - start - 1 > QGETPW_LINE_MAX) {
    errno = EMSGSIZE;
    goto fail;
  }
  return 1;
fail:
  stralloc_trunc(out, start);
  return 0;
}

/* the account fields that every line needs */
static int pwok(const struct pw2u_pw *pw)
{
  return nameok(pw->user, pw->userlen) && pw2u_homeok(pw) && fieldok(pw->home, pw->homelen);
}

int pw2u_user(stralloc *out, const struct pw2u_opt *opt, const char *name, size_t namelen,
              const struct pw2u_pw *pw)
{
  struct line l = { '=', 0, 0, name, "", "", namelen, 0 };
  size_t start = out->len;
  if (!nameok(name, namelen) || !pwok(pw)) return bad();
  if (!put_line(out, &l, pw)) return 0;
  if (!opt->breakc) return 1;
  l.kind = '+';
  l.breakc = opt->breakc;
  l.dash = opt->slash ? "-/" : "-";
  if (put_line(out, &l, pw)) return 1;
  stralloc_trunc(out, start);
  return 0;
}

int pw2u_sub(stralloc *out, const struct pw2u_opt *opt, const char *sub, size_t sublen,
             const char *pre, size_t prelen, const struct pw2u_pw *pw)
{
  struct line l = { '=', 0, 0, sub, opt->slash ? "-/" : "-", pre, sublen, prelen };
  size_t start = out->len;
  if (!nameok(sub, sublen) || !fieldok(pre, prelen) || !pwok(pw)) return bad();
  if (!put_line(out, &l, pw)) return 0;
  if (!opt->breakc) return 1;
  l.kind = '+';
  l.breakc = opt->breakc;
  l.prebreak = '-';
  if (put_line(out, &l, pw)) return 1;
  stralloc_trunc(out, start);
  return 0;
}

int pw2u_subparse(const char *s, size_t len, const char **sub, size_t *sublen,
                  const char **user, size_t *userlen, const char **pre, size_t *prelen)
{
  size_t pos = 0;
  if (byte_chr(s, len, 0) < len) return bad();
  if (!qgetpw_field(s, len, ':', &pos, sub, sublen) ||
      !qgetpw_field(s, len, ':', &pos, user, userlen) ||
      !qgetpw_field(s, len, ':', &pos, pre, prelen))
    return bad();
  if (!*sublen || !*userlen) return bad();
  return 1;
}

int pw2u_nextname(const char *s, size_t len, size_t *pos, const char **name, size_t *namelen)
{
  while (*pos < len) {
    size_t k = byte_chr(s + *pos, len - *pos, ':');
    const char *n = s + *pos;
    *pos += k < len - *pos ? k + 1 : k;
    if (k) {
      *name = n;
      *namelen = k;
      return 1;
    }
  }
  return 0;
}

int pw2u_remember(stralloc *sa, const struct pw2u_pw *pw)
{
  char num[FMT_ULONG];
  size_t start = sa->len;
  if (!nameok(pw->user, pw->userlen) || !fieldok(pw->home, pw->homelen)) return bad();
  if (stralloc_catb(sa, pw->user, pw->userlen) && stralloc_append(sa, ':') &&
      stralloc_catb(sa, pw->user, pw->userlen) && stralloc_append(sa, ':') &&
      stralloc_catb(sa, num, fmt_ulong(num, pw->uid)) && stralloc_append(sa, ':') &&
      stralloc_catb(sa, num, fmt_ulong(num, pw->gid)) && stralloc_append(sa, ':') &&
      stralloc_catb(sa, pw->home, pw->homelen) && stralloc_0(sa))
    return 1;
  stralloc_trunc(sa, start);
  return 0;
}

int pw2u_recall(const char *v, struct pw2u_pw *pw)
{
  size_t len = str_len(v), pos = 0, fl[3];
  const char *f[3];
  for (int i = 0; i < 3; ++i)
    if (!qgetpw_field(v, len, ':', &pos, &f[i], &fl[i])) return bad();
  if (!fl[0] || !qgetpw_scanid(f[1], fl[1], &pw->uid) || !qgetpw_scanid(f[2], fl[2], &pw->gid)) return bad();
  pw->user = f[0];
  pw->userlen = fl[0];
  pw->home = v + pos;
  pw->homelen = len - pos;
  return 1;
}
