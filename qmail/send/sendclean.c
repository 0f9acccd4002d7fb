/* sendclean.c — x requests to qmail-clean and their answers, in order (sendclean.h). */
#include "sendclean.h"

#include "byte.h"
#include "fmt.h"
#include "genalloc.h"

void sendclean_init(struct sendclean *c, int fd)
{
  sendout_init(&c->out, fd);
  c->r = 0;
  c->head = c->len = c->a = 0;
}

int sendclean_ask(struct sendclean *c, unsigned long num, uint32_t id)
{
  char b[FMT_ULONG + 2];
  size_t n;
  struct sendclean_req *r = genalloc_grow(c->r, &c->a, c->len + 1, sizeof *r);
  if (!r) return 0;
  c->r = r;
  b[0] = 'x';
  n = fmt_ulong(b + 1, num) + 1;
  b[n++] = 0;
  if (!sendout_put(&c->out, b, n)) return 0;
  c->r[c->len].num = num;
  c->r[c->len].id = id;
  ++c->len;
  return 1;
}

int sendclean_answer(struct sendclean *c, struct sendclean_req *out)
{
  if (c->head >= c->len) return 0;
  *out = c->r[c->head++];
  if (c->head == c->len) {
    c->head = c->len = 0;
  } else if (c->head >= 1024 && c->head * 2 >= c->len) {
    /* answers keep coming behind the requests: reuse the front */
    c->len -= c->head;
    byte_copy(c->r, c->len * sizeof *c->r, c->r + c->head);
    c->head = 0;
  }
  return 1;
}

size_t sendclean_waiting(const struct sendclean *c)
{
  return c->len - c->head;
}

void sendclean_free(struct sendclean *c)
{
  sendout_free(&c->out);
  genalloc_release(c->r);
  c->r = 0;
  c->head = c->len = c->a = 0;
}
