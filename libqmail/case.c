/* case.c — locale-independent ASCII case folding and comparison. */
#include "case.h"

void case_lowerb(char *s, size_t n)
{
  for (size_t i = 0; i < n; ++i) s[i] = (char)case_lowerc((unsigned char)s[i]);
}

void case_lowers(char *s)
{
  for (; *s; ++s) *s = (char)case_lowerc((unsigned char)*s);
}

int case_diffb(const char *a, size_t n, const char *b)
{
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = case_lowerc((unsigned char)a[i]);
    unsigned char y = case_lowerc((unsigned char)b[i]);
    if (x != y) return (int)x - (int)y;
  }
  return 0;
}

int case_diffs(const char *a, const char *b)
{
  for (;; ++a, ++b) {
    unsigned char x = case_lowerc((unsigned char)*a);
    unsigned char y = case_lowerc((unsigned char)*b);
    if (x != y) return (int)x - (int)y;
    if (!x) return 0;
  }
}

int case_equals(const char *a, const char *b) { return case_diffs(a, b) == 0; }

int case_starts(const char *s, const char *prefix)
{
  for (; *prefix; ++s, ++prefix)
    if (case_lowerc((unsigned char)*s) != case_lowerc((unsigned char)*prefix)) return 0;
  return 1;
}

int case_startb(const char *s, size_t n, const char *prefix)
{
  size_t i;
  for (i = 0; prefix[i]; ++i)
    if (i >= n || case_lowerc((unsigned char)s[i]) != case_lowerc((unsigned char)prefix[i]))
      return 0;
  return 1;
}
