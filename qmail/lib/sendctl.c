/* sendctl.c — the delivery stage's control files, described once. */
#include "sendctl.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#define SC(field) offsetof(struct sendctl, field)

const cfg_entry sendctl_table[] = {
  { "me", CFG_STRING, 0, 0, 0, SC(me), 0, "this host's name; the default of several others" },
  { "envnoathost", CFG_STRING, 0, 0, 0, SC(envnoathost), 0, "domain added to recipients without @ (default: me)" },
  { "locals", CFG_LIST, 0, 0, 0, SC(locals), 0, "domains delivered locally (default: me)" },
  { "virtualdomains", CFG_MAP, 0, 0, 0, SC(virtualdomains), 0, "address or domain:prefix for virtual domains" },
  { "percenthack", CFG_LIST, 0, 0, 0, SC(percenthack), 0, "domains where user%host@domain becomes user@host" },
  { "concurrencylocal", CFG_UINT, "10", 1, SENDCTL_CONC_MAX, SC(concurrencylocal), 0, "local deliveries at once" },
  { "concurrencyremote", CFG_UINT, "20", 1, SENDCTL_CONC_MAX, SC(concurrencyremote), 0, "remote deliveries at once" },
  { "queuelifetime", CFG_UINT, "604800", 0, 100000000, SC(queuelifetime), 0, "seconds a message may stay in the queue" },
  { "bouncefrom", CFG_STRING, "MAILER-DAEMON", 0, 0, SC(bouncefrom), 0, "local part of the bounce sender" },
  { "bouncehost", CFG_STRING, 0, 0, 0, SC(bouncehost), 0, "domain of the bounce sender (default: me)" },
  { "doublebounceto", CFG_STRING, "postmaster", 0, 0, SC(doublebounceto), 0, "local part that double bounces go to" },
  { "doublebouncehost", CFG_STRING, 0, 0, 0, SC(doublebouncehost), 0, "domain that double bounces go to (default: me)" },
  { "bouncemaxbytes", CFG_UINT, "0", 0, 4294967295ul, SC(bouncemaxbytes), 0, "bytes of the original message in a bounce (0: all)" },
};
const size_t sendctl_count = sizeof sendctl_table / sizeof sendctl_table[0];

/* v = s when v got nothing (default and no value) */
static void sendctl_derive(cfg_value *v, const char *s)
{
  if (v->src == CFG_DEFAULT && !v->s) v->s = s;
}

int sendctl_load(struct sendctl *sc, const char *controldir, stralloc *err)
{
  char host[256];
  memset(sc, 0, sizeof *sc);
  if (cfg_load(sendctl_table, sendctl_count, sc, controldir, err) == -1) return -1;
  if (!sc->me.s || !*sc->me.s) {
    if (gethostname(host, sizeof host - 1) == -1) strcpy(host, "localhost");
    host[sizeof host - 1] = 0;
    if (!stralloc_copys(&sc->hostname, host) || !stralloc_0(&sc->hostname)) {
      sendctl_free(sc);
      errno = ENOMEM;
      return -1;
    }
    sc->me.s = sc->hostname.s;
  }
  sendctl_derive(&sc->envnoathost, sc->me.s);
  sendctl_derive(&sc->bouncehost, sc->me.s);
  sendctl_derive(&sc->doublebouncehost, sc->me.s);
  if (sc->locals.src == CFG_DEFAULT && sc->locals.count == 0) {
    /* the default list is me alone */
    constmap_free(&sc->locals.map);
    if (!stralloc_copys(&sc->locals.data, sc->me.s) || !stralloc_0(&sc->locals.data) ||
        !constmap_init(&sc->locals.map, sc->locals.data.s, sc->locals.data.len, 0)) {
      sendctl_free(sc);
      errno = ENOMEM;
      return -1;
    }
    sc->locals.count = 1;
  }
  return 0;
}

int sendctl_print(const struct sendctl *sc, buf *b)
{
  return cfg_print(sendctl_table, sendctl_count, sc, b);
}

void sendctl_free(struct sendctl *sc)
{
  cfg_free(sendctl_table, sendctl_count, sc);
  stralloc_free(&sc->hostname);
}
