/* dotqmail.c — .qmail file names for an extension and the parser of .qmail lines. */
#include <errno.h>

#include "byte.h"
#include "case.h"
#include "dotqmail.h"
#include "str.h"

int dotqmail_safeext(stralloc *out, const char *ext, size_t len)
{
  if (!stralloc_copyb(out, ext, len)) return 0;
  for (size_t i = 0; i < out->len; ++i) {
    char c = out->s[i];
    if (c == '.' || c == '/') out->s[i] = ':';
    else out->s[i] = (char)case_lowerc((unsigned char)c);
  }
  return 1;
}

void dotqmail_cascade_init(struct dotqmail_cascade *c, const char *dash,
                           const char *sext, size_t slen)
{
  c->dash = dash;
  c->sext = sext;
  c->slen = slen;
  c->next = slen;
  c->state = 0;
}

/* name = ".qmail" dash sext[0..n) suffix, NUL-terminated */
static int cascade_name(const struct dotqmail_cascade *c, stralloc *name, size_t n,
                        const char *suffix)
{
  if (!stralloc_copys(name, ".qmail") || !stralloc_cats(name, c->dash) ||
      !stralloc_catb(name, c->sext, n) || !stralloc_cats(name, suffix) ||
      !stralloc_0(name))
    return -1;
  --name->len;
  return 1;
}

int dotqmail_cascade_next(struct dotqmail_cascade *c, stralloc *name, size_t *defat)
{
  if (c->state == 0) {
    c->state = *c->dash ? 1 : 2;
    *defat = DOTQMAIL_NODEFAULT;
    if (c->slen >= 7 && byte_equal(c->sext + c->slen - 7, 7, "default"))
      *defat = c->slen - 7;
    return cascade_name(c, name, c->slen, "");
  }
  while (c->state == 1) {
    size_t n = c->next;
    if (n == 0) c->state = 2;
    else --c->next;
    if (n == 0 || c->sext[n - 1] == '-') {
      *defat = n;
      return cascade_name(c, name, n, "default");
    }
  }
  return 0;
}

/* an address may not be empty nor hold white space, controls, '<', '>' */
static int address_ok(const char *s, size_t len)
{
  if (!len) return 0;
  for (size_t i = 0; i < len; ++i) {
    unsigned char u = (unsigned char)s[i];
    if (u <= ' ' || u == 0x7f || u == '<' || u == '>') return 0;
  }
  return 1;
}

static void line_bad(struct dotqmail_line *l, const char *why)
{
  l->kind = DOTQMAIL_BAD;
  l->arg = why;
  l->len = str_len(why);
}

/* classify s[0..len), a line without its LF and trailing blanks */
static void classify(const char *s, size_t len, struct dotqmail_line *l)
{
  unsigned char c;
  l->arg = s;
  l->len = len;
  if (!len) { l->kind = DOTQMAIL_BLANK; return; }
  c = (unsigned char)s[0];
  if (c == '#') { l->kind = DOTQMAIL_COMMENT; return; }
  if (byte_chr(s, len, 0) != len) { line_bad(l, "a NUL byte"); return; }
  if (c == '|') { l->kind = DOTQMAIL_PROGRAM; ++l->arg; --l->len; return; }
  if (c == '.' || c == '/') {
    l->kind = s[len - 1] == '/' ? DOTQMAIL_MAILDIR : DOTQMAIL_MBOX;
    return;
  }
  if (c == '&') { ++l->arg; --l->len; }
  else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
    line_bad(l, "a line that starts with an unknown character");
    return;
  }
  if (!address_ok(l->arg, l->len)) { line_bad(l, "a malformed forwarding address"); return; }
  l->kind = DOTQMAIL_FORWARD;
}

int dotqmail_next(const char *data, size_t len, size_t *pos, struct dotqmail_line *l)
{
  size_t start = *pos, end, n;
  if (start >= len) return 0;
  n = byte_chr(data + start, len - start, '\n');
  *pos = start + n + (start + n < len);
  end = start + n;
  while (end > start && (data[end - 1] == ' ' || data[end - 1] == '\t' || data[end - 1] == '\r'))
    --end;
  ++l->lineno;
  classify(data + start, end - start, l);
  return 1;
}

const char *dotqmail_kind_name(enum dotqmail_kind k)
{
  switch (k) {
  case DOTQMAIL_BLANK: return "blank";
  case DOTQMAIL_COMMENT: return "comment";
  case DOTQMAIL_PROGRAM: return "program";
  case DOTQMAIL_FORWARD: return "forward";
  case DOTQMAIL_MBOX: return "mbox";
  case DOTQMAIL_MAILDIR: return "maildir";
  case DOTQMAIL_BAD: break;
  }
  return "bad";
}
