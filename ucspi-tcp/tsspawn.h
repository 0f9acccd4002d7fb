/* tsspawn.h — a few threads that start tcpserver's light children with
 * vfork(2), so that the accept loop goes on while a child execs.
 *
 * Why: fork(2) copies the page tables of the accepting process, every
 * page either side writes afterwards is copied again, and the child's
 * exec then tears the copy down: for a child that only sets up its
 * descriptors and execs, that is most of what tcpserver itself spends on
 * a connection. vfork(2) copies nothing, but stops its caller until the
 * child has exec'd; done by the accept loop itself, that stop leaves
 * CPUs idle under load. So the loop hands the connection to an idle
 * thread of this pool, which vforks: only that thread waits.
 *
 * The vfork child runs on the thread's stack and with the thread's own
 * thread-local storage (errno), which nobody else uses while the thread
 * is stopped; but it shares the memory of the whole process, the accept
 * loop's included, while the loop goes on. So the child function must
 * write nothing but its own stack (no malloc, no stdio, no static
 * buffers), read only data that the loop no longer changes, and end in
 * execve(2) or _exit(2). It starts with every signal blocked (the
 * threads block them all, so that handlers run in the loop's thread):
 * it must set the signal mask it wants before it execs.
 *
 * Return convention: tsspawn_init returns 0, or -1 with errno (EINVAL for
 * a job larger than TSSPAWN_JOB_MAX, or the error of pthread_create);
 * tsspawn_submit returns 1 (a thread has the job, or will have it) or 0
 * (TSSPAWN_QUEUE jobs wait already: the caller forks); tsspawn_failed and
 * tsspawn_queued return a count. */
#ifndef TSSPAWN_H
#define TSSPAWN_H

#include <pthread.h>
#include <stdalign.h>
#include <stddef.h>
#include <sys/types.h>

/* threads; each waits while its child execs */
#define TSSPAWN_THREADS 4
/* each thread's stack, which its vfork child borrows (tcpserver's
 * child needs about 32 KB) */
#define TSSPAWN_STACK (256 * 1024)
/* jobs that may wait for a thread; more are the caller's to fork */
#define TSSPAWN_QUEUE 64
/* the largest job */
#define TSSPAWN_JOB_MAX 64

struct tsspawn_job { alignas(max_align_t) unsigned char b[TSSPAWN_JOB_MAX]; };

struct tsspawn {
  pthread_mutex_t lock;
  pthread_cond_t wake;
  struct tsspawn_job queue[TSSPAWN_QUEUE];
  size_t head, count;          /* the jobs waiting for a thread */
  size_t waiting;              /* threads waiting for a job */
  size_t jobsize;
  size_t failed;               /* vforks that failed (atomic) */
  /* child: in the vfork child, with the job; must exec or _exit.
   * done: in the thread once vfork has returned (pid, or -1 with errno),
   * for instance to close the connection's descriptor. */
  void (*child)(const void *job);
  void (*done)(const void *job, pid_t pid);
};

/* init: start the threads, with every signal blocked in them. Call it
 * once, before any other function here. */
int tsspawn_init(struct tsspawn *p, size_t jobsize, void (*child)(const void *),
                 void (*done)(const void *, pid_t)) __attribute__((warn_unused_result));

/* submit: queue a copy of job (jobsize bytes) for the next idle thread. */
int tsspawn_submit(struct tsspawn *p, const void *job) __attribute__((warn_unused_result));

/* failed: the vforks that failed since the last call (done was called
 * for them with -1). */
size_t tsspawn_failed(struct tsspawn *p);

/* queued: the jobs that no thread has taken yet. */
size_t tsspawn_queued(struct tsspawn *p);

#endif
