/* byte.h — byte arrays given as pointer + length: copy, compare, search, zero.
 *
 * Thin wrappers over the mem* functions with qmail's argument order and
 * conventions. Return convention: byte_diff returns <0, 0 or >0 as bytes
 * compare as unsigned char; byte_equal returns 1 or 0; byte_chr and
 * byte_rchr return an index, or n when the byte is absent. Nothing fails
 * and nothing allocates. A length of 0 is always allowed, even with NULL
 * pointers. */
#ifndef BYTE_H
#define BYTE_H

#include <stddef.h>

/* copy: copy n bytes from from to to. Overlapping regions are allowed. */
void byte_copy(void *to, size_t n, const void *from);

/* copyr: the same copy, which qmail performs from the end (for to > from);
 * here both are overlap-safe and copyr exists for callers written that way. */
void byte_copyr(void *to, size_t n, const void *from);

/* diff: compare n bytes of a and b; <0, 0 or >0. */
int byte_diff(const void *a, size_t n, const void *b);

/* equal: 1 if the n bytes of a and b are the same, else 0. */
int byte_equal(const void *a, size_t n, const void *b);

/* chr: index of the first byte equal to (unsigned char)c in s[0..n), or n. */
size_t byte_chr(const void *s, size_t n, int c);

/* rchr: index of the last byte equal to (unsigned char)c in s[0..n), or n. */
size_t byte_rchr(const void *s, size_t n, int c);

/* zero: set n bytes of s to 0. */
void byte_zero(void *s, size_t n);

/* wipe: set n bytes of s to 0 in a way the compiler may not remove even
 * when s is freed right after: for passwords and keys. */
void byte_wipe(void *s, size_t n);

#endif
