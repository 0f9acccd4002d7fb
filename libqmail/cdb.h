/* cdb.h — reader of djb's constant database (cdb) format, safe on untrusted files.
 *
 * Return convention: syscall-like. cdb_init, cdb_init_mem and cdb_read
 * return 0 on success, -1 with errno set; cdb_findnext, cdb_find and
 * cdb_seqnext return 1 (found / one more record), 0 (not found / end),
 * -1 with errno set.
 *
 * errno EPROTO means the file is not a valid cdb: shorter than its
 * 2048-byte header, or a table, slot or record that points outside the
 * file (or outside the record area). Such a file never makes a reader
 * read out of bounds or loop: every position and length taken from the
 * file is checked against its size, and a lookup visits each slot of its
 * table at most once. EINVAL means a bad argument. Other values come from
 * fstat(2) or pread(2).
 *
 * Format (little-endian uint32 throughout): a header of 256 (position,
 * slot count) pairs, then records (key length, data length, key, data),
 * then 256 tables of (hash, record position) slots. A key's hash is
 * h = 5381, h = ((h << 5) + h) ^ c for each byte c; table h & 255, first
 * slot (h >> 8) % slots, linear probing, an empty slot (position 0) ends
 * the search. A cdb is at most 4 GiB: positions are 32 bits.
 *
 * A mapped file must not shrink while it is open (SIGBUS): replace a cdb
 * by writing a new file and renaming it over the old one, never in place. */
#ifndef CDB_H
#define CDB_H

#include <stddef.h>
#include <stdint.h>

#define CDB_HEADER_SIZE 2048

#define CDB_WUR __attribute__((warn_unused_result))

struct cdb {
  const char *map;   /* the whole file in memory, or NULL: use pread on fd */
  uint64_t size;     /* bytes in the file */
  int fd;            /* -1 when reading from memory */
  int mapped;        /* 1 when map came from mmap and must be unmapped */
  uint32_t eod;      /* end of the record area (start of the first table) */
  /* lookup state (cdb_findstart / cdb_findnext) */
  uint32_t loop;     /* slots looked at so far for this key */
  uint32_t khash;    /* hash of the key being looked up */
  uint32_t hpos;     /* position of its table */
  uint32_t hslots;   /* slots in that table */
  uint32_t kslot;    /* index in that table of the next slot to look at */
  /* the record found last (by cdb_findnext or cdb_seqnext) */
  uint32_t keypos, keylen;
  uint32_t dpos, dlen;
};

/* cdb_hash: the cdb hash of key[0..len). */
uint32_t cdb_hash(const char *key, size_t len);

/* init: read the cdb open on fd (which the caller keeps and closes after
 * cdb_free). Maps the file when it can, else reads it with pread. Fails
 * with EPROTO for a file shorter than the header. */
int cdb_init(struct cdb *, int fd) CDB_WUR;

/* init_mem: read a cdb held in data[0..len), which must outlive the
 * struct; nothing is copied. Fails like cdb_init (EINVAL for data NULL
 * with len > 0). */
int cdb_init_mem(struct cdb *, const char *data, size_t len) CDB_WUR;

/* free: unmap what cdb_init mapped; the fd stays open. Harmless twice. */
void cdb_free(struct cdb *);

/* findstart: begin a new lookup; the next cdb_findnext starts afresh. */
void cdb_findstart(struct cdb *);

/* findnext: the next record with this key (the same key on every call
 * since cdb_findstart): 1 found (see cdb_datapos / cdb_datalen), 0 no
 * more, -1 error. Records with one key come back in the order they were
 * added. */
int cdb_findnext(struct cdb *, const char *key, size_t keylen) CDB_WUR;

/* find: cdb_findstart then cdb_findnext: the first record with key. */
int cdb_find(struct cdb *, const char *key, size_t keylen) CDB_WUR;

/* the data (and, after cdb_seqnext, the key) of the record found last */
uint32_t cdb_datapos(const struct cdb *);
uint32_t cdb_datalen(const struct cdb *);
uint32_t cdb_keypos(const struct cdb *);
uint32_t cdb_keylen(const struct cdb *);

/* read: copy len bytes at position pos into buf. Fails with EPROTO when
 * they are not all inside the file. */
int cdb_read(struct cdb *, char *buf, size_t len, uint32_t pos) CDB_WUR;

/* seqinit / seqnext: walk every record in file order (for dumping).
 * *cursor is the caller's position; cdb_seqnext returns 1 with the record
 * in cdb_keypos/keylen/datapos/datalen, 0 at the end, -1 with EPROTO for
 * a record that runs past the record area. */
void cdb_seqinit(const struct cdb *, uint32_t *cursor);
int cdb_seqnext(struct cdb *, uint32_t *cursor) CDB_WUR;

#endif
