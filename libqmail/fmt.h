/* fmt.h — format numbers and strings into caller buffers, djb style.
 *
 * Return convention: every fmt_ function writes its digits to dest and
 * returns how many bytes it wrote; with dest == NULL it writes nothing
 * and returns how many it would write. Nothing is NUL-terminated, nothing
 * fails, nothing allocates. dest must have room for the result: FMT_ULONG
 * bytes are enough for any number in any base here, sign included (the
 * zero-padded forms need max(width, FMT_ULONG)). */
#ifndef FMT_H
#define FMT_H

#include <stddef.h>

/* room for a 64-bit number in octal (22 digits), decimal (20) or hex (16)
 * plus a sign, with space to spare for a NUL the caller adds */
#define FMT_ULONG 40

/* Unsigned decimal. */
size_t fmt_ulong(char *dest, unsigned long n);
size_t fmt_uint(char *dest, unsigned int n);
size_t fmt_ullong(char *dest, unsigned long long n);
size_t fmt_sizet(char *dest, size_t n);

/* Unsigned decimal, left-padded with '0' to at least width digits. */
size_t fmt_ulong0(char *dest, unsigned long n, size_t width);
size_t fmt_uint0(char *dest, unsigned int n, size_t width);

/* Signed decimal with a '-' for negative numbers (LONG_MIN included). */
size_t fmt_long(char *dest, long n);
size_t fmt_int(char *dest, int n);

/* Lower-case hexadecimal and octal, no prefix. */
size_t fmt_xlong(char *dest, unsigned long n);
size_t fmt_8long(char *dest, unsigned long n);

/* str: copy the bytes of the C string s without its NUL. */
size_t fmt_str(char *dest, const char *s);

#endif
