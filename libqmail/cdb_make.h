/* cdb_make.h — writer of djb's constant database (cdb) format.
 *
 * Return convention: syscall-like: 0 on success, -1 with errno set:
 * EOVERFLOW when the record would make the file larger than
 * CDB_MAKE_SIZE_MAX (a cdb's positions are 32 bits), ENOMEM, or the
 * error of lseek(2) / write(2) / pwrite(2).
 *
 * Usage, qmail's way: open a temporary file (O_WRONLY|O_CREAT|O_TRUNC,
 * not O_APPEND) on the same file system, cdb_make_start, cdb_make_add
 * for each record, cdb_make_finish; then the caller fsyncs and closes the
 * file and renames it over the real name, so that readers see either the
 * old database or the new one, never a part. cdb_make_finish writes
 * everything (records through a buffer, then the tables, then the
 * header at the start of the file) but does not fsync.
 *
 * The files are byte-identical to those of djb's cdbmake and tinycdb for
 * the same records in the same order. Memory: 8 bytes per record, which
 * the file-size limit bounds. */
#ifndef CDB_MAKE_H
#define CDB_MAKE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* the largest file: every position must fit in 32 bits */
#define CDB_MAKE_SIZE_MAX UINT32_MAX
#define CDB_MAKE_BUFSIZE 8192

#define CDB_MAKE_WUR __attribute__((warn_unused_result))

struct cdb_make_slot { uint32_t h; uint32_t pos; };

struct cdb_make {
  buf b;                          /* writes the records; uses space */
  char space[CDB_MAKE_BUFSIZE];
  uint64_t pos;                   /* where the next record goes */
  struct cdb_make_slot *rec;      /* hash and position of every record */
  size_t n;                       /* records so far */
  size_t a;                       /* room in rec */
  int fd;
};

/* start: begin a database on fd, an empty file open for writing. The
 * struct must not move until cdb_make_finish or cdb_make_free. */
int cdb_make_start(struct cdb_make *, int fd) CDB_MAKE_WUR;

/* add: append one record; key and data are copied to the file (a key
 * may be added several times; each record is kept). Either may be empty.
 * EOVERFLOW, before anything is written, when the finished file would be
 * larger than CDB_MAKE_SIZE_MAX; the database is then unchanged and
 * more records may be added. After any other failure (ENOMEM, a write
 * error) the file is unusable: cdb_make_free and discard it. */
int cdb_make_add(struct cdb_make *, const char *key, size_t keylen,
                 const char *data, size_t datalen) CDB_MAKE_WUR;

/* finish: write the tables and the header and release the memory,
 * success or not. The fd stays open; fsync, close and rename are the
 * caller's. */
int cdb_make_finish(struct cdb_make *) CDB_MAKE_WUR;

/* free: abandon a database (after an error): release the memory; the
 * fd and the half-written file are the caller's. Harmless twice and
 * after cdb_make_finish. */
void cdb_make_free(struct cdb_make *);

#endif
