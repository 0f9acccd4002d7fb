/* base64.h — RFC 4648 base64 (standard alphabet, '=' padding): encode and decode.
 *
 * Return convention: builders return 1 on success, 0 on failure with
 * errno set: EINVAL for input that is not base64, EOVERFLOW when a size
 * computation would overflow, ENOMEM when memory runs out. Every function
 * appends to out; on failure out->len is as it was (the bytes past it may
 * have changed). The decoders are pure: no I/O.
 *
 * base64_decode is strict: the input is whole 4-character groups of the
 * alphabet, '=' only as one or two pad characters at the very end, and
 * the unused bits before the padding are zero (so each byte string has
 * exactly one accepted encoding). No whitespace. Empty input decodes to
 * nothing.
 *
 * base64_decode_lenient is for MIME bodies and DKIM tags: it skips
 * whitespace (space, tab, CR, LF, VT, FF) anywhere, accepts a last group
 * without its padding ("YQ" for "a") and non-zero unused bits, and still
 * rejects any other character, '=' before the end, data after the
 * padding, and a lone last character (which cannot hold a byte). */
#ifndef BASE64_H
#define BASE64_H

#include <stddef.h>

#include "stralloc.h"

#define BASE64_WUR __attribute__((warn_unused_result))

/* encode: append the base64 of in[0..len) to out (no line breaks). */
int base64_encode(stralloc *out, const char *in, size_t len) BASE64_WUR;

/* decode: append the bytes that in[0..len) encodes, strictly. */
int base64_decode(stralloc *out, const char *in, size_t len) BASE64_WUR;

/* decode_lenient: the same, skipping whitespace and missing padding. */
int base64_decode_lenient(stralloc *out, const char *in, size_t len) BASE64_WUR;

#endif
