/* control.h — qmail control files: a pure line parser and bounded readers.
 *
 * Return convention: syscall-like. Every function returns -1 with errno set
 * on failure; otherwise a result >= 0: control_parse returns 0; the readers
 * return 1 when the file was read and 0 when it does not exist (ENOENT on
 * the file itself), so that the caller uses its default; control_cdb_contains
 * returns 1 when the key is present and 0 when it is not. A file that exists
 * but cannot be read (permission, a directory, too big, a line too long, a
 * NUL byte, a number that does not parse) is always -1, never a default.
 *
 * The list format (qmail's): one entry per line; trailing spaces, tabs and
 * CRs are removed; blank lines and lines whose first non-blank byte is '#'
 * are dropped; leading white space of an entry is kept. The parsed form is
 * the entries one after another, each followed by a NUL: the layout that
 * constmap_init takes.
 *
 * errno values of our own: EFBIG (more than CONTROL_MAX_BYTES), EMSGSIZE (a
 * line longer than CONTROL_LINE_MAX), EINVAL (a NUL byte in the data, or a
 * number that is not one), ERANGE (a number that does not fit). */
#ifndef CONTROL_H
#define CONTROL_H

#include <stddef.h>

#include "constmap.h"
#include "stralloc.h"

/* the largest control file read, and the longest line (without its LF) */
#define CONTROL_MAX_BYTES (16u * 1024u * 1024u)
#define CONTROL_LINE_MAX 8192u

#define CONTROL_WUR __attribute__((warn_unused_result))

/* parse: split data[0..len) into entries (the list format above). out is
 * replaced by the entries, each NUL-terminated. At most maxlines entries
 * are kept (0 = no limit): parsing stops after the last one kept, so what
 * follows is not examined. *nlines (when nlines is not NULL) gets the
 * number of entries. Pure: no I/O. On failure out is emptied. */
int control_parse(const char *data, size_t len, stralloc *out, size_t maxlines,
                  size_t *nlines) CONTROL_WUR;

/* readline: the first entry of the file at path, qmail's control_rldef:
 * 1 read (out holds the entry, without a NUL counted in len, but with a
 * NUL stored just past len so that out->s is a C string; a file with no
 * entry gives an empty string), 0 absent (out untouched), -1 error. */
int control_readline(stralloc *out, const char *path) CONTROL_WUR;

/* readulong / readint: the first entry as a decimal number, the whole entry
 * and nothing else (readint accepts a leading '+' or '-'). 1 read, 0 absent
 * (out untouched), -1 error: EINVAL for an empty entry or anything that is
 * not a number, ERANGE for overflow. */
int control_readulong(unsigned long *out, const char *path) CONTROL_WUR;
int control_readint(int *out, const char *path) CONTROL_WUR;

/* readfile: every entry of the file, NUL-terminated one after another.
 * 1 read, 0 absent (out emptied), -1 error (out emptied). */
int control_readfile(stralloc *out, const char *path) CONTROL_WUR;

/* readmap: read the file into storage (as control_readfile) and build map
 * over it; splitcolon as for constmap_init (1: "key:value" lines). map
 * points into storage: keep storage alive and unchanged while map is used;
 * constmap_free(map) and stralloc_free(storage) release them. An absent
 * file gives an empty map (and 0). On -1 neither needs freeing. */
int control_readmap(constmap *map, stralloc *storage, const char *path,
                    int splitcolon) CONTROL_WUR;

/* cdb_contains: look key[0..keylen) up in the cdb file at path (a control
 * list compiled to NAME.cdb). Keys are compared in lower case: the key is
 * folded to ASCII lower case before the lookup, and the tool that compiles
 * a list into a cdb must fold its keys the same way (domains and addresses
 * are matched without regard to case, as qmail does). 1 present, 0 absent
 * (a key longer than CONTROL_LINE_MAX cannot be in a compiled list),
 * -1 error; a missing file is -1 with errno ENOENT, so that a caller can
 * fall back to the text form. */
int control_cdb_contains(const char *path, const char *key, size_t keylen) CONTROL_WUR;

#endif
