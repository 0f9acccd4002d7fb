/* cfg.c — the table-driven configuration loader: defaults, control files, environment. */
#include "cfg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "control.h"
#include "env.h"
#include "scan.h"
#include "strerr.h"

static cfg_value *cfg_at(const cfg_entry *e, void *st)
{
  return (cfg_value *)((char *)st + e->offset);
}

static const cfg_value *cfg_const_at(const cfg_entry *e, const void *st)
{
  return (const cfg_value *)((const char *)st + e->offset);
}

/* sa = s as a C string (NUL stored past len); 0 or -1 */
static int cfg_copy0(stralloc *sa, const char *s)
{
  if (!stralloc_copys(sa, s) || !stralloc_0(sa)) return -1;
  --sa->len;
  return 0;
}

/* err = the concatenation of the strings up to NULL, as a C string.
 * errno is kept: it tells the caller what went wrong, not this. */
static void __attribute__((sentinel)) cfg_why(stralloc *err, ...)
{
  va_list ap;
  const char *s;
  int e = errno, okay = 1;
  if (!err) return;
  err->len = 0;
  va_start(ap, err);
  while (okay && (s = va_arg(ap, const char *))) okay = stralloc_cats(err, s);
  va_end(ap);
  if (!okay || !stralloc_0(err)) err->len = 0;
  else --err->len;
  errno = e;
}

/* err = "<where the value came from>: problem" */
static void cfg_bad(stralloc *err, const cfg_entry *e, const cfg_value *v, const char *path,
                    const char *problem)
{
  if (v->src == CFG_ENV) cfg_why(err, e->env, ": ", problem, (char *)0);
  else if (v->src == CFG_FILE) cfg_why(err, path, ": ", problem, (char *)0);
  else cfg_why(err, "the default of ", e->name, ": ", problem, (char *)0);
}

/* a whole decimal number (digits only): 0, or -1 with EINVAL / ERANGE */
static int cfg_ulong(const char *s, size_t len, unsigned long *out)
{
  size_t k = scan_ulong(s, len, out);
  if (!k && errno != ERANGE) errno = EINVAL;
  if (k && k != len) errno = EINVAL;
  return k && k == len ? 0 : -1;
}

/* a boolean: "" or digits not all zero is 1, digits all zero is 0 */
static int cfg_boolean(const char *s, size_t len, unsigned long *out)
{
  unsigned long v = 0;
  for (size_t i = 0; i < len; ++i) {
    if (s[i] < '0' || s[i] > '9') { errno = EINVAL; return -1; }
    if (s[i] != '0') v = 1;
  }
  *out = len ? v : 1;
  return 0;
}

/* the text of a scalar entry into line: environment, file, default.
 * *have = 0 when there is none at all. 0, or -1 with err set. */
static int cfg_text(const cfg_entry *e, cfg_value *v, const char *path, stralloc *line,
                    int *have, stralloc *err)
{
  const char *x = e->env ? env_get(e->env) : 0;
  int r;
  *have = 1;
  if (x) {
    v->src = CFG_ENV;
    if (strlen(x) > CONTROL_LINE_MAX) {
      errno = EMSGSIZE;
      cfg_bad(err, e, v, path, "value too long");
      return -1;
    }
    return cfg_copy0(line, x);
  }
  r = control_readline(line, path);
  if (r == -1) {
    cfg_why(err, "unable to read ", path, ": ", error_str(errno), (char *)0);
    return -1;
  }
  v->src = r == 1 ? CFG_FILE : CFG_DEFAULT;
  if (r == 1) return 0;
  if (!e->def) { *have = 0; return 0; }
  return cfg_copy0(line, e->def);
}

/* CFG_UINT from its text, checked against min..max */
static int cfg_number(const cfg_entry *e, cfg_value *v, const char *path, const stralloc *line,
                      int have, stralloc *err)
{
  char range[128];
  if (!have) { errno = EINVAL; cfg_bad(err, e, v, path, "no value and no default"); return -1; }
  if (cfg_ulong(line->s, line->len, &v->n) == -1) {
    cfg_bad(err, e, v, path, errno == ERANGE ? "number too large" : "not a number");
    return -1;
  }
  if (v->n < e->min || v->n > e->max) {
    snprintf(range, sizeof range, "%lu is out of range %lu..%lu", v->n, e->min, e->max);
    errno = ERANGE;
    cfg_bad(err, e, v, path, range);
    return -1;
  }
  return 0;
}

