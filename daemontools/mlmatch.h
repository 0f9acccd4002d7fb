/* mlmatch.h — multilog's line patterns: literal bytes and stars.
 *
 * A pattern is matched against a whole line (or against the part of it
 * that multilog keeps: see mlscript.h). A byte other than '*' matches
 * itself. A '*' that is the last byte of the pattern matches whatever is
 * left of the line. Any other '*' matches the shortest run of line bytes
 * up to, not including, the first occurrence of the pattern byte that
 * follows it; when that byte never occurs, the pattern does not match.
 * There is no backtracking: "a*b" against "axbyb" stops at the first 'b'
 * and then fails on the remaining "yb". Two stars in a row ("**") make the
 * first one stop at a literal '*' in the line. This is multilog(8)'s
 * definition, byte for byte.
 *
 * Return convention: mlmatch is a pure predicate (1 match, 0 no match);
 * it reads at most plen bytes of the pattern and len bytes of the line,
 * and any byte value (NUL included) is allowed in either. */
#ifndef MLMATCH_H
#define MLMATCH_H

#include <stddef.h>

/* mlmatch: 1 when the pattern pat[0..plen) matches all of s[0..len). */
int mlmatch(const char *pat, size_t plen, const char *s, size_t len);

#endif
