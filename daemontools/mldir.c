/* mldir.c — multilog's log directories: writing, rotating, recovering. */
#include "mldir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsync.h"
#include "iopause.h"
#include "lock.h"
#include "mlgzip.h"
#include "mlproc.h"
#include "strerr.h"
#include "tai64n.h"

/* the modes of a file being written and of a complete one */
#define MLDIR_MODE_BUSY 0644
#define MLDIR_MODE_DONE 0744
/* the length of "@label.s" */
#define MLDIR_PLAIN_LEN (TAI64N_FMT + 2)

/* what a pass over the directory found */
struct mldir_scan {
  unsigned long count;  /* old files */
  char oldest[256];     /* the name of the first in sort order */
  struct taia newest;   /* the largest label among them */
};

static void mldir_full(struct mldir *d);

/* later: 1 when a warning is due (none in the last MLDIR_WARN_MS) */
static int mldir_later(struct mldir *d)
{
  int64_t now = iopause_now();
  if (d->warned >= 0 && now >= 0 && now - d->warned < MLDIR_WARN_MS) return 0;
  d->warned = now < 0 ? 0 : now;
  return 1;
}

/* pause: op on DIR/file failed (errno): warn when due, then wait */
static void mldir_pause(struct mldir *d, const char *op, const char *file)
{
  int e = errno;
  if (mldir_later(d)) {
    errno = e;
    strerr_warn("multilog: warning: unable to ", op, " ", d->path, "/", file, ": ",
                STRERR_SYS, "; pausing", NULL);
  }
  poll(NULL, 0, d->retry_ms);
}

/* syncdir: put the directory's entries on disk; a filesystem that cannot
 * sync directories (EINVAL) is taken as it is */
static void mldir_syncdir(struct mldir *d)
{
  while (fsync_fd(d->fddir) == -1) {
    if (errno == EINVAL || errno == ENOTSUP) return;
    mldir_pause(d, "sync", ".");
  }
}

/* stat: 1 with *st filled when name exists, 0 when it does not */
static int mldir_stat(struct mldir *d, const char *name, struct stat *st)
{
  while (fstatat(d->fddir, name, st, 0) == -1) {
    if (errno == ENOENT) return 0;
    mldir_pause(d, "stat", name);
  }
  return 1;
}

static void mldir_remove(struct mldir *d, const char *name)
{
  while (unlinkat(d->fddir, name, 0) == -1 && errno != ENOENT)
    mldir_pause(d, "remove", name);
}

/* rename: from to to; a missing from means it was done already */
static void mldir_rename(struct mldir *d, const char *from, const char *to)
{
  while (renameat(d->fddir, from, d->fddir, to) == -1 && errno != ENOENT)
    mldir_pause(d, "rename", from);
}

/* label: a fresh old-file name with code ('s' or 'u'), later than all */
static void mldir_label(struct mldir *d, char name[MLDIR_NAME], char code)
{
  static const struct taia nano = { { 0 }, 1, 0 };
  struct taia now;
  taia_now(&now);
  if (!taia_less(&d->last, &now)) taia_add(&now, &d->last, &nano);
  d->last = now;
  tai64n_fmt(name, &now);
  name[TAI64N_FMT] = '.';
  name[TAI64N_FMT + 1] = code;
  name[TAI64N_FMT + 2] = 0;
}

/* commit: make the complete file name an old file: link it to a fresh
 * name, sync, remove name, sync. made gets the new name, or "" when name
 * is missing or an interrupted commit had linked it already. */
static void mldir_commit(struct mldir *d, const char *name, char code, char made[MLDIR_NAME])
{
  struct stat st;
  made[0] = 0;
  if (!mldir_stat(d, name, &st)) return;
  if (st.st_nlink == 1) {
    for (;;) {
      mldir_label(d, made, code);
      if (linkat(d->fddir, name, d->fddir, made, 0) == 0) break;
      if (errno != EEXIST) mldir_pause(d, "link to", name);
    }
    mldir_syncdir(d);
  }
  mldir_remove(d, name);
  mldir_syncdir(d);
}

/* opendir: a stream over the directory (waits until it can have one) */
static DIR *mldir_opendir(struct mldir *d)
{
  for (;;) {
    int fd = openat(d->fddir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd != -1) {
      DIR *dir = fdopendir(fd);
      if (dir) return dir;
      close(fd);
    }
    mldir_pause(d, "read", ".");
  }
}

