/* strerr.h — one-line error reports on standard error, qmail style:
 *   prog: fatal: unable to open control/me: permission denied
 *
 * strerr_warn and strerr_die take C strings and end with a NULL sentinel;
 * the marker STRERR_SYS among them is replaced by the text of errno
 * (as it was when the function was called). The line is written with one
 * write(2), so lines from several processes do not interleave. Lines are
 * cut at STRERR_MAX bytes. Nothing is returned: reporting cannot fail
 * in a way the caller could act on. */
#ifndef STRERR_H
#define STRERR_H

#define STRERR_MAX 2048

extern const char strerr_sys[];
#define STRERR_SYS strerr_sys

/* error_str: lower-case text for an errno value ("permission denied"),
 * in a static buffer valid until the next call. */
const char *error_str(int err);

void strerr_warn(const char *s, ...) __attribute__((sentinel));
void strerr_die(int exitcode, const char *s, ...) __attribute__((sentinel, noreturn));

#endif
