/* wildmat.c — fuzz target for libqmail/wildmat.
 *
 * The input is PATTERN NUL TEXT (with no NUL the input is both). Both
 * matchers are checked against a reference that tokenises the pattern and
 * runs a dynamic-programming match, and against invariants: "*" matches
 * everything, and the text with every byte escaped matches the text
 * itself. (A case-sensitive match need not imply a case-insensitive one:
 * "[!c]" matches "C" only when case matters.) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wildmat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "check failed: %s (line %d)\n", #c, __LINE__); abort(); } } while (0)

/* the reference only runs on inputs up to this size (it is quadratic) */
#define REF_MAX 4096

struct tok { int star; unsigned char set[32]; };

static void set_add(struct tok *t, unsigned c) { t->set[c >> 3] |= (unsigned char)(1u << (c & 7)); }
static int set_has(const struct tok *t, unsigned c) { return t->set[c >> 3] >> (c & 7) & 1; }
static unsigned other_case(unsigned c)
{
  if (c >= 'a' && c <= 'z') return c - 32;
  if (c >= 'A' && c <= 'Z') return c + 32;
  return c;
}

/* parse a set starting at p[i] == '['; fills t, returns the index after
 * the ']' or 0 when the set is not closed */
static size_t parse_set(const unsigned char *p, size_t i, struct tok *t, int nocase)
{
  int neg = 0;
  size_t j = i + 1, start;
  struct tok raw;
  memset(&raw, 0, sizeof raw);
  if (p[j] == '!' || p[j] == '^') { neg = 1; ++j; }
  start = j;
  while (p[j] != ']' || j == start) {
    unsigned lo, hi;
    if (!p[j]) return 0;
    lo = p[j];
    if (lo == '\\' && p[j + 1]) lo = p[++j];
    ++j;
    hi = lo;
    if (p[j] == '-' && p[j + 1] && p[j + 1] != ']') {
      hi = p[j + 1];
      j += 2;
      if (hi == '\\' && p[j]) hi = p[j++];
    }
    for (unsigned c = lo; c <= hi; ++c) set_add(&raw, c);
  }
  memset(t, 0, sizeof *t);
  for (unsigned c = 0; c < 256; ++c) {
    int in = set_has(&raw, c) || (nocase && set_has(&raw, other_case(c)));
    if (in != neg) set_add(t, c);
  }
  return j + 1;
}

/* tokenise the pattern; returns the number of tokens */
static size_t tokenise(const unsigned char *p, struct tok *toks, int nocase)
{
  size_t i = 0, n = 0;
  while (p[i]) {
    struct tok *t = &toks[n++];
    size_t next;
    memset(t, 0, sizeof *t);
    if (p[i] == '*') { t->star = 1; ++i; continue; }
    if (p[i] == '?') { memset(t->set, 0xff, sizeof t->set); ++i; continue; }
    if (p[i] == '[' && (next = parse_set(p, i, t, nocase))) { i = next; continue; }
    if (p[i] == '\\' && p[i + 1]) ++i;
    set_add(t, p[i]);
    if (nocase) set_add(t, other_case(p[i]));
    ++i;
  }
  return n;
}

static int reference(const char *text, const char *pattern, int nocase)
{
  size_t plen = strlen(pattern), tlen = strlen(text), nt;
  struct tok *toks = malloc((plen + 1) * sizeof *toks);
  unsigned char *prev = malloc(tlen + 1), *cur = malloc(tlen + 1);
  int r;
  CHECK(toks && prev && cur);
  nt = tokenise((const unsigned char *)pattern, toks, nocase);
  memset(prev, 0, tlen + 1);
  prev[0] = 1;
  for (size_t i = 0; i < nt; ++i) {
    for (size_t j = 0; j <= tlen; ++j) {
      if (toks[i].star) cur[j] = prev[j] || (j && cur[j - 1]);
      else cur[j] = j && prev[j - 1] && set_has(&toks[i], (unsigned char)text[j - 1]);
    }
    memcpy(prev, cur, tlen + 1);
  }
  r = prev[tlen];
  free(toks);
  free(prev);
  free(cur);
  return r;
}

static void check_pair(const char *text, const char *pattern)
{
  int m = wildmat_match(text, pattern), mi = wildmat_match_nocase(text, pattern);
  CHECK(m == 0 || m == 1);
  CHECK(mi == 0 || mi == 1);
  if (strlen(text) <= REF_MAX && strlen(pattern) <= REF_MAX) {
    CHECK(m == reference(text, pattern, 0));
    CHECK(mi == reference(text, pattern, 1));
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *buf = malloc(size + 1), *esc;
  const char *pattern, *text;
  size_t plen, tlen;
  CHECK(buf);
  memcpy(buf, data, size);
  buf[size] = 0;
  pattern = buf;
  plen = strlen(pattern);
  text = plen < size ? buf + plen + 1 : buf;
  tlen = strlen(text);

  check_pair(text, pattern);
  check_pair(pattern, text);
  CHECK(wildmat_match(text, "*") && wildmat_match_nocase(pattern, "*"));

  esc = malloc(2 * tlen + 1);
  CHECK(esc);
  for (size_t i = 0; i < tlen; ++i) { esc[2 * i] = '\\'; esc[2 * i + 1] = text[i]; }
  esc[2 * tlen] = 0;
  CHECK(wildmat_match(text, esc));
  free(esc);
  free(buf);
  return 0;
}
