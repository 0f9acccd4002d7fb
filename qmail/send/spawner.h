/* spawner.h — what qmail-lspawn and qmail-rspawn share: reading delivery
 * requests, running one child per slot, collecting its output and exit
 * status, and answering (indimail-queue(5), "qmail-send to qmail-lspawn
 * and qmail-rspawn").
 *
 * Requests come on fd 0: slot NUL num NUL sender NUL recipient NUL. For
 * each, spawner_run forks a child whose fd 1 and fd 2 are one pipe; the
 * program's child function (spawner_ops.child) opens the message on fd 0 and
 * execs the delivery program, or reports its own failure with
 * spawner_child_die. The parent reads every child's pipe with iopause (at
 * most SPAWNER_TEXT_MAX bytes are kept, the rest is read and dropped),
 * learns of exits through SIGCHLD and a self-pipe, and never blocks on one
 * child: a slow delivery delays nothing else. When a child has been reaped,
 * whatever it wrote is already in its pipe; that is read, the program's
 * report function turns output and wait status into a result letter (K
 * delivered, Z temporary failure, D permanent failure) and a text, and
 * "slot NUL letter text NUL" goes to fd 1. In the text every byte outside
 * printable ASCII other than a newline becomes '_'.
 *
 * Results are written only when fd 1 is writable, at most PIPE_BUF bytes
 * at a time, so that the spawner never blocks on qmail-send; while more
 * than SPAWNER_OUT_MAX bytes of results wait, no new request is read. At
 * end of input spawner_run stops reading, lets every running delivery end,
 * writes the results (unless fd 1 has failed: results are then dropped)
 * and returns.
 *
 * A request that is malformed (a field too long, a number that is not
 * one) is answered with D when its slot can be read and ignored with a
 * warning otherwise; a request for a slot that is still busy is ignored
 * with a warning. Warnings go to fd 2 as "PROG: warning: ..." lines.
 *
 * Return convention: spawner_parse returns an enum spawner_parse_result;
 * spawner_result and the report functions return 1, or 0 with errno
 * (ENOMEM, EOVERFLOW); spawner_run returns 0 at the normal end or -1 with
 * errno set. */
#ifndef SPAWNER_H
#define SPAWNER_H

#include <stddef.h>
#include <sys/types.h>

#include "stralloc.h"

#define SPAWNER_SLOTS_MAX 1000      /* slots 0 .. 999 (SENDCTL_CONC_MAX) */
#define SPAWNER_TEXT_MAX 1000       /* bytes of a delivery's output kept */
#define SPAWNER_ADDR_MAX 1003       /* the longest sender or recipient */
#define SPAWNER_NUM_MAX 20          /* digits in a slot or message number */
#define SPAWNER_OUT_MAX ((size_t)SPAWNER_SLOTS_MAX * (SPAWNER_TEXT_MAX + 64))

#define SPAWNER_WUR __attribute__((warn_unused_result))

struct spawner_req {
  unsigned long slot;
  unsigned long num;
  char sender[SPAWNER_ADDR_MAX + 1];   /* C strings */
  char rcpt[SPAWNER_ADDR_MAX + 1];
};

enum spawner_parse_result {
  SPAWNER_MORE,      /* every byte was used; no request is complete yet */
  SPAWNER_REQUEST,   /* p->req holds a request */
  SPAWNER_BAD        /* a malformed request ended; p->slotok says whether
                      p->req.slot holds its slot */
};

struct spawner_parser {
  unsigned field;            /* 0 slot, 1 num, 2 sender, 3 recipient */
  size_t len;                /* bytes of the field so far, in cur */
  int toolong;               /* the field is longer than its maximum */
  int bad;                   /* the request is malformed */
  int slotok;                /* req.slot is valid */
  char cur[SPAWNER_ADDR_MAX + 1];
  struct spawner_req req;
};

/* parser_init: ready for the first request. */
void spawner_parser_init(struct spawner_parser *);

/* parse: consume s[0..len) up to the end of one request; *used = the
 * bytes consumed. A slot must be decimal and below SPAWNER_SLOTS_MAX, num
 * decimal (at most SPAWNER_NUM_MAX digits), sender and recipient at most
 * SPAWNER_ADDR_MAX bytes. Pure: no I/O. */
enum spawner_parse_result spawner_parse(struct spawner_parser *, const char *s, size_t len,
                                        size_t *used);

/* result: append "slot NUL letter text NUL" to out, text made printable
 * as described above. */
int spawner_result(stralloc *out, unsigned long slot, char letter, const char *text, size_t len)
    SPAWNER_WUR;

/* local_letter: qmail-local's wait status as a result: exit 0 or 99 K;
 * 100, 64, 65, 70, 76, 77, 78 or 112 D; any other exit, or killed, Z. */
char spawner_local_letter(int wstat);

/* local_report: letter and text (replaced) for a qmail-local run that
 * wrote out[0..len): the text is its output; killed by a signal: "4.3.0
 * qmail-local crashed (signal N)" and the output after a newline; no
 * output with D or Z: "qmail-local exited N". */
int spawner_local_report(int wstat, const char *out, size_t len, char *letter, stralloc *text)
    SPAWNER_WUR;

/* remote_report: letter and text (replaced) for a qmail-remote run that
 * wrote out[0..len) (truncated: the output went on past len, so a last
 * record without its NUL was cut by the spawner and still counts). The
 * records of qmail-remote(8): a recipient record r (accepted), h
 * (permanent) or s (temporary) + text, then K, Z or D + text for the
 * attempt. r gives K, h D, s Z; without a recipient record, the final
 * letter; with neither, or killed by a signal, Z "4.3.0 qmail-remote
 * crashed" (followed by any output). The text is the recipient record's,
 * then the final record's after a newline. */
int spawner_remote_report(int wstat, const char *out, size_t len, int truncated, char *letter,
                        stralloc *text) SPAWNER_WUR;

/* child_die: in a child, before exec: write the C strings (ended by
 * NULL) to fd 1 in one write, as a qmail-remote record when letter is not
 * 0 (letter first, a NUL last), and _exit(code). At most 2000 bytes. */
void spawner_child_die(int code, char letter, const char *s, ...)
    __attribute__((noreturn, sentinel));

struct spawner_ops {
  const char *prog;     /* the program's name for warnings */
  /* child: runs in the child, fd 1 and 2 on the output pipe, fd 0 still
   * the request pipe, signals at their defaults; must exec or _exit. */
  void (*child)(void *ctx, const struct spawner_req *) __attribute__((noreturn));
  /* report: the result of a delivery from its wait status and output
   * (at most SPAWNER_TEXT_MAX bytes, truncated when there was more); 1 or
   * 0 with errno. */
  int (*report)(void *ctx, int wstat, const char *out, size_t len, int truncated, char *letter,
                stralloc *text);
  void *ctx;
};

/* run: the spawner's loop until end of input and the last result, as
 * described at the top. Catches SIGCHLD and ignores SIGPIPE for its
 * lifetime. -1 with errno when the loop itself cannot go on (the
 * self-pipe cannot be made, iopause fails); deliveries still running are
 * then left to finish unreported. */
int spawner_run(const struct spawner_ops *) SPAWNER_WUR;

#endif
