/* svstatus.c — supervise's status file and the svstat / svps lines. */
#include "svstatus.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "open.h"
#include "str.h"
#include "strerr.h"

static void put32(unsigned char *p, uint32_t v)
{
  p[0] = (unsigned char)(v & 255);
  p[1] = (unsigned char)((v >> 8) & 255);
  p[2] = (unsigned char)((v >> 16) & 255);
  p[3] = (unsigned char)((v >> 24) & 255);
}

static uint32_t get32(const unsigned char *p)
{
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

void svstatus_pack(unsigned char out[SVSTATUS_LEN], const struct svstatus *s)
{
  taia_pack(out, &s->when);
  put32(out + 12, s->pid);
  out[16] = s->paused ? 1 : 0;
  out[17] = (unsigned char)s->want;
  put32(out + 18, s->spid);
}

int svstatus_unpack(const unsigned char *in, size_t len, struct svstatus *s)
{
  struct svstatus t;
  if (len < SVSTATUS_DJB_LEN || !taia_unpack(in, &t.when)) {
    errno = EPROTO;
    return 0;
  }
  t.pid = get32(in + 12);
  t.paused = in[16] ? 1 : 0;
  t.want = (char)in[17];
  t.spid = len >= SVSTATUS_LEN ? get32(in + 18) : 0;
  *s = t;
  return 1;
}

unsigned long svstatus_age(const struct svstatus *s, const struct taia *now)
{
  uint64_t d;
  if (now->sec.x <= s->when.sec.x) return 0;
  d = now->sec.x - s->when.sec.x;
  return d > (uint64_t)(unsigned long)-1 ? (unsigned long)-1 : (unsigned long)d;
}

int svstatus_path(stralloc *out, const char *dir, const char *file)
{
  size_t dl = str_len(dir), fl = str_len(file);
  if (!dl) {
    errno = ENOENT;
    return 0;
  }
  if (dl > SVSTATUS_PATH_MAX || fl > SVSTATUS_PATH_MAX - dl - 1) {
    errno = ENAMETOOLONG;
    return 0;
  }
  if (!stralloc_copyb(out, dir, dl)) return 0;
  if (dir[dl - 1] != '/' && !stralloc_append(out, '/')) return 0;
  if (!stralloc_catb(out, file, fl) || !stralloc_0(out)) return 0;
  --out->len;
  return 1;
}

static int desc_fail(struct svstatus_desc *d, const char *what, int err)
{
  d->kind = SVSTATUS_ERROR;
  d->what = what;
  d->err = err;
  return 0;
}

/* readstatus: read up to SVSTATUS_READ_MAX bytes of the status file */
static int readstatus(const char *path, struct svstatus_desc *d)
{
  unsigned char x[SVSTATUS_READ_MAX];
  size_t len = 0;
  int fd = open_read(path);
  if (fd == -1) return desc_fail(d, "unable to open supervise/status", errno);
  while (len < sizeof x) {
    ssize_t r = read(fd, x + len, sizeof x - len);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1) {
      int e = errno;
      close(fd);
      return desc_fail(d, "unable to read supervise/status", e);
    }
    if (r == 0) break;
    len += (size_t)r;
  }
  close(fd);
  if (!svstatus_unpack(x, len, &d->st))
    return desc_fail(d, "unable to read supervise/status", EPROTO);
  d->kind = SVSTATUS_OK;
  return 1;
}

/* readdesc: svstatus_read's work, with p as scratch space for paths */
static int readdesc(const char *dir, struct svstatus_desc *d, stralloc *p)
{
  struct stat st;
  int fd;

  if (stat(dir, &st) == -1) return desc_fail(d, "unable to access directory", errno);
  if (!S_ISDIR(st.st_mode)) return desc_fail(d, "unable to access directory", ENOTDIR);
  if (!svstatus_path(p, dir, "down")) return desc_fail(d, "unable to stat down", errno);
  if (stat(p->s, &st) == 0) d->normallyup = 0;
  else if (errno != ENOENT) return desc_fail(d, "unable to stat down", errno);
  if (!svstatus_path(p, dir, "supervise/ok"))
    return desc_fail(d, "unable to open supervise/ok", errno);
  fd = open_write(p->s);
  if (fd == -1) {
    if (errno != ENXIO) return desc_fail(d, "unable to open supervise/ok", errno);
    d->kind = SVSTATUS_NOTRUNNING;
    return 0;
  }
  close(fd);
  if (!svstatus_path(p, dir, "supervise/status"))
    return desc_fail(d, "unable to open supervise/status", errno);
  return readstatus(p->s, d);
}

