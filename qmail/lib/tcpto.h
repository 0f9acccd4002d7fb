/* tcpto.h — the table of remote hosts that timed out: lock/tcpto of a queue.
 *
 * qmail-remote records here every connection to a host that timed out,
 * and skips a host that timed out twice or more in a row, the last time
 * less than about an hour ago (qmail's rule), so that one dead MX does not
 * hold every delivery for its full connect timeout. qmail-tcpto lists the
 * table, qmail-tcpok clears it. Each queue has its own table.
 *
 * The file is an array of TCPTO_RECORD-byte records (queue-fix creates it
 * as 1024 zero bytes: 32 free records); a record, all numbers big-endian:
 *   byte  0      family: 4 (IPv4) or 6 (IPv6); 0 = a free record
 *   byte  1      recent timeouts, 1 to TCPTO_COUNT_MAX; 0 = a free record
 *   bytes 2-7    zero
 *   bytes 8-15   the time of the last counted timeout, a TAI64 label
 *   bytes 16-31  the address: 16 bytes of IPv6, or 4 bytes of IPv4 and 12
 *                zero bytes (a v4-mapped IPv6 address is stored as IPv4)
 * A record that breaks these rules (a qmail 1.03 table of 16-byte records,
 * garbage) counts as free and is overwritten when a slot is needed. The
 * table grows by appending records up to TCPTO_SLOTS_MAX; past that the
 * record to replace is the one whose last timeout plus 1024 seconds per
 * recent timeout is the oldest. Writers hold flock(LOCK_EX) on the file
 * while they read and rewrite it; readers hold LOCK_SH.
 *
 * The rules, as qmail 1.03 has them:
 *   mark   a timeout of a host: a new record gets count 1; a known host's
 *          count goes up by one (at most TCPTO_COUNT_MAX) and its time is
 *          now, except when the host already timed out less than
 *          TCPTO_MERGE seconds ago (parallel deliveries to one host count
 *          once).
 *   ok     a connection to the host worked: its count goes back to 0.
 *   check  a host is skipped when its count is at least TCPTO_COUNT_SKIP
 *          and its last timeout is less than (60 + spread) * 64 seconds
 *          ago, spread 0 to 31 chosen by the caller (qmail-remote uses its
 *          pid), so that not every process retries a dead host at once.
 *
 * Return convention: the table functions (tcpto_table_*, tcpto_get/put,
 * tcpto_addr_*) are pure. tcpto_table_check and tcpto_check return 1 (skip
 * the host) or 0; tcpto_get returns 1 for a record in use, 0 for a free
 * one; tcpto_table_mark and tcpto_table_ok return the index of the record
 * they changed or -1 when nothing changed. The file functions are
 * syscall-like: 0 on success (or 1/0 for tcpto_check), -1 with errno. */
#ifndef TCPTO_H
#define TCPTO_H

#include <stddef.h>
#include <time.h>

#define TCPTO_RECORD 32                 /* bytes per record */
#define TCPTO_SLOTS_MAX 128             /* records at most */
#define TCPTO_FILE_MAX (TCPTO_RECORD * TCPTO_SLOTS_MAX)
#define TCPTO_COUNT_MAX 10              /* recent timeouts counted at most */
#define TCPTO_COUNT_SKIP 2              /* timeouts in a row before a skip */
#define TCPTO_MERGE 120                 /* seconds: timeouts this close count once */
#define TCPTO_SPREAD_MAX 31             /* spread is 0 .. this */
#define TCPTO_ADDR_FMT 40               /* room for tcpto_addr_fmt and a NUL */

#define TCPTO_WUR __attribute__((warn_unused_result))

enum tcpto_family { TCPTO_FREE = 0, TCPTO_IP4 = 4, TCPTO_IP6 = 6 };

struct tcpto_addr {
  enum tcpto_family family;
  unsigned char ip[16];       /* IPv4: ip[0..4), the rest zero */
};

struct tcpto_entry {
  struct tcpto_addr addr;
  unsigned int count;         /* recent timeouts */
  time_t when;                /* the last counted timeout (Unix time) */
};

struct tcpto_table {
  size_t n;                   /* records in b */
  unsigned char b[TCPTO_FILE_MAX];
};

/* addr_ip4 / addr_ip6: a from 4 or 16 address bytes; a v4-mapped IPv6
 * address becomes IPv4, so that both spellings find one record. */
void tcpto_addr_ip4(struct tcpto_addr *a, const unsigned char ip[4]);
void tcpto_addr_ip6(struct tcpto_addr *a, const unsigned char ip[16]);
/* addr_fmt: a as text ("192.0.2.1", "2001:db8::1") into out (at least
 * TCPTO_ADDR_FMT bytes), NUL-terminated; the length without the NUL. */
size_t tcpto_addr_fmt(char *out, const struct tcpto_addr *a);

/* table_load: t = the records in the first len bytes of bytes (at most
 * TCPTO_SLOTS_MAX; a partial record at the end is left out). */
void tcpto_table_load(struct tcpto_table *t, const void *bytes, size_t len);
/* get: record i of t into e; 1 when it is in use, 0 when it is free (or
 * i >= t->n), and then e is zeroed. */
int tcpto_get(const struct tcpto_table *t, size_t i, struct tcpto_entry *e);
/* put: write e as record i (i < t->n); count 0 writes a free record. */
void tcpto_put(struct tcpto_table *t, size_t i, const struct tcpto_entry *e);

/* table_mark: a timeout of a at now; the index changed (t->n may grow by
 * one) or -1 when it merged with a timeout less than TCPTO_MERGE ago. */
long tcpto_table_mark(struct tcpto_table *t, const struct tcpto_addr *a, time_t now);
/* table_ok: a answered; the index of its record if its count was set to
 * 0, else -1. */
long tcpto_table_ok(struct tcpto_table *t, const struct tcpto_addr *a);
/* table_check: 1 when a should be skipped at now (the rule above), else 0.
 * spread is taken modulo TCPTO_SPREAD_MAX + 1. */
int tcpto_table_check(const struct tcpto_table *t, const struct tcpto_addr *a,
                      time_t now, unsigned int spread);

/* read: t = the table in the file at path, read under a shared lock. */
int tcpto_read(const char *path, struct tcpto_table *t) TCPTO_WUR;
/* check: tcpto_table_check on the file; -1 when it cannot be read (a
 * caller about to connect should then go ahead). */
int tcpto_check(const char *path, const struct tcpto_addr *a, time_t now,
                unsigned int spread) TCPTO_WUR;
/* mark: record a timeout of a at now in the file (exclusive lock; the
 * changed record is written in place, or appended). */
int tcpto_mark(const char *path, const struct tcpto_addr *a, time_t now) TCPTO_WUR;
/* ok: a answered: clear its count in the file, if it has a record. */
int tcpto_ok(const char *path, const struct tcpto_addr *a) TCPTO_WUR;
/* clear: every record of the file becomes free (zero bytes; the size is
 * kept), under the exclusive lock, then fsync. */
int tcpto_clear(const char *path) TCPTO_WUR;

#endif
