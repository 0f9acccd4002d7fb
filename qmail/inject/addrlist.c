/* addrlist.c — address lists of header fields: tokens, parsing, rewriting. */
#include "addrlist.h"

#include <errno.h>
#include <string.h>

#include "genalloc.h"

enum al_type { AL_ATOM, AL_QSTR, AL_LIT, AL_COMMENT, AL_SPECIAL };
struct al_token { enum al_type type; size_t pos; size_t len; };
GENALLOC_DECLARE(al_tokens, struct al_token)

/* the parse of one value: its tokens, where the parser is, what it built */
struct al_state {
  const char *s;
  size_t len;
  al_tokens t;
  size_t i;                 /* the next token to read */
  size_t copied;            /* s[0..copied) is in out->text already */
  const struct addrlist_hosts *h;
  struct addrlist *out;
  stralloc local;           /* the last address spec: its local part, */
  stralloc domain;          /* its domain as written ("" for none), */
  stralloc host;            /* its canonical host, */
  stralloc comments;        /* the comments inside it, */
  stralloc form;            /* and its header form */
};

/* the token indexes an address spec covers */
struct al_span { size_t first, last; };

static int al_isspace(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static int al_isctl(unsigned char c) { return (c < 32 && !al_isspace(c)) || c == 127; }
static int al_isspecial(unsigned char c) { return c && strchr("()<>@,;:\".[]", c) != 0; }
static int al_atext(unsigned char c) { return c >= 128 || (c > 32 && c < 127 && !al_isspecial(c) && c != '\\'); }

static int al_fail(struct al_state *p, enum addrlist_err e)
{
  p->out->err = e;
  errno = e == ADDRLIST_ELONG || e == ADDRLIST_ETEXT ? EMSGSIZE : EINVAL;
  return 0;
}

/* scan a delimited token opened at s[*i] up to its closing byte (comments
 * nest); 1 and *i past it, 0 unterminated, -1 a control character */
static int al_scan(const struct al_state *p, size_t *i, char close, int nest)
{
  char open = p->s[*i];
  size_t depth = 0, k = *i + 1;
  while (k < p->len) {
    unsigned char c = (unsigned char)p->s[k];
    if (al_isctl(c)) return -1;
    if (c == '\\') {
      if (k + 1 >= p->len) return 0;
      if (al_isctl((unsigned char)p->s[k + 1])) return -1;
      k += 2;
      continue;
    }
    ++k;
    if (nest && c == (unsigned char)open) ++depth;
    else if (c == (unsigned char)close) {
      if (!depth) { *i = k; return 1; }
      --depth;
    }
  }
  return 0;
}

/* the end of an atom starting at s[i]; 0 and *e for a control character
 * after a backslash, or a backslash that ends the input (it escapes
 * nothing) */
static size_t al_atomend(const struct al_state *p, size_t i, enum addrlist_err *e)
{
  while (i < p->len) {
    unsigned char c = (unsigned char)p->s[i];
    if (c == '\\') {
      if (i + 1 >= p->len) { *e = ADDRLIST_EUNEXPECTED; return 0; }
      if (al_isctl((unsigned char)p->s[i + 1])) { *e = ADDRLIST_ECTRL; return 0; }
      i += 2;
      continue;
    }
    if (al_isspace(c) || al_isspecial(c) || al_isctl(c)) break;
    ++i;
  }
  return i;
}

static int al_tokenize(struct al_state *p)
{
  size_t i = 0;
  while (i < p->len) {
    unsigned char c = (unsigned char)p->s[i];
    struct al_token t;
    if (al_isspace(c)) { ++i; continue; }
    if (al_isctl(c)) return al_fail(p, ADDRLIST_ECTRL);
    if (c == ')') return al_fail(p, ADDRLIST_ECOMMENT);
    if (c == ']') return al_fail(p, ADDRLIST_ELITERAL);
    t.pos = i;
    if (c == '(' || c == '"' || c == '[') {
      int r = al_scan(p, &i, c == '(' ? ')' : c == '"' ? '"' : ']', c == '(');
      if (r == -1) return al_fail(p, ADDRLIST_ECTRL);
      if (r == 0)
        return al_fail(p, c == '(' ? ADDRLIST_ECOMMENT : c == '"' ? ADDRLIST_EQUOTE : ADDRLIST_ELITERAL);
      t.type = c == '(' ? AL_COMMENT : c == '"' ? AL_QSTR : AL_LIT;
    } else if (al_isspecial(c)) {
      t.type = AL_SPECIAL;
      ++i;
    } else {
      enum addrlist_err e = ADDRLIST_OK;
      t.type = AL_ATOM;
      i = al_atomend(p, i, &e);
      if (!i) return al_fail(p, e);
    }
    t.len = i - t.pos;
    if (!al_tokens_append(&p->t, t)) return 0;
  }
  return 1;
}

static const struct al_token *al_tok(const struct al_state *p, size_t k)
{
  return k < p->t.len ? &p->t.items[k] : 0;
}

static int al_is(const struct al_state *p, size_t k, char c)
{
  const struct al_token *t = al_tok(p, k);
  return t && t->type == AL_SPECIAL && p->s[t->pos] == c;
}

static int al_isword(const struct al_state *p, size_t k)
{
  const struct al_token *t = al_tok(p, k);
  return t && (t->type == AL_ATOM || t->type == AL_QSTR);
}

/* the first token from k that is not a comment */
static size_t al_skipc(const struct al_state *p, size_t k)
{
  while (k < p->t.len && p->t.items[k].type == AL_COMMENT) ++k;
  return k;
}

static size_t al_end(const struct al_state *p, size_t k)
{
  return p->t.items[k].pos + p->t.items[k].len;
}

/* append the bytes of a token as they mean: a backslash takes the next
 * byte literally; the CR and LF of folds go */
static int al_raw(stralloc *out, const char *s, size_t len)
{
  size_t k;
  for (k = 0; k < len; ++k) {
    char c = s[k];
    if (c == '\\' && k + 1 < len) c = s[++k];
    if (c == '\r' || c == '\n') continue;
    if (!stralloc_append(out, c)) return 0;
  }
  return 1;
}

/* append the bytes of a domain token as they are written, without the
 * CR and LF of folds (and a backslash before one): a backslash stays, so
 * that the domain reads the same when it is parsed again */
static int al_domraw(stralloc *out, const char *s, size_t len)
{
  size_t k;
  for (k = 0; k < len; ++k) {
    if (s[k] == '\\' && k + 1 < len) {
      ++k;
      if (s[k] == '\r' || s[k] == '\n') continue;
      if (!stralloc_append(out, '\\')) return 0;
    } else if (s[k] == '\r' || s[k] == '\n') continue;
    if (!stralloc_append(out, s[k])) return 0;
  }
  return 1;
}

/* copy the input up to from, then x[0..n), and go on from to */
static int al_emit(struct al_state *p, size_t from, size_t to, const char *x, size_t n)
{
  if (!stralloc_catb(&p->out->text, p->s + p->copied, from - p->copied)) return 0;
  if (!stralloc_catb(&p->out->text, x, n)) return 0;
  p->copied = to;
  return 1;
}

/* read the address spec at token k (a word or a dot) into p->local and
 * p->domain; sp gets the tokens it covers */
static int al_addrspec(struct al_state *p, size_t k, struct al_span *sp)
{
  int prev = 0;   /* the last part read was a word (local) or an atom (domain) */
  size_t j;
  p->local.len = p->domain.len = 0;
  sp->first = sp->last = k;
  for (;; k = j + 1) {
    const struct al_token *t = al_tok(p, j = al_skipc(p, k));
    if (!t) break;
    if (t->type == AL_ATOM || t->type == AL_QSTR) {
      if (prev) break;
      if (t->type == AL_ATOM ? !al_raw(&p->local, p->s + t->pos, t->len)
                             : !al_raw(&p->local, p->s + t->pos + 1, t->len - 2)) return 0;
      prev = 1;
    } else if (al_is(p, j, '.')) {
      if (!stralloc_append(&p->local, '.')) return 0;
      prev = 0;
    } else break;
    sp->last = j;
  }
  if (!p->local.len) return al_fail(p, ADDRLIST_EEMPTY);
  j = al_skipc(p, sp->last + 1);
  if (!al_is(p, j, '@')) return 1;
  sp->last = j;
  prev = 0;
  for (k = j + 1;; k = j + 1) {
    const struct al_token *t = al_tok(p, j = al_skipc(p, k));
    if (!t) break;
    if (t->type == AL_ATOM || t->type == AL_LIT) {
      if (prev) break;
      if (!al_domraw(&p->domain, p->s + t->pos, t->len)) return 0;
      prev = 1;
    } else if (al_is(p, j, '.')) {
      if (!stralloc_append(&p->domain, '.')) return 0;
      prev = 0;
    } else break;
    sp->last = j;
  }
  if (!p->domain.len) return al_fail(p, ADDRLIST_EEMPTY);
  return 1;
}

/* the comments among tokens first..last, separated by spaces */
static int al_comments(struct al_state *p, size_t first, size_t last)
{
  size_t k;
  p->comments.len = 0;
  for (k = first; k <= last; ++k) {
    const struct al_token *t = &p->t.items[k];
    if (t->type != AL_COMMENT) continue;
    if (p->comments.len && !stralloc_append(&p->comments, ' ')) return 0;
    if (!stralloc_catb(&p->comments, p->s + t->pos, t->len)) return 0;
  }
  return 1;
}

/* the spec read last: its header form in p->form, with open and close
 * around it and its comments after; its envelope form added to the list */
static int al_finish(struct al_state *p, const char *open, const char *close)
{
  struct addrlist *out = p->out;
  size_t n;
  p->host.len = 0;
  if (p->domain.len) {
    if (!addrlist_host(&p->host, p->domain.s, p->domain.len, p->h))
      return errno == EINVAL ? al_fail(p, ADDRLIST_EEMPTY) : 0;
  } else if (!stralloc_cats(&p->host, p->h->defaulthost ? p->h->defaulthost : "")) return 0;
  if (!p->host.len) return al_fail(p, ADDRLIST_EEMPTY);
  if (__builtin_add_overflow(p->local.len, p->host.len, &n) || n >= ADDRLIST_ADDR_MAX)
    return al_fail(p, ADDRLIST_ELONG);
  if (!stralloc_cat(&out->addrs, &p->local) || !stralloc_append(&out->addrs, '@') ||
      !stralloc_cat(&out->addrs, &p->host) || !stralloc_0(&out->addrs)) return 0;
  ++out->count;
  if (!stralloc_copys(&p->form, open) || !addrlist_quotelocal(&p->form, p->local.s, p->local.len) ||
      !stralloc_append(&p->form, '@') || !stralloc_cat(&p->form, &p->host) ||
      !stralloc_cats(&p->form, close)) return 0;
  if (p->comments.len)
    if (!stralloc_append(&p->form, ' ') || !stralloc_cat(&p->form, &p->comments)) return 0;
  return 1;
}

/* "<" at token j: a null address, or [route ":"] addrspec ">" */
static int al_angle(struct al_state *p, size_t j)
{
  struct al_span sp;
  size_t k = al_skipc(p, j + 1), e;
  if (al_is(p, k, '>')) {
    if (!stralloc_0(&p->out->addrs)) return 0;
    ++p->out->count;
    p->i = k + 1;
    return 1;
  }
  if (al_is(p, k, '@')) {
    while (k < p->t.len && !al_is(p, k, ':')) {
      if (al_is(p, k, '<') || al_is(p, k, '>')) return al_fail(p, ADDRLIST_EANGLE);
      ++k;
    }
    k = al_skipc(p, k + 1);
  }
  if (!al_isword(p, k) && !al_is(p, k, '.')) return al_fail(p, ADDRLIST_EANGLE);
  if (!al_addrspec(p, k, &sp)) return 0;
  e = al_skipc(p, sp.last + 1);
  if (!al_is(p, e, '>')) return al_fail(p, ADDRLIST_EANGLE);
  if (!al_comments(p, j, e) || !al_finish(p, "<", ">")) return 0;
  if (!al_emit(p, p->t.items[j].pos, al_end(p, e), p->form.s, p->form.len)) return 0;
  p->i = e + 1;
  return 1;
}

static int al_list(struct al_state *p, int ingroup);

/* one mailbox, or a whole group, starting at token k (not a comment) */
static int al_mailbox(struct al_state *p, size_t k, int ingroup)
{
  struct al_span sp;
  size_t j = k;
  int words = 0;
  while (j < p->t.len && (al_isword(p, j) || al_is(p, j, '.') || p->t.items[j].type == AL_COMMENT))
    words += al_isword(p, j++);
  if (al_is(p, j, '<')) return al_angle(p, j);
  if (al_is(p, j, ':') && words) {
    if (ingroup) return al_fail(p, ADDRLIST_EGROUP);
    p->i = j + 1;
    return al_list(p, 1);
  }
  if (!al_isword(p, k) && !al_is(p, k, '.')) return al_fail(p, ADDRLIST_EUNEXPECTED);
  if (!al_addrspec(p, k, &sp) || !al_comments(p, sp.first, sp.last) || !al_finish(p, "", ""))
    return 0;
  if (!al_emit(p, p->t.items[sp.first].pos, al_end(p, sp.last), p->form.s, p->form.len)) return 0;
  p->i = sp.last + 1;
  return 1;
}

/* items separated by commas, up to the end (or the ";" of a group) */
static int al_list(struct al_state *p, int ingroup)
{
  int after = 0;   /* a mailbox was just read: another one needs a comma */
  for (;;) {
    size_t k = al_skipc(p, p->i);
    if (k >= p->t.len) {
      p->i = k;
      if (!ingroup) return 1;
      k = al_end(p, p->t.len - 1);
      return al_emit(p, k, k, ";", 1);
    }
    if (al_is(p, k, ',')) { after = 0; p->i = k + 1; continue; }
    if (al_is(p, k, ';')) {
      if (!ingroup) return al_fail(p, ADDRLIST_EGROUP);
      p->i = k + 1;
      return 1;
    }
    if (after) {
      size_t end = al_end(p, k - 1);
      if (!al_emit(p, end, end, ",", 1)) return 0;
    }
    if (!al_mailbox(p, k, ingroup)) return 0;
    after = 1;
  }
}

static void al_release(struct al_state *p)
{
  al_tokens_free(&p->t);
  stralloc_free(&p->local);
  stralloc_free(&p->domain);
  stralloc_free(&p->host);
  stralloc_free(&p->comments);
  stralloc_free(&p->form);
}

int addrlist_parse(struct addrlist *al, const char *s, size_t len, const struct addrlist_hosts *h)
{
  struct al_state p;
  int ok;
  memset(&p, 0, sizeof p);
  p.s = s;
  p.len = len;
  p.h = h;
  p.out = al;
  al->text.len = al->addrs.len = 0;
  al->count = 0;
  al->err = ADDRLIST_OK;
  if (len > ADDRLIST_TEXT_MAX) return al_fail(&p, ADDRLIST_ETEXT);
  ok = al_tokenize(&p) && al_list(&p, 0) &&
       stralloc_catb(&al->text, s + p.copied, len - p.copied);
  al_release(&p);
  return ok;
}

int addrlist_host(stralloc *out, const char *host, size_t len, const struct addrlist_hosts *h)
{
  size_t start = out->len;
  if (!len) { errno = EINVAL; return 0; }
  if (host[0] == '[') return stralloc_catb(out, host, len);
  if (host[len - 1] == '+') {
    if (!stralloc_catb(out, host, len - 1)) return 0;
    if (h->plusdomain && *h->plusdomain)
      if ((len > 1 && !stralloc_append(out, '.')) || !stralloc_cats(out, h->plusdomain)) return 0;
  } else {
    if (!stralloc_catb(out, host, len)) return 0;
    if (!memchr(host, '.', len) && h->defaultdomain && *h->defaultdomain)
      if (!stralloc_append(out, '.') || !stralloc_cats(out, h->defaultdomain)) return 0;
  }
  if (out->len == start) { errno = EINVAL; return 0; }
  return 1;
}

int addrlist_quotelocal(stralloc *out, const char *local, size_t len)
{
  int dotatom = len > 0 && local[0] != '.' && local[len - 1] != '.';
  size_t k;
  for (k = 0; k < len && dotatom; ++k) {
    unsigned char c = (unsigned char)local[k];
    if (c == '.') dotatom = local[k - 1] != '.';
    else dotatom = al_atext(c);
  }
  if (dotatom) return stralloc_catb(out, local, len);
  if (!stralloc_append(out, '"')) return 0;
  for (k = 0; k < len; ++k) {
    if ((local[k] == '"' || local[k] == '\\') && !stralloc_append(out, '\\')) return 0;
    if (!stralloc_append(out, local[k])) return 0;
  }
  return stralloc_append(out, '"');
}

const char *addrlist_strerr(enum addrlist_err err)
{
  switch (err) {
  case ADDRLIST_OK: return "no error";
  case ADDRLIST_EQUOTE: return "unterminated quoted string";
  case ADDRLIST_ECOMMENT: return "unbalanced parentheses";
  case ADDRLIST_ELITERAL: return "unbalanced brackets";
  case ADDRLIST_ECTRL: return "control character";
  case ADDRLIST_EANGLE: return "unbalanced or misplaced angle bracket";
  case ADDRLIST_EGROUP: return "misplaced group";
  case ADDRLIST_EUNEXPECTED: return "unexpected special character";
  case ADDRLIST_EEMPTY: return "empty local part or domain";
  case ADDRLIST_ELONG: return "address too long";
  case ADDRLIST_ETEXT: return "field too long";
  }
  return "unknown error";
}

void addrlist_free(struct addrlist *al)
{
  stralloc_free(&al->text);
  stralloc_free(&al->addrs);
  al->count = 0;
}
