/* tsconn.h — tcpserver's table of live children: which remote IP each
 * child serves, and how many children serve each IP (for -C, MAXPERIP).
 *
 * Return convention: tsconn_ready returns 1, or 0 with errno (ENOMEM, or
 * EOVERFLOW past TSCONN_MAX children); tsconn_del returns 1 when the pid
 * was in the table, else 0; the others cannot fail.
 *
 * Two open-addressing hash tables (pid -> IP, IP -> count), linear
 * probing, at most half full, deletion by backward shift, so every
 * operation is O(1) on average whatever the number of children. The IP
 * hash is keyed with a seed the caller picks at random, so that clients
 * choosing their addresses (IPv6) cannot make the probes long. */
#ifndef TSCONN_H
#define TSCONN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* the most children the table holds */
#define TSCONN_MAX 1048576u

struct tsconn_pid { pid_t pid; unsigned char ip[16]; };          /* pid 0: free */
struct tsconn_ip { unsigned long count; unsigned char ip[16]; }; /* count 0: free */

struct tsconn {
  struct tsconn_pid *p;   /* pcap slots (0 or a power of two) */
  size_t pcap;
  struct tsconn_ip *q;    /* qcap slots */
  size_t qcap;
  size_t n;               /* children in the table */
  size_t nip;             /* distinct IPs among them */
  uint64_t seed;          /* key of the IP hash */
};
#define TSCONN_ZERO { 0, 0, 0, 0, 0, 0, 0 }

/* ready: make room for more children than are in t now, so that as many
 * tsconn_add calls cannot fail. */
int tsconn_ready(struct tsconn *t, size_t more) __attribute__((warn_unused_result));

/* add: record child pid (> 0, not in t) serving ip (16 bytes, IPv4
 * v4-mapped). Call tsconn_ready first: add does not allocate. */
void tsconn_add(struct tsconn *t, pid_t pid, const unsigned char ip[16]);

/* del: forget child pid; its IP is copied to ip when ip is not NULL. */
int tsconn_del(struct tsconn *t, pid_t pid, unsigned char ip[16]);

/* count: children serving ip now. */
unsigned long tsconn_count(const struct tsconn *t, const unsigned char ip[16]);

/* free: release the tables and zero t (the seed is kept). */
void tsconn_free(struct tsconn *t);

#endif
