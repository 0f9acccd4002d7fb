/* wildmat.c — glob matching in O(text * pattern) time by single-star backtracking.
 *
 * Why one backtrack point is enough: when a later '*' has matched, any way
 * the earlier '*' could absorb more text can also be had by the later one
 * absorbing it, so on a mismatch only the most recent '*' is retried, one
 * byte further along the text. */
#include "wildmat.h"

#include <stddef.h>

#include "case.h"

/* inset: does the set body starting at p (just after '[' and any '!' or
 * '^') contain c? Returns 1 or 0 and sets *end just past the closing ']';
 * returns -1 when the set is not closed. */
static int wildmat_inset(const unsigned char *p, unsigned char c, const unsigned char **end)
{
  int found = 0, first = 1;
  for (;; first = 0) {
    unsigned char lo = *p, hi;
    if (!lo) return -1;
    if (lo == ']' && !first) { *end = p + 1; return found; }
    if (lo == '\\' && p[1]) lo = *++p;
    hi = lo;
    ++p;
    if (p[0] == '-' && p[1] && p[1] != ']') {
      hi = p[1];
      p += 2;
      if (hi == '\\' && *p) hi = *p++;
    }
    if (c >= lo && c <= hi) found = 1;
  }
}

/* cls: match one text byte c against the set at p ('[' included). Returns
 * 1 or 0 with *end past the set, or -1 when p is not a closed set. */
static int wildmat_class(const unsigned char *p, unsigned char c, int nocase,
                         const unsigned char **end)
{
  int neg = 0, r;
  ++p;
  if (*p == '!' || *p == '^') { neg = 1; ++p; }
  r = wildmat_inset(p, c, end);
  if (r < 0) return -1;
  if (!r && nocase) {
    unsigned char l = case_lowerc(c), u = case_upperc(c);
    r = (l != c && wildmat_inset(p, l, end) == 1) || (u != c && wildmat_inset(p, u, end) == 1);
  }
  return r != neg;
}

/* one: does the pattern element at *pp match the byte c? Advances *pp past
 * the element (a literal, '?', an escape or a set). */
static int wildmat_one(const unsigned char **pp, unsigned char c, int nocase)
{
  const unsigned char *p = *pp, *end;
  unsigned char want = *p;
  if (want == '?') { *pp = p + 1; return 1; }
  if (want == '[') {
    int r = wildmat_class(p, c, nocase, &end);
    if (r >= 0) { *pp = end; return r; }
  }
  if (want == '\\' && p[1]) want = *++p;
  *pp = p + 1;
  if (nocase) return case_lowerc(want) == case_lowerc(c);
  return want == c;
}

static int wildmat_run(const char *text, const char *pattern, int nocase)
{
  const unsigned char *t = (const unsigned char *)text, *p = (const unsigned char *)pattern;
  const unsigned char *star_p = 0, *star_t = 0;
  for (;;) {
    if (*p == '*') {
      while (*p == '*') ++p;
      star_p = p;      /* resume the pattern here after a mismatch */
      star_t = t;      /* with the star having absorbed up to here */
      continue;
    }
    if (*t && *p && wildmat_one(&p, *t, nocase)) { ++t; continue; }
    if (!*t && !*p) return 1;
    /* mismatch: let the last star take one more byte, if there is one */
    if (!star_p || !*star_t) return 0;
    p = star_p;
    t = ++star_t;
  }
}

int wildmat_match(const char *text, const char *pattern) { return wildmat_run(text, pattern, 0); }

int wildmat_match_nocase(const char *text, const char *pattern)
{
  return wildmat_run(text, pattern, 1);
}
