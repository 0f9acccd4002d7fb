/* scan.h — parse numbers from the front of a byte range (not a C string).
 *
 * Return convention: every scanner takes (s, len, out), reads at most len
 * bytes of s, and returns the number of bytes consumed: the longest run of
 * digits in its base (after an optional sign for the signed scanners).
 * No leading space and no "0x" prefix are accepted; hex digits may be of
 * either case. On success *out is set. 0 means failure and *out is left
 * unchanged, with errno EINVAL (no digit where one was needed) or ERANGE
 * (the digits denote a value that does not fit in the type: overflow never
 * wraps). Pure functions: no I/O, no allocation. */
#ifndef SCAN_H
#define SCAN_H

#include <stddef.h>

#define SCAN_WUR __attribute__((warn_unused_result))

/* plusminus: 1 if s starts with '+' (*sign = 1) or '-' (*sign = -1);
 * 0 otherwise, and then *sign = 1. Never fails and never touches errno. */
size_t scan_plusminus(const char *s, size_t len, int *sign);

/* Unsigned decimal. No sign is accepted. */
size_t scan_ulong(const char *s, size_t len, unsigned long *out) SCAN_WUR;
size_t scan_uint(const char *s, size_t len, unsigned int *out) SCAN_WUR;
size_t scan_ushort(const char *s, size_t len, unsigned short *out) SCAN_WUR;
size_t scan_ullong(const char *s, size_t len, unsigned long long *out) SCAN_WUR;
size_t scan_sizet(const char *s, size_t len, size_t *out) SCAN_WUR;

/* Signed decimal with an optional '+' or '-'; a sign with no digit after
 * it fails (EINVAL). The full range, LONG_MIN included, is accepted. */
size_t scan_long(const char *s, size_t len, long *out) SCAN_WUR;
size_t scan_int(const char *s, size_t len, int *out) SCAN_WUR;

/* Unsigned hexadecimal (0-9 a-f A-F) and octal (0-7). */
size_t scan_xlong(const char *s, size_t len, unsigned long *out) SCAN_WUR;
size_t scan_8long(const char *s, size_t len, unsigned long *out) SCAN_WUR;

#endif
