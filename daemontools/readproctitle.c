/* readproctitle.c — keep the last bytes of standard input in our own last
 * argument, so that ps shows them (readproctitle(8)). */
#include <errno.h>
#include <unistd.h>

#include "byte.h"
#include "exitcode.h"
#include "str.h"
#include "strerr.h"

#define FATAL "readproctitle: fatal: "
#define USAGE "readproctitle: usage: readproctitle args ....."
/* the shortest last argument that leaves room to show something */
#define READPROCTITLE_MIN 5
/* its first bytes stay as they are (dots, as daemontools does), so that
 * ps shows where the cut-off text begins */
#define READPROCTITLE_KEEP 3
/* bytes read at a time */
#define READPROCTITLE_CHUNK 4096

struct title {
  char *space;   /* the last argument after its first bytes: overwritten */
  size_t len;    /* its length, which never changes */
};

/* show: put the n bytes of in at the end of the title, shifting what is
 * there to the left (only the last t->len bytes of the input stay) */
static void show(struct title *t, const char *in, size_t n)
{
  if (n >= t->len) {
    byte_copy(t->space, t->len, in + (n - t->len));
    return;
  }
  byte_copy(t->space, t->len - n, t->space + n);
  byte_copy(t->space + (t->len - n), n, in);
}

int main(int argc, char **argv)
{
  struct title t;
  char in[READPROCTITLE_CHUNK];

  if (argc < 2) strerr_die(EXIT_PERM, USAGE, NULL);
  t.len = str_len(argv[argc - 1]);
  if (t.len < READPROCTITLE_MIN) strerr_die(EXIT_PERM, USAGE, NULL);
  t.space = argv[argc - 1] + READPROCTITLE_KEEP;
  t.len -= READPROCTITLE_KEEP;
  for (;;) {
    ssize_t r = read(0, in, sizeof in);
    if (r == -1) {
      if (errno == EINTR) continue;
      strerr_die(EXIT_TEMP, FATAL, "unable to read input: ", STRERR_SYS, NULL);
    }
    if (r == 0) return 0;
    show(&t, in, (size_t)r);
  }
}
