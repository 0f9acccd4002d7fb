/* dsnmake.c — a test driver for the dsn module: bounce records, status codes, whole bounces.
 *
 * usage: dsnmake -S perm text
 *          print the status code dsn_status gives for text (perm 1 or 0)
 *        dsnmake -R perm addr text
 *          write the records of one failed recipient (dsn_record, status
 *          from dsn_status) to stdout: append them to a bounce file
 *        dsnmake [-d] [-M] [-h host] [-f from] [-t to] [-e sender] [-n num]
 *                [-a arrival] [-w now] [-m maxbytes] [-o offset] bouncefile origfile
 *          write the bounce for the records in bouncefile (dsn_parse) with
 *          the original message origfile ("-": standard input, read from
 *          offset) to stdout (dsn_write). -d: a double bounce. -M: print
 *          "dsnmake: VmHWM N kB" (the peak resident size) on stderr at the end.
 * Defaults: host localhost, from MAILER-DAEMON@host, to postmaster, sender
 * empty, num 0, arrival and now the current time, maxbytes 0 (all).
 * Exit 0; 100 for bad usage or a bad bounce file; 111 for I/O errors. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "dsn.h"
#include "stralloc.h"
#include "strerr.h"

#define BOUNCEFILE_MAX (64UL << 20)   /* a test bounce file is small */

struct opts {
  struct dsn_info info;
  char from[1100];
  off_t offset;
  int peak;
};

static void __attribute__((noreturn)) usage(void)
{
  fputs("usage: dsnmake -S perm text | -R perm addr text |\n"
        "       dsnmake [-d] [-M] [-h host] [-f from] [-t to] [-e sender] [-n num]\n"
        "               [-a arrival] [-w now] [-m maxbytes] [-o offset] bouncefile origfile\n",
        stderr);
  exit(100);
}

static void __attribute__((noreturn)) die(const char *what, const char *name)
{
  int e = errno;
  fprintf(stderr, "dsnmake: fatal: %s %s: %s\n", what, name, error_str(e));
  errno = e;
  exit(errno == EINVAL || errno == EOVERFLOW ? 100 : 111);
}

static long number(const char *s)
{
  char *end;
  long n;
  errno = 0;
  n = strtol(s, &end, 10);
  if (errno || !*s || *end) usage();
  return n;
}

static int status_mode(int argc, char **argv, int records)
{
  char code[DSN_STATUS_MAX + 1];
  stralloc sa = STRALLOC_ZERO;
  const char *text = argv[argc - 1];
  if (argc != (records ? 5 : 4)) usage();
  if (!dsn_status(text, strlen(text), argv[2][0] == '1', code)) die("unable to find", "status");
  if (!records) { printf("%s\n", code); return 0; }
  if (!dsn_record(&sa, argv[3], strlen(argv[3]), code, text, strlen(text)))
    die("unable to make", "records");
  if (fwrite(sa.s, 1, sa.len, stdout) != sa.len || fflush(stdout)) die("unable to write", "stdout");
  stralloc_free(&sa);
  return 0;
}

static void readfile(const char *name, stralloc *sa)
{
  char chunk[8192];
  int fd = open(name, O_RDONLY);
  if (fd == -1) die("unable to open", name);
  for (;;) {
    ssize_t got = read(fd, chunk, sizeof chunk);
    if (got == -1) die("unable to read", name);
    if (!got) break;
    if (sa->len + (size_t)got > BOUNCEFILE_MAX) { errno = EFBIG; die("unable to read", name); }
    if (!stralloc_catb(sa, chunk, (size_t)got)) die("unable to read", name);
  }
  close(fd);
}

static void peak(void)
{
  char line[256];
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return;
  while (fgets(line, sizeof line, f))
    if (!strncmp(line, "VmHWM:", 6)) fprintf(stderr, "dsnmake: VmHWM %ld kB\n", atol(line + 6));
  fclose(f);
}

static void parse_opts(struct opts *o, int argc, char **argv)
{
  int c;
  memset(o, 0, sizeof *o);
  o->info.host = "localhost";
  o->info.to = "postmaster";
  o->info.sender = "";
  o->info.now = o->info.arrival = time(NULL);
  while ((c = getopt(argc, argv, "+dMh:f:t:e:n:a:w:m:o:")) != -1) {
    switch (c) {
      case 'd': o->info.doublebounce = 1; break;
      case 'M': o->peak = 1; break;
      case 'h': o->info.host = optarg; break;
      case 'f': o->info.from = optarg; break;
      case 't': o->info.to = optarg; break;
      case 'e': o->info.sender = optarg; break;
      case 'n': o->info.num = (unsigned long)number(optarg); break;
      case 'a': o->info.arrival = (time_t)number(optarg); break;
      case 'w': o->info.now = (time_t)number(optarg); break;
      case 'm': o->info.maxbytes = (unsigned long)number(optarg); break;
      case 'o': o->offset = (off_t)number(optarg); break;
      default: usage();
    }
  }
  if (!o->info.from) {
    snprintf(o->from, sizeof o->from, "MAILER-DAEMON@%s", o->info.host);
    o->info.from = o->from;
  }
}

int main(int argc, char **argv)
{
  struct opts o;
  stralloc bounce = STRALLOC_ZERO;
  struct dsn_list l = { 0, 0, 0 };
  int fd = 0;

  if (argc >= 2 && !strcmp(argv[1], "-S")) return status_mode(argc, argv, 0);
  if (argc >= 2 && !strcmp(argv[1], "-R")) return status_mode(argc, argv, 1);
  parse_opts(&o, argc, argv);
  if (argc - optind != 2) usage();
  readfile(argv[optind], &bounce);
  if (!dsn_parse(bounce.s, bounce.len, &l)) die("unable to parse", argv[optind]);
  if (strcmp(argv[optind + 1], "-") && (fd = open(argv[optind + 1], O_RDONLY)) == -1)
    die("unable to open", argv[optind + 1]);
  if (o.offset && lseek(fd, o.offset, SEEK_SET) == -1) die("unable to seek", argv[optind + 1]);
  if (dsn_write(buf_1, &o.info, l.r, l.n, fd) == -1 || buf_flush(buf_1) == -1)
    die("unable to write", "the bounce");
  if (o.peak) peak();
  dsn_list_free(&l);
  stralloc_free(&bounce);
  return 0;
}
