/* tsspawn.c — unit test for ucspi-tcp/tsspawn: the threads that vfork
 * tcpserver's light children: each job's child runs with the job, the
 * done callback sees every pid, a full queue sends the caller to fork,
 * and the children start with every signal blocked. */
#include <signal.h>
#include <sys/wait.h>

#include "tap.h"
#include "tsspawn.h"

/* a job: the child reads a byte from gate (when >= 0), then writes its
 * code to out and exits with it */
struct job { int gate; int out; int code; };

static size_t done_calls, done_failed;

static void child(const void *p)
{
  const struct job *j = p;
  sigset_t now;
  char c = (char)j->code;
  /* every signal blocked: report SIGTERM's state in the code's high bit */
  sigprocmask(SIG_BLOCK, 0, &now);
  if (sigismember(&now, SIGTERM)) c = (char)(c | 0x40);
  if (j->gate >= 0) {
    char g;
    if (read(j->gate, &g, 1) != 1) _exit(98);
  }
  if (write(j->out, &c, 1) != 1) _exit(97);
  _exit(j->code);
}

static void done(const void *p, pid_t pid)
{
  (void)p;
  __atomic_add_fetch(&done_calls, 1, __ATOMIC_SEQ_CST);
  if (pid == -1) __atomic_add_fetch(&done_failed, 1, __ATOMIC_SEQ_CST);
}

/* reap n children (some may not be started yet: a thread may still be
 * about to vfork; 10 s at most); the sum of their exit codes, or -1 */
static long reap(size_t n)
{
  long sum = 0;
  int tries = 0;
  while (n) {
    int st;
    if (wait(&st) == -1) {
      if (errno == ECHILD && ++tries < 1000) { usleep(10000); continue; }
      diag("wait: %s", strerror(errno));
      return -1;
    }
    if (!WIFEXITED(st)) { diag("status %d", st); return -1; }
    sum += WEXITSTATUS(st);
    --n;
  }
  return sum;
}

static size_t done_now(void) { return __atomic_load_n(&done_calls, __ATOMIC_SEQ_CST); }

/* wait (up to 10 s) until done has been called n times */
static int done_reaches(size_t n)
{
  int i;
  for (i = 0; i < 1000 && done_now() < n; ++i) usleep(10000);
  return done_now() >= n;
}

int main(void)
{
  struct tsspawn sp;
  struct job j;
  int out[2], gate[2], k;
  size_t queued = 0, all;
  char codes[256];
  ssize_t n;
  ok(pipe(out) == 0 && pipe(gate) == 0, "pipes");
  is_int(tsspawn_init(&sp, TSSPAWN_JOB_MAX + 1, child, done), -1, "init: a job too large");
  ok(tsspawn_init(&sp, sizeof j, child, done) == 0, "init: threads started");

  /* one job: its child runs with its copy of the job */
  j.gate = -1;
  j.out = out[1];
  j.code = 7;
  ok(tsspawn_submit(&sp, &j), "submit: taken");
  j.code = 1;  /* the pool has its own copy */
  ok(read(out[0], codes, 1) == 1, "the child wrote");
  is_int(codes[0], 7 | 0x40, "the child saw its job, with SIGTERM blocked");
  is_int(reap(1), 7, "the child's exit status");
  ok(done_reaches(1), "done was called");

  /* every thread stopped in vfork by a child that waits at the gate;
   * then the queue fills, and then submit says no */
  j.gate = gate[0];
  j.code = 1;
  for (k = 0; k < TSSPAWN_THREADS; ++k) queued += (size_t)tsspawn_submit(&sp, &j);
  is_int(queued, TSSPAWN_THREADS, "submit: one job per thread");
  /* wait until the threads have taken them (their children wait) */
  for (k = 0; k < 1000 && tsspawn_queued(&sp); ++k) usleep(10000);
  is_int(tsspawn_queued(&sp), 0, "queued: none once the threads took them");
  j.gate = -1;
  j.code = 2;
  queued = 0;
  while (queued < TSSPAWN_QUEUE + 10 && tsspawn_submit(&sp, &j)) ++queued;
  is_int(queued, TSSPAWN_QUEUE, "submit: TSSPAWN_QUEUE jobs wait, then no more");
  is_int(tsspawn_queued(&sp), TSSPAWN_QUEUE, "queued: all of them");
  is_int(done_now(), 1, "nothing done while the threads wait");
  /* open the gate: every child goes on, the queue empties */
  for (k = 0; k < TSSPAWN_THREADS; ++k) ok(write(gate[1], "g", 1) == 1, "gate %d opened", k);
  all = TSSPAWN_THREADS + TSSPAWN_QUEUE;
  is_int(reap(all), TSSPAWN_THREADS * 1 + TSSPAWN_QUEUE * 2, "every child ran, with its job");
  ok(done_reaches(1 + all), "done for each");
  is_int(tsspawn_queued(&sp), 0, "queued: none left");
  is_int(tsspawn_failed(&sp), 0, "failed: none");
  is_int(__atomic_load_n(&done_failed, __ATOMIC_SEQ_CST), 0, "done saw no failure");
  n = read(out[0], codes, sizeof codes);
  is_int(n, (ssize_t)all, "one byte from each child");
  ok(tsspawn_submit(&sp, &j), "submit: taken again after the queue emptied");
  is_int(reap(1), 2, "and run");
  return done_testing();
}
