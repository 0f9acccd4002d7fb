/* qhaddr.h — finding an address in the body of an address-list header
 * field (RFC 5322 section 3.4: "Joe <joe@x>, list: a@b, c@d;, e@f (Eve)"),
 * for qreceipt.
 *
 * Pure: no I/O, no allocation. The text is untrusted; it may be folded
 * (CR and LF count as white space) and may hold any byte.
 *
 * Return convention: qhaddr_has returns 1 or 0. */
#ifndef QHADDR_H
#define QHADDR_H

#include <stddef.h>

/* the longest address that is compared; a longer one never matches */
#define QHADDR_MAX 1024

/* has: 1 when one of the addresses of text[0..len) is addr, else 0. An
 * address is what stands between angle brackets (a source route "@a,@b:"
 * dropped), else the whole element between commas; comments, white space
 * and the quotes of quoted strings are not part of it, a backslash takes
 * the next byte as it is, and a group name ("list:") and its ";" are
 * skipped. The comparison ignores ASCII case. */
int qhaddr_has(const char *text, size_t len, const char *addr);

#endif
