/* tsrelay.h — tcpserver -s: talking to tcpserver-tls, the program that
 * holds the TLS side, so that tcpserver itself links no TLS library (its
 * mappings would make every fork dearer).
 *
 * Design. tcpserver finds tcpserver-tls (TSRELAY_NAME) in the directory
 * of its own executable (as /proc/self/exe names it), else in
 * PREFIX/bin. When it starts, as root before -u and -g:
 *   1. it runs tcpserver-tls -C, which loads the certificate as given and
 *      says what is wrong with it (then tcpserver exits as it did);
 *   2. it copies the certificate, key and CA files into sealed memory
 *      files (memfd_create(2)), so that they may be readable by root only
 *      and a changed certificate is taken up at the next restart; where
 *      the kernel has no memory files, the relay gets the file names and
 *      reads them with tcpserver's lasting privileges.
 * After giving up root it starts tcpserver-tls -Z, the relay server,
 * with a control socket (SOCK_SEQPACKET) on its descriptor 0; the relay
 * server loads the copies once and keeps them. For each connection,
 * tcpserver's child (after its log line, lookups, rules and limits)
 * makes a socket pair for the program and a pipe for the answer, and
 * sends the connection, the relay's end of the pair and the pipe's write
 * end over the control socket (tsrelay_request). The relay server forks a
 * worker that does the handshake, sends the banner through TLS, answers
 * on the pipe (tsrelay_pack: the TLS variables, or why it failed), and
 * relays between the TLS connection and the pair. The child reads the
 * answer (tsrelay_result) and execs the program on its end of the pair
 * with the TLS variables added: the program is the child tcpserver
 * counts, logs and waits for, as on a plain connection.
 *
 * Return convention: tsrelay_where, tsrelay_argv and tsrelay_pack return
 * 1, or 0 with errno (ENOMEM, EOVERFLOW); tsrelay_copy returns a
 * descriptor, or -1 with errno (the error of open or read, EFBIG past
 * TSRELAY_PEM_MAX, ENOSYS when there are no memory files);
 * tsrelay_copies, tsrelay_start and tsrelay_request return 0,
 * tsrelay_run a pid, tsrelay_result and tsrelay_receive the bytes read or
 * the descriptors received, all of them -1 with errno on failure;
 * tsrelay_check returns the check's wait status, or -1; tsrelay_unpack
 * returns the number of variables, or -1 when the answer is a failure
 * (then *why is its text). */
#ifndef TSRELAY_H
#define TSRELAY_H

#include <stddef.h>
#include <sys/types.h>

#include "fmt.h"
#include "stralloc.h"

#define TSRELAY_NAME "tcpserver-tls"
/* the largest certificate, key or CA file */
#define TSRELAY_PEM_MAX (16ul << 20)
/* the relay's own words in its argv, at most (options) */
#define TSRELAY_ARGS 18
/* the largest answer; a pipe takes it in one write */
#define TSRELAY_ANSWER_MAX 2048
/* the most TLS variables in an answer */
#define TSRELAY_VARS_MAX 8
/* descriptors in a request: the connection, the relay's end of the
 * program's socket pair, the answer pipe's write end */
#define TSRELAY_FDS 3

#define TSRELAY_WUR __attribute__((warn_unused_result))

/* what the relay is told; NULL: not given */
struct tsrelay_conf {
  const char *certfile;   /* a file name, or with fds a descriptor number */
  const char *keyfile;
  const char *cafile;
  const char *ciphers;    /* TLS 1.2 cipher list */
  const char *suites;     /* TLS 1.3 cipher suites */
  const char *banner;     /* "" or NULL: none */
  int verbosity;          /* 0, 1, 2 as tcpserver's -q, -Q, -v */
  int fds;                /* 1: the three files are descriptor numbers (-d) */
};

/* the relay server, as tcpserver keeps it */
struct tsrelay {
  stralloc path;              /* tcpserver-tls */
  int copy[3];                /* copies of the certificate, key, CA files, or -1 */
  char num[3][FMT_ULONG];     /* their numbers, for the argv */
  char **argv;                /* the argv that serves */
  int ctl;                    /* our end of the control socket, or -1 */
  pid_t pid;                  /* the relay server, once started */
};

enum tsrelay_mode {
  TSRELAY_CHECK = 'C',    /* load the certificate, report, exit */
  TSRELAY_SERVE = 'Z'     /* serve requests on descriptor 0 */
};

/* where: into path (NUL-terminated), the relay next to self (the path of
 * our executable, or NULL when unknown), else in prefix/bin. */
int tsrelay_where(stralloc *path, const char *self, const char *prefix) TSRELAY_WUR;

/* argv: a malloc'd argv running the relay at path in mode with c. It
 * points at path and c's strings, which the caller keeps. */
int tsrelay_argv(char ***argv, const char *path, const struct tsrelay_conf *c,
                 enum tsrelay_mode mode) TSRELAY_WUR;

/* copy: the contents of file in a sealed memory file, inherited across
 * exec (not close-on-exec), read-only from then on. */
int tsrelay_copy(const char *file) TSRELAY_WUR;

/* copies: copy c's certificate, key and CA files (tsrelay_copy) into
 * r->copy, and make c name the copies (c->fds = 1). Where there are no
 * memory files, nothing is copied and c is left as it was (0). On
 * failure *bad is the file at fault. */
int tsrelay_copies(struct tsrelay *r, struct tsrelay_conf *c, const char **bad) TSRELAY_WUR;

/* start: run r->argv with a new control socket (r->ctl, close-on-exec),
 * then close the copies, which only the relay server needs. */
int tsrelay_start(struct tsrelay *r) TSRELAY_WUR;

/* check: run argv and wait for it. Its messages go to our standard
 * error; when it cannot be run, the child says "tcpserver: fatal: unable
 * to run PATH: reason" and exits 111. */
int tsrelay_check(char *const *argv) TSRELAY_WUR;

/* run: start argv with ctl on its descriptor 0 (and its 1 on
 * /dev/null); the caller keeps ctl too. */
pid_t tsrelay_run(char *const *argv, int ctl) TSRELAY_WUR;

/* request: send fds (TSRELAY_FDS of them) to the relay over ctl. */
int tsrelay_request(int ctl, const int fds[TSRELAY_FDS]) TSRELAY_WUR;

/* receive: (the relay) the next request on ctl into fds, close-on-exec:
 * TSRELAY_FDS, or 0 at the end of requests (everybody closed ctl); a
 * message with another number of descriptors is dropped, its
 * descriptors closed, and -1 EPROTO returned. */
int tsrelay_receive(int ctl, int fds[TSRELAY_FDS]) TSRELAY_WUR;

/* result: read the answer from fd until its end, into x
 * (TSRELAY_ANSWER_MAX bytes). */
ssize_t tsrelay_result(int fd, char *x) TSRELAY_WUR;

/* pack: an answer into x (TSRELAY_ANSWER_MAX bytes), *len its length:
 * with why NULL a success carrying the "NAME=value" entries of v
 * (NULL-terminated; entries that do not fit are left out), else a
 * failure with the text why (cut to fit). */
int tsrelay_pack(char *x, size_t *len, char *const *v, const char *why) TSRELAY_WUR;

/* unpack: the answer x[0..len) (changed in place): the TLS variables
 * into v (TSRELAY_VARS_MAX + 1 pointers, NULL-terminated). An empty or
 * malformed answer is a failure with the text "no answer from
 * tcpserver-tls". */
int tsrelay_unpack(char *x, size_t len, char **v, const char **why);

#endif