/* the scalar kinds: CFG_STRING, CFG_UINT, CFG_BOOL */
static int cfg_scalar(const cfg_entry *e, cfg_value *v, const char *path, stralloc *err)
{
  stralloc line = STRALLOC_ZERO;
  int have, r = cfg_text(e, v, path, &line, &have, err);
  if (r == 0) {
    if (e->kind == CFG_UINT) r = cfg_number(e, v, path, &line, have, err);
    else if (e->kind == CFG_BOOL) {
      v->n = 0;
      if (have && (r = cfg_boolean(line.s, line.len, &v->n)) == -1)
        cfg_bad(err, e, v, path, "not a boolean (empty, 0 or a number)");
    } else if (have) {
      v->data = line;                   /* the string keeps the storage */
      line.s = 0;
      v->s = v->data.s;
    }
  } else if (errno == ENOMEM || errno == EOVERFLOW) {
    cfg_why(err, "out of memory loading ", e->name, (char *)0);
  }
  stralloc_free(&line);
  return r;
}

/* the file a list or map entry reads: the control file, or the one the
 * environment names (absolute, or under controldir) */
static int cfg_listfile(const cfg_entry *e, const char *controldir, const char *path,
                        stralloc *file, int *fromenv)
{
  const char *x = e->env ? env_get(e->env) : 0;
  *fromenv = x != 0;
  if (!x) return cfg_copy0(file, path);
  if (*x == '/') return cfg_copy0(file, x);
  if (cfg_copy0(file, controldir) == -1 || !stralloc_append(file, '/') || !stralloc_cats(file, x)
      || !stralloc_0(file))
    return -1;
  --file->len;
  return 0;
}

/* CFG_LIST and CFG_MAP */
static int cfg_list(const cfg_entry *e, cfg_value *v, const char *controldir, const char *path,
                    stralloc *err)
{
  stralloc file = STRALLOC_ZERO;
  int fromenv, r = -1;
  if (cfg_listfile(e, controldir, path, &file, &fromenv) == -1) {
    cfg_why(err, "out of memory loading ", e->name, (char *)0);
    goto done;
  }
  r = control_readfile(&v->data, file.s);
  if (r == -1) {
    cfg_why(err, "unable to read ", file.s, ": ", error_str(errno), (char *)0);
    goto done;
  }
  v->src = r == 1 ? (fromenv ? CFG_ENV : CFG_FILE) : CFG_DEFAULT;
  r = 0;
  if (v->src == CFG_DEFAULT && e->def
      && control_parse(e->def, strlen(e->def), &v->data, 0, 0) == -1) {
    cfg_bad(err, e, v, path, "bad default");
    r = -1;
    goto done;
  }
  v->count = 0;
  for (size_t i = 0; i < v->data.len; ++i) v->count += v->data.s[i] == 0;
  if (!constmap_init(&v->map, v->data.len ? v->data.s : 0, v->data.len, e->kind == CFG_MAP)) {
    cfg_why(err, "unable to index ", file.s, ": ", error_str(errno), (char *)0);
    r = -1;
  }
done:
  stralloc_free(&file);
  return r;
}

/* one entry into its value */
static int cfg_one(const cfg_entry *e, cfg_value *v, const char *controldir, stralloc *err)
{
  stralloc path = STRALLOC_ZERO;
  int r = -1;
  if (!e->name || !*e->name || (unsigned)e->kind > CFG_MAP) {
    errno = EINVAL;
    cfg_why(err, "bad configuration table entry ", e->name ? e->name : "(null)", (char *)0);
    return -1;
  }
  if (stralloc_cats(&path, controldir) && stralloc_append(&path, '/')
      && stralloc_cats(&path, e->name) && stralloc_0(&path)) {
    if (e->kind == CFG_LIST || e->kind == CFG_MAP) r = cfg_list(e, v, controldir, path.s, err);
    else r = cfg_scalar(e, v, path.s, err);
  } else {
    cfg_why(err, "out of memory loading ", e->name, (char *)0);
  }
  stralloc_free(&path);
  return r;
}

