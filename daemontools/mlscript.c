/* mlscript.c — parsing multilog's script and walking it for a line. */
#include "mlscript.h"

#include <stdlib.h>

#include "mlmatch.h"
#include "scan.h"
#include "str.h"

/* the settings that s, n, ! and z carry to later directory actions */
struct ml_settings {
  size_t size;
  unsigned long num;
  const char *processor;
  int gzip;
};

/* number: the whole of s as a decimal number, saturating at ULONG_MAX;
 * 0 when s is empty or holds anything but digits */
static int ml_number(const char *s, unsigned long *out)
{
  size_t len = str_len(s), used;
  unsigned long v;
  if (!len) return 0;
  for (size_t i = 0; i < len; ++i)
    if (s[i] < '0' || s[i] > '9') return 0;
  used = scan_ulong(s, len, &v);
  *out = used == len ? v : (unsigned long)-1;
  return 1;
}

/* setting: apply s, n, ! or z to set; ML_ERR_NONE or an error */
static enum ml_err ml_setting(struct ml_settings *set, const char *a)
{
  unsigned long v;
  switch (a[0]) {
  case 's':
    if (!ml_number(a + 1, &v)) return ML_ERR_SIZE;
    set->size = v < ML_SIZE_MIN ? ML_SIZE_MIN : v > ML_SIZE_MAX ? ML_SIZE_MAX : (size_t)v;
    return ML_ERR_NONE;
  case 'n':
    if (!ml_number(a + 1, &v)) return ML_ERR_NUM;
    set->num = v < ML_NUM_MIN ? ML_NUM_MIN : v > ML_NUM_MAX ? ML_NUM_MAX : v;
    return ML_ERR_NONE;
  case '!':
    if (!a[1]) return ML_ERR_PROCESSOR;
    set->processor = a + 1;
    return ML_ERR_NONE;
  default: /* z */
    if (a[1]) return ML_ERR_FLAG;
    set->gzip = 1;
    return ML_ERR_NONE;
  }
}

/* action: fill *act from argument a; ML_ERR_NONE or an error */
static enum ml_err ml_action(struct ml_action *act, const struct ml_settings *set, const char *a)
{
  act->arg = a + 1;
  act->arglen = str_len(a + 1);
  switch (a[0]) {
  case '+': act->kind = ML_SELECT; return ML_ERR_NONE;
  case '-': act->kind = ML_DESELECT; return ML_ERR_NONE;
  case 'e':
    act->kind = ML_ALERT;
    return a[1] ? ML_ERR_FLAG : ML_ERR_NONE;
  case '=':
    act->kind = ML_STATUS;
    return a[1] ? ML_ERR_NONE : ML_ERR_STATUS;
  case '.': case '/':
    act->kind = ML_DIR;
    act->arg = a;
    act->arglen = str_len(a);
    act->size = set->size;
    act->num = set->num;
    act->processor = set->processor;
    act->gzip = set->gzip;
    return ML_ERR_NONE;
  default:
    return ML_ERR_UNKNOWN;
  }
}

/* one: parse argument i into s (which has room); ML_ERR_NONE or error */
static enum ml_err ml_one(struct ml_script *s, struct ml_settings *set, int i, const char *a)
{
  enum ml_err e;
  if (!a[0]) return ML_ERR_EMPTY;
  if (a[0] == 't') return i == 0 && !a[1] ? ML_ERR_NONE : ML_ERR_STAMP;
  if (a[0] == 's' || a[0] == 'n' || a[0] == '!' || a[0] == 'z') {
    e = ml_setting(set, a);
    if (e == ML_ERR_NONE && a[0] == 'z') s->gzip = 1;
    return e;
  }
  e = ml_action(&s->act[s->n], set, a);
  if (e != ML_ERR_NONE) return e;
  if (s->act[s->n].kind == ML_DIR) ++s->ndirs;
  if (s->act[s->n].kind == ML_STATUS) ++s->nstatus;
  ++s->n;
  return ML_ERR_NONE;
}

int mlscript_parse(struct ml_script *s, int argc, char *const *argv, struct ml_error *err)
{
  struct ml_settings set = { ML_SIZE_DEFAULT, ML_NUM_DEFAULT, NULL, 0 };
  struct ml_script z = ML_SCRIPT_ZERO;
  *s = z;
  err->code = ML_ERR_NONE;
  err->index = 0;
  if (argc < 0) argc = 0;
  s->act = malloc(sizeof *s->act * ((size_t)argc + 1));
  if (!s->act) { err->code = ML_ERR_NOMEM; return 0; }
  for (int i = 0; i < argc; ++i) {
    enum ml_err e = ml_one(s, &set, i, argv[i]);
    if (e != ML_ERR_NONE) {
      err->code = e;
      err->index = i;
      mlscript_free(s);
      return 0;
    }
    if (i == 0 && argv[0][0] == 't') s->stamp = 1;
  }
  return 1;
}

void mlscript_free(struct ml_script *s)
{
  struct ml_script z = ML_SCRIPT_ZERO;
  free(s->act);
  *s = z;
}

const char *mlscript_strerror(enum ml_err code)
{
  switch (code) {
  case ML_ERR_NONE: return "no error";
  case ML_ERR_NOMEM: return "out of memory";
  case ML_ERR_EMPTY: return "empty action";
  case ML_ERR_UNKNOWN: return "unknown action";
  case ML_ERR_STAMP: return "t must be the first action, alone";
  case ML_ERR_SIZE: return "s needs a decimal size";
  case ML_ERR_NUM: return "n needs a decimal number";
  case ML_ERR_PROCESSOR: return "! needs a processor";
  case ML_ERR_STATUS: return "= needs a file name";
  case ML_ERR_FLAG: return "e and z take no argument";
  }
  return "unknown error";
}

int mlscript_select(const struct ml_script *s, const char *line, size_t len, unsigned char *sel)
{
  int on = 1;
  if (len > ML_LINE_MAX) len = ML_LINE_MAX;
  for (size_t i = 0; i < s->n; ++i) {
    const struct ml_action *a = &s->act[i];
    if (a->kind == ML_SELECT) {
      if (!on && mlmatch(a->arg, a->arglen, line, len)) on = 1;
    } else if (a->kind == ML_DESELECT) {
      if (on && mlmatch(a->arg, a->arglen, line, len)) on = 0;
    }
    sel[i] = (unsigned char)on;
  }
  return on;
}
