/* connbench.c — a TCP connection-rate driver for the benchmarks: keeps C
 * connections open at once, each connecting, reading until the server
 * closes, and closing, until N have finished or S seconds have passed.
 *
 * usage: connbench [ -c clients ] [ -n connections ] [ -t seconds ] [ -w ] ip port
 * Prints one line: "connections N errors E seconds S rate R" (R per second).
 * -w first waits (up to 10 s) until the port accepts a connection.
 * Exit 0, 100 for bad usage, 111 when it cannot work at all. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CLIENTS_MAX 1000
#define CONN_TIMEOUT_MS 10000   /* one connection that takes longer is an error */

struct slot {
  int fd;               /* -1 when free */
  int connected;
  double started;
};

struct bench {
  struct sockaddr_in sa;
  int clients;
  long total;           /* connections to finish */
  double seconds;       /* at most this long */
  long begun, done, errors;
  struct slot slot[CLIENTS_MAX];
  struct pollfd p[CLIENTS_MAX];
};

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
  fprintf(stderr, "connbench: fatal: %s: %s\n", what, strerror(errno));
  exit(111);
}

/* start a non-blocking connection in slot s */
static void slot_start(struct bench *b, struct slot *s)
{
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd == -1) die("unable to create socket");
  s->fd = fd;
  s->connected = 0;
  s->started = now();
  ++b->begun;
  if (connect(fd, (struct sockaddr *)&b->sa, sizeof b->sa) == 0) s->connected = 1;
  else if (errno != EINPROGRESS) { close(fd); s->fd = -1; ++b->errors; }
}

/* slot s has news: connected, data, end, or an error */
static void slot_event(struct bench *b, struct slot *s, short revents)
{
  char x[512];
  ssize_t r;
  if (!s->connected) {
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1 || err) goto fail;
    if (!(revents & POLLOUT)) goto fail;
    s->connected = 1;
    return;
  }
  r = read(s->fd, x, sizeof x);
  if (r > 0 || (r == -1 && (errno == EAGAIN || errno == EINTR))) return;
  if (r == -1 && errno != ECONNRESET) goto fail;
  close(s->fd);   /* the server closed: one connection done */
  s->fd = -1;
  ++b->done;
  return;
fail:
  close(s->fd);
  s->fd = -1;
  ++b->errors;
}

static void run(struct bench *b)
{
  double t0 = now(), end = t0 + b->seconds;
  int i;
  for (i = 0; i < b->clients; ++i) b->slot[i].fd = -1;
  for (;;) {
    int live = 0;
    double t = now();
    for (i = 0; i < b->clients; ++i) {
      struct slot *s = &b->slot[i];
      if (s->fd != -1 && (t - s->started) * 1000 > CONN_TIMEOUT_MS) {
        close(s->fd);
        s->fd = -1;
        ++b->errors;
      }
      if (s->fd == -1 && b->begun < b->total && t < end) slot_start(b, s);
      b->p[i].fd = s->fd;
      b->p[i].events = s->fd == -1 ? 0 : s->connected ? POLLIN : POLLOUT;
      b->p[i].revents = 0;
      if (s->fd != -1) ++live;
    }
    if (!live) break;
    if (poll(b->p, (nfds_t)b->clients, 100) == -1 && errno != EINTR) die("unable to poll");
    for (i = 0; i < b->clients; ++i)
      if (b->p[i].revents && b->slot[i].fd != -1) slot_event(b, &b->slot[i], b->p[i].revents);
  }
  printf("connections %ld errors %ld seconds %.3f rate %.1f\n", b->done, b->errors,
         now() - t0, b->done / (now() - t0));
}

/* -w: until the port accepts, at most 10 s; 0 or -1 */
static int wait_ready(const struct sockaddr_in *sa)
{
  double end = now() + 10;
  while (now() < end) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd == -1) die("unable to create socket");
    if (connect(fd, (const struct sockaddr *)sa, sizeof *sa) == 0) {
      char x[64];
      while (read(fd, x, sizeof x) > 0) {}
      close(fd);
      return 0;
    }
    close(fd);
    usleep(20000);
  }
  return -1;
}

int main(int argc, char **argv)
{
  struct bench b;
  int c, waitfirst = 0;
  memset(&b, 0, sizeof b);
  b.clients = 1;
  b.total = 1000;
  b.seconds = 10;
  while ((c = getopt(argc, argv, "c:n:t:w")) != -1) {
    switch (c) {
    case 'c': b.clients = atoi(optarg); break;
    case 'n': b.total = atol(optarg); break;
    case 't': b.seconds = atof(optarg); break;
    case 'w': waitfirst = 1; break;
    default: goto usage;
    }
  }
  if (argc - optind != 2 || b.clients < 1 || b.clients > CLIENTS_MAX || b.total < 1 || b.seconds <= 0)
    goto usage;
  b.sa.sin_family = AF_INET;
  b.sa.sin_port = htons((unsigned short)atoi(argv[optind + 1]));
  if (inet_pton(AF_INET, argv[optind], &b.sa.sin_addr) != 1) goto usage;
  if (waitfirst && wait_ready(&b.sa) == -1) {
    fprintf(stderr, "connbench: fatal: %s port %s does not accept connections\n", argv[optind],
            argv[optind + 1]);
    return 111;
  }
  run(&b);
  return 0;
usage:
  fprintf(stderr, "connbench: usage: connbench [ -c clients ] [ -n connections ] [ -t seconds ] [ -w ] ip port\n");
  return 100;
}
