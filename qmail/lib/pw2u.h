/* pw2u.h — qmail-pw2u's pure part: V7 passwd lines and the lines of the
 * subusers and mailnames files into users/assign lines (qmail-pw2u(8),
 * qmail-users(5)). No I/O: the program checks home directories and reads
 * the files; this module parses and formats.
 *
 * Every assign line this module writes is one that qgetpw_assign_parse
 * (and so qmail-newu) accepts: a non-empty user, decimal ids, an absolute
 * home, no NUL, no newline, at most QGETPW_LINE_MAX bytes.
 *
 * The lines written, for a name (the account's own, or a mailname):
 *   =name:user:uid:gid:home:::              the address name itself
 *   +nameB:user:uid:gid:home:D::            nameBext, handled by .qmailDext
 * and for a subusers entry sub:user:pre:
 *   =sub:user:uid:gid:home:D:pre:           sub, handled by .qmailDpre
 *   +subB:user:uid:gid:home:D:pre-:         subBext, handled by .qmailDpre-ext
 * where B is the break character (no '+' line at all when it is 0, -C)
 * and D is "-", or "-/" with the slash option (-/).
 *
 * Return convention: builders and parsers return 1 on success, 0 on
 * failure with errno set: EINVAL for a malformed line or a field that
 * cannot go into users/assign (an empty or over-long name, a NUL, an id
 * that is not a decimal number that fits, a home that is not absolute),
 * EMSGSIZE for an assign line over QGETPW_LINE_MAX, ENOMEM. Predicates
 * return 1 or 0. On failure nothing is appended to an output stralloc. */
#ifndef PW2U_H
#define PW2U_H

#include <stddef.h>

#include "qgetpw.h"
#include "stralloc.h"

#define PW2U_LINE_MAX 4096            /* the longest input line (no newline) */
/* the longest user, mailname or sub: with the break appended it is still a
 * local part that users/assign takes */
#define PW2U_NAME_MAX (QGETPW_LOCAL_MAX - 1)

#define PW2U_WUR __attribute__((warn_unused_result))

/* an account: user and home point into the parsed line */
struct pw2u_pw {
  const char *user;
  size_t userlen;
  unsigned long uid, gid;
  const char *home;
  size_t homelen;
};

struct pw2u_opt {
  char breakc;   /* the user-extension delimiter; 0 disables '+' lines */
  int slash;     /* 1: dash "-/" instead of "-" */
};

/* parse: the passwd line s[0..len) (without its newline), at least seven
 * fields user:password:uid:gid:gecos:home:shell (the shell is everything
 * after the sixth colon and is ignored). user must be 1..PW2U_NAME_MAX
 * bytes; uid and gid decimal and within uid_t / gid_t (the largest value,
 * -1, is refused); no NUL anywhere. home may be anything else, even empty
 * or relative (see pw2u_homeok). pw points into s. */
int pw2u_parse(const char *s, size_t len, struct pw2u_pw *pw) PW2U_WUR;

/* skip: 1 when the passwd line s[0..len) is not an account and is passed
 * over: empty, a comment ('#'), or an NIS compat entry ('+' or '-'). */
int pw2u_skip(const char *s, size_t len);

/* hasupper: 1 when s[0..n) holds an ASCII upper-case letter. */
int pw2u_hasupper(const char *s, size_t n);

/* homeok: 1 when the home can go into users/assign: absolute, no NUL. */
int pw2u_homeok(const struct pw2u_pw *pw);

/* user: append to out the '=' and '+' lines that give name[0..namelen)
 * (and nameBext) to the account pw. */
int pw2u_user(stralloc *out, const struct pw2u_opt *opt, const char *name, size_t namelen,
              const struct pw2u_pw *pw) PW2U_WUR;

/* sub: append to out the lines of the subusers entry sub, pre, for the
 * account pw (whose user field is the one written). */
int pw2u_sub(stralloc *out, const struct pw2u_opt *opt, const char *sub, size_t sublen,
             const char *pre, size_t prelen, const struct pw2u_pw *pw) PW2U_WUR;

/* subparse: a subusers line s[0..len), "sub:user:pre:" (anything after
 * the third colon is ignored): the three fields, pointing into s. sub and
 * user must not be empty; pre may be. */
int pw2u_subparse(const char *s, size_t len, const char **sub, size_t *sublen,
                  const char **user, size_t *userlen, const char **pre, size_t *prelen) PW2U_WUR;

/* nextname: the mailnames value s[0..len) ("m1:m2:..."): the next
 * non-empty name at or after *pos, into *name, *namelen; *pos moves past
 * it. 1 found, 0 no more names. */
int pw2u_nextname(const char *s, size_t len, size_t *pos, const char **name, size_t *namelen);

/* remember: append the record "user:user:uid:gid:home" and a NUL to sa,
 * the layout constmap_init(..., 1) takes: the key is the user, the value
 * what pw2u_recall reads back. */
int pw2u_remember(stralloc *sa, const struct pw2u_pw *pw) PW2U_WUR;

/* recall: the account from a value pw2u_remember wrote (the C string v);
 * pw points into v. */
int pw2u_recall(const char *v, struct pw2u_pw *pw) PW2U_WUR;

#endif
