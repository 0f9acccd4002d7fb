/* svstatus.h — supervise's status file (DIR/supervise/status) and the
 * one-line descriptions of a service that svstat and svps print.
 *
 * The file keeps djb's 18-byte layout in its first 18 bytes, so that
 * daemontools' svstat reads ours and ours reads theirs:
 *
 *   bytes  0..11  TAI64N of the last change of pid (start or end of ./run)
 *   bytes 12..15  pid of ./run, little-endian; 0 when the service is down
 *   byte  16      1 when the service is paused (svc -p), else 0
 *   byte  17      what supervise wants: 'u' up, 'd' down, 0 neither (svc -o)
 *
 * and adds, after them (our supervise writes SVSTATUS_LEN bytes):
 *
 *   bytes 18..21  pid of supervise itself, little-endian ("spid")
 *
 * Readers accept any length from SVSTATUS_DJB_LEN up and ignore bytes they
 * do not know; an 18-byte file has no spid (0 = unknown).
 *
 * Return convention: svstatus_unpack and the formatters return 1 on
 * success and 0 on failure (errno: EPROTO for a status that is too short
 * or malformed; ENOMEM / EOVERFLOW from stralloc); svstatus_path likewise
 * (ENOENT for an empty directory name, ENAMETOOLONG past SVSTATUS_PATH_MAX).
 * svstatus_read fills a description and returns 1 when the service's
 * status was read, 0 when the description holds an error instead.
 * svstatus_pack and svstatus_age cannot fail. */
#ifndef SVSTATUS_H
#define SVSTATUS_H

#include <stddef.h>
#include <stdint.h>

#include "stralloc.h"
#include "taia.h"

/* djb's length: every reader needs at least this much */
#define SVSTATUS_DJB_LEN 18
/* what our supervise writes */
#define SVSTATUS_LEN 22
/* the most bytes a reader looks at (room for later additions) */
#define SVSTATUS_READ_MAX 64
/* the longest path built from a service directory, without its NUL */
#define SVSTATUS_PATH_MAX 4095

/* The convention between svscan and svps: svscan writes its pid in
 * decimal, followed by a newline, to SVSTATUS_SVSCAN_PIDFILE inside the
 * service directory it scans (creating SVSTATUS_SVSCAN_DIR, mode 0755,
 * when missing), atomically: it writes SVSTATUS_SVSCAN_PIDFILE ".new"
 * and renames it over the old one, once at start. svps takes svscan as
 * running when kill(pid, 0) succeeds (or fails with EPERM), and its age
 * from the file's modification time. SVSTATUS_SVSCAN_LOG, when it is a
 * directory, is svscan's own log service; svps lists it with the logs. */
#define SVSTATUS_SVSCAN_DIR ".svscan"
#define SVSTATUS_SVSCAN_PIDFILE ".svscan/pid"
#define SVSTATUS_SVSCAN_LOG ".svscan/log"

struct svstatus {
  struct taia when;     /* last change of pid */
  uint32_t pid;         /* ./run, 0 when down */
  unsigned char paused; /* 0 or 1 */
  char want;            /* 'u', 'd' or 0 */
  uint32_t spid;        /* supervise, 0 when unknown */
};

/* pack: the SVSTATUS_LEN bytes of s into out. */
void svstatus_pack(unsigned char out[SVSTATUS_LEN], const struct svstatus *s);

/* unpack: parse len bytes of in (untrusted; pure). len must be at least
 * SVSTATUS_DJB_LEN and the nanoseconds below 10^9; bytes past those we
 * know are ignored; spid is 0 when len < SVSTATUS_LEN. 1, or 0 with EPROTO
 * (and s untouched). */
int svstatus_unpack(const unsigned char *in, size_t len, struct svstatus *s)
    __attribute__((warn_unused_result));

/* age: whole seconds from s->when to now; 0 when when is in the future. */
unsigned long svstatus_age(const struct svstatus *s, const struct taia *now);

/* path: out = dir "/" file as a C string (the NUL is not counted in
 * out->len). A trailing '/' of dir is not doubled. 1, or 0 with errno. */
int svstatus_path(stralloc *out, const char *dir, const char *file)
    __attribute__((warn_unused_result));

/* What svstat and svps know about one service directory. */
enum svstatus_kind {
  SVSTATUS_OK,          /* st and normallyup are valid */
  SVSTATUS_NOTRUNNING,  /* supervise is not running there */
  SVSTATUS_ERROR        /* what failed (a static string) and err (errno) */
};

struct svstatus_desc {
  enum svstatus_kind kind;
  const char *what;     /* SVSTATUS_ERROR: "unable to open supervise/ok" */
  int err;              /* SVSTATUS_ERROR: errno, or EPROTO: bad format */
  int normallyup;       /* 1 when there is no "down" file */
  struct svstatus st;
};

/* read: look at service directory dir (not changing the working
 * directory): the directory itself, its down file, supervise/ok (open for
 * writing: ENXIO means supervise is not running) and supervise/status.
 * Fills d and returns 1 for SVSTATUS_OK, 0 otherwise. */
int svstatus_read(const char *dir, struct svstatus_desc *d);

/* up: 1 when d says the service runs (SVSTATUS_OK and a pid), else 0. */
int svstatus_up(const struct svstatus_desc *d);

/* line: append svstat's line for dir, with its newline, to out:
 *   DIR: up 5781 seconds pid 45102[, normally down][, paused][, want down]
 *   DIR: down 12 seconds spid 45007[, normally up][, want up]
 *   DIR: supervise not running
 *   DIR: unable to open supervise/ok: permission denied
 * " spid N" is left out when the status does not hold supervise's pid. */
int svstatus_line(stralloc *out, const char *dir,
                  const struct svstatus_desc *d, const struct taia *now)
    __attribute__((warn_unused_result));

/* width of the name column in svps's table */
#define SVSTATUS_PS_NAMEW 34

/* psline: append svps's line for the service named name, with its
 * newline, to out: the name padded to SVSTATUS_PS_NAMEW columns, a space,
 * the state ("up" or "down") in 4 columns, the age right-aligned in 8,
 * " secs", then " pid" (./run) or "spid" (supervise, when down) and the
 * pid right-aligned in 8; details = 1 adds ", normally down", ", paused",
 * ", want up" ... as svstat does. Errors print the message after the
 * name instead. */
int svstatus_psline(stralloc *out, const char *name,
                    const struct svstatus_desc *d, const struct taia *now,
                    int details) __attribute__((warn_unused_result));

/* pscols: the columns of svps's table after the name, for a state,
 * an age and a labelled pid (label " pid" or "spid"; NULL leaves the pid
 * out): the layout shared by the service lines and svscan's line. */
int svstatus_pscols(stralloc *out, const char *state, unsigned long age,
                    const char *label, unsigned long pid)
    __attribute__((warn_unused_result));

/* padname: append name and spaces up to SVSTATUS_PS_NAMEW columns, then
 * one space (a longer name is kept whole). */
int svstatus_padname(stralloc *out, const char *name)
    __attribute__((warn_unused_result));

#endif