int cfg_load(const cfg_entry *table, size_t n, void *st, const char *controldir, stralloc *err)
{
  if (err) err->len = 0;
  for (size_t i = 0; i < n; ++i) memset(cfg_at(&table[i], st), 0, sizeof(cfg_value));
  if (!controldir || !*controldir) {
    errno = EINVAL;
    cfg_why(err, "no control directory", (char *)0);
    return -1;
  }
  for (size_t i = 0; i < n; ++i) {
    if (cfg_one(&table[i], cfg_at(&table[i], st), controldir, err) == -1) {
      int e = errno;
      cfg_free(table, n, st);
      errno = e;
      return -1;
    }
  }
  return 0;
}

/* s[0..len) with everything outside printable ASCII, and '\', escaped */
static int cfg_putesc(buf *b, const char *s, size_t len)
{
  static const char hex[] = "0123456789abcdef";
  for (size_t i = 0; i < len; ++i) {
    unsigned char c = (unsigned char)s[i];
    char q[4] = { '\\', 0, 0, 0 };
    size_t ql = 2;
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      if (buf_put(b, s + i, 1) == -1) return -1;
      continue;
    }
    if (c == '\n') q[1] = 'n';
    else if (c == '\t') q[1] = 't';
    else if (c == '\r') q[1] = 'r';
    else if (c == '\\') q[1] = '\\';
    else { q[1] = 'x'; q[2] = hex[c >> 4]; q[3] = hex[c & 15]; ql = 4; }
    if (buf_put(b, q, ql) == -1) return -1;
  }
  return 0;
}

/* the value part of an entry's line, and for lists the entry lines after it */
static int cfg_putvalue(buf *b, const cfg_entry *e, const cfg_value *v)
{
  char num[32];
  switch (e->kind) {
  case CFG_STRING:
    if (!v->s) return buf_puts(b, "(unset)");
    if (!*v->s) return buf_puts(b, "(empty)");
    return cfg_putesc(b, v->s, strlen(v->s));
  case CFG_UINT:
    snprintf(num, sizeof num, "%lu", v->n);
    return buf_puts(b, num);
  case CFG_BOOL:
    return buf_puts(b, v->n ? "yes" : "no");
  default:
    snprintf(num, sizeof num, "%zu", v->count);
    return buf_puts(b, num) == -1 || buf_puts(b, v->count == 1 ? " entry" : " entries") == -1
        ? -1 : 0;
  }
}

static int cfg_putentries(buf *b, const cfg_value *v)
{
  for (size_t i = 0; i < v->data.len;) {
    size_t el = strlen(v->data.s + i);
    if (buf_puts(b, "  ") == -1 || cfg_putesc(b, v->data.s + i, el) == -1 || buf_puts(b, "\n") == -1)
      return -1;
    i += el + 1;
  }
  return 0;
}

int cfg_print(const cfg_entry *table, size_t n, const void *st, buf *b)
{
  for (size_t i = 0; i < n; ++i) {
    const cfg_entry *e = &table[i];
    const cfg_value *v = cfg_const_at(e, st);
    if ((e->desc && (buf_puts(b, "# ") == -1 || buf_puts(b, e->desc) == -1 || buf_puts(b, "\n") == -1))
        || buf_puts(b, e->name) == -1 || buf_puts(b, ": ") == -1 || cfg_putvalue(b, e, v) == -1
        || buf_puts(b, " (") == -1)
      return -1;
    if (v->src == CFG_ENV) {
      if (buf_puts(b, "environment ") == -1 || buf_puts(b, e->env ? e->env : "?") == -1) return -1;
    } else if (buf_puts(b, v->src == CFG_FILE ? "control file" : "default") == -1) {
      return -1;
    }
    if (buf_puts(b, ")\n") == -1) return -1;
    if ((e->kind == CFG_LIST || e->kind == CFG_MAP) && cfg_putentries(b, v) == -1) return -1;
  }
  return 0;
}

void cfg_free(const cfg_entry *table, size_t n, void *st)
{
  for (size_t i = 0; i < n; ++i) {
    cfg_value *v = cfg_at(&table[i], st);
    stralloc_free(&v->data);
    constmap_free(&v->map);
    memset(v, 0, sizeof *v);
  }
}
