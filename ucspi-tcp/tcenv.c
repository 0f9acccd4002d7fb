/* tcenv.c — PROTO and the TCP* / TCP6* variables of a connection. */
#include "tcenv.h"

#include "fmt.h"

static const char *const tcenv_names[7] = {
  "LOCALIP", "LOCALPORT", "LOCALHOST", "REMOTEIP", "REMOTEPORT", "REMOTEHOST", "REMOTEINFO"
};

/* prefix + name into out; the names are short constants */
static const char *tcenv_name(char out[32], const char *prefix, const char *name)
{
  size_t n = fmt_str(out, prefix);
  n += fmt_str(out + n, name);
  out[n] = 0;
  return out;
}

/* name = value in e, or name removed when value is NULL */
static int tcenv_put(env_builder *e, const char *prefix, const char *name, const char *value)
{
  char full[32];
  tcenv_name(full, prefix, name);
  return value ? env_set(e, full, value) : env_unset(e, full);
}

int tcenv_set(env_builder *e, const struct tcenv *c)
{
  const char *prefix = c->remote.v6 ? "TCP6" : "TCP";
  char lip[TCADDR_FMT], rip[TCADDR_FMT], lport[FMT_ULONG], rport[FMT_ULONG];
  const char *value[7];
  size_t i;
  tcaddr_fmt(lip, &c->local);
  tcaddr_fmt(rip, &c->remote);
  lport[fmt_ulong(lport, c->localport)] = 0;
  rport[fmt_ulong(rport, c->remoteport)] = 0;
  value[0] = lip;
  value[1] = lport;
  value[2] = c->localhost;
  value[3] = rip;
  value[4] = rport;
  value[5] = c->remotehost;
  value[6] = c->remoteinfo;
  if (!env_set(e, "PROTO", prefix)) return 0;
  for (i = 0; i < 7; ++i) {
    if (!tcenv_put(e, "TCP", tcenv_names[i], value[i])) return 0;
    if (!tcenv_put(e, "TCP6", tcenv_names[i], c->remote.v6 ? value[i] : 0)) return 0;
  }
  return 1;
}
