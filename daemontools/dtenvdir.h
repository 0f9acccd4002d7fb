/* dtenvdir.h — envdir's reader: an environment described by a directory
 * of files, plus indimail's .envdir and .envfile.
 *
 * Return convention: dtenvdir_value and dtenvdir_envline are pure
 * functions of their bytes (no I/O, no allocation); dtenvdir_load is
 * syscall-like: 0 on success, -1 with errno set and the failure described
 * in the dtenvdir struct.
 *
 * The rules (envdir(8)): in directory D, a file NAME whose first line is
 * T sets NAME=T, with spaces and tabs at the end of T removed and NULs in
 * T turned into newlines; a completely empty file removes NAME. Names
 * starting with '.' are skipped, except two that indimail defines:
 *   .envdir   a directory (or a symbolic link to one) that is read first,
 *             or a file listing further directories (one a line, relative
 *             to D; blank lines and lines starting with '#' are skipped),
 *             each read first, in order;
 *   .envfile  lines NAME=VALUE (set; the value is kept as it is, trailing
 *             blanks included, NULs made newlines) or NAME (remove);
 *             leading blanks, blank lines and '#' comments are skipped.
 * Order within D: .envdir's directories, then .envfile, then D's files,
 * so that what D itself says wins. A directory already read (same device
 * and inode) is silently skipped, which ends every loop. */
#ifndef DTENVDIR_H
#define DTENVDIR_H

#include <stddef.h>
#include <sys/types.h>

#include "env.h"
#include "stralloc.h"

/* the longest first line of a file, .envfile line or .envdir line read,
 * newline included (one environment string cannot be longer anyway) */
#define DTENVDIR_LINE_MAX ENV_ENTRY_MAX
/* the largest .envdir list file */
#define DTENVDIR_LIST_MAX 65536
/* the most directories one load reads (the top one included) */
#define DTENVDIR_DIRS_MAX 64

#define DTENVDIR_WUR __attribute__((warn_unused_result))

/* flags for dtenvdir_load */
#define DTENVDIR_IGNORE 1 /* skip a file that cannot be opened or read */

/* results of dtenvdir_envline */
#define DTENVDIR_SKIP 0   /* blank line or comment */
#define DTENVDIR_SET 1    /* *name = *value */
#define DTENVDIR_UNSET 2  /* remove *name */

struct dtenvdir_seen { dev_t dev; ino_t ino; };

struct dtenvdir {
  env_builder *env;     /* in: the environment to change */
  int flags;            /* in: DTENVDIR_IGNORE or 0 */
  /* out, after a failure: what failed ("unable to read"), the path it
   * concerns (NUL-terminated in path.s), and the errno (0: none to show) */
  const char *what;
  stralloc path;
  int err;
  /* private */
  struct dtenvdir_seen seen[DTENVDIR_DIRS_MAX];
  size_t nseen;
  stralloc line;
};
#define DTENVDIR_ZERO { 0, 0, 0, STRALLOC_ZERO, 0, { { 0, 0 } }, 0, STRALLOC_ZERO }

/* value: turn the bytes s[0..len) of a file (len > 0) into its value, in
 * place: cut at the first newline, drop trailing spaces and tabs, make
 * NULs newlines. Returns the value's length (s is not NUL-terminated). */
size_t dtenvdir_value(char *s, size_t len);

/* envline: parse one .envfile line s[0..len) (without its newline), in
 * place; s[len] must be writable. Returns DTENVDIR_SKIP, DTENVDIR_SET
 * with *name and *value NUL-terminated inside s (NULs of the value made
 * newlines), DTENVDIR_UNSET with *name (trailing blanks dropped), or -1
 * with errno EINVAL for a line whose name is empty or holds a NUL. */
int dtenvdir_envline(char *s, size_t len, const char **name, const char **value)
    DTENVDIR_WUR;

/* load: apply directory dir (and what its .envdir and .envfile name) to
 * d->env. On failure d->env holds part of the changes (the caller
 * decides whether to use it), d->what and d->path say what failed, and
 * -1 is returned with errno set. d must start as DTENVDIR_ZERO with env
 * and flags filled in; dtenvdir_free releases it. */
int dtenvdir_load(struct dtenvdir *d, const char *dir) DTENVDIR_WUR;

/* free: release the storage of d (not d->env). */
void dtenvdir_free(struct dtenvdir *d);

#endif
