/* qgetpw.h — who receives mail for a local address: users/cdb, then the
 * password database, then the alias user (qmail-users(5), qmail-getpw(8)).
 *
 * The answer is what qmail-local(8) needs: the account name, uid and gid
 * to run as, the home directory, and dash and ext, so that the address is
 * controlled by homedir/.qmail<dash><ext>.
 *
 * USERS/ASSIGN (text, qmail-users(5)): one assignment a line, ended by a
 * line that starts with a dot (anything after it is ignored):
 *   =local:user:uid:gid:homedir:dash:ext:    the address local exactly
 *   +loc:user:uid:gid:homedir:dash:pre:      every address that starts with
 *                                            loc; ext = pre + the rest
 * local and loc compare without regard to case. Of several lines for one
 * address the first wins; an exact line beats every wildcard; a longer
 * wildcard beats a shorter one. Text after the seventh colon is ignored.
 * Stricter than qmail-newu: every line must start with '=' or '+', user
 * must not be empty, uid and gid must be decimal numbers, homedir must be
 * absolute, and no line may hold a NUL or exceed QGETPW_LINE_MAX bytes.
 *
 * USERS/CDB (djb's cdb, the keys and values of qmail-newu(8), so that
 * either program's file works with either reader):
 *   key '!' local NUL   (local in lower case)  for each '=' line
 *   key '!' loc         (lower case, no NUL)    for each '+' line
 *       value: user NUL uid NUL gid NUL homedir NUL dash NUL ext-or-pre
 *              (the six fields, NUL between them, none after the last;
 *              a reader also accepts a final NUL)
 *   key "" (empty)      one record, added last: the "wildchars", each
 *                       distinct last byte (lower case) of a '+' loc,
 *                       in order of appearance. A file without this
 *                       record has no wildchars: of the wildcards only
 *                       the empty loc ("+:...") is ever looked up.
 * Records are added in the order of the lines, so cdb_find returns the
 * first line for a key.
 *
 * LOOKUP ORDER for local (its original case is kept in ext):
 *  1. users/cdb under ASSIGNDIR, when the file exists: the exact key
 *     "!local\0"; else for p = len(local) down to 0 the key "!" + the
 *     first p bytes, tried when p == 0 or the p-th byte is a wildchar;
 *     ext = pre + local[p..].
 *  2. the password database, qmail-getpw(8)'s rules: the candidate names
 *     are local itself and each prefix of local that ends just before a
 *     break character ('-' by default), longest first, at most
 *     QGETPW_USERNAME_MAX bytes, folded to lower case (so accounts with
 *     upper-case names are never chosen). An account is a user when its
 *     uid is not 0 and its home directory exists, is a directory, is owned
 *     by that uid and is writable by neither group nor others. dash is
 *     "" and ext "" for local itself, else "-" and what follows the break.
 *  3. the alias user: dash "-", ext = local. As root (aliashome NULL) it
 *     comes from the password database with no checks; in a private
 *     instance (aliashome set) it is the invoking user's uid and gid with
 *     the home aliashome (QMAILHOME/alias).
 *
 * Return convention: the lookups (qgetpw_lookup, qgetpw_cdb, qgetpw_passwd)
 * return 1 found (out filled), 0 no such user, -1 with errno set and
 * out->what naming the source that failed (a temporary error: the
 * delivery is deferred). errno EPROTO: users/cdb is damaged or holds a bad
 * value; EINVAL: local is longer than QGETPW_LOCAL_MAX or holds a NUL.
 * The builders (qgetpw_assign_parse, qgetpw_assign_cdb, qgetpw_newu)
 * return 1 on success, 0 on failure with errno set (EINVAL: a bad line,
 * EMSGSIZE: an over-long line; the line number is reported). */
#ifndef QGETPW_H
#define QGETPW_H

#include <pwd.h>
#include <stddef.h>
#include <sys/types.h>

#include "paths.h"
#include "stralloc.h"

#define QGETPW_LOCAL_MAX 1003       /* the longest local part looked up */
#define QGETPW_USERNAME_MAX 32      /* the longest account name tried */
#define QGETPW_LINE_MAX 4096        /* the longest users/assign line */
#define QGETPW_DATA_MAX 4096        /* the longest users/cdb value read */
#define QGETPW_ASSIGN_MAX (256ul << 20)  /* the largest users/assign read */
#define QGETPW_BREAK_DEFAULT '-'

#define QGETPW_WUR __attribute__((warn_unused_result))

enum qgetpw_source { QGETPW_NONE, QGETPW_EXACT, QGETPW_WILD, QGETPW_PASSWD, QGETPW_ALIAS };

