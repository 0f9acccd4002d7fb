/* str.h — NUL-terminated C strings: length, comparison, search, bounded copy.
 *
 * Return convention: lengths and indexes are size_t; the comparison
 * functions return <0, 0 or >0 as bytes compare as unsigned char;
 * predicates (str_equal, str_start) return 1 or 0; str_copyb returns 1,
 * or 0 with errno set (ERANGE) when the copy would not fit. No function
 * allocates. Every string argument must be a valid C string. */
#ifndef STR_H
#define STR_H

#include <stddef.h>

/* len: the number of bytes before the NUL. */
size_t str_len(const char *s);

/* diff: compare a and b; <0, 0 or >0. */
int str_diff(const char *a, const char *b);

/* diffn: like str_diff on at most the first n bytes of each string. */
int str_diffn(const char *a, const char *b, size_t n);

/* equal: 1 if a and b hold the same bytes, else 0. */
int str_equal(const char *a, const char *b);

/* start: 1 if s begins with prefix (every string begins with ""), else 0. */
int str_start(const char *s, const char *prefix);

/* chr: the index of the first byte equal to (unsigned char)c, or str_len(s)
 * when there is none (so c == 0 also gives the length). */
size_t str_chr(const char *s, int c);

/* rchr: the index of the last byte equal to (unsigned char)c, or
 * str_len(s) when there is none. */
size_t str_rchr(const char *s, int c);

/* copyb: copy from, NUL included, into to, which has room for size bytes.
 * Returns 1; or 0 with errno ERANGE when strlen(from) + 1 > size, and then
 * to holds "" (when size > 0) rather than a truncated string. to and from
 * must not overlap. */
int str_copyb(char *to, size_t size, const char *from) __attribute__((warn_unused_result));

#endif
