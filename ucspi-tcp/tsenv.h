/* tsenv.h — what a tcpserver child tells its program about the
 * connection: the tcp-environ(5) variables, and the "ok"/"deny" log line.
 *
 * An IPv4 client (also one on a dual-stack "::" listener) gets PROTO=TCP
 * and TCPLOCALIP, TCPLOCALPORT, TCPLOCALHOST, TCPREMOTEIP, TCPREMOTEPORT,
 * TCPREMOTEHOST, TCPREMOTEINFO, as djb's tcpserver does; the TCP6 names
 * are removed. An IPv6 client gets PROTO=TCP6 and the TCP6 names as
 * ucspi-tcp6 does, and also the TCP names with the same values (IPv6 text
 * in TCPLOCALIP and TCPREMOTEIP), so that programs that know only djb's
 * names (qmail-smtpd, rblsmtpd) work unchanged. A variable whose value is
 * unknown (no host name, no ident answer) is removed rather than left as
 * it came from tcpserver's own environment; so are the TLS variables
 * (TLS, TLS_PROTOCOL, TLS_CIPHER, TLS_PEER_SUBJECT, TLS_PEER_VERIFIED),
 * which only the TLS layer sets.
 *
 * The environment is made in the caller's space (or one allocation when
 * it does not fit), pointing at the strings it keeps from the current
 * environment and from the rule, and the log line in the caller's buffer:
 * a forked child that neither initialises malloc nor writes many pages
 * before exec is a fast child.
 *
 * Return convention: tsenv_build returns the array, or NULL with errno
 * (ENOMEM, EOVERFLOW, E2BIG past TSENV_ENTRIES_MAX); tsenv_logline and
 * tsenv_ipfmt return the bytes written; tsenv_need returns a size
 * (SIZE_MAX when it overflows). */
#ifndef TSENV_H
#define TSENV_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define TSENV_WUR __attribute__((warn_unused_result))

/* room for an address in text with its NUL */
#define TSENV_IPFMT 40
/* the most entries in the program's environment */
#define TSENV_ENTRIES_MAX 4096
/* room for a log line: two host names of TSCHILD_HOST_MAX, an ident
 * answer, addresses and numbers fit */
#define TSENV_LOG_MAX 4096

struct tsenv {
  unsigned char localip[16];    /* IPv4 v4-mapped */
  uint16_t localport;
  unsigned char remoteip[16];
  uint16_t remoteport;
  int is_v6;                    /* the client's family */
  const char *localhost;        /* NULL: unknown */
  const char *remotehost;
  const char *remoteinfo;
};

/* ipfmt: ip as text (dotted quad when is_v6 is 0, else RFC 5952) into out
 * (TSENV_IPFMT bytes), NUL-terminated. Returns the length. */
size_t tsenv_ipfmt(char *out, const unsigned char ip[16], int is_v6);

/* build: the program's environment, in space (size bytes, aligned for a
 * pointer) when it fits, else in one malloc'd block (then the caller
 * frees the array with free() when it is not space): the entries of envp (NULL-terminated;
 * NULL for none) except tcpserver's own names, then the variables of
 * connection c, then a rule's settings rule[0..rulelen) ("NAME=value\0"
 * one after another, as rules_result.env; an entry without '=' or with an
 * empty name is skipped, bytes after the last NUL ignored), then extra (a
 * NULL-terminated list of "NAME=value", or NULL). A later setting of a
 * name replaces an earlier one, so a rule can override any variable.
 * The array is NULL-terminated; the caller keeps envp, rule and extra
 * alive as long as it (it points into them). */
char **tsenv_build(void *space, size_t size, char *const *envp, const struct tsenv *c,
                   const char *rule, size_t rulelen, char *const *extra) TSENV_WUR;

/* need: the most bytes tsenv_build uses (array and texts) for envc
 * inherited entries, no rule and no extra, and a connection whose host
 * names and remote info take names bytes in all: a caller that must not
 * allocate checks that its space is at least that. */
size_t tsenv_need(size_t envc, size_t names);

/* logline: "tcpserver: WHAT PID LOCALHOST:LOCALIP:LOCALPORT
 * REMOTEHOST:REMOTEIP:REMOTEINFO:REMOTEPORT" (djb's format; unknown
 * fields empty), with extra (may be NULL) after one more space, and a
 * newline, into out (TSENV_LOG_MAX bytes; a longer line is cut, and still
 * ends with its newline). No NUL. Returns the length. */
size_t tsenv_logline(char *out, const char *what, pid_t pid, const struct tsenv *c,
                     const char *extra);

#endif
