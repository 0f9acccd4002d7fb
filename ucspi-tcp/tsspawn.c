/* tsspawn.c — threads that vfork tcpserver's light children. */
#include "tsspawn.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "byte.h"
#include "exitcode.h"

/* the next job, waiting as long as there is none */
static void take(struct tsspawn *p, struct tsspawn_job *job)
{
  pthread_mutex_lock(&p->lock);
  while (!p->count) {
    ++p->waiting;
    pthread_cond_wait(&p->wake, &p->lock);
    --p->waiting;
  }
  *job = p->queue[p->head];
  p->head = (p->head + 1) % TSSPAWN_QUEUE;
  --p->count;
  pthread_mutex_unlock(&p->lock);
}

static void *thread(void *arg)
{
  struct tsspawn *p = arg;
  for (;;) {
    struct tsspawn_job job;
    pid_t pid;
    take(p, &job);
    pid = vfork();
    if (pid == 0) {
      p->child(job.b);
      _exit(EXIT_TEMP);  /* child must not return; should it, the connection is dropped */
    }
    if (pid == -1) __atomic_add_fetch(&p->failed, 1, __ATOMIC_RELAXED);
    p->done(job.b, pid);
  }
  return 0;
}

int tsspawn_init(struct tsspawn *p, size_t jobsize, void (*child)(const void *),
                 void (*done)(const void *, pid_t))
{
  pthread_attr_t attr;
  sigset_t all, old;
  int i, e = 0;
  if (jobsize > TSSPAWN_JOB_MAX) { errno = EINVAL; return -1; }
  byte_zero(p, sizeof *p);
  p->jobsize = jobsize;
  p->child = child;
  p->done = done;
  if ((e = pthread_mutex_init(&p->lock, 0))) { errno = e; return -1; }
  if ((e = pthread_cond_init(&p->wake, 0))) { errno = e; return -1; }
  if ((e = pthread_attr_init(&attr))) { errno = e; return -1; }
  if (!(e = pthread_attr_setstacksize(&attr, TSSPAWN_STACK)))
    e = pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  /* threads inherit the creator's mask: all blocked while they start */
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  for (i = 0; i < TSSPAWN_THREADS && !e; ++i) {
    pthread_t t;
    e = pthread_create(&t, &attr, thread, p);
  }
  pthread_sigmask(SIG_SETMASK, &old, 0);
  pthread_attr_destroy(&attr);
  if (e) { errno = e; return -1; }
  return 0;
}

int tsspawn_submit(struct tsspawn *p, const void *job)
{
  int ok = 0;
  pthread_mutex_lock(&p->lock);
  if (p->count < TSSPAWN_QUEUE) {
    size_t k = (p->head + p->count) % TSSPAWN_QUEUE;
    byte_copy(p->queue[k].b, p->jobsize, job);
    ++p->count;
    if (p->waiting) pthread_cond_signal(&p->wake);
    ok = 1;
  }
  pthread_mutex_unlock(&p->lock);
  return ok;
}

size_t tsspawn_failed(struct tsspawn *p)
{
  return __atomic_exchange_n(&p->failed, 0, __ATOMIC_RELAXED);
}

size_t tsspawn_queued(struct tsspawn *p)
{
  size_t n;
  pthread_mutex_lock(&p->lock);
  n = p->count;
  pthread_mutex_unlock(&p->lock);
  return n;
}
