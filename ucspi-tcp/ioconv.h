/* ioconv.h — the byte conversions of addcr, delcr and fixcrio, and the line
 * format of recordio: pure functions, no I/O, no allocation.
 *
 * Return convention: every function returns the number of bytes it wrote
 * to out and cannot fail; the caller gives out room for the stated worst
 * case. Conversions that look across packet boundaries keep what they need
 * in a struct ioconv, which starts zeroed (IOCONV_ZERO) for each stream. */
#ifndef IOCONV_H
#define IOCONV_H

#include <stddef.h>

/* recordio: the most data bytes in one packet, hence on one line; with
 * the prefix and the end marker a line stays far below PIPE_BUF, so each
 * line reaches a shared standard error in one piece */
#define IOCONV_RECORD_CHUNK 256
/* the longest prefix ioconv_recordline accepts ("<pid> < ") */
#define IOCONV_PREFIX_MAX 32
/* room that one ioconv_recordline call may need in out */
#define IOCONV_RECORD_LINE_MAX (IOCONV_PREFIX_MAX + IOCONV_RECORD_CHUNK + 8)

struct ioconv {
  int cr;   /* delcr: a CR is held back; fixcr: the last byte was a CR */
};
#define IOCONV_ZERO { 0 }

/* addcr: x[0..n) with a CR put before every LF. out needs 2n bytes. */
size_t ioconv_addcr(const char *x, size_t n, char *out);

/* delcr: x[0..n) without the CR that ends a line (the CR of a CRLF pair).
 * A CR at the end of x is held back in c until the next byte decides.
 * out needs n + 1 bytes. */
size_t ioconv_delcr(struct ioconv *c, const char *x, size_t n, char *out);
/* delcr_end: at the end of the stream, the CR still held back (the end of
 * a partial final line keeps its CR). out needs 1 byte. */
size_t ioconv_delcr_end(struct ioconv *c, char *out);

/* fixcr: x[0..n) with a CR put before every LF that does not follow one
 * (also when the CR ended the previous packet). out needs 2n bytes. */
size_t ioconv_fixcr(struct ioconv *c, const char *x, size_t n, char *out);

/* recordprefix: "<pid> < " (dir '<', input) or "<pid> > " (dir '>',
 * output) into out[IOCONV_PREFIX_MAX]; returns its length. */
size_t ioconv_recordprefix(char *out, unsigned long pid, char dir);

/* recordline: the next line that recordio prints for the packet x[0..n)
 * (n >= 1; the caller cuts packets at IOCONV_RECORD_CHUNK bytes): prefix,
 * then the bytes up to the first LF and a space, or all the bytes and a
 * '+' when there is no LF, then a newline. *used is set to the bytes of x
 * consumed (the LF included); call again on the rest while it is not
 * empty. out needs IOCONV_RECORD_LINE_MAX bytes; plen <= IOCONV_PREFIX_MAX
 * and n <= IOCONV_RECORD_CHUNK (longer data is cut at the chunk). */
size_t ioconv_recordline(char *out, const char *prefix, size_t plen,
                         const char *x, size_t n, size_t *used);

/* recordeof: prefix then "[EOF]" and a newline. out needs
 * IOCONV_RECORD_LINE_MAX bytes. */
size_t ioconv_recordeof(char *out, const char *prefix, size_t plen);

#endif
