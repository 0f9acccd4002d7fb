/* getln.h — read one line (up to a separator) from a buf, with a maximum.
 *
 * Return convention: syscall-like: 0 on success, -1 with errno set.
 * getln replaces the contents of line with the next line, including the
 * separator when one was found (*match = 1). At end of file *match = 0 and
 * line holds whatever partial line there was (empty at a clean EOF).
 * A line longer than max bytes (separator included) fails with EMSGSIZE:
 * line then holds the first max bytes and the rest of the line is still
 * unread, so the caller can skip it with getln_skip. On a read error
 * (ETIMEDOUT ...) line holds the bytes of the line read so far, which are
 * consumed from the buf. */
#ifndef GETLN_H
#define GETLN_H

#include "buf.h"
#include "stralloc.h"

int getln(buf *, stralloc *line, int *match, int sep, size_t max)
    __attribute__((warn_unused_result));
/* skip: discard input up to and including the next sep (or EOF). */
int getln_skip(buf *, int sep) __attribute__((warn_unused_result));

#endif
