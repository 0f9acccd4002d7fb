/* mlline.h — multilog's input side: cutting the byte stream into lines,
 * each with a head (an optional TAI64N timestamp and the first bytes, at
 * most ML_LINE_MAX in all) that the script looks at, and a rest that is
 * passed on untouched; plus the formats of e and =.
 *
 * A line's head is complete when its newline arrives or when it holds
 * ML_LINE_MAX bytes; bytes after that up to the newline are the rest.
 * The timestamp of a line is the time its first byte was taken.
 *
 * Return convention: the functions cannot fail. mlline_feed consumes
 * bytes and reports at most one event per call; it is pure apart from
 * the clock, which the caller may replace (for tests). */
#ifndef MLLINE_H
#define MLLINE_H

#include <stddef.h>

#include "mlscript.h"
#include "taia.h"

enum mlline_kind {
  MLLINE_NONE,  /* everything given was taken; no event */
  MLLINE_HEAD,  /* a head is complete: head[0..len) */
  MLLINE_REST   /* bytes of the rest of a line: p[0..n) */
};

struct mlline_ev {
  enum mlline_kind kind;
  int ended;      /* the line ended here: for HEAD, head[len] holds a
                   * newline (not counted in len); for REST, p[n-1] is it */
  const char *p;  /* REST: the bytes, inside the caller's buffer */
  size_t n;
};

struct mlline {
  char head[ML_LINE_MAX + 1];  /* room for the newline after a full head */
  size_t len;
  int state;                   /* 0 between lines, 1 in a head, 2 in a rest */
  int stamp;                   /* put a timestamp in front of each line */
  void (*clock)(struct taia *);
};

/* init: a stream at its start; stamp = 1 for t. clock is taia_now. */
void mlline_init(struct mlline *l, int stamp);

/* feed: take bytes from buf[0..n) and return how many were taken; *ev
 * says what happened. A HEAD event's head stays valid until the next
 * call. Call again with the bytes not taken until it returns 0. */
size_t mlline_feed(struct mlline *l, const char *buf, size_t n, struct mlline_ev *ev);

/* eof: end of input. When a line was unfinished, *ev is the event that
 * finishes it with a newline (HEAD with ended = 1, or REST with ended = 1
 * and p = "\n") and 1 is returned; else 0. The stream is then between
 * lines. */
int mlline_eof(struct mlline *l, struct mlline_ev *ev);

/* between: 1 when no line is under way (the last byte taken was a
 * newline, or nothing was taken yet). */
int mlline_between(const struct mlline *l);

/* room for what mlline_alert writes */
#define MLLINE_ALERT_LEN (ML_ALERT_MAX + 4)

/* alert: the e line for a head: its first ML_ALERT_MAX bytes, then "..."
 * when it is longer, then a newline. Returns the length. */
size_t mlline_alert(char out[MLLINE_ALERT_LEN], const char *head, size_t len);

/* status: the = block for a head: its first ML_LINE_MAX bytes padded with
 * newlines to ML_STATUS_LEN bytes. */
void mlline_status(char out[ML_STATUS_LEN], const char *head, size_t len);

#endif