/* scan1: one pass over the directory; 0, or -1 with errno */
static int mldir_scan1(struct mldir *d, struct mldir_scan *s)
{
  static const struct taia zero;
  DIR *dir = mldir_opendir(d);
  struct dirent *e;
  int err;
  s->count = 0;
  s->oldest[0] = 0;
  s->newest = zero;
  for (errno = 0; (e = readdir(dir)); errno = 0) {
    size_t len = strlen(e->d_name);
    struct taia t;
    if (!mldir_isarchive(e->d_name) || e->d_type == DT_DIR || len >= sizeof s->oldest) continue;
    if (!s->count || strcmp(e->d_name, s->oldest) < 0) memcpy(s->oldest, e->d_name, len + 1);
    ++s->count;
    if (tai64n_scan(e->d_name, len, &t) && taia_less(&s->newest, &t)) s->newest = t;
  }
  err = errno;
  closedir(dir);
  errno = err;
  return err ? -1 : 0;
}

static void mldir_scan(struct mldir *d, struct mldir_scan *s)
{
  while (mldir_scan1(d, s) == -1) mldir_pause(d, "read", ".");
}

/* fit: remove the oldest old files while there are num or more */
static void mldir_fit(struct mldir *d)
{
  struct mldir_scan s;
  for (;;) {
    mldir_scan(d, &s);
    if (s.count < d->num) return;
    while (unlinkat(d->fddir, s.oldest, 0) == -1 && errno != ENOENT)
      mldir_pause(d, "remove", s.oldest);
  }
}

/* gzip1: compress the old file name to name.gz and remove name; 1 done,
 * 0 failed (reported; the caller tries again) */