struct qgetpw {
  stralloc user, home, dash, ext;   /* C strings: the NUL is stored past len */
  uid_t uid;
  gid_t gid;
  enum qgetpw_source source;
  const char *what;                 /* after -1: "users/cdb", "the password
                                       database" or "the home directory" */
};
#define QGETPW_ZERO { STRALLOC_ZERO, STRALLOC_ZERO, STRALLOC_ZERO, STRALLOC_ZERO, 0, 0, QGETPW_NONE, 0 }

typedef struct passwd *(*qgetpw_getpwnam_fn)(const char *name);

struct qgetpw_ctl {
  const char *cdb;                /* the path of users/cdb; NULL: none */
  const char *alias;              /* the alias user's name (conf-users) */
  const char *aliashome;          /* NULL: the alias user from the password
                                     database; else a private instance's
                                     alias home, with the invoking ids */
  char breakc;                    /* the extension separator */
  qgetpw_getpwnam_fn getpwnam;    /* NULL: getpwnam(3); tests use a fake */
};

/* lookup: the three steps above for local[0..len). out (zeroed with
 * QGETPW_ZERO or reused) is overwritten; free it with qgetpw_free. */
int qgetpw_lookup(const struct qgetpw_ctl *, const char *local, size_t len,
                  struct qgetpw *out) QGETPW_WUR;

/* cdb: step 1 alone, with the users/cdb at path (a missing file: 0). */
int qgetpw_cdb(const char *path, const char *local, size_t len, struct qgetpw *out) QGETPW_WUR;

/* passwd: step 2 alone. */
int qgetpw_passwd(const struct qgetpw_ctl *, const char *local, size_t len,
                  struct qgetpw *out) QGETPW_WUR;

/* free: release what out holds; harmless twice. */
void qgetpw_free(struct qgetpw *out);

/* ctl_init: ctl as qmail-lspawn and qmail-getpw look users up in the
 * installation ps: users/cdb under ASSIGNDIR, the alias user named in
 * conf-users, the alias home QMAILHOME/alias unless the process runs as
 * root (then NULL: the alias user's own), the default break character,
 * getpwnam(3). cdb and aliashome receive the paths ctl points to and must
 * live as long as ctl. 1, or 0 with errno set (ENOMEM). */
int qgetpw_ctl_init(struct qgetpw_ctl *ctl, const struct paths *ps, stralloc *cdb,
                    stralloc *aliashome) QGETPW_WUR;

/* scanid: 1 with the value in *out when s[0..n) is a uid or gid that
 * users/assign takes: n > 0 decimal digits, nothing else, a value that
 * fits uid_t and gid_t and is not their largest ((uid_t)-1); else 0.
 * Pure. */
int qgetpw_scanid(const char *s, size_t n, unsigned long *out) QGETPW_WUR;

/* field: the next field of a line of fields separated by sep (':' in
 * users/assign and passwd lines, NUL in users/cdb values): *f and *fl get
 * s[*pos..) up to the next sep, and *pos moves past that sep. 0, with
 * nothing changed, when no sep is left in s[*pos..len). Pure. */
int qgetpw_field(const char *s, size_t len, char sep, size_t *pos, const char **f,
                 size_t *fl) QGETPW_WUR;

/* assign_fn: receives each cdb record the parser makes, in order; returns
 * 1 to go on, 0 (with errno) to stop the parse. */
typedef int (*qgetpw_assign_fn)(void *ctx, const char *key, size_t keylen,
                                const char *data, size_t datalen);

/* assign_parse: the users/assign text s[0..len) into records, given to fn
 * (the last one is the wildchars record). Pure: no I/O. On failure errno
 * is EINVAL (a bad line or a missing final dot), EMSGSIZE (a line over
 * QGETPW_LINE_MAX), ENOMEM, or fn's; *errline (may be NULL) is the number
 * of the line at fault, counted from 1 (0 when fn failed). */
int qgetpw_assign_parse(const char *s, size_t len, qgetpw_assign_fn fn, void *ctx,
                        size_t *errline) QGETPW_WUR;

/* assign_cdb: parse s[0..len) and write the cdb to fd (an empty file open
 * for writing; not fsynced, not closed). */
int qgetpw_assign_cdb(const char *s, size_t len, int fd, size_t *errline) QGETPW_WUR;

/* newu: what qmail-newu does in assigndir: read assign, write cdb.tmp
 * (mode 0644), fsync, rename it to cdb, fsync the directory. On failure
 * users/cdb is left as it was and err holds a line for the log such as
 * "bad format in /x/users/assign line 3: invalid argument" (no newline,
 * not NUL-terminated). */
int qgetpw_newu(const char *assigndir, stralloc *err) QGETPW_WUR;

#endif
