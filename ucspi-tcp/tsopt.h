/* tsopt.h — tcpserver's command line, its host and port arguments, and
 * the -c limit file.
 *
 * Return convention: tsopt_parse returns 1, or 0 when the usage line is
 * due, with *err a static text to print before it ("illegal option -- ",
 * "bad limit for -c: ", ... followed by *errarg, the option letter or the
 * value at fault), or *err NULL when only the usage line is due. tsopt_number and tsopt_limitparse are predicates
 * (1 valid / 0 not). tsopt_host returns a TSOPT_HOST_* code.
 * tsopt_limitfile is syscall-like (0, or -1 with errno: EINVAL for a file
 * whose first line is not a valid limit, or the error of open/read).
 * Everything but tsopt_limitfile is pure. */
#ifndef TSOPT_H
#define TSOPT_H

#include <stddef.h>

#define TSOPT_WUR __attribute__((warn_unused_result))

#define TS_LIMIT_DEFAULT 40ul     /* -c: djb's default */
#define TS_LIMIT_MAX 100000ul     /* the largest -c or -C value */
#define TS_LIMIT_MAX_TEXT "100000"
#define TS_BACKLOG_DEFAULT 20ul   /* -b */
#define TS_BACKLOG_MAX 65535ul
#define TS_TIMEOUT_DEFAULT 26ul   /* -t, seconds for the ident lookup */
#define TS_TIMEOUT_MAX 3600ul
#define TS_LIMITFILE_MAX 64       /* bytes of a -c file that are read */

struct ts_opts {
  /* arguments */
  const char *host;
  const char *port;
  char **prog;               /* the program and its arguments */
  /* -c: a number, or a file (limitfile != NULL) holding one */
  unsigned long limit;
  const char *limitfile;
  unsigned long perip;       /* -C: per remote IP; 0 = no limit */
  const char *rules;         /* -x, or NULL */
  int allownorules;          /* -X */
  const char *banner;        /* -B, "" for none */
  const char *uid, *gid;     /* -u, -g (-U: $UID, $GID), or NULL */
  int flag1;                 /* -1 */
  unsigned long backlog;     /* -b */
  const char *localname;     /* -l, or NULL: look the name up */
  unsigned long timeout;     /* -t */
  int killopts;              /* -O (1, default) / -o (0) */
  int nodelay;               /* -D (1) / -d (0, default) */
  int remotehost;            /* -h (1, default) / -H (0) */
  int paranoid;              /* -p (1) / -P (0, default) */
  int remoteinfo;            /* -r (1, default) / -R (0) */
  int verbosity;             /* -q 0, -Q 1 (default), -v 2 */
  int family;                /* 0 any, 4 (-4), 6 (-6) */
  /* TLS */
  int tls;                   /* -s */
  const char *certfile;      /* -n, else $TLS_CERTFILE */
  const char *keyfile;       /* -k, else $TLS_KEYFILE */
  const char *cafile;        /* -a, else $TLS_CAFILE */
  const char *ciphers;       /* -L, else $TLS_CIPHER_LIST */
  char badopt[2];            /* after a failed parse: the option letter at fault */
};

/* parse: fill o from argv[1..argc) (argv[0] is the program's name). The
 * options are djb's (-1UXpPhHrRoOdDqQv, -c -x -B -g -u -b -l -t) plus -4
 * -6 -C -s -n -k -a -L; options may be grouped ("-HRl0") and end at the
 * first argument that does not start with '-' or at "--". Then host,
 * port and at least one word of program. -U takes the values of
 * env_uid / env_gid (the caller passes $UID and $GID; NULL: unchanged).
 * The TLS file names fall back to the tls_* arguments (the environment
 * values, which may be NULL). o is overwritten; its strings point into
 * argv and the other arguments. */
int tsopt_parse(struct ts_opts *o, int argc, char **argv, const char *env_uid,
                const char *env_gid, const char **err, const char **errarg) TSOPT_WUR;

/* number: s is 1 to 20 decimal digits with a value <= max, stored in *out.
 * Returns 1, else 0 (*out untouched). */
int tsopt_number(const char *s, unsigned long max, unsigned long *out) TSOPT_WUR;

/* limitparse: the limit in s[0..len): optional blanks, a decimal number
 * from 1 to TS_LIMIT_MAX, optional blanks, then the end or a newline
 * (what follows the first newline is ignored). Returns 1 and *out, else 0. */
int tsopt_limitparse(const char *s, size_t len, unsigned long *out) TSOPT_WUR;

/* limitfile: read the limit from the file path (its first
 * TS_LIMITFILE_MAX bytes) into *out. */
int tsopt_limitfile(const char *path, unsigned long *out) TSOPT_WUR;

enum tsopt_host {
  TSOPT_HOST_NAME = 0,      /* not a literal: look the name up */
  TSOPT_HOST_LITERAL = 1,   /* ip and *is_v6 set */
  TSOPT_HOST_BADFAMILY = -1 /* a literal of the family -4/-6 excluded */
};

/* host: the listening address for host under family (0, 4 or 6). "" and
 * "0" are 0.0.0.0 (djb), or :: with -6. "::" is IPv6 and, without -6,
 * also takes IPv4 clients (*dual = 1). An address literal gives its own
 * family. ip gets 16 bytes (IPv4 v4-mapped); *dual is 0 except as said. */
int tsopt_host(const char *host, int family, unsigned char ip[16], int *is_v6,
               int *dual) TSOPT_WUR;

#endif