static int mldir_gzip1(struct mldir *d, const char *name)
{
  char gz[MLDIR_NAME];
  size_t len = strlen(name);
  int in, out = -1;
  if (len + 4 > sizeof gz) return 1;  /* never one of our names */
  in = openat(d->fddir, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (in == -1 && errno == ENOENT) return 1;
  if (in != -1)
    out = openat(d->fddir, MLDIR_GZTMP, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, MLDIR_MODE_BUSY);
  if (in == -1 || out == -1 || mlgzip_fd(in, out, MLGZIP_LEVEL) == -1 || fsync_fd(out) == -1
      || fchmod(out, MLDIR_MODE_DONE) == -1 || fsync_fd(out) == -1) {
    int e = errno;
    if (in != -1) close(in);
    if (out != -1) close(out);
    errno = e;
    mldir_pause(d, "compress", name);
    return 0;
  }
  close(in);
  close(out);
  memcpy(gz, name, len);
  memcpy(gz + len, ".gz", 4);
  if (renameat(d->fddir, MLDIR_GZTMP, d->fddir, gz) == -1) {
    mldir_pause(d, "rename", MLDIR_GZTMP);
    return 0;
  }
  mldir_syncdir(d);
  mldir_remove(d, name);
  mldir_syncdir(d);
  return 1;
}

/* plain1: find an old file "@label.s" not yet compressed; 1 found (in
 * name), 0 none, -1 error */
static int mldir_plain1(struct mldir *d, char name[MLDIR_NAME])
{
  DIR *dir = mldir_opendir(d);
  struct dirent *e;
  int err, found = 0;
  for (errno = 0; !found && (e = readdir(dir)); errno = 0) {
    struct taia t;
    if (strlen(e->d_name) != MLDIR_PLAIN_LEN || !tai64n_scan(e->d_name, MLDIR_PLAIN_LEN, &t)
        || e->d_name[TAI64N_FMT] != '.' || e->d_name[TAI64N_FMT + 1] != 's')
      continue;
    memcpy(name, e->d_name, MLDIR_PLAIN_LEN + 1);
    found = 1;
  }
  err = found ? 0 : errno;
  closedir(dir);
  errno = err;
  return err ? -1 : found;
}

/* gzipall: compress every old file that a crash or an earlier run
 * without z left plain; drop a plain one whose .gz is complete */
static void mldir_gzipall(struct mldir *d)
{
  char name[MLDIR_NAME], gz[MLDIR_NAME];
  struct stat st;
  int r;
  while ((r = mldir_plain1(d, name)) != 0) {
    if (r == -1) { mldir_pause(d, "read", "."); continue; }
    memcpy(gz, name, MLDIR_PLAIN_LEN);
    memcpy(gz + MLDIR_PLAIN_LEN, ".gz", 4);
    if (mldir_stat(d, gz, &st)) {
      mldir_remove(d, name);
      mldir_syncdir(d);
    } else
      while (!mldir_gzip1(d, name)) {}
  }
}

/* process1: run the processor once over previous; 1 when it succeeded
 * and its output and new state are on disk, 0 when not (reported) */
static int mldir_process1(struct mldir *d)
{
  static const char *const name[MLPROC_NFD] = { "previous", "processed", "state", "newstate" };
  static const int flags[MLPROC_NFD] = { O_RDONLY, O_WRONLY | O_CREAT | O_TRUNC,
                                          O_RDONLY | O_CREAT, O_WRONLY | O_CREAT | O_TRUNC };
  int fds[MLPROC_NFD] = { -1, -1, -1, -1 }, ok = 0;
  const char *how;
  pid_t pid;
  for (int i = 0; i < MLPROC_NFD; ++i) {
    fds[i] = openat(d->fddir, name[i], flags[i] | O_CLOEXEC | O_NOCTTY, MLDIR_MODE_BUSY);
    if (fds[i] == -1) { mldir_pause(d, "open", name[i]); goto done; }
  }
  pid = mlproc_start(d->processor, d->fddir, fds);
  if (pid == -1) { mldir_pause(d, "start the processor in", "."); goto done; }
  if (!mlproc_wait(pid, &how)) {
    if (mldir_later(d))
      strerr_warn("multilog: warning: processor ", how, " in ", d->path, "; running it again", NULL);
    poll(NULL, 0, d->retry_ms);
    goto done;
  }
  if (fsync_fd(fds[MLPROC_OUT]) == -1 || fchmod(fds[MLPROC_OUT], MLDIR_MODE_DONE) == -1
      || fsync_fd(fds[MLPROC_OUT]) == -1) { mldir_pause(d, "write to disk", "processed"); goto done; }
  if (fsync_fd(fds[MLPROC_NEWSTATE]) == -1) { mldir_pause(d, "write to disk", "newstate"); goto done; }
  ok = 1;
done:
  for (int i = 0; i < MLPROC_NFD; ++i)
    if (fds[i] != -1) close(fds[i]);
  return ok;
}

/* process: previous through the processor into a new old file (made) */
static void mldir_process(struct mldir *d, char made[MLDIR_NAME])
{
  while (!mldir_process1(d)) {}
  /* from here on, a processed of mode 744 says the run succeeded */
  mldir_remove(d, "previous");
  mldir_rename(d, "newstate", "state");
  mldir_syncdir(d);
  mldir_commit(d, "processed", 's', made);
}

/* writeall: all of buf to current */
static void mldir_writeall(struct mldir *d, const char *buf, size_t len)
{
  while (len) {
    ssize_t w = write(d->fdcur, buf, len);
    if (w == -1) {
      if (errno != EINTR) mldir_pause(d, "write to", "current");
      continue;
    }
    buf += w;
    len -= (size_t)w;
  }
}

void mldir_flush(struct mldir *d)
{
  if (!d->outlen) return;
  mldir_writeall(d, d->out, d->outlen);
  d->outlen = 0;
}

/* buffer: buf[0..len) after what waits in out */
static void mldir_buffer(struct mldir *d, const char *buf, size_t len)
{
  if (len > MLDIR_OUT - d->outlen) {
    mldir_flush(d);
    if (len >= MLDIR_OUT) { mldir_writeall(d, buf, len); return; }
  }
  memcpy(d->out + d->outlen, buf, len);
  d->outlen += len;
}

/* opencur: open current for appending, mode 644; 0 or -1 with errno */
static int mldir_opencur(struct mldir *d)
{
  struct stat st;
  int fd = openat(d->fddir, "current", O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY,
                  MLDIR_MODE_BUSY);
  if (fd == -1) return -1;
  if (fchmod(fd, MLDIR_MODE_BUSY) == -1 || fstat(fd, &st) == -1) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  d->fdcur = fd;
  d->bytes = (size_t)st.st_size;
  return 0;
}

/* finishcur: current safely on disk, marked complete, closed */
static void mldir_finishcur(struct mldir *d)
{
  mldir_flush(d);
  while (fsync_fd(d->fdcur) == -1) mldir_pause(d, "write to disk", "current");
  while (fchmod(d->fdcur, MLDIR_MODE_DONE) == -1) mldir_pause(d, "set the mode of", "current");
  while (fsync_fd(d->fdcur) == -1) mldir_pause(d, "write to disk", "current");
  close(d->fdcur);
  d->fdcur = -1;
}

/* full: current is big enough: rotate it */
static void mldir_full(struct mldir *d)
{
  char made[MLDIR_NAME];
  mldir_finishcur(d);
  if (d->processor) {
    mldir_rename(d, "current", "previous");
    mldir_syncdir(d);
    mldir_process(d, made);
  } else
    mldir_commit(d, "current", 's', made);
  if (d->gzip && made[0])
    while (!mldir_gzip1(d, made)) {}
  mldir_fit(d);
  while (mldir_opencur(d) == -1) mldir_pause(d, "open", "current");
}

void mldir_put(struct mldir *d, const char *buf, size_t len)
{
  while (len) {
    size_t k;
    if (d->bytes >= d->size) { mldir_full(d); continue; }
    k = d->size - d->bytes;
    if (k > len) k = len;
    mldir_buffer(d, buf, k);
    d->bytes += k;
    buf += k;
    len -= k;
  }
  if (d->bytes >= d->size) mldir_full(d);
}

void mldir_lineend(struct mldir *d)
{
  if (d->bytes && d->bytes >= d->size - (d->size > ML_SIZE_SLACK ? ML_SIZE_SLACK : 0))
    mldir_full(d);
}

void mldir_rotate(struct mldir *d)
{
  if (d->bytes) mldir_full(d);
}

/* recover: finish what an interrupted run left in the directory */
static void mldir_recover(struct mldir *d)
{
  struct mldir_scan s;
  struct stat st;
  char made[MLDIR_NAME];
  int fd;
  mldir_scan(d, &s);
  d->last = s.newest;
  mldir_remove(d, MLDIR_GZTMP);
  if (mldir_stat(d, "processed", &st)) {
    if (st.st_mode & 0100) {
      mldir_remove(d, "previous");
      mldir_rename(d, "newstate", "state");
      mldir_syncdir(d);
      mldir_commit(d, "processed", 's', made);
    } else {
      mldir_remove(d, "processed");
      mldir_remove(d, "newstate");
    }
  }
  if (mldir_stat(d, "previous", &st)) {
    if (d->processor) mldir_process(d, made);
    else mldir_commit(d, "previous", 's', made);
  }
  while ((fd = openat(d->fddir, "state", O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY,
                      MLDIR_MODE_BUSY)) == -1)
    mldir_pause(d, "create", "state");
  close(fd);
  /* an unfinished current becomes .u; an empty one holds nothing to keep */
  if (mldir_stat(d, "current", &st)
      && (st.st_nlink > 1 || (!(st.st_mode & 0100) && st.st_size > 0)))
    mldir_commit(d, "current", 'u', made);
  if (d->gzip) mldir_gzipall(d);
  mldir_fit(d);
}

/* fail: undo a partial open; returns -1 with errno kept */
static int mldir_fail(struct mldir *d, const char **what, const char *step)
{
  int e = errno;
  *what = step;
  if (d->fdlock != -1) close(d->fdlock);
  if (d->fddir != -1) close(d->fddir);
  free(d->out);
  d->out = NULL;
  d->fdlock = d->fddir = -1;
  errno = e;
  return -1;
}

int mldir_open(struct mldir *d, const struct ml_action *a, const char **what)
{
  static const struct taia zero;
  d->path = a->arg;
  d->size = a->size;
  d->num = a->num;
  d->processor = a->processor;
  d->gzip = a->gzip;
  d->fddir = d->fdlock = d->fdcur = -1;
  d->bytes = d->outlen = 0;
  d->last = zero;
  d->warned = -1;
  if (!d->retry_ms) d->retry_ms = MLDIR_RETRY_MS;
  d->out = malloc(MLDIR_OUT);
  if (!d->out) return mldir_fail(d, what, "allocate memory for");
  if (mkdir(d->path, 0700) == -1 && errno != EEXIST)
    return mldir_fail(d, what, "create directory");
  d->fddir = open(d->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOCTTY);
  if (d->fddir == -1) return mldir_fail(d, what, "open directory");
  d->fdlock = openat(d->fddir, "lock", O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
  if (d->fdlock == -1) return mldir_fail(d, what, "open the lock file of");
  if (lock_exnb(d->fdlock) == -1) return mldir_fail(d, what, "lock directory");
  mldir_recover(d);
  if (mldir_opencur(d) == -1) return mldir_fail(d, what, "open current in");
  return 0;
}

void mldir_close(struct mldir *d)
{
  if (d->fdcur != -1) mldir_finishcur(d);
  if (d->fdlock != -1) close(d->fdlock);
  if (d->fddir != -1) close(d->fddir);
  free(d->out);
  d->out = NULL;
  d->fdlock = d->fddir = -1;
}

int mldir_isarchive(const char *name)
{
  return name[0] == '@';
}
