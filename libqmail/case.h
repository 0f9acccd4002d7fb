/* case.h — ASCII case folding and case-insensitive comparison.
 *
 * Only the 26 letters A-Z/a-z fold; every other byte (including bytes
 * >= 0x80) compares as itself, whatever the locale. Return convention: the
 * diff functions return <0, 0 or >0 comparing folded bytes as unsigned
 * char; predicates (case_equals, case_starts, case_startb) return 1 or 0.
 * Nothing fails and nothing allocates. */
#ifndef CASE_H
#define CASE_H

#include <stddef.h>

/* lowerc: c folded to lower case when it is an ASCII upper-case letter. */
static inline unsigned char case_lowerc(unsigned char c)
{
  return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* upperc: c folded to upper case when it is an ASCII lower-case letter. */
static inline unsigned char case_upperc(unsigned char c)
{
  return c >= 'a' && c <= 'z' ? (unsigned char)(c - ('a' - 'A')) : c;
}

/* lowerb: fold the n bytes of s to lower case in place. */
void case_lowerb(char *s, size_t n);

/* lowers: fold the C string s to lower case in place. */
void case_lowers(char *s);

/* diffb: compare n bytes of a and b ignoring case (NULs are ordinary
 * bytes here); <0, 0 or >0. */
int case_diffb(const char *a, size_t n, const char *b);

/* diffs: compare the C strings a and b ignoring case; <0, 0 or >0. */
int case_diffs(const char *a, const char *b);

/* equals: 1 if the C strings a and b are equal ignoring case, else 0. */
int case_equals(const char *a, const char *b);

/* starts: 1 if the C string s begins with prefix ignoring case, else 0. */
int case_starts(const char *s, const char *prefix);

/* startb: 1 if the n bytes at s begin with the C string prefix ignoring
 * case, else 0. */
int case_startb(const char *s, size_t n, const char *prefix);

#endif
