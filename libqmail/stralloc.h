/* stralloc.h — growable byte strings.
 *
 * Return convention: builders return 1 on success, 0 on failure with errno
 * set (ENOMEM, or EOVERFLOW when a size computation would overflow). The
 * string owns s; stralloc_free releases it. len never exceeds a; the bytes
 * are not NUL-terminated unless stralloc_0 was called (which counts the NUL
 * in len, as qmail does). */
#ifndef STRALLOC_H
#define STRALLOC_H

#include <stddef.h>

typedef struct stralloc { char *s; size_t len; size_t a; } stralloc;
#define STRALLOC_ZERO { 0, 0, 0 }

#define SA_WUR __attribute__((warn_unused_result))

/* ready: room for at least n bytes in all. */
int stralloc_ready(stralloc *, size_t n) SA_WUR;
/* readyplus: room for n more bytes after len. */
int stralloc_readyplus(stralloc *, size_t n) SA_WUR;
int stralloc_copyb(stralloc *, const char *, size_t) SA_WUR;
int stralloc_copys(stralloc *, const char *) SA_WUR;
int stralloc_copy(stralloc *, const stralloc *) SA_WUR;
int stralloc_catb(stralloc *, const char *, size_t) SA_WUR;
int stralloc_cats(stralloc *, const char *) SA_WUR;
int stralloc_cat(stralloc *, const stralloc *) SA_WUR;
int stralloc_append(stralloc *, char) SA_WUR;
/* catulong0: decimal n, zero-padded to at least width digits. */
int stralloc_catulong0(stralloc *, unsigned long long n, unsigned width) SA_WUR;
int stralloc_catlong(stralloc *, long long n) SA_WUR;
/* 0: append a NUL (counted in len). */
int stralloc_0(stralloc *) SA_WUR;
/* starts: 1 if the string begins with s. */
int stralloc_starts(const stralloc *, const char *s);
/* trunc: set len to n when n < len; never grows. */
void stralloc_trunc(stralloc *, size_t n);
/* free: release the storage and zero the struct. */
void stralloc_free(stralloc *);

#endif