int svstatus_read(const char *dir, struct svstatus_desc *d)
{
  stralloc p = STRALLOC_ZERO;
  int r;
  d->what = 0;
  d->err = 0;
  d->normallyup = 1;
  r = readdesc(dir, d, &p);
  stralloc_free(&p);
  return r;
}

int svstatus_up(const struct svstatus_desc *d)
{
  return d->kind == SVSTATUS_OK && d->st.pid != 0;
}

static int catnum(stralloc *out, unsigned long n)
{
  char x[FMT_ULONG];
  return stralloc_catb(out, x, fmt_ulong(x, n));
}

/* catright: n right-aligned in width columns */
static int catright(stralloc *out, unsigned long n, size_t width)
{
  char x[FMT_ULONG];
  size_t len = fmt_ulong(x, n);
  for (; width > len; --width)
    if (!stralloc_append(out, ' ')) return 0;
  return stralloc_catb(out, x, len);
}

/* details: the djb-style remarks after the pid */
static int details(stralloc *out, const struct svstatus_desc *d)
{
  int up = d->st.pid != 0;
  if (up && !d->normallyup && !stralloc_cats(out, ", normally down")) return 0;
  if (!up && d->normallyup && !stralloc_cats(out, ", normally up")) return 0;
  if (up && d->st.paused && !stralloc_cats(out, ", paused")) return 0;
  if (!up && d->st.want == 'u' && !stralloc_cats(out, ", want up")) return 0;
  if (up && d->st.want == 'd' && !stralloc_cats(out, ", want down")) return 0;
  return 1;
}

/* problem: the text for a description that is not SVSTATUS_OK */
static int problem(stralloc *out, const struct svstatus_desc *d)
{
  if (d->kind == SVSTATUS_NOTRUNNING) return stralloc_cats(out, "supervise not running");
  if (!stralloc_cats(out, d->what) || !stralloc_cats(out, ": ")) return 0;
  return stralloc_cats(out, d->err == EPROTO ? "bad format" : error_str(d->err));
}

int svstatus_line(stralloc *out, const char *dir,
                  const struct svstatus_desc *d, const struct taia *now)
{
  if (!stralloc_cats(out, dir) || !stralloc_cats(out, ": ")) return 0;
  if (d->kind != SVSTATUS_OK) return problem(out, d) && stralloc_append(out, '\n');
  if (!stralloc_cats(out, d->st.pid ? "up " : "down ")) return 0;
  if (!catnum(out, svstatus_age(&d->st, now)) || !stralloc_cats(out, " seconds")) return 0;
  if (d->st.pid) {
    if (!stralloc_cats(out, " pid ") || !catnum(out, d->st.pid)) return 0;
  } else if (d->st.spid) {
    if (!stralloc_cats(out, " spid ") || !catnum(out, d->st.spid)) return 0;
  }
  return details(out, d) && stralloc_append(out, '\n');
}

int svstatus_padname(stralloc *out, const char *name)
{
  size_t n = str_len(name);
  if (!stralloc_catb(out, name, n)) return 0;
  for (; n < SVSTATUS_PS_NAMEW; ++n)
    if (!stralloc_append(out, ' ')) return 0;
  return stralloc_append(out, ' ');
}

int svstatus_pscols(stralloc *out, const char *state, unsigned long age,
                    const char *label, unsigned long pid)
{
  size_t n = str_len(state);
  if (!stralloc_cats(out, state)) return 0;
  for (; n < 4; ++n)
    if (!stralloc_append(out, ' ')) return 0;
  if (!catright(out, age, 8) || !stralloc_cats(out, " secs")) return 0;
  if (!label) return 1;
  if (!stralloc_append(out, ' ') || !stralloc_cats(out, label)) return 0;
  return catright(out, pid, 8);
}

int svstatus_psline(stralloc *out, const char *name,
                    const struct svstatus_desc *d, const struct taia *now,
                    int withdetails)
{
  unsigned long age;
  if (!svstatus_padname(out, name)) return 0;
  if (d->kind != SVSTATUS_OK) return problem(out, d) && stralloc_append(out, '\n');
  age = svstatus_age(&d->st, now);
  if (d->st.pid) {
    if (!svstatus_pscols(out, "up", age, " pid", d->st.pid)) return 0;
  } else if (!svstatus_pscols(out, "down", age, d->st.spid ? "spid" : 0, d->st.spid))
    return 0;
  if (withdetails && !details(out, d)) return 0;
  return stralloc_append(out, '\n');
}
