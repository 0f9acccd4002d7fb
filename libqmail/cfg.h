/* cfg.h — the one table-driven loader of control files and their overrides.
 *
 * Return convention: syscall-like: cfg_load and cfg_print return 0 on
 * success, -1 with errno set. cfg_free returns nothing.
 *
 * A program describes its configuration once, as a table of cfg_entry, and
 * keeps one cfg_value per entry in a struct of its own; each entry names
 * its cfg_value by offsetof. cfg_load fills every value from, in order of
 * precedence:
 *
 *   1. the environment variable of the entry (when it has one and it is
 *      set). For CFG_STRING, CFG_UINT and CFG_BOOL the variable holds the
 *      value itself (taken as it is, at most CONTROL_LINE_MAX bytes). For CFG_LIST and CFG_MAP it names another file to read
 *      instead of the control file (absolute, or relative to the control
 *      directory), as indimail's overrides do (BADMAILFROM=badmailfrom2);
 *      when that file does not exist, the default applies.
 *   2. the control file CONTROLDIR/name (control.h's rules: trailing white
 *      space, blank lines and '#' comments removed). The scalar kinds use
 *      its first entry. A file that exists but cannot be read is an error.
 *   3. the default in the table.
 *
 * Kinds and their values:
 *   CFG_STRING  s: the value as a C string; NULL when def is NULL and
 *               neither file nor environment gave one. An existing file
 *               with no entry gives "".
 *   CFG_UINT    n: a decimal number (digits only) within min..max. def is
 *               its decimal text (required).
 *   CFG_BOOL    n: 0 or 1. True when the file exists and its first entry
 *               is empty or a non-zero number; "0" is false; anything else
 *               is an error. The variable uses the same rule ("" is true).
 *               def NULL means false.
 *   CFG_LIST    data: the entries, NUL-terminated one after another; count:
 *               their number; map: a case-insensitive set of them.
 *   CFG_MAP     as CFG_LIST, and map splits each entry "key:value" at its
 *               first ':' (entries without ':' are not in the map).
 *   For lists and maps def is the default entries separated by '\n'
 *   (NULL: none).
 *
 * errno: from the file (EACCES, EISDIR, EFBIG, ...), EINVAL for a value
 * that does not parse (or a bad default or kind in the table), ERANGE for
 * a number outside min..max, EMSGSIZE for a variable longer than
 * CONTROL_LINE_MAX, ENOMEM. */
#ifndef CFG_H
#define CFG_H

#include <stddef.h>

#include "buf.h"
#include "constmap.h"
#include "stralloc.h"

#define CFG_WUR __attribute__((warn_unused_result))

enum cfg_kind { CFG_STRING, CFG_UINT, CFG_BOOL, CFG_LIST, CFG_MAP };
enum cfg_source { CFG_DEFAULT, CFG_FILE, CFG_ENV };

typedef struct cfg_entry {
  const char *name;      /* control file name, under the control directory */
  enum cfg_kind kind;
  const char *def;       /* default, as text (see above) */
  unsigned long min;     /* CFG_UINT: the smallest value allowed */
  unsigned long max;     /* CFG_UINT: the largest value allowed */
  size_t offset;         /* offsetof the entry's cfg_value in the struct */
  const char *env;       /* the overriding environment variable, or NULL */
  const char *desc;      /* one line for cfg_print */
} cfg_entry;

typedef struct cfg_value {
  enum cfg_source src;   /* where the value came from */
  const char *s;         /* CFG_STRING: the value (points into data) */
  unsigned long n;       /* CFG_UINT: the number; CFG_BOOL: 0 or 1 */
  size_t count;          /* CFG_LIST, CFG_MAP: entries in data */
  stralloc data;         /* the storage of s, or of the entries */
  constmap map;          /* CFG_LIST, CFG_MAP: lookups over data */
} cfg_value;

/* load: fill the n values of the struct at st that table describes, with
 * control files from controldir. Every value is overwritten (cfg_free them
 * before loading again). On failure, -1 with errno, every value is freed
 * and zeroed, and err (when not NULL) holds a one-line reason naming the
 * file or variable at fault, as a C string (NUL stored past len):
 * "unable to read /etc/indimail/control/me: permission denied", or
 * "/etc/indimail/control/concurrencyremote: 5000 is out of range 1..1000". */
int cfg_load(const cfg_entry *table, size_t n, void *st, const char *controldir,
             stralloc *err) CFG_WUR;

/* print: every entry with its value and source, in table order, to b (not
 * flushed). For each entry, a comment line with its description, then
 *   name: value (source)
 * where source is "default", "control file" or "environment NAME"; strings
 * print as they are with bytes outside printable ASCII and '\' escaped
 * (\n, \t, \r, \\, \xHH), "(unset)" for NULL and "(empty)" for "";
 * numbers in decimal; booleans "yes" or "no"; lists and maps as "N entries"
 * followed by one indented line "  entry" per entry. 0 or -1 as buf_put. */
int cfg_print(const cfg_entry *table, size_t n, const void *st, buf *b) CFG_WUR;

/* free: release the storage and maps of the n values; harmless twice. */
void cfg_free(const cfg_entry *table, size_t n, void *st);

#endif
