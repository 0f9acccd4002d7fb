/* wildmat.c — unit test for libqmail/wildmat. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "wildmat.h"

struct tcase { const char *text, *pat; int want, want_nocase; };

static const struct tcase cases[] = {
  { "", "", 1, 1 },
  { "a", "", 0, 0 },
  { "", "a", 0, 0 },
  { "", "*", 1, 1 },
  { "", "**", 1, 1 },
  { "", "?", 0, 0 },
  { "abc", "abc", 1, 1 },
  { "abc", "ABC", 0, 1 },
  { "abc", "ab", 0, 0 },
  { "ab", "abc", 0, 0 },
  { "abc", "a?c", 1, 1 },
  { "ac", "a?c", 0, 0 },
  { "abc", "*", 1, 1 },
  { "abc", "a*", 1, 1 },
  { "abc", "*c", 1, 1 },
  { "abc", "*b*", 1, 1 },
  { "abc", "*d*", 0, 0 },
  { "user@example.com", "*@example.com", 1, 1 },
  { "user@EXAMPLE.com", "*@example.com", 0, 1 },
  { "user@sub.example.com", "*.example.com", 1, 1 },
  { "user@example.com", "*.example.com", 0, 0 },
  { "a/b", "a?b", 1, 1 },
  { ".x", "*x", 1, 1 },
  { "aaa", "a*a*a", 1, 1 },
  { "aa", "a*a*a", 0, 0 },
  { "abcabd", "*abd", 1, 1 },
  { "abcab", "*ab?", 0, 0 },
  { "mississippi", "m*iss*ppi", 1, 1 },
  { "mississippi", "m*iss*ppa", 0, 0 },
  /* sets */
  { "b", "[abc]", 1, 1 },
  { "d", "[abc]", 0, 0 },
  { "B", "[abc]", 0, 1 },
  { "m", "[a-z]", 1, 1 },
  { "M", "[a-z]", 0, 1 },
  { "m", "[A-Z]", 0, 1 },
  { "-", "[a-z]", 0, 0 },
  { "5", "[0-9]", 1, 1 },
  { "d", "[!abc]", 1, 1 },
  { "b", "[!abc]", 0, 0 },
  { "d", "[^abc]", 1, 1 },
  { "B", "[!abc]", 1, 0 },
  { "M", "[!a-z]", 1, 0 },
  { "]", "[]]", 1, 1 },
  { "]", "[!]]", 0, 0 },
  { "x", "[!]]", 1, 1 },
  { "]", "[]a]", 1, 1 },
  { "-", "[-a]", 1, 1 },
  { "-", "[a-]", 1, 1 },
  { "b", "[a-]", 0, 0 },
  { "]", "[\\]]", 1, 1 },
  { "\\", "[\\\\]", 1, 1 },
  { "!", "[\\!]", 1, 1 },
  { "a", "[\\!]", 0, 0 },
  { "b", "[z-a]", 0, 0 },
  { "z", "[z-a]", 0, 0 },
  { "^", "[!^]", 0, 0 },
  { "c", "[a-cx-z]", 1, 1 },
  { "y", "[a-cx-z]", 1, 1 },
  { "m", "[a-cx-z]", 0, 0 },
  { "\xe9", "[\xe0-\xef]", 1, 1 },
  { "\xc9", "[\xe0-\xef]", 0, 0 },
  { "\xe9", "?", 1, 1 },
  { "[", "[", 1, 1 },
  { "[a", "[a", 1, 1 },
  { "a", "[a", 0, 0 },
  { "[ab", "[ab", 1, 1 },
  { "[]", "[]", 1, 1 },
  { "[!", "[!", 1, 1 },
  { "x[", "x[", 1, 1 },
  { "ab", "[a]b", 1, 1 },
  { "a]", "[a]]", 1, 1 },
  /* escapes */
  { "*", "\\*", 1, 1 },
  { "a", "\\*", 0, 0 },
  { "?", "\\?", 1, 1 },
  { "[a]", "\\[a]", 1, 1 },
  { "a", "\\a", 1, 1 },
  { "A", "\\a", 0, 1 },
  { "\\", "\\", 1, 1 },
  { "a\\", "a\\", 1, 1 },
  { "\\", "\\\\", 1, 1 },
  { "a*b", "a\\*b", 1, 1 },
  { "axb", "a\\*b", 0, 0 },
  { "x*", "*\\*", 1, 1 },
  { "x", "*\\*", 0, 0 },
};

/* a small reference for '*', '?' and literals: plain recursion */
static int ref(const char *t, const char *p)
{
  if (!*p) return !*t;
  if (*p == '*') return ref(t, p + 1) || (*t && ref(t + 1, p));
  if (!*t) return 0;
  return (*p == '?' || *p == *t) && ref(t + 1, p + 1);
}

/* build the n-th string of length len over alphabet */
static void nth(char *out, size_t len, unsigned long n, const char *alphabet)
{
  size_t k = strlen(alphabet);
  for (size_t i = 0; i < len; ++i, n /= k) out[i] = alphabet[n % k];
  out[len] = 0;
}

static void exhaustive(void)
{
  char t[8], p[8];
  unsigned long checked = 0, bad = 0, pn = 1;
  for (size_t pl = 0; pl <= 5; ++pl, pn *= 4) {
    for (unsigned long pi = 0; pi < pn; ++pi) {
      unsigned long tn = 1;
      nth(p, pl, pi, "ab*?");
      for (size_t tl = 0; tl <= 5; ++tl, tn *= 2)
        for (unsigned long ti = 0; ti < tn; ++ti) {
          nth(t, tl, ti, "ab");
          ++checked;
          if (wildmat_match(t, p) != ref(t, p)) {
            if (bad++ < 5) diag("text '%s' pattern '%s': got %d", t, p, wildmat_match(t, p));
          }
        }
    }
  }
  ok(bad == 0, "agrees with a reference on all %lu short cases over {a,b,*,?}", checked);
}

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void hostile(void)
{
  size_t n = 100000;
  char *text = malloc(n + 2), pat[256];
  double t0;
  int r;
  if (!text) { skip(4, "no memory"); return; }
  memset(text, 'a', n);
  text[n] = 0;
  strcpy(pat, "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b");
  t0 = now();
  r = wildmat_match(text, pat);
  ok(!r, "hostile pattern does not match %zu a's", n);
  r = wildmat_match_nocase(text, "*A*A*A*A*A*A*A*A*A*A*A*A*A*A*A*A*A*A*A*A*B");
  ok(!r, "hostile pattern, case-insensitive");
  r = wildmat_match(text, "*[a]*?*[!b]*a*a*a*a*a*a*a*a*a*a*a*a*a*a*[b]");
  ok(!r, "hostile pattern with sets");
  ok(now() - t0 < 1.0, "hostile patterns take linear-ish time (%.3f s)", now() - t0);
  text[n] = 'b';
  text[n + 1] = 0;
  ok(wildmat_match(text, pat), "the same pattern matches when a b ends the text");
  free(text);
}

int main(void)
{
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    const struct tcase *c = &cases[i];
    is_int(wildmat_match(c->text, c->pat), c->want, "'%s' ~ '%s'", c->text, c->pat);
    is_int(wildmat_match_nocase(c->text, c->pat), c->want_nocase, "nocase '%s' ~ '%s'",
           c->text, c->pat);
  }
  exhaustive();
  hostile();
  return done_testing();
}
