/* mlline.c — multilog's line heads and rests, and the e and = formats. */
#include "mlline.h"

#include <string.h>

#include "tai64n.h"

void mlline_init(struct mlline *l, int stamp)
{
  l->len = 0;
  l->state = 0;
  l->stamp = stamp;
  l->clock = taia_now;
}

/* begin: start a head, with its timestamp when asked */
static void mlline_begin(struct mlline *l)
{
  l->len = 0;
  if (l->stamp) {
    struct taia now;
    l->clock(&now);
    l->len = tai64n_fmt(l->head, &now);
    l->head[l->len++] = ' ';
  }
  l->state = 1;
}

/* rest: the event for bytes of a rest */
static size_t mlline_rest(struct mlline *l, const char *buf, size_t n, struct mlline_ev *ev)
{
  const char *nl = memchr(buf, '\n', n);
  size_t k = nl ? (size_t)(nl - buf) + 1 : n;
  ev->kind = MLLINE_REST;
  ev->p = buf;
  ev->n = k;
  ev->ended = nl != NULL;
  if (nl) l->state = 0;
  return k;
}

size_t mlline_feed(struct mlline *l, const char *buf, size_t n, struct mlline_ev *ev)
{
  const char *nl;
  size_t room, k;
  ev->kind = MLLINE_NONE;
  ev->ended = 0;
  ev->p = NULL;
  ev->n = 0;
  if (!n) return 0;
  if (l->state == 2) return mlline_rest(l, buf, n, ev);
  if (l->state == 0) mlline_begin(l);
  room = ML_LINE_MAX - l->len;
  k = n < room ? n : room;
  nl = memchr(buf, '\n', k);
  if (nl) {
    k = (size_t)(nl - buf);
    memcpy(l->head + l->len, buf, k);
    l->len += k;
    l->head[l->len] = '\n';
    l->state = 0;
    ev->kind = MLLINE_HEAD;
    ev->ended = 1;
    return k + 1;
  }
  memcpy(l->head + l->len, buf, k);
  l->len += k;
  if (l->len < ML_LINE_MAX) return k;
  /* a full head whose newline has not come yet: the newline may be the
   * very next byte, which ends the line without a rest */
  if (k < n && buf[k] == '\n') {
    l->head[l->len] = '\n';
    l->state = 0;
    ev->kind = MLLINE_HEAD;
    ev->ended = 1;
    return k + 1;
  }
  l->state = 2;
  ev->kind = MLLINE_HEAD;
  return k;
}

int mlline_eof(struct mlline *l, struct mlline_ev *ev)
{
  int st = l->state;
  ev->kind = MLLINE_NONE;
  ev->ended = 0;
  ev->p = NULL;
  ev->n = 0;
  l->state = 0;
  if (st == 1) {
    l->head[l->len] = '\n';
    ev->kind = MLLINE_HEAD;
    ev->ended = 1;
    return 1;
  }
  if (st == 2) {
    ev->kind = MLLINE_REST;
    ev->p = "\n";
    ev->n = 1;
    ev->ended = 1;
    return 1;
  }
  return 0;
}

int mlline_between(const struct mlline *l)
{
  return l->state == 0;
}

size_t mlline_alert(char out[MLLINE_ALERT_LEN], const char *head, size_t len)
{
  size_t k = len > ML_ALERT_MAX ? ML_ALERT_MAX : len;
  memcpy(out, head, k);
  if (len > ML_ALERT_MAX) {
    memcpy(out + k, "...", 3);
    k += 3;
  }
  out[k++] = '\n';
  return k;
}

void mlline_status(char out[ML_STATUS_LEN], const char *head, size_t len)
{
  size_t k = len > ML_LINE_MAX ? ML_LINE_MAX : len;
  memcpy(out, head, k);
  memset(out + k, '\n', ML_STATUS_LEN - k);
}
