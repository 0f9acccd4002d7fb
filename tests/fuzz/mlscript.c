/* mlscript.c — fuzz target: multilog's script parser, its star patterns
 * and its line cutter on arbitrary bytes. The input is a log line, a NUL,
 * and script arguments separated by NULs. Checks: the parse keeps its
 * promises, the walk is consistent with mlmatch, and cutting the line
 * into heads and rests loses, adds and reorders nothing whatever the
 * piece size. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mlline.h"
#include "mlmatch.h"
#include "mlscript.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ARGS 64

/* check_script: parse the arguments and walk them over the line */
static void check_script(const char *line, size_t len, char **argv, int argc)
{
  struct ml_script s;
  struct ml_error e;
  unsigned char sel[FUZZ_ARGS + 1];
  int on = 1, last;
  if (!mlscript_parse(&s, argc, argv, &e)) {
    if (e.code == ML_ERR_NONE || e.index < 0 || e.index >= argc || s.act) abort();
    return;
  }
  if (s.n > (size_t)argc || s.ndirs + s.nstatus > s.n) abort();
  last = mlscript_select(&s, line, len, sel);
  for (size_t i = 0; i < s.n; ++i) {
    const struct ml_action *a = &s.act[i];
    size_t l = len > ML_LINE_MAX ? ML_LINE_MAX : len;
    if (a->kind == ML_DIR && (a->size < ML_SIZE_MIN || a->size > ML_SIZE_MAX || a->num < ML_NUM_MIN))
      abort();
    if (a->kind == ML_SELECT && mlmatch(a->arg, a->arglen, line, l)) on = 1;
    if (a->kind == ML_DESELECT && mlmatch(a->arg, a->arglen, line, l)) on = 0;
    if (sel[i] != on) abort();
    /* a pattern without stars matches exactly the equal line */
    if ((a->kind == ML_SELECT || a->kind == ML_DESELECT) && !memchr(a->arg, '*', a->arglen)
        && mlmatch(a->arg, a->arglen, line, l) != (a->arglen == l && !memcmp(a->arg, line, l)))
      abort();
  }
  if (last != on) abort();
  mlscript_free(&s);
}

/* cut: the line through mlline in pieces of step; the bytes that come
 * out (heads, rests, and the newline EOF adds) must be the input plus a
 * final newline when it had none */
static void check_cut(const char *in, size_t len, size_t step, char *out)
{
  struct mlline l;
  struct mlline_ev ev;
  size_t pos = 0, o = 0;
  mlline_init(&l, 0);
  while (pos < len) {
    size_t n = len - pos < step ? len - pos : step;
    size_t used = mlline_feed(&l, in + pos, n, &ev);
    if (!used || used > n) abort();
    pos += used;
    if (ev.kind == MLLINE_HEAD) {
      size_t k = l.len + (ev.ended ? 1 : 0);
      if (l.len > ML_LINE_MAX) abort();
      memcpy(out + o, l.head, k);
      o += k;
    } else if (ev.kind == MLLINE_REST) {
      memcpy(out + o, ev.p, ev.n);
      o += ev.n;
    }
  }
  if (mlline_eof(&l, &ev)) {
    if (ev.kind == MLLINE_HEAD) { memcpy(out + o, l.head, l.len + 1); o += l.len + 1; }
    else { memcpy(out + o, ev.p, ev.n); o += ev.n; }
  }
  if (o != len + (len && in[len - 1] != '\n') || memcmp(out, in, len) != 0) abort();
  if (o > len && out[len] != '\n') abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *copy = malloc(size + 1), *out = malloc(size + 2);
  char *argv[FUZZ_ARGS + 1];
  const char *line;
  size_t linelen, pos;
  int argc = 0;
  if (!copy || !out) { free(copy); free(out); return 0; }
  memcpy(copy, data, size);
  copy[size] = 0;
  line = copy;
  linelen = strlen(copy);
  pos = linelen + 1;
  while (pos <= size && argc < FUZZ_ARGS) {
    argv[argc++] = copy + pos;
    pos += strlen(copy + pos) + 1;
  }
  argv[argc] = NULL;
  check_script(line, linelen, argv, argc);
  check_cut(line, linelen, 1, out);
  check_cut(line, linelen, 3, out);
  check_cut(line, linelen, linelen ? linelen : 1, out);
  {
    char alert[MLLINE_ALERT_LEN], st[ML_STATUS_LEN];
    size_t n = mlline_alert(alert, line, linelen);
    if (n > MLLINE_ALERT_LEN || alert[n - 1] != '\n') abort();
    mlline_status(st, line, linelen);
    if (st[ML_STATUS_LEN - 1] != '\n') abort();
  }
  free(copy);
  free(out);
  return 0;
}
