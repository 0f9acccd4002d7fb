/* qlenv.c — Delivered-To, Return-Path and From_ lines, NEWSENDER, and the
 * environment of .qmail programs. */
#include "byte.h"
#include "case.h"
#include "dotqmail.h"
#include "mbox.h"
#include "qlenv.h"
#include "str.h"

/* append s[0..len) with every byte below ' ' and DEL replaced by repl */
static int cat_clean(stralloc *out, const char *s, size_t len, char repl)
{
  size_t at = out->len;
  if (!stralloc_catb(out, s, len)) return 0;
  for (size_t i = at; i < out->len; ++i) {
    unsigned char u = (unsigned char)out->s[i];
    if (u < ' ' || u == 0x7f) out->s[i] = repl;
  }
  return 1;
}

int qlenv_dtline(stralloc *out, const char *local, const char *host)
{
  out->len = 0;
  return stralloc_cats(out, "Delivered-To: ") && cat_clean(out, local, str_len(local), '_') &&
         stralloc_append(out, '@') && cat_clean(out, host, str_len(host), '_') &&
         stralloc_append(out, '\n');
}

static int is_atext(unsigned char u)
{
  if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')) return 1;
  if (u >= 0x80) return 1;   /* UTF-8 (RFC 6532) */
  return u && byte_chr("!#$%&'*+-/=?^_`{|}~", 19, u) < 19;
}

/* a dot-atom: atext runs separated by single dots */
static int is_dotatom(const char *s, size_t len)
{
  if (!len || s[0] == '.' || s[len - 1] == '.') return 0;
  for (size_t i = 0; i < len; ++i) {
    if (s[i] == '.') { if (s[i + 1] == '.') return 0; continue; }
    if (!is_atext((unsigned char)s[i])) return 0;
  }
  return 1;
}

/* append local part s[0..len), quoted when it is not a dot-atom */
static int cat_localpart(stralloc *out, const char *s, size_t len)
{
  if (is_dotatom(s, len)) return stralloc_catb(out, s, len);
  if (!stralloc_append(out, '"')) return 0;
  for (size_t i = 0; i < len; ++i) {
    if ((s[i] == '"' || s[i] == '\\') && !stralloc_append(out, '\\')) return 0;
    if (!stralloc_append(out, s[i])) return 0;
  }
  return stralloc_append(out, '"');
}

int qlenv_rpline(stralloc *out, const char *sender)
{
  stralloc q = STRALLOC_ZERO;
  size_t len = str_len(sender), at = str_rchr(sender, '@');
  int r;
  out->len = 0;
  if (!len) return stralloc_cats(out, "Return-Path: <>\n");
  r = cat_localpart(&q, sender, at) && stralloc_catb(&q, sender + at, len - at) &&
      stralloc_cats(out, "Return-Path: <") && cat_clean(out, q.s, q.len, '_') &&
      stralloc_cats(out, ">\n");
  stralloc_free(&q);
  return r;
}

int qlenv_ufline(stralloc *out, const char *sender, time_t now)
{
  return mbox_fromline(out, sender, str_len(sender), now);
}

int qlenv_newsender(stralloc *out, const char *sender, const char *local,
                    const char *host, int owner, int ownerdefault)
{
  if (!*sender || str_equal(sender, "#@[]") || !owner) return stralloc_copys(out, sender);
  return stralloc_copys(out, local) &&
         stralloc_cats(out, ownerdefault ? "-owner-@" : "-owner@") &&
         stralloc_cats(out, host) && (!ownerdefault || stralloc_cats(out, "-@[]"));
}

int qlenv_isdtline(const char *line, size_t len, const stralloc *dtline)
{
  static const char name[] = "delivered-to:";
  const size_t n = sizeof name - 1;
  if (len >= 2 && line[len - 2] == '\r' && line[len - 1] == '\n') {
    if (len - 1 != dtline->len) return 0;
    if (!byte_equal(line + n, len - 2 - n, dtline->s + n)) return 0;
  } else {
    if (len != dtline->len || !byte_equal(line + n, len - n, dtline->s + n)) return 0;
  }
  return case_startb(line, len, name);
}

/* set name to s[0..len) */
static int setb(env_builder *e, stralloc *tmp, const char *name, const char *s, size_t len)
{
  return stralloc_copyb(tmp, s, len) && stralloc_0(tmp) && env_set(e, name, tmp->s);
}

/* HOST2..HOST4: host cut at its last dot, then at the dot before, ... */
static int set_hosts(env_builder *e, stralloc *tmp, const char *host)
{
  static const char *const names[] = { "HOST2", "HOST3", "HOST4" };
  size_t n = str_len(host);
  for (int i = 0; i < 3; ++i) {
    n = byte_rchr(host, n, '.');
    if (!setb(e, tmp, names[i], host, n)) return 0;
  }
  return 1;
}

/* EXT2..EXT4: ext after its first '-', second '-', third '-' */
static int set_exts(env_builder *e, const char *ext)
{
  static const char *const names[] = { "EXT2", "EXT3", "EXT4" };
  const char *x = ext;
  for (int i = 0; i < 3; ++i) {
    x += str_chr(x, '-');
    if (*x) ++x;
    if (!env_set(e, names[i], x)) return 0;
  }
  return 1;
}

/* the three header lines, as values */
static int set_lines(env_builder *e, stralloc *tmp, const struct qlenv *v)
{
  return setb(e, tmp, "DTLINE", v->dtline->s, v->dtline->len) &&
         setb(e, tmp, "RPLINE", v->rpline->s, v->rpline->len) &&
         setb(e, tmp, "UFLINE", v->ufline->s, v->ufline->len);
}

int qlenv_build(env_builder *e, const struct qlenv *v)
{
  stralloc tmp = STRALLOC_ZERO;
  int r = env_set(e, "USER", v->user) && env_set(e, "HOME", v->home) &&
          env_set(e, "LOCAL", v->local) && env_set(e, "HOST", v->host) &&
          set_hosts(e, &tmp, v->host) &&
          stralloc_copys(&tmp, v->local) && stralloc_append(&tmp, '@') &&
          stralloc_cats(&tmp, v->host) && stralloc_0(&tmp) &&
          env_set(e, "RECIPIENT", tmp.s) &&
          env_set(e, "SENDER", v->sender) && env_set(e, "NEWSENDER", v->newsender) &&
          env_set(e, "EXT", v->ext) && set_exts(e, v->ext) &&
          (v->defat == DOTQMAIL_NODEFAULT || v->defat > str_len(v->ext)
               ? env_unset(e, "DEFAULT")
               : env_set(e, "DEFAULT", v->ext + v->defat)) &&
          set_lines(e, &tmp, v);
  stralloc_free(&tmp);
  return r;
}
