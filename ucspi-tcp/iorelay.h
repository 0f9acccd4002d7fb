/* iorelay.h — run a program with its standard input and output passed
 * through a relay process that can look at and change the bytes (the
 * engine of recordio and fixcrio).
 *
 * Return convention: iorelay_exec does not return. iorelay_write1 is
 * syscall-like (bytes written, or -1 with errno set).
 *
 * The program keeps the process (and so the pid that tcpserver or
 * supervise knows); the relay is a forked child that reads the original
 * standard input and writes the original standard output. The relay
 * never blocks one direction on the other: it waits with poll(2) and
 * writes only what a descriptor takes at once. */
#ifndef IORELAY_H
#define IORELAY_H

#include <stddef.h>
#include <sys/types.h>

/* the most bytes read at once, and the room a filter has to write what it
 * makes of them (twice as much: a CR may go before every byte) */
#define IORELAY_READ_MAX 8192
#define IORELAY_OUT_MAX (2 * IORELAY_READ_MAX + 16)

enum iorelay_dir {
  IORELAY_IN = 0,   /* the relay's input, on its way to the program */
  IORELAY_OUT = 1   /* the program's output, on its way out */
};

struct iorelay_filter {
  /* packet: the bytes x[0..n) (1 <= n <= readsize) just read in direction
   * dir; write what is to be passed on into out (IORELAY_OUT_MAX bytes of
   * room) and return its length. */
  size_t (*packet)(void *ctx, int dir, const char *x, size_t n, char *out);
  /* eof: the end of direction dir; write any last bytes into out and
   * return their length (0 for none). */
  size_t (*eof)(void *ctx, int dir, char *out);
  void *ctx;
  size_t readsize;  /* bytes per read, 1 .. IORELAY_READ_MAX */
};

/* exec: fork a relay and exec argv[0] (searched in PATH) with argv, its
 * fd 0 reading from the relay and its fd 1 writing to it. The program
 * runs in the calling process; a failure to start it prints
 * "prog: fatal: unable to run NAME: reason" and exits 111, as does a
 * failure to make the pipes or to fork. The relay passes the calling
 * process's standard input through f to the program until the end of
 * input (then closes the program's input) and the program's output
 * through f to standard output, and exits 0 at the end of the program's
 * output, or 111 after "prog: fatal: unable to write output". It ignores
 * SIGPIPE; when the program stops reading, input is dropped. */
void iorelay_exec(const char *prog, char *const argv[], const struct iorelay_filter *f)
    __attribute__((noreturn));

/* write1: write some of x[0..n) to fd without blocking for long once
 * poll(2) has said fd is writable: a non-blocking send(2) on a socket,
 * else one write(2) of at most PIPE_BUF bytes. */
ssize_t iorelay_write1(int fd, const char *x, size_t n);

#endif
