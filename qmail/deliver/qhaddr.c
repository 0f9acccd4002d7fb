/* qhaddr.c — finding an address in an address-list header field. */
#include "case.h"
#include "qhaddr.h"
#include "str.h"

struct scan {
  char plain[QHADDR_MAX];   /* the element outside angle brackets */
  char angle[QHADDR_MAX];   /* what stands inside them */
  size_t plainlen, anglelen;
  int plainlong, anglelong; /* 1: more than QHADDR_MAX bytes came */
  int inangle, hadangle;
};

static void reset(struct scan *s)
{
  s->plainlen = s->anglelen = 0;
  s->plainlong = s->anglelong = 0;
  s->inangle = s->hadangle = 0;
}

static void add(struct scan *s, char c)
{
  if (s->inangle) {
    if (s->anglelen < QHADDR_MAX) s->angle[s->anglelen++] = c;
    else s->anglelong = 1;
  } else {
    if (s->plainlen < QHADDR_MAX) s->plain[s->plainlen++] = c;
    else s->plainlong = 1;
  }
}

/* 1 when the element that just ended is addr */
static int matches(const struct scan *s, const char *addr, size_t alen)
{
  const char *a = s->hadangle ? s->angle : s->plain;
  size_t n = s->hadangle ? s->anglelen : s->plainlen;
  if (s->hadangle ? s->anglelong : s->plainlong) return 0;
  return n == alen && n && !case_diffb(a, n, addr);
}

/* the index just past the comment that starts at text[i] == '(' */
static size_t skip_comment(const char *text, size_t len, size_t i)
{
  size_t depth = 0;
  for (; i < len; ++i) {
    if (text[i] == '\\') { ++i; continue; }
    if (text[i] == '(') ++depth;
    else if (text[i] == ')' && --depth == 0) return i + 1;
  }
  return len;
}

/* add the quoted string that starts at text[i] == '"'; the index past it */
static size_t take_quoted(struct scan *s, const char *text, size_t len, size_t i)
{
  for (++i; i < len; ++i) {
    if (text[i] == '"') return i + 1;
    if (text[i] == '\\' && i + 1 < len) ++i;
    add(s, text[i]);
  }
  return len;
}

int qhaddr_has(const char *text, size_t len, const char *addr)
{
  struct scan s;
  size_t i = 0, alen = str_len(addr);
  reset(&s);
  while (i < len) {
    char c = text[i];
    if (c == '(') { i = skip_comment(text, len, i); continue; }
    if (c == '"') { i = take_quoted(&s, text, len, i); continue; }
    ++i;
    if (c == '\\') { if (i < len) add(&s, text[i++]); continue; }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '<') { s.inangle = s.hadangle = 1; s.anglelen = 0; s.anglelong = 0; continue; }
    if (c == '>') { s.inangle = 0; continue; }
    if (c == ':') {   /* the end of a group name, or of a source route */
      if (s.inangle) { s.anglelen = 0; s.anglelong = 0; }
      else { s.plainlen = 0; s.plainlong = 0; }
      continue;
    }
    if (s.inangle || (c != ',' && c != ';')) { add(&s, c); continue; }
    if (matches(&s, addr, alen)) return 1;
    reset(&s);
  }
  return matches(&s, addr, alen);
}
